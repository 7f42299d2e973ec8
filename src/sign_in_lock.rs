//! What this tab has seen of failed sign-ins, so that the page can tell when the store has
//! probably locked sign-in for an address instead of inviting a retry that must fail.
//! Magento's token throttle (`oauth/authentication_lock/*`) locks a username at its sixth
//! failure for 30 minutes, refuses even the right password meanwhile, and a new password set
//! through a reset link does not lift the lock.

use commerce_rest::text::fold_case;

/// `oauth/authentication_lock/max_failures_count` of a stock store.
const MAX_FAILURES: u32 = 6;
/// `oauth/authentication_lock/timeout` of a stock store, in seconds.
const LOCK_SECONDS: u64 = 1800;

/// The failures of one username (as typed, compared without case).
#[derive(Clone, Debug, PartialEq)]
struct Failures {
    username: String,
    count: u32,
    /// When the failure that reached the limit came, which is when the lock began.
    locked_at: Option<u64>,
    /// When she last set a new password through a reset link.
    reset_at: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FailedSignIns(Vec<Failures>);

impl FailedSignIns {
    /// Read back from [`FailedSignIns::write`]'s text; anything unreadable is forgotten.
    pub fn read(text: &str) -> FailedSignIns {
        let time = |field: Option<&str>| field.and_then(|t| t.parse().ok()).filter(|&t| t > 0);
        FailedSignIns(
            text.lines()
                .filter_map(|line| {
                    let mut fields = line.splitn(4, ' ');
                    let count = fields.next()?.parse().ok()?;
                    let locked_at = time(fields.next());
                    let reset_at = time(fields.next());
                    let username = fields.next()?.to_owned();
                    Some(Failures {
                        username,
                        count,
                        locked_at,
                        reset_at,
                    })
                })
                .collect(),
        )
    }

    pub fn write(&self) -> String {
        self.0
            .iter()
            .map(|f| {
                let (locked, reset) = (f.locked_at.unwrap_or(0), f.reset_at.unwrap_or(0));
                format!("{} {locked} {reset} {}\n", f.count, f.username)
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn entry(&mut self, username: &str) -> &mut Failures {
        let at = self
            .0
            .iter()
            .position(|f| fold_case(&f.username) == fold_case(username));
        let at = at.unwrap_or_else(|| {
            self.0.push(Failures {
                username: username.to_owned(),
                count: 0,
                locked_at: None,
                reset_at: None,
            });
            self.0.len() - 1
        });
        &mut self.0[at]
    }

    fn get(&self, username: &str) -> Option<&Failures> {
        let username = username.to_lowercase();
        self.0
            .iter()
            .find(|f| f.username.to_lowercase() == username)
    }

    /// The store refused a sign-in. A lock that has run out starts the count again.
    pub fn failed(&mut self, username: &str, now: u64) {
        let failures = self.entry(username);
        if failures
            .locked_at
            .is_some_and(|at| at + LOCK_SECONDS <= now)
        {
            failures.count = 0;
            failures.locked_at = None;
        }
        failures.count += 1;
        if failures.count >= MAX_FAILURES && failures.locked_at.is_none() {
            failures.locked_at = Some(now);
        }
    }

    /// She signed in: the store has forgotten her failures, and so does the tab.
    pub fn succeeded(&mut self, username: &str) {
        let username = fold_case(username);
        self.0.retain(|f| fold_case(&f.username) != username);
    }

    /// She set a new password through a reset link.
    pub fn password_reset(&mut self, username: &str, now: u64) {
        self.entry(username).reset_at = Some(now);
    }

    /// Until when sign-in with `username` is probably locked: from the failure that reached
    /// the limit; or, when she has just set a new password and is refused with it, at most
    /// a lock period from then (the failures may have come from another tab).
    pub fn locked_until(&self, username: &str, now: u64) -> Option<u64> {
        let failures = self.get(username)?;
        let until = match (failures.locked_at, failures.reset_at) {
            (Some(at), _) => at + LOCK_SECONDS,
            (None, Some(reset)) if failures.count > 0 => reset + LOCK_SECONDS,
            _ => return None,
        };
        (until > now).then_some(until)
    }
}

/// This tab's record, kept in its `sessionStorage` so that it outlives a reload and the way
/// through an e-mailed link in the same tab; gone with the tab, and as soon as she signs in.
const KEY: &str = "commerce-failed-sign-ins";

/// Changes this tab's record and gives it back.
pub fn remember(change: impl FnOnce(&mut FailedSignIns)) -> FailedSignIns {
    let storage = crate::session::tab_storage();
    let mut seen = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|text| FailedSignIns::read(&text))
        .unwrap_or_default();
    change(&mut seen);
    if let Some(storage) = storage {
        let _ = match seen.is_empty() {
            true => storage.remove_item(KEY),
            false => storage.set_item(KEY, &seen.write()),
        };
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    const JANE: &str = "jdoe@example.com";

    #[test]
    fn six_failures_lock_sign_in_for_half_an_hour_from_the_sixth() {
        let mut seen = FailedSignIns::default();
        for minute in 0..5 {
            seen.failed(JANE, minute * 60);
            assert_eq!(seen.locked_until(JANE, minute * 60), None);
        }
        seen.failed("JDoe@Example.com", 600);
        assert_eq!(seen.locked_until(JANE, 601), Some(600 + 1800));
        seen.failed(JANE, 900);
        assert_eq!(
            seen.locked_until(JANE, 901),
            Some(2400),
            "a refusal in the lock does not move it"
        );
        assert_eq!(seen.locked_until(JANE, 2400), None, "then it is over");
        assert_eq!(seen.locked_until("other@example.com", 601), None);
    }

    #[test]
    fn a_new_password_after_the_lock_does_not_lift_it() {
        let mut seen = FailedSignIns::default();
        for second in 0..6 {
            seen.failed(JANE, second);
        }
        seen.password_reset(JANE, 120);
        assert_eq!(seen.locked_until(JANE, 130), Some(5 + 1800));
    }

    #[test]
    fn refused_right_after_a_new_password_she_reads_of_the_lock() {
        let mut seen = FailedSignIns::default();
        seen.password_reset(JANE, 1000);
        assert_eq!(seen.locked_until(JANE, 1001), None, "nothing refused yet");
        seen.failed(JANE, 1010);
        assert_eq!(seen.locked_until(JANE, 1011), Some(1000 + 1800));
    }

    #[test]
    fn signing_in_forgets_her_failures_and_the_text_round_trips() {
        let mut seen = FailedSignIns::default();
        seen.failed(JANE, 10);
        seen.password_reset("lukas@example.com", 20);
        let read = FailedSignIns::read(&seen.write());
        assert_eq!(read, seen);
        assert_eq!(FailedSignIns::read("garbage\n7"), FailedSignIns::default());
        seen.succeeded("JDOE@example.com");
        seen.succeeded("lukas@example.com");
        assert!(seen.is_empty());
    }
}
