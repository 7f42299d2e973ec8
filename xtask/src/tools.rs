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

pub fn ensure_build_tools(root: &Path) -> Result {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let path = path_with_tools(root);
    let with_path = |program: &str, args: &[&str]| -> Option<String> {
        let out = Command::new(program)
            .args(args)
            .env("PATH", &path)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    if !with_path("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK_VERSION)) {
        cargo_install(&["trunk", "--version", TRUNK_VERSION, "--locked"])?;
    }
    let bindgen = locked_wasm_bindgen(root)?;
    if !with_path("wasm-bindgen", &["--version"])
        .is_some_and(|v| v.split_whitespace().any(|w| w == bindgen))
    {
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
