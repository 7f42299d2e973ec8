//! From an attacker's seat: where a link may send her after signing in, what a link may put
//! into a request to the store, and what a shared computer keeps after she signs out.

use crate::harness::*;
use serde_json::json;

/// Destinations as a link carries them, percent-encoded as in an address bar.
const ELSEWHERE: [&str; 6] = [
    "/%5Cexample.org/x",
    "//example.org",
    "https://example.org/",
    "/%5C/example.org",
    "javascript:alert(1)",
    "/%09/example.org",
];

#[tokio::test]
async fn after_signing_in_a_link_sends_her_only_to_a_page_of_the_site() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    for redirect in ELSEWHERE {
        h.open(&format!("/login?redirect={redirect}")).await;
        h.wait_text("h1", "Sign in").await;
        h.sign_in(JANE.email, JANE.password).await;
        h.wait_for_path("/account").await;
        // Signed in already, the sign-in page sends her on at once: to the same place.
        h.open(&format!("/login?redirect={redirect}")).await;
        h.wait_for_path("/account").await;
        h.click(".sign-out").await;
        h.wait_for_path("/login").await;
    }
    h.open("/login?redirect=%2Faccount%2Fedit%3Fa%3D1%26b%3D2")
        .await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account/edit?a=1&b=2").await;
    h.stop().await;
}

#[tokio::test]
async fn the_guard_brings_her_back_to_the_page_with_its_whole_query() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/account/edit?a=1&b=2").await;
    h.open("/account/edit?a=1&b=2").await;
    h.wait_for_path("/login?redirect=/account/edit%3Fa%3D1%26b%3D2")
        .await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account/edit?a=1&b=2").await;
    h.stop().await;
}

#[tokio::test]
async fn a_reset_link_that_is_not_a_stores_is_refused_without_a_request() {
    let h = Harness::start().await;
    for query in [
        "id=1&token=..%2F..%2F..%2F..%2Fdirectory%2Fcountries",
        "id=0&token=0123456789abcdef0123456789abcdef",
        "id=x&token=0123456789abcdef0123456789abcdef",
        "id=1&token=short",
    ] {
        let before = h.requests().len();
        h.open(&format!("/customer/account/createPassword/?{query}"))
            .await;
        h.wait_text("main", "This link is not valid").await;
        h.wait_text("main", "Send me a new link").await;
        let sent = h.requests_since(before);
        assert!(sent.is_empty(), "{query}: {sent:#?}");
    }
    h.assert_accessible("a damaged reset link").await;
    h.stop().await;
}

const REVOKE: &str = "POST /rest/default/V1/integration/customer/revoke-customer-token ";

#[tokio::test]
async fn signing_out_forgets_her_before_the_store_answers() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    // The revoke reaches the store only after five seconds: a slow store, or a slow network.
    h.fault(json!({
        "route": "POST integration/customer/revoke-customer-token",
        "fault": "hold",
        "latency_ms": 5000,
        "hold_ms": 0
    }));
    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    assert_eq!(h.session_token().await, None);
    assert_eq!(
        h.handled(REVOKE),
        0,
        "she was forgotten before the store was told"
    );
    h.wait_text(".notice", "You have signed out.").await;
    h.stop().await;
}

#[tokio::test]
async fn when_the_store_cannot_be_told_she_reads_when_her_session_ends() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.fault(json!({
        "route": "POST integration/customer/revoke-customer-token",
        "fault": "bad_gateway"
    }));
    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "the store could not be told").await;
    h.wait_text(".notice", "ends by itself at").await;
    assert_eq!(h.session_token().await, None);
    h.assert_accessible("signed out, the store not told").await;
    h.stop().await;
}
