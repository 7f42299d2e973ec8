//! Property-based: bodies of every shape, made of the schemas' own field names and of
//! others, with values of every JSON type. Whatever arrives, the store answers one of
//! Magento's statuses with an answer that matches Adobe's schema, and never a 5xx.

mod common;

use common::{TestStore, seed_request};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const FIELDS: [&str; 24] = [
    "email",
    "firstname",
    "lastname",
    "middlename",
    "prefix",
    "suffix",
    "dob",
    "gender",
    "taxvat",
    "group_id",
    "website_id",
    "store_id",
    "addresses",
    "extension_attributes",
    "is_subscribed",
    "custom_attributes",
    "default_billing",
    "defaultShipping",
    "region",
    "regionId",
    "countryId",
    "street",
    "telephone",
    "nonsense_field",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[ -~]{0,20}".prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(prop::sample::select(&FIELDS[..]), inner, 0..6).prop_map(
                |map| Value::Object(map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

/// A body with the route's own parameter names, or not, holding values of any shape.
fn body(parameters: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop_oneof![
            prop::sample::select(parameters),
            prop::sample::select(&FIELDS[..])
        ],
        value(),
        0..4,
    )
    .prop_map(|map| {
        Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Map<_, _>>(),
        )
    })
}

fn assert_magento_status(route: &str, body: &Value, answer: &(u16, Value)) {
    assert!(
        [200, 400, 401, 404].contains(&answer.0),
        "{route} answered {} to {body}: {}",
        answer.0,
        answer.1
    );
}

proptest! {
    // A fixed seed: the same 160 bodies every run, so that CI is repeatable; change the seed
    // (or set PROPTEST_CASES) to explore further.
    #![proptest_config(ProptestConfig {
        cases: 160,
        rng_seed: proptest::test_runner::RngSeed::Fixed(2026),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_body_gets_one_of_magentos_answers(
        create in body(&["customer", "password"]),
        update in body(&["customer"]),
        sign_in in body(&["username", "password"]),
        reset in body(&["email", "template", "websiteId"]),
        change in body(&["currentPassword", "newPassword"]),
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let store = TestStore::start(&[]).await;
            store.register(seed_request()).await;
            let token = store.token("jdoe@example.com", "Password1").await;
            for (method, route, body, token) in [
                ("POST", "customers", &create, None),
                ("PUT", "customers/me", &update, Some(token.as_str())),
                ("POST", "integration/customer/token", &sign_in, None),
                ("PUT", "customers/password", &reset, None),
                ("PUT", "customers/me/password", &change, Some(token.as_str())),
            ] {
                // `call` also checks the answer against Adobe's schema.
                let answer = store.call(method, route, Some(body.clone()), token).await;
                assert_magento_status(route, body, &answer);
            }
            // Whatever was sent, her record still reads.
            let (status, me) = store.call("GET", "customers/me", None, Some(&token)).await;
            assert!(status == 200 || status == 401, "{me}");
        });
    }
}

#[tokio::test]
async fn a_customer_object_of_the_wrong_shape_is_a_type_error() {
    let store = TestStore::start(&[]).await;
    for customer in [json!("jane"), json!([1, 2]), json!(42)] {
        let (status, body) = store
            .call(
                "POST",
                "customers",
                Some(json!({"customer": customer})),
                None,
            )
            .await;
        assert_eq!(status, 400, "{body}");
    }
}
