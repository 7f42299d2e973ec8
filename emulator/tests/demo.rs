//! `--demo`: the mailbox in the browser, the ready-made accounts, the limit a client address
//! has, and the wipe back to the ready-made accounts on a schedule.

mod common;

use serde_json::{Value, json};
use std::io::BufRead;
use std::process::Child;
use std::time::Duration;

/// The emulator's binary in demo mode, on a free port, with a file database.
struct Demo {
    child: Child,
    base: String,
    client: reqwest::Client,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Demo {
    fn start(args: &[&str]) -> Demo {
        let database = common::kept_dir("demo").join("store.sqlite");
        let (child, base, lines) = common::start_binary(
            ["--demo", "--db", database.to_str().unwrap()]
                .iter()
                .chain(args),
        );
        std::thread::spawn(move || lines.lines().for_each(drop));
        Demo {
            child,
            base,
            client: reqwest::Client::new(),
        }
    }

    async fn post(&self, route: &str, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}/rest/V1/{route}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn page(&self, path: &str) -> (u16, String) {
        let answer = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (answer.status().as_u16(), answer.text().await.unwrap())
    }

    /// The mailbox a REST answer names, where the app's notice leads.
    async fn mailbox_named(&self) -> String {
        let answer = self
            .post(
                "customers/isEmailAvailable",
                json!({"customerEmail": "x@y.z"}),
            )
            .await;
        answer.headers()["x-demo-mailbox"]
            .to_str()
            .unwrap()
            .to_owned()
    }

    async fn sign_in(&self, email: &str, password: &str) -> u16 {
        self.post(
            "integration/customer/token",
            json!({"username": email, "password": password}),
        )
        .await
        .status()
        .as_u16()
    }
}

/// A new shopper of that first name, in Jane's address.
fn registration(email: &str, firstname: &str) -> Value {
    common::registration(email, |body| {
        body["customer"]["firstname"] = json!(firstname);
        body["customer"]["addresses"][0]["firstname"] = json!(firstname);
    })
}

#[tokio::test]
async fn the_ready_made_shoppers_sign_in_at_once_and_the_mailbox_lists_them() {
    let demo = Demo::start(&[]);
    for email in [
        "jdoe@example.com",
        "lukas.becker@example.com",
        "amelia.clarke@example.com",
    ] {
        assert_eq!(demo.sign_in(email, "Password1").await, 200, "{email}");
    }
    let (status, page) = demo.page("/_emulator/mail").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("jdoe@example.com") && page.contains("Password1"),
        "{page}"
    );
    assert_eq!(
        demo.mailbox_named().await,
        format!("{}/_emulator/mail", demo.base)
    );
}

/// A workshop puts the emulator, serving the site, behind a proxy with its own name: the
/// app's notice must lead there, not to the address the emulator listens on.
#[tokio::test]
async fn serving_the_site_the_mailbox_is_at_the_sites_address() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<!doctype html>").unwrap();
    let demo = Demo::start(&[
        "--serve-dir",
        site.path().to_str().unwrap(),
        "--base-url",
        "https://demo.example.org/",
    ]);
    assert_eq!(
        demo.mailbox_named().await,
        "https://demo.example.org/_emulator/mail"
    );
}

#[tokio::test]
async fn the_mailbox_shows_each_mail_with_its_links_and_escapes_what_visitors_typed() {
    let demo = Demo::start(&[]);
    let created = demo
        .post(
            "customers",
            registration("tom@example.com", "Tom & Jerry's"),
        )
        .await;
    assert_eq!(created.status(), 200);
    demo.client
        .put(format!("{}/rest/V1/customers/password", demo.base))
        .json(&json!({"email": "tom@example.com", "template": "email_reset"}))
        .send()
        .await
        .unwrap();
    let (_, list) = demo.page("/_emulator/mail").await;
    assert!(
        list.contains("Reset your Main Website Store password"),
        "{list}"
    );
    let newest = list.find("/_emulator/mail/").unwrap();
    let id: String = list[newest + "/_emulator/mail/".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (_, reset) = demo.page(&format!("/_emulator/mail/{id}")).await;
    assert!(reset.contains("<a href=\"http://"), "{reset}");
    assert!(
        reset.contains("/customer/account/createPassword/?id="),
        "{reset}"
    );
    assert!(reset.contains("&amp;token="), "{reset}");
    let welcome = list.rfind("/_emulator/mail/").unwrap();
    let id: String = list[welcome + "/_emulator/mail/".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (_, welcome) = demo.page(&format!("/_emulator/mail/{id}")).await;
    assert!(welcome.contains("Tom &amp; Jerry&#39;s"), "{welcome}");
    assert!(!welcome.contains("Tom & Jerry"), "{welcome}");
}

#[tokio::test]
async fn without_demo_there_is_no_mailbox() {
    let database = common::kept_dir("no-demo").join("store.sqlite");
    let (mut child, base, _log) = common::start_binary(["--db", database.to_str().unwrap()]);
    let answer = reqwest::get(format!("{base}/_emulator/mail"))
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn a_client_past_its_limit_gets_a_429_until_the_window_passes() {
    let demo = Demo::start(&[
        "--max-signups-per-minute",
        "3",
        "--rate-window-seconds",
        "2",
    ]);
    for _ in 0..3 {
        assert_eq!(demo.sign_in("jdoe@example.com", "Password1").await, 200);
    }
    let refused = demo
        .post("customers", registration("late@example.com", "Late"))
        .await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body, json!({"message": "Too Many Requests"}));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let created = demo
        .post("customers", registration("late@example.com", "Late"))
        .await;
    assert_eq!(created.status(), 200);
}

/// Behind the recipe's nginx, `X-Forwarded-For` is what the visitor sent with her address
/// appended (`$proxy_add_x_forwarded_for`): only that last entry is the proxy's word.
#[tokio::test]
async fn a_forged_forwarded_address_does_not_dodge_the_limit() {
    let demo = Demo::start(&["--max-signups-per-minute", "2"]);
    let mut answers = Vec::new();
    for i in 0..3 {
        let answer = demo
            .client
            .post(format!("{}/rest/V1/integration/customer/token", demo.base))
            .header("X-Forwarded-For", format!("10.0.0.{i}, 203.0.113.7"))
            .json(&json!({"username": "jdoe@example.com", "password": "Password1"}))
            .send()
            .await
            .unwrap();
        answers.push(answer.status().as_u16());
    }
    assert_eq!(answers, [200, 200, 429]);
    let another_visitor = demo
        .client
        .post(format!("{}/rest/V1/integration/customer/token", demo.base))
        .header("X-Forwarded-For", "203.0.113.8")
        .json(&json!({"username": "jdoe@example.com", "password": "Password1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(another_visitor.status(), 200);
}

#[tokio::test]
async fn the_schedule_wipes_the_store_back_to_exactly_the_ready_made_accounts() {
    let demo = Demo::start(&["--reset-every", "0.04"]);
    let created = demo
        .post("customers", registration("visitor@example.com", "Visitor"))
        .await;
    assert_eq!(created.status(), 200);
    let change = demo
        .client
        .post(format!("{}/rest/V1/integration/customer/token", demo.base))
        .json(&json!({"username": "jdoe@example.com", "password": "Password1"}))
        .send()
        .await
        .unwrap();
    let token: String = change.json().await.unwrap();
    let changed = demo
        .client
        .put(format!("{}/rest/V1/customers/me/password", demo.base))
        .bearer_auth(&token)
        .json(&json!({"currentPassword": "Password1", "newPassword": "Changed-pass1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let (_, page) = demo.page("/_emulator/mail").await;
    assert!(page.contains("Everything is reset at"), "{page}");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(demo.sign_in("visitor@example.com", "Password1").await, 401);
    assert_eq!(demo.sign_in("jdoe@example.com", "Changed-pass1").await, 401);
    for email in [
        "jdoe@example.com",
        "lukas.becker@example.com",
        "amelia.clarke@example.com",
    ] {
        assert_eq!(demo.sign_in(email, "Password1").await, 200, "{email}");
    }
    let (_, page) = demo.page("/_emulator/mail").await;
    assert!(!page.contains("visitor@example.com"), "the mail went too");
}
