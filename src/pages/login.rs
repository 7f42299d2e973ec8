use crate::Store;
use crate::components::{ErrorSummary, PasswordField, TextField, focus_first_error};
use crate::form::FormErrors;
use crate::session::Session;
use commerce_rest::{Credentials, FormField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

const FIELDS: [FormField; 2] = [FormField::Email, FormField::Password];

/// Only a path of this site may be a destination after signing in.
pub fn safe_destination(redirect: Option<String>) -> String {
    redirect
        .filter(|r| r.starts_with('/') && !r.starts_with("//"))
        .unwrap_or_else(|| "/account".to_owned())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let pending = RwSignal::new(false);
    let field_error = move |f| Signal::derive(move || errors.with(|e| e.for_field(f)));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let credentials = Credentials {
            username: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let missing: Vec<_> = [
            ("username", &credentials.username),
            ("password", &credentials.password),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(name, _)| commerce_rest::Message::required(name))
        .collect();
        if !missing.is_empty() {
            errors.set(FormErrors::from_messages(missing));
            focus_first_error();
            return;
        }
        errors.set(FormErrors::default());
        session.notice.set(None);
        pending.set(true);
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        let destination = safe_destination(query.get_untracked().get("redirect"));
        spawn_local(async move {
            let result = guest.sign_in(&credentials).await;
            pending.set(false);
            match result {
                Ok(api) => {
                    session.sign_in(api, None);
                    navigate(&destination, Default::default());
                }
                Err(e) => {
                    errors.set(FormErrors::from_messages(e.messages()));
                    focus_first_error();
                }
            }
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="login-title">
            <h1 id="login-title">"Sign in"</h1>
            <Show when=move || session.notice.with(Option::is_some)>
                <p class="notice" role="status">{move || session.notice.get()}</p>
            </Show>
            <form on:submit=on_submit novalidate>
                <ErrorSummary messages=Signal::derive(move || errors.with(|e| e.above_form(&FIELDS))) />
                <TextField
                    id="email"
                    label="Email"
                    input_type="email"
                    autocomplete="email"
                    value=email
                    error=field_error(FormField::Email)
                />
                <PasswordField
                    id="password"
                    label="Password"
                    autocomplete="current-password"
                    value=password
                    error=field_error(FormField::Password)
                />
                <button type="submit" class="primary" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p class="switch">"New here? " <a href="/register">"Create an account"</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_destination;

    #[test]
    fn only_local_paths_are_destinations() {
        assert_eq!(safe_destination(Some("/account".into())), "/account");
        assert_eq!(safe_destination(Some("//evil.example".into())), "/account");
        assert_eq!(
            safe_destination(Some("https://evil.example".into())),
            "/account"
        );
        assert_eq!(safe_destination(None), "/account");
    }
}
