//! The data of an Adobe Commerce / Magento 2.4 store's customer REST API, as both sides of
//! the wire see it: the JSON shapes, the error body with its raw message templates, and the
//! store's own validation rules. Pure Rust with no I/O, so the browser app and the emulator
//! compile the very same rules and cannot drift apart.

/// Marks an English phrase the app translates (`i18n/<locale>.json` has it as a key): a
/// [`Phrase`], which only this marker makes, so that a word the app shows cannot skip the
/// catalogues (their test reads the marked literals).
#[macro_export]
macro_rules! phrase {
    ($english:literal) => {
        $crate::Phrase::marked($english)
    };
}

/// An English phrase of the catalogues, made by [`phrase!`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Phrase(&'static str);

impl Phrase {
    /// For [`phrase!`] alone.
    #[doc(hidden)]
    pub const fn marked(english: &'static str) -> Phrase {
        Phrase(english)
    }

    /// The phrase in English, the catalogues' key.
    pub const fn english(self) -> &'static str {
        self.0
    }
}

pub mod customer;
pub mod customer_config;
pub mod directory;
pub mod error;
pub mod form;
pub mod password;
pub mod recaptcha;
pub mod store;
pub mod text;
pub mod token;
pub mod validate;

pub use customer::{
    Address, AddressRegion, CreateCustomer, Credentials, Customer, CustomerExtension,
    PasswordChange, PasswordReset, PasswordResetRequest, SaveCustomer,
};
pub use directory::{Country, Region};
pub use error::{ErrorBody, Message, Parameters};
pub use form::{FormField, in_shoppers_words};
pub use password::{PasswordPolicy, PasswordRequirement};
pub use store::StoreRules;
pub use token::TokenClaims;
