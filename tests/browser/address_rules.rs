//! Addresses as real stores take them: what only the store may refuse is sent and answered
//! at the field, a new country clears the old region, a long street is counted, an address
//! that is not there says so, and an Arabic card keeps its numbers readable.

use crate::harness::*;
use crate::site::site_with_config;

/// The address book's first card: Jane's New York address, as the seed made it.
async fn edit_janes_address(h: &Harness) {
    h.open("/account/addresses").await;
    h.click_in("address-card", "160 1st St.", "Edit").await;
    h.wait_text("h1", "Edit address").await;
}

#[tokio::test]
async fn cities_and_streets_a_store_takes_are_sent_and_what_it_refuses_shows_at_the_field() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    for (city, street) in [
        ("St. Louis", "Apt #4, 1 Market St."),
        ("Brighton & Hove", "Flat 2/3 (rear)"),
        ("29 Palms", "73-484 Twentynine Palms Hwy"),
    ] {
        h.open("/account/addresses/new").await;
        h.fill_address(&Shopper {
            city,
            street,
            ..JANE
        })
        .await;
        h.click("button[type=submit]").await;
        h.wait_for_path("/account/addresses").await;
        h.wait_text(".address-book", city).await;
    }

    // What the store refuses is the store's to say, at the field, with her address kept.
    h.open("/account/addresses/new").await;
    h.fill_address(&Shopper {
        city: "Mineola <b>",
        ..JANE
    })
    .await;
    let before = h.handled("PUT /rest/default/V1/customers/me ");
    h.click("button[type=submit]").await;
    let said = h.wait_text("#city-error", "Invalid City").await;
    assert!(said.contains("letters, numbers, spaces"), "{said}");
    assert_eq!(
        h.handled("PUT /rest/default/V1/customers/me "),
        before + 1,
        "the store was asked"
    );
    assert_eq!(h.value("#city").await, "Mineola <b>");
    h.assert_accessible("an address the store refused").await;
    h.stop().await;
}

#[tokio::test]
async fn a_new_country_clears_the_old_region() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    edit_janes_address(&h).await;
    let country = h
        .client
        .find(fantoccini::Locator::Css("#country"))
        .await
        .unwrap();
    country.select_by_value("JP").await.unwrap();
    h.wait_count("select#region option[value='43']", 0).await;
    if h.count("input#region").await > 0 {
        assert_eq!(h.value("input#region").await, "", "no New York in Japan");
    }
    // And back: the state of the old country is not brought back either.
    country.select_by_value("US").await.unwrap();
    h.wait_count("select#region", 1).await;
    assert_eq!(h.value("select#region").await, "");
    country.select_by_value("JP").await.unwrap();
    h.fill("#city", "Chiyoda").await;
    h.fill("#postcode", "100-0005").await;
    if h.count("select#region").await > 0 {
        let region = h
            .client
            .find(fantoccini::Locator::Css("select#region"))
            .await
            .unwrap();
        region.select_by_index(1).await.unwrap();
    }
    h.click("button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    let book = h.wait_text(".address-book", "Chiyoda").await;
    assert!(!book.contains("New York"), "{book}");
    assert!(book.contains("Japan"), "{book}");
    h.stop().await;
}

#[tokio::test]
async fn a_street_near_the_stores_limit_says_how_many_characters_are_left() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/addresses/new").await;
    h.fill("#street", &"a".repeat(200)).await;
    assert_eq!(
        h.count("#street-note:not(:empty)").await,
        0,
        "no count far from the limit"
    );
    h.fill("#street", &"a".repeat(240)).await;
    let note = h.wait_text("#street-note", "of 255").await;
    assert_eq!(note, "240 of 255 characters used in the street address.");
    assert!(
        h.attr("#street", "aria-describedby")
            .await
            .unwrap()
            .contains("street-note"),
        "the count is tied to the input"
    );
    h.fill("#street2", "Suite 4").await;
    h.wait_text("#street-note", "248 of 255").await;
    h.stop().await;
}

#[tokio::test]
async fn an_address_id_that_is_not_a_number_is_not_found() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    for path in ["/account/addresses/abc", "/account/addresses/999"] {
        h.open(path).await;
        h.wait_text("h1", "Address not found").await;
        assert_eq!(h.count("#street").await, 0, "{path} offers no address form");
    }
    h.stop().await;
}

#[tokio::test]
async fn delete_asks_first_and_a_default_address_offers_none() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    h.open("/account/addresses/new").await;
    h.fill_address(&Shopper {
        street: "10 Downing St.",
        ..JANE
    })
    .await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_count(".address-card", 2).await;
    h.wait_count("button[aria-label='Delete this address']:not([hidden])", 1)
        .await;

    let saves = h.handled("PUT /rest/default/V1/customers/me ");
    h.click_in("address-card", "Downing", "Delete").await;
    h.wait_text(".delete-question:not([hidden])", "Delete this address?")
        .await;
    h.assert_accessible("the question before deleting").await;
    // Escape keeps it, and gives focus back to Delete.
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{e00c}")
        .await
        .unwrap();
    h.wait_count(".delete-question:not([hidden])", 0).await;
    assert!(
        h.focused_id()
            .await
            .unwrap_or_default()
            .starts_with("delete-address-")
    );
    assert_eq!(
        h.handled("PUT /rest/default/V1/customers/me "),
        saves,
        "nothing sent"
    );

    h.click_in("address-card", "Downing", "Delete").await;
    h.click_in("address-card", "Downing", "Yes, delete it")
        .await;
    h.wait_count(".address-card", 1).await;
    h.wait_text(".outcome", "The address was deleted.").await;
    h.stop().await;
}

#[tokio::test]
async fn an_arabic_card_keeps_its_numbers_left_to_right_and_uses_the_arabic_comma() {
    let config = r#"{"locale": "ar_SA"}"#;
    let h = Harness::start_serving(&site_with_config(config), &["--locale", "ar_SA"]).await;
    h.open_with_jane_registered("/login").await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "11501").await;
    let numbers = h
        .script(
            "return [...document.querySelectorAll('.address-card [dir=ltr]')].map(e => e.textContent);",
        )
        .await;
    assert_eq!(numbers, serde_json::json!(["11501", "516-555-1111"]));
    let locality = h
        .script("return document.querySelectorAll('.address-card .line')[2].textContent;")
        .await;
    let locality = locality.as_str().unwrap();
    assert!(
        locality.contains("، ") && !locality.contains(", "),
        "{locality}"
    );
    h.stop().await;
}
