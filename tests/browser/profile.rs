//! Account information: her name, her email (with her current password), the newsletter.

use crate::harness::*;

#[tokio::test]
async fn jane_renames_herself_and_sees_it_after_a_reload() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.click_labelled("Edit contact information").await;
    h.wait_for_path("/account/edit").await;
    assert_eq!(h.value("#firstname").await, "Jane");
    h.fill("#firstname", "Janet").await;
    h.click("#subscribe").await;
    h.screenshot("account-edit").await;
    h.assert_accessible("account information").await;
    let before = h.requests().len();
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Janet Doe").await;
    h.wait_text(".notice", "You saved the account information.")
        .await;
    let sent = h.requests_since(before);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert!(sent[0].answered("PUT /rest/default/V1/customers/me", 200));
    h.client.refresh().await.unwrap();
    h.wait_text(".profile", "Janet Doe").await;
    h.wait_text(".newsletter", "You are subscribed").await;
    // Her address book was left as it was.
    h.wait_text(".address-card", "160 1st St.").await;
    h.stop().await;
}

#[tokio::test]
async fn a_new_email_needs_her_current_password() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/edit").await;
    h.fill("#email", "jane.doe@example.org").await;
    let before = h.requests().len();
    h.click("button[type=submit]").await;
    h.wait_text("#current-password-error", "required").await;
    assert_eq!(h.focused_id().await.as_deref(), Some("current-password"));
    assert_eq!(h.requests().len(), before, "nothing was sent");

    h.fill("#current-password", "Password2").await;
    h.click("button[type=submit]").await;
    h.wait_text("#current-password-error", "doesn't match")
        .await;
    assert_eq!(h.path().await, "/account/edit");
    assert!(h.session_token().await.is_some(), "still signed in");
    assert_eq!(h.value("#email").await, "jane.doe@example.org");

    h.fill("#current-password", "Password1").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "jane.doe@example.org").await;

    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.sign_in("jdoe@example.com", "Password1").await;
    h.wait_text("#form-errors", "sign-in was incorrect").await;
    h.sign_in("jane.doe@example.org", "Password1").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    h.stop().await;
}
