//! The store's outgoing e-mail, written as files to a folder so that a person or a test
//! can read it and follow its links.

use commerce_rest::Customer;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Outbox {
    dir: PathBuf,
    sequence: AtomicU64,
}

impl Outbox {
    pub fn new(dir: PathBuf) -> std::io::Result<Outbox> {
        std::fs::create_dir_all(&dir)?;
        Ok(Outbox {
            dir,
            sequence: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one message as a mail client opens it (`From`, `Date`, `Message-ID`,
    /// `MIME-Version`); a failure is reported to the caller, as a store's mail transport does.
    pub fn send(&self, to: &str, letter: &Letter) -> std::io::Result<PathBuf> {
        let (subject, body) = (&letter.subject, &letter.body);
        let n = self.sequence.fetch_add(1, Ordering::Relaxed);
        let safe_to: String = to
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let now = crate::auth::now();
        let pid = std::process::id();
        let path = self.dir.join(format!("{now}-{pid}-{n:04}-{safe_to}.eml"));
        let date = httpdate::fmt_http_date(std::time::SystemTime::now());
        let text = format!(
            "From: {STORE_NAME} <{SENDER}>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n\
             Message-ID: <{now}.{pid}.{n}@commerce-emulator.invalid>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
            crlf(body)
        );
        std::fs::write(&path, text)?;
        Ok(path)
    }

    /// Removes the files this folder's mail was written to.
    pub fn clear(&self) -> std::io::Result<()> {
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "eml") {
                std::fs::remove_file(path)?;
            }
        }
        Ok(())
    }
}

/// A text's lines ended as a message's are, `\r\n`, whatever ended them before.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// A name on one line: a store takes any white space in a name (its `\s`), line breaks
/// among it, and an e-mail must not break its lines there.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The address the store's e-mails come from.
const SENDER: &str = "owner@example.com";

/// The store's name in its e-mails, as a fresh install calls its website.
const STORE_NAME: &str = "Main Website Store";

/// One e-mail's subject and text.
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// How a new account was created, which decides what its welcome e-mail asks.
pub enum Welcome<'a> {
    /// Confirm the address with this key before signing in.
    Confirm(&'a str),
    /// Created without a password (by an admin): set one through the reset.
    SetPassword,
    Ready,
}

pub fn welcome(customer: &Customer, base_url: &str, kind: Welcome) -> Letter {
    let name = one_line(&format!("{} {}", customer.firstname, customer.lastname));
    let id = customer.id.unwrap_or_default();
    match kind {
        Welcome::Confirm(key) => Letter {
            subject: format!("Please confirm your {STORE_NAME} account"),
            body: format!(
                "Welcome to {STORE_NAME}, {name}.\n\nConfirm your e-mail address to sign in:\n{base_url}/customer/account/confirm/?id={id}&key={key}"
            ),
        },
        Welcome::SetPassword => Letter {
            subject: format!("Welcome to {STORE_NAME}"),
            body: format!(
                "Welcome to {STORE_NAME}, {name}.\n\nSet a password for your account with the password reset of the store."
            ),
        },
        Welcome::Ready => Letter {
            subject: format!("Welcome to {STORE_NAME}"),
            body: format!(
                "Welcome to {STORE_NAME}, {name}.\n\nSign in with your e-mail address {} and the password you chose.",
                customer.email
            ),
        },
    }
}

/// The link of a 2.4.4+ store's reset e-mail, to the storefront page that sets the password.
pub fn reset_link(customer: &Customer, base_url: &str, token: &str) -> Letter {
    let id = customer.id.unwrap_or_default();
    Letter {
        subject: format!("Reset your {STORE_NAME} password"),
        body: format!(
            "There was recently a request to change the password for your account.\n\n\
             Set a new password: {base_url}/customer/account/createPassword/?id={id}&token={token}\n\n\
             Customer id: {id}\nReset token: {token}\n\n\
             If you did not make this request, you can ignore this e-mail."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_line_breaks_is_written_on_one_line() {
        let customer = Customer {
            firstname: "Jane\r\nBcc: x@evil.example".into(),
            lastname: "\nDoe\t".into(),
            email: "jdoe@example.com".into(),
            ..Customer::default()
        };
        let letter = welcome(&customer, "http://shop", Welcome::Ready);
        assert!(
            letter
                .body
                .starts_with("Welcome to Main Website Store, Jane Bcc: x@evil.example Doe.\n"),
            "{}",
            letter.body
        );
        let dir = std::env::temp_dir().join(format!("outbox-{}", std::process::id()));
        let outbox = Outbox::new(dir.clone()).unwrap();
        let file = outbox
            .send(
                "jdoe@example.com",
                &Letter {
                    subject: "s".into(),
                    body: "a\r\nb\rc\nd".into(),
                },
            )
            .unwrap();
        let written = std::fs::read_to_string(file).unwrap();
        assert!(written.ends_with("a\r\nb\r\nc\r\nd\r\n"), "{written:?}");
        assert!(!written.contains("\r\r"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
