//! Which field of a form a store's message concerns, so that the app can show it beside
//! that field, and how the message reads to a shopper: the field names a store's templates
//! carry (`regionId`, `username`) become the labels she sees. One table serves the app's own
//! checks and the store's answers alike, because both speak in the store's templates.

use crate::Phrase;
use crate::error::{Message, Parameters, templates};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    Prefix,
    Firstname,
    Middlename,
    Lastname,
    Suffix,
    DateOfBirth,
    TaxVat,
    Gender,
    Email,
    /// The password being chosen: at registration, in a change or a reset.
    Password,
    /// The password she has now, asked before a change.
    CurrentPassword,
    Country,
    Region,
    /// The street's first line, which the store's messages about the street concern.
    Street,
    /// A further street line (2 to 4), as many as the store has.
    StreetLine(u8),
    City,
    Postcode,
    Telephone,
    Company,
    Fax,
    VatNumber,
    /// The store's check that she is not a robot (reCAPTCHA), where the form has one.
    Recaptcha,
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
            templates::FIRST_NAME_INVALID => FormField::Firstname,
            templates::LAST_NAME_INVALID => FormField::Lastname,
            templates::MIDDLE_NAME_INVALID => FormField::Middlename,
            templates::DATE_OF_BIRTH_IN_FUTURE => FormField::DateOfBirth,
            templates::RECAPTCHA_FAILED
            | crate::recaptcha::NOT_TICKED_TEXT
            | crate::recaptcha::NOT_LOADED_TEXT => FormField::Recaptcha,
            // The customer form's validator names an attribute by its label, in quotes.
            t if t.starts_with('"') => return by_store_label(t).map(|(_, field)| field),
            // Each release words these its own way (contract §6); all start alike, and a
            // validator's joined message carries them rendered.
            t if t.starts_with("Invalid City.") => FormField::City,
            t if t.starts_with("Invalid Street Address.") => FormField::Street,
            t if t.starts_with("Invalid Phone Number.") => FormField::Telephone,
            _ => return None,
        })
    }

    fn from_field_name(name: &str) -> Option<FormField> {
        FIELD_NAMES
            .iter()
            .find(|(api, _, _)| *api == name)
            .map(|(_, field, _)| *field)
    }

    /// The label a shopper reads for this field.
    pub fn label(self) -> Phrase {
        if let FormField::StreetLine(line) = self {
            return match line {
                ..=2 => phrase!("Street address, line 2"),
                3 => phrase!("Street address, line 3"),
                _ => phrase!("Street address, line 4"),
            };
        }
        FIELD_NAMES
            .iter()
            .find(|(_, field, _)| *field == self)
            .map_or(phrase!("Street address"), |(_, _, label)| *label)
    }

    /// The name a store gives it in its bodies and messages.
    pub fn api_name(self) -> &'static str {
        FIELD_NAMES
            .iter()
            .find(|(_, field, _)| *field == self)
            .map_or("street", |(api, _, _)| api)
    }

    /// The store's message for this field left empty.
    pub fn required(self) -> Message {
        Message::required(self.api_name())
    }

    /// Its input's `id` and `name` in the app's forms.
    pub fn id(self) -> &'static str {
        match self {
            FormField::Prefix => "prefix",
            FormField::Firstname => "firstname",
            FormField::Middlename => "middlename",
            FormField::Lastname => "lastname",
            FormField::Suffix => "suffix",
            FormField::DateOfBirth => "dob",
            FormField::TaxVat => "taxvat",
            FormField::Gender => "gender",
            FormField::Email => "email",
            FormField::Password => "password",
            FormField::CurrentPassword => "current-password",
            FormField::Country => "country",
            FormField::Region => "region",
            FormField::Street => "street",
            FormField::StreetLine(..=2) => "street2",
            FormField::StreetLine(3) => "street3",
            FormField::StreetLine(_) => "street4",
            FormField::City => "city",
            FormField::Postcode => "postcode",
            FormField::Telephone => "telephone",
            FormField::Company => "company",
            FormField::Fax => "fax",
            FormField::VatNumber => "vat-id",
            FormField::Recaptcha => "recaptcha",
        }
    }

    /// Its input's `autocomplete` token where a form does not say another (signing in names
    /// the e-mail `username`).
    pub fn autocomplete(self) -> &'static str {
        match self {
            FormField::Prefix => "honorific-prefix",
            FormField::Firstname => "given-name",
            FormField::Middlename => "additional-name",
            FormField::Lastname => "family-name",
            FormField::Suffix => "honorific-suffix",
            FormField::DateOfBirth => "bday",
            FormField::Gender => "sex",
            FormField::Email => "email",
            FormField::Password => "new-password",
            FormField::CurrentPassword => "current-password",
            FormField::Country => "country",
            FormField::Region => "address-level1",
            FormField::Street => "address-line1",
            FormField::StreetLine(..=2) => "address-line2",
            FormField::StreetLine(3) => "address-line3",
            FormField::StreetLine(_) => "address-line4",
            FormField::City => "address-level2",
            FormField::Postcode => "postal-code",
            FormField::Telephone => "tel",
            FormField::Company => "organization",
            FormField::TaxVat | FormField::Fax | FormField::VatNumber | FormField::Recaptcha => {
                "off"
            }
        }
    }

    /// Its input's `type`.
    pub fn input_type(self) -> &'static str {
        match self {
            FormField::Email => "email",
            FormField::Telephone | FormField::Fax => "tel",
            FormField::DateOfBirth => "date",
            _ => "text",
        }
    }

    /// The most characters the store keeps of it, where it says.
    pub fn max_length(self) -> Option<usize> {
        use crate::validate::limits;
        Some(match self {
            FormField::Prefix | FormField::Suffix => limits::HONORIFIC,
            FormField::TaxVat => limits::TAXVAT,
            FormField::Email => limits::EMAIL,
            FormField::Street | FormField::StreetLine(_) => limits::STREET,
            FormField::City => limits::CITY,
            FormField::Telephone => limits::TELEPHONE,
            FormField::Password | FormField::CurrentPassword => {
                crate::password::MAX_PASSWORD_LENGTH
            }
            FormField::Firstname
            | FormField::Middlename
            | FormField::Lastname
            | FormField::Region
            | FormField::Company
            | FormField::Fax
            | FormField::VatNumber => limits::NAME,
            FormField::DateOfBirth
            | FormField::Gender
            | FormField::Country
            | FormField::Postcode
            | FormField::Recaptcha => return None,
        })
    }
}

/// The labels a store's customer form gives its attributes (`eav_attribute.frontend_label`),
/// which its validator's messages quote.
const STORE_LABELS: &[(&str, FormField)] = &[
    ("First Name", FormField::Firstname),
    ("Last Name", FormField::Lastname),
    ("Middle Name/Initial", FormField::Middlename),
    ("Name Prefix", FormField::Prefix),
    ("Name Suffix", FormField::Suffix),
    ("Date of Birth", FormField::DateOfBirth),
    ("Tax/VAT number", FormField::TaxVat),
    ("Gender", FormField::Gender),
    (crate::validate::STREET_LABEL, FormField::Street),
];

/// The field a message quoting a store label at its start concerns (`"Date of Birth" is a
/// required value.`), with the label.
fn by_store_label(text: &str) -> Option<(&'static str, FormField)> {
    let quoted = text.strip_prefix('"')?.split('"').next()?;
    STORE_LABELS
        .iter()
        .find(|(label, _)| *label == quoted)
        .copied()
}

/// Every field name a store's message may carry (camelCase like `regionId` or snake_case
/// like `region_id`), the form field it is, and the label the shopper reads for it. The
/// first entry of a field gives its label.
const FIELD_NAMES: &[(&str, FormField, Phrase)] = &[
    ("prefix", FormField::Prefix, phrase!("Name prefix")),
    ("firstname", FormField::Firstname, phrase!("First name")),
    (
        "middlename",
        FormField::Middlename,
        phrase!("Middle name/initial"),
    ),
    ("lastname", FormField::Lastname, phrase!("Last name")),
    ("suffix", FormField::Suffix, phrase!("Name suffix")),
    ("dob", FormField::DateOfBirth, phrase!("Date of birth")),
    ("taxvat", FormField::TaxVat, phrase!("Tax/VAT number")),
    ("gender", FormField::Gender, phrase!("Gender")),
    ("email", FormField::Email, phrase!("Email")),
    ("username", FormField::Email, phrase!("Email")),
    ("customerEmail", FormField::Email, phrase!("Email")),
    ("password", FormField::Password, phrase!("Password")),
    ("newPassword", FormField::Password, phrase!("New password")),
    (
        "currentPassword",
        FormField::CurrentPassword,
        phrase!("Current password"),
    ),
    ("countryId", FormField::Country, phrase!("Country")),
    ("country_id", FormField::Country, phrase!("Country")),
    ("region", FormField::Region, phrase!("State/Province")),
    ("regionId", FormField::Region, phrase!("State/Province")),
    ("region_id", FormField::Region, phrase!("State/Province")),
    ("street", FormField::Street, phrase!("Street address")),
    ("city", FormField::City, phrase!("City")),
    ("postcode", FormField::Postcode, phrase!("Zip/Postal code")),
    ("telephone", FormField::Telephone, phrase!("Phone number")),
    ("company", FormField::Company, phrase!("Company")),
    ("fax", FormField::Fax, phrase!("Fax")),
    ("vat_id", FormField::VatNumber, phrase!("VAT Number")),
    ("vatId", FormField::VatNumber, phrase!("VAT Number")),
    ("recaptcha", FormField::Recaptcha, phrase!("Security check")),
];

/// The message as a shopper reads it: the store's wording in her language (`translate` gives
/// a phrase's translation, or the phrase), with a field's label where the template names the
/// field, and what is allowed where the store only says "not valid".
pub fn in_shoppers_words(message: &Message, translate: impl Fn(&str) -> &str) -> String {
    if let Some((field, lines)) = too_many_lines(message) {
        let phrase = phrase!("\"%1\" cannot contain more than %2 lines.");
        return Message::positional(
            translate(phrase.english()),
            vec![translate(field.label().english()).into(), lines.into()],
        )
        .render();
    }
    if let Some((phrase, field)) = restated(message) {
        let text = Message::positional(
            translate(phrase.english()),
            vec![translate(field.label().english()).into()],
        )
        .render();
        return match what_is_allowed(message) {
            Some(allowed) => format!("{text} {}", translate(allowed.english())),
            None => text,
        };
    }
    if let Some(phrase) = in_her_words(message) {
        return translate(phrase.english()).to_owned();
    }
    let mut labelled = message.clone();
    labelled.message = translate(&message.message).to_owned();
    if let Parameters::Named(map) = &mut labelled.parameters {
        for key in ["fieldName", "field_name"] {
            let label = map
                .get(key)
                .and_then(Value::as_str)
                .and_then(|name| FIELD_NAMES.iter().find(|(api, _, _)| *api == name))
                .map(|(_, _, label)| *label);
            if let Some(label) = label {
                map.insert(key.to_owned(), translate(label.english()).into());
            }
        }
    }
    let text = labelled.render();
    match what_is_allowed(message) {
        Some(allowed) => format!("{text} {}", translate(allowed.english())),
        None => text,
    }
}

/// The multiline attribute's refusal, sent rendered (`"Street Address" cannot contain more
/// than 2 lines.`): the field it names, and how many lines it takes.
fn too_many_lines(message: &Message) -> Option<(FormField, u32)> {
    let (_, field) = by_store_label(&message.message)?;
    let rest = message
        .message
        .split_once("\" cannot contain more than ")?
        .1;
    let lines = rest.strip_suffix(" lines.")?.parse().ok()?;
    Some((field, lines))
}

/// A store message that names a field by the store's own label ("First Name"): said with the
/// label the form shows ("First name"), as a template naming a field by its API name is.
fn restated(message: &Message) -> Option<(Phrase, FormField)> {
    let required = phrase!("\"%1\" is a required value.");
    let invalid = phrase!("%1 is not valid!");
    let text = message.message.as_str();
    Some(match text {
        templates::FIRST_NAME_INVALID => (invalid, FormField::Firstname),
        templates::LAST_NAME_INVALID => (invalid, FormField::Lastname),
        templates::MIDDLE_NAME_INVALID => (invalid, FormField::Middlename),
        _ if text.ends_with("\" is a required value.") => (required, by_store_label(text)?.1),
        _ => return None,
    })
}

/// A store message in a store's jargon, said as a shopper would say it. The store's own text
/// adds nothing she could act on, so it is not shown as well.
fn in_her_words(message: &Message) -> Option<Phrase> {
    Some(match message.message.as_str() {
        templates::DUPLICATE_EMAIL => {
            phrase!("There is already an account with this email address.")
        }
        templates::DATE_OF_BIRTH_IN_FUTURE => phrase!("A date of birth cannot be in the future."),
        templates::ACCOUNT_NOT_CONFIRMED => phrase!(
            "Your account is not confirmed yet: follow the link in the e-mail the store sent when you created it, then sign in."
        ),
        templates::RECAPTCHA_FAILED => {
            phrase!("The check that you are not a robot did not pass. Please try again.")
        }
        templates::DATE_OF_BIRTH_FORMAT => {
            phrase!("Enter the date of birth as a day, month and year.")
        }
        _ => return None,
    })
}

fn what_is_allowed(message: &Message) -> Option<Phrase> {
    Some(match message.message.as_str() {
        templates::FIRST_NAME_INVALID
        | templates::LAST_NAME_INVALID
        | templates::MIDDLE_NAME_INVALID => {
            phrase!("Use letters, digits, spaces and , - _ . ' ’ ` & only, at most 255 characters.")
        }
        templates::EMAIL_INVALID => phrase!("Enter it as name@example.com."),
        templates::INVALID_FIELD_VALUE => phrase!("Choose one from the list."),
        templates::NO_ROUTE => {
            phrase!(
                "This site's settings may not match the store (its address or store code); the site's /status page says more."
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(phrase: &str) -> &str {
        phrase
    }

    fn in_shoppers_words_en(message: &Message) -> String {
        in_shoppers_words(message, english)
    }

    #[test]
    fn a_translation_reaches_the_template_the_label_and_the_explanation() {
        fn german(phrase: &str) -> &str {
            match phrase {
                templates::REQUIRED_PARAMETER => "\"%fieldName\" ist ein Pflichtfeld.",
                "State/Province" => "Bundesland",
                other => other,
            }
        }
        assert_eq!(
            in_shoppers_words(&Message::required("regionId"), german),
            "\"Bundesland\" ist ein Pflichtfeld."
        );
    }

    #[test]
    fn a_store_label_becomes_the_forms_label_and_jargon_her_words() {
        assert_eq!(
            in_shoppers_words_en(&Message::plain(templates::FIRST_NAME_EMPTY)),
            "\"First name\" is a required value."
        );
        let invalid = in_shoppers_words_en(&Message::plain(templates::LAST_NAME_INVALID));
        assert!(
            invalid.starts_with("Last name is not valid! Use letters"),
            "{invalid}"
        );
        assert_eq!(
            in_shoppers_words_en(&Message::plain(templates::DUPLICATE_EMAIL)),
            "There is already an account with this email address."
        );
    }

    #[test]
    fn a_shopper_reads_labels_never_api_field_names() {
        assert_eq!(
            in_shoppers_words_en(&Message::required("regionId")),
            "\"State/Province\" is required. Enter and try again."
        );
        assert_eq!(
            in_shoppers_words_en(&Message::named(
                templates::REQUIRED_FIELD,
                [("fieldName", "username".into())]
            )),
            "Email is a required field."
        );
        assert_eq!(
            in_shoppers_words_en(&Message::invalid_value("countryId", "XX")),
            "Invalid value of \"XX\" provided for the Country field. Choose one from the list."
        );
        assert_eq!(
            in_shoppers_words_en(&Message::plain(templates::FIRST_NAME_INVALID)),
            "First name is not valid! Use letters, digits, spaces and , - _ . ' ’ ` & only, at most 255 characters."
        );
        assert_eq!(
            in_shoppers_words_en(&Message::required("fax")),
            "\"Fax\" is required. Enter and try again."
        );
        // A field the table does not know keeps the store's name for it.
        assert_eq!(
            in_shoppers_words_en(&Message::required("nickname")),
            "\"nickname\" is required. Enter and try again."
        );
        assert_eq!(FormField::Region.label().english(), "State/Province");
    }

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
        assert_eq!(
            FormField::of(&Message::required("fax")),
            Some(FormField::Fax)
        );
        assert_eq!(FormField::of(&Message::required("nickname")), None);
        assert_eq!(
            FormField::of(&Message::plain(templates::PASSWORD_MISMATCH)),
            Some(FormField::CurrentPassword)
        );
    }

    #[test]
    fn every_releases_address_messages_find_their_fields() {
        for (message, field) in [
            (templates::CITY_INVALID, FormField::City),
            (templates::CITY_INVALID_2_4_8, FormField::City),
            (templates::STREET_INVALID, FormField::Street),
            (templates::STREET_INVALID_2_4_8, FormField::Street),
            (
                "Invalid Street Address. The street address is too long. Enter no more than 255 characters.",
                FormField::Street,
            ),
            (templates::TELEPHONE_INVALID, FormField::Telephone),
            (templates::TELEPHONE_INVALID_2_4_8, FormField::Telephone),
        ] {
            assert_eq!(
                FormField::of(&Message::plain(message)),
                Some(field),
                "{message}"
            );
        }
    }

    #[test]
    fn the_customer_forms_own_attributes_are_found_by_their_store_labels() {
        let required =
            |label: &str| Message::plain(&templates::REQUIRED_VALUE.replace("%1", label));
        for (label, field, said) in [
            ("Date of Birth", FormField::DateOfBirth, "Date of birth"),
            ("Name Prefix", FormField::Prefix, "Name prefix"),
            ("Name Suffix", FormField::Suffix, "Name suffix"),
            ("Tax/VAT number", FormField::TaxVat, "Tax/VAT number"),
            ("Gender", FormField::Gender, "Gender"),
        ] {
            assert_eq!(FormField::of(&required(label)), Some(field), "{label}");
            assert_eq!(
                in_shoppers_words_en(&required(label)),
                format!("\"{said}\" is a required value.")
            );
        }
        let future = Message::plain(templates::DATE_OF_BIRTH_IN_FUTURE);
        assert_eq!(FormField::of(&future), Some(FormField::DateOfBirth));
        assert_eq!(
            in_shoppers_words_en(&future),
            "A date of birth cannot be in the future."
        );
        assert_eq!(
            FormField::of(&Message::plain(templates::DATE_OF_BIRTH_FORMAT)),
            Some(FormField::DateOfBirth)
        );
        assert_eq!(
            FormField::of(&Message::plain(
                "\"Name Prefix\" length must be equal or less than 40 characters."
            )),
            Some(FormField::Prefix)
        );
        assert_eq!(FormField::of(&required("Nickname")), None);
    }

    #[test]
    fn a_street_of_too_many_lines_is_said_at_the_street() {
        let sent = crate::validate::street_lines_problem(
            &["1 Main St".into(), "Floor 2".into(), "Suite 4".into()],
            2,
        )
        .unwrap();
        assert_eq!(
            sent.message,
            "\"Street Address\" cannot contain more than 2 lines."
        );
        assert_eq!(FormField::of(&sent), Some(FormField::Street));
        assert_eq!(
            in_shoppers_words_en(&sent),
            "\"Street address\" cannot contain more than 2 lines."
        );
    }

    #[test]
    fn a_failed_robot_check_is_said_in_her_words_at_the_check() {
        let refused = Message::plain(crate::recaptcha::FAILED);
        assert_eq!(FormField::of(&refused), Some(FormField::Recaptcha));
        assert_eq!(
            in_shoppers_words_en(&refused),
            "The check that you are not a robot did not pass. Please try again."
        );
    }
}
