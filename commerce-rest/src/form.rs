//! Which field of the registration or sign-in form a store's message concerns, so that the
//! app can show it beside that field. One classification serves the app's own checks and
//! the store's answers alike, because both speak in the store's templates.

use crate::error::{Message, templates};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    Firstname,
    Lastname,
    Email,
    /// The password being chosen: at registration, in a change or a reset.
    Password,
    /// The password she has now, asked before a change.
    CurrentPassword,
    Country,
    Region,
    Street,
    City,
    Postcode,
    Telephone,
}

impl FormField {
    /// The field a message concerns, or `None` when it belongs above the form.
    pub fn of(message: &Message) -> Option<FormField> {
        if let Some(name) = message.field_name() {
            return Self::from_field_name(name);
        }
        let t = message.message.as_str();
        Some(match t {
            templates::DUPLICATE_EMAIL | templates::EMAIL_MISSING | templates::EMAIL_INVALID => {
                FormField::Email
            }
            templates::PASSWORD_TOO_LONG
            | templates::PASSWORD_TOO_SHORT
            | templates::PASSWORD_SURROUNDING_SPACE
            | templates::PASSWORD_CLASSES
            | templates::PASSWORD_IS_EMAIL => FormField::Password,
            templates::PASSWORD_MISMATCH | templates::ACCOUNT_LOCKED => FormField::CurrentPassword,
            templates::FIRST_NAME_EMPTY | templates::FIRST_NAME_INVALID => FormField::Firstname,
            templates::LAST_NAME_EMPTY | templates::LAST_NAME_INVALID => FormField::Lastname,
            templates::CITY_INVALID => FormField::City,
            templates::STREET_INVALID => FormField::Street,
            templates::TELEPHONE_INVALID => FormField::Telephone,
            _ => return None,
        })
    }

    /// Magento names fields in camelCase (`regionId`) or snake_case (`region_id`).
    fn from_field_name(name: &str) -> Option<FormField> {
        Some(match name {
            "firstname" => FormField::Firstname,
            "lastname" => FormField::Lastname,
            "email" | "username" | "customerEmail" => FormField::Email,
            "password" | "newPassword" => FormField::Password,
            "currentPassword" => FormField::CurrentPassword,
            "countryId" | "country_id" => FormField::Country,
            "region" | "regionId" | "region_id" => FormField::Region,
            "street" => FormField::Street,
            "city" => FormField::City,
            "postcode" => FormField::Postcode,
            "telephone" => FormField::Telephone,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_find_their_fields() {
        assert_eq!(
            FormField::of(&Message::required("regionId")),
            Some(FormField::Region)
        );
        assert_eq!(
            FormField::of(&Message::invalid_value("countryId", "XX")),
            Some(FormField::Country)
        );
        assert_eq!(
            FormField::of(&Message::plain(templates::DUPLICATE_EMAIL)),
            Some(FormField::Email)
        );
        assert_eq!(
            FormField::of(&Message::plain(templates::LAST_NAME_INVALID)),
            Some(FormField::Lastname)
        );
        assert_eq!(
            FormField::of(&Message::plain(templates::SIGN_IN_FAILED)),
            None
        );
        assert_eq!(FormField::of(&Message::required("fax")), None);
        assert_eq!(
            FormField::of(&Message::plain(templates::PASSWORD_MISMATCH)),
            Some(FormField::CurrentPassword)
        );
    }
}
