//! End-to-end tests: the release build of the app in headless Chromium, driven through
//! WebDriver, against a fresh emulator that serves both the site and the REST API; one file
//! per area of the shopper's journey. `cargo xtask test` builds `dist/` and the emulator and
//! runs these one at a time.

mod address_book;
mod address_rules;
mod chunks;
mod demo;
mod deployment;
mod faults;
mod harness;
mod language;
mod look;
mod passwords;
mod profile;
mod recaptcha;
mod registration;
mod security;
mod sessions;
mod signing_in;
mod site;
mod store_form;
mod words;
