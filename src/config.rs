//! The runtime configuration, `config.json` beside `index.html`: which store the built site
//! talks to and the store settings its forms follow. Editing it re-points a deployed site
//! without a rebuild.

use commerce_rest::customer_config::CustomerConfig;
use commerce_rest::recaptcha::{FormKey, Guard, Guards, RecaptchaConfig};
use commerce_rest::{PasswordPolicy, StoreRules};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Every key is optional: an empty object is a stock store on this site's origin.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// The store's base URL, e.g. `https://shop.example.com`; empty means this site's own origin.
    pub store_url: String,
    pub store_code: String,
    pub default_country: String,
    pub password_policy: PasswordPolicy,
    pub optional_zip_countries: Option<Vec<String>>,
    pub state_required: Option<Vec<String>>,
    /// The store's name, in the header and the titles of the pages.
    pub store_name: String,
    /// A logo for the header, beside or instead of the name.
    pub logo_url: Option<String>,
    /// The shop's front page, for a "back to the shop" link.
    pub store_home_url: Option<String>,
    /// The colour of buttons and links, as `#rgb` or `#rrggbb`.
    pub accent_color: Option<String>,
    /// How long a call to the store may take before the shopper is told it is not answering.
    pub request_timeout_seconds: u32,
    /// The store view's locale, as Magento names it (`de_DE`): the language of every word.
    pub locale: String,
    /// The store's own customer form, by Magento's configuration paths and values
    /// (`"customer/address/dob_show": "req"`); a path left out has Magento's default.
    pub customer_config: BTreeMap<String, serde_json::Value>,
    /// Google's reCAPTCHA script, or another with its surface (`recaptcha.net`'s where
    /// `google.com` is blocked, the emulator's stand-in while developing and testing); loaded
    /// only on a page whose form the store guards.
    pub recaptcha_script_url: String,
    /// What `customer_config` says, read by [`StoreConfig::checked`].
    #[serde(skip)]
    pub customer: CustomerConfig,
    /// `customer_config`'s `recaptcha_frontend/*` as given: read where reCAPTCHA's code is,
    /// which a store that guards nothing never loads ([`crate::site::load_config`]).
    #[serde(skip)]
    pub recaptcha_settings: Vec<(String, String)>,
    /// The forms the store guards with reCAPTCHA, once those settings are read.
    #[serde(skip)]
    pub recaptcha: Guards,
}

/// The header's name for a store that gives none, in the store's language.
pub const DEFAULT_STORE_NAME: commerce_rest::Phrase = commerce_rest::phrase!("Customer account");

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            store_url: String::new(),
            store_code: "default".to_owned(),
            default_country: "US".to_owned(),
            password_policy: PasswordPolicy::default(),
            optional_zip_countries: None,
            state_required: None,
            store_name: DEFAULT_STORE_NAME.english().to_owned(),
            logo_url: None,
            store_home_url: None,
            accent_color: None,
            request_timeout_seconds: 15,
            locale: "en_US".to_owned(),
            customer_config: BTreeMap::new(),
            recaptcha_script_url: commerce_rest::recaptcha::GOOGLE_SCRIPT.to_owned(),
            customer: CustomerConfig::default(),
            recaptcha_settings: Vec::new(),
            recaptcha: Guards::default(),
        }
    }
}

/// What is wrong with a link of `config.json` (`key` holds `url`), from the address the
/// browser reads it as on this page ([`crate::destination::parse`], shared with the redirect
/// after signing in): a web address, or a path that stays on this site's origin. Browsers read
/// `/\\host` and `/<tab>/host` as another host, so the text alone cannot tell.
pub fn link_problem(
    key: &str,
    url: &str,
    parsed: Option<&crate::destination::Parsed>,
    site_origin: &str,
) -> Option<String> {
    let web_address = url.starts_with("https://") || url.starts_with("http://");
    let stays_here = url.starts_with('/')
        && parsed.is_some_and(|parsed| parsed.origin == site_origin && parsed.origin != "null");
    if parsed.is_some() && (web_address || stays_here) {
        return None;
    }
    Some(if url.starts_with('/') {
        format!(
            "config.json: {key} \"{url}\" leads off this site, as a browser reads it: give a path such as /media/logo.svg or a full https:// address"
        )
    } else {
        format!("config.json: {key} must start with https://, http:// or /, not \"{url}\"")
    })
}

fn is_hex_colour(colour: &str) -> bool {
    colour
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

impl StoreConfig {
    /// Checks the values the file's keys hold; the error says what is wrong in words an
    /// operator can act on.
    pub fn checked(self) -> Result<StoreConfig, String> {
        let mut config = self;
        for (path, value) in &config.customer_config {
            // Magento's values are strings; a number is taken where the value is one.
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                other => {
                    return Err(format!(
                        "config.json: customer_config: {path} takes a string such as \"req\" or a number, not {other}"
                    ));
                }
            };
            let taken = if PasswordPolicy::PATHS.contains(&path.as_str()) {
                config.password_policy.set(path, &text)
            } else if RecaptchaConfig::owns(path) {
                config.recaptcha_settings.push((path.clone(), text));
                Ok(())
            } else {
                config.customer.set(path, &text)
            };
            taken.map_err(|why| format!("config.json: customer_config: {why}"))?;
        }
        let url = config.store_url.as_str();
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "config.json: store_url must be empty (this site's origin) or start with http:// or https://, not \"{url}\""
            ));
        }
        if url.trim_end_matches('/').ends_with("/rest") || url.contains("/rest/") {
            return Err(format!(
                "config.json: store_url is the store's base URL, without /rest: \"{}\"",
                url.split("/rest").next().unwrap_or_default()
            ));
        }
        let code = config.store_code.as_str();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "config.json: store_code must be a store view code such as \"default\", not \"{code}\""
            ));
        }
        if let Some(colour) = config.accent_color.as_deref().filter(|c| !is_hex_colour(c)) {
            return Err(format!(
                "config.json: accent_color must be a colour such as \"#1f5faa\", not \"{colour}\""
            ));
        }
        if config.store_name.trim().is_empty() {
            return Err("config.json: store_name must not be empty".to_owned());
        }
        if crate::i18n::Locale::named(&config.locale).is_none() {
            let known: Vec<&str> = crate::i18n::LOCALES.iter().map(|l| l.code).collect();
            return Err(format!(
                "config.json: locale must be one of {}, not \"{}\"",
                known.join(", "),
                config.locale
            ));
        }
        if !(1..=300).contains(&config.request_timeout_seconds) {
            return Err("config.json: request_timeout_seconds must be from 1 to 300".to_owned());
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

    /// The links the site renders or loads, by their keys.
    pub fn links(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("logo_url", self.logo_url.as_deref()),
            ("store_home_url", self.store_home_url.as_deref()),
            (
                "recaptcha_script_url",
                Some(self.recaptcha_script_url.as_str()),
            ),
        ]
        .into_iter()
        .filter_map(|(key, link)| Some((key, link?)))
    }

    /// Where the REST routes of the configured store view start.
    pub fn rest_base(&self) -> String {
        format!(
            "{}/rest/{}/V1",
            self.store_url.trim_end_matches('/'),
            self.store_code
        )
    }

    /// The widget the store guards `form` with, if it does.
    pub fn guard(&self, form: FormKey) -> Option<Guard> {
        self.recaptcha.of(form).cloned()
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
            customer: self.customer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file's text as the browser reads it: JSON, then the keys, then their values.
    fn parse(text: &str) -> Result<StoreConfig, String> {
        serde_json::from_str::<StoreConfig>(text)
            .map_err(|e| format!("config.json is not valid: {e}"))?
            .checked()
    }

    #[test]
    fn an_empty_object_means_the_stock_store_on_this_origin() {
        let config = parse("{}").unwrap();
        assert_eq!(config.rest_base(), "/rest/default/V1");
        assert_eq!(config.default_country, "US");
        assert_eq!(config.rules(), StoreRules::default());
    }

    #[test]
    fn a_remote_store_and_its_policy() {
        let config = parse(
            r#"{"store_url": "https://shop.example.com/", "store_code": "en_us",
                "password_policy": {"min_length": 12, "required_classes": 4}}"#,
        )
        .unwrap();
        assert_eq!(config.rest_base(), "https://shop.example.com/rest/en_us/V1");
        assert_eq!(config.rules().password.min_length, 12);
    }

    #[test]
    fn a_stores_customer_form_comes_by_magentos_paths() {
        let config = parse(
            r#"{"customer_config": {"customer/address/street_lines": 3,
                "customer/address/dob_show": "req", "customer/create_account/confirm": "1"}}"#,
        )
        .unwrap();
        let form = config.rules().customer;
        assert_eq!(form.street_lines, 3, "a number where the value is one");
        let policy = parse(
            r#"{"customer_config": {"customer/password/minimum_password_length": "12",
                "customer/password/required_character_classes_number": 4}}"#,
        )
        .unwrap()
        .rules()
        .password;
        assert_eq!((policy.min_length, policy.required_classes), (12, 4));
        assert_eq!(form.dob, commerce_rest::customer_config::Show::Required);
        assert!(form.confirm);
        assert_eq!(
            parse("{}").unwrap().rules().customer,
            CustomerConfig::default()
        );
        for (bad, said) in [
            (
                r#"{"customer_config": {"customer/address/nickname_show": "req"}}"#,
                "nickname_show",
            ),
            (
                r#"{"customer_config": {"customer/address/dob_show": "yes"}}"#,
                "opt or req",
            ),
            (
                r#"{"customer_config": {"customer/address/street_lines": [2]}}"#,
                "street_lines",
            ),
            (
                r#"{"customer_config": {"customer/password/minimum_password_length": "0"}}"#,
                "1 to 256",
            ),
        ] {
            let error = parse(bad).unwrap_err();
            assert!(
                error.contains("customer_config") && error.contains(said),
                "{error}"
            );
        }
    }

    #[test]
    fn a_store_makes_the_site_its_own() {
        let config = parse(
            r##"{"store_name": "Luma", "logo_url": "/media/logo.svg",
                "store_home_url": "https://luma.example.com/", "accent_color": "#c00"}"##,
        )
        .unwrap();
        assert_eq!(config.store_name, "Luma");
        assert_eq!(parse("{}").unwrap().store_name, "Customer account");
        for bad in [
            r#"{"accent_color": "red;background:url(x)"}"#,
            r#"{"store_name": " "}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    fn read_as(origin: &str, path: &str) -> Option<crate::destination::Parsed> {
        Some(crate::destination::Parsed {
            origin: origin.to_owned(),
            path: path.to_owned(),
            search: String::new(),
            hash: String::new(),
        })
    }

    #[test]
    fn a_link_is_a_web_address_or_stays_on_this_site_as_the_browser_reads_it() {
        let here = "https://account.example";
        let fine = [
            ("/media/logo.svg", read_as(here, "/media/logo.svg")),
            (
                "https://luma.example.com/",
                read_as("https://luma.example.com", "/"),
            ),
        ];
        for (url, parsed) in fine {
            assert_eq!(
                link_problem("logo_url", url, parsed.as_ref(), here),
                None,
                "{url}"
            );
        }
        // What the browser made of each: the text starts with one slash, the address is off-site.
        let off_site = [
            (
                "/\\evil.example/x.png",
                read_as("https://evil.example", "/x.png"),
            ),
            ("/\t/evil.example", read_as("https://evil.example", "/")),
            ("//evil.example", read_as("https://evil.example", "/")),
        ];
        for (url, parsed) in off_site {
            let said = link_problem("store_home_url", url, parsed.as_ref(), here).unwrap();
            assert!(said.contains("leads off this site"), "{said}");
        }
        let said = link_problem(
            "logo_url",
            "javascript:alert(1)",
            read_as("null", "alert(1)").as_ref(),
            here,
        );
        assert!(said.unwrap().contains("must start with https://"));
        assert!(link_problem("logo_url", "https://[bad", None, here).is_some());
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(parse("<html>").unwrap_err().contains("not valid"));
        assert!(
            parse(r#"{"store_url": "shop.example.com"}"#)
                .unwrap_err()
                .contains("http")
        );
        assert!(
            parse(r#"{"store_url": "https://shop.example.com/rest/"}"#)
                .unwrap_err()
                .contains("without /rest: \"https://shop.example.com\"")
        );
        assert!(
            parse(r#"{"store_code": "a/b"}"#)
                .unwrap_err()
                .contains("store_code")
        );
        assert!(
            parse(r#"{"storeUrl": ""}"#)
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(
            parse(r#"{"password_policy": {"min_length": 0, "required_classes": 3}}"#)
                .unwrap_err()
                .contains("min_length")
        );
    }
}
