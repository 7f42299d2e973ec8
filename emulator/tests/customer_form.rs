//! The store's own customer form (contract §10a): the fields a store owner makes required,
//! optional or hidden under *Customer Configuration*, set by `--config` with Magento's paths
//! and values, enforced on `POST customers`, `PUT customers/me` and addresses, and kept.

mod common;

use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

async fn store_with(settings: &[&str]) -> TestStore {
    let mut args = Vec::new();
    for setting in settings {
        args.extend(["--config", setting]);
    }
    TestStore::start(&args).await
}

/// The lines of a store's joined validator message.
fn lines(answer: &(u16, Value)) -> Vec<String> {
    assert_eq!(answer.0, 400, "{}", answer.1);
    answer.1["message"]
        .as_str()
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_required_customer_attribute_is_asked_for_by_its_label() {
    let store = store_with(&[
        "customer/address/prefix_show=req",
        "customer/address/suffix_show=req",
        "customer/address/dob_show=req",
        "customer/address/taxvat_show=req",
        "customer/address/gender_show=req",
    ])
    .await;
    let bare = registration("bare@example.com", |_| {});
    let refused = store.call("POST", "customers", Some(bare), None).await;
    assert_eq!(
        lines(&refused),
        [
            "\"Name Prefix\" is a required value.",
            "\"Name Suffix\" is a required value.",
            "\"Date of Birth\" is a required value.",
            "\"Tax/VAT number\" is a required value.",
            "\"Gender\" is a required value.",
        ]
    );
    // With the names' own messages, in one answer.
    let nameless = registration("nameless@example.com", |b| {
        b["customer"]["firstname"] = json!("")
    });
    let refused = store.call("POST", "customers", Some(nameless), None).await;
    assert_eq!(lines(&refused)[0], "\"First Name\" is a required value.");
    assert_eq!(lines(&refused).len(), 6);

    let full = registration("full@example.com", |b| {
        let c = &mut b["customer"];
        c["prefix"] = json!("Dr");
        c["suffix"] = json!("Jr.");
        c["middlename"] = json!("Ann");
        c["dob"] = json!("1990-05-17 00:00:00");
        c["taxvat"] = json!("DE123456789");
        c["gender"] = json!(2);
    });
    let customer = store.register(full).await;
    assert_eq!(customer["dob"], "1990-05-17", "answered as a day");
    assert_eq!(customer["gender"], 2);
    for (key, value) in [
        ("prefix", "Dr"),
        ("suffix", "Jr."),
        ("middlename", "Ann"),
        ("taxvat", "DE123456789"),
    ] {
        assert_eq!(customer[key], value, "{key}");
    }

    // Her own save: a required attribute emptied is refused, one left out is kept.
    let token = store.token("full@example.com", "Password1").await;
    let mut emptied = customer.clone();
    emptied["dob"] = json!("");
    emptied.as_object_mut().unwrap().remove("addresses");
    let refused = store
        .call(
            "PUT",
            "customers/me",
            Some(json!({"customer": emptied})),
            Some(&token),
        )
        .await;
    assert_eq!(lines(&refused), ["\"Date of Birth\" is a required value."]);
    let (status, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!((status, me["dob"].clone()), (200, json!("1990-05-17")));
}

#[tokio::test]
async fn optional_and_hidden_attributes_may_be_left_out() {
    for show in ["opt", ""] {
        let store = store_with(&[&format!("customer/address/dob_show={show}")]).await;
        store
            .register(registration("any@example.com", |_| {}))
            .await;
    }
    // A fresh store's settings ask for none of them.
    let stock = TestStore::start(&[]).await;
    stock
        .register(registration("stock@example.com", |_| {}))
        .await;
}

#[tokio::test]
async fn a_date_of_birth_must_be_a_day_and_not_after_today() {
    let store = TestStore::start(&[]).await;
    for (dob, said) in [
        (
            "not-a-date",
            "\"Date of Birth\" does not fit the entered date format.",
        ),
        (
            "1990-02-30",
            "\"Date of Birth\" does not fit the entered date format.",
        ),
        (
            "2999-01-01",
            "The Date of Birth should not be greater than today.",
        ),
    ] {
        let body = registration("dob@example.com", |b| b["customer"]["dob"] = json!(dob));
        let refused = store.call("POST", "customers", Some(body), None).await;
        assert_eq!(lines(&refused), [said], "{dob}");
    }
}

#[tokio::test]
async fn an_address_asks_for_the_phone_company_and_fax_the_store_requires() {
    let store = TestStore::start(&[]).await;
    let no_phone = registration("nophone@example.com", |b| {
        b["customer"]["addresses"][0]
            .as_object_mut()
            .unwrap()
            .remove("telephone");
    });
    let refused = store
        .call("POST", "customers", Some(no_phone.clone()), None)
        .await;
    assert_eq!(refused.0, 400);
    assert_eq!(refused.1["parameters"]["fieldName"], "telephone");

    let relaxed = store_with(&[
        "customer/address/telephone_show=opt",
        "customer/address/company_show=req",
        "customer/address/fax_show=req",
        "customer/address/street_lines=3",
    ])
    .await;
    let refused = relaxed
        .call("POST", "customers", Some(no_phone), None)
        .await;
    let fields: Vec<&Value> = refused.1["errors"]
        .as_array()
        .expect("two errors, aggregated")
        .iter()
        .map(|e| &e["parameters"]["fieldName"])
        .collect();
    assert_eq!(
        fields,
        [&json!("company"), &json!("fax")],
        "the phone may be left out now"
    );

    let office = registration("office@example.com", |b| {
        let a = &mut b["customer"]["addresses"][0];
        a.as_object_mut().unwrap().remove("telephone");
        a["company"] = json!("Doe & Co.");
        a["fax"] = json!("516-555-2222");
        a["vat_id"] = json!("US123");
        a["prefix"] = json!("Ms");
        a["middlename"] = json!("Ann");
        a["suffix"] = json!("PhD");
        a["street"] = json!(["160 1st St.", "Floor 2", "Suite 4"]);
    });
    let customer = relaxed.register(office).await;
    let address = &customer["addresses"][0];
    for (key, value) in [
        ("company", json!("Doe & Co.")),
        ("fax", json!("516-555-2222")),
        ("vat_id", json!("US123")),
        ("prefix", json!("Ms")),
        ("middlename", json!("Ann")),
        ("suffix", json!("PhD")),
        ("street", json!(["160 1st St.", "Floor 2", "Suite 4"])),
    ] {
        assert_eq!(address[key], value, "{key}");
    }
    assert_eq!(address.get("telephone"), None);
}

#[tokio::test]
async fn a_street_of_more_lines_than_the_store_takes_is_refused_on_create_and_save() {
    let store = store_with(&["customer/address/street_lines=2"]).await;
    for lines in [3, 5, 6, 100] {
        let street: Vec<String> = (1..=lines).map(|n| format!("Line {n}")).collect();
        let body = registration("lines@example.com", |b| {
            b["customer"]["addresses"][0]["street"] = json!(street)
        });
        let (status, refused) = store.call("POST", "customers", Some(body), None).await;
        assert_eq!(status, 400);
        let message = refused["message"].as_str().unwrap();
        // A hundred lines are too long as well: the validators' messages, one per line.
        assert_eq!(
            message.lines().next(),
            Some("\"Street Address\" cannot contain more than 2 lines."),
            "{lines} lines"
        );
    }
    let jane = store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let mut address = jane["addresses"][0].clone();
    address["street"] = json!(["1", "2", "3", "4", "5"]);
    let save = json!({"customer": {"email": "jdoe@example.com", "firstname": "Jane",
        "lastname": "Doe", "addresses": [address]}});
    let refused = store
        .call("PUT", "customers/me", Some(save), Some(&token))
        .await;
    assert_error(
        &refused,
        400,
        "\"Street Address\" cannot contain more than 2 lines.",
        None,
    );
    let (_, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(
        me["addresses"][0]["street"],
        json!(["160 1st St."]),
        "nothing saved"
    );
}

#[tokio::test]
async fn confirmation_by_its_path_is_the_same_as_the_flag() {
    let store = store_with(&["customer/create_account/confirm=1"]).await;
    let customer = store
        .register(registration("confirm@example.com", |_| {}))
        .await;
    assert!(
        customer.get("confirmation").is_none(),
        "the key is never shown"
    );
    let (status, _) = store
        .call(
            "POST",
            "integration/customer/token",
            Some(json!({"username": "confirm@example.com", "password": "Password1"})),
            None,
        )
        .await;
    assert_eq!(status, 401, "no token until she confirms");
}

#[tokio::test]
async fn a_customer_setting_magento_refuses_stops_the_emulator_at_start() {
    for (setting, said) in [
        ("customer/address/street_lines=5", "1 to 4"),
        ("customer/address/dob_show=yes", "opt or req"),
        (
            "customer/address/nickname_show=opt",
            "customer/address/dob_show",
        ),
    ] {
        let told = common::refused_setting(setting);
        assert!(told.contains(said), "{setting}: {told}");
    }
}
