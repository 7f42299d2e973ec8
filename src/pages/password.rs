use crate::api::{ApiError, GuestApi};
use crate::components::{ErrorSummary, FormState, PageHeading, PasswordField, SubmitButton};
use crate::context::Store;
use crate::i18n::t;
use crate::session::Session;
use commerce_rest::phrase;
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
) -> Result<(), Vec<Message>> {
    let credentials = Credentials {
        username: email,
        password: new_password.to_owned(),
    };
    match guest.sign_in(&credentials).await {
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
            let answer = session
                .as_customer(|api| {
                    let change = change.clone();
                    async move { api.change_password(&change).await }
                })
                .await;
            // The current password has done its job, right or wrong.
            current.set(String::new());
            let answer = match answer {
                Err(lost) if lost.outcome_unknown() => {
                    find_out(&guest, session, email, &change.new_password, lost).await
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
                <ErrorSummary messages=form.summary(FIELDS) />
                // Which account the new password is for, as password managers read it.
                <input type="email" name="username" autocomplete="username" hidden readonly
                    value=move || session.customer().with(|c| c.as_ref().map(|c| c.email.clone()).unwrap_or_default()) />
                <PasswordField field=FormField::CurrentPassword form value=current />
                <PasswordField field=FormField::Password form value=new label=t(phrase!("New password")) policy=store.rules.password />
                <SubmitButton form label=t(phrase!("Change password")) pending_label=t(phrase!("Changing your password…")) />
            </form>
        </section>
    }
}
