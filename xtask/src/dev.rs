//! `cargo xtask dev`'s files: where the emulator keeps its store while developing, out of
//! what Trunk watches.

use commerce_rest::PasswordPolicy;
use commerce_rest::customer_config::CustomerConfig;
use commerce_rest::recaptcha::{self, RecaptchaConfig};
use std::path::{Path, PathBuf};

/// The dev store's database and mail, kept between runs (and out of git).
pub fn data_dir(root: &Path) -> PathBuf {
    root.join(".data")
}

/// Trunk's configuration while it serves the site in front of the demo store: `Trunk.toml`,
/// and the demo store's headers on the site's own files, so that the app knows the store is a
/// demo from its `config.json` (as when the emulator serves the site). Beside `Trunk.toml`,
/// whose folder Trunk works from; written by every `cargo xtask dev`, ignored by git.
pub const TRUNK_CONFIG: &str = "Trunk.dev.toml";

/// The storefront's paths that the demo store answers in place of Magento.
const STOREFRONT_PATHS: [&str; 2] = [
    "/customer/account/confirm/",
    "/customer/account/confirmation/",
];

/// The dev site's own `config.json` when `--config` settings are given, in [`data_dir`].
pub const SITE_CONFIG: &str = "config.json";

/// `Trunk.toml` with the headers the emulator printed (`name: value` lines) added to `[serve]`,
/// and, with `site_config` (a path from the project root), a step that puts that file in the
/// built site as its `config.json`.
pub fn trunk_config(
    base: &str,
    demo_headers: &str,
    site_config: Option<&str>,
    storefront: Option<&str>,
) -> String {
    let quoted = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let mut config = format!(
        "# Written by `cargo xtask dev` from Trunk.toml; edit that one.\n{base}\n[serve.headers]\n"
    );
    for (name, value) in demo_headers.lines().filter_map(|l| l.split_once(": ")) {
        config.push_str(&format!(
            "{} = {}\n",
            quoted(name.trim()),
            quoted(value.trim())
        ));
    }
    // The storefront pages the emulator stands in for: the e-mailed confirmation link, and
    // its page that sends the link again.
    for path in storefront.into_iter().flat_map(|store| {
        STOREFRONT_PATHS.map(|path| format!("{}{path}", store.trim_end_matches('/')))
    }) {
        config.push_str(&format!("\n[[proxy]]\nbackend = {}\n", quoted(&path)));
    }
    if let Some(file) = site_config {
        let copy = format!("cp {file} \"$TRUNK_STAGING_DIR/config.json\"");
        config.push_str(&format!(
            "\n[[hooks]]\nstage = \"post_build\"\ncommand = \"sh\"\ncommand_arguments = [\"-c\", {}]\n",
            quoted(&copy)
        ));
    }
    config
}

/// One `--config PATH=VALUE`.
pub fn setting(text: &str) -> Result<(String, String), String> {
    let (path, value) = text
        .split_once('=')
        .ok_or_else(|| format!("--config {text:?} is not PATH=VALUE"))?;
    Ok((path.trim().to_owned(), value.trim().to_owned()))
}

/// Where the dev site loads the emulator's reCAPTCHA stand-in from.
pub const RECAPTCHA_STAND_IN: &str = "http://127.0.0.1:8081/_emulator/recaptcha/api.js";

/// The emulator's settings for `settings`: as given, and for every reCAPTCHA type given a
/// site key without its secret one, a secret of the stand-in's (it checks tokens against the
/// site key), so that `--config recaptcha_frontend/...` with a type and a key guards the form.
pub fn emulator_settings(settings: &[(String, String)]) -> Vec<(String, String)> {
    let mut all = settings.to_vec();
    for (path, _) in settings {
        if let Some(group) = path
            .strip_prefix(recaptcha::PREFIX)
            .and_then(|rest| rest.strip_suffix("/public_key"))
        {
            let secret = format!("{}{group}/private_key", recaptcha::PREFIX);
            if !settings.iter().any(|(p, _)| *p == secret) {
                all.push((secret, "emulator-stand-in".to_owned()));
            }
        }
    }
    all
}

/// The dev site's `config.json`: the project's (`base`), with every setting the app's forms
/// follow (the customer form, the password policy, reCAPTCHA but its secret keys) in its
/// `customer_config`, each checked as the app checks it, and the emulator's reCAPTCHA
/// stand-in when a form is guarded. The emulator takes all of them; the others are its own.
pub fn site_config(base: &str, settings: &[(String, String)]) -> Result<String, String> {
    let mut config: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(base).map_err(|e| format!("public/config.json: {e}"))?;
    let mut form = CustomerConfig::default();
    let mut policy = PasswordPolicy::default();
    let mut guards = RecaptchaConfig::default();
    let mut customer_config = serde_json::Map::new();
    for (path, value) in settings {
        let taken = if PasswordPolicy::PATHS.contains(&path.as_str()) {
            policy.set(path, value)
        } else if CustomerConfig::PATHS.contains(&path.as_str()) {
            form.set(path, value)
        } else if RecaptchaConfig::owns(path) && !path.ends_with("/private_key") {
            guards.set(path, value, recaptcha::Reader::Site)
        } else {
            continue;
        };
        taken.map_err(|why| format!("--config: {why}"))?;
        customer_config.insert(path.clone(), value.clone().into());
    }
    config.insert("customer_config".to_owned(), customer_config.into());
    if guards.guards_any(recaptcha::Reader::Site) {
        config.insert("recaptcha_script_url".to_owned(), RECAPTCHA_STAND_IN.into());
    }
    Ok(serde_json::to_string_pretty(&config).expect("a JSON object") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paths Trunk watches, from `Trunk.toml` (with none listed, the whole project).
    fn watched(root: &Path) -> Vec<PathBuf> {
        #[derive(serde::Deserialize, Default)]
        struct Watch {
            #[serde(default)]
            watch: Vec<PathBuf>,
        }
        #[derive(serde::Deserialize)]
        struct TrunkToml {
            #[serde(default)]
            watch: Watch,
        }
        let text = std::fs::read_to_string(root.join("Trunk.toml")).expect("Trunk.toml");
        let config: TrunkToml = toml::from_str(&text).expect("Trunk.toml parses");
        match config.watch.watch.is_empty() {
            true => vec![root.to_path_buf()],
            false => config.watch.watch.iter().map(|p| root.join(p)).collect(),
        }
    }

    fn checkout() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    #[test]
    fn a_write_of_the_dev_store_is_not_a_change_trunk_rebuilds_for() {
        let root = checkout();
        let data = data_dir(&root);
        let written = [
            data.join("commerce-emulator.sqlite-wal"),
            data.join("mail/1.eml"),
        ];
        for path in watched(&root) {
            assert!(
                path.exists(),
                "Trunk.toml watches {}, which is not there",
                path.display()
            );
            for file in &written {
                assert!(
                    !file.starts_with(&path),
                    "{} is under watched {}",
                    file.display(),
                    path.display()
                );
            }
        }
    }

    #[test]
    fn the_dev_site_sends_the_demo_stores_headers_with_its_own_files() {
        let root = checkout();
        let base = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let printed = "x-demo-mailbox: http://127.0.0.1:8081/_emulator/mail\nx-demo-accounts: jdoe@example.com / Password1, \"q\" / x\\y\n";
        let written: toml::Table = toml::from_str(&trunk_config(
            &base,
            printed,
            Some(".data/config.json"),
            Some("http://127.0.0.1:8081"),
        ))
        .unwrap();
        let base: toml::Table = toml::from_str(&base).unwrap();
        let headers = written["serve"]["headers"].as_table().unwrap();
        assert_eq!(
            headers["x-demo-mailbox"].as_str(),
            Some("http://127.0.0.1:8081/_emulator/mail")
        );
        assert_eq!(
            headers["x-demo-accounts"].as_str(),
            Some("jdoe@example.com / Password1, \"q\" / x\\y")
        );
        assert_eq!(written["watch"], base["watch"], "the rest is Trunk.toml's");
        assert_eq!(written["build"], base["build"]);
        let hooks = written["hooks"].as_array().unwrap();
        let base_hooks = base["hooks"].as_array().unwrap();
        assert_eq!(
            hooks[..base_hooks.len()],
            base_hooks[..],
            "Trunk.toml's hooks first"
        );
        let hook = hooks.last().unwrap();
        assert_eq!(hook["stage"].as_str(), Some("post_build"));
        assert!(
            hook["command_arguments"][1]
                .as_str()
                .unwrap()
                .contains(".data/config.json"),
            "{hook:?}"
        );
        let text = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let proxies = written["proxy"].as_array().unwrap();
        assert_eq!(
            proxies[0]["backend"].as_str(),
            Some("http://127.0.0.1:8081/customer/account/confirm/")
        );
        let plain: toml::Table = toml::from_str(&trunk_config(&text, "", None, None)).unwrap();
        assert_eq!(plain["hooks"], base["hooks"], "no hook of its own");
        assert!(
            plain.get("proxy").is_none(),
            "a real store's storefront is its own"
        );
    }

    #[test]
    fn the_dev_sites_config_json_says_what_the_emulator_was_told() {
        let root = checkout();
        let base = std::fs::read_to_string(root.join("public/config.json")).unwrap();
        let settings: Vec<_> = [
            "customer/address/dob_show=req",
            "customer/address/street_lines=3",
            "customer/password/minimum_password_length=12",
            "customer/password/max_number_password_reset_requests=2",
        ]
        .iter()
        .map(|s| setting(s).unwrap())
        .collect();
        let written: serde_json::Value =
            serde_json::from_str(&site_config(&base, &settings).unwrap()).unwrap();
        let form = &written["customer_config"];
        assert_eq!(form["customer/address/dob_show"], "req");
        assert_eq!(form["customer/address/street_lines"], "3");
        assert_eq!(form["customer/password/minimum_password_length"], "12");
        assert!(
            form.get("customer/password/max_number_password_reset_requests")
                .is_none(),
            "the emulator's own setting stays the emulator's"
        );
        let base: serde_json::Value = serde_json::from_str(&base).unwrap();
        assert_eq!(written["store_code"], base["store_code"]);
        let refused = site_config(
            &base.to_string(),
            &[setting("customer/address/dob_show=yes").unwrap()],
        );
        assert!(refused.unwrap_err().contains("dob_show"));
        assert!(setting("customer/address/dob_show").is_err());
    }

    #[test]
    fn a_guarded_form_in_dev_guards_both_sides_and_keeps_the_secret_off_the_site() {
        let root = checkout();
        let base = std::fs::read_to_string(root.join("public/config.json")).unwrap();
        let settings: Vec<_> = [
            "recaptcha_frontend/type_for/customer_login=recaptcha",
            "recaptcha_frontend/type_recaptcha/public_key=dev-site-key",
        ]
        .iter()
        .map(|s| setting(s).unwrap())
        .collect();
        let emulator = emulator_settings(&settings);
        assert!(emulator.contains(&(
            "recaptcha_frontend/type_recaptcha/private_key".to_owned(),
            "emulator-stand-in".to_owned()
        )));
        let written: serde_json::Value =
            serde_json::from_str(&site_config(&base, &emulator).unwrap()).unwrap();
        assert_eq!(written["recaptcha_script_url"], RECAPTCHA_STAND_IN);
        let form = written["customer_config"].as_object().unwrap();
        assert_eq!(
            form["recaptcha_frontend/type_for/customer_login"],
            "recaptcha"
        );
        assert!(
            !form.keys().any(|path| path.ends_with("private_key")),
            "{form:?}"
        );
    }

    #[test]
    fn what_the_app_is_built_from_is_watched() {
        let root = checkout();
        let watched = watched(&root);
        for source in [
            "src/lib.rs",
            "style/main.css",
            "public/i18n/de_DE.json",
            "commerce-rest/src/lib.rs",
            "index.html",
        ] {
            let file = root.join(source);
            assert!(
                watched.iter().any(|path| file.starts_with(path)),
                "{source} is not watched"
            );
        }
    }
}
