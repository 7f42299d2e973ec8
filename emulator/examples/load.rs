//! The load part of `cargo xtask bench`: simulated shoppers against a release emulator, 32
//! and 64 at once, each going through the shopper's life a fixed number of times (register,
//! sign in, read her account, add an address, change her password, sign out). Prints
//! throughput, p50/p95/p99 a route, the errors (there must be none) and the emulator's peak
//! resident memory. A benchmark: it measures and prints; it asserts nothing.
//!
//! `cargo run --release -p commerce-emulator --example load -- <emulator> [clients,...] [iterations]`

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Timings = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

struct Shopper {
    client: reqwest::Client,
    base: String,
    timings: Timings,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Shopper {
    async fn call(
        &self,
        route: &'static str,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Option<Value> {
        let mut request = self
            .client
            .request(method, format!("{}/rest/V1/{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = Instant::now();
        let answer = request.send().await;
        let elapsed = started.elapsed();
        self.timings
            .lock()
            .unwrap()
            .entry(route)
            .or_default()
            .push(elapsed);
        match answer {
            Ok(answer) if answer.status().is_success() => answer.json().await.ok(),
            Ok(answer) => {
                let status = answer.status();
                let text = answer.text().await.unwrap_or_default();
                self.errors
                    .lock()
                    .unwrap()
                    .push(format!("{route}: {status} {text}"));
                None
            }
            Err(e) => {
                self.errors.lock().unwrap().push(format!("{route}: {e}"));
                None
            }
        }
    }

    /// One shopper's life: the same six calls, each time with a new account.
    async fn live(&self, who: usize, iterations: usize) {
        use reqwest::Method;
        for i in 0..iterations {
            let email = format!("shopper{who}-{i}@example.com");
            // The seed scenario's registration (the tests' too), under an email of her own.
            let mut registration: Value =
                serde_json::from_str(include_str!("../../testdata/seed-customer-request.json"))
                    .expect("the seed request is JSON");
            registration["customer"]["email"] = json!(email);
            let registered = self
                .call(
                    "POST customers",
                    Method::POST,
                    "customers",
                    None,
                    Some(&registration),
                )
                .await;
            if registered.is_none() {
                continue;
            }
            let credentials = json!({"username": email, "password": "Password1"});
            let token = self
                .call(
                    "POST integration/customer/token",
                    Method::POST,
                    "integration/customer/token",
                    None,
                    Some(&credentials),
                )
                .await;
            let Some(Value::String(token)) = token else {
                continue;
            };
            let Some(mut me) = self
                .call(
                    "GET customers/me",
                    Method::GET,
                    "customers/me",
                    Some(&token),
                    None,
                )
                .await
            else {
                continue;
            };
            let mut second = me["addresses"][0].clone();
            second.as_object_mut().map(|a| a.remove("id"));
            second["city"] = json!("Albany");
            second["default_billing"] = json!(false);
            second["default_shipping"] = json!(false);
            if let Some(book) = me["addresses"].as_array_mut() {
                book.push(second);
            }
            self.call(
                "PUT customers/me",
                Method::PUT,
                "customers/me",
                Some(&token),
                Some(&json!({"customer": me})),
            )
            .await;
            let change = json!({"currentPassword": "Password1", "newPassword": "Password2"});
            self.call(
                "PUT customers/me/password",
                Method::PUT,
                "customers/me/password",
                Some(&token),
                Some(&change),
            )
            .await;
            self.call(
                "POST revoke-customer-token",
                Method::POST,
                "integration/customer/revoke-customer-token",
                Some(&token),
                None,
            )
            .await;
        }
    }
}

fn peak_resident_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at].as_secs_f64() * 1000.0
}

async fn run(emulator: &str, clients: usize, iterations: usize) {
    let folder =
        std::env::temp_dir().join(format!("commerce-load-{}-{clients}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let mut child = Command::new(emulator)
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(folder.join("store.sqlite"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("the emulator starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("commerce-emulator listening on ")
                .map(str::to_owned)
        })
        .expect("the emulator says where it listens");
    std::thread::spawn(move || lines.for_each(drop));

    let timings: Timings = Arc::default();
    let errors = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut shoppers = tokio::task::JoinSet::new();
    for who in 0..clients {
        let shopper = Shopper {
            client: reqwest::Client::new(),
            base: base.clone(),
            timings: timings.clone(),
            errors: errors.clone(),
        };
        shoppers.spawn(async move { shopper.live(who, iterations).await });
    }
    while shoppers.join_next().await.is_some() {}
    let elapsed = started.elapsed().as_secs_f64();
    let peak = peak_resident_mb(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&folder);

    let timings = timings.lock().unwrap();
    let calls: usize = timings.values().map(Vec::len).sum();
    let registrations = timings.get("POST customers").map_or(0, Vec::len);
    println!(
        "\n{clients} shoppers at once, {iterations} lives each: {calls} calls in {elapsed:.1} s, \
         {:.0} calls/s, {:.1} registrations/s; errors {}; emulator peak resident {peak} MB",
        calls as f64 / elapsed,
        registrations as f64 / elapsed,
        errors.lock().unwrap().len()
    );
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9}",
        "route", "calls", "p50 ms", "p95 ms", "p99 ms"
    );
    for (route, durations) in timings.iter() {
        let mut sorted = durations.clone();
        sorted.sort();
        println!(
            "{route:<34} {:>6} {:>9.1} {:>9.1} {:>9.1}",
            sorted.len(),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.95),
            percentile(&sorted, 0.99)
        );
    }
    for error in errors.lock().unwrap().iter().take(5) {
        println!("error: {error}");
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let emulator = args.next().expect("the emulator binary to run");
    let clients: Vec<usize> = args
        .next()
        .unwrap_or_else(|| "32,64".to_owned())
        .split(',')
        .filter_map(|n| n.parse().ok())
        .collect();
    let iterations = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    for clients in clients {
        run(&emulator, clients, iterations).await;
    }
}
