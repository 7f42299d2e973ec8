//! Signing in, tokens, and a customer's own record.

mod common;

use commerce_emulator::auth::now;
use common::{TestStore, assert_error, kept_dir, registration, seed_request};
use serde_json::{Value, json};

const SIGN_IN_FAILED: &str = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";
const NOT_AUTHORIZED: &str = "The consumer isn't authorized to access %resources.";

fn credentials(username: &str, password: &str) -> Option<Value> {
    Some(json!({"username": username, "password": password}))
}

fn assert_guest(answer: &(u16, Value)) {
    assert_error(
        answer,
        401,
        NOT_AUTHORIZED,
        Some(json!({"resources": "self"})),
    );
}

#[tokio::test]
async fn every_sign_in_failure_is_the_same_401() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    for (user, password) in [
        ("jdoe@example.com", "Password2"),
        ("nobody@example.com", "Password1"),
    ] {
        assert_error(
            &store
                .call(
                    "POST",
                    "integration/customer/token",
                    credentials(user, password),
                    None,
                )
                .await,
            401,
            SIGN_IN_FAILED,
            None,
        );
    }
}

#[tokio::test]
async fn empty_credentials_are_required_fields() {
    let store = TestStore::start(&[]).await;
    let one = store
        .call(
            "POST",
            "integration/customer/token",
            credentials("jdoe@example.com", ""),
            None,
        )
        .await;
    assert_error(
        &one,
        400,
        "%fieldName is a required field.",
        Some(json!({"fieldName": "password"})),
    );
    let both = store
        .call(
            "POST",
            "integration/customer/token",
            credentials("", ""),
            None,
        )
        .await;
    assert_error(
        &both,
        400,
        "One or more input exceptions have occurred.",
        None,
    );
    assert_eq!(
        both.1["errors"][0],
        json!({"message": "%fieldName is a required field.", "parameters": {"fieldName": "username"}})
    );
}

#[tokio::test]
async fn six_failures_lock_sign_in_until_the_lock_passes() {
    let store = TestStore::start(&["--login-lock-seconds", "2"]).await;
    store.register(seed_request()).await;
    for _ in 0..6 {
        store
            .call(
                "POST",
                "integration/customer/token",
                credentials("jdoe@example.com", "wrong-Password1"),
                None,
            )
            .await;
    }
    let locked = store
        .call(
            "POST",
            "integration/customer/token",
            credentials("JDOE@example.com", "Password1"),
            None,
        )
        .await;
    assert_error(&locked, 401, SIGN_IN_FAILED, None);
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    store.token("jdoe@example.com", "Password1").await;
}

#[tokio::test]
async fn a_token_that_cannot_be_trusted_makes_the_caller_a_guest() {
    let store = TestStore::start(&[]).await;
    let customer = store.register(seed_request()).await;
    let id = customer["id"].as_u64().unwrap() as u32;
    assert_guest(&store.call("GET", "customers/me", None, None).await);
    assert_guest(
        &store
            .call("GET", "customers/me", None, Some("not-a-token"))
            .await,
    );
    let expired = store.app.tokens.issue(id, 3, 60, now() - 120);
    assert_guest(
        &store
            .call("GET", "customers/me", None, Some(&expired))
            .await,
    );
    let other = TestStore::start(&[]).await;
    let foreign = other.app.tokens.issue(id, 3, 3600, now());
    assert_guest(
        &store
            .call("GET", "customers/me", None, Some(&foreign))
            .await,
    );
    // A guest may still use the anonymous routes with a bad token.
    let (status, _) = store
        .call("GET", "directory/countries/US", None, Some("not-a-token"))
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn revoking_kills_every_token_of_the_customer() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let first = store.token("jdoe@example.com", "Password1").await;
    let second = store.token("jdoe@example.com", "Password1").await;
    let answer = store
        .call(
            "POST",
            "integration/customer/revoke-customer-token",
            None,
            Some(&first),
        )
        .await;
    assert_eq!(answer, (200, json!(true)));
    assert_guest(&store.call("GET", "customers/me", None, Some(&first)).await);
    assert_guest(&store.call("GET", "customers/me", None, Some(&second)).await);
    assert_guest(
        &store
            .call(
                "POST",
                "integration/customer/revoke-customer-token",
                None,
                Some(&first),
            )
            .await,
    );
    // Signing in again, even in the same second, gives a working token.
    let third = store.token("jdoe@example.com", "Password1").await;
    assert_eq!(
        store
            .call("GET", "customers/me", None, Some(&third))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn tokens_and_accounts_survive_a_restart() {
    let dir = kept_dir("restart");
    let db = dir.join("store.sqlite");
    let args = ["--db", db.to_str().unwrap()];
    let token = {
        let store = TestStore::start(&args).await;
        store.register(seed_request()).await;
        store.token("jdoe@example.com", "Password1").await
    };
    let store = TestStore::start(&args).await;
    let (status, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], "jdoe@example.com");
    // Passwords are stored as Argon2id hashes only.
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.windows(9).any(|w| w == b"Password1"));
    let wal = std::fs::read(dir.join("store.sqlite-wal")).unwrap_or_default();
    assert!(!wal.windows(9).any(|w| w == b"Password1"));
    assert!(
        bytes.windows(9).any(|w| w == b"$argon2id") || wal.windows(9).any(|w| w == b"$argon2id")
    );
}

#[tokio::test]
async fn the_token_lifetime_is_the_stores_setting() {
    let store = TestStore::start(&["--token-lifetime-minutes", "1"]).await;
    store.register(seed_request()).await;
    let claims = commerce_rest::TokenClaims::read_unverified(
        &store.token("jdoe@example.com", "Password1").await,
    )
    .unwrap();
    assert_eq!(claims.exp - claims.iat, 60);
}

#[tokio::test]
async fn put_me_keeps_adds_and_deletes_addresses_as_a_store_does() {
    let store = TestStore::start(&[]).await;
    let customer = store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let put = |body: Value| {
        store.call(
            "PUT",
            "customers/me",
            Some(json!({"customer": body})),
            Some(&token),
        )
    };

    // Addresses omitted: kept. Name changed.
    let mut edit = customer.clone();
    edit.as_object_mut().unwrap().remove("addresses");
    edit["firstname"] = json!("Janet");
    let (status, saved) = put(edit.clone()).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["firstname"], "Janet");
    assert_eq!(saved["addresses"], customer["addresses"]);

    // A new entry without id is added; the listed one is kept.
    let mut with_new = saved.clone();
    let mut second = customer["addresses"][0].clone();
    second.as_object_mut().unwrap().remove("id");
    second["city"] = json!("Albany");
    second["default_billing"] = json!(false);
    second["default_shipping"] = json!(true);
    with_new["addresses"].as_array_mut().unwrap().push(second);
    with_new["addresses"][0]["default_shipping"] = json!(false);
    let (_, two) = put(with_new).await;
    let addresses = two["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(
        two["default_billing"],
        json!(addresses[0]["id"].to_string())
    );
    assert_eq!(
        two["default_shipping"],
        json!(addresses[1]["id"].to_string())
    );

    // Without flags, the defaults the customer names are kept.
    let mut unflagged = two.clone();
    for address in unflagged["addresses"].as_array_mut().unwrap() {
        address.as_object_mut().unwrap().remove("default_billing");
        address.as_object_mut().unwrap().remove("default_shipping");
    }
    let (_, same) = put(unflagged).await;
    assert_eq!(
        (&same["default_billing"], &same["default_shipping"]),
        (&two["default_billing"], &two["default_shipping"])
    );

    // An empty list deletes them all.
    let mut none = two.clone();
    none["addresses"] = json!([]);
    let (_, empty) = put(none).await;
    assert_eq!(empty["addresses"], json!([]));
    assert_eq!(empty.get("default_billing"), None);

    // Another customer's email is refused; the record is unchanged.
    store
        .register(registration("other@example.com", |_| {}))
        .await;
    let mut taken = empty.clone();
    taken["email"] = json!("other@example.com");
    assert_error(
        &put(taken).await,
        400,
        "A customer with the same email address already exists in an associated website.",
        None,
    );
    let (_, me) = store.call("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(me["email"], "jdoe@example.com");
}

#[tokio::test]
async fn with_confirmation_required_sign_in_waits_for_the_emailed_link_which_works_once() {
    let mail = kept_dir("confirm-mail");
    let store = TestStore::start(&[
        "--confirmation-required",
        "--mail-dir",
        mail.to_str().unwrap(),
    ])
    .await;
    let customer = store.register(seed_request()).await;
    assert_eq!(customer.get("confirmation"), None);
    assert_error(
        &store
            .call(
                "POST",
                "integration/customer/token",
                credentials("jdoe@example.com", "Password1"),
                None,
            )
            .await,
        401,
        "This account isn't confirmed. Verify and try again.",
        None,
    );
    let link = std::fs::read_dir(&mail)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find_map(|text| {
            text.lines()
                .find(|l| l.contains("/customer/account/confirm/"))
                .map(str::to_owned)
        })
        .expect("a confirmation e-mail with its link");
    let path = &link[link.find("/customer/").unwrap()..];
    let follow = |url: String| async move {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let answer = client.get(url).send().await.unwrap();
        let location = answer
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (
            answer.status().as_u16(),
            location,
            answer.text().await.unwrap(),
        )
    };
    let sign_in = |outcome: &str| Some(format!("{}/login?{outcome}", store.base));
    let wrong = path.replace("key=", "key=x");
    let (status, location, _) = follow(format!("{}{wrong}", store.base)).await;
    assert_eq!((status, location), (303, sign_in("confirmation=invalid")));

    let (status, location, _) = follow(format!("{}{path}", store.base)).await;
    assert_eq!(status, 303, "to the site's sign-in page");
    assert_eq!(location, sign_in("confirmed=1"));
    store.token("jdoe@example.com", "Password1").await;

    let (status, location, _) = follow(format!("{}{path}", store.base)).await;
    assert_eq!(
        (status, location),
        (303, sign_in("confirmation=active")),
        "a used link"
    );

    // Whatever the link holds, and with or without its slash, she is sent to sign in.
    for (query, outcome) in [
        ("", "confirmation=incomplete"),
        ("?id=&key=abc", "confirmation=incomplete"),
        ("?id=abc&key=abc", "confirmation=invalid"),
        ("?id=99999999999999999999&key=abc", "confirmation=invalid"),
        ("?id=424242&key=abc", "confirmation=invalid"),
    ] {
        for route in ["/customer/account/confirm/", "/customer/account/confirm"] {
            let (status, location, _) = follow(format!("{}{route}{query}", store.base)).await;
            assert_eq!(
                (status, location),
                (303, sign_in(outcome)),
                "{route}{query}"
            );
        }
    }
}

#[tokio::test]
async fn the_stores_page_sends_the_confirmation_link_again_to_an_account_that_waits() {
    let mail = kept_dir("resend-mail");
    let store = TestStore::start(&[
        "--confirmation-required",
        "--mail-dir",
        mail.to_str().unwrap(),
    ])
    .await;
    store.register(seed_request()).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!(
            "{}/customer/account/confirmation/?email=jdoe%40example.com",
            store.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"jdoe@example.com\""), "{page}");
    let links = || {
        std::fs::read_dir(&mail)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
            .filter(|text| text.contains("/customer/account/confirm/"))
            .count()
    };
    assert_eq!(links(), 1);
    for email in ["jdoe@example.com", "nobody@example.com"] {
        let answer = client
            .post(format!("{}/customer/account/confirmation/", store.base))
            .form(&[("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 303);
        assert_eq!(
            answer.headers()["location"],
            format!("{}/login?confirmation=sent", store.base).as_str(),
            "the same for every address"
        );
    }
    assert_eq!(links(), 2, "one more, for her");
}

#[tokio::test]
async fn a_save_keeps_what_it_does_not_send() {
    let store = TestStore::start(&[]).await;
    let body = registration("jdoe@example.com", |b| {
        let customer = &mut b["customer"];
        customer["dob"] = json!("1990-04-01");
        customer["gender"] = json!(2);
        customer["middlename"] = json!("Q");
        customer["prefix"] = json!("Dr.");
        customer["taxvat"] = json!("DE123");
    });
    let registered = store.register(body).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let (status, saved) = store
        .call(
            "PUT",
            "customers/me",
            Some(json!({"customer": {"email": "jdoe@example.com", "firstname": "Janet", "lastname": "Doe"}})),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["firstname"], "Janet");
    for kept in [
        "dob",
        "gender",
        "middlename",
        "prefix",
        "taxvat",
        "created_in",
        "disable_auto_group_change",
        "addresses",
        "default_billing",
    ] {
        assert_eq!(saved[kept], registered[kept], "{kept}");
    }
}

#[tokio::test]
async fn an_email_is_one_account_whatever_its_case_in_any_alphabet() {
    let store = TestStore::start(&[]).await;
    store
        .register(registration("jane@bücher.example", |b| {
            b["password"] = json!("Password1")
        }))
        .await;
    let again = store
        .call(
            "POST",
            "customers",
            Some(registration("JANE@BÜCHER.example", |b| {
                b["password"] = json!("Password1")
            })),
            None,
        )
        .await;
    assert_error(
        &again,
        400,
        "A customer with the same email address already exists in an associated website.",
        None,
    );
    store.token("Jane@Bücher.Example", "Password1").await;
}

#[tokio::test]
async fn a_letter_outside_ascii_before_the_at_is_refused_as_laminas_refuses_it() {
    let store = TestStore::start(&[]).await;
    let refused = store
        .call(
            "POST",
            "customers",
            Some(registration("jörg@example.com", |_| {})),
            None,
        )
        .await;
    assert_error(
        &refused,
        400,
        "\"Email\" is not a valid email address.",
        None,
    );
}
