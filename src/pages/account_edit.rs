use crate::components::{
    CheckboxField, DetailFields, DetailInputs, ErrorSummary, FormState, NameFields, NameInputs,
    PageHeading, PasswordField, SubmitButton, TextField,
};
use crate::context::Store;
use crate::i18n::{field_label, t};
use crate::profile::{ProfileDraft, fields};
use crate::session::{Session, token_customer_id};
use commerce_rest::error::templates;
use commerce_rest::validate::limits;
use commerce_rest::{Credentials, FormField, Message};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// Account information: name, email and newsletter. A new email needs her current password,
/// checked with a sign-in first, because a store does not check it on REST.
#[component]
pub fn AccountEditPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let fetched = session.customer.get_untracked().unwrap_or_default();
    let draft = ProfileDraft::of(&fetched);
    let names = NameFields::new(&draft.name);
    let details = DetailFields::new(&draft.details);
    let email = RwSignal::new(draft.email);
    let subscribe = RwSignal::new(draft.subscribe);
    let current_password = RwSignal::new(String::new());
    let form = FormState::default();
    let email_changed = move || {
        session.customer.with(|c| {
            c.as_ref()
                .is_some_and(|c| email.with(|e| e.trim() != c.email))
        })
    };

    let form_fields = fields(&store.rules.customer);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(fetched) = session.customer.get_untracked() else {
            return;
        };
        let draft = ProfileDraft {
            name: names.draft(),
            details: details.draft(),
            email: email.get_untracked(),
            subscribe: subscribe.get_untracked(),
            current_password: current_password.get_untracked(),
        };
        let form_config = store.rules.customer.clone();
        let problems = draft.problems(&fetched, &form_config, &crate::locale::latest_today());
        if !problems.is_empty() {
            return form.show(problems);
        }
        if !form.begin() {
            return;
        }
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            if draft.email_changed(&fetched) {
                let credentials = Credentials {
                    username: fetched.email.clone(),
                    password: draft.current_password.clone(),
                };
                current_password.set(String::new());
                match guest.sign_in(&credentials).await {
                    // A fresh token of hers: the save goes on with it.
                    Ok(api) if token_customer_id(&api).is_none_or(|id| Some(id) == fetched.id) => {
                        session.sign_in(api, Some(fetched.clone()));
                    }
                    Ok(_) => {
                        return form.show_text(commerce_rest::phrase!(
                            "The current password belongs to another account."
                        ));
                    }
                    Err(crate::api::ApiError::Rejected { status: 401, .. }) => {
                        return form.show(vec![Message::plain(templates::PASSWORD_MISMATCH)]);
                    }
                    Err(e) => return form.show(e.messages()),
                }
            }
            match session
                .save_customer(draft.customer_to_save(&fetched, &form_config), |fresh| {
                    draft.is_saved_in(fresh, &form_config)
                })
                .await
            {
                Ok(_) => {
                    form.done();
                    session.tell(t("You saved the account information."));
                    navigate("/account", Default::default());
                }
                Err(e) => form.show(e.messages()),
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="edit-title">
            <PageHeading id="edit-title" text=t("Account information") />
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(form_fields) />
                <NameInputs names form />
                <DetailInputs details form />
                <TextField id="email" label=field_label(FormField::Email) input_type="email" autocomplete="email" value=email error=form.error(FormField::Email) maxlength=limits::EMAIL />
                <Show when=email_changed>
                    <PasswordField
                        id="current-password"
                        label=field_label(FormField::CurrentPassword)
                        autocomplete="current-password"
                        value=current_password
                        error=form.error(FormField::CurrentPassword)
                        hint=t("A new email address needs your current password.")
                    />
                </Show>
                <CheckboxField id="subscribe" label=t("Sign up for the newsletter") checked=subscribe />
                <SubmitButton form label=t("Save") pending_label=t("Saving…") />
            </form>
        </section>
    }
}
