//! Every word the app can put on screen is in every catalogue it ships
//! (`public/i18n/<locale>.json`), with the same placeholders; and no catalogue holds a
//! phrase the app no longer says. The phrases are read from the sources: the arguments of
//! `phrase!(…)` (the only maker of what `t`, `tf` and `around` take) and of the messages the
//! app makes, and the store's templates.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The text of a Rust string literal's body.
fn unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                out.push(char::from_u32(u32::from_str_radix(&code, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The literal that starts at `text` (just after its opening quote), unescaped.
fn literal_at(text: &str) -> Option<String> {
    let mut end = 0;
    let bytes = text.as_bytes();
    while end < bytes.len() {
        match bytes[end] {
            b'\\' => end += 2,
            b'"' => return Some(unescape(&text[..end])),
            _ => end += 1,
        }
    }
    None
}

/// The functions and macros whose first argument is a phrase.
/// `t`, `tf` and `around` take only a `Phrase`, which only `phrase!` makes: the marker finds
/// every phrase they show.
const SAID_BY: [&str; 3] = ["phrase!", "Message::plain", "Message::positional"];

/// The phrases of one file, up to its tests, that `callers` take.
fn phrases_in(text: &str, callers: &[&str], found: &mut BTreeSet<String>) {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    for caller in callers {
        for (at, _) in code.match_indices(caller) {
            let before = code[..at].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue;
            }
            let mut rest = &code[at + caller.len()..];
            // A turbofish: `around::<3>(`.
            if let Some(generic) = rest.strip_prefix("::<") {
                rest = generic.split_once('>').map_or("", |(_, after)| after);
            }
            let Some(arguments) = rest.strip_prefix('(') else {
                continue;
            };
            if let Some(body) = arguments.trim_start().strip_prefix('"')
                && let Some(phrase) = literal_at(body)
            {
                found.insert(phrase);
            }
        }
    }
    // The store's templates: every constant of the `templates` module.
    if let Some(module) = code.split("pub mod templates {").nth(1) {
        let module = module.split("\n}").next().unwrap_or_default();
        for (at, _) in module.match_indices(": &str =") {
            let rest = module[at + ": &str =".len()..].trim_start();
            if let Some(body) = rest.strip_prefix('"')
                && let Some(phrase) = literal_at(body)
            {
                found.insert(phrase);
            }
        }
    }
}

/// The checkout these tests run from, as Cargo says when it runs them: the compiled-in
/// path would be another checkout's when two share the build cache.
fn checkout() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
}

/// The phrases that `markers` take, in the app's sources and its store client's.
fn phrases_said_by(markers: &[&str]) -> BTreeSet<String> {
    let root = checkout();
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("commerce-rest/src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        phrases_in(&std::fs::read_to_string(file).unwrap(), markers, &mut found);
    }
    found
}

fn phrases() -> BTreeSet<String> {
    phrases_said_by(&SAID_BY)
}

/// `%1`, `%2`, … in the order they stand.
fn positions(text: &str) -> Vec<&str> {
    text.match_indices('%')
        .filter_map(|(at, _)| {
            let digits = text[at + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            (digits > 0).then(|| &text[at..at + 1 + digits])
        })
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices('%') {
        let rest = &text[at + 1..];
        // `%1` is a position, `%fieldName` a name: `%1sign in%2` cuts before a word.
        let name: String = if rest.starts_with(|c: char| c.is_ascii_digit()) {
            rest.chars().take_while(char::is_ascii_digit).collect()
        } else {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

#[test]
fn the_phrases_are_found_in_the_sources() {
    let phrases = phrases();
    for expected in [
        "Sign in",
        "\"%fieldName\" is required. Enter and try again.",
        "State/Province",
        "At least %1 characters",
        "The store is busy right now. Please try again in %1 seconds.",
        "Netherlands Antilles",
    ] {
        assert!(phrases.contains(expected), "{expected:?} not found");
    }
}

#[test]
fn every_shipped_catalogue_has_every_phrase_and_nothing_else() {
    let phrases = phrases();
    // A sentence cut around its links keeps them in order.
    let cut = phrases_said_by(&["around"]);
    let dir = checkout().join("public/i18n");
    let mut problems = Vec::new();
    let mut shipped = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let locale = path.file_stem().unwrap().to_string_lossy().into_owned();
        let catalogue: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        shipped += 1;
        for phrase in &phrases {
            match catalogue.get(phrase) {
                None => problems.push(format!("{locale}: missing {phrase:?}")),
                Some(translation) if translation.trim().is_empty() => {
                    problems.push(format!("{locale}: empty {phrase:?}"))
                }
                Some(translation) if placeholders(translation) != placeholders(phrase) => problems
                    .push(format!(
                        "{locale}: {phrase:?} has other placeholders in {translation:?}"
                    )),
                Some(translation)
                    if cut.contains(phrase) && positions(translation) != positions(phrase) =>
                {
                    problems.push(format!(
                        "{locale}: {phrase:?} puts its links in another order in {translation:?}"
                    ))
                }
                Some(_) => {}
            }
        }
        for key in catalogue.keys().filter(|k| !phrases.contains(*k)) {
            problems.push(format!("{locale}: {key:?} is said nowhere"));
        }
    }
    assert_eq!(shipped, 5, "de_DE, fr_FR, nl_NL, es_ES and ar_SA");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `cargo test --test catalogues -- --ignored --nocapture` prints every phrase, one JSON
/// key a line, to start a new catalogue from.
#[test]
#[ignore]
fn print_the_phrases() {
    for phrase in phrases() {
        println!("{}", serde_json::to_string(&phrase).unwrap());
    }
}
