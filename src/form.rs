//! Messages sorted onto the fields of a form: the app's own checks and the store's answers
//! go through the same sorting, so they look and behave alike.

use commerce_rest::{FormField, Message};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    fields: Vec<(FormField, String)>,
    general: Vec<String>,
}

impl FormErrors {
    pub fn from_messages(messages: impl IntoIterator<Item = Message>) -> FormErrors {
        let mut errors = FormErrors::default();
        for message in messages {
            let text = message.render();
            match FormField::of(&message) {
                Some(field) if !errors.fields.contains(&(field, text.clone())) => {
                    errors.fields.push((field, text))
                }
                Some(_) => {}
                None if !errors.general.contains(&text) => errors.general.push(text),
                None => {}
            }
        }
        errors
    }

    pub fn general(text: impl Into<String>) -> FormErrors {
        FormErrors {
            fields: Vec::new(),
            general: vec![text.into()],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// Every message about one field, as one text.
    pub fn for_field(&self, field: FormField) -> Option<String> {
        let texts: Vec<&str> = self
            .fields
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect();
        (!texts.is_empty()).then(|| texts.join(" "))
    }

    /// The messages that concern no field of this form, shown above it.
    pub fn above_form(&self, form_fields: &[FormField]) -> Vec<String> {
        let stray = self
            .fields
            .iter()
            .filter(|(f, _)| !form_fields.contains(f))
            .map(|(_, t)| t.clone());
        self.general.iter().cloned().chain(stray).collect()
    }

    /// The first field, in the order the form shows them, that has an error.
    pub fn first_field(&self, form_fields: &[FormField]) -> Option<FormField> {
        form_fields
            .iter()
            .copied()
            .find(|f| self.for_field(*f).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::error::templates;

    #[test]
    fn messages_land_on_their_fields_once() {
        let errors = FormErrors::from_messages([
            Message::required("firstname"),
            Message::plain(templates::FIRST_NAME_EMPTY),
            Message::required("firstname"),
            Message::plain(templates::DUPLICATE_EMAIL),
            Message::plain(templates::SIGN_IN_FAILED),
        ]);
        assert_eq!(
            errors.for_field(FormField::Firstname).unwrap(),
            "\"firstname\" is required. Enter and try again. \"First Name\" is a required value."
        );
        assert_eq!(
            errors.for_field(FormField::Email).unwrap(),
            templates::DUPLICATE_EMAIL
        );
        assert_eq!(
            errors.above_form(&[FormField::Email]),
            [
                templates::SIGN_IN_FAILED,
                "\"firstname\" is required. Enter and try again.",
                "\"First Name\" is a required value."
            ]
        );
        assert_eq!(
            errors.first_field(&[FormField::Email, FormField::Firstname]),
            Some(FormField::Email)
        );
    }

    #[test]
    fn no_messages_no_errors() {
        assert!(FormErrors::from_messages([]).is_empty());
        assert!(!FormErrors::general("Offline").is_empty());
    }
}
