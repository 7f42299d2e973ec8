//! The real binary under stress on loopback: a SIGKILL in the middle of a burst of
//! registrations loses none that were answered 200, and a race for one email address
//! creates exactly one customer. Both are bounded in count and time.

mod common;

use common::{registration, temp_dir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn start(db: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_commerce-emulator"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first
        .strip_prefix("commerce-emulator listening on ")
        .unwrap()
        .to_owned();
    // Keep draining the request log so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
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
    let db = temp_dir("durability").join("store.sqlite");
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
    let db = temp_dir("race").join("store.sqlite");
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
