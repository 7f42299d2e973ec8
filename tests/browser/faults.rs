//! The fault matrix: every flow meets every common fault, scripted on the emulator's
//! `/_emulator/faults`. For each, the shopper reads what happened and what to do, the form
//! keeps what she typed, nothing is sent twice behind her back, and once the fault has
//! passed the same button works. Where the store did the work but its answer was lost, the
//! app finds out instead of doing it again: the account or the address is there.

use crate::harness::*;
use crate::site::site_with_config;
use serde_json::{Value, json};

/// A fault, and what the shopper reads while it lasts.
struct Fault {
    name: &'static str,
    says: &'static str,
    /// The store did the work before the answer went wrong.
    work_done: bool,
}

const FAULTS: [Fault; 10] = [
    Fault {
        name: "reset_before",
        says: "could not be reached",
        work_done: false,
    },
    Fault {
        name: "reset_after",
        says: "could not be reached",
        work_done: true,
    },
    Fault {
        name: "bad_gateway",
        says: "not answering right now (HTTP 502)",
        work_done: false,
    },
    Fault {
        name: "unavailable",
        says: "busy right now. Please try again in 7 seconds",
        work_done: false,
    },
    Fault {
        name: "gateway_timeout",
        says: "not answering right now (HTTP 504)",
        work_done: true,
    },
    Fault {
        name: "internal_error",
        says: "contact the store and give them the report ID",
        work_done: false,
    },
    Fault {
        name: "html_ok",
        says: "cannot read (HTTP 200)",
        work_done: false,
    },
    Fault {
        name: "truncated_json",
        says: "cannot read (HTTP 200)",
        work_done: true,
    },
    Fault {
        name: "too_large",
        says: "Shorten what you typed",
        work_done: false,
    },
    Fault {
        name: "hold",
        says: "took too long to answer",
        work_done: true,
    },
];

/// The app gives up after 2 s here, and the store holds its answer 3 s.
async fn start() -> Harness {
    Harness::start_serving(&site_with_config(r#"{"request_timeout_seconds": 2}"#), &[]).await
}

impl Harness {
    fn arm(&self, route: &str, fault: &Fault) {
        self.fault(json!({"route": route, "fault": fault.name, "retry_after": 7, "hold_ms": 3000}));
    }

    /// The message of a failed submit: above the form, or at one of its fields.
    async fn wait_message(&self, says: &str) -> String {
        let started = std::time::Instant::now();
        loop {
            let text = self.page_text().await;
            if text.contains(says) {
                return text;
            }
            assert!(started.elapsed() < WAIT, "no {says:?} on the page:\n{text}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

const CREATE: &str = "POST /rest/default/V1/customers ";

#[tokio::test]
async fn creating_an_account_through_every_fault() {
    let h = start().await;
    for (i, fault) in FAULTS.iter().enumerate() {
        let email = format!("fault{i}@example.com");
        h.fill_registration(&Shopper {
            email: &email,
            ..JANE
        })
        .await;
        let tries = h.handled(CREATE);
        h.arm("POST customers", fault);
        h.click("form button[type=submit]").await;
        if fault.work_done {
            // The account exists: a sign-in finds it, and she is in it, told so.
            h.wait_for_path("/account").await;
            h.wait_text(".notice", "Your account was created.").await;
            h.wait_text(".profile", &email).await;
            h.click(".sign-out").await;
            h.wait_for_path("/login").await;
        } else {
            let page = h.wait_message(fault.says).await;
            // Where the answer could have been lost, a sign-in found no account.
            let unsure = ["reset_before", "bad_gateway", "html_ok"].contains(&fault.name);
            assert_eq!(
                page.contains("Your account was not created"),
                unsure,
                "{}: {page}",
                fault.name
            );
            assert_eq!(h.value("#email").await, email, "{}", fault.name);
            assert_eq!(h.value("#street").await, JANE.street, "{}", fault.name);
            assert_eq!(
                h.handled(CREATE),
                tries,
                "{}: the store did nothing",
                fault.name
            );
            h.click("form button[type=submit]").await;
            h.wait_for_path("/account").await;
            h.click(".sign-out").await;
            h.wait_for_path("/login").await;
        }
        let created = h
            .requests()
            .iter()
            .filter(|r| r.answered(CREATE, 200))
            .count();
        assert_eq!(
            created,
            i + 1,
            "{}: one account a shopper, never two",
            fault.name
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn signing_in_through_every_fault() {
    let h = start().await;
    h.open_with_jane_registered("/login").await;
    for fault in &FAULTS {
        h.open("/login").await;
        h.arm("POST integration/customer/token", fault);
        h.sign_in(JANE.email, JANE.password).await;
        h.wait_message(fault.says).await;
        assert_eq!(h.path().await, "/login", "{}", fault.name);
        assert_eq!(h.value("#email").await, JANE.email, "{}", fault.name);
        assert_eq!(h.value("#password").await, JANE.password, "{}", fault.name);
        h.click("form button[type=submit]").await;
        h.wait_for_path("/account").await;
        h.click(".sign-out").await;
        h.wait_for_path("/login").await;
    }
    h.stop().await;
}

#[tokio::test]
async fn loading_the_account_through_every_fault() {
    let h = start().await;
    h.jane_signed_in().await;
    for fault in &FAULTS {
        h.arm("GET customers/me", fault);
        // A reload drops the customer the page had and asks the store for her again.
        h.client.refresh().await.unwrap();
        h.wait_message(fault.says).await;
        h.click_labelled("Try again").await;
        h.wait_text(".profile", "Jane Doe").await;
    }
    h.stop().await;
}

const SAVE: &str = "PUT /rest/default/V1/customers/me ";

#[tokio::test]
async fn adding_an_address_through_every_fault() {
    let h = start().await;
    h.jane_signed_in().await;
    for (i, fault) in FAULTS.iter().enumerate() {
        let street = format!("{} Fault Lane", i + 1);
        h.open("/account/addresses/new").await;
        h.fill_address(&Shopper {
            street: &street,
            ..JANE
        })
        .await;
        let saves = h.handled(SAVE);
        h.arm("PUT customers/me", fault);
        h.click("form button[type=submit]").await;
        if fault.work_done {
            // The answer was lost; her book, read again, has the address: saved, not twice.
            h.wait_for_path("/account/addresses").await;
            h.wait_text(".notice", "You saved the address.").await;
        } else {
            h.wait_message(fault.says).await;
            assert_eq!(h.value("#street").await, street, "{}", fault.name);
            assert_eq!(h.handled(SAVE), saves, "{}: nothing saved", fault.name);
            h.click("form button[type=submit]").await;
            h.wait_for_path("/account/addresses").await;
        }
        h.wait_count(".address-card", i + 2).await;
    }
    h.stop().await;
}

#[tokio::test]
async fn a_lost_save_that_only_made_an_address_the_default_is_not_called_saved() {
    let h = start().await;
    h.jane_signed_in().await;
    h.open("/account/addresses/new").await;
    let second = Shopper {
        street: "2 Second St.",
        ..JANE
    };
    h.fill_address(&second).await;
    h.click("form button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_count(".address-card", 2).await;
    h.click_in("address-card", second.street, "Edit").await;
    h.wait_text("h1", "Edit").await;
    h.click("#default-shipping").await;
    // The save never reaches the store; to the app the answer is lost all the same.
    h.arm("PUT customers/me", &FAULTS[0]);
    h.click("form button[type=submit]").await;
    let text = h.wait_message(FAULTS[0].says).await;
    assert!(!text.contains("You saved the address"), "{text}");
    assert!(h.path().await.starts_with("/account/addresses/"));
    h.click("form button[type=submit]").await;
    h.wait_for_path("/account/addresses").await;
    h.wait_text(".notice", "You saved the address.").await;
    h.stop().await;
}

#[tokio::test]
async fn saving_account_information_through_every_fault() {
    let h = start().await;
    h.jane_signed_in().await;
    for (i, fault) in FAULTS.iter().enumerate() {
        let name = format!("Jane{}", "e".repeat(i + 1));
        h.open("/account/edit").await;
        h.fill("#firstname", &name).await;
        h.arm("PUT customers/me", fault);
        h.click("form button[type=submit]").await;
        if !fault.work_done {
            h.wait_message(fault.says).await;
            assert_eq!(h.value("#firstname").await, name, "{}", fault.name);
            h.click("form button[type=submit]").await;
        }
        h.wait_for_path("/account").await;
        h.wait_text(".profile", &format!("{name} Doe")).await;
    }
    h.stop().await;
}

#[tokio::test]
async fn changing_the_password_through_every_fault() {
    let h = start().await;
    h.jane_signed_in().await;
    let mut current = JANE.password.to_owned();
    for (i, fault) in FAULTS.iter().enumerate() {
        let new = format!("Fault-pass{i}");
        h.open("/account/password").await;
        h.fill("#current-password", &current).await;
        h.fill("#password", &new).await;
        h.arm("PUT customers/me/password", fault);
        h.click("form button[type=submit]").await;
        if !fault.work_done {
            h.wait_message(fault.says).await;
            assert_eq!(h.value("#password").await, new, "{}", fault.name);
            h.fill("#current-password", &current).await;
            h.click("form button[type=submit]").await;
        }
        // Where the answer was lost, the new password signing in proves it was set.
        h.wait_text("[role=status]", "You saved your new password")
            .await;
        current = new;
    }
    h.click(".sign-out").await;
    h.wait_for_path("/login").await;
    h.sign_in(JANE.email, &current).await;
    h.wait_for_path("/account").await;
    h.stop().await;
}

#[tokio::test]
async fn asking_for_a_new_password_through_every_fault() {
    let site = site_with_config(r#"{"request_timeout_seconds": 2}"#);
    let h = Harness::start_serving(&site, &RESETS_UNTHROTTLED).await;
    h.open_with_jane_registered("/forgot-password").await;
    for fault in &FAULTS {
        h.open("/forgot-password").await;
        h.fill("#email", JANE.email).await;
        h.arm("PUT customers/password", fault);
        h.click("form button[type=submit]").await;
        h.wait_message(fault.says).await;
        assert_eq!(h.value("#email").await, JANE.email, "{}", fault.name);
        h.click("form button[type=submit]").await;
        h.wait_text("[role=status]", "is on its way").await;
    }
    h.stop().await;
}

#[tokio::test]
async fn a_create_whose_answer_loses_its_cors_headers_is_found_and_not_repeated() {
    let site = site_with_config("{}");
    let h = Harness::start_serving(&site, &[]).await;
    let store = EmulatorProcess::start(&["--cors-origin", &h.base]);
    std::fs::write(
        site.join("config.json"),
        format!(r#"{{"store_url": "{}"}}"#, store.base),
    )
    .unwrap();
    let script: Value = json!({"route": "POST customers", "fault": "strip_cors"});
    let answer = http(
        &store.base,
        "POST",
        "/_emulator/faults",
        &[],
        Some(&script.to_string()),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    h.register(&JANE).await;
    h.wait_text(".notice", "Your account was created.").await;
    let created = store
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.is(CREATE))
        .count();
    assert_eq!(created, 1);
    h.stop().await;
}
