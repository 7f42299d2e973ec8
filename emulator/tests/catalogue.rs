//! One test per message of the contract's catalogue about requests and routes (bodies,
//! content types, CORS, routes, parameters and their types): status, raw message and
//! parameters, exactly. The messages about a customer are in `catalogue_customers.rs`.

mod common;

use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

const REQUIRED: &str = "\"%fieldName\" is required. Enter and try again.";
const AGGREGATE: &str = "One or more input exceptions have occurred.";

fn field(name: &str) -> Option<Value> {
    Some(json!({"fieldName": name}))
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decoding_error() {
    let store = TestStore::start(&[]).await;
    let response = store
        .raw(
            "POST",
            "customers",
            &[("Content-Type", "application/json")],
            "{\"customer\":",
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"message": "Decoding error."})
    );
}

#[tokio::test]
async fn content_type_is_checked_when_there_is_a_body() {
    let store = TestStore::start(&[]).await;
    let body = seed_request().to_string();
    for (headers, message) in [
        (vec![], "Content-Type header is empty."),
        (
            vec![("Content-Type", "text/plain")],
            "Content-Type header is invalid.",
        ),
        (
            vec![("Content-Type", "application/json; charset=iso-8859-1")],
            "UTF-8 is the only supported charset.",
        ),
    ] {
        let response = store.raw("POST", "customers", &headers, &body).await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({"message": message})
        );
    }
    let ok = store
        .raw(
            "POST",
            "customers",
            &[("Content-Type", "application/json; charset=UTF-8")],
            &body,
        )
        .await;
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn options_and_other_methods_are_invalid_without_cors() {
    let store = TestStore::start(&[]).await;
    for method in ["OPTIONS", "PATCH", "HEAD"] {
        let response = store
            .raw(
                method,
                "customers",
                &[
                    ("Origin", "https://shop.example"),
                    ("Access-Control-Request-Method", "POST"),
                ],
                "",
            )
            .await;
        assert_eq!(response.status(), 400, "{method}");
        assert!(
            response
                .headers()
                .get("access-control-allow-origin")
                .is_none()
        );
        if method != "HEAD" {
            assert_eq!(
                response.json::<Value>().await.unwrap(),
                json!({"message": "Request method is invalid."})
            );
        }
    }
    let (_, countries) = store.call("GET", "directory/countries", None, None).await;
    assert!(countries.is_array());
}

#[tokio::test]
async fn with_cors_origins_only_those_origins_are_answered() {
    let store = TestStore::start(&["--cors-origin", "https://shop.example"]).await;
    let preflight = async |origin: &'static str| {
        let headers = [
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ];
        store.raw("OPTIONS", "customers", &headers, "").await
    };
    let allowed = preflight("https://shop.example").await;
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    let other = preflight("https://evil.example").await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let get = store
        .raw(
            "GET",
            "directory/countries/US",
            &[("Origin", "https://shop.example")],
            "",
        )
        .await;
    assert_eq!(
        get.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_match_no_route() {
    let store = TestStore::start(&[]).await;
    let no_route =
        |a: &(u16, Value)| assert_error(a, 404, "Request does not match any route.", None);
    no_route(
        &store
            .call("GET", "customers/nothing/here", None, None)
            .await,
    );
    no_route(&store.call("DELETE", "customers/me", None, None).await);
    no_route(
        &store
            .call("GET", "integration/customer/token", None, None)
            .await,
    );
    // No admin is configured, so there is no admin token route either.
    no_route(
        &store
            .call(
                "POST",
                "integration/admin/token",
                Some(json!({"username": "a", "password": "b"})),
                None,
            )
            .await,
    );
}

#[tokio::test]
async fn missing_top_level_parameters_are_required() {
    let store = TestStore::start(&[]).await;
    assert_error(
        &store.call("POST", "customers", Some(json!({})), None).await,
        400,
        REQUIRED,
        field("customer"),
    );
    let both = store
        .call("POST", "integration/customer/token", Some(json!({})), None)
        .await;
    assert_error(&both, 400, AGGREGATE, None);
    assert_eq!(
        both.1["errors"],
        json!([{"message": REQUIRED, "parameters": {"fieldName": "username"}},
               {"message": REQUIRED, "parameters": {"fieldName": "password"}}])
    );
}

#[tokio::test]
async fn a_value_of_the_wrong_type_names_its_field() {
    let store = TestStore::start(&[]).await;
    let body = registration("type@example.com", |b| {
        b["customer"]["group_id"] = json!("abc")
    });
    assert_error(
        &store.call("POST", "customers", Some(body), None).await,
        400,
        "Error occurred during \"%field_name\" processing. %details",
        Some(json!({
            "field_name": "group_id",
            "details": "The \"abc\" value's type is invalid. The \"int\" type was expected. Verify and try again."
        })),
    );
}

#[tokio::test]
async fn an_unknown_field_is_not_supported() {
    let store = TestStore::start(&[]).await;
    let body = registration("unknown@example.com", |b| {
        b["customer"]["addresses"][0]["city."] = json!("x")
    });
    assert_error(
        &store.call("POST", "customers", Some(body), None).await,
        400,
        "\"%fieldName\" is not supported. Correct the field name and try again.",
        field("City."),
    );
}
