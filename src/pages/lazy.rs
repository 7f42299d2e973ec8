//! The module is cut at these functions (`cargo xtask` splits the build there), into four
//! chunks: the guest pages (sign-in, forgotten password, new password), registration, the
//! status page, and the signed-in area. A shopper who signs in downloads the shell and the
//! guest pages, not the registration form nor the address book. More, smaller chunks were
//! measured and weighed less but loaded slower: each chunk brings the code it shares with
//! another as a file of its own, and a page of twenty-odd files pays a round trip for each.
//! A chunk that cannot be fetched (she went offline, a new deploy removed it) is said on the
//! page, with a way to try again; it never stops the app.

use super::{
    AccountEditPage, AccountPage, AddressBookPage, AddressFormPage, ChangePasswordPage,
    ForgotPasswordPage, LoginPage, RegisterPage, ResetPasswordPage, StatusPage,
};
use crate::components::AccountArea;
use crate::i18n::t;
use commerce_rest::phrase;
use leptos::prelude::*;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

/// A page whose code is fetched when it is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Register,
    Login,
    ForgotPassword,
    ResetPassword,
    Status,
    Account(AreaPage),
}

/// The pages of the `guest` chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GuestPage {
    SignIn,
    ForgotPassword,
    ResetPassword,
}

/// The signed-in area: one chunk for its frame and all its pages, which a shopper who has
/// signed in goes between, and which share most of their code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaPage {
    /// The frame: the guard, her menu, the sign-in dialog.
    Area,
    Home,
    Edit,
    AddressBook,
    AddressForm,
    Password,
}

#[wasm_split(register, fallible, preload(preload_register))]
fn register() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <RegisterPage /> }.into_any())
}

/// The pages of a shopper who is not signed in and has an account: one chunk, since they link
/// to each other and share the sign-in form's pieces; fewer files load faster than fewer bytes
/// on a connection that pays a round trip per file.
#[wasm_split(guest, fallible, preload(preload_guest))]
fn guest(page: GuestPage) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        GuestPage::SignIn => view! { <LoginPage /> }.into_any(),
        GuestPage::ForgotPassword => view! { <ForgotPasswordPage /> }.into_any(),
        GuestPage::ResetPassword => view! { <ResetPasswordPage /> }.into_any(),
    })
}

#[wasm_split(status, fallible, preload(preload_status))]
fn status() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <StatusPage /> }.into_any())
}

#[wasm_split(account, fallible, preload(preload_account))]
fn account(page: AreaPage) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        AreaPage::Area => view! { <AccountArea /> }.into_any(),
        AreaPage::Home => view! { <AccountPage /> }.into_any(),
        AreaPage::Edit => view! { <AccountEditPage /> }.into_any(),
        AreaPage::AddressBook => view! { <AddressBookPage /> }.into_any(),
        AreaPage::AddressForm => view! { <AddressFormPage /> }.into_any(),
        AreaPage::Password => view! { <ChangePasswordPage /> }.into_any(),
    })
}

impl Page {
    /// Fetches the page's chunk (once; a failure is not remembered, so a second call tries
    /// again) and draws the page.
    async fn draw(self) -> Result<AnyView, SplitLoaderError> {
        match self {
            Page::Register => register().await,
            Page::Login => guest(GuestPage::SignIn).await,
            Page::ForgotPassword => guest(GuestPage::ForgotPassword).await,
            Page::ResetPassword => guest(GuestPage::ResetPassword).await,
            Page::Status => status().await,
            Page::Account(page) => account(page).await,
        }
    }
}

/// Starts loading a chunk, by its name in the build, before the router asks for it: the
/// start-up script names the chunk of the page being opened as soon as the app has started,
/// so that it is compiled while `config.json` is on its way. A failure is the page's to say.
pub fn prefetch_chunk(chunk: &str) {
    let chunk = chunk.to_owned();
    leptos::task::spawn_local(async move {
        let _ = match chunk.as_str() {
            "register" => preload_register().await,
            "guest" => preload_guest().await,
            "status" => preload_status().await,
            "account" => preload_account().await,
            _ => Ok(()),
        };
    });
}

/// The page, once its chunk is here; until then what the shell shows while loading.
#[component]
pub fn LazyPage(page: Page) -> impl IntoView {
    let attempt = RwSignal::new(0_u32);
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">{t(phrase!("Loading…"))}</p> }>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    match page.draw().await {
                        Ok(view) => view,
                        Err(_) => view! { <PageFailed retry /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A page whose code did not arrive: she can try again where she is, or reload, which also
/// fetches a new deploy's pages.
#[component]
fn PageFailed(retry: Callback<()>) -> impl IntoView {
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="card narrow" role="alert" aria-labelledby="page-failed-title">
            <h1 id="page-failed-title">{t(phrase!("This page could not load"))}</h1>
            <p>{t(phrase!("Check your connection, then try again. If it still does not load, reload the page."))}</p>
            <p class="actions">
                <button type="button" class="primary" on:click=move |_| retry.run(())>{t(phrase!("Try again"))}</button>
                <button type="button" on:click=reload>{t(phrase!("Reload the page"))}</button>
            </p>
        </section>
    }
}
