//! A storefront's account pages as a single-page app: create an account with its default
//! address, sign in, and see the profile and address book, against an Adobe Commerce /
//! Magento store's REST API called straight from the browser.

pub mod address_book;
pub mod api;
mod components;
pub mod config;
pub mod form;
mod pages;
pub mod registration;
pub mod session;

use api::{ApiError, GuestApi};
use commerce_rest::{Country, StoreRules};
use config::StoreConfig;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{AccountPage, LoginPage, RegisterPage};
use session::Session;

/// The store this site serves, shared by every page.
#[derive(Clone)]
pub struct Store {
    pub guest: GuestApi,
    pub rules: StoreRules,
    pub default_country: String,
    /// The store's countries, fetched once for the form and the address cards.
    pub countries: LocalResource<Result<Vec<Country>, ApiError>>,
}

pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(Root);
}

/// Loads `config.json`, then starts the app, or says plainly why it cannot.
#[component]
fn Root() -> impl IntoView {
    let config = LocalResource::new(api::load_config);
    move || match config.get() {
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
        Some(Err(message)) => view! {
            <main class="config-error">
                <section class="card narrow" role="alert">
                    <h1>"This site is not set up correctly"</h1>
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
    let countries = {
        let guest = guest.clone();
        LocalResource::new(move || {
            let guest = guest.clone();
            async move { guest.countries().await }
        })
    };
    let session = Session::restore(&guest);
    provide_context(Store {
        guest,
        rules: config.rules(),
        default_country: config.default_country.clone(),
        countries,
    });
    provide_context(session);
    let signed_in = move || session.customer_api.with(Option::is_some);

    view! {
        <Router>
            <header class="site-header">
                <a class="brand" href="/">"Customer account"</a>
                <nav aria-label="Account">
                    <Show
                        when=signed_in
                        fallback=|| view! {
                            <A href="/login">"Sign in"</A>
                            <A href="/register">"Create an account"</A>
                        }
                    >
                        <A href="/account">"My account"</A>
                    </Show>
                </nav>
            </header>
            <main>
                <Routes fallback=|| view! {
                    <section class="card narrow"><h1>"Page not found"</h1><p><a href="/">"Go to your account"</a></p></section>
                }>
                    <Route path=path!("/") view=|| view! { <Redirect path="/account" /> } />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/account") view=AccountPage />
                </Routes>
            </main>
        </Router>
    }
}
