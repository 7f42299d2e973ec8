//! `?fields=`: a partial answer, as Magento's `Webapi\Rest\Response\FieldsFilter` makes one
//! (`fields=email,addresses[city,region[region_code]]`): only the named fields, nested ones
//! by their brackets, every item of a list alike. A filter it cannot read answers `[]`.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which fields to keep; a field with its own filter keeps only those of its value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter(BTreeMap<String, Option<Filter>>);

impl Filter {
    /// `FieldsFilter::parse`: letters, digits, `_`, brackets and commas only, brackets that
    /// close; `None` otherwise.
    pub fn parse(text: &str) -> Option<Filter> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || "[],".contains(c);
        if text.is_empty() || !text.chars().all(allowed) {
            return None;
        }
        let mut stack: Vec<(Filter, String)> = Vec::new();
        let mut current = Filter::default();
        let mut name = String::new();
        let mut last = String::new();
        for c in text.chars() {
            if "[],".contains(c) && !name.is_empty() {
                current.0.insert(name.clone(), None);
                last = std::mem::take(&mut name);
            }
            match c {
                '[' => stack.push((std::mem::take(&mut current), last.clone())),
                ']' => {
                    let (mut parent, field) = stack.pop()?;
                    parent.0.insert(field, Some(std::mem::take(&mut current)));
                    current = parent;
                }
                ',' => {}
                c => name.push(c),
            }
        }
        if !stack.is_empty() {
            return None;
        }
        if !name.is_empty() {
            current.0.insert(name, None);
        }
        Some(current)
    }

    /// The answer with only the filter's fields (`applyFilter`).
    pub fn apply(&self, value: Value) -> Value {
        match value {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| match item {
                        Value::Object(object) => self.keep(object),
                        other => other,
                    })
                    .collect(),
            ),
            Value::Object(object) => self.keep(object),
            scalar => scalar,
        }
    }

    fn keep(&self, object: Map<String, Value>) -> Value {
        Value::Object(
            object
                .into_iter()
                .filter_map(|(key, value)| {
                    let nested = self.0.get(&key)?;
                    let value = match (nested, value) {
                        (Some(filter), value @ (Value::Object(_) | Value::Array(_))) => {
                            filter.apply(value)
                        }
                        (_, value) => value,
                    };
                    Some((key, value))
                })
                .collect(),
        )
    }
}

/// The answer to a call with `fields` in its query, as a store sends it.
pub fn partial(fields: &str, value: Value) -> Value {
    match Filter::parse(fields) {
        Some(filter) => filter.apply(value),
        None => Value::Array(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jane() -> Value {
        json!({"id": 1, "email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe",
               "addresses": [{"id": 7, "city": "Mineola", "postcode": "11501",
                              "region": {"region_code": "NY", "region": "New York", "region_id": 43}},
                             {"id": 8, "city": "Berlin", "postcode": "10117"}]})
    }

    #[test]
    fn only_the_named_fields_come_back_nested_ones_too() {
        assert_eq!(
            partial("email,firstname", jane()),
            json!({"email": "jdoe@example.com", "firstname": "Jane"})
        );
        assert_eq!(
            partial("id,addresses[city,region[region_code]]", jane()),
            json!({"id": 1, "addresses": [
                {"city": "Mineola", "region": {"region_code": "NY"}},
                {"city": "Berlin"}]})
        );
        assert_eq!(
            partial("addresses", jane())["addresses"][0]["postcode"],
            "11501"
        );
        assert_eq!(partial("nickname", jane()), json!({}));
    }

    #[test]
    fn every_item_of_a_list_is_filtered_alike() {
        let countries = json!([{"id": "US", "full_name_locale": "United States"}, {"id": "GB"}]);
        assert_eq!(
            partial("id", countries),
            json!([{"id": "US"}, {"id": "GB"}])
        );
    }

    #[test]
    fn a_filter_that_cannot_be_read_answers_an_empty_list() {
        for bad in ["email;id", "addresses[city", "a b", "email.id"] {
            assert_eq!(partial(bad, jane()), json!([]), "{bad}");
        }
    }
}
