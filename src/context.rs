//! What every page shares: the store this site serves, read from `config.json` once.

use crate::api::{ApiError, GuestApi};
use crate::config::StoreConfig;
use commerce_rest::{Country, StoreRules};
use leptos::prelude::*;

#[derive(Clone)]
pub struct Store {
    /// The settings as `config.json` gave them (the status page shows them).
    pub config: StoreConfig,
    /// The store's name, for the header and the page titles.
    pub name: String,
    pub logo_url: Option<String>,
    pub home_url: Option<String>,
    pub guest: GuestApi,
    pub rules: StoreRules,
    pub default_country: String,
    pub countries: Directory,
}

/// The store's countries and regions (92 KB of JSON from a stock store): fetched the first
/// time a page wants them (a form, an address card), then kept for as long as the tab has
/// the app open. The sign-in page never waits for them.
#[derive(Clone, Copy)]
pub struct Directory {
    wanted: RwSignal<bool>,
    list: LocalResource<Option<Result<Vec<Country>, ApiError>>>,
}

impl Directory {
    pub fn new(guest: GuestApi) -> Directory {
        let wanted = RwSignal::new(false);
        let list = LocalResource::new(move || {
            let guest = guest.clone();
            let wanted = wanted.get();
            async move {
                match wanted {
                    true => Some(guest.countries().await),
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
        }
    }

    /// The list, or `None` while it loads.
    pub fn get(&self) -> Option<Result<Vec<Country>, ApiError>> {
        self.list.get().flatten()
    }

    pub fn get_untracked(&self) -> Option<Result<Vec<Country>, ApiError>> {
        self.list.get_untracked().flatten()
    }

    /// Fetches the list again, after it failed.
    pub fn refetch(&self) {
        self.list.refetch();
    }
}

impl Store {
    /// The name of a country for a shopper to read, from the store's directory.
    pub fn country_name(&self, id: &str) -> String {
        self.countries
            .get()
            .and_then(Result::ok)
            .and_then(|countries| {
                countries
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| crate::i18n::t(c.name()).to_owned())
            })
            .unwrap_or_else(|| id.to_owned())
    }
}
