//! The address book: adding, editing, deleting, and choosing the default addresses, each
//! change one `PUT customers/me` with her whole book.

use crate::harness::*;

const LONDON: Shopper = Shopper {
    country: "GB",
    region: Region::Typed("Greater London"),
    street: "10 Downing St.",
    city: "London",
    postcode: "SW1A 2AA",
    telephone: "+44 20 7946 0000",
    ..JANE
};

const BERLIN: Shopper = Shopper {
    country: "DE",
    region: Region::Listed("82"),
    street: "Unter den Linden 1",
    city: "Berlin",
    postcode: "10117",
    telephone: "+49 30 1234567",
    ..JANE
};

impl Harness {
    async fn add_address(&self, address: &Shopper<'_>) {
        self.click_labelled("Add a new address").await;
        self.wait_for_path("/account/addresses/new").await;
        self.fill_address(address).await;
        self.click("button[type=submit]").await;
        self.wait_for_path("/account/addresses").await;
        self.wait_text(".address-book", address.street).await;
    }

    /// The marks on the card that shows `street`.
    async fn marks_of(&self, street: &str) -> String {
        let xpath = format!(
            "//article[contains(@class, 'address-card')][contains(., \"{street}\")]//ul[@class='marks']"
        );
        self.client
            .find(fantoccini::Locator::XPath(&xpath))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn jane_keeps_her_address_book() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.click_labelled("Manage addresses").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_text("h1", "Address book").await;

    let before = h.requests().len();
    h.add_address(&LONDON).await;
    h.add_address(&BERLIN).await;
    let sent = h.requests_since(before);
    assert_eq!(sent.len(), 2, "one save an address: {sent:#?}");
    assert!(
        sent.iter()
            .all(|r| r.answered("PUT /rest/default/V1/customers/me", 200))
    );
    h.wait_count(".address-card", 3).await;
    h.wait_text(".address-book", "London, Greater London, SW1A 2AA")
        .await;
    h.wait_text(".address-book", "United Kingdom").await;

    // London becomes the default shipping address; Mineola stays the billing one.
    h.click_in("address-card", "Downing", "Use as default shipping address")
        .await;
    h.wait_text(".outcome", "default shipping address").await;
    assert_eq!(h.marks_of("Downing").await, "Default shipping address");
    assert_eq!(h.marks_of("160 1st St.").await, "Default billing address");
    assert_eq!(h.marks_of("Unter den Linden").await, "");
    h.screenshot("address-book").await;
    h.assert_accessible("the address book").await;

    // Editing keeps the address and its mark.
    h.click_in("address-card", "Downing", "Edit").await;
    h.wait_text("h1", "Edit address").await;
    assert_eq!(h.value("#city").await, "London");
    assert_eq!(h.value("input#region").await, "Greater London");
    h.fill("#city", "Westminster").await;
    h.screenshot("address-form").await;
    h.assert_accessible("the address form").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_text(".address-book", "Westminster, Greater London")
        .await;
    assert_eq!(h.marks_of("Downing").await, "Default shipping address");

    // The one that is no default can go, once she says yes; a default offers no Delete.
    h.click_in("address-card", "Unter den Linden", "Delete")
        .await;
    h.click_in("address-card", "Unter den Linden", "Yes, delete it")
        .await;
    h.wait_count(".address-card", 2).await;
    h.wait_text(".outcome", "The address was deleted.").await;
    h.wait_count("button[aria-label='Delete this address']:not([hidden])", 0)
        .await;

    h.client.refresh().await.unwrap();
    h.wait_count(".address-card", 2).await;
    assert_eq!(h.marks_of("Westminster").await, "Default shipping address");
    h.open("/account").await;
    h.wait_text(".address-book", "Westminster").await;
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn a_new_address_starts_from_the_stores_country_and_is_checked_before_sending() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/addresses/new").await;
    h.wait_text("#country", "United States").await;
    assert_eq!(h.value("#country").await, "US");
    assert_eq!(h.value("#firstname").await, "Jane");
    let before = h.requests().len();
    h.click("button[type=submit]").await;
    h.wait_text("#street-error", "required").await;
    assert_eq!(h.focused_id().await.as_deref(), Some("region"));
    assert_eq!(h.requests().len(), before, "nothing was sent");
    h.stop().await;
}
