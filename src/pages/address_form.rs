use crate::address_book::{AddressChange, Defaults, customer_with, is_applied};
use crate::address_form::{self, AddressDraft};
use crate::components::{
    AddressFields, AddressFieldset, CheckboxField, ErrorSummary, FormState, PageHeading,
    SubmitButton,
};
use crate::context::Store;
use crate::i18n::t;
use crate::person::NameDraft;
use crate::route::Route;
use crate::session::Session;
use commerce_rest::phrase;
use commerce_rest::{Customer, Message};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params};
use leptos_router::params::Params;

/// The route's address id (`segment::ADDRESS_ID`, `/account/addresses/{id}`).
#[derive(Params, Clone, Debug, PartialEq)]
struct AddressParams {
    id: Option<u32>,
}

/// Adding an address (`/account/addresses/new`) or editing one (`/account/addresses/{id}`).
#[component]
pub fn AddressFormPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let fetched = session.customer().get_untracked().unwrap_or_default();
    // `/account/addresses/new` names no address; a number names one of hers, or none she has;
    // anything else (`abc`) names none at all.
    let existing = match use_params::<AddressParams>().get_untracked() {
        Ok(AddressParams { id: None }) => None,
        Ok(AddressParams { id: Some(id) }) => Some(
            fetched
                .addresses
                .iter()
                .flatten()
                .find(|a| a.id == Some(id))
                .cloned(),
        ),
        Err(_) => Some(None),
    };
    match existing {
        Some(None) => view! {
            <section class="card" aria-labelledby="address-title">
                <PageHeading id="address-title" text=t(phrase!("Address not found")) />
                <p>{t(phrase!("This address is not in your address book."))}</p>
                <p><A href=Route::Addresses.href()>{t(phrase!("Back to your address book"))}</A></p>
            </section>
        }
        .into_any(),
        existing => view! { <AddressEditor existing=existing.flatten() fetched /> }.into_any(),
    }
}

/// The change a submit asks of her address book, or what stops it.
fn change_asked(
    fetched: &Customer,
    id: Option<u32>,
    address: commerce_rest::Address,
    defaults: Defaults,
) -> Result<(AddressChange, Customer), Message> {
    let change = match id {
        Some(id) => AddressChange::Edit {
            id,
            address,
            defaults,
        },
        None => AddressChange::Add { address, defaults },
    };
    let customer = customer_with(fetched, change.clone())
        .map_err(|refusal| Message::plain(t(refusal.text())))?;
    Ok((change, customer))
}

/// The form of a new address (`existing` none) or of one she has.
#[component]
fn AddressEditor(existing: Option<commerce_rest::Address>, fetched: Customer) -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    let id = existing.as_ref().and_then(|a| a.id);
    let title = match id {
        Some(_) => t(phrase!("Edit address")),
        None => t(phrase!("Add a new address")),
    };
    let draft = match &existing {
        Some(address) => AddressDraft::of(address, store.rules.customer.street_lines),
        None => AddressDraft {
            name: NameDraft::of_customer(&fetched),
            ..AddressDraft::new(&store.config.default_country)
        },
    };
    let already = existing
        .as_ref()
        .map(|a| Defaults::of(&fetched, a))
        .unwrap_or_default();
    let book_is_empty = fetched.addresses.as_ref().is_none_or(Vec::is_empty);
    // The address as she last fetched it, so that what the form does not show is kept.
    let base = existing.unwrap_or_default();
    let fields = AddressFields::new(&draft);
    let make = DefaultsAsked {
        billing: RwSignal::new(false),
        shipping: RwSignal::new(false),
    };
    let form = FormState::default();
    let form_fields = address_form::fields(&store.rules.customer, true);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let countries = match store.countries.for_submit() {
            Ok(countries) => countries,
            Err(not_yet) => return form.show(vec![not_yet]),
        };
        let Some(fetched) = session.customer().get_untracked() else {
            return;
        };
        let draft = fields.draft();
        let defaults = Defaults {
            billing: make.billing.get_untracked(),
            shipping: make.shipping.get_untracked(),
        };
        let address = draft.apply_to(&base, &countries, &store.rules.customer);
        let mut problems = draft.problems(&countries, &store.rules);
        let asked = change_asked(&fetched, id, address, defaults);
        if let Err(refusal) = &asked {
            problems.push(refusal.clone());
        }
        let navigate = navigate.clone();
        form.submit(problems, move || async move {
            let Ok((change, customer)) = asked else {
                return Ok(());
            };
            let applied = |fresh: &Customer| is_applied(&fetched, fresh, &change);
            session.save_customer(customer, applied).await?;
            session.tell(t(phrase!("You saved the address.")));
            navigate(&Route::Addresses.path(), Default::default());
            Ok(())
        });
    };

    view! {
        <section class="card" aria-labelledby="address-title">
            <PageHeading id="address-title" text=title />
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(form_fields) />
                <AddressFieldset fields form legend=t(phrase!("Address")) with_names=true />
                <DefaultChoices book_is_empty already make />
                <SubmitButton form label=t(phrase!("Save address")) pending_label=t(phrase!("Saving…")) />
            </form>
            <p class="switch"><A href=Route::Addresses.href()>{t(phrase!("Back to your address book"))}</A></p>
        </section>
    }
}

/// Her answers to "use as my default billing / shipping address".
#[derive(Clone, Copy)]
struct DefaultsAsked {
    billing: RwSignal<bool>,
    shipping: RwSignal<bool>,
}

/// Whether the address becomes her default billing and shipping address: asked where it is
/// not already.
#[component]
fn DefaultChoices(book_is_empty: bool, already: Defaults, make: DefaultsAsked) -> impl IntoView {
    let choice = move |is_already: bool, checked, id, label, already_text: &'static str| {
        if is_already {
            view! { <p class="hint">{already_text}</p> }.into_any()
        } else {
            view! { <CheckboxField id label checked /> }.into_any()
        }
    };
    view! {
        <fieldset>
            <legend>{t(phrase!("Default addresses"))}</legend>
            {if book_is_empty {
                view! { <p class="hint">{t(phrase!("Your first address is your default billing and shipping address."))}</p> }.into_any()
            } else {
                view! {
                    {choice(already.billing, make.billing, "default-billing", t(phrase!("Use as my default billing address")), t(phrase!("This is your default billing address.")))}
                    {choice(already.shipping, make.shipping, "default-shipping", t(phrase!("Use as my default shipping address")), t(phrase!("This is your default shipping address.")))}
                }
                .into_any()
            }}
        </fieldset>
    }
}
