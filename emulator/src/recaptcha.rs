//! reCAPTCHA as a store enforces it on REST (`ReCaptchaWebapiRest`): a guarded route's
//! `X-ReCaptcha` header is checked after authorization and before the body is read, and any
//! failure is the one 400. The emulator cannot call Google, so it stands in for the provider:
//! a script with the `grecaptcha` surface a storefront uses, whose tokens it issues itself,
//! bound to the site key, good once, for two minutes, with a score.

use crate::error::{RestError, RestResult};
use crate::{Call, Emulator};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use commerce_rest::recaptcha::{FAILED, Guard, HEADER, Kind, Reader};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the stand-in's script is, taking the query Google's takes (`onload`, `render`, `hl`).
pub const SCRIPT_PATH: &str = "/_emulator/recaptcha/api.js";
/// Where its script asks for a token, beside itself.
pub const TOKEN_PATH: &str = "/_emulator/recaptcha/token";

/// The most tokens held at once: each costs a few bytes, and an unused one is dropped when
/// it expires.
const MAX_TOKENS: usize = 10_000;

/// A scripted fault's verdict on the next check (`recaptcha_refused`, `recaptcha_low_score`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doubt {
    /// As Google answers a token it did not issue, or one used already.
    Refused,
    /// As Google scores a bot: 0.0.
    LowScore,
}

struct Issued {
    site_key: String,
    at: Instant,
    score: f64,
}

/// The tokens the stand-in has issued and not yet seen again.
pub struct StandIn {
    tokens: Mutex<HashMap<String, Issued>>,
    lifetime: Duration,
    score: f64,
}

impl StandIn {
    pub fn new(lifetime: Duration, score: f64) -> StandIn {
        StandIn {
            tokens: Mutex::new(HashMap::new()),
            lifetime,
            score: score.clamp(0.0, 1.0),
        }
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, HashMap<String, Issued>> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new token for `site_key`, or `None` while too many are outstanding.
    pub fn issue(&self, site_key: &str) -> Option<String> {
        let mut tokens = self.tokens();
        let lifetime = self.lifetime;
        tokens.retain(|_, issued| issued.at.elapsed() < lifetime);
        if tokens.len() >= MAX_TOKENS {
            return None;
        }
        let token = format!(
            "03{}{}",
            crate::auth::random_key(),
            crate::auth::random_key()
        );
        tokens.insert(
            token.clone(),
            Issued {
                site_key: site_key.to_owned(),
                at: Instant::now(),
                score: self.score,
            },
        );
        Some(token)
    }

    /// Whether a token passes the check of a form guarded by `guard`: issued for its site
    /// key, not yet used (it is used now), not expired, and for a v3 form, scored at least
    /// its threshold.
    pub fn redeem(&self, token: &str, guard: &Guard, doubt: Option<Doubt>) -> bool {
        let Some(issued) = self.tokens().remove(token) else {
            return false;
        };
        let score = match doubt {
            Some(Doubt::Refused) => return false,
            Some(Doubt::LowScore) => 0.0,
            None => issued.score,
        };
        issued.site_key == guard.site_key
            && issued.at.elapsed() < self.lifetime
            && (guard.kind != Kind::Score || score >= guard.score_threshold.score())
    }
}

/// The store's check of a guarded route: nothing to check on a form the store does not guard.
pub fn check(call: &Call, form: commerce_rest::recaptcha::FormKey) -> RestResult<()> {
    let app = &call.app;
    let Some(guard) = app.config.recaptcha.guard(form, Reader::Store) else {
        return Ok(());
    };
    let token = call
        .headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim();
    if !token.is_empty() && app.recaptcha.redeem(token, &guard, call.doubt) {
        Ok(())
    } else {
        Err(RestError::plain(StatusCode::BAD_REQUEST, FAILED))
    }
}

/// The stand-in's script. Asked again each time: it is small, and a new emulator's may differ.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("recaptcha.js"),
    )
        .into_response()
}

/// `POST {"sitekey": "…"}`: a token for that key. Any origin may ask, as any page may load
/// Google's script; the body is read as JSON whatever its type, so that the script's request
/// needs no preflight.
pub async fn token(State(app): State<Arc<Emulator>>, body: Bytes) -> Response {
    #[derive(serde::Deserialize)]
    struct Ask {
        sitekey: String,
    }
    let mut answer = match serde_json::from_slice::<Ask>(&body) {
        Ok(ask) if !ask.sitekey.is_empty() => match app.recaptcha.issue(&ask.sitekey) {
            Some(token) => axum::Json(serde_json::json!({ "token": token })).into_response(),
            None => StatusCode::TOO_MANY_REQUESTS.into_response(),
        },
        _ => (StatusCode::BAD_REQUEST, "Send {\"sitekey\": \"…\"}.").into_response(),
    };
    answer.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::recaptcha::Badge;

    fn guard(kind: Kind, site_key: &str) -> Guard {
        Guard {
            kind,
            site_key: site_key.into(),
            dark: false,
            compact: false,
            badge: Badge::Inline,
            lang: String::new(),
            score_threshold: Default::default(),
        }
    }

    #[test]
    fn a_token_is_good_once_for_its_site_key() {
        let stand_in = StandIn::new(Duration::from_secs(120), 0.9);
        let token = stand_in.issue("site").unwrap();
        assert!(stand_in.redeem(&token, &guard(Kind::Checkbox, "site"), None));
        assert!(!stand_in.redeem(&token, &guard(Kind::Checkbox, "site"), None));
        let other = stand_in.issue("another site").unwrap();
        assert!(!stand_in.redeem(&other, &guard(Kind::Invisible, "site"), None));
        assert!(!stand_in.redeem("made-up", &guard(Kind::Invisible, "site"), None));
    }

    #[test]
    fn a_low_score_fails_only_a_v3_form_and_an_old_token_any() {
        let stand_in = StandIn::new(Duration::from_secs(120), 0.3);
        let low = stand_in.issue("site").unwrap();
        assert!(!stand_in.redeem(&low, &guard(Kind::Score, "site"), None));
        let low = stand_in.issue("site").unwrap();
        assert!(stand_in.redeem(&low, &guard(Kind::Invisible, "site"), None));
        let good = StandIn::new(Duration::from_secs(120), 0.9);
        let doubted = good.issue("site").unwrap();
        assert!(!good.redeem(&doubted, &guard(Kind::Score, "site"), Some(Doubt::LowScore)));
        let expired = StandIn::new(Duration::ZERO, 0.9);
        let token = expired.issue("site").unwrap();
        assert!(!expired.redeem(&token, &guard(Kind::Checkbox, "site"), None));
    }
}
