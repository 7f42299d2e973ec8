use super::field::{FieldError, FieldLabel, Named};
use super::form::FormState;
use crate::i18n::t;
use commerce_rest::FormField;
use commerce_rest::PasswordPolicy;
use commerce_rest::phrase;
use leptos::prelude::*;

/// A password input with a show/hide toggle and, for a new password, a live checklist of
/// the store's policy.
#[component]
pub fn PasswordField(
    field: FormField,
    form: FormState,
    value: RwSignal<String>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] label: Option<&'static str>,
    /// Signing in asks the password she has with a new password's field.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The policy to show as a checklist; none for signing in.
    #[prop(optional)]
    policy: Option<PasswordPolicy>,
    /// Why the field is asked for, read out with it.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let named = Named::of(field, form, [id, label, autocomplete]);
    let (id, label, autocomplete, error) = (named.id, named.label, named.autocomplete, named.error);
    let shown = RwSignal::new(false);
    let mut describedby = format!("{id}-error");
    if hint.is_some() {
        describedby.push_str(&format!(" {id}-hint"));
    }
    if policy.is_some() {
        describedby.push_str(&format!(" {id}-policy"));
    }
    let checklist = policy.map(|policy| view! { <PolicyChecklist id policy value /> });
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <FieldLabel id label required=true />
            <div class="password-input">
                <input
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    aria-required="true"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=describedby
                    maxlength=field.max_length()
                    bind:value=value
                />
                // Short on screen, so that the input keeps most of a phone's row; whole when read out.
                <button
                    type="button"
                    class="toggle"
                    aria-controls=id
                    aria-label=move || if shown.get() { t(phrase!("Hide password")) } else { t(phrase!("Show password")) }
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { t(phrase!("Hide")) } else { t(phrase!("Show")) }}
                </button>
            </div>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldError id error />
            {checklist}
        </div>
    }
}

/// The store's password policy, each rule marked as the password she types meets it.
#[component]
fn PolicyChecklist(
    id: &'static str,
    policy: PasswordPolicy,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <ul class="password-policy" id=format!("{id}-policy") aria-label=t(phrase!("Password requirements"))>
            {policy
                .checklist()
                .into_iter()
                .map(|requirement| {
                    // An empty field meets nothing yet, not even "at most 256 characters".
                    let met = move || value.with(|p| !p.is_empty() && requirement.is_met_by(p));
                    view! {
                        <li class:met=met>
                            <span class="mark" aria-hidden="true">{move || if met() { "✓" } else { "•" }}</span>
                            {crate::i18n::words(&requirement.label())}
                            <span class="visually-hidden">
                                {move || if met() { t(phrase!(" (met)")) } else { t(phrase!(" (not met yet)")) }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
