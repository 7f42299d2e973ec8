//! `integration/*/token`: sign-in with the store's throttle, and revocation.

use crate::auth::{ADMIN_LIFETIME_SECONDS, now};
use crate::error::{ApiError, ApiResult};
use crate::input::Params;
use crate::{Call, WEBSITE_ID};
use commerce_rest::error::templates;
use commerce_rest::token::{ADMIN_USER_TYPE, CUSTOMER_USER_TYPE};
use commerce_rest::{ErrorBody, Message};

/// `CredentialsValidator`: both fields present and non-empty, reported together.
fn credentials(params: &Params) -> ApiResult<(String, String)> {
    params.require(&["username", "password"])?;
    let username = params.text("username")?.unwrap_or_default();
    let password = params.text("password")?.unwrap_or_default();
    let empty: Vec<Message> = [("username", &username), ("password", &password)]
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(name, _)| Message::named(templates::REQUIRED_FIELD, [("fieldName", name.into())]))
        .collect();
    if empty.is_empty() {
        Ok((username, password))
    } else {
        Err(ApiError::bad_request(ErrorBody::from_messages(empty)))
    }
}

pub async fn customer_token(call: Call) -> ApiResult<String> {
    let (username, password) = credentials(&call.params()?)?;
    let app = call.app.clone();
    let settings = &app.settings;
    if app.store.sign_in_locked(&username, now())? {
        return Err(ApiError::sign_in_failed());
    }
    let stored = match app.store.customer_id_by_email(WEBSITE_ID, &username)? {
        Some(id) => app.store.customer(id)?,
        None => None,
    };
    let hash = stored.as_ref().and_then(|s| s.password_hash.clone());
    let password_ok = app.passwords.verify(password, hash).await?;
    let customer = match stored {
        Some(s) if password_ok && s.confirmation.is_none() => s,
        _ => {
            app.store.record_sign_in_failure(
                &username,
                now(),
                settings.login_max_failures,
                settings.login_lock_seconds,
            )?;
            return Err(ApiError::sign_in_failed());
        }
    };
    app.store.clear_sign_in_failures(&username)?;
    // A token issued in the second of a revocation would be revoked with it; wait it out.
    let mut issued_at = now();
    while issued_at <= customer.tokens_revoked_before {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        issued_at = now();
    }
    let lifetime = if settings.token_lifetime_minutes > 0 {
        settings.token_lifetime_minutes
    } else {
        30
    };
    let id = customer.customer.id.expect("a stored customer has an id");
    Ok(app
        .tokens
        .issue(id, CUSTOMER_USER_TYPE, lifetime * 60, issued_at))
}

pub fn revoke(call: &Call) -> ApiResult<bool> {
    let id = call.customer_id()?;
    call.app.store.revoke_tokens(id, now())?;
    Ok(true)
}

pub fn admin_token(call: &Call) -> ApiResult<String> {
    let (username, password) = credentials(&call.params()?)?;
    let settings = &call.app.settings;
    if call.app.store.sign_in_locked(&username, now())? {
        return Err(ApiError::sign_in_failed());
    }
    if settings.admin_user.as_deref() == Some(username.as_str())
        && settings.admin_password.as_deref() == Some(password.as_str())
    {
        call.app.store.clear_sign_in_failures(&username)?;
        return Ok(call
            .app
            .tokens
            .issue(1, ADMIN_USER_TYPE, ADMIN_LIFETIME_SECONDS, now()));
    }
    call.app.store.record_sign_in_failure(
        &username,
        now(),
        settings.login_max_failures,
        settings.login_lock_seconds,
    )?;
    Err(ApiError::sign_in_failed())
}
