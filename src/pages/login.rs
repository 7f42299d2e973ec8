use crate::api::ApiError;
use crate::components::{
    ErrorSummary, FormState, HumanCheck, HumanCheckField, PageHeading, PasswordField, SubmitButton,
    TextField, typed_credentials,
};
use crate::context::Store;
use crate::destination::safe_destination;
use crate::form::FormErrors;
use crate::i18n::{around, t};
use crate::locale;
use crate::route::Route;
use crate::session::{Session, now_secs};
use crate::sign_in_lock;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::validate;
use commerce_rest::{FormField, Message};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_navigate, use_query_map};

const FIELDS: [FormField; 2] = [FormField::Email, FormField::Password];

/// After this many failed sign-ins in a row, the form offers the password reset.
const FAILURES_BEFORE_HELP: u32 = 2;

/// A refused sign-in: the store does not say which was wrong, so both fields are concerned;
/// when the store has probably locked sign-in for the address, when she may try again.
fn refused(username: &str, refusal: ApiError, locked: RwSignal<bool>) -> FormErrors {
    let now = now_secs();
    let until =
        sign_in_lock::remember(|seen| seen.failed(username, now)).locked_until(username, now);
    locked.set(until.is_some());
    let messages = match until {
        Some(until) => vec![Message::positional(
            "For your safety the store locks sign-in with an address for a while after several failed attempts, even with the right password or a new one. Please try again after about %1.",
            vec![locale::time_of_day(until).into()],
        )],
        None => refusal.messages(),
    };
    FormErrors::from_messages(messages).marking(&FIELDS)
}

/// After failed sign-ins: a new password is one way in.
#[component]
fn SignInHelp() -> impl IntoView {
    let help = around::<3>(phrase!(
        "Trouble signing in? You can %1set a new password%2. After several failed attempts the store locks the account for a while, even with the right password."
    ));
    view! {
        <div class="notice sign-in-help">
            <p>{help[0]} <A href=Route::ForgotPassword.href()>{help[1]}</A> {help[2]}</p>
        </div>
    }
}

/// What the store's storefront says of a confirmation when it sends her back to sign in
/// (`?confirmed=1`, or `?confirmation=` as the emulator stands in for the storefront).
fn confirmation_words(outcome: &str) -> Option<commerce_rest::Phrase> {
    Some(match outcome {
        "confirmed" => phrase!("Your account is confirmed. Sign in."),
        "active" => phrase!("Your account is confirmed already. Sign in."),
        "invalid" => phrase!(
            "This confirmation link is not valid, or it has expired. Sign in to find out whether your account is confirmed."
        ),
        "incomplete" => {
            phrase!("This confirmation link is not complete. Open the link from the e-mail again.")
        }
        "sent" => phrase!(
            "If an account with that address waits for its confirmation, the store has sent the link again. Follow it, then sign in."
        ),
        _ => return None,
    })
}

/// Whether her account waits for its e-mailed link: said by the store (2.4.8 and later), or
/// possible (a store that asks for confirmation, whose earlier releases give the one
/// sign-in failure for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unconfirmed {
    Said,
    Possible,
}

/// Her account waits, or may wait, for its e-mailed link: the store's own page sends it again
/// (the REST route that resends it needs an admin).
#[component]
fn ConfirmationHelp(email: String, unconfirmed: Unconfirmed) -> impl IntoView {
    let store = expect_context::<Store>();
    let page = format!(
        "{}/customer/account/confirmation/?email={}",
        store.config.store_url.trim_end_matches('/'),
        js_sys::encode_uri_component(&email)
    );
    let [before, link, after] = match unconfirmed {
        Unconfirmed::Said => around::<3>(phrase!(
            "No e-mail? The store's page %1sends the confirmation link again%2."
        )),
        Unconfirmed::Possible => around::<3>(phrase!(
            "If you have just created your account, follow the link in the e-mail the store sent first. No e-mail? The store's page %1sends the confirmation link again%2."
        )),
    };
    view! {
        <div class="notice sign-in-help">
            <p>{before}<a href=page rel="external">{link}</a>{after}</p>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    let query = use_query_map();
    if session.customer_api().with_untracked(Option::is_some) {
        let destination = safe_destination(query.get_untracked().get("redirect"));
        return view! { <Redirect path=destination /> }.into_any();
    }
    // Back from the store's storefront: the e-mailed confirmation link, or its page that
    // sends the link again.
    let back = query.with_untracked(|q| {
        q.get("confirmed")
            .map(|_| "confirmed".to_owned())
            .or_else(|| q.get("confirmation"))
    });
    if let Some(phrase) = back.as_deref().and_then(confirmation_words) {
        session.tell(t(phrase));
    }
    let navigate = use_navigate();
    let email = session.email();
    let password = RwSignal::new(String::new());
    let form = FormState::default();
    let failures = RwSignal::new(0u32);
    // The store has probably locked sign-in for the address she types: a new password will
    // not help, so the page does not offer one.
    let locked = RwSignal::new(false);
    // The store said her account waits for its e-mailed link (2.4.8 and later say so).
    let unconfirmed = RwSignal::new(None::<(String, Unconfirmed)>);
    let check = HumanCheck::of(FormKey::Login);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let credentials = typed_credentials(email, password);
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        let destination = safe_destination(query.get_untracked().get("redirect"));
        form.submit(validate::credentials(&credentials), move || async move {
            session.clear_notice();
            unconfirmed.set(None);
            let username = credentials.username.clone();
            let proof = check.proof().await?;
            let answer = guest.sign_in(&credentials, proof.as_ref()).await;
            check.used();
            match answer {
                Ok(api) => {
                    sign_in_lock::remember(|seen| seen.succeeded(&username));
                    password.set(String::new());
                    session.sign_in(api, None);
                    navigate(&destination, Default::default());
                    Ok(())
                }
                // Her password was right: not a failure of hers to count.
                Err(e) if e.is_unconfirmed() => {
                    unconfirmed.set(Some((username, Unconfirmed::Said)));
                    Err(e.into())
                }
                Err(e @ ApiError::Rejected { status: 401, .. }) => {
                    if store.rules.customer.confirm {
                        unconfirmed.set(Some((username.clone(), Unconfirmed::Possible)));
                    }
                    failures.update(|n| *n += 1);
                    Err(refused(&username, e, locked))
                }
                Err(e) => Err(e.into()),
            }
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="login-title">
            <PageHeading id="login-title" text=t(phrase!("Sign in")) />
            <Show when=move || session.notice().with(Option::is_some)>
                <p class="notice" role="status">{move || session.notice().get().map(|n| n.text)}</p>
            </Show>
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(check.with_fields(&FIELDS)) />
                {move || unconfirmed.get().map(|(email, unconfirmed)| view! { <ConfirmationHelp email unconfirmed /> })}
                <Show when=move || { failures.get() >= FAILURES_BEFORE_HELP && !locked.get() }>
                    <SignInHelp />
                </Show>
                <TextField field=FormField::Email form value=email autocomplete="username" />
                <PasswordField field=FormField::Password form value=password autocomplete="current-password" />
                <HumanCheckField check form />
                <SubmitButton form label=t(phrase!("Sign in")) pending_label=t(phrase!("Signing in…")) />
            </form>
            <p class="switch"><A href=Route::ForgotPassword.href()>{t(phrase!("Forgot your password?"))}</A></p>
            <p class="switch">{t(phrase!("New here? "))} <A href=Route::Register.href()>{t(phrase!("Create an account"))}</A></p>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_word_of_the_storefront_has_its_sentence() {
        for outcome in ["confirmed", "active", "invalid", "incomplete", "sent"] {
            assert!(super::confirmation_words(outcome).is_some(), "{outcome}");
        }
        assert_eq!(super::confirmation_words("<script>"), None);
    }
}
