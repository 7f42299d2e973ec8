//! The static site beside the API: its files with the headers the nginx recipe sends, and
//! the single-page app's fallback to `index.html`.

use crate::mailbox;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The headers of the site's files, as the nginx recipe in `deploy/nginx/` sends them: how
/// long a browser may keep each (Trunk's hashed assets forever, a new build has new names;
/// the page and its `config.json` never without asking again), and the security headers,
/// with a strict Content-Security-Policy whose `connect-src` is this origin and the store
/// that `config.json` names.
pub(crate) async fn site_headers(
    State(site): State<std::path::PathBuf>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    // The REST answers and the mailbox's pages have headers of their own.
    if path.starts_with("/rest/") || path.starts_with(mailbox::PATH) {
        return response;
    }
    let found = response.status().is_success();
    let headers = response.headers_mut();
    let name = path.rsplit('/').next().unwrap_or_default();
    // A hashed name's 404 (a chunk of another deploy) must not be kept for a year.
    let caching = if is_hashed_asset(name) && found {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    let store = configured_store_origin(&site.join("config.json"));
    let csp = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'{store}; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

const SECURITY_HEADERS: [(header::HeaderName, &str); 4] = [
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (
        header::HeaderName::from_static("permissions-policy"),
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()",
    ),
    (
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// ` https://shop.example.com` when the site's `config.json` points at a store on another
/// origin; read at each answer, because an operator edits the file in place.
fn configured_store_origin(config: &std::path::Path) -> String {
    let Ok(text) = std::fs::read_to_string(config) else {
        return String::new();
    };
    let url = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|c| c["store_url"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let origin: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let valid = (origin.starts_with("http://") || origin.starts_with("https://"))
        && origin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:/-[]".contains(c));
    if valid {
        format!(" {origin}")
    } else {
        String::new()
    }
}

/// `commerce-account-31f382aa4b49361b_bg.wasm`, `main-e66c38083061744.css`: Trunk's names
/// carry a hash of the content (in hex, without its leading zeros).
fn is_hashed_asset(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// The single-page app's fallback: every route of the app is `index.html`, but a missing
/// file (`/favicon.ico`, a stale asset) is a 404, never a page of HTML in its place.
pub(crate) async fn app_page(
    State(index): State<std::path::PathBuf>,
    uri: axum::http::Uri,
) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(page) => axum::response::Html(page).into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_lets_the_site_reach_the_store_it_is_configured_for() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        let origin = |text: &str| {
            std::fs::write(&config, text).unwrap();
            super::configured_store_origin(&config)
        };
        assert_eq!(origin("{}"), "");
        assert_eq!(
            origin(r#"{"store_url": "https://shop.example.com/"}"#),
            " https://shop.example.com"
        );
        assert_eq!(
            origin(r#"{"store_url": "http://127.0.0.1:9000"}"#),
            " http://127.0.0.1:9000"
        );
        assert_eq!(
            origin(r#"{"store_url": "https://x.example; script-src *"}"#),
            ""
        );
    }

    #[test]
    fn hashed_asset_names_are_told_apart() {
        assert!(super::is_hashed_asset(
            "commerce-account-31f382aa4b49361b_bg.wasm"
        ));
        assert!(super::is_hashed_asset(
            "commerce-account-31f382aa4b49361b.js"
        ));
        assert!(super::is_hashed_asset("main-83bb621bb22b23cf.css"));
        assert!(super::is_hashed_asset("main-e66c38083061744.css"));
        assert!(!super::is_hashed_asset("index.html"));
        assert!(!super::is_hashed_asset("config.json"));
        assert!(!super::is_hashed_asset("favicon.svg"));
    }
}
