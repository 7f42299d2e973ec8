//! The two pages of Magento's storefront that a customer account site sends her to, which the
//! REST API has no anonymous way to do: the e-mailed confirmation link
//! (`customer/account/confirm/`) and the page that sends that link again
//! (`customer/account/confirmation/`). A real store's controllers answer them; the emulator
//! stands in, and sends her back to the site's sign-in page with what happened, as Magento
//! redirects with a message.

use crate::mailbox::escape;
use crate::{Emulator, WEBSITE_ID};
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// What happened, as the site's sign-in page reads it from `?confirmation=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `confirmed=1`, as the site has read since its first release.
    Confirmed,
    /// The account needed no confirmation (a link used already).
    AlreadyActive,
    /// The key does not belong to the account, or no account has the id.
    Invalid,
    /// The link lacks its id or its key (Magento's "Bad request.").
    Incomplete,
    /// A new link is on its way, when the address has an account waiting for one.
    Sent,
}

impl Outcome {
    fn query(self) -> &'static str {
        match self {
            Outcome::Confirmed => "confirmed=1",
            Outcome::AlreadyActive => "confirmation=active",
            Outcome::Invalid => "confirmation=invalid",
            Outcome::Incomplete => "confirmation=incomplete",
            Outcome::Sent => "confirmation=sent",
        }
    }
}

fn back_to_sign_in(app: &Emulator, outcome: Outcome) -> Response {
    let url = format!("{}/login?{}", app.settings.base_url(), outcome.query());
    Redirect::to(&url).into_response()
}

/// The e-mailed link, `?id=…&key=…`, read as Magento's `Account\Confirm` reads it: whatever the
/// query holds (a missing, non-numeric or huge id too), she is sent to sign in with a word.
pub async fn confirm(
    State(app): State<Arc<Emulator>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let key = query.get("key").filter(|k| !k.is_empty());
    let id = query.get("id").filter(|id| !id.is_empty());
    let (Some(id), Some(key)) = (id, key) else {
        return back_to_sign_in(&app, Outcome::Incomplete);
    };
    let Ok(id) = id.parse::<u32>() else {
        return back_to_sign_in(&app, Outcome::Invalid);
    };
    let outcome = match app.store.customer(id) {
        Ok(Some(stored)) if stored.confirmation.is_none() => Outcome::AlreadyActive,
        Ok(Some(stored)) if stored.confirmation.as_deref() == Some(key.as_str()) => {
            match app.store.confirm(id) {
                Ok(()) => Outcome::Confirmed,
                Err(e) => return crate::error::RestError::internal(e).into_response(),
            }
        }
        _ => Outcome::Invalid,
    };
    back_to_sign_in(&app, outcome)
}

/// The page that sends the link again, its e-mail filled in from `?email=`, in the site's own
/// stylesheet when this emulator serves the site.
pub async fn confirmation_page(
    State(app): State<Arc<Emulator>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let email = query.get("email").map(String::as_str).unwrap_or_default();
    let stylesheet = app
        .settings
        .serve_dir
        .as_deref()
        .and_then(site_stylesheet)
        .map(|name| format!("<link rel=\"stylesheet\" href=\"/{}\">", escape(&name)))
        .unwrap_or_default();
    let sign_in = format!("{}/login", app.settings.base_url());
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Send the confirmation link again</title>{stylesheet}</head><body><main>\
         <section class=\"card narrow\" aria-labelledby=\"title\"><h1 id=\"title\">Send the confirmation link again</h1>\
         <p>Enter the email address of your account, and the store sends the link to confirm it again.</p>\
         <form method=\"post\"><div class=\"field\"><label for=\"email\">Email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required value=\"{}\"></div>\
         <button type=\"submit\" class=\"primary\">Send the link</button></form>\
         <p class=\"switch\"><a href=\"{}\">Back to sign in</a></p></section></main></body></html>",
        escape(email),
        escape(&sign_in),
    ))
    .into_response()
}

/// The form's answer: the link again for an account that waits for one (Magento's
/// `resendConfirmation`), then the sign-in page, with the same words for every address.
pub async fn send_confirmation(
    State(app): State<Arc<Emulator>>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let email = form.get("email").map(|e| e.trim()).unwrap_or_default();
    let waiting = app
        .store
        .customer_id_by_email(WEBSITE_ID, email)
        .ok()
        .flatten()
        .and_then(|id| app.store.customer(id).ok().flatten())
        .filter(|stored| stored.confirmation.is_some());
    if let Some(stored) = waiting {
        crate::routes::customers::send_account_mail(&app, &stored, false);
    }
    back_to_sign_in(&app, Outcome::Sent)
}

/// The site's stylesheet as Trunk named it (`main-<hash>.css`).
fn site_stylesheet(dir: &std::path::Path) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("main-") && name.ends_with(".css"))
}
