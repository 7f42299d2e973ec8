//! The account information form as data: her names, what the store asks besides, email and
//! newsletter choice, saved as the customer she last fetched with her edits, so that nothing
//! the store sent is lost.

use crate::person::{self, DetailsDraft, NameDraft};
use commerce_rest::customer_config::CustomerConfig;
use commerce_rest::{Customer, CustomerExtension, FormField, Message, validate};

/// The fields in the order the form shows them in a store with this form.
pub fn fields(form: &CustomerConfig) -> Vec<FormField> {
    let mut fields = person::name_fields(form);
    fields.extend(person::detail_fields(form));
    fields.extend([FormField::Email, FormField::CurrentPassword]);
    fields
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileDraft {
    pub name: NameDraft,
    pub details: DetailsDraft,
    pub email: String,
    pub subscribe: bool,
    /// Asked only when the email changes; used for one sign-in call and then dropped.
    pub current_password: String,
}

impl ProfileDraft {
    pub fn of(customer: &Customer) -> ProfileDraft {
        ProfileDraft {
            name: NameDraft::of_customer(customer),
            details: DetailsDraft::of(customer),
            email: customer.email.clone(),
            subscribe: customer.is_subscribed(),
            current_password: String::new(),
        }
    }

    pub fn email_changed(&self, fetched: &Customer) -> bool {
        self.email.trim() != fetched.email
    }

    /// The body of `PUT customers/me`: every field the store sent back goes back, with her
    /// edits; `addresses` is left out so that the store keeps the address book as it is.
    pub fn customer_to_save(&self, fetched: &Customer, form: &CustomerConfig) -> Customer {
        let extension = fetched.extension_attributes.clone().unwrap_or_default();
        let mut customer = Customer {
            email: self.email.trim().to_owned(),
            extension_attributes: Some(CustomerExtension {
                is_subscribed: Some(self.subscribe),
                ..extension
            }),
            addresses: None,
            ..fetched.clone()
        };
        self.name.write_to_customer(&mut customer, form);
        self.details.write_to_customer(&mut customer, form);
        customer
    }

    /// Whether a record the store has now holds these edits (after a save whose answer was lost).
    pub fn is_saved_in(&self, fresh: &Customer, form: &CustomerConfig) -> bool {
        let saved = self.customer_to_save(fresh, form);
        let edited = |c: &Customer| {
            (
                NameDraft::of_customer(c),
                DetailsDraft::of(c),
                c.email.clone(),
                c.is_subscribed(),
            )
        };
        edited(fresh) == edited(&saved)
    }

    /// Every problem the store would find (`today` as for registration), and the current
    /// password a new email needs.
    pub fn problems(&self, fetched: &Customer, form: &CustomerConfig, today: &str) -> Vec<Message> {
        let customer = self.customer_to_save(fetched, form);
        let mut problems = validate::names(&customer)
            .map(|invalid| invalid.messages().to_vec())
            .unwrap_or_default();
        problems.extend(validate::customer_attributes(&customer, form, today));
        problems.extend(validate::email(&customer.email));
        if self.email_changed(fetched) && self.current_password.is_empty() {
            problems.push(FormField::CurrentPassword.required());
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TODAY: &str = "2026-11-30";

    fn stock() -> CustomerConfig {
        CustomerConfig::default()
    }

    fn fetched() -> Customer {
        serde_json::from_value(json!({
            "id": 2, "group_id": 1, "website_id": 1, "store_id": 1,
            "default_billing": "2", "default_shipping": "2",
            "created_in": "Default Store View", "dob": "1990-04-01", "gender": 2,
            "email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe",
            "addresses": [{"id": 2, "city": "Mineola"}],
            "custom_attributes": [{"attribute_code": "loyalty", "value": "gold"}],
            "extension_attributes": {"is_subscribed": false, "assistance_allowed": 2}
        }))
        .unwrap()
    }

    #[test]
    fn a_rename_sends_back_everything_but_the_address_book() {
        let draft = ProfileDraft {
            name: NameDraft {
                firstname: " Janet ".into(),
                ..NameDraft::of_customer(&fetched())
            },
            subscribe: true,
            ..ProfileDraft::of(&fetched())
        };
        assert!(draft.problems(&fetched(), &stock(), TODAY).is_empty());
        let sent = serde_json::to_value(draft.customer_to_save(&fetched(), &stock())).unwrap();
        assert_eq!(
            sent,
            json!({
                "id": 2, "group_id": 1, "website_id": 1, "store_id": 1,
                "default_billing": "2", "default_shipping": "2",
                "created_in": "Default Store View", "dob": "1990-04-01", "gender": 2,
                "email": "jdoe@example.com", "firstname": "Janet", "lastname": "Doe",
                "custom_attributes": [{"attribute_code": "loyalty", "value": "gold"}],
                "extension_attributes": {"is_subscribed": true, "assistance_allowed": 2}
            })
        );
    }

    #[test]
    fn a_lost_answer_is_told_from_a_save_not_made() {
        let draft = ProfileDraft {
            name: NameDraft {
                firstname: "Janet".into(),
                ..NameDraft::of_customer(&fetched())
            },
            ..ProfileDraft::of(&fetched())
        };
        assert!(!draft.is_saved_in(&fetched(), &stock()));
        assert!(draft.is_saved_in(&draft.customer_to_save(&fetched(), &stock()), &stock()));
    }

    #[test]
    fn a_new_email_needs_the_current_password() {
        let draft = ProfileDraft {
            email: "jane@example.org".into(),
            ..ProfileDraft::of(&fetched())
        };
        assert!(draft.email_changed(&fetched()));
        let problems = draft.problems(&fetched(), &stock(), TODAY);
        assert_eq!(
            problems
                .iter()
                .filter_map(FormField::of)
                .collect::<Vec<_>>(),
            [FormField::CurrentPassword]
        );
        let with_password = ProfileDraft {
            current_password: "Password1".into(),
            ..draft
        };
        assert!(
            with_password
                .problems(&fetched(), &stock(), TODAY)
                .is_empty()
        );
    }

    #[test]
    fn empty_names_and_a_bad_email_are_refused() {
        let draft = ProfileDraft {
            name: NameDraft {
                firstname: " ".into(),
                ..NameDraft::of_customer(&fetched())
            },
            email: "jane".into(),
            current_password: "x".into(),
            ..ProfileDraft::of(&fetched())
        };
        assert_eq!(
            draft
                .problems(&fetched(), &stock(), TODAY)
                .iter()
                .filter_map(FormField::of)
                .collect::<Vec<_>>(),
            [FormField::Firstname, FormField::Email]
        );
    }

    #[test]
    fn a_date_of_birth_the_store_hides_survives_a_save_and_one_it_shows_is_edited() {
        let hidden = ProfileDraft {
            details: DetailsDraft::default(),
            ..ProfileDraft::of(&fetched())
        };
        let kept = hidden.customer_to_save(&fetched(), &stock());
        assert_eq!(kept.dob.as_deref(), Some("1990-04-01"));
        assert_eq!(kept.gender, Some(2));
        let mut shown = stock();
        shown.set("customer/address/dob_show", "req").unwrap();
        let problems = hidden.problems(&fetched(), &shown, TODAY);
        assert_eq!(
            problems
                .iter()
                .filter_map(FormField::of)
                .collect::<Vec<_>>(),
            [FormField::DateOfBirth]
        );
        let moved = ProfileDraft {
            details: DetailsDraft {
                dob: "1991-05-02".into(),
                ..DetailsDraft::of(&fetched())
            },
            ..ProfileDraft::of(&fetched())
        };
        let saved = moved.customer_to_save(&fetched(), &shown);
        assert_eq!(saved.dob.as_deref(), Some("1991-05-02"));
        assert!(moved.is_saved_in(&saved, &shown));
        assert!(!moved.is_saved_in(&fetched(), &shown));
    }
}
