//! The REST entry: one call read (its body, its route, who asks), admitted, and dispatched.

use crate::auth::Caller;
use crate::body::{SMALL_BODY_BYTES, decode, read_body};
use crate::client::client_address;
use crate::error::{RestError, RestResult};
use crate::input::Params;
use crate::{Emulator, routes};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use commerce_rest::error::templates;
use std::sync::Arc;

/// One REST call: who is asking, what they sent.
pub struct Call {
    pub app: Arc<Emulator>,
    pub caller: Caller,
    /// The address the request came from, as a store behind this machine's proxy sees it.
    pub client: std::net::IpAddr,
    pub headers: HeaderMap,
    /// What a scripted fault says of this call's reCAPTCHA token, if anything.
    pub doubt: Option<crate::recaptcha::Doubt>,
    /// The query's `fields`, which make the answer a partial one.
    pub fields: Option<String>,
    params: RestResult<Params>,
}

impl Call {
    pub fn params(&self) -> RestResult<&Params> {
        self.params.as_ref().map_err(Clone::clone)
    }

    /// The signed-in customer of a `self` route.
    pub fn customer_id(&self) -> RestResult<u32> {
        match self.caller {
            Caller::Customer(id) => Ok(id),
            _ => Err(self.refused("self")),
        }
    }

    /// An admin, for a route of the admin's `resource`.
    pub fn require_admin(&self, resource: &str) -> RestResult<()> {
        match self.caller {
            Caller::Admin => Ok(()),
            _ => Err(self.refused(resource)),
        }
    }

    /// Not authorized for `resource`: an OAuth header the store cannot take says why first,
    /// as its user context is asked before the ACL.
    fn refused(&self, resource: &str) -> RestError {
        match crate::oauth::is_oauth(&self.headers) {
            true => crate::oauth::refusal(&self.headers),
            false => RestError::unauthorized(resource),
        }
    }
}

pub(crate) async fn rest(
    State(app): State<Arc<Emulator>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    asked: Asked,
    method: Method,
    axum::extract::Path(path): axum::extract::Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let release = app.settings.magento_release;
    let mut answer = rest_answer(&app, peer, asked, method, &path, headers, body).await;
    answer
        .headers_mut()
        .insert(RELEASE_HEADER, HeaderValue::from_static(release.name()));
    answer
}

/// Says on every REST answer that this is the emulator, and which release it answers as, for
/// the site's status page; a real store never sends it.
pub const RELEASE_HEADER: &str = "x-commerce-emulator";

/// What a call asks besides its route and body.
pub(crate) struct Asked {
    doubt: Option<crate::recaptcha::Doubt>,
    fields: Option<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Asked {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        // A query string that does not parse asks for no fields, as Magento ignores it.
        let fields =
            axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(
                &parts.uri,
            )
            .ok()
            .and_then(|axum::extract::Query(mut query)| query.remove("fields"))
            .filter(|fields| !fields.is_empty());
        Ok(Asked {
            doubt: parts.extensions.get::<crate::recaptcha::Doubt>().cloned(),
            fields,
        })
    }
}

async fn rest_answer(
    app: &Arc<Emulator>,
    peer: std::net::SocketAddr,
    asked: Asked,
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
        return RestError::plain(
            axum::http::StatusCode::BAD_REQUEST,
            templates::METHOD_INVALID,
        )
        .into_response();
    }
    // `Route::getPathParts`: the slashes around a path are trimmed before it is matched.
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let route = match segments.as_slice() {
        ["V1", route @ ..] => route,
        [store, "V1", route @ ..] if app.knows_store(store) => route,
        _ => return RestError::no_route().into_response(),
    };
    let route: Vec<String> = route.iter().map(|s| s.to_string()).collect();
    let signs_up_or_in = method == Method::POST
        && matches!(
            route.join("/").as_str(),
            "customers" | "integration/customer/token"
        );
    let client = client_address(peer, &headers);
    if signs_up_or_in && let Err(seconds) = app.demo.admit(client) {
        let mut refused = RestError::plain(
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
        doubt: asked.doubt,
        fields: asked.fields,
        params,
    };
    routes::dispatch(&method, &route, call).await
}
