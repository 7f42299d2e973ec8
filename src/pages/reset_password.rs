use crate::api::ResetLink;
use crate::components::{
    ErrorSummary, FormState, HumanCheck, HumanCheckField, PageHeading, PasswordField, SubmitButton,
    TextField,
};
use crate::context::Store;
use crate::i18n::{t, tf};
use crate::locale;
use crate::route::Route;
use crate::session::{Session, now_secs};
use crate::sign_in_lock;
use commerce_rest::error::templates;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::{FormField, PasswordReset, validate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

const FIELDS: [FormField; 2] = [FormField::Email, FormField::Password];

/// Where the link from the store's e-mail stands.
#[derive(Clone, Debug, PartialEq)]
enum Link {
    Checking,
    Good(ResetLink),
    /// Expired, used already, or replaced by a newer e-mail: the store's words.
    Refused(String),
    /// Opened without its token (reloaded after the page had put the token away).
    Incomplete,
    /// Not the shape of a link a store sends: cut, changed or made up. Nothing is sent.
    Damaged,
    Unchecked(String),
}

/// Reads the link from the address bar, takes it out of there, and has the store check it.
fn check_link(store: &Store) -> RwSignal<Link> {
    let query = use_query_map().get_untracked();
    let link = RwSignal::new(Link::Checking);
    let (id, token) = (query.get("id"), query.get("token"));
    forget_query();
    match ResetLink::read(id.as_deref(), token.as_deref()) {
        None if token.is_none_or(|t| t.is_empty()) => link.set(Link::Incomplete),
        None => link.set(Link::Damaged),
        Some(reset_link) => {
            let guest = store.guest.clone();
            spawn_local(async move {
                link.set(match guest.check_reset_link(&reset_link).await {
                    Ok(()) => Link::Good(reset_link),
                    Err(e @ crate::api::ApiError::Rejected { .. }) => Link::Refused(e.text()),
                    Err(e) => Link::Unchecked(e.text()),
                });
            });
        }
    }
    link
}

/// The page the store's reset e-mail links to (`/customer/account/createPassword/?id=&token=`):
/// it checks the link, then sets the new password. The token leaves the address bar as soon
/// as the page has read it, and is kept in memory only.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let link = check_link(&store);
    let body = move || {
        match link.get() {
        Link::Checking => view! { <p class="loading" role="status">{t(phrase!("Checking your link…"))}</p> }.into_any(),
        Link::Good(ResetLink { token, .. }) => view! { <NewPasswordForm token link /> }.into_any(),
        Link::Refused(text) => view! {
            <NewLinkNeeded why=format!("{}{text}", t(phrase!("This link cannot be used any more: it has expired, or it was used already. "))) />
        }
        .into_any(),
        Link::Incomplete => view! {
            <NewLinkNeeded why=t(phrase!("This link is not complete. Open the link from the e-mail again, or ask for a new one.")).to_owned() />
        }
        .into_any(),
        Link::Damaged => view! {
            <NewLinkNeeded why=t(phrase!("This link is not valid: it may have been cut or changed on its way. Ask for a new one.")).to_owned() />
        }
        .into_any(),
        Link::Unchecked(text) => view! {
            <div class="notice error" role="alert"><p>{text}</p></div>
            <p>{t(phrase!("Open the link from the e-mail again in a moment."))}</p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="card narrow" aria-labelledby="reset-title">
            <PageHeading id="reset-title" text=t(phrase!("Set a new password")) />
            {body}
        </section>
    }
}

/// Her e-mail address and the new password, for a link the store took.
#[component]
fn NewPasswordForm(token: String, link: RwSignal<Link>) -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let email = session.email();
    let password = RwSignal::new(String::new());
    let form = FormState::default();
    let check = HumanCheck::of(FormKey::ForgotPassword);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reset = PasswordReset {
            email: email.get_untracked().trim().to_owned(),
            reset_token: token.clone(),
            new_password: password.get_untracked(),
        };
        let mut problems: Vec<_> = validate::email(&reset.email).into_iter().collect();
        problems.extend(
            store
                .rules
                .password
                .check_for_account(&reset.new_password, &reset.email),
        );
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        form.submit(problems, move || async move {
            let proof = check.proof().await?;
            let answer = guest.reset_password(&reset, proof.as_ref()).await;
            check.used();
            password.set(String::new());
            match answer {
                Ok(()) => {
                    session.tell(&set_words(&reset.email));
                    navigate(&Route::Login.path(), Default::default());
                }
                Err(e) if e.is_not_found() => {
                    return Err(vec![commerce_rest::Message::plain(t(
                        phrase!("This link was sent for another email address. Enter the address the e-mail was sent to."),
                    ))]
                    .into());
                }
                Err(e) if is_token_refusal(&e) => link.set(Link::Refused(e.text())),
                Err(e) => return Err(e.into()),
            }
            Ok(())
        });
    };
    view! {
        <p>{t(phrase!("Enter the email address of your account and choose a new password."))}</p>
        <form node_ref=form.form on:submit=on_submit novalidate>
            <ErrorSummary messages=form.summary(check.with_fields(&FIELDS)) />
            <TextField field=FormField::Email form value=email autocomplete="username" />
            <PasswordField field=FormField::Password form value=password label=t(phrase!("New password")) policy=store.rules.password />
            <HumanCheckField check form />
            <SubmitButton form label=t(phrase!("Set the new password")) pending_label=t(phrase!("Saving…")) />
        </form>
    }
}

/// What she reads on the sign-in page once the new password is set: when she may use it, if
/// the store still locks sign-in for the address.
fn set_words(email: &str) -> String {
    let now = now_secs();
    let seen = sign_in_lock::remember(|seen| seen.password_reset(email, now));
    match seen.locked_until(email, now) {
        Some(until) => tf(
            phrase!(
                "Your new password is set. For your safety, sign-in with this address stays locked after the failed attempts before, until about %1: sign in with your new password then."
            ),
            &[&locale::time_of_day(until)],
        ),
        None => t(phrase!("Your new password is set. Sign in with it.")).to_owned(),
    }
}

/// A link that cannot be used, why, and the way to a new one.
#[component]
fn NewLinkNeeded(why: String) -> impl IntoView {
    view! {
        <div class="notice error" role="alert"><p>{why}</p></div>
        <p><A href=Route::ForgotPassword.href()>{t(phrase!("Send me a new link"))}</A></p>
    }
}

fn is_token_refusal(e: &crate::api::ApiError) -> bool {
    e.messages().iter().any(|m| {
        m.message == templates::RESET_TOKEN_MISMATCH || m.message == templates::RESET_TOKEN_EXPIRED
    })
}

/// Takes the token out of the address bar (and so out of history, bookmarks and any
/// `Referer`), keeping the page where it is.
fn forget_query() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}
