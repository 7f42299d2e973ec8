//! One module a screen. Pages hold no HTTP: they call the API client and the session.

mod account;
mod account_edit;
mod address_book;
mod address_form;
mod forgot_password;
mod login;
mod password;
mod register;
mod reset_password;
mod status;

pub use account::AccountPage;
pub use account_edit::AccountEditPage;
pub use address_book::AddressBookPage;
pub use address_form::AddressFormPage;
pub use forgot_password::ForgotPasswordPage;
pub use login::LoginPage;
pub use password::ChangePasswordPage;
pub use register::RegisterPage;
pub use reset_password::ResetPasswordPage;
pub use status::StatusPage;
