//! What every page shares: the store this site serves, read from `config.json` once.

use crate::api::{ApiError, GuestApi};
use crate::config::StoreConfig;
use commerce_rest::phrase;
use commerce_rest::{Country, Message, StoreRules};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone)]
pub struct Store {
    /// The settings as `config.json` gave them (the status page shows them).
    pub config: StoreConfig,
    /// The store's name, for the header and the page titles.
    pub name: String,
    pub guest: GuestApi,
    /// The rules its forms follow, from `config`.
    pub rules: StoreRules,
    pub countries: Directory,
}

/// The store's countries and regions (92 KB of JSON from a stock store): fetched the first
/// time a page wants them (a form, an address card), then kept for as long as the tab has
/// the app open. The sign-in page never waits for them. Shared, not copied: every read of a
/// form's selects would otherwise copy some 250 countries and their regions.
#[derive(Clone, Copy)]
pub struct Directory {
    wanted: RwSignal<bool>,
    list: LocalResource<Option<Result<Countries, ApiError>>>,
}

pub type Countries = Rc<[Country]>;

impl Directory {
    pub fn new(guest: GuestApi) -> Directory {
        let wanted = RwSignal::new(false);
        let list = LocalResource::new(move || {
            let guest = guest.clone();
            let wanted = wanted.get();
            async move {
                match wanted {
                    true => {
                        let countries = guest.countries().await.map(Countries::from);
                        next_task().await;
                        Some(countries)
                    }
                    false => None,
                }
            }
        });
        Directory { wanted, list }
    }

    /// Asks for the list; a page that shows countries calls this once, as it starts.
    pub fn want(&self) {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
            crate::locale::prepare_name_order();
        }
    }

    /// The list, or `None` while it loads.
    pub fn get(&self) -> Option<Result<Countries, ApiError>> {
        self.list.get().flatten()
    }

    pub fn get_untracked(&self) -> Option<Result<Countries, ApiError>> {
        self.list.get_untracked().flatten()
    }

    /// The list a form's submit needs, or why there is none yet.
    pub fn for_submit(&self) -> Result<Countries, Message> {
        match self.get_untracked() {
            Some(Ok(countries)) => Ok(countries),
            _ => Err(Message::plain(crate::i18n::t(phrase!(
                "The list of countries has not loaded from the store yet. Please wait a moment and try again."
            )))),
        }
    }

    /// Fetches the list again, after it failed.
    pub fn refetch(&self) {
        self.list.refetch();
    }
}

/// Waits for the browser's next task: reading some 250 countries and sorting and listing
/// them were one long task on a phone; split in two, neither delays her typing for long.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl Store {
    /// The store as `config.json` describes it, reached through `guest`.
    pub fn new(config: StoreConfig, guest: GuestApi) -> Store {
        let name = if config.store_name == crate::config::DEFAULT_STORE_NAME.english() {
            crate::i18n::t(crate::config::DEFAULT_STORE_NAME).to_owned()
        } else {
            config.store_name.clone()
        };
        Store {
            name,
            countries: Directory::new(guest.clone()),
            guest,
            rules: config.rules(),
            config,
        }
    }

    /// The name of a country for a shopper to read, from the store's directory.
    pub fn country_name(&self, id: &str) -> String {
        self.countries
            .get()
            .and_then(Result::ok)
            .and_then(|countries| {
                countries
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| crate::i18n::translate(c.name()).to_owned())
            })
            .unwrap_or_else(|| id.to_owned())
    }
}
