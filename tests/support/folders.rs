//! A folder of its own for one test, shared by the browser tests and the emulator's tests
//! (each includes this file): kept afterwards, because a failed test's database, mail and
//! browser profile are its evidence.

use std::path::PathBuf;

/// A new folder under the system's temporary one, named for the test's `label`.
pub fn kept_dir(label: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(&format!("commerce-{label}-"))
        .tempdir()
        .unwrap()
        .keep()
}
