//! The create-account form as data: what the shopper typed, the store's checks on it, and
//! the one `POST /V1/customers` request that carries her and her default address.

use commerce_rest::validate;
use commerce_rest::{
    Address, AddressRegion, Country, CreateCustomer, Customer, CustomerExtension, FormField,
    Message, StoreRules,
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
    pub country_id: String,
    /// The chosen region of a country that lists regions, as the directory's id.
    pub region_id: String,
    /// The typed region of a country that lists none.
    pub region_text: String,
    pub street: [String; 2],
    pub city: String,
    pub postcode: String,
    pub telephone: String,
}

impl Registration {
    pub fn request(&self, countries: &[Country]) -> CreateCustomer {
        let firstname = self.firstname.trim().to_owned();
        let lastname = self.lastname.trim().to_owned();
        let country = countries.iter().find(|c| c.id == self.country_id);
        let listed_region = country
            .zip(self.region_id.parse::<u32>().ok())
            .and_then(|(c, id)| c.region(id).map(|r| (id, r)));
        let (region, region_id) = match listed_region {
            Some((id, r)) => (
                Some(AddressRegion {
                    region_code: Some(r.code.clone()),
                    region: Some(r.name.clone()),
                    region_id: Some(id),
                }),
                Some(id),
            ),
            None => {
                let text = self.region_text.trim();
                let region = (!text.is_empty()).then(|| AddressRegion {
                    region: Some(text.to_owned()),
                    ..AddressRegion::default()
                });
                (region, None)
            }
        };
        let street = self
            .street
            .iter()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect();
        let non_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let address = Address {
            firstname: Some(firstname.clone()),
            lastname: Some(lastname.clone()),
            street,
            city: non_empty(&self.city),
            postcode: non_empty(&self.postcode),
            telephone: non_empty(&self.telephone),
            country_id: non_empty(&self.country_id),
            region,
            region_id,
            default_billing: Some(true),
            default_shipping: Some(true),
            ..Address::default()
        };
        CreateCustomer {
            customer: Customer {
                email: self.email.trim().to_owned(),
                firstname,
                lastname,
                addresses: Some(vec![address]),
                extension_attributes: Some(CustomerExtension {
                    is_subscribed: Some(self.subscribe),
                }),
                ..Customer::default()
            },
            password: Some(self.password.clone()),
        }
    }

    /// Every problem the store would find, found before anything is sent.
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
        for address in customer.addresses.iter().flatten() {
            problems.extend(
                validate::address(address, countries, rules)
                    .map(|i| i.messages().to_vec())
                    .unwrap_or_default(),
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::FormErrors;
    use commerce_rest::Region;

    fn countries() -> Vec<Country> {
        vec![
            Country {
                id: "US".into(),
                two_letter_abbreviation: None,
                three_letter_abbreviation: None,
                full_name_locale: Some("United States".into()),
                full_name_english: None,
                available_regions: vec![Region {
                    id: "43".into(),
                    code: "NY".into(),
                    name: "New York".into(),
                }],
            },
            Country {
                id: "GB".into(),
                two_letter_abbreviation: None,
                three_letter_abbreviation: None,
                full_name_locale: Some("United Kingdom".into()),
                full_name_english: None,
                available_regions: vec![],
            },
        ]
    }

    fn jane() -> Registration {
        Registration {
            firstname: "Jane".into(),
            lastname: "Doe".into(),
            email: "jdoe@example.com".into(),
            password: "Password1".into(),
            subscribe: false,
            country_id: "US".into(),
            region_id: "43".into(),
            region_text: String::new(),
            street: ["160 1st St.".into(), String::new()],
            city: "Mineola".into(),
            postcode: "11501".into(),
            telephone: "516-555-1111".into(),
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
    fn an_empty_form_names_every_missing_field() {
        let empty = Registration {
            country_id: "US".into(),
            ..Registration::default()
        };
        let errors =
            FormErrors::from_messages(empty.problems(&countries(), &StoreRules::default()));
        for field in FIELDS.iter().filter(|f| **f != FormField::Country) {
            assert!(errors.for_field(*field).is_some(), "{field:?}");
        }
        assert_eq!(errors.first_field(&FIELDS), Some(FormField::Firstname));
    }

    #[test]
    fn a_country_without_regions_takes_free_text_and_no_postcode() {
        let uk = Registration {
            country_id: "GB".into(),
            region_id: "43".into(),
            region_text: "Greater London".into(),
            postcode: String::new(),
            ..jane()
        };
        assert!(uk.problems(&countries(), &StoreRules::default()).is_empty());
        let address = &uk.request(&countries()).customer.addresses.unwrap()[0];
        assert_eq!(address.region_id, None);
        assert_eq!(address.region_name(), Some("Greater London"));
        assert_eq!(address.postcode, None);
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
