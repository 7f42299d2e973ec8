//! The store's own form (`customer_config` in `config.json`, `--config` on the emulator):
//! a store that asks more of its customers, one that wants new accounts confirmed by e-mail.

use crate::harness::*;
use crate::site::site_with_config;
use serde_json::json;

/// A site and an emulator that follow the same settings, as `cargo xtask dev --config` keeps them.
async fn store_with(settings: &[(&str, &str)]) -> Harness {
    let config = settings
        .iter()
        .map(|(path, value)| format!(r#""{path}": "{value}""#))
        .collect::<Vec<_>>()
        .join(", ");
    let flags: Vec<String> = settings
        .iter()
        .flat_map(|(path, value)| ["--config".to_owned(), format!("{path}={value}")])
        .collect();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let site = site_with_config(&format!(r#"{{"customer_config": {{{config}}}}}"#));
    Harness::start_serving(&site, &flags).await
}

/// Everything on: the issue's store.
const EVERYTHING: [(&str, &str); 11] = [
    ("customer/address/street_lines", "3"),
    ("customer/address/prefix_show", "req"),
    ("customer/address/prefix_options", "Mr;Ms;Dr"),
    ("customer/address/middlename_show", "1"),
    ("customer/address/dob_show", "req"),
    ("customer/address/gender_show", "opt"),
    ("customer/address/taxvat_show", "opt"),
    ("customer/address/telephone_show", "opt"),
    ("customer/address/company_show", "req"),
    ("customer/address/fax_show", ""),
    ("customer/create_account/vat_frontend_visibility", "1"),
];

#[tokio::test]
async fn a_store_that_asks_everything_gets_it_marked_sent_and_shown_back() {
    let h = store_with(&EVERYTHING).await;
    h.open("/register").await;
    h.wait_count("#country option[value='US']", 1).await;
    for (id, autocomplete) in [
        ("prefix", "honorific-prefix"),
        ("middlename", "additional-name"),
        ("dob", "bday"),
        ("company", "organization"),
        ("street", "address-line1"),
        ("street2", "address-line2"),
        ("street3", "address-line3"),
        ("telephone", "tel"),
    ] {
        assert_eq!(
            h.attr(&format!("#{id}"), "autocomplete").await.as_deref(),
            Some(autocomplete),
            "{id}"
        );
    }
    assert_eq!(h.attr("#dob", "type").await.as_deref(), Some("date"));
    assert_eq!(h.count("#prefix option[value='Dr']").await, 1);
    assert_eq!(h.count("#gender option[value='2']").await, 1);
    assert_eq!(h.count("#street4").await, 0, "three lines, not four");
    assert_eq!(h.count("#fax").await, 0, "a hidden fax is not asked");
    assert_eq!(h.count("#vat-id").await, 1);

    h.click("button[type=submit]").await;
    h.wait_text("#prefix-error", "Name prefix").await;
    for required in [
        "prefix",
        "firstname",
        "lastname",
        "dob",
        "email",
        "password",
        "company",
        "street",
        "city",
    ] {
        assert_eq!(
            h.attr(&format!("#{required}"), "aria-invalid")
                .await
                .as_deref(),
            Some("true"),
            "{required} is marked"
        );
        assert_eq!(
            h.attr(&format!("#{required}"), "aria-required")
                .await
                .as_deref(),
            Some("true"),
            "{required} is required"
        );
    }
    for optional in [
        "middlename",
        "taxvat",
        "gender",
        "telephone",
        "street2",
        "street3",
        "vat-id",
    ] {
        assert_eq!(
            h.attr(&format!("#{optional}"), "aria-invalid")
                .await
                .as_deref(),
            Some("false"),
            "{optional} is not marked"
        );
    }
    assert_eq!(h.focused_id().await.as_deref(), Some("prefix"));
    h.assert_accessible("registration in a store that asks everything")
        .await;

    h.choose("#prefix", "Dr").await;
    h.fill("#firstname", "Jane").await;
    h.fill("#middlename", "Q").await;
    h.fill("#lastname", "Doe").await;
    h.set_date("#dob", "1990-04-01").await;
    h.fill("#taxvat", "GB123456789").await;
    h.choose("#gender", "2").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", JANE.password).await;
    h.fill_address(&Shopper {
        telephone: "",
        ..JANE
    })
    .await;
    h.fill("#company", "Doe & Co.").await;
    h.fill("#street2", "Suite 4").await;
    h.fill("#street3", "c/o Reception").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;

    let profile = h.wait_text(".profile", "Dr Jane Q Doe").await;
    for shown in ["April 1, 1990", "GB123456789", "Female"] {
        assert!(profile.contains(shown), "{shown} in {profile}");
    }
    let card = h.wait_text(".address-card", "Doe & Co.").await;
    for line in ["Dr Jane Q Doe", "Suite 4", "c/o Reception"] {
        assert!(card.contains(line), "{line} in {card}");
    }
    h.assert_accessible("her account in a store that asks everything")
        .await;

    let token = h.session_token().await.expect("signed in");
    let (status, me) = h.rest("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (
            &me["prefix"],
            &me["middlename"],
            &me["dob"],
            &me["gender"],
            &me["taxvat"]
        ),
        (
            &json!("Dr"),
            &json!("Q"),
            &json!("1990-04-01"),
            &json!(2),
            &json!("GB123456789")
        )
    );
    let address = &me["addresses"][0];
    assert_eq!(
        address["street"],
        json!(["160 1st St.", "Suite 4", "c/o Reception"])
    );
    assert_eq!(address["company"], json!("Doe & Co."));
    assert_eq!(address["prefix"], json!("Dr"));
    assert!(address.get("telephone").is_none(), "{address}");

    h.open("/account/edit").await;
    h.wait_text("h1", "Account information").await;
    assert_eq!(h.value("#prefix").await, "Dr");
    assert_eq!(h.value("#middlename").await, "Q");
    assert_eq!(h.value("#dob").await, "1990-04-01");
    assert_eq!(h.value("#gender").await, "2");
    assert_eq!(h.value("#taxvat").await, "GB123456789");
    h.assert_accessible("account information in a store that asks everything")
        .await;
    h.choose("#prefix", "Ms").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Ms Jane Q Doe").await;

    let id = address["id"].as_u64().unwrap();
    h.open(&format!("/account/addresses/{id}")).await;
    h.wait_text("h1", "Edit address").await;
    assert_eq!(h.value("#street3").await, "c/o Reception");
    assert_eq!(
        h.attr("#telephone", "aria-required").await.as_deref(),
        Some("false")
    );
    h.assert_accessible("an address in a store that asks everything")
        .await;

    h.open("/status").await;
    let settings = h.wait_text(".settings", "customer/address/dob_show").await;
    assert!(
        settings.contains("customer/address/street_lines \"3\" config.json"),
        "{settings}"
    );
    assert!(
        settings.contains("customer/address/suffix_show \"\" Magento's default"),
        "{settings}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_value_the_store_now_hides_survives_a_profile_save() {
    let h = Harness::start().await;
    h.open("/login").await;
    let mut jane = seed_request();
    jane["customer"]["dob"] = json!("1990-04-01");
    jane["customer"]["gender"] = json!(2);
    let (status, body) = h.rest("POST", "customers", Some(jane), None).await;
    assert_eq!(status, 200, "{body}");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.open("/account/edit").await;
    assert_eq!(
        h.count("#dob").await,
        0,
        "a stock store hides the date of birth"
    );
    h.fill("#firstname", "Janet").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Janet Doe").await;
    let token = h.session_token().await.expect("signed in");
    let (_, me) = h.rest("GET", "customers/me", None, Some(&token)).await;
    assert_eq!(
        (&me["dob"], &me["gender"]),
        (&json!("1990-04-01"), &json!(2))
    );
    h.stop().await;
}

const CONFIRM: &str = "customer/create_account/confirm";

#[tokio::test]
async fn with_confirmation_on_she_registers_follows_the_emailed_link_and_signs_in() {
    let h = store_with(&[(CONFIRM, "1")]).await;
    h.fill_registration(&JANE).await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    let told = h.wait_text(".notice", "confirmation link").await;
    assert!(told.contains(JANE.email), "her address is named: {told}");
    assert_eq!(
        h.handled("POST /rest/default/V1/integration/customer/token "),
        0,
        "no sign-in that must fail"
    );
    assert_eq!(h.session_token().await, None);
    h.assert_accessible("registered, to confirm").await;

    h.open(&h.link_in_mail("/customer/account/confirm/")).await;
    h.wait_for_path("/login?confirmed=1").await;
    h.wait_text(".notice", "Your account is confirmed. Sign in.")
        .await;
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Mineola").await;
    h.stop().await;
}

#[tokio::test]
async fn the_address_form_asks_for_what_the_store_shows_and_needs() {
    let h = store_with(&[
        ("customer/address/telephone_show", "opt"),
        ("customer/address/company_show", "req"),
        ("customer/address/fax_show", ""),
        ("customer/create_account/vat_frontend_visibility", "1"),
    ])
    .await;
    // Jane registers through the API with the company this store requires.
    h.open("/login").await;
    let mut jane = seed_request();
    jane["customer"]["addresses"][0]["company"] = serde_json::json!("Doe & Co.");
    let (status, body) = h.rest("POST", "customers", Some(jane), None).await;
    assert_eq!(status, 200, "{body}");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", "Doe & Co.").await;
    h.open("/account/addresses/new").await;
    h.wait_text("h1", "Add a new address").await;
    assert_eq!(
        h.attr("#company", "aria-required").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        h.attr("#company", "autocomplete").await.as_deref(),
        Some("organization")
    );
    assert_eq!(
        h.attr("#telephone", "aria-required").await.as_deref(),
        Some("false")
    );
    assert_eq!(h.count("#fax").await, 0, "a hidden fax is not asked");
    assert_eq!(h.count("#vat-id").await, 1);

    h.click("button[type=submit]").await;
    h.wait_text("#company-error", "Company").await;
    assert_eq!(
        h.count("#telephone-error:not(:empty)").await,
        0,
        "the phone may be left out"
    );
    h.assert_accessible("a store's own address form").await;

    h.fill_address(&Shopper {
        street: "10 Downing St.",
        telephone: "",
        ..JANE
    })
    .await;
    h.fill("#company", "Downing Ltd").await;
    h.fill("#vat-id", "GB123456789").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    let card = h.wait_text(".address-book", "Downing Ltd").await;
    assert!(card.contains("VAT: GB123456789"), "{card}");
    h.stop().await;
}
