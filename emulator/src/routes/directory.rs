use crate::directory::{COUNTRIES, country as find};
use crate::error::{ApiError, ApiResult};
use axum::http::StatusCode;
use commerce_rest::Country;
use commerce_rest::error::templates;

pub fn countries() -> ApiResult<&'static [Country]> {
    Ok(COUNTRIES.as_slice())
}

pub fn country(id: &str) -> ApiResult<&'static Country> {
    find(id).ok_or_else(|| ApiError::plain(StatusCode::NOT_FOUND, templates::COUNTRY_UNAVAILABLE))
}
