//! Shoppers and their fixtures: Jane and the steps of her journey, the store's e-mails.

use super::*;
use fantoccini::Locator;
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct Shopper<'a> {
    pub firstname: &'a str,
    pub lastname: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub country: &'a str,
    pub region: Region<'a>,
    pub street: &'a str,
    pub city: &'a str,
    pub postcode: &'a str,
    pub telephone: &'a str,
}

pub enum Region<'a> {
    Listed(&'a str),
    Typed(&'a str),
}

pub const JANE: Shopper = Shopper {
    firstname: "Jane",
    lastname: "Doe",
    email: "jdoe@example.com",
    password: "Password1",
    country: "US",
    region: Region::Listed("43"),
    street: "160 1st St.",
    city: "Mineola",
    postcode: "11501",
    telephone: "516-555-1111",
};

impl Harness {
    /// Opens the create-account page and types the shopper in, as a person would.
    pub async fn fill_registration(&self, s: &Shopper<'_>) {
        self.open("/register").await;
        self.fill("#firstname", s.firstname).await;
        self.fill("#lastname", s.lastname).await;
        self.fill("#email", s.email).await;
        self.fill("#password", s.password).await;
        self.fill_address(s).await;
    }

    /// Types an address into the address fieldset (registration's or the address book's).
    pub async fn fill_address(&self, s: &Shopper<'_>) {
        self.choose("#country", s.country).await;
        match s.region {
            Region::Listed(id) => self.choose("select#region", id).await,
            Region::Typed(text) => self.fill("input#region", text).await,
        }
        self.fill("#street", s.street).await;
        self.fill("#city", s.city).await;
        if !s.postcode.is_empty() {
            self.fill("#postcode", s.postcode).await;
        }
        self.fill("#telephone", s.telephone).await;
    }

    /// Chooses an option of a select, once the option is there (a list from the store comes
    /// after the page).
    pub async fn choose(&self, select: &str, value: &str) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("{select} option[value='{value}']")))
            .await
            .unwrap();
        let element = self.client.find(Locator::Css(select)).await.unwrap();
        element.select_by_value(value).await.unwrap();
    }

    /// Sets a date input to a day (`YYYY-MM-DD`) as its picker would: typing into one
    /// depends on the browser's locale.
    pub async fn set_date(&self, css: &str, day: &str) {
        self.script(&format!(
            "const input = document.querySelector({css:?}); input.value = {day:?}; \
             input.dispatchEvent(new Event('input', {{bubbles: true}}));"
        ))
        .await;
    }

    pub async fn register(&self, s: &Shopper<'_>) {
        self.fill_registration(s).await;
        self.click("button[type=submit]").await;
        self.wait_for_path("/account").await;
    }

    pub async fn sign_in(&self, email: &str, password: &str) {
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("button[type=submit]").await;
    }
}

/// The tutorial's request, as in `shared/seed-scenario.md`.
pub fn seed_request() -> Value {
    serde_json::from_str(include_str!("../../../testdata/seed-customer-request.json")).unwrap()
}

impl Harness {
    /// Opens a page of the site and registers Jane through the store's API, not the form.
    pub async fn open_with_jane_registered(&self, path: &str) {
        self.open(path).await;
        let (status, body) = self
            .rest("POST", "customers", Some(seed_request()), None)
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

impl Harness {
    /// Jane, registered through the store's API, signs in with the form and lands on her
    /// account page.
    pub async fn jane_signed_in(&self) {
        self.open_with_jane_registered("/login").await;
        self.sign_in(JANE.email, JANE.password).await;
        self.wait_for_path("/account").await;
        self.wait_text(".profile", "Jane Doe").await;
    }

    /// The store's e-mails so far, oldest first.
    pub fn mails(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(&self.mail_dir)
            .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect()
    }

    /// The path and query of the link in the newest reset e-mail, as the site serves it.
    pub fn reset_link(&self) -> String {
        self.link_in_mail("/customer/account/createPassword/")
    }

    /// The path and query of the newest e-mailed link to `path`, as the site serves it.
    pub fn link_in_mail(&self, path: &str) -> String {
        let url = self
            .mails()
            .into_iter()
            .rev()
            .find_map(|mail| {
                mail.split_whitespace()
                    .find(|word| word.contains(path))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| panic!("no e-mail links to {path}"));
        url.strip_prefix(&self.base).unwrap_or(&url).to_owned()
    }

    /// Clicks the button or link whose text contains `label`, within the first element of
    /// class `scope` that contains `containing` (an address card with its street, say).
    pub async fn click_in(&self, scope: &str, containing: &str, label: &str) {
        let xpath = format!(
            "//*[contains(concat(' ', normalize-space(@class), ' '), ' {scope} ')][contains(., \"{containing}\")]//*[self::button or self::a][contains(normalize-space(.), \"{label}\")]"
        );
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button {label:?} in .{scope} with {containing:?}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Clicks the button or link whose text contains `label`.
    pub async fn click_labelled(&self, label: &str) {
        // What it says on screen, or what it is called when that is short ("Edit").
        let xpath = format!(
            "//*[self::button or self::a][contains(normalize-space(.), \"{label}\") or @aria-label = \"{label}\"]"
        );
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button or link {label:?}: {e}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|all| all.len())
            .unwrap_or(0)
    }

    /// The whole text of the page, as a shopper reads it.
    pub async fn page_text(&self) -> String {
        self.script("return document.body.innerText;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until `count(css)` is `n`.
    pub async fn wait_count(&self, css: &str, n: usize) {
        let started = Instant::now();
        loop {
            let now = self.count(css).await;
            if now == n {
                return;
            }
            assert!(started.elapsed() < WAIT, "{now} of {css}, expected {n}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The requests the store answered since `from` (an earlier `requests().len()`).
    pub fn requests_since(&self, from: usize) -> Vec<Logged> {
        self.requests()[from..].to_vec()
    }
}

impl Harness {
    /// Saves the page as `name.png` in the folder `COMMERCE_SCREENSHOTS` names (the
    /// README's pictures come from `cargo xtask screenshots`); does nothing otherwise.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("COMMERCE_SCREENSHOTS") else {
            return;
        };
        let (width, window_height) = self.client.get_window_size().await.unwrap();
        let height = self
            .script("return document.documentElement.scrollHeight;")
            .await
            .as_u64()
            .unwrap_or(1024)
            .clamp(400, 2400);
        self.client
            .set_window_size(width as u32, height as u32)
            .await
            .unwrap();
        // Let the layout settle at the new size, and no caret blink in the picture.
        self.script("document.activeElement && document.activeElement.blur && document.activeElement.blur();")
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png).unwrap();
        self.client
            .set_window_size(width as u32, window_height as u32)
            .await
            .unwrap();
    }
}
