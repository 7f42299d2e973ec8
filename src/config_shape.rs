//! The shape of `config.json`, checked on the parsed file before its values are read: one
//! object, of the settings the README names, each of the kind it takes. The browser's reader
//! (serde-wasm-bindgen) ignores a key it does not know and reads a list as an empty object,
//! so a typo or a file of the wrong shape would start the site on stock settings; and no value
//! may nest deeper than a setting can, which also bounds the reading of a hostile file.

/// What a JSON value is, as far as the file's shape goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Boolean,
    Number,
    Text,
    List,
    Object,
}

impl Json {
    fn words(self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Boolean => "true or false",
            Json::Number => "a number",
            Json::Text => "text",
            Json::List => "a list",
            Json::Object => "an object",
        }
    }
}

/// A setting of the file as it was found: its kind, and its members' (a list's items, an
/// object's values by key).
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub key: String,
    pub kind: Json,
    pub members: Vec<(String, Json)>,
}

/// What a setting takes.
#[derive(Clone, Copy)]
enum Takes {
    Text,
    /// Text, or null for the default.
    TextOrNull,
    Number,
    /// Country codes, or null for the store's default list.
    CodesOrNull,
    /// Magento's configuration paths and their values, text or numbers.
    Paths,
    /// The password rules: these keys, numbers each.
    Numbers(&'static [&'static str]),
}

impl Takes {
    fn words(self) -> &'static str {
        match self {
            Takes::Text => "text",
            Takes::TextOrNull => "text (or null)",
            Takes::Number => "a number",
            Takes::CodesOrNull => "a list of country codes such as [\"GB\"] (or null)",
            Takes::Paths => {
                "an object of configuration paths such as {\"customer/address/dob_show\": \"req\"}"
            }
            Takes::Numbers(_) => "an object such as {\"min_length\": 8, \"required_classes\": 3}",
        }
    }

    fn accepts(self, kind: Json) -> bool {
        matches!(
            (self, kind),
            (Takes::Text, Json::Text)
                | (Takes::TextOrNull, Json::Text | Json::Null)
                | (Takes::Number, Json::Number)
                | (Takes::CodesOrNull, Json::List | Json::Null)
                | (Takes::Paths | Takes::Numbers(_), Json::Object)
        )
    }
}

/// Every setting of `config.json` and what it takes (a native test keeps the list with
/// [`crate::config::StoreConfig`]'s fields).
const SETTINGS: &[(&str, Takes)] = &[
    ("store_url", Takes::Text),
    ("store_code", Takes::Text),
    ("default_country", Takes::Text),
    (
        "password_policy",
        Takes::Numbers(&["min_length", "required_classes"]),
    ),
    ("optional_zip_countries", Takes::CodesOrNull),
    ("state_required", Takes::CodesOrNull),
    ("store_name", Takes::Text),
    ("logo_url", Takes::TextOrNull),
    ("store_home_url", Takes::TextOrNull),
    ("accent_color", Takes::TextOrNull),
    ("request_timeout_seconds", Takes::Number),
    ("locale", Takes::Text),
    ("customer_config", Takes::Paths),
    ("recaptcha_script_url", Takes::Text),
];

/// What is wrong with the file's shape, in words an operator can act on; `None` when every
/// setting is one the site knows, of the kind it takes.
pub fn problem(file: Json, settings: &[Found]) -> Option<String> {
    if file != Json::Object {
        return Some(format!(
            "config.json must be one object of settings, such as {{\"store_url\": \"https://shop.example.com\"}}, not {}.",
            file.words()
        ));
    }
    settings.iter().find_map(setting_problem)
}

fn setting_problem(found: &Found) -> Option<String> {
    let key = found.key.as_str();
    let Some(&(_, takes)) = SETTINGS.iter().find(|(name, _)| *name == key) else {
        let known: Vec<&str> = SETTINGS.iter().map(|(name, _)| *name).collect();
        let hint = match nearest(key) {
            Some(name) => format!(" (did you mean {name}?)"),
            None => String::new(),
        };
        return Some(format!(
            "config.json: \"{key}\" is not a setting{hint}. The settings are {}.",
            known.join(", ")
        ));
    };
    if !takes.accepts(found.kind) {
        return Some(format!(
            "config.json: {key} takes {}, not {}.",
            takes.words(),
            found.kind.words()
        ));
    }
    found.members.iter().find_map(|(member, kind)| match takes {
        Takes::CodesOrNull => (*kind != Json::Text)
            .then(|| format!("config.json: {key} lists country codes as text, not {}.", kind.words())),
        Takes::Paths => (!matches!(kind, Json::Text | Json::Number)).then(|| {
            format!(
                "config.json: customer_config: {member} takes a string such as \"req\" or a number, not {}.",
                kind.words()
            )
        }),
        Takes::Numbers(names) if !names.contains(&member.as_str()) => Some(format!(
            "config.json: {key}: \"{member}\" is not one of its settings ({}).",
            names.join(", ")
        )),
        Takes::Numbers(_) => (*kind != Json::Number)
            .then(|| format!("config.json: {key}: {member} takes a number, not {}.", kind.words())),
        _ => None,
    })
}

/// The setting a mistyped key most likely meant: at most two edits away.
fn nearest(key: &str) -> Option<&'static str> {
    SETTINGS
        .iter()
        .map(|(name, _)| (edits(key, name), *name))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein's distance, on characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(key: &str, kind: Json) -> Found {
        Found {
            key: key.to_owned(),
            kind,
            members: Vec::new(),
        }
    }

    #[test]
    fn every_setting_the_site_reads_is_known_here() {
        // serde_json names the fields of the struct it expected when it meets an unknown one.
        let error = serde_json::from_str::<crate::config::StoreConfig>(r#"{"?": 1}"#)
            .unwrap_err()
            .to_string();
        let fields = error
            .split("expected one of ")
            .nth(1)
            .unwrap()
            .split(" at line")
            .next()
            .unwrap();
        let fields: Vec<&str> = fields.split(", ").map(|f| f.trim_matches('`')).collect();
        let known: Vec<&str> = SETTINGS.iter().map(|(name, _)| *name).collect();
        assert_eq!(fields, known);
    }

    #[test]
    fn a_typo_in_a_key_is_named_with_the_setting_it_meant() {
        let said = problem(Json::Object, &[setting("store_urll", Json::Text)]).unwrap();
        assert!(
            said.contains("\"store_urll\" is not a setting (did you mean store_url?)"),
            "{said}"
        );
        let said = problem(Json::Object, &[setting("evil", Json::Text)]).unwrap();
        assert!(
            said.contains("\"evil\" is not a setting. The settings are store_url"),
            "{said}"
        );
    }

    #[test]
    fn a_file_that_is_not_an_object_is_said_so() {
        for (kind, words) in [
            (Json::List, "a list"),
            (Json::Number, "a number"),
            (Json::Null, "null"),
        ] {
            let said = problem(kind, &[]).unwrap();
            assert!(
                said.contains("must be one object of settings")
                    && said.ends_with(&format!("not {words}.")),
                "{said}"
            );
        }
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_with_its_key() {
        let said = problem(Json::Object, &[setting("store_url", Json::Number)]).unwrap();
        assert_eq!(said, "config.json: store_url takes text, not a number.");
        let said = problem(
            Json::Object,
            &[setting("request_timeout_seconds", Json::Text)],
        )
        .unwrap();
        assert!(
            said.contains("request_timeout_seconds takes a number"),
            "{said}"
        );
        assert_eq!(
            problem(Json::Object, &[setting("logo_url", Json::Null)]),
            None
        );
        assert!(problem(Json::Object, &[setting("store_name", Json::Null)]).is_some());
    }

    #[test]
    fn nothing_nests_deeper_than_a_setting_can() {
        let nested = Found {
            key: "customer_config".to_owned(),
            kind: Json::Object,
            members: vec![("customer/address/street_lines".to_owned(), Json::List)],
        };
        let said = problem(Json::Object, &[nested]).unwrap();
        assert!(
            said.contains("customer/address/street_lines takes a string"),
            "{said}"
        );
        let nested = Found {
            key: "optional_zip_countries".to_owned(),
            kind: Json::List,
            members: vec![("0".to_owned(), Json::List)],
        };
        assert!(
            problem(Json::Object, &[nested])
                .unwrap()
                .contains("as text, not a list")
        );
        assert!(problem(Json::Object, &[setting("store_code", Json::List)]).is_some());
    }

    #[test]
    fn the_password_rules_take_their_own_keys_and_numbers() {
        let rules = |member: &str, kind| Found {
            key: "password_policy".to_owned(),
            kind: Json::Object,
            members: vec![(member.to_owned(), kind)],
        };
        assert_eq!(
            problem(Json::Object, &[rules("min_length", Json::Number)]),
            None
        );
        assert!(
            problem(Json::Object, &[rules("min_lenght", Json::Number)])
                .unwrap()
                .contains("\"min_lenght\" is not one of")
        );
        assert!(
            problem(Json::Object, &[rules("min_length", Json::Text)])
                .unwrap()
                .contains("min_length takes a number")
        );
    }

    #[test]
    fn a_sound_file_has_no_problem() {
        let file = [
            setting("store_url", Json::Text),
            setting("request_timeout_seconds", Json::Number),
            Found {
                key: "customer_config".to_owned(),
                kind: Json::Object,
                members: vec![
                    ("customer/address/dob_show".to_owned(), Json::Text),
                    ("customer/address/street_lines".to_owned(), Json::Number),
                ],
            },
        ];
        assert_eq!(problem(Json::Object, &file), None);
    }
}
