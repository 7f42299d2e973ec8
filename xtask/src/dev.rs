//! `cargo xtask dev`'s files: where the emulator keeps its store while developing, out of
//! what Trunk watches.

use commerce_rest::PasswordPolicy;
use commerce_rest::customer_config::CustomerConfig;
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

/// The dev site's own `config.json` when `--config` settings are given, in [`data_dir`].
pub const SITE_CONFIG: &str = "config.json";

/// `Trunk.toml` with the headers the emulator printed (`name: value` lines) added to `[serve]`,
/// and, with `site_config` (a path from the project root), a step that puts that file in the
/// built site as its `config.json`.
pub fn trunk_config(base: &str, demo_headers: &str, site_config: Option<&str>) -> String {
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

/// The dev site's `config.json`: the project's (`base`), with every setting the app's forms
/// follow (the customer form and the password policy) in its `customer_config`, each checked
/// as the app checks it. The emulator takes all of them; the others are its own.
pub fn site_config(base: &str, settings: &[(String, String)]) -> Result<String, String> {
    let mut config: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(base).map_err(|e| format!("public/config.json: {e}"))?;
    let mut form = CustomerConfig::default();
    let mut policy = PasswordPolicy::default();
    let mut customer_config = serde_json::Map::new();
    for (path, value) in settings {
        let taken = if PasswordPolicy::PATHS.contains(&path.as_str()) {
            policy.set(path, value)
        } else if CustomerConfig::PATHS.contains(&path.as_str()) {
            form.set(path, value)
        } else {
            continue;
        };
        taken.map_err(|why| format!("--config: {why}"))?;
        customer_config.insert(path.clone(), value.clone().into());
    }
    config.insert("customer_config".to_owned(), customer_config.into());
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
        let written: toml::Table =
            toml::from_str(&trunk_config(&base, printed, Some(".data/config.json"))).unwrap();
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
        let plain: toml::Table = toml::from_str(&trunk_config(&text, "", None)).unwrap();
        assert_eq!(plain["hooks"], base["hooks"], "no hook of its own");
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
