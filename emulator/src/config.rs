//! The emulator's settings: the store configuration values a Magento admin would set.

use crate::faults;
use crate::release::Release;
use clap::Parser;
use commerce_rest::customer_config::{CustomerConfig, whole_number};
use commerce_rest::recaptcha::{self, RecaptchaConfig};
use commerce_rest::{PasswordPolicy, StoreRules};
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
    /// Print the headers a demo store adds to every answer, and exit: `cargo xtask dev`, whose
    /// Trunk serves the site, sends them with the site's files too.
    #[arg(long, hide = true, requires = "demo")]
    pub demo_headers: bool,
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
    /// The release of Magento the emulator answers as, where releases differ in what a
    /// storefront meets (the unconfirmed account's sign-in, the address rules, unknown fields,
    /// `isEmailAvailable`).
    #[arg(long, env = "COMMERCE_MAGENTO_RELEASE", value_enum, default_value_t = Release::NEWEST)]
    pub magento_release: Release,
    /// The score the reCAPTCHA stand-in gives the tokens it issues (a v3 form refuses one
    /// under its `score_threshold`).
    #[arg(long, env = "COMMERCE_RECAPTCHA_SCORE", default_value_t = 0.9)]
    pub recaptcha_score: f64,
    /// How long a stand-in token is good for, in seconds (Google's: two minutes; a test
    /// shortens it).
    #[arg(
        long,
        env = "COMMERCE_RECAPTCHA_TOKEN_SECONDS",
        default_value_t = 120,
        hide = true
    )]
    pub recaptcha_token_seconds: u64,
    /// A store setting by its configuration path, `PATH=VALUE` as `bin/magento config:set`
    /// takes it (repeatable; the paths are listed in the README). It wins over the flag that
    /// sets the same value.
    #[arg(long = "config", value_name = "PATH=VALUE", value_parser = ConfigValue::parse)]
    pub config: Vec<ConfigValue>,
}

/// One `--config PATH=VALUE`, checked against the paths the emulator follows.
#[derive(Clone, Debug)]
pub struct ConfigValue {
    path: Setting,
    value: String,
}

/// A path of the customer form (`commerce_rest::customer_config`) or the password policy,
/// which the app's `config.json` takes too, or one of the emulator's own.
#[derive(Clone, Debug)]
enum Setting {
    Emulator(ConfigPath),
    CustomerForm(&'static str),
    PasswordPolicy(&'static str),
    Recaptcha(String),
}

impl ConfigValue {
    fn parse(text: &str) -> Result<ConfigValue, String> {
        let (path, value) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?} is not PATH=VALUE"))?;
        let store = ConfigPath::ALL
            .into_iter()
            .find(|known| known.path() == path.trim())
            .map(Setting::Emulator);
        let find = |paths: &[&'static str]| paths.iter().copied().find(|p| *p == path.trim());
        let form = find(&CustomerConfig::PATHS).map(Setting::CustomerForm);
        let password = find(&PasswordPolicy::PATHS).map(Setting::PasswordPolicy);
        let guard =
            RecaptchaConfig::owns(path.trim()).then(|| Setting::Recaptcha(path.trim().into()));
        let path = store.or(form).or(password).or(guard).ok_or_else(|| {
            let known: Vec<&str> = ConfigPath::ALL
                .iter()
                .map(|p| p.path())
                .chain(CustomerConfig::PATHS)
                .chain(PasswordPolicy::PATHS)
                .collect();
            format!(
                "{path:?} is not a setting the emulator follows; it knows {}, and the {}* paths of reCAPTCHA",
                known.join(", "),
                recaptcha::PREFIX
            )
        })?;
        let given = ConfigValue {
            path,
            value: value.trim().to_owned(),
        };
        StoreConfig::default().set(&given)?;
        Ok(given)
    }
}

/// The configuration paths the emulator follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigPath {
    ResetProtectionType,
    MaxResetRequests,
    MinTimeBetweenResetRequests,
    SupportEmail,
}

impl ConfigPath {
    pub const ALL: [ConfigPath; 4] = [
        ConfigPath::ResetProtectionType,
        ConfigPath::MaxResetRequests,
        ConfigPath::MinTimeBetweenResetRequests,
        ConfigPath::SupportEmail,
    ];

    pub fn path(self) -> &'static str {
        match self {
            ConfigPath::ResetProtectionType => "customer/password/password_reset_protection_type",
            ConfigPath::MaxResetRequests => "customer/password/max_number_password_reset_requests",
            ConfigPath::MinTimeBetweenResetRequests => {
                "customer/password/min_time_between_password_reset_requests"
            }
            ConfigPath::SupportEmail => "trans_email/ident_support/email",
        }
    }
}

/// Who a reset-link request counts against (`customer/password/password_reset_protection_type`,
/// Magento's `Security\Model\Config\Source\ResetMethod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetProtection {
    Off,
    /// A request counts when it came from the same address or named the same e-mail.
    AddressOrEmail,
    Address,
    Email,
}

/// The store configuration the emulator follows, by Magento's paths and with its defaults.
#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// What a customer and an address must carry: the password policy and the customer form
    /// among them (the directory's rules are a stock store's).
    pub rules: StoreRules,
    pub reset_protection: ResetProtection,
    /// `customer/password/max_number_password_reset_requests` an hour; 0 for no limit.
    pub max_reset_requests: u32,
    /// `customer/password/min_time_between_password_reset_requests`, in minutes; 0 for none.
    pub min_minutes_between_reset_requests: u32,
    /// `trans_email/ident_support/email`: the contact the throttle's message names.
    pub support_email: String,
    /// The routes reCAPTCHA guards, and with which widget.
    pub recaptcha: RecaptchaConfig,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            rules: StoreRules::default(),
            reset_protection: ResetProtection::AddressOrEmail,
            max_reset_requests: 5,
            min_minutes_between_reset_requests: 10,
            support_email: "support@example.com".into(),
            recaptcha: RecaptchaConfig::default(),
        }
    }
}

impl StoreConfig {
    /// The flags' values, then every `--config` in order.
    pub fn of(settings: &Settings) -> StoreConfig {
        let mut config = StoreConfig::default();
        config.rules.password = commerce_rest::PasswordPolicy {
            min_length: settings.min_password_length,
            required_classes: settings.required_character_classes,
        };
        config.rules.customer.confirm = settings.confirmation_required;
        for given in &settings.config {
            config
                .set(given)
                .expect("checked when the command line was read");
        }
        config
    }

    /// Takes one value, refused as Magento's admin would refuse it.
    fn set(&mut self, given: &ConfigValue) -> Result<(), String> {
        let value = given.value.as_str();
        let known = match &given.path {
            Setting::CustomerForm(path) => return self.rules.customer.set(path, value),
            Setting::PasswordPolicy(path) => return self.rules.password.set(path, value),
            Setting::Recaptcha(path) => {
                return self.recaptcha.set(path, value, recaptcha::Reader::Store);
            }
            Setting::Emulator(known) => *known,
        };
        let path = known.path();
        let number = |range| whole_number::<u32>(path, value, range);
        match known {
            ConfigPath::ResetProtectionType => {
                self.reset_protection = match number(0..=3)? {
                    0 => ResetProtection::Off,
                    1 => ResetProtection::AddressOrEmail,
                    2 => ResetProtection::Address,
                    _ => ResetProtection::Email,
                }
            }
            ConfigPath::MaxResetRequests => self.max_reset_requests = number(0..=u32::MAX)?,
            ConfigPath::MinTimeBetweenResetRequests => {
                self.min_minutes_between_reset_requests = number(0..=u32::MAX)?
            }
            ConfigPath::SupportEmail => {
                if let Some(problem) = commerce_rest::validate::email(value) {
                    return Err(format!("{path}: {}", problem.render()));
                }
                self.support_email = value.to_owned()
            }
        }
        Ok(())
    }
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
