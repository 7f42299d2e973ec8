//! The static site beside the API: its files with the headers the nginx recipe sends, and
//! the single-page app's fallback to `index.html`.

use crate::mailbox;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use commerce_rest::recaptcha::{self, Reader, RecaptchaConfig};
use std::sync::Arc;

/// The site this emulator serves, and what its `config.json` asks of the page's policy, read
/// once for each version of the file (an operator edits it in place): a stat per page, and
/// no read at all for the other files, whose policy nothing in it changes.
pub(crate) struct Site {
    pub dir: std::path::PathBuf,
    policy: std::sync::Mutex<Option<(FileVersion, Arc<str>)>>,
}

/// A file's length and modification time: a new write changes one of them.
type FileVersion = (u64, Option<std::time::SystemTime>);

/// A config.json past this is no site's: its policy is the stock one, and it is not read.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

impl Site {
    pub fn new(dir: std::path::PathBuf) -> Site {
        Site {
            dir,
            policy: std::sync::Mutex::new(None),
        }
    }

    /// The page's Content-Security-Policy for the config.json the site has now.
    fn page_policy(&self) -> Arc<str> {
        let path = self.dir.join("config.json");
        let version = std::fs::metadata(&path)
            .map(|m| (m.len(), m.modified().ok()))
            .unwrap_or((0, None));
        let mut cached = self.policy.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seen, policy)) = cached.as_ref()
            && *seen == version
        {
            return policy.clone();
        }
        let config = if version.0 <= MAX_CONFIG_BYTES {
            std::fs::read_to_string(&path).unwrap_or_default()
        } else {
            String::new()
        };
        let policy: Arc<str> = policy_for(&config).into();
        *cached = Some((version, policy.clone()));
        policy
    }
}

/// The headers of the site's files, as the nginx recipe in `deploy/nginx/` sends them: how
/// long a browser may keep each (Trunk's hashed assets forever, a new build has new names;
/// the page and its `config.json` never without asking again), and the security headers,
/// with a strict Content-Security-Policy whose `connect-src` is this origin and the store
/// that `config.json` names, and which admits the reCAPTCHA provider when a form is guarded.
pub(crate) async fn site_headers(
    State(site): State<Arc<Site>>,
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
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let headers = response.headers_mut();
    let name = path.rsplit('/').next().unwrap_or_default();
    // A hashed name's 404 (a chunk of another deploy) must not be kept for a year.
    let caching = if is_hashed_asset(name) && found {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    let csp = match page {
        true => site.page_policy(),
        false => policy_for("").into(),
    };
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

/// The policy for a site whose `config.json` reads `config`: the store on another origin it
/// names goes into `connect-src`, and when it guards a form, the reCAPTCHA provider's hosts
/// (Google's, or the script it names instead) into `script-src`, `frame-src` and `connect-src`.
fn policy_for(config: &str) -> String {
    let config: serde_json::Value = serde_json::from_str(config).unwrap_or_default();
    let store = config["store_url"]
        .as_str()
        .and_then(recaptcha::policy_origin)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let mut guards = RecaptchaConfig::default();
    for (path, value) in config["customer_config"].as_object().into_iter().flatten() {
        if let Some(value) = value.as_str().filter(|_| RecaptchaConfig::owns(path)) {
            let _ = guards.set(path, value, Reader::Site);
        }
    }
    let provider = match guards.guards_any(Reader::Site) {
        true => recaptcha::policy_sources(
            config["recaptcha_script_url"]
                .as_str()
                .unwrap_or(recaptcha::GOOGLE_SCRIPT),
        ),
        false => Default::default(),
    };
    let frame = match provider.frame.is_empty() {
        true => String::new(),
        false => format!(" frame-src{};", provider.frame),
    };
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'; img-src 'self'; connect-src 'self'{store}{};{frame} manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        provider.script, provider.connect
    )
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
        let connect = |config: &str| {
            let policy = super::policy_for(config);
            policy
                .split("; ")
                .find(|d| d.starts_with("connect-src"))
                .unwrap()
                .to_owned()
        };
        assert_eq!(connect("{}"), "connect-src 'self'");
        assert_eq!(
            connect(r#"{"store_url": "https://shop.example.com/"}"#),
            "connect-src 'self' https://shop.example.com"
        );
        assert_eq!(
            connect(r#"{"store_url": "http://127.0.0.1:9000"}"#),
            "connect-src 'self' http://127.0.0.1:9000"
        );
        assert_eq!(
            connect(r#"{"store_url": "https://x.example; script-src *"}"#),
            "connect-src 'self'"
        );
    }

    #[test]
    fn a_guarded_form_lets_the_page_load_its_provider_and_only_then() {
        let guarded = r#"{"customer_config": {
            "recaptcha_frontend/type_for/customer_login": "recaptcha",
            "recaptcha_frontend/type_recaptcha/public_key": "site-key"}}"#;
        let policy = super::policy_for(guarded);
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/;"),
            "{policy}"
        );
        assert!(
            policy.contains(" frame-src https://www.google.com/recaptcha/"),
            "{policy}"
        );
        let stock = super::policy_for("{}");
        assert!(
            !stock.contains("google") && !stock.contains("frame-src"),
            "{stock}"
        );
        let type_only = super::policy_for(
            r#"{"customer_config": {"recaptcha_frontend/type_for/customer_login": "recaptcha"}}"#,
        );
        assert_eq!(type_only, stock, "no site key, no widget");
    }

    #[test]
    fn the_policy_is_read_once_for_each_version_of_config_json() {
        let dir = tempfile::tempdir().unwrap();
        let site = super::Site::new(dir.path().to_path_buf());
        let config = dir.path().join("config.json");
        std::fs::write(&config, "{}").unwrap();
        let first = site.page_policy();
        assert!(
            std::sync::Arc::ptr_eq(&first, &site.page_policy()),
            "cached"
        );
        std::fs::write(&config, r#"{"store_url": "https://shop.example.com"}"#).unwrap();
        assert!(site.page_policy().contains("https://shop.example.com"));
        std::fs::write(&config, " ".repeat(super::MAX_CONFIG_BYTES as usize + 1)).unwrap();
        assert_eq!(&*site.page_policy(), super::policy_for("").as_str());
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
