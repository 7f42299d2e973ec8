//! What every page shares: the store this site serves, read from `config.json` once.

use crate::api::{ApiError, GuestApi};
use commerce_rest::{Country, StoreRules};
use leptos::prelude::*;

#[derive(Clone)]
pub struct Store {
    /// The store's name, for the header and the page titles.
    pub name: String,
    pub logo_url: Option<String>,
    pub home_url: Option<String>,
    pub guest: GuestApi,
    pub rules: StoreRules,
    pub default_country: String,
    /// The store's countries, fetched once for the forms and the address cards.
    pub countries: LocalResource<Result<Vec<Country>, ApiError>>,
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
                    .map(|c| c.name().to_owned())
            })
            .unwrap_or_else(|| id.to_owned())
    }
}
