use super::field::FieldError;
use super::form::FormState;
use crate::api::{ApiError, HumanProof, Unproven};
use crate::context::Store;
use crate::i18n::{around, t};
use crate::recaptcha::{self, Widget};
use commerce_rest::FormField;
use commerce_rest::phrase;
use commerce_rest::recaptcha::{Badge, FormKey, Guard, Kind};
use leptos::html;
use leptos::prelude::*;

/// A guarded form's widget, and where its provider's script is.
#[derive(Clone)]
struct Guarded {
    guard: Guard,
    script_url: String,
    /// The language the widget speaks: the store's `lang` for it, or the page's.
    language: String,
}

/// Where the widget of a guarded form stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Waiting,
    Ready,
    /// The provider's script did not load; the next submit tries again.
    Failed,
}

/// The store's check that she is not a robot, for one form: nothing on a form the store
/// does not guard; otherwise the widget the store chose, which gives a fresh token right
/// before each call and is reset after it.
#[derive(Clone, Copy)]
pub struct HumanCheck {
    guard: StoredValue<Option<Guarded>>,
    container: NodeRef<html::Div>,
    widget: StoredValue<Option<Widget>, LocalStorage>,
    status: RwSignal<Status>,
}

impl HumanCheck {
    /// The check of `form`, as the store guards it.
    pub fn of(form: FormKey) -> HumanCheck {
        let store = expect_context::<Store>();
        let guarded = store.config.guard(form).map(|guard| Guarded {
            language: widget_language(&store, &guard),
            script_url: store.config.recaptcha_script_url.clone(),
            guard,
        });
        HumanCheck {
            guard: StoredValue::new(guarded),
            container: NodeRef::new(),
            widget: StoredValue::new_local(None),
            status: RwSignal::new(Status::Waiting),
        }
    }

    fn kind(self) -> Option<Kind> {
        self.guard.with_value(|g| g.as_ref().map(|g| g.guard.kind))
    }

    /// Whether a token can be had without her doing anything: the form is not guarded, or is
    /// guarded by an invisible widget. A checkbox needs her tick.
    pub fn proves_alone(self) -> bool {
        self.kind().is_none_or(Kind::is_invisible)
    }

    /// The fields of a form with this check among them, when the store guards it: the check's
    /// messages belong there, not above the form.
    pub fn with_fields(self, fields: &[FormField]) -> Vec<FormField> {
        let mut all = fields.to_vec();
        if self.kind().is_some() {
            all.push(FormField::Recaptcha);
        }
        all
    }

    /// Loads the provider and renders the widget, once it has a place on the page.
    async fn prepare(self) -> Result<(), ApiError> {
        let Some(Some(guarded)) = self.guard.try_get_value() else {
            return Ok(());
        };
        if self.widget.try_with_value(Option::is_some) != Some(false) {
            return Ok(());
        }
        let _ = self.status.try_set(Status::Waiting);
        let loaded = recaptcha::load(&guarded.script_url, &guarded.language).await;
        let container = self.container.try_get_untracked().flatten();
        if loaded
            && let Some(container) = container
            && self.widget.try_with_value(Option::is_none) == Some(true)
        {
            self.widget.set_value(recaptcha::render(
                &container,
                &guarded.guard,
                &guarded.language,
            ));
        }
        let ready = self.widget.try_with_value(Option::is_some) == Some(true);
        let _ = self
            .status
            .try_set(if ready { Status::Ready } else { Status::Failed });
        match ready {
            true => Ok(()),
            false => Err(ApiError::Unproven(Unproven::NotLoaded)),
        }
    }

    /// A fresh token for one guarded call, or why there is none (nothing is sent then);
    /// `None` on a form the store does not guard.
    pub async fn proof(self) -> Result<Option<HumanProof>, ApiError> {
        let Some(kind) = self.kind() else {
            return Ok(None);
        };
        self.prepare().await?;
        let token = match self.widget.try_with_value(Option::clone).flatten() {
            Some(widget) => widget.token().await,
            None => None,
        };
        match token {
            Some(token) => Ok(Some(HumanProof(token))),
            None if kind == Kind::Checkbox => Err(ApiError::Unproven(Unproven::NotTicked)),
            None => Err(ApiError::Unproven(Unproven::NotLoaded)),
        }
    }

    /// After a guarded call, whatever its answer: the token is spent.
    pub fn used(self) {
        let _ = self
            .widget
            .try_with_value(|w| w.as_ref().map(Widget::reset));
    }
}

/// The language the widget speaks: the store's `lang` for it, or the page's.
fn widget_language(store: &Store, guard: &Guard) -> String {
    if !guard.lang.is_empty() {
        return guard.lang.clone();
    }
    crate::i18n::Locale::named(&store.config.locale)
        .map_or("en", crate::i18n::Locale::language)
        .to_owned()
}

/// Where a form's check sits: the checkbox, or the invisible widget's badge where the store
/// placed it, and the check's messages, tied to it and announced. `badge_hidden` where a
/// floating badge could not be seen (a dialog over the page): Google's terms then ask for
/// their sentence instead, as they do wherever the stylesheet hides the badge (a phone).
/// `follow_up` for the check of a call the form makes after its own (signing in after
/// creating the account): an invisible widget alone, whose outcome the form tells.
#[component]
pub fn HumanCheckField(
    check: HumanCheck,
    form: FormState,
    #[prop(optional)] badge_hidden: bool,
    #[prop(optional)] follow_up: bool,
) -> impl IntoView {
    let Some(Guarded { guard, .. }) = check.guard.get_value() else {
        return ().into_any();
    };
    if follow_up && !guard.kind.is_invisible() {
        return ().into_any();
    }
    // A widget belongs to its place on the page: shown again, the field renders a new one.
    on_cleanup(move || {
        let _ = check.widget.try_set_value(None);
    });
    // The provider loads once the page has drawn and can take her typing.
    request_animation_frame(move || {
        set_timeout(
            move || leptos::task::spawn_local(async move { drop(check.prepare().await) }),
            std::time::Duration::ZERO,
        );
    });
    let error = match follow_up {
        true => Signal::stored(None),
        false => form.error(FormField::Recaptcha),
    };
    let floating = guard.kind.is_invisible() && guard.badge != Badge::Inline;
    let terms = guard.kind.is_invisible().then(|| {
        let [before, privacy, between, terms, after] = around::<5>(phrase!(
            "This site is protected by reCAPTCHA and the Google %1Privacy Policy%2 and %3Terms of Service%4 apply."
        ));
        view! {
            <p class="recaptcha-terms">
                {before}<a href="https://policies.google.com/privacy" rel="external">{privacy}</a>
                {between}<a href="https://policies.google.com/terms" rel="external">{terms}</a>{after}
            </p>
        }
    });
    let failed = move || {
        (check.status.get() == Status::Failed && error.with(Option::is_none)).then(|| {
            view! { <p class="hint">{t(phrase!("The check that you are not a robot could not load yet."))}</p> }
        })
    };
    view! {
        <div
            class="field human-check"
            class:invalid=move || error.with(Option::is_some)
            class:badge-hidden=badge_hidden
            class:badge-floating=floating
            tabindex=(!follow_up).then_some("-1")
            aria-describedby=(!follow_up).then(|| format!("{}-error", FormField::Recaptcha.id()))
        >
            <div class="recaptcha-widget" node_ref=check.container></div>
            {terms}
            {failed}
            {(!follow_up).then(|| view! { <FieldError id=FormField::Recaptcha.id() error /> })}
        </div>
    }
    .into_any()
}
