//! The release of Magento the emulator answers as (`--magento-release`): where 2.4 releases
//! differ in what a storefront meets, so that a front end is tried against the store it has.

use commerce_rest::validate::AddressCharacters;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Release {
    #[value(name = "2.4.6")]
    V2_4_6,
    #[value(name = "2.4.7")]
    V2_4_7,
    #[value(name = "2.4.8")]
    V2_4_8,
    #[value(name = "2.4.9")]
    V2_4_9,
}

impl Release {
    pub const NEWEST: Release = Release::V2_4_9;

    pub fn name(self) -> &'static str {
        match self {
            Release::V2_4_6 => "2.4.6",
            Release::V2_4_7 => "2.4.7",
            Release::V2_4_8 => "2.4.8",
            Release::V2_4_9 => "2.4.9",
        }
    }

    /// Since 2.4.8 the token route tells an unconfirmed account with the right password apart
    /// (`CustomerTokenService` rethrows `EmailNotConfirmedException`, LYNX-391); before, it is
    /// the one sign-in failure.
    pub fn says_unconfirmed(self) -> bool {
        self >= Release::V2_4_8
    }

    /// The characters a city, a street and a phone number may hold (contract §6): no rules
    /// before the validators (2.4.6; 2.4.7 is unconfirmed, and taken as without them), 2.4.8
    /// as first released, and the relaxed rules of ACSD-67904 and 2.4.9.
    pub fn address_characters(self) -> AddressCharacters {
        match self {
            Release::V2_4_6 | Release::V2_4_7 => AddressCharacters::Any,
            Release::V2_4_8 => AddressCharacters::FirstOf2_4_8,
            Release::V2_4_9 => AddressCharacters::Current,
        }
    }

    /// A field the data object does not know: 2.4.7 says so (ACSD-51846), 2.4.6 fails inside
    /// with a masked internal error.
    pub fn names_unknown_fields(self) -> bool {
        self >= Release::V2_4_7
    }

    /// Since 2.4.7 `isEmailAvailable` answers `true` for every address (guest checkout login
    /// off); 2.4.6 tells whether an account has it.
    pub fn hides_taken_emails(self) -> bool {
        self >= Release::V2_4_7
    }
}
