//! The store's check that she is not a robot, for one form. The page holds a small handle:
//! on a form the store does not guard it is empty, and nothing of reCAPTCHA runs or loads.
//! On a guarded form its widget, its state and its view are the `recaptcha` chunk's
//! ([`crate::recaptcha::Provider`]), fetched once the page has drawn.

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

/// A guarded form's widget, where its provider's script is, and how far it has come.
struct Checking {
    guard: Guard,
    script_url: String,
    /// The language the widget speaks: the store's `lang` for it, or the page's.
    language: String,
    container: NodeRef<html::Div>,
    widget: Option<Widget>,
    status: RwSignal<Status>,
}

/// Where the widget of a guarded form stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Waiting,
    Ready,
    /// The provider's script did not load; the next submit tries again.
    Failed,
}

/// The check of one form: none on a form the store does not guard; otherwise the widget the
/// store chose, which gives a fresh token right before each call and is reset after it.
#[derive(Clone, Copy)]
pub struct HumanCheck {
    guarded: Option<StoredValue<Checking, LocalStorage>>,
    kind: Option<Kind>,
}

impl HumanCheck {
    /// The check of `form`, as the store guards it.
    pub fn of(form: FormKey) -> HumanCheck {
        let store = expect_context::<Store>();
        let Some(guard) = store.config.guard(form) else {
            return HumanCheck {
                guarded: None,
                kind: None,
            };
        };
        HumanCheck {
            kind: Some(guard.kind),
            guarded: Some(StoredValue::new_local(Checking {
                language: widget_language(&store, &guard),
                script_url: store.config.recaptcha_script_url.clone(),
                guard,
                container: NodeRef::new(),
                widget: None,
                status: RwSignal::new(Status::Waiting),
            })),
        }
    }

    /// Whether a token can be had without her doing anything: the form is not guarded, or is
    /// guarded by an invisible widget. A checkbox needs her tick.
    pub fn proves_alone(self) -> bool {
        self.kind.is_none_or(Kind::is_invisible)
    }

    /// The fields of a form with this check among them, when the store guards it: the check's
    /// messages belong there, not above the form.
    pub fn with_fields(self, fields: &[FormField]) -> Vec<FormField> {
        let mut all = fields.to_vec();
        if self.kind.is_some() {
            all.push(FormField::Recaptcha);
        }
        all
    }

    /// A fresh token for one guarded call, or why there is none (nothing is sent then);
    /// `None` on a form the store does not guard.
    pub async fn proof(self) -> Result<Option<HumanProof>, ApiError> {
        if self.guarded.is_none() {
            return Ok(None);
        }
        match recaptcha::in_the_page().await {
            Some(provider) => provider.proof(self).await,
            None => Err(ApiError::Unproven(Unproven::NotLoaded)),
        }
    }

    /// After a guarded call, whatever its answer: the token is spent.
    pub fn used(self) {
        if self.guarded.is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Some(provider) = recaptcha::in_the_page().await {
                provider.reset(self);
            }
        });
    }

    /// Loads the provider and renders the widget, once it has a place on the page.
    async fn prepare(self) -> Result<(), ApiError> {
        let Some(checking) = self.guarded else {
            return Ok(());
        };
        let ready = checking.try_with_value(|c| c.widget.is_some());
        if ready != Some(false) {
            return Ok(());
        }
        let Some((script_url, language, status)) =
            checking.try_with_value(|c| (c.script_url.clone(), c.language.clone(), c.status))
        else {
            return Ok(());
        };
        let _ = status.try_set(Status::Waiting);
        let provider = recaptcha::in_the_page().await;
        let loaded = match provider {
            Some(provider) => provider.load(&script_url, &language).await,
            None => false,
        };
        let rendered = loaded
            && checking
                .try_update_value(|c| {
                    let container = c.container.get_untracked();
                    if let (None, Some(container), Some(provider)) =
                        (&c.widget, container, provider)
                    {
                        c.widget = provider.render(&container, &c.guard, &c.language);
                    }
                    c.widget.is_some()
                })
                .unwrap_or(false);
        let _ = status.try_set(if rendered {
            Status::Ready
        } else {
            Status::Failed
        });
        match rendered {
            true => Ok(()),
            false => Err(ApiError::Unproven(Unproven::NotLoaded)),
        }
    }

    /// The chunk's side of [`HumanCheck::proof`].
    pub(crate) async fn proof_in_the_page(self) -> Result<Option<HumanProof>, ApiError> {
        let Some(kind) = self.kind else {
            return Ok(None);
        };
        self.prepare().await?;
        let widget = self
            .guarded
            .and_then(|checking| checking.try_with_value(|c| c.widget.clone()).flatten());
        let token = match (recaptcha::in_the_page().await, widget) {
            (Some(provider), Some(widget)) => provider.token(&widget).await,
            _ => None,
        };
        match token {
            Some(token) => Ok(Some(HumanProof(token))),
            None if kind == Kind::Checkbox => Err(ApiError::Unproven(Unproven::NotTicked)),
            None => Err(ApiError::Unproven(Unproven::NotLoaded)),
        }
    }

    /// The widget, for the chunk to reset.
    pub(crate) fn widget(self) -> Option<Widget> {
        self.guarded?.try_with_value(|c| c.widget.clone()).flatten()
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

/// How a form shows its check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placing {
    /// Where a floating badge could not be seen (a dialog over the page): Google's terms then
    /// ask for their sentence instead, as they do wherever the stylesheet hides the badge.
    pub badge_hidden: bool,
    /// The check of a call the form makes after its own (signing in after creating the
    /// account): an invisible widget alone, whose outcome the form tells.
    pub follow_up: bool,
}

/// Where a form's check sits: nothing on a form the store does not guard; otherwise the
/// `recaptcha` chunk's view of it ([`CheckView`]).
#[component]
pub fn HumanCheckField(
    check: HumanCheck,
    form: FormState,
    #[prop(optional)] badge_hidden: bool,
    #[prop(optional)] follow_up: bool,
) -> impl IntoView {
    check.guarded.map(|_| {
        let placing = Placing {
            badge_hidden,
            follow_up,
        };
        let provider = RwSignal::new_local(None::<&'static dyn recaptcha::Provider>);
        leptos::task::spawn_local(async move {
            let _ = provider.try_set(recaptcha::in_the_page().await);
        });
        move || provider.get().map(|p| p.field(check, form, placing))
    })
}

/// The check itself: the checkbox, or the invisible widget's badge where the store placed
/// it, and the check's messages, tied to it and announced.
#[component]
pub(crate) fn CheckView(check: HumanCheck, form: FormState, placing: Placing) -> impl IntoView {
    let Some(checking) = check.guarded else {
        return ().into_any();
    };
    let Some((guard, container, status)) =
        checking.try_with_value(|c| (c.guard.clone(), c.container, c.status))
    else {
        return ().into_any();
    };
    let Placing {
        badge_hidden,
        follow_up,
    } = placing;
    if follow_up && !guard.kind.is_invisible() {
        return ().into_any();
    }
    // A widget belongs to its place on the page: shown again, the view renders a new one.
    on_cleanup(move || {
        let _ = checking.try_update_value(|c| c.widget = None);
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
        (status.get() == Status::Failed && error.with(Option::is_none)).then(|| {
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
            <div class="recaptcha-widget" node_ref=container></div>
            {terms}
            {failed}
            {(!follow_up).then(|| view! { <FieldError id=FormField::Recaptcha.id() error /> })}
        </div>
    }
    .into_any()
}
