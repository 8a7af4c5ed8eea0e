//! Our ingest, run as a user would: the product binary in a child process,
//! timed from outside, its peak memory read from its own summary line.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::IngestFigures;
use crate::error::{Error, Result};
use crate::stats;

/// The product binary beside this one (`target/<profile>/dangjian-search`),
/// built with `cargo build -p dangjian-search` in the same profile when it
/// is missing or older than this binary.
pub fn product_exe() -> Result<PathBuf> {
    let me = std::env::current_exe().map_err(|e| Error::io("current exe", e))?;
    let dir = me.parent().unwrap_or(Path::new("."));
    let exe = dir.join(format!("dangjian-search{}", std::env::consts::EXE_SUFFIX));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if exe.exists() && modified(&exe) >= modified(&me) {
        return Ok(exe);
    }
    let release = dir.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "bench: building the product binary if needed (cargo build{} -p dangjian-search)",
        if release { " --release" } else { "" }
    );
    let mut build = Command::new(&cargo);
    build.args(["build", "-p", "dangjian-search", "--bin", "dangjian-search"]);
    if release {
        build.arg("--release");
    }
    let status = build.status().map_err(|e| Error::io("cargo", e))?;
    if !status.success() || !exe.exists() {
        return Err(Error::io(
            &exe,
            std::io::Error::other(
                "could not build the product binary; run `cargo build --release`",
            ),
        ));
    }
    Ok(exe)
}

/// Ingests `jsonl` (`articles` articles, `text_bytes` of title and body)
/// into a fresh `index` with `exe`.
pub fn ingest(
    exe: &Path,
    dict: &Path,
    jsonl: &Path,
    index: &Path,
    articles: usize,
    text_bytes: u64,
) -> Result<IngestFigures> {
    if index.exists() {
        std::fs::remove_dir_all(index).map_err(|e| Error::io(index, e))?;
    }
    let started = Instant::now();
    let output = Command::new(exe)
        .arg("--index")
        .arg(index)
        .arg("ingest")
        .arg(jsonl)
        .arg("--dict")
        .arg(dict)
        .output()
        .map_err(|e| Error::io(exe, e))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(Error::io(
            jsonl,
            std::io::Error::other(format!(
                "ingest failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )),
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(IngestFigures::new(
        articles,
        text_bytes,
        seconds,
        stats::peak_from_summary(&stdout),
        stats::disk_bytes(index),
    ))
}
