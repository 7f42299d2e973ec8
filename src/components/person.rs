use super::field::{SelectField, TextField};
use super::form::FormState;
use crate::context::Store;
use crate::i18n::t;
use crate::person::{DetailsDraft, GENDERS, NameDraft, honorific_choices};
use commerce_rest::FormField;
use commerce_rest::customer_config::Show;
use commerce_rest::phrase;
use leptos::prelude::*;

/// What she has typed into her names, one signal a part; it outlives every error.
#[derive(Clone, Copy)]
pub struct NameFields {
    pub prefix: RwSignal<String>,
    pub firstname: RwSignal<String>,
    pub middlename: RwSignal<String>,
    pub lastname: RwSignal<String>,
    pub suffix: RwSignal<String>,
}

impl NameFields {
    pub fn new(draft: &NameDraft) -> NameFields {
        let text = |value: &String| RwSignal::new(value.clone());
        NameFields {
            prefix: text(&draft.prefix),
            firstname: text(&draft.firstname),
            middlename: text(&draft.middlename),
            lastname: text(&draft.lastname),
            suffix: text(&draft.suffix),
        }
    }

    pub fn draft(&self) -> NameDraft {
        NameDraft {
            prefix: self.prefix.get_untracked(),
            firstname: self.firstname.get_untracked(),
            middlename: self.middlename.get_untracked(),
            lastname: self.lastname.get_untracked(),
            suffix: self.suffix.get_untracked(),
        }
    }
}

/// A name prefix or suffix: a select of the store's options, or free text when it lists none.
#[component]
fn Honorific(
    field: FormField,
    show: Show,
    options: Vec<String>,
    value: RwSignal<String>,
    form: FormState,
) -> impl IntoView {
    let required = Signal::stored(show == Show::Required);
    if options.is_empty() {
        return view! { <TextField field form value required /> }.into_any();
    }
    let options = honorific_choices(&options, &value.get_untracked());
    view! { <SelectField field form value options required placeholder=t(phrase!("Choose one")) /> }
        .into_any()
}

/// Her names as the store's form has them: prefix, first, middle, last and suffix, each
/// labelled and limited as the store has them.
#[component]
pub fn NameInputs(names: NameFields, form: FormState) -> impl IntoView {
    let store = expect_context::<Store>();
    let config = store.rules.customer.clone();
    let honorific = move |field, show: Show, options: &Vec<String>, value| {
        (show != Show::Hidden).then(|| {
            let options = options.clone();
            view! { <Honorific field show options value form /> }
        })
    };
    view! {
        {honorific(FormField::Prefix, config.prefix, &config.prefix_options, names.prefix)}
        <div class="row">
            <TextField field=FormField::Firstname form value=names.firstname />
            {config.middlename.then(|| view! {
                <TextField field=FormField::Middlename form value=names.middlename required=false />
            })}
            <TextField field=FormField::Lastname form value=names.lastname />
        </div>
        {honorific(FormField::Suffix, config.suffix, &config.suffix_options, names.suffix)}
    }
}

/// What she has typed into the store's other questions about her.
#[derive(Clone, Copy)]
pub struct DetailFields {
    pub dob: RwSignal<String>,
    pub taxvat: RwSignal<String>,
    pub gender: RwSignal<String>,
}

impl DetailFields {
    pub fn new(draft: &DetailsDraft) -> DetailFields {
        DetailFields {
            dob: RwSignal::new(draft.dob.clone()),
            taxvat: RwSignal::new(draft.taxvat.clone()),
            gender: RwSignal::new(draft.gender.clone()),
        }
    }

    pub fn draft(&self) -> DetailsDraft {
        DetailsDraft {
            dob: self.dob.get_untracked(),
            taxvat: self.taxvat.get_untracked(),
            gender: self.gender.get_untracked(),
        }
    }
}

/// Date of birth, Tax/VAT number and gender, as far as the store asks them.
#[component]
pub fn DetailInputs(details: DetailFields, form: FormState) -> impl IntoView {
    let store = expect_context::<Store>();
    let config = &store.rules.customer;
    let required = |show: Show| Signal::stored(show == Show::Required);
    let genders: Vec<(String, String)> = GENDERS
        .iter()
        .map(|(id, label)| (id.to_string(), t(*label).to_owned()))
        .collect();
    let (dob, taxvat, gender) = (config.dob, config.taxvat, config.gender);
    view! {
        {(dob != Show::Hidden).then(|| view! {
            <TextField field=FormField::DateOfBirth form value=details.dob required=required(dob) max=crate::locale::latest_today() />
        })}
        {(taxvat != Show::Hidden).then(|| view! {
            <TextField field=FormField::TaxVat form value=details.taxvat required=required(taxvat) />
        })}
        {(gender != Show::Hidden).then(|| view! {
            <SelectField field=FormField::Gender form value=details.gender options=genders required=required(gender) placeholder=t(phrase!("Choose one")) />
        })}
    }
}
