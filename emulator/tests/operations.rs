//! The emulator as a process under the conditions that once broke it: a burst of sign-ups
//! (memory), a log nobody reads or a closed stdout, and requests that never finish.

mod common;

use common::registration;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command};
use std::time::{Duration, Instant};

/// The emulator's binary on a free port with an in-memory store; its stdout handed to the test.
fn start(args: &[&str]) -> (Child, String, BufReader<ChildStdout>) {
    common::start_binary(["--db", ":memory:"].iter().chain(args))
}

fn peak_resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Stops the emulator and gives its peak resident memory, in MB.
fn stop_and_measure(mut child: Child) -> u64 {
    let peak_mb = peak_resident_kb(child.id()) / 1024;
    let _ = child.kill();
    let _ = child.wait();
    peak_mb
}

#[tokio::test]
async fn sixty_four_sign_ups_at_once_stay_under_300_mb() {
    let (child, base, stdout) = start(&[]);
    std::thread::spawn(move || stdout.lines().for_each(drop));
    let client = reqwest::Client::new();
    let sign_ups = (0..64).map(|i| {
        client
            .post(format!("{base}/rest/V1/customers"))
            .json(&registration(&format!("burst{i}@example.com"), |_| {}))
            .send()
    });
    for answer in futures_util::future::join_all(sign_ups).await {
        assert_eq!(answer.unwrap().status(), 200);
    }
    let peak_mb = stop_and_measure(child);
    assert!(peak_mb < 300, "the emulator peaked at {peak_mb} MB");
}

#[tokio::test]
async fn three_hundred_sign_ins_with_huge_passwords_keep_no_bodies_waiting() {
    let (child, base, stdout) = start(&[]);
    std::thread::spawn(move || stdout.lines().for_each(drop));
    let client = reqwest::Client::new();
    let huge = "p".repeat(2 * 1024 * 1024 - 100);
    let sign_ins = (0..300).map(|i| {
        client
            .post(format!("{base}/rest/V1/integration/customer/token"))
            .json(
                &serde_json::json!({"username": format!("huge{i}@example.com"), "password": huge}),
            )
            .send()
    });
    for answer in futures_util::future::join_all(sign_ins).await {
        assert_eq!(answer.unwrap().status(), 401);
    }
    let peak_mb = stop_and_measure(child);
    println!("peak {peak_mb} MB");
    assert!(peak_mb < 300, "the emulator peaked at {peak_mb} MB");
}

/// Requests that must all be answered, with the log going nowhere fast.
async fn many_requests(base: &str, count: usize) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for chunk in (0..count).collect::<Vec<_>>().chunks(50) {
        let answers = chunk.iter().map(|_| {
            client
                .get(format!("{base}/rest/V1/directory/countries/US"))
                .send()
        });
        for answer in futures_util::future::join_all(answers).await {
            assert_eq!(answer.expect("answered in time").status(), 200);
        }
    }
}

#[tokio::test]
async fn a_log_nobody_reads_never_stops_the_store_nor_its_shutdown() {
    let (mut child, base, _unread) = start(&[]);
    many_requests(&base, 3000).await;
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let asked = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(asked.elapsed() < Duration::from_secs(10), "Ctrl-C ignored");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn a_closed_stdout_costs_log_lines_not_the_store() {
    let (mut child, base, stdout) = start(&[]);
    drop(stdout);
    many_requests(&base, 200).await;
    assert!(child.try_wait().unwrap().is_none(), "the store is still up");
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn a_half_sent_request_is_dropped_after_the_read_timeout() {
    let (mut child, base, stdout) = start(&["--read-timeout-seconds", "1"]);
    std::thread::spawn(move || stdout.lines().for_each(drop));
    let address = base.trim_start_matches("http://");
    let mut slow = std::net::TcpStream::connect(address).unwrap();
    slow.write_all(b"GET /rest/V1/directory/countries HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the connection stayed open {:?}",
        started.elapsed()
    );
    many_requests(&base, 5).await;
    let _ = child.kill();
    let _ = child.wait();
}
