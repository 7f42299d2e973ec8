//! The page's language, as the browser knows it: how names sort, and how times read.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::time::Duration;
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

thread_local! {
    /// The page's collator, made once: `<html lang>` is set before any page renders, and
    /// making one costs a phone some 50 ms (`localeCompare` with a locale makes one per
    /// comparison).
    static COLLATOR: OnceCell<js_sys::Function> = const { OnceCell::new() };
}

fn with_collator<R>(f: impl FnOnce(&js_sys::Function) -> R) -> R {
    COLLATOR.with(|collator| {
        f(collator.get_or_init(|| {
            let locales = js_sys::Array::of1(&JsValue::from_str(&language()));
            js_sys::Intl::Collator::new(&locales, &js_sys::Object::new()).compare()
        }))
    })
}

/// Makes the collator in a task of its own, just after the current one: a page that will
/// sort names (once its country list arrives) calls this as it renders, so that neither its
/// first render nor the sorting carries the cost.
pub fn prepare_name_order() {
    leptos::prelude::set_timeout(|| with_collator(|_| ()), Duration::ZERO);
}

/// A comparison of names as the page's language sorts them (`Intl` collation).
pub fn name_order() -> impl Fn(&str, &str) -> Ordering {
    |a, b| {
        with_collator(|compare| {
            compare.call2(&JsValue::NULL, &JsValue::from_str(a), &JsValue::from_str(b))
        })
        .ok()
        .and_then(|order| order.as_f64())
        .map_or(Ordering::Equal, |order| order.total_cmp(&0.0))
    }
}

/// A moment (Unix seconds) as the page's language writes a time of day, with the date when it
/// is not today.
pub fn time_of_day(unix_seconds: u64) -> String {
    let moment = js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    let today = js_sys::Date::new_0();
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("hour", "numeric");
    set("minute", "2-digit");
    if moment.to_date_string() != today.to_date_string() {
        set("weekday", "long");
        set("day", "numeric");
        set("month", "long");
        set("year", "numeric");
    }
    String::from(moment.to_locale_string(&language(), &options))
}

/// Today as `YYYY-MM-DD`, the later of here and Greenwich: a store somewhere may already be
/// a day ahead of her, and a date of birth it would take must not be refused here.
pub fn latest_today() -> String {
    let now = js_sys::Date::new_0();
    let day = |year: u32, month: u32, date: u32| format!("{year:04}-{:02}-{date:02}", month + 1);
    let local = day(now.get_full_year(), now.get_month(), now.get_date());
    let utc = day(
        now.get_utc_full_year(),
        now.get_utc_month(),
        now.get_utc_date(),
    );
    local.max(utc)
}

/// A day (`YYYY-MM-DD`) as the page's language writes a date, or as it is when it is not one.
pub fn date(day: &str) -> String {
    let moment = js_sys::Date::new(&JsValue::from_str(day));
    if moment.get_time().is_nan() {
        return day.to_owned();
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", "UTC"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(moment.to_locale_date_string(&language(), &options))
}
