//! The demo store: the app's notice leads to the mailbox, the mailbox's reset link to the
//! app's reset page, and the ready-made shoppers sign in at once.

use crate::harness::*;

const LIAM: Shopper = Shopper {
    firstname: "Liam",
    email: "liam@example.com",
    ..JANE
};

#[tokio::test]
async fn a_new_shopper_reads_her_welcome_mail_in_the_mailbox_from_the_notice() {
    let h = Harness::start_with(&["--demo"]).await;
    h.register(&LIAM).await;
    h.wait_text(".demo-notice", "This is a demo store").await;
    h.assert_accessible("the account page with the demo notice")
        .await;
    h.click_labelled("demo mailbox").await;
    h.wait_text("h1", "Mailbox of the demo store").await;
    h.click_labelled("Welcome to Main Website Store").await;
    let mail = h
        .wait_text("pre", "Welcome to Main Website Store, Liam Doe.")
        .await;
    assert!(mail.contains("liam@example.com"), "{mail}");
    h.stop().await;
}

#[tokio::test]
async fn a_forgotten_password_is_set_again_through_the_mailbox() {
    let h = Harness::start_with(&["--demo"]).await;
    h.open("/forgot-password").await;
    h.fill("#email", JANE.email).await;
    h.click("button[type=submit]").await;
    h.wait_text("[role=status]", "is on its way").await;
    h.wait_text(".demo-notice", "demo mailbox").await;
    h.click_labelled("demo mailbox").await;
    h.click_labelled("Reset your Main Website Store password")
        .await;
    h.click_labelled("/customer/account/createPassword/").await;
    h.wait_text("h1", "Set a new password").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", "Brand-new-pass9").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    h.sign_in(JANE.email, "Brand-new-pass9").await;
    h.wait_for_path("/account").await;
    h.stop().await;
}

#[tokio::test]
async fn jane_signs_in_right_after_start_and_sees_her_address_book() {
    let h = Harness::start_with(&["--demo"]).await;
    h.open("/login").await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    let card = h
        .wait_text(".address-card", "Mineola, New York, 11501")
        .await;
    assert!(card.contains("Default billing address") && card.contains("Default shipping address"));
    h.stop().await;
}

#[tokio::test]
async fn against_a_store_that_is_no_demo_there_is_no_notice() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.wait_text(".address-card", "Mineola").await;
    assert_eq!(h.count(".demo-notice").await, 0);
    h.stop().await;
}

#[tokio::test]
async fn the_sign_in_page_names_the_ready_made_accounts_before_any_call_and_a_dismissal_lasts() {
    let h = Harness::start_with(&["--demo"]).await;
    h.open("/login").await;
    let notice = h.wait_text(".demo-notice", "ready-made account").await;
    assert!(notice.contains("jdoe@example.com / Password1"), "{notice}");
    assert!(
        h.requests().is_empty(),
        "known from the site's own files: {:#?}",
        h.requests()
    );
    h.assert_accessible("the sign-in page of a demo store")
        .await;

    h.click_labelled("Dismiss the demo notice").await;
    h.wait_count(".demo-notice", 0).await;
    h.client.refresh().await.unwrap();
    h.wait_text("h1", "Sign in").await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Mineola").await;
    assert_eq!(h.count(".demo-notice").await, 0, "dismissed for the tab");
    h.stop().await;
}
