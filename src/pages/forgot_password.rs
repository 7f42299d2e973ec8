use crate::components::{
    ErrorSummary, FormState, HumanCheck, HumanCheckField, PageHeading, SubmitButton, TextField,
};
use crate::context::Store;
use crate::i18n::{around, t};
use crate::locale;
use crate::route::Route;
use crate::session::{Session, now_secs};
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::{FormField, validate};
use leptos::prelude::*;
use leptos_router::components::A;

const FIELDS: [FormField; 1] = [FormField::Email];

/// Forgotten password: the store e-mails a link. The page says the same for every address,
/// so that it does not tell who has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let email = session.email();
    let form = FormState::default();
    let sent_to = RwSignal::new(None::<String>);
    let check = HumanCheck::of(FormKey::ForgotPassword);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        let problems = validate::email(&address).into_iter().collect();
        let guest = store.guest.clone();
        form.submit(problems, move || async move {
            sent_to.set(None);
            let proof = check.proof().await?;
            let answer = guest.request_password_reset(&address, proof.as_ref()).await;
            check.used();
            match answer {
                // A store answers 404 for an unknown address; the shopper reads the same words.
                Ok(()) => {}
                Err(e) if e.is_not_found() => {}
                Err(e) => {
                    let messages = match e.reset_refusal() {
                        Some(refusal) => {
                            let wait = u64::from(refusal.minutes_to_wait()) * 60;
                            let after = locale::time_of_day(now_secs() + wait);
                            vec![refusal.message(&after)]
                        }
                        None => e.messages(),
                    };
                    return Err(messages.into());
                }
            }
            sent_to.set(Some(address));
            Ok(())
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="forgot-title">
            <PageHeading id="forgot-title" text=t(phrase!("Forgot your password?")) />
            <div role="status">
                {move || sent_to.get().map(|address| {
                    let [before, after] = around(
                        phrase!("If there is an account with %1, an e-mail with a link to set a new password is on its way. The link works for a few hours."),
                    );
                    view! {
                    <p class="notice">
                        {before} <strong>{address}</strong> {after}
                    </p>
                    }
                })}
            </div>
            <p>{t(phrase!("Enter the email address of your account and we will send you a link to set a new password."))}</p>
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(check.with_fields(&FIELDS)) />
                <TextField field=FormField::Email form value=email />
                <HumanCheckField check form />
                <SubmitButton form label=t(phrase!("Send the link")) pending_label=t(phrase!("Sending…")) />
            </form>
            <p class="switch"><A href=Route::Login.href()>{t(phrase!("Back to sign in"))}</A></p>
        </section>
    }
}
