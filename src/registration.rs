//! The create-account form as data: what the shopper typed, the store's checks on it, and
//! the one `POST /V1/customers` request that carries her and her default address.

use crate::address_form::{self, AddressDraft};
use crate::person::{self, DetailsDraft, NameDraft};
use commerce_rest::customer_config::CustomerConfig;
use commerce_rest::validate;
use commerce_rest::{
    Address, Country, CreateCustomer, Customer, CustomerExtension, FormField, Message, StoreRules,
};

/// The fields in the order the form shows them in a store with this form, for its summary
/// and for focusing the first error.
pub fn fields(form: &CustomerConfig) -> Vec<FormField> {
    let mut fields = person::name_fields(form);
    fields.extend(person::detail_fields(form));
    fields.extend([FormField::Email, FormField::Password]);
    fields.extend(address_form::fields(form, false));
    fields
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    /// Her names, which her default address carries too.
    pub name: NameDraft,
    pub details: DetailsDraft,
    pub email: String,
    /// Sent exactly as typed: a store never trims a password.
    pub password: String,
    pub subscribe: bool,
    /// Her default billing and shipping address; its names are hers.
    pub address: AddressDraft,
}

impl Registration {
    fn address_draft(&self) -> AddressDraft {
        AddressDraft {
            name: self.name.clone(),
            ..self.address.clone()
        }
    }

    pub fn request(&self, countries: &[Country], form: &CustomerConfig) -> CreateCustomer {
        let both_defaults = Address {
            default_billing: Some(true),
            default_shipping: Some(true),
            ..Address::default()
        };
        let mut customer = Customer {
            email: self.email.trim().to_owned(),
            addresses: Some(vec![self.address_draft().apply_to(
                &both_defaults,
                countries,
                form,
            )]),
            extension_attributes: Some(CustomerExtension {
                is_subscribed: Some(self.subscribe),
                ..CustomerExtension::default()
            }),
            ..Customer::default()
        };
        self.name.write_to_customer(&mut customer, form);
        self.details.write_to_customer(&mut customer, form);
        CreateCustomer {
            customer,
            password: Some(self.password.clone()),
        }
    }

    /// Every problem the store would find, found before anything is sent (`today` is the
    /// latest day it may be where the store is, `YYYY-MM-DD`); one message a problem, so the
    /// address does not repeat what the names already said.
    pub fn problems(&self, countries: &[Country], rules: &StoreRules, today: &str) -> Vec<Message> {
        let request = self.request(countries, &rules.customer);
        let customer = &request.customer;
        let mut problems = Vec::new();
        problems.extend(
            validate::names(customer)
                .map(|i| i.messages().to_vec())
                .unwrap_or_default(),
        );
        problems.extend(validate::customer_attributes(
            customer,
            &rules.customer,
            today,
        ));
        problems.extend(validate::email(&customer.email));
        problems.extend(
            rules
                .password
                .check_for_account(&self.password, &customer.email),
        );
        problems.extend(
            self.address_draft()
                .problems(countries, rules)
                .into_iter()
                .filter(|m| {
                    !matches!(
                        FormField::of(m),
                        Some(
                            FormField::Prefix
                                | FormField::Firstname
                                | FormField::Middlename
                                | FormField::Lastname
                                | FormField::Suffix
                        )
                    )
                }),
        );
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address_form::tests::{countries, jane_at_home};
    use crate::form::FormErrors;

    const TODAY: &str = "2026-11-30";

    fn jane() -> Registration {
        Registration {
            name: NameDraft {
                firstname: "Jane".into(),
                lastname: "Doe".into(),
                ..NameDraft::default()
            },
            details: DetailsDraft::default(),
            email: "jdoe@example.com".into(),
            password: "Password1".into(),
            subscribe: false,
            address: AddressDraft {
                name: NameDraft::default(),
                ..jane_at_home()
            },
        }
    }

    #[test]
    fn the_seed_registration_is_the_tutorials_request() {
        let jane = jane();
        assert!(
            jane.problems(&countries(), &StoreRules::default(), TODAY)
                .is_empty()
        );
        let body =
            serde_json::to_value(jane.request(&countries(), &CustomerConfig::default())).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "customer": {
                    "email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe",
                    "addresses": [{
                        "region": {"region_code": "NY", "region": "New York", "region_id": 43},
                        "region_id": 43, "country_id": "US", "street": ["160 1st St."],
                        "telephone": "516-555-1111", "postcode": "11501", "city": "Mineola",
                        "firstname": "Jane", "lastname": "Doe",
                        "default_shipping": true, "default_billing": true
                    }],
                    "extension_attributes": {"is_subscribed": false}
                },
                "password": "Password1"
            })
        );
    }

    #[test]
    fn the_password_is_never_trimmed() {
        let spaced = Registration {
            password: " Password1 ".into(),
            ..jane()
        };
        assert_eq!(
            spaced
                .request(&countries(), &CustomerConfig::default())
                .password
                .as_deref(),
            Some(" Password1 ")
        );
        let errors =
            FormErrors::from_messages(spaced.problems(&countries(), &StoreRules::default(), TODAY));
        assert!(
            errors
                .for_field(FormField::Password)
                .unwrap()
                .contains("begin or end with a space")
        );
    }

    #[test]
    fn an_empty_form_names_every_missing_field_once() {
        let empty = Registration {
            address: AddressDraft::new("US"),
            ..Registration::default()
        };
        let problems = empty.problems(&countries(), &StoreRules::default(), TODAY);
        let errors = FormErrors::from_messages(problems.clone());
        let fields = fields(&CustomerConfig::default());
        let optional = [FormField::Country, FormField::Company];
        for field in fields.iter().filter(|f| !optional.contains(f)) {
            assert!(errors.for_field(*field).is_some(), "{field:?}");
        }
        let about_first_name = problems
            .iter()
            .filter(|m| FormField::of(m) == Some(FormField::Firstname))
            .count();
        assert_eq!(about_first_name, 1, "{problems:?}");
    }

    #[test]
    fn names_with_apostrophes_and_accents_pass() {
        let irish = Registration {
            name: NameDraft {
                firstname: "Zoë".into(),
                lastname: "O'Brien-Núñez".into(),
                ..NameDraft::default()
            },
            ..jane()
        };
        assert!(
            irish
                .problems(&countries(), &StoreRules::default(), TODAY)
                .is_empty()
        );
    }

    #[test]
    fn a_store_that_asks_more_gets_it_on_the_customer_and_her_address() {
        let mut form = CustomerConfig::default();
        for (path, value) in [
            ("customer/address/prefix_show", "req"),
            ("customer/address/middlename_show", "1"),
            ("customer/address/dob_show", "req"),
            ("customer/address/gender_show", "opt"),
        ] {
            form.set(path, value).unwrap();
        }
        let rules = StoreRules {
            customer: form.clone(),
            ..StoreRules::default()
        };
        let missing = jane().problems(&countries(), &rules, TODAY);
        let fields: Vec<_> = missing.iter().filter_map(FormField::of).collect();
        assert_eq!(fields, [FormField::Prefix, FormField::DateOfBirth]);
        let future = Registration {
            details: DetailsDraft {
                dob: "2026-12-01".into(),
                ..DetailsDraft::default()
            },
            ..jane()
        };
        let said: Vec<_> = future
            .problems(&countries(), &rules, TODAY)
            .iter()
            .map(Message::render)
            .collect();
        assert!(
            said.contains(&"The Date of Birth should not be greater than today.".to_owned()),
            "{said:?}"
        );
        let dr = Registration {
            name: NameDraft {
                prefix: "Dr".into(),
                middlename: "Q".into(),
                ..jane().name
            },
            details: DetailsDraft {
                dob: "1990-04-01".into(),
                gender: "2".into(),
                ..DetailsDraft::default()
            },
            ..jane()
        };
        assert_eq!(dr.problems(&countries(), &rules, TODAY), []);
        let customer = dr.request(&countries(), &form).customer;
        assert_eq!(customer.prefix.as_deref(), Some("Dr"));
        assert_eq!(customer.dob.as_deref(), Some("1990-04-01"));
        assert_eq!(customer.gender, Some(2));
        let address = &customer.addresses.unwrap()[0];
        assert_eq!(
            (address.prefix.as_deref(), address.middlename.as_deref()),
            (Some("Dr"), Some("Q")),
            "her default address carries her names"
        );
    }
}
