//! The harness of the end-to-end tests: a fresh emulator serving the release build and the
//! REST API, a fresh headless Chromium driven through WebDriver, and the steps a shopper
//! takes, written once for every area's tests.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

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

/// A folder of its own for one run (kept: a failed test's profile and mail are evidence).
pub fn unique_dir(label: &str) -> PathBuf {
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

/// An emulator of its own, with what it logged of the REST calls; stopped when dropped.
pub struct Store {
    pub process: Child,
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Store {
    /// A fresh emulator on a free port (or `--listen` among `flags`), in memory.
    pub fn start(flags: &[&str]) -> Store {
        let listen = if flags.contains(&"--listen") {
            vec![]
        } else {
            vec!["--listen", "127.0.0.1:0"]
        };
        let mut process = Command::new(env_path("COMMERCE_EMULATOR"))
            .args(listen)
            .args(["--db", ":memory:"])
            .args(flags)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator starts");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let lines = BufReader::new(process.stdout.take().unwrap());
        let log = requests.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("commerce-emulator listening on ") {
                    let _ = address_tx.send(address.to_owned());
                } else if line.contains(" /rest/") && !line.starts_with("fault:") {
                    log.lock().unwrap().push(line);
                }
            }
        });
        let base = address_rx
            .recv_timeout(WAIT)
            .expect("the emulator says where it listens");
        Store {
            process,
            base,
            requests,
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// nginx in front of a store, with a recipe of `deploy/nginx/`; stopped when dropped.
pub struct Nginx {
    pub base: String,
    pub dir: PathBuf,
    pub site_path: String,
    process: Child,
}

impl Nginx {
    /// `site` is served at `site_path` (empty for the host's root).
    pub fn start(recipe: &str, site: &Path, site_path: &str, store_base: &str) -> Nginx {
        let dir = unique_dir("nginx");
        // nginx's root holds the site at its path.
        let root = match site_path.trim_matches('/') {
            "" => site.to_path_buf(),
            path => {
                let root = unique_dir("root");
                let at = root.join(path);
                std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(site, &at).unwrap();
                root
            }
        };
        let port = free_port();
        let shipped = checkout().join("deploy/nginx");
        let folder = format!("{}/", dir.display());
        let substitutions = [
            (
                "server 127.0.0.1:8081;",
                format!("server {};", store_base.trim_start_matches("http://")),
            ),
            ("listen 8080;", format!("listen 127.0.0.1:{port};")),
            ("/srv/customer-account", root.display().to_string()),
            ("/etc/nginx/customer-account/", folder.clone()),
            ("/var/log/nginx/", folder.clone()),
        ];
        let mut found = vec![false; substitutions.len()];
        for entry in std::fs::read_dir(&shipped).unwrap() {
            let path = entry.unwrap().path();
            let mut text = std::fs::read_to_string(&path).unwrap();
            for (i, (shipped_value, ours)) in substitutions.iter().enumerate() {
                found[i] |= text.contains(shipped_value);
                text = text.replace(shipped_value, ours);
            }
            std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
        }
        for ((shipped_value, _), found) in substitutions.iter().zip(found) {
            assert!(found, "deploy/nginx/ has no {shipped_value:?}");
        }
        // The http block a Debian nginx has, around the recipe; one process, so that
        // stopping it leaves no worker holding its port.
        let main = format!(
            "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
             user root;\nmaster_process off;\ndaemon off;\npid {folder}nginx.pid;\n\
             error_log {folder}error.log warn;\nevents {{}}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
             client_body_temp_path {folder}body;\n  proxy_temp_path {folder}proxy;\n\
             fastcgi_temp_path {folder}fastcgi;\n  uwsgi_temp_path {folder}uwsgi;\n\
             scgi_temp_path {folder}scgi;\n  include {folder}{recipe};\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let nginx = std::env::var("COMMERCE_NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let process = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < WAIT,
                "nginx did not open its port: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx {
            base: format!("http://127.0.0.1:{port}"),
            dir,
            site_path: site_path.trim_end_matches('/').to_owned(),
            process,
        }
    }

    /// The access log as nginx wrote it.
    pub fn access_log(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("customer-account.access.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
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
    requests: Arc<Mutex<Vec<String>>>,
    _processes: Processes,
}

/// The servers of one test, stopped even when the test fails half-way.
struct Processes {
    _store: Store,
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

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(&[]).await
    }

    /// With the emulator's own flags added (a shorter reset-link lifetime, say).
    pub async fn start_with(flags: &[&str]) -> Harness {
        Self::start_serving(&env_path("COMMERCE_DIST"), flags).await
    }

    pub async fn start_serving(site: &Path, flags: &[&str]) -> Harness {
        let mail_dir = unique_dir("mail");
        let mut args = vec!["--serve-dir", site.to_str().unwrap()];
        args.extend(["--mail-dir", mail_dir.to_str().unwrap()]);
        args.extend_from_slice(flags);
        let store = Store::start(&args);
        let base = store.base.clone();
        Self::with_browser(base, store, mail_dir, None).await
    }

    /// The site and its store behind nginx, configured by a recipe of `deploy/nginx/` as
    /// shipped: only the upstream address, the port and the folders put in.
    pub async fn behind_nginx(recipe: &str, site: &Path, site_path: &str) -> Harness {
        let mail_dir = unique_dir("mail");
        let store = Store::start(&["--mail-dir", mail_dir.to_str().unwrap()]);
        let nginx = Nginx::start(recipe, site, site_path, &store.base);
        let base = nginx.base.clone();
        Self::with_browser(base, store, mail_dir, Some(nginx)).await
    }

    async fn with_browser(
        base: String,
        store: Store,
        mail_dir: PathBuf,
        nginx: Option<Nginx>,
    ) -> Harness {
        let requests = store.requests.clone();
        let store_base = store.base.clone();
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
            mail_dir,
            requests,
            nginx_dir: nginx.as_ref().map(|n| n.dir.clone()),
            site_path: nginx
                .as_ref()
                .map(|n| n.site_path.clone())
                .unwrap_or_default(),
            store_base,
            _processes: Processes {
                _store: store,
                _nginx: nginx,
                chromedriver,
                profile: processes_profile,
            },
        }
    }

    /// Opens a route of the app (under the site's path, when it has one).
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{}{path}", self.base, self.site_path))
            .await
            .unwrap();
    }

    /// The route of the app the browser shows, with its query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        let path = url.path();
        let path = path.strip_prefix(&self.site_path).unwrap_or(path);
        match url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.to_owned(),
        }
    }

    pub async fn wait_for_path(&self, expected: &str) {
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
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
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

    pub async fn fill(&self, css: &str, text: &str) {
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
    pub async fn focused_id(&self) -> Option<String> {
        self.client
            .active_element()
            .await
            .unwrap()
            .attr("id")
            .await
            .unwrap()
    }

    pub async fn value(&self, css: &str) -> String {
        let input = self.client.find(Locator::Css(css)).await.unwrap();
        input.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .attr(name)
            .await
            .unwrap()
    }

    /// Clicks the element, once the page shows it.
    pub async fn click(&self, css: &str) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matches {css:?}: {e}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn script(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.unwrap()
    }

    /// Calls the store from the page, as any script of the origin could.
    pub async fn rest(
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

    /// The token as this tab keeps it: a plain string in `sessionStorage`.
    pub async fn session_token(&self) -> Option<String> {
        let stored = self
            .script(&format!("return sessionStorage.getItem('{TOKEN_KEY}');"))
            .await;
        stored.as_str().map(str::to_owned)
    }

    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self.client.issue_cmd(BrowserLog).await.unwrap();
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// What the Content-Security-Policy refused since the log was last read.
    pub async fn policy_violations(&self) -> Vec<String> {
        self.console_errors()
            .await
            .into_iter()
            .filter(|e| e.contains("Content Security Policy") || e.contains("Refused to"))
            .collect()
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    pub async fn stop(self) {
        let _ = self.client.close().await;
    }
}

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
    serde_json::from_str(include_str!("../../testdata/seed-customer-request.json")).unwrap()
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
    pub fn requests_since(&self, from: usize) -> Vec<String> {
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

/// The checkout these tests run from, as Cargo says when it runs them: the compiled-in
/// path would be another checkout's when two share the build cache.
fn checkout() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
}

/// axe-core as `cargo xtask test` installs it (npm, pinned by `tools/axe/package-lock.json`).
static AXE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let path = checkout().join("tools/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (cargo xtask test installs it)", path.display()))
});

impl Harness {
    /// axe-core's rules on the page as it is now; fails naming every rule broken and where.
    pub async fn assert_accessible(&self, screen: &str) {
        if self.script("return typeof window.axe;").await != json!("object") {
            self.script(&AXE).await;
        }
        let violations = self
            .client
            .execute_async(
                "const done = arguments[0];
                 axe.run(document, {resultTypes: ['violations']}).then(result => done(
                   result.violations.map(v =>
                     `${v.id} (${v.impact}): ${v.help}; at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)));",
                vec![],
            )
            .await
            .unwrap();
        let violations: Vec<&str> = violations
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            violations.is_empty(),
            "axe finds on {screen}:\n{}",
            violations.join("\n")
        );
    }
}

/// One plain HTTP/1.1 request: the whole answer, status line, headers and body, as text.
pub fn http(base: &str, method: &str, path: &str, headers: &[&str], body: Option<&str>) -> String {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(&format!("{header}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body.unwrap_or_default());
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

impl Harness {
    /// Scripts a fault on the emulator, through its loopback-only `/_emulator/faults`.
    pub fn fault(&self, script: Value) {
        let answer = http(
            &self.store_base,
            "POST",
            "/_emulator/faults",
            &[],
            Some(&script.to_string()),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    /// Waits until the store has worked on `route` `times` times in all.
    pub async fn wait_handled(&self, route: &str, times: usize) {
        let started = Instant::now();
        while self.handled(route) < times {
            assert!(
                started.elapsed() < WAIT,
                "{route} handled {} times, not {times}",
                self.handled(route)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many times the store worked on `route` (`"POST /rest/default/V1/customers "`).
    pub fn handled(&self, route: &str) -> usize {
        self.requests()
            .iter()
            .filter(|line| line.starts_with(route))
            .count()
    }
}
