//! The country and region directory of a fresh 2.4.8 store, compiled into the binary.

use commerce_rest::{Address, AddressRegion, Country};
use std::sync::LazyLock;

pub static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/countries.json"))
        .expect("the bundled directory is valid")
});

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
}
