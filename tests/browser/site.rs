//! The site itself: it starts, says what is wrong when it is set up wrong, and serves
//! every route at any depth.

use crate::harness::*;
use std::path::{Path, PathBuf};

#[tokio::test]
async fn the_release_bundle_renders_its_first_screen_without_console_errors() {
    let h = Harness::start().await;
    h.open("/").await;
    // Signed out, the root sends the shopper to sign in: the WASM ran and routed.
    h.wait_for_path("/login?redirect=/account").await;
    h.wait_text("h1", "Sign in").await;
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

/// A copy of the release build with its own `config.json`.
pub fn site_with_config(config: &str) -> PathBuf {
    let site = kept_dir("site");
    for entry in std::fs::read_dir(env_path("COMMERCE_DIST")).unwrap() {
        let entry = entry.unwrap();
        // A copy that serves what it was given: no compressed twin of the original.
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("config.json.")
        {
            continue;
        }
        copy(&entry.path(), &site.join(entry.file_name()));
    }
    std::fs::write(site.join("config.json"), config).unwrap();
    site
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

#[tokio::test]
async fn a_broken_config_json_gives_a_clear_error_screen() {
    let h = Harness::start_serving(
        &site_with_config(r#"{"store_url": "shop.example.com"}"#),
        &[],
    )
    .await;
    h.open("/register").await;
    h.wait_text("[role=alert]", "store_url must be empty").await;
    h.stop().await;
}

#[tokio::test]
async fn a_config_json_of_the_wrong_shape_or_with_an_off_site_link_names_what_is_wrong() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let cases = [
        (
            r#"{"store_urll": ""}"#.to_owned(),
            "\"store_urll\" is not a setting (did you mean store_url?)",
        ),
        (r#"{"evil": "x"}"#.to_owned(), "\"evil\" is not a setting"),
        ("[]".to_owned(), "must be one object of settings"),
        (
            r#"["https://shop.example.com"]"#.to_owned(),
            "must be one object of settings",
        ),
        ("[1]".to_owned(), "must be one object of settings"),
        (deep.clone(), "must be one object of settings"),
        (
            format!(r#"{{"customer_config": {{"customer/address/street_lines": {deep}}}}}"#),
            "street_lines takes a string",
        ),
        (
            r#"{"store_url": 5}"#.to_owned(),
            "store_url takes text, not a number",
        ),
        (
            r#"{"logo_url": "/\\evil.example/x.png"}"#.to_owned(),
            "logo_url \"/\\evil.example/x.png\" leads off this site",
        ),
        (
            r#"{"store_home_url": "/\\evil.example"}"#.to_owned(),
            "store_home_url \"/\\evil.example\" leads off this site",
        ),
        (
            r#"{"store_home_url": "/\t/evil.example"}"#.to_owned(),
            "leads off this site",
        ),
    ];
    for (config, said) in cases {
        let h = Harness::start_serving(&site_with_config(&config), &[]).await;
        h.open("/login").await;
        h.wait_text("main.config-error [role=alert]", said).await;
        assert!(
            h.count("img").await + h.count("form").await == 0,
            "{config:.80}: nothing of the site is drawn on a configuration it cannot trust"
        );
        h.stop().await;
    }
}

#[tokio::test]
async fn an_unreachable_store_or_a_non_json_answer_is_said_plainly() {
    let closed = free_port();
    let h = Harness::start_serving(
        &site_with_config(&format!(r#"{{"store_url": "http://127.0.0.1:{closed}"}}"#)),
        &[],
    )
    .await;
    h.open("/register").await;
    h.wait_text(
        ".notice.error",
        "The store could not be reached. Check your connection and try again.",
    )
    .await;
    h.stop().await;

    // A base URL that is no store: the site's own HTML comes back where JSON was expected.
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "{}/not-a-store"}}"#, h.base),
    )
    .unwrap();
    h.open("/register").await;
    h.wait_text(
        ".notice.error",
        "The store sent an answer this page cannot read (HTTP 200).",
    )
    .await;
    h.stop().await;
}

#[tokio::test]
async fn every_route_loads_at_any_depth_with_or_without_a_trailing_slash() {
    let h = Harness::start().await;
    for (path, heading) in [
        ("/login/", "Sign in"),
        ("/register/", "Create an account"),
        ("/forgot-password", "Forgot your password?"),
        ("/forgot-password/", "Forgot your password?"),
        ("/customer/account/createPassword/", "Set a new password"),
        // Signed out, the account pages send her to sign in first.
        ("/account/edit", "Sign in"),
        ("/account/addresses/new/", "Sign in"),
    ] {
        h.open(path).await;
        h.wait_text("h1", heading).await;
    }
    assert_eq!(h.path().await, "/login?redirect=/account/addresses/new");
    h.jane_signed_in().await;
    for (path, heading) in [
        ("/account/edit/", "Account information"),
        ("/account/addresses", "Address book"),
        ("/account/addresses/new", "Add a new address"),
        ("/account/password/", "Change password"),
        ("/account/", "My account"),
    ] {
        h.open(path).await;
        h.wait_text("h1", heading).await;
        h.client.refresh().await.unwrap();
        h.wait_text("h1", heading).await;
    }
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

/// A mistyped or outdated link: the page says so in her words, under its own title, and
/// leads on to her account.
#[tokio::test]
async fn an_address_the_site_does_not_have_says_so_and_leads_to_her_account() {
    let h = Harness::start().await;
    h.open("/account-settings/old/").await;
    h.wait_text("h1", "Page not found").await;
    assert_eq!(
        h.client.title().await.unwrap(),
        "Page not found – Customer account"
    );
    h.assert_accessible("the page not found").await;
    h.click_labelled("Go to your account").await;
    h.wait_for_path("/login?redirect=/account").await;
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn the_country_list_is_fetched_once_and_only_by_pages_that_show_countries() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.wait_text("h1", "Sign in").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let countries = |h: &Harness| {
        h.requests()
            .iter()
            .filter(|r| r.path == "/rest/default/V1/directory/countries")
            .count()
    };
    assert_eq!(countries(&h), 0, "signing in waits for no country list");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_text(".address-card", "United States").await;
    for link in ["Manage addresses", "Add a new address"] {
        h.click_labelled(link).await;
    }
    h.wait_text("#country", "United States").await;
    assert_eq!(countries(&h), 1, "{:#?}", h.requests());
    h.stop().await;
}

/// The accessibility check is a real one: an unlabelled input makes it fail.
#[tokio::test]
#[should_panic(expected = "label")]
async fn the_accessibility_check_catches_an_unlabelled_input() {
    let h = Harness::start().await;
    h.open("/login").await;
    h.wait_text("h1", "Sign in").await;
    h.script("document.querySelector('main').append(document.createElement('input'));")
        .await;
    h.assert_accessible("a page with an unlabelled input").await;
}
