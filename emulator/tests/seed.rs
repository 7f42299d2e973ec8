//! The acceptance scenario (`shared/seed-scenario.md`) against the emulator.

mod common;

use common::{TestStore, seed_request};
use serde_json::{Value, json};

/// The tutorial's answer with the store-dependent ids and timestamps taken out.
fn without_ids(mut customer: Value) -> Value {
    let object = customer.as_object_mut().unwrap();
    for key in [
        "id",
        "default_billing",
        "default_shipping",
        "created_at",
        "updated_at",
    ] {
        assert!(object.remove(key).is_some(), "{key} is present");
    }
    for address in object["addresses"].as_array_mut().unwrap() {
        let address = address.as_object_mut().unwrap();
        address.remove("id").unwrap();
        address.remove("customer_id").unwrap();
    }
    customer
}

fn seed_answer() -> Value {
    json!({
        "group_id": 1,
        "created_in": "Default Store View",
        "email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe",
        "store_id": 1, "website_id": 1,
        "addresses": [{
            "region": {"region_code": "NY", "region": "New York", "region_id": 43},
            "region_id": 43, "country_id": "US",
            "street": ["160 1st St."], "telephone": "516-555-1111",
            "postcode": "11501", "city": "Mineola",
            "firstname": "Jane", "lastname": "Doe",
            "default_shipping": true, "default_billing": true
        }],
        "disable_auto_group_change": 0,
        "extension_attributes": {"is_subscribed": false}
    })
}

fn assert_seed_shape(customer: &Value) {
    let id = customer["id"].as_u64().unwrap();
    let address = &customer["addresses"][0];
    assert_eq!(address["customer_id"], json!(id));
    let address_id = address["id"].as_u64().unwrap().to_string();
    assert_eq!(
        customer["default_billing"],
        json!(address_id),
        "an address id as a string"
    );
    assert_eq!(customer["default_shipping"], json!(address_id));
    for stamp in ["created_at", "updated_at"] {
        let text = customer[stamp].as_str().unwrap();
        assert_eq!(text.len(), 19, "YYYY-MM-DD HH:MM:SS: {text}");
        assert_eq!(&text[4..5], "-");
        assert_eq!(&text[10..11], " ");
    }
    assert_eq!(without_ids(customer.clone()), seed_answer());
}

#[tokio::test]
async fn anonymous_registration_gives_the_seed_answer_then_a_token_then_the_customer() {
    let store = TestStore::start(&[]).await;
    let customer = store.register(seed_request()).await;
    assert_seed_shape(&customer);

    let token = store.token("jdoe@example.com", "Password1").await;
    assert_eq!(token.split('.').count(), 3, "a JWT");
    let claims = commerce_rest::TokenClaims::read_unverified(&token).unwrap();
    assert_eq!(claims.uid as u64, customer["id"].as_u64().unwrap());
    assert_eq!(claims.utypid, 3);
    assert_eq!(claims.exp - claims.iat, 3600, "one hour by default");

    let (status, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me, customer);
}

#[tokio::test]
async fn registration_with_an_admin_token_as_the_tutorial_sends_it() {
    let store = TestStore::start(&["--admin-user", "admin", "--admin-password", "admin123"]).await;
    let (status, admin) = store
        .call(
            "POST",
            "integration/admin/token",
            Some(json!({"username": "admin", "password": "admin123"})),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let admin = admin.as_str().unwrap().to_owned();
    let (status, customer) = store
        .call("POST", "customers", Some(seed_request()), Some(&admin))
        .await;
    assert_eq!(status, 200, "{customer}");
    assert_seed_shape(&customer);
    let id = customer["id"].as_u64().unwrap();
    let (status, by_id) = store
        .call("GET", &format!("customers/{id}"), None, Some(&admin))
        .await;
    assert_eq!((status, &by_id), (200, &customer));
    let token = store.token("jdoe@example.com", "Password1").await;
    let (_, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(me, customer);
}

#[tokio::test]
async fn every_prefix_reaches_the_same_store() {
    let store = TestStore::start(&["--store-code", "en_us"]).await;
    for prefix in ["/rest/V1", "/rest/default/V1", "/rest/en_us/V1"] {
        let (status, country) = store
            .call_at(prefix, "GET", "directory/countries/US", None, None)
            .await;
        assert_eq!(status, 200, "{prefix}");
        assert_eq!(
            country["available_regions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == "NY")
                .unwrap()["id"],
            "43"
        );
    }
    let (status, body) = store
        .call_at("/rest/fr/V1", "GET", "directory/countries/US", None, None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["message"], "Request does not match any route.");
}

#[tokio::test]
async fn a_german_store_view_names_its_countries_in_german_and_errs_in_english() {
    let store = TestStore::start(&["--locale", "de_DE"]).await;
    let (status, germany) = store
        .call("GET", "directory/countries/DE", None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(germany["full_name_locale"], "Deutschland");
    assert_eq!(germany["full_name_english"], "Germany");
    let (_, countries) = store.call("GET", "directory/countries", None, None).await;
    let countries = countries.as_array().unwrap();
    assert_eq!(countries.len(), 249);
    let antilles = countries.iter().find(|c| c["id"] == "AN").unwrap();
    assert_eq!(antilles["full_name_locale"], Value::Null);
    // The regions keep their default names, and the messages Magento's English templates.
    let us = countries.iter().find(|c| c["id"] == "US").unwrap();
    assert!(
        us["available_regions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "New York")
    );
    let (status, body) = store
        .call("GET", "directory/countries/XX", None, None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["message"], "The country isn't available.");
}

#[test]
fn a_locale_without_names_is_refused_at_start() {
    use clap::Parser;
    let refused = commerce_emulator::config::Settings::try_parse_from([
        "commerce-emulator",
        "--locale",
        "xx_XX",
    ]);
    assert!(refused.is_err());
}
