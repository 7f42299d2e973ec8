//! A store for each test: the emulator served in-process on a free loopback port, and a
//! client whose every answer is checked against Adobe's published OpenAPI schemas.
#![allow(dead_code)] // each test file uses its own part of this helper

#[path = "../../../tests/support/folders.rs"]
mod folders;
#[path = "../../../tests/support/request_log.rs"]
pub mod request_log;
pub use folders::kept_dir;

use clap::Parser;
use commerce_emulator::Emulator;
use commerce_emulator::config::Settings;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, LazyLock, Mutex};

pub struct TestStore {
    pub base: String,
    pub app: Arc<Emulator>,
    client: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestStore {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A `--config` for a store that sends reset links without Magento_Security's limits, for
/// tests that ask for more than one link and are about something else.
pub const RESETS_UNTHROTTLED: &str = "customer/password/password_reset_protection_type=0";

/// What the emulator says when `--config setting` stops it at start (it must not start).
pub fn refused_setting(setting: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_commerce-emulator"))
        .args(["--db", ":memory:", "--config", setting])
        .output()
        .unwrap();
    assert!(!output.status.success(), "{setting} was taken");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The emulator's binary on a free loopback port with `args`: the process, its address, and
/// the rest of its standard output (the request log), for the test to read, drain or leave
/// unread.
pub fn start_binary<S: AsRef<std::ffi::OsStr>>(
    args: impl IntoIterator<Item = S>,
) -> (Child, String, BufReader<ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_commerce-emulator"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let base = loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the emulator stopped before it listened"
        );
        if let Some(address) = line.trim().strip_prefix("commerce-emulator listening on ") {
            break address.to_owned();
        }
    };
    (child, base, stdout)
}

impl TestStore {
    /// A throwaway store; `args` are the emulator's own flags.
    pub async fn start(args: &[&str]) -> TestStore {
        let mail = kept_dir("mail");
        let mut argv = vec!["commerce-emulator", "--listen", "127.0.0.1:0"];
        if !args.contains(&"--db") {
            argv.extend(["--db", ":memory:"]);
        }
        argv.extend_from_slice(args);
        let mut settings = Settings::parse_from(argv);
        if settings.mail_dir.is_none() {
            settings.mail_dir = Some(mail);
        }
        Self::serve(settings).await
    }

    pub async fn serve(mut settings: Settings) -> TestStore {
        let listener = tokio::net::TcpListener::bind(settings.listen)
            .await
            .unwrap();
        settings.listen = listener.local_addr().unwrap();
        let app = Emulator::open(settings).expect("the store opens");
        let base = format!("http://{}", app.settings.listen);
        let serving = app.clone();
        let server = tokio::spawn(async move {
            serving
                .serve(listener, std::future::pending())
                .await
                .unwrap();
        });
        TestStore {
            base,
            app,
            client: reqwest::Client::new(),
            server,
        }
    }

    /// A REST call under `/rest/default/V1/`; the answer is validated against the schema.
    pub async fn call(
        &self,
        method: &str,
        route: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        self.call_at("/rest/default/V1", method, route, body, token)
            .await
    }

    pub async fn call_at(
        &self,
        prefix: &str,
        method: &str,
        route: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self.client.request(
            method.parse().unwrap(),
            format!("{}{prefix}/{route}", self.base),
        );
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
        validate(method, route, status, &value);
        (status, value)
    }

    /// A request with a raw body and headers, for the store's checks of the HTTP layer.
    pub async fn raw(
        &self,
        method: &str,
        route: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(
                method.parse().unwrap(),
                format!("{}/rest/default/V1/{route}", self.base),
            )
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    pub async fn register(&self, body: Value) -> Value {
        let (status, customer) = self.call("POST", "customers", Some(body), None).await;
        assert_eq!(status, 200, "{customer}");
        customer
    }

    pub async fn token(&self, email: &str, password: &str) -> String {
        let (status, token) = self
            .call(
                "POST",
                "integration/customer/token",
                Some(json!({"username": email, "password": password})),
                None,
            )
            .await;
        assert_eq!(status, 200, "{token}");
        token.as_str().unwrap().to_owned()
    }
}

/// The tutorial's request (camelCase, as Adobe's example sends it), shared with the
/// browser tests.
pub fn seed_request() -> Value {
    serde_json::from_str(include_str!("../../../testdata/seed-customer-request.json")).unwrap()
}

/// A registration for `email`, with the body changed by `edit`.
pub fn registration(email: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut body = seed_request();
    body["customer"]["email"] = json!(email);
    edit(&mut body);
    body
}

/// Asserts a store error exactly: status, raw message and parameters.
pub fn assert_error(answer: &(u16, Value), status: u16, message: &str, parameters: Option<Value>) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["message"], message, "{}", answer.1);
    assert_eq!(
        answer.1.get("parameters").cloned(),
        parameters,
        "{}",
        answer.1
    );
}

/// The checkout these tests run from, as Cargo says when it runs them: the compiled-in
/// path would be another checkout's when two share the build cache.
fn checkout() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
}

/// Adobe's three schemas, read from `../shared/commerce-openapi/` at test time.
static SCHEMAS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let dir = checkout().join("../../shared/commerce-openapi");
    ["guest", "customer", "admin"]
        .iter()
        .map(|role| {
            let path = dir.join(format!("{role}-schema-2.4.9.yaml"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut schema: Value = serde_yaml_ng::from_str(&text).unwrap();
            // Known inaccuracy of the published schemas: a store answers an object for
            // named placeholders and a list for numbered ones; the schema says list only.
            schema["definitions"]["error-parameters"] = json!({"type": ["array", "object"]});
            // And a store names Netherlands Antilles `null` (no ICU name), required or not.
            let country = &mut schema["definitions"]["directory-data-country-information-interface"]
                ["properties"];
            if country.is_object() {
                for name in ["full_name_locale", "full_name_english"] {
                    country[name]["type"] = json!(["string", "null"]);
                }
            }
            // Likewise the region of an address that has none: required keys, null values.
            let region = &mut schema["definitions"]["customer-data-region-interface"]["properties"];
            if region.is_object() {
                for name in ["region_code", "region"] {
                    region[name]["type"] = json!(["string", "null"]);
                }
            }
            schema
        })
        .collect()
});

fn template_matches(template: &str, route: &str) -> bool {
    let t: Vec<&str> = template.trim_start_matches("/V1/").split('/').collect();
    let r: Vec<&str> = route.split('/').collect();
    t.len() == r.len() && t.iter().zip(&r).all(|(t, r)| t.starts_with('{') || t == r)
}

/// Validates an answer against the response schema the OpenAPI documents for its route,
/// method and status.
pub fn validate(method: &str, route: &str, status: u16, body: &Value) {
    let method = method.to_lowercase();
    let found = SCHEMAS.iter().find_map(|schema| {
        let (_, operation) = schema["paths"]
            .as_object()?
            .iter()
            .find(|(template, ops)| {
                template_matches(template, route) && ops.get(&method).is_some()
            })?;
        Some((schema, operation[&method]["responses"].clone()))
    });
    let Some((schema, responses)) = found else {
        // Routes that do not exist answer the store's error body.
        assert!(
            status >= 400,
            "{method} {route} is not in the schemas but answered {status}"
        );
        return check(
            &SCHEMAS[0],
            &json!({"$ref": "#/definitions/error-response"}),
            body,
        );
    };
    let response_schema = responses
        .get(status.to_string())
        .or_else(|| (status >= 400).then(|| responses.get("default")).flatten())
        .map(|r| r["schema"].clone())
        .unwrap_or_else(|| {
            assert!(
                status >= 400,
                "{method} {route}: status {status} is not documented"
            );
            json!({"$ref": "#/definitions/error-response"})
        });
    check(schema, &response_schema, body);
}

/// Compiled validators by response schema; compiling against the large admin definitions
/// is the slow part.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> =
    LazyLock::new(Default::default);

fn check(schema: &Value, response_schema: &Value, body: &Value) {
    let key = format!("{}:{response_schema}", schema["info"]["title"]);
    let validator = VALIDATORS
        .lock()
        .unwrap()
        .entry(key)
        .or_insert_with(|| {
            let mut root = response_schema.clone();
            root["definitions"] = schema["definitions"].clone();
            Arc::new(jsonschema::draft4::new(&root).expect("the published schema compiles"))
        })
        .clone();
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the answer does not match the OpenAPI schema: {errors:#?}\n{body}"
    );
}
