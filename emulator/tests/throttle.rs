//! The sign-in throttle and the customer record's lock: guesses in parallel gain nothing,
//! right passwords in parallel all sign in,
//! an unknown email costs as much as a wrong password, customers and admins are counted
//! apart, and ten wrong current passwords lock the record.

mod common;

use common::{TestStore, assert_error, seed_request};
use serde_json::json;

const SIGN_IN_FAILED: &str = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";

fn guess(
    store: &TestStore,
    path: &'static str,
    username: &str,
    password: &str,
) -> impl std::future::Future<Output = (u16, serde_json::Value)> + use<> {
    let body = json!({"username": username, "password": password});
    let client = reqwest::Client::new();
    let url = format!("{}/rest/default/V1/{path}", store.base);
    async move {
        let answer = client.post(url).json(&body).send().await.unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap())
    }
}

/// A locked account: the store's one sign-in message, even for the right password.
async fn jane_is_refused_with_her_right_password(store: &TestStore) {
    let answer = guess(
        store,
        "integration/customer/token",
        "jdoe@example.com",
        "Password1",
    )
    .await;
    assert_error(&answer, 401, SIGN_IN_FAILED, None);
}

#[tokio::test]
async fn sixty_guesses_at_once_check_at_most_six_passwords() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let before = store.app.passwords.checked();
    let guesses: Vec<_> = (0..60)
        .map(|i| {
            let password = if i == 59 {
                "Password1".to_owned()
            } else {
                format!("wrong{i}")
            };
            guess(
                &store,
                "integration/customer/token",
                "jdoe@example.com",
                &password,
            )
        })
        .collect();
    let answers = futures_util::future::join_all(guesses).await;
    let checked = store.app.passwords.checked() - before;
    assert!(checked <= 6, "{checked} passwords checked");
    assert!(answers.iter().filter(|(status, _)| *status == 401).count() >= 54);
    // Locked now, the right password too.
    jane_is_refused_with_her_right_password(&store).await;
}

#[tokio::test]
async fn twenty_right_sign_ins_at_once_all_succeed_and_failures_still_count() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let right: Vec<_> = (0..20)
        .map(|_| {
            guess(
                &store,
                "integration/customer/token",
                "jdoe@example.com",
                "Password1",
            )
        })
        .collect();
    let answers = futures_util::future::join_all(right).await;
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    assert_eq!(statuses, [200; 20]);
    for i in 0..6 {
        let (status, _) = guess(
            &store,
            "integration/customer/token",
            "jdoe@example.com",
            &format!("wrong{i}"),
        )
        .await;
        assert_eq!(status, 401);
    }
    jane_is_refused_with_her_right_password(&store).await;
}

#[tokio::test]
async fn an_unknown_email_costs_a_password_check_like_a_wrong_password() {
    let store = TestStore::start(&[]).await;
    store.register(seed_request()).await;
    let before = store.app.passwords.checked();
    guess(
        &store,
        "integration/customer/token",
        "nobody@example.com",
        "Password1",
    )
    .await;
    assert_eq!(store.app.passwords.checked() - before, 1);
    guess(
        &store,
        "integration/customer/token",
        "jdoe@example.com",
        "Password2",
    )
    .await;
    assert_eq!(store.app.passwords.checked() - before, 2);
}

#[tokio::test]
async fn customers_and_admins_are_throttled_apart() {
    let store =
        TestStore::start(&["--admin-user", "admin", "--admin-password", "Admin-pass1"]).await;
    for _ in 0..6 {
        guess(&store, "integration/customer/token", "admin", "wrong").await;
    }
    let (status, token) = guess(&store, "integration/admin/token", "admin", "Admin-pass1").await;
    assert_eq!(status, 200, "{token}");
}

#[tokio::test]
async fn a_long_username_is_kept_cut_and_old_rows_go() {
    let store = TestStore::start(&["--login-lock-seconds", "1"]).await;
    let long = "u".repeat(1024 * 1024);
    guess(&store, "integration/customer/token", &long, "wrong").await;
    let (rows, longest) = store.app.store.sign_in_rows().unwrap();
    assert_eq!((rows, longest), (1, 255));
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    guess(
        &store,
        "integration/customer/token",
        "someone@example.com",
        "wrong",
    )
    .await;
    let (rows, _) = store.app.store.sign_in_rows().unwrap();
    assert_eq!(rows, 1, "the old username's row went");
}

#[tokio::test]
async fn ten_wrong_current_passwords_lock_the_record() {
    let store = TestStore::start(&["--lockout-seconds", "2"]).await;
    store.register(seed_request()).await;
    let token = store.token("jdoe@example.com", "Password1").await;
    let change = |current: &str| {
        store.call(
            "PUT",
            "customers/me/password",
            Some(json!({"currentPassword": current, "newPassword": "Password9"})),
            Some(&token),
        )
    };
    let mismatch = "The password doesn't match this account. Verify the password and try again.";
    for _ in 0..9 {
        assert_error(&change("wrong").await, 401, mismatch, None);
    }
    assert_error(&change("wrong").await, 401, "The account is locked.", None);
    assert_error(&change("wrong").await, 401, "The account is locked.", None);
    // The lock keeps her out of signing in too, until it passes.
    jane_is_refused_with_her_right_password(&store).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(change("Password1").await, (200, json!(true)));
    store.token("jdoe@example.com", "Password9").await;
}
