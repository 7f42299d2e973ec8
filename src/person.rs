//! Who she is, as the store's customer form asks it: her names (prefix, first, middle, last,
//! suffix) and what a store may ask besides (date of birth, Tax/VAT number, gender). Which of
//! them a form shows, and which it needs, is the store's own setting (`CustomerConfig`); one
//! that is not shown is never written, so a new customer is sent without it and a saved one
//! keeps what the store has.

use commerce_rest::customer_config::{CustomerConfig, Show};
use commerce_rest::{Address, Customer, FormField, Phrase, phrase};

/// Magento's gender options, by the ids a store keeps (`customer_eav_attribute` gender).
pub const GENDERS: [(i32, Phrase); 3] = [
    (1, phrase!("Male")),
    (2, phrase!("Female")),
    (3, phrase!("Not Specified")),
];

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// `value` where the form shows the field, else what the store has.
fn shown(show: bool, value: &str, stored: &Option<String>) -> Option<String> {
    if show {
        non_empty(value)
    } else {
        stored.clone()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameDraft {
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
}

impl NameDraft {
    pub fn of_customer(customer: &Customer) -> NameDraft {
        NameDraft {
            prefix: text(&customer.prefix),
            firstname: customer.firstname.clone(),
            middlename: text(&customer.middlename),
            lastname: customer.lastname.clone(),
            suffix: text(&customer.suffix),
        }
    }

    pub fn of_address(address: &Address) -> NameDraft {
        NameDraft {
            prefix: text(&address.prefix),
            firstname: text(&address.firstname),
            middlename: text(&address.middlename),
            lastname: text(&address.lastname),
            suffix: text(&address.suffix),
        }
    }

    /// The names written over `customer`, as far as the store's form shows them.
    pub fn write_to_customer(&self, customer: &mut Customer, form: &CustomerConfig) {
        customer.firstname = self.firstname.trim().to_owned();
        customer.lastname = self.lastname.trim().to_owned();
        self.write_optional(
            [
                &mut customer.prefix,
                &mut customer.middlename,
                &mut customer.suffix,
            ],
            form,
        );
    }

    pub fn write_to_address(&self, address: &mut Address, form: &CustomerConfig) {
        address.firstname = non_empty(&self.firstname);
        address.lastname = non_empty(&self.lastname);
        self.write_optional(
            [
                &mut address.prefix,
                &mut address.middlename,
                &mut address.suffix,
            ],
            form,
        );
    }

    fn write_optional(
        &self,
        [prefix, middlename, suffix]: [&mut Option<String>; 3],
        form: &CustomerConfig,
    ) {
        *prefix = shown(form.prefix != Show::Hidden, &self.prefix, prefix);
        *middlename = shown(form.middlename, &self.middlename, middlename);
        *suffix = shown(form.suffix != Show::Hidden, &self.suffix, suffix);
    }

    /// Her name as a store prints it: prefix, first, middle, last and suffix.
    pub fn full(&self) -> String {
        [
            &self.prefix,
            &self.firstname,
            &self.middlename,
            &self.lastname,
            &self.suffix,
        ]
        .into_iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// The name fields a store's form shows, in its order.
pub fn name_fields(form: &CustomerConfig) -> Vec<FormField> {
    [
        (FormField::Prefix, form.prefix != Show::Hidden),
        (FormField::Firstname, true),
        (FormField::Middlename, form.middlename),
        (FormField::Lastname, true),
        (FormField::Suffix, form.suffix != Show::Hidden),
    ]
    .into_iter()
    .filter_map(|(field, shown)| shown.then_some(field))
    .collect()
}

/// The store's options for a prefix or suffix as `(value, label)`, with the one she has if
/// the store no longer lists it, so that a save keeps it.
pub fn honorific_choices(options: &[String], current: &str) -> Vec<(String, String)> {
    let current = current.trim();
    let listed = current.is_empty() || options.iter().any(|o| o == current);
    options
        .iter()
        .map(String::as_str)
        .chain((!listed).then_some(current))
        .map(|o| (o.to_owned(), o.to_owned()))
        .collect()
}

/// Date of birth (`YYYY-MM-DD`, as a date input gives it), Tax/VAT number and gender (an id
/// of [`GENDERS`], or empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DetailsDraft {
    pub dob: String,
    pub taxvat: String,
    pub gender: String,
}

impl DetailsDraft {
    pub fn of(customer: &Customer) -> DetailsDraft {
        DetailsDraft {
            // A store answers a date; another client may have sent one with a time.
            dob: customer
                .dob
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d).to_owned())
                .unwrap_or_default(),
            taxvat: text(&customer.taxvat),
            gender: customer.gender.map(|g| g.to_string()).unwrap_or_default(),
        }
    }

    pub fn write_to_customer(&self, customer: &mut Customer, form: &CustomerConfig) {
        customer.dob = shown(form.dob != Show::Hidden, &self.dob, &customer.dob);
        customer.taxvat = shown(form.taxvat != Show::Hidden, &self.taxvat, &customer.taxvat);
        if form.gender != Show::Hidden {
            customer.gender = self.gender.parse().ok().filter(|&g| g != 0);
        }
    }
}

/// The detail fields a store's form shows, in its order.
pub fn detail_fields(form: &CustomerConfig) -> Vec<FormField> {
    [
        (FormField::DateOfBirth, form.dob),
        (FormField::TaxVat, form.taxvat),
        (FormField::Gender, form.gender),
    ]
    .into_iter()
    .filter_map(|(field, show)| (show != Show::Hidden).then_some(field))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything_shown() -> CustomerConfig {
        let mut form = CustomerConfig::default();
        for (path, value) in [
            ("customer/address/prefix_show", "req"),
            ("customer/address/middlename_show", "1"),
            ("customer/address/suffix_show", "opt"),
            ("customer/address/dob_show", "req"),
            ("customer/address/taxvat_show", "opt"),
            ("customer/address/gender_show", "opt"),
        ] {
            form.set(path, value).unwrap();
        }
        form
    }

    fn dr_jane() -> (NameDraft, DetailsDraft) {
        (
            NameDraft {
                prefix: "Dr".into(),
                firstname: " Jane ".into(),
                middlename: "Q".into(),
                lastname: "Doe".into(),
                suffix: "PhD".into(),
            },
            DetailsDraft {
                dob: "1990-04-01".into(),
                taxvat: "GB123".into(),
                gender: "2".into(),
            },
        )
    }

    #[test]
    fn a_store_that_asks_everything_gets_everything_and_it_comes_back_the_same() {
        let form = everything_shown();
        let (name, details) = dr_jane();
        let mut customer = Customer::default();
        name.write_to_customer(&mut customer, &form);
        details.write_to_customer(&mut customer, &form);
        assert_eq!(
            (customer.prefix.as_deref(), customer.firstname.as_str()),
            (Some("Dr"), "Jane")
        );
        assert_eq!(customer.middlename.as_deref(), Some("Q"));
        assert_eq!(customer.suffix.as_deref(), Some("PhD"));
        assert_eq!(customer.dob.as_deref(), Some("1990-04-01"));
        assert_eq!(customer.taxvat.as_deref(), Some("GB123"));
        assert_eq!(customer.gender, Some(2));
        assert_eq!(
            NameDraft::of_customer(&customer),
            NameDraft {
                firstname: "Jane".into(),
                ..name
            }
        );
        assert_eq!(DetailsDraft::of(&customer), details);
        assert_eq!(
            NameDraft::of_customer(&customer).full(),
            "Dr Jane Q Doe PhD"
        );
    }

    #[test]
    fn a_hidden_field_is_never_sent_for_a_new_customer_and_kept_for_a_saved_one() {
        let stock = CustomerConfig::default();
        let (name, details) = dr_jane();
        let mut new = Customer::default();
        name.write_to_customer(&mut new, &stock);
        details.write_to_customer(&mut new, &stock);
        let sent = serde_json::to_value(&new).unwrap();
        for key in ["prefix", "middlename", "suffix", "dob", "taxvat", "gender"] {
            assert!(sent.get(key).is_none(), "{key} sent: {sent}");
        }
        let mut saved = Customer {
            prefix: Some("Ms".into()),
            dob: Some("1980-01-02".into()),
            gender: Some(1),
            ..Customer::default()
        };
        name.write_to_customer(&mut saved, &stock);
        details.write_to_customer(&mut saved, &stock);
        assert_eq!(saved.prefix.as_deref(), Some("Ms"));
        assert_eq!(saved.dob.as_deref(), Some("1980-01-02"));
        assert_eq!(saved.gender, Some(1));
    }

    #[test]
    fn an_emptied_optional_field_is_cleared() {
        let form = everything_shown();
        let mut saved = Customer {
            taxvat: Some("GB123".into()),
            gender: Some(2),
            ..Customer::default()
        };
        DetailsDraft::default().write_to_customer(&mut saved, &form);
        assert_eq!((saved.taxvat, saved.gender), (None, None));
    }

    #[test]
    fn the_forms_fields_follow_the_store_in_its_order() {
        assert_eq!(
            name_fields(&everything_shown()),
            [
                FormField::Prefix,
                FormField::Firstname,
                FormField::Middlename,
                FormField::Lastname,
                FormField::Suffix
            ]
        );
        assert_eq!(
            name_fields(&CustomerConfig::default()),
            [FormField::Firstname, FormField::Lastname]
        );
        assert_eq!(
            detail_fields(&everything_shown()),
            [FormField::DateOfBirth, FormField::TaxVat, FormField::Gender]
        );
        assert!(detail_fields(&CustomerConfig::default()).is_empty());
    }

    #[test]
    fn a_prefix_the_store_no_longer_lists_is_still_offered() {
        let options = vec!["Mr".to_owned(), "Ms".to_owned()];
        assert_eq!(honorific_choices(&options, "Ms").len(), 2);
        assert_eq!(honorific_choices(&options, "").len(), 2);
        assert_eq!(
            honorific_choices(&options, "Dr").last(),
            Some(&("Dr".to_owned(), "Dr".to_owned()))
        );
    }
}
