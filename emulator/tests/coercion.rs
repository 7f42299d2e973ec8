//! Input as a store casts it: numeric strings for integers, "1" for booleans, numbers for
//! strings (contract §3); and the shapes a store answers for what it was not sent.

mod common;

use common::{TestStore, registration};
use serde_json::json;

#[tokio::test]
async fn form_encoded_values_are_cast_as_php_casts_them() {
    let store = TestStore::start(&[]).await;
    let body = registration("cast@example.com", |b| {
        let address = &mut b["customer"]["addresses"][0];
        address["regionId"] = json!("43");
        address["region"]["regionId"] = json!("43");
        address["defaultBilling"] = json!("1");
        address["defaultShipping"] = json!("yes");
        address["telephone"] = json!(5165551111u64);
        b["customer"]["extension_attributes"] = json!({"is_subscribed": "0"});
    });
    let customer = store.register(body).await;
    let address = &customer["addresses"][0];
    assert_eq!(address["region_id"], 43);
    assert_eq!(address["region"]["region"], "New York");
    assert_eq!(address["telephone"], "5165551111");
    assert_eq!(address["default_billing"], true);
    assert_eq!(address["default_shipping"], true);
    assert_eq!(customer["extension_attributes"]["is_subscribed"], false);
}

#[tokio::test]
async fn a_body_with_many_numbers_sent_as_strings_is_cast_whole() {
    let store = TestStore::start(&[]).await;
    let body = registration("manycasts@example.com", |b| {
        let mut address = b["customer"]["addresses"][0].clone();
        address["regionId"] = json!("43");
        address["region"]["regionId"] = json!("43");
        address["defaultBilling"] = json!("0");
        address["defaultShipping"] = json!("0");
        let mut addresses = vec![b["customer"]["addresses"][0].clone()];
        addresses.extend(std::iter::repeat_n(address, 80));
        b["customer"]["addresses"] = json!(addresses);
    });
    let customer = store.register(body).await;
    let addresses = customer["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 81);
    assert!(addresses.iter().all(|a| a["region_id"] == 43));
}

#[tokio::test]
async fn a_string_that_is_no_number_is_still_a_type_error() {
    let store = TestStore::start(&[]).await;
    let body = registration("nocast@example.com", |b| {
        b["customer"]["addresses"][0]["regionId"] = json!("New York")
    });
    let (status, error) = store.call("POST", "customers", Some(body), None).await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["parameters"]["field_name"], "region_id");
    assert_eq!(
        error["parameters"]["details"],
        "The \"New York\" value's type is invalid. The \"int\" type was expected. Verify and try again."
    );
}

#[tokio::test]
async fn an_address_without_a_region_answers_every_region_key() {
    let store = TestStore::start(&[]).await;
    let body = registration("noregion@example.com", |b| {
        let address = &mut b["customer"]["addresses"][0];
        address["countryId"] = json!("DE");
        address.as_object_mut().unwrap().remove("region");
        address["postcode"] = json!("10115");
        address["city"] = json!("Berlin");
    });
    // `call` checks the answer against the schema, which requires all three keys.
    let customer = store.register(body).await;
    assert_eq!(
        customer["addresses"][0]["region"],
        json!({"region_code": null, "region": null, "region_id": 0})
    );
}

#[tokio::test]
async fn a_top_level_value_of_the_wrong_type_is_a_type_error_and_null_is_missing() {
    let store = TestStore::start(&[]).await;
    let type_error = "Error occurred during \"%field_name\" processing. %details";
    for (route, body, field) in [
        (
            "integration/customer/token",
            json!({"username": {}, "password": "x"}),
            "username",
        ),
        (
            "customers/password",
            json!({"email": {}, "template": "email_reset"}),
            "email",
        ),
        (
            "integration/customer/token",
            json!({"username": "jdoe@example.com", "password": ["x"]}),
            "password",
        ),
    ] {
        let method = if route == "customers/password" {
            "PUT"
        } else {
            "POST"
        };
        let (status, answer) = store.call(method, route, Some(body), None).await;
        assert_eq!(status, 400, "{route}: {answer}");
        assert_eq!(answer["message"], type_error, "{route}: {answer}");
        assert_eq!(answer["parameters"]["field_name"], field);
    }
    let (status, answer) = store
        .call(
            "POST",
            "customers/isEmailAvailable",
            Some(json!({"customerEmail": null})),
            None,
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["parameters"]["fieldName"], "customerEmail");
}
