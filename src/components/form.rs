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
    pub fn summary(self, fields: &'static [FormField]) -> Signal<Vec<String>> {
        Signal::derive(move || self.errors.with(|e| e.above_form(fields)))
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

    /// Shows messages beside their fields and moves focus to the first one in error.
    pub fn show(self, messages: Vec<Message>) {
        self.pending.set(false);
        self.errors.set(FormErrors::from_messages(messages));
        self.focus_first_error();
    }

    pub fn show_text(self, text: &str) {
        self.show(vec![Message::plain(text)]);
    }

    /// Once the page has drawn the errors: the first invalid input of this form, or its
    /// summary when no input is invalid.
    fn focus_first_error(self) {
        let form = self.form;
        request_animation_frame(move || {
            let Some(form) = form.get_untracked() else {
                return;
            };
            let target = form
                .query_selector("[aria-invalid='true']")
                .ok()
                .flatten()
                .or_else(|| form.query_selector(".form-errors").ok().flatten());
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
            <Show when=move || !messages.with(Vec::is_empty)>
                <ul>
                    {move || messages.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
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
