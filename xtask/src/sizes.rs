//! The weight of the static site as a browser downloads it: raw, gzip and brotli per file,
//! the `.br` and `.gz` files a static host serves in their place, the first-load budget the
//! test command enforces, and where the module's bytes go (`--why`, by twiggy).

use crate::{Result, run, target_dir, tools};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Gzip at level 9 and brotli at quality 11, as `cargo xtask dist` writes them.
fn compressed(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory");
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    (gzip, br)
}

fn measure(bytes: &[u8]) -> Sizes {
    let (gzip, brotli) = compressed(bytes);
    Sizes {
        raw: bytes.len(),
        gzip: gzip.len(),
        brotli: brotli.len(),
    }
}

/// The files of the built site (its folders' too), without the compressed copies of them.
fn site_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| {
            format!(
                "cannot read {}: {e} (run `cargo xtask dist` first)",
                folder.display()
            )
        })?;
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if path.is_dir() {
                folders.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Its path in the site: `index.html`, `i18n/de_DE.json`.
fn name_of(dist: &Path, path: &Path) -> String {
    path.strip_prefix(dist)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// A language's words, fetched before the first screen when the site speaks it.
fn catalogue_locale(name: &str) -> Option<&str> {
    name.strip_prefix("i18n/")?.strip_suffix(".json")
}

/// A file the browser fetches before the first screen appears.
fn is_first_load(name: &str) -> bool {
    name == "index.html"
        || name == "config.json"
        || [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Prints the table and returns each file's sizes by name.
pub fn report(dist: &Path) -> Result<BTreeMap<String, Sizes>> {
    let mut sizes = BTreeMap::new();
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file in dist/", "raw", "gzip", "brotli"
    );
    let mut first_load = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for path in site_files(dist)? {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let size = measure(&bytes);
        let name = name_of(dist, &path);
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            name, size.raw, size.gzip, size.brotli
        );
        if is_first_load(&name) {
            first_load.raw += size.raw;
            first_load.gzip += size.gzip;
            first_load.brotli += size.brotli;
        }
        sizes.insert(name, size);
    }
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "first load (html, js, wasm, css, config.json)",
        first_load.raw,
        first_load.gzip,
        first_load.brotli
    );
    for (name, catalogue) in &sizes {
        if let Some(locale) = catalogue_locale(name) {
            println!(
                "{:<48} {:>10} {:>10} {:>10}",
                format!("first load in {locale} (with {name})"),
                first_load.raw + catalogue.raw,
                first_load.gzip + catalogue.gzip,
                first_load.brotli + catalogue.brotli
            );
        }
    }
    Ok(sizes)
}

/// Writes `name.br` (quality 11) and `name.gz` (level 9) beside every file of the site,
/// for hosts that serve precompressed files (nginx `brotli_static`/`gzip_static`, Caddy
/// `precompressed`, the emulator's `--serve-dir`). Not beside `config.json` nor the
/// languages' catalogues: an operator edits them in place, and a stale compressed copy would
/// be served instead.
pub fn precompress(dist: &Path) -> Result {
    for path in site_files(dist)?.into_iter().filter(|path| {
        let name = name_of(dist, path);
        name != "config.json" && catalogue_locale(&name).is_none()
    }) {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let (gzip, brotli) = compressed(&bytes);
        let beside = |ext: &str| PathBuf::from(format!("{}.{ext}", path.display()));
        std::fs::write(beside("gz"), gzip).map_err(|e| e.to_string())?;
        std::fs::write(beside("br"), brotli).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `size-budget.toml`: the most the first load may weigh in brotli bytes, in all and per file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Budget {
    first_load: usize,
    /// One language's catalogue, the one more request a site in that language makes.
    catalogue: usize,
    /// By file name, or `*.ext` for the hashed names Trunk gives.
    files: BTreeMap<String, usize>,
}

fn budget_for<'a>(budget: &'a Budget, name: &str) -> Option<(&'a str, usize)> {
    budget
        .files
        .iter()
        .find(|(pattern, _)| match pattern.strip_prefix('*') {
            Some(suffix) => name.ends_with(suffix),
            None => name == pattern.as_str(),
        })
        .map(|(pattern, max)| (pattern.as_str(), *max))
}

/// Fails when a file of the first load, or the whole of it, weighs more than the budget
/// allows, naming what grew.
pub fn check_budget(root: &Path, sizes: &BTreeMap<String, Sizes>) -> Result {
    let path = root.join("size-budget.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let budget: Budget = toml::from_str(&text).map_err(|e| format!("size-budget.toml: {e}"))?;
    let mut over = Vec::new();
    let mut total = 0;
    for (name, size) in sizes.iter().filter(|(name, _)| is_first_load(name)) {
        total += size.brotli;
        match budget_for(&budget, name) {
            Some((_, max)) if size.brotli > max => over.push(format!(
                "{name} is {} bytes of brotli, {} over its {max}",
                size.brotli,
                size.brotli - max
            )),
            Some(_) => {}
            None => over.push(format!(
                "{name} is part of the first load but has no line in size-budget.toml"
            )),
        }
    }
    for (name, size) in sizes
        .iter()
        .filter(|(name, _)| catalogue_locale(name).is_some())
    {
        if size.brotli > budget.catalogue {
            over.push(format!(
                "{name} is {} bytes of brotli, {} over the {} a catalogue may weigh",
                size.brotli,
                size.brotli - budget.catalogue,
                budget.catalogue
            ));
        }
    }
    if total > budget.first_load {
        over.push(format!(
            "the first load is {total} bytes of brotli, {} over its {}",
            total - budget.first_load,
            budget.first_load
        ));
    }
    println!(
        "first load: {total} of {} bytes of brotli allowed",
        budget.first_load
    );
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// Where the module's bytes go: the release module rebuilt with its names kept (Trunk's
/// wasm-opt drops them), then twiggy's largest items and a sum by crate.
pub fn why(root: &Path) -> Result {
    tools::ensure_twiggy()?;
    let built =
        target_dir("wasm-release").join("wasm32-unknown-unknown/release/commerce-account.wasm");
    if !built.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask dist` first",
            built.display()
        ));
    }
    let work = target_dir("why");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let path = tools::path_with_tools(root);
    run(Command::new("wasm-bindgen")
        .env("PATH", &path)
        .args(["--target", "web", "--out-dir"])
        .arg(&work)
        .arg(&built))?;
    let named = work.join("named.wasm");
    run(Command::new("wasm-opt")
        .env("PATH", &path)
        .arg("-Oz")
        .arg("--debuginfo")
        .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .arg(work.join("commerce-account_bg.wasm"))
        .arg("-o")
        .arg(&named))?;
    let twiggy = |args: &[&str]| -> Result<String> {
        let out = Command::new("twiggy")
            .env("PATH", &path)
            .args(args)
            .arg(&named)
            .output()
            .map_err(|e| format!("twiggy: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    println!("Largest items of the release module (-Oz, names kept), by twiggy:");
    print!("{}", twiggy(&["top", "-n", "25"])?);
    let csv = twiggy(&["top", "-n", "1000000", "--format", "csv"])?;
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let Some((name, rest)) = split_csv_name(line) else {
            continue;
        };
        let size: usize = rest
            .split(',')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        *by_crate.entry(crate_of(&name)).or_default() += size;
    }
    let mut rows: Vec<_> = by_crate.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    let code: usize = rows
        .iter()
        .filter(|(c, _)| c != "(names)")
        .map(|(_, s)| s)
        .sum();
    println!("\nBy crate (bytes of code and data; {code} in all, names left out):");
    for (name, size) in rows.iter().filter(|(c, _)| c != "(names)").take(25) {
        println!(
            "{:>9}  {:>5.1}%  {name}",
            size,
            *size as f64 * 100.0 / code as f64
        );
    }
    Ok(())
}

/// twiggy's CSV quotes names that hold commas.
fn split_csv_name(line: &str) -> Option<(String, &str)> {
    if let Some(quoted) = line.strip_prefix('"') {
        let end = quoted.find("\",")?;
        Some((quoted[..end].replace("\"\"", "\""), &quoted[end + 2..]))
    } else {
        let (name, rest) = line.split_once(',')?;
        Some((name.to_owned(), rest))
    }
}

/// The crate an item's code comes from: the first path segment, inside `<... as ...>` too.
fn crate_of(item: &str) -> String {
    if item.contains("function names") || item.contains("data names") {
        return "(names)".to_owned();
    }
    if item.starts_with("data segment") {
        return "(data: strings and tables)".to_owned();
    }
    if item.starts_with("import ") || item.starts_with("export ") {
        return "(imports and exports)".to_owned();
    }
    let trimmed = item.trim_start_matches(['<', '&', '(', '[', ' ']);
    let trimmed = trimmed
        .strip_prefix("mut ")
        .or_else(|| trimmed.strip_prefix("dyn "))
        .unwrap_or(trimmed);
    let head: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = &trimmed[head.len()..];
    if let Some(implemented) = after.strip_prefix(" as ") {
        return crate_of(implemented);
    }
    match head.as_str() {
        "code" | "elem" if after.starts_with('[') => "(unnamed code and tables)".to_owned(),
        _ if after.starts_with("::") || after.starts_with('[') => head,
        _ => "(other)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_summed_by_the_crate_that_wrote_them() {
        assert_eq!(
            crate_of(
                "<&mut serde_json::de::Deserializer<R> as serde::Deserializer>::deserialize_map"
            ),
            "serde_json"
        );
        assert_eq!(crate_of("<core[c5930c85]::fmt::Formatter>::pad"), "core");
        assert_eq!(crate_of("tachys::view::add_attr::h12"), "tachys");
        assert_eq!(
            crate_of("<T as reactive_graph::traits::Read>::read::h1"),
            "reactive_graph"
        );
        assert_eq!(crate_of("\"function names\" subsection"), "(names)");
        assert_eq!(
            split_csv_name("\"a, b\",12,1.0,12,1.0"),
            Some(("a, b".to_owned(), "12,1.0,12,1.0"))
        );
    }

    #[test]
    fn the_budget_names_the_file_that_grew() {
        let budget = Budget {
            first_load: 100,
            catalogue: 10,
            files: [("*.wasm".to_owned(), 60), ("index.html".to_owned(), 10)]
                .into_iter()
                .collect(),
        };
        assert_eq!(
            budget_for(&budget, "app-1a2b_bg.wasm"),
            Some(("*.wasm", 60))
        );
        assert_eq!(budget_for(&budget, "index.html"), Some(("index.html", 10)));
        assert_eq!(budget_for(&budget, "main.css"), None);
        assert!(is_first_load("config.json") && !is_first_load("favicon.svg"));
        assert!(!is_first_load("i18n/de_DE.json"));
        assert_eq!(catalogue_locale("i18n/de_DE.json"), Some("de_DE"));
        assert_eq!(catalogue_locale("config.json"), None);
    }
}
