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

/// A file of the site with a line in the budget: code, style, the page and its settings.
fn is_budgeted(name: &str) -> bool {
    name == "index.html"
        || name == "config.json"
        || [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The files a cold load fetches whatever the page: `index.html`, what it links (the style,
/// the scripts, the main part of the module) and `config.json`; not the icon.
fn shell_files(html: &str) -> Vec<String> {
    let mut files = vec!["index.html".to_owned(), "config.json".to_owned()];
    for attribute in ["href=", "src="] {
        for (at, _) in html.match_indices(attribute) {
            let value = html[at + attribute.len()..].trim_start_matches('"');
            let end = value.find(['"', ' ', '>']).unwrap_or(value.len());
            let name = value[..end].rsplit('/').next().unwrap_or_default();
            if !name.is_empty() && !name.ends_with(".svg") && !files.iter().any(|f| f == name) {
                files.push(name.to_owned());
            }
        }
    }
    files
}

/// Each page's cold load, by its path: the shell and the chunks of its page.
fn page_loads(dist: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| {
        format!(
            "{}/index.html: {e} (run `cargo xtask dist` first)",
            dist.display()
        )
    })?;
    let shell = shell_files(&html);
    let start = shell
        .iter()
        .find(|name| name.starts_with("start-"))
        .ok_or("index.html has no start-up script")?;
    let script = std::fs::read_to_string(dist.join(start)).map_err(|e| e.to_string())?;
    let pages = crate::bundle::page_files(&script)
        .ok_or_else(|| format!("{start} does not say which chunks each page needs"))?;
    Ok(pages
        .into_iter()
        .map(|(path, chunks)| (format!("/{path}"), [shell.clone(), chunks].concat()))
        .collect())
}

impl std::ops::Add<&Sizes> for Sizes {
    type Output = Sizes;
    fn add(self, other: &Sizes) -> Sizes {
        Sizes {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
            brotli: self.brotli + other.brotli,
        }
    }
}

fn sum(files: &[String], sizes: &BTreeMap<String, Sizes>) -> Sizes {
    let none = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    files
        .iter()
        .filter_map(|name| sizes.get(name))
        .fold(none, |total, size| total + size)
}

fn line(
    name: &str,
    raw: &dyn std::fmt::Display,
    gzip: &dyn std::fmt::Display,
    brotli: &dyn std::fmt::Display,
) {
    println!("{name:<48} {raw:>10} {gzip:>10} {brotli:>10}");
}

fn row(name: &str, size: &Sizes) {
    line(name, &size.raw, &size.gzip, &size.brotli);
}

/// The sizes of the site's files by name, and what each page's cold load fetches.
pub struct Site {
    pub files: BTreeMap<String, Sizes>,
    pub pages: BTreeMap<String, Vec<String>>,
}

/// Prints the table of files and the cold load of every page.
pub fn report(dist: &Path) -> Result<Site> {
    let mut files = BTreeMap::new();
    line("file in dist/", &"raw", &"gzip", &"brotli");
    for path in site_files(dist)? {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let size = measure(&bytes);
        let name = name_of(dist, &path);
        row(&name, &size);
        files.insert(name, size);
    }
    let pages = page_loads(dist)?;
    println!();
    line(
        "cold load of a page (html, js, wasm, css, config)",
        &"raw",
        &"gzip",
        &"brotli",
    );
    for (page, load) in &pages {
        row(
            &format!("{page} ({} files)", load.len()),
            &sum(load, &files),
        );
    }
    if let Some(login) = pages.get("/login") {
        for (name, catalogue) in &files {
            if let Some(locale) = catalogue_locale(name) {
                row(
                    &format!("/login in {locale} (with {name})"),
                    &(sum(login, &files) + catalogue),
                );
            }
        }
    }
    Ok(Site { files, pages })
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

/// `size-budget.toml`: the most an entry page's cold load, and each file, may weigh, in
/// brotli bytes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Budget {
    /// One language's catalogue, the one more request a site in that language makes.
    catalogue: usize,
    /// By path: the pages a shopper lands on from outside (a link, an e-mail, a bookmark).
    pages: BTreeMap<String, usize>,
    /// By file name, or a pattern with one `*` for the hashed names the build gives.
    files: BTreeMap<String, usize>,
}

/// The line of the most specific pattern that matches `name`.
fn budget_for<'a>(budget: &'a Budget, name: &str) -> Option<(&'a str, usize)> {
    budget
        .files
        .iter()
        .filter(|(pattern, _)| match pattern.split_once('*') {
            Some((prefix, suffix)) => {
                name.len() >= prefix.len() + suffix.len()
                    && name.starts_with(prefix)
                    && name.ends_with(suffix)
            }
            None => name == pattern.as_str(),
        })
        .max_by_key(|(pattern, _)| pattern.len())
        .map(|(pattern, max)| (pattern.as_str(), *max))
}

/// Fails when a file, or an entry page's cold load, weighs more than the budget allows,
/// naming what grew.
pub fn check_budget(root: &Path, site: &Site) -> Result {
    let path = root.join("size-budget.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let budget: Budget = toml::from_str(&text).map_err(|e| format!("size-budget.toml: {e}"))?;
    let mut over = Vec::new();
    for (name, size) in site.files.iter().filter(|(name, _)| is_budgeted(name)) {
        match budget_for(&budget, name) {
            Some((pattern, max)) if size.brotli > max => over.push(format!(
                "{name} is {} bytes of brotli, {} over the {max} of `{pattern}`",
                size.brotli,
                size.brotli - max
            )),
            Some(_) => {}
            None => over.push(format!("{name} has no line in size-budget.toml")),
        }
    }
    for (name, size) in site
        .files
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
    for (page, max) in &budget.pages {
        let Some(load) = site.pages.get(page) else {
            over.push(format!(
                "size-budget.toml names {page}, which the site does not have"
            ));
            continue;
        };
        let total = sum(load, &site.files).brotli;
        println!("{page}: {total} of {max} bytes of brotli allowed");
        if total > *max {
            let mut largest: Vec<_> = load
                .iter()
                .filter_map(|name| Some((site.files.get(name)?.brotli, name)))
                .collect();
            largest.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
            let largest: Vec<String> = largest
                .iter()
                .take(3)
                .map(|(size, name)| format!("{name} {size}"))
                .collect();
            over.push(format!(
                "{page} loads {total} bytes of brotli, {} over its {max} (largest: {})",
                total - max,
                largest.join(", ")
            ));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// Where the main part's bytes go (what every page loads): the split build's main part bound
/// again with its names kept (the shipped one drops them), then twiggy's largest items and a
/// sum by crate.
pub fn why(root: &Path) -> Result {
    tools::ensure_twiggy()?;
    let split = crate::bundle::work_dir(&target_dir("wasm-release"), true).join("main.wasm");
    if !split.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask dist` first",
            split.display()
        ));
    }
    let work = target_dir("why");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let path = tools::path_with_tools(root);
    run(Command::new("wasm-bindgen")
        .env("PATH", &path)
        .args(["--target", "web", "--keep-lld-exports", "--out-dir"])
        .arg(&work)
        .arg(&split))?;
    let named = work.join("named.wasm");
    run(Command::new("wasm-opt")
        .env("PATH", &path)
        .arg("-Oz")
        .arg("--debuginfo")
        .arg(work.join("main_bg.wasm"))
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
    println!("Largest items of the main part (-Oz, names kept), by twiggy:");
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
            catalogue: 10,
            pages: BTreeMap::new(),
            files: [
                ("split_*.wasm".to_owned(), 40),
                ("*.wasm".to_owned(), 60),
                ("index.html".to_owned(), 10),
            ]
            .into_iter()
            .collect(),
        };
        assert_eq!(
            budget_for(&budget, "app-1a2b_bg.wasm"),
            Some(("*.wasm", 60))
        );
        assert_eq!(
            budget_for(&budget, "split_login-1a2b.wasm"),
            Some(("split_*.wasm", 40))
        );
        assert_eq!(budget_for(&budget, "index.html"), Some(("index.html", 10)));
        assert_eq!(budget_for(&budget, "main.css"), None);
        assert!(is_budgeted("config.json") && !is_budgeted("favicon.svg"));
        assert!(!is_budgeted("i18n/de_DE.json"));
        assert_eq!(catalogue_locale("i18n/de_DE.json"), Some("de_DE"));
        assert_eq!(catalogue_locale("config.json"), None);
    }

    #[test]
    fn a_page_loads_what_index_html_links_but_the_icon() {
        let html = "<link href=/shop/favicon-1.svg rel=icon><link href=/shop/main-2.css \
                    rel=stylesheet><link rel=modulepreload href=\"/shop/app-3.js\"><script \
                    type=module src=\"/shop/start-4.js\"></script>";
        assert_eq!(
            shell_files(html),
            [
                "index.html",
                "config.json",
                "main-2.css",
                "app-3.js",
                "start-4.js"
            ]
        );
    }
}
