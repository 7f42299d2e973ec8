use crate::address_book::{AddressChange, Defaults, customer_with, is_applied};
use crate::address_form::{self, AddressDraft};
use crate::components::{
    AddressFields, AddressFieldset, CheckboxField, ErrorSummary, FormState, PageHeading,
    SubmitButton,
};
use crate::context::Store;
use crate::i18n::t;
use crate::person::NameDraft;
use crate::session::Session;
use commerce_rest::Customer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Adding an address (`/account/addresses/new`) or editing one (`/account/addresses/{id}`).
#[component]
pub fn AddressFormPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let store = expect_context::<Store>();
    let navigate = use_navigate();
    // `/account/addresses/new` names no address; any other last segment names one of hers,
    // or none at all (`abc`, an id she does not have).
    let named = use_params_map().get_untracked().get("id");
    let fetched = session.customer.get_untracked().unwrap_or_default();
    let existing = named.as_deref().map(|named| {
        let id = named.parse::<u32>().ok()?;
        fetched
            .addresses
            .iter()
            .flatten()
            .find(|a| a.id == Some(id))
            .cloned()
    });
    if matches!(existing, Some(None)) {
        return view! {
            <section class="card" aria-labelledby="address-title">
                <PageHeading id="address-title" text=t("Address not found") />
                <p>{t("This address is not in your address book.")}</p>
                <p><A href=crate::href("/account/addresses")>{t("Back to your address book")}</A></p>
            </section>
        }
        .into_any();
    }
    let existing = existing.flatten();
    let id = existing.as_ref().and_then(|a| a.id);
    // The address as she last fetched it, so that what the form does not show is kept.
    let base = existing.clone().unwrap_or_default();
    let book_is_empty = fetched.addresses.as_ref().is_none_or(Vec::is_empty);
    let already = existing
        .as_ref()
        .map(|a| Defaults::of(&fetched, a))
        .unwrap_or_default();
    let draft = match &existing {
        Some(address) => AddressDraft::of(address, store.rules.customer.street_lines),
        None => AddressDraft {
            name: NameDraft::of_customer(&fetched),
            ..AddressDraft::new(&store.default_country)
        },
    };
    let fields = AddressFields::new(&draft);
    let make_billing = RwSignal::new(false);
    let make_shipping = RwSignal::new(false);
    let form = FormState::default();
    let title = if existing.is_some() {
        t("Edit address")
    } else {
        t("Add a new address")
    };

    let form_fields = address_form::fields(&store.rules.customer, true);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(countries)) = store.countries.get_untracked() else {
            return form.show_text(
                t("The list of countries has not loaded from the store yet. Please wait a moment and try again."),
            );
        };
        let draft = fields.draft();
        let problems = draft.problems(&countries, &store.rules);
        if !problems.is_empty() {
            return form.show(problems);
        }
        let Some(fetched) = session.customer.get_untracked() else {
            return;
        };
        let defaults = Defaults {
            billing: make_billing.get_untracked(),
            shipping: make_shipping.get_untracked(),
        };
        let address = draft.apply_to(&base, &countries, &store.rules.customer);
        let change = match id {
            Some(id) => AddressChange::Edit {
                id,
                address,
                defaults,
            },
            None => AddressChange::Add { address, defaults },
        };
        let customer = match customer_with(&fetched, change.clone()) {
            Ok(customer) => customer,
            Err(refusal) => return form.show_text(t(refusal.text())),
        };
        if !form.begin() {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            let applied = |fresh: &Customer| is_applied(&fetched, fresh, &change);
            match session.save_customer(customer, applied).await {
                Ok(_) => {
                    form.done();
                    session.tell(t("You saved the address."));
                    navigate("/account/addresses", Default::default());
                }
                Err(e) => form.show(e.messages()),
            }
        });
    };

    let default_choice = move |is_already: bool, checked, id, label, already_text: &'static str| {
        if is_already {
            view! { <p class="hint">{already_text}</p> }.into_any()
        } else {
            view! { <CheckboxField id label checked /> }.into_any()
        }
    };

    view! {
        <section class="card" aria-labelledby="address-title">
            <PageHeading id="address-title" text=title />
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(form_fields) />
                <AddressFieldset fields form legend=t("Address") with_names=true />
                <fieldset>
                    <legend>{t("Default addresses")}</legend>
                    {if book_is_empty {
                        view! { <p class="hint">{t("Your first address is your default billing and shipping address.")}</p> }.into_any()
                    } else {
                        view! {
                            {default_choice(already.billing, make_billing, "default-billing", t("Use as my default billing address"), t("This is your default billing address."))}
                            {default_choice(already.shipping, make_shipping, "default-shipping", t("Use as my default shipping address"), t("This is your default shipping address."))}
                        }
                        .into_any()
                    }}
                </fieldset>
                <SubmitButton form label=t("Save address") pending_label=t("Saving…") />
            </form>
            <p class="switch"><A href=crate::href("/account/addresses")>{t("Back to your address book")}</A></p>
        </section>
    }
    .into_any()
}
