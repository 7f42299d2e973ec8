//! `commerce-emulator`: the customer REST API of a stock Adobe Commerce / Magento 2.4 store,
//! served from one binary with a SQLite database, for developing and testing a storefront
//! where no Magento can run.

pub mod auth;
mod body;
mod client;
pub mod config;
pub mod demo;
pub mod directory;
pub mod error;
pub mod faults;
mod fields;
pub mod input;
mod log;
pub mod mail;
mod mailbox;
mod oauth;
pub mod passwords;
pub mod recaptcha;
pub mod release;
mod rest;
mod routes;
mod site;
mod storefront;
pub use routes::ROUTES;
pub mod store;

pub use body::MAX_BODY_BYTES;
pub use demo::{DEMO_ACCOUNTS_HEADER, DEMO_HEADER, demo_headers};
use demo::{add_demo_headers, mailbox_url};
use log::log_request;
use rest::rest;
pub use rest::{Call, RELEASE_HEADER};
use site::{app_page, site_headers};

use auth::Tokens;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware;
use config::{Settings, StoreConfig};
use error::RestError;
use mail::Outbox;
use passwords::Passwords;
use std::sync::Arc;
use store::Database;
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
    pub store: Database,
    pub tokens: Tokens,
    pub outbox: Outbox,
    pub passwords: Passwords,
    pub faults: Arc<faults::Faults>,
    pub demo: demo::Demo,
    /// The sign-in attempts being checked.
    pub(crate) sign_ins: routes::SignInGate,
    /// The tokens of the reCAPTCHA stand-in.
    pub recaptcha: recaptcha::StandIn,
    /// Large bodies read and decoded at once. Three hundred 2 MB bodies read side by side
    /// would hold 600 MB; the ones past this bound wait in their sockets, costing nothing.
    large_bodies: tokio::sync::Semaphore,
}

impl Emulator {
    pub fn open(settings: Settings) -> Result<Arc<Emulator>, Box<dyn std::error::Error>> {
        let store = Database::open(&settings.db)?;
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
        let recaptcha = recaptcha::StandIn::new(
            std::time::Duration::from_secs(settings.recaptcha_token_seconds),
            settings.recaptcha_score,
        );
        Ok(Arc::new(Emulator {
            sign_ins: Default::default(),
            recaptcha,
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
                axum::routing::get(storefront::confirm),
            )
            .route(
                "/customer/account/confirm",
                axum::routing::get(storefront::confirm),
            )
            .route(
                "/customer/account/confirmation/",
                axum::routing::get(storefront::confirmation_page)
                    .post(storefront::send_confirmation),
            )
            .route(
                recaptcha::SCRIPT_PATH,
                axum::routing::get(recaptcha::script),
            )
            .route(recaptcha::TOKEN_PATH, axum::routing::post(recaptcha::token))
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
                .layer(middleware::from_fn_with_state(
                    Arc::new(site::Site::new(dir.clone())),
                    site_headers,
                )),
            None => router.fallback(|| async { RestError::no_route() }),
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
                    header::HeaderName::from_static(rest::RELEASE_HEADER),
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
