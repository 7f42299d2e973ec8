//! A store's own customer form (*Stores > Configuration > Customers > Customer Configuration*,
//! Name and Address Options), by Magento's configuration paths and values, as
//! `bin/magento config:show customer` prints them: which fields a store shows, which it
//! requires, and how many street lines it has. The store enforces these on REST saves
//! (contract §10a); one table serves the emulator and the app.

/// A setting that takes a whole number in `range`, read as Magento's admin reads it, or why
/// not.
pub fn whole_number<N>(
    path: &str,
    value: &str,
    range: std::ops::RangeInclusive<N>,
) -> Result<N, String>
where
    N: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    value
        .trim()
        .parse()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            format!(
                "{path} takes a whole number from {} to {}, not {value:?}",
                range.start(),
                range.end()
            )
        })
}

/// `''`, `opt` or `req`: how a store shows a field (`Config\Backend\Show\Customer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    Hidden,
    Optional,
    Required,
}

impl Show {
    /// Magento's value for it.
    pub fn value(self) -> &'static str {
        match self {
            Show::Hidden => "",
            Show::Optional => "opt",
            Show::Required => "req",
        }
    }

    fn read(path: &str, value: &str) -> Result<Show, String> {
        match value {
            "" => Ok(Show::Hidden),
            "opt" => Ok(Show::Optional),
            "req" => Ok(Show::Required),
            other => Err(format!(
                "{path} takes '' (hidden), opt or req, not {other:?}"
            )),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerConfig {
    /// `customer/address/street_lines`
    pub street_lines: u8,
    /// `customer/address/prefix_show`
    pub prefix: Show,
    /// `customer/address/prefix_options`: a select of these; free text when empty.
    pub prefix_options: Vec<String>,
    /// `customer/address/middlename_show`
    pub middlename: bool,
    /// `customer/address/suffix_show`
    pub suffix: Show,
    /// `customer/address/suffix_options`
    pub suffix_options: Vec<String>,
    /// `customer/address/dob_show`
    pub dob: Show,
    /// `customer/address/gender_show`
    pub gender: Show,
    /// `customer/address/taxvat_show`
    pub taxvat: Show,
    /// `customer/address/telephone_show`
    pub telephone: Show,
    /// `customer/address/company_show`
    pub company: Show,
    /// `customer/address/fax_show`
    pub fax: Show,
    /// `customer/create_account/vat_frontend_visibility`: VAT Number on address forms.
    pub vat_id: bool,
    /// `customer/create_account/confirm`: new accounts follow an e-mailed link first.
    pub confirm: bool,
}

impl Default for CustomerConfig {
    /// A fresh store's (`Customer/etc/config.xml`).
    fn default() -> Self {
        CustomerConfig {
            street_lines: 2,
            prefix: Show::Hidden,
            prefix_options: Vec::new(),
            middlename: false,
            suffix: Show::Hidden,
            suffix_options: Vec::new(),
            dob: Show::Hidden,
            gender: Show::Hidden,
            taxvat: Show::Hidden,
            telephone: Show::Required,
            company: Show::Optional,
            fax: Show::Hidden,
            vat_id: false,
            confirm: false,
        }
    }
}

impl CustomerConfig {
    pub const PATHS: [&str; 14] = [
        "customer/address/street_lines",
        "customer/address/prefix_show",
        "customer/address/prefix_options",
        "customer/address/middlename_show",
        "customer/address/suffix_show",
        "customer/address/suffix_options",
        "customer/address/dob_show",
        "customer/address/gender_show",
        "customer/address/taxvat_show",
        "customer/address/telephone_show",
        "customer/address/company_show",
        "customer/address/fax_show",
        "customer/create_account/vat_frontend_visibility",
        "customer/create_account/confirm",
    ];

    /// Every setting by its path, with its value as `bin/magento config:show` prints it.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
        let values = [
            self.street_lines.to_string(),
            self.prefix.value().to_owned(),
            self.prefix_options.join(";"),
            flag(self.middlename),
            self.suffix.value().to_owned(),
            self.suffix_options.join(";"),
            self.dob.value().to_owned(),
            self.gender.value().to_owned(),
            self.taxvat.value().to_owned(),
            self.telephone.value().to_owned(),
            self.company.value().to_owned(),
            self.fax.value().to_owned(),
            flag(self.vat_id),
            flag(self.confirm),
        ];
        Self::PATHS.into_iter().zip(values).collect()
    }

    /// Takes one setting as Magento's admin would, or says why not (an unknown path, or a
    /// value the admin refuses).
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), String> {
        let flag = || match value {
            "0" => Ok(false),
            "1" => Ok(true),
            other => Err(format!("{path} takes 0 or 1, not {other:?}")),
        };
        let options = || {
            value
                .split(';')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let field = path.rsplit('/').next().unwrap_or_default();
        match path {
            "customer/address/street_lines" => {
                self.street_lines = whole_number(path, value, 1..=4)?
            }
            "customer/address/prefix_options" => self.prefix_options = options(),
            "customer/address/suffix_options" => self.suffix_options = options(),
            "customer/address/middlename_show" => self.middlename = flag()?,
            "customer/create_account/vat_frontend_visibility" => self.vat_id = flag()?,
            "customer/create_account/confirm" => self.confirm = flag()?,
            _ if Self::PATHS.contains(&path) => {
                let show = Show::read(path, value)?;
                let slot = match field {
                    "prefix_show" => &mut self.prefix,
                    "suffix_show" => &mut self.suffix,
                    "dob_show" => &mut self.dob,
                    "gender_show" => &mut self.gender,
                    "taxvat_show" => &mut self.taxvat,
                    "telephone_show" => &mut self.telephone,
                    "company_show" => &mut self.company,
                    _ => &mut self.fax,
                };
                *slot = show;
            }
            _ => return Err(format!("{path} is not a customer setting")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_owners_settings_are_taken_by_magentos_paths_and_values() {
        let mut config = CustomerConfig::default();
        for (path, value) in [
            ("customer/address/street_lines", "3"),
            ("customer/address/prefix_show", "req"),
            ("customer/address/prefix_options", "Mr;Ms; Dr ;"),
            ("customer/address/middlename_show", "1"),
            ("customer/address/dob_show", "req"),
            ("customer/address/telephone_show", "opt"),
            ("customer/address/fax_show", ""),
            ("customer/create_account/vat_frontend_visibility", "1"),
        ] {
            config.set(path, value).unwrap();
        }
        assert_eq!(config.street_lines, 3);
        assert_eq!(config.prefix, Show::Required);
        assert_eq!(config.prefix_options, ["Mr", "Ms", "Dr"]);
        assert!(config.middlename && config.vat_id);
        assert_eq!(config.dob, Show::Required);
        assert_eq!(config.telephone, Show::Optional);
        assert_eq!(config.fax, Show::Hidden);
        assert_eq!(
            config.company,
            Show::Optional,
            "untouched: Magento's default"
        );
    }

    #[test]
    fn what_magentos_admin_refuses_is_named() {
        let mut config = CustomerConfig::default();
        for (path, value, said) in [
            ("customer/address/street_lines", "5", "1 to 4"),
            ("customer/address/dob_show", "yes", "opt or req"),
            ("customer/address/middlename_show", "opt", "0 or 1"),
            (
                "customer/address/nickname_show",
                "opt",
                "not a customer setting",
            ),
        ] {
            let refused = config.set(path, value).unwrap_err();
            assert!(refused.contains(said), "{path}={value}: {refused}");
        }
        assert_eq!(config, CustomerConfig::default());
    }

    #[test]
    fn every_setting_reads_back_as_it_was_given() {
        let mut config = CustomerConfig::default();
        for (path, value) in [
            ("customer/address/street_lines", "4"),
            ("customer/address/prefix_options", "Mr;Ms"),
            ("customer/address/gender_show", "req"),
            ("customer/address/company_show", ""),
            ("customer/create_account/confirm", "1"),
        ] {
            config.set(path, value).unwrap();
        }
        let values = config.values();
        assert_eq!(values.len(), CustomerConfig::PATHS.len());
        let mut again = CustomerConfig::default();
        for (path, value) in &values {
            again.set(path, value).unwrap();
        }
        assert_eq!(again, config);
        assert!(values.contains(&("customer/address/company_show", String::new())));
    }
}
