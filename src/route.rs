//! The app's pages by name: each one's path, the link to it under the site's own path, and
//! the router's table built from the same names, so that a page is spelled once.

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Register,
    Login,
    ForgotPassword,
    /// Where the store's reset e-mail links to (Magento's storefront path).
    ResetPassword,
    Status,
    Account,
    AccountEdit,
    Addresses,
    NewAddress,
    /// One of her addresses, by its id.
    Address(u32),
    Password,
}

/// The segments of the app's paths: the router matches them, and links join them.
pub mod segment {
    pub const REGISTER: &str = "register";
    pub const LOGIN: &str = "login";
    pub const FORGOT_PASSWORD: &str = "forgot-password";
    /// Magento's storefront path, which the store's reset e-mail links to.
    pub const RESET_PASSWORD: [&str; 3] = ["customer", "account", "createPassword"];
    pub const STATUS: &str = "status";
    pub const ACCOUNT: &str = "account";
    pub const EDIT: &str = "edit";
    pub const ADDRESSES: &str = "addresses";
    pub const NEW: &str = "new";
    pub const PASSWORD: &str = "password";
    /// The parameter naming one of her addresses.
    pub const ADDRESS_ID: &str = "id";
}

impl Route {
    /// The route as the router and the sign-in guard's `redirect` carry it.
    pub fn path(self) -> String {
        use segment::*;
        let segments: Vec<String> = match self {
            Route::Home => vec![],
            Route::Register => vec![REGISTER.into()],
            Route::Login => vec![LOGIN.into()],
            Route::ForgotPassword => vec![FORGOT_PASSWORD.into()],
            Route::ResetPassword => RESET_PASSWORD.map(String::from).to_vec(),
            Route::Status => vec![STATUS.into()],
            Route::Account => vec![ACCOUNT.into()],
            Route::AccountEdit => vec![ACCOUNT.into(), EDIT.into()],
            Route::Addresses => vec![ACCOUNT.into(), ADDRESSES.into()],
            Route::NewAddress => vec![ACCOUNT.into(), ADDRESSES.into(), NEW.into()],
            Route::Address(id) => vec![ACCOUNT.into(), ADDRESSES.into(), id.to_string()],
            Route::Password => vec![ACCOUNT.into(), PASSWORD.into()],
        };
        format!("/{}", segments.join("/"))
    }

    /// The route's address as a link carries it: under the site's own path, so that a link
    /// opened in a new tab, copied or followed by a crawler stays on this site.
    pub fn href(self) -> String {
        format!("{}{}", crate::router_base(), self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn every_page_has_its_own_path() {
        let pages = [
            Route::Home,
            Route::Register,
            Route::Login,
            Route::ForgotPassword,
            Route::ResetPassword,
            Route::Status,
            Route::Account,
            Route::AccountEdit,
            Route::Addresses,
            Route::NewAddress,
            Route::Address(7),
            Route::Password,
        ];
        let paths: std::collections::HashSet<String> = pages.iter().map(|p| p.path()).collect();
        assert_eq!(paths.len(), pages.len());
        assert_eq!(Route::Address(7).path(), "/account/addresses/7");
        assert_eq!(Route::Home.path(), "/");
        assert_eq!(
            Route::ResetPassword.path(),
            "/customer/account/createPassword"
        );
    }
}
