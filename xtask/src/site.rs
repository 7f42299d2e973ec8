//! What `cargo xtask dist` does to Trunk's output so that the site runs under a strict
//! Content-Security-Policy at any path: Trunk's inline start-up script moves into a file of
//! its own (so `script-src 'self'` admits it, with no hash to keep in step with each build),
//! and `index.html` names the path the site is served under, which the app reads for its
//! router and its `config.json`.

use crate::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

const INLINE_MODULE: [&str; 2] = ["<script type=module>", "<script type=\"module\">"];

pub fn finish(dist: &Path, public_url: &str) -> Result {
    let index = dist.join("index.html");
    let mut html =
        std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let (open, tag) = INLINE_MODULE
        .iter()
        .find_map(|tag| html.find(tag).map(|at| (at, *tag)))
        .ok_or("index.html has no inline start-up script to move out")?;
    let body_start = open + tag.len();
    let body_end = body_start
        + html[body_start..]
            .find("</script>")
            .ok_or("index.html: the start-up script does not end")?;
    let code = html[body_start..body_end].trim().to_owned();
    let digest = Sha256::digest(code.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("start-{hash}.js");
    std::fs::write(dist.join(&name), format!("{code}\n")).map_err(|e| e.to_string())?;
    html.replace_range(
        open..body_end + "</script>".len(),
        &format!("<script type=module src=\"{public_url}{name}\"></script>"),
    );
    let head_end = html.find("</head>").unwrap_or(open);
    html.insert_str(
        head_end,
        &format!("<meta name=site-root content=\"{public_url}\">"),
    );
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_up_script_moves_out_and_the_site_root_is_named() {
        let dist = std::env::temp_dir().join(format!("xtask-site-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<html><head><title>t</title><script type=module>import init from '/shop/a.js';\nawait init();</script></head><body></body></html>",
        )
        .unwrap();
        finish(&dist, "/shop/").unwrap();
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap();
        assert!(!html.contains("import init"), "{html}");
        assert!(
            html.contains("<meta name=site-root content=\"/shop/\">"),
            "{html}"
        );
        let src = html.split("src=\"/shop/").nth(1).unwrap();
        let name = &src[..src.find('"').unwrap()];
        assert!(
            name.starts_with("start-") && name.ends_with(".js"),
            "{name}"
        );
        let script = std::fs::read_to_string(dist.join(name)).unwrap();
        assert!(script.starts_with("import init from '/shop/a.js';"));
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
