use super::signed_in::{SessionLine, SignedInArea};
use crate::context::Store;
use leptos::html;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether this tab has shown a page already: only a navigation moves focus.
static SHOWN_A_PAGE: AtomicBool = AtomicBool::new(false);

/// The heading of a page. It names the page in the tab's title and, after a navigation,
/// takes keyboard focus so that a screen reader starts reading the new page there. On a
/// signed-in page, how long the session lasts sits quietly below it.
#[component]
pub fn PageHeading(text: &'static str, id: &'static str) -> impl IntoView {
    let store = expect_context::<Store>();
    document().set_title(&format!("{text} – {}", store.name));
    let heading = NodeRef::<html::H1>::new();
    if SHOWN_A_PAGE.swap(true, Ordering::Relaxed) {
        heading.on_load(|h1| focus_once_shown(h1, 10));
    }
    let session_line = use_context::<SignedInArea>().map(|_| view! { <SessionLine /> });
    view! {
        <h1 id=id tabindex="-1" node_ref=heading>{text}</h1>
        {session_line}
    }
}

/// A page drawn when its chunk arrives is made before it is in the document, where alone it
/// can take focus: it is given focus on the first frame that shows it.
fn focus_once_shown(h1: web_sys::HtmlHeadingElement, frames: u8) {
    request_animation_frame(move || {
        if h1.is_connected() {
            let _ = h1.focus();
        } else if frames > 0 {
            focus_once_shown(h1, frames - 1);
        }
    });
}

/// Moves keyboard focus to the element with this id, when the page has it.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
