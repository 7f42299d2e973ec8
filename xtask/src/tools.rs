//! Installs what the build needs on a machine that has only Rust: the wasm target, Trunk,
//! wasm-bindgen-cli at the exact version of the `wasm-bindgen` crate in Cargo.lock, a
//! current wasm-opt from npm (Debian's is too old and breaks the module), and Debian's
//! Chromium with its driver for the browser tests.

use crate::{Result, run};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";
const TWIGGY_VERSION: &str = "0.8.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `tools/wasm-opt/node_modules/.bin` and cargo's bin folder before the rest of PATH.
pub fn path_with_tools(root: &Path) -> std::ffi::OsString {
    let mut dirs = vec![root.join("tools/wasm-opt/node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).expect("paths join")
}

/// The version of the `wasm-bindgen` crate that Cargo.lock pins.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

fn cargo_install(args: &[&str]) -> Result {
    println!("xtask: installing {}", args.join(" "));
    run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .arg("install")
            .args(args),
    )
}

/// The tools the module is bound and shrunk with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildTool {
    WasmBindgen,
    WasmOpt,
}

impl BuildTool {
    fn program(self) -> &'static str {
        match self {
            BuildTool::WasmBindgen => "wasm-bindgen",
            BuildTool::WasmOpt => "wasm-opt",
        }
    }

    /// Its version as Trunk reads it from `--version` and `[tools]` spells it:
    /// `wasm-bindgen 0.2.130` is `0.2.130`, `wasm-opt version 132 (version_132)` is
    /// `version_132`.
    fn version_in(self, output: &str) -> Option<String> {
        let word = |n| output.split_whitespace().nth(n);
        match self {
            BuildTool::WasmBindgen => word(1).map(str::to_owned),
            BuildTool::WasmOpt => word(2).map(|v| format!("version_{v}")),
        }
    }

    /// The version of the one on `path`, if there is one.
    fn installed(self, path: &std::ffi::OsStr) -> Option<String> {
        let out = Command::new(self.program())
            .arg("--version")
            .env("PATH", path)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| self.version_in(&String::from_utf8_lossy(&out.stdout)))
            .flatten()
    }
}

/// What `Trunk.toml`'s `[tools]` pins, as Trunk spells the versions.
#[derive(Debug, PartialEq, Eq)]
pub struct Pinned {
    pub wasm_bindgen: String,
    pub wasm_opt: String,
}

impl Pinned {
    pub fn read(root: &Path) -> Result<Pinned> {
        #[derive(serde::Deserialize)]
        struct Tools {
            wasm_bindgen: String,
            wasm_opt: String,
        }
        #[derive(serde::Deserialize)]
        struct TrunkToml {
            tools: Tools,
        }
        let text = std::fs::read_to_string(root.join("Trunk.toml"))
            .map_err(|e| format!("Trunk.toml: {e}"))?;
        let config: TrunkToml =
            toml::from_str(&text).map_err(|e| format!("Trunk.toml [tools]: {e}"))?;
        Ok(Pinned {
            wasm_bindgen: config.tools.wasm_bindgen,
            wasm_opt: config.tools.wasm_opt,
        })
    }

    fn of(&self, tool: BuildTool) -> &str {
        match tool {
            BuildTool::WasmBindgen => &self.wasm_bindgen,
            BuildTool::WasmOpt => &self.wasm_opt,
        }
    }

    /// Whether `tools` on the build's PATH are the pinned ones: Trunk's build hook stops with
    /// one line that names the commands that install them, rather than bind the module with
    /// another wasm-bindgen (which the module would not run with).
    pub fn check(&self, root: &Path, tools: &[BuildTool]) -> Result {
        let path = path_with_tools(root);
        for &tool in tools {
            let wanted = self.of(tool);
            let found = tool.installed(&path);
            if found.as_deref() != Some(wanted) {
                let found = found.map_or("none".to_owned(), |v| format!("{v} is"));
                return Err(format!(
                    "{} {wanted}, which Trunk.toml pins, is not installed ({found} on the PATH): run `cargo xtask dev` or `cargo xtask dist`, which install it",
                    tool.program()
                ));
            }
        }
        Ok(())
    }
}

pub fn ensure_build_tools(root: &Path) -> Result {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let path = path_with_tools(root);
    let trunk = Command::new("trunk")
        .arg("--version")
        .env("PATH", &path)
        .output()
        .ok()
        .filter(|out| out.status.success());
    if !trunk.is_some_and(|out| String::from_utf8_lossy(&out.stdout).contains(TRUNK_VERSION)) {
        cargo_install(&["trunk", "--version", TRUNK_VERSION, "--locked"])?;
    }
    let bindgen = locked_wasm_bindgen(root)?;
    if BuildTool::WasmBindgen.installed(&path).as_deref() != Some(bindgen.as_str()) {
        // Not --locked: the CLI's own lock file may name crates this toolchain cannot build.
        cargo_install(&["wasm-bindgen-cli", "--version", &bindgen])?;
    }
    ensure_npm_tool(root, "wasm-opt", "node_modules/.bin/wasm-opt")?;
    Ok(())
}

/// An npm package of `tools/<folder>`, at the versions its `package-lock.json` pins.
pub fn ensure_npm_tool(root: &Path, folder: &str, installed: &str) -> Result {
    let dir = root.join("tools").join(folder);
    if dir.join(installed).exists() {
        return Ok(());
    }
    if output_of("npm", &["--version"]).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    println!("xtask: installing tools/{folder} (npm, pinned by its package-lock.json)");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))
}

/// axe-core, which the browser tests run on every screen.
pub fn ensure_axe(root: &Path) -> Result {
    ensure_npm_tool(root, "axe", "node_modules/axe-core/axe.min.js")
}

/// twiggy, for `cargo xtask sizes --why`.
pub fn ensure_twiggy() -> Result {
    let installed = Command::new("twiggy")
        .arg("--version")
        .env("PATH", path_with_tools(Path::new(".")))
        .output()
        .ok()
        .is_some_and(|out| String::from_utf8_lossy(&out.stdout).contains(TWIGGY_VERSION));
    if installed {
        return Ok(());
    }
    cargo_install(&["twiggy", "--version", TWIGGY_VERSION, "--locked"])
}

pub const NGINX: &str = "/usr/sbin/nginx";
const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Debian's nginx 1.22 with its brotli_static module, for the tests of `deploy/nginx/`.
pub fn ensure_nginx() -> Result {
    if Path::new(NGINX).exists() && Path::new(BROTLI_STATIC).exists() {
        return Ok(());
    }
    apt_install(&["nginx", "libnginx-mod-http-brotli-static"])
}

pub fn ensure_browser() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

fn apt_install(packages: &[&str]) -> Result {
    let command = format!(
        "apt-get update && apt-get install -y {}",
        packages.join(" ")
    );
    let is_root = output_of("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    if !is_root {
        return Err(format!(
            "{} missing; install with: sudo sh -c '{command}'",
            packages.join(", ")
        ));
    }
    println!("xtask: {command}");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkout() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    /// The version of the npm `binaryen` that `tools/wasm-opt/package-lock.json` pins, as Trunk
    /// spells a wasm-opt version.
    fn locked_wasm_opt(root: &Path) -> Result<String> {
        let path = root.join("tools/wasm-opt/package-lock.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let lock: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let version = lock["packages"]["node_modules/binaryen"]["version"]
            .as_str()
            .ok_or("tools/wasm-opt/package-lock.json pins no binaryen")?;
        let major = version.split('.').next().unwrap_or(version);
        Ok(format!("version_{major}"))
    }

    #[test]
    fn trunk_toml_pins_the_tools_the_lock_files_name() {
        let root = checkout();
        let pinned = Pinned::read(&root).unwrap();
        assert_eq!(
            pinned.wasm_bindgen,
            locked_wasm_bindgen(&root).unwrap(),
            "Trunk.toml [tools] wasm_bindgen and the wasm-bindgen crate in Cargo.lock"
        );
        assert_eq!(
            pinned.wasm_opt,
            locked_wasm_opt(&root).unwrap(),
            "Trunk.toml [tools] wasm_opt and binaryen in tools/wasm-opt/package-lock.json"
        );
    }

    #[test]
    fn versions_are_read_as_trunk_reads_them() {
        assert_eq!(
            BuildTool::WasmBindgen
                .version_in("wasm-bindgen 0.2.130\n")
                .as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            BuildTool::WasmOpt
                .version_in("wasm-opt version 132 (version_132)\n")
                .as_deref(),
            Some("version_132")
        );
        assert_eq!(BuildTool::WasmOpt.version_in(""), None);
    }

    #[test]
    fn index_html_tells_trunk_to_build_no_module_of_its_own() {
        // Without a `rel="rust"` link, Trunk builds the Cargo.toml beside index.html itself
        // (its html pipeline's `RustApp::new_default`): an unsplit module nobody loads.
        let html = std::fs::read_to_string(checkout().join("index.html")).unwrap();
        let link = html
            .lines()
            .find(|line| line.contains(r#"rel="rust""#))
            .expect("index.html has a rust link");
        assert!(link.contains("data-trunk-skip"), "{link}");
    }
}
