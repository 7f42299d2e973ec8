//! Text as the store compares it.

/// Lower case, as the store's collation compares e-mail addresses and usernames (`Üser` and
/// `üser` alike).
#[cfg(not(target_arch = "wasm32"))]
pub fn fold_case(text: &str) -> String {
    text.to_lowercase()
}

/// The same in the browser, by its own `toLowerCase`: Rust's case tables would be some
/// kilobytes of every page's first load.
#[cfg(target_arch = "wasm32")]
pub fn fold_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alphabet_folds() {
        assert_eq!(fold_case("JDoe@Example.com"), "jdoe@example.com");
        assert_eq!(fold_case("ÜSER@EXAMPLE.COM"), "üser@example.com");
        assert_eq!(fold_case("ΟΔΟΣ"), "οδος");
    }
}
