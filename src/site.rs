//! The site's own files beside `index.html`: where the site is served from, its
//! `config.json`, and the catalogues of its languages.

use crate::config::StoreConfig;
use crate::config_shape::{self, Found, Json};
use crate::transport::{self, Method};

/// The path the site is served under, ending in `/`: what `cargo xtask dist --public-url`
/// wrote into `index.html`, or the root of the host.
pub fn site_root() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=site-root]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|root| root.starts_with('/') && root.ends_with('/'))
        .unwrap_or_else(|| "/".to_owned())
}

/// The address of a file of this site, beside `index.html`, whatever route the page is on.
pub fn site_file(name: &str) -> String {
    format!("{}{name}", site_root())
}

/// The catalogue of a locale, `i18n/<locale>.json` beside `index.html`: English phrase →
/// translation. `None` when it cannot be had: the site then speaks English.
pub async fn load_catalogue(locale: &str) -> Option<std::collections::HashMap<String, String>> {
    let file = site_file(&format!("i18n/{locale}.json"));
    let answer = transport::exchange(Method::Get, &file, Default::default(), None, 15_000)
        .await
        .ok()?;
    if !answer.ok {
        return None;
    }
    transport::read(transport::parse_json(&answer.text).ok()?).ok()
}

/// Fetches `config.json` from beside `index.html` and checks it.
pub async fn load_config() -> Result<StoreConfig, String> {
    let file = site_file("config.json");
    let answer = transport::exchange(Method::Get, &file, Default::default(), None, 15_000)
        .await
        .map_err(|_| "config.json could not be loaded.".to_owned())?;
    if !answer.ok {
        return Err(format!(
            "config.json could not be loaded (HTTP {}). Put it beside index.html.",
            answer.status
        ));
    }
    let value = transport::parse_json(&answer.text)
        .map_err(|e| format!("config.json is not valid JSON: {e}"))?;
    if let Some(problem) = shape_problem(&value) {
        return Err(problem);
    }
    let config: StoreConfig =
        transport::read(value).map_err(|e| format!("config.json is not valid: {e}"))?;
    let mut config = config.checked()?;
    let here = crate::destination::site_origin().unwrap_or_default();
    for (key, link) in config.links() {
        let parsed = crate::destination::parse(link);
        if let Some(problem) = crate::config::link_problem(key, link, parsed.as_ref(), &here) {
            return Err(problem);
        }
    }
    if !config.recaptcha_settings.is_empty() {
        config.recaptcha = crate::recaptcha::read_settings(&config.recaptcha_settings)
            .await
            .map_err(|why| format!("config.json: customer_config: {why}"))?;
    }
    Ok(config)
}

/// The parsed file's shape as [`config_shape::problem`] reads it: each setting's kind and its
/// members', one level down and no deeper, whatever the file nests.
fn shape_problem(file: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    let kind = json_kind(file);
    let mut settings = Vec::new();
    if kind == Json::Object {
        for entry in js_sys::Object::entries(file.unchecked_ref()).iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let value = entry.get(1);
            let members = match json_kind(&value) {
                Json::List => js_sys::Array::from(&value)
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (i.to_string(), json_kind(&item)))
                    .collect(),
                Json::Object => js_sys::Object::entries(value.unchecked_ref())
                    .iter()
                    .map(|member| {
                        let member: js_sys::Array = member.unchecked_into();
                        (
                            member.get(0).as_string().unwrap_or_default(),
                            json_kind(&member.get(1)),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            settings.push(Found {
                key: entry.get(0).as_string().unwrap_or_default(),
                kind: json_kind(&value),
                members,
            });
        }
    }
    config_shape::problem(kind, &settings)
}

fn json_kind(value: &wasm_bindgen::JsValue) -> Json {
    if value.is_null() {
        Json::Null
    } else if value.as_bool().is_some() {
        Json::Boolean
    } else if value.as_f64().is_some() {
        Json::Number
    } else if value.is_string() {
        Json::Text
    } else if js_sys::Array::is_array(value) {
        Json::List
    } else {
        Json::Object
    }
}
