//! The app's module as the site serves it, built by page: Trunk builds the site and runs
//! this step as its hook (`Trunk.toml`), for `cargo xtask dev`, `dist` and the tests alike,
//! because Trunk cannot split a module itself (trunk-rs/trunk#1022). The step is the one
//! cargo-leptos runs for `--split`: `cargo rustc` links with relocations kept, the module is
//! cut into a main part and a chunk per page (`wasm_split_cli_support`, at the functions
//! `src/pages/lazy.rs` marks), wasm-bindgen binds the main part, wasm-opt shrinks every part,
//! and every file gets a name from its content, so that a host may cache it for a year.
//! The start-up script, a file of its own (the Content-Security-Policy admits no inline
//! script), starts fetching the chunk of the page being opened beside the main part.

use crate::tools::{BuildTool, Pinned, path_with_tools};
use crate::{Result, run, short_hash};
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "commerce-account";
/// Stands for a content hash in names written before the content is final; as long as one.
const PLACEHOLDER: &str = "________________";

/// Which page's chunk each path of the site opens, the build's side of `src/route.rs`; the
/// build refuses a chunk name the split module does not have, and the browser tests open
/// every page from cold. `*` is one of her addresses.
pub const PAGE_CHUNKS: &[(&str, &str)] = &[
    ("", "account"),
    ("register", "register"),
    ("login", "guest"),
    ("forgot-password", "guest"),
    ("customer/account/createPassword", "guest"),
    ("status", "status"),
    ("account", "account"),
    ("account/edit", "account"),
    ("account/addresses", "account"),
    ("account/addresses/new", "account"),
    ("account/addresses/*", "account"),
    ("account/password", "account"),
];

/// What Trunk tells its hooks.
pub struct Hook {
    pub release: bool,
    pub staging: PathBuf,
    pub public_url: String,
}

impl Hook {
    pub fn from_env() -> Result<Hook> {
        let var = |name: &str| {
            std::env::var(name).map_err(|_| format!("{name} is not set: run this as Trunk's hook"))
        };
        Ok(Hook {
            release: var("TRUNK_PROFILE")? == "release",
            staging: PathBuf::from(var("TRUNK_STAGING_DIR")?),
            public_url: var("TRUNK_PUBLIC_URL")?,
        })
    }
}

/// The files of a split build, named by their content, and which chunks each page needs.
struct Parts {
    /// Name in the site → content.
    files: BTreeMap<String, Vec<u8>>,
    main_js: String,
    main_wasm: String,
    link_js: String,
    /// Chunk name (as `src/pages/lazy.rs` calls it) → the files it needs, in load order.
    chunks: BTreeMap<String, Vec<String>>,
}

pub fn bundle(root: &Path, hook: &Hook) -> Result {
    // `trunk build` run by hand comes here too, with its own PATH: the tools are looked for
    // where `cargo xtask` installs them, and must be the ones Trunk.toml pins.
    let mut tools = vec![BuildTool::WasmBindgen];
    if hook.release {
        tools.push(BuildTool::WasmOpt);
    }
    Pinned::read(root)?.check(root, &tools)?;
    let path = path_with_tools(root);
    let work = work_dir(&cargo_target(root), hook.release);
    let module = read(&compile(root, hook.release)?)?;
    let split = match Split::kept(&work, &module) {
        Some(split) => split,
        None => split_anew(&work, &module, hook.release, &path)?,
    };
    let parts = name_by_content(&work, &split)?;
    write_site(hook, &parts)
}

/// Splits, binds and (in release) shrinks the module into `work`, and records from which
/// module, last, so that an interrupted build leaves nothing to reuse.
fn split_anew(work: &Path, module: &[u8], release: bool, path: &OsStr) -> Result<Split> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let split = split(module, work)?;
    bind(work, path)?;
    if release {
        // Two at a time (the machines this runs on have two cores): the main part beside
        // the chunks.
        let main = work.join(format!("{CRATE}_bg.wasm"));
        std::thread::scope(|scope| {
            let chunks = scope.spawn(|| {
                split
                    .chunk_files()
                    .try_for_each(|part| optimise(&part, path))
            });
            optimise(&main, path)?;
            chunks
                .join()
                .map_err(|_| "wasm-opt's thread panicked".to_owned())?
        })?;
    }
    split.keep(module)?;
    Ok(split)
}

/// Where the split keeps its parts, in the Cargo target directory `target`.
pub fn work_dir(target: &Path, release: bool) -> PathBuf {
    target
        .join("split")
        .join(if release { "release" } else { "debug" })
}

fn cargo_target(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The whole module, linked with its relocations, which the split needs.
fn compile(root: &Path, release: bool) -> Result<PathBuf> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo.current_dir(root).args([
        "rustc",
        "--target",
        "wasm32-unknown-unknown",
        "--bin",
        CRATE,
    ]);
    if release {
        cargo.arg("--release");
    }
    run(cargo.args(["--", "-Clink-args=--emit-relocs"]))?;
    Ok(cargo_target(root)
        .join("wasm32-unknown-unknown")
        .join(if release { "release" } else { "debug" })
        .join(format!("{CRATE}.wasm")))
}

#[derive(Serialize, Deserialize)]
struct Split {
    #[serde(skip)]
    work: PathBuf,
    chunk_stems: Vec<String>,
    /// Chunk name → the stems of the files it needs.
    needs: BTreeMap<String, Vec<String>>,
}

/// What a split was made from, beside its parts: written with the split borrowed, read
/// with it owned.
#[derive(Serialize, Deserialize)]
struct Record<S> {
    module: String,
    split: S,
}

impl Split {
    fn chunk_files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.chunk_stems
            .iter()
            .map(|stem| self.work.join(format!("{stem}.wasm")))
    }

    fn record_path(work: &Path) -> PathBuf {
        work.join("split.json")
    }

    fn keep(&self, module: &[u8]) -> Result {
        let record = Record {
            module: short_hash(&[module]),
            split: self,
        };
        let path = Self::record_path(&self.work);
        let json = serde_json::to_vec(&record).map_err(|e| e.to_string())?;
        std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The parts in `work`, when they were made from this very module: the sub-path build,
    /// and a build of unchanged sources, skip the split and wasm-opt (about a minute).
    fn kept(work: &Path, module: &[u8]) -> Option<Split> {
        let record = std::fs::read(Self::record_path(work)).ok()?;
        let record: Record<Split> = serde_json::from_slice(&record).ok()?;
        (record.module == short_hash(&[module])).then(|| Split {
            work: work.to_path_buf(),
            ..record.split
        })
    }
}

fn link_name() -> String {
    format!("./__wasm_split-{PLACEHOLDER}.js")
}

fn main_js_name(hash: &str) -> String {
    format!("{CRATE}-{hash}.js")
}

fn split(module: &[u8], work: &Path) -> Result<Split> {
    let main_out = work.join("main.wasm");
    let link = link_name();
    let main_module = format!("./{}", main_js_name(PLACEHOLDER));
    let mut options = wasm_split_cli_support::Options::new(module);
    options.output_dir = work;
    options.main_out_path = &main_out;
    options.link_name = &link;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("cannot split the module: {e:#}"))?;
    let chunk_stems = split
        .split_modules
        .iter()
        .filter_map(|path| path.file_stem()?.to_str().map(str::to_owned))
        .collect();
    Ok(Split {
        work: work.to_path_buf(),
        chunk_stems,
        needs: split.prefetch_map.into_iter().collect(),
    })
}

fn bind(work: &Path, path: &OsStr) -> Result {
    run(Command::new("wasm-bindgen")
        .env("PATH", path)
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            CRATE,
            "--out-dir",
        ])
        .arg(work)
        .arg(work.join("main.wasm")))
}

/// wasm-opt at the size setting Trunk used, quiet unless it fails: it warns of every name
/// subsection it does not know, names the optimised part drops anyway.
fn optimise(part: &Path, path: &OsStr) -> Result {
    let out = Command::new("wasm-opt")
        .env("PATH", path)
        .arg("-Oz")
        .arg("--output")
        .arg(part)
        .arg(part)
        .output()
        .map_err(|e| format!("cannot run wasm-opt: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wasm-opt failed on {}: {}",
            part.display(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Gives every part the name of its content. The chunks are named first; the main part's
/// script, the loader and the main module name each other, so the three share one hash of
/// all three (any change to one renames all).
fn name_by_content(work: &Path, split: &Split) -> Result<Parts> {
    let mut files = BTreeMap::new();
    let mut renamed = BTreeMap::new();
    let link_path = work.join(link_name());
    let mut link_js = String::from_utf8(read(&link_path)?).map_err(|e| e.to_string())?;
    for stem in &split.chunk_stems {
        let bytes = read(&work.join(format!("{stem}.wasm")))?;
        let name = format!("{stem}-{}.wasm", short_hash(&[&bytes]));
        link_js = link_js.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{name}\""));
        renamed.insert(stem.clone(), name.clone());
        files.insert(name, bytes);
    }
    let main_js =
        String::from_utf8(read(&work.join(format!("{CRATE}.js")))?).map_err(|e| e.to_string())?;
    let main_wasm = read(&work.join(format!("{CRATE}_bg.wasm")))?;
    let hash = short_hash(&[main_js.as_bytes(), link_js.as_bytes(), &main_wasm]);
    let main_wasm = replace_bytes(&main_wasm, PLACEHOLDER.as_bytes(), hash.as_bytes());
    let names = [
        main_js_name(&hash),
        format!("{CRATE}-{hash}_bg.wasm"),
        link_name().replace(PLACEHOLDER, &hash)[2..].to_owned(),
    ];
    files.insert(
        names[0].clone(),
        main_js.replace(PLACEHOLDER, &hash).into_bytes(),
    );
    files.insert(names[1].clone(), main_wasm);
    files.insert(
        names[2].clone(),
        link_js.replace(PLACEHOLDER, &hash).into_bytes(),
    );
    let chunks = split
        .needs
        .iter()
        .map(|(chunk, stems)| {
            let files = stems
                .iter()
                .filter_map(|stem| renamed.get(stem).cloned())
                .collect();
            (chunk.clone(), files)
        })
        .collect();
    let [main_js, main_wasm, link_js] = names;
    Ok(Parts {
        files,
        main_js,
        main_wasm,
        link_js,
        chunks,
    })
}

/// `bytes` with every `from` replaced by `to`, which has its length: the main module names
/// the loader in its imports before the loader's name is known.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "a same-length replacement");
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Some(found) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + found..at + found + from.len()].copy_from_slice(to);
        at += found + from.len();
    }
    out
}

fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// What the start-up script says before its code: the files each page's chunk needs.
const PAGES_LINE: &str = "const pages = ";

/// The start-up script: the files of the page's chunk are fetched at once (the loader's own
/// fetch then finds them), then the main part starts, and is told to load that chunk while
/// `config.json` is on its way.
fn start_script(parts: &Parts, public_url: &str) -> Result<String> {
    let mut pages = BTreeMap::new();
    let mut chunks = BTreeMap::new();
    for (path, chunk) in PAGE_CHUNKS {
        let files = parts.chunks.get(*chunk).ok_or_else(|| {
            format!("the split module has no chunk `{chunk}` for /{path} (src/pages/lazy.rs)")
        })?;
        pages.insert(*path, files);
        chunks.insert(*path, chunk);
    }
    let chunks = serde_json::to_string(&chunks).map_err(|e| e.to_string())?;
    let root = serde_json::to_string(public_url).map_err(|e| e.to_string())?;
    let pages = serde_json::to_string(&pages).map_err(|e| e.to_string())?;
    Ok(format!(
        r#"{PAGES_LINE}{pages};
const chunks = {chunks};
const root = {root};
const path = location.pathname.startsWith(root) ? location.pathname.slice(root.length).replace(/\/+$/, "") : "";
const page = path in pages ? path : path.replace(/\/[^/]*$/, "/*");
for (const file of pages[page] ?? []) {{
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = root + file;
  document.head.append(link);
}}
const {{ default: init, prefetch_chunk }} = await import(root + "{main_js}");
await init({{ module_or_path: root + "{main_wasm}" }});
if (page in chunks) prefetch_chunk(chunks[page]);
"#,
        main_js = parts.main_js,
        main_wasm = parts.main_wasm,
    ))
}

/// The files of each page's chunk, as a built start-up script names them (for the sizes).
pub fn page_files(start_script: &str) -> Option<BTreeMap<String, Vec<String>>> {
    let line = start_script.lines().next()?.strip_prefix(PAGES_LINE)?;
    serde_json::from_str(line.strip_suffix(';')?).ok()
}

fn write_site(hook: &Hook, parts: &Parts) -> Result {
    let root = &hook.public_url;
    for (name, bytes) in &parts.files {
        let path = hook.staging.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let start = start_script(parts, root)?;
    let start_name = format!("start-{}.js", short_hash(&[start.as_bytes()]));
    std::fs::write(hook.staging.join(&start_name), &start).map_err(|e| e.to_string())?;
    let file = |name: &String| &parts.files[name];
    let tags = format!(
        "<meta name=site-root content=\"{root}\">\
         <link rel=modulepreload href=\"{root}{main_js}\" integrity=\"{main_js_sri}\">\
         <link rel=modulepreload href=\"{root}{link_js}\" integrity=\"{link_js_sri}\">\
         <link rel=preload as=fetch type=application/wasm crossorigin href=\"{root}{main_wasm}\" integrity=\"{main_wasm_sri}\">\
         <script type=module src=\"{root}{start_name}\"></script>",
        main_js = parts.main_js,
        link_js = parts.link_js,
        main_wasm = parts.main_wasm,
        main_js_sri = integrity(file(&parts.main_js)),
        link_js_sri = integrity(file(&parts.link_js)),
        main_wasm_sri = integrity(file(&parts.main_wasm)),
    );
    let index = hook.staging.join("index.html");
    let written =
        std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut html = without_trunk_links(&written);
    let head_end = html.find("</head>").ok_or("index.html has no </head>")?;
    html.insert_str(head_end, &tags);
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

/// The page without the `<link data-trunk …>` Trunk leaves of an asset it does not build
/// (index.html's `rel="rust"` with `data-trunk-skip`), as Trunk writes it in debug and minified.
fn without_trunk_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |end| start + end + 1);
        out.push_str(&rest[..start]);
        if !rest[start..end].contains("data-trunk") {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(chunks: &[(&str, &[&str])]) -> Parts {
        Parts {
            files: BTreeMap::new(),
            main_js: "commerce-account-1.js".into(),
            main_wasm: "commerce-account-1_bg.wasm".into(),
            link_js: "__wasm_split-1.js".into(),
            chunks: chunks
                .iter()
                .map(|(chunk, files)| {
                    let files = files.iter().map(|f| f.to_string()).collect();
                    (chunk.to_string(), files)
                })
                .collect(),
        }
    }

    const EVERY_CHUNK: [&str; 4] = ["register", "guest", "status", "account"];

    #[test]
    fn each_page_preloads_the_files_of_its_chunk() {
        let mut chunks: Vec<(&str, &[&str])> = EVERY_CHUNK
            .iter()
            .filter(|c| !matches!(**c, "account" | "guest"))
            .map(|c| (*c, &["other.wasm"][..]))
            .collect();
        chunks.push(("account", &["chunk_1-a.wasm", "split_account-b.wasm"]));
        chunks.push(("guest", &["chunk_1-a.wasm", "split_guest-c.wasm"]));
        let script = start_script(&built(&chunks), "/shop/").unwrap();
        let pages = page_files(&script).unwrap();
        assert_eq!(pages["login"], ["chunk_1-a.wasm", "split_guest-c.wasm"]);
        assert_eq!(pages["forgot-password"], pages["login"]);
        assert_eq!(
            pages["account/addresses/*"],
            ["chunk_1-a.wasm", "split_account-b.wasm"]
        );
        assert_eq!(pages[""], pages["account"]);
        assert!(script.contains(r#"const root = "/shop/";"#), "{script}");
        assert!(script.contains(r#"import(root + "commerce-account-1.js")"#));
        assert!(script.contains(r#""forgot-password":"guest""#), "{script}");
    }

    #[test]
    fn a_page_whose_chunk_the_module_lacks_stops_the_build() {
        let chunks: Vec<(&str, &[&str])> = EVERY_CHUNK
            .iter()
            .filter(|c| **c != "status")
            .map(|c| (*c, &["x.wasm"][..]))
            .collect();
        let error = start_script(&built(&chunks), "/").unwrap_err();
        assert!(error.contains("no chunk `status` for /status"), "{error}");
    }

    #[test]
    fn a_split_is_reused_only_for_the_module_it_was_made_from() {
        let work = std::env::temp_dir().join(format!("split-record-{}", std::process::id()));
        std::fs::create_dir_all(&work).unwrap();
        assert!(Split::kept(&work, b"module").is_none(), "nothing kept yet");
        let split = Split {
            work: work.clone(),
            chunk_stems: vec!["split_guest".into(), "chunk_1".into()],
            needs: BTreeMap::from([("guest".into(), vec!["chunk_1".into(), "split_guest".into()])]),
        };
        split.keep(b"module").unwrap();
        let kept = Split::kept(&work, b"module").expect("the same module");
        assert_eq!(kept.chunk_stems, split.chunk_stems);
        assert_eq!(kept.needs, split.needs);
        assert_eq!(kept.work, work);
        assert!(Split::kept(&work, b"module, changed").is_none());
        std::fs::remove_dir_all(&work).unwrap();
    }

    #[test]
    fn the_link_that_tells_trunk_to_build_no_module_leaves_the_page() {
        for written in [
            "<head><link rel=\"icon\" href=\"/f.svg\"/>\n<link data-trunk rel=\"rust\" data-trunk-skip data-trunk-id=\"4\" />\n</head>",
            "<head><link rel=icon href=/f.svg><link data-trunk rel=rust data-trunk-skip data-trunk-id=4></head>",
        ] {
            let page = without_trunk_links(written);
            assert!(!page.contains("data-trunk"), "{page}");
            assert!(page.contains("f.svg"), "{page}");
            assert!(page.ends_with("</head>"), "{page}");
        }
    }

    #[test]
    fn the_loaders_name_goes_into_the_module_in_place() {
        let module = b"\0asm..../__wasm_split-________________.js..";
        let named = replace_bytes(module, PLACEHOLDER.as_bytes(), b"0123456789abcdef");
        assert_eq!(named.len(), module.len());
        let name = b"./__wasm_split-0123456789abcdef.js";
        assert!(named.windows(name.len()).any(|w| w == name));
    }
}
