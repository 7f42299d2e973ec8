use super::field::{SelectField, TextField};
use super::form::FormState;
use super::person::{NameFields, NameInputs};
use crate::address_book::{Defaults, Piece, address_lines};
use crate::address_form::{AddressDraft, MAX_STREET_LINES, street_length};
use crate::context::Store;
use crate::directory::{country_choices, region_choices};
use crate::i18n::t;
use crate::locale;
use commerce_rest::customer_config::Show;
use commerce_rest::phrase;
use commerce_rest::validate::limits;
use commerce_rest::{Address, FormField};
use leptos::prelude::*;

/// What the shopper has typed into an address, one signal a field; it outlives every error.
#[derive(Clone, Copy)]
pub struct AddressFields {
    pub name: NameFields,
    pub country_id: RwSignal<String>,
    pub region_id: RwSignal<String>,
    pub region_text: RwSignal<String>,
    pub street: [RwSignal<String>; MAX_STREET_LINES],
    pub city: RwSignal<String>,
    pub postcode: RwSignal<String>,
    pub telephone: RwSignal<String>,
    pub company: RwSignal<String>,
    pub fax: RwSignal<String>,
    pub vat_id: RwSignal<String>,
}

impl AddressFields {
    pub fn new(draft: &AddressDraft) -> AddressFields {
        let text = |value: &String| RwSignal::new(value.clone());
        AddressFields {
            name: NameFields::new(&draft.name),
            country_id: text(&draft.country_id),
            region_id: text(&draft.region_id),
            region_text: text(&draft.region_text),
            street: draft.street.each_ref().map(text),
            city: text(&draft.city),
            postcode: text(&draft.postcode),
            telephone: text(&draft.telephone),
            company: text(&draft.company),
            fax: text(&draft.fax),
            vat_id: text(&draft.vat_id),
        }
    }

    pub fn draft(&self) -> AddressDraft {
        AddressDraft {
            name: self.name.draft(),
            country_id: self.country_id.get_untracked(),
            region_id: self.region_id.get_untracked(),
            region_text: self.region_text.get_untracked(),
            street: self.street.map(|line| line.get_untracked()),
            city: self.city.get_untracked(),
            postcode: self.postcode.get_untracked(),
            telephone: self.telephone.get_untracked(),
            company: self.company.get_untracked(),
            fax: self.fax.get_untracked(),
            vat_id: self.vat_id.get_untracked(),
        }
    }
}

/// How close to the street's limit the count of its characters appears.
const STREET_COUNT_FROM: usize = 30;

/// Country, region, street, city, postcode and phone of an address, with the store's rules
/// for the chosen country: the same fieldset at registration and in the address book.
#[component]
pub fn AddressFieldset(
    fields: AddressFields,
    form: FormState,
    legend: &'static str,
    /// The address book asks for the names of the addressee; registration uses hers.
    #[prop(optional)]
    with_names: bool,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let rules = store.rules.clone();
    let postcode_required =
        Signal::derive(move || rules.postcode_required(&fields.country_id.get()));
    // A region belongs to its country: a new country drops the old region (its id and its
    // text) and what was said about the region and the postcode, which followed the old one.
    let on_change = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&ev).id() == FormField::Country.id() {
            fields.region_id.set(String::new());
            fields.region_text.set(String::new());
            form.errors.update(|e| {
                *e = std::mem::take(e).without(&[FormField::Region, FormField::Postcode])
            });
        }
    };
    // The store's own form: which of company, phone, fax and VAT number it shows and needs.
    let config = &store.rules.customer;
    let vat_id = if config.vat_id {
        Show::Optional
    } else {
        Show::Hidden
    };
    let names = with_names.then(|| view! { <NameInputs names=fields.name form /> });
    view! {
        <fieldset on:change=on_change>
            <legend>{legend}</legend>
            {names}
            <CountryAndRegion fields form />
            <ShownField field=FormField::Company show=config.company value=fields.company form />
            <StreetLines fields form />
            <div class="row">
                <TextField field=FormField::City form value=fields.city />
                <TextField field=FormField::Postcode form value=fields.postcode required=postcode_required />
            </div>
            <ShownField field=FormField::Telephone show=config.telephone value=fields.telephone form />
            <ShownField field=FormField::Fax show=config.fax value=fields.fax form />
            <ShownField field=FormField::VatNumber show=vat_id value=fields.vat_id form />
        </fieldset>
    }
}

/// A field the store shows optional or required, or not at all.
#[component]
fn ShownField(
    field: FormField,
    show: Show,
    value: RwSignal<String>,
    form: FormState,
) -> impl IntoView {
    (show != Show::Hidden).then(|| {
        view! { <TextField field form value required=show == Show::Required /> }
    })
}

/// The country, from the store's directory, and its region: chosen from the country's list,
/// or typed where it lists none.
#[component]
fn CountryAndRegion(fields: AddressFields, form: FormState) -> impl IntoView {
    let store = expect_context::<Store>();
    let countries = store.countries;
    countries.want();
    let directory = move || countries.get().and_then(Result::ok).unwrap_or_default();
    let selected_country = Memo::new(move |_| {
        let id = fields.country_id.get();
        directory().iter().find(|c| c.id == id).cloned()
    });
    let has_regions = Memo::new(move |_| {
        selected_country.with(|c| c.as_ref().is_some_and(|c| !c.available_regions.is_empty()))
    });
    let rules = store.rules.clone();
    let region_required = Signal::derive(move || rules.region_required(&fields.country_id.get()));
    let default_country = store.config.default_country.clone();
    let country_options =
        Memo::new(move |_| country_choices(&directory(), &default_country, locale::name_order()));
    let region_options = Memo::new(move |_| {
        selected_country
            .get()
            .map(|c| region_choices(&c, locale::name_order()))
            .unwrap_or_default()
    });
    let country_placeholder = Signal::derive(move || match countries.get() {
        None => t(phrase!("Loading countries…")),
        Some(Ok(_)) => t(phrase!("Choose a country")),
        Some(Err(_)) => t(phrase!("Countries could not be loaded")),
    });
    let countries_failed = move || {
        countries.get().and_then(Result::err).map(|e| {
            view! {
                <div class="notice error" role="alert">
                    <p>{t(phrase!("The list of countries could not be loaded: "))} {e.text()}</p>
                    <button type="button" class="secondary" on:click=move |_| countries.refetch()>
                        {t(phrase!("Load the countries again"))}
                    </button>
                </div>
            }
        })
    };
    view! {
        {countries_failed}
        <SelectField field=FormField::Country form value=fields.country_id options=country_options placeholder=country_placeholder />
        <Show
            when=move || has_regions.get()
            fallback=move || view! {
                <TextField field=FormField::Region form value=fields.region_text required=region_required />
            }
        >
            <SelectField field=FormField::Region form value=fields.region_id options=region_options required=region_required placeholder=t(phrase!("Choose a state or province")) />
        </Show>
    }
}

/// As many street lines as the store has, the first required, with the count of the street's
/// characters under it as the store's limit nears.
#[component]
fn StreetLines(fields: AddressFields, form: FormState) -> impl IntoView {
    let store = expect_context::<Store>();
    let street_count = Signal::derive(move || {
        let used = street_length(&fields.street.map(|line| line.get()));
        (used + STREET_COUNT_FROM > limits::STREET).then(|| {
            crate::i18n::tf(
                phrase!("%1 of %2 characters used in the street address."),
                &[&used.to_string(), &limits::STREET.to_string()],
            )
        })
    });
    let lines = usize::from(store.rules.customer.street_lines).clamp(1, MAX_STREET_LINES);
    (0..lines)
        .map(|line| {
            let field = match line {
                0 => FormField::Street,
                n => FormField::StreetLine(n as u8 + 1),
            };
            let note = (line == 0).then_some(street_count);
            view! { <TextField field form value=fields.street[line] required=line == 0 note /> }
        })
        .collect_view()
}

/// One address as the storefront prints it, with its default marks and any actions.
#[component]
pub fn AddressCard(
    address: Address,
    defaults: Defaults,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    store.countries.want();
    let country_id = address.country_id.clone().unwrap_or_default();
    // The language's list separator, as its catalogue joins two things.
    let separator = crate::i18n::tf(phrase!("%1, %2"), &["", ""]);
    let lines = move || address_lines(&address, &store.country_name(&country_id), &separator);
    // A number is its own left-to-right run (an element with `dir` is isolated).
    let line = |pieces: Vec<Piece>| {
        pieces
            .into_iter()
            .map(|piece| {
                let (text, dir) = match piece {
                    Piece::Words(text) => (text, None),
                    Piece::Number(text) => (text, Some("ltr")),
                };
                view! { <span dir=dir>{text}</span> }
            })
            .collect_view()
    };
    view! {
        <article class="address-card">
            <ul class="marks">
                {defaults.billing.then(|| view! { <li class="mark billing">{t(phrase!("Default billing address"))}</li> })}
                {defaults.shipping.then(|| view! { <li class="mark shipping">{t(phrase!("Default shipping address"))}</li> })}
            </ul>
            <address>
                {move || lines().into_iter().map(|l| view! { <span class="line">{line(l)}</span> }).collect_view()}
            </address>
            {children.map(|actions| view! { <div class="card-actions">{actions()}</div> })}
        </article>
    }
}
