//! `/_emulator/mail`, the demo store's mailbox in the browser: every e-mail this emulator
//! sent, newest first, each readable with its links clickable, and the ready-made accounts.
//! Everything shown is escaped: names and addresses come from visitors.

use crate::Emulator;
use crate::demo::READY_MADE;
use crate::error::RestError;
use crate::store::Mail;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, UNIX_EPOCH};

pub const PATH: &str = "/_emulator/mail";

/// `&`, `<`, `>`, `"` and `'` as entities: text in an element or an attribute is inert.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn when(unix: i64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix.max(0) as u64))
}

/// A page of the mailbox, with headers that keep it to itself.
fn page(title: &str, body: String) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – demo store mailbox</title><style>\
         body{{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1f2328}}\
         main{{max-width:52rem;margin:0 auto;padding:1rem}}\
         table{{border-collapse:collapse;width:100%;background:#fff}}\
         th,td{{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de;overflow-wrap:anywhere}}\
         pre{{white-space:pre-wrap;background:#fff;padding:1rem;border:1px solid #d0d7de}}\
         a{{color:#1f5faa}}</style></head><body><main>{body}</main></body></html>",
        escape(title)
    );
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The text of an e-mail, escaped, with its web addresses made links.
fn with_links(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word.trim_end();
            if bare.starts_with("http://") || bare.starts_with("https://") {
                let link = escape(bare);
                format!("<a href=\"{link}\">{link}</a>{}", &word[bare.len()..])
            } else {
                escape(word)
            }
        })
        .collect()
}

fn not_demo() -> Response {
    RestError::no_route().into_response()
}

pub async fn list(State(app): State<Arc<Emulator>>) -> Response {
    if !app.settings.demo {
        return not_demo();
    }
    let mails = match app.store.mails(200) {
        Ok(mails) => mails,
        Err(e) => return RestError::internal(e).into_response(),
    };
    let mut body = String::from(
        "<h1>Mailbox of the demo store</h1>\
         <p>Every e-mail this demo store has sent, newest first. Open one to follow its links: \
         a password reset opens the shop's page for a new password.</p>",
    );
    let next = app.demo.next_reset.load(Ordering::Relaxed);
    if next > 0 {
        body.push_str(&format!(
            "<p class=\"reset\"><strong>Everything is reset at {}</strong>: the accounts below \
             stay, every other account and every e-mail goes.</p>",
            escape(&when(next))
        ));
    }
    body.push_str(
        "<h2>Ready-made accounts</h2><table><thead><tr><th>Email</th><th>Password</th>\
         <th>Name</th><th>Address</th></tr></thead><tbody>",
    );
    for shopper in &READY_MADE {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}, {}</td></tr>",
            escape(shopper.email),
            escape(shopper.password),
            escape(shopper.firstname),
            escape(shopper.lastname),
            escape(shopper.city),
            escape(shopper.country_id)
        ));
    }
    body.push_str("</tbody></table><h2>E-mails</h2>");
    if mails.is_empty() {
        body.push_str("<p>No e-mail yet. Create an account, or ask for a new password.</p>");
    } else {
        body.push_str(
            "<table><thead><tr><th>To</th><th>Subject</th><th>Sent</th></tr></thead><tbody>",
        );
        for mail in &mails {
            body.push_str(&format!(
                "<tr><td>{}</td><td><a href=\"{PATH}/{}\">{}</a></td><td>{}</td></tr>",
                escape(&mail.to),
                mail.id,
                escape(&mail.subject),
                escape(&when(mail.sent_at))
            ));
        }
        body.push_str("</tbody></table>");
    }
    page("Mailbox", body)
}

pub async fn read(State(app): State<Arc<Emulator>>, Path(id): Path<u32>) -> Response {
    if !app.settings.demo {
        return not_demo();
    }
    let mail: Mail = match app.store.mail(id) {
        Ok(Some(mail)) => mail,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                page("No such e-mail", "<h1>No such e-mail</h1>".into()),
            )
                .into_response();
        }
        Err(e) => return RestError::internal(e).into_response(),
    };
    let body = format!(
        "<p><a href=\"{PATH}\">Back to the mailbox</a></p><h1>{}</h1>\
         <p>To: {}<br>Sent: {}</p><pre>{}</pre>",
        escape(&mail.subject),
        escape(&mail.to),
        escape(&when(mail.sent_at)),
        with_links(&mail.body)
    );
    page(&mail.subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_shown_never_run_and_links_are_links() {
        assert_eq!(
            escape("Tom & Jerry's <b>"),
            "Tom &amp; Jerry&#39;s &lt;b&gt;"
        );
        assert_eq!(
            with_links("Set it: https://shop.example/x?id=1&token=ab\nthen <go>"),
            "Set it: <a href=\"https://shop.example/x?id=1&amp;token=ab\">https://shop.example/x?id=1&amp;token=ab</a>\nthen &lt;go&gt;"
        );
    }
}
