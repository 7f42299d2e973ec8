//! Request bodies as Magento's `Rest\Request` and `ServiceInputProcessor` read them:
//! Content-Type and charset checks, JSON decoding, top-level parameters by their PHP names
//! (camelCase or snake_case), keys inside objects in either case, and the store's errors for
//! missing parameters, unknown fields and wrong types.

use crate::error::{RestError, RestResult};
use axum::http::{HeaderMap, header};
use commerce_rest::error::templates;
use commerce_rest::{Customer, ErrorBody, Message};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The top-level parameters of a request body, keyed by their snake_case form.
#[derive(Debug, Default)]
pub struct Params(Map<String, Value>);

impl Params {
    pub fn decode(headers: &HeaderMap, body: &[u8]) -> RestResult<Params> {
        if body.is_empty() {
            return Ok(Params::default());
        }
        check_content_type(headers)?;
        let value: Value = serde_json::from_slice(body)
            .map_err(|_| RestError::bad_request(Message::plain(templates::DECODING_ERROR)))?;
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
    pub fn require(&self, names: &[&str]) -> RestResult<()> {
        let missing: Vec<Message> = names
            .iter()
            .filter(|name| matches!(self.0.get(&snake_case(name)), None | Some(Value::Null)))
            .map(|name| Message::required(name))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(RestError::bad_request(ErrorBody::from_messages(missing)))
        }
    }

    pub fn get<T: DeserializeOwned + Declared>(&self, name: &str) -> RestResult<Option<T>> {
        match self.0.get(&snake_case(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => deserialize(name, value).map(Some),
        }
    }

    /// A parameter that must be there.
    pub fn take<T: DeserializeOwned + Declared>(&self, name: &str) -> RestResult<T> {
        self.require(&[name])?;
        self.get(name)?
            .ok_or_else(|| RestError::bad_request(Message::required(name)))
    }

    /// A string parameter, cast from a number or a boolean as PHP casts it.
    pub fn text(&self, name: &str) -> RestResult<Option<String>> {
        self.get(name)
    }

    /// The `customer` object of a request: every key must be one a stock store knows.
    pub fn customer(&self, name: &str) -> RestResult<Customer> {
        let customer: Customer = self.take(name)?;
        match customer.unmodelled_field() {
            Some(key) => Err(not_supported(key)),
            None => Ok(customer),
        }
    }
}

fn check_content_type(headers: &HeaderMap) -> RestResult<()> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    if value.is_empty() {
        return Err(RestError::bad_request(Message::plain(
            templates::CONTENT_TYPE_EMPTY,
        )));
    }
    let mut parts = value.split(';').map(str::trim);
    let mime = parts.next().unwrap_or("").to_ascii_lowercase();
    if mime != "application/json" {
        return Err(RestError::bad_request(Message::plain(
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
            return Err(RestError::bad_request(Message::plain(
                templates::CHARSET_INVALID,
            )));
        }
    }
    Ok(())
}

/// Deserialises one parameter as Magento's `ServiceInputProcessor` does: a key the data
/// object does not know is refused (as a 2.4.7+ store does), and a scalar of another type is
/// cast to the declared one the way PHP's `TypeProcessor` casts it (`"43"` for an integer,
/// `"1"` for a boolean, a number for a string) before the type is held against it. The casts
/// are made in one walk over the value, by the types the data objects declare (`Declared`),
/// then the value is read once: a body full of numbers sent as strings costs one pass.
fn deserialize<T: DeserializeOwned + Declared>(name: &str, value: &Value) -> RestResult<T> {
    let mut value = value.clone();
    coerce(&mut value, &T::SHAPE, name)?;
    match attempt::<T>(&value) {
        Reading::Read(result) => Ok(result),
        Reading::Unknown(key) => Err(not_supported(&key)),
        // A value the casts could not make fit (an integer past the declared range).
        Reading::Mismatch(mismatch) => {
            let field = mismatch.field.unwrap_or_else(|| name.to_owned());
            let expected = T::SHAPE.at(&mismatch.pointer).unwrap_or(PhpType::Object);
            let shown = value
                .pointer(&mismatch.pointer)
                .map(shown)
                .unwrap_or_default();
            Err(type_error(&field, &shown, expected))
        }
    }
}

/// The value as Magento's type error quotes it.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The shape a data object declares for a value: the table the casts follow.
pub enum Shape {
    Scalar(PhpType),
    List(&'static Shape),
    /// Known keys and their shapes; a key not listed is left for the unknown-field check.
    Object(&'static [(&'static str, Shape)]),
    /// Taken as sent (`custom_attributes[].value`, other modules' extension attributes).
    Any,
}

const INT: Shape = Shape::Scalar(PhpType::Int);
const BOOL: Shape = Shape::Scalar(PhpType::Bool);
const STRING: Shape = Shape::Scalar(PhpType::String);

const CUSTOM_ATTRIBUTE: Shape = Shape::Object(&[("attribute_code", STRING), ("value", Shape::Any)]);
const REGION: Shape = Shape::Object(&[
    ("region_code", STRING),
    ("region", STRING),
    ("region_id", INT),
]);
/// `Magento\Customer\Api\Data\AddressInterface`
const ADDRESS: Shape = Shape::Object(&[
    ("id", INT),
    ("customer_id", INT),
    ("region", REGION),
    ("region_id", INT),
    ("country_id", STRING),
    ("street", Shape::List(&STRING)),
    ("company", STRING),
    ("telephone", STRING),
    ("fax", STRING),
    ("postcode", STRING),
    ("city", STRING),
    ("firstname", STRING),
    ("lastname", STRING),
    ("middlename", STRING),
    ("prefix", STRING),
    ("suffix", STRING),
    ("vat_id", STRING),
    ("default_shipping", BOOL),
    ("default_billing", BOOL),
    ("custom_attributes", Shape::List(&CUSTOM_ATTRIBUTE)),
]);
/// `Magento\Customer\Api\Data\CustomerInterface`
const CUSTOMER: Shape = Shape::Object(&[
    ("id", INT),
    ("group_id", INT),
    ("default_billing", STRING),
    ("default_shipping", STRING),
    ("confirmation", STRING),
    ("created_at", STRING),
    ("updated_at", STRING),
    ("created_in", STRING),
    ("dob", STRING),
    ("email", STRING),
    ("firstname", STRING),
    ("lastname", STRING),
    ("middlename", STRING),
    ("prefix", STRING),
    ("suffix", STRING),
    ("gender", INT),
    ("store_id", INT),
    ("taxvat", STRING),
    ("website_id", INT),
    ("addresses", Shape::List(&ADDRESS)),
    ("disable_auto_group_change", INT),
    (
        "extension_attributes",
        Shape::Object(&[("is_subscribed", BOOL)]),
    ),
    ("custom_attributes", Shape::List(&CUSTOM_ATTRIBUTE)),
]);

/// A type a parameter is read as, with the shape its data object declares.
pub trait Declared {
    const SHAPE: Shape;
}

impl Declared for String {
    const SHAPE: Shape = STRING;
}

impl Declared for u32 {
    const SHAPE: Shape = INT;
}

impl Declared for bool {
    const SHAPE: Shape = BOOL;
}

impl Declared for Customer {
    const SHAPE: Shape = CUSTOMER;
}

impl Shape {
    /// The declared type of the value at a JSON pointer.
    fn at(&self, pointer: &str) -> Option<PhpType> {
        let mut shape = self;
        for segment in pointer.split('/').skip(1) {
            shape = match shape {
                Shape::List(item) => item,
                Shape::Object(fields) => &fields.iter().find(|(key, _)| *key == segment)?.1,
                Shape::Scalar(_) | Shape::Any => return None,
            };
        }
        match shape {
            Shape::Scalar(t) => Some(*t),
            Shape::List(_) => Some(PhpType::Array),
            Shape::Object(_) => Some(PhpType::Object),
            Shape::Any => None,
        }
    }
}

/// Casts every scalar of `value` to the type `shape` declares for it, in place, or names the
/// first that PHP would not cast.
fn coerce(value: &mut Value, shape: &Shape, field: &str) -> RestResult<()> {
    match (shape, &mut *value) {
        (Shape::Any, _) | (_, Value::Null) => Ok(()),
        (Shape::List(item), Value::Array(items)) => {
            items.iter_mut().try_for_each(|v| coerce(v, item, field))
        }
        (Shape::Object(fields), Value::Object(map)) => {
            for (key, shape) in fields.iter() {
                if let Some(v) = map.get_mut(*key) {
                    coerce(v, shape, key)?;
                }
            }
            Ok(())
        }
        (Shape::Scalar(to), scalar) if fits(scalar, *to) => Ok(()),
        (Shape::Scalar(to), scalar) => match cast(scalar, *to) {
            Some(cast) => {
                *scalar = cast;
                Ok(())
            }
            None => Err(type_error(field, &shown(scalar), *to)),
        },
        (Shape::List(_), other) => Err(type_error(field, &shown(other), PhpType::Array)),
        (Shape::Object(_), other) => Err(type_error(field, &shown(other), PhpType::Object)),
    }
}

/// Whether a scalar already has the declared type.
fn fits(value: &Value, to: PhpType) -> bool {
    match (to, value) {
        (PhpType::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (PhpType::Float, Value::Number(_)) => true,
        (PhpType::Bool, Value::Bool(_)) => true,
        (PhpType::String, Value::String(_)) => true,
        _ => false,
    }
}

enum Reading<T> {
    Read(T),
    Unknown(String),
    Mismatch(Mismatch),
}

struct Mismatch {
    /// JSON pointer to the value in the (key-normalised) parameter.
    pointer: String,
    /// The innermost key on the way, which the store names in its message.
    field: Option<String>,
}

fn attempt<T: DeserializeOwned>(value: &Value) -> Reading<T> {
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
        return Reading::Unknown(key);
    }
    match result {
        Ok(read) => Reading::Read(read),
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
            Reading::Mismatch(Mismatch { pointer, field })
        }
    }
}

/// The type a data object declares, as Magento's messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhpType {
    Int,
    Float,
    Bool,
    String,
    Array,
    Object,
}

impl PhpType {
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

fn not_supported(key: &str) -> RestError {
    RestError::bad_request(Message::named(
        templates::NOT_SUPPORTED_FIELD,
        [("fieldName", upper_camel(key).into())],
    ))
}

fn type_error(field: &str, value: &str, expected: PhpType) -> RestError {
    let details = format!(
        "The \"{value}\" value's type is invalid. The \"{}\" type was expected. Verify and try again.",
        expected.name()
    );
    RestError::bad_request(Message::named(
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
