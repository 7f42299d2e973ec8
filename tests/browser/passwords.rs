//! Passwords: changing it while signed in, and setting a new one through the e-mailed link.

use crate::harness::*;

const NEW_PASSWORD: &str = "Brand-new-pass9";
const RESET_REQUEST: &str = "PUT /rest/default/V1/customers/password ";

#[tokio::test]
async fn a_wrong_current_password_keeps_her_signed_in_and_the_right_one_changes_it() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.click_labelled("Change password").await;
    h.wait_for_path("/account/password").await;
    // The policy checklist shows nothing as met before she types.
    let policy = h
        .wait_text("#password-policy", "At least 8 characters")
        .await;
    assert!(!policy.contains("(met)"), "{policy}");

    h.fill("#current-password", "Password2").await;
    h.fill("#password", NEW_PASSWORD).await;
    h.click("button[type=submit]").await;
    h.wait_text(
        "#current-password-error",
        "The password doesn't match this account. Verify the password and try again.",
    )
    .await;
    assert_eq!(h.focused_id().await.as_deref(), Some("current-password"));
    assert_eq!(h.path().await, "/account/password");
    assert!(h.session_token().await.is_some(), "still signed in");
    assert_eq!(h.value("#password").await, NEW_PASSWORD);
    h.screenshot("change-password").await;
    h.assert_accessible("change password with a wrong current password")
        .await;

    h.fill("#current-password", "Password1").await;
    h.click("button[type=submit]").await;
    h.wait_text("[role=status]", "You saved your new password")
        .await;
    assert_eq!(h.value("#current-password").await, "");
    assert_eq!(h.value("#password").await, "");

    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_text("#form-errors", "sign-in was incorrect").await;
    h.sign_in(JANE.email, NEW_PASSWORD).await;
    h.wait_for_path("/account").await;
    h.stop().await;
}

#[tokio::test]
async fn forgetting_the_password_reads_the_same_for_everyone_and_mails_only_customers() {
    let h = Harness::start_with(&RESETS_UNTHROTTLED).await;
    h.open_with_jane_registered("/login").await;
    h.click_labelled("Forgot your password?").await;
    h.wait_for_path("/forgot-password").await;
    let reset_mails = |h: &Harness| {
        h.mails()
            .iter()
            .filter(|m| m.contains("createPassword"))
            .count()
    };

    h.fill("#email", "nobody@example.com").await;
    h.click("button[type=submit]").await;
    let unknown = h.wait_text("[role=status]", "is on its way").await;
    assert_eq!(reset_mails(&h), 0);

    h.fill("#email", JANE.email).await;
    h.click("button[type=submit]").await;
    let known = h.wait_text("[role=status]", JANE.email).await;
    assert_eq!(
        unknown.replace("nobody@example.com", JANE.email),
        known,
        "the page does not tell who has an account"
    );
    assert_eq!(reset_mails(&h), 1);
    h.screenshot("forgot-password").await;
    h.assert_accessible("forgot password, sent").await;
    h.stop().await;
}

#[tokio::test]
async fn asking_again_too_soon_says_when_she_may_and_whom_to_write_to() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/forgot-password").await;
    h.fill("#email", JANE.email).await;
    h.click("button[type=submit]").await;
    h.wait_text("[role=status]", "is on its way").await;

    h.click("button[type=submit]").await;
    let told = h.wait_text("#form-errors", "every few minutes").await;
    assert!(told.contains("write to support@example.com"), "{told}");
    let after = told
        .split("after about ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default();
    assert!(
        after.contains(':') && after.chars().any(|c| c.is_ascii_digit()),
        "a time of day: {told}"
    );
    assert!(
        !told.contains("%1") && !told.contains("We received"),
        "{told}"
    );
    assert_eq!(h.value("#email").await, JANE.email, "her address stays");
    h.assert_accessible("a reset link asked for too soon").await;

    // The same words for an address without an account: the page tells nobody who has one.
    h.fill("#email", "nobody@example.com").await;
    h.click("button[type=submit]").await;
    h.wait_handled(RESET_REQUEST, 3).await;
    let unknown = h.wait_text("#form-errors", "every few minutes").await;
    assert_eq!(unknown, told);
    h.stop().await;
}

#[tokio::test]
async fn after_six_failed_sign_ins_a_new_password_is_told_to_wait_for_the_lock() {
    const SIGN_IN: &str = "POST /rest/default/V1/integration/customer/token ";
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    for attempt in 1..=6 {
        h.wait_count("button[type=submit]:disabled", 0).await;
        h.sign_in(JANE.email, "Wrong-password1").await;
        h.wait_handled(SIGN_IN, attempt).await;
    }
    let told = h.wait_text("#form-errors", "locks sign-in").await;
    assert!(told.contains("after about"), "{told}");
    h.wait_count(".sign-in-help", 0).await;
    h.assert_accessible("sign-in locked after six failures")
        .await;

    // A new password through the e-mailed link, in the same tab: the page says it must wait.
    h.ask_for_a_reset_link().await;
    h.open(&h.reset_link()).await;
    h.wait_text("h1", "Set a new password").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", NEW_PASSWORD).await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    let notice = h.wait_text(".notice", "Your new password is set").await;
    assert!(notice.contains("stays locked"), "{notice}");
    assert!(!notice.contains("Sign in with it."), "{notice}");

    // The store indeed refuses it meanwhile, and the page says why.
    h.sign_in(JANE.email, NEW_PASSWORD).await;
    h.wait_text("#form-errors", "locks sign-in").await;
    h.stop().await;
}

#[tokio::test]
async fn the_change_password_form_names_the_account_for_password_managers() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/password").await;
    h.wait_text("h1", "Change password").await;
    let username = "form input[autocomplete='username']";
    assert_eq!(h.value(username).await, JANE.email);
    assert_eq!(h.attr(username, "hidden").await.as_deref(), Some("true"));
    h.assert_accessible("the change-password form").await;
    h.stop().await;
}

impl Harness {
    async fn ask_for_a_reset_link(&self) {
        self.open("/forgot-password").await;
        self.fill("#email", JANE.email).await;
        self.click("button[type=submit]").await;
        self.wait_text("[role=status]", "is on its way").await;
    }
}

#[tokio::test]
async fn the_link_from_the_mail_sets_a_new_password_once() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.ask_for_a_reset_link().await;
    let link = h.reset_link();
    assert!(
        link.starts_with("/customer/account/createPassword/?id="),
        "{link}"
    );
    h.open(&link).await;
    h.wait_text("h1", "Set a new password").await;
    h.wait_text("form", "New password").await;
    // The token leaves the address bar as soon as the page has read it.
    let url = h.client.current_url().await.unwrap();
    assert_eq!(url.query(), None, "{url}");
    assert!(
        !h.script("return history.state === null ? '' : JSON.stringify(history.state);")
            .await
            .to_string()
            .contains("token")
    );

    h.fill("#email", JANE.email).await;
    h.fill("#password", NEW_PASSWORD).await;
    h.screenshot("reset-password").await;
    h.assert_accessible("the reset page").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "Your new password is set").await;
    h.sign_in(JANE.email, NEW_PASSWORD).await;
    h.wait_for_path("/account").await;

    // The same link again: used, so refused, with the way to a new one.
    h.open(&link).await;
    h.wait_text("[role=alert]", "cannot be used any more").await;
    h.assert_accessible("a used reset link").await;
    h.click_labelled("Send me a new link").await;
    h.wait_for_path("/forgot-password").await;
    let token = link.split("token=").nth(1).unwrap();
    let requests = h.requests();
    assert!(
        !requests.iter().any(|r| r.path.contains(token)),
        "{requests:#?}"
    );
    h.stop().await;
}

#[tokio::test]
async fn an_expired_link_is_refused_with_a_way_forward() {
    let h = Harness::start_with(&["--reset-link-lifetime-seconds", "1"]).await;
    h.open_with_jane_registered("/login").await;
    h.ask_for_a_reset_link().await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    h.open(&h.reset_link()).await;
    h.wait_text("[role=alert]", "The password token is expired.")
        .await;
    h.wait_text("main", "Send me a new link").await;
    h.stop().await;
}
