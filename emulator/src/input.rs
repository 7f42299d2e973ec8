//! Request bodies as Magento's `Rest\Request` and `ServiceInputProcessor` read them:
//! Content-Type and charset checks, JSON decoding, top-level parameters by their PHP names
//! (camelCase or snake_case), keys inside objects in either case, and the store's errors for
//! missing parameters, unknown fields and wrong types.

use crate::error::{ApiError, ApiResult};
use axum::http::{HeaderMap, header};
use commerce_rest::error::templates;
use commerce_rest::{ErrorBody, Message};
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

    /// Fails with the store's aggregated error when any named parameter is absent.
    pub fn require(&self, names: &[&str]) -> ApiResult<()> {
        let missing: Vec<Message> = names
            .iter()
            .filter(|name| !self.0.contains_key(&snake_case(name)))
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

    /// A parameter that [`Params::require`] has checked already.
    pub fn take<T: DeserializeOwned>(&self, name: &str) -> ApiResult<T> {
        self.require(&[name])?;
        self.get(name)?
            .ok_or_else(|| ApiError::bad_request(Message::required(name)))
    }

    /// A parameter as a string, if it is one; other JSON types read as the store would cast them.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.0.get(&snake_case(name))? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(&snake_case(name))
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

/// Deserialises one parameter. A key the data object does not know is refused, as a
/// 2.4.7+ store does; a value of the wrong type names the field it was found in.
fn deserialize<T: DeserializeOwned>(name: &str, value: &Value) -> ApiResult<T> {
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
        return Err(ApiError::bad_request(Message::named(
            templates::NOT_SUPPORTED_FIELD,
            [("fieldName", upper_camel(&key).into())],
        )));
    }
    result.map_err(|e| {
        let field = e
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .next_back()
            .unwrap_or_else(|| name.to_owned());
        type_error(
            &field,
            &pointer_value(value, e.path()),
            &e.inner().to_string(),
        )
    })
}

fn pointer_value(root: &Value, path: &serde_path_to_error::Path) -> String {
    let mut current = root;
    for segment in path.iter() {
        let next = match segment {
            serde_path_to_error::Segment::Map { key } => current.get(key),
            serde_path_to_error::Segment::Seq { index } => current.get(index),
            _ => None,
        };
        match next {
            Some(v) => current = v,
            None => break,
        }
    }
    match current {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_error(field: &str, value: &str, serde_message: &str) -> ApiError {
    let expected = serde_message.split("expected ").nth(1).unwrap_or("");
    let php_type = if expected.starts_with('u') || expected.starts_with('i') {
        "int"
    } else if expected.starts_with("a boolean") {
        "bool"
    } else if expected.starts_with("a sequence") {
        "array"
    } else if expected.starts_with("a string") {
        "string"
    } else {
        "object"
    };
    let details = format!(
        "The \"{value}\" value's type is invalid. The \"{php_type}\" type was expected. Verify and try again."
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
    fn key_cases() {
        assert_eq!(snake_case("defaultBilling"), "default_billing");
        assert_eq!(snake_case("region_id"), "region_id");
        assert_eq!(upper_camel("city."), "City.");
        assert_eq!(upper_camel("foo_bar"), "FooBar");
    }
}
