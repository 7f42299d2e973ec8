//! `GET /V1/directory/countries`: the countries a store allows, with their regions.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Country {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_letter_abbreviation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_letter_abbreviation: Option<String>,
    /// Required in the schema, so a store writes `null` where the locale has no name
    /// (Netherlands Antilles) rather than leaving the key out.
    #[serde(default)]
    pub full_name_locale: Option<String>,
    #[serde(default)]
    pub full_name_english: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub available_regions: Vec<Region>,
}

/// A region as the directory lists it; its id is a string here but an integer on an address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: String,
    pub code: String,
    pub name: String,
}

/// Names for the codes that a store's directory lists without one: retired codes that ICU
/// no longer names (and `Intl.DisplayNames` would misname: it calls `AN` Curaçao).
const RETIRED_CODES: &[(&str, &str)] = &[("AN", crate::phrase!("Netherlands Antilles").english())];

impl Country {
    /// The name a shopper reads: the store's, else its English one, else the retired
    /// code's old name; the bare code only for a code nobody has named.
    pub fn name(&self) -> &str {
        self.full_name_locale
            .as_deref()
            .or(self.full_name_english.as_deref())
            .or_else(|| {
                RETIRED_CODES
                    .iter()
                    .find(|(code, _)| *code == self.id)
                    .map(|(_, name)| *name)
            })
            .unwrap_or(&self.id)
    }

    pub fn region(&self, region_id: u32) -> Option<&Region> {
        self.available_regions
            .iter()
            .find(|r| r.id.parse() == Ok(region_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_without_a_name_in_the_directory_still_has_one() {
        let antilles = Country {
            id: "AN".into(),
            two_letter_abbreviation: Some("AN".into()),
            three_letter_abbreviation: Some("ANT".into()),
            full_name_locale: None,
            full_name_english: None,
            available_regions: vec![],
        };
        assert_eq!(antilles.name(), "Netherlands Antilles");
    }
}
