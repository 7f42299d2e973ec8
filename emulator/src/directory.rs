//! The country and region directory of a fresh 2.4.8 store, compiled into the binary.

use commerce_rest::{Address, AddressRegion, Country};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The store's locales the emulator names countries in: the directory's own English and
/// those of `data/country-names.json` (made by `tools/country-names/generate.mjs` from ICU).
pub const LOCALES: [&str; 6] = ["en_US", "de_DE", "fr_FR", "nl_NL", "es_ES", "ar_SA"];

pub static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/countries.json"))
        .expect("the bundled directory is valid")
});

/// The directory as each locale's store view answers it.
static IN_LOCALE: LazyLock<HashMap<String, Vec<Country>>> = LazyLock::new(|| {
    let names: HashMap<String, HashMap<String, Option<String>>> =
        serde_json::from_str(include_str!("../data/country-names.json"))
            .expect("the bundled country names are valid");
    names
        .into_iter()
        .map(|(locale, names)| {
            let countries = COUNTRIES
                .iter()
                .map(|country| Country {
                    full_name_locale: names.get(&country.id).cloned().flatten(),
                    ..country.clone()
                })
                .collect();
            (locale, countries)
        })
        .collect()
});

/// The countries with `full_name_locale` in the store view's language.
pub fn countries(locale: &str) -> &'static [Country] {
    IN_LOCALE.get(locale).unwrap_or(&COUNTRIES)
}

pub fn country(id: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.id == id)
}

/// Fills the region as a store saves it: from the directory when the country lists regions,
/// otherwise the free text with id 0 and the text standing in for the code.
pub fn normalise_region(address: &mut Address) {
    let country = address.country_id.as_deref().and_then(country);
    let region_id = address
        .region_id
        .or_else(|| address.region.as_ref()?.region_id)
        .filter(|&id| id != 0);
    let listed = country
        .zip(region_id)
        .and_then(|(c, id)| c.region(id).map(|r| (id, r)));
    let region = match listed {
        Some((id, r)) => AddressRegion {
            region_code: Some(r.code.clone()),
            region: Some(r.name.clone()),
            region_id: Some(id),
        },
        None => {
            let text = address
                .region
                .as_ref()
                .and_then(|r| r.region.clone())
                .filter(|t| !t.trim().is_empty());
            AddressRegion {
                region_code: text.clone(),
                region: text,
                region_id: Some(0),
            }
        }
    };
    address.region_id = region.region_id;
    address.region = Some(region);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_is_a_fresh_stores() {
        assert_eq!(COUNTRIES.len(), 249);
        let us = country("US").unwrap();
        assert_eq!(us.region(43).unwrap().name, "New York");
        assert!(country("GB").unwrap().available_regions.is_empty());
    }

    #[test]
    fn a_german_store_names_its_countries_in_german() {
        let germany = |locale| countries(locale).iter().find(|c| c.id == "DE").unwrap();
        for (locale, name) in [
            ("en_US", "Germany"),
            ("de_DE", "Deutschland"),
            ("ar_SA", "ألمانيا"),
        ] {
            assert_eq!(germany(locale).full_name_locale.as_deref(), Some(name));
            assert_eq!(
                germany(locale).full_name_english.as_deref(),
                Some("Germany")
            );
        }
        for locale in LOCALES {
            assert_eq!(countries(locale).len(), 249, "{locale}");
            let unnamed: Vec<_> = countries(locale)
                .iter()
                .filter(|c| c.full_name_locale.is_none())
                .map(|c| c.id.as_str())
                .collect();
            assert_eq!(
                unnamed,
                ["AN"],
                "{locale}: only the retired code has no name"
            );
        }
    }
}
