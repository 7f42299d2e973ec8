//! The request log: one line per request, nothing in it a request could abuse.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// One log line per request: method, path, status, time, and `+recaptcha` when it carried a
/// reCAPTCHA token. The path of a reset link carries a token, so that segment is masked;
/// bodies and headers' values are never logged. The line goes to a writer that never blocks
/// a request (see `main.rs`).
pub(crate) async fn log_request(request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let proof = match request
        .headers()
        .contains_key(commerce_rest::recaptcha::HEADER)
    {
        true => " +recaptcha",
        false => "",
    };
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms{proof}",
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
