//! The emulator's database: customers and their address books, the token signing key,
//! revocations, reset tokens and sign-in failures, in one SQLite file. Every answered write
//! is committed with `synchronous = FULL`, so a killed process loses nothing it confirmed.

use crate::config::ResetProtection;
use commerce_rest::{Address, Customer};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::sync::{Mutex, MutexGuard};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS setting (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    website_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT,
    confirmation TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now')),
    default_billing INTEGER,
    default_shipping INTEGER,
    tokens_revoked_before INTEGER NOT NULL DEFAULT 0,
    rp_token TEXT,
    rp_token_created_at INTEGER,
    data TEXT NOT NULL
);
DROP INDEX IF EXISTS customer_email;
CREATE UNIQUE INDEX IF NOT EXISTS customer_email_folded ON customer (website_id, email COLLATE FOLDED);
CREATE TABLE IF NOT EXISTS customer_address (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sign_in_attempt (
    user_type INTEGER NOT NULL,
    username TEXT NOT NULL COLLATE NOCASE,
    failures INTEGER NOT NULL,
    locked_until INTEGER,
    last_attempt INTEGER NOT NULL,
    PRIMARY KEY (user_type, username)
);
DROP TABLE IF EXISTS login_failure;
CREATE TABLE IF NOT EXISTS password_reset_request_event (
    account_reference TEXT NOT NULL COLLATE FOLDED,
    ip TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS password_reset_request_event_created_at
    ON password_reset_request_event (created_at);
CREATE TABLE IF NOT EXISTS mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sent_at INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL
);
";

/// Columns added since the first release, for databases made before them.
const ADDED_COLUMNS: [(&str, &str, &str); 2] = [
    ("customer", "failures_num", "INTEGER NOT NULL DEFAULT 0"),
    ("customer", "lock_expires", "INTEGER"),
];

/// `oauth_token_request_log.user_name` is a VARCHAR(255): a longer name is kept cut, and
/// in one case, as the store's collation compares it (`Üser` and `üser` are one username).
pub(crate) fn kept_username(username: &str) -> String {
    username
        .chars()
        .take(255)
        .collect::<String>()
        .to_lowercase()
}

/// The database holds password hashes and the key that signs tokens: it is created readable
/// by its owner only (SQLite gives its `-wal` and `-shm` files the same mode).
fn keep_private(path: &str) {
    #[cfg(unix)]
    if path != ":memory:" && !std::path::Path::new(path).exists() {
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
    }
}

/// Magento's tables compare text without regard to case, in every alphabet (SQLite's own
/// `NOCASE` folds ASCII only): `Üser@example.com` and `üser@example.com` are one account.
fn folded(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// When failed sign-ins lock a username, and for how long (`RequestThrottler`'s
/// `login_max_failures` and lock period).
#[derive(Clone, Copy, Debug)]
pub struct Lockout {
    pub max_failures: u32,
    pub lock_seconds: i64,
}

/// How Magento_Security limits reset-link requests: which earlier requests count against a
/// new one, how many an hour, and how long after the last.
#[derive(Clone, Copy, Debug)]
pub struct ResetThrottle {
    pub counts: ResetProtection,
    pub max_an_hour: u32,
    pub min_seconds_between: i64,
}

/// Whether a reset-link request may go on, and if not, which of the store's checks refused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetRequest {
    /// Recorded: it counts against the next ones.
    Admitted,
    /// Another request counted within `min_seconds_between` (`SecurityChecker\Frequency`).
    TooSoon,
    /// `max_an_hour` requests counted in the last hour (`SecurityChecker\Quantity`).
    TooOften,
}

/// A username's failed sign-ins since its last success, and whether they lock it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub failures: u32,
    pub locked: bool,
}

pub struct Database {
    conn: Mutex<Connection>,
}

/// A customer as stored, with what the REST object does not show.
#[derive(Clone, Debug)]
pub struct StoredCustomer {
    pub customer: Customer,
    pub password_hash: Option<String>,
    pub confirmation: Option<String>,
    pub tokens_revoked_before: i64,
    pub reset_token: Option<(String, i64)>,
    /// Until when the record is locked after wrong current passwords (`lock_expires`).
    pub locked_until: Option<i64>,
}

/// One e-mail the store sent, as the demo mailbox shows it.
#[derive(Clone, Debug)]
pub struct Mail {
    pub id: u32,
    pub sent_at: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Why a new customer or a changed email was not stored.
#[derive(Debug)]
pub enum WriteError {
    DuplicateEmail,
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                WriteError::DuplicateEmail
            }
            _ => WriteError::Database(e),
        }
    }
}

/// The fields kept in the `data` column: everything the columns do not hold.
fn customer_data(customer: &Customer) -> String {
    let rest = Customer {
        id: None,
        group_id: None,
        default_billing: None,
        default_shipping: None,
        confirmation: None,
        created_at: None,
        updated_at: None,
        email: String::new(),
        store_id: None,
        website_id: None,
        addresses: None,
        ..customer.clone()
    };
    serde_json::to_string(&rest).expect("a customer serialises")
}

fn address_data(address: &Address) -> String {
    let rest = Address {
        id: None,
        customer_id: None,
        default_billing: None,
        default_shipping: None,
        ..address.clone()
    };
    serde_json::to_string(&rest).expect("an address serialises")
}

impl Database {
    pub fn open(path: &str) -> rusqlite::Result<Database> {
        keep_private(path);
        let conn = Connection::open(path)?;
        conn.create_collation("FOLDED", folded)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        for (table, column, declaration) in ADDED_COLUMNS {
            let present: bool = conn.query_row(
                "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
                params![table, column],
                |r| r.get(0),
            )?;
            if !present {
                conn.execute_batch(&format!(
                    "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
                ))?;
            }
        }
        Ok(Database {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent; carry on with it.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value of a setting, created by `init` and stored the first time it is asked for.
    pub fn setting_or_init(
        &self,
        name: &str,
        init: impl FnOnce() -> Vec<u8>,
    ) -> rusqlite::Result<Vec<u8>> {
        let conn = self.conn();
        if let Some(v) = conn
            .query_row("SELECT value FROM setting WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
        {
            return Ok(v);
        }
        let value = init();
        conn.execute(
            "INSERT INTO setting (name, value) VALUES (?1, ?2)",
            params![name, value],
        )?;
        Ok(value)
    }

    /// Stores a new customer with her addresses in one transaction and returns her id.
    pub fn create_customer(
        &self,
        customer: &Customer,
        password_hash: Option<&str>,
        confirmation: Option<&str>,
    ) -> Result<u32, WriteError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO customer (website_id, store_id, group_id, email, password_hash, confirmation, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                customer.website_id.unwrap_or(1),
                customer.store_id.unwrap_or(1),
                customer.group_id.unwrap_or(1),
                customer.email,
                password_hash,
                confirmation,
                customer_data(customer)
            ],
        )?;
        let id = tx.last_insert_rowid() as u32;
        replace_addresses(
            &tx,
            id,
            customer.addresses.as_deref().unwrap_or_default(),
            (None, None),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves a customer's profile; `Some(addresses)` replaces the address book, keeping the
    /// ids of the entries that carry one of hers.
    pub fn update_customer(&self, id: u32, customer: &Customer) -> Result<(), WriteError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE customer SET email = ?2, data = ?3, updated_at = datetime('now'),
                 rp_token = CASE WHEN email = ?2 THEN rp_token END,
                 rp_token_created_at = CASE WHEN email = ?2 THEN rp_token_created_at END
             WHERE id = ?1",
            params![id, customer.email, customer_data(customer)],
        )?;
        if let Some(addresses) = &customer.addresses {
            let named = |default: &Option<String>| default.as_deref().and_then(|d| d.parse().ok());
            let requested = (
                named(&customer.default_billing),
                named(&customer.default_shipping),
            );
            replace_addresses(&tx, id, addresses, requested)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn customer(&self, id: u32) -> rusqlite::Result<Option<StoredCustomer>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT id, website_id, store_id, group_id, email, password_hash, confirmation,
                        created_at, updated_at, default_billing, default_shipping,
                        tokens_revoked_before, rp_token, rp_token_created_at, lock_expires, data
                 FROM customer WHERE id = ?1",
                [id],
                |r| {
                    let data: String = r.get("data")?;
                    let mut customer: Customer = serde_json::from_str(&data).unwrap_or_default();
                    let id_string = |column: &str| -> rusqlite::Result<Option<String>> {
                        Ok(r.get::<_, Option<u32>>(column)?.map(|v| v.to_string()))
                    };
                    customer.id = Some(r.get("id")?);
                    customer.website_id = Some(r.get("website_id")?);
                    customer.store_id = Some(r.get("store_id")?);
                    customer.group_id = Some(r.get("group_id")?);
                    customer.email = r.get("email")?;
                    customer.created_at = Some(r.get("created_at")?);
                    customer.updated_at = Some(r.get("updated_at")?);
                    customer.default_billing = id_string("default_billing")?;
                    customer.default_shipping = id_string("default_shipping")?;
                    let token: Option<String> = r.get("rp_token")?;
                    let token_at: Option<i64> = r.get("rp_token_created_at")?;
                    Ok(StoredCustomer {
                        customer,
                        password_hash: r.get("password_hash")?,
                        confirmation: r.get("confirmation")?,
                        tokens_revoked_before: r.get("tokens_revoked_before")?,
                        reset_token: token.zip(token_at),
                        locked_until: r.get("lock_expires")?,
                    })
                },
            )
            .optional()?;
        let Some(mut stored) = row else {
            return Ok(None);
        };
        let mut statement = conn
            .prepare("SELECT id, data FROM customer_address WHERE customer_id = ?1 ORDER BY id")?;
        let customer = &stored.customer;
        let addresses = statement
            .query_map([id], |r| {
                let address_id: u32 = r.get("id")?;
                let data: String = r.get("data")?;
                let mut address: Address = serde_json::from_str(&data).unwrap_or_default();
                address.id = Some(address_id);
                address.customer_id = Some(id);
                let is =
                    |default: &Option<String>| default.as_deref() == Some(&address_id.to_string());
                address.default_billing = Some(is(&customer.default_billing));
                address.default_shipping = Some(is(&customer.default_shipping));
                Ok(address)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        stored.customer.addresses = Some(addresses);
        Ok(Some(stored))
    }

    pub fn customer_id_by_email(
        &self,
        website_id: u32,
        email: &str,
    ) -> rusqlite::Result<Option<u32>> {
        self.conn()
            .query_row(
                "SELECT id FROM customer WHERE website_id = ?1 AND email = ?2 COLLATE FOLDED",
                params![website_id, email],
                |r| r.get(0),
            )
            .optional()
    }

    pub fn set_password(&self, id: u32, hash: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE customer SET password_hash = ?2, rp_token = NULL, rp_token_created_at = NULL,
                 updated_at = datetime('now') WHERE id = ?1",
            params![id, hash],
        )?;
        Ok(())
    }

    /// Sets the password a reset link was for, and spends the link, in one statement: of
    /// requests racing with one token, one wins. False when the token is no longer hers.
    pub fn reset_password(&self, id: u32, token: &str, hash: &str) -> rusqlite::Result<bool> {
        let changed = self.conn().execute(
            "UPDATE customer SET password_hash = ?3, rp_token = NULL, rp_token_created_at = NULL,
                 updated_at = datetime('now') WHERE id = ?1 AND rp_token = ?2",
            params![id, token, hash],
        )?;
        Ok(changed == 1)
    }

    pub fn set_reset_token(&self, id: u32, token: &str, created_at: i64) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE customer SET rp_token = ?2, rp_token_created_at = ?3 WHERE id = ?1",
            params![id, token, created_at],
        )?;
        Ok(())
    }

    pub fn confirm(&self, id: u32) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE customer SET confirmation = NULL WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Every token of this customer issued at or before `before` (Unix seconds) is dead.
    pub fn revoke_tokens(&self, id: u32, before: i64) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE customer SET tokens_revoked_before = max(tokens_revoked_before, ?2) WHERE id = ?1",
            params![id, before],
        )?;
        Ok(())
    }
    /// Where a username stands before an attempt: its failures since the last success, and
    /// whether they lock it now. A lock that has run out starts the count again; idle rows go.
    pub fn sign_in_standing(
        &self,
        user_type: u8,
        username: &str,
        now: i64,
        lockout: Lockout,
    ) -> rusqlite::Result<Standing> {
        let username = kept_username(username);
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM sign_in_attempt WHERE last_attempt < ?1 - ?2
                 AND (locked_until IS NULL OR locked_until <= ?1)",
            params![now, lockout.lock_seconds],
        )?;
        tx.execute(
            "DELETE FROM sign_in_attempt WHERE user_type = ?1 AND username = ?2
                 AND locked_until IS NOT NULL AND locked_until <= ?3",
            params![user_type, username, now],
        )?;
        let standing = tx
            .query_row(
                "SELECT failures, locked_until IS NOT NULL AND locked_until > ?3
                     FROM sign_in_attempt WHERE user_type = ?1 AND username = ?2",
                params![user_type, username, now],
                |r| {
                    Ok(Standing {
                        failures: r.get(0)?,
                        locked: r.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or(Standing {
                failures: 0,
                locked: false,
            });
        tx.commit()?;
        Ok(Standing {
            locked: standing.locked || standing.failures >= lockout.max_failures,
            ..standing
        })
    }

    /// An attempt's password was wrong: counted, and at `max_failures` failures the username
    /// locks.
    pub fn sign_in_failed(
        &self,
        user_type: u8,
        username: &str,
        now: i64,
        lockout: Lockout,
    ) -> rusqlite::Result<()> {
        let Lockout {
            max_failures,
            lock_seconds,
        } = lockout;
        let username = kept_username(username);
        let conn = self.conn();
        conn.execute(
            "INSERT INTO sign_in_attempt (user_type, username, failures, last_attempt)
                 VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (user_type, username)
                 DO UPDATE SET failures = failures + 1, last_attempt = ?3",
            params![user_type, username, now],
        )?;
        conn.execute(
            "UPDATE sign_in_attempt SET locked_until = ?3 + ?4
                 WHERE user_type = ?1 AND username = ?2 AND failures >= ?5 AND locked_until IS NULL",
            params![user_type, username, now, lock_seconds, max_failures],
        )?;
        Ok(())
    }

    pub fn sign_in_succeeded(&self, user_type: u8, username: &str) -> rusqlite::Result<()> {
        let username = kept_username(username);
        self.conn().execute(
            "DELETE FROM sign_in_attempt WHERE user_type = ?1 AND username = ?2",
            params![user_type, username],
        )?;
        Ok(())
    }

    /// Checks a reset-link request against the earlier ones that count (by the caller's
    /// address, the e-mail it names, or either) and records it when it may go on; a refused
    /// request is not recorded, as Magento's plugin throws before it writes. Checked and
    /// written in one transaction, so that a burst cannot slip through between the two.
    /// Rows older than both windows go.
    pub fn admit_reset_request(
        &self,
        email: &str,
        ip: &str,
        now: i64,
        throttle: ResetThrottle,
    ) -> rusqlite::Result<ResetRequest> {
        const HOUR: i64 = 3600;
        let filter = match throttle.counts {
            ResetProtection::Off => return Ok(ResetRequest::Admitted),
            ResetProtection::AddressOrEmail => "(ip = ?1 OR account_reference = ?2)",
            ResetProtection::Address => "ip = ?1",
            ResetProtection::Email => "account_reference = ?2",
        };
        let email = kept_username(email);
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM password_reset_request_event WHERE created_at < ?1",
            params![now - HOUR.max(throttle.min_seconds_between)],
        )?;
        let (last, in_the_hour): (Option<i64>, u32) = tx.query_row(
            &format!(
                "SELECT max(created_at), count(*) FILTER (WHERE created_at > ?3)
                   FROM password_reset_request_event WHERE {filter}"
            ),
            params![ip, email, now - HOUR],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let verdict = if last.is_some_and(|last| now - last < throttle.min_seconds_between) {
            ResetRequest::TooSoon
        } else if throttle.max_an_hour > 0 && in_the_hour >= throttle.max_an_hour {
            ResetRequest::TooOften
        } else {
            tx.execute(
                "INSERT INTO password_reset_request_event (account_reference, ip, created_at)
                     VALUES (?1, ?2, ?3)",
                params![email, ip, now],
            )?;
            ResetRequest::Admitted
        };
        tx.commit()?;
        Ok(verdict)
    }

    /// How many usernames the throttle keeps a row for (the tests look at its purge).
    pub fn sign_in_rows(&self) -> rusqlite::Result<(u32, usize)> {
        self.conn().query_row(
            "SELECT count(*), coalesce(max(length(username)), 0) FROM sign_in_attempt",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub fn record_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        sent_at: i64,
    ) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO mail (sent_at, recipient, subject, body) VALUES (?1, ?2, ?3, ?4)",
            params![sent_at, to, subject, body],
        )?;
        Ok(())
    }

    fn mail_from(r: &rusqlite::Row) -> rusqlite::Result<Mail> {
        Ok(Mail {
            id: r.get("id")?,
            sent_at: r.get("sent_at")?,
            to: r.get("recipient")?,
            subject: r.get("subject")?,
            body: r.get("body")?,
        })
    }

    /// The newest `limit` e-mails, newest first.
    pub fn mails(&self, limit: u32) -> rusqlite::Result<Vec<Mail>> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT id, sent_at, recipient, subject, body FROM mail ORDER BY id DESC LIMIT ?1",
        )?;
        statement.query_map([limit], Self::mail_from)?.collect()
    }

    pub fn mail(&self, id: u32) -> rusqlite::Result<Option<Mail>> {
        self.conn()
            .query_row(
                "SELECT id, sent_at, recipient, subject, body FROM mail WHERE id = ?1",
                [id],
                Self::mail_from,
            )
            .optional()
    }

    /// Every customer, address, sign-in count and e-mail goes; the signing key stays.
    pub fn wipe(&self) -> rusqlite::Result<()> {
        self.conn().execute_batch(
            "BEGIN;
             DELETE FROM customer_address;
             DELETE FROM customer;
             DELETE FROM sign_in_attempt;
             DELETE FROM password_reset_request_event;
             DELETE FROM mail;
             COMMIT;",
        )
    }

    /// A wrong current password on the customer's record (`customer/password/lockout_*`):
    /// the `max_failures`th locks it for `lock_seconds`. Tells whether it is locked now.
    pub fn password_failed(
        &self,
        id: u32,
        now: i64,
        max_failures: u32,
        lock_seconds: i64,
    ) -> rusqlite::Result<bool> {
        let conn = self.conn();
        conn.execute(
            "UPDATE customer SET failures_num = failures_num + 1 WHERE id = ?1",
            [id],
        )?;
        conn.execute(
            "UPDATE customer SET lock_expires = ?2 + ?3, failures_num = 0
                 WHERE id = ?1 AND failures_num >= ?4",
            params![id, now, lock_seconds, max_failures],
        )?;
        conn.query_row(
            "SELECT lock_expires IS NOT NULL AND lock_expires > ?2 FROM customer WHERE id = ?1",
            params![id, now],
            |r| r.get(0),
        )
    }

    pub fn password_succeeded(&self, id: u32) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE customer SET failures_num = 0, lock_expires = NULL WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }
}

/// Writes the address book: listed ids of hers are updated, new entries are inserted, the
/// rest are deleted. The defaults follow the entries flagged as such, else the ids the
/// customer names (`requested`), as long as those addresses are still hers.
fn replace_addresses(
    tx: &Transaction,
    customer_id: u32,
    addresses: &[Address],
    requested: (Option<u32>, Option<u32>),
) -> rusqlite::Result<()> {
    let mut kept = Vec::new();
    let mut default_billing = None;
    let mut default_shipping = None;
    for address in addresses {
        let existing = match address.id {
            Some(id) => tx
                .query_row(
                    "SELECT id FROM customer_address WHERE id = ?1 AND customer_id = ?2",
                    params![id, customer_id],
                    |r| r.get::<_, u32>(0),
                )
                .optional()?,
            None => None,
        };
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE customer_address SET data = ?2 WHERE id = ?1",
                    params![id, address_data(address)],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO customer_address (customer_id, data) VALUES (?1, ?2)",
                    params![customer_id, address_data(address)],
                )?;
                tx.last_insert_rowid() as u32
            }
        };
        kept.push(id);
        if address.default_billing == Some(true) {
            default_billing = Some(id);
        }
        if address.default_shipping == Some(true) {
            default_shipping = Some(id);
        }
    }
    let still_hers = |id: Option<u32>| id.filter(|id| kept.contains(id));
    let default_billing = default_billing.or(still_hers(requested.0));
    let default_shipping = default_shipping.or(still_hers(requested.1));
    let kept_list = kept
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        &format!("DELETE FROM customer_address WHERE customer_id = ?1 AND id NOT IN ({kept_list})"),
        [customer_id],
    )?;
    tx.execute(
        "UPDATE customer SET default_billing = ?2, default_shipping = ?3 WHERE id = ?1",
        params![customer_id, default_billing, default_shipping],
    )?;
    Ok(())
}
