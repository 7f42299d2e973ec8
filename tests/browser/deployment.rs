//! Deployed as a store would: behind nginx with the recipe of `deploy/nginx/` (strict CSP,
//! precompressed files, no reset token in the log), under a sub-path, and with the store on
//! another origin, with and without CORS, and the self-test that names the fix.

use crate::harness::*;
use crate::registration::seed_scenario;
use crate::signing_in::sign_in_by_keyboard;
use crate::site::site_with_config;

fn dist() -> std::path::PathBuf {
    env_path("COMMERCE_DIST")
}

#[tokio::test]
async fn the_seed_scenario_through_nginx_under_a_strict_policy() {
    let h = Harness::behind_nginx("customer-account.conf", &dist(), "").await;
    seed_scenario(&h).await;
    assert_eq!(h.policy_violations().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn signing_in_through_nginx() {
    let h = Harness::behind_nginx("customer-account.conf", &dist(), "").await;
    sign_in_by_keyboard(&h).await;
    h.open("/account/addresses").await;
    h.wait_text(".address-card", "Mineola").await;
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

/// One plain GET that accepts brotli, as a browser over HTTPS does: the status line and the
/// headers, lower-cased.
fn get(base: &str, path: &str) -> String {
    http(base, "GET", path, &["Accept-Encoding: br, gzip"], None)
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

const SECURITY_HEADERS: [&str; 5] = [
    "content-security-policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'",
    "referrer-policy: no-referrer",
    "x-content-type-options: nosniff",
    "permissions-policy: accelerometer=()",
    "frame-ancestors 'none'",
];

/// A chunk of another deploy: its 404 must not be kept for a year under its hashed name, or
/// the tab that asked for it could never load it once it is there.
const GONE_CHUNK: &str = "/split_guest-0123456789abcdef.wasm";

fn asset(suffix: &str) -> String {
    std::fs::read_dir(dist())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(suffix))
        .unwrap()
}

#[tokio::test]
async fn nginx_sends_the_headers_of_the_recipe_and_the_precompressed_files() {
    let h = Harness::behind_nginx("customer-account.conf", &dist(), "").await;
    let page = get(&h.base, "/account/addresses");
    assert!(page.starts_with("http/1.1 200"), "{page}");
    assert!(page.contains("cache-control: no-cache"), "{page}");
    for header in SECURITY_HEADERS {
        assert!(page.contains(header), "{header:?} missing:\n{page}");
    }
    let wasm = get(&h.base, &format!("/{}", asset("_bg.wasm")));
    assert!(wasm.contains("content-encoding: br"), "{wasm}");
    assert!(wasm.contains("content-type: application/wasm"), "{wasm}");
    assert!(
        wasm.contains("cache-control: public, max-age=31536000, immutable"),
        "{wasm}"
    );
    assert!(wasm.contains("x-content-type-options: nosniff"), "{wasm}");
    let config = get(&h.base, "/config.json");
    assert!(config.contains("cache-control: no-cache"), "{config}");
    // A catalogue is edited in place: never a stale precompressed copy, asked again each time.
    let german = get(&h.base, "/i18n/de_DE.json");
    assert!(german.starts_with("http/1.1 200"), "{german}");
    assert!(german.contains("content-encoding: gzip"), "{german}");
    assert!(german.contains("cache-control: no-cache"), "{german}");
    assert!(get(&h.base, "/favicon.ico").starts_with("http/1.1 404"));
    let gone = get(&h.base, GONE_CHUNK);
    assert!(gone.starts_with("http/1.1 404"), "{gone}");
    assert!(!gone.contains("immutable"), "{gone}");
    // The store's JSON travels compressed (by the store here; nginx gzips it for one that does not).
    let countries = get(&h.base, "/rest/default/V1/directory/countries");
    assert!(countries.contains("content-encoding: "), "{countries}");
    h.stop().await;
}

#[tokio::test]
async fn the_emulator_serves_the_site_with_the_same_headers() {
    let h = Harness::start().await;
    let page = get(&h.base, "/login");
    for header in SECURITY_HEADERS {
        assert!(page.contains(header), "{header:?} missing:\n{page}");
    }
    let wasm = get(&h.base, &format!("/{}", asset("_bg.wasm")));
    assert!(wasm.contains("content-encoding: br"), "{wasm}");
    assert!(wasm.contains("immutable"), "{wasm}");
    let gone = get(&h.base, GONE_CHUNK);
    assert!(gone.starts_with("http/1.1 404"), "{gone}");
    assert!(!gone.contains("immutable"), "{gone}");
    h.stop().await;
}

#[tokio::test]
async fn no_reset_token_reaches_the_access_log() {
    let h = Harness::behind_nginx("customer-account.conf", &dist(), "").await;
    h.open("/customer/account/createPassword/?id=1&token=0123456789SECRET0123456789SECRET")
        .await;
    h.wait_text("h1", "Set a new password").await;
    h.wait_text("main", "cannot be used any more").await;
    let log = Nginx::access_log(h.nginx_dir.as_ref().unwrap());
    assert!(log.contains("/customer/account/createPassword/"), "{log}");
    assert!(log.contains("/resetLinkToken/***"), "{log}");
    assert!(!log.contains("SECRET"), "{log}");
    h.stop().await;
}

#[tokio::test]
async fn the_seed_scenario_under_a_sub_path() {
    let site = env_path("COMMERCE_DIST_SUBPATH");
    let h = Harness::behind_nginx("customer-account-subpath.conf", &site, "/shop/account").await;
    seed_scenario(&h).await;
    assert_eq!(h.policy_violations().await, Vec::<String>::new());
    // A reload on a deep route, and the store's own reset link, land in the app.
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    // Every link the app writes stays under the site's path: opened in a new tab, copied or
    // followed by a crawler, it does not lead to the store's storefront.
    let hrefs = h
        .script(
            "return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));",
        )
        .await;
    let hrefs: Vec<&str> = hrefs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(hrefs.len() >= 6, "{hrefs:?}");
    assert!(
        hrefs
            .iter()
            .all(|href| href.starts_with("/shop/account/") || href == &"/shop/account"),
        "{hrefs:?}"
    );
    h.open("/account/addresses/new").await;
    h.wait_text("h1", "Add a new address").await;
    h.client.refresh().await.unwrap();
    h.wait_text("h1", "Add a new address").await;
    h.client
        .goto(&format!(
            "{}/customer/account/createPassword/?id=1&token=abc",
            h.base
        ))
        .await
        .unwrap();
    h.wait_text("h1", "Set a new password").await;
    assert!(
        h.client
            .current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/shop/account/customer/account/createPassword")
    );
    assert_eq!(h.policy_violations().await, Vec::<String>::new());
    h.stop().await;
}

/// A site whose config.json points at a store on another origin, started with `flags`.
async fn site_and_store_apart(cors: bool) -> (Harness, EmulatorProcess) {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    let mut flags = vec![];
    if cors {
        flags.extend(["--cors-origin", h.base.as_str()]);
    }
    let store = EmulatorProcess::start(&flags);
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "{}"}}"#, store.base),
    )
    .unwrap();
    (h, store)
}

#[tokio::test]
async fn a_store_on_another_origin_that_allows_this_site() {
    let (h, store) = site_and_store_apart(true).await;
    h.register(&JANE).await;
    h.wait_text(".address-card", "Mineola").await;
    assert!(
        store
            .requests
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.answered("POST /rest/default/V1/customers", 200))
    );
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.open("/status").await;
    h.wait_text(".checks", "The store sends CORS headers for")
        .await;
    assert_eq!(h.count(".check.failed").await, 0);
    h.stop().await;
}

#[tokio::test]
async fn a_store_without_cors_is_named_with_the_fix() {
    let (h, store) = site_and_store_apart(false).await;
    h.open("/register").await;
    let notice = h
        .wait_text(".notice.error", "does not allow this site")
        .await;
    assert!(
        notice.contains(&format!("The store at {}", store.base)),
        "{notice}"
    );
    assert!(
        notice.contains(&format!("allow {} in its CORS settings", h.base)),
        "{notice}"
    );
    h.open("/status").await;
    let failed = h.wait_text(".check.failed", "To fix").await;
    assert!(failed.contains("Allow the origin"), "{failed}");
    h.assert_accessible("the status page with a failed check")
        .await;

    // The same site against a store that is not there at all.
    drop(store);
    h.open("/status").await;
    let failed = h.wait_text(".check.failed", "No answer").await;
    assert!(failed.contains("Check store_url"), "{failed}");
    h.stop().await;
}

#[tokio::test]
async fn a_wrong_store_code_or_a_store_url_with_rest_is_named() {
    let site = site_with_config(r#"{"store_code": "nosuchview"}"#);
    let h = Harness::start_serving(&site, &[]).await;
    h.open("/status").await;
    let failed = h.wait_text(".check.failed", "store_code").await;
    assert!(failed.contains("/rest/nosuchview/V1"), "{failed}");
    h.open("/register").await;
    h.wait_text(".notice.error", "status page").await;
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "{}/rest"}}"#, h.base),
    )
    .unwrap();
    h.open("/login").await;
    h.wait_text("[role=alert]", "without /rest").await;
    h.stop().await;
}

#[tokio::test]
async fn a_busy_store_is_not_called_a_setting_to_change() {
    let h = Harness::start().await;
    h.fault(serde_json::json!({
        "route": "GET directory/countries",
        "fault": "unavailable",
        "retry_after": 7
    }));
    h.open("/status").await;
    let failed = h.wait_text(".check.failed", "busy (HTTP 503)").await;
    assert!(
        failed.contains("Nothing to change in config.json: load this page again in 7 seconds."),
        "{failed}"
    );
    h.assert_accessible("the status page with a busy store")
        .await;
    h.stop().await;
}
