//! The store's REST API: the only place this app speaks HTTP. A [`GuestApi`] makes the
//! anonymous calls; signing in yields a [`CustomerApi`], which alone can make the calls of a
//! signed-in customer, so a customer call without a token cannot be written.

mod error;

pub use crate::transport::{DemoStore, emulated_release, watch_demo_store};
pub use error::{ApiError, ResetRefusal, SESSION_ENDED, Unproven};

use crate::config::StoreConfig;
use crate::transport::{self, Method, Proofs, to_json};
use commerce_rest::{
    Country, CreateCustomer, Credentials, Customer, PasswordChange, PasswordReset,
    PasswordResetRequest, SaveCustomer,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Where the store's REST routes are, and how long a call may take before the shopper is
/// told the store is not answering.
#[derive(Clone, Debug, PartialEq)]
struct Endpoint {
    base: Arc<str>,
    timeout_ms: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GuestApi {
    endpoint: Endpoint,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CustomerApi {
    endpoint: Endpoint,
    token: Arc<str>,
}

/// The store's reCAPTCHA token for one call of a form it guards: the widget gives one right
/// before the call, and the store takes it once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HumanProof(pub String);

/// The link of the store's password-reset e-mail, when it has the shape a store makes: a
/// positive customer id and a token of 32 letters and digits
/// (`Magento\Framework\Math\Random::getRandomString(32)`). Anything else was damaged or
/// made up, and is never sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetLink {
    pub customer_id: u32,
    pub token: String,
}

impl ResetLink {
    pub const TOKEN_LENGTH: usize = 32;

    pub fn read(id: Option<&str>, token: Option<&str>) -> Option<ResetLink> {
        let customer_id = id?.parse::<u32>().ok().filter(|id| *id > 0)?;
        let token = token?;
        let shaped =
            token.len() == Self::TOKEN_LENGTH && token.bytes().all(|b| b.is_ascii_alphanumeric());
        shaped.then(|| ResetLink {
            customer_id,
            token: token.to_owned(),
        })
    }
}

/// The path of a route under the store's `/V1`: each segment percent-encoded, every byte but
/// the unreserved ones (`A-Z a-z 0-9 - . _ ~`).
fn path_of(segments: &[&str]) -> String {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                path.push(byte as char);
            } else {
                path.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    path
}

/// A request without a body.
const NO_BODY: Option<&()> = None;

impl GuestApi {
    pub fn new(config: &StoreConfig) -> GuestApi {
        GuestApi {
            endpoint: Endpoint {
                base: config.rest_base().into(),
                timeout_ms: config.request_timeout_seconds * 1000,
            },
        }
    }

    /// `GET /V1/directory/countries`
    pub async fn countries(&self) -> Result<Vec<Country>, ApiError> {
        let route = &["directory", "countries"];
        self.endpoint
            .call(Method::Get, route, Proofs::default(), NO_BODY)
            .await
    }

    /// `POST /V1/customers`, anonymous self-registration.
    pub async fn create_customer(
        &self,
        request: &CreateCustomer,
        proof: Option<&HumanProof>,
    ) -> Result<Customer, ApiError> {
        self.endpoint
            .call(Method::Post, &["customers"], guarded(proof), Some(request))
            .await
    }

    /// `POST /V1/integration/customer/token`
    pub async fn sign_in(
        &self,
        credentials: &Credentials,
        proof: Option<&HumanProof>,
    ) -> Result<CustomerApi, ApiError> {
        let route = &["integration", "customer", "token"];
        let token: String = self
            .endpoint
            .call(Method::Post, route, guarded(proof), Some(credentials))
            .await?;
        Ok(self.customer(token.into()))
    }

    /// `PUT /V1/customers/password`: the store e-mails her a link to set a new password.
    pub async fn request_password_reset(
        &self,
        email: &str,
        proof: Option<&HumanProof>,
    ) -> Result<(), ApiError> {
        let request = PasswordResetRequest {
            email: email.to_owned(),
            template: "email_reset".to_owned(),
        };
        let route = &["customers", "password"];
        let _sent: bool = self
            .endpoint
            .call(Method::Put, route, guarded(proof), Some(&request))
            .await?;
        Ok(())
    }

    /// `GET /V1/customers/{id}/password/resetLinkToken/{token}`: is the e-mailed link still good?
    pub async fn check_reset_link(&self, link: &ResetLink) -> Result<(), ApiError> {
        let id = link.customer_id.to_string();
        let route = &["customers", &id, "password", "resetLinkToken", &link.token];
        let _valid: bool = self
            .endpoint
            .call(Method::Get, route, Proofs::default(), NO_BODY)
            .await?;
        Ok(())
    }

    /// `POST /V1/customers/resetPassword`
    pub async fn reset_password(
        &self,
        reset: &PasswordReset,
        proof: Option<&HumanProof>,
    ) -> Result<(), ApiError> {
        let route = &["customers", "resetPassword"];
        let _done: bool = self
            .endpoint
            .call(Method::Post, route, guarded(proof), Some(reset))
            .await?;
        Ok(())
    }

    /// The store view this site talks to, as its REST routes' base: what a token belongs to.
    pub fn store(&self) -> &str {
        &self.endpoint.base
    }

    /// The customer API for a token kept from earlier in this tab.
    pub fn customer(&self, token: Arc<str>) -> CustomerApi {
        CustomerApi {
            endpoint: self.endpoint.clone(),
            token,
        }
    }
}

impl CustomerApi {
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The store view that issued the token.
    pub fn store(&self) -> &str {
        &self.endpoint.base
    }

    /// `GET /V1/customers/me`
    pub async fn me(&self) -> Result<Customer, ApiError> {
        self.call(Method::Get, &["customers", "me"], None, NO_BODY)
            .await
    }

    /// `PUT /V1/customers/me`: her record as the store is to keep it; the answer is the saved
    /// customer.
    pub async fn save(&self, customer: &Customer) -> Result<Customer, ApiError> {
        let request = SaveCustomer {
            customer: customer.clone(),
        };
        self.call(Method::Put, &["customers", "me"], None, Some(&request))
            .await
    }

    /// `PUT /V1/customers/me/password`
    pub async fn change_password(
        &self,
        change: &PasswordChange,
        proof: Option<&HumanProof>,
    ) -> Result<(), ApiError> {
        let route = &["customers", "me", "password"];
        let _changed: bool = self.call(Method::Put, route, proof, Some(change)).await?;
        Ok(())
    }

    /// `POST /V1/integration/customer/revoke-customer-token`: every token of hers dies.
    pub async fn revoke(&self) -> Result<bool, ApiError> {
        let route = &["integration", "customer", "revoke-customer-token"];
        self.call(Method::Post, route, None, NO_BODY).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        route: &[&str],
        proof: Option<&HumanProof>,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let proofs = Proofs {
            bearer: Some(&self.token),
            ..guarded(proof)
        };
        self.endpoint
            .call(method, route, proofs, body)
            .await
            .map_err(ApiError::for_customer)
    }
}

impl Endpoint {
    /// The one function that talks to the store. The route comes as its path segments, each
    /// percent-encoded here: an id or a token from a link can never reach another route.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        route: &[&str],
        proofs: Proofs<'_>,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let body = match body {
            Some(body) => Some(to_json(body).ok_or(ApiError::Unsendable)?),
            None => None,
        };
        let url = format!("{}{}", self.base, path_of(route));
        transport::call(method, &url, proofs, body, self.timeout_ms).await
    }
}

/// A guarded route's proof as the request carries it; none on a store that does not guard it.
fn guarded(proof: Option<&HumanProof>) -> Proofs<'_> {
    Proofs {
        bearer: None,
        recaptcha: proof.map(|p| p.0.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_segment_of_a_route_is_percent_encoded() {
        assert_eq!(path_of(&["customers", "me"]), "/customers/me");
        assert_eq!(
            path_of(&[
                "customers",
                "7",
                "password",
                "resetLinkToken",
                "../../directory/countries"
            ]),
            "/customers/7/password/resetLinkToken/..%2F..%2Fdirectory%2Fcountries"
        );
        assert_eq!(path_of(&["a?b#c d%é"]), "/a%3Fb%23c%20d%25%C3%A9");
    }

    #[test]
    fn a_reset_link_is_read_only_in_the_shape_a_store_makes() {
        let token = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY";
        assert_eq!(
            ResetLink::read(Some("7"), Some(token)),
            Some(ResetLink {
                customer_id: 7,
                token: token.into()
            })
        );
        for (id, token) in [
            (Some("0"), Some(token)),
            (Some("-7"), Some(token)),
            (Some("7a"), Some(token)),
            (None, Some(token)),
            (Some("7"), None),
            (Some("7"), Some("")),
            (Some("7"), Some(&token[..31])),
            (Some("7"), Some("..%2F..%2F..%2F..%2Fdirectory%2Fco")),
            (Some("7"), Some("../../../../directory/countries/x")),
        ] {
            assert_eq!(ResetLink::read(id, token), None, "{id:?} {token:?}");
        }
    }
}
