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

/// A comparison of names as the page's language sorts them (`Intl` collation). One collator
/// for the whole sort: `localeCompare` with a locale builds one per comparison, which made
/// sorting 249 countries a long task on a phone.
pub fn name_order() -> impl Fn(&str, &str) -> Ordering {
    let locales = js_sys::Array::of1(&JsValue::from_str(&language()));
    let compare = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new()).compare();
    move |a, b| {
        compare
            .call2(&JsValue::NULL, &JsValue::from_str(a), &JsValue::from_str(b))
            .ok()
            .and_then(|order| order.as_f64())
            .map_or(Ordering::Equal, |order| order.total_cmp(&0.0))
    }
}
