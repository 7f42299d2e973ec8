//! The browser and its steps: starting a test's servers and Chromium, opening pages, typing,
//! clicking, waiting, reading, and the accessibility check.

use super::*;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One of chromedriver's own endpoints: the console log (`se/log`), or a DevTools command
/// (`goog/cdp/execute`).
#[derive(Debug)]
struct Chromedriver {
    endpoint: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Chromedriver {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.endpoint
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
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
        let mail_dir = kept_dir("mail");
        let mut args = vec!["--serve-dir", site.to_str().unwrap()];
        args.extend(["--mail-dir", mail_dir.to_str().unwrap()]);
        args.extend_from_slice(flags);
        let store = EmulatorProcess::start(&args);
        let base = store.base.clone();
        Self::with_browser(base, store, mail_dir, None).await
    }

    /// The site and its store behind nginx, configured by a recipe of `deploy/nginx/` as
    /// shipped: only the upstream address, the port and the folders put in.
    pub async fn behind_nginx(recipe: &str, site: &Path, site_path: &str) -> Harness {
        Self::behind_nginx_with(recipe, site, site_path, &[], |_| Vec::new()).await
    }

    /// Behind nginx, with the emulator's own flags, and lines of the recipe changed as an
    /// operator changes them (`changes` is given the store's address).
    pub async fn behind_nginx_with(
        recipe: &str,
        site: &Path,
        site_path: &str,
        flags: &[&str],
        changes: impl FnOnce(&str) -> Vec<(String, String)>,
    ) -> Harness {
        let mail_dir = kept_dir("mail");
        let mut args = vec!["--mail-dir", mail_dir.to_str().unwrap()];
        args.extend_from_slice(flags);
        let store = EmulatorProcess::start(&args);
        let changes = changes(&store.base);
        let nginx = Nginx::start(recipe, site, site_path, &store.base, &changes);
        let base = nginx.base.clone();
        Self::with_browser(base, store, mail_dir, Some(nginx)).await
    }

    async fn with_browser(
        base: String,
        store: EmulatorProcess,
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
        let profile = kept_dir("profile");
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
        let input = self.shown(css).await;
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

    /// The element, once the page shows it: a page appears when its chunk has arrived.
    async fn shown(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matches {css:?}: {e}"))
    }

    pub async fn value(&self, css: &str) -> String {
        let input = self.shown(css).await;
        input.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.shown(css).await.attr(name).await.unwrap()
    }

    /// Clicks the element, once the page shows it.
    pub async fn click(&self, css: &str) {
        self.shown(css).await.click().await.unwrap();
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

    /// This tab's `sessionStorage`, as a browser copies it into a duplicated tab.
    pub async fn session_storage(&self) -> String {
        let copy = self
            .script("return JSON.stringify(Object.assign({}, sessionStorage));")
            .await;
        copy.as_str().unwrap().to_owned()
    }

    /// Puts a copy of another tab's `sessionStorage` into this one, as duplicating that tab would.
    pub async fn duplicate_session_storage(&self, copy: &str) {
        self.client
            .execute(
                "for (const [k, v] of Object.entries(JSON.parse(arguments[0]))) sessionStorage.setItem(k, v);",
                vec![json!(copy)],
            )
            .await
            .unwrap();
    }

    /// The tab's clock read in a time zone where it is now `hour` o'clock (a whole-hour
    /// `Etc/GMT` zone), so that a test of what "today" means does not hang on when it runs.
    pub async fn clock_reads_hour(&self, hour: u64) {
        let utc_hour = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 3600
            % 24;
        let ahead = (hour + 24 - utc_hour) as i64 % 24;
        let ahead = if ahead > 14 { ahead - 24 } else { ahead };
        // The Etc zones' sign is POSIX's: Etc/GMT-2 is two hours ahead of Greenwich.
        let zone = match ahead {
            0 => "Etc/GMT".to_owned(),
            ahead => format!("Etc/GMT{:+}", -ahead),
        };
        let command = Chromedriver {
            endpoint: "goog/cdp/execute",
            body: json!({"cmd": "Emulation.setTimezoneOverride", "params": {"timezoneId": zone}}),
        };
        self.client.issue_cmd(command).await.unwrap();
    }

    pub async fn console_errors(&self) -> Vec<String> {
        let log = Chromedriver {
            endpoint: "se/log",
            body: json!({"type": "browser"}),
        };
        let entries = self.client.issue_cmd(log).await.unwrap();
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

    pub fn requests(&self) -> Vec<Logged> {
        self.requests.lock().unwrap().clone()
    }

    pub async fn stop(self) {
        let _ = self.client.close().await;
    }
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
