//! Browser-only behaviour, run by wasm-bindgen-test in headless Chromium: where the token
//! is kept, and how its expiry reads.
#![cfg(target_arch = "wasm32")]

use commerce_account::api::GuestApi;
use commerce_account::config::StoreConfig;
use commerce_account::session::{Ending, Session, signed_in_until};
use leptos::prelude::GetUntracked;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "commerce-customer-token";
const STORE_KEY: &str = "commerce-customer-token-store";

fn guest() -> GuestApi {
    GuestApi::new(&StoreConfig::default())
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A JWT-shaped token whose payload carries the given expiry (the signature is not read).
fn token_expiring_at(exp: u64) -> String {
    let payload = format!(r#"{{"uid":1,"utypid":3,"iat":{},"exp":{exp}}}"#, exp - 3600);
    let encode = |s: &str| {
        web_sys::window()
            .unwrap()
            .btoa(s)
            .unwrap()
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    };
    format!(
        "{}.{}.signature",
        encode(r#"{"alg":"HS256","kid":"1"}"#),
        encode(&payload)
    )
}

fn cookies() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .unchecked_into::<web_sys::HtmlDocument>()
        .cookie()
        .unwrap()
}

#[wasm_bindgen_test]
fn the_token_is_kept_in_session_storage_only() {
    session_storage().clear().unwrap();
    local_storage().clear().unwrap();
    let session = Session::restore(&guest());
    assert!(session.customer_api().get_untracked().is_none());
    let token = token_expiring_at(4_000_000_000);
    session.sign_in(guest().customer(token.clone().into()), None);
    assert_eq!(
        session_storage().get_item(KEY).unwrap(),
        Some(token.clone())
    );
    assert_eq!(local_storage().length().unwrap(), 0);
    assert_eq!(cookies(), "");
    // A reload reads it back.
    let resumed = Session::restore(&guest());
    assert_eq!(
        resumed.customer_api().get_untracked().unwrap().token(),
        token
    );
    resumed.end(Ending::SignedOut);
    assert_eq!(session_storage().get_item(KEY).unwrap(), None);
    assert_eq!(
        resumed.notice().get_untracked().map(|n| n.text).as_deref(),
        Some("You have signed out.")
    );
}

#[wasm_bindgen_test]
fn a_token_of_another_store_is_dropped_when_the_site_is_re_pointed() {
    session_storage().clear().unwrap();
    let first = GuestApi::new(&StoreConfig {
        store_url: "https://first.example".to_owned(),
        ..StoreConfig::default()
    });
    let token = token_expiring_at(4_000_000_000);
    Session::restore(&first).sign_in(first.customer(token.clone().into()), None);
    assert_eq!(
        session_storage().get_item(KEY).unwrap(),
        Some(token.clone())
    );

    let other_view = GuestApi::new(&StoreConfig {
        store_url: "https://first.example".to_owned(),
        store_code: "german".to_owned(),
        ..StoreConfig::default()
    });
    let session = Session::restore(&other_view);
    assert!(session.customer_api().get_untracked().is_none());
    assert_eq!(session_storage().get_item(KEY).unwrap(), None);
    assert_eq!(session_storage().get_item(STORE_KEY).unwrap(), None);

    Session::restore(&first).sign_in(first.customer(token.clone().into()), None);
    let session = Session::restore(&first);
    assert_eq!(
        session
            .customer_api()
            .get_untracked()
            .map(|api| api.token().to_owned()),
        Some(token)
    );
}

#[wasm_bindgen_test]
fn an_expired_token_is_dropped_at_start_with_a_word_why() {
    session_storage().clear().unwrap();
    session_storage()
        .set_item(KEY, &token_expiring_at(1_000_000_000))
        .unwrap();
    session_storage()
        .set_item(STORE_KEY, guest().store())
        .unwrap();
    let session = Session::restore(&guest());
    assert!(session.customer_api().get_untracked().is_none());
    assert_eq!(session_storage().get_item(KEY).unwrap(), None);
    assert!(
        session
            .notice()
            .get_untracked()
            .unwrap()
            .text
            .contains("session has ended")
    );
}

#[wasm_bindgen_test]
fn the_expiry_of_a_jwt_reads_as_a_local_date() {
    let api = guest().customer(token_expiring_at(4_102_444_800).into());
    let until = signed_in_until(&api).unwrap();
    assert!(until.contains("2100") || until.contains("2099"), "{until}");
    assert_eq!(
        signed_in_until(&guest().customer("opaque0123456789".into())),
        None
    );
}

#[wasm_bindgen_test]
fn names_with_combining_marks_pass_in_the_browser_as_at_the_store() {
    use commerce_rest::validate::is_valid_name;
    // The browser's own Unicode tables answer `\p{M}` here.
    assert!(is_valid_name("Jose\u{301}"));
    assert!(is_valid_name("प्रिया"));
    assert!(!is_valid_name("Jane<script>"));
    for ok in [
        "O'Brien",
        "D’Angelo",
        "Zoë",
        "李",
        "Anne-Marie 2nd",
        "Smith & Sons",
    ] {
        assert!(is_valid_name(ok), "{ok}");
    }
    for bad in ["", "a@b", "Jane;", &"a".repeat(256)] {
        assert!(!is_valid_name(bad), "{bad}");
    }
    assert!(is_valid_name(&"a".repeat(255)));
}

#[wasm_bindgen_test]
fn case_folds_in_the_browser_as_at_the_store() {
    use commerce_rest::text::fold_case;
    assert_eq!(fold_case("JDoe@Example.com"), "jdoe@example.com");
    assert_eq!(fold_case("ÜSER@EXAMPLE.COM"), "üser@example.com");
    assert_eq!(fold_case("ΟΔΟΣ"), "ΟΔΟΣ".to_lowercase());
}
