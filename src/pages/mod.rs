//! One module a screen. Pages hold no HTTP: they call the API client and the session.

mod account;
mod account_edit;
mod address_book;
mod address_form;
mod forgot_password;
mod lazy;
mod login;
mod password;
mod register;
mod reset_password;
mod status;

use account::AccountPage;
use account_edit::AccountEditPage;
use address_book::AddressBookPage;
use address_form::AddressFormPage;
use forgot_password::ForgotPasswordPage;
pub use lazy::{AreaPage, LazyPage, Page, prefetch_chunk};
use login::LoginPage;
use password::ChangePasswordPage;
use register::RegisterPage;
use reset_password::ResetPasswordPage;
use status::StatusPage;
