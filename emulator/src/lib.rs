//! `commerce-emulator`: the customer REST API of a stock Adobe Commerce / Magento 2.4 store,
//! served from one binary with a SQLite database, for developing and testing a storefront
//! where no Magento can run.

pub mod auth;
pub mod config;
pub mod demo;
pub mod directory;
pub mod error;
pub mod faults;
pub mod input;
pub mod mail;
mod mailbox;
pub mod passwords;
mod routes;
pub use routes::ROUTES;
pub mod store;

use auth::{Caller, Tokens};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use commerce_rest::error::templates;
use config::{Settings, StoreConfig};
use error::{ApiError, ApiResult};
use input::Params;
use mail::Outbox;
use passwords::Passwords;
use std::sync::Arc;
use std::time::Instant;
use store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

/// The one website and store view of the emulated store (`Main Website`, `Default Store View`).
pub const WEBSITE_ID: u32 = 1;
pub const STORE_ID: u32 = 1;

pub struct Emulator {
    pub settings: Settings,
    /// The store's configuration: its rules for customers and addresses, its reset throttle.
    pub config: StoreConfig,
    pub store: Store,
    pub tokens: Tokens,
    pub outbox: Outbox,
    pub passwords: Passwords,
    pub faults: Arc<faults::Faults>,
    pub demo: demo::Demo,
    /// Large bodies read and decoded at once. Three hundred 2 MB bodies read side by side
    /// would hold 600 MB; the ones past this bound wait in their sockets, costing nothing.
    large_bodies: tokio::sync::Semaphore,
}

impl Emulator {
    pub fn open(settings: Settings) -> Result<Arc<Emulator>, Box<dyn std::error::Error>> {
        let store = Store::open(&settings.db)?;
        let tokens = Tokens::load(&store)?;
        let outbox = Outbox::new(settings.mail_dir())?;
        let config = StoreConfig::of(&settings);
        let demo = demo::Demo::new(
            if settings.demo {
                settings.max_signups_per_minute
            } else {
                0
            },
            std::time::Duration::from_secs(settings.rate_window_seconds),
        );
        let switch = if settings.demo && !settings.fault_switch {
            faults::Switch::Off
        } else {
            faults::Switch::On
        };
        let faults = Arc::new(faults::Faults::new(
            settings.faults.clone(),
            settings.latency_ms,
            switch,
        ));
        Ok(Arc::new(Emulator {
            settings,
            config,
            store,
            tokens,
            outbox,
            passwords: Passwords::default(),
            faults,
            demo,
            large_bodies: tokio::sync::Semaphore::new(crate::passwords::parallelism()),
        }))
    }

    pub fn router(self: &Arc<Self>) -> Router {
        let mut router = Router::new()
            .route("/rest/{*path}", axum::routing::any(rest))
            .route(
                "/customer/account/confirm/",
                axum::routing::get(routes::customers::confirm_link),
            )
            .route(mailbox::PATH, axum::routing::get(mailbox::list))
            .route(
                &format!("{}/{{id}}", mailbox::PATH),
                axum::routing::get(mailbox::read),
            );
        router = match &self.settings.serve_dir {
            Some(dir) => router
                .fallback_service(
                    ServeDir::new(dir)
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(axum::routing::get(app_page).with_state(dir.join("index.html"))),
                )
                .layer(middleware::from_fn_with_state(dir.clone(), site_headers)),
            None => router.fallback(|| async { ApiError::no_route() }),
        };
        if self.settings.demo {
            router = router.layer(middleware::from_fn_with_state(
                self.clone(),
                add_demo_headers,
            ));
        }
        // As a store behind nginx does: answers compressed when the browser accepts it (the
        // country list shrinks about tenfold); the site's files are compressed already.
        let router = router
            .layer(CompressionLayer::new())
            .layer(middleware::from_fn(log_request));
        let router = match self.cors_layer() {
            Some(cors) => router.layer(cors),
            None => router,
        };
        // Outside everything, so that a fault can also take the CORS headers away.
        let router = router.layer(middleware::from_fn_with_state(
            self.faults.clone(),
            faults::apply,
        ));
        Router::new()
            .route(
                "/_emulator/faults",
                axum::routing::any(faults::admin).with_state(self.faults.clone()),
            )
            .merge(router.with_state(self.clone()))
    }

    /// Serves until `shutdown` resolves. Each connection has `read_timeout_seconds` to send
    /// its headers, so a half-sent request does not hold a connection open for ever.
    pub async fn serve(
        self: &Arc<Self>,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<()> {
        use tower::ServiceExt;
        let router = self.router();
        let header_timeout = std::time::Duration::from_secs(self.settings.read_timeout_seconds);
        tokio::pin!(shutdown);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    // Out of sockets for a moment (EMFILE): wait rather than spin.
                    Err(_) => {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => return Ok(()),
            };
            let router = router.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |mut request: Request<hyper::body::Incoming>| {
                        request
                            .extensions_mut()
                            .insert(axum::extract::ConnectInfo(peer));
                        router.clone().oneshot(request.map(Body::new))
                    },
                );
                // A client may close its side once it has sent the request; it still
                // gets its answer.
                let _ = hyper::server::conn::http1::Builder::new()
                    .half_close(true)
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(header_timeout)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    }

    fn cors_layer(&self) -> Option<CorsLayer> {
        if self.settings.cors_origins.is_empty() {
            return None;
        }
        let origins: Vec<HeaderValue> = self
            .settings
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
            .collect();
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT])
                .expose_headers([
                    header::HeaderName::from_static(DEMO_HEADER),
                    header::HeaderName::from_static(DEMO_ACCOUNTS_HEADER),
                ])
                .max_age(std::time::Duration::from_secs(86400)),
        )
    }

    /// Sends an e-mail: a file in the mail folder (a mail client opens it), and, for the
    /// demo mailbox, a row in the database. A failure is the caller's to report.
    pub fn send_mail(&self, to: &str, letter: &mail::Letter) -> std::io::Result<()> {
        self.outbox.send(to, letter)?;
        self.store
            .record_mail(to, &letter.subject, &letter.body, auth::now())
            .map_err(std::io::Error::other)
    }

    /// The demo mailbox's address, for the app's notice: where the emulator listens.
    /// Where a visitor finds the mailbox: at the site's address when this emulator serves
    /// the site (behind a proxy or for a room, `--base-url`, as its e-mails link), else where
    /// it listens (`cargo xtask dev`, whose Trunk serves the site and passes on `/rest` only).
    pub fn mailbox_url(&self) -> String {
        mailbox_url(&self.settings)
    }

    fn knows_store(&self, code: &str) -> bool {
        code == "default" || code == self.settings.store_code
    }
}

/// The headers of the site's files, as the nginx recipe in `deploy/nginx/` sends them: how
/// long a browser may keep each (Trunk's hashed assets forever, a new build has new names;
/// the page and its `config.json` never without asking again), and the security headers,
/// with a strict Content-Security-Policy whose `connect-src` is this origin and the store
/// that `config.json` names.
async fn site_headers(
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
    let headers = response.headers_mut();
    let name = path.rsplit('/').next().unwrap_or_default();
    let caching = if is_hashed_asset(name) {
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
async fn app_page(State(index): State<std::path::PathBuf>, uri: axum::http::Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(page) => axum::response::Html(page).into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// One REST call: who is asking, what they sent.
pub struct Call {
    pub app: Arc<Emulator>,
    pub caller: Caller,
    /// The address the request came from, as a store behind this machine's proxy sees it.
    pub client: std::net::IpAddr,
    pub headers: HeaderMap,
    params: ApiResult<Params>,
}

impl Call {
    pub fn params(&self) -> ApiResult<&Params> {
        self.params.as_ref().map_err(Clone::clone)
    }

    /// The signed-in customer of a `self` route.
    pub fn customer_id(&self) -> ApiResult<u32> {
        match self.caller {
            Caller::Customer(id) => Ok(id),
            _ => Err(ApiError::unauthorized("self")),
        }
    }

    pub fn require_admin(&self) -> ApiResult<()> {
        match self.caller {
            Caller::Admin => Ok(()),
            _ => Err(ApiError::unauthorized("Magento_Customer::manage")),
        }
    }
}

/// The most a request body may hold; a store behind nginx has `client_max_body_size`.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The body of a request, read up to the limit and no further (a 20 MB body costs 2 MB of
/// memory at most), within the read timeout.
async fn read_body(app: &Emulator, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(ApiError::too_large());
    }
    let timeout = std::time::Duration::from_secs(app.settings.read_timeout_seconds);
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(ApiError::too_large()),
        Err(_) => Err(ApiError::plain(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "The request was not sent in time.",
        )),
    }
}

/// Bodies up to this size are read where the request runs; larger ones on a blocking thread.
const SMALL_BODY_BYTES: usize = 16 * 1024;

/// Reads the body's JSON once. Parsing two megabytes takes milliseconds of CPU: done on an
/// async worker it would hold up every other request that worker runs, so a large body is
/// read on a blocking thread.
async fn decode(headers: &HeaderMap, body: Bytes) -> ApiResult<Params> {
    if body.len() <= SMALL_BODY_BYTES {
        return Params::decode(headers, &body);
    }
    let headers = headers.clone();
    tokio::task::spawn_blocking(move || Params::decode(&headers, &body))
        .await
        .map_err(ApiError::internal)?
}

/// On every REST answer of a demo store: where its mailbox is. The app shows its notice when
/// it sees this; a real store never sends it.
pub const DEMO_HEADER: &str = "x-demo-mailbox";
/// The demo store's ready-made accounts, `email / password` each, separated by commas.
pub const DEMO_ACCOUNTS_HEADER: &str = "x-demo-accounts";

/// The client a demo store limits: the caller, or the address a proxy on this machine saw.
/// That proxy appends it to whatever the visitor sent (on the same line, or on a line of its
/// own), so only the last entry of the last line is its word.
fn client_address(peer: std::net::SocketAddr, headers: &HeaderMap) -> std::net::IpAddr {
    let peer = peer.ip().to_canonical();
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
    match forwarded {
        Some(client) if peer.is_loopback() => client.to_canonical(),
        _ => peer,
    }
}

async fn rest(
    State(app): State<Arc<Emulator>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    method: Method,
    axum::extract::Path(path): axum::extract::Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    rest_answer(&app, peer, method, &path, headers, body).await
}

fn mailbox_url(settings: &Settings) -> String {
    let host = match settings.serve_dir {
        Some(_) => settings.base_url(),
        None => format!("http://{}", settings.listen),
    };
    format!("{host}{}", mailbox::PATH)
}

/// What a demo store says of itself on every answer, the site's files included (so that the
/// app knows from its `config.json`, before it calls the store): where its mailbox is, and its
/// ready-made accounts. A real store never sends these.
pub fn demo_headers(settings: &Settings) -> [(&'static str, String); 2] {
    [
        (DEMO_HEADER, mailbox_url(settings)),
        (DEMO_ACCOUNTS_HEADER, demo::ready_made_accounts()),
    ]
}

async fn add_demo_headers(
    State(app): State<Arc<Emulator>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut answer = next.run(request).await;
    for (name, value) in demo_headers(&app.settings) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            answer.headers_mut().insert(name, value);
        }
    }
    answer
}

async fn rest_answer(
    app: &Arc<Emulator>,
    peer: std::net::SocketAddr,
    method: Method,
    path: &str,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let app = app.clone();
    let large = axum::body::HttpBody::size_hint(&body)
        .upper()
        .is_none_or(|length| length > SMALL_BODY_BYTES as u64);
    // The semaphore is never closed, so a permit always comes.
    let reading = match large {
        true => app.large_bodies.acquire().await.ok(),
        false => None,
    };
    let body = match read_body(&app, &headers, body).await {
        Ok(body) => body,
        Err(refused) => return refused.into_response(),
    };
    // A stock store accepts these four methods only, before it even looks at the route.
    if ![Method::GET, Method::POST, Method::PUT, Method::DELETE].contains(&method) {
        return ApiError::plain(
            axum::http::StatusCode::BAD_REQUEST,
            templates::METHOD_INVALID,
        )
        .into_response();
    }
    let segments: Vec<&str> = path.split('/').collect();
    let route = match segments.as_slice() {
        ["V1", route @ ..] => route,
        [store, "V1", route @ ..] if app.knows_store(store) => route,
        _ => return ApiError::no_route().into_response(),
    };
    let route: Vec<String> = route.iter().map(|s| s.to_string()).collect();
    let signs_up_or_in = method == Method::POST
        && matches!(
            route.join("/").as_str(),
            "customers" | "integration/customer/token"
        );
    let client = client_address(peer, &headers);
    if signs_up_or_in && let Err(seconds) = app.demo.admit(client) {
        let mut refused = ApiError::plain(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "Too Many Requests",
        )
        .into_response();
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return refused;
    }
    let caller = app.tokens.caller(&headers, &app.store);
    let params = decode(&headers, body).await;
    drop(reading);
    let call = Call {
        app,
        caller,
        client,
        headers,
        params,
    };
    routes::dispatch(&method, &route, call).await
}

/// One log line per request: method, path, status, time. The path of a reset link carries
/// a token, so that segment is masked; bodies and headers are never logged. The line goes to
/// a writer that never blocks a request (see `main.rs`).
async fn log_request(request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// The path as the route sees it (percent-decoded), with a reset token masked and control
/// characters escaped, so that a path cannot write a line of the log of its own.
fn loggable_path(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let masked = match decoded.split_once("/resetLinkToken/") {
        Some((before, _)) => format!("{before}/resetLinkToken/***"),
        None => decoded.into_owned(),
    };
    let mut logged = String::with_capacity(masked.len());
    for c in masked.chars() {
        if c.is_control() {
            logged.extend(c.escape_default());
        } else {
            logged.push(c);
        }
    }
    logged
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
    fn the_client_is_the_last_address_the_proxy_on_this_machine_added() {
        use axum::http::{HeaderMap, HeaderValue};
        let proxy: std::net::SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mapped: std::net::SocketAddr = "[::ffff:127.0.0.1]:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 2.2.2.2"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        for peer in [proxy, mapped] {
            assert_eq!(
                super::client_address(peer, &headers),
                "203.0.113.9".parse::<std::net::IpAddr>().unwrap()
            );
        }
        assert_eq!(
            super::client_address(mapped, &HeaderMap::new()),
            "127.0.0.1".parse::<std::net::IpAddr>().unwrap()
        );
        let stranger: std::net::SocketAddr = "198.51.100.7:5000".parse().unwrap();
        assert_eq!(
            super::client_address(stranger, &headers),
            "198.51.100.7".parse::<std::net::IpAddr>().unwrap()
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

    #[test]
    fn a_path_cannot_write_a_log_line_of_its_own() {
        let logged = super::loggable_path("/rest/V1/x%0D%0AGET /rest/V1/customers/me 200");
        assert!(!logged.contains('\n') && !logged.contains('\r'), "{logged}");
        assert!(logged.contains("x\\r\\nGET"), "{logged}");
    }

    #[test]
    fn a_reset_token_never_reaches_the_log_even_percent_encoded() {
        for path in [
            "/rest/V1/customers/1/password/resetLinkToken/abc123",
            "/rest/V1/customers/1/password/resetLinkToken%2Fabc123",
            "/rest/V1/customers/1/password%2FresetLinkToken%2Fabc123",
        ] {
            let logged = super::loggable_path(path);
            assert!(!logged.contains("abc123"), "{logged}");
        }
    }
}
