//! Faults on demand, for testing what a shopper sees when the network, a proxy or the store
//! breaks: scripted per route (which route, which fault, for how many requests), set with
//! `--fault` at start or through the fault switch, `/_emulator/faults`, so a developer can
//! turn them on while `cargo xtask dev` runs, and the browser tests do the same. The switch
//! answers only a caller on this machine that no proxy passed on (a proxy on the same
//! machine would make every visitor one), only JSON (a cross-site form cannot send it), and
//! is off in a demo store unless `--fault-switch` turns it on.

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The connection closes before the request reaches the store: nothing is done. To the
    /// browser this is the same failure as a refused connection.
    ResetBefore,
    /// The store does the work, then the connection closes without an answer.
    ResetAfter,
    /// nginx's "502 Bad Gateway" page: the store never saw the request.
    BadGateway,
    /// nginx's "503 Service Temporarily Unavailable" page, with `Retry-After`.
    Unavailable,
    /// The store does the work, then nginx's "504 Gateway Time-out" page arrives instead.
    GatewayTimeout,
    /// A store's 500 in Magento's JSON shape, as outside developer mode.
    InternalError,
    /// A proxy's or captive portal's HTML page, with status 200.
    HtmlOk,
    /// The store does the work; its JSON answer arrives cut in half.
    TruncatedJson,
    /// nginx's "413 Request Entity Too Large" page.
    TooLarge,
    /// The store does the work and answers, but only after `hold_ms` (past the app's timeout).
    Hold,
    /// The store does the work and answers without its CORS headers.
    StripCors,
    /// The store's reCAPTCHA check of a guarded route fails, as for a token Google did not
    /// issue or saw before.
    RecaptchaRefused,
    /// The reCAPTCHA token scores 0.0: a v3 form refuses it, the v2 ones take it.
    RecaptchaLowScore,
}

impl Kind {
    pub const ALL: [&str; 13] = [
        "reset_before",
        "reset_after",
        "bad_gateway",
        "unavailable",
        "gateway_timeout",
        "internal_error",
        "html_ok",
        "truncated_json",
        "too_large",
        "hold",
        "strip_cors",
        "recaptcha_refused",
        "recaptcha_low_score",
    ];

    fn named(name: &str) -> Result<Kind, String> {
        serde_json::from_value(serde_json::Value::from(name)).map_err(|_| {
            format!(
                "unknown fault {name:?}; the faults are {}",
                Kind::ALL.join(", ")
            )
        })
    }
}

/// The most scripts the switch keeps, and the most a script may ask for: each answer reads
/// every script, and a hold keeps a connection.
pub const MAX_SCRIPTS: usize = 100;
pub const MAX_TIMES: u32 = 1000;
pub const MAX_WAIT_MS: u64 = 120_000;

/// One scripted fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// `"POST customers"`, `"GET customers/me"`: a method and the route after `/V1/`; `"*"`
    /// for every route.
    pub route: String,
    pub fault: Kind,
    /// For how many matching requests; 0 for every one until cleared.
    #[serde(default = "one")]
    pub times: u32,
    /// Waited before anything else happens.
    #[serde(default)]
    pub latency_ms: u64,
    /// How long `hold` holds the answer.
    #[serde(default = "twenty_seconds")]
    pub hold_ms: u64,
    /// The `Retry-After` of `unavailable`, in seconds.
    #[serde(default = "thirty")]
    pub retry_after: u32,
}

fn one() -> u32 {
    1
}

fn twenty_seconds() -> u64 {
    20_000
}

fn thirty() -> u32 {
    30
}

impl Script {
    /// `route=fault` or `route=fault*times`, as `--fault` takes it: `"POST customers=hold*2"`.
    pub fn parse(text: &str) -> Result<Script, String> {
        let (route, fault) = text
            .rsplit_once('=')
            .ok_or_else(|| format!("{text:?}: expected ROUTE=FAULT[*TIMES]"))?;
        let (fault, times) = match fault.split_once('*') {
            Some((fault, times)) => (
                fault,
                times
                    .parse()
                    .map_err(|_| format!("{text:?}: times must be a number"))?,
            ),
            None => (fault, 1),
        };
        let fault = Kind::named(fault).map_err(|e| format!("{text:?}: {e}"))?;
        Script {
            route: route.trim().to_owned(),
            fault,
            times,
            latency_ms: 0,
            hold_ms: twenty_seconds(),
            retry_after: thirty(),
        }
        .checked()
    }

    /// A script the switch takes, from its JSON.
    fn from_json(value: serde_json::Value) -> Result<Script, String> {
        if let Some(fault) = value.get("fault").and_then(|f| f.as_str()) {
            Kind::named(fault)?;
        }
        let script: Script = serde_json::from_value(value).map_err(|e| e.to_string())?;
        script.checked()
    }

    /// The script, when its route is one the store has and what it asks is within bounds.
    fn checked(self) -> Result<Script, String> {
        let known = self.route == "*" || {
            let (method, route) = match self.route.split_once(' ') {
                Some((method, route)) => (Some(method), route),
                None => (None, self.route.as_str()),
            };
            crate::routes::is_route(method, route)
        };
        if !known {
            return Err(format!(
                "unknown route {:?}; the routes are \"*\" or one of {}, with or without the method",
                self.route,
                crate::routes::ROUTES.join(", ")
            ));
        }
        if self.times > MAX_TIMES {
            return Err(format!(
                "times is at most {MAX_TIMES} (0 for every request)"
            ));
        }
        if self.latency_ms > MAX_WAIT_MS || self.hold_ms > MAX_WAIT_MS {
            return Err(format!("latency_ms and hold_ms are at most {MAX_WAIT_MS}"));
        }
        Ok(self)
    }

    fn matches(&self, method: &str, route: &str) -> bool {
        if self.route == "*" {
            return true;
        }
        let (want_method, want_route) = self.route.split_once(' ').unwrap_or(("", &self.route));
        (want_method.is_empty() || want_method.eq_ignore_ascii_case(method))
            && want_route.trim_matches('/') == route
    }
}

/// The faults in force, a latency for every answer, and whether the switch is on.
#[derive(Default)]
pub struct Faults {
    scripts: Mutex<Vec<Script>>,
    latency_ms: u64,
    switch: Switch,
}

/// Whether `/_emulator/faults` answers at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Switch {
    #[default]
    On,
    Off,
}

impl Faults {
    pub fn new(scripts: Vec<Script>, latency_ms: u64, switch: Switch) -> Faults {
        Faults {
            scripts: Mutex::new(scripts),
            latency_ms,
            switch,
        }
    }

    fn scripts(&self) -> std::sync::MutexGuard<'_, Vec<Script>> {
        self.scripts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The fault for this request, counted; `None` when the request goes through untouched.
    fn take(&self, method: &str, route: &str) -> Option<Script> {
        let mut scripts = self.scripts();
        let at = scripts.iter().position(|s| s.matches(method, route))?;
        let script = scripts[at].clone();
        match scripts[at].times {
            0 => {}
            1 => {
                scripts.remove(at);
            }
            _ => scripts[at].times -= 1,
        }
        Some(script)
    }
}

/// The route of a REST path, after its `/V1/`.
fn route_of(path: &str) -> &str {
    path.split_once("/V1/")
        .map_or("", |(_, route)| route)
        .trim_matches('/')
}

/// Ends the connection in the middle of an answer: a status line and headers, then the
/// connection breaks before the body. To the app it is the same as a connection reset. (A
/// connection closed before any byte is not: a browser sends the request again by itself
/// on a reused connection, and the fault would never be seen.)
fn drop_connection() -> Response {
    // One byte, given time to leave, so that the browser has an answer begun; then the break.
    use futures_util::StreamExt;
    let first = futures_util::stream::once(async { Ok(axum::body::Bytes::from_static(b"{")) });
    let broken = first.chain(futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "a scripted fault",
        ))
    }));
    let mut response = Response::new(Body::from_stream(broken));
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(64));
    response
}

/// An error page as nginx writes it.
fn nginx_page(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

/// The middleware in front of the REST routes.
pub async fn apply(
    State(faults): State<Arc<Faults>>,
    mut request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with("/rest/") {
        return next.run(request).await;
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let method = request.method().as_str().to_owned();
    let Some(script) = faults.take(&method, route_of(request.uri().path())) else {
        return next.run(request).await;
    };
    tracing::info!(
        "fault: {:?} for {method} {}",
        script.fault,
        route_of(request.uri().path())
    );
    tokio::time::sleep(Duration::from_millis(script.latency_ms)).await;
    match script.fault {
        Kind::ResetBefore => drop_connection(),
        Kind::BadGateway => nginx_page(StatusCode::BAD_GATEWAY),
        Kind::TooLarge => nginx_page(StatusCode::PAYLOAD_TOO_LARGE),
        Kind::HtmlOk => nginx_page(StatusCode::OK),
        Kind::Unavailable => {
            let mut page = nginx_page(StatusCode::SERVICE_UNAVAILABLE);
            page.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(script.retry_after));
            page
        }
        Kind::InternalError => {
            crate::error::RestError::internal("a scripted fault").into_response()
        }
        Kind::ResetAfter => {
            let _done = next.run(request).await;
            drop_connection()
        }
        Kind::GatewayTimeout => {
            let _done = next.run(request).await;
            nginx_page(StatusCode::GATEWAY_TIMEOUT)
        }
        Kind::TruncatedJson => {
            let (parts, body) = next.run(request).await.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            let mut response = Response::from_parts(parts, Body::from(half));
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response
        }
        Kind::Hold => {
            let answer = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(script.hold_ms)).await;
            answer
        }
        Kind::RecaptchaRefused | Kind::RecaptchaLowScore => {
            let doubt = match script.fault {
                Kind::RecaptchaRefused => crate::recaptcha::Doubt::Refused,
                _ => crate::recaptcha::Doubt::LowScore,
            };
            request.extensions_mut().insert(doubt);
            next.run(request).await
        }
        Kind::StripCors => {
            let mut answer = next.run(request).await;
            let cors: Vec<_> = answer
                .headers()
                .keys()
                .filter(|name| name.as_str().starts_with("access-control-"))
                .cloned()
                .collect();
            for name in cors {
                answer.headers_mut().remove(name);
            }
            answer
        }
    }
}

/// Headers a proxy adds: a request that carries one came through a proxy, whose visitors
/// may be anyone, even when the proxy runs on this machine.
const FORWARDING: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

/// `/_emulator/faults`: `GET` lists them, `POST` adds one (or a list), `DELETE` clears them.
/// Only a caller on this machine, not through a proxy, and only while the switch is on.
pub async fn admin(
    State(faults): State<Arc<Faults>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let forwarded = FORWARDING
        .iter()
        .any(|name| request.headers().contains_key(*name));
    if faults.switch == Switch::Off || !peer.ip().to_canonical().is_loopback() || forwarded {
        return crate::error::RestError::no_route().into_response();
    }
    let method = request.method().clone();
    match method.as_str() {
        "GET" => axum::Json(faults.scripts().clone()).into_response(),
        "DELETE" => {
            faults.scripts().clear();
            tracing::info!("fault switch: {peer} cleared every fault");
            StatusCode::NO_CONTENT.into_response()
        }
        "POST" => {
            let json = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
            if !json {
                return (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Send the faults as application/json.",
                )
                    .into_response();
            }
            let body = to_bytes(request.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            match read_scripts(&body) {
                Ok(added) => {
                    let mut scripts = faults.scripts();
                    if scripts.len() + added.len() > MAX_SCRIPTS {
                        return (
                            StatusCode::BAD_REQUEST,
                            format!("At most {MAX_SCRIPTS} faults at once; DELETE clears them."),
                        )
                            .into_response();
                    }
                    for script in &added {
                        tracing::info!(
                            "fault switch: {peer} added {:?} for {} x{}",
                            script.fault,
                            script.route,
                            script.times
                        );
                    }
                    scripts.extend(added);
                    axum::Json(scripts.clone()).into_response()
                }
                Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
            }
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// One script or a list of them, each checked.
fn read_scripts(body: &[u8]) -> Result<Vec<Script>, String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    match value {
        serde_json::Value::Array(items) => items.into_iter().map(Script::from_json).collect(),
        one => Script::from_json(one).map(|s| vec![s]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_scripted_per_route_and_counted() {
        let script = Script::parse("POST customers=hold*2").unwrap();
        assert_eq!((script.fault, script.times), (Kind::Hold, 2));
        assert!(Script::parse("POST customers=melt").is_err());
        let faults = Faults::new(vec![script], 0, Switch::On);
        assert_eq!(faults.take("GET", "customers"), None);
        assert!(faults.take("POST", "customers").is_some());
        assert!(faults.take("POST", "customers").is_some());
        assert_eq!(faults.take("POST", "customers"), None);
    }

    #[test]
    fn routes_are_read_after_the_version() {
        assert_eq!(route_of("/rest/default/V1/customers/me"), "customers/me");
        assert_eq!(
            route_of("/rest/V1/directory/countries/"),
            "directory/countries"
        );
        let every = Script::parse("*=reset_before*0").unwrap();
        let faults = Faults::new(vec![every], 0, Switch::On);
        for _ in 0..3 {
            assert!(faults.take("GET", "customers/me").is_some());
        }
    }

    #[test]
    fn every_fault_named_in_the_list_is_one() {
        for name in Kind::ALL {
            assert!(Kind::named(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn unknown_faults_and_routes_name_what_is_accepted() {
        let melt = Script::parse("POST customers=melt").unwrap_err();
        assert!(
            melt.contains("reset_before") && melt.contains("strip_cors"),
            "{melt}"
        );
        let route = Script::parse("POST shoppers=hold").unwrap_err();
        assert!(route.contains("POST customers"), "{route}");
        assert!(Script::parse("GET customers/7/password/resetLinkToken/abc=hold").is_ok());
        assert!(Script::parse("customers/me=hold").is_ok());
        let body = br#"{"route": "GET customers/me", "fault": "hold", "hold_ms": 99999999}"#;
        assert!(read_scripts(body).unwrap_err().contains("at most"));
        let body = br#"[{"route": "*", "fault": "unavailable", "times": 100000}]"#;
        assert!(read_scripts(body).unwrap_err().contains("at most"));
        let body = br#"{"route": "*", "fault": "melt"}"#;
        assert!(read_scripts(body).unwrap_err().contains("strip_cors"));
    }
}
