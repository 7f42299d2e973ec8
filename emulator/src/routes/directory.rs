use crate::directory::countries as in_locale;
use crate::error::{RestError, RestResult};
use axum::http::StatusCode;
use commerce_rest::Country;
use commerce_rest::error::templates;

pub fn countries(locale: &str) -> RestResult<&'static [Country]> {
    Ok(in_locale(locale))
}

pub fn country(locale: &str, id: &str) -> RestResult<&'static Country> {
    in_locale(locale)
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| RestError::plain(StatusCode::NOT_FOUND, templates::COUNTRY_UNAVAILABLE))
}
