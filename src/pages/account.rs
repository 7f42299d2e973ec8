use crate::address_book::Defaults;
use crate::components::{AddressCard, PageHeading};
use crate::i18n::{field_label, t, tf};
use crate::person::{GENDERS, NameDraft};
use crate::route::Route;
use crate::session::Session;
use commerce_rest::Customer;
use commerce_rest::FormField;
use commerce_rest::phrase;
use leptos::prelude::*;
use leptos_router::components::A;

/// My account: her contact information and her address book at a glance.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <section class="card" aria-labelledby="account-title">
            <PageHeading id="account-title" text=t(phrase!("My account")) />
            {move || session.customer().get().map(|customer| view! { <AccountDetails customer /> })}
        </section>
    }
}

#[component]
fn AccountDetails(customer: Customer) -> impl IntoView {
    let subscribed = customer.is_subscribed();
    // What the store asked besides her names, each with its label, the date in her language.
    let gender = customer
        .gender
        .and_then(|id| GENDERS.iter().find(|(g, _)| *g == id))
        .map(|(_, label)| t(*label).to_owned());
    let details = [
        (FormField::DateOfBirth, customer.dob.as_deref().map(crate::locale::date)),
        (FormField::TaxVat, customer.taxvat.clone()),
        (FormField::Gender, gender),
    ]
    .into_iter()
    .filter_map(|(field, value)| Some((field, value.filter(|v| !v.is_empty())?)))
    .map(|(field, value)| view! { <p class="detail">{tf(phrase!("%1: %2"), &[field_label(field), &value])}</p> })
    .collect_view();
    let addresses = customer.addresses.clone().unwrap_or_default();
    let cards = addresses
        .iter()
        .map(|address| {
            let defaults = Defaults::of(&customer, address);
            let edit = Route::Address(address.id.unwrap_or_default()).href();
            view! {
                <AddressCard address=address.clone() defaults>
                    <A href=edit.clone() attr:aria-label=t(phrase!("Edit this address"))>{t(phrase!("Edit"))}</A>
                </AddressCard>
            }
        })
        .collect_view();
    view! {
        <div class="section-head">
            <h2>{t(phrase!("Contact information"))}</h2>
            <A href=Route::AccountEdit.href() attr:aria-label=t(phrase!("Edit contact information"))>{t(phrase!("Edit"))}</A>
        </div>
        <div class="profile">
            <p class="name">{NameDraft::of_customer(&customer).full()}</p>
            <p class="email">{customer.email.clone()}</p>
            {details}
            <p class="newsletter">
                {if subscribed { t(phrase!("You are subscribed to the newsletter.")) } else { t(phrase!("You are not subscribed to the newsletter.")) }}
            </p>
            <p><A href=Route::Password.href()>{t(phrase!("Change password"))}</A></p>
        </div>
        <div class="section-head">
            <h2>{t(phrase!("Address book"))}</h2>
            <A href=Route::Addresses.href()>{t(phrase!("Manage addresses"))}</A>
        </div>
        {if addresses.is_empty() {
            view! { <p>{t(phrase!("You have no addresses in your address book."))}</p> }.into_any()
        } else {
            view! { <div class="address-book">{cards}</div> }.into_any()
        }}
    }
}
