//! Sessions that end: a token revoked elsewhere, an expiring session, and a save
//! interrupted by an ended session.

use crate::harness::*;
use crate::site::site_with_config;
use serde_json::json;

#[tokio::test]
async fn a_revoked_token_sends_the_shopper_to_sign_in_and_back() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in("jdoe@example.com", "Password1").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    let token = h.session_token().await.unwrap();
    // Another device signs out everywhere.
    let (status, body) = h
        .rest(
            "POST",
            "integration/customer/revoke-customer-token",
            None,
            Some(&token),
        )
        .await;
    assert_eq!((status, body), (200, json!(true)));
    h.client.refresh().await.unwrap();
    h.wait_for_path("/login?redirect=/account").await;
    h.wait_text(".notice", "Your session has ended. Please sign in again.")
        .await;
    assert_eq!(h.session_token().await, None);
    h.sign_in("jdoe@example.com", "Password1").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    h.stop().await;
}

const LONDON: Shopper = Shopper {
    country: "GB",
    region: Region::Typed("Greater London"),
    street: "10 Downing St.",
    city: "London",
    postcode: "SW1A 2AA",
    telephone: "+44 20 7946 0000",
    ..JANE
};

impl Harness {
    /// Jane types a new address, and meanwhile another device signs her out everywhere.
    async fn new_address_typed_then_revoked(&self) {
        self.jane_signed_in().await;
        self.open("/account/addresses/new").await;
        self.fill_address(&LONDON).await;
        let token = self.session_token().await.unwrap();
        let (status, _) = self
            .rest(
                "POST",
                "integration/customer/revoke-customer-token",
                None,
                Some(&token),
            )
            .await;
        assert_eq!(status, 200);
    }

    async fn dialog_is_open(&self) -> bool {
        self.script("return document.querySelector('dialog.reauth').open;")
            .await
            == json!(true)
    }

    async fn wait_dialog_closed(&self) {
        let started = std::time::Instant::now();
        while self.dialog_is_open().await {
            assert!(started.elapsed() < WAIT, "the dialog stays open");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn a_save_after_the_session_ended_asks_for_the_password_and_saves_what_she_typed() {
    let h = Harness::start().await;
    h.new_address_typed_then_revoked().await;
    let before = h.requests().len();
    h.click("form button[type=submit]").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    assert!(h.dialog_is_open().await);
    assert_eq!(h.focused_id().await.as_deref(), Some("reauth-password"));
    assert_eq!(h.value("#reauth-email").await, JANE.email);
    assert_eq!(
        h.path().await,
        "/account/addresses/new",
        "she stays on the page"
    );
    h.screenshot("sign-in-again").await;
    h.assert_accessible("the sign-in dialog").await;
    h.fill("#reauth-password", JANE.password).await;
    h.click("dialog button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_text(".address-book", "London, Greater London").await;
    let sent: Vec<String> = h
        .requests_since(before)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        sent,
        [
            "PUT /rest/default/V1/customers/me 401",
            "POST /rest/default/V1/integration/customer/token 200",
            "PUT /rest/default/V1/customers/me 200"
        ]
    );
    assert!(!h.dialog_is_open().await);
    h.stop().await;
}

#[tokio::test]
async fn escape_closes_the_sign_in_dialog_and_keeps_the_draft() {
    use fantoccini::key::Key;
    let h = Harness::start().await;
    h.new_address_typed_then_revoked().await;
    h.click("form button[type=submit]").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Escape).to_string())
        .await
        .unwrap();
    h.wait_text("#form-errors", "Your session has ended").await;
    assert!(!h.dialog_is_open().await);
    // The line under the heading follows the session the store ended, not the token's clock.
    let line = h
        .wait_text(".session-expiry", "Your session has ended")
        .await;
    assert!(!line.contains("You stay signed in"), "{line}");
    h.assert_accessible("the session that ended, the dialog closed")
        .await;
    assert_eq!(h.value("#street").await, LONDON.street);
    assert_eq!(h.value("#city").await, LONDON.city);
    // Trying again opens the dialog again; this time she signs in and it is saved.
    h.click("form button[type=submit]").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    h.fill("#reauth-password", JANE.password).await;
    h.click("dialog button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_text(".address-book", "Downing").await;
    h.stop().await;
}

#[tokio::test]
async fn another_customer_signing_in_there_does_not_get_janes_draft() {
    let h = Harness::start().await;
    h.new_address_typed_then_revoked().await;
    let mut other = seed_request();
    other["customer"]["email"] = json!("sam@example.com");
    other["customer"]["firstname"] = json!("Sam");
    let (status, _) = h.rest("POST", "customers", Some(other), None).await;
    assert_eq!(status, 200);
    h.click("form button[type=submit]").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    h.fill("#reauth-email", "sam@example.com").await;
    h.fill("#reauth-password", "Password1").await;
    h.click("dialog button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Sam Doe").await;
    h.wait_text(".notice", "You are now signed in as sam@example.com")
        .await;
    assert!(!h.page_text().await.contains("Downing"));
    let token = h.session_token().await.unwrap();
    let (_, sam) = h.rest("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(sam["addresses"].as_array().unwrap().len(), 1, "{sam}");
    h.stop().await;
}

#[tokio::test]
async fn near_the_end_of_her_session_she_can_stay_signed_in() {
    let h = Harness::start_with(&["--token-lifetime-minutes", "4"]).await;
    h.jane_signed_in().await;
    h.open("/account/edit").await;
    h.fill("#firstname", "Janet").await;
    let notice = h.wait_text(".session-expiry", "Your session ends in").await;
    assert!(
        notice.contains("4 minutes") || notice.contains("3 minutes"),
        "{notice}"
    );
    let first = h.session_token().await.unwrap();
    // A token issued in the same second would be the same token.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    h.click_labelled("Stay signed in").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    h.fill("#reauth-password", JANE.password).await;
    h.click("dialog button[type=submit]").await;
    h.wait_dialog_closed().await;
    let second = h.session_token().await.unwrap();
    assert_ne!(first, second, "a fresh token");
    assert_eq!(
        h.value("#firstname").await,
        "Janet",
        "her typing is still there"
    );
    h.stop().await;
}

#[tokio::test]
async fn signing_out_in_one_tab_ends_the_session_in_its_duplicate() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    let copy = h.session_storage().await;
    let first = h.client.window().await.unwrap();
    // A duplicated tab: a second tab with a copy of this tab's sessionStorage.
    let second = h.client.new_window(true).await.unwrap();
    h.client
        .switch_to_window(second.handle.clone())
        .await
        .unwrap();
    h.open("/login").await;
    h.duplicate_session_storage(&copy).await;
    h.open("/account/edit").await;
    h.wait_text("h1", "Account information").await;
    h.fill("#firstname", "Janet").await;

    h.client.switch_to_window(first).await.unwrap();
    h.click(".sign-out").await;
    h.wait_for_path("/login").await;

    h.client.switch_to_window(second.handle).await.unwrap();
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "You signed out in another window.")
        .await;
    assert_eq!(h.session_token().await, None);
    h.stop().await;
}

#[tokio::test]
async fn nothing_personal_is_left_in_the_browser_after_signing_out() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/addresses/new").await;
    h.fill_address(&LONDON).await;
    h.open("/account").await;
    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    let left = h
        .client
        .execute_async(
            "const done = arguments[0];
             Promise.all([
               indexedDB.databases ? indexedDB.databases() : [],
               self.caches ? caches.keys() : [],
             ]).then(([databases, caches]) => done({
               session: sessionStorage.length,
               local: localStorage.length,
               cookies: document.cookie,
               databases: databases.length,
               caches: caches.length,
             }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        left,
        json!({"session": 0, "local": 0, "cookies": "", "databases": 0, "caches": 0})
    );
    h.stop().await;
}

#[tokio::test]
async fn a_site_re_pointed_at_another_store_does_not_send_it_her_token() {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    h.jane_signed_in().await;
    let unreachable = free_port();
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "http://127.0.0.1:{unreachable}"}}"#),
    )
    .unwrap();
    h.open("/account").await;
    // Without a token for the new store, the area asks her to sign in there; it never tries
    // the first store's token on it.
    h.wait_for_path("/login?redirect=/account").await;
    assert_eq!(h.session_token().await, None);
    h.stop().await;
}
