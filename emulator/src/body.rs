//! A request's body: read up to the limit within the read timeout, and its JSON decoded
//! where it does not hold up other requests.

use crate::Emulator;
use crate::error::{RestError, RestResult};
use crate::input::Params;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};

/// The most a request body may hold; a store behind nginx has `client_max_body_size`.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The body of a request, read up to the limit and no further (a 20 MB body costs 2 MB of
/// memory at most), within the read timeout.
pub(crate) async fn read_body(
    app: &Emulator,
    headers: &HeaderMap,
    body: Body,
) -> Result<Bytes, RestError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(RestError::too_large());
    }
    let timeout = std::time::Duration::from_secs(app.settings.read_timeout_seconds);
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(RestError::too_large()),
        Err(_) => Err(RestError::plain(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "The request was not sent in time.",
        )),
    }
}

/// Bodies up to this size are read where the request runs; larger ones on a blocking thread.
pub(crate) const SMALL_BODY_BYTES: usize = 16 * 1024;

/// Reads the body's JSON once. Parsing two megabytes takes milliseconds of CPU: done on an
/// async worker it would hold up every other request that worker runs, so a large body is
/// read on a blocking thread.
pub(crate) async fn decode(headers: &HeaderMap, body: Bytes) -> RestResult<Params> {
    if body.len() <= SMALL_BODY_BYTES {
        return Params::decode(headers, &body);
    }
    let headers = headers.clone();
    tokio::task::spawn_blocking(move || Params::decode(&headers, &body))
        .await
        .map_err(RestError::internal)?
}
