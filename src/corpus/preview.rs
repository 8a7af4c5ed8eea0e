//! `ingest --dry-run`: how each page would be split, without an index.
//!
//! Staff check a new page format on a few pages before ingesting a year of
//! it: one line per article with its title, column, kicker, authors,
//! paragraph count and first words, and the reader's doubts where it
//! guessed. Archives are only read and counted.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{JsonlReader, Source, split_page};
use crate::article::Author;
use crate::date;
use crate::error::{Error, Result};

/// Characters of the body shown per article.
const FIRST_WORDS_CHARS: usize = 24;

/// One article as the dry-run shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticlePreview {
    pub id: String,
    pub title: String,
    pub column: Option<String>,
    pub kicker: Option<String>,
    pub dateline: Option<String>,
    pub authors: Vec<Author>,
    pub paragraphs: usize,
    pub first_words: String,
    /// Where the reader guessed; empty when it was sure.
    pub doubts: Vec<String>,
}

/// One source file as the dry-run shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SourcePreview {
    pub path: String,
    /// `page` or `jsonl`.
    pub kind: &'static str,
    pub articles: usize,
    /// Articles with at least one doubt.
    pub unsure: usize,
    /// Lines of an archive that would fail (or be skipped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bad_lines: Option<usize>,
    /// A page's articles, in page order (empty for archives).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<ArticlePreview>,
}

/// Reads every source as `ingest` would, and describes what it found.
pub fn preview(sources: &[Source], date: Option<NaiveDate>) -> Result<Vec<SourcePreview>> {
    sources
        .iter()
        .map(|source| match source {
            Source::Page(path) => preview_page(path, date),
            Source::Jsonl(path) => {
                let (mut articles, mut bad) = (0, 0);
                for item in JsonlReader::open(path)? {
                    match item {
                        Ok(_) => articles += 1,
                        Err(Error::BadRecord { .. }) => bad += 1,
                        Err(e) => return Err(e),
                    }
                }
                Ok(SourcePreview {
                    path: path.display().to_string(),
                    kind: "jsonl",
                    articles,
                    unsure: 0,
                    bad_lines: Some(bad),
                    split: Vec::new(),
                })
            }
        })
        .collect()
}

fn preview_page(path: &Path, date: Option<NaiveDate>) -> Result<SourcePreview> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let date = date.or_else(|| date::find_in_name(&name));
    let split: Vec<ArticlePreview> = split_page(&text, &name, date)
        .into_iter()
        .map(|p| {
            let a = p.article;
            let first = a.body.first().map_or("", String::as_str);
            let mut first_words: String = first.chars().take(FIRST_WORDS_CHARS).collect();
            if first.chars().count() > FIRST_WORDS_CHARS {
                first_words.push('…');
            }
            ArticlePreview {
                id: a.id,
                title: a.title,
                column: a.column,
                kicker: a.kicker,
                dateline: a.dateline,
                authors: a.authors,
                paragraphs: a.body.len(),
                first_words,
                doubts: p.doubts,
            }
        })
        .collect();
    Ok(SourcePreview {
        path: path.display().to_string(),
        kind: "page",
        articles: split.len(),
        unsure: split.iter().filter(|a| !a.doubts.is_empty()).count(),
        bad_lines: None,
        split,
    })
}

/// The dry-run as text for a terminal.
pub fn render(previews: &[SourcePreview]) -> String {
    let mut out = String::new();
    for p in previews {
        let _ = match p.bad_lines {
            Some(bad) => writeln!(
                out,
                "{} (archive): {} articles, {bad} bad lines",
                p.path, p.articles
            ),
            None => writeln!(
                out,
                "{} (page): {} articles, {} unsure",
                p.path, p.articles, p.unsure
            ),
        };
        for (i, a) in p.split.iter().enumerate() {
            let _ = writeln!(out, "  {:>2}. {}", i + 1, a.title);
            let mut meta = Vec::new();
            meta.extend(a.column.as_ref().map(|c| format!("column {c}")));
            meta.extend(a.kicker.as_ref().map(|k| format!("kicker {k}")));
            meta.extend(a.dateline.as_ref().map(|d| format!("dateline {d}")));
            if !a.authors.is_empty() {
                let names: Vec<String> = a
                    .authors
                    .iter()
                    .map(|x| format!("{} ({})", x.name, x.role.as_str()))
                    .collect();
                meta.push(names.join(", "));
            }
            meta.push(format!("{} paragraphs", a.paragraphs));
            let _ = writeln!(out, "      {}", meta.join(" · "));
            let _ = writeln!(out, "      {}", a.first_words);
            for d in &a.doubts {
                let _ = writeln!(out, "      unsure: {d}");
            }
        }
    }
    out
}
