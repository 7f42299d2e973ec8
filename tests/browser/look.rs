//! The store's own look, and the site on a phone: branding from `config.json`, the icon,
//! the frame before the app has loaded, and nothing sideways at 360 px.

use crate::harness::*;
use crate::site::site_with_config;

#[tokio::test]
async fn a_store_owner_brands_the_site_from_config_json() {
    let config = r##"{"store_name": "Luma Demo", "logo_url": "/favicon.svg",
        "store_home_url": "https://luma.example.com/", "accent_color": "#aa3300"}"##;
    let h = Harness::start_serving(&site_with_config(config), &[]).await;
    h.open("/login").await;
    h.wait_text(".site-header", "Luma Demo").await;
    assert_eq!(h.client.title().await.unwrap(), "Sign in – Luma Demo");
    assert_eq!(
        h.attr(".site-header a.home", "href").await.as_deref(),
        Some("https://luma.example.com/")
    );
    assert_eq!(h.attr(".brand img", "alt").await.as_deref(), Some(""));
    let button = h
        .script(
            "return getComputedStyle(document.querySelector('button.primary')).backgroundColor;",
        )
        .await;
    assert_eq!(button, "rgb(170, 51, 0)");
    h.stop().await;
}

#[tokio::test]
async fn the_site_has_an_icon_and_no_page_stands_in_for_a_missing_file() {
    let h = Harness::start().await;
    h.open("/login").await;
    h.wait_text("h1", "Sign in").await;
    let answers = h
        .client
        .execute_async(
            "const done = arguments[0];
             const href = document.querySelector('link[rel=icon]').href;
             Promise.all([fetch(href), fetch('/favicon.ico')])
               .then(([icon, ico]) => done([icon.status, icon.headers.get('content-type'), ico.status]));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(answers[0], 200);
    assert_eq!(answers[1], "image/svg+xml");
    assert_eq!(answers[2], 404, "no HTML served as /favicon.ico");
    h.stop().await;
}

#[tokio::test]
async fn before_the_app_has_loaded_the_page_shows_its_frame() {
    let index = std::fs::read_to_string(env_path("COMMERCE_DIST").join("index.html")).unwrap();
    assert!(index.contains("site-header"), "{index}");
    assert!(index.contains("Loading…"), "{index}");
}

impl Harness {
    /// Whether anything makes the page wider than the window.
    pub(crate) async fn scrolls_sideways(&self) -> bool {
        self.script("return document.documentElement.scrollWidth > window.innerWidth;")
            .await
            == serde_json::json!(true)
    }
}

#[tokio::test]
async fn on_a_360_pixel_phone_everything_fits() {
    let h = Harness::start().await;
    h.client.set_window_size(360, 800).await.unwrap();
    h.open("/register").await;
    h.wait_text("#country", "United States").await;
    assert_eq!(h.script("return window.innerWidth;").await, 360);
    assert!(!h.scrolls_sideways().await, "/register scrolls sideways");
    let share = h
        .script(
            "const row = document.querySelector('.password-input').getBoundingClientRect().width;
             const input = document.querySelector('#password').getBoundingClientRect().width;
             return input / row;",
        )
        .await
        .as_f64()
        .unwrap();
    assert!(
        share >= 2.0 / 3.0,
        "the password keeps {share:.2} of its row"
    );

    // A long unbroken name and street wrap inside their cards.
    let long = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft";
    h.open("/login").await;
    let mut body = seed_request();
    body["customer"]["lastname"] = serde_json::json!(long);
    body["customer"]["addresses"][0]["lastname"] = serde_json::json!(long);
    body["customer"]["addresses"][0]["street"] = serde_json::json!([format!("{long}strasse 1")]);
    let (status, answer) = h.rest("POST", "customers", Some(body), None).await;
    assert_eq!(status, 200, "{answer}");
    h.sign_in(JANE.email, JANE.password).await;
    h.wait_for_path("/account").await;
    h.wait_text(".address-card", long).await;
    h.screenshot("account-360").await;
    for path in [
        "/account",
        "/account/addresses",
        "/account/edit",
        "/account/password",
    ] {
        h.open(path).await;
        h.wait_text("h1", "").await;
        h.wait_count(".loading", 0).await;
        assert!(!h.scrolls_sideways().await, "{path} scrolls sideways");
    }
    h.stop().await;
}

#[tokio::test]
async fn a_country_list_that_failed_to_load_can_be_loaded_again() {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    // The store is another origin that is not up yet.
    let port = free_port();
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "http://127.0.0.1:{port}"}}"#),
    )
    .unwrap();
    h.open("/register").await;
    h.wait_text(".notice.error", "could not be loaded").await;
    assert_eq!(
        h.script("return document.querySelector('#country option').text;")
            .await,
        "Countries could not be loaded"
    );
    let listen = format!("127.0.0.1:{port}");
    let _store = EmulatorProcess::start(&["--listen", &listen, "--cors-origin", &h.base]);
    h.click_labelled("Load the countries again").await;
    h.wait_text("#country", "United States").await;
    assert_eq!(h.count(".notice.error").await, 0);
    assert_eq!(h.value("#country").await, "US");
    h.stop().await;
}
