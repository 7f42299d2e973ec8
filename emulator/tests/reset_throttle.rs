//! Magento_Security's limits on reset links (`customer/password/password_reset_protection_type`,
//! `max_number_password_reset_requests`, `min_time_between_password_reset_requests`): checked
//! before the store looks at the template or the address, so that a refusal says nothing about
//! who has an account, and set by `--config` as on a store.

mod common;

use common::{TestStore, assert_error, kept_dir, seed_request, start_binary};
use serde_json::{Value, json};

const TOO_SOON: &str = "We received too many requests for password resets. Please wait and try again later or contact %1.";
const TOO_OFTEN: &str =
    "Too many password reset requests. Please wait and try again or contact %1.";

/// A store with Jane's account whose e-mails go to a folder the test reads.
async fn store_with_jane(config: &[&str]) -> (TestStore, std::path::PathBuf) {
    let mail = kept_dir("reset-throttle");
    let mut args = vec!["--mail-dir", mail.to_str().unwrap()];
    for setting in config {
        args.extend(["--config", setting]);
    }
    let store = TestStore::start(&args).await;
    store.register(seed_request()).await;
    (store, mail)
}

/// `PUT customers/password` for `email`, from the client a same-machine proxy names.
async fn ask_for_a_link(store: &TestStore, email: &str, from: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .put(format!("{}/rest/default/V1/customers/password", store.base))
        .header("X-Forwarded-For", from)
        .json(&json!({"email": email, "template": "email_reset"}))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn letters_in(mail: &std::path::Path) -> usize {
    std::fs::read_dir(mail).map_or(0, |entries| entries.count())
}

#[tokio::test]
async fn a_second_link_within_ten_minutes_is_refused_with_the_stores_message() {
    let (store, mail) = store_with_jane(&[]).await;
    let before = letters_in(&mail);
    assert_eq!(
        ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await,
        (200, json!(true))
    );
    let again = ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
    assert_error(&again, 400, TOO_SOON, Some(json!(["support@example.com"])));
    assert_eq!(
        letters_in(&mail),
        before + 1,
        "the refused request sent nothing"
    );
}

#[tokio::test]
async fn a_refusal_reads_the_same_whether_the_account_exists_or_not() {
    let (store, _) = store_with_jane(&[]).await;
    ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
    let known = ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
    let unknown = ask_for_a_link(&store, "nobody@example.com", "203.0.113.7").await;
    assert_eq!(known, unknown);
    assert_error(
        &unknown,
        400,
        TOO_SOON,
        Some(json!(["support@example.com"])),
    );
    // Before the template too: the plugin runs before the store reads it.
    let response = reqwest::Client::new()
        .put(format!("{}/rest/default/V1/customers/password", store.base))
        .header("X-Forwarded-For", "203.0.113.7")
        .json(&json!({"email": "jdoe@example.com", "template": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["message"], TOO_SOON);
}

#[tokio::test]
async fn by_default_a_request_counts_against_its_address_and_its_email() {
    let (store, _) = store_with_jane(&[]).await;
    ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
    let same_email = ask_for_a_link(&store, "jdoe@example.com", "198.51.100.1").await;
    assert_eq!(same_email.0, 400, "another address, the same e-mail");
    let same_address = ask_for_a_link(&store, "other@example.com", "203.0.113.7").await;
    assert_eq!(same_address.0, 400, "the same address, another e-mail");
    let neither = ask_for_a_link(&store, "other@example.com", "198.51.100.2").await;
    assert_eq!(
        neither.0, 404,
        "a request that shares nothing goes on to the lookup"
    );
}

#[tokio::test]
async fn e_mails_differing_in_case_count_as_one() {
    let (store, _) = store_with_jane(&["customer/password/password_reset_protection_type=3"]).await;
    ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
    let shouted = ask_for_a_link(&store, "JDOE@Example.com", "198.51.100.1").await;
    assert_eq!(shouted.0, 400);
}

#[tokio::test]
async fn protection_by_email_alone_or_by_address_alone() {
    let (by_email, _) =
        store_with_jane(&["customer/password/password_reset_protection_type=3"]).await;
    ask_for_a_link(&by_email, "jdoe@example.com", "203.0.113.7").await;
    let other_email = ask_for_a_link(&by_email, "other@example.com", "203.0.113.7").await;
    assert_eq!(
        other_email.0, 404,
        "by e-mail: the same address may ask for another"
    );

    let (by_address, _) =
        store_with_jane(&["customer/password/password_reset_protection_type=2"]).await;
    ask_for_a_link(&by_address, "jdoe@example.com", "203.0.113.7").await;
    let other_address = ask_for_a_link(&by_address, "jdoe@example.com", "198.51.100.1").await;
    assert_eq!(
        other_address,
        (200, json!(true)),
        "by address: another may ask"
    );
    let same_address = ask_for_a_link(&by_address, "other@example.com", "203.0.113.7").await;
    assert_eq!(same_address.0, 400);
}

#[tokio::test]
async fn without_a_wait_the_hour_allows_the_configured_number_and_names_the_configured_contact() {
    let (store, mail) = store_with_jane(&[
        "customer/password/min_time_between_password_reset_requests=0",
        "customer/password/max_number_password_reset_requests=3",
        "trans_email/ident_support/email=help@shop.example",
    ])
    .await;
    let before = letters_in(&mail);
    for _ in 0..3 {
        let sent = ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
        assert_eq!(sent, (200, json!(true)));
    }
    for _ in 0..2 {
        let refused = ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
        assert_error(&refused, 400, TOO_OFTEN, Some(json!(["help@shop.example"])));
    }
    assert_eq!(letters_in(&mail), before + 3);
}

#[tokio::test]
async fn turned_off_the_store_sends_every_link() {
    let (store, mail) = store_with_jane(&[common::RESETS_UNTHROTTLED]).await;
    let before = letters_in(&mail);
    for _ in 0..8 {
        let sent = ask_for_a_link(&store, "jdoe@example.com", "203.0.113.7").await;
        assert_eq!(sent, (200, json!(true)));
    }
    assert_eq!(letters_in(&mail), before + 8);
}

#[tokio::test]
async fn a_setting_the_emulator_does_not_follow_or_a_value_magento_refuses_stops_it_at_start() {
    for (setting, named) in [
        (
            "customer/password/no_such_setting=1",
            "customer/password/password_reset_protection_type",
        ),
        (
            "customer/password/password_reset_protection_type=7",
            "from 0 to 3",
        ),
        (
            "trans_email/ident_support/email=not-an-address",
            "trans_email/ident_support/email",
        ),
        (
            "customer/password/max_number_password_reset_requests",
            "PATH=VALUE",
        ),
    ] {
        let told = common::refused_setting(setting);
        assert!(told.contains(named), "{setting}: {told}");
    }
    // The same setting the right way starts a store.
    let (mut child, _, _) = start_binary([
        "--db",
        ":memory:",
        "--config",
        "customer/password/password_reset_protection_type=0",
    ]);
    let _ = child.kill();
    let _ = child.wait();
}
