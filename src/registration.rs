//! The create-account form as data: what the shopper typed, the store's checks on it, and
//! the one `POST /V1/customers` request that carries her and her default address.

use crate::address_form::AddressDraft;
use commerce_rest::validate;
use commerce_rest::{
    Address, Country, CreateCustomer, Customer, CustomerExtension, FormField, Message, StoreRules,
};

/// The fields in the order the form shows them, for focusing the first error.
pub const FIELDS: [FormField; 10] = [
    FormField::Firstname,
    FormField::Lastname,
    FormField::Email,
    FormField::Password,
    FormField::Country,
    FormField::Region,
    FormField::Street,
    FormField::City,
    FormField::Postcode,
    FormField::Telephone,
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    pub firstname: String,
    pub lastname: String,
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
            firstname: self.firstname.clone(),
            lastname: self.lastname.clone(),
            ..self.address.clone()
        }
    }

    pub fn request(&self, countries: &[Country]) -> CreateCustomer {
        let both_defaults = Address {
            default_billing: Some(true),
            default_shipping: Some(true),
            ..Address::default()
        };
        CreateCustomer {
            customer: Customer {
                email: self.email.trim().to_owned(),
                firstname: self.firstname.trim().to_owned(),
                lastname: self.lastname.trim().to_owned(),
                addresses: Some(vec![
                    self.address_draft().apply_to(&both_defaults, countries),
                ]),
                extension_attributes: Some(CustomerExtension {
                    is_subscribed: Some(self.subscribe),
                    ..CustomerExtension::default()
                }),
                ..Customer::default()
            },
            password: Some(self.password.clone()),
        }
    }

    /// Every problem the store would find, found before anything is sent; one message a
    /// problem, so the address does not repeat what the names already said.
    pub fn problems(&self, countries: &[Country], rules: &StoreRules) -> Vec<Message> {
        let request = self.request(countries);
        let customer = &request.customer;
        let mut problems = Vec::new();
        problems.extend(
            validate::names(customer)
                .map(|i| i.messages().to_vec())
                .unwrap_or_default(),
        );
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
                        Some(FormField::Firstname | FormField::Lastname)
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

    fn jane() -> Registration {
        Registration {
            firstname: "Jane".into(),
            lastname: "Doe".into(),
            email: "jdoe@example.com".into(),
            password: "Password1".into(),
            subscribe: false,
            address: AddressDraft {
                firstname: String::new(),
                lastname: String::new(),
                ..jane_at_home()
            },
        }
    }

    #[test]
    fn the_seed_registration_is_the_tutorials_request() {
        let jane = jane();
        assert!(
            jane.problems(&countries(), &StoreRules::default())
                .is_empty()
        );
        let body = serde_json::to_value(jane.request(&countries())).unwrap();
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
            spaced.request(&countries()).password.as_deref(),
            Some(" Password1 ")
        );
        let errors =
            FormErrors::from_messages(spaced.problems(&countries(), &StoreRules::default()));
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
        let problems = empty.problems(&countries(), &StoreRules::default());
        let errors = FormErrors::from_messages(problems.clone());
        for field in FIELDS.iter().filter(|f| **f != FormField::Country) {
            assert!(errors.for_field(*field).is_some(), "{field:?}");
        }
        assert_eq!(errors.first_field(&FIELDS), Some(FormField::Firstname));
        let about_first_name = problems
            .iter()
            .filter(|m| FormField::of(m) == Some(FormField::Firstname))
            .count();
        assert_eq!(about_first_name, 1, "{problems:?}");
    }

    #[test]
    fn names_with_apostrophes_and_accents_pass() {
        let irish = Registration {
            firstname: "Zoë".into(),
            lastname: "O'Brien-Núñez".into(),
            ..jane()
        };
        assert!(
            irish
                .problems(&countries(), &StoreRules::default())
                .is_empty()
        );
    }
}
