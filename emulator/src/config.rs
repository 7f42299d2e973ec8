//! The emulator's settings: the store configuration values a Magento admin would set.

use crate::faults;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "commerce-emulator",
    version,
    about = "A local Adobe Commerce / Magento 2.4 customer REST API backed by SQLite"
)]
pub struct Settings {
    /// Address to listen on (port 0 picks a free one; the chosen address is printed).
    #[arg(long, env = "COMMERCE_LISTEN", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,
    /// SQLite database file, created if missing; `:memory:` for a throwaway store.
    #[arg(long, env = "COMMERCE_DB", default_value = "commerce-emulator.sqlite")]
    pub db: String,
    /// Store view code accepted in `/rest/<code>/V1/...` (besides `default`).
    #[arg(long, env = "COMMERCE_STORE_CODE", default_value = "default")]
    pub store_code: String,
    /// `general/locale/code` of the store view: the language `directory/countries` names the
    /// countries in (`full_name_locale`). Error messages stay Magento's English templates.
    #[arg(
        long,
        env = "COMMERCE_LOCALE",
        default_value = "en_US",
        value_parser = clap::builder::PossibleValuesParser::new(crate::directory::LOCALES)
    )]
    pub locale: String,
    /// `webapi/jwtauth/customer_expiration`: customer token lifetime.
    #[arg(long, env = "COMMERCE_TOKEN_LIFETIME_MINUTES", default_value_t = 60)]
    pub token_lifetime_minutes: i64,
    /// `customer/password/minimum_password_length`
    #[arg(long, env = "COMMERCE_MIN_PASSWORD_LENGTH", default_value_t = 8)]
    pub min_password_length: usize,
    /// `customer/password/required_character_classes_number`
    #[arg(long, env = "COMMERCE_REQUIRED_CHARACTER_CLASSES", default_value_t = 3)]
    pub required_character_classes: usize,
    /// `customer/create_account/confirm`: new accounts must follow the e-mailed link first.
    #[arg(long, env = "COMMERCE_CONFIRMATION_REQUIRED")]
    pub confirmation_required: bool,
    /// `oauth/authentication_lock/max_failures_count`
    #[arg(long, env = "COMMERCE_LOGIN_MAX_FAILURES", default_value_t = 6)]
    pub login_max_failures: u32,
    /// `customer/password/lockout_failures`: wrong current passwords that lock the record.
    #[arg(long, env = "COMMERCE_LOCKOUT_FAILURES", default_value_t = 10)]
    pub lockout_failures: u32,
    /// `customer/password/lockout_threshold`, in seconds (ten minutes).
    #[arg(long, env = "COMMERCE_LOCKOUT_SECONDS", default_value_t = 600)]
    pub lockout_seconds: i64,
    /// How long the emulator waits for a request's headers, and then for its body.
    #[arg(long, env = "COMMERCE_READ_TIMEOUT_SECONDS", default_value_t = 10)]
    pub read_timeout_seconds: u64,
    /// `oauth/authentication_lock/timeout`, in seconds.
    #[arg(long, env = "COMMERCE_LOGIN_LOCK_SECONDS", default_value_t = 1800)]
    pub login_lock_seconds: i64,
    /// `customer/password/reset_link_expiration_period` (two hours), in seconds so that a
    /// test can wait one out.
    #[arg(
        long,
        env = "COMMERCE_RESET_LINK_LIFETIME_SECONDS",
        default_value_t = 7200
    )]
    pub reset_link_lifetime_seconds: i64,
    /// The store's base URL (`web/secure/base_url`), which its e-mails link to; default: the
    /// address it listens on. Set it to the site's address when a proxy serves the site.
    #[arg(long, env = "COMMERCE_BASE_URL")]
    pub base_url: Option<String>,
    /// A demo store: a mailbox in the browser at /_emulator/mail, ready-made accounts, and
    /// a limit on sign-ups and sign-ins per client address.
    #[arg(long, env = "COMMERCE_DEMO")]
    pub demo: bool,
    /// In demo mode, sign-ups and sign-in attempts a client address may make a minute; 0 for
    /// no limit.
    #[arg(long, env = "COMMERCE_MAX_SIGNUPS_PER_MINUTE", default_value_t = 10)]
    pub max_signups_per_minute: u32,
    /// The length of that minute, in seconds (a test shortens it).
    #[arg(
        long,
        env = "COMMERCE_RATE_WINDOW_SECONDS",
        default_value_t = 60,
        hide = true
    )]
    pub rate_window_seconds: u64,
    /// In demo mode, wipe everything back to the ready-made accounts every so many minutes.
    #[arg(long, env = "COMMERCE_RESET_EVERY")]
    pub reset_every: Option<f64>,
    /// A fault to script from the start, `ROUTE=FAULT[*TIMES]`, e.g. `"POST customers=hold*2"`
    /// (repeatable; see `/_emulator/faults` to change them while running).
    #[arg(long = "fault", env = "COMMERCE_FAULTS", value_delimiter = ';', value_parser = faults::Script::parse)]
    pub faults: Vec<faults::Script>,
    /// Keep the fault switch (`/_emulator/faults`) on in a demo store, where it is off: on a
    /// shared demo a visitor could break the store for everyone. Only for a demo on a machine
    /// nobody else reaches.
    #[arg(long, env = "COMMERCE_FAULT_SWITCH")]
    pub fault_switch: bool,
    /// Milliseconds every REST answer waits, as a slow network or store would make it.
    #[arg(long, env = "COMMERCE_LATENCY_MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Origin allowed to call the API cross-origin (repeatable); none means no CORS at all.
    #[arg(
        long = "cors-origin",
        env = "COMMERCE_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// Admin user for `POST /V1/integration/admin/token`.
    #[arg(long, env = "COMMERCE_ADMIN_USER", requires = "admin_password")]
    pub admin_user: Option<String>,
    #[arg(
        long,
        env = "COMMERCE_ADMIN_PASSWORD",
        requires = "admin_user",
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// A built static site to serve at `/`, with the single-page-app fallback to index.html.
    #[arg(long, env = "COMMERCE_SERVE_DIR")]
    pub serve_dir: Option<PathBuf>,
    /// Folder the store's e-mails are written to (default: `mail/` beside the database).
    #[arg(long, env = "COMMERCE_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
}

impl Settings {
    /// Where the store's e-mail links point, without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        }
    }

    pub fn mail_dir(&self) -> PathBuf {
        if let Some(dir) = &self.mail_dir {
            return dir.clone();
        }
        if self.db == ":memory:" {
            return std::env::temp_dir()
                .join(format!("commerce-emulator-mail-{}", std::process::id()));
        }
        let db = PathBuf::from(&self.db);
        db.parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default()
            .join("mail")
    }
}
