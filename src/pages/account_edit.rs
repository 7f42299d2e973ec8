use crate::api::{ApiError, GuestApi};
use crate::components::{
    CheckboxField, DetailFields, DetailInputs, ErrorSummary, FormState, HumanCheck,
    HumanCheckField, NameFields, NameInputs, PageHeading, PasswordField, SubmitButton, TextField,
};
use crate::context::Store;
use crate::form::FormErrors;
use crate::i18n::t;
use crate::profile::{ProfileDraft, fields};
use crate::route::Route;
use crate::session::{Session, token_customer_id};
use commerce_rest::error::templates;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::{Credentials, Customer, FormField, Message};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Signs in with her current password, as a store does not check it on REST: a fresh token of
/// hers goes on to the save.
async fn prove_current_password(
    guest: &GuestApi,
    session: Session,
    fetched: &Customer,
    password: String,
    check: HumanCheck,
) -> Result<(), FormErrors> {
    let credentials = Credentials {
        username: fetched.email.clone(),
        password,
    };
    let refused = |message: &str| Err(vec![Message::plain(message)].into());
    let proof = check.proof().await?;
    let answer = guest.sign_in(&credentials, proof.as_ref()).await;
    check.used();
    match answer {
        Ok(api) if token_customer_id(&api).is_none_or(|id| Some(id) == fetched.id) => {
            session.sign_in(api, Some(fetched.clone()));
            Ok(())
        }
        Ok(_) => refused(phrase!("The current password belongs to another account.").english()),
        Err(ApiError::Rejected { status: 401, .. }) => refused(templates::PASSWORD_MISMATCH),
        Err(e) => Err(e.into()),
    }
}

/// Account information: name, email and newsletter. A new email needs her current password,
/// checked with a sign-in first, because a store does not check it on REST.
#[component]
pub fn AccountEditPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let fetched = session.customer().get_untracked().unwrap_or_default();
    let draft = ProfileDraft::of(&fetched);
    let names = NameFields::new(&draft.name);
    let details = DetailFields::new(&draft.details);
    let email = RwSignal::new(draft.email);
    let subscribe = RwSignal::new(draft.subscribe);
    let current_password = RwSignal::new(String::new());
    let form = FormState::default();
    let check = HumanCheck::of(FormKey::Login);
    let email_changed = move || {
        session.customer().with(|c| {
            c.as_ref()
                .is_some_and(|c| email.with(|e| e.trim() != c.email))
        })
    };

    let form_fields = fields(&store.rules.customer);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(fetched) = session.customer().get_untracked() else {
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
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        form.submit(problems, move || async move {
            if draft.email_changed(&fetched) {
                let current = current_password.get_untracked();
                current_password.set(String::new());
                prove_current_password(&guest, session, &fetched, current, check).await?;
            }
            session
                .save_customer(draft.customer_to_save(&fetched, &form_config), |fresh| {
                    draft.is_saved_in(fresh, &form_config)
                })
                .await?;
            session.tell(t(phrase!("You saved the account information.")));
            navigate(&Route::Account.path(), Default::default());
            Ok(())
        });
    };

    view! {
        <section class="card" aria-labelledby="edit-title">
            <PageHeading id="edit-title" text=t(phrase!("Account information")) />
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(check.with_fields(&form_fields)) />
                <NameInputs names form />
                <DetailInputs details form />
                <TextField field=FormField::Email form value=email />
                <Show when=email_changed>
                    <PasswordField field=FormField::CurrentPassword form value=current_password hint=t(phrase!("A new email address needs your current password.")) />
                    <HumanCheckField check form />
                </Show>
                <CheckboxField id="subscribe" label=t(phrase!("Sign up for the newsletter")) checked=subscribe />
                <SubmitButton form label=t(phrase!("Save")) pending_label=t(phrase!("Saving…")) />
            </form>
        </section>
    }
}
