use crate::components::PageHeading;
use crate::context::Store;
use crate::diagnosis::{Verdict, diagnose};
use crate::i18n::{t, tf};
use commerce_rest::phrase;
use leptos::prelude::*;

/// What a screen reader says for a check's mark.
fn check_said(class: &str) -> commerce_rest::Phrase {
    match class {
        "passed" => phrase!("passed"),
        "failed" => phrase!("failed"),
        _ => phrase!("not checked"),
    }
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
    // The store's customer form as this site read it, so that an operator can compare it
    // with `bin/magento config:show customer`.
    let given = config.customer_config.clone();
    let form_settings = config
        .customer
        .values()
        .into_iter()
        .map(|(path, value)| {
            let from = if given.contains_key(path) {
                "config.json"
            } else {
                t(phrase!("Magento's default"))
            };
            view! {
                <tr><th scope="row"><code>{path}</code></th><td><code>{format!("{value:?}")}</code></td><td>{from}</td></tr>
            }
        })
        .collect_view();
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
            <h2>{t(phrase!("The store's customer form"))}</h2>
            <p>{t(phrase!("The fields the forms show, as this site read them; they must be the store's own (Stores > Configuration > Customers > Customer Configuration)."))}</p>
            <table class="settings">
                <thead><tr><th scope="col">{t(phrase!("Setting"))}</th><th scope="col">{t(phrase!("Value"))}</th><th scope="col">{t(phrase!("From"))}</th></tr></thead>
                <tbody>{form_settings}</tbody>
            </table>
        </section>
    }
}
