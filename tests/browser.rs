//! End-to-end tests: the release build of the app in headless Chromium, driven through
//! WebDriver, against a fresh emulator that serves both the site and the REST API.
//! `cargo xtask test` builds `dist/` and the emulator and runs these one at a time.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
const TOKEN_KEY: &str = "commerce-customer-token";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by `cargo xtask test`")),
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A folder of its own for one run (kept: a failed test's profile and mail are evidence).
fn unique_dir(label: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(&format!("commerce-browser-{label}-"))
        .tempdir()
        .unwrap()
        .keep()
}

/// Chromium's console, read through chromedriver's log endpoint.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// A fresh store, a fresh browser, and what the store logged.
struct Harness {
    client: Client,
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
    _processes: Processes,
}

/// The servers of one test, stopped even when the test fails half-way.
struct Processes {
    emulator: Child,
    chromedriver: Child,
    profile: PathBuf,
}

impl Drop for Processes {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.emulator.kill();
        let _ = self.chromedriver.wait();
        let _ = self.emulator.wait();
        // A Chromium whose driver died is found by its profile folder.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self.profile.display()))
            .status();
    }
}

impl Harness {
    async fn start() -> Harness {
        Self::start_serving(&env_path("COMMERCE_DIST")).await
    }

    async fn start_serving(site: &Path) -> Harness {
        let mut emulator = Command::new(env_path("COMMERCE_EMULATOR"))
            .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--serve-dir"])
            .arg(site)
            .arg("--mail-dir")
            .arg(unique_dir("mail"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator starts");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let lines = BufReader::new(emulator.stdout.take().unwrap());
        let log = requests.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("commerce-emulator listening on ") {
                    let _ = address_tx.send(address.to_owned());
                } else if line.contains(" /rest/") {
                    log.lock().unwrap().push(line);
                }
            }
        });
        let base = address_rx
            .recv_timeout(WAIT)
            .expect("the emulator says where it listens");

        let port = free_port();
        let chromedriver = Command::new(env_path("CHROMEDRIVER"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < WAIT,
                "chromedriver did not open its port"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = unique_dir("profile");
        let processes_profile = profile.clone();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": env_path("CHROMIUM"),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--window-size=1280,1024",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session starts");
        Harness {
            client,
            base,
            requests,
            _processes: Processes {
                emulator,
                chromedriver,
                profile: processes_profile,
            },
        }
    }

    async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    async fn wait_for_path(&self, expected: &str) {
        let started = Instant::now();
        loop {
            let path = self.path().await;
            if path == expected {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "still at {path}, expected {expected}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text contains `needle`, and returns that text.
    async fn wait_text(&self, css: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
                && text.contains(needle)
            {
                return text;
            }
            assert!(started.elapsed() < WAIT, "no {needle:?} in {css}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn fill(&self, css: &str, text: &str) {
        let input = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap();
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// The id of the element that has keyboard focus.
    async fn focused_id(&self) -> Option<String> {
        self.client
            .active_element()
            .await
            .unwrap()
            .attr("id")
            .await
            .unwrap()
    }

    async fn value(&self, css: &str) -> String {
        let input = self.client.find(Locator::Css(css)).await.unwrap();
        input.prop("value").await.unwrap().unwrap_or_default()
    }

    async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .attr(name)
            .await
            .unwrap()
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn script(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.unwrap()
    }

    /// Calls the store from the page, as any script of the origin could.
    async fn rest(
        &self,
        method: &str,
        route: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let js = r#"
            const [method, url, body, token, done] = arguments;
            const headers = {'Content-Type': 'application/json'};
            if (token) headers['Authorization'] = 'Bearer ' + token;
            fetch(url, {method, headers, body: body === null ? undefined : JSON.stringify(body)})
              .then(async r => done([r.status, await r.json()]))
              .catch(e => done([0, String(e)]));
        "#;
        let args = vec![
            json!(method),
            json!(format!("{}/rest/default/V1/{route}", self.base)),
            body.unwrap_or(Value::Null),
            token.map(Value::from).unwrap_or(Value::Null),
        ];
        let answer = self.client.execute_async(js, args).await.unwrap();
        (answer[0].as_u64().unwrap() as u16, answer[1].clone())
    }

    async fn session_token(&self) -> Option<String> {
        // The app stores the token as a JSON string.
        let stored = self
            .script(&format!(
                "return JSON.parse(sessionStorage.getItem('{TOKEN_KEY}'));"
            ))
            .await;
        stored.as_str().map(str::to_owned)
    }

    async fn console_errors(&self) -> Vec<String> {
        let entries = self.client.issue_cmd(BrowserLog).await.unwrap();
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    async fn stop(self) {
        let _ = self.client.close().await;
    }
}

struct Shopper<'a> {
    firstname: &'a str,
    lastname: &'a str,
    email: &'a str,
    password: &'a str,
    country: &'a str,
    region: Region<'a>,
    street: &'a str,
    city: &'a str,
    postcode: &'a str,
    telephone: &'a str,
}

enum Region<'a> {
    Listed(&'a str),
    Typed(&'a str),
}

const JANE: Shopper = Shopper {
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
    async fn fill_registration(&self, s: &Shopper<'_>) {
        self.open("/register").await;
        // The country list comes from the store; wait for it before choosing.
        self.wait_text("#country", "United States").await;
        self.fill("#firstname", s.firstname).await;
        self.fill("#lastname", s.lastname).await;
        self.fill("#email", s.email).await;
        self.fill("#password", s.password).await;
        let country = self.client.find(Locator::Css("#country")).await.unwrap();
        country.select_by_value(s.country).await.unwrap();
        match s.region {
            Region::Listed(id) => {
                let select = self
                    .client
                    .wait()
                    .at_most(WAIT)
                    .for_element(Locator::Css("select#region"))
                    .await
                    .unwrap();
                select.select_by_value(id).await.unwrap();
            }
            Region::Typed(text) => self.fill("input#region", text).await,
        }
        self.fill("#street", s.street).await;
        self.fill("#city", s.city).await;
        if !s.postcode.is_empty() {
            self.fill("#postcode", s.postcode).await;
        }
        self.fill("#telephone", s.telephone).await;
    }

    async fn register(&self, s: &Shopper<'_>) {
        self.fill_registration(s).await;
        self.click("button[type=submit]").await;
        self.wait_for_path("/account").await;
    }

    async fn sign_in(&self, email: &str, password: &str) {
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("button[type=submit]").await;
    }
}

/// The tutorial's request, as in `shared/seed-scenario.md`.
fn seed_request() -> Value {
    serde_json::from_str(include_str!("../testdata/seed-customer-request.json")).unwrap()
}

impl Harness {
    /// Opens a page of the site and registers Jane through the store's API, not the form.
    async fn open_with_jane_registered(&self, path: &str) {
        self.open(path).await;
        let (status, body) = self
            .rest("POST", "customers", Some(seed_request()), None)
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn the_release_bundle_renders_its_first_screen_without_console_errors() {
    let h = Harness::start().await;
    h.open("/").await;
    // Signed out, the root sends the shopper to sign in: the WASM ran and routed.
    h.wait_for_path("/login?redirect=/account").await;
    h.wait_text("h1", "Sign in").await;
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn jane_registers_and_sees_her_address_book_then_signs_out() {
    let h = Harness::start().await;
    h.register(&JANE).await;
    let card = h
        .wait_text(".address-card", "Default billing address")
        .await;
    assert!(
        card.contains("Default shipping address"),
        "both marks on one card: {card}"
    );
    for line in [
        "Jane Doe",
        "160 1st St.",
        "Mineola, New York, 11501",
        "United States",
        "T: 516-555-1111",
    ] {
        assert!(card.contains(line), "{line:?} in {card}");
    }
    h.wait_text(".profile", "jdoe@example.com").await;
    h.wait_text(".session-expiry", "You stay signed in until")
        .await;
    // Countries, the account, the token: the account page needs no further call.
    let requests = h.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert!(requests[1].starts_with("POST /rest/default/V1/customers 200"));
    assert!(requests[2].starts_with("POST /rest/default/V1/integration/customer/token 200"));

    let token = h
        .session_token()
        .await
        .expect("the token is in sessionStorage");
    assert_eq!(h.script("return localStorage.length;").await, json!(0));
    assert_eq!(h.script("return document.cookie;").await, json!(""));
    assert!(!h.path().await.contains(&token));

    h.client.refresh().await.unwrap();
    h.wait_text(".profile", "Jane Doe").await;
    assert_eq!(h.path().await, "/account");
    assert_eq!(h.console_errors().await, Vec::<String>::new());

    h.click(".account-head button").await;
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "You have signed out.").await;
    assert_eq!(h.session_token().await, None);
    let (status, body) = h.rest("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(status, 401);
    assert_eq!(body["parameters"]["resources"], "self");
    h.stop().await;
}

#[tokio::test]
async fn a_second_registration_shows_the_stores_message_at_the_email_field_and_keeps_the_form() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/register").await;
    h.fill_registration(&JANE).await;
    h.click("button[type=submit]").await;
    let error = h.wait_text("#email-error", "already exists").await;
    assert_eq!(
        error,
        "A customer with the same email address already exists in an associated website."
    );
    assert_eq!(
        h.attr("#email", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert!(
        h.attr("#email", "aria-describedby")
            .await
            .unwrap()
            .contains("email-error")
    );
    assert_eq!(h.path().await, "/register");
    assert_eq!(h.value("#firstname").await, "Jane");
    assert_eq!(h.value("#street").await, "160 1st St.");
    assert_eq!(h.value("#password").await, "Password1");
    assert_eq!(h.value("select#region").await, "43");
    assert_eq!(h.focused_id().await.as_deref(), Some("email"));
    h.stop().await;
}

#[tokio::test]
async fn a_wrong_password_shows_the_stores_sign_in_message() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in("jdoe@example.com", "Password2").await;
    h.wait_text(
        "#form-errors",
        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
    )
    .await;
    assert_eq!(h.path().await, "/login");
    assert_eq!(h.value("#email").await, "jdoe@example.com");
    assert_eq!(h.session_token().await, None);
    h.stop().await;
}

#[tokio::test]
async fn a_password_failing_the_policy_is_refused_before_any_request() {
    let h = Harness::start().await;
    h.fill_registration(&Shopper {
        password: "password",
        ..JANE
    })
    .await;
    // The live checklist shows what is missing before submitting.
    let policy = h
        .wait_text("#password-policy", "At least 8 characters")
        .await;
    assert!(policy.contains("(not met yet)"), "{policy}");
    let before = h.requests().len();
    h.click("button[type=submit]").await;
    h.wait_text(
        "#password-error",
        "Minimum of different classes of characters in password is 3.",
    )
    .await;
    assert_eq!(
        h.requests().len(),
        before,
        "nothing was sent: {:#?}",
        h.requests()
    );
    assert_eq!(h.focused_id().await.as_deref(), Some("password"));
    // Show/hide reveals what was typed, without losing it.
    h.click(".password-input .toggle").await;
    assert_eq!(h.attr("#password", "type").await.as_deref(), Some("text"));
    assert_eq!(h.value("#password").await, "password");

    // An empty form: every required field says so, focus goes to the first.
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    h.click("button[type=submit]").await;
    h.wait_text("#firstname-error", "required").await;
    h.wait_text("#region-error", "regionId").await;
    assert_eq!(h.focused_id().await.as_deref(), Some("firstname"));
    assert!(!h.requests().iter().any(|r| r.starts_with("POST")));
    h.stop().await;
}

#[tokio::test]
async fn a_revoked_token_sends_the_shopper_to_sign_in_and_back() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in("jdoe@example.com", "Password1").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    let token = h.session_token().await.unwrap();
    // Another device signs out everywhere.
    let (status, body) = h
        .rest(
            "POST",
            "integration/customer/revoke-customer-token",
            None,
            Some(&token),
        )
        .await;
    assert_eq!((status, body), (200, json!(true)));
    h.client.refresh().await.unwrap();
    h.wait_for_path("/login?redirect=/account").await;
    h.wait_text(".notice", "Your session has ended. Please sign in again.")
        .await;
    assert_eq!(h.session_token().await, None);
    h.sign_in("jdoe@example.com", "Password1").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    h.stop().await;
}

#[tokio::test]
async fn an_apostrophe_accents_and_a_country_without_regions_register_correctly() {
    let h = Harness::start().await;
    h.register(&Shopper {
        firstname: "Zoë",
        lastname: "O'Brien-Núñez",
        email: "zoe@example.co.uk",
        password: "Tëst-passw0rd",
        country: "GB",
        region: Region::Typed("Greater London"),
        street: "10 Downing St.",
        city: "London",
        postcode: "",
        telephone: "+44 20 7946 0000",
    })
    .await;
    h.wait_text(".profile", "Zoë O'Brien-Núñez").await;
    let card = h.wait_text(".address-card", "United Kingdom").await;
    assert!(card.contains("London, Greater London"), "{card}");
    assert!(card.contains("Default billing address") && card.contains("Default shipping address"));
    h.stop().await;
}

/// A copy of the release build with its own `config.json`.
fn site_with_config(config: &str) -> PathBuf {
    let site = unique_dir("site");
    for entry in std::fs::read_dir(env_path("COMMERCE_DIST")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), site.join(entry.file_name())).unwrap();
    }
    std::fs::write(site.join("config.json"), config).unwrap();
    site
}

#[tokio::test]
async fn a_broken_config_json_gives_a_clear_error_screen() {
    let h = Harness::start_serving(&site_with_config(r#"{"store_url": "shop.example.com"}"#)).await;
    h.open("/register").await;
    h.wait_text("[role=alert]", "store_url must be empty").await;
    h.stop().await;
}

#[tokio::test]
async fn an_unreachable_store_or_a_non_json_answer_is_said_plainly() {
    let closed = free_port();
    let h = Harness::start_serving(&site_with_config(&format!(
        r#"{{"store_url": "http://127.0.0.1:{closed}"}}"#
    )))
    .await;
    h.open("/register").await;
    h.wait_text(
        "[role=alert]",
        "The store could not be reached. Check your connection and try again.",
    )
    .await;
    h.stop().await;

    // A base URL that is no store: the site's own HTML comes back where JSON was expected.
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site).await;
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "{}/not-a-store"}}"#, h.base),
    )
    .unwrap();
    h.open("/register").await;
    h.wait_text(
        "[role=alert]",
        "The store sent an answer this page cannot read (HTTP 200).",
    )
    .await;
    h.stop().await;
}

#[tokio::test]
async fn signing_in_by_keyboard_alone() {
    use fantoccini::key::Key;
    let h = Harness::start().await;
    h.open_with_jane_registered("/login?redirect=/account")
        .await;
    h.wait_text("h1", "Sign in").await;
    h.script("document.getElementById('email').focus();").await;
    for keys in [
        "jdoe@example.com".to_owned(),
        char::from(Key::Tab).to_string(),
        "Password1".to_owned(),
        char::from(Key::Enter).to_string(),
    ] {
        h.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&keys)
            .await
            .unwrap();
    }
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;
    h.stop().await;
}
