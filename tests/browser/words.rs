//! In the shopper's words: no API field names on screen, one message a field, countries by
//! name, a title a page, focus where she needs it.

use crate::harness::*;
use fantoccini::Locator;

/// Names the store's templates use for fields; a shopper never reads them.
const API_FIELD_NAMES: [&str; 12] = [
    "regionId",
    "region_id",
    "countryId",
    "country_id",
    "firstname",
    "lastname",
    "username",
    "customerEmail",
    "currentPassword",
    "newPassword",
    "postcode",
    "resetToken",
];

impl Harness {
    /// Submits the form on `path` empty and checks the whole page for API field names.
    async fn submit_empty_and_read(&self, path: &str, clear: &[&str]) -> String {
        self.open(path).await;
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("form button[type=submit]"))
            .await
            .unwrap();
        for css in clear {
            self.fill(css, "").await;
        }
        self.click("form button[type=submit]").await;
        let started = std::time::Instant::now();
        loop {
            let errors = self.count("[aria-invalid='true']").await;
            if errors > 0 || started.elapsed() > WAIT {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let text = self.page_text().await;
        for name in API_FIELD_NAMES {
            assert!(!text.contains(name), "{path}: {name:?} on screen:\n{text}");
        }
        text
    }
}

#[tokio::test]
async fn no_form_shows_an_api_field_name_after_an_empty_submit() {
    let h = Harness::start().await;
    let register = h.submit_empty_and_read("/register", &[]).await;
    assert!(
        register.contains("\"State/Province\" is required."),
        "{register}"
    );
    // One problem, one message: the first name is missing once, not twice.
    assert_eq!(
        h.wait_text("#firstname-error", "First name").await,
        "\"First name\" is a required value."
    );
    let login = h.submit_empty_and_read("/login", &[]).await;
    // The store's own words for an empty sign-in field (`CredentialsValidator`).
    assert!(login.contains("Email is a required field."), "{login}");
    // One message above a form is a sentence, not a list of one.
    assert_eq!(h.count("#form-errors li").await, 0);
    h.submit_empty_and_read("/forgot-password", &[]).await;

    h.jane_signed_in().await;
    h.submit_empty_and_read("/account/addresses/new", &["#firstname", "#lastname"])
        .await;
    h.submit_empty_and_read("/account/edit", &["#firstname", "#lastname", "#email"])
        .await;
    let password = h.submit_empty_and_read("/account/password", &[]).await;
    assert!(
        password.contains("\"Current password\" is required."),
        "{password}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_taken_email_offers_to_sign_in_with_it_or_set_a_new_password() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/register").await;
    h.fill_registration(&JANE).await;
    h.click("button[type=submit]").await;
    let help = h
        .wait_text("#email-help", "Sign in with this address")
        .await;
    assert!(help.contains("set a new password"), "{help}");
    h.click_labelled("Sign in with this address").await;
    h.wait_for_path("/login").await;
    assert_eq!(
        h.value("#email").await,
        JANE.email,
        "the address comes along"
    );
    h.stop().await;
}

#[tokio::test]
async fn countries_are_listed_by_name_with_the_stores_country_first() {
    let h = Harness::start().await;
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    let names = h
        .script("return [...document.querySelectorAll('#country option')].map(o => o.text);")
        .await;
    let names: Vec<&str> = names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names[0], "Choose a country");
    assert_eq!(names[1], "United States");
    let position = |name: &str| names.iter().position(|n| *n == name).unwrap();
    assert!(position("Afghanistan") < position("Åland Islands"));
    assert!(position("Åland Islands") < position("Albania"));
    assert!(position("Andorra") < position("United Arab Emirates"));
    assert!(names.contains(&"Netherlands Antilles"));
    assert!(
        !names
            .iter()
            .any(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_uppercase())),
        "no bare codes"
    );
    let regions = h
        .script("return [...document.querySelectorAll('select#region option')].map(o => o.text);")
        .await;
    let regions: Vec<&str> = regions
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let mut sorted = regions[1..].to_vec();
    sorted.sort();
    assert_eq!(regions[1..], sorted[..], "regions by name");
    h.stop().await;
}

#[tokio::test]
async fn each_page_has_its_title_and_a_navigation_lands_on_its_heading() {
    let h = Harness::start().await;
    h.open("/login").await;
    h.wait_text("h1", "Sign in").await;
    assert_eq!(
        h.client.title().await.unwrap(),
        "Sign in – Customer account"
    );
    h.click_labelled("Create an account").await;
    h.wait_text("h1", "Create an account").await;
    assert_eq!(
        h.client.title().await.unwrap(),
        "Create an account – Customer account"
    );
    assert_eq!(h.focused_id().await.as_deref(), Some("register-title"));
    h.stop().await;
}

#[tokio::test]
async fn a_failed_sign_in_marks_both_fields_and_takes_focus_to_the_message() {
    let h = Harness::start().await;
    h.open_with_jane_registered("/login").await;
    h.sign_in(JANE.email, "Password2").await;
    h.wait_text("#form-errors", "sign-in was incorrect").await;
    assert_eq!(
        h.attr("#form-errors", "role").await.as_deref(),
        Some("alert")
    );
    assert_eq!(h.focused_id().await.as_deref(), Some("form-errors"));
    for field in ["#email", "#password"] {
        assert_eq!(h.attr(field, "aria-invalid").await.as_deref(), Some("true"));
    }
    h.stop().await;
}

#[tokio::test]
async fn a_signed_in_shopper_opening_sign_in_or_registration_lands_on_her_account() {
    let h = Harness::start().await;
    h.jane_signed_in().await;
    for path in ["/login", "/register"] {
        h.open(path).await;
        h.wait_for_path("/account").await;
        h.wait_text("h1", "My account").await;
    }
    h.stop().await;
}

/// When her session line says she stays signed in until, signed in at `hour` o'clock with a
/// three-hour token.
async fn session_end_signed_in_at(hour: u64) -> String {
    let h = Harness::start_with(&["--token-lifetime-minutes", "180"]).await;
    h.clock_reads_hour(hour).await;
    h.jane_signed_in().await;
    let line = h
        .wait_text(".session-expiry", "You stay signed in until")
        .await;
    h.stop().await;
    line.trim_start_matches("You stay signed in until ")
        .trim_end_matches('.')
        .to_owned()
}

#[tokio::test]
async fn the_session_line_reads_as_a_time_of_day() {
    let time = session_end_signed_in_at(12).await;
    assert_eq!(
        time.matches(':').count(),
        1,
        "hours and minutes, no seconds: {time}"
    );
    assert!(time.ends_with(" PM"), "three in the afternoon: {time}");
    assert!(time.chars().count() <= 8, "no date for today: {time}");
}

#[tokio::test]
async fn a_session_lasting_past_midnight_names_the_day_it_ends() {
    let tomorrow = session_end_signed_in_at(22).await;
    let days = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    assert!(
        days.iter().any(|day| tomorrow.starts_with(day)),
        "the day first: {tomorrow}"
    );
    assert!(
        tomorrow.ends_with(" AM"),
        "at one in the morning: {tomorrow}"
    );
    assert_eq!(tomorrow.matches(':').count(), 1, "no seconds: {tomorrow}");
}
