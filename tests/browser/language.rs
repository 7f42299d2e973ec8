//! The store's language: a German store and an Arabic one, every word on screen in it.

use crate::harness::*;
use crate::site::site_with_config;
use serde_json::json;

/// The site set to `locale` in front of an emulated store view of that locale.
async fn store_speaking(locale: &str) -> Harness {
    let config =
        format!(r#"{{"store_code": "default", "default_country": "US", "locale": "{locale}"}}"#);
    Harness::start_serving(&site_with_config(&config), &["--locale", locale]).await
}

/// `<html lang>` and `dir`.
async fn language_and_direction(h: &Harness) -> Vec<String> {
    let both = h
        .script("return [document.documentElement.lang, document.documentElement.dir];")
        .await;
    serde_json::from_value(both).unwrap()
}

/// The names of the country list, in its order, after the choice prompt.
async fn country_names(h: &Harness) -> Vec<String> {
    let names = h
        .script("return [...document.querySelectorAll('#country option')].filter(o => o.value).map(o => o.textContent);")
        .await;
    serde_json::from_value(names).unwrap()
}

#[tokio::test]
async fn jane_registers_in_a_german_store_and_reads_german_throughout() {
    let h = store_speaking("de_DE").await;
    h.open("/register").await;
    h.wait_text("h1", "Konto anlegen").await;
    assert_eq!(language_and_direction(&h).await, ["de", "ltr"]);
    let title = h.client.title().await.unwrap();
    assert!(title.starts_with("Konto anlegen – "), "{title}");
    for (field, label) in [
        ("firstname", "Vorname"),
        ("lastname", "Nachname"),
        ("email", "E-Mail"),
        ("password", "Passwort"),
        ("street", "Straße und Hausnummer"),
        ("city", "Stadt"),
        ("postcode", "Postleitzahl"),
        ("country", "Land"),
        ("telephone", "Telefonnummer"),
    ] {
        h.wait_text(&format!("label[for={field}]"), label).await;
    }
    h.wait_text(".password-policy", "Mindestens 8 Zeichen")
        .await;

    // German names from the store, sorted as German sorts them: the store's country first,
    // then Ä with the A's, not after Z.
    h.wait_text("#country", "Vereinigte Staaten").await;
    let names = country_names(&h).await;
    assert_eq!(names[0], "Vereinigte Staaten");
    let at = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} not in {names:?}"))
    };
    assert!(at("Ägypten") < at("Albanien"), "{names:?}");
    assert!(at("Oman") < at("Österreich") && at("Österreich") < at("Pakistan"));
    let sorted_in_german = h
        .script(
            "const names = [...document.querySelectorAll('#country option')].filter(o => o.value).map(o => o.textContent).slice(1);
             const german = new Intl.Collator('de');
             return names.every((name, i) => i == 0 || german.compare(names[i - 1], name) <= 0);",
        )
        .await;
    assert_eq!(sorted_in_german, json!(true));

    // The app's own checks, before anything is sent, in the store's phrases and language.
    h.click("button[type=submit]").await;
    h.wait_text("#firstname-error", "„Vorname“ ist ein Pflichtwert.")
        .await;
    h.wait_text("#region-error", "„Bundesland/Provinz“ ist erforderlich.")
        .await;
    assert_eq!(h.focused_id().await.as_deref(), Some("firstname"));
    h.screenshot("register-de").await;
    h.assert_accessible("the German registration form with its errors")
        .await;

    let before = h.requests().len();
    h.register(&JANE).await;
    let card = h
        .wait_text(".address-card", "Standardrechnungsadresse")
        .await;
    for line in [
        "Jane Doe",
        "Mineola, New York, 11501",
        "Vereinigte Staaten",
        "Tel.: 516-555-1111",
    ] {
        assert!(card.contains(line), "{line:?} in {card}");
    }
    h.wait_text(".session-expiry", "Sie bleiben bis").await;
    h.assert_accessible("the German account page").await;
    // The catalogue is one more file from the site; the store sees the same three calls.
    let store_calls = h.requests_since(before);
    assert_eq!(store_calls.len(), 3, "{store_calls:#?}");

    h.click(".sign-out").await;
    h.wait_text(".notice", "Sie haben sich abgemeldet.").await;
    h.wait_text("h1", "Anmelden").await;
    h.stop().await;
}

#[tokio::test]
async fn an_arabic_store_reads_right_to_left_and_fits_a_phone() {
    let h = store_speaking("ar_SA").await;
    h.client.set_window_size(360, 800).await.unwrap();
    h.open("/register").await;
    h.wait_text("h1", "إنشاء حساب").await;
    assert_eq!(language_and_direction(&h).await, ["ar", "rtl"]);
    h.wait_text("#country", "الولايات المتحدة").await;
    // The row reads from the right: the password first, then its show button.
    let sides = h
        .script(
            "const input = document.querySelector('#password').getBoundingClientRect();
             const toggle = document.querySelector('.password-input .toggle').getBoundingClientRect();
             return [input.left, toggle.right];",
        )
        .await;
    let sides: Vec<f64> = serde_json::from_value(sides).unwrap();
    assert!(
        sides[1] <= sides[0],
        "the button left of the input: {sides:?}"
    );
    assert!(!h.scrolls_sideways().await, "/register scrolls sideways");
    h.click("button[type=submit]").await;
    h.wait_text("#firstname-error", "مطلوب").await;
    assert!(
        !h.scrolls_sideways().await,
        "the errors make /register scroll sideways"
    );
    h.screenshot("register-ar").await;
    h.assert_accessible("the Arabic registration form with its errors")
        .await;

    h.register(&JANE).await;
    h.wait_text(".address-card", "الولايات المتحدة").await;
    assert!(!h.scrolls_sideways().await, "/account scrolls sideways");
    h.assert_accessible("the Arabic account page").await;
    for path in ["/account/addresses", "/account/edit", "/account/password"] {
        h.open(path).await;
        h.wait_text("h1", "").await;
        h.wait_count(".loading", 0).await;
        assert!(!h.scrolls_sideways().await, "{path} scrolls sideways");
    }
    h.stop().await;
}
