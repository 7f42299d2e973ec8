//! Where a checkout's builds are cached. Each checkout has its own: Cargo's fingerprints leave
//! the checkout's path out and it copies each final artifact (the app's module, the emulator)
//! to one fixed path of its target directory, so a second checkout sharing that directory (CI's
//! fresh clone beside a working one) could ship the first one's build as its own.

use std::path::{Path, PathBuf};

/// `target/` inside the checkout; or, with a shared cache directory (`COMMERCE_CACHE_DIR`), a
/// folder of it named for the checkout's path, so that many checkouts keep their caches in one
/// place without sharing them.
pub fn dir_for(checkout: &Path, shared: Option<PathBuf>) -> PathBuf {
    let Some(base) = shared else {
        return checkout.join("target");
    };
    let path = checkout
        .canonicalize()
        .unwrap_or_else(|_| checkout.to_path_buf());
    let hash = crate::short_hash(&[path.as_os_str().as_encoded_bytes()]);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    base.join(format!("{name}-{hash}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::time::{Duration, SystemTime};

    /// A checkout of a one-file program that prints `word`, its sources dated `age` ago.
    fn checkout(at: &Path, word: &str, age: Duration) -> PathBuf {
        let root = at.to_path_buf();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname = \"site\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
        )
        .unwrap();
        let main = root.join("src/main.rs");
        std::fs::write(&main, format!("fn main() {{ print!(\"{word}\"); }}\n")).unwrap();
        let dated = SystemTime::now() - age;
        for file in [root.join("Cargo.toml"), main] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(dated)
                .unwrap();
        }
        root
    }

    /// Builds the checkout into its cache directory and runs what was built.
    fn build_and_run(checkout: &Path, shared: Option<PathBuf>) -> String {
        let target = dir_for(checkout, shared).join("native");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "--offline"])
            .current_dir(checkout)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .unwrap();
        assert!(status.success(), "building {}", checkout.display());
        let out = Command::new(target.join("debug/site")).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    fn two_checkouts_build_their_own_sources(shared: impl Fn(&Path) -> Option<PathBuf>) {
        let room = tempfile_dir();
        let first = checkout(&room.join("first"), "first", Duration::ZERO);
        // The second clone's files look older than the first one's build, as a checkout
        // made earlier, or restored with its dates, does.
        let second = checkout(&room.join("second"), "second", Duration::from_secs(3600));
        assert_eq!(build_and_run(&first, shared(&room)), "first");
        assert_eq!(build_and_run(&second, shared(&room)), "second");
        std::fs::remove_dir_all(&room).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "xtask-cache-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn two_checkouts_build_different_sites_by_default() {
        two_checkouts_build_their_own_sources(|_| None);
    }

    #[test]
    fn two_checkouts_sharing_a_cache_directory_still_build_different_sites() {
        two_checkouts_build_their_own_sources(|room| Some(room.join("cache")));
    }

    #[test]
    fn a_checkout_keeps_its_cache_from_run_to_run() {
        let shared = Some(PathBuf::from("/var/cache/commerce"));
        let here = Path::new("/nonexistent/work/main");
        assert_eq!(dir_for(here, shared.clone()), dir_for(here, shared.clone()));
        assert_ne!(
            dir_for(here, shared.clone()),
            dir_for(Path::new("/nonexistent/ci/main"), shared)
        );
        assert_eq!(dir_for(here, None), here.join("target"));
    }
}
