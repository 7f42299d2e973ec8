//! The route table: method and path under `/V1/`, as the store's `webapi.xml` files list them.

pub mod customers;
mod directory;
mod passwords;
mod tokens;

pub(crate) use tokens::SignInGate;

use crate::Call;
use crate::error::{RestError, RestResult, json};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use commerce_rest::recaptcha::FormKey;
use serde::Serialize;

/// What a store checks of a call before it reads its body: a signed-in customer on her own
/// guarded route, then the route's reCAPTCHA.
fn guard(method: &Method, route: &str, call: &Call) -> RestResult<()> {
    let Some(form) = FormKey::of_route(method.as_str(), route) else {
        return Ok(());
    };
    if form == FormKey::Edit {
        call.customer_id()?;
    }
    crate::recaptcha::check(call, form)
}

/// How the answers of a call are sent: whole, or with only the fields its query names.
struct Answers(Option<String>);

impl Answers {
    fn answer<T: Serialize>(&self, result: RestResult<T>) -> Response {
        match (result, &self.0) {
            (Ok(value), None) => json(StatusCode::OK, &value),
            (Ok(value), Some(fields)) => {
                let value = serde_json::to_value(&value).unwrap_or_default();
                json(StatusCode::OK, &crate::fields::partial(fields, value))
            }
            (Err(error), _) => error.into_response(),
        }
    }
}

/// The routes below, as the fault switch names them: a method and the path under `/V1/`,
/// `{…}` standing for one segment.
pub const ROUTES: [&str; 14] = [
    "POST customers",
    "GET customers/me",
    "PUT customers/me",
    "PUT customers/me/password",
    "POST customers/isEmailAvailable",
    "PUT customers/password",
    "POST customers/resetPassword",
    "GET customers/{id}/password/resetLinkToken/{token}",
    "GET customers/{id}",
    "POST integration/customer/token",
    "POST integration/customer/revoke-customer-token",
    "POST integration/admin/token",
    "GET directory/countries",
    "GET directory/countries/{id}",
];

/// Whether `route` (a path under `/V1/`) is one of `ROUTES`, for `method` or, without one,
/// for any method.
pub fn is_route(method: Option<&str>, route: &str) -> bool {
    let segments: Vec<&str> = route.trim_matches('/').split('/').collect();
    ROUTES.iter().any(|known| {
        let (known_method, known_path) = known.split_once(' ').unwrap_or_default();
        let pattern: Vec<&str> = known_path.split('/').collect();
        method.is_none_or(|m| m.eq_ignore_ascii_case(known_method))
            && pattern.len() == segments.len()
            && pattern
                .iter()
                .zip(&segments)
                .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()))
    })
}

pub async fn dispatch(method: &Method, route: &[String], call: Call) -> Response {
    if let Err(refused) = guard(method, &route.join("/"), &call) {
        return refused.into_response();
    }
    let route: Vec<&str> = route.iter().map(String::as_str).collect();
    let answers = Answers(call.fields.clone());
    match (method.as_str(), route.as_slice()) {
        ("POST", ["customers"]) => answers.answer(customers::create(call).await),
        ("GET", ["customers", "me"]) => answers.answer(customers::me(&call)),
        ("PUT", ["customers", "me"]) => answers.answer(customers::update_me(&call)),
        ("PUT", ["customers", "me", "password"]) => answers.answer(passwords::change(call).await),
        ("POST", ["customers", "isEmailAvailable"]) => {
            answers.answer(customers::is_email_available(&call))
        }
        ("PUT", ["customers", "password"]) => answers.answer(passwords::initiate_reset(&call)),
        ("POST", ["customers", "resetPassword"]) => answers.answer(passwords::reset(call).await),
        ("GET", ["customers", id, "password", "resetLinkToken", token]) => {
            answers.answer(passwords::validate_token(&call, id, token))
        }
        ("GET", ["customers", id]) if id.parse::<u32>().is_ok() => {
            answers.answer(customers::by_id(&call, id))
        }
        ("POST", ["integration", "customer", "token"]) => {
            answers.answer(tokens::customer_token(call).await)
        }
        ("POST", ["integration", "customer", "revoke-customer-token"]) => {
            answers.answer(tokens::revoke(&call))
        }
        ("POST", ["integration", "admin", "token"]) if call.app.settings.admin_user.is_some() => {
            answers.answer(tokens::admin_token(call).await)
        }
        ("GET", ["directory", "countries"]) => {
            answers.answer(directory::countries(&call.app.settings.locale))
        }
        ("GET", ["directory", "countries", id]) => {
            answers.answer(directory::country(&call.app.settings.locale, id))
        }
        _ => RestError::no_route().into_response(),
    }
}
