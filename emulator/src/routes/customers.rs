//! `customers/*`: registration and the signed-in customer's own record.

use crate::auth::{Caller, random_key};
use crate::directory::{COUNTRIES, normalise_region};
use crate::error::{RestError, RestResult};
use crate::mail::{self, Welcome};
use crate::store::{StoredCustomer, WriteError};
use crate::{Call, Emulator, STORE_ID, WEBSITE_ID};
use axum::http::StatusCode;
use commerce_rest::error::templates;
use commerce_rest::validate;
use commerce_rest::{Customer, CustomerExtension, Message};

const STORE_VIEW_NAME: &str = "Default Store View";

pub(super) fn load(app: &Emulator, id: u32) -> RestResult<StoredCustomer> {
    app.store
        .customer(id)?
        .ok_or_else(|| RestError::no_such_entity("customerId", id.into()))
}

/// The REST view of a stored customer: the confirmation key is never shown.
fn view(stored: StoredCustomer) -> Customer {
    Customer {
        confirmation: None,
        ..stored.customer
    }
}

fn duplicate_email() -> RestError {
    RestError::bad_request(Message::plain(templates::DUPLICATE_EMAIL))
}

fn write_error(e: WriteError) -> RestError {
    match e {
        WriteError::DuplicateEmail => duplicate_email(),
        WriteError::Database(e) => RestError::internal(e),
    }
}

/// The checks a store makes when it saves a customer: e-mail, then a duplicate of it in
/// the website, then the names; then each address, normalised as the store saves it.
fn validate_customer(
    app: &Emulator,
    customer: &mut Customer,
    own_id: Option<u32>,
) -> RestResult<()> {
    if let Some(problem) = validate::email(&customer.email) {
        return Err(RestError::bad_request(problem));
    }
    let holder = app
        .store
        .customer_id_by_email(WEBSITE_ID, &customer.email)?;
    if holder.is_some() && holder != own_id {
        return Err(duplicate_email());
    }
    let mut format: Vec<Message> = validate::names(customer)
        .map(|invalid| invalid.messages().to_vec())
        .unwrap_or_default();
    format.extend(validate::customer_attributes(
        customer,
        &app.config.rules.customer,
        &crate::auth::today(),
    ));
    if !format.is_empty() {
        return Err(validate::Invalid::Format(format).into());
    }
    customer.dob = customer.dob.as_deref().and_then(validate::date_of_birth);
    check_lengths(customer)?;
    for address in customer.addresses.iter_mut().flatten() {
        let characters = app.settings.magento_release.address_characters();
        if let Some(invalid) =
            validate::address_as(address, &COUNTRIES, &app.config.rules, characters)
        {
            return Err(invalid.into());
        }
        normalise_region(address);
    }
    Ok(())
}

/// The lengths a store's columns hold. The EAV attributes with a length rule answer as
/// Magento's `Text` data model does; any other text too long for its VARCHAR(255) fails in
/// the database, which a store answers with its masked internal error.
fn check_lengths(customer: &Customer) -> RestResult<()> {
    let too_long = [
        (
            "Name Prefix",
            customer.prefix.as_deref(),
            validate::limits::HONORIFIC,
        ),
        (
            "Name Suffix",
            customer.suffix.as_deref(),
            validate::limits::HONORIFIC,
        ),
        (
            "Tax/VAT number",
            customer.taxvat.as_deref(),
            validate::limits::TAXVAT,
        ),
    ]
    .into_iter()
    .filter(|(_, value, max)| value.is_some_and(|v| v.chars().count() > *max))
    .map(|(label, _, max)| {
        format!("\"{label}\" length must be equal or less than {max} characters.")
    })
    .collect::<Vec<_>>();
    if !too_long.is_empty() {
        return Err(RestError::bad_request(Message::plain(&too_long.join("\n"))));
    }
    let column = |value: Option<&str>| value.is_some_and(|v| v.chars().count() > 255);
    let address_too_long = customer.addresses.iter().flatten().any(|a| {
        [
            a.company.as_deref(),
            a.fax.as_deref(),
            a.postcode.as_deref(),
            a.vat_id.as_deref(),
            a.region_name(),
        ]
        .into_iter()
        .any(column)
    });
    if address_too_long || column(customer.created_in.as_deref()) {
        return Err(RestError::internal(
            "SQLSTATE[22001]: String data, right truncated",
        ));
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
        ..customer.extension_attributes.take().unwrap_or_default()
    });
}

/// The `customer` of a request, as this store's release reads it: a field it does not model
/// is named from 2.4.7 on, and fails inside 2.4.6 (ACSD-51846).
fn sent_customer(call: &Call) -> RestResult<Customer> {
    call.params()?.customer("customer").map_err(|refused| {
        let unknown = refused.body.message == templates::NOT_SUPPORTED_FIELD;
        if unknown && !call.app.settings.magento_release.names_unknown_fields() {
            RestError::internal("Property does not have accessor method")
        } else {
            refused
        }
    })
}

/// `POST /V1/customers`: `AccountManagementApi::createAccount`.
pub async fn create(call: Call) -> RestResult<Customer> {
    let params = call.params()?;
    let mut customer = sent_customer(&call)?;
    let password = params.text("password")?;
    let app = call.app.clone();
    if let Some(group) = customer.group_id {
        if call.caller != Caller::Admin {
            return Err(RestError::unauthorized("Magento_Customer::manage"));
        }
        if !(1..=3).contains(&group) {
            return Err(RestError::bad_request(Message::plain(
                templates::GROUP_UNKNOWN,
            )));
        }
    }
    // The policy first, then the password may not be the email address.
    if let Some(password) = &password
        && let Some(problem) = app
            .config
            .rules
            .password
            .check_for_account(password, &customer.email)
    {
        return Err(RestError::bad_request(problem));
    }
    if customer.website_id.is_some_and(|w| w != WEBSITE_ID) {
        return Err(RestError::new(
            StatusCode::NOT_FOUND,
            Message::positional(
                "The website with id %1 that was requested wasn't found. Verify the website and try again.",
                vec![customer.website_id.into()],
            ),
        ));
    }
    if customer.store_id.is_some_and(|s| s != STORE_ID) {
        return Err(RestError::plain(
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
        Some(p) => Some(app.passwords.hash(p).await?),
        None => None,
    };
    let confirmation = app.config.rules.customer.confirm.then(random_key);
    let id = app
        .store
        .create_customer(&customer, password_hash.as_deref(), confirmation.as_deref())
        .map_err(write_error)?;
    let stored = load(&app, id)?;
    send_account_mail(&app, &stored, password_hash.is_none());
    Ok(view(stored))
}

pub(crate) fn send_account_mail(app: &Emulator, stored: &StoredCustomer, needs_password: bool) {
    let kind = match &stored.confirmation {
        Some(key) => Welcome::Confirm(key),
        None if needs_password => Welcome::SetPassword,
        None => Welcome::Ready,
    };
    let letter = mail::welcome(&stored.customer, &app.settings.base_url(), kind);
    if let Err(e) = app.send_mail(&stored.customer.email, &letter) {
        tracing::warn!("commerce-emulator: could not write the account e-mail: {e}");
    }
}

/// `GET /V1/customers/me`
pub fn me(call: &Call) -> RestResult<Customer> {
    Ok(view(load(&call.app, call.customer_id()?)?))
}

/// `GET /V1/customers/{id}` for an admin.
pub fn by_id(call: &Call, id: &str) -> RestResult<Customer> {
    call.require_admin("Magento_Customer::customer")?;
    let id: u32 = id.parse().map_err(|_| RestError::no_route())?;
    Ok(view(load(&call.app, id)?))
}

/// `PUT /V1/customers/me`: the customer's own record, her id forced from the token. A
/// store's save writes only what it is given: a field left out keeps its stored value,
/// `addresses` left out keeps the book, `[]` empties it, entries without an id are added.
pub fn update_me(call: &Call) -> RestResult<Customer> {
    let id = call.customer_id()?;
    let sent = sent_customer(call)?;
    let app = &call.app;
    let stored = load(app, id)?;
    let mut customer = keep_unsent(sent, &stored.customer);
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

fn keep_unsent(sent: Customer, stored: &Customer) -> Customer {
    fn or<T: Clone>(sent: Option<T>, stored: &Option<T>) -> Option<T> {
        sent.or_else(|| stored.clone())
    }
    Customer {
        created_in: or(sent.created_in, &stored.created_in),
        dob: or(sent.dob, &stored.dob),
        gender: or(sent.gender, &stored.gender),
        middlename: or(sent.middlename, &stored.middlename),
        prefix: or(sent.prefix, &stored.prefix),
        suffix: or(sent.suffix, &stored.suffix),
        taxvat: or(sent.taxvat, &stored.taxvat),
        disable_auto_group_change: or(
            sent.disable_auto_group_change,
            &stored.disable_auto_group_change,
        ),
        custom_attributes: or(sent.custom_attributes, &stored.custom_attributes),
        ..sent
    }
}

/// `POST /V1/customers/isEmailAvailable`: since 2.4.7 `true` for every address, so that the
/// route does not reveal who has an account; 2.4.6 tells.
pub fn is_email_available(call: &Call) -> RestResult<bool> {
    let params = call.params()?;
    params.require(&["customerEmail"])?;
    if call.app.settings.magento_release.hides_taken_emails() {
        return Ok(true);
    }
    let email = params.text("customerEmail")?.unwrap_or_default();
    let website = params.get("websiteId")?.unwrap_or(WEBSITE_ID);
    Ok(call
        .app
        .store
        .customer_id_by_email(website, &email)?
        .is_none())
}
