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

impl Country {
    /// The name a shopper reads; a few directory entries have none, so the code stands in.
    pub fn name(&self) -> &str {
        self.full_name_locale
            .as_deref()
            .or(self.full_name_english.as_deref())
            .unwrap_or(&self.id)
    }

    pub fn region(&self, region_id: u32) -> Option<&Region> {
        self.available_regions
            .iter()
            .find(|r| r.id.parse() == Ok(region_id))
    }
}
