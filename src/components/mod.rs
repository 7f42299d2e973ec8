//! Pieces every page uses: labelled fields with their errors tied to them, the state and
//! buttons of a form, the address fieldset, and the signed-in area with its dialog.

mod address;
mod field;
mod form;
mod human_check;
mod page;
mod password;
mod person;
mod signed_in;

pub use address::{AddressCard, AddressFields, AddressFieldset};
pub use field::{CheckboxField, TextField};
pub use form::{ErrorSummary, FormState, SubmitButton, typed_credentials};
pub(crate) use human_check::{CheckView, Placing};
pub use human_check::{HumanCheck, HumanCheckField};
pub use page::{PageHeading, focus_by_id};
pub use password::PasswordField;
pub use person::{DetailFields, DetailInputs, NameFields, NameInputs};
pub use signed_in::AccountArea;
