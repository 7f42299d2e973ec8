//! The store settings that decide what an address must carry. The defaults are those of a
//! fresh Magento 2.4.8 install (`commerce-directory/config.json`).

use crate::customer_config::CustomerConfig;
use crate::password::PasswordPolicy;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreRules {
    #[serde(default)]
    pub password: PasswordPolicy,
    /// `general/country/optional_zip_countries`
    #[serde(default = "stock_optional_zip")]
    pub optional_zip_countries: Vec<String>,
    /// `general/region/state_required`
    #[serde(default = "stock_state_required")]
    pub state_required: Vec<String>,
    /// The fields the store's customer and address forms show and require.
    #[serde(skip)]
    pub customer: CustomerConfig,
}

/// `general/country/optional_zip_countries` of a fresh store (`data/directory-config.json`,
/// written out here so that the browser needs no JSON parser for it).
const STOCK_OPTIONAL_ZIP: &[&str] = &["HK", "IE", "MO", "PA", "GB"];

/// `general/region/state_required` of a fresh store.
const STOCK_STATE_REQUIRED: &[&str] = &[
    "BR", "CA", "CH", "EE", "ES", "LT", "LV", "RO", "US", "AL", "AR", "HR", "IN", "AU", "BY", "BE",
    "BO", "BG", "CL", "CN", "CO", "CR", "CZ", "DK", "EC", "GR", "GY", "IS", "IT", "MX", "PY", "PE",
    "PL", "PT", "SR", "SE", "UA", "UY", "VE",
];

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

fn stock_optional_zip() -> Vec<String> {
    owned(STOCK_OPTIONAL_ZIP)
}

fn stock_state_required() -> Vec<String> {
    owned(STOCK_STATE_REQUIRED)
}

impl Default for StoreRules {
    fn default() -> Self {
        StoreRules {
            password: PasswordPolicy::default(),
            optional_zip_countries: stock_optional_zip(),
            state_required: stock_state_required(),
            customer: CustomerConfig::default(),
        }
    }
}

impl StoreRules {
    pub fn postcode_required(&self, country_id: &str) -> bool {
        !self.optional_zip_countries.iter().any(|c| c == country_id)
    }

    pub fn region_required(&self, country_id: &str) -> bool {
        self.state_required.iter().any(|c| c == country_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_out_lists_are_the_directory_configs() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../data/directory-config.json")).unwrap();
        assert_eq!(
            config["optional_zip_countries"],
            serde_json::json!(STOCK_OPTIONAL_ZIP)
        );
        assert_eq!(
            config["state_required"],
            serde_json::json!(STOCK_STATE_REQUIRED)
        );
    }

    #[test]
    fn stock_rules_match_a_fresh_store() {
        let rules = StoreRules::default();
        assert!(rules.region_required("US"));
        assert!(!rules.region_required("DE"));
        assert!(!rules.region_required("GB"));
        assert!(!rules.postcode_required("GB"));
        assert!(rules.postcode_required("US"));
    }
}
