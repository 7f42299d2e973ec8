//! Signing in: a wrong password, the keyboard alone, and trouble signing in.

use crate::harness::*;

#[tokio::test]
async fn a_wrong_password_shows_the_stores_sign_in_message() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in("jdoe@example.com", "Password2").await;
    h.wait_text(
        "#form-errors",
        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
    )
    .await;
    assert_eq!(h.path().await, "/login");
    assert_eq!(h.value("#email").await, "jdoe@example.com");
    assert_eq!(h.session_token().await, None);
    h.screenshot("login").await;
    h.assert_accessible("sign-in after a wrong password").await;
    h.stop().await;
}

#[tokio::test]
async fn signing_in_by_keyboard_alone() {
    let h = Harness::start().await;
    sign_in_by_keyboard(&h).await;
    h.stop().await;
}

/// Jane signs in with the keyboard alone: type, Tab, type, Enter.
pub async fn sign_in_by_keyboard(h: &Harness) {
    use fantoccini::key::Key;
    h.open_with_jane_registered("/login?redirect=/account")
        .await;
    h.wait_text("h1", "Sign in").await;
    h.script("document.getElementById('email').focus();").await;
    for keys in [
        "jdoe@example.com".to_owned(),
        char::from(Key::Tab).to_string(),
        "Password1".to_owned(),
        char::from(Key::Enter).to_string(),
    ] {
        h.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&keys)
            .await
            .unwrap();
    }
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
}

#[tokio::test]
async fn after_two_failed_sign_ins_the_form_offers_a_new_password() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in(JANE.email, "Password2").await;
    h.wait_text("#form-errors", "sign-in was incorrect").await;
    assert_eq!(h.count(".sign-in-help").await, 0);
    h.sign_in(JANE.email, "Password3").await;
    let help = h.wait_text(".sign-in-help", "set a new password").await;
    assert!(help.contains("locks the account for a while"), "{help}");
    h.click_labelled("set a new password").await;
    h.wait_for_path("/forgot-password").await;
    assert_eq!(
        h.value("#email").await,
        JANE.email,
        "the address she typed comes along"
    );
    h.stop().await;
}
