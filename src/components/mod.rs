//! Form pieces every page uses: labelled inputs with their errors tied to them.

mod field;
mod password;

pub use field::{ErrorSummary, SelectField, TextField, focus_first_error};
pub use password::PasswordField;
