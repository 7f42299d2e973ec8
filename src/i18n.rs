//! The words on screen in the store's language. A phrase's key is its English: Magento's own
//! phrase where there is one (its error templates, placeholders kept, so that what the app
//! says before sending and what the store says after agree), the app's English elsewhere. A
//! catalogue for each locale (`i18n/<locale>.json` beside `index.html`, fetched once at start)
//! gives the translations; a phrase it lacks stays English.

use commerce_rest::Phrase;
use commerce_rest::{FormField, Message, in_shoppers_words};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The locales the site ships a catalogue for, as Magento names them; the first is the
/// default and needs none.
pub const LOCALES: [Locale; 6] = [
    Locale::new("en_US", false),
    Locale::new("de_DE", false),
    Locale::new("fr_FR", false),
    Locale::new("nl_NL", false),
    Locale::new("es_ES", false),
    Locale::new("ar_SA", true),
];

/// A store view's locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    /// Magento's code: `de_DE`.
    pub code: &'static str,
    pub right_to_left: bool,
}

impl Locale {
    const fn new(code: &'static str, right_to_left: bool) -> Locale {
        Locale {
            code,
            right_to_left,
        }
    }

    pub fn named(code: &str) -> Option<Locale> {
        LOCALES.iter().copied().find(|l| l.code == code)
    }

    /// Its language as `<html lang>` and `Intl` take it: `de`. The region is left out: it
    /// would change nothing in the words, and `ar-SA` would date by the Hijri calendar.
    pub fn language(self) -> &'static str {
        self.code.split('_').next().unwrap_or(self.code)
    }

    /// Whether its words are the keys themselves.
    pub fn is_english(self) -> bool {
        self.code == LOCALES[0].code
    }
}

static CATALOGUE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();

/// Makes a catalogue (English phrase → translation) the app's words, once, before the first
/// screen: the phrases live as long as the page.
pub fn install(phrases: HashMap<String, String>) {
    let phrases = phrases
        .into_iter()
        .filter(|(_, translation)| !translation.is_empty())
        .map(|(key, translation)| -> (&'static str, &'static str) {
            (key.leak(), translation.leak())
        })
        .collect();
    let _ = CATALOGUE.set(phrases);
}

/// The phrase in the store's language, or as it is.
pub fn t(phrase: Phrase) -> &'static str {
    translate(phrase.english())
}

/// A text the catalogues hold that is not the app's own phrase: a store's message template,
/// a country's English name. The app's own words go through [`t`].
pub fn translate(text: &str) -> &str {
    CATALOGUE
        .get()
        .and_then(|catalogue| catalogue.get(text).copied())
        .unwrap_or(text)
}

/// `t`, then its `%1`, `%2`, … filled with `values`.
pub fn tf(phrase: Phrase, values: &[&str]) -> String {
    let message = Message::positional(
        phrase.english(),
        values.iter().map(|v| serde_json::Value::from(*v)).collect(),
    );
    words(&message)
}

/// A translated sentence cut at its `%1`, `%2`, … (in that order), so that each language puts
/// a link, or a link's own words (`then %1sign in%2.`), where its word order wants them.
pub fn around<const PIECES: usize>(phrase: Phrase) -> [&'static str; PIECES] {
    let mut pieces = [""; PIECES];
    let mut rest = t(phrase);
    for (n, piece) in pieces.iter_mut().enumerate() {
        let placeholder = format!("%{}", n + 1);
        match rest.split_once(placeholder.as_str()) {
            Some((before, after)) if n + 1 < PIECES => {
                *piece = before;
                rest = after;
            }
            _ => {
                *piece = rest;
                break;
            }
        }
    }
    pieces
}

/// A field's label in the store's language.
pub fn field_label(field: FormField) -> &'static str {
    t(field.label())
}

/// A message (the app's check or the store's answer) as the shopper reads it, translated.
pub fn words(message: &Message) -> String {
    in_shoppers_words(message, translate)
}

/// Several messages as one text, one after the other.
pub fn all_words(messages: &[Message]) -> String {
    messages.iter().map(words).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::phrase;

    #[test]
    fn a_phrase_without_a_translation_stays_english() {
        assert_eq!(t(phrase!("Sign in")), "Sign in");
        assert_eq!(
            tf(phrase!("Please try again in %1 seconds."), &["7"]),
            "Please try again in 7 seconds."
        );
        assert_eq!(Locale::named("de_DE").unwrap().language(), "de");
        assert!(Locale::named("ar_SA").unwrap().right_to_left);
        assert_eq!(Locale::named("xx_XX"), None);
    }

    #[test]
    fn a_sentence_is_cut_where_its_links_go() {
        assert_eq!(
            around::<2>(phrase!("Trouble? You can %1.")),
            ["Trouble? You can ", "."]
        );
        assert_eq!(
            around::<3>(phrase!("Is it yours? %1 or %2.")),
            ["Is it yours? ", " or ", "."]
        );
        assert_eq!(around::<2>(phrase!("No link here.")), ["No link here.", ""]);
    }
}
