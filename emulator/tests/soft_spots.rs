//! The emulator's soft spots, each found by an attacker's reading: the mailbox's own headers
//! behind a served site, a client that half-closes, the database's file mode, and the log's
//! last lines at shutdown.

mod common;

use common::request_log::Logged;
use std::io::{Read, Write};

#[tokio::test]
async fn the_mailbox_keeps_its_own_headers_when_the_site_is_served() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<!doctype html>").unwrap();
    let store =
        common::TestStore::start(&["--demo", "--serve-dir", site.path().to_str().unwrap()]).await;
    let answer = reqwest::get(format!("{}/_emulator/mail", store.base))
        .await
        .unwrap();
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("cache-control"), "no-store");
    assert!(
        header("content-security-policy").contains("style-src 'unsafe-inline'"),
        "{}",
        header("content-security-policy")
    );
}

#[tokio::test]
async fn a_client_that_closes_its_side_after_the_request_gets_its_answer() {
    let store = common::TestStore::start(&[]).await;
    let address = store.base.trim_start_matches("http://").to_owned();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /rest/V1/directory/countries/US HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let db = common::kept_dir("mode").join("store.sqlite");
    let store = common::TestStore::start(&["--db", db.to_str().unwrap()]).await;
    store.register(common::seed_request()).await;
    for file in [db.clone(), db.with_extension("sqlite-wal")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn the_log_is_written_out_before_the_process_ends() {
    let (mut child, base, mut log) = common::start_binary(["--db", ":memory:"]);
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /rest/V1/directory/countries/JP HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let _ = stream.read_to_end(&mut Vec::new());
    // SIGINT, as Ctrl-C sends: the emulator stops, and says what it did before it goes.
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
    let mut rest = String::new();
    let _ = log.read_to_string(&mut rest);
    assert!(
        rest.lines()
            .filter_map(Logged::parse)
            .any(|r| r.answered("GET /rest/V1/directory/countries/JP", 200)),
        "{rest}"
    );
}
