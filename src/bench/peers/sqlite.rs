//! SQLite FTS5 over jieba-segmented text, ranked with `bm25()`, snippets
//! from `snippet()`.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use jieba_rs::Jieba;
use rusqlite::Connection;

use super::{Peer, PeerHit};
use crate::article::Article;
use crate::error::{Error, Result};

pub struct Sqlite {
    conn: Connection,
    jieba: Jieba,
}

fn db_err(path: &Path, e: rusqlite::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

/// The text as jieba words separated by spaces.
fn segment(jieba: &Jieba, text: &str) -> String {
    jieba
        .cut(text, true)
        .iter()
        .map(|t| t.word.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Sqlite {
    /// Builds a fresh database at `path`; returns the peer and seconds.
    pub fn build(articles: &[Article], path: &Path) -> Result<(Sqlite, f64)> {
        let started = Instant::now();
        if path.exists() {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        }
        let jieba = Jieba::new();
        let mut conn = Connection::open(path).map_err(|e| db_err(path, e))?;
        conn.execute_batch(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
             CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body);",
        )
        .map_err(|e| db_err(path, e))?;
        let tx = conn.transaction().map_err(|e| db_err(path, e))?;
        {
            let mut insert = tx
                .prepare("INSERT INTO docs (id, title, body) VALUES (?1, ?2, ?3)")
                .map_err(|e| db_err(path, e))?;
            for a in articles {
                insert
                    .execute((
                        &a.id,
                        segment(&jieba, &a.title),
                        segment(&jieba, &a.body_text()),
                    ))
                    .map_err(|e| db_err(path, e))?;
            }
        }
        tx.commit().map_err(|e| db_err(path, e))?;
        let seconds = started.elapsed().as_secs_f64();
        Ok((Sqlite { conn, jieba }, seconds))
    }

    /// The FTS5 query: a quoted string as one phrase of its words; other
    /// terms' words all required.
    fn match_expr(&self, q: &str) -> String {
        let quote = |w: &str| format!("\"{}\"", w.replace('"', "\"\""));
        let words = |s: &str| -> Vec<String> {
            self.jieba
                .cut(s, true)
                .iter()
                .map(|t| t.word.trim())
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .map(str::to_string)
                .collect()
        };
        let trimmed = q.trim();
        if trimmed.len() > 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
            let inner = &trimmed[1..trimmed.len() - 1];
            return quote(&words(inner).join(" "));
        }
        words(trimmed)
            .iter()
            .map(|w| quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Peer for Sqlite {
    fn name(&self) -> &'static str {
        "SQLite FTS5 + jieba"
    }

    fn search(&self, q: &str) -> Result<PeerHit> {
        let expr = self.match_expr(q);
        if expr.is_empty() {
            return Ok(PeerHit::default());
        }
        let p = Path::new("sqlite");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs
                 WHERE docs MATCH ?1 ORDER BY bm25(docs, 3.0, 1.0) LIMIT 10",
            )
            .map_err(|e| db_err(p, e))?;
        let rows = stmt.query_map([&expr], |r| r.get::<_, String>(0));
        let top_ids: Vec<String> = match rows {
            Ok(rows) => rows.filter_map(|r| r.ok()).collect(),
            Err(_) => Vec::new(),
        };
        let total: u64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM docs WHERE docs MATCH ?1")
            .and_then(|mut s| s.query_row([&expr], |r| r.get::<_, i64>(0)))
            .map_or(0, |n| n as u64);
        Ok(PeerHit { total, top_ids })
    }

    fn ids(&self, q: &str) -> Result<HashSet<String>> {
        let expr = self.match_expr(q);
        if expr.is_empty() {
            return Ok(HashSet::new());
        }
        let p = Path::new("sqlite");
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM docs WHERE docs MATCH ?1")
            .map_err(|e| db_err(p, e))?;
        let rows = stmt.query_map([&expr], |r| r.get::<_, String>(0));
        Ok(match rows {
            Ok(rows) => rows.filter_map(|r| r.ok()).collect(),
            Err(_) => HashSet::new(),
        })
    }
}
