//! The store's REST API: the only place this app speaks HTTP. A [`GuestApi`] makes the
//! anonymous calls; signing in yields a [`CustomerApi`], which alone can make the calls of a
//! signed-in customer, so a customer call without a token cannot be written.

mod error;

pub use error::{ApiError, SESSION_ENDED};

use crate::config::StoreConfig;
use commerce_rest::{Country, CreateCustomer, Credentials, Customer};
use gloo_net::http::{Method, Request, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// How long a call may take before the shopper is told the store is not answering.
const TIMEOUT_MS: u32 = 15_000;

/// Fetches `config.json` from beside `index.html`.
pub async fn load_config() -> Result<StoreConfig, String> {
    let response = Request::get("config.json")
        .send()
        .await
        .map_err(|_| "config.json could not be loaded.".to_owned())?;
    if !response.ok() {
        return Err(format!(
            "config.json could not be loaded (HTTP {}). Put it beside index.html.",
            response.status()
        ));
    }
    let text = response
        .text()
        .await
        .map_err(|_| "config.json could not be read.".to_owned())?;
    StoreConfig::parse(&text)
}

#[derive(Clone, Debug, PartialEq)]
pub struct GuestApi {
    base: Arc<str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CustomerApi {
    base: Arc<str>,
    token: Arc<str>,
}

impl GuestApi {
    pub fn new(config: &StoreConfig) -> GuestApi {
        GuestApi {
            base: config.rest_base().into(),
        }
    }

    /// `GET /V1/directory/countries`
    pub async fn countries(&self) -> Result<Vec<Country>, ApiError> {
        call(
            &self.base,
            Method::GET,
            "directory/countries",
            None,
            None::<&()>,
        )
        .await
    }

    /// `POST /V1/customers`, anonymous self-registration.
    pub async fn create_customer(&self, request: &CreateCustomer) -> Result<Customer, ApiError> {
        call(&self.base, Method::POST, "customers", None, Some(request)).await
    }

    /// `POST /V1/integration/customer/token`
    pub async fn sign_in(&self, credentials: &Credentials) -> Result<CustomerApi, ApiError> {
        let token: String = call(
            &self.base,
            Method::POST,
            "integration/customer/token",
            None,
            Some(credentials),
        )
        .await?;
        Ok(self.customer(token.into()))
    }

    /// The customer API for a token kept from earlier in this tab.
    pub fn customer(&self, token: Arc<str>) -> CustomerApi {
        CustomerApi {
            base: self.base.clone(),
            token,
        }
    }
}

impl CustomerApi {
    pub fn token(&self) -> &str {
        &self.token
    }

    /// `GET /V1/customers/me`
    pub async fn me(&self) -> Result<Customer, ApiError> {
        self.call(Method::GET, "customers/me").await
    }

    /// `POST /V1/integration/customer/revoke-customer-token`: every token of hers dies.
    pub async fn revoke(&self) -> Result<bool, ApiError> {
        self.call(Method::POST, "integration/customer/revoke-customer-token")
            .await
    }

    async fn call<T: DeserializeOwned>(&self, method: Method, route: &str) -> Result<T, ApiError> {
        match call(&self.base, method, route, Some(&self.token), None::<&()>).await {
            Err(ApiError::Rejected { status: 401, .. }) => Err(ApiError::SessionEnded),
            other => other,
        }
    }
}

/// The one function that talks to the store.
async fn call<T: DeserializeOwned>(
    base: &str,
    method: Method,
    route: &str,
    token: Option<&str>,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let mut builder = RequestBuilder::new(&format!("{base}/{route}"))
        .method(method)
        .header("Accept", "application/json")
        .abort_signal(Some(&signal));
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|e| match e {
        gloo_net::Error::JsError(js) if js.name == "TimeoutError" => ApiError::Timeout,
        _ => ApiError::Network,
    })?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        serde_json::from_str(&text).map_err(|_| ApiError::Unreadable { status })
    } else {
        Err(ApiError::from_answer(status, &text))
    }
}
