//! The runtime configuration, `config.json` beside `index.html`: which store the built site
//! talks to and the store settings its forms follow. Editing it re-points a deployed site
//! without a rebuild.

use commerce_rest::{PasswordPolicy, StoreRules};
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// The store's base URL, e.g. `https://shop.example.com`; empty means this site's own origin.
    #[serde(default)]
    pub store_url: String,
    #[serde(default = "default_store_code")]
    pub store_code: String,
    #[serde(default = "default_country")]
    pub default_country: String,
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    #[serde(default)]
    pub optional_zip_countries: Option<Vec<String>>,
    #[serde(default)]
    pub state_required: Option<Vec<String>>,
}

fn default_store_code() -> String {
    "default".to_owned()
}

fn default_country() -> String {
    "US".to_owned()
}

impl StoreConfig {
    /// Reads and checks the file's text; the error says what is wrong in words an operator
    /// can act on.
    pub fn parse(text: &str) -> Result<StoreConfig, String> {
        let config: StoreConfig =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))?;
        let url = config.store_url.as_str();
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "config.json: store_url must be empty (this site's origin) or start with http:// or https://, not \"{url}\""
            ));
        }
        let code = config.store_code.as_str();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "config.json: store_code must be a store view code such as \"default\", not \"{code}\""
            ));
        }
        let policy = config.password_policy;
        if !(1..=256).contains(&policy.min_length) || !(1..=4).contains(&policy.required_classes) {
            return Err(
                "config.json: password_policy needs min_length from 1 to 256 and required_classes from 1 to 4"
                    .to_owned(),
            );
        }
        Ok(config)
    }

    /// Where the REST routes of the configured store view start.
    pub fn rest_base(&self) -> String {
        format!(
            "{}/rest/{}/V1",
            self.store_url.trim_end_matches('/'),
            self.store_code
        )
    }

    pub fn rules(&self) -> StoreRules {
        let stock = StoreRules::default();
        StoreRules {
            password: self.password_policy,
            optional_zip_countries: self
                .optional_zip_countries
                .clone()
                .unwrap_or(stock.optional_zip_countries),
            state_required: self.state_required.clone().unwrap_or(stock.state_required),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_means_the_stock_store_on_this_origin() {
        let config = StoreConfig::parse("{}").unwrap();
        assert_eq!(config.rest_base(), "/rest/default/V1");
        assert_eq!(config.default_country, "US");
        assert_eq!(config.rules(), StoreRules::default());
    }

    #[test]
    fn a_remote_store_and_its_policy() {
        let config = StoreConfig::parse(
            r#"{"store_url": "https://shop.example.com/", "store_code": "en_us",
                "password_policy": {"min_length": 12, "required_classes": 4}}"#,
        )
        .unwrap();
        assert_eq!(config.rest_base(), "https://shop.example.com/rest/en_us/V1");
        assert_eq!(config.rules().password.min_length, 12);
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(
            StoreConfig::parse("<html>")
                .unwrap_err()
                .contains("not valid")
        );
        assert!(
            StoreConfig::parse(r#"{"store_url": "shop.example.com"}"#)
                .unwrap_err()
                .contains("http")
        );
        assert!(
            StoreConfig::parse(r#"{"store_code": "a/b"}"#)
                .unwrap_err()
                .contains("store_code")
        );
        assert!(
            StoreConfig::parse(r#"{"storeUrl": ""}"#)
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(
            StoreConfig::parse(r#"{"password_policy": {"min_length": 0, "required_classes": 3}}"#)
                .unwrap_err()
                .contains("min_length")
        );
    }
}
