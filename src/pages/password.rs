use crate::api::{ApiError, GuestApi};
use crate::components::{
    ErrorSummary, FormState, HumanCheck, HumanCheckField, PageHeading, PasswordField, SubmitButton,
};
use crate::context::Store;
use crate::i18n::t;
use crate::session::Session;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::{Credentials, FormField, Message, PasswordChange};
use leptos::prelude::*;

const FIELDS: [FormField; 2] = [FormField::CurrentPassword, FormField::Password];

/// After a change whose answer was lost: the new password signs in only if it was set.
async fn find_out(
    guest: &GuestApi,
    session: Session,
    email: String,
    new_password: &str,
    lost: ApiError,
    check: HumanCheck,
) -> Result<(), Vec<Message>> {
    let credentials = Credentials {
        username: email,
        password: new_password.to_owned(),
    };
    let answer = match check.proof().await {
        Ok(proof) => guest.sign_in(&credentials, proof.as_ref()).await,
        Err(unproven) => Err(unproven),
    };
    check.used();
    match answer {
        Ok(api) => {
            session.sign_in(api, session.customer().get_untracked());
            Ok(())
        }
        Err(ApiError::Rejected { status: 401, .. }) => Err(lost.messages()),
        Err(_) => {
            let mut messages = lost.messages();
            messages.push(Message::plain(
                "It may have been changed: sign in with the new password to find out before you change it again.",
            ));
            Err(messages)
        }
    }
}

/// Change password: the current one, then a new one under the store's policy. A wrong
/// current password is an answer at its field, not an ended session.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let form = FormState::default();
    let saved = RwSignal::new(false);
    let check = HumanCheck::of(FormKey::Edit);
    let sign_in_check = HumanCheck::of(FormKey::Login);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let email = session
            .customer()
            .with_untracked(|c| c.as_ref().map(|c| c.email.clone()))
            .unwrap_or_default();
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let mut problems = Vec::new();
        if change.current_password.is_empty() {
            problems.push(FormField::CurrentPassword.required());
        }
        problems.extend(
            store
                .rules
                .password
                .check_for_account(&change.new_password, &email),
        );
        let guest = store.guest.clone();
        form.submit(problems, move || async move {
            // A fresh token for each try: after signing in again the change is sent once more.
            let answer = session
                .as_customer(|api| {
                    let change = change.clone();
                    async move {
                        let proof = check.proof().await?;
                        let answer = api.change_password(&change, proof.as_ref()).await;
                        check.used();
                        answer
                    }
                })
                .await;
            // The current password has done its job, right or wrong.
            current.set(String::new());
            let answer = match answer {
                Err(lost) if lost.outcome_unknown() => {
                    let new = &change.new_password;
                    find_out(&guest, session, email, new, lost, sign_in_check).await
                }
                other => other.map_err(|e| e.messages()),
            };
            answer?;
            new.set(String::new());
            saved.set(true);
            Ok(())
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="password-title">
            <PageHeading id="password-title" text=t(phrase!("Change password")) />
            <div role="status">
                <Show when=move || saved.get()>
                    <p class="notice">{t(phrase!("You saved your new password. Use it the next time you sign in."))}</p>
                </Show>
            </div>
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(check.with_fields(&FIELDS)) />
                // Which account the new password is for, as password managers read it.
                <input type="email" name="username" autocomplete="username" hidden readonly
                    value=move || session.customer().with(|c| c.as_ref().map(|c| c.email.clone()).unwrap_or_default()) />
                <PasswordField field=FormField::CurrentPassword form value=current />
                <PasswordField field=FormField::Password form value=new label=t(phrase!("New password")) policy=store.rules.password />
                <HumanCheckField check form />
                <HumanCheckField check=sign_in_check form follow_up=true />
                <SubmitButton form label=t(phrase!("Change password")) pending_label=t(phrase!("Changing your password…")) />
            </form>
        </section>
    }
}
