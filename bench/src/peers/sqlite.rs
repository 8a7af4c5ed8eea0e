//! SQLite FTS5, two ways: over jieba-segmented text (words), or with
//! FTS5's own `trigram` tokenizer over the raw text (any substring of
//! three characters or more). Ranked with `bm25()` weighting the title 3
//! and the body 1 (the id column is UNINDEXED but still has a weight, 0);
//! one pass over the ranked matches gives the total and the top ten,
//! whose snippets `snippet()` then makes row by row.
//!
//! The trigram index cannot look up a string shorter than three
//! characters; for those the peer uses `LIKE` (a scan), as its
//! documentation advises.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use jieba_rs::Jieba;
use rusqlite::Connection;

use super::{Peer, PeerHit};
use crate::error::{Error, Result};
use dangjian::Article;

/// How the text is cut into terms.
pub enum Tokenize {
    /// Jieba words (with the user dictionary), separated by spaces.
    Jieba(Box<Jieba>),
    /// FTS5's `trigram` tokenizer.
    Trigram,
}

pub struct Sqlite {
    conn: Connection,
    tokenize: Tokenize,
}

/// A `WHERE` clause and its parameters.
struct Filter {
    sql: String,
    params: Vec<String>,
    /// Whether the clause uses `MATCH` (and so `bm25` can rank).
    ranked: bool,
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

/// An FTS5 string: the text in double quotes, quotes doubled.
fn fts_string(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The query's terms: the quoted string as one, or the words between
/// spaces.
fn terms(q: &str) -> Vec<String> {
    let trimmed = q.trim();
    if trimmed.len() > 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
        return vec![trimmed[1..trimmed.len() - 1].to_string()];
    }
    trimmed.split_whitespace().map(str::to_string).collect()
}

impl Sqlite {
    pub fn name_of(tokenize: &Tokenize) -> &'static str {
        match tokenize {
            Tokenize::Jieba(_) => "SQLite FTS5 + jieba",
            Tokenize::Trigram => "SQLite FTS5 trigram",
        }
    }

    fn err(&self, e: impl ToString) -> Error {
        Error::peer(Self::name_of(&self.tokenize), e)
    }

    /// Builds a fresh database at `path`; returns the peer and seconds.
    pub fn build(articles: &[Article], path: &Path, tokenize: Tokenize) -> Result<(Sqlite, f64)> {
        let started = Instant::now();
        let name = Self::name_of(&tokenize);
        let err = |e: rusqlite::Error| Error::peer(name, e);
        if path.exists() {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        }
        let mut conn = Connection::open(path).map_err(err)?;
        let options = match tokenize {
            Tokenize::Jieba(_) => "",
            Tokenize::Trigram => ", tokenize = 'trigram'",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
             CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body{options});"
        ))
        .map_err(err)?;
        let tx = conn.transaction().map_err(err)?;
        {
            let mut insert = tx
                .prepare("INSERT INTO docs (id, title, body) VALUES (?1, ?2, ?3)")
                .map_err(err)?;
            for a in articles {
                let (title, body) = match &tokenize {
                    Tokenize::Jieba(j) => (segment(j, &a.title), segment(j, &a.body_text())),
                    Tokenize::Trigram => (a.title.clone(), a.body_text()),
                };
                insert.execute((&a.id, title, body)).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        let seconds = started.elapsed().as_secs_f64();
        Ok((Sqlite { conn, tokenize }, seconds))
    }

    /// The `WHERE` clause for `q`: every term required; a quoted string
    /// as one phrase (jieba) or one substring (trigram). `None` when the
    /// query has no term the peer can look up.
    fn filter(&self, q: &str) -> Option<Filter> {
        match &self.tokenize {
            Tokenize::Jieba(jieba) => {
                let words = |s: &str| -> Vec<String> {
                    jieba
                        .cut(s, true)
                        .iter()
                        .map(|t| t.word.trim())
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .map(str::to_string)
                        .collect()
                };
                let trimmed = q.trim();
                let expr =
                    if trimmed.len() > 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
                        let phrase = words(&trimmed[1..trimmed.len() - 1]).join(" ");
                        if phrase.is_empty() {
                            String::new()
                        } else {
                            fts_string(&phrase)
                        }
                    } else {
                        words(trimmed)
                            .iter()
                            .map(|w| fts_string(w))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                (!expr.is_empty()).then(|| Filter {
                    sql: "docs MATCH ?1".into(),
                    params: vec![expr],
                    ranked: true,
                })
            }
            Tokenize::Trigram => {
                let (long, short): (Vec<String>, Vec<String>) = terms(q)
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .partition(|t| t.chars().count() >= 3);
                let mut clauses = Vec::new();
                let mut params = Vec::new();
                if !long.is_empty() {
                    params.push(
                        long.iter()
                            .map(|t| fts_string(t))
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                    clauses.push("docs MATCH ?1".to_string());
                }
                for t in &short {
                    params.push(format!(
                        "%{}%",
                        t.replace('\\', "\\\\")
                            .replace('%', "\\%")
                            .replace('_', "\\_")
                    ));
                    let n = params.len();
                    clauses.push(format!(
                        "(title LIKE ?{n} ESCAPE '\\' OR body LIKE ?{n} ESCAPE '\\')"
                    ));
                }
                (!clauses.is_empty()).then(|| Filter {
                    sql: clauses.join(" AND "),
                    params,
                    ranked: !long.is_empty(),
                })
            }
        }
    }
}

impl Peer for Sqlite {
    fn name(&self) -> &'static str {
        Self::name_of(&self.tokenize)
    }

    fn substring(&self) -> bool {
        matches!(self.tokenize, Tokenize::Trigram)
    }

    fn search(&self, q: &str) -> Result<PeerHit> {
        let Some(filter) = self.filter(q) else {
            return Ok(PeerHit::default());
        };
        // One pass over the matches, best first: every row is counted and
        // the first ten kept (FTS5's ranking functions cannot share a
        // statement with `count(*) OVER ()`).
        let order = if filter.ranked {
            "ORDER BY bm25(docs, 0.0, 3.0, 1.0)"
        } else {
            ""
        };
        let sql = format!("SELECT id, rowid FROM docs WHERE {} {order}", filter.sql);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&filter.params))
            .map_err(|e| self.err(e))?;
        let mut hit = PeerHit::default();
        let mut top = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            hit.total += 1;
            if top.len() < 10 {
                let id: String = row.get(0).map_err(|e| self.err(e))?;
                let rowid: i64 = row.get(1).map_err(|e| self.err(e))?;
                top.push((id, rowid));
            }
        }
        // The snippets of those ten, each looked up by its row.
        let snippet = if filter.ranked {
            format!(
                "SELECT snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs WHERE {} AND rowid = ?{}",
                filter.sql,
                filter.params.len() + 1
            )
        } else {
            format!(
                "SELECT substr(body, 1, 80) FROM docs WHERE rowid = ?{}",
                filter.params.len() + 1
            )
        };
        let mut stmt = self
            .conn
            .prepare_cached(&snippet)
            .map_err(|e| self.err(e))?;
        for (id, rowid) in top {
            let mut params: Vec<rusqlite::types::Value> =
                filter.params.iter().map(|p| p.clone().into()).collect();
            params.push(rowid.into());
            stmt.query_row(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(0)
            })
            .map_err(|e| self.err(e))?;
            hit.top_ids.push(id);
        }
        Ok(hit)
    }

    fn ids(&self, q: &str) -> Result<HashSet<String>> {
        let Some(filter) = self.filter(q) else {
            return Ok(HashSet::new());
        };
        let sql = format!("SELECT id FROM docs WHERE {}", filter.sql);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(&filter.params), |r| {
                r.get::<_, String>(0)
            })
            .map_err(|e| self.err(e))?;
        rows.map(|r| r.map_err(|e| self.err(e))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles() -> Vec<Article> {
        [
            ("a", "乡村振兴，头雁领航"),
            ("b", "城市更新行动"),
            ("c", "乡村振兴大会"),
        ]
        .map(|(id, body)| Article {
            id: id.into(),
            title: format!("标题{id}"),
            body: vec![body.into()],
            ..Article::default()
        })
        .to_vec()
    }

    fn sorted(ids: HashSet<String>) -> Vec<String> {
        let mut v: Vec<String> = ids.into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn trigram_finds_long_substrings_by_match_and_short_ones_by_like() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) =
            Sqlite::build(&articles(), &dir.path().join("t.db"), Tokenize::Trigram).unwrap();
        assert_eq!(sorted(db.ids("村振兴").unwrap()), ["a", "c"]);
        assert_eq!(sorted(db.ids("头雁").unwrap()), ["a"]);
        assert_eq!(sorted(db.ids("\"更新行\"").unwrap()), ["b"]);
        let hit = db.search("乡村振兴").unwrap();
        assert_eq!((hit.total, hit.top_ids.len()), (2, 2));
    }

    #[test]
    fn jieba_search_gives_the_total_and_the_top_in_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let tokenize = Tokenize::Jieba(Box::new(Jieba::new()));
        let (db, _) = Sqlite::build(&articles(), &dir.path().join("j.db"), tokenize).unwrap();
        let hit = db.search("乡村振兴").unwrap();
        assert_eq!(hit.total, 2);
        assert_eq!(hit.top_ids.len(), 2);
    }
}
