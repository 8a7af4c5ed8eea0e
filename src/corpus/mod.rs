//! Readers for what the archive is made of: raw newspaper pages (plain text)
//! and JSONL archives (plain, `.gz`, `.zst`). Each yields [`Article`]s.
//!
//! The page reader is several small modules: `layout` (what a line looks
//! like), `byline` and `dateline` (who wrote a story), `starts` (where
//! stories begin) and `page` (putting an article together).
//!
//! [`Article`]: crate::article::Article

mod byline;
mod dateline;
pub mod ids;
mod jsonl;
mod layout;
mod page;
mod preview;
mod starts;

use std::path::{Path, PathBuf};

pub use byline::{parse_byline, split_trailing_credit};
pub use dateline::{Dateline, parse_dateline};
pub use jsonl::{JsonlReader, article_from_object, number_id_alias, parse_record};
pub use page::{PageArticle, read_page, split_page};
pub use preview::{ArticlePreview, SourcePreview, preview, render as render_preview};
pub use starts::KNOWN_COLUMNS;

use crate::error::{Error, Result};

/// The user dictionary's file name, in `corpus/` and in an index.
pub const USER_DICT: &str = "userdict.txt";

/// One input file and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A raw newspaper page (`*.txt`).
    Page(PathBuf),
    /// A JSONL archive (`*.jsonl`, `*.jsonl.gz`, `*.jsonl.zst`).
    Jsonl(PathBuf),
}

impl Source {
    pub fn path(&self) -> &Path {
        match self {
            Source::Page(p) | Source::Jsonl(p) => p,
        }
    }

    /// How to read `path`, judged by its name; `None` for anything else
    /// (READMEs, the user dictionary, hidden files).
    pub fn classify(path: &Path) -> Option<Source> {
        let name = path.file_name()?.to_str()?;
        if name.starts_with('.') || name == USER_DICT || name.to_lowercase().starts_with("readme") {
            return None;
        }
        if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || name.ends_with(".jsonl.zst") {
            Some(Source::Jsonl(path.to_path_buf()))
        } else if name.ends_with(".txt") {
            Some(Source::Page(path.to_path_buf()))
        } else {
            None
        }
    }
}

/// Expands files and folders into the sources to ingest, in a stable
/// order. A file named explicitly must be readable as a page or archive; a
/// folder contributes what it holds that is (recursively).
pub fn collect_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk(path, &mut sources)?;
        } else {
            let source = Source::classify(path).ok_or_else(|| {
                Error::io(
                    path,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "not a page (.txt) or a JSONL archive (.jsonl, .jsonl.gz, .jsonl.zst)",
                    ),
                )
            })?;
            sources.push(source);
        }
    }
    Ok(sources)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                walk(&path, out)?;
            }
        } else if let Some(source) = Source::classify(&path) {
            out.push(source);
        }
    }
    Ok(())
}
