//! Passwords: the signed-in change, and the reset through the e-mailed link.

mod common;

use common::{RESETS_UNTHROTTLED, TestStore, assert_error, kept_dir, seed_request};
use serde_json::json;

const MISMATCH: &str = "The password token is mismatched. Reset and try again.";
const EXPIRED: &str = "The password token is expired. Reset and try again.";

#[tokio::test]
async fn changing_the_password() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let change = |current: &str, new: &str| {
        store.call(
            "PUT",
            "customers/me/password",
            Some(json!({"currentPassword": current, "newPassword": new})),
            Some(&token),
        )
    };
    assert_error(
        &change("Password2", "Password3").await,
        401,
        "The password doesn't match this account. Verify the password and try again.",
        None,
    );
    assert_error(
        &change("Password1", "JDOE@example.com").await,
        400,
        "The password can't be the same as the email address. Create a new password and try again.",
        None,
    );
    assert_error(
        &change("Password1", "short").await,
        400,
        "The password needs at least %1 characters. Create a new password and try again.",
        Some(json!([8])),
    );
    assert_eq!(change("Password1", "Password3").await, (200, json!(true)));
    store.token("jdoe@example.com", "Password3").await;
}

fn reset_token_from_mail(dir: &std::path::Path) -> (String, String) {
    let mail = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find(|text| text.contains("Reset token: "))
        .expect("a reset e-mail was written");
    let value = |label: &str| {
        mail.lines()
            .find_map(|l| l.strip_prefix(label))
            .unwrap()
            .trim()
            .to_owned()
    };
    (value("Customer id: "), value("Reset token: "))
}

#[tokio::test]
async fn resetting_a_forgotten_password_through_the_emailed_token() {
    let mail = kept_dir("reset-mail");
    let store = TestStore::start(&[
        "--mail-dir",
        mail.to_str().unwrap(),
        "--config",
        RESETS_UNTHROTTLED,
    ])
    .await;
    store.register(seed_request()).await;
    let unknown = store
        .call(
            "PUT",
            "customers/password",
            Some(json!({"email": "x@y.z", "template": "email_reset"})),
            None,
        )
        .await;
    assert_error(
        &unknown,
        404,
        "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value",
        Some(
            json!({"fieldName": "email", "fieldValue": "x@y.z", "field2Name": "websiteId", "field2Value": 1}),
        ),
    );
    let template = store
        .call(
            "PUT",
            "customers/password",
            Some(json!({"email": "jdoe@example.com", "template": "nope"})),
            None,
        )
        .await;
    assert_error(
        &template,
        400,
        "Invalid value of \"%value\" provided for the %fieldName field. Possible values: %template1 or %template2.",
        Some(
            json!({"value": "nope", "fieldName": "template", "template1": "email_reminder", "template2": "email_reset"}),
        ),
    );
    let sent = store
        .call(
            "PUT",
            "customers/password",
            Some(json!({"email": "jdoe@example.com", "template": "email_reset"})),
            None,
        )
        .await;
    assert_eq!(sent, (200, json!(true)));
    let (id, token) = reset_token_from_mail(&mail);
    assert_eq!(
        store
            .call(
                "GET",
                &format!("customers/{id}/password/resetLinkToken/{token}"),
                None,
                None
            )
            .await,
        (200, json!(true))
    );
    let mismatch = "The password token is mismatched. Reset and try again.";
    assert_error(
        &store
            .call(
                "GET",
                &format!("customers/{id}/password/resetLinkToken/wrong"),
                None,
                None,
            )
            .await,
        400,
        mismatch,
        None,
    );
    let reset = |token: &str, password: &str| {
        store.call(
            "POST",
            "customers/resetPassword",
            Some(
                json!({"email": "jdoe@example.com", "resetToken": token, "newPassword": password}),
            ),
            None,
        )
    };
    assert_error(&reset("wrong", "Password5").await, 400, mismatch, None);
    assert_error(
        &reset(&token, "password").await,
        400,
        "Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.",
        Some(json!([3])),
    );
    assert_eq!(reset(&token, "Password5").await, (200, json!(true)));
    store.token("jdoe@example.com", "Password5").await;
    // The token is spent.
    assert_error(&reset(&token, "Password6").await, 400, mismatch, None);
}

#[tokio::test]
async fn a_reset_link_used_ten_times_at_once_sets_one_password() {
    let mail = kept_dir("reset-race");
    let store = TestStore::start(&["--mail-dir", mail.to_str().unwrap()]).await;
    store.register(seed_request()).await;
    request_reset(&store).await;
    let (_, token) = reset_token_from_mail(&mail);
    let resets = (0..10).map(|i| {
        let body = json!({"email": "jdoe@example.com", "resetToken": token, "newPassword": format!("Password{i}x")});
        store.call("POST", "customers/resetPassword", Some(body), None)
    });
    let answers = futures_util::future::join_all(resets).await;
    let won: Vec<usize> = (0..10).filter(|i| answers[*i].0 == 200).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for (_, answer) in answers.iter().enumerate().filter(|(i, _)| *i != won[0]) {
        assert_error(
            answer,
            400,
            "The password token is mismatched. Reset and try again.",
            None,
        );
    }
    store
        .token("jdoe@example.com", &format!("Password{}x", won[0]))
        .await;
}

async fn request_reset(store: &TestStore) {
    let sent = store
        .call(
            "PUT",
            "customers/password",
            Some(json!({"email": "jdoe@example.com", "template": "email_reset"})),
            None,
        )
        .await;
    assert_eq!(sent, (200, json!(true)));
}

#[tokio::test]
async fn the_reset_mail_links_to_the_storefronts_create_password_page() {
    let mail = kept_dir("reset-link");
    let store = TestStore::start(&[
        "--mail-dir",
        mail.to_str().unwrap(),
        "--base-url",
        "https://shop.example.com/",
    ])
    .await;
    let customer = store.register(seed_request()).await;
    request_reset(&store).await;
    let (id, token) = reset_token_from_mail(&mail);
    let text = std::fs::read_dir(&mail)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find(|text| text.contains("Reset token: "))
        .unwrap();
    assert_eq!(id, customer["id"].to_string());
    assert!(
        text.contains(&format!(
            "https://shop.example.com/customer/account/createPassword/?id={id}&token={token}"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn a_reset_link_expires_and_only_the_newest_works() {
    let mail = kept_dir("reset-expiry");
    let store = TestStore::start(&[
        "--mail-dir",
        mail.to_str().unwrap(),
        "--reset-link-lifetime-seconds",
        "1",
        "--config",
        RESETS_UNTHROTTLED,
    ])
    .await;
    store.register(seed_request()).await;
    request_reset(&store).await;
    let (id, first) = reset_token_from_mail(&mail);
    let store = &store;
    let id = &id;
    let check = |token: String| async move {
        let route = format!("customers/{id}/password/resetLinkToken/{token}");
        store.call("GET", &route, None, None).await
    };
    assert_eq!(check(first.clone()).await, (200, json!(true)));
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_error(&check(first.clone()).await, 400, EXPIRED, None);
    let reset = store
        .call(
            "POST",
            "customers/resetPassword",
            Some(json!({"email": "jdoe@example.com", "resetToken": first, "newPassword": "Password5"})),
            None,
        )
        .await;
    assert_error(&reset, 400, EXPIRED, None);

    // A new e-mail replaces the old link.
    std::fs::remove_dir_all(&mail).unwrap();
    std::fs::create_dir_all(&mail).unwrap();
    request_reset(store).await;
    let (_, second) = reset_token_from_mail(&mail);
    assert_ne!(second, first);
    assert_eq!(check(second).await, (200, json!(true)));
    assert_error(&check(first).await, 400, MISMATCH, None);
}

#[tokio::test]
async fn a_password_must_be_text() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let answer = store
        .call(
            "PUT",
            "customers/me/password",
            Some(json!({"currentPassword": "Password1", "newPassword": ["Password2"]})),
            Some(&token),
        )
        .await;
    assert_error(
        &answer,
        400,
        "Error occurred during \"%field_name\" processing. %details",
        Some(json!({
            "field_name": "newPassword",
            "details": "The \"[\"Password2\"]\" value's type is invalid. The \"string\" type was expected. Verify and try again."
        })),
    );
    store.token("jdoe@example.com", "Password1").await;
}
