//! How long a session has left, read from the token's `exp`, and when to warn the shopper
//! so that she can stay signed in before the store stops accepting the token.

use crate::i18n::{t, tf};
use commerce_rest::TokenClaims;
use commerce_rest::phrase;

/// Warn this long before the token expires.
pub const WARN_BEFORE_SECS: u64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionTime {
    /// An opaque token (a store before 2.4.4): only the store knows when it ends.
    Unknown,
    Left {
        seconds: u64,
    },
    EndingSoon {
        seconds: u64,
    },
    Ended,
}

impl SessionTime {
    pub fn of(token: &str, now_secs: u64) -> SessionTime {
        match TokenClaims::read_unverified(token) {
            None => SessionTime::Unknown,
            Some(claims) if claims.is_expired_at(now_secs) => SessionTime::Ended,
            Some(claims) => {
                let seconds = claims.exp - now_secs;
                if seconds <= WARN_BEFORE_SECS {
                    SessionTime::EndingSoon { seconds }
                } else {
                    SessionTime::Left { seconds }
                }
            }
        }
    }
}

/// "4 minutes", "1 minute", "less than a minute", in the shopper's language: rounded down,
/// so never more than is left.
pub fn duration_text(seconds: u64) -> String {
    match seconds / 60 {
        0 => t(phrase!("less than a minute")).to_owned(),
        1 => t(phrase!("1 minute")).to_owned(),
        minutes if minutes < 120 => tf(phrase!("%1 minutes"), &[&minutes.to_string()]),
        minutes => tf(phrase!("%1 hours"), &[&(minutes / 60).to_string()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn token(exp: u64) -> String {
        let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.sig",
            encode(r#"{"alg":"HS256"}"#),
            encode(&format!(
                r#"{{"uid":1,"utypid":3,"iat":{},"exp":{exp}}}"#,
                exp - 3600
            ))
        )
    }

    #[test]
    fn a_fresh_token_has_time_left_and_warns_near_its_end() {
        let exp = 1_800_000_000;
        assert_eq!(
            SessionTime::of(&token(exp), exp - 3000),
            SessionTime::Left { seconds: 3000 }
        );
        assert_eq!(
            SessionTime::of(&token(exp), exp - 240),
            SessionTime::EndingSoon { seconds: 240 }
        );
        assert_eq!(SessionTime::of(&token(exp), exp), SessionTime::Ended);
        assert_eq!(
            SessionTime::of("0123456789abcdef", exp),
            SessionTime::Unknown
        );
    }

    #[test]
    fn durations_read_naturally_and_never_promise_too_much() {
        assert_eq!(duration_text(59), "less than a minute");
        assert_eq!(duration_text(119), "1 minute");
        assert_eq!(duration_text(299), "4 minutes");
        assert_eq!(duration_text(3 * 3600), "3 hours");
    }
}
