//! reCAPTCHA on the routes a store guards, as Magento's security package checks it, and the
//! stand-in that issues the tokens; and the sign-in of an unconfirmed account, release by
//! release.

mod common;

use common::{TestStore, assert_error, registration, seed_request};
use serde_json::{Value, json};

const FAILED: &str = "ReCaptcha validation failed, please try again";
const SITE_KEY: &str = "site-key";

const EVERY_FORM: [&str; 4] = [
    "customer_login",
    "customer_create",
    "customer_forgot_password",
    "customer_edit",
];

/// A store that guards `forms` with `kind` (`recaptcha`, `invisible`, `recaptcha_v3`), both
/// keys set, with `more` flags; reset links unthrottled.
async fn guarding(kind: &str, forms: &[&str], more: &[&str]) -> TestStore {
    let mut flags = Vec::new();
    for form in forms {
        flags.push(format!("recaptcha_frontend/type_for/{form}={kind}"));
    }
    for (key, value) in [("public_key", SITE_KEY), ("private_key", "secret")] {
        flags.push(format!("recaptcha_frontend/type_{kind}/{key}={value}"));
    }
    flags.push(common::RESETS_UNTHROTTLED.to_owned());
    let mut args: Vec<&str> = flags
        .iter()
        .flat_map(|f| ["--config", f.as_str()])
        .collect();
    args.extend_from_slice(more);
    TestStore::start(&args).await
}

/// A token from the stand-in, as its script asks for one.
async fn token_for(store: &TestStore, site_key: &str) -> String {
    let answer = reqwest::Client::new()
        .post(format!("{}/_emulator/recaptcha/token", store.base))
        .header("Content-Type", "text/plain")
        .body(json!({ "sitekey": site_key }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*"),
        "a site on any origin may ask"
    );
    let body: Value = answer.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}

/// A call with a raw body, the reCAPTCHA header when given, and a bearer token when given.
async fn send(
    store: &TestStore,
    method: &str,
    route: &str,
    body: &str,
    recaptcha: Option<&str>,
    bearer: Option<&str>,
) -> (u16, Value) {
    let authorization = bearer.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend(recaptcha.map(|token| ("X-ReCaptcha", token)));
    headers.extend(authorization.as_deref().map(|a| ("Authorization", a)));
    let answer = store.raw(method, route, &headers, body).await;
    let status = answer.status().as_u16();
    let value = answer.json().await.unwrap();
    common::validate(method, route, status, &value);
    (status, value)
}

/// Jane registered and signed in on a store that guards both with `kind`: her token.
async fn jane_signed_in(store: &TestStore) -> String {
    let proof = token_for(store, SITE_KEY).await;
    let body = seed_request().to_string();
    let (status, customer) = send(store, "POST", "customers", &body, Some(&proof), None).await;
    assert_eq!(status, 200, "{customer}");
    let proof = token_for(store, SITE_KEY).await;
    let credentials = json!({"username": "jdoe@example.com", "password": "Password1"}).to_string();
    let route = "integration/customer/token";
    let (status, token) = send(store, "POST", route, &credentials, Some(&proof), None).await;
    assert_eq!(status, 200, "{token}");
    token.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_guarded_route_refuses_a_call_without_a_good_token_before_reading_its_body() {
    let store = guarding("recaptcha", &EVERY_FORM, &[]).await;
    let jane = jane_signed_in(&store).await;
    for (method, route) in [
        ("POST", "customers"),
        ("POST", "integration/customer/token"),
        ("PUT", "customers/password"),
        ("POST", "customers/resetPassword"),
        ("PUT", "customers/me/password"),
    ] {
        for body in ["", "{not json", "{}"] {
            for header in [None, Some(""), Some("made-up")] {
                let answer = send(&store, method, route, body, header, Some(&jane)).await;
                assert_error(&answer, 400, FAILED, None);
            }
        }
    }
}

#[tokio::test]
async fn the_routes_a_store_does_not_guard_take_no_token() {
    let store = guarding("invisible", &EVERY_FORM, &[]).await;
    let jane = jane_signed_in(&store).await;
    let (status, me) = send(&store, "GET", "customers/me", "", None, Some(&jane)).await;
    assert_eq!(status, 200, "{me}");
    let saved =
        json!({"customer": {"email": "jdoe@example.com", "firstname": "Janet", "lastname": "Doe"}});
    let (status, answer) = send(
        &store,
        "PUT",
        "customers/me",
        &saved.to_string(),
        None,
        Some(&jane),
    )
    .await;
    assert_eq!((status, answer["firstname"].clone()), (200, json!("Janet")));
    let available = json!({"customerEmail": "new@example.com"}).to_string();
    let route = "customers/isEmailAvailable";
    assert_eq!(
        send(&store, "POST", route, &available, None, None).await.0,
        200
    );
    let route = "customers/1/password/resetLinkToken/aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY";
    let (status, answer) = send(&store, "GET", route, "", None, None).await;
    assert_ne!(answer["message"], FAILED, "{status}");
}

#[tokio::test]
async fn a_stock_store_guards_nothing_and_a_type_without_its_secret_guards_nothing() {
    for flags in [
        vec![],
        vec![
            "--config",
            "recaptcha_frontend/type_for/customer_create=recaptcha",
            "--config",
            "recaptcha_frontend/type_recaptcha/public_key=site-key",
        ],
    ] {
        let store = TestStore::start(&flags).await;
        store.register(seed_request()).await;
        store.token("jdoe@example.com", "Password1").await;
    }
}

#[tokio::test]
async fn a_token_is_good_once_and_only_for_its_site_key() {
    let store = guarding("recaptcha", &["customer_login"], &[]).await;
    store.register(seed_request()).await;
    let credentials = json!({"username": "jdoe@example.com", "password": "Password1"}).to_string();
    let route = "integration/customer/token";
    let proof = token_for(&store, SITE_KEY).await;
    assert_eq!(
        send(&store, "POST", route, &credentials, Some(&proof), None)
            .await
            .0,
        200
    );
    let again = send(&store, "POST", route, &credentials, Some(&proof), None).await;
    assert_error(&again, 400, FAILED, None);
    let another_site = token_for(&store, "another-site-key").await;
    let answer = send(
        &store,
        "POST",
        route,
        &credentials,
        Some(&another_site),
        None,
    )
    .await;
    assert_error(&answer, 400, FAILED, None);
}

#[tokio::test]
async fn a_token_expires() {
    let store = guarding(
        "invisible",
        &["customer_create"],
        &["--recaptcha-token-seconds", "1"],
    )
    .await;
    let proof = token_for(&store, SITE_KEY).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let body = seed_request().to_string();
    let answer = send(&store, "POST", "customers", &body, Some(&proof), None).await;
    assert_error(&answer, 400, FAILED, None);
}

#[tokio::test]
async fn a_v3_form_refuses_a_score_under_its_threshold() {
    let store = guarding(
        "recaptcha_v3",
        &["customer_create"],
        &[
            "--recaptcha-score",
            "0.3",
            "--config",
            "recaptcha_frontend/type_recaptcha_v3/score_threshold=0.5",
        ],
    )
    .await;
    let body = seed_request().to_string();
    let proof = token_for(&store, SITE_KEY).await;
    let answer = send(&store, "POST", "customers", &body, Some(&proof), None).await;
    assert_error(&answer, 400, FAILED, None);
    let lenient = guarding(
        "recaptcha_v3",
        &["customer_create"],
        &[
            "--recaptcha-score",
            "0.3",
            "--config",
            "recaptcha_frontend/type_recaptcha_v3/score_threshold=0.2",
        ],
    )
    .await;
    let proof = token_for(&lenient, SITE_KEY).await;
    assert_eq!(
        send(&lenient, "POST", "customers", &body, Some(&proof), None)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_scripted_fault_makes_the_next_check_fail_or_score_low() {
    let store = guarding("recaptcha_v3", &["customer_create", "customer_login"], &[]).await;
    let faults = reqwest::Client::new();
    for script in [
        json!({"route": "POST customers", "fault": "recaptcha_refused"}),
        json!({"route": "POST integration/customer/token", "fault": "recaptcha_low_score"}),
    ] {
        let answer = faults
            .post(format!("{}/_emulator/faults", store.base))
            .json(&script)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
    let body = seed_request().to_string();
    let proof = token_for(&store, SITE_KEY).await;
    assert_error(
        &send(&store, "POST", "customers", &body, Some(&proof), None).await,
        400,
        FAILED,
        None,
    );
    let proof = token_for(&store, SITE_KEY).await;
    assert_eq!(
        send(&store, "POST", "customers", &body, Some(&proof), None)
            .await
            .0,
        200,
        "once"
    );
    let credentials = json!({"username": "jdoe@example.com", "password": "Password1"}).to_string();
    let route = "integration/customer/token";
    let proof = token_for(&store, SITE_KEY).await;
    assert_error(
        &send(&store, "POST", route, &credentials, Some(&proof), None).await,
        400,
        FAILED,
        None,
    );
}

#[tokio::test]
async fn an_admin_token_is_not_exempt() {
    let store = guarding(
        "recaptcha",
        &["customer_create"],
        &["--admin-user", "admin", "--admin-password", "Admin123"],
    )
    .await;
    let (status, admin) = store
        .call(
            "POST",
            "integration/admin/token",
            Some(json!({"username": "admin", "password": "Admin123"})),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let body = seed_request().to_string();
    let answer = send(&store, "POST", "customers", &body, None, admin.as_str()).await;
    assert_error(&answer, 400, FAILED, None);
}

#[tokio::test]
async fn the_password_change_asks_who_she_is_before_it_asks_for_a_token() {
    let store = guarding("recaptcha", &["customer_edit"], &[]).await;
    let answer = send(&store, "PUT", "customers/me/password", "{}", None, None).await;
    assert_error(
        &answer,
        401,
        "The consumer isn't authorized to access %resources.",
        Some(json!({"resources": "self"})),
    );
}

#[tokio::test]
async fn the_stand_ins_script_is_served_with_the_surface_a_storefront_uses() {
    let store = TestStore::start(&[]).await;
    let answer = reqwest::get(format!(
        "{}/_emulator/recaptcha/api.js?onload=ready&render=explicit",
        store.base
    ))
    .await
    .unwrap();
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = answer.text().await.unwrap();
    for surface in ["render(", "execute(", "getResponse(", "reset(", "onload"] {
        assert!(script.contains(surface), "{surface}");
    }
}

#[tokio::test]
async fn an_unconfirmed_account_is_told_apart_from_2_4_8_and_counted_all_the_same() {
    for (release, message) in [
        (
            "2.4.8",
            "This account isn't confirmed. Verify and try again.",
        ),
        (
            "2.4.9",
            "This account isn't confirmed. Verify and try again.",
        ),
        (
            "2.4.7",
            "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
        ),
        (
            "2.4.6",
            "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
        ),
    ] {
        let store = TestStore::start(&[
            "--magento-release",
            release,
            "--confirmation-required",
            "--login-max-failures",
            "2",
        ])
        .await;
        store.register(seed_request()).await;
        let sign_in = || {
            store.call(
                "POST",
                "integration/customer/token",
                Some(json!({"username": "jdoe@example.com", "password": "Password1"})),
                None,
            )
        };
        assert_error(&sign_in().await, 401, message, None);
        let wrong = store
            .call(
                "POST",
                "integration/customer/token",
                Some(json!({"username": "jdoe@example.com", "password": "Wrong1234"})),
                None,
            )
            .await;
        assert_eq!(wrong.0, 401);
        // Two failures lock the username, the unconfirmed one among them.
        let locked = sign_in().await;
        assert_error(
            &locked,
            401,
            "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
            None,
        );
    }
}

#[tokio::test]
async fn each_release_has_its_own_address_rules() {
    let st_louis = |email: &str| {
        registration(email, |body| {
            body["customer"]["addresses"][0]["city"] = json!("St. Louis");
            body["customer"]["addresses"][0]["street"] = json!(["Apt #4"]);
        })
    };
    for (release, taken) in [
        ("2.4.6", true),
        ("2.4.7", true),
        ("2.4.8", false),
        ("2.4.9", true),
    ] {
        let store = TestStore::start(&["--magento-release", release]).await;
        let (status, answer) = store
            .call("POST", "customers", Some(st_louis("stl@example.com")), None)
            .await;
        assert_eq!(status == 200, taken, "{release}: {answer}");
        if !taken {
            let message = answer["message"].as_str().unwrap();
            assert!(
                message.starts_with("Invalid City. Please use A-Z"),
                "{message}"
            );
            assert!(
                message.contains("Invalid Street Address. Please use A-Z"),
                "{message}"
            );
        }
    }
}

#[tokio::test]
async fn releases_before_2_4_7_tell_a_taken_email_and_fail_on_an_unknown_field() {
    let old = TestStore::start(&["--magento-release", "2.4.6"]).await;
    old.register(seed_request()).await;
    async fn available(store: &TestStore, email: &str) -> Value {
        let body = json!({ "customerEmail": email });
        store
            .call("POST", "customers/isEmailAvailable", Some(body), None)
            .await
            .1
    }
    assert_eq!(available(&old, "jdoe@example.com").await, json!(false));
    assert_eq!(available(&old, "new@example.com").await, json!(true));
    let unknown = registration("x@example.com", |body| {
        body["customer"]["nickname"] = json!("JJ")
    });
    let (status, answer) = old
        .call("POST", "customers", Some(unknown.clone()), None)
        .await;
    assert_eq!(status, 500, "{answer}");
    let new = TestStore::start(&[]).await;
    new.register(seed_request()).await;
    assert_eq!(available(&new, "jdoe@example.com").await, json!(true));
    assert_eq!(
        new.call("POST", "customers", Some(unknown), None).await.0,
        400
    );
}

#[tokio::test]
async fn the_emulator_says_which_release_it_answers_as() {
    let store = TestStore::start(&["--magento-release", "2.4.7"]).await;
    let answer = reqwest::get(format!("{}/rest/V1/directory/countries/US", store.base))
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-commerce-emulator"], "2.4.7");
}
