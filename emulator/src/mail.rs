//! The store's outgoing e-mail, written as files to a folder so that a person or a test
//! can read it and follow its links.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Outbox {
    dir: PathBuf,
    sequence: AtomicU64,
}

impl Outbox {
    pub fn new(dir: PathBuf) -> std::io::Result<Outbox> {
        std::fs::create_dir_all(&dir)?;
        Ok(Outbox {
            dir,
            sequence: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one message; a failure is reported to the caller, as a store's mail transport does.
    pub fn send(&self, to: &str, subject: &str, body: &str) -> std::io::Result<PathBuf> {
        let n = self.sequence.fetch_add(1, Ordering::Relaxed);
        let safe_to: String = to
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = self.dir.join(format!(
            "{}-{}-{n:04}-{safe_to}.eml",
            crate::auth::now(),
            std::process::id()
        ));
        let text = format!(
            "To: {to}\nSubject: {subject}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
        );
        std::fs::write(&path, text)?;
        Ok(path)
    }
}
