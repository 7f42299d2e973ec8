use crate::Store;
use crate::address_book::{address_lines, default_marks};
use crate::api::{ApiError, SESSION_ENDED};
use crate::session::{Session, signed_in_until};
use commerce_rest::{Address, Country, Customer};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let Some(api) = session.customer_api.get_untracked() else {
        return view! { <Redirect path="/login?redirect=/account" /> }.into_any();
    };
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let customer = {
        let api = api.clone();
        LocalResource::new(move || {
            let api = api.clone();
            let known = session.customer.get_untracked();
            async move {
                match known {
                    Some(customer) => Ok(customer),
                    None => api.me().await,
                }
            }
        })
    };
    {
        let navigate = navigate.clone();
        Effect::new(move || {
            if let Some(Err(ApiError::SessionEnded)) = customer.get() {
                session.end(SESSION_ENDED);
                navigate("/login?redirect=/account", Default::default());
            }
        });
    }
    let signing_out = RwSignal::new(false);
    let sign_out = {
        let api = api.clone();
        move |_| {
            if signing_out.get_untracked() {
                return;
            }
            signing_out.set(true);
            let api = api.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                // Whatever the store answers, this tab forgets the token.
                let _ = api.revoke().await;
                session.end("You have signed out.");
                navigate("/login", Default::default());
            });
        }
    };
    let until = signed_in_until(&api);
    let countries = store.countries;

    view! {
        <section class="card" aria-labelledby="account-title">
            <div class="account-head">
                <h1 id="account-title">"My account"</h1>
                <button type="button" class="secondary" on:click=sign_out disabled=move || signing_out.get()>
                    "Sign out"
                </button>
            </div>
            {until.map(|u| view! { <p class="session-expiry">"You stay signed in until " {u} "."</p> })}
            {move || match customer.get() {
                None => view! { <p class="loading" role="status">"Loading your account…"</p> }.into_any(),
                Some(Err(e)) => {
                    let text = e.messages().iter().map(|m| m.render()).collect::<Vec<_>>().join(" ");
                    view! { <p class="notice error" role="alert">{text}</p> }.into_any()
                }
                Some(Ok(c)) => {
                    let directory = countries.get().and_then(Result::ok).unwrap_or_default();
                    view! { <AccountDetails customer=c countries=directory /> }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[component]
fn AccountDetails(customer: Customer, countries: Vec<Country>) -> impl IntoView {
    let subscribed = customer.is_subscribed();
    let addresses = customer.addresses.clone().unwrap_or_default();
    let cards = addresses
        .iter()
        .map(|address| {
            let (billing, shipping) = default_marks(&customer, address);
            view! { <AddressCard address=address.clone() countries=countries.clone() billing shipping /> }
        })
        .collect_view();
    view! {
        <h2>"Contact information"</h2>
        <div class="profile">
            <p class="name">{format!("{} {}", customer.firstname, customer.lastname)}</p>
            <p class="email">{customer.email.clone()}</p>
            <p class="newsletter">
                {if subscribed { "You are subscribed to the newsletter." } else { "You are not subscribed to the newsletter." }}
            </p>
        </div>
        <h2>"Address book"</h2>
        {if addresses.is_empty() {
            view! { <p>"You have no addresses in your address book."</p> }.into_any()
        } else {
            view! { <div class="address-book">{cards}</div> }.into_any()
        }}
    }
}

#[component]
fn AddressCard(
    address: Address,
    countries: Vec<Country>,
    billing: bool,
    shipping: bool,
) -> impl IntoView {
    let country_id = address.country_id.clone().unwrap_or_default();
    let country_name = countries
        .iter()
        .find(|c| c.id == country_id)
        .map(|c| c.name().to_owned())
        .unwrap_or(country_id);
    let lines = address_lines(&address, &country_name);
    view! {
        <article class="address-card">
            <ul class="marks">
                {billing.then(|| view! { <li class="mark billing">"Default billing address"</li> })}
                {shipping.then(|| view! { <li class="mark shipping">"Default shipping address"</li> })}
            </ul>
            <address>
                {lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}
            </address>
        </article>
    }
}
