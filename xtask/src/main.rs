//! `cargo xtask`: the two commands a newcomer needs (`dev`, `test`) and the release tools
//! (`dist`, `sizes`). Every command first installs what is missing on the machine.

mod bundle;
mod cache;
mod dev;
mod sizes;
mod tools;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Develop, test and build the customer account app"
)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Serve the app on http://127.0.0.1:8080 with /rest proxied to the embedded emulator
    /// (or to a real store with --store-url).
    Dev {
        /// A Magento store to proxy /rest to instead of starting the emulator.
        #[arg(long, env = "COMMERCE_STORE_URL")]
        store_url: Option<String>,
        /// A store setting, `PATH=VALUE` as `bin/magento config:set` takes it (repeatable):
        /// the emulator follows it, and the dev site's config.json gets those its forms follow.
        #[arg(long = "config", value_name = "PATH=VALUE", value_parser = dev::setting)]
        config: Vec<(String, String)>,
    },
    /// Every check: format, lints, native tests, wasm tests in Chromium, the release
    /// build, its sizes, and browser tests against it.
    Test,
    /// Build the production static site into dist/.
    Dist {
        /// The path the site is served under, such as /shop/account/ (Trunk's public URL).
        #[arg(long, default_value = "/")]
        public_url: String,
    },
    /// Raw, gzip and brotli size of every file in dist/, against size-budget.toml.
    Sizes {
        /// Also show where the module's bytes go (twiggy, on the release module with its
        /// names kept).
        #[arg(long)]
        why: bool,
    },
    /// Trunk's build hook (`Trunk.toml`): the module built and split by page into Trunk's
    /// staging folder, with the start-up script that loads it.
    #[command(hide = true)]
    Bundle,
    /// Retake the README's screenshots (docs/*.png) with the browser tests.
    Screenshots,
    /// Lighthouse (mobile and desktop) on the release build served by the emulator: a
    /// report, not a test; the scores vary with the machine.
    Lighthouse,
    /// Benchmarks, not tests: cold starts of the release build in Chromium beside each
    /// page's cold-load size, and the emulator under simulated shoppers.
    Bench {
        /// Cold loads per page and network.
        #[arg(long, default_value_t = 11)]
        runs: u32,
        /// How many simulated shoppers at once, for each load run.
        #[arg(long, default_value = "32,64")]
        clients: String,
        /// How many times each shopper goes through registration to sign-out.
        #[arg(long, default_value_t = 5)]
        lives: u32,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = project_root();
    let result = match cli.command {
        Task::Dev { store_url, config } => dev(&root, store_url, &config),
        Task::Test => test(&root),
        Task::Dist { public_url } => tools::ensure_build_tools(&root)
            .and_then(|()| build_site(&root, &root.join("dist"), &public_url)),
        Task::Sizes { why } => sizes::report(&root.join("dist"))
            .and_then(|site| sizes::check_budget(&root, &site))
            .and_then(|()| if why { sizes::why(&root) } else { Ok(()) }),
        Task::Bundle => bundle::Hook::from_env().and_then(|hook| bundle::bundle(&root, &hook)),
        Task::Screenshots => screenshots(&root),
        Task::Lighthouse => lighthouse(&root),
        Task::Bench {
            runs,
            clients,
            lives,
        } => bench(&root, runs, &clients, lives),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The first 8 bytes of the SHA-256 of `parts`, in hex: a name for a content or a checkout.
pub fn short_hash(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part);
    }
    digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The checkout this task runs for. `cargo run` names it at run time; the path compiled in
/// is only a fallback, since an xtask binary built in a shared target directory may have been
/// compiled in another checkout.
fn project_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The checkout whose build caches this process uses.
static CHECKOUT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The Cargo target directory of one build kind of this checkout (see `cache`).
pub fn target_dir(kind: &str) -> PathBuf {
    let checkout = CHECKOUT.get_or_init(project_root);
    cache::dir_for(
        checkout,
        std::env::var_os("COMMERCE_CACHE_DIR").map(PathBuf::from),
    )
    .join(kind)
}

pub fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

fn cargo(root: &Path, kind: &str) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir(kind));
    command
}

fn trunk(root: &Path, kind: &str) -> Command {
    let mut command = Command::new("trunk");
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir(kind))
        .env("PATH", tools::path_with_tools(root));
    // Trunk's hook runs this very task runner, not a second build of it.
    if let Ok(me) = std::env::current_exe() {
        command.env("COMMERCE_XTASK", me);
    }
    command
}

/// The production site in `dist/`, served at the root of its host.
fn dist(root: &Path) -> Result {
    build_site(root, &root.join("dist"), "/")
}

/// The production site for a path of its host, with a `.br` and a `.gz` beside every file.
fn build_site(root: &Path, out: &Path, public_url: &str) -> Result {
    let public_url = format!("/{}/", public_url.trim_matches('/')).replace("//", "/");
    run(trunk(root, "wasm-release")
        .args([
            "build",
            "--release",
            "--offline",
            "--public-url",
            &public_url,
            "--dist",
        ])
        .arg(out))?;
    sizes::precompress(out)
}

/// Which Cargo command builds the emulator binary. Cargo gives shared dependencies the
/// features of what it builds at once, so each command compiles its own copy of them.
#[derive(Clone, Copy)]
enum EmulatorBuild {
    /// The emulator alone: the quickest build of it, to serve the app.
    Alone,
    /// As `cargo test --workspace` builds it for its own tests: after them, already built
    /// (on a cold checkout, 46 s saved, and 35 s of the browser tests' build, which shares
    /// the workspace's features too).
    WithTheTests,
}

fn emulator_binary(root: &Path, build: EmulatorBuild) -> Result<PathBuf> {
    let mut cargo = cargo(root, "native");
    match build {
        EmulatorBuild::Alone => cargo.args(["build", "--quiet", "-p", "commerce-emulator"]),
        EmulatorBuild::WithTheTests => cargo.args(["test", "--quiet", "--workspace", "--no-run"]),
    };
    run(&mut cargo)?;
    Ok(target_dir("native").join("debug").join("commerce-emulator"))
}

/// Kills the children when dropped, so that no server outlives the task.
struct Children(Vec<Child>);

impl Children {
    /// Until Ctrl-C, or until whichever server stops first; dropping them stops the rest.
    fn wait(mut self) -> Result {
        let (stop_tx, stop_rx) = std::sync::mpsc::channel();
        ctrlc::set_handler(move || {
            let _ = stop_tx.send(());
        })
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
        loop {
            if stop_rx.try_recv().is_ok() {
                return Ok(());
            }
            for child in &mut self.0 {
                if let Ok(Some(status)) = child.try_wait() {
                    return if status.success() {
                        Ok(())
                    } else {
                        Err(format!("a server stopped: {status}"))
                    };
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(250));
        }
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn dev(root: &Path, store_url: Option<String>, settings: &[(String, String)]) -> Result {
    tools::ensure_build_tools(root)?;
    let mut children = Children(Vec::new());
    let data = dev::data_dir(root);
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let site_config = write_site_config(root, &data, settings)?;
    let (backend, demo_headers) = match &store_url {
        Some(url) => {
            println!("Proxying /rest to the store at {url}");
            (format!("{}/rest", url.trim_end_matches('/')), String::new())
        }
        None => start_demo_store(root, &data, settings, &mut children)?,
    };
    let storefront = store_url.is_none().then_some(DEMO_STORE);
    let base = std::fs::read_to_string(root.join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    let trunk_config = dev::trunk_config(&base, &demo_headers, site_config.as_deref(), storefront);
    std::fs::write(root.join(dev::TRUNK_CONFIG), trunk_config)
        .map_err(|e| format!("cannot write {}: {e}", dev::TRUNK_CONFIG))?;
    let child = trunk(root, "wasm-dev")
        .args(["--config", dev::TRUNK_CONFIG, "serve", "--offline"])
        .args(["--address", "127.0.0.1", "--port", "8080"])
        .args(["--proxy-backend", &backend])
        .stdout(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    children.0.push(child);
    println!(
        "\nOpen http://127.0.0.1:8080 once Trunk has built the app. Ctrl-C stops everything.\n"
    );
    if store_url.is_none() {
        println!(
            "Demo store: sign in as jdoe@example.com / Password1; its e-mails arrive at \
             http://127.0.0.1:8081/_emulator/mail\n"
        );
    }
    children.wait()
}

/// With `--config` settings, the dev site's own config.json, which says what the emulator is
/// told, so that the two never disagree; its path from the project root.
fn write_site_config(
    root: &Path,
    data: &Path,
    settings: &[(String, String)],
) -> Result<Option<String>> {
    if settings.is_empty() {
        return Ok(None);
    }
    let base = std::fs::read_to_string(root.join("public/config.json"))
        .map_err(|e| format!("cannot read public/config.json: {e}"))?;
    let file = data.join(dev::SITE_CONFIG);
    std::fs::write(&file, dev::site_config(&base, settings)?)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(Some(format!(".data/{}", dev::SITE_CONFIG)))
}

/// Where `cargo xtask dev`'s demo store listens.
const DEMO_STORE: &str = "http://127.0.0.1:8081";

/// Starts the emulator as a demo store (the mailbox, the ready-made accounts; its e-mails
/// link to the site) with `settings`: where Trunk sends /rest, and the headers it adds.
fn start_demo_store(
    root: &Path,
    data: &Path,
    settings: &[(String, String)],
    children: &mut Children,
) -> Result<(String, String)> {
    let emulator = emulator_binary(root, EmulatorBuild::Alone)?;
    let demo = [
        "--listen",
        DEMO_STORE.trim_start_matches("http://"),
        "--demo",
        "--base-url",
        "http://127.0.0.1:8080",
    ];
    let headers = Command::new(&emulator)
        .args(demo)
        .arg("--demo-headers")
        .output()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let config_flags = dev::emulator_settings(settings)
        .into_iter()
        .flat_map(|(path, value)| ["--config".to_owned(), format!("{path}={value}")]);
    let child = Command::new(emulator)
        .args(demo)
        .args(config_flags)
        .args(["--fault-switch", "--db"])
        .arg(data.join("commerce-emulator.sqlite"))
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    children.0.push(child);
    let headers = String::from_utf8_lossy(&headers.stdout).into_owned();
    Ok((format!("{DEMO_STORE}/rest"), headers))
}

/// The tally of every check and test the test command ran.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Says how it went and how long it took; an error if anything failed.
    fn finish(self, started: std::time::Instant) -> Result {
        println!(
            "\nTook {:.1} minutes.",
            started.elapsed().as_secs_f64() / 60.0
        );
        if !self.failures.is_empty() {
            println!("Failed: {}", self.failures.join("; "));
        }
        println!("{} passed, {} failed", self.passed, self.failed);
        if self.failed == 0 {
            Ok(())
        } else {
            Err("some checks failed".into())
        }
    }

    /// Runs one check under its heading; tells whether it passed.
    fn check(&mut self, name: &str, step: impl FnOnce() -> Result) -> bool {
        match timed(name, step) {
            Ok(()) => {
                self.passed += 1;
                true
            }
            Err(e) => {
                eprintln!("FAILED: {name}: {e}");
                self.failed += 1;
                self.failures.push(name.to_owned());
                false
            }
        }
    }

    /// Runs a test binary's command and adds its own counts.
    fn tests(&mut self, name: &str, command: &mut Command) {
        match timed(name, || run_counting(command)) {
            Ok((passed, failed, success)) => {
                self.passed += passed;
                self.failed += failed;
                if !success || failed > 0 {
                    if failed == 0 {
                        self.failed += 1;
                    }
                    self.failures.push(name.to_owned());
                }
            }
            Err(e) => {
                eprintln!("FAILED: {name}: {e}");
                self.failed += 1;
                self.failures.push(name.to_owned());
            }
        }
    }
}

/// Runs a step under its heading, and says how long it took (where a run's time goes).
fn timed<T>(name: &str, step: impl FnOnce() -> T) -> T {
    println!("\n==> {name}");
    let started = std::time::Instant::now();
    let outcome = step();
    println!(
        "<== {name}: {:.1} minutes",
        started.elapsed().as_secs_f64() / 60.0
    );
    outcome
}

/// Runs a libtest-style command, echoing its output and adding up its `test result:` lines.
fn run_counting(command: &mut Command) -> Result<(usize, usize, bool)> {
    use std::io::{BufRead, BufReader};
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout)
        .lines()
        .map_while(std::result::Result::ok)
    {
        println!("{line}");
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            let count = |word: &str| {
                rest.split(';')
                    .find_map(|part| {
                        part.trim().strip_suffix(word).map(|n| {
                            n.trim()
                                .rsplit(' ')
                                .next()
                                .unwrap_or("0")
                                .parse::<usize>()
                                .unwrap_or(0)
                        })
                    })
                    .unwrap_or(0)
            };
            passed += count(" passed");
            failed += count(" failed");
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((passed, failed, status.success()))
}

/// The path the sub-path build is for, as the nginx recipe's variant serves it.
const SUB_PATH: &str = "/shop/account/";

/// The end-to-end tests, driving `dist/` in headless Chromium against `emulator`.
fn browser_tests(root: &Path, emulator: &Path) -> Command {
    let mut command = cargo(root, "native");
    command
        .args([
            "test",
            "--workspace",
            "--features",
            "commerce-account/browser-tests",
            "--test",
            "browser",
            "--",
            "--test-threads",
            "1",
        ])
        .env("COMMERCE_DIST", root.join("dist"))
        .env("COMMERCE_DIST_SUBPATH", root.join("dist-subpath"))
        .env("COMMERCE_NGINX", tools::NGINX)
        .env("COMMERCE_EMULATOR", emulator)
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("CHROMIUM", tools::CHROMIUM);
    command
}

/// An emulator serving the release build on a free loopback port, with a throwaway store;
/// stopped when dropped.
struct ServedSite {
    base: String,
    _process: Children,
}

fn serve_site(root: &Path) -> Result<ServedSite> {
    use std::io::{BufRead, BufReader};
    let emulator = emulator_binary(root, EmulatorBuild::Alone)?;
    let mail = target_dir("mail");
    let mut child = Command::new(emulator)
        .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--serve-dir"])
        .arg(root.join("dist"))
        .arg("--mail-dir")
        .arg(mail)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let base = lines
        .by_ref()
        .map_while(std::result::Result::ok)
        .find_map(|line| {
            line.strip_prefix("commerce-emulator listening on ")
                .map(str::to_owned)
        })
        .ok_or("the emulator did not say where it listens")?;
    // Keep reading its log, so that it never waits for a reader.
    std::thread::spawn(move || lines.for_each(drop));
    Ok(ServedSite {
        base,
        _process: Children(vec![child]),
    })
}

fn lighthouse(root: &Path) -> Result {
    tools::ensure_build_tools(root)?;
    tools::ensure_browser()?;
    tools::ensure_npm_tool(root, "lighthouse", "node_modules/lighthouse/package.json")?;
    dist(root)?;
    let site = serve_site(root)?;
    let reports = target_dir("lighthouse-reports");
    run(Command::new("node")
        .current_dir(root.join("tools/lighthouse"))
        .arg("lighthouse.mjs")
        .arg(&site.base)
        .arg(&reports)
        .env("CHROME_PATH", tools::CHROMIUM))
}

fn bench(root: &Path, runs: u32, clients: &str, lives: u32) -> Result {
    tools::ensure_build_tools(root)?;
    tools::ensure_browser()?;
    tools::ensure_npm_tool(root, "lighthouse", "node_modules/lighthouse/package.json")?;
    dist(root)?;
    println!("\n==> each page's cold load of the release build");
    let built = sizes::report(&root.join("dist"))?;
    sizes::check_budget(root, &built)?;
    let site = serve_site(root)?;
    println!("\n==> cold start: from navigation until the form's first input takes typing");
    run(Command::new("node")
        .current_dir(root.join("tools/lighthouse"))
        .arg("startup.mjs")
        .arg(&site.base)
        .arg(runs.to_string())
        .env("CHROME_PATH", tools::CHROMIUM))?;
    println!("\n==> the emulator under load (release build)");
    run(cargo(root, "native").args(["build", "--release", "-p", "commerce-emulator"]))?;
    let emulator = target_dir("native")
        .join("release")
        .join("commerce-emulator");
    run(cargo(root, "native")
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "commerce-emulator",
            "--example",
            "load",
            "--",
        ])
        .arg(emulator)
        .args([clients.to_owned(), lives.to_string()]))
}

/// What the browser tests need besides the build's tools.
fn ensure_test_tools(root: &Path) -> Result {
    tools::ensure_build_tools(root)?;
    tools::ensure_browser()?;
    tools::ensure_axe(root)?;
    tools::ensure_nginx()
}

fn screenshots(root: &Path) -> Result {
    ensure_test_tools(root)?;
    dist(root)?;
    build_site(root, &root.join("dist-subpath"), SUB_PATH)?;
    let emulator = emulator_binary(root, EmulatorBuild::WithTheTests)?;
    run(browser_tests(root, &emulator).env("COMMERCE_SCREENSHOTS", root.join("docs")))
}

fn test(root: &Path) -> Result {
    let started = std::time::Instant::now();
    timed("the tools the tests use", || ensure_test_tools(root))?;
    let mut tally = Tally::default();
    lint(&mut tally, root);
    tally.tests(
        "native tests",
        cargo(root, "native").args(["test", "--workspace", "--no-fail-fast"]),
    );
    tally.tests(
        "wasm-bindgen tests in headless Chromium",
        &mut wasm_tests(root),
    );
    let built = tally.check("release build of the static site (dist/)", || dist(root))
        && tally.check("release build for a sub-path (dist-subpath/)", || {
            build_site(root, &root.join("dist-subpath"), SUB_PATH)
        });
    if built {
        tally.check("bundle sizes within size-budget.toml", || {
            let site = sizes::report(&root.join("dist"))?;
            sizes::check_budget(root, &site)
        });
        match emulator_binary(root, EmulatorBuild::WithTheTests) {
            Ok(emulator) => tally.tests(
                "browser tests against the release build",
                &mut browser_tests(root, &emulator),
            ),
            Err(e) => {
                tally.check("build the emulator for the browser tests", || Err(e));
            }
        }
    }
    tally.finish(started)
}

/// Formatting, and clippy on every target with warnings denied.
fn lint(tally: &mut Tally, root: &Path) {
    tally.check("cargo fmt --check", || {
        run(cargo(root, "native").args(["fmt", "--all", "--check"]))
    });
    let deny = ["--", "-D", "warnings"];
    tally.check("clippy (native, all targets, warnings denied)", || {
        run(cargo(root, "native")
            .args(["clippy", "--workspace", "--all-targets", "--all-features"])
            .args(deny))
    });
    tally.check("clippy (wasm32 app, warnings denied)", || {
        run(cargo(root, "wasm-test")
            .args([
                "clippy",
                "-p",
                "commerce-account",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(["--all-targets"])
            .args(deny))
    });
}

/// The app's tests that need a browser's JavaScript, in headless Chromium.
fn wasm_tests(root: &Path) -> Command {
    let mut command = cargo(root, "wasm-test");
    command
        .args([
            "test",
            "-p",
            "commerce-account",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--test", "web", "--features", "one-module"])
        .env("PATH", tools::path_with_tools(root))
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root.join("tests").join("webdriver.json"),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    command
}
