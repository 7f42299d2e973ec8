//! One test per message of the contract's catalogue about a customer and her addresses
//! (e-mail, names, password policy, address fields, the directory): status, raw message and
//! parameters, exactly. The messages of requests and routes are in `catalogue.rs`.

mod common;

use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

const REQUIRED: &str = "\"%fieldName\" is required. Enter and try again.";
const AGGREGATE: &str = "One or more input exceptions have occurred.";

fn field(name: &str) -> Option<Value> {
    Some(json!({"fieldName": name}))
}

#[tokio::test]
async fn a_duplicate_email_in_the_website_is_refused_whatever_its_case() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let again = registration("JDoe@Example.com", |_| {});
    assert_error(
        &store.call("POST", "customers", Some(again), None).await,
        400,
        "A customer with the same email address already exists in an associated website.",
        None,
    );
}

#[tokio::test]
async fn email_missing_or_malformed() {
    let store = TestStore::start(&[]).await;
    let empty = registration("", |_| {});
    assert_error(
        &store.call("POST", "customers", Some(empty), None).await,
        400,
        "The customer email is missing. Enter and try again.",
        None,
    );
    let bad = registration("jdoe@example", |_| {});
    assert_error(
        &store.call("POST", "customers", Some(bad), None).await,
        400,
        "\"Email\" is not a valid email address.",
        None,
    );
}

#[tokio::test]
async fn names_empty_or_with_forbidden_characters() {
    let store = TestStore::start(&[]).await;
    let empty = registration("names@example.com", |b| {
        b["customer"]["firstname"] = json!("");
        b["customer"]["lastname"] = json!("");
    });
    assert_error(
        &store.call("POST", "customers", Some(empty), None).await,
        400,
        "\"First Name\" is a required value.\n\"Last Name\" is a required value.",
        None,
    );
    for (key, message) in [
        ("firstname", "First Name is not valid!"),
        ("lastname", "Last Name is not valid!"),
        ("middlename", "Middle Name is not valid!"),
    ] {
        let bad = registration("names@example.com", |b| {
            b["customer"][key] = json!("<script>")
        });
        assert_error(
            &store.call("POST", "customers", Some(bad), None).await,
            400,
            message,
            None,
        );
    }
}

#[tokio::test]
async fn the_password_policy_in_its_order() {
    let store = TestStore::start(&[]).await;
    let with_password = |p: &str| registration("policy@example.com", |b| b["password"] = json!(p));
    let cases = [
        (
            "aA1".repeat(90),
            "Please enter a password with at most %1 characters.",
            json!([256]),
        ),
        (
            " short".to_owned(),
            "The password needs at least %1 characters. Create a new password and try again.",
            json!([8]),
        ),
        (
            "password".to_owned(),
            "Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.",
            json!([3]),
        ),
    ];
    for (password, message, parameters) in cases {
        assert_error(
            &store
                .call("POST", "customers", Some(with_password(&password)), None)
                .await,
            400,
            message,
            Some(parameters),
        );
    }
    assert_error(
        &store
            .call(
                "POST",
                "customers",
                Some(with_password(" Password1 ")),
                None,
            )
            .await,
        400,
        "The password can't begin or end with a space. Verify the password and try again.",
        None,
    );
    assert_error(
        &store
            .call(
                "POST",
                "customers",
                Some(with_password("Policy@Example.com")),
                None,
            )
            .await,
        400,
        "The password can't be the same as the email address. Create a new password and try again.",
        None,
    );
    // The policy is the store's configuration.
    let strict = TestStore::start(&[
        "--min-password-length",
        "12",
        "--required-character-classes",
        "4",
    ])
    .await;
    assert_error(
        &strict
            .call("POST", "customers", Some(with_password("Password1")), None)
            .await,
        400,
        "The password needs at least %1 characters. Create a new password and try again.",
        Some(json!([12])),
    );
}

#[tokio::test]
async fn an_anonymous_caller_may_not_choose_a_group() {
    let store = TestStore::start(&[]).await;
    let body = registration("group@example.com", |b| {
        b["customer"]["group_id"] = json!(2)
    });
    assert_error(
        &store.call("POST", "customers", Some(body), None).await,
        401,
        "The consumer isn't authorized to access %resources.",
        Some(json!({"resources": "Magento_Customer::manage"})),
    );
}

#[tokio::test]
async fn missing_address_fields_one_alone_several_aggregated() {
    let store = TestStore::start(&[]).await;
    let one = registration("address@example.com", |b| {
        b["customer"]["addresses"][0]["city"] = json!("")
    });
    assert_error(
        &store.call("POST", "customers", Some(one), None).await,
        400,
        REQUIRED,
        field("city"),
    );
    let several = registration("address@example.com", |b| {
        let address = &mut b["customer"]["addresses"][0];
        address.as_object_mut().unwrap().remove("telephone");
        address["street"] = json!([]);
        address["postcode"] = json!("");
    });
    let answer = store.call("POST", "customers", Some(several), None).await;
    assert_error(&answer, 400, AGGREGATE, None);
    let fields: Vec<&str> = answer.1["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["parameters"]["fieldName"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["street", "telephone", "postcode"]);
    // The account was not created without its address.
    let (status, _) = store
        .call(
            "POST",
            "integration/customer/token",
            Some(json!({"username": "address@example.com", "password": "Password1"})),
            None,
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn countries_and_regions_are_checked_against_the_directory() {
    let store = TestStore::start(&[]).await;
    let invalid = "Invalid value of \"%value\" provided for the %fieldName field.";
    let country = registration("geo@example.com", |b| {
        b["customer"]["addresses"][0]["countryId"] = json!("XX")
    });
    assert_error(
        &store.call("POST", "customers", Some(country), None).await,
        400,
        invalid,
        Some(json!({"fieldName": "countryId", "value": "XX"})),
    );
    let no_country = registration("geo@example.com", |b| {
        b["customer"]["addresses"][0]["countryId"] = json!("")
    });
    assert_error(
        &store
            .call("POST", "customers", Some(no_country), None)
            .await,
        400,
        REQUIRED,
        field("countryId"),
    );
    let region = registration("geo@example.com", |b| {
        b["customer"]["addresses"][0]["region"] = json!({"regionId": 999});
        b["customer"]["addresses"][0]["regionId"] = json!(999);
    });
    assert_error(
        &store.call("POST", "customers", Some(region), None).await,
        400,
        invalid,
        Some(json!({"fieldName": "regionId", "value": "999"})),
    );
    let no_region = registration("geo@example.com", |b| {
        let address = b["customer"]["addresses"][0].as_object_mut().unwrap();
        address.remove("region");
        address.remove("regionId");
    });
    assert_error(
        &store.call("POST", "customers", Some(no_region), None).await,
        400,
        REQUIRED,
        field("regionId"),
    );
    // Britain lists no regions and makes the postcode optional.
    let britain = registration("geo@example.com", |b| {
        let address = &mut b["customer"]["addresses"][0];
        address["countryId"] = json!("GB");
        address["region"] = json!({"region": "Greater London"});
        address.as_object_mut().unwrap().remove("regionId");
        address.as_object_mut().unwrap().remove("postcode");
    });
    let customer = store.register(britain).await;
    assert_eq!(
        customer["addresses"][0]["region"],
        json!({"region_code": "Greater London", "region": "Greater London", "region_id": 0})
    );
    assert_eq!(customer["addresses"][0].get("postcode"), None);
}

#[tokio::test]
async fn city_street_and_phone_characters_by_the_current_rules() {
    let store = TestStore::start(&[]).await;
    let bad = registration("chars@example.com", |b| {
        let address = &mut b["customer"]["addresses"][0];
        address["city"] = json!("Mineola <b>");
        address["street"] = json!(["160 1st St.", "c/o <script>"]);
        address["telephone"] = json!("516 555 1111 ext*2");
    });
    // The city's message is a PHP literal over two lines: sent with its newline and indent.
    assert_error(
        &store.call("POST", "customers", Some(bad), None).await,
        400,
        "Invalid City. Please use letters, numbers, spaces,\n                and the following characters: - _ ' ’ . , & ( ) /\nInvalid Street Address. The street address contains invalid characters.\nInvalid Phone Number. Please use 0-9, +, -, (, ), ., / and space.",
        None,
    );
    let long = registration("long@example.com", |b| {
        b["customer"]["addresses"][0]["street"] = json!(["a".repeat(200), "b".repeat(55)]);
    });
    assert_error(
        &store.call("POST", "customers", Some(long), None).await,
        400,
        "Invalid Street Address. The street address is too long. Enter no more than 255 characters.",
        None,
    );
}

#[tokio::test]
async fn cities_and_streets_that_2_4_8_refused_are_taken() {
    let store = TestStore::start(&[]).await;
    for (i, (city, street)) in [
        ("St. Louis", "1 Market St."),
        ("St. Albans", "Apt #4, 12 Holywell Hill"),
        ("Brighton & Hove", "Flat 2/3 (rear)"),
        ("29 Palms", "73-484 Twentynine Palms Hwy"),
    ]
    .into_iter()
    .enumerate()
    {
        let customer = store
            .register(registration(&format!("city{i}@example.com"), |b| {
                let address = &mut b["customer"]["addresses"][0];
                address["city"] = json!(city);
                address["street"] = json!([street]);
                address["telephone"] = json!("+43680/2149568");
            }))
            .await;
        assert_eq!(customer["addresses"][0]["city"], city);
    }
}

#[tokio::test]
async fn the_directory_and_an_unknown_country() {
    let store = TestStore::start(&[]).await;
    let (status, countries) = store.call("GET", "directory/countries", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(countries.as_array().unwrap().len(), 249);
    let (_, us) = store
        .call("GET", "directory/countries/US", None, None)
        .await;
    assert_eq!(us["full_name_english"], "United States");
    let (_, gb) = store
        .call("GET", "directory/countries/GB", None, None)
        .await;
    assert_eq!(gb.get("available_regions"), None, "no regions, no key");
    assert_error(
        &store
            .call("GET", "directory/countries/XX", None, None)
            .await,
        404,
        "The country isn't available.",
        None,
    );
}

#[tokio::test]
async fn is_email_available_answers_true_for_every_address() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    for email in ["jdoe@example.com", "nobody@example.com"] {
        let answer = store
            .call(
                "POST",
                "customers/isEmailAvailable",
                Some(json!({"customerEmail": email})),
                None,
            )
            .await;
        assert_eq!(answer, (200, json!(true)));
    }
    assert_error(
        &store
            .call("POST", "customers/isEmailAvailable", Some(json!({})), None)
            .await,
        400,
        REQUIRED,
        field("customerEmail"),
    );
}
