//! Size of the static site as a browser downloads it: raw, gzip and brotli, per file.

use crate::Result;
use std::io::Write;
use std::path::Path;

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn measure(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    }
}

/// Prints the table and returns the total.
pub fn report(dist: &Path) -> Result<Sizes> {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| {
            format!(
                "cannot read {}: {e} (run `cargo xtask dist` first)",
                dist.display()
            )
        })?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .collect();
    files.sort_by_key(|e| e.file_name());
    let mut total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file in dist/", "raw", "gzip", "brotli"
    );
    for entry in files {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let size = measure(&bytes);
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            entry.file_name().to_string_lossy(),
            size.raw,
            size.gzip,
            size.brotli
        );
        total.raw += size.raw;
        total.gzip += size.gzip;
        total.brotli += size.brotli;
    }
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "total", total.raw, total.gzip, total.brotli
    );
    Ok(total)
}
