//! The store's reCAPTCHA provider in the page: Google's script (or one with its surface, as
//! `config.json` names it), loaded once, when a page whose form the store guards wants it,
//! rendered explicitly as Magento's storefront renders it, and asked for a token right before
//! each guarded call. All of it, the reading of the settings included, is a chunk of its own
//! (`recaptcha`), fetched only for a store that guards a form: a stock store's pages carry
//! none of it. Calls go through `Reflect` rather than bound imports, which would put their
//! glue in the script every page loads.

use crate::api::{ApiError, HumanProof};
use crate::components::{CheckView, FormState, HumanCheck, Placing};
use commerce_rest::recaptcha::{Guard, Guards, Kind, RecaptchaConfig};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_split_helpers::SplitLoaderError;

/// The global the provider's script calls once it is ready (its `onload`).
const READY_CALLBACK: &str = "commerceRecaptchaReady";

/// How long an invisible widget may take to give a token: a doubtful visitor may first have
/// a puzzle to solve.
const TOKEN_WAIT_MS: i32 = 120_000;

/// How far the script has come in this page.
enum Script {
    NotAsked,
    Loading(Vec<futures_channel::oneshot::Sender<bool>>),
    Ready,
}

thread_local! {
    static SCRIPT: RefCell<Script> = const { RefCell::new(Script::NotAsked) };
}

/// The script's address with the query Magento's storefront gives Google's: explicit
/// rendering, the `onload` callback, and the widget's language.
pub fn script_src(url: &str, language: &str) -> String {
    let joiner = if url.contains('?') { '&' } else { '?' };
    // A language code (`de`, `pt-BR`) and nothing a query could misread.
    let language: String = language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{url}{joiner}onload={READY_CALLBACK}&render=explicit&hl={language}")
}

/// A future of the chunk's code.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What the `recaptcha` chunk does, called through this trait, whose code is the chunk's.
pub trait Provider {
    /// `config.json`'s reCAPTCHA settings read, or what is wrong with them.
    fn read_settings(&self, settings: &[(String, String)]) -> Result<Guards, String>;
    /// Loads the provider's script, once for the page; `false` when it cannot be had
    /// (blocked, offline), and the next call tries again.
    fn load<'a>(&'a self, url: &'a str, language: &'a str) -> Pending<'a, bool>;
    /// Renders the widget `guard` names into `container`, as Magento's storefront does.
    fn render(&self, container: &web_sys::Element, guard: &Guard, language: &str)
    -> Option<Widget>;
    /// A token for one call: the ticked checkbox's, or one the invisible widget obtains now;
    /// `None` when there is none (not ticked, or the provider did not answer in time).
    fn token<'a>(&'a self, widget: &'a Widget) -> Pending<'a, Option<String>>;
    /// A form's check, prepared and asked for a token: [`HumanCheck::proof`].
    fn proof(&self, check: HumanCheck) -> Pending<'static, Result<Option<HumanProof>, ApiError>>;
    /// Back to unticked and without a token: a token serves one call.
    fn reset(&self, check: HumanCheck);
    /// A form's check on the page: [`HumanCheckField`](crate::components::HumanCheckField).
    fn field(&self, check: HumanCheck, form: FormState, placing: Placing) -> AnyView;
}

struct InThePage;

impl Provider for InThePage {
    fn read_settings(&self, settings: &[(String, String)]) -> Result<Guards, String> {
        RecaptchaConfig::read_site(settings)
    }

    fn load<'a>(&'a self, url: &'a str, language: &'a str) -> Pending<'a, bool> {
        Box::pin(load(url, language))
    }

    fn render(
        &self,
        container: &web_sys::Element,
        guard: &Guard,
        language: &str,
    ) -> Option<Widget> {
        render(container, guard, language)
    }

    fn token<'a>(&'a self, widget: &'a Widget) -> Pending<'a, Option<String>> {
        Box::pin(widget.token())
    }

    fn proof(&self, check: HumanCheck) -> Pending<'static, Result<Option<HumanProof>, ApiError>> {
        Box::pin(check.proof_in_the_page())
    }

    fn reset(&self, check: HumanCheck) {
        if let Some(widget) = check.widget() {
            widget.reset();
        }
    }

    fn field(&self, check: HumanCheck, form: FormState, placing: Placing) -> AnyView {
        view! { <CheckView check form placing /> }.into_any()
    }
}

#[cfg_attr(
    not(feature = "one-module"),
    wasm_split_helpers::wasm_split(recaptcha, fallible)
)]
fn provider() -> Result<&'static dyn Provider, SplitLoaderError> {
    Ok(&InThePage)
}

/// The provider, once its chunk is here; `None` when the chunk cannot be fetched.
pub async fn in_the_page() -> Option<&'static dyn Provider> {
    #[cfg(not(feature = "one-module"))]
    let provider = provider().await;
    #[cfg(feature = "one-module")]
    let provider = provider();
    provider.ok()
}

/// `config.json`'s reCAPTCHA settings, read by the chunk (fetched for them: a store that
/// names them guards, or means to).
pub async fn read_settings(settings: &[(String, String)]) -> Result<Guards, String> {
    match in_the_page().await {
        Some(provider) => provider.read_settings(settings),
        None => Err(
            "its reCAPTCHA settings could not be read: part of the site did not load. Reload the page."
                .to_owned(),
        ),
    }
}

async fn load(url: &str, language: &str) -> bool {
    let (done, waiting) = futures_channel::oneshot::channel();
    let start = SCRIPT.with(|script| {
        let mut script = script.borrow_mut();
        match &mut *script {
            Script::Ready => {
                let _ = done.send(true);
                false
            }
            Script::Loading(waiters) => {
                waiters.push(done);
                false
            }
            Script::NotAsked => {
                *script = Script::Loading(vec![done]);
                true
            }
        }
    });
    if start && !insert_script(&script_src(url, language)) {
        finish(false);
    }
    waiting.await.unwrap_or(false)
}

/// Tells every caller waiting for the script how it went.
fn finish(loaded: bool) {
    let waiters = SCRIPT.with(|script| {
        let before = std::mem::replace(
            &mut *script.borrow_mut(),
            if loaded {
                Script::Ready
            } else {
                Script::NotAsked
            },
        );
        match before {
            Script::Loading(waiters) => waiters,
            _ => Vec::new(),
        }
    });
    for waiter in waiters {
        let _ = waiter.send(loaded);
    }
}

fn insert_script(src: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(script) = document.create_element("script") else {
        return false;
    };
    let ready = Closure::<dyn Fn()>::new(|| finish(true));
    let _ = Reflect::set(
        &js_sys::global(),
        &READY_CALLBACK.into(),
        ready.as_ref().unchecked_ref(),
    );
    ready.forget();
    // A script that did not arrive is taken out, so that the next try inserts a new one.
    let failed = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if let Some(element) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            element.remove();
        }
        finish(false);
    });
    let _ = script.add_event_listener_with_callback("error", failed.as_ref().unchecked_ref());
    failed.forget();
    let _ = script.set_attribute("src", src);
    let _ = script.set_attribute("async", "");
    document
        .head()
        .is_some_and(|head| head.append_child(&script).is_ok())
}

fn grecaptcha() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"grecaptcha".into())
        .ok()
        .filter(|g| g.is_object())
}

/// Calls `grecaptcha.<name>(args…)`.
fn call(name: &str, args: &[JsValue]) -> Option<JsValue> {
    let provider = grecaptcha()?;
    let function: Function = Reflect::get(&provider, &name.into())
        .ok()?
        .dyn_into()
        .ok()?;
    function
        .apply(&provider, &args.iter().collect::<Array>())
        .ok()
}

/// One rendered widget.
#[derive(Clone)]
pub struct Widget {
    id: JsValue,
    kind: Kind,
    /// Resolves the promise an `execute` waits on, when the provider's callback brings a token.
    resolve: Rc<RefCell<Option<Function>>>,
}

/// The checkbox with its theme and size, or an invisible widget with its badge.
fn render(container: &web_sys::Element, guard: &Guard, language: &str) -> Option<Widget> {
    let params = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&params, &key.into(), &value);
    };
    set("sitekey", guard.site_key.as_str().into());
    set("theme", if guard.dark { "dark" } else { "light" }.into());
    set("hl", language.into());
    match guard.kind {
        Kind::Checkbox => set(
            "size",
            if guard.compact { "compact" } else { "normal" }.into(),
        ),
        Kind::Invisible | Kind::Score => {
            set("size", "invisible".into());
            set("badge", guard.badge.value().into());
        }
    }
    let resolve: Rc<RefCell<Option<Function>>> = Rc::default();
    let given = resolve.clone();
    // The provider may call back long after the page has gone: the callback lives on.
    let callback = Closure::<dyn Fn(JsValue)>::new(move |token: JsValue| {
        if let Some(resolve) = given.borrow_mut().take() {
            let _ = resolve.call1(&JsValue::NULL, &token);
        }
    });
    set("callback", callback.as_ref().clone());
    callback.forget();
    let id = call("render", &[container.into(), params.into()])?;
    Some(Widget {
        id,
        kind: guard.kind,
        resolve,
    })
}

impl Widget {
    async fn token(&self) -> Option<String> {
        if self.kind == Kind::Checkbox {
            return call("getResponse", std::slice::from_ref(&self.id))
                .and_then(|t| t.as_string())
                .filter(|t| !t.is_empty());
        }
        let resolve = self.resolve.clone();
        let callback = Promise::new(&mut |resolve_token, _| {
            *resolve.borrow_mut() = Some(resolve_token);
        });
        let timeout = Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, TOKEN_WAIT_MS);
            }
        });
        let racers = Array::of2(&callback, &timeout);
        // v3 may answer with a promise of its own; v2's invisible answers through the callback.
        if let Some(answer) = call("execute", std::slice::from_ref(&self.id))
            .filter(|a| a.is_instance_of::<Promise>())
        {
            racers.push(&answer);
        }
        JsFuture::from(Promise::race(&racers))
            .await
            .ok()
            .and_then(|t| t.as_string())
            .filter(|t| !t.is_empty())
    }

    fn reset(&self) {
        let _ = call("reset", std::slice::from_ref(&self.id));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_is_asked_for_as_magentos_storefront_asks_for_it() {
        assert_eq!(
            super::script_src("https://www.google.com/recaptcha/api.js", "de"),
            "https://www.google.com/recaptcha/api.js?onload=commerceRecaptchaReady&render=explicit&hl=de"
        );
        assert_eq!(
            super::script_src("/_emulator/recaptcha/api.js?x=1", "pt-BR&evil=1"),
            "/_emulator/recaptcha/api.js?x=1&onload=commerceRecaptchaReady&render=explicit&hl=pt-BRevil1"
        );
    }
}
