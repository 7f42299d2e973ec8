//! The signed-in shopper. Her token lives in this tab's `sessionStorage` and nowhere else:
//! a reload keeps her signed in, a new tab starts signed out, and closing the tab forgets it.

use crate::api::{CustomerApi, GuestApi, SESSION_ENDED};
use commerce_rest::{Customer, TokenClaims};
use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;

const TOKEN_KEY: &str = "commerce-customer-token";

#[derive(Clone, Copy)]
pub struct Session {
    pub customer_api: RwSignal<Option<CustomerApi>>,
    /// The customer as the store last returned her, so a fresh account needs no extra call.
    pub customer: RwSignal<Option<Customer>>,
    /// A word for the sign-in page: why the shopper is there.
    pub notice: RwSignal<Option<String>>,
}

impl Session {
    /// Resumes the session of this tab, unless its token has visibly expired.
    pub fn restore(guest: &GuestApi) -> Session {
        let session = Session {
            customer_api: RwSignal::new(None),
            customer: RwSignal::new(None),
            notice: RwSignal::new(None),
        };
        if let Ok(token) = SessionStorage::get::<String>(TOKEN_KEY) {
            let expired = TokenClaims::read_unverified(&token)
                .is_some_and(|claims| claims.is_expired_at(now_secs()));
            if expired {
                SessionStorage::delete(TOKEN_KEY);
                session.notice.set(Some(SESSION_ENDED.to_owned()));
            } else {
                session.customer_api.set(Some(guest.customer(token.into())));
            }
        }
        session
    }

    pub fn sign_in(&self, api: CustomerApi, customer: Option<Customer>) {
        // Without storage (a locked-down browser) the session still lasts until a reload.
        let _ = SessionStorage::set(TOKEN_KEY, api.token());
        self.customer.set(customer);
        self.customer_api.set(Some(api));
        self.notice.set(None);
    }

    /// Forgets the token in this tab, with a word for the sign-in page.
    pub fn end(&self, notice: &str) {
        SessionStorage::delete(TOKEN_KEY);
        self.customer_api.set(None);
        self.customer.set(None);
        self.notice.set(Some(notice.to_owned()));
    }
}

pub fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Local date and time at which a JWT stops being accepted, if the token says.
pub fn signed_in_until(api: &CustomerApi) -> Option<String> {
    let claims = TokenClaims::read_unverified(api.token())?;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(claims.exp as f64 * 1000.0));
    Some(String::from(date.to_locale_string(
        "en-US",
        &wasm_bindgen::JsValue::UNDEFINED,
    )))
}
