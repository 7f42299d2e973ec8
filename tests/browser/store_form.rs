//! The store's own form (`customer_config` in `config.json`, `--config` on the emulator):
//! a store that wants new accounts confirmed by e-mail.

use crate::harness::*;
use crate::site::site_with_config;

const CONFIRM: &str = "customer/create_account/confirm";

#[tokio::test]
async fn with_confirmation_on_she_registers_follows_the_emailed_link_and_signs_in() {
    let config = format!(r#"{{"customer_config": {{"{CONFIRM}": "1"}}}}"#);
    let setting = format!("{CONFIRM}=1");
    let h = Harness::start_serving(&site_with_config(&config), &["--config", &setting]).await;
    h.fill_registration(&JANE).await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    let told = h.wait_text(".notice", "confirmation link").await;
    assert!(told.contains(JANE.email), "her address is named: {told}");
    assert_eq!(
        h.handled("POST /rest/default/V1/integration/customer/token "),
        0,
        "no sign-in that must fail"
    );
    assert_eq!(h.session_token().await, None);
    h.assert_accessible("registered, to confirm").await;

    let mail = h
        .mails()
        .into_iter()
        .find(|m| m.contains("/customer/account/confirm/"))
        .expect("a confirmation e-mail");
    let link = mail
        .split_whitespace()
        .find(|word| word.contains("/customer/account/confirm/"))
        .unwrap()
        .to_owned();
    h.open(link.strip_prefix(&h.base).unwrap_or(&link)).await;
    h.wait_for_path("/login?confirmed=1").await;
    h.wait_text(".notice", "Your account is confirmed. Sign in.")
        .await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Mineola").await;
    h.stop().await;
}
