//! Google reCAPTCHA on the routes a store guards (Magento's security package,
//! `recaptcha_frontend/*`, *Stores > Configuration > Security > Google reCAPTCHA Storefront*):
//! which forms are guarded and with which widget, by Magento's configuration paths and
//! values. The store checks the `X-ReCaptcha` header of a guarded route before it reads the
//! body; the site renders the widget the store chose and sends a fresh token with each such
//! call. One table serves the emulator and the app.

use crate::Phrase;

/// The header a REST call carries its token in (`ReCaptchaWebapiRest`).
pub const HEADER: &str = "X-ReCaptcha";

/// The one answer to every failed check: no header, an empty, invalid, expired or used
/// token, a v3 score under the threshold.
pub const FAILED: &str = crate::error::templates::RECAPTCHA_FAILED;

/// What a site says when its widget gives no token, before anything is sent: she has not
/// ticked the checkbox, or the provider's script did not load. The messages belong to the
/// widget, as the store's refusal does.
pub const NOT_TICKED: Phrase = phrase!("Tick “I'm not a robot” before you send the form.");
pub const NOT_LOADED: Phrase = phrase!(
    "The check that you are not a robot could not load, so this form cannot be sent yet. Check your connection, or let the check through your content blocker, then try again."
);
pub(crate) const NOT_TICKED_TEXT: &str = NOT_TICKED.english();
pub(crate) const NOT_LOADED_TEXT: &str = NOT_LOADED.english();

/// A form the store may guard, by its key in `recaptcha_frontend/type_for/<key>`
/// (`ReCaptchaCustomer\Model\WebapiConfigProvider`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKey {
    /// `POST /V1/integration/customer/token`
    Login,
    /// `POST /V1/customers`
    Create,
    /// `PUT /V1/customers/password` and `POST /V1/customers/resetPassword`
    ForgotPassword,
    /// `PUT /V1/customers/me/password`
    Edit,
}

impl FormKey {
    pub const ALL: [FormKey; 4] = [
        FormKey::Login,
        FormKey::Create,
        FormKey::ForgotPassword,
        FormKey::Edit,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FormKey::Login => "customer_login",
            FormKey::Create => "customer_create",
            FormKey::ForgotPassword => "customer_forgot_password",
            FormKey::Edit => "customer_edit",
        }
    }

    /// The form a REST route belongs to, as the store maps its service methods; `route` is
    /// the path after `/V1/`.
    pub fn of_route(method: &str, route: &str) -> Option<FormKey> {
        Some(match (method, route) {
            ("POST", "integration/customer/token") => FormKey::Login,
            ("POST", "customers") => FormKey::Create,
            ("PUT", "customers/password") | ("POST", "customers/resetPassword") => {
                FormKey::ForgotPassword
            }
            ("PUT", "customers/me/password") => FormKey::Edit,
            _ => return None,
        })
    }
}

/// The storefront's other forms: a store lists them too, and this site has none of them.
const OTHER_FORMS: [&str; 9] = [
    "newsletter",
    "contact",
    "place_order",
    "coupon_code",
    "product_review",
    "sendfriend",
    "paypal_payflowpro",
    "resend_confirmation_email",
    "braintree",
];

/// The widget a form is guarded with: `type_for/<key>`'s value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `recaptcha`: v2, the "I'm not a robot" checkbox.
    Checkbox,
    /// `invisible`: v2, a badge, and a challenge only when Google doubts.
    Invisible,
    /// `recaptcha_v3`: a badge and a score.
    Score,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Checkbox, Kind::Invisible, Kind::Score];

    /// Magento's value, and the group of its settings (`type_<value>`).
    pub fn value(self) -> &'static str {
        match self {
            Kind::Checkbox => "recaptcha",
            Kind::Invisible => "invisible",
            Kind::Score => "recaptcha_v3",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Whether the token comes from `execute` (the badge) rather than her tick.
    pub fn is_invisible(self) -> bool {
        self != Kind::Checkbox
    }
}

/// Where the badge of an invisible widget sits (`position`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    Inline,
    BottomRight,
    BottomLeft,
}

impl Badge {
    /// As Google's `badge` parameter and Magento's value name it.
    pub fn value(self) -> &'static str {
        match self {
            Badge::Inline => "inline",
            Badge::BottomRight => "bottomright",
            Badge::BottomLeft => "bottomleft",
        }
    }
}

/// One widget type's settings, `recaptcha_frontend/type_<kind>/*`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeSettings {
    pub public_key: String,
    /// The store's secret: never in a site's `config.json`.
    pub private_key: String,
    /// `dark` or `light`.
    pub dark: bool,
    /// The checkbox's `size`: `compact` rather than `normal`.
    pub compact: bool,
    pub badge: Badge,
    /// The language Google speaks in the widget; empty for the page's.
    pub lang: String,
    /// v3: the lowest score the store takes, as given (the store's to apply).
    pub score_threshold: Threshold,
}

/// `score_threshold` as given, a decimal number: read as a number only where the store
/// checks scores (the site needs none, and a float parser would weigh on every page).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold(String);

impl Default for Threshold {
    fn default() -> Self {
        Threshold("0.5".to_owned())
    }
}

impl Threshold {
    /// The text, when it is a decimal number (`0.5`, `.7`, `1`).
    fn read(text: &str) -> Option<Threshold> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let shaped =
            !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction);
        shaped.then(|| Threshold(text.to_owned()))
    }

    /// The lowest score taken, clamped as Magento's `ValidationConfigProvider` clamps it:
    /// min(1.0, max(0.1, threshold)).
    pub fn score(&self) -> f64 {
        self.0.parse::<f64>().unwrap_or(0.5).clamp(0.1, 1.0)
    }
}

impl Default for TypeSettings {
    fn default() -> Self {
        TypeSettings {
            public_key: String::new(),
            private_key: String::new(),
            dark: false,
            compact: false,
            badge: Badge::Inline,
            lang: String::new(),
            score_threshold: Threshold::default(),
        }
    }
}

/// A guarded form: its widget, with what the site needs to render it.
#[derive(Clone, Debug, PartialEq)]
pub struct Guard {
    pub kind: Kind,
    pub site_key: String,
    pub dark: bool,
    pub compact: bool,
    pub badge: Badge,
    pub lang: String,
    pub score_threshold: Threshold,
}

/// Who reads the settings: a store knows its secret key, a site must never be given it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Store,
    Site,
}

/// The forms a store guards, each with its widget: what a site keeps of the settings once
/// they are read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guards(Vec<(FormKey, Guard)>);

impl Guards {
    pub fn of(&self, form: FormKey) -> Option<&Guard> {
        self.0
            .iter()
            .find(|(f, _)| *f == form)
            .map(|(_, guard)| guard)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecaptchaConfig {
    /// `type_for/<key>` of this site's forms; a form left out is not guarded.
    forms: Vec<(FormKey, Kind)>,
    types: [TypeSettings; 3],
}

pub const PREFIX: &str = "recaptcha_frontend/";

impl RecaptchaConfig {
    /// Whether a configuration path is one of these settings.
    pub fn owns(path: &str) -> bool {
        path.starts_with(PREFIX)
    }

    /// Takes one setting as Magento's admin would, or says why not. A site refuses the secret
    /// key outright: its `config.json` is public.
    pub fn set(&mut self, path: &str, value: &str, reader: Reader) -> Result<(), String> {
        let rest = path
            .strip_prefix(PREFIX)
            .ok_or_else(|| format!("{path} is not a reCAPTCHA setting"))?;
        let unknown = || format!("{path} is not a reCAPTCHA setting Magento has");
        let (group, field) = rest.split_once('/').ok_or_else(unknown)?;
        if group == "type_for" {
            return self.set_form(path, field, value);
        }
        if group == "failure_messages" {
            return match field {
                "validation_failure_message" | "technical_failure_message" => Ok(()),
                _ => Err(unknown()),
            };
        }
        let kind = Kind::ALL
            .into_iter()
            .find(|k| group.strip_prefix("type_") == Some(k.value()))
            .ok_or_else(unknown)?;
        let settings = &mut self.types[kind.index()];
        match (field, kind) {
            ("public_key", _) => settings.public_key = value.trim().to_owned(),
            ("private_key", _) if reader == Reader::Site => {
                return Err(format!(
                    "{path} is the store's secret key: it must never be published. Take it out of config.json (the site needs only the public_key) and, since it has been public, make a new key pair in Google's reCAPTCHA admin."
                ));
            }
            ("private_key", _) => settings.private_key = value.trim().to_owned(),
            ("theme", _) => {
                settings.dark = match value {
                    "light" => false,
                    "dark" => true,
                    other => return Err(format!("{path} takes light or dark, not {other:?}")),
                }
            }
            ("lang", _) => settings.lang = value.trim().to_owned(),
            ("validation_failure_message", _) => {}
            ("size", Kind::Checkbox) => {
                settings.compact = match value {
                    "normal" => false,
                    "compact" => true,
                    other => return Err(format!("{path} takes normal or compact, not {other:?}")),
                }
            }
            ("position", Kind::Invisible | Kind::Score) => {
                settings.badge = match value {
                    "inline" => Badge::Inline,
                    "bottomright" => Badge::BottomRight,
                    "bottomleft" => Badge::BottomLeft,
                    other => {
                        return Err(format!(
                            "{path} takes inline, bottomright or bottomleft, not {other:?}"
                        ));
                    }
                }
            }
            ("score_threshold", Kind::Score) => {
                settings.score_threshold = Threshold::read(value)
                    .ok_or_else(|| format!("{path} takes a number such as 0.5, not {value:?}"))?;
            }
            _ => return Err(unknown()),
        }
        Ok(())
    }

    fn set_form(&mut self, path: &str, key: &str, value: &str) -> Result<(), String> {
        let kind = match value {
            "" => None,
            other => Some(
                Kind::ALL
                    .into_iter()
                    .find(|k| k.value() == other)
                    .ok_or_else(|| {
                        format!(
                            "{path} takes '' (no), recaptcha, invisible or recaptcha_v3, not {other:?}"
                        )
                    })?,
            ),
        };
        match FormKey::ALL.into_iter().find(|f| f.key() == key) {
            Some(form) => {
                self.forms.retain(|(f, _)| *f != form);
                self.forms.extend(kind.map(|kind| (form, kind)));
                Ok(())
            }
            None if OTHER_FORMS.contains(&key) => Ok(()),
            None => Err(format!("{path} is not a form Magento guards")),
        }
    }

    /// The widget guarding `form`: a type is chosen for it and its keys are set (the site
    /// knows the public one only; a store needs both, as `IsCaptchaEnabled` says).
    pub fn guard(&self, form: FormKey, reader: Reader) -> Option<Guard> {
        let kind = self.forms.iter().find(|(f, _)| *f == form)?.1;
        let settings = &self.types[kind.index()];
        let keys = !settings.public_key.is_empty()
            && (reader == Reader::Site || !settings.private_key.is_empty());
        keys.then(|| Guard {
            kind,
            site_key: settings.public_key.clone(),
            dark: settings.dark,
            compact: settings.compact,
            badge: settings.badge,
            lang: settings.lang.clone(),
            score_threshold: settings.score_threshold.clone(),
        })
    }

    /// A site's settings (`config.json`'s `recaptcha_frontend/*`, values as text), read as a
    /// site reads them: the guarded forms, or what is wrong, naming the path.
    pub fn read_site(settings: &[(String, String)]) -> Result<Guards, String> {
        let mut config = RecaptchaConfig::default();
        for (path, value) in settings {
            config.set(path, value, Reader::Site)?;
        }
        if let Some(missing) = config.missing_site_key() {
            return Err(missing);
        }
        Ok(Guards(
            FormKey::ALL
                .into_iter()
                .filter_map(|form| Some((form, config.guard(form, Reader::Site)?)))
                .collect(),
        ))
    }

    /// The private key of a type, for the store's check.
    pub fn private_key(&self, kind: Kind) -> &str {
        &self.types[kind.index()].private_key
    }

    /// Whether any form is guarded.
    pub fn guards_any(&self, reader: Reader) -> bool {
        FormKey::ALL
            .iter()
            .any(|f| self.guard(*f, reader).is_some())
    }

    /// A site whose config names a type for a form but no site key for it cannot render the
    /// widget the store asks for: the path to set, if so.
    pub fn missing_site_key(&self) -> Option<String> {
        self.forms.iter().find_map(|(form, kind)| {
            self.types[kind.index()].public_key.is_empty().then(|| {
                format!(
                    "{PREFIX}type_for/{} is {} but {PREFIX}type_{}/public_key, the site key, is not set",
                    form.key(),
                    kind.value(),
                    kind.value()
                )
            })
        })
    }

    /// Every guarded form with its widget, for the status page.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        FormKey::ALL
            .iter()
            .map(|form| {
                let kind = self.forms.iter().find(|(f, _)| f == form).map(|(_, k)| *k);
                (form.key(), kind.map_or("", Kind::value).to_owned())
            })
            .collect()
    }
}

/// The origin of a web address as a policy names it (`https://shop.example.com`), when it has
/// one that cannot smuggle in another directive.
pub fn policy_origin(url: &str) -> Option<String> {
    let origin: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let valid = (origin.starts_with("https://") || origin.starts_with("http://"))
        && origin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:/-[]".contains(c));
    valid.then_some(origin)
}

/// Google's script, which a site loads unless its `config.json` names another.
pub const GOOGLE_SCRIPT: &str = "https://www.google.com/recaptcha/api.js";

/// What a Content-Security-Policy must add for a page to load a provider's script from
/// `script_url`, each list with a leading space: Google's (or `recaptcha.net`'s) hosts as
/// Google documents them, or the origin of another script (the emulator's stand-in), which
/// fetches its tokens from where it came from. A path of the site's own host needs nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySources {
    pub script: String,
    pub frame: String,
    pub connect: String,
}

pub fn policy_sources(script_url: &str) -> PolicySources {
    let Some(origin) = policy_origin(script_url) else {
        return PolicySources::default();
    };
    match origin.as_str() {
        "https://www.google.com" => PolicySources {
            script: " https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/".into(),
            frame: " https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/".into(),
            connect: String::new(),
        },
        "https://www.recaptcha.net" => PolicySources {
            script: " https://www.recaptcha.net/recaptcha/ https://www.gstatic.com/recaptcha/ https://www.gstatic.cn/recaptcha/".into(),
            frame: " https://www.recaptcha.net/recaptcha/".into(),
            connect: String::new(),
        },
        _ => PolicySources {
            script: format!(" {origin}"),
            frame: String::new(),
            connect: format!(" {origin}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured(settings: &[(&str, &str)], reader: Reader) -> RecaptchaConfig {
        let mut config = RecaptchaConfig::default();
        for (path, value) in settings {
            config.set(path, value, reader).unwrap();
        }
        config
    }

    #[test]
    fn a_form_is_guarded_when_its_type_and_both_keys_are_set() {
        let type_only = [("recaptcha_frontend/type_for/customer_login", "recaptcha")];
        assert_eq!(
            configured(&type_only, Reader::Store).guard(FormKey::Login, Reader::Store),
            None
        );
        let mut both = type_only.to_vec();
        both.extend([
            ("recaptcha_frontend/type_recaptcha/public_key", "site-key"),
            ("recaptcha_frontend/type_recaptcha/private_key", "secret"),
            ("recaptcha_frontend/type_recaptcha/size", "compact"),
            ("recaptcha_frontend/type_recaptcha/theme", "dark"),
        ]);
        let store = configured(&both, Reader::Store);
        let guard = store.guard(FormKey::Login, Reader::Store).unwrap();
        assert_eq!(
            (
                guard.kind,
                guard.site_key.as_str(),
                guard.compact,
                guard.dark
            ),
            (Kind::Checkbox, "site-key", true, true)
        );
        assert_eq!(store.guard(FormKey::Create, Reader::Store), None);
        assert_eq!(store.private_key(Kind::Checkbox), "secret");
        let site = configured(&both[..2], Reader::Site);
        assert!(
            site.guard(FormKey::Login, Reader::Site).is_some(),
            "the site key is enough"
        );
        assert!(site.guard(FormKey::Login, Reader::Store).is_none());
    }

    #[test]
    fn a_site_refuses_the_stores_secret() {
        let mut config = RecaptchaConfig::default();
        let refused = config
            .set(
                "recaptcha_frontend/type_invisible/private_key",
                "s3cret",
                Reader::Site,
            )
            .unwrap_err();
        assert!(refused.contains("must never be published"), "{refused}");
        assert!(!refused.contains("s3cret"), "the error does not repeat it");
    }

    #[test]
    fn magentos_values_are_taken_and_the_rest_named() {
        let config = configured(
            &[
                (
                    "recaptcha_frontend/type_for/customer_create",
                    "recaptcha_v3",
                ),
                ("recaptcha_frontend/type_for/newsletter", "invisible"),
                ("recaptcha_frontend/type_recaptcha_v3/public_key", "k"),
                (
                    "recaptcha_frontend/type_recaptcha_v3/score_threshold",
                    "0.05",
                ),
                (
                    "recaptcha_frontend/type_recaptcha_v3/position",
                    "bottomleft",
                ),
                (
                    "recaptcha_frontend/failure_messages/validation_failure_message",
                    "x",
                ),
            ],
            Reader::Site,
        );
        let guard = config.guard(FormKey::Create, Reader::Site).unwrap();
        assert_eq!(
            guard.score_threshold.score(),
            0.1,
            "clamped as Magento reads it"
        );
        for bad in ["high", "", "1.2.3", "-1"] {
            assert!(Threshold::read(bad).is_none(), "{bad:?}");
        }
        assert_eq!(guard.badge, Badge::BottomLeft);
        let mut config = RecaptchaConfig::default();
        for (path, value, said) in [
            (
                "recaptcha_frontend/type_for/customer_login",
                "v2",
                "recaptcha_v3",
            ),
            (
                "recaptcha_frontend/type_for/checkout",
                "recaptcha",
                "not a form",
            ),
            (
                "recaptcha_frontend/type_recaptcha/position",
                "inline",
                "not a reCAPTCHA setting",
            ),
            (
                "recaptcha_frontend/type_invisible/theme",
                "blue",
                "light or dark",
            ),
        ] {
            let refused = config.set(path, value, Reader::Store).unwrap_err();
            assert!(refused.contains(said), "{path}: {refused}");
        }
        assert!(!config.guards_any(Reader::Store));
    }

    #[test]
    fn a_site_keeps_the_guarded_forms_of_its_settings() {
        let settings = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect()
        };
        let guards = RecaptchaConfig::read_site(&settings(&[
            ("recaptcha_frontend/type_for/customer_create", "invisible"),
            ("recaptcha_frontend/type_invisible/public_key", "k"),
        ]))
        .unwrap();
        assert_eq!(guards.of(FormKey::Create).unwrap().kind, Kind::Invisible);
        assert_eq!(guards.of(FormKey::Login), None);
        let secret = RecaptchaConfig::read_site(&settings(&[(
            "recaptcha_frontend/type_invisible/private_key",
            "s",
        )]));
        assert!(secret.unwrap_err().contains("must never be published"));
        let keyless = RecaptchaConfig::read_site(&settings(&[(
            "recaptcha_frontend/type_for/customer_create",
            "invisible",
        )]));
        assert!(keyless.unwrap_err().contains("public_key"));
    }

    #[test]
    fn a_type_without_its_site_key_is_named() {
        let config = configured(
            &[("recaptcha_frontend/type_for/customer_edit", "invisible")],
            Reader::Site,
        );
        let missing = config.missing_site_key().unwrap();
        assert!(missing.contains("type_invisible/public_key"), "{missing}");
    }

    #[test]
    fn a_policy_admits_the_provider_a_site_loads() {
        let google = policy_sources(GOOGLE_SCRIPT);
        assert!(google.script.contains("https://www.gstatic.com/recaptcha/"));
        assert!(google.frame.contains("https://www.google.com/recaptcha/"));
        let stand_in = policy_sources("http://127.0.0.1:8081/_emulator/recaptcha/api.js");
        assert_eq!(stand_in.script, " http://127.0.0.1:8081");
        assert_eq!(stand_in.connect, " http://127.0.0.1:8081");
        assert_eq!(
            policy_sources("/_emulator/recaptcha/api.js"),
            PolicySources::default()
        );
        assert_eq!(
            policy_sources("https://x.example; script-src *"),
            PolicySources::default()
        );
    }

    #[test]
    fn routes_are_guarded_by_their_forms() {
        assert_eq!(
            FormKey::of_route("POST", "integration/customer/token"),
            Some(FormKey::Login)
        );
        assert_eq!(
            FormKey::of_route("POST", "customers/resetPassword"),
            Some(FormKey::ForgotPassword)
        );
        assert_eq!(FormKey::of_route("PUT", "customers/me"), None);
        assert_eq!(
            FormKey::of_route("POST", "customers/isEmailAvailable"),
            None
        );
    }
}
