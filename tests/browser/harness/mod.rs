//! The harness of the end-to-end tests: a fresh emulator serving the release build and the
//! REST API, a fresh headless Chromium driven through WebDriver, and the steps a shopper
//! takes, written once for every area's tests.

use fantoccini::Client;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod browser;
#[path = "../../support/folders.rs"]
mod folders;
#[path = "../../support/request_log.rs"]
mod request_log;
mod servers;
mod shoppers;

pub use folders::kept_dir;
pub use request_log::Logged;
pub use servers::{EmulatorProcess, Nginx, http};
pub use shoppers::{JANE, Region, Shopper, seed_request};

pub const WAIT: Duration = Duration::from_secs(20);
pub const TOKEN_KEY: &str = "commerce-customer-token";
/// The emulator's flags for a store that sends every reset link asked for (Magento_Security's
/// limits off), for tests that ask more than once and are about something else.
pub const RESETS_UNTHROTTLED: [&str; 2] = [
    "--config",
    "customer/password/password_reset_protection_type=0",
];

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by `cargo xtask test`")),
    )
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh store, a fresh browser, and what the store logged.
pub struct Harness {
    pub client: Client,
    pub base: String,
    pub mail_dir: PathBuf,
    /// Where nginx keeps its configuration and logs, when the site is behind it.
    pub nginx_dir: Option<PathBuf>,
    /// The path the site is served under (`/shop/account`), empty at the host's root.
    pub site_path: String,
    /// The emulator itself (the site's address but behind nginx).
    pub store_base: String,
    requests: Arc<Mutex<Vec<Logged>>>,
    _processes: Processes,
}

/// The servers of one test, stopped even when the test fails half-way.
struct Processes {
    _store: EmulatorProcess,
    _nginx: Option<Nginx>,
    chromedriver: Child,
    profile: PathBuf,
}

impl Drop for Processes {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        // A Chromium whose driver died is found by its profile folder.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self.profile.display()))
            .status();
    }
}

/// The checkout these tests run from, as Cargo says when it runs them: the compiled-in
/// path would be another checkout's when two share the build cache.
fn checkout() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
}
