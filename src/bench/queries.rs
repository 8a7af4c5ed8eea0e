//! The benchmark query set: `kind<TAB>query<TAB>expected id` lines, made by
//! `scripts/make_queries.py`.

use std::path::Path;

use crate::error::{Error, Result};

/// One benchmark query.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    /// headline, tag, substring, char, two_terms or quoted.
    pub kind: String,
    pub q: String,
    /// For headlines: the article the headline belongs to.
    pub expected: Option<String>,
}

impl BenchQuery {
    /// The literal strings whose every occurrence must be found.
    pub fn literals(&self) -> Vec<String> {
        match self.kind.as_str() {
            "quoted" => vec![self.q.trim_matches('"').to_string()],
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
