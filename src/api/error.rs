//! What can go wrong with a call to the store, and how each outcome reads to a shopper.

use commerce_rest::error::templates;
use commerce_rest::{ErrorBody, Message, in_shoppers_words};

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The store refused the request and said why, in its error body.
    Rejected { status: u16, body: ErrorBody },
    /// The store no longer accepts her token (expired, or revoked on another device).
    SessionEnded,
    /// Something answered that is not the store's JSON, e.g. a proxy's HTML error page.
    Unreadable { status: u16 },
    /// The request never reached the store.
    Network,
    /// The store, on another origin, answered but does not allow this site to call it: it
    /// sends no CORS headers for this origin.
    NotAllowed { store: String, site: String },
    /// The store did not answer in time.
    Timeout,
}

impl ApiError {
    /// The messages to show, in the store's templates where the store spoke.
    pub fn messages(&self) -> Vec<Message> {
        match self {
            ApiError::Rejected { body, .. } => body.messages(),
            ApiError::SessionEnded => vec![Message::plain(SESSION_ENDED)],
            ApiError::Unreadable { status } => vec![Message::plain(&format!(
                "The store sent an answer this page cannot read (HTTP {status}). Please try again later."
            ))],
            ApiError::Network => vec![Message::plain(
                "The store could not be reached. Check your connection and try again.",
            )],
            ApiError::NotAllowed { store, site } => vec![Message::plain(&format!(
                "The store at {store} answered, but it does not allow this site ({site}) to call it. \
                 Whoever runs the store can allow {site} in its CORS settings (for example with the \
                 graycoreio/magento2-cors module), or serve this site from the store's own host name."
            ))],
            ApiError::Timeout => vec![Message::plain(
                "The store took too long to answer. Please try again.",
            )],
        }
    }

    /// Every message as one text in the shopper's words, for a notice that belongs to no field.
    pub fn text(&self) -> String {
        self.messages()
            .iter()
            .map(in_shoppers_words)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the store answered "no such entity" (an unknown email, say).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Rejected { status: 404, .. })
    }

    /// An answer that is not a success: the store's error body, or something else's page.
    pub fn refused(status: u16, body: Option<ErrorBody>) -> ApiError {
        match body {
            Some(body) => ApiError::Rejected { status, body },
            None => ApiError::Unreadable { status },
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

pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer as the transport reads it: the store's JSON body, or no body at all.
    fn answer(status: u16, text: &str) -> ApiError {
        ApiError::refused(status, serde_json::from_str(text).ok())
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
    fn an_html_error_page_is_called_unreadable() {
        let e = answer(502, "<html><body>Bad Gateway</body></html>");
        assert_eq!(e, ApiError::Unreadable { status: 502 });
        assert!(e.text().contains("HTTP 502"));
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
