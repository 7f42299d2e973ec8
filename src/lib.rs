//! A storefront's account pages as a single-page app: create an account with its default
//! address, sign in, and look after the profile, address book and password, against an
//! Adobe Commerce / Magento store's REST API called straight from the browser.

pub mod address_book;
pub mod address_form;
pub mod api;
mod components;
pub mod config;
pub mod config_shape;
pub mod context;
pub mod destination;
pub mod diagnosis;
pub mod directory;
pub mod form;
pub mod i18n;
mod locale;
mod pages;
pub mod person;
pub mod profile;
mod recaptcha;
pub mod registration;
pub mod route;
pub mod session;
pub mod session_clock;
pub mod sign_in_lock;
pub mod site;
mod transport;

use crate::i18n::{around, t, tf};
use api::GuestApi;
use commerce_rest::phrase;
use config::StoreConfig;
use context::Store;
use leptos::prelude::*;
use leptos_router::components::{A, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{ParamSegment, StaticSegment, path};
pub use pages::prefetch_chunk;
use pages::{AreaPage, LazyPage, Page};
use route::segment as s;
use session::Session;

pub fn start() {
    console_error_panic_hook::set_once();
    drop_trailing_slash();
    // `index.html` shows the page's frame until the app is ready; the app takes its place.
    match document()
        .get_element_by_id("app")
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        Some(frame) => {
            frame.set_inner_html("");
            leptos::mount::mount_to(frame, Root).forget();
        }
        None => leptos::mount::mount_to_body(Root),
    }
}

/// `/login/` is `/login`: every route is served with or without a trailing slash.
fn drop_trailing_slash() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let base = router_base();
    if path.len() > 1 && path.ends_with('/') && path.trim_end_matches('/') != base {
        let search = location.search().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let url = format!("{}{search}{hash}", path.trim_end_matches('/'));
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// The path the site is served under, without its trailing slash: empty for a site at the
/// root of its host.
pub(crate) fn router_base() -> String {
    // `index.html` names it once; every link asks for it, so the page is read once.
    thread_local! {
        static BASE: String = site::site_root().trim_end_matches('/').to_owned();
    }
    BASE.with(Clone::clone)
}

/// Takes the store's language: its catalogue, `<html lang>` and `dir`.
async fn speak(config: &StoreConfig) {
    let Some(locale) = i18n::Locale::named(&config.locale) else {
        return;
    };
    if !locale.is_english()
        && let Some(catalogue) = site::load_catalogue(locale.code).await
    {
        i18n::install(catalogue);
    }
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", locale.language());
        let _ = html.set_attribute("dir", if locale.right_to_left { "rtl" } else { "ltr" });
    }
}

/// Loads `config.json`, then starts the app, or says plainly why it cannot.
#[component]
fn Root() -> impl IntoView {
    let config = LocalResource::new(|| async {
        let config = site::load_config().await?;
        speak(&config).await;
        Ok::<_, String>(config)
    });
    move || match config.get() {
        None => view! { <p class="loading" role="status">{t(phrase!("Loading…"))}</p> }.into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
        Some(Err(message)) => view! {
            <main class="config-error">
                <section class="card narrow" role="alert">
                    <h1>{t(phrase!("This site is not set up correctly"))}</h1>
                    <p>{message}</p>
                </section>
            </main>
        }
        .into_any(),
    }
}

#[component]
fn App(config: StoreConfig) -> impl IntoView {
    let guest = GuestApi::new(&config);
    let session = Session::restore(&guest);
    if let Some(colour) = &config.accent_color {
        let root = document()
            .document_element()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(root) = root {
            let _ = root.style().set_property("--accent", colour);
        }
    }
    let store = Store::new(config, guest);
    provide_context(store);
    provide_context(session);

    view! {
        <Router base=router_base()>
            <NoticeLifetime session />
            <SiteHeader />
            <DemoNotice />
            <main>
                <Routes fallback=|| view! {
                    <section class="card narrow" aria-labelledby="not-found-title">
                        <components::PageHeading id="not-found-title" text=t(phrase!("Page not found")) />
                        <p><A href=route::Route::Account.href()>{t(phrase!("Go to your account"))}</A></p>
                    </section>
                }>
                    <Route path=path!("/") view=|| view! { <Redirect path=route::Route::Account.path() /> } />
                    <Route path=StaticSegment(s::REGISTER) view=|| view! { <LazyPage page=Page::Register /> } />
                    <Route path=StaticSegment(s::LOGIN) view=|| view! { <LazyPage page=Page::Login /> } />
                    <Route path=StaticSegment(s::FORGOT_PASSWORD) view=|| view! { <LazyPage page=Page::ForgotPassword /> } />
                    <Route path=(StaticSegment(s::RESET_PASSWORD[0]), StaticSegment(s::RESET_PASSWORD[1]), StaticSegment(s::RESET_PASSWORD[2])) view=|| view! { <LazyPage page=Page::ResetPassword /> } />
                    <Route path=StaticSegment(s::STATUS) view=|| view! { <LazyPage page=Page::Status /> } />
                    <ParentRoute path=StaticSegment(s::ACCOUNT) view=|| view! { <LazyPage page=Page::Account(AreaPage::Area) /> }>
                        <Route path=path!("") view=|| view! { <LazyPage page=Page::Account(AreaPage::Home) /> } />
                        <Route path=StaticSegment(s::EDIT) view=|| view! { <LazyPage page=Page::Account(AreaPage::Edit) /> } />
                        <Route path=StaticSegment(s::ADDRESSES) view=|| view! { <LazyPage page=Page::Account(AreaPage::AddressBook) /> } />
                        <Route path=(StaticSegment(s::ADDRESSES), StaticSegment(s::NEW)) view=|| view! { <LazyPage page=Page::Account(AreaPage::AddressForm) /> } />
                        <Route path=(StaticSegment(s::ADDRESSES), ParamSegment(s::ADDRESS_ID)) view=|| view! { <LazyPage page=Page::Account(AreaPage::AddressForm) /> } />
                        <Route path=StaticSegment(s::PASSWORD) view=|| view! { <LazyPage page=Page::Account(AreaPage::Password) /> } />
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}

/// The store's name and logo, the way back to the shop, and where she can go from here.
#[component]
fn SiteHeader() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    let signed_in = move || session.customer_api().with(Option::is_some);
    let logo = store
        .config
        .logo_url
        .clone()
        .map(|src| view! { <img class="logo" src=src alt="" /> });
    let home = store
        .config
        .store_home_url
        .clone()
        .map(|href| view! { <a class="home" href=href>{t(phrase!("Back to the shop"))}</a> });
    view! {
        <header class="site-header">
            <A href=route::Route::Home.href() attr:class="brand">{logo}<span>{store.name.clone()}</span></A>
            <nav aria-label=t(phrase!("Account"))>
                {home}
                <Show
                    when=signed_in
                    fallback=|| view! {
                        <A href=route::Route::Login.href()>{t(phrase!("Sign in"))}</A>
                        <A href=route::Route::Register.href()>{t(phrase!("Create an account"))}</A>
                    }
                >
                    <A href=route::Route::Account.href()>{t(phrase!("My account"))}</A>
                </Show>
            </nav>
        </header>
    }
}

/// A notice lasts for the page it was meant for.
#[component]
fn NoticeLifetime(session: Session) -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| session.next_page(),
        false,
    );
}

/// Against the emulator in demo mode only: a word that this is a demo store, where its
/// e-mails arrive and which ready-made accounts to sign in with. Dismissed, it stays away for
/// the tab.
#[component]
fn DemoNotice() -> impl IntoView {
    const DISMISSED: &str = "commerce-demo-notice-dismissed";
    let storage = session::tab_storage;
    let demo = RwSignal::new(None::<api::DemoStore>);
    let dismissed = storage()
        .and_then(|s| s.get_item(DISMISSED).ok().flatten())
        .is_some();
    if !dismissed {
        api::watch_demo_store(move |store| demo.set(Some(store)));
    }
    let dismiss = move |_| {
        demo.set(None);
        if let Some(storage) = storage() {
            let _ = storage.set_item(DISMISSED, "1");
        }
    };
    move || {
        demo.get().map(|store| {
            let [before, after] = around(
                phrase!("This is a demo store: accounts here are for trying it out, and its e-mails (a welcome, a link for a new password) arrive in the %1."),
            );
            let accounts = store.accounts.map(|accounts| {
                tf(phrase!("To try it at once, sign in with a ready-made account: %1."), &[&accounts])
            });
            view! {
                <aside class="demo-notice" aria-label=t(phrase!("Demo store"))>
                    <p>
                        {before}
                        // Not a route of the app: the router must let the browser go there.
                        <a href=store.mailbox rel="external">{t(phrase!("demo mailbox"))}</a>
                        {after}
                    </p>
                    {accounts.map(|text| view! { <p class="demo-accounts">{text}</p> })}
                    <button type="button" class="link" aria-label=t(phrase!("Dismiss the demo notice")) on:click=dismiss>
                        {t(phrase!("Dismiss"))}
                    </button>
                </aside>
            }
        })
    }
}
