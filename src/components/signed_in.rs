use super::field::TextField;
use super::form::{ErrorSummary, FormState, SubmitButton, typed_credentials};
use super::human_check::{HumanCheck, HumanCheckField};
use super::password::PasswordField;
use crate::api::CustomerApi;
use crate::context::Store;
use crate::destination::sign_in_then;
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::session::{
    Ending, Reauth, Resumed, Session, now_secs, signed_in_until, token_customer_id,
};
use crate::session_clock::{SessionTime, duration_text};
use commerce_rest::FormField;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::validate;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Present in the context of the signed-in pages.
#[derive(Clone, Copy)]
pub(super) struct SignedInArea;

/// Where she is, as a route of the app (the site's own path left out), to come back to.
fn here(location: &leptos_router::location::Location) -> String {
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    let path = path
        .strip_prefix(&crate::router_base())
        .filter(|p| p.starts_with('/'))
        .unwrap_or(&path)
        .to_owned();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// Loads her customer once for the whole area, and again when `attempt` moves after
/// `load_error` said why it could not.
fn load_customer(session: Session, load_error: RwSignal<Option<String>>, attempt: RwSignal<u32>) {
    let loading = StoredValue::new(false);
    Effect::new(move || {
        attempt.track();
        let Some(api) = session.customer_api().get() else {
            return;
        };
        if session.customer().with(Option::is_some) || loading.get_value() {
            return;
        }
        loading.set_value(true);
        spawn_local(async move {
            let answer = api.me().await;
            loading.set_value(false);
            match answer {
                Ok(customer) => session.loaded(customer),
                Err(crate::api::ApiError::SessionEnded) => session.end(Ending::Expired),
                Err(e) => load_error.set(Some(e.text())),
            }
        });
    });
}

/// The pages of a signed-in shopper. The one guard: without a session she is sent to sign
/// in and brought back; her customer is loaded once for every page; when the store ends her
/// session she signs in again here, on the page, without losing what she typed.
#[component]
pub fn AccountArea() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    let here = move || here(&location);
    if session.customer_api().with_untracked(Option::is_none) {
        return view! { <Redirect path=sign_in_then(&here()) /> }.into_any();
    }
    provide_context(SignedInArea);
    let navigate = use_navigate();
    let load_error = RwSignal::new(None::<String>);
    let attempt = RwSignal::new(0u32);
    load_customer(session, load_error, attempt);

    // However the session ends (signed out here or in another tab, a token the store no longer
    // takes), the account's pages give way to the sign-in page; after an expiry she comes back.
    Effect::new(move || {
        if session.customer_api().with(Option::is_some) {
            return;
        }
        let comes_back = session
            .ended()
            .get_untracked()
            .is_some_and(Ending::brings_her_back);
        let to = if comes_back {
            sign_in_then(&here())
        } else {
            Route::Login.path()
        };
        navigate(&to, Default::default());
    });

    view! {
        <div class="account-area">
            <AccountNav />
            <div class="account-main">
                <Show when=move || session.notice().with(Option::is_some)>
                    <p class="notice" role="status">{move || session.notice().get().map(|n| n.text)}</p>
                </Show>
                <Show
                    when=move || session.customer().with(Option::is_some)
                    fallback=move || match load_error.get() {
                        Some(text) => view! {
                            <div class="notice error" role="alert">
                                <p>{t(phrase!("Your account could not be loaded. "))} {text}</p>
                                <button type="button" class="secondary" on:click=move |_| {
                                    load_error.set(None);
                                    attempt.update(|n| *n += 1);
                                }>{t(phrase!("Try again"))}</button>
                            </div>
                        }
                        .into_any(),
                        None => view! { <p class="loading" role="status">{t(phrase!("Loading your account…"))}</p> }.into_any(),
                    }
                >
                    <Outlet />
                </Show>
            </div>
            <SignInDialog />
        </div>
    }
    .into_any()
}

#[component]
fn AccountNav() -> impl IntoView {
    let session = expect_context::<Session>();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        if signing_out.get_untracked() {
            return;
        }
        signing_out.set(true);
        spawn_local(async move {
            session.sign_out().await;
        });
    };
    view! {
        <nav class="account-nav" aria-label=t(phrase!("My account"))>
            <ul>
                <li><A href=Route::Account.href() exact=true>{t(phrase!("My account"))}</A></li>
                <li><A href=Route::AccountEdit.href()>{t(phrase!("Account information"))}</A></li>
                <li><A href=Route::Addresses.href()>{t(phrase!("Address book"))}</A></li>
                <li><A href=Route::Password.href()>{t(phrase!("Change password"))}</A></li>
            </ul>
            <button type="button" class="secondary sign-out" on:click=sign_out disabled=move || signing_out.get()>
                {t(phrase!("Sign out"))}
            </button>
        </nav>
    }
}

/// How long she stays signed in, and a way to stay when the end is near.
#[component]
pub(super) fn SessionLine() -> impl IntoView {
    let session = expect_context::<Session>();
    let now = RwSignal::new(now_secs());
    if let Ok(ticker) =
        set_interval_with_handle(move || now.set(now_secs()), Duration::from_secs(10))
    {
        on_cleanup(move || ticker.clear());
    }
    let stay = move |_| {
        spawn_local(async move {
            let _ = session.sign_in_again(Reauth::StaySignedIn).await;
        });
    };
    move || {
        let api = session.customer_api().get()?;
        let time = match session.token_refused() {
            true => SessionTime::Ended,
            false => SessionTime::of(api.token(), now.get()),
        };
        Some(match time {
            SessionTime::Unknown => ().into_any(),
            SessionTime::Left { .. } => view! {
                <p class="session-expiry">{signed_in_until(&api).map(|until| tf(phrase!("You stay signed in until %1."), &[&until]))}</p>
            }
            .into_any(),
            SessionTime::EndingSoon { seconds } => view! {
                <div class="notice session-expiry ending" role="status">
                    <p>{tf(phrase!("Your session ends in %1."), &[&duration_text(seconds)])}</p>
                    <button type="button" class="secondary" on:click=stay>{t(phrase!("Stay signed in"))}</button>
                </div>
            }
            .into_any(),
            SessionTime::Ended => view! {
                <div class="notice session-expiry ended" role="status">
                    <p>{t(phrase!("Your session has ended. Sign in again to go on where you are."))}</p>
                    <button type="button" class="secondary" on:click=stay>{t(phrase!("Sign in again"))}</button>
                </div>
            }
            .into_any(),
        })
    }
}

/// After signing in again: the same customer goes on where she was (a save waiting for the
/// session is sent); another account starts afresh on its own account page.
async fn resume(
    session: Session,
    api: CustomerApi,
    username: &str,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) {
    let before = session.customer_api().get_untracked();
    let before = session
        .customer()
        .get_untracked()
        .and_then(|c| c.id)
        .or_else(|| before.as_ref().and_then(token_customer_id));
    let after = match token_customer_id(&api) {
        Some(id) => Some(id),
        None => api.me().await.ok().and_then(|c| c.id),
    };
    if before.is_some() && before == after {
        session.sign_in(api.clone(), session.customer().get_untracked());
        session.finish_reauth(Resumed::Same(api));
    } else {
        session.sign_in(api, None);
        session.tell(&tf(
            phrase!("You are now signed in as %1. What was being edited before was not saved."),
            &[username],
        ));
        session.finish_reauth(Resumed::Other);
        navigate(&Route::Account.path(), Default::default());
    }
}

const DIALOG_FIELDS: [FormField; 2] = [FormField::Email, FormField::Password];

/// Opens the dialog when the session asks her to sign in again (her e-mail filled in, focus
/// on the password, and where focus was kept to give back), and closes it when it no longer does.
fn open_when_asked(
    dialog: NodeRef<html::Dialog>,
    return_focus: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    form: FormState,
) {
    let session = expect_context::<Session>();
    Effect::new(move || {
        let reason = session.reauth().get();
        let Some(dialog) = dialog.get() else {
            return;
        };
        match reason {
            Some(_) if !dialog.open() => {
                return_focus.set_value(
                    document()
                        .active_element()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                );
                let known = session.customer().get_untracked().map(|c| c.email);
                email.set(known.unwrap_or_else(|| session.email().get_untracked()));
                password.set(String::new());
                form.errors.set(Default::default());
                let _ = dialog.show_modal();
                super::focus_by_id("reauth-password");
            }
            None if dialog.open() => dialog.close(),
            _ => {}
        }
    });
}

/// Signing in again without leaving the page: a modal dialog that takes focus, closes with
/// Escape, and gives focus back to where it was.
#[component]
fn SignInDialog() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let dialog = NodeRef::<html::Dialog>::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::default();
    let check = HumanCheck::of(FormKey::Login);
    let return_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);

    open_when_asked(dialog, return_focus, email, password, form);

    // Escape, the Cancel button and a successful sign-in all close the dialog; only the first
    // two leave a save waiting for an answer.
    let on_close = move |_| {
        password.set(String::new());
        if session.reauth().get_untracked().is_some() {
            session.finish_reauth(Resumed::Cancelled);
        }
        if let Some(element) = return_focus.get_value() {
            let _ = element.focus();
        }
    };
    let cancel = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let credentials = typed_credentials(email, password);
        let guest = store.guest.clone();
        let navigate = navigate.clone();
        form.submit(validate::credentials(&credentials), move || async move {
            let proof = check.proof().await?;
            let answer = guest.sign_in(&credentials, proof.as_ref()).await;
            check.used();
            let api = answer?;
            password.set(String::new());
            resume(session, api, &credentials.username, navigate).await;
            Ok(())
        });
    };
    let explanation = move || match session.reauth().get() {
        Some(Reauth::SaveInterrupted) => t(phrase!(
            "Your session has ended, so your changes are not saved yet. Sign in again and they will be saved; nothing you typed is lost."
        )),
        _ => t(phrase!(
            "Sign in again to stay signed in. Nothing you typed on this page is lost."
        )),
    };

    view! {
        <dialog node_ref=dialog class="card narrow reauth" aria-labelledby="reauth-title" aria-describedby="reauth-explanation" on:close=on_close>
            <h2 id="reauth-title">{t(phrase!("Sign in again"))}</h2>
            <p id="reauth-explanation">{explanation}</p>
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary id="reauth-errors" messages=form.summary(check.with_fields(&DIALOG_FIELDS)) />
                <TextField field=FormField::Email form value=email id="reauth-email" autocomplete="username" />
                <PasswordField field=FormField::Password form value=password id="reauth-password" autocomplete="current-password" />
                // Only while she is asked: the provider loads for the dialog, not for every page.
                <Show when=move || session.reauth().with(Option::is_some)>
                    <HumanCheckField check form badge_hidden=true />
                </Show>
                <div class="actions">
                    <SubmitButton form label=t(phrase!("Sign in")) pending_label=t(phrase!("Signing in…")) />
                    <button type="button" class="secondary" on:click=cancel>{t(phrase!("Cancel"))}</button>
                </div>
            </form>
        </dialog>
    }
}
