//! The real binary under stress on loopback: a SIGKILL in the middle of a burst of
//! registrations, or of a mixed load (addresses, passwords, revocations), loses no write that
//! was answered 200 and leaves none half-written; a race for one email address creates
//! exactly one customer. All are bounded in count and time.

mod common;

use common::request_log::Logged;
use common::{kept_dir, registration};
use serde_json::{Value, json};
use std::io::BufRead;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Starts the binary; its log lines are collected into `log`.
fn start_logging(db: &std::path::Path, log: Arc<Mutex<Vec<String>>>) -> (Child, String) {
    let (child, base, lines) = common::start_binary([std::ffi::OsStr::new("--db"), db.as_os_str()]);
    // Keep draining the request log so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            log.lock().unwrap().push(line);
        }
    });
    (child, base)
}

fn start(db: &std::path::Path) -> (Child, String) {
    start_logging(db, Arc::default())
}

async fn post(
    client: &reqwest::Client,
    base: &str,
    route: &str,
    body: &Value,
) -> Option<(u16, Value)> {
    let response = client
        .post(format!("{base}/rest/V1/{route}"))
        .json(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_store_keeps_every_registration_it_confirmed() {
    let db = kept_dir("durability").join("store.sqlite");
    let (mut child, base) = start(&db);
    let client = reqwest::Client::new();
    let mut burst = tokio::task::JoinSet::new();
    for n in 0..40 {
        let (client, base) = (client.clone(), base.clone());
        burst.spawn(async move {
            let email = format!("burst{n}@example.com");
            let answer = post(&client, &base, "customers", &registration(&email, |_| {})).await;
            (email, answer)
        });
    }
    // Kill the server once some registrations have been answered, while others are in flight.
    let mut confirmed = Vec::new();
    let mut seen = 0;
    while let Some(result) = burst.join_next().await {
        let (email, answer) = result.unwrap();
        seen += 1;
        if let Some((200, _)) = answer {
            confirmed.push(email);
        }
        if seen == 10 {
            child.kill().unwrap(); // SIGKILL
        }
    }
    child.wait().unwrap();
    assert!(
        confirmed.len() >= 10,
        "the burst was answered before the kill: {}",
        confirmed.len()
    );

    let (mut child, base) = start(&db);
    for email in &confirmed {
        let answer = post(
            &client,
            &base,
            "integration/customer/token",
            &json!({"username": email, "password": "Password1"}),
        )
        .await;
        assert_eq!(
            answer.map(|a| a.0),
            Some(200),
            "{email} was confirmed, then lost"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_race_for_one_email_creates_one_customer() {
    let db = kept_dir("race").join("store.sqlite");
    let (mut child, base) = start(&db);
    let client = reqwest::Client::new();
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, base) = (client.clone(), base.clone());
        racers.spawn(async move {
            post(
                &client,
                &base,
                "customers",
                &registration("race@example.com", |_| {}),
            )
            .await
        });
    }
    let mut created = 0;
    while let Some(result) = racers.join_next().await {
        let (status, body) = result.unwrap().expect("every racer is answered");
        match status {
            200 => created += 1,
            400 => assert_eq!(
                body["message"],
                "A customer with the same email address already exists in an associated website."
            ),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(created, 1);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_log_has_a_line_per_request_and_no_secret() {
    let dir = kept_dir("log");
    let log = Arc::new(Mutex::new(Vec::new()));
    let (mut child, base) = start_logging(&dir.join("store.sqlite"), log.clone());
    let client = reqwest::Client::new();
    post(
        &client,
        &base,
        "customers",
        &registration("log@example.com", |_| {}),
    )
    .await
    .unwrap();
    let (_, token) = post(
        &client,
        &base,
        "integration/customer/token",
        &json!({"username": "log@example.com", "password": "Password1"}),
    )
    .await
    .unwrap();
    let token = token.as_str().unwrap().to_owned();
    let me = client
        .get(format!("{base}/rest/V1/customers/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let reset = client
        .get(format!(
            "{base}/rest/V1/customers/1/password/resetLinkToken/secret-reset-token"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 400);
    tokio::time::sleep(Duration::from_millis(200)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let lines: Vec<String> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains(" /rest/"))
        .cloned()
        .collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        Logged::parse(&lines[2]).is_some_and(|r| r.answered("GET /rest/V1/customers/me", 200)),
        "{lines:#?}"
    );
    let everything = log.lock().unwrap().join("\n");
    for secret in ["Password1", token.as_str(), "secret-reset-token"] {
        assert!(
            !everything.contains(secret),
            "the log shows a secret: {everything}"
        );
    }
}

/// One answered write of the mixed load, to look for after the restart.
#[derive(Debug)]
enum Done {
    Address(usize),
    Password(usize),
    Revoked(usize),
}

async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    route: &str,
    token: &str,
    body: Option<&Value>,
) -> Option<(u16, Value)> {
    let mut request = client
        .request(method, format!("{base}/rest/V1/{route}"))
        .bearer_auth(token)
        .timeout(Duration::from_secs(30));
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_store_keeps_every_mixed_write_it_confirmed_and_none_half_written() {
    let db = kept_dir("mixed").join("store.sqlite");
    let (mut child, base) = start(&db);
    let client = reqwest::Client::new();
    let shoppers = 16;
    let mut tokens = Vec::new();
    for n in 0..shoppers {
        let email = format!("mixed{n}@example.com");
        let created = post(&client, &base, "customers", &registration(&email, |_| {})).await;
        assert_eq!(created.map(|a| a.0), Some(200));
        let credentials = json!({"username": email, "password": "Password1"});
        let (_, token) = post(&client, &base, "integration/customer/token", &credentials)
            .await
            .unwrap();
        tokens.push(token.as_str().unwrap().to_owned());
    }
    let done = Arc::new(Mutex::new(Vec::new()));
    let mut load = tokio::task::JoinSet::new();
    for (n, token) in tokens.iter().enumerate() {
        let (client, base, token, done) =
            (client.clone(), base.clone(), token.clone(), done.clone());
        load.spawn(async move {
            let me = send(
                &client,
                reqwest::Method::GET,
                &base,
                "customers/me",
                &token,
                None,
            )
            .await;
            let Some((200, mut customer)) = me else {
                return;
            };
            let mut second = customer["addresses"][0].clone();
            second.as_object_mut().unwrap().remove("id");
            second["city"] = json!("Albany");
            second["default_billing"] = json!(false);
            second["default_shipping"] = json!(false);
            customer["addresses"].as_array_mut().unwrap().push(second);
            let saved = send(
                &client,
                reqwest::Method::PUT,
                &base,
                "customers/me",
                &token,
                Some(&json!({"customer": customer})),
            )
            .await;
            if let Some((200, _)) = saved {
                done.lock().unwrap().push(Done::Address(n));
            }
            let change =
                json!({"currentPassword": "Password1", "newPassword": format!("Changed-{n}x")});
            let changed = send(
                &client,
                reqwest::Method::PUT,
                &base,
                "customers/me/password",
                &token,
                Some(&change),
            )
            .await;
            if let Some((200, _)) = changed {
                done.lock().unwrap().push(Done::Password(n));
            }
            let revoked = send(
                &client,
                reqwest::Method::POST,
                &base,
                "integration/customer/revoke-customer-token",
                &token,
                None,
            )
            .await;
            if let Some((200, _)) = revoked {
                done.lock().unwrap().push(Done::Revoked(n));
            }
        });
    }
    // Kill in the middle of the load, once a third of its writes have been answered.
    let started = std::time::Instant::now();
    while done.lock().unwrap().len() < shoppers && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    load.abort_all();
    let done = std::mem::take(&mut *done.lock().unwrap());
    assert!(!done.is_empty());

    let (mut child, base) = start(&db);
    for (n, old) in tokens.iter().enumerate() {
        let email = format!("mixed{n}@example.com");
        let sign_in = |password: String| {
            let (client, base, email) = (client.clone(), base.clone(), email.clone());
            async move {
                let credentials = json!({"username": email, "password": password});
                post(&client, &base, "integration/customer/token", &credentials).await
            }
        };
        let changed = done
            .iter()
            .any(|d| matches!(d, Done::Password(m) if *m == n));
        let new = sign_in(format!("Changed-{n}x")).await;
        let token = match new {
            Some((200, token)) => token,
            _ => {
                assert!(!changed, "{email}: the answered password change was lost");
                let old = sign_in("Password1".to_owned()).await;
                assert_eq!(
                    old.as_ref().map(|a| a.0),
                    Some(200),
                    "{email}: neither password signs in"
                );
                old.unwrap().1
            }
        };
        let token = token.as_str().unwrap();
        let (status, me) = send(
            &client,
            reqwest::Method::GET,
            &base,
            "customers/me",
            token,
            None,
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "{me}");
        let book = me["addresses"].as_array().unwrap().len();
        let added = done
            .iter()
            .any(|d| matches!(d, Done::Address(m) if *m == n));
        assert!(
            book == 2 || (book == 1 && !added),
            "{email}: {book} addresses, added {added}"
        );
        assert_eq!(
            me["default_billing"],
            me["addresses"][0]["id"].to_string().as_str()
        );
        if done
            .iter()
            .any(|d| matches!(d, Done::Revoked(m) if *m == n))
        {
            let (status, _) = send(
                &client,
                reqwest::Method::GET,
                &base,
                "customers/me",
                old,
                None,
            )
            .await
            .unwrap();
            assert_eq!(status, 401, "{email}: the answered revocation was lost");
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
