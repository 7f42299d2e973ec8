//! `customers/*`: registration, the signed-in customer's own record, passwords.

use crate::auth::{Caller, hash_password, now, verify_password};
use crate::directory::{COUNTRIES, normalise_region};
use crate::error::{ApiError, ApiResult};
use crate::store::{StoredCustomer, WriteError};
use crate::{Call, Emulator};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use commerce_rest::error::templates;
use commerce_rest::validate;
use commerce_rest::{Customer, CustomerExtension, Message};
use serde::Deserialize;
use std::sync::Arc;

const WEBSITE_ID: u32 = 1;
const STORE_ID: u32 = 1;
const STORE_VIEW_NAME: &str = "Default Store View";
/// `customer/password/reset_link_expiration_period`, two hours.
const RESET_TOKEN_LIFETIME_SECONDS: i64 = 2 * 3600;

fn load(app: &Emulator, id: u32) -> ApiResult<StoredCustomer> {
    app.store
        .customer(id)?
        .ok_or_else(|| ApiError::no_such_entity("customerId", id.into()))
}

/// The REST view of a stored customer: the confirmation key is never shown.
fn view(stored: StoredCustomer) -> Customer {
    Customer {
        confirmation: None,
        ..stored.customer
    }
}

fn duplicate_email() -> ApiError {
    ApiError::bad_request(Message::plain(templates::DUPLICATE_EMAIL))
}

fn write_error(e: WriteError) -> ApiError {
    match e {
        WriteError::DuplicateEmail => duplicate_email(),
        WriteError::Database(e) => ApiError::internal(e),
    }
}

async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)
}

/// The checks a store makes when it saves a customer: e-mail, then a duplicate of it in
/// the website, then the names; then each address, normalised as the store saves it.
fn validate_customer(
    app: &Emulator,
    customer: &mut Customer,
    own_id: Option<u32>,
) -> ApiResult<()> {
    if let Some(problem) = validate::email(&customer.email) {
        return Err(ApiError::bad_request(problem));
    }
    let holder = app
        .store
        .customer_id_by_email(WEBSITE_ID, &customer.email)?;
    if holder.is_some() && holder != own_id {
        return Err(duplicate_email());
    }
    if let Some(invalid) = validate::names(customer) {
        return Err(invalid.into());
    }
    for address in customer.addresses.iter_mut().flatten() {
        if let Some(invalid) = validate::address(address, &COUNTRIES, &app.rules) {
            return Err(invalid.into());
        }
        normalise_region(address);
    }
    Ok(())
}

fn with_subscription(customer: &mut Customer, fallback: bool) {
    let subscribed = customer
        .extension_attributes
        .as_ref()
        .and_then(|e| e.is_subscribed)
        .unwrap_or(fallback);
    customer.extension_attributes = Some(CustomerExtension {
        is_subscribed: Some(subscribed),
    });
}

/// `POST /V1/customers`: `AccountManagementApi::createAccount`.
pub async fn create(call: Call) -> ApiResult<Customer> {
    let params = call.params()?;
    let mut customer: Customer = params.take("customer")?;
    let password: Option<String> = params.text("password");
    let app = call.app.clone();
    if let Some(group) = customer.group_id {
        if call.caller != Caller::Admin {
            return Err(ApiError::unauthorized("Magento_Customer::manage"));
        }
        if !(1..=3).contains(&group) {
            return Err(ApiError::bad_request(Message::plain(
                templates::GROUP_UNKNOWN,
            )));
        }
    }
    // The policy first, then the password may not be the email address.
    if let Some(password) = &password
        && let Some(problem) = app
            .rules
            .password
            .check_for_account(password, &customer.email)
    {
        return Err(ApiError::bad_request(problem));
    }
    if customer.website_id.is_some_and(|w| w != WEBSITE_ID) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            Message::positional(
                "The website with id %1 that was requested wasn't found. Verify the website and try again.",
                vec![customer.website_id.into()],
            ),
        ));
    }
    if customer.store_id.is_some_and(|s| s != STORE_ID) {
        return Err(ApiError::plain(
            StatusCode::NOT_FOUND,
            "The store that was requested wasn't found. Verify the store and try again.",
        ));
    }
    customer.id = None;
    customer.website_id = Some(WEBSITE_ID);
    customer.store_id = Some(STORE_ID);
    customer.group_id = Some(customer.group_id.unwrap_or(1));
    customer.created_in = Some(STORE_VIEW_NAME.to_owned());
    customer.disable_auto_group_change = Some(customer.disable_auto_group_change.unwrap_or(0));
    with_subscription(&mut customer, false);
    for address in customer.addresses.iter_mut().flatten() {
        address.id = None;
    }
    validate_customer(&app, &mut customer, None)?;
    let password_hash = match password {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let confirmation = app
        .settings
        .confirmation_required
        .then(|| hex(&rand::random::<[u8; 16]>()));
    let id = app
        .store
        .create_customer(&customer, password_hash.as_deref(), confirmation.as_deref())
        .map_err(write_error)?;
    let stored = load(&app, id)?;
    send_account_mail(&app, &stored, password_hash.is_none());
    Ok(view(stored))
}

fn send_account_mail(app: &Emulator, stored: &StoredCustomer, needs_password: bool) {
    let c = &stored.customer;
    let base = format!("http://{}", app.settings.listen);
    let id = c.id.unwrap_or_default();
    let (subject, body) = match &stored.confirmation {
        Some(key) => (
            "Please confirm your Main Website Store account",
            format!(
                "Welcome to Main Website Store, {} {}.\n\nConfirm your e-mail address to sign in:\n{base}/customer/account/confirm/?id={id}&key={key}",
                c.firstname, c.lastname
            ),
        ),
        None if needs_password => (
            "Welcome to Main Website Store",
            format!(
                "Welcome to Main Website Store, {} {}.\n\nSet a password for your account with the password reset of the store.",
                c.firstname, c.lastname
            ),
        ),
        None => (
            "Welcome to Main Website Store",
            format!(
                "Welcome to Main Website Store, {} {}.\n\nSign in with your e-mail address {} and the password you chose.",
                c.firstname, c.lastname, c.email
            ),
        ),
    };
    if let Err(e) = app.outbox.send(&c.email, subject, &body) {
        eprintln!("commerce-emulator: could not write the account e-mail: {e}");
    }
}

#[derive(Deserialize)]
pub struct ConfirmLink {
    id: u32,
    key: String,
}

/// The storefront's confirmation link from the e-mail (`customer/account/confirm`).
pub async fn confirm_link(
    State(app): State<Arc<Emulator>>,
    Query(link): Query<ConfirmLink>,
) -> (StatusCode, Html<&'static str>) {
    match app.store.customer(link.id) {
        Ok(Some(stored)) if stored.confirmation.as_deref() == Some(link.key.as_str()) => {
            if app.store.confirm(link.id).is_ok() {
                return (
                    StatusCode::OK,
                    Html(
                        "<!doctype html><title>Account confirmed</title><p>Thank you for confirming your account. You can sign in now.</p>",
                    ),
                );
            }
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><p>The account could not be confirmed.</p>"),
            )
        }
        _ => (
            StatusCode::BAD_REQUEST,
            Html(
                "<!doctype html><p>The confirmation token is invalid. Verify the token and try again.</p>",
            ),
        ),
    }
}

/// `GET /V1/customers/me`
pub fn me(call: &Call) -> ApiResult<Customer> {
    Ok(view(load(&call.app, call.customer_id()?)?))
}

/// `GET /V1/customers/{id}` for an admin.
pub fn by_id(call: &Call, id: &str) -> ApiResult<Customer> {
    call.require_admin()?;
    let id: u32 = id.parse().map_err(|_| ApiError::no_route())?;
    Ok(view(load(&call.app, id)?))
}

/// `PUT /V1/customers/me`: the customer's own record, her id forced from the token.
/// `addresses` omitted keeps the book, `[]` empties it, entries without an id are added.
pub fn update_me(call: &Call) -> ApiResult<Customer> {
    let id = call.customer_id()?;
    let mut customer: Customer = call.params()?.take("customer")?;
    let app = &call.app;
    let stored = load(app, id)?;
    with_subscription(&mut customer, stored.customer.is_subscribed());
    // What the customer may not change about herself is taken from the store.
    customer.id = Some(id);
    customer.group_id = stored.customer.group_id;
    customer.website_id = stored.customer.website_id;
    customer.store_id = stored.customer.store_id;
    validate_customer(app, &mut customer, Some(id))?;
    app.store
        .update_customer(id, &customer)
        .map_err(write_error)?;
    Ok(view(load(app, id)?))
}

/// `PUT /V1/customers/me/password`
pub async fn change_password(call: Call) -> ApiResult<bool> {
    let id = call.customer_id()?;
    let params = call.params()?;
    params.require(&["currentPassword", "newPassword"])?;
    let current = params.text("currentPassword").unwrap_or_default();
    let new = params.text("newPassword").unwrap_or_default();
    let app = call.app.clone();
    let stored = load(&app, id)?;
    let hash_now = stored.password_hash.clone().unwrap_or_default();
    let matches = tokio::task::spawn_blocking(move || verify_password(&current, &hash_now))
        .await
        .map_err(ApiError::internal)?;
    if !matches {
        return Err(ApiError::plain(
            StatusCode::UNAUTHORIZED,
            templates::PASSWORD_MISMATCH,
        ));
    }
    if new.to_lowercase() == stored.customer.email.to_lowercase() {
        return Err(ApiError::bad_request(Message::plain(
            templates::PASSWORD_IS_EMAIL,
        )));
    }
    if let Some(problem) = app.rules.password.check(&new) {
        return Err(ApiError::bad_request(problem));
    }
    app.store.set_password(id, &hash(new).await?)?;
    Ok(true)
}

/// `POST /V1/customers/isEmailAvailable`: since 2.4.7 `true` for every address, so that the
/// route does not reveal who has an account.
pub fn is_email_available(call: &Call) -> ApiResult<bool> {
    call.params()?.require(&["customerEmail"])?;
    Ok(true)
}

fn customer_by_email(app: &Emulator, email: &str, website_id: u32) -> ApiResult<StoredCustomer> {
    let not_found = || {
        ApiError::new(
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
pub fn initiate_password_reset(call: &Call) -> ApiResult<bool> {
    let params = call.params()?;
    params.require(&["email", "template"])?;
    let email = params.text("email").unwrap_or_default();
    let template = params.text("template").unwrap_or_default();
    let website_id: u32 = params.get("websiteId")?.unwrap_or(WEBSITE_ID);
    let app = &call.app;
    let stored = customer_by_email(app, &email, website_id)?;
    if template != "email_reset" && template != "email_reminder" {
        return Err(ApiError::bad_request(Message::named(
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
    let token = hex(&rand::random::<[u8; 16]>());
    app.store.set_reset_token(id, &token, now())?;
    let body = format!(
        "There was recently a request to change the password for your account.\n\n\
         Set a new password: http://{}/customer/account/createPassword/?id={id}&token={token}\n\n\
         Customer id: {id}\nReset token: {token}\n\nIf you did not make this request, you can ignore this e-mail.",
        app.settings.listen
    );
    Ok(app
        .outbox
        .send(
            &stored.customer.email,
            "Reset your Main Website Store password",
            &body,
        )
        .is_ok())
}

fn check_reset_token(stored: &StoredCustomer, token: &str) -> ApiResult<()> {
    if token.is_empty() {
        return Err(ApiError::bad_request(Message::named(
            templates::REQUIRED_FIELD,
            [("fieldName", "resetPasswordLinkToken".into())],
        )));
    }
    match &stored.reset_token {
        Some((stored_token, _)) if stored_token != token => Err(ApiError::bad_request(
            Message::plain(templates::RESET_TOKEN_MISMATCH),
        )),
        None => Err(ApiError::bad_request(Message::plain(
            templates::RESET_TOKEN_MISMATCH,
        ))),
        Some((_, created)) if now() - created > RESET_TOKEN_LIFETIME_SECONDS => Err(
            ApiError::bad_request(Message::plain(templates::RESET_TOKEN_EXPIRED)),
        ),
        Some(_) => Ok(()),
    }
}

/// `POST /V1/customers/resetPassword`
pub async fn reset_password(call: Call) -> ApiResult<bool> {
    let params = call.params()?;
    params.require(&["email", "resetToken", "newPassword"])?;
    let email = params.text("email").unwrap_or_default();
    if email.is_empty() {
        return Err(ApiError::bad_request(Message::required("email")));
    }
    let token = params.text("resetToken").unwrap_or_default();
    let new = params.text("newPassword").unwrap_or_default();
    let app = call.app.clone();
    let stored = customer_by_email(&app, &email, WEBSITE_ID)?;
    check_reset_token(&stored, &token)?;
    if let Some(problem) = app
        .rules
        .password
        .check_for_account(&new, &stored.customer.email)
    {
        return Err(ApiError::bad_request(problem));
    }
    let id = stored.customer.id.unwrap_or_default();
    app.store.set_password(id, &hash(new).await?)?;
    Ok(true)
}

/// `GET /V1/customers/{id}/password/resetLinkToken/{token}`
pub fn validate_reset_token(call: &Call, id: &str, token: &str) -> ApiResult<bool> {
    let id: u32 = id
        .parse()
        .map_err(|_| ApiError::no_such_entity("customerId", id.into()))?;
    check_reset_token(&load(&call.app, id)?, token)?;
    Ok(true)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
