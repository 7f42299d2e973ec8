//! What clients nobody here wrote send, as a store answers it: paths with a trailing slash,
//! `?fields=` for a partial answer, an OAuth header, a gender outside the options.

mod common;

use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

/// A GET as a client library sends it, its answer not held against the schema: a partial
/// answer has only the fields asked for.
async fn get(store: &TestStore, route: &str, token: Option<&str>) -> (u16, Value) {
    let authorization = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = authorization
        .iter()
        .map(|a| ("Authorization", a.as_str()))
        .collect();
    let answer = store.raw("GET", route, &headers, "").await;
    (answer.status().as_u16(), answer.json().await.unwrap())
}

#[tokio::test]
async fn a_trailing_slash_is_trimmed_before_the_route_is_matched() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let (status, me) = get(&store, "customers/me/", Some(&token)).await;
    assert_eq!(
        (status, me["email"].clone()),
        (200, json!("jdoe@example.com"))
    );
    let (status, countries) = get(&store, "directory/countries/", None).await;
    assert_eq!(status, 200);
    assert!(countries.as_array().unwrap().len() > 200);
}

#[tokio::test]
async fn fields_in_the_query_make_the_answer_a_partial_one() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let (status, me) = get(&store, "customers/me?fields=email,firstname", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(
        me,
        json!({"email": "jdoe@example.com", "firstname": "Jane"})
    );
    let route = "customers/me?fields=id,addresses%5Bcity,region%5Bregion_code%5D%5D";
    let (_, nested) = get(&store, route, Some(&token)).await;
    assert_eq!(
        nested["addresses"],
        json!([{"city": "Mineola", "region": {"region_code": "NY"}}])
    );
    let (_, unreadable) = get(&store, "customers/me?fields=email;id", Some(&token)).await;
    assert_eq!(unreadable, json!([]));
    let (_, countries) = get(&store, "directory/countries?fields=id", None).await;
    assert_eq!(countries[0], json!({"id": countries[0]["id"]}));
}

#[tokio::test]
async fn an_admin_route_names_its_own_resource() {
    let store = TestStore::start(&[]).await;
    let customer = store.register(seed_request()).await;
    let id = customer["id"].as_u64().unwrap();
    assert_error(
        &store
            .call("GET", &format!("customers/{id}"), None, None)
            .await,
        401,
        "The consumer isn't authorized to access %resources.",
        Some(json!({"resources": "Magento_Customer::customer"})),
    );
}

#[tokio::test]
async fn an_oauth_header_of_an_unknown_consumer_is_refused_not_taken_for_a_guest() {
    let store = TestStore::start(&[]).await;
    let key = "0123456789abcdef0123456789abcdef";
    let header = format!(
        "OAuth oauth_consumer_key=\"{key}\", oauth_nonce=\"n\", oauth_signature=\"s\", oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"1\", oauth_token=\"{key}\", oauth_version=\"1.0\""
    );
    let answer = store
        .raw("GET", "customers/me", &[("Authorization", &header)], "")
        .await;
    assert_eq!(answer.status(), 401);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        body["message"],
        "A consumer having the specified key does not exist"
    );
    // An anonymous route is anyone's, whatever the header.
    let answer = store
        .raw(
            "GET",
            "directory/countries/US",
            &[("Authorization", &header)],
            "",
        )
        .await;
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn a_gender_outside_the_options_is_an_integer_php_takes() {
    let store = TestStore::start(&[]).await;
    let body = registration("gender@example.com", |b| {
        b["customer"]["gender"] = json!(-1)
    });
    let customer = store.register(body).await;
    assert_eq!(customer["gender"], -1);
}
