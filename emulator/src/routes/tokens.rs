//! `integration/*/token`: sign-in with the store's throttle, and revocation.

use crate::auth::{ADMIN_LIFETIME_SECONDS, now};
use crate::error::{RestError, RestResult};
use crate::input::Params;
use crate::store::{Lockout, StoredCustomer, kept_username};
use crate::{Call, Emulator, WEBSITE_ID};
use commerce_rest::error::templates;
use commerce_rest::token::{ADMIN_USER_TYPE, CUSTOMER_USER_TYPE};
use commerce_rest::{Credentials, ErrorBody, validate};
use std::collections::HashMap;
use std::future::Future;

/// `CredentialsValidator`: both fields present and non-empty, reported together.
fn credentials(params: &Params) -> RestResult<(String, String)> {
    params.require(&["username", "password"])?;
    let username = params.text("username")?.unwrap_or_default();
    let password = params.text("password")?.unwrap_or_default();
    let credentials = Credentials { username, password };
    let empty = validate::credentials(&credentials);
    if empty.is_empty() {
        Ok((credentials.username, credentials.password))
    } else {
        Err(RestError::bad_request(ErrorBody::from_messages(empty)))
    }
}

/// Sign-in attempts whose passwords are being checked, per user type and username (as the
/// store keeps it). Magento's `RequestThrottler` counts failures only, so right passwords sent
/// at once all sign in; an attempt that would be one failure too many if those ahead of it
/// failed waits for them instead, so that no more than `login_max_failures` passwords are
/// ever checked before the lock, however many guesses arrive at once.
#[derive(Default)]
pub(crate) struct SignInGate {
    checking: std::sync::Mutex<HashMap<(u8, String), u32>>,
    done: tokio::sync::Notify,
}

/// One attempt's turn to check its password; given back when dropped.
struct Turn<'a> {
    gate: &'a SignInGate,
    key: (u8, String),
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut checking = self.gate.checking();
        if let Some(n) = checking.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                checking.remove(&self.key);
            }
        }
        drop(checking);
        self.gate.done.notify_waiters();
    }
}

impl SignInGate {
    fn checking(&self) -> std::sync::MutexGuard<'_, HashMap<(u8, String), u32>> {
        self.checking.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A turn to check a password, once the failures stored and those that could still come
    /// leave room before the lock; `None` when the username is locked.
    async fn turn(
        &self,
        app: &Emulator,
        user_type: u8,
        username: &str,
        lockout: Lockout,
    ) -> RestResult<Option<Turn<'_>>> {
        let key = (user_type, kept_username(username));
        loop {
            let done = self.done.notified();
            tokio::pin!(done);
            done.as_mut().enable();
            {
                // Read under the gate's lock: a turn given back has stored its failure first.
                let mut checking = self.checking();
                let standing = app
                    .store
                    .sign_in_standing(user_type, username, now(), lockout)?;
                if standing.locked {
                    return Ok(None);
                }
                let ahead = checking.entry(key.clone()).or_default();
                if standing.failures + *ahead < lockout.max_failures {
                    *ahead += 1;
                    return Ok(Some(Turn { gate: self, key }));
                }
            }
            done.await;
        }
    }
}

/// Magento's `RequestThrottler`, per user type and username: a locked username is refused
/// unchecked; otherwise the password is checked, a failure counted, a success clears the
/// count. Every failure is the one same 401.
async fn throttled<T, F>(app: &Emulator, user_type: u8, username: &str, check: F) -> RestResult<T>
where
    F: Future<Output = RestResult<Checked<T>>>,
{
    let lockout = Lockout {
        max_failures: app.settings.login_max_failures,
        lock_seconds: app.settings.login_lock_seconds,
    };
    let Some(_turn) = app.sign_ins.turn(app, user_type, username, lockout).await? else {
        return Err(RestError::sign_in_failed());
    };
    match check.await? {
        Checked::Right(signed_in) => {
            app.store.sign_in_succeeded(user_type, username)?;
            Ok(signed_in)
        }
        failed => {
            app.store
                .sign_in_failed(user_type, username, now(), lockout)?;
            Err(match failed {
                Checked::Unconfirmed => RestError::plain(
                    axum::http::StatusCode::UNAUTHORIZED,
                    templates::ACCOUNT_NOT_CONFIRMED,
                ),
                _ => RestError::sign_in_failed(),
            })
        }
    }
}

/// What checking a password came to.
enum Checked<T> {
    Right(T),
    /// Right, but the account waits for its e-mailed confirmation, and the store's release
    /// says so (2.4.8 and later); counted as a failure all the same.
    Unconfirmed,
    Wrong,
}

/// What these credentials come to: her password right (an unknown email costs a password
/// check as well, so the time taken tells nothing), her record not locked, her account
/// confirmed.
async fn authenticate(
    app: &Emulator,
    username: &str,
    password: String,
) -> RestResult<Checked<StoredCustomer>> {
    let stored = match app.store.customer_id_by_email(WEBSITE_ID, username)? {
        Some(id) => app.store.customer(id)?,
        None => None,
    };
    let hash = stored.as_ref().and_then(|s| s.password_hash.clone());
    let right = app.passwords.verify(password, hash).await?;
    Ok(match stored {
        Some(s) if right && s.locked_until.is_none_or(|until| until <= now()) => {
            match s.confirmation {
                None => Checked::Right(s),
                Some(_) if app.settings.magento_release.says_unconfirmed() => Checked::Unconfirmed,
                Some(_) => Checked::Wrong,
            }
        }
        _ => Checked::Wrong,
    })
}

pub async fn customer_token(call: Call) -> RestResult<String> {
    let (username, password) = credentials(call.params()?)?;
    let app = call.app.clone();
    let customer = throttled(
        &app,
        CUSTOMER_USER_TYPE,
        &username,
        authenticate(&app, &username, password),
    )
    .await?;
    // A token issued in the second of a revocation would be revoked with it; wait it out.
    let mut issued_at = now();
    while issued_at <= customer.tokens_revoked_before {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        issued_at = now();
    }
    let minutes = app.settings.token_lifetime_minutes;
    let lifetime = if minutes > 0 { minutes } else { 30 };
    let id = customer.customer.id.expect("a stored customer has an id");
    Ok(app
        .tokens
        .issue(id, CUSTOMER_USER_TYPE, lifetime * 60, issued_at))
}

pub fn revoke(call: &Call) -> RestResult<bool> {
    let id = call.customer_id()?;
    call.app.store.revoke_tokens(id, now())?;
    Ok(true)
}

pub async fn admin_token(call: Call) -> RestResult<String> {
    let (username, password) = credentials(call.params()?)?;
    let app = call.app.clone();
    let settings = &app.settings;
    let right = settings.admin_user.as_deref() == Some(username.as_str())
        && settings.admin_password.as_deref() == Some(password.as_str());
    throttled(&app, ADMIN_USER_TYPE, &username, async {
        Ok(if right {
            Checked::Right(())
        } else {
            Checked::Wrong
        })
    })
    .await?;
    Ok(app
        .tokens
        .issue(1, ADMIN_USER_TYPE, ADMIN_LIFETIME_SECONDS, now()))
}
