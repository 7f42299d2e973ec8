use crate::form::FormErrors;
use commerce_rest::{FormField, Message};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The state every form of the app has: its errors, whether a submit is under way, and
/// where keyboard focus goes when something is wrong.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FormErrors>,
    pub pending: RwSignal<bool>,
    pub form: NodeRef<html::Form>,
}

impl Default for FormState {
    fn default() -> Self {
        FormState {
            errors: RwSignal::new(FormErrors::default()),
            pending: RwSignal::new(false),
            form: NodeRef::new(),
        }
    }
}

impl FormState {
    /// The error of one field, as its input shows it.
    pub fn error(self, field: FormField) -> Signal<Option<String>> {
        Signal::derive(move || self.errors.with(|e| e.for_field(field)))
    }

    /// The messages that concern none of the form's fields, for its summary.
    pub fn summary(self, fields: impl Into<Vec<FormField>>) -> Signal<Vec<String>> {
        let fields = fields.into();
        Signal::derive(move || self.errors.with(|e| e.above_form(&fields)))
    }

    /// Starts a submit, unless one is under way: a second click sends nothing twice.
    pub fn begin(self) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.errors.set(FormErrors::default());
        self.pending.set(true);
        true
    }

    pub fn done(self) {
        self.pending.set(false);
    }

    /// Shows messages beside their fields (or above the form) and moves focus to them.
    pub fn show(self, messages: Vec<Message>) {
        self.show_errors(FormErrors::from_messages(messages));
    }

    pub fn show_errors(self, errors: FormErrors) {
        self.pending.set(false);
        self.errors.set(errors);
        self.focus_first_error();
    }

    pub fn show_text(self, text: &str) {
        self.show(vec![Message::plain(text)]);
    }

    /// Once the page has drawn the errors: the messages above the form when there are any
    /// (a failed sign-in), else the first invalid input.
    fn focus_first_error(self) {
        let form = self.form;
        request_animation_frame(move || {
            let Some(form) = form.get_untracked() else {
                return;
            };
            let query = |selector: &str| form.query_selector(selector).ok().flatten();
            let target = query(".form-errors:not(:empty)")
                .filter(|summary| summary.child_element_count() > 0)
                .or_else(|| query("[aria-invalid='true']"))
                .or_else(|| query(".form-errors"));
            if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = element.focus();
            }
        });
    }
}

/// The messages that belong to no field, above the form, announced at once.
#[component]
pub fn ErrorSummary(
    #[prop(into)] messages: Signal<Vec<String>>,
    #[prop(default = "form-errors")] id: &'static str,
) -> impl IntoView {
    view! {
        <div class="form-errors" role="alert" id=id tabindex="-1">
            // Each message is a sentence of its own, not an item of a list.
            <Show when=move || !messages.with(Vec::is_empty)>
                <div class="messages">
                    {move || messages.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
            </Show>
        </div>
    }
}

/// The button that sends a form: it says what is happening while the store works on it.
#[component]
pub fn SubmitButton(
    form: FormState,
    label: &'static str,
    pending_label: &'static str,
) -> impl IntoView {
    let pending = form.pending;
    view! {
        <button type="submit" class="primary" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
