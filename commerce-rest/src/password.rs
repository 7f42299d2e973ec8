//! The store's password policy (Magento `AccountManagement::checkPasswordStrength`), checked
//! in the store's own order so that the first failure is the one the store would report.

use crate::error::{Message, templates};
use crate::text::fold_case;
use serde::{Deserialize, Serialize};

/// `AccountManagementInterface::MAX_PASSWORD_LENGTH`.
pub const MAX_PASSWORD_LENGTH: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// `customer/password/minimum_password_length`
    pub min_length: usize,
    /// `customer/password/required_character_classes_number`
    pub required_classes: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 8,
            required_classes: 3,
        }
    }
}

impl PasswordPolicy {
    /// The policy's configuration paths, as `config.json`'s `customer_config` and the
    /// emulator's `--config` take them.
    pub const PATHS: [&str; 2] = [
        "customer/password/minimum_password_length",
        "customer/password/required_character_classes_number",
    ];

    /// Takes one setting as Magento's admin would, or says why not.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), String> {
        let (slot, range) = match path {
            "customer/password/minimum_password_length" => (&mut self.min_length, 1..=256),
            "customer/password/required_character_classes_number" => {
                (&mut self.required_classes, 1..=4)
            }
            _ => return Err(format!("{path} is not a password setting")),
        };
        *slot = crate::customer_config::whole_number(path, value, range)?;
        Ok(())
    }
}

/// One line of the policy, in the order the store checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRequirement {
    AtMost(usize),
    AtLeast(usize),
    NoSurroundingSpace,
    CharacterClasses(usize),
}

impl PasswordRequirement {
    pub fn is_met_by(self, password: &str) -> bool {
        match self {
            PasswordRequirement::AtMost(n) => password.chars().count() <= n,
            PasswordRequirement::AtLeast(n) => password.chars().count() >= n,
            // PHP's trim() strips exactly these characters.
            PasswordRequirement::NoSurroundingSpace => {
                password.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B']) == password
            }
            PasswordRequirement::CharacterClasses(n) => character_classes(password) >= n,
        }
    }

    /// The store's own message for a password that fails this requirement.
    pub fn violation(self) -> Message {
        match self {
            PasswordRequirement::AtMost(n) => {
                Message::positional(templates::PASSWORD_TOO_LONG, vec![n.into()])
            }
            PasswordRequirement::AtLeast(n) => {
                Message::positional(templates::PASSWORD_TOO_SHORT, vec![n.into()])
            }
            PasswordRequirement::NoSurroundingSpace => {
                Message::plain(templates::PASSWORD_SURROUNDING_SPACE)
            }
            PasswordRequirement::CharacterClasses(n) => {
                Message::positional(templates::PASSWORD_CLASSES, vec![n.into()])
            }
        }
    }

    /// A short line for a live checklist beside the password field, as a phrase to translate
    /// and its number.
    pub fn label(self) -> Message {
        let with =
            |phrase: crate::Phrase, n: usize| Message::positional(phrase.english(), vec![n.into()]);
        match self {
            PasswordRequirement::AtMost(n) => with(phrase!("At most %1 characters"), n),
            PasswordRequirement::AtLeast(n) => with(phrase!("At least %1 characters"), n),
            PasswordRequirement::NoSurroundingSpace => {
                Message::plain(phrase!("No space at the start or end").english())
            }
            PasswordRequirement::CharacterClasses(n) => with(
                phrase!("At least %1 of: lower case, upper case, digits, special characters"),
                n,
            ),
        }
    }
}

/// Magento counts ASCII classes only: any other character is "special".
fn character_classes(password: &str) -> usize {
    let has = |pred: fn(&char) -> bool| password.chars().any(|c| pred(&c));
    [
        has(char::is_ascii_digit),
        has(char::is_ascii_uppercase),
        has(char::is_ascii_lowercase),
        has(|c| !c.is_ascii_alphanumeric()),
    ]
    .into_iter()
    .filter(|&present| present)
    .count()
}

impl PasswordPolicy {
    pub fn requirements(&self) -> [PasswordRequirement; 4] {
        [
            PasswordRequirement::AtMost(MAX_PASSWORD_LENGTH),
            PasswordRequirement::AtLeast(self.min_length),
            PasswordRequirement::NoSurroundingSpace,
            PasswordRequirement::CharacterClasses(self.required_classes),
        ]
    }

    /// The rules as a checklist shows them: those a shopper acts on first, the 256-character
    /// ceiling nobody meets by accident last.
    pub fn checklist(&self) -> [PasswordRequirement; 4] {
        let [at_most, at_least, no_space, classes] = self.requirements();
        [at_least, classes, no_space, at_most]
    }

    /// The first rule the password breaks, as the store reports it.
    pub fn check(&self, password: &str) -> Option<Message> {
        self.requirements()
            .into_iter()
            .find(|r| !r.is_met_by(password))
            .map(PasswordRequirement::violation)
    }

    /// The policy, then the store's rule that a password may not be the email address.
    pub fn check_for_account(&self, password: &str, email: &str) -> Option<Message> {
        self.check(password).or_else(|| {
            (fold_case(password) == fold_case(email))
                .then(|| Message::plain(templates::PASSWORD_IS_EMAIL))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_failure(password: &str) -> Option<String> {
        PasswordPolicy::default()
            .check(password)
            .map(|m| m.render())
    }

    #[test]
    fn the_seed_password_passes() {
        assert_eq!(first_failure("Password1"), None);
    }

    #[test]
    fn rules_fail_in_the_stores_order() {
        let too_long = "aA1".repeat(90);
        assert_eq!(
            first_failure(&too_long).unwrap(),
            "Please enter a password with at most 256 characters."
        );
        assert_eq!(
            first_failure(" abc").unwrap(),
            "The password needs at least 8 characters. Create a new password and try again."
        );
        assert_eq!(
            first_failure(" Password1").unwrap(),
            templates::PASSWORD_SURROUNDING_SPACE
        );
        assert_eq!(
            first_failure("password").unwrap(),
            "Minimum of different classes of characters in password is 3. Classes of characters: Lower Case, Upper Case, Digits, Special Characters."
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Eight characters, sixteen bytes: long enough.
        assert_eq!(first_failure("ééééééA1"), None);
        assert!(first_failure("éééA1").is_some());
    }

    #[test]
    fn non_ascii_letters_count_as_special_characters() {
        assert_eq!(first_failure("passwordé1"), None);
        assert!(first_failure("passwordé").is_some());
    }

    #[test]
    fn a_password_equal_to_the_email_is_refused_whatever_its_case() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy
                .check_for_account("Jdoe@example.com", "jdoe@example.com")
                .unwrap()
                .message,
            templates::PASSWORD_IS_EMAIL
        );
        assert_eq!(
            policy.check_for_account("Password1", "jdoe@example.com"),
            None
        );
    }

    #[test]
    fn a_configured_policy_changes_the_numbers() {
        let policy = PasswordPolicy {
            min_length: 12,
            required_classes: 4,
        };
        assert!(policy.check("Password1!").unwrap().render().contains("12"));
        assert!(
            policy
                .check("Password1abc")
                .unwrap()
                .render()
                .contains("is 4")
        );
        assert_eq!(policy.check("Password1ab!"), None);
    }

    #[test]
    fn a_policy_is_set_by_magentos_paths_and_refuses_what_the_admin_refuses() {
        let mut policy = PasswordPolicy::default();
        policy.set(PasswordPolicy::PATHS[0], "12").unwrap();
        policy.set(PasswordPolicy::PATHS[1], " 4 ").unwrap();
        assert_eq!((policy.min_length, policy.required_classes), (12, 4));
        for (path, value) in [
            (PasswordPolicy::PATHS[0], "0"),
            (PasswordPolicy::PATHS[1], "5"),
            (PasswordPolicy::PATHS[1], "three"),
            ("customer/password/lockout_failures", "3"),
        ] {
            assert!(policy.set(path, value).is_err(), "{path}={value}");
        }
        assert_eq!((policy.min_length, policy.required_classes), (12, 4));
    }
}
