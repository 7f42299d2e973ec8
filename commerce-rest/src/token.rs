//! The claims of a customer token. Since 2.4.4 a store issues JWTs; older stores issue
//! opaque strings, for which nothing can be read and the store alone knows the expiry.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// `utypid` of a customer token.
pub const CUSTOMER_USER_TYPE: u8 = 3;
/// `utypid` of an admin token.
pub const ADMIN_USER_TYPE: u8 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenClaims {
    pub uid: u32,
    pub utypid: u8,
    pub iat: u64,
    pub exp: u64,
}

impl TokenClaims {
    /// Reads the payload without checking the signature: the app may only *display* the
    /// expiry; the store decides whether the token is good.
    pub fn read_unverified(token: &str) -> Option<TokenClaims> {
        let mut parts = token.split('.');
        let (_header, payload) = (parts.next()?, parts.next()?);
        parts.next()?;
        let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
        let payload = std::str::from_utf8(&bytes).ok()?;
        // The payload is a flat object of numbers; reading the four claims by name keeps a
        // JSON parser out of the browser's bundle.
        let claim = |name: &str| -> Option<u64> {
            let key = format!("\"{name}\"");
            let after = &payload[payload.find(&key)? + key.len()..];
            let value = after.trim_start().strip_prefix(':')?.trim_start();
            let digits = value.len() - value.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            value[..digits].parse().ok()
        };
        Some(TokenClaims {
            uid: claim("uid")?.try_into().ok()?,
            utypid: claim("utypid")?.try_into().ok()?,
            iat: claim("iat")?,
            exp: claim("exp")?,
        })
    }

    pub fn is_expired_at(&self, now_secs: u64) -> bool {
        now_secs >= self.exp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"1"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_the_expiry_of_a_jwt() {
        let claims = TokenClaims::read_unverified(&jwt(
            r#"{"uid":7,"utypid":3,"iat":1735689600,"exp":1735693200}"#,
        ))
        .unwrap();
        assert_eq!(claims.exp, 1_735_693_200);
        assert_eq!(claims.utypid, CUSTOMER_USER_TYPE);
        assert!(!claims.is_expired_at(1_735_693_199));
        assert!(claims.is_expired_at(1_735_693_200));
    }

    #[test]
    fn claims_are_read_in_any_order_and_spacing() {
        let claims =
            TokenClaims::read_unverified(&jwt(r#"{ "exp" : 20, "iat":10,"utypid": 3, "uid" :7 }"#))
                .unwrap();
        assert_eq!(
            claims,
            TokenClaims {
                uid: 7,
                utypid: 3,
                iat: 10,
                exp: 20
            }
        );
    }

    #[test]
    fn opaque_or_broken_tokens_have_no_claims() {
        assert_eq!(
            TokenClaims::read_unverified("0123456789abcdef0123456789abcdef"),
            None
        );
        assert_eq!(TokenClaims::read_unverified(&jwt(r#"{"uid":7}"#)), None);
        assert_eq!(TokenClaims::read_unverified("a.!!!.c"), None);
    }
}
