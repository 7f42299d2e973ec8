use crate::form::FormErrors;
use commerce_rest::{Credentials, FormField, Message};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
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
    fn begin(self) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.errors.set(FormErrors::default());
        self.pending.set(true);
        true
    }

    /// Sends the form: the local `problems` first (shown, and nothing sent), then `work`,
    /// unless a submit is under way. Whatever `work` comes to, the form is no longer pending
    /// after it; what it refuses is shown at the fields.
    pub fn submit<Work>(self, problems: Vec<Message>, work: impl FnOnce() -> Work + 'static)
    where
        Work: Future<Output = Result<(), FormErrors>> + 'static,
    {
        if !problems.is_empty() {
            return self.show(problems);
        }
        if !self.begin() {
            return;
        }
        spawn_local(async move {
            match work().await {
                Ok(()) => {
                    // She may have been sent to another page, which disposed of this one.
                    let _ = self.pending.try_set(false);
                }
                Err(errors) => self.show_errors(errors),
            }
        });
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
                .or_else(|| query("[aria-invalid='true'], .human-check.invalid"))
                .or_else(|| query(".form-errors"));
            if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = element.focus();
            }
        });
    }
}

/// What she typed into a sign-in form: the e-mail as the store matches it, the password as
/// typed (a store never trims one).
pub fn typed_credentials(email: RwSignal<String>, password: RwSignal<String>) -> Credentials {
    Credentials {
        username: email.get_untracked().trim().to_owned(),
        password: password.get_untracked(),
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
