use crate::address_book::{AddressChange, Defaults, customer_with, is_applied};
use crate::components::{AddressCard, PageHeading, focus_by_id};
use crate::i18n::t;
use crate::route::Route;
use crate::session::Session;
use commerce_rest::Phrase;
use commerce_rest::{Address, Customer, phrase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// What the last action on the page came to.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Done(Phrase),
    Failed(String),
}

/// The address book: every address with its marks; edit, delete, and choose the defaults.
#[component]
pub fn AddressBookPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let outcome = RwSignal::new(None::<Said>);
    let busy = RwSignal::new(false);
    // The address whose card asks "Delete this address?", as Luma asks before deleting.
    let asking = RwSignal::new(None::<u32>);
    let change = move |change: AddressChange, done: Phrase| {
        let Some(fetched) = session.customer().get_untracked() else {
            return;
        };
        let customer = match customer_with(&fetched, change.clone()) {
            Ok(customer) => customer,
            Err(refusal) => {
                return outcome.set(Some(Said::Failed(t(refusal.text()).to_owned())));
            }
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let applied = |fresh: &Customer| is_applied(&fetched, fresh, &change);
            let saved = session.save_customer(customer, applied).await;
            busy.set(false);
            outcome.set(Some(match saved {
                Ok(_) => Said::Done(done),
                Err(e) => Said::Failed(e.text()),
            }));
        });
    };

    let change = Callback::new(move |(asked, done)| change(asked, done));
    let cards = move || {
        let customer = session.customer().get()?;
        let addresses = customer.addresses.clone().unwrap_or_default();
        if addresses.is_empty() {
            return Some(
                view! { <p>{t(phrase!("You have no addresses in your address book."))}</p> }
                    .into_any(),
            );
        }
        let cards = addresses
            .into_iter()
            .map(|address| {
                let defaults = Defaults::of(&customer, &address);
                view! { <BookCard address defaults asking busy change /> }
            })
            .collect_view();
        Some(view! { <div class="address-book">{cards}</div> }.into_any())
    };

    view! {
        <section class="card" aria-labelledby="addresses-title">
            <PageHeading id="addresses-title" text=t(phrase!("Address book")) />
            <p><A href=Route::NewAddress.href() attr:class="button">{t(phrase!("Add a new address"))}</A></p>
            <div class="outcome" role="status">
                {move || match outcome.get() {
                    Some(Said::Done(text)) => Some(view! { <p class="notice">{t(text)}</p> }.into_any()),
                    _ => None,
                }}
            </div>
            <div class="problem" role="alert">
                {move || match outcome.get() {
                    Some(Said::Failed(text)) => Some(view! { <p class="notice error">{text}</p> }.into_any()),
                    _ => None,
                }}
            </div>
            {cards}
        </section>
    }
}

/// The card's Delete, which asks first ("Delete this address?", as Luma asks): the question
/// takes focus so that a screen reader reads it; Escape or "Keep it" leaves the address be
/// and gives focus back to Delete.
#[component]
fn DeleteAction(
    id: u32,
    asking: RwSignal<Option<u32>>,
    busy: RwSignal<bool>,
    on_delete: impl Fn() + Copy + 'static,
) -> impl IntoView {
    // Focus moves once the question or the button is shown again.
    let focus_soon = move |element: &'static str| {
        request_animation_frame(move || focus_by_id(&format!("{element}-{id}")));
    };
    let ask = move |_| {
        asking.set(Some(id));
        focus_soon("delete-question");
    };
    let keep = move || {
        asking.set(None);
        focus_soon("delete-address");
    };
    let keep_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            keep();
        }
    };
    view! {
        <button type="button" class="link danger" disabled=move || busy.get() hidden=move || asking.get() == Some(id)
            id=format!("delete-address-{id}") aria-label=t(phrase!("Delete this address")) on:click=ask>
            {t(phrase!("Delete"))}
        </button>
        <div class="delete-question" role="group" aria-labelledby=format!("delete-question-{id}")
            hidden=move || asking.get() != Some(id) on:keydown=keep_on_escape>
            <p id=format!("delete-question-{id}") tabindex="-1">{t(phrase!("Delete this address?"))}</p>
            <button type="button" class="danger" disabled=move || busy.get()
                on:click=move |_| { asking.set(None); on_delete(); }>
                {t(phrase!("Yes, delete it"))}
            </button>
            <button type="button" class="secondary" on:click=move |_| keep()>
                {t(phrase!("Keep it"))}
            </button>
        </div>
    }
}

/// One address of the book, with what she may do with it: edit it, make it a default, and
/// delete it when it is neither.
#[component]
fn BookCard(
    address: Address,
    defaults: Defaults,
    asking: RwSignal<Option<u32>>,
    busy: RwSignal<bool>,
    change: Callback<(AddressChange, Phrase)>,
) -> impl IntoView {
    let id = address.id.unwrap_or_default();
    let make = move |roles: Defaults, done| {
        move |_| {
            change.run((
                AddressChange::MakeDefault {
                    id,
                    defaults: roles,
                },
                done,
            ))
        }
    };
    let billing = Defaults {
        billing: true,
        shipping: false,
    };
    let shipping = Defaults {
        billing: false,
        shipping: true,
    };
    view! {
        <AddressCard address defaults>
            <A href=Route::Address(id).href() attr:aria-label=t(phrase!("Edit this address"))>{t(phrase!("Edit"))}</A>
            {(!defaults.billing).then(|| view! {
                <button type="button" class="link" disabled=move || busy.get()
                    on:click=make(billing, phrase!("This is now your default billing address."))>
                    {t(phrase!("Use as default billing address"))}
                </button>
            })}
            {(!defaults.shipping).then(|| view! {
                <button type="button" class="link" disabled=move || busy.get()
                    on:click=make(shipping, phrase!("This is now your default shipping address."))>
                    {t(phrase!("Use as default shipping address"))}
                </button>
            })}
            {(!defaults.any()).then(|| view! {
                <DeleteAction id asking busy
                    on_delete=move || change.run((AddressChange::Delete { id }, phrase!("The address was deleted."))) />
            })}
        </AddressCard>
    }
}
