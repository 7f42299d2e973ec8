//! Requests and answers on the wire: `fetch` with a timeout, and JSON through the browser's
//! own `JSON.parse` and `JSON.stringify`, so that the bundle carries no JSON parser of its
//! own. The generic part is a thin shell around one plain function.

use crate::api::ApiError;
use commerce_rest::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What a demo store (the emulator with `--demo`) says of itself: where its mailbox is, and
/// its ready-made accounts (`email / password`, by commas). A real store never says so.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoStore {
    pub mailbox: String,
    pub accounts: Option<String>,
}

/// Told, once, about a demo store.
type DemoWatcher = Box<dyn Fn(DemoStore)>;

/// A demo store heard of before anyone watched (on `config.json`, before the first page), or
/// the watcher waiting for one; each is taken when the other comes.
#[derive(Default)]
struct Demo {
    heard: Option<DemoStore>,
    watcher: Option<DemoWatcher>,
}

thread_local! {
    static DEMO: std::cell::RefCell<Demo> = std::cell::RefCell::default();
    /// The release the Commerce emulator says it answers as; a real store says none.
    static EMULATED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The Magento release the store answered as, when it is the Commerce emulator (its
/// `X-Commerce-Emulator`); `None` for a real store, which does not say.
pub fn emulated_release() -> Option<String> {
    EMULATED.with(|release| release.borrow().clone())
}

/// Calls `watcher` once, as soon as a demo store has answered (at once if one has).
pub fn watch_demo_store(watcher: impl Fn(DemoStore) + 'static) {
    match DEMO.with(|demo| demo.borrow_mut().heard.take()) {
        Some(store) => watcher(store),
        None => DEMO.with(|demo| demo.borrow_mut().watcher = Some(Box::new(watcher))),
    }
}

fn tell_demo_store(response: &web_sys::Response) {
    let headers = response.headers();
    let Some(mailbox) = headers.get("X-Demo-Mailbox").ok().flatten() else {
        return;
    };
    let store = DemoStore {
        mailbox,
        accounts: headers.get("X-Demo-Accounts").ok().flatten(),
    };
    match DEMO.with(|demo| demo.borrow_mut().watcher.take()) {
        Some(watcher) => watcher(store),
        None => DEMO.with(|demo| demo.borrow_mut().heard = Some(store)),
    }
}

/// What came back: its status, its text, and when to ask again if the store says.
pub struct Answer {
    pub status: u16,
    pub ok: bool,
    pub text: String,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<u32>,
}

/// The methods this app calls with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// What a request carries to show who sends it: her token, the store's reCAPTCHA token.
#[derive(Clone, Copy, Default)]
pub struct Proofs<'a> {
    /// A signed-in customer's token, as `Authorization: Bearer`.
    pub bearer: Option<&'a str>,
    /// The store's reCAPTCHA token for a guarded route, as `X-ReCaptcha`.
    pub recaptcha: Option<&'a str>,
}

/// Sends one request and reads the whole answer.
pub async fn exchange(
    method: Method,
    url: &str,
    proofs: Proofs<'_>,
    body: Option<String>,
    timeout_ms: u32,
) -> Result<Answer, ApiError> {
    let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(token) = proofs.bearer {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    if let Some(token) = proofs.recaptcha {
        let _ = headers.set(commerce_rest::recaptcha::HEADER, token);
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    if let Some(body) = &body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(timeout_ms)));
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: web_sys::Response =
        match JsFuture::from(window.fetch_with_request(&request)).await {
            Ok(response) => response.unchecked_into(),
            Err(error) => return Err(unanswered(error, url, timeout_ms).await),
        };
    tell_demo_store(&response);
    if let Ok(Some(release)) = response.headers().get("X-Commerce-Emulator") {
        EMULATED.with(|emulated| *emulated.borrow_mut() = Some(release));
    }
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|seconds| seconds.trim().parse().ok());
    let text = response.text().map_err(failure)?;
    let text = JsFuture::from(text).await.map_err(failure)?;
    Ok(Answer {
        status: response.status(),
        ok: response.ok(),
        text: text.as_string().unwrap_or_default(),
        retry_after,
    })
}

/// Why a request to `url` got no answer it may read. A store on another origin that sends
/// no CORS headers fails exactly like one that is down; a second, opaque request (`no-cors`,
/// a plain GET, so nothing is done twice) tells them apart: if it gets through, the store
/// answered and it is this site that is not allowed.
async fn unanswered(error: JsValue, url: &str, timeout_ms: u32) -> ApiError {
    let failed = failure(error);
    let Some(window) = web_sys::window() else {
        return failed;
    };
    let site = window.location().origin().unwrap_or_default();
    let store = origin_of(url);
    if failed != ApiError::Network || store.is_empty() || store == site {
        return failed;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(timeout_ms)));
    match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Ok(_) => ApiError::NotAllowed { store, site },
        Err(_) => failed,
    }
}

/// `https://shop.example.com` of `https://shop.example.com/rest/...`; empty for a path.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or_default();
            format!("{scheme}://{host}")
        }
        None => String::new(),
    }
}

/// A request that got no answer: the timeout's abort, or the network.
fn failure(error: JsValue) -> ApiError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("TimeoutError") => ApiError::Timeout,
        _ => ApiError::Network,
    }
}

/// `JSON.parse`, with the browser's own words for what is wrong.
pub fn parse_json(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_into::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default()
    })
}

/// Reads a parsed JSON value into a Rust type.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A request body as JSON text.
pub fn to_json(body: &impl Serialize) -> Option<String> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The store's answer to a REST call: the value, or why there is none.
pub async fn call<T: DeserializeOwned>(
    method: Method,
    url: &str,
    proofs: Proofs<'_>,
    body: Option<String>,
    timeout_ms: u32,
) -> Result<T, ApiError> {
    let answer = exchange(method, url, proofs, body, timeout_ms).await?;
    let status = answer.status;
    let json = parse_json(&answer.text).ok();
    if answer.ok {
        json.and_then(|value| read(value).ok())
            .ok_or(ApiError::Unreadable { status })
    } else {
        let body: Option<ErrorBody> = json.and_then(|value| read(value).ok());
        Err(ApiError::refused(status, body, answer.retry_after))
    }
}
