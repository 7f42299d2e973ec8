//! An error as the store answers it: a status code and the error body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use commerce_rest::error::templates;
use commerce_rest::validate::Invalid;
use commerce_rest::{ErrorBody, Message};

#[derive(Clone, Debug)]
pub struct RestError {
    pub status: StatusCode,
    /// Boxed: errors travel through every `Result` of the server and should stay small.
    pub body: Box<ErrorBody>,
}

pub type RestResult<T> = Result<T, RestError>;

impl RestError {
    pub fn new(status: StatusCode, body: impl Into<ErrorBody>) -> Self {
        RestError {
            status,
            body: Box::new(body.into()),
        }
    }

    /// Any `LocalizedException` that is neither "not found" nor "not authorised".
    pub fn bad_request(body: impl Into<ErrorBody>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, body)
    }

    pub fn plain(status: StatusCode, template: &str) -> Self {
        Self::new(status, Message::plain(template))
    }

    pub fn no_route() -> Self {
        Self::plain(StatusCode::NOT_FOUND, templates::NO_ROUTE)
    }

    /// `The consumer isn't authorized to access %resources.`
    pub fn unauthorized(resources: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            Message::named(templates::NOT_AUTHORIZED, [("resources", resources.into())]),
        )
    }

    /// A body past the limit, refused before it is read in full.
    pub fn too_large() -> Self {
        Self::plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large. Shorten it and try again.",
        )
    }

    pub fn sign_in_failed() -> Self {
        Self::plain(StatusCode::UNAUTHORIZED, templates::SIGN_IN_FAILED)
    }

    pub fn no_such_entity(field: &str, value: serde_json::Value) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            Message::named(
                templates::NO_SUCH_ENTITY,
                [("fieldName", field.into()), ("fieldValue", value)],
            ),
        )
    }

    /// What a store shows outside developer mode when something broke inside.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let report: u32 = rand::random();
        tracing::error!("internal error (report webapi-{report:08x}): {cause}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Message::plain(&format!(
                "Internal Error. Details are available in Magento log file. Report ID: webapi-{report:08x}"
            )),
        )
    }
}

impl From<Invalid> for RestError {
    fn from(invalid: Invalid) -> Self {
        RestError::bad_request(invalid.into_body())
    }
}

impl From<rusqlite::Error> for RestError {
    fn from(e: rusqlite::Error) -> Self {
        RestError::internal(e)
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        json(self.status, &*self.body)
    }
}

/// A JSON answer as a store sends it: `application/json; charset=utf-8`.
pub fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                axum::http::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            )],
            body,
        )
            .into_response(),
        Err(e) => RestError::internal(e).into_response(),
    }
}
