//! A store that guards its forms with reCAPTCHA, each of its three widgets, through the
//! emulator's stand-in for Google: every guarded call carries a fresh token and no other call
//! does, a refused token keeps the form and says so, an unticked checkbox is said at it, and a
//! stock store loads nothing of it.

use crate::harness::*;
use crate::site::site_with_config;
use fantoccini::Locator;
use serde_json::json;

const SITE_KEY: &str = "site-key";
const FORMS: [&str; 4] = [
    "customer_login",
    "customer_create",
    "customer_forgot_password",
    "customer_edit",
];

/// A widget type, as Magento's `type_for` names it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Widget {
    Checkbox,
    Invisible,
    Score,
}

impl Widget {
    fn value(self) -> &'static str {
        match self {
            Widget::Checkbox => "recaptcha",
            Widget::Invisible => "invisible",
            Widget::Score => "recaptcha_v3",
        }
    }
}

/// The site's `config.json` for a store guarding `forms` with `widget`, its widget from
/// `script`.
fn guarded_config(widget: Widget, forms: &[&str], script: &str) -> String {
    let kind = widget.value();
    let mut settings = serde_json::Map::new();
    for form in forms {
        settings.insert(format!("recaptcha_frontend/type_for/{form}"), json!(kind));
    }
    settings.insert(
        format!("recaptcha_frontend/type_{kind}/public_key"),
        json!(SITE_KEY),
    );
    json!({"recaptcha_script_url": script, "customer_config": settings}).to_string()
}

/// The emulator's flags for the same store, its secret key set.
fn guarding_flags(widget: Widget, forms: &[&str]) -> Vec<String> {
    let kind = widget.value();
    let mut flags: Vec<String> = forms
        .iter()
        .map(|form| format!("recaptcha_frontend/type_for/{form}={kind}"))
        .collect();
    flags.push(format!(
        "recaptcha_frontend/type_{kind}/public_key={SITE_KEY}"
    ));
    flags.push(format!("recaptcha_frontend/type_{kind}/private_key=secret"));
    flags.push("customer/password/password_reset_protection_type=0".to_owned());
    flags
        .into_iter()
        .flat_map(|f| ["--config".to_owned(), f])
        .collect()
}

/// The stand-in's script, as the emulator serving the site serves it.
const STAND_IN: &str = "/_emulator/recaptcha/api.js";

async fn guarded_store(widget: Widget) -> Harness {
    guarding(widget, &FORMS).await
}

/// A store that guards only `forms`.
async fn guarding(widget: Widget, forms: &[&str]) -> Harness {
    let flags = guarding_flags(widget, forms);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let site = site_with_config(&guarded_config(widget, forms, STAND_IN));
    Harness::start_serving(&site, &flags).await
}

impl Harness {
    /// Ticks "I'm not a robot" and waits for the stand-in's token.
    async fn tick_not_a_robot(&self) {
        self.tick_not_a_robot_in("").await;
    }

    /// The same within the element `scope` matches (the sign-in dialog).
    async fn tick_not_a_robot_in(&self, scope: &str) {
        self.click(&format!(
            "{scope} .human-check .emulator-recaptcha input[type=checkbox]"
        ))
        .await;
        let started = std::time::Instant::now();
        loop {
            let given = self
                .script(
                    "return [0,1,2,3,4,5,6,7].some(i => { try { return grecaptcha.getResponse(i) !== ''; } catch (e) { return false; } });",
                )
                .await;
            if given == json!(true) {
                return;
            }
            assert!(started.elapsed() < WAIT, "no token after the tick");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// What the widget of the form asks: a tick for the checkbox, nothing for the others,
    /// once its widget is on the page.
    async fn prove(&self, widget: Widget) {
        self.prove_in("", widget).await;
    }

    async fn prove_in(&self, scope: &str, widget: Widget) {
        match widget {
            Widget::Checkbox => self.tick_not_a_robot_in(scope).await,
            _ => {
                self.client
                    .wait()
                    .at_most(WAIT)
                    .for_element(Locator::Css(&format!(
                        "{scope} .human-check .grecaptcha-badge"
                    )))
                    .await
                    .unwrap();
            }
        }
    }

    /// Every guarded call so far was answered `status` and carried a token, and no other
    /// call carried one.
    fn assert_tokens_only_on_guarded_calls(&self, guarded: &[&str]) {
        for request in self.requests() {
            let is_guarded = guarded.iter().any(|route| request.is(route));
            assert_eq!(
                request.recaptcha, is_guarded,
                "{request}: a token only on a guarded call"
            );
        }
    }
}

const LONDON: Shopper = Shopper {
    country: "GB",
    region: Region::Typed("Greater London"),
    street: "10 Downing St.",
    city: "London",
    postcode: "SW1A 2AA",
    telephone: "+44 20 7946 0000",
    ..JANE
};

const GUARDED: [&str; 5] = [
    "POST /rest/default/V1/customers",
    "POST /rest/default/V1/integration/customer/token",
    "PUT /rest/default/V1/customers/password",
    "POST /rest/default/V1/customers/resetPassword",
    "PUT /rest/default/V1/customers/me/password",
];

/// Jane's whole journey on a guarded store: she registers, changes her password, signs in
/// again in the dialog when her session ends under a save, forgets her password, sets a new
/// one from the e-mailed link and signs in with it. Each guarded call succeeds with a fresh
/// token.
async fn journey(widget: Widget) {
    let h = guarded_store(widget).await;
    h.fill_registration(&JANE).await;
    h.prove(widget).await;
    h.click("button[type=submit]").await;
    if widget == Widget::Checkbox {
        // The sign-in after the create asks for her own tick: she gives it on the sign-in page.
        h.wait_for_path("/login").await;
        h.wait_text(".notice", "Your account was created. Sign in")
            .await;
        assert_eq!(h.value("#email").await, JANE.email);
        h.fill("#password", JANE.password).await;
        h.tick_not_a_robot().await;
        h.click("button[type=submit]").await;
    }
    h.wait_for_path("/account").await;
    h.wait_text(".profile", "Jane Doe").await;

    h.open("/account/password").await;
    h.fill("#current-password", JANE.password).await;
    h.fill("#password", "Password2").await;
    h.prove(widget).await;
    h.click("button[type=submit]").await;
    h.wait_text("[role=status]", "You saved your new password")
        .await;

    h.open("/account/addresses/new").await;
    h.fill_address(&LONDON).await;
    let token = h.session_token().await.unwrap();
    let route = "integration/customer/revoke-customer-token";
    assert_eq!(h.rest("POST", route, None, Some(&token)).await.0, 200);
    h.click("form button[type=submit]").await;
    h.wait_text("#reauth-title", "Sign in again").await;
    h.fill("#reauth-password", "Password2").await;
    h.prove_in("dialog", widget).await;
    if widget != Widget::Checkbox {
        // Over the page, a floating badge cannot be seen: Google's sentence stands instead.
        let terms = h
            .wait_text("dialog .recaptcha-terms", "protected by reCAPTCHA")
            .await;
        assert!(terms.contains("Privacy Policy"), "{terms}");
    }
    h.click("dialog button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_count(".address-card", 2).await;

    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.open("/forgot-password").await;
    h.fill("#email", JANE.email).await;
    h.prove(widget).await;
    h.click("button[type=submit]").await;
    h.wait_text("[role=status]", "is on its way").await;

    h.open(&h.reset_link()).await;
    h.wait_text("form", "New password").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", "Password3").await;
    h.prove(widget).await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    h.wait_text(".notice", "Your new password is set").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", "Password3").await;
    h.prove(widget).await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;

    for route in GUARDED {
        let answered = h
            .requests()
            .iter()
            .filter(|r| r.answered(route, 200))
            .count();
        assert!(answered >= 1, "{route} answered 200 {answered} times");
    }
    h.assert_tokens_only_on_guarded_calls(&GUARDED);
    // The store's refusals (the ended session's 401) are the browser's to log; nothing else.
    let errors: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.contains("Failed to load resource"))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn the_checkbox_guards_every_form_and_each_call_carries_her_fresh_tick() {
    journey(Widget::Checkbox).await;
}

#[tokio::test]
async fn the_invisible_widget_guards_every_form_without_her_noticing() {
    journey(Widget::Invisible).await;
}

#[tokio::test]
async fn the_v3_widget_guards_every_form_without_her_noticing() {
    journey(Widget::Score).await;
}

#[tokio::test]
async fn an_unticked_checkbox_is_said_at_it_before_anything_is_sent() {
    let h = guarded_store(Widget::Checkbox).await;
    h.open("/login").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", JANE.password).await;
    h.wait_count(".human-check .emulator-recaptcha input", 1)
        .await;
    h.assert_accessible("sign-in with the reCAPTCHA checkbox")
        .await;
    h.click("button[type=submit]").await;
    h.wait_text(
        "#recaptcha-error",
        "Tick “I'm not a robot” before you send the form.",
    )
    .await;
    assert_eq!(
        h.handled("POST /rest/default/V1/integration/customer/token"),
        0
    );
    assert_eq!(h.value("#password").await, JANE.password, "nothing lost");
    let summary = h
        .script("return document.getElementById('form-errors').innerText;")
        .await;
    assert_eq!(summary, json!(""), "said once, at the checkbox");
    h.assert_accessible("an unticked checkbox").await;
    h.stop().await;
}

#[tokio::test]
async fn a_refused_token_keeps_the_form_resets_the_widget_and_says_to_try_again() {
    let h = guarded_store(Widget::Checkbox).await;
    h.fault(json!({"route": "POST customers", "fault": "recaptcha_refused"}));
    h.fill_registration(&JANE).await;
    h.tick_not_a_robot().await;
    h.click("button[type=submit]").await;
    h.wait_text(
        "#recaptcha-error",
        "The check that you are not a robot did not pass. Please try again.",
    )
    .await;
    assert_eq!(h.value("#firstname").await, "Jane");
    assert_eq!(h.value("#password").await, JANE.password);
    let ticked = h
        .script("return document.querySelector('.emulator-recaptcha input').checked;")
        .await;
    assert_eq!(ticked, json!(false), "a spent token is given back");
    h.assert_accessible("a refused reCAPTCHA").await;
    h.tick_not_a_robot().await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/login").await;
    assert_eq!(h.handled("POST /rest/default/V1/customers"), 2);
    h.stop().await;
}

#[tokio::test]
async fn a_low_v3_score_is_refused_and_said_in_her_words() {
    let h = guarding(Widget::Score, &["customer_login"]).await;
    h.open_with_jane_registered("/login").await;
    h.fault(json!({"route": "POST integration/customer/token", "fault": "recaptcha_low_score"}));
    h.fill("#email", JANE.email).await;
    h.fill("#password", JANE.password).await;
    h.prove(Widget::Score).await;
    h.click("button[type=submit]").await;
    h.wait_text("#recaptcha-error", "did not pass").await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    h.stop().await;
}

#[tokio::test]
async fn a_script_that_cannot_load_is_said_plainly_and_the_form_stays() {
    let closed = free_port();
    let script = format!("http://127.0.0.1:{closed}/recaptcha/api.js");
    let site = site_with_config(&guarded_config(Widget::Invisible, &FORMS, &script));
    let flags = guarding_flags(Widget::Invisible, &FORMS);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let h = Harness::start_serving(&site, &flags).await;
    h.open("/forgot-password").await;
    h.fill("#email", JANE.email).await;
    h.click("button[type=submit]").await;
    h.wait_text("#recaptcha-error", "could not load").await;
    assert_eq!(h.value("#email").await, JANE.email);
    assert_eq!(h.handled("PUT /rest/default/V1/customers/password"), 0);
    h.stop().await;
}

#[tokio::test]
async fn a_stock_store_loads_nothing_of_recaptcha_and_sends_no_token() {
    let h = Harness::start().await;
    h.register(&JANE).await;
    for page in [
        "/account/password",
        "/register",
        "/login",
        "/forgot-password",
    ] {
        h.open(page).await;
        h.wait_text("h1", "").await;
        let loaded = h
            .script("return [typeof grecaptcha, document.querySelectorAll('script[src*=recaptcha], .human-check').length];")
            .await;
        assert_eq!(loaded, json!(["undefined", 0]), "{page}");
    }
    h.assert_tokens_only_on_guarded_calls(&[]);
    h.stop().await;
}

#[tokio::test]
async fn the_nginx_recipes_policy_admits_the_provider_when_a_form_is_guarded() {
    let forms = ["customer_login"];
    let flags = guarding_flags(Widget::Checkbox, &forms);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let site = site_with_config("{}");
    let configured = site.clone();
    // The stand-in on the store's own port, as a provider on another origin is: the operator
    // puts its origin where common.conf says, for the script and what it fetches.
    let h = Harness::behind_nginx_with("customer-account.conf", &site, "", &flags, |store| {
        let script = format!("{store}/_emulator/recaptcha/api.js");
        let config = guarded_config(Widget::Checkbox, &forms, &script);
        std::fs::write(configured.join("config.json"), config).unwrap();
        ["script", "connect"]
            .map(|directive| {
                let map = format!("map $host $recaptcha_{directive}_src {{ default ");
                (format!("{map}\"\"; }}"), format!("{map}\" {store}\"; }}"))
            })
            .to_vec()
    })
    .await;
    h.open_with_jane_registered("/login").await;
    h.fill("#email", JANE.email).await;
    h.fill("#password", JANE.password).await;
    h.tick_not_a_robot().await;
    h.click("button[type=submit]").await;
    h.wait_for_path("/account").await;
    assert_eq!(h.policy_violations().await, Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn the_status_page_lists_the_guarded_forms_and_the_release_the_store_answers_as() {
    let flags = guarding_flags(Widget::Invisible, &["customer_create"]);
    let mut flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    flags.extend(["--magento-release", "2.4.8"]);
    let site = site_with_config(&guarded_config(
        Widget::Invisible,
        &["customer_create"],
        STAND_IN,
    ));
    let h = Harness::start_serving(&site, &flags).await;
    h.open("/status").await;
    h.wait_text(".release", "answering as Magento 2.4.8").await;
    let settings = h.wait_text(".settings", "recaptcha_frontend").await;
    for row in [
        "recaptcha_frontend/type_for/customer_create \"invisible\" config.json",
        "recaptcha_frontend/type_for/customer_login \"\" Magento's default",
        "customer/password/minimum_password_length \"8\" Magento's default",
        "general/locale/code \"en_US\" Magento's default",
    ] {
        assert!(settings.contains(row), "{row:?} not in {settings}");
    }
    h.assert_accessible("the status page of a guarded store")
        .await;
    h.stop().await;
}
