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

    h.open(&h.link_in_mail("/customer/account/confirm/")).await;
    h.wait_for_path("/login?confirmed=1").await;
    h.wait_text(".notice", "Your account is confirmed. Sign in.")
        .await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Mineola").await;
    h.stop().await;
}

#[tokio::test]
async fn the_address_form_asks_for_what_the_store_shows_and_needs() {
    let settings = [
        ("customer/address/telephone_show", "opt"),
        ("customer/address/company_show", "req"),
        ("customer/address/fax_show", ""),
        ("customer/create_account/vat_frontend_visibility", "1"),
    ];
    let config = settings
        .iter()
        .map(|(path, value)| format!(r#""{path}": "{value}""#))
        .collect::<Vec<_>>()
        .join(", ");
    let flags: Vec<String> = settings
        .iter()
        .flat_map(|(path, value)| ["--config".to_owned(), format!("{path}={value}")])
        .collect();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let site = site_with_config(&format!(r#"{{"customer_config": {{{config}}}}}"#));
    let h = Harness::start_serving(&site, &flags).await;
    // Jane registers through the API with the company this store requires.
    h.open("/login").await;
    let mut jane = seed_request();
    jane["customer"]["addresses"][0]["company"] = serde_json::json!("Doe & Co.");
    let (status, body) = h.rest("POST", "customers", Some(jane), None).await;
    assert_eq!(status, 200, "{body}");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Doe & Co.").await;
    h.open("/account/addresses/new").await;
    h.wait_text("h1", "Add a new address").await;
    assert_eq!(
        h.attr("#company", "aria-required").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        h.attr("#company", "autocomplete").await.as_deref(),
        Some("organization")
    );
    assert_eq!(
        h.attr("#telephone", "aria-required").await.as_deref(),
        Some("false")
    );
    assert_eq!(h.count("#fax").await, 0, "a hidden fax is not asked");
    assert_eq!(h.count("#vat-id").await, 1);

    h.click("button[type=submit]").await;
    h.wait_text("#company-error", "Company").await;
    assert_eq!(
        h.count("#telephone-error:not(:empty)").await,
        0,
        "the phone may be left out"
    );
    h.assert_accessible("a store's own address form").await;

    h.fill_address(&Shopper {
        street: "10 Downing St.",
        telephone: "",
        ..JANE
    })
    .await;
    h.fill("#company", "Downing Ltd").await;
    h.fill("#vat-id", "GB123456789").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    let card = h.wait_text(".address-book", "Downing Ltd").await;
    assert!(card.contains("VAT: GB123456789"), "{card}");
    h.stop().await;
}
