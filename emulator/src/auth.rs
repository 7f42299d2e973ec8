//! Bearer tokens as a 2.4.4+ store issues them: HS256 JWTs carrying `uid`, `utypid`, `iat`
//! and `exp`, signed with a key generated on first start and kept in the database, so
//! tokens outlive a restart. A token that cannot be trusted makes the caller a guest.

use crate::store::Database;
use axum::http::{HeaderMap, header};
use commerce_rest::TokenClaims;
use commerce_rest::token::{ADMIN_USER_TYPE, CUSTOMER_USER_TYPE};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use std::time::{SystemTime, UNIX_EPOCH};

/// Who is calling, as the store's `UserContext` sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Guest,
    Customer(u32),
    Admin,
}

pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

pub const ADMIN_LIFETIME_SECONDS: i64 = 4 * 3600;

/// A random key for a link in an e-mail (confirmation, password reset): 32 hex digits.
pub fn random_key() -> String {
    rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Tokens {
    pub fn load(store: &Database) -> rusqlite::Result<Tokens> {
        let secret = store.setting_or_init("jwt_signing_key", || {
            let key: [u8; 64] = rand::random();
            key.to_vec()
        })?;
        Ok(Tokens {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
        })
    }

    pub fn issue(&self, uid: u32, user_type: u8, lifetime_seconds: i64, issued_at: i64) -> String {
        let claims = TokenClaims {
            uid,
            utypid: user_type,
            iat: issued_at as u64,
            exp: (issued_at + lifetime_seconds) as u64,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("1".to_owned());
        jsonwebtoken::encode(&header, &claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    /// The verified claims of an unexpired token, or `None`.
    pub fn verify(&self, token: &str) -> Option<TokenClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat"]);
        jsonwebtoken::decode::<TokenClaims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }

    /// The caller a request's `Authorization` header makes; anything doubtful is a guest.
    /// As `TokenUserContext` reads it: exactly two parts split on a space, the first
    /// `bearer` in any case.
    pub fn caller(&self, headers: &HeaderMap, store: &Database) -> Caller {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return Caller::Guest;
        };
        let token = match value.split(' ').collect::<Vec<_>>().as_slice() {
            [kind, token] if kind.eq_ignore_ascii_case("bearer") => *token,
            _ => return Caller::Guest,
        };
        let Some(claims) = self.verify(token) else {
            return Caller::Guest;
        };
        match claims.utypid {
            ADMIN_USER_TYPE => Caller::Admin,
            CUSTOMER_USER_TYPE => match store.customer(claims.uid) {
                Ok(Some(stored)) if (claims.iat as i64) > stored.tokens_revoked_before => {
                    Caller::Customer(claims.uid)
                }
                _ => Caller::Guest,
            },
            _ => Caller::Guest,
        }
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    date_of(now())
}

/// The UTC date of a Unix time, `YYYY-MM-DD` (Howard Hinnant's `civil_from_days`).
fn date_of(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unix_time_reads_as_its_utc_day() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_796_047_199), "2026-11-30");
        assert_eq!(date_of(-1), "1969-12-31");
    }
}
