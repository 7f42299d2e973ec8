//! What can go wrong with a call to the store, and how each outcome reads to a shopper.

use commerce_rest::error::templates;
use commerce_rest::{ErrorBody, Message};

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The store refused the request and said why, in its error body.
    Rejected { status: u16, body: ErrorBody },
    /// The store no longer accepts her token (expired, or revoked on another device).
    SessionEnded,
    /// Something answered that is not the store's JSON, e.g. a proxy's HTML page.
    Unreadable { status: u16 },
    /// The store, or the proxy in front of it, cannot take the request now (502, 503, 504,
    /// 429), and may say in how many seconds to try again.
    Unavailable {
        status: u16,
        retry_after: Option<u32>,
    },
    /// The request never reached the store.
    Network,
    /// What was to be sent could not be put into a request (a value JSON cannot carry); nothing
    /// was sent.
    Unsendable,
    /// The store, on another origin, answered but does not allow this site to call it: it
    /// sends no CORS headers for this origin.
    NotAllowed { store: String, site: String },
    /// The store did not answer in time.
    Timeout,
    /// The form's check that she is not a robot gave no token: nothing was sent.
    Unproven(Unproven),
}

/// Why the store's reCAPTCHA widget gave no token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unproven {
    /// The checkbox is not ticked (or its tick has expired).
    NotTicked,
    /// The provider's script did not load (blocked, offline) or did not answer.
    NotLoaded,
}

/// What a form shows when the store refused, or could not be asked: `?` in a submit.
impl From<ApiError> for crate::form::FormErrors {
    fn from(error: ApiError) -> Self {
        crate::form::FormErrors::from_messages(error.messages())
    }
}

impl ApiError {
    /// The messages to show, in the store's templates where the store spoke.
    pub fn messages(&self) -> Vec<Message> {
        match self {
            ApiError::Rejected { status, body } if *status >= 500 => {
                let mut messages = body.messages();
                messages.push(Message::plain(
                    "Please try again in a moment; if it keeps happening, contact the store and give them the report ID.",
                ));
                messages
            }
            ApiError::Rejected { body, .. } => body.messages(),
            ApiError::SessionEnded => vec![Message::plain(SESSION_ENDED.english())],
            ApiError::Unreadable { status: 413 } => vec![Message::plain(
                "The store did not accept a request this large (HTTP 413). Shorten what you typed, or contact the store.",
            )],
            ApiError::Unreadable { status } => vec![Message::positional(
                "The store sent an answer this page cannot read (HTTP %1). Please try again in a moment; if it keeps happening, contact the store.",
                vec![(*status).into()],
            )],
            ApiError::Unavailable {
                retry_after: Some(seconds),
                ..
            } => vec![Message::positional(
                "The store is busy right now. Please try again in %1 seconds.",
                vec![(*seconds).into()],
            )],
            ApiError::Unavailable { status, .. } => vec![Message::positional(
                "The store is not answering right now (HTTP %1). Please try again in a moment.",
                vec![(*status).into()],
            )],
            ApiError::Network => vec![Message::plain(
                "The store could not be reached. Check your connection and try again.",
            )],
            ApiError::NotAllowed { store, site } => vec![Message::positional(
                "The store at %1 answered, but it does not allow this site (%2) to call it. Whoever runs the store can allow %2 in its CORS settings (for example with the graycoreio/magento2-cors module), or serve this site from the store's own host name.",
                vec![store.as_str().into(), site.as_str().into()],
            )],
            ApiError::Timeout => vec![Message::plain(
                "The store took too long to answer. Please try again.",
            )],
            ApiError::Unsendable => vec![Message::plain(
                "What you typed could not be sent to the store. Check it for unusual characters and try again.",
            )],
            ApiError::Unproven(Unproven::NotTicked) => {
                vec![Message::plain(
                    commerce_rest::recaptcha::NOT_TICKED.english(),
                )]
            }
            ApiError::Unproven(Unproven::NotLoaded) => {
                vec![Message::plain(
                    commerce_rest::recaptcha::NOT_LOADED.english(),
                )]
            }
        }
    }

    /// Every message as one text in the shopper's words, for a notice that belongs to no field.
    pub fn text(&self) -> String {
        crate::i18n::all_words(&self.messages())
    }

    /// The store's refusal to send another reset link so soon, if that is what this is.
    pub fn reset_refusal(&self) -> Option<ResetRefusal> {
        let ApiError::Rejected { status: 400, body } = self else {
            return None;
        };
        let contact = match &body.parameters {
            commerce_rest::Parameters::Positional(values) => values.first()?.as_str()?.to_owned(),
            _ => return None,
        };
        match body.message.as_str() {
            templates::RESET_REQUESTED_TOO_SOON => Some(ResetRefusal::TooSoon { contact }),
            templates::RESET_REQUESTED_TOO_OFTEN => Some(ResetRefusal::TooOften { contact }),
            _ => None,
        }
    }

    /// Whether the store refused a sign-in because the account waits for its e-mailed
    /// confirmation (2.4.8 and later say so; earlier releases give the one sign-in failure).
    pub fn is_unconfirmed(&self) -> bool {
        matches!(self, ApiError::Rejected { status: 401, body } if body.message == templates::ACCOUNT_NOT_CONFIRMED)
    }

    /// Whether the store answered "no such entity" (an unknown email, say).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Rejected { status: 404, .. })
    }

    /// An answer that is not a success: a store or proxy that cannot take it now, the
    /// store's error body, or something else's page.
    pub fn refused(status: u16, body: Option<ErrorBody>, retry_after: Option<u32>) -> ApiError {
        match (status, body) {
            (429 | 502 | 503 | 504, _) => ApiError::Unavailable {
                status,
                retry_after,
            },
            (_, Some(body)) => ApiError::Rejected { status, body },
            (_, None) => ApiError::Unreadable { status },
        }
    }

    /// Whether the store may have done what was asked although no answer says so: the
    /// request may have reached it (no answer, too late, a gateway that gave up, an answer
    /// that could not be read or was kept from this site). A second request would do it twice.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Timeout | ApiError::NotAllowed { .. } => true,
            ApiError::Unavailable { status, .. } => matches!(status, 502 | 504),
            ApiError::Unreadable { status } => (200..300).contains(status),
            ApiError::Rejected { .. }
            | ApiError::SessionEnded
            | ApiError::Unsendable
            | ApiError::Unproven(_) => false,
        }
    }

    /// On a customer route, only the store's "not authorised for `self`" means the token is
    /// no longer good; another 401 (a wrong current password) is an answer like any other.
    pub fn for_customer(self) -> ApiError {
        match &self {
            ApiError::Rejected { status: 401, body }
                if body.message == templates::NOT_AUTHORIZED =>
            {
                ApiError::SessionEnded
            }
            _ => self,
        }
    }
}

/// Magento_Security's refusal of a reset link, with the contact the store names. The store
/// says neither how long to wait nor whether the address has an account; the wait is its
/// default setting's (ten minutes after the last request, or the hour that counted too many).
#[derive(Clone, Debug, PartialEq)]
pub enum ResetRefusal {
    TooSoon { contact: String },
    TooOften { contact: String },
}

impl ResetRefusal {
    pub fn minutes_to_wait(&self) -> u32 {
        match self {
            ResetRefusal::TooSoon { .. } => 10,
            ResetRefusal::TooOften { .. } => 60,
        }
    }

    /// In her words: why, when she may ask again (`after`, a time of day), and whom to write to.
    pub fn message(&self, after: &str) -> Message {
        match self {
            ResetRefusal::TooSoon { contact } => Message::positional(
                "For your safety the store sends these links only every few minutes. If a link is on its way, it reaches your inbox soon (look in the spam folder too); otherwise ask again after about %1, or write to %2.",
                vec![after.into(), contact.as_str().into()],
            ),
            ResetRefusal::TooOften { contact } => Message::positional(
                "For your safety the store sends only a few of these links an hour. Please ask again after about %1, or write to %2.",
                vec![after.into(), contact.as_str().into()],
            ),
        }
    }
}

pub const SESSION_ENDED: commerce_rest::Phrase =
    commerce_rest::phrase!("Your session has ended. Please sign in again.");

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer as the transport reads it: the store's JSON body, or no body at all.
    fn answer(status: u16, text: &str) -> ApiError {
        ApiError::refused(status, serde_json::from_str(text).ok(), None)
    }

    #[test]
    fn a_store_error_keeps_its_template_and_parameters() {
        let e = answer(
            400,
            r#"{"message":"%fieldName is a required field.","parameters":{"fieldName":"username"}}"#,
        );
        assert_eq!(e.messages()[0].render(), "username is a required field.");
    }

    #[test]
    fn a_refused_reset_link_says_when_to_ask_again_and_whom_to_write_to() {
        let too_soon = answer(
            400,
            r#"{"message":"We received too many requests for password resets. Please wait and try again later or contact %1.","parameters":["help@shop.example"]}"#,
        );
        let refusal = too_soon.reset_refusal().expect("a refusal");
        assert_eq!(refusal.minutes_to_wait(), 10);
        let text = refusal.message("14:20").render();
        assert!(text.contains("after about 14:20"), "{text}");
        assert!(text.contains("write to help@shop.example"), "{text}");

        let too_often = answer(
            400,
            r#"{"message":"Too many password reset requests. Please wait and try again or contact %1.","parameters":["help@shop.example"]}"#,
        );
        assert_eq!(too_often.reset_refusal().unwrap().minutes_to_wait(), 60);
        let other = answer(400, r#"{"message":"Decoding error."}"#);
        assert_eq!(other.reset_refusal(), None);
    }

    #[test]
    fn a_page_of_html_is_called_unreadable() {
        let e = answer(200, "<html><body>Welcome to the hotel wifi</body></html>");
        assert_eq!(e, ApiError::Unreadable { status: 200 });
        assert!(e.text().contains("HTTP 200"));
        assert!(e.outcome_unknown(), "a 200 may have done the work");
        assert!(!answer(413, "<html>Too large</html>").outcome_unknown());
        assert!(answer(413, "").text().contains("Shorten what you typed"));
    }

    #[test]
    fn a_busy_store_says_when_to_try_again() {
        let busy = ApiError::refused(503, None, Some(7));
        assert_eq!(
            busy.text(),
            "The store is busy right now. Please try again in 7 seconds."
        );
        assert!(!busy.outcome_unknown(), "a 503 did nothing");
        let gateway = ApiError::refused(504, None, None);
        assert!(
            gateway
                .text()
                .contains("not answering right now (HTTP 504)")
        );
        assert!(
            gateway.outcome_unknown(),
            "the store may have done it after the gateway gave up"
        );
    }

    #[test]
    fn a_stores_internal_error_keeps_its_report_id_and_says_what_to_do() {
        let e = answer(
            500,
            r#"{"message":"Internal Error. Details are available in Magento log file. Report ID: webapi-1a2b"}"#,
        );
        let text = e.text();
        assert!(text.starts_with("Internal Error."), "{text}");
        assert!(
            text.contains("contact the store and give them the report ID"),
            "{text}"
        );
        assert!(!e.outcome_unknown());
    }

    #[test]
    fn a_store_that_does_not_allow_this_site_is_named_with_its_fix() {
        let text = ApiError::NotAllowed {
            store: "https://shop.example.com".into(),
            site: "https://account.example.com".into(),
        }
        .text();
        assert!(text.contains("https://shop.example.com answered"), "{text}");
        assert!(
            text.contains("allow https://account.example.com in its CORS settings"),
            "{text}"
        );
    }

    #[test]
    fn transport_failures_say_so_plainly() {
        assert!(ApiError::Network.text().contains("could not be reached"));
        assert!(ApiError::Timeout.text().contains("too long"));
    }

    #[test]
    fn a_request_that_could_not_be_made_is_not_a_network_failure_and_was_not_sent() {
        assert!(ApiError::Unsendable.text().contains("could not be sent"));
        assert!(!ApiError::Unsendable.text().contains("reached"));
        assert!(
            !ApiError::Unsendable.outcome_unknown(),
            "nothing to find out"
        );
    }

    #[test]
    fn only_the_stores_not_authorised_answer_ends_a_session() {
        let ended = answer(
            401,
            r#"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"self"}}"#,
        );
        assert_eq!(ended.for_customer(), ApiError::SessionEnded);
        let wrong_password = answer(
            401,
            r#"{"message":"The password doesn't match this account. Verify the password and try again."}"#,
        );
        assert_eq!(wrong_password.clone().for_customer(), wrong_password);
        assert!(answer(404, r#"{"message":"No such entity"}"#).is_not_found());
    }
}
