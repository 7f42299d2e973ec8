use super::form::FormState;
use crate::i18n::field_label;
use commerce_rest::FormField;
use leptos::prelude::*;

/// `aria-describedby` of an input: its error, then the parts it has of `["hint", "note"]`.
fn described_by(id: &str, parts: &[Option<&str>]) -> String {
    let mut ids = format!("{id}-error");
    for part in parts.iter().flatten() {
        ids.push_str(&format!(" {id}-{part}"));
    }
    ids
}

/// A field's label, with the mark of a required field.
#[component]
pub fn FieldLabel(
    id: &'static str,
    label: &'static str,
    #[prop(into)] required: Signal<bool>,
) -> impl IntoView {
    view! {
        <label for=id>
            {label}
            <Show when=move || required.get()>
                <span class="required" aria-hidden="true">" *"</span>
            </Show>
        </label>
    }
}

/// The error of a field, announced when it appears; inputs point at it by its id.
#[component]
pub fn FieldError(id: &'static str, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("{id}-error") aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// The frame of a field: its label, the control, and the error tied to it.
#[component]
fn Field(
    id: &'static str,
    label: &'static str,
    required: Signal<bool>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <FieldLabel id label required />
            {children()}
            <FieldError id error />
        </div>
    }
}

/// What a field's input is called and how it is labelled: the field's own, or what a form
/// says instead (the sign-in dialog's ids beside a page's, "New password").
#[derive(Clone, Copy)]
pub(super) struct Named {
    pub id: &'static str,
    pub label: &'static str,
    pub autocomplete: &'static str,
    /// What the form says about the field, shown under it.
    pub error: Signal<Option<String>>,
}

impl Named {
    pub(super) fn of(
        field: FormField,
        form: FormState,
        [id, label, autocomplete]: [Option<&'static str>; 3],
    ) -> Named {
        Named {
            id: id.unwrap_or(field.id()),
            label: label.unwrap_or_else(|| field_label(field)),
            autocomplete: autocomplete.unwrap_or(field.autocomplete()),
            error: form.error(field),
        }
    }
}

/// A labelled input for one field of a form, its error tied to it and announced when it
/// appears; its id, label, `autocomplete`, type and limit are the field's.
#[component]
pub fn TextField(
    field: FormField,
    form: FormState,
    value: RwSignal<String>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, default = Signal::stored(true))] required: Signal<bool>,
    #[prop(optional)] hint: Option<&'static str>,
    /// A line that comes and goes as she types (how many characters are left), announced.
    #[prop(optional_no_strip)]
    note: Option<Signal<Option<String>>>,
    /// The latest value a date input takes.
    #[prop(optional)]
    max: Option<String>,
) -> impl IntoView {
    let named = Named::of(field, form, [id, label, autocomplete]);
    let (id, label, autocomplete, error) = (named.id, named.label, named.autocomplete, named.error);
    view! {
        <Field id label required error>
            <input
                id=id
                name=id
                type=field.input_type()
                autocomplete=autocomplete
                maxlength=field.max_length()
                max=max
                aria-required=move || required.get().to_string()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by(id, &[hint.and(Some("hint")), note.and(Some("note"))])
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {note.map(|note| view! {
                <p class="hint" id=format!("{id}-note") aria-live="polite">{move || note.get()}</p>
            })}
        </Field>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckboxField(
    id: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input id=id name=id type="checkbox" bind:checked=checked />
            <label for=id>{label}</label>
        </div>
    }
}

/// A labelled select of `(value, label)` options for one field of a form.
#[component]
pub fn SelectField(
    field: FormField,
    form: FormState,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, default = Signal::stored(true))] required: Signal<bool>,
    /// The first, empty option: what to do, or why there is nothing to choose yet.
    #[prop(into)]
    placeholder: Signal<&'static str>,
) -> impl IntoView {
    let Named {
        id,
        label,
        autocomplete,
        error,
    } = Named::of(field, form, [None; 3]);
    view! {
        <Field id label required error>
            <select
                id=id
                name=id
                autocomplete=autocomplete
                aria-required=move || required.get().to_string()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by(id, &[])
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">{move || placeholder.get()}</option>
                // The choice is kept by `prop:value`; the list is rebuilt only when it
                // changes, and marks what was chosen before it arrived.
                {move || {
                    let selected = value.get_untracked();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let is_selected = v == selected;
                            view! { <option value=v selected=is_selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </Field>
    }
}
