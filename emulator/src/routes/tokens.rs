//! `integration/*/token`: sign-in with the store's throttle, and revocation.

use crate::auth::{ADMIN_LIFETIME_SECONDS, now};
use crate::error::{RestError, RestResult};
use crate::input::Params;
use crate::store::{Attempt, Lockout, StoredCustomer};
use crate::{Call, Emulator, WEBSITE_ID};
use commerce_rest::token::{ADMIN_USER_TYPE, CUSTOMER_USER_TYPE};
use commerce_rest::{Credentials, ErrorBody, validate};
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

/// Magento's `RequestThrottler`, per user type and username: the attempt is counted before
/// `check` runs, so at most `login_max_failures` passwords are ever checked before the lock,
/// and every failure is the one same 401.
async fn throttled<T, F>(app: &Emulator, user_type: u8, username: &str, check: F) -> RestResult<T>
where
    F: Future<Output = RestResult<Option<T>>>,
{
    let lockout = Lockout {
        max_failures: app.settings.login_max_failures,
        lock_seconds: app.settings.login_lock_seconds,
    };
    match app
        .store
        .begin_sign_in(user_type, username, now(), lockout)?
    {
        Attempt::Refused => Err(RestError::sign_in_failed()),
        Attempt::Allowed => match check.await? {
            Some(signed_in) => {
                app.store.sign_in_succeeded(user_type, username)?;
                Ok(signed_in)
            }
            None => {
                app.store
                    .sign_in_failed(user_type, username, now(), lockout)?;
                Err(RestError::sign_in_failed())
            }
        },
    }
}

/// The customer these credentials sign in, if any: her password right (an unknown email
/// costs a password check as well, so the time taken tells nothing), her record not locked,
/// her account confirmed.
async fn authenticate(
    app: &Emulator,
    username: &str,
    password: String,
) -> RestResult<Option<StoredCustomer>> {
    let stored = match app.store.customer_id_by_email(WEBSITE_ID, username)? {
        Some(id) => app.store.customer(id)?,
        None => None,
    };
    let hash = stored.as_ref().and_then(|s| s.password_hash.clone());
    let right = app.passwords.verify(password, hash).await?;
    Ok(stored.filter(|s| {
        right && s.confirmation.is_none() && s.locked_until.is_none_or(|until| until <= now())
    }))
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
        Ok(right.then_some(()))
    })
    .await?;
    Ok(app
        .tokens
        .issue(1, ADMIN_USER_TYPE, ADMIN_LIFETIME_SECONDS, now()))
}
