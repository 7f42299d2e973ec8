//! Password hashing, bounded. An Argon2id hash holds 19 MiB while it runs, so hashes run on
//! at most one blocking thread per core and the rest wait their turn: a burst of sign-ups
//! costs time, never gigabytes. What waits is bounded too: a password longer than a store
//! takes never waits, and past `MAX_WAITING` the store is busy.

use crate::error::{RestError, RestResult};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use commerce_rest::password::{MAX_PASSWORD_LENGTH, PasswordRequirement};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

pub struct Passwords {
    running: Semaphore,
    waiting: Semaphore,
    checked: std::sync::atomic::AtomicU64,
}

/// Magento's longest password (`AccountManagementInterface::MAX_PASSWORD_LENGTH`), checked
/// before a password waits for its turn.
const FITS: PasswordRequirement = PasswordRequirement::AtMost(MAX_PASSWORD_LENGTH);

/// Hashes that may wait for their turn at once.
pub const MAX_WAITING: usize = 128;

/// Verified against when there is no account, so that an unknown email costs a sign-in
/// as much time as a wrong password and the answer's timing tells nothing.
static NOBODY: LazyLock<String> = LazyLock::new(|| hash_now("no account has this password"));

/// The number of hashes that may run at once: one per core.
pub fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Default for Passwords {
    fn default() -> Self {
        Passwords {
            running: Semaphore::new(parallelism()),
            waiting: Semaphore::new(MAX_WAITING),
            checked: Default::default(),
        }
    }
}

impl Passwords {
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> RestResult<T> {
        let waiting = self.waiting.try_acquire().map_err(|_| {
            RestError::plain(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
            )
        })?;
        let _turn = self.running.acquire().await.map_err(RestError::internal)?;
        drop(waiting);
        tokio::task::spawn_blocking(work)
            .await
            .map_err(RestError::internal)
    }

    pub async fn hash(&self, password: String) -> RestResult<String> {
        if !FITS.is_met_by(&password) {
            return Err(RestError::bad_request(FITS.violation()));
        }
        self.run(move || hash_now(&password)).await
    }

    /// How many passwords have been checked since start (what a throttle must keep low).
    pub fn checked(&self) -> u64 {
        self.checked.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the password is the one of this hash; with no hash (no such account) the
    /// same work is done and the answer is no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> RestResult<bool> {
        // No account can have a longer password: it is wrong without being checked.
        if !FITS.is_met_by(&password) {
            return Ok(false);
        }
        self.checked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.run(move || match hash {
            Some(hash) => verify_now(&password, &hash),
            None => {
                verify_now(&password, &NOBODY);
                false
            }
        })
        .await
    }
}

/// Argon2id with the crate's recommended parameters.
fn hash_now(password: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes make a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password")
        .to_string()
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}
