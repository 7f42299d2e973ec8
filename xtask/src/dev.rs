//! `cargo xtask dev`'s files: where the emulator keeps its store while developing, out of
//! what Trunk watches.

use std::path::{Path, PathBuf};

/// The dev store's database and mail, kept between runs (and out of git).
pub fn data_dir(root: &Path) -> PathBuf {
    root.join(".data")
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
