//! The signed-in shopper. Her token lives in this tab's `sessionStorage` and nowhere else:
//! a reload keeps her signed in, a new tab starts signed out, and closing the tab forgets it.
//! Her drafts and passwords live in memory only.

use crate::api::{ApiError, CustomerApi, GuestApi, SESSION_ENDED};
use commerce_rest::{Customer, TokenClaims, phrase};
use futures_channel::oneshot;
use leptos::prelude::*;
use std::future::Future;

const TOKEN_KEY: &str = "commerce-customer-token";
/// The store view the token was issued by (its REST base): a site re-pointed at another store,
/// or another store view, must not send it there.
const TOKEN_STORE_KEY: &str = "commerce-customer-token-store";

/// The channel this site's tabs tell each other about signing out on: a duplicated tab shares
/// the token (it copies `sessionStorage`), and revoking it ends every copy.
const TABS: &str = "commerce-account";

/// This tab's `sessionStorage`: gone with the tab, copied into a duplicate of it.
pub fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// This tab's `sessionStorage`: the one place the token is kept, as the plain string it is,
/// beside the store that issued it. Without storage (a locked-down browser) the session lasts
/// until a reload.
mod token_store {
    use super::{TOKEN_KEY, TOKEN_STORE_KEY, tab_storage as storage};

    /// The token kept for `store`; one kept for another store is dropped.
    pub fn get(store: &str) -> Option<String> {
        let storage = storage()?;
        let token = storage.get_item(TOKEN_KEY).ok()??;
        if storage.get_item(TOKEN_STORE_KEY).ok()?.as_deref() == Some(store) {
            Some(token)
        } else {
            forget();
            None
        }
    }

    pub fn set(token: &str, store: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(TOKEN_STORE_KEY, store);
            let _ = storage.set_item(TOKEN_KEY, token);
        }
    }

    pub fn forget() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(TOKEN_KEY);
            let _ = storage.remove_item(TOKEN_STORE_KEY);
        }
    }
}

/// Why the sign-in dialog is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reauth {
    /// Her session is about to end, or has ended while she was reading.
    StaySignedIn,
    /// A save was refused because the session had ended; it is repeated after she signs in.
    SaveInterrupted,
}

/// How the sign-in dialog ended.
#[derive(Clone, Debug)]
pub enum Resumed {
    /// She signed in again as herself.
    Same(CustomerApi),
    /// Somebody else signed in: the first customer's draft must not be saved for her.
    Other,
    Cancelled,
}

/// Why a save did not go through.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSaved {
    /// It was not made; saving again is safe.
    Refused(ApiError),
    /// The answer was lost and her record could not be read again to find out.
    Unknown(ApiError),
}

impl From<NotSaved> for crate::form::FormErrors {
    fn from(not_saved: NotSaved) -> Self {
        not_saved.messages().into()
    }
}

impl NotSaved {
    /// Every message as one text, in the shopper's words.
    pub fn text(&self) -> String {
        crate::i18n::all_words(&self.messages())
    }

    pub fn messages(&self) -> Vec<commerce_rest::Message> {
        match self {
            NotSaved::Refused(e) => e.messages(),
            NotSaved::Unknown(e) => {
                let mut messages = e.messages();
                messages.push(commerce_rest::Message::plain(
                    "It may have been saved: look at your account before you save again.",
                ));
                messages
            }
        }
    }
}

/// A word for the shopper about what just happened, shown on the page she lands on.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// Pages it has been shown on; it goes with the next navigation after the first.
    pages: u8,
}

#[derive(Clone, Copy)]
pub struct Session {
    customer_api: RwSignal<Option<CustomerApi>>,
    /// How the last session of this tab ended.
    ended: RwSignal<Option<Ending>>,
    /// The one cached customer: as the store last returned her, replaced by every save.
    customer: RwSignal<Option<Customer>>,
    /// A word for the next page: why the shopper is there, or what was done.
    notice: RwSignal<Option<Notice>>,
    /// The email last typed on any form, so that the next form starts with it.
    email: RwSignal<String>,
    /// The sign-in dialog is open while this is set.
    reauth: RwSignal<Option<Reauth>>,
    waiting: StoredValue<Vec<oneshot::Sender<Resumed>>, LocalStorage>,
    /// The store has refused the token this tab holds: her session has ended, whatever the
    /// token's own expiry says, until she signs in again.
    refused: RwSignal<bool>,
}

/// How a session ends, which decides where an account page sends her.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    SignedOut,
    SignedOutElsewhere,
    /// The store no longer takes the token: she signs in and comes back to where she was.
    Expired,
}

impl Ending {
    fn notice(self) -> commerce_rest::Phrase {
        match self {
            Ending::SignedOut => phrase!("You have signed out."),
            Ending::SignedOutElsewhere => phrase!("You signed out in another window."),
            Ending::Expired => SESSION_ENDED,
        }
    }

    pub fn brings_her_back(self) -> bool {
        self == Ending::Expired
    }
}

impl Session {
    /// Her API while she is signed in.
    pub fn customer_api(&self) -> ReadSignal<Option<CustomerApi>> {
        self.customer_api.read_only()
    }

    /// How the last session of this tab ended.
    pub fn ended(&self) -> ReadSignal<Option<Ending>> {
        self.ended.read_only()
    }

    /// The one cached customer: as the store last returned her, replaced by every save.
    pub fn customer(&self) -> ReadSignal<Option<Customer>> {
        self.customer.read_only()
    }

    /// A word for the next page: why the shopper is there, or what was done.
    pub fn notice(&self) -> ReadSignal<Option<Notice>> {
        self.notice.read_only()
    }

    /// Set while the sign-in dialog is open, and why it is.
    pub fn reauth(&self) -> ReadSignal<Option<Reauth>> {
        self.reauth.read_only()
    }

    /// The email last typed on any form, so that the next form starts with it; forms type
    /// into it.
    pub fn email(&self) -> RwSignal<String> {
        self.email
    }

    /// Her customer as the store answered it, for the pages of the account.
    pub fn loaded(&self, customer: Customer) {
        self.customer.set(Some(customer));
    }

    /// The word for the page is said: the next page starts without it.
    pub fn clear_notice(&self) {
        self.notice.set(None);
    }

    /// Resumes the session of this tab, unless its token has visibly expired.
    pub fn restore(guest: &GuestApi) -> Session {
        let session = Session {
            customer_api: RwSignal::new(None),
            ended: RwSignal::new(None),
            customer: RwSignal::new(None),
            notice: RwSignal::new(None),
            email: RwSignal::new(String::new()),
            reauth: RwSignal::new(None),
            waiting: StoredValue::new_local(Vec::new()),
            refused: RwSignal::new(false),
        };
        session.listen_to_other_tabs();
        if let Some(token) = token_store::get(guest.store()) {
            let expired = TokenClaims::read_unverified(&token)
                .is_some_and(|claims| claims.is_expired_at(now_secs()));
            if expired {
                token_store::forget();
                session.tell(crate::i18n::t(SESSION_ENDED));
            } else {
                session.customer_api.set(Some(guest.customer(token.into())));
            }
        }
        session
    }

    pub fn sign_in(&self, api: CustomerApi, customer: Option<Customer>) {
        token_store::set(api.token(), api.store());
        self.refused.set(false);
        self.customer.set(customer);
        self.customer_api.set(Some(api));
        self.notice.set(None);
    }

    /// Signs her out: this browser forgets her first (the token, her customer, in this tab and
    /// in every other tab of this browser that shares her session), so that nothing of hers is
    /// left while a slow store answers; then the store is told, and every token of hers dies.
    /// When the store cannot be told, the signed-out page says until when the token would
    /// still work elsewhere.
    pub async fn sign_out(&self) {
        let Some(api) = self.customer_api.get_untracked() else {
            return;
        };
        if let (Some(id), Ok(channel)) = (self.customer_id(), web_sys::BroadcastChannel::new(TABS))
        {
            let _ = channel.post_message(&format!("signed-out:{id}").into());
            channel.close();
        }
        self.end(Ending::SignedOut);
        if !matches!(api.revoke().await, Ok(true)) {
            let text = match signed_in_until(&api) {
                Some(until) => crate::i18n::tf(
                    phrase!("You have signed out of this browser, but the store could not be told: your session ends by itself at %1."),
                    &[&until],
                ),
                None => crate::i18n::t(
                    phrase!("You have signed out of this browser, but the store could not be told: your session ends by itself within the hour."),
                )
                .to_owned(),
            };
            self.tell(&text);
        }
    }

    /// The signed-in customer's id: from her token, or the customer the store returned.
    fn customer_id(&self) -> Option<u32> {
        self.customer_api
            .with_untracked(|api| api.as_ref().and_then(token_customer_id))
            .or_else(|| {
                self.customer
                    .with_untracked(|c| c.as_ref().and_then(|c| c.id))
            })
    }

    /// Ends this tab's session when another tab of hers signs out.
    fn listen_to_other_tabs(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(TABS) else {
            return;
        };
        let session = *self;
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let signed_out = event
                    .data()
                    .as_string()
                    .and_then(|m| m.strip_prefix("signed-out:")?.parse::<u32>().ok());
                if signed_out.is_some() && signed_out == session.customer_id() {
                    session.end(Ending::SignedOutElsewhere);
                }
            },
        );
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_message.as_ref(),
        )));
        // Both live as long as the tab: this session is the app's.
        on_message.forget();
        std::mem::forget(channel);
    }

    /// Forgets the token in this tab, with a word for the sign-in page.
    pub fn end(&self, ending: Ending) {
        token_store::forget();
        self.tell(crate::i18n::t(ending.notice()));
        self.ended.set(Some(ending));
        self.customer_api.set(None);
        self.customer.set(None);
    }

    /// Whether the store has refused her token (tracked).
    pub fn token_refused(&self) -> bool {
        self.refused.get()
    }

    /// Says something on the page she is on or is about to be sent to.
    pub fn tell(&self, text: &str) {
        self.notice.set(Some(Notice {
            text: text.to_owned(),
            pages: 0,
        }));
    }

    /// Called on every navigation: a notice lives on the page it was meant for, then goes.
    pub fn next_page(&self) {
        self.notice.update(|notice| {
            if let Some(n) = notice {
                n.pages += 1;
                if n.pages > 1 {
                    *notice = None;
                }
            }
        });
    }

    /// Saves her record and makes the store's answer the one cached customer. When the
    /// answer is lost (the store may have saved it), her record is read again before
    /// anything else, and `applied` tells from it whether the save was made: nothing is ever
    /// sent twice behind her back.
    pub async fn save_customer(
        &self,
        customer: Customer,
        applied: impl Fn(&Customer) -> bool,
    ) -> Result<Customer, NotSaved> {
        let answer = self
            .as_customer(|api| {
                let customer = customer.clone();
                async move { api.save(&customer).await }
            })
            .await;
        let lost = match answer {
            Ok(saved) => {
                self.customer.set(Some(saved.clone()));
                return Ok(saved);
            }
            Err(e) if e.outcome_unknown() => e,
            Err(e) => return Err(NotSaved::Refused(e)),
        };
        match self.as_customer(|api| async move { api.me().await }).await {
            Ok(fresh) => {
                self.customer.set(Some(fresh.clone()));
                if applied(&fresh) {
                    Ok(fresh)
                } else {
                    Err(NotSaved::Refused(lost))
                }
            }
            Err(_) => Err(NotSaved::Unknown(lost)),
        }
    }

    /// Opens the sign-in dialog on the page she is on and waits until she has signed in
    /// again or closed it.
    pub async fn sign_in_again(&self, reason: Reauth) -> Resumed {
        let (reply, answer) = oneshot::channel();
        self.waiting.update_value(|waiting| waiting.push(reply));
        self.reauth.set(Some(reason));
        answer.await.unwrap_or(Resumed::Cancelled)
    }

    /// The dialog's answer, given to everything that waited for it.
    pub fn finish_reauth(&self, outcome: Resumed) {
        self.reauth.set(None);
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for reply in waiting {
            let _ = reply.send(outcome.clone());
        }
    }

    /// Runs a call of the signed-in customer. When the store no longer accepts her token,
    /// the page stays as it is, with all she typed: she signs in again in a dialog, and the
    /// call is made once more, for her only.
    pub async fn as_customer<T, F, Fut>(&self, call: F) -> Result<T, ApiError>
    where
        F: Fn(CustomerApi) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let Some(api) = self.customer_api.get_untracked() else {
            return Err(ApiError::SessionEnded);
        };
        match call(api).await {
            Err(ApiError::SessionEnded) => {
                self.refused.set(true);
                match self.sign_in_again(Reauth::SaveInterrupted).await {
                    Resumed::Same(api) => call(api).await,
                    Resumed::Other | Resumed::Cancelled => Err(ApiError::SessionEnded),
                }
            }
            answered => answered,
        }
    }
}

/// The customer a token belongs to, if the token says (a JWT does; an opaque token does not).
pub fn token_customer_id(api: &CustomerApi) -> Option<u32> {
    TokenClaims::read_unverified(api.token()).map(|claims| claims.uid)
}

pub fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Local time (and the date, when it is not today) at which a JWT stops being accepted.
pub fn signed_in_until(api: &CustomerApi) -> Option<String> {
    let claims = TokenClaims::read_unverified(api.token())?;
    Some(crate::locale::time_of_day(claims.exp))
}
