//! The page's language, as the browser knows it: how names sort, and how times read.

use std::cmp::Ordering;
use wasm_bindgen::JsValue;

/// The page's language (`<html lang>`).
pub fn language() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .filter(|lang| !lang.is_empty())
        .unwrap_or_else(|| "en".to_owned())
}

/// A comparison of names as the page's language sorts them (`Intl` collation).
pub fn name_order() -> impl Fn(&str, &str) -> Ordering {
    let locales = js_sys::Array::of1(&JsValue::from_str(&language()));
    let options = js_sys::Object::new();
    move |a, b| {
        js_sys::JsString::from(a)
            .locale_compare(b, &locales, &options)
            .cmp(&0)
    }
}
