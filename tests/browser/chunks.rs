//! Each page's code is a chunk of its own: the page being opened fetches its chunk at once,
//! beside the main part, and a chunk that does not arrive is said on the page, which offers
//! to try again and then shows the page.

use crate::harness::*;
use crate::site::site_with_config;
use std::path::{Path, PathBuf};

/// The file of a page's own chunk in a built site (`split_<chunk>-<hash>.wasm`).
fn chunk_file(site: &Path, chunk: &str) -> PathBuf {
    let prefix = format!("split_{chunk}-");
    std::fs::read_dir(site)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".wasm")
        })
        .unwrap_or_else(|| panic!("{} has no chunk {chunk}", site.display()))
}

/// A page's chunk taken out of a site, as a deploy that removed it or a lost connection
/// leaves it: with its compressed copies, which a host would serve in its place.
struct Missing {
    files: Vec<(PathBuf, PathBuf)>,
}

impl Missing {
    fn take(site: &Path, chunk: &str) -> Missing {
        let wasm = chunk_file(site, chunk);
        let files = ["", ".br", ".gz"]
            .iter()
            .map(|ext| PathBuf::from(format!("{}{ext}", wasm.display())))
            .filter(|file| file.exists())
            .map(|file| {
                let away = PathBuf::from(format!("{}.away", file.display()));
                std::fs::rename(&file, &away).unwrap();
                (file, away)
            })
            .collect();
        Missing { files }
    }

    fn put_back(self) {
        for (file, away) in self.files {
            std::fs::rename(away, file).unwrap();
        }
    }
}

/// How the browser fetched each file whose name holds `part`: `link` for the start-up
/// script's preload, `fetch` for the loader's own request.
async fn fetched(h: &Harness, part: &str) -> Vec<String> {
    let found = h
        .script(&format!(
            "return performance.getEntriesByType('resource')\
               .filter(e => e.name.includes({part:?})).map(e => e.initiatorType);"
        ))
        .await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| kind.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_sign_in_page_fetches_its_chunk_beside_the_main_part_and_only_once() {
    let h = Harness::start().await;
    h.open("/login").await;
    h.wait_text("h1", "Sign in").await;
    assert_eq!(fetched(&h, "split_guest-").await, ["link"]);
    assert_eq!(fetched(&h, "split_register-").await, Vec::<String>::new());
    assert_eq!(fetched(&h, "split_account-").await, Vec::<String>::new());

    // Following a link fetches the next page's chunk then, and only that one.
    h.click("nav a[href='/register']").await;
    h.wait_text("h1", "Create an account").await;
    assert_eq!(fetched(&h, "split_register-").await, ["fetch"]);
    assert_eq!(fetched(&h, "split_status-").await, Vec::<String>::new());
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn a_page_whose_chunk_does_not_arrive_says_so_and_loads_when_she_tries_again() {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    h.open("/login").await;
    h.fill("#email", "jane@example.com").await;
    let chunk = Missing::take(&site, "register");

    h.click("nav a[href='/register']").await;
    h.wait_text("[role=alert] h1", "This page could not load")
        .await;
    h.wait_text("[role=alert]", "Check your connection, then try again.")
        .await;
    h.assert_accessible("a page that could not load").await;
    // The shell still works: the header's links, the page she chose in the address bar.
    h.wait_for_path("/register").await;
    assert_eq!(h.count("header nav a[href='/login']").await, 1);

    chunk.put_back();
    h.click_labelled("Try again").await;
    h.wait_text("h1", "Create an account").await;
    h.fill("#firstname", "Jane").await;
    assert_eq!(h.value("#firstname").await, "Jane");
    h.stop().await;
}

#[tokio::test]
async fn a_reload_after_a_failed_chunk_starts_the_app_again_on_the_same_page() {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    let chunk = Missing::take(&site, "register");
    h.open("/register").await;
    h.wait_text("[role=alert] h1", "This page could not load")
        .await;

    chunk.put_back();
    h.click_labelled("Reload the page").await;
    h.wait_text("h1", "Create an account").await;
    h.wait_for_path("/register").await;
    h.stop().await;
}
