//! `--demo`: the emulator as a demo store to put in front of a room. Ready-made accounts a
//! demo can sign in with at once, a mailbox in the browser (see `mailbox.rs`), a limit on
//! sign-ups and sign-ins per client address, and a wipe back to the ready-made accounts on a
//! schedule.

use crate::auth::now;
use crate::config::Settings;
use crate::directory::normalise_region;
use crate::mailbox;
use crate::{Emulator, STORE_ID, WEBSITE_ID};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use commerce_rest::{Address, AddressRegion, Customer, CustomerExtension};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// A shopper the demo store has from the start.
pub struct ReadyMade {
    pub email: &'static str,
    pub password: &'static str,
    pub firstname: &'static str,
    pub lastname: &'static str,
    pub street: &'static str,
    pub city: &'static str,
    pub postcode: &'static str,
    pub country_id: &'static str,
    /// The directory's id of the region, for a country that lists regions.
    pub region_id: Option<u32>,
    pub region: &'static str,
    pub telephone: &'static str,
}

/// Jane Doe of `shared/seed-scenario.md`, and two shoppers abroad.
pub const READY_MADE: [ReadyMade; 3] = [
    ReadyMade {
        email: "jdoe@example.com",
        password: "Password1",
        firstname: "Jane",
        lastname: "Doe",
        street: "160 1st St.",
        city: "Mineola",
        postcode: "11501",
        country_id: "US",
        region_id: Some(43),
        region: "New York",
        telephone: "516-555-1111",
    },
    ReadyMade {
        email: "lukas.becker@example.com",
        password: "Password1",
        firstname: "Lukas",
        lastname: "Becker",
        street: "Unter den Linden 1",
        city: "Berlin",
        postcode: "10117",
        country_id: "DE",
        region_id: Some(82),
        region: "Berlin",
        telephone: "+49 30 1234567",
    },
    ReadyMade {
        email: "amelia.clarke@example.com",
        password: "Password1",
        firstname: "Amelia",
        lastname: "Clarke",
        street: "10 Downing St.",
        city: "London",
        postcode: "SW1A 2AA",
        country_id: "GB",
        region_id: None,
        region: "Greater London",
        telephone: "+44 20 7946 0000",
    },
];

impl ReadyMade {
    fn customer(&self) -> Customer {
        let mut address = Address {
            firstname: Some(self.firstname.into()),
            lastname: Some(self.lastname.into()),
            street: vec![self.street.into()],
            city: Some(self.city.into()),
            postcode: Some(self.postcode.into()),
            telephone: Some(self.telephone.into()),
            country_id: Some(self.country_id.into()),
            region_id: self.region_id,
            region: Some(AddressRegion {
                region: Some(self.region.into()),
                region_id: self.region_id,
                region_code: None,
            }),
            default_billing: Some(true),
            default_shipping: Some(true),
            ..Address::default()
        };
        normalise_region(&mut address);
        Customer {
            email: self.email.into(),
            firstname: self.firstname.into(),
            lastname: self.lastname.into(),
            website_id: Some(WEBSITE_ID),
            store_id: Some(STORE_ID),
            group_id: Some(1),
            created_in: Some("Default Store View".into()),
            disable_auto_group_change: Some(0),
            extension_attributes: Some(CustomerExtension {
                is_subscribed: Some(false),
                ..CustomerExtension::default()
            }),
            addresses: Some(vec![address]),
            ..Customer::default()
        }
    }
}

/// The ready-made accounts as the app's demo notice names them: `email / password`, by commas.
pub fn ready_made_accounts() -> String {
    READY_MADE
        .iter()
        .map(|shopper| format!("{} / {}", shopper.email, shopper.password))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Creates the ready-made shoppers that are not there.
pub async fn ensure_ready_made(app: &Emulator) -> Result<(), String> {
    for shopper in &READY_MADE {
        let existing = app
            .store
            .customer_id_by_email(WEBSITE_ID, shopper.email)
            .map_err(|e| e.to_string())?;
        if existing.is_some() {
            continue;
        }
        let hash = app
            .passwords
            .hash(shopper.password.to_owned())
            .await
            .map_err(|e| e.body.message)?;
        app.store
            .create_customer(&shopper.customer(), Some(&hash), None)
            .map_err(|e| format!("{e:?}"))?;
    }
    Ok(())
}

/// Wipes the store back to the ready-made shoppers every `every`, for as long as it runs.
pub async fn reset_on_schedule(app: std::sync::Arc<Emulator>, every: Duration) {
    loop {
        app.demo
            .next_reset
            .store(now() + every.as_secs() as i64, Ordering::Relaxed);
        tokio::time::sleep(every).await;
        if let Err(e) = reset(&app).await {
            tracing::error!("demo reset failed: {e}");
        }
    }
}

/// Everything back to how a demo starts.
pub async fn reset(app: &Emulator) -> Result<(), String> {
    app.store.wipe().map_err(|e| e.to_string())?;
    let _ = app.outbox.clear();
    ensure_ready_made(app).await
}

/// The demo's state: when the next wipe comes, and who signed up or tried to sign in lately.
pub struct Demo {
    /// Unix time of the next scheduled wipe; 0 when none is scheduled.
    pub next_reset: AtomicI64,
    limit: u32,
    window: Duration,
    recent: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Demo {
    pub fn new(limit: u32, window: Duration) -> Demo {
        Demo {
            next_reset: AtomicI64::new(0),
            limit,
            window,
            recent: Mutex::default(),
        }
    }

    /// Counts one sign-up or sign-in attempt of `client`; `Err(seconds)` when it is one too
    /// many for the window, with when to try again.
    pub fn admit(&self, client: IpAddr) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < self.window);
            !times.is_empty()
        });
        let times = recent.entry(client).or_default();
        if times.len() >= self.limit as usize {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
    }
}

/// On every REST answer of a demo store: where its mailbox is. The app shows its notice when
/// it sees this; a real store never sends it.
pub const DEMO_HEADER: &str = "x-demo-mailbox";
/// The demo store's ready-made accounts, `email / password` each, separated by commas.
pub const DEMO_ACCOUNTS_HEADER: &str = "x-demo-accounts";

pub(crate) fn mailbox_url(settings: &Settings) -> String {
    let host = match settings.serve_dir {
        Some(_) => settings.base_url(),
        None => format!("http://{}", settings.listen),
    };
    format!("{host}{}", mailbox::PATH)
}

/// What a demo store says of itself on every answer, the site's files included (so that the
/// app knows from its `config.json`, before it calls the store): where its mailbox is, and its
/// ready-made accounts. A real store never sends these.
pub fn demo_headers(settings: &Settings) -> [(&'static str, String); 2] {
    [
        (DEMO_HEADER, mailbox_url(settings)),
        (DEMO_ACCOUNTS_HEADER, ready_made_accounts()),
    ]
}

pub(crate) async fn add_demo_headers(
    State(app): State<Arc<Emulator>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut answer = next.run(request).await;
    for (name, value) in demo_headers(&app.settings) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            answer.headers_mut().insert(name, value);
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_past_its_limit_waits_for_the_window() {
        let demo = Demo::new(2, Duration::from_secs(60));
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let two: IpAddr = "192.0.2.2".parse().unwrap();
        assert_eq!(demo.admit(one), Ok(()));
        assert_eq!(demo.admit(one), Ok(()));
        assert!(matches!(demo.admit(one), Err(seconds) if (59..=60).contains(&seconds)));
        assert_eq!(demo.admit(two), Ok(()), "each address has its own count");
        assert_eq!(Demo::new(0, Duration::from_secs(60)).admit(one), Ok(()));
    }
}
