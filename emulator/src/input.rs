//! Request bodies as Magento's `Rest\Request` and `ServiceInputProcessor` read them:
//! Content-Type and charset checks, JSON decoding, top-level parameters by their PHP names
//! (camelCase or snake_case), keys inside objects in either case, and the store's errors for
//! missing parameters, unknown fields and wrong types.

use crate::error::{ApiError, ApiResult};
use axum::http::{HeaderMap, header};
use commerce_rest::error::templates;
use commerce_rest::{Customer, ErrorBody, Message};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The top-level parameters of a request body, keyed by their snake_case form.
#[derive(Debug, Default)]
pub struct Params(Map<String, Value>);

impl Params {
    pub fn decode(headers: &HeaderMap, body: &[u8]) -> ApiResult<Params> {
        if body.is_empty() {
            return Ok(Params::default());
        }
        check_content_type(headers)?;
        let value: Value = serde_json::from_slice(body)
            .map_err(|_| ApiError::bad_request(Message::plain(templates::DECODING_ERROR)))?;
        match value {
            Value::Object(map) => Ok(Params(
                map.into_iter()
                    .map(|(k, v)| (snake_case(&k), normalise_keys(v)))
                    .collect(),
            )),
            // A body that is not an object names no parameter at all.
            _ => Ok(Params::default()),
        }
    }

    /// Fails with the store's aggregated error when any named parameter is absent (or null).
    pub fn require(&self, names: &[&str]) -> ApiResult<()> {
        let missing: Vec<Message> = names
            .iter()
            .filter(|name| matches!(self.0.get(&snake_case(name)), None | Some(Value::Null)))
            .map(|name| Message::required(name))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ApiError::bad_request(ErrorBody::from_messages(missing)))
        }
    }

    pub fn get<T: DeserializeOwned>(&self, name: &str) -> ApiResult<Option<T>> {
        match self.0.get(&snake_case(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => deserialize(name, value).map(Some),
        }
    }

    /// A parameter that must be there.
    pub fn take<T: DeserializeOwned>(&self, name: &str) -> ApiResult<T> {
        self.require(&[name])?;
        self.get(name)?
            .ok_or_else(|| ApiError::bad_request(Message::required(name)))
    }

    /// A string parameter, cast from a number or a boolean as PHP casts it.
    pub fn text(&self, name: &str) -> ApiResult<Option<String>> {
        self.get(name)
    }

    /// The `customer` object of a request: every key must be one a stock store knows.
    pub fn customer(&self, name: &str) -> ApiResult<Customer> {
        let customer: Customer = self.take(name)?;
        match customer.unmodelled_field() {
            Some(key) => Err(not_supported(key)),
            None => Ok(customer),
        }
    }
}

fn check_content_type(headers: &HeaderMap) -> ApiResult<()> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    if value.is_empty() {
        return Err(ApiError::bad_request(Message::plain(
            templates::CONTENT_TYPE_EMPTY,
        )));
    }
    let mut parts = value.split(';').map(str::trim);
    let mime = parts.next().unwrap_or("").to_ascii_lowercase();
    if mime != "application/json" {
        return Err(ApiError::bad_request(Message::plain(
            templates::CONTENT_TYPE_INVALID,
        )));
    }
    for part in parts {
        if let Some((key, charset)) = part.split_once('=')
            && key.trim().eq_ignore_ascii_case("charset")
            && !charset
                .trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("utf-8")
        {
            return Err(ApiError::bad_request(Message::plain(
                templates::CHARSET_INVALID,
            )));
        }
    }
    Ok(())
}

/// How many scalars one request may have cast before the store gives up on it.
const MAX_CASTS: usize = 64;

/// Deserialises one parameter as Magento's `ServiceInputProcessor` does: a key the data
/// object does not know is refused (as a 2.4.7+ store does), and a scalar of another type is
/// cast to the declared one the way PHP's `TypeProcessor` casts it (`"43"` for an integer,
/// `"1"` for a boolean, a number for a string) before the type is held against it.
fn deserialize<T: DeserializeOwned>(name: &str, value: &Value) -> ApiResult<T> {
    let mut value = value.clone();
    for _ in 0..MAX_CASTS {
        let mismatch = match attempt::<T>(&value) {
            Attempt::Read(result) => return Ok(result),
            Attempt::Unknown(key) => return Err(not_supported(&key)),
            Attempt::Mismatch(mismatch) => mismatch,
        };
        let slot = value.pointer_mut(&mismatch.pointer);
        match slot.and_then(|slot| cast(slot, mismatch.expected).map(|cast| (slot, cast))) {
            Some((slot, cast)) => *slot = cast,
            None => {
                let field = mismatch.field.unwrap_or_else(|| name.to_owned());
                let shown = match value.pointer(&mismatch.pointer) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                return Err(type_error(&field, &shown, mismatch.expected));
            }
        }
    }
    Err(ApiError::bad_request(Message::plain(
        templates::DECODING_ERROR,
    )))
}

enum Attempt<T> {
    Read(T),
    Unknown(String),
    Mismatch(Mismatch),
}

struct Mismatch {
    /// JSON pointer to the value in the (key-normalised) parameter.
    pointer: String,
    /// The innermost key on the way, which the store names in its message.
    field: Option<String>,
    expected: PhpType,
}

fn attempt<T: DeserializeOwned>(value: &Value) -> Attempt<T> {
    let mut unknown: Option<String> = None;
    let mut note_unknown = |path: serde_ignored::Path| {
        if unknown.is_none()
            && let serde_ignored::Path::Map { key, .. } = path
        {
            unknown = Some(key.clone());
        }
    };
    let ignoring = serde_ignored::Deserializer::new(value, &mut note_unknown);
    let result: Result<T, _> = serde_path_to_error::deserialize(ignoring);
    if let Some(key) = unknown {
        return Attempt::Unknown(key);
    }
    match result {
        Ok(read) => Attempt::Read(read),
        Err(e) => {
            let mut pointer = String::new();
            let mut field = None;
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                        field = Some(key.clone());
                    }
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push_str(&format!("/{index}"));
                    }
                    _ => {}
                }
            }
            Attempt::Mismatch(Mismatch {
                pointer,
                field,
                expected: PhpType::expected_in(&e.inner().to_string()),
            })
        }
    }
}

/// The type a data object declares, as Magento's messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PhpType {
    Int,
    Float,
    Bool,
    String,
    Array,
    Object,
}

impl PhpType {
    /// Reads serde's "invalid type: ..., expected u32" into the declared type.
    fn expected_in(serde_message: &str) -> PhpType {
        let expected = serde_message.rsplit("expected ").next().unwrap_or("");
        if expected.starts_with('u') || expected.starts_with('i') {
            PhpType::Int
        } else if expected.starts_with('f') {
            PhpType::Float
        } else if expected.starts_with("a boolean") {
            PhpType::Bool
        } else if expected.starts_with("a sequence") {
            PhpType::Array
        } else if expected.starts_with("a string") {
            PhpType::String
        } else {
            PhpType::Object
        }
    }

    fn name(self) -> &'static str {
        match self {
            PhpType::Int => "int",
            PhpType::Float => "float",
            PhpType::Bool => "bool",
            PhpType::String => "string",
            PhpType::Array => "array",
            PhpType::Object => "object",
        }
    }
}

/// PHP's cast of a scalar to the declared type, or `None` where the store refuses it.
fn cast(value: &Value, to: PhpType) -> Option<Value> {
    let numeric = || match value {
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match (to, value) {
        (PhpType::Int, _) => numeric()
            .filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15)
            .map(|n| Value::from(n as i64)),
        (PhpType::Float, _) => numeric().map(Value::from),
        (PhpType::Bool, Value::String(s)) => Some(Value::Bool(matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        ))),
        (PhpType::Bool, Value::Number(n)) => Some(Value::Bool(n.as_f64() == Some(1.0))),
        (PhpType::String, Value::Number(n)) => Some(Value::String(n.to_string())),
        (PhpType::String, Value::Bool(b)) => Some(Value::String(if *b { "1" } else { "" }.into())),
        _ => None,
    }
}

fn not_supported(key: &str) -> ApiError {
    ApiError::bad_request(Message::named(
        templates::NOT_SUPPORTED_FIELD,
        [("fieldName", upper_camel(key).into())],
    ))
}

fn type_error(field: &str, value: &str, expected: PhpType) -> ApiError {
    let details = format!(
        "The \"{value}\" value's type is invalid. The \"{}\" type was expected. Verify and try again.",
        expected.name()
    );
    ApiError::bad_request(Message::named(
        templates::TYPE_MISMATCH,
        [("field_name", field.into()), ("details", details.into())],
    ))
}

fn normalise_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake_case(&k), normalise_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalise_keys).collect()),
        other => other,
    }
}

/// `regionId` → `region_id`; snake_case keys pass unchanged.
pub fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `region_id` → `RegionId`, the name Magento gives a field it cannot find a setter for.
fn upper_camel(key: &str) -> String {
    key.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_cast_as_php_casts_them() {
        assert_eq!(
            cast(&Value::from("43"), PhpType::Int),
            Some(Value::from(43))
        );
        assert_eq!(
            cast(&Value::from(" 7 "), PhpType::Int),
            Some(Value::from(7))
        );
        assert_eq!(cast(&Value::from("abc"), PhpType::Int), None);
        assert_eq!(cast(&Value::from(true), PhpType::Int), None);
        for yes in ["1", "true", "Yes", "on"] {
            assert_eq!(
                cast(&Value::from(yes), PhpType::Bool),
                Some(Value::Bool(true))
            );
        }
        for no in ["0", "false", "no", "", "maybe"] {
            assert_eq!(
                cast(&Value::from(no), PhpType::Bool),
                Some(Value::Bool(false))
            );
        }
        assert_eq!(
            cast(&Value::from(1), PhpType::Bool),
            Some(Value::Bool(true))
        );
        assert_eq!(
            cast(&Value::from(5125551111u64), PhpType::String),
            Some(Value::from("5125551111"))
        );
        assert_eq!(cast(&serde_json::json!(["x"]), PhpType::String), None);
    }

    #[test]
    fn key_cases() {
        assert_eq!(snake_case("defaultBilling"), "default_billing");
        assert_eq!(snake_case("region_id"), "region_id");
        assert_eq!(upper_camel("city."), "City.");
        assert_eq!(upper_camel("foo_bar"), "FooBar");
    }
}
