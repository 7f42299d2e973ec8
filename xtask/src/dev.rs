//! `cargo xtask dev`'s files: where the emulator keeps its store while developing, out of
//! what Trunk watches.

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

/// `Trunk.toml` with the headers the emulator printed (`name: value` lines) added to `[serve]`.
pub fn trunk_config(base: &str, demo_headers: &str) -> String {
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
    config
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
        let written: toml::Table = toml::from_str(&trunk_config(&base, printed)).unwrap();
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
