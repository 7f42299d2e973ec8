//! Messages sorted onto the fields of a form: the app's own checks and the store's answers
//! go through the same sorting, so they look and behave alike. One problem, one message: a
//! field shows the first message about it, in the shopper's words.

use crate::i18n::words;
use commerce_rest::{FormField, Message};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    fields: Vec<(FormField, Message)>,
    general: Vec<Message>,
    /// Fields concerned by a message above the form (a failed sign-in names no field).
    marked: Vec<FormField>,
}

impl From<Vec<Message>> for FormErrors {
    fn from(messages: Vec<Message>) -> FormErrors {
        FormErrors::from_messages(messages)
    }
}

impl FormErrors {
    pub fn from_messages(messages: impl IntoIterator<Item = Message>) -> FormErrors {
        let mut errors = FormErrors::default();
        for message in messages {
            match FormField::of(&message) {
                Some(field) if !errors.fields.iter().any(|(f, _)| *f == field) => {
                    errors.fields.push((field, message))
                }
                Some(_) => {}
                None => {
                    let text = words(&message);
                    if !errors.general.iter().any(|m| words(m) == text) {
                        errors.general.push(message);
                    }
                }
            }
        }
        errors
    }

    /// The same errors without those of `fields` (whose question has changed).
    pub fn without(mut self, fields: &[FormField]) -> FormErrors {
        self.fields.retain(|(field, _)| !fields.contains(field));
        self.marked.retain(|field| !fields.contains(field));
        self
    }

    /// Marks fields as concerned by the messages above the form, without a message of their own.
    pub fn marking(mut self, fields: &[FormField]) -> FormErrors {
        self.marked.extend_from_slice(fields);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// The message about one field, as the shopper reads it; empty for a marked field.
    pub fn for_field(&self, field: FormField) -> Option<String> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| words(m))
            .or_else(|| self.marked.contains(&field).then(String::new))
    }

    /// Whether the message about this field is the store's `template`.
    pub fn is(&self, field: FormField, template: &str) -> bool {
        self.fields
            .iter()
            .any(|(f, m)| *f == field && m.message == template)
    }

    /// The messages that concern no field of this form, shown above it.
    pub fn above_form(&self, form_fields: &[FormField]) -> Vec<String> {
        let stray = self
            .fields
            .iter()
            .filter(|(f, _)| !form_fields.contains(f))
            .map(|(_, m)| m);
        self.general.iter().chain(stray).map(words).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::error::templates;

    #[test]
    fn one_message_a_field_in_the_shoppers_words() {
        let errors = FormErrors::from_messages([
            Message::plain(templates::FIRST_NAME_EMPTY),
            Message::required("firstname"),
            Message::plain(templates::DUPLICATE_EMAIL),
            Message::plain(templates::SIGN_IN_FAILED),
            Message::plain(templates::SIGN_IN_FAILED),
            Message::required("regionId"),
        ]);
        assert_eq!(
            errors.for_field(FormField::Firstname).unwrap(),
            "\"First name\" is a required value."
        );
        assert!(errors.is(FormField::Email, templates::DUPLICATE_EMAIL));
        assert_eq!(
            errors.above_form(&[FormField::Email, FormField::Firstname]),
            [
                templates::SIGN_IN_FAILED,
                "\"State/Province\" is required. Enter and try again."
            ]
        );
    }

    #[test]
    fn a_failed_sign_in_marks_both_fields_and_says_it_once() {
        let errors = FormErrors::from_messages([Message::plain(templates::SIGN_IN_FAILED)])
            .marking(&[FormField::Email, FormField::Password]);
        assert_eq!(errors.for_field(FormField::Email).as_deref(), Some(""));
        assert_eq!(errors.above_form(&[FormField::Email]).len(), 1);
    }

    #[test]
    fn no_messages_no_errors() {
        assert!(FormErrors::from_messages([]).is_empty());
    }
}
