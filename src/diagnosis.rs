//! The site's self-test, for whoever sets it up: from `config.json` and one call to the
//! store's country list, each check that matters (the store answers, allows this site,
//! knows the store code, lists countries), with what to fix when one fails.

use crate::api::ApiError;
use crate::config::StoreConfig;
use crate::i18n::{t, tf};
use commerce_rest::Phrase;
use commerce_rest::error::templates;
use commerce_rest::{Country, phrase};

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Passed(String),
    Failed {
        what: String,
        fix: String,
    },
    /// An earlier check failed, so this one could not be made.
    NotChecked,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub name: Phrase,
    pub outcome: Verdict,
}

fn passed(name: Phrase, text: String) -> Check {
    Check {
        name,
        outcome: Verdict::Passed(text),
    }
}

fn failed(name: Phrase, what: String, fix: &str) -> Check {
    Check {
        name,
        outcome: Verdict::Failed {
            what,
            fix: fix.to_owned(),
        },
    }
}

fn not_checked(name: Phrase) -> Check {
    Check {
        name,
        outcome: Verdict::NotChecked,
    }
}

const REACHABLE: Phrase = phrase!("The store answers");
const CORS: Phrase = phrase!("The store allows this site");
const STORE_CODE: Phrase = phrase!("The store knows the store code");
const COUNTRIES: Phrase = phrase!("The country list loads");

/// The checks after the settings, in the order they depend on each other.
const CHECKS: [Phrase; 4] = [REACHABLE, CORS, STORE_CODE, COUNTRIES];

/// The first check an answer failed (an index of [`CHECKS`]), what happened and the fix.
struct Failure {
    check: usize,
    what: String,
    fix: String,
}

impl Failure {
    fn at(check: Phrase, what: String, fix: &str) -> Failure {
        Failure {
            check: CHECKS.iter().position(|c| *c == check).unwrap_or_default(),
            what,
            fix: fix.to_owned(),
        }
    }
}

/// A busy store's fix: nothing to change, only when to look again.
fn come_back(retry_after: Option<u32>) -> String {
    match retry_after {
        Some(seconds) => tf(
            phrase!("Nothing to change in config.json: load this page again in %1 seconds."),
            &[&seconds.to_string()],
        ),
        None => t(phrase!(
            "Nothing to change in config.json: load this page again in a moment."
        ))
        .to_owned(),
    }
}

/// Where the store's answer went wrong, if it did.
fn failure(
    config: &StoreConfig,
    store: &str,
    site: &str,
    answer: &Result<Vec<Country>, ApiError>,
) -> Option<Failure> {
    let error = answer.as_ref().err()?;
    Some(match error {
        ApiError::Unavailable {
            status,
            retry_after,
        } => Failure::at(
            REACHABLE,
            tf(
                phrase!("The store is busy (HTTP %1) and could not answer now."),
                &[&status.to_string()],
            ),
            &come_back(*retry_after),
        ),
        ApiError::Network | ApiError::Timeout => Failure::at(
            REACHABLE,
            tf(phrase!("No answer from %1."), &[store]),
            t(phrase!(
                "Check store_url in config.json (spelling, http or https, port) and that the store is up."
            )),
        ),
        ApiError::NotAllowed { .. } => Failure::at(
            CORS,
            tf(
                phrase!("The store answered, but sends no CORS headers for %1."),
                &[site],
            ),
            &tf(
                phrase!(
                    "Allow the origin %1 in the store's CORS settings (for example with the graycoreio/magento2-cors module: methods GET, POST, PUT, DELETE; headers Content-Type, Authorization), or serve this site from the store's host name and leave store_url empty."
                ),
                &[site],
            ),
        ),
        ApiError::Rejected { status: 404, body } if body.message == templates::NO_ROUTE => {
            Failure::at(
                STORE_CODE,
                tf(
                    phrase!("The store knows no route /rest/%1/V1/directory/countries."),
                    &[&config.store_code],
                ),
                t(phrase!(
                    "Set store_code in config.json to a store view code of the store (Stores > All Stores), such as \"default\"."
                )),
            )
        }
        ApiError::Unreadable { status } => Failure::at(
            REACHABLE,
            tf(
                phrase!("Something answered at %1, but not with the store's JSON (HTTP %2)."),
                &[store, &status.to_string()],
            ),
            t(phrase!(
                "store_url must be the store's base URL, the address its /rest/ is under, without /rest."
            )),
        ),
        other => Failure::at(
            COUNTRIES,
            other.text(),
            t(phrase!(
                "Check the store's allowed countries (Stores > Configuration > General > Country Options)."
            )),
        ),
    })
}

/// The checks, from the configuration this site read, its own origin, and the answer to
/// `GET /V1/directory/countries`: those before the first failure passed, those after it not
/// checked.
pub fn diagnose(
    config: &StoreConfig,
    site: &str,
    answer: &Result<Vec<Country>, ApiError>,
) -> Vec<Check> {
    let store = if config.store_url.is_empty() {
        site.to_owned()
    } else {
        config.store_url.trim_end_matches('/').to_owned()
    };
    let cross_origin = !config.store_url.is_empty() && origin_of(&store) != origin_of(site);
    let read = passed(
        phrase!("The settings are read"),
        tf(
            phrase!("config.json names the store at %1 and the store code \"%2\"."),
            &[&store, &config.store_code],
        ),
    );
    let passed_text = |check: Phrase| match check {
        REACHABLE => tf(phrase!("%1 answered."), &[&store]),
        CORS if cross_origin => tf(phrase!("The store sends CORS headers for %1."), &[site]),
        CORS => t(phrase!(
            "Not needed: the store's /rest/ is on this site's own origin."
        ))
        .to_owned(),
        STORE_CODE => tf(
            phrase!("The store view \"%1\" answered."),
            &[&config.store_code],
        ),
        _ => tf(
            phrase!("%1 countries."),
            &[&answer.as_ref().map_or(0, Vec::len).to_string()],
        ),
    };
    let mut failure = failure(config, &store, site, answer);
    let failed_at = failure.as_ref().map_or(CHECKS.len(), |f| f.check);
    let rest = CHECKS.iter().enumerate().map(|(i, &check)| {
        if i < failed_at {
            passed(check, passed_text(check))
        } else if let Some(f) = failure.take() {
            failed(check, f.what, &f.fix)
        } else {
            not_checked(check)
        }
    });
    std::iter::once(read).chain(rest).collect()
}

/// The origin of an absolute URL as a browser compares origins: scheme, host and port, in
/// lower case, without a default port. `None` for anything that is not an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_and_port = authority.rsplit('@').next()?.to_ascii_lowercase();
    let host_and_port = host_and_port
        .strip_suffix(default_port)
        .unwrap_or(&host_and_port);
    (!host_and_port.is_empty()).then(|| format!("{scheme}://{host_and_port}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::{ErrorBody, Message};

    fn config(url: &str) -> StoreConfig {
        StoreConfig {
            store_url: url.to_owned(),
            ..StoreConfig::default()
        }
    }

    fn failing(checks: &[Check]) -> Vec<Phrase> {
        checks
            .iter()
            .filter(|c| matches!(c.outcome, Verdict::Failed { .. }))
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn a_working_store_passes_every_check() {
        let checks = diagnose(&config(""), "https://shop.example.com", &Ok(vec![]));
        assert!(failing(&checks).is_empty(), "{checks:?}");
        assert!(matches!(&checks[2].outcome, Verdict::Passed(t) if t.starts_with("Not needed")));
    }

    #[test]
    fn a_store_without_cors_is_told_from_one_that_is_down() {
        let site = "https://account.example.com";
        let store = config("https://shop.example.com");
        let not_allowed = ApiError::NotAllowed {
            store: "https://shop.example.com".into(),
            site: site.into(),
        };
        let checks = diagnose(&store, site, &Err(not_allowed));
        assert_eq!(failing(&checks), [CORS]);
        let Verdict::Failed { fix, .. } = &checks[2].outcome else {
            unreachable!()
        };
        assert!(
            fix.contains("Allow the origin https://account.example.com"),
            "{fix}"
        );
        let down = diagnose(&store, site, &Err(ApiError::Network));
        assert_eq!(failing(&down), [REACHABLE]);
        assert_eq!(down[2].outcome, Verdict::NotChecked);
    }

    #[test]
    fn a_store_on_a_look_alike_host_is_another_origin() {
        let site = "https://shop.example.com";
        let look_alike = config("https://shop.example.com.evil.io");
        let checks = diagnose(&look_alike, site, &Ok(vec![]));
        assert!(
            matches!(&checks[2].outcome, Verdict::Passed(t) if t.starts_with("The store sends CORS headers")),
            "{checks:?}"
        );
        for same in [
            "https://SHOP.example.com:443/",
            "https://shop.example.com/magento",
        ] {
            let checks = diagnose(&config(same), site, &Ok(vec![]));
            assert!(
                matches!(&checks[2].outcome, Verdict::Passed(t) if t.starts_with("Not needed")),
                "{same}: {checks:?}"
            );
        }
        assert_ne!(origin_of("https://shop.example.com:8443"), origin_of(site));
        assert_ne!(origin_of("http://shop.example.com"), origin_of(site));
    }

    #[test]
    fn a_busy_store_is_not_a_setting_to_change() {
        for status in [503, 429] {
            let busy = ApiError::Unavailable {
                status,
                retry_after: Some(30),
            };
            let checks = diagnose(&config(""), "https://shop.example.com", &Err(busy));
            assert_eq!(failing(&checks), [REACHABLE]);
            let Verdict::Failed { what, fix } = &checks[1].outcome else {
                unreachable!()
            };
            assert!(what.contains("busy"), "{what}");
            assert!(fix.starts_with("Nothing to change in config.json"), "{fix}");
        }
    }

    #[test]
    fn a_wrong_store_code_and_a_wrong_address_say_which_setting_to_change() {
        let no_route = ApiError::Rejected {
            status: 404,
            body: ErrorBody::from(Message::plain(templates::NO_ROUTE)),
        };
        let checks = diagnose(&config(""), "https://shop.example.com", &Err(no_route));
        assert_eq!(failing(&checks), [STORE_CODE]);
        let html = diagnose(
            &config("https://shop.example.com/shop"),
            "https://shop.example.com",
            &Err(ApiError::Unreadable { status: 200 }),
        );
        assert_eq!(failing(&html), [REACHABLE]);
    }
}
