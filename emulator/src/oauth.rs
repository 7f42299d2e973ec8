//! An OAuth 1.0a `Authorization` header, as a store reads one on a route that is not
//! anonymous (`OauthUserContext`, `Framework\Oauth\Oauth::validateAccessTokenRequest`): the
//! emulator has no integrations, so no such header is good, and the store's checks say why,
//! in their order.

use crate::error::RestError;
use axum::http::{HeaderMap, StatusCode, header};
use commerce_rest::{ErrorBody, Message};

/// Whether the request's `Authorization` is OAuth's.
pub fn is_oauth(headers: &HeaderMap) -> bool {
    authorization(headers).is_some_and(|value| {
        value
            .get(..6)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("oauth "))
    })
}

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()
}

/// The header's `oauth_*` parameters (`Oauth\Helper\Request::_processHeader`).
fn parameters(value: &str) -> Vec<(String, String)> {
    value[6..]
        .split(',')
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            let key = key.trim();
            let value = value.trim().trim_matches('"');
            let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
            key.starts_with("oauth_")
                .then(|| (key.to_owned(), value.into_owned()))
        })
        .collect()
}

/// `Oauth\Helper\Oauth::LENGTH_CONSUMER_KEY` and `LENGTH_TOKEN`.
const KEY_LENGTH: usize = 32;

const REQUIRED: [&str; 6] = [
    "oauth_consumer_key",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_token",
];

/// Why the store refuses the header: an input problem (400) before the consumer is looked
/// up, else a consumer this store does not have (401).
pub fn refusal(headers: &HeaderMap) -> RestError {
    let given = authorization(headers).map(parameters).unwrap_or_default();
    let get = |key: &str| {
        given
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    if let Some(version) = get("oauth_version").filter(|v| *v != "1.0") {
        return RestError::bad_request(Message::positional(
            "The \"%1\" Oauth version isn't supported.",
            vec![version.into()],
        ));
    }
    let missing: Vec<Message> = REQUIRED
        .iter()
        .filter(|key| get(key).is_none())
        .map(|key| Message::required(key))
        .collect();
    if !missing.is_empty() {
        return RestError::bad_request(ErrorBody::from_messages(missing));
    }
    if get("oauth_token").is_some_and(|t| t.len() != KEY_LENGTH) {
        return RestError::bad_request(Message::plain(
            "The token length is invalid. Check the length and try again.",
        ));
    }
    let method = get("oauth_signature_method").unwrap_or_default();
    if !["HMAC-SHA1", "HMAC-SHA256"].contains(&method) {
        return RestError::bad_request(Message::positional(
            "Signature method %1 is not supported",
            vec![method.into()],
        ));
    }
    let message = match get("oauth_consumer_key").unwrap_or_default().len() {
        KEY_LENGTH => "A consumer having the specified key does not exist",
        _ => "Consumer key is not the correct length",
    };
    RestError::plain(StatusCode::UNAUTHORIZED, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(value: &str) -> RestError {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        assert!(is_oauth(&headers));
        refusal(&headers)
    }

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn an_unknown_consumer_is_refused_as_the_store_refuses_it() {
        let whole = format!(
            "OAuth oauth_consumer_key=\"{KEY}\", oauth_nonce=\"n\", oauth_signature=\"s\", oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"1\", oauth_token=\"{KEY}\", oauth_version=\"1.0\""
        );
        let e = refused(&whole);
        assert_eq!(e.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            e.body.message,
            "A consumer having the specified key does not exist"
        );
        let short = whole.replace(
            &format!("oauth_consumer_key=\"{KEY}\""),
            "oauth_consumer_key=\"x\"",
        );
        assert_eq!(
            refused(&short).body.message,
            "Consumer key is not the correct length"
        );
        let bad = refused("OAuth oauth_consumer_key=\"x\"");
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            bad.body.message,
            "One or more input exceptions have occurred."
        );
        let version = refused("oauth oauth_version=\"2.0\"");
        assert_eq!(
            version.body.message,
            "The \"%1\" Oauth version isn't supported."
        );
    }
}
