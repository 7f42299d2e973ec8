//! Passwords: a signed-in change, and the reset by an e-mailed link (`customers/password`,
//! `customers/resetPassword`, `customers/{id}/password/resetLinkToken/{token}`).

use super::customers::load;
use crate::auth::{now, random_key};
use crate::error::{RestError, RestResult};
use crate::mail;
use crate::store::{ResetRequest, ResetThrottle, StoredCustomer};
use crate::{Call, Emulator, WEBSITE_ID};
use axum::http::StatusCode;
use commerce_rest::Message;
use commerce_rest::error::templates;

/// `PUT /V1/customers/me/password`
pub async fn change(call: Call) -> RestResult<bool> {
    let id = call.customer_id()?;
    let params = call.params()?;
    params.require(&["currentPassword", "newPassword"])?;
    let current = params.text("currentPassword")?.unwrap_or_default();
    let new = params.text("newPassword")?.unwrap_or_default();
    let app = call.app.clone();
    let stored = load(&app, id)?;
    if !app
        .passwords
        .verify(current, stored.password_hash.clone())
        .await?
    {
        // `Customer\Model\Authentication`: the wrong password that reaches the limit, and
        // every wrong one while the lock lasts, say the record is locked.
        let settings = &app.settings;
        let locked = app.store.password_failed(
            id,
            now(),
            settings.lockout_failures,
            settings.lockout_seconds,
        )?;
        let message = if locked {
            templates::ACCOUNT_LOCKED
        } else {
            templates::PASSWORD_MISMATCH
        };
        return Err(RestError::plain(StatusCode::UNAUTHORIZED, message));
    }
    app.store.password_succeeded(id)?;
    if new.to_lowercase() == stored.customer.email.to_lowercase() {
        return Err(RestError::bad_request(Message::plain(
            templates::PASSWORD_IS_EMAIL,
        )));
    }
    if let Some(problem) = app.config.rules.password.check(&new) {
        return Err(RestError::bad_request(problem));
    }
    app.store
        .set_password(id, &app.passwords.hash(new).await?)?;
    Ok(true)
}

fn customer_by_email(app: &Emulator, email: &str, website_id: u32) -> RestResult<StoredCustomer> {
    let not_found = || {
        RestError::new(
            StatusCode::NOT_FOUND,
            Message::named(
                templates::NO_SUCH_ENTITY_2,
                [
                    ("fieldName", "email".into()),
                    ("fieldValue", email.into()),
                    ("field2Name", "websiteId".into()),
                    ("field2Value", website_id.into()),
                ],
            ),
        )
    };
    let id = app
        .store
        .customer_id_by_email(website_id, email)?
        .ok_or_else(not_found)?;
    load(app, id)
}

/// `PUT /V1/customers/password`: e-mails a reset link.
pub fn initiate_reset(call: &Call) -> RestResult<bool> {
    let params = call.params()?;
    params.require(&["email", "template"])?;
    let email = params.text("email")?.unwrap_or_default();
    let template = params.text("template")?.unwrap_or_default();
    let website_id: u32 = params.get("websiteId")?.unwrap_or(WEBSITE_ID);
    let app = &call.app;
    throttle(call, &email)?;
    let stored = customer_by_email(app, &email, website_id)?;
    if template != "email_reset" && template != "email_reminder" {
        return Err(RestError::bad_request(Message::named(
            templates::INVALID_TEMPLATE_VALUE,
            [
                ("value", template.into()),
                ("fieldName", "template".into()),
                ("template1", "email_reminder".into()),
                ("template2", "email_reset".into()),
            ],
        )));
    }
    let id = stored.customer.id.unwrap_or_default();
    let token = random_key();
    app.store.set_reset_token(id, &token, now())?;
    let letter = mail::reset_link(&stored.customer, &app.settings.base_url(), &token);
    Ok(app.send_mail(&stored.customer.email, &letter).is_ok())
}

/// Magento_Security's plugin on `initiatePasswordReset`: it runs before the template or the
/// address is looked at, so the answer is the same whether an account exists or not.
fn throttle(call: &Call, email: &str) -> RestResult<()> {
    let config = &call.app.config;
    let limits = ResetThrottle {
        counts: config.reset_protection,
        max_an_hour: config.max_reset_requests,
        min_seconds_between: i64::from(config.min_minutes_between_reset_requests) * 60,
    };
    let template =
        match call
            .app
            .store
            .admit_reset_request(email, &call.client.to_string(), now(), limits)?
        {
            ResetRequest::Admitted => return Ok(()),
            ResetRequest::TooSoon => templates::RESET_REQUESTED_TOO_SOON,
            ResetRequest::TooOften => templates::RESET_REQUESTED_TOO_OFTEN,
        };
    Err(RestError::bad_request(Message::positional(
        template,
        vec![config.support_email.as_str().into()],
    )))
}

/// A reset token is good once, for `reset_link_expiration_period`, and only the newest.
fn check_token(app: &Emulator, stored: &StoredCustomer, token: &str) -> RestResult<()> {
    if token.is_empty() {
        return Err(RestError::bad_request(Message::named(
            templates::REQUIRED_FIELD,
            [("fieldName", "resetPasswordLinkToken".into())],
        )));
    }
    let lifetime = app.settings.reset_link_lifetime_seconds;
    match &stored.reset_token {
        Some((stored_token, created)) if stored_token == token => {
            if now() - created > lifetime {
                Err(RestError::bad_request(Message::plain(
                    templates::RESET_TOKEN_EXPIRED,
                )))
            } else {
                Ok(())
            }
        }
        _ => Err(RestError::bad_request(Message::plain(
            templates::RESET_TOKEN_MISMATCH,
        ))),
    }
}

/// `POST /V1/customers/resetPassword`
pub async fn reset(call: Call) -> RestResult<bool> {
    let params = call.params()?;
    params.require(&["email", "resetToken", "newPassword"])?;
    let email = params.text("email")?.unwrap_or_default();
    if email.is_empty() {
        return Err(RestError::bad_request(Message::required("email")));
    }
    let token = params.text("resetToken")?.unwrap_or_default();
    let new = params.text("newPassword")?.unwrap_or_default();
    let app = call.app.clone();
    let stored = customer_by_email(&app, &email, WEBSITE_ID)?;
    check_token(&app, &stored, &token)?;
    if let Some(problem) = app
        .config
        .rules
        .password
        .check_for_account(&new, &stored.customer.email)
    {
        return Err(RestError::bad_request(problem));
    }
    let id = stored.customer.id.unwrap_or_default();
    let hash = app.passwords.hash(new).await?;
    if app.store.reset_password(id, &token, &hash)? {
        Ok(true)
    } else {
        Err(RestError::bad_request(Message::plain(
            templates::RESET_TOKEN_MISMATCH,
        )))
    }
}

/// `GET /V1/customers/{id}/password/resetLinkToken/{token}`
pub fn validate_token(call: &Call, id: &str, token: &str) -> RestResult<bool> {
    let id: u32 = id
        .parse()
        .map_err(|_| RestError::no_such_entity("customerId", id.into()))?;
    check_token(&call.app, &load(&call.app, id)?, token)?;
    Ok(true)
}
