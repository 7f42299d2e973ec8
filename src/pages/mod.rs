mod account;
mod login;
mod register;

pub use account::AccountPage;
pub use login::LoginPage;
pub use register::RegisterPage;
