//! The benchmark query set: `kind<TAB>query<TAB>expected id` lines, made by
//! `scripts/make_queries.py` (`benches/queries.tsv`), and the kinds of
//! [`crate::input`] beside them.

use std::path::Path;

use crate::error::{Error, Result};

/// One benchmark query.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    /// headline, tag, substring, char, two_terms or quoted; or an input
    /// kind: spaced, latin, digits, fullwidth, punct, ime_quoted,
    /// traditional, passage.
    pub kind: String,
    pub q: String,
    /// For headlines: the article the headline belongs to.
    pub expected: Option<String>,
}

impl BenchQuery {
    pub fn new(kind: &str, q: String) -> Self {
        BenchQuery {
            kind: kind.to_string(),
            q,
            expected: None,
        }
    }

    /// Whether the query is typed quoted (ASCII or IME quotes).
    pub fn is_quoted(&self) -> bool {
        matches!(self.kind.as_str(), "quoted" | "ime_quoted")
    }

    /// The literal strings whose every occurrence must be found.
    pub fn literals(&self) -> Vec<String> {
        match self.kind.as_str() {
            "quoted" => vec![self.q.trim_matches('"').to_string()],
            "ime_quoted" => vec![
                self.q
                    .trim_matches(|c| matches!(c, '“' | '”' | '「' | '」'))
                    .to_string(),
            ],
            "two_terms" => self.q.split_whitespace().map(str::to_string).collect(),
            "headline" => Vec::new(),
            _ => vec![self.q.clone()],
        }
    }
}

/// Reads a query file.
pub fn load(path: &Path) -> Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let kind = parts.next().unwrap_or("").to_string();
            let q = parts.next().unwrap_or("").to_string();
            let expected = parts
                .next()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            BenchQuery { kind, q, expected }
        })
        .filter(|q| !q.q.is_empty())
        .collect())
}
