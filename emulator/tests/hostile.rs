//! Hostile input: markup, long values, every kind of text, NUL bytes, JSON nested past
//! reason, oversized bodies and forged tokens. The store answers Magento's error (or a 413
//! for the body, without reading it all) and never falls over.

mod common;

use commerce_emulator::auth::now;
use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

const NAME_INVALID: &str = "First Name is not valid!";

async fn create(store: &TestStore, edit: impl FnOnce(&mut Value)) -> (u16, Value) {
    let body = registration("hostile@example.com", edit);
    store.call("POST", "customers", Some(body), None).await
}

#[tokio::test]
async fn markup_and_control_characters_in_names_are_refused() {
    let store = TestStore::start(&[]).await;
    for name in [
        "<script>alert(1)</script>",
        "Jane\u{0}",
        "Jane\u{200b}Doe",
        "Jane\"Doe",
    ] {
        let answer = create(&store, |b| b["customer"]["firstname"] = json!(name)).await;
        assert_error(&answer, 400, NAME_INVALID, None);
    }
    // A value that never ends is refused by the same rule: 255 characters at most.
    let long = create(&store, |b| {
        b["customer"]["firstname"] = json!("a".repeat(10_000))
    })
    .await;
    assert_error(&long, 400, NAME_INVALID, None);
}

#[tokio::test]
async fn every_script_direction_and_emoji_that_magento_takes_is_kept() {
    let store = TestStore::start(&[]).await;
    let customer = store
        .register(registration("world@example.com", |b| {
            let c = &mut b["customer"];
            c["firstname"] = json!("Jose\u{301}");
            c["lastname"] = json!("प्रिया");
            let a = &mut c["addresses"][0];
            a["firstname"] = json!("مريم");
            a["lastname"] = json!("כהן");
            a["city"] = json!("Zürich");
            a["street"] = json!(["Straße 1"]);
            a["company"] = json!("Café 😀");
        }))
        .await;
    assert_eq!(customer["firstname"], "Jose\u{301}");
    assert_eq!(customer["lastname"], "प्रिया");
    assert_eq!(customer["addresses"][0]["lastname"], "כהן");
    assert_eq!(customer["addresses"][0]["company"], "Café 😀");
    // Magento's street rule has no room for emoji.
    let emoji = create(&store, |b| {
        b["customer"]["addresses"][0]["street"] = json!(["Straße 1 😀"])
    })
    .await;
    assert_eq!(emoji.0, 400, "{}", emoji.1);
}

#[tokio::test]
async fn free_text_is_kept_as_sent_and_answered_as_json() {
    let store = TestStore::start(&[]).await;
    let markup = "<img src=x onerror=alert(1)>\u{202e}\u{0}";
    let customer = store
        .register(registration("free@example.com", |b| {
            let a = &mut b["customer"]["addresses"][0];
            a["countryId"] = json!("GB");
            a["region"] = json!({"region": markup});
            a["company"] = json!("\"ACME\" & <Sons>");
        }))
        .await;
    assert_eq!(customer["addresses"][0]["region"]["region"], markup);
    assert_eq!(customer["addresses"][0]["company"], "\"ACME\" & <Sons>");
}

#[tokio::test]
async fn magentos_lengths_are_kept() {
    let store = TestStore::start(&[]).await;
    let prefix = create(&store, |b| b["customer"]["prefix"] = json!("D".repeat(41))).await;
    assert_error(
        &prefix,
        400,
        "\"Name Prefix\" length must be equal or less than 40 characters.",
        None,
    );
    let taxvat = create(&store, |b| b["customer"]["taxvat"] = json!("1".repeat(51))).await;
    assert_eq!(taxvat.0, 400, "{}", taxvat.1);
    let email = format!("{}@example.com", "j".repeat(250));
    let long_email = create(&store, |b| b["customer"]["email"] = json!(email)).await;
    assert_error(
        &long_email,
        400,
        "\"Email\" is not a valid email address.",
        None,
    );
    // A column too short for the value fails in a store's database: its masked 500.
    let company = create(&store, |b| {
        b["customer"]["addresses"][0]["company"] = json!("c".repeat(10_000))
    })
    .await;
    assert_eq!(company.0, 500, "{}", company.1);
    assert!(
        company.1["message"]
            .as_str()
            .unwrap()
            .starts_with("Internal Error.")
    );
    // Nothing of the refused registrations was kept.
    store.register(seed_request()).await;
}

#[tokio::test]
async fn json_nested_ten_thousand_deep_is_a_decoding_error() {
    let store = TestStore::start(&[]).await;
    let deep = format!(
        "{{\"customer\": {}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let answer = store
        .raw(
            "POST",
            "customers",
            &[("Content-Type", "application/json")],
            &deep,
        )
        .await;
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["message"], "Decoding error.");
}

#[tokio::test]
async fn a_body_past_the_limit_is_a_413_in_magentos_shape() {
    let store = TestStore::start(&[]).await;
    let huge = "x".repeat(20 * 1024 * 1024);
    let answer = store
        .raw(
            "POST",
            "customers",
            &[("Content-Type", "application/json")],
            &huge,
        )
        .await;
    assert_eq!(answer.status(), 413);
    assert_eq!(
        answer.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let body: Value = answer.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("too large"));
    // The store is still there.
    store.register(seed_request()).await;
}

#[tokio::test]
async fn json_answers_say_their_charset() {
    let store = TestStore::start(&[]).await;
    let answer = store.raw("GET", "directory/countries/US", &[], "").await;
    assert_eq!(
        answer.headers()["content-type"],
        "application/json; charset=utf-8"
    );
}

#[tokio::test]
async fn forged_tokens_make_the_caller_a_guest() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let store = TestStore::start(&[]).await;
    let jane = store.register(seed_request()).await;
    let other = store
        .register(registration("other@example.com", |_| {}))
        .await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let parts: Vec<&str> = token.split('.').collect();
    let encode = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let other_id = other["id"].as_u64().unwrap();
    let now = now();
    let forged = [
        // Another customer's id under Jane's signature.
        format!(
            "{}.{}.{}",
            parts[0],
            encode(&format!(
                r#"{{"uid":{other_id},"utypid":3,"iat":{now},"exp":{}}}"#,
                now + 3600
            )),
            parts[2]
        ),
        // No signature at all.
        format!("{}.{}.", encode(r#"{"typ":"JWT","alg":"none"}"#), parts[1]),
        // A signature of another key.
        format!(
            "{}.{}.{}",
            parts[0],
            parts[1],
            encode("not the store's key")
        ),
        // Expired.
        store
            .app
            .tokens
            .issue(jane["id"].as_u64().unwrap() as u32, 3, 60, now - 3600),
        "a.b".to_owned(),
        String::new(),
    ];
    for token in forged {
        let answer = store.call("GET", "customers/me", None, Some(&token)).await;
        assert_error(
            &answer,
            401,
            "The consumer isn't authorized to access %resources.",
            Some(json!({"resources": "self"})),
        );
    }
}

#[tokio::test]
async fn the_authorization_header_is_read_as_magento_reads_it() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let me = |value: String| {
        let store = &store;
        async move {
            store
                .raw("GET", "customers/me", &[("Authorization", &value)], "")
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(me(format!("Bearer {token}")).await, 200);
    assert_eq!(
        me(format!("bearer {token}")).await,
        200,
        "bearer in any case"
    );
    assert_eq!(
        me(format!("Bearer  {token}")).await,
        401,
        "two parts exactly"
    );
    assert_eq!(me(format!("Bearer {token} x")).await, 401);
    assert_eq!(me(token.clone()).await, 401);
}
