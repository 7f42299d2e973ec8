use crate::components::PageHeading;
use crate::config::StoreConfig;
use crate::context::Store;
use crate::diagnosis::{Verdict, diagnose};
use crate::i18n::{t, tf};
use commerce_rest::PasswordPolicy;
use commerce_rest::phrase;
use commerce_rest::recaptcha::{self, FormKey};
use leptos::prelude::*;

/// What a screen reader says for a check's mark.
fn check_said(class: &str) -> commerce_rest::Phrase {
    match class {
        "passed" => phrase!("passed"),
        "failed" => phrase!("failed"),
        _ => phrase!("not checked"),
    }
}

/// Every store setting the site follows, by Magento's path, its value as read, and whether
/// `config.json` gave it (else it is Magento's default).
fn settings_read(config: &StoreConfig) -> Vec<(String, String, bool)> {
    let given = |path: &str| config.customer_config.contains_key(path);
    let stock = StoreConfig::default();
    let mut rows = vec![(
        "general/locale/code".to_owned(),
        config.locale.clone(),
        config.locale != stock.locale,
    )];
    let policy = config.password_policy;
    let policy_given = policy != stock.password_policy;
    for (path, value) in PasswordPolicy::PATHS
        .into_iter()
        .zip([policy.min_length, policy.required_classes])
    {
        rows.push((
            path.to_owned(),
            value.to_string(),
            policy_given || given(path),
        ));
    }
    for (path, value) in config.customer.values() {
        rows.push((path.to_owned(), value, given(path)));
    }
    for form in FormKey::ALL {
        let path = format!("{}type_for/{}", recaptcha::PREFIX, form.key());
        let value = config.guard(form).map_or("", |g| g.kind.value()).to_owned();
        let given = config.recaptcha_settings.iter().any(|(p, _)| *p == path);
        rows.push((path, value, given));
    }
    rows
}

/// `/status`: the site's self-test for whoever sets it up, each check with its fix.
#[component]
pub fn StatusPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let guest = store.guest.clone();
    let answer = LocalResource::new(move || {
        let guest = guest.clone();
        async move { guest.countries().await }
    });
    let site = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let config = store.config.clone();
    // The store's settings as this site read them, so that an operator can compare them with
    // `bin/magento config:show`.
    let form_settings = settings_read(&config)
        .into_iter()
        .map(|(path, value, given)| {
            let from = if given {
                "config.json"
            } else {
                t(phrase!("Magento's default"))
            };
            view! {
                <tr><th scope="row"><code>{path}</code></th><td><code>{format!("{value:?}")}</code></td><td>{from}</td></tr>
            }
        })
        .collect_view();
    let release = move || {
        answer.get().map(|_| match crate::api::emulated_release() {
            Some(release) => tf(
                phrase!("The store is the Commerce emulator, answering as Magento %1."),
                &[&release],
            ),
            None => t(phrase!(
                "The store does not say which Magento release it runs (a real store does not)."
            ))
            .to_owned(),
        })
    };
    let checks = move || {
        answer.get().map(|answer| {
            diagnose(&config, &site, &answer)
                .into_iter()
                .map(|check| {
                    let (class, mark, text, fix) = match check.outcome {
                        Verdict::Passed(text) => ("passed", "✓", text, None),
                        Verdict::Failed { what, fix } => ("failed", "✗", what, Some(fix)),
                        Verdict::NotChecked => (
                            "not-checked",
                            "–",
                            t(phrase!("Not checked: an earlier check failed.")).to_owned(),
                            None,
                        ),
                    };
                    view! {
                        <li class=format!("check {class}")>
                            <span class="mark" aria-hidden="true">{mark}</span>
                            <strong>{t(check.name)}</strong>
                            <span class="visually-hidden">{tf(phrase!(": %1."), &[t(check_said(class))])}</span>
                            <p>{text}</p>
                            {fix.map(|fix| view! { <p class="fix">{t(phrase!("To fix: "))} {fix}</p> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="card" aria-labelledby="status-title">
            <PageHeading id="status-title" text=t(phrase!("Site status")) />
            <p>{t(phrase!("How this site reaches its store, checked now from this browser."))}</p>
            <Show when=move || answer.get().is_none()>
                <p class="loading" role="status">{t(phrase!("Checking the store…"))}</p>
            </Show>
            <ul class="checks" aria-live="polite">{checks}</ul>
            <p class="release">{release}</p>
            <h2>{t(phrase!("The store's settings"))}</h2>
            <p>{t(phrase!("The store's settings as this site read them: its language, its password rules, the fields its forms show and the forms it guards with reCAPTCHA. They must be the store's own (Stores > Configuration), or its answers will not match the forms."))}</p>
            <table class="settings">
                <thead><tr><th scope="col">{t(phrase!("Setting"))}</th><th scope="col">{t(phrase!("Value"))}</th><th scope="col">{t(phrase!("From"))}</th></tr></thead>
                <tbody>{form_settings}</tbody>
            </table>
        </section>
    }
}
