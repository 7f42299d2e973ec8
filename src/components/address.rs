use super::field::{SelectField, TextField};
use super::form::FormState;
use super::person::{NameFields, NameInputs};
use crate::address_book::{Defaults, Piece, address_lines};
use crate::address_form::{AddressDraft, MAX_STREET_LINES, street_length};
use crate::context::Store;
use crate::directory::{country_choices, region_choices};
use crate::i18n::{field_label, t};
use crate::locale;
use commerce_rest::customer_config::Show;
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

/// The inputs of the street's lines: their ids and `autocomplete` tokens.
const STREET_LINES: [[&str; 2]; MAX_STREET_LINES] = [
    ["street", "address-line1"],
    ["street2", "address-line2"],
    ["street3", "address-line3"],
    ["street4", "address-line4"],
];

const LATER_STREET_LINES: [&str; MAX_STREET_LINES - 1] = [
    commerce_rest::phrase!("Street address, line 2"),
    commerce_rest::phrase!("Street address, line 3"),
    commerce_rest::phrase!("Street address, line 4"),
];

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
    let region_required = {
        let rules = rules.clone();
        Signal::derive(move || rules.region_required(&fields.country_id.get()))
    };
    let postcode_required =
        Signal::derive(move || rules.postcode_required(&fields.country_id.get()));
    let default_country = store.default_country.clone();
    let country_options =
        Memo::new(move |_| country_choices(&directory(), &default_country, locale::name_order()));
    let region_options = Memo::new(move |_| {
        selected_country
            .get()
            .map(|c| region_choices(&c, locale::name_order()))
            .unwrap_or_default()
    });
    let country_placeholder = Signal::derive(move || match countries.get() {
        None => t("Loading countries…"),
        Some(Ok(_)) => t("Choose a country"),
        Some(Err(_)) => t("Countries could not be loaded"),
    });
    let countries_failed = move || {
        countries.get().and_then(Result::err).map(|e| {
            view! {
                <div class="notice error" role="alert">
                    <p>{t("The list of countries could not be loaded: ")} {e.text()}</p>
                    <button type="button" class="secondary" on:click=move |_| countries.refetch()>
                        {t("Load the countries again")}
                    </button>
                </div>
            }
        })
    };
    // A region belongs to its country: a new country drops the old region (its id and its
    // text) and what was said about the region and the postcode, which followed the old one.
    let on_change = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&ev).id() == "country" {
            fields.region_id.set(String::new());
            fields.region_text.set(String::new());
            form.errors.update(|e| {
                *e = std::mem::take(e).without(&[FormField::Region, FormField::Postcode])
            });
        }
    };
    let street_count = Signal::derive(move || {
        let used = street_length(&fields.street.map(|line| line.get()));
        (used + STREET_COUNT_FROM > limits::STREET).then(|| {
            crate::i18n::tf(
                "%1 of %2 characters used in the street address.",
                &[&used.to_string(), &limits::STREET.to_string()],
            )
        })
    });
    let error = move |field| form.error(field);
    // The store's own form: which of company, phone, fax and VAT number it shows and needs.
    let form_config = store.rules.customer.clone();
    let shown = |show: Show| show != Show::Hidden;
    let required = |show: Show| Signal::stored(show == Show::Required);
    let names = with_names.then(|| view! { <NameInputs names=fields.name form /> });
    // As many street lines as the store has: the first required, each its own
    // `address-lineN`; the count of the street's characters under the first.
    let street_lines = usize::from(form_config.street_lines).clamp(1, MAX_STREET_LINES);
    let street = (0..street_lines)
        .map(|line| {
            let [id, autocomplete] = STREET_LINES[line];
            let label = match line {
                0 => field_label(FormField::Street),
                n => t(LATER_STREET_LINES[n - 1]),
            };
            let error = match line {
                0 => error(FormField::Street),
                _ => Signal::stored(None),
            };
            let note = (line == 0).then_some(street_count);
            view! {
                <TextField id label autocomplete value=fields.street[line] error required=line == 0 maxlength=limits::STREET note />
            }
        })
        .collect_view();

    view! {
        <fieldset on:change=on_change>
            <legend>{legend}</legend>
            {countries_failed}
            {names}
            <SelectField id="country" label=field_label(FormField::Country) autocomplete="country" value=fields.country_id options=country_options error=error(FormField::Country) placeholder=country_placeholder />
            <Show
                when=move || has_regions.get()
                fallback=move || view! {
                    <TextField id="region" label=field_label(FormField::Region) autocomplete="address-level1" value=fields.region_text error=error(FormField::Region) required=region_required maxlength=limits::NAME />
                }
            >
                <SelectField id="region" label=field_label(FormField::Region) autocomplete="address-level1" value=fields.region_id options=region_options error=error(FormField::Region) required=region_required placeholder=t("Choose a state or province") />
            </Show>
            {shown(form_config.company).then(|| view! {
                <TextField id="company" label=field_label(FormField::Company) autocomplete="organization" value=fields.company error=error(FormField::Company) required=required(form_config.company) maxlength=limits::NAME />
            })}
            {street}
            <div class="row">
                <TextField id="city" label=field_label(FormField::City) autocomplete="address-level2" value=fields.city error=error(FormField::City) maxlength=limits::CITY />
                <TextField id="postcode" label=field_label(FormField::Postcode) autocomplete="postal-code" value=fields.postcode error=error(FormField::Postcode) required=postcode_required />
            </div>
            {shown(form_config.telephone).then(|| view! {
                <TextField id="telephone" label=field_label(FormField::Telephone) input_type="tel" autocomplete="tel" value=fields.telephone error=error(FormField::Telephone) required=required(form_config.telephone) maxlength=limits::TELEPHONE />
            })}
            {shown(form_config.fax).then(|| view! {
                <TextField id="fax" label=field_label(FormField::Fax) input_type="tel" autocomplete="off" value=fields.fax error=error(FormField::Fax) required=required(form_config.fax) maxlength=limits::NAME />
            })}
            {form_config.vat_id.then(|| view! {
                <TextField id="vat-id" label=field_label(FormField::VatNumber) autocomplete="off" value=fields.vat_id error=error(FormField::VatNumber) required=false maxlength=limits::NAME />
            })}
        </fieldset>
    }
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
    let separator = crate::i18n::tf("%1, %2", &["", ""]);
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
                {defaults.billing.then(|| view! { <li class="mark billing">{t("Default billing address")}</li> })}
                {defaults.shipping.then(|| view! { <li class="mark shipping">{t("Default shipping address")}</li> })}
            </ul>
            <address>
                {move || lines().into_iter().map(|l| view! { <span class="line">{line(l)}</span> }).collect_view()}
            </address>
            {children.map(|actions| view! { <div class="card-actions">{actions()}</div> })}
        </article>
    }
}
