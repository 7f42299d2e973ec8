//! The store settings that decide what an address must carry. The defaults are those of a
//! fresh Magento 2.4.8 install (`commerce-directory/config.json`).

use crate::password::PasswordPolicy;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

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
}

#[derive(Deserialize)]
struct StockDirectoryConfig {
    optional_zip_countries: Vec<String>,
    state_required: Vec<String>,
}

static STOCK: LazyLock<StockDirectoryConfig> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/directory-config.json"))
        .expect("the bundled directory config is valid JSON")
});

fn stock_optional_zip() -> Vec<String> {
    STOCK.optional_zip_countries.clone()
}

fn stock_state_required() -> Vec<String> {
    STOCK.state_required.clone()
}

impl Default for StoreRules {
    fn default() -> Self {
        StoreRules {
            password: PasswordPolicy::default(),
            optional_zip_countries: stock_optional_zip(),
            state_required: stock_state_required(),
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
    fn stock_rules_match_a_fresh_store() {
        let rules = StoreRules::default();
        assert!(rules.region_required("US"));
        assert!(!rules.region_required("DE"));
        assert!(!rules.region_required("GB"));
        assert!(!rules.postcode_required("GB"));
        assert!(rules.postcode_required("US"));
    }
}
