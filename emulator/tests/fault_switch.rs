//! The fault switch, `/_emulator/faults`, as an attacker meets it: through a proxy on this
//! machine, from a cross-site form, in a demo store, with more scripts than anyone needs.

mod common;

use common::TestStore;
use serde_json::json;

async fn post(store: &TestStore, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/_emulator/faults", store.base))
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let answer = request.send().await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

const JSON: (&str, &str) = ("Content-Type", "application/json");
const HOLD: &str = r#"{"route": "GET customers/me", "fault": "hold"}"#;

#[tokio::test]
async fn a_caller_on_this_machine_scripts_a_fault() {
    let store = TestStore::start(&[]).await;
    assert_eq!(post(&store, &[JSON], HOLD).await.0, 200);
}

#[tokio::test]
async fn nothing_that_came_through_a_proxy_reaches_the_switch() {
    let store = TestStore::start(&[]).await;
    for forwarded in [
        ("X-Forwarded-For", "203.0.113.9"),
        ("Forwarded", "for=203.0.113.9"),
        ("X-Real-IP", "203.0.113.9"),
    ] {
        let (status, _) = post(&store, &[JSON, forwarded], HOLD).await;
        assert_eq!(status, 404, "{forwarded:?}");
    }
}

#[tokio::test]
async fn a_cross_site_form_cannot_script_a_fault() {
    let store = TestStore::start(&[]).await;
    for mime in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let (status, _) = post(&store, &[("Content-Type", mime)], HOLD).await;
        assert_eq!(status, 415, "{mime}");
    }
    let (status, _) = post(&store, &[], HOLD).await;
    assert_eq!(status, 415);
}

#[tokio::test]
async fn a_demo_store_keeps_its_switch_off_unless_told() {
    let demo = TestStore::start(&["--demo"]).await;
    assert_eq!(post(&demo, &[JSON], HOLD).await.0, 404);
    let told = TestStore::start(&["--demo", "--fault-switch"]).await;
    assert_eq!(post(&told, &[JSON], HOLD).await.0, 200);
}

#[tokio::test]
async fn scripts_are_bounded_and_unknown_names_are_refused_with_the_known_ones() {
    let store = TestStore::start(&[]).await;
    let (status, text) = post(&store, &[JSON], r#"{"route": "*", "fault": "melt"}"#).await;
    assert_eq!(status, 400);
    assert!(text.contains("reset_before"), "{text}");
    let (status, text) = post(
        &store,
        &[JSON],
        r#"{"route": "GET shoppers", "fault": "hold"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("GET customers/me"), "{text}");
    let long = json!({"route": "*", "fault": "hold", "hold_ms": 3_600_000}).to_string();
    assert_eq!(post(&store, &[JSON], &long).await.0, 400);
    let many = json!(
        (0..101)
            .map(|_| json!({"route": "*", "fault": "hold"}))
            .collect::<Vec<_>>()
    );
    assert_eq!(post(&store, &[JSON], &many.to_string()).await.0, 400);
    let hundred = json!(
        (0..100)
            .map(|_| json!({"route": "*", "fault": "hold"}))
            .collect::<Vec<_>>()
    );
    assert_eq!(post(&store, &[JSON], &hundred.to_string()).await.0, 200);
    assert_eq!(post(&store, &[JSON], HOLD).await.0, 400);
}

#[tokio::test]
async fn every_change_of_the_faults_is_logged() {
    use std::io::BufRead;
    let (mut child, base, mut log) = common::start_binary(["--db", ":memory:"]);
    let client = reqwest::Client::new();
    let url = format!("{base}/_emulator/faults");
    let added = client
        .post(&url)
        .header(JSON.0, JSON.1)
        .body(HOLD)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status().as_u16(), 200);
    let cleared = client.delete(&url).send().await.unwrap();
    assert_eq!(cleared.status().as_u16(), 204);
    let mut changes = Vec::new();
    let mut line = String::new();
    while changes.len() < 2 && log.read_line(&mut line).unwrap() > 0 {
        if line.contains("fault switch: ") {
            changes.push(line.clone());
        }
        line.clear();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        changes[0].contains("added Hold for GET customers/me"),
        "{changes:?}"
    );
    assert!(changes[1].contains("cleared every fault"), "{changes:?}");
}

#[tokio::test]
async fn every_route_the_switch_names_is_one_the_store_answers() {
    let store = TestStore::start(&["--admin-user", "admin", "--admin-password", "Admin123"]).await;
    let client = reqwest::Client::new();
    for known in commerce_emulator::ROUTES {
        let (method, path) = known.split_once(' ').unwrap();
        let path = path.replace("{id}", "1").replace("{token}", "abc");
        let answer = client
            .request(
                method.parse().unwrap(),
                format!("{}/rest/default/V1/{path}", store.base),
            )
            .header(JSON.0, JSON.1)
            .body("{}")
            .send()
            .await
            .unwrap();
        let text = answer.text().await.unwrap();
        assert!(
            !text.contains("Request does not match any route."),
            "{known}: {text}"
        );
    }
}
