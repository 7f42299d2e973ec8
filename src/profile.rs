//! The account information form as data: her name, email and newsletter choice, saved as
//! the customer she last fetched with her edits, so that nothing the store sent is lost.

use commerce_rest::{Customer, CustomerExtension, FormField, Message, validate};

/// The fields in the order the form shows them.
pub const FIELDS: [FormField; 4] = [
    FormField::Firstname,
    FormField::Lastname,
    FormField::Email,
    FormField::CurrentPassword,
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileDraft {
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub subscribe: bool,
    /// Asked only when the email changes; used for one sign-in call and then dropped.
    pub current_password: String,
}

impl ProfileDraft {
    pub fn of(customer: &Customer) -> ProfileDraft {
        ProfileDraft {
            firstname: customer.firstname.clone(),
            lastname: customer.lastname.clone(),
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
    pub fn customer_to_save(&self, fetched: &Customer) -> Customer {
        let extension = fetched.extension_attributes.clone().unwrap_or_default();
        Customer {
            firstname: self.firstname.trim().to_owned(),
            lastname: self.lastname.trim().to_owned(),
            email: self.email.trim().to_owned(),
            extension_attributes: Some(CustomerExtension {
                is_subscribed: Some(self.subscribe),
                ..extension
            }),
            addresses: None,
            ..fetched.clone()
        }
    }

    /// Whether a record the store has now holds these edits (after a save whose answer was lost).
    pub fn is_saved_in(&self, fresh: &Customer) -> bool {
        let saved = self.customer_to_save(fresh);
        (
            &fresh.firstname,
            &fresh.lastname,
            &fresh.email,
            fresh.is_subscribed(),
        ) == (
            &saved.firstname,
            &saved.lastname,
            &saved.email,
            self.subscribe,
        )
    }

    /// Every problem the store would find, and the current password a new email needs.
    pub fn problems(&self, fetched: &Customer) -> Vec<Message> {
        let customer = self.customer_to_save(fetched);
        let mut problems = validate::names(&customer)
            .map(|invalid| invalid.messages().to_vec())
            .unwrap_or_default();
        problems.extend(validate::email(&customer.email));
        if self.email_changed(fetched) && self.current_password.is_empty() {
            problems.push(Message::required("currentPassword"));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            firstname: " Janet ".into(),
            subscribe: true,
            ..ProfileDraft::of(&fetched())
        };
        assert!(draft.problems(&fetched()).is_empty());
        let sent = serde_json::to_value(draft.customer_to_save(&fetched())).unwrap();
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
            firstname: "Janet".into(),
            ..ProfileDraft::of(&fetched())
        };
        assert!(!draft.is_saved_in(&fetched()));
        assert!(draft.is_saved_in(&draft.customer_to_save(&fetched())));
    }

    #[test]
    fn a_new_email_needs_the_current_password() {
        let draft = ProfileDraft {
            email: "jane@example.org".into(),
            ..ProfileDraft::of(&fetched())
        };
        assert!(draft.email_changed(&fetched()));
        let problems = draft.problems(&fetched());
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
        assert!(with_password.problems(&fetched()).is_empty());
    }

    #[test]
    fn empty_names_and_a_bad_email_are_refused() {
        let draft = ProfileDraft {
            firstname: " ".into(),
            email: "jane".into(),
            current_password: "x".into(),
            ..ProfileDraft::of(&fetched())
        };
        assert_eq!(
            draft
                .problems(&fetched())
                .iter()
                .filter_map(FormField::of)
                .collect::<Vec<_>>(),
            [FormField::Firstname, FormField::Email]
        );
    }
}
