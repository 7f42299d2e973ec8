//! The error body a store answers with (OpenAPI `error-response`) and the raw message
//! templates of its catalogue. A store sends the untranslated template and its parameters;
//! [`Message::render`] substitutes them the way Magento's phrase renderer does.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Raw templates, exactly as a stock store sends them.
pub mod templates {
    pub const AGGREGATE: &str = "One or more input exceptions have occurred.";
    pub const REQUIRED_PARAMETER: &str = "\"%fieldName\" is required. Enter and try again.";
    pub const REQUIRED_FIELD: &str = "%fieldName is a required field.";
    pub const INVALID_FIELD_VALUE: &str =
        "Invalid value of \"%value\" provided for the %fieldName field.";
    pub const INVALID_TEMPLATE_VALUE: &str = "Invalid value of \"%value\" provided for the %fieldName field. Possible values: %template1 or %template2.";
    pub const NOT_SUPPORTED_FIELD: &str =
        "\"%fieldName\" is not supported. Correct the field name and try again.";
    pub const TYPE_MISMATCH: &str = "Error occurred during \"%field_name\" processing. %details";
    pub const NOT_AUTHORIZED: &str = "The consumer isn't authorized to access %resources.";
    pub const NO_ROUTE: &str = "Request does not match any route.";
    pub const METHOD_INVALID: &str = "Request method is invalid.";
    pub const DECODING_ERROR: &str = "Decoding error.";
    pub const CONTENT_TYPE_EMPTY: &str = "Content-Type header is empty.";
    pub const CONTENT_TYPE_INVALID: &str = "Content-Type header is invalid.";
    pub const CHARSET_INVALID: &str = "UTF-8 is the only supported charset.";
    pub const DUPLICATE_EMAIL: &str =
        "A customer with the same email address already exists in an associated website.";
    pub const EMAIL_MISSING: &str = "The customer email is missing. Enter and try again.";
    pub const EMAIL_INVALID: &str = "\"Email\" is not a valid email address.";
    pub const SIGN_IN_FAILED: &str = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";
    pub const PASSWORD_TOO_LONG: &str = "Please enter a password with at most %1 characters.";
    pub const PASSWORD_TOO_SHORT: &str =
        "The password needs at least %1 characters. Create a new password and try again.";
    pub const PASSWORD_SURROUNDING_SPACE: &str =
        "The password can't begin or end with a space. Verify the password and try again.";
    pub const PASSWORD_CLASSES: &str = "Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.";
    pub const PASSWORD_IS_EMAIL: &str =
        "The password can't be the same as the email address. Create a new password and try again.";
    pub const PASSWORD_MISMATCH: &str =
        "The password doesn't match this account. Verify the password and try again.";
    pub const ACCOUNT_LOCKED: &str = "The account is locked.";
    /// Every failed reCAPTCHA check of a guarded REST route (`ReCaptchaWebapiRest`).
    pub const RECAPTCHA_FAILED: &str = "ReCaptcha validation failed, please try again";
    /// The token route's answer to an unconfirmed account's right password, since 2.4.8.
    pub const ACCOUNT_NOT_CONFIRMED: &str = "This account isn't confirmed. Verify and try again.";
    pub const RESET_TOKEN_MISMATCH: &str = "The password token is mismatched. Reset and try again.";
    pub const RESET_TOKEN_EXPIRED: &str = "The password token is expired. Reset and try again.";
    /// Magento_Security's two refusals of a reset link: another request too soon after the
    /// last (`SecurityChecker\Frequency`), and too many in the hour (`...\Quantity`).
    pub const RESET_REQUESTED_TOO_SOON: &str = "We received too many requests for password resets. Please wait and try again later or contact %1.";
    pub const RESET_REQUESTED_TOO_OFTEN: &str =
        "Too many password reset requests. Please wait and try again or contact %1.";
    pub const NO_SUCH_ENTITY: &str = "No such entity with %fieldName = %fieldValue";
    pub const NO_SUCH_ENTITY_2: &str =
        "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value";
    pub const COUNTRY_UNAVAILABLE: &str = "The country isn't available.";
    pub const GROUP_UNKNOWN: &str = "The specified customer group id does not exist.";
    pub const FIRST_NAME_EMPTY: &str = "\"First Name\" is a required value.";
    pub const LAST_NAME_EMPTY: &str = "\"Last Name\" is a required value.";
    pub const FIRST_NAME_INVALID: &str = "First Name is not valid!";
    pub const LAST_NAME_INVALID: &str = "Last Name is not valid!";
    pub const MIDDLE_NAME_INVALID: &str = "Middle Name is not valid!";
    /// The customer form's validator (`Eav\Model\Attribute\Data\*`) quotes the attribute's
    /// label where this says `%1`.
    pub const REQUIRED_VALUE: &str = "\"%1\" is a required value.";
    pub const DATE_OF_BIRTH_FORMAT: &str =
        "\"Date of Birth\" does not fit the entered date format.";
    pub const DATE_OF_BIRTH_IN_FUTURE: &str = "The Date of Birth should not be greater than today.";
    /// The address validators of current releases (`Customer\Model\Validator\{City,Street,
    /// Telephone}`). The city's PHP literal spans two lines: the store sends a newline and
    /// indentation after "spaces,", which [`super::ErrorBody::messages`] folds back into this.
    pub const CITY_INVALID: &str = "Invalid City. Please use letters, numbers, spaces, and the following characters: - _ ' ’ . , & ( ) /";
    pub const STREET_INVALID: &str =
        "Invalid Street Address. The street address contains invalid characters.";
    pub const STREET_TOO_LONG: &str =
        "Invalid Street Address. The street address is too long. Enter no more than %1 characters.";
    pub const TELEPHONE_INVALID: &str =
        "Invalid Phone Number. Please use 0-9, +, -, (, ), ., / and space.";
    /// The same validators in 2.4.8 as first released (magento/magento2#39854): a store on it
    /// still answers these.
    /// `Eav\Model\Attribute\Data\Multiline`, sent rendered: the attribute's label, and the
    /// most lines it takes.
    pub const TOO_MANY_LINES: &str = "\"%1\" cannot contain more than %2 lines.";
    pub const CITY_INVALID_2_4_8: &str = "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces";
    pub const STREET_INVALID_2_4_8: &str =
        "Invalid Street Address. Please use A-Z, a-z, 0-9, , - . ' ’ ` & spaces";
    pub const TELEPHONE_INVALID_2_4_8: &str =
        "Invalid Phone Number. Please use 0-9, +, -, (, ) and space.";
}

/// Placeholder values: named (`%fieldName`) or positional (`%1`, `%2`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Parameters {
    Named(Map<String, Value>),
    Positional(Vec<Value>),
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters::Positional(Vec::new())
    }
}

impl Parameters {
    pub fn is_empty(&self) -> bool {
        match self {
            Parameters::Named(map) => map.is_empty(),
            Parameters::Positional(list) => list.is_empty(),
        }
    }

    pub fn named(&self, key: &str) -> Option<&Value> {
        match self {
            Parameters::Named(map) => map.get(key),
            Parameters::Positional(_) => None,
        }
    }
}

/// One message: a raw template and the values of its placeholders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message: String,
    #[serde(default)]
    pub parameters: Parameters,
}

impl Message {
    pub fn plain(template: &str) -> Self {
        Message {
            message: template.to_owned(),
            parameters: Parameters::default(),
        }
    }

    pub fn named<const N: usize>(template: &str, pairs: [(&str, Value); N]) -> Self {
        Message {
            message: template.to_owned(),
            parameters: Parameters::Named(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            ),
        }
    }

    pub fn positional(template: &str, values: Vec<Value>) -> Self {
        Message {
            message: template.to_owned(),
            parameters: Parameters::Positional(values),
        }
    }

    /// `"%fieldName" is required. Enter and try again.`
    pub fn required(field: &str) -> Self {
        Self::named(templates::REQUIRED_PARAMETER, [("fieldName", field.into())])
    }

    /// `Invalid value of "%value" provided for the %fieldName field.`
    pub fn invalid_value(field: &str, value: &str) -> Self {
        Self::named(
            templates::INVALID_FIELD_VALUE,
            [("fieldName", field.into()), ("value", value.into())],
        )
    }

    /// The field a store's message names through its `fieldName` parameter, if any.
    pub fn field_name(&self) -> Option<&str> {
        self.parameters.named("fieldName")?.as_str()
    }

    /// The text a person reads: placeholders replaced by their values.
    pub fn render(&self) -> String {
        let mut pairs: Vec<(String, String)> = match &self.parameters {
            Parameters::Named(map) => map
                .iter()
                .map(|(k, v)| (format!("%{k}"), display_value(v)))
                .collect(),
            Parameters::Positional(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("%{}", i + 1), display_value(v)))
                .collect(),
        };
        // Longest placeholder first, so `%10` is not eaten by `%1` nor `%fieldName` by `%field`.
        pairs.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut text = self.message.clone();
        for (placeholder, value) in pairs {
            text = text.replace(&placeholder, &value);
        }
        text
    }
}

/// A parameter as the phrase renderer prints it; a store's parameters are scalars.
fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Array(_) | Value::Object(_) => String::new(),
    }
}

/// The whole error body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub message: String,
    #[serde(default, skip_serializing_if = "Parameters::is_empty")]
    pub parameters: Parameters,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Message>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
}

impl ErrorBody {
    /// The body for a list of input errors: one error stands alone, several are aggregated,
    /// as Magento's `InputException` does.
    pub fn from_messages(mut messages: Vec<Message>) -> Self {
        if messages.len() == 1 {
            let only = messages.remove(0);
            return ErrorBody {
                message: only.message,
                parameters: only.parameters,
                errors: Vec::new(),
                code: None,
                trace: None,
            };
        }
        ErrorBody {
            message: templates::AGGREGATE.to_owned(),
            parameters: Parameters::default(),
            errors: messages,
            code: None,
            trace: None,
        }
    }

    /// Every message the body carries: the entries of an aggregate, the lines of a
    /// validator's joined message, or the single message.
    pub fn messages(&self) -> Vec<Message> {
        if !self.errors.is_empty() {
            return self.errors.clone();
        }
        if self.parameters.is_empty() && self.message.contains('\n') {
            return joined_lines(&self.message)
                .iter()
                .map(|line| Message::plain(line))
                .collect();
        }
        vec![Message {
            message: self.message.clone(),
            parameters: self.parameters.clone(),
        }]
    }
}

/// The messages of a validator's joined text. A line that starts with white space continues
/// the one before: a message whose PHP literal spans two lines (the city's) is one message.
fn joined_lines(text: &str) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for line in text.lines() {
        match messages.last_mut() {
            Some(last) if line.starts_with(char::is_whitespace) => {
                last.push(' ');
                last.push_str(line.trim_start());
            }
            _ => messages.push(line.to_owned()),
        }
    }
    messages
}

impl From<Message> for ErrorBody {
    fn from(message: Message) -> Self {
        ErrorBody::from_messages(vec![message])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_named_and_positional_placeholders() {
        let named: Message = serde_json::from_value(
            json!({"message": templates::REQUIRED_FIELD, "parameters": {"fieldName": "username"}}),
        )
        .unwrap();
        assert_eq!(named.render(), "username is a required field.");
        let positional: Message = serde_json::from_value(
            json!({"message": templates::PASSWORD_TOO_SHORT, "parameters": [8]}),
        )
        .unwrap();
        assert_eq!(
            positional.render(),
            "The password needs at least 8 characters. Create a new password and try again."
        );
    }

    #[test]
    fn longer_placeholders_win_over_their_prefixes() {
        let m = Message::named(
            templates::NO_SUCH_ENTITY_2,
            [
                ("fieldName", "email".into()),
                ("fieldValue", "x@y.z".into()),
                ("field2Name", "websiteId".into()),
                ("field2Value", 1.into()),
            ],
        );
        assert_eq!(
            m.render(),
            "No such entity with email = x@y.z, websiteId = 1"
        );
        let many = Message::positional("%1 %10", (1..=10).map(Value::from).collect());
        assert_eq!(many.render(), "1 10");
    }

    #[test]
    fn one_error_stands_alone_and_several_aggregate() {
        let one = ErrorBody::from_messages(vec![Message::required("city")]);
        assert_eq!(
            serde_json::to_value(&one).unwrap(),
            json!({"message": templates::REQUIRED_PARAMETER, "parameters": {"fieldName": "city"}})
        );
        let two = ErrorBody::from_messages(vec![
            Message::required("city"),
            Message::required("telephone"),
        ]);
        let value = serde_json::to_value(&two).unwrap();
        assert_eq!(value["message"], templates::AGGREGATE);
        assert_eq!(value.get("parameters"), None);
        assert_eq!(value["errors"][1]["parameters"]["fieldName"], "telephone");
        assert_eq!(two.messages().len(), 2);
        assert_eq!(one.messages()[0].field_name(), Some("city"));
    }

    #[test]
    fn a_message_without_parameters_reads_as_is() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"message":"Request does not match any route."}"#).unwrap();
        assert_eq!(body.messages()[0].render(), templates::NO_ROUTE);
    }

    #[test]
    fn a_validators_joined_message_splits_into_its_lines() {
        let body = ErrorBody::from(Message::plain(
            "First Name is not valid!\nLast Name is not valid!",
        ));
        let lines = body.messages();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].message, templates::LAST_NAME_INVALID);
    }

    #[test]
    fn the_citys_message_over_two_lines_of_php_is_one_message() {
        let sent = "Invalid City. Please use letters, numbers, spaces,\n                and the following characters: - _ ' ’ . , & ( ) /\nInvalid Street Address. The street address contains invalid characters.";
        let lines = ErrorBody::from(Message::plain(sent)).messages();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].message, templates::CITY_INVALID);
        assert_eq!(lines[1].message, templates::STREET_INVALID);
    }
}
