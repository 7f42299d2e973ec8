//! Creating an account: the seed scenario, the store's refusals, and names and countries
//! of every kind.

use crate::harness::*;
use serde_json::json;

#[tokio::test]
async fn jane_registers_and_sees_her_address_book_then_signs_out() {
    let h = Harness::start().await;
    seed_scenario(&h).await;
    h.stop().await;
}

/// The seed scenario of `shared/seed-scenario.md`, as Jane lives it in the browser.
pub async fn seed_scenario(h: &Harness) {
    h.register(&JANE).await;
    let card = h
        .wait_text(".address-card", "Default billing address")
        .await;
    assert!(
        card.contains("Default shipping address"),
        "both marks on one card: {card}"
    );
    for line in [
        "Jane Doe",
        "160 1st St.",
        "Mineola, New York, 11501",
        "United States",
        "T: 516-555-1111",
    ] {
        assert!(card.contains(line), "{line:?} in {card}");
    }
    h.wait_text(".profile", "jdoe@example.com").await;
    h.wait_text(".session-expiry", "You stay signed in until")
        .await;
    h.screenshot("account").await;
    h.assert_accessible("the account page").await;
    // Countries, the account, the token: the account page needs no further call.
    let requests = h.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert!(requests[1].answered("POST /rest/default/V1/customers", 200));
    assert!(requests[2].answered("POST /rest/default/V1/integration/customer/token", 200));

    let token = h
        .session_token()
        .await
        .expect("the token is in sessionStorage");
    assert_eq!(h.script("return localStorage.length;").await, json!(0));
    assert_eq!(h.script("return document.cookie;").await, json!(""));
    assert!(!h.path().await.contains(&token));

    h.client.refresh().await.unwrap();
    h.wait_text(".profile", "Jane Doe").await;
    assert_eq!(h.path().await, "/account");
    assert_eq!(h.console_errors().await, Vec::<String>::new());

    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "You have signed out.").await;
    assert_eq!(h.session_token().await, None);
    let (status, body) = h.rest("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(status, 401);
    assert_eq!(body["parameters"]["resources"], "self");
}

#[tokio::test]
async fn a_second_registration_shows_the_stores_message_at_the_email_field_and_keeps_the_form() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/register").await;
    h.fill_registration(&JANE).await;
    h.click("button[type=submit]").await;
    let error = h.wait_text("#email-error", "already an account").await;
    assert_eq!(
        error,
        "There is already an account with this email address."
    );
    assert_eq!(
        h.attr("#email", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert!(
        h.attr("#email", "aria-describedby")
            .await
            .unwrap()
            .contains("email-error")
    );
    assert_eq!(h.path().await, "/register");
    assert_eq!(h.value("#firstname").await, "Jane");
    assert_eq!(h.value("#street").await, "160 1st St.");
    assert_eq!(h.value("#password").await, "Password1");
    assert_eq!(h.value("select#region").await, "43");
    assert_eq!(h.focused_id().await.as_deref(), Some("email"));
    h.stop().await;
}

#[tokio::test]
async fn a_password_failing_the_policy_is_refused_before_any_request() {
    let h = Harness::start().await;
    h.fill_registration(&Shopper {
        password: "password",
        ..JANE
    })
    .await;
    // The live checklist shows what is missing before submitting.
    let policy = h
        .wait_text("#password-policy", "At least 8 characters")
        .await;
    assert!(policy.contains("(not met yet)"), "{policy}");
    let before = h.requests().len();
    h.click("button[type=submit]").await;
    h.wait_text(
        "#password-error",
        "Minimum of different classes of characters in password is 3.",
    )
    .await;
    assert_eq!(
        h.requests().len(),
        before,
        "nothing was sent: {:#?}",
        h.requests()
    );
    assert_eq!(h.focused_id().await.as_deref(), Some("password"));
    // Show/hide reveals what was typed, without losing it.
    h.click(".password-input .toggle").await;
    assert_eq!(h.attr("#password", "type").await.as_deref(), Some("text"));
    assert_eq!(h.value("#password").await, "password");

    // An empty form: every required field says so, focus goes to the first.
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    h.assert_accessible("the empty registration form").await;
    h.click("button[type=submit]").await;
    h.wait_text("#firstname-error", "required").await;
    h.wait_text("#region-error", "\"State/Province\" is required.")
        .await;
    assert_eq!(h.focused_id().await.as_deref(), Some("firstname"));
    h.screenshot("register").await;
    h.assert_accessible("the registration form with its errors")
        .await;
    assert!(!h.requests().iter().any(|r| r.method == "POST"));
    h.stop().await;
}

#[tokio::test]
async fn an_apostrophe_accents_and_a_country_without_regions_register_correctly() {
    let h = Harness::start().await;
    h.register(&Shopper {
        firstname: "Zoë",
        lastname: "O'Brien-Núñez",
        email: "zoe@example.co.uk",
        password: "Tëst-passw0rd",
        country: "GB",
        region: Region::Typed("Greater London"),
        street: "10 Downing St.",
        city: "London",
        postcode: "",
        telephone: "+44 20 7946 0000",
    })
    .await;
    h.wait_text(".profile", "Zoë O'Brien-Núñez").await;
    let card = h.wait_text(".address-card", "United Kingdom").await;
    assert!(card.contains("London, Greater London"), "{card}");
    assert!(card.contains("Default billing address") && card.contains("Default shipping address"));
    h.stop().await;
}

#[tokio::test]
async fn markup_a_store_keeps_is_shown_as_text_and_never_runs() {
    let h = Harness::start().await;
    h.open("/login").await;
    // A free-text region is the one place a store keeps markup as sent.
    let mut body = seed_request();
    let address = &mut body["customer"]["addresses"][0];
    address["countryId"] = json!("GB");
    address["region"] =
        json!({"region": "<img src=x onerror=\"document.title='pwned'\">\u{202e}Ünïcode 😀 י"});
    address["postcode"] = json!("SW1A 2AA");
    let (status, answer) = h.rest("POST", "customers", Some(body), None).await;
    assert_eq!(status, 200, "{answer}");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    let card = h.wait_text(".address-card", "<img src=x").await;
    assert!(card.contains("😀"), "{card}");
    assert_eq!(h.count(".address-card img").await, 0);
    assert_ne!(h.client.title().await.unwrap(), "pwned");
    h.stop().await;
}
