//! Export: every article a search matches, as CSV or JSON Lines, for a
//! spreadsheet ("can I get this list into a spreadsheet?").
//!
//! A search answers one page; an export answers all of it. Rows are
//! written while the matches are found, segment by segment, each stored
//! article read and written before the next one is looked at, so memory
//! stays flat however many articles match. Rows come in index order, not
//! ranked: the `score` column is there to sort by.
//!
//! [`Export::prepare`] counts the matches first, so that an export over
//! [`MAX_EXPORT_ROWS`] is refused with a clear error before a byte is
//! written.

use std::io::Write;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{EnableScoring, Scorer, Weight};
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument};

use super::compile::compile;
use super::request::SearchRequest;
use crate::article::{Article, Author};
use crate::error::{Error, Result};
use crate::index::Archive;

/// Most rows one export may have. The whole xwlb archive (74,545 articles)
/// fits; an export larger than this is refused before anything is written.
pub const MAX_EXPORT_ROWS: u64 = 250_000;

/// The columns, in order.
pub const COLUMNS: [&str; 8] = [
    "id", "date", "title", "column", "authors", "tags", "url", "score",
];

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated, with a UTF-8 byte order mark (so that Excel reads
    /// the Chinese right) and a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl ExportFormat {
    /// Parses `csv` or `jsonl`.
    pub fn parse(s: &str) -> Result<ExportFormat> {
        match s {
            "csv" => Ok(ExportFormat::Csv),
            "jsonl" => Ok(ExportFormat::Jsonl),
            other => Err(Error::InvalidParameter {
                code: "invalid_format",
                message: format!("format must be csv or jsonl, not `{other}`"),
            }),
        }
    }

    /// The media type of the answer.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Jsonl => "application/x-ndjson",
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

/// One row of an export.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    column: Option<&'a str>,
    authors: &'a [Author],
    tags: &'a [String],
    url: Option<&'a str>,
    score: f32,
}

/// A search ready to be exported: its matches are counted, and the count
/// is within [`MAX_EXPORT_ROWS`].
pub struct Export {
    archive: Archive,
    searcher: Searcher,
    weight: Box<dyn Weight>,
    total: u64,
}

impl Export {
    /// Compiles `req` (its query and filters; paging is ignored) and counts
    /// what it matches. An empty query exports the whole archive, narrowed
    /// by the filters.
    pub fn prepare(archive: &Archive, req: &SearchRequest) -> Result<Export> {
        Export::prepare_at_most(archive, req, MAX_EXPORT_ROWS)
    }

    /// [`prepare`](Export::prepare) with another row limit.
    pub fn prepare_at_most(
        archive: &Archive,
        req: &SearchRequest,
        max_rows: u64,
    ) -> Result<Export> {
        req.validate()?;
        let compiled = compile(req, archive.fields(), archive.analyzer())?;
        let searcher = archive.reader().searcher();
        let total = archive.search(&searcher, compiled.matcher(), &Count)? as u64;
        if total > max_rows {
            return Err(Error::InvalidParameter {
                code: "export_too_large",
                message: format!(
                    "the search matches {total} articles; an export may have at most {max_rows}: narrow it with a date range or filters"
                ),
            });
        }
        // The full query: the rows carry the search's scores.
        let weight = compiled
            .query
            .weight(EnableScoring::enabled_from_searcher(&searcher))?;
        Ok(Export {
            archive: archive.clone(),
            searcher,
            weight,
            total,
        })
    }

    /// How many rows the export will have.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Writes every row to `out`; returns how many. Stops at the first
    /// write error (a client that went away).
    pub fn write(&self, format: ExportFormat, out: impl Write) -> Result<u64> {
        let io = |e| Error::io("<export>", e);
        match format {
            ExportFormat::Csv => {
                let mut out = out;
                out.write_all("\u{feff}".as_bytes()).map_err(io)?;
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(COLUMNS).map_err(csv_error)?;
                let n = self.for_each(|a, score| {
                    let authors: Vec<&str> = a.authors.iter().map(|x| x.name.as_str()).collect();
                    let (authors, tags, score) =
                        (authors.join("; "), a.tags.join("; "), score.to_string());
                    let record: [&str; 8] = [
                        &a.id,
                        a.date.as_deref().unwrap_or_default(),
                        &a.title,
                        a.column.as_deref().unwrap_or_default(),
                        &authors,
                        &tags,
                        a.url.as_deref().unwrap_or_default(),
                        &score,
                    ];
                    csv.write_record(record).map_err(csv_error)
                })?;
                csv.flush().map_err(io)?;
                Ok(n)
            }
            ExportFormat::Jsonl => {
                let mut out = out;
                let n = self.for_each(|a, score| {
                    let row = Row {
                        id: &a.id,
                        date: a.date.as_deref(),
                        title: &a.title,
                        column: a.column.as_deref(),
                        authors: &a.authors,
                        tags: &a.tags,
                        url: a.url.as_deref(),
                        score,
                    };
                    serde_json::to_writer(&mut out, &row)
                        .map_err(|e| io(std::io::Error::from(e)))?;
                    out.write_all(b"\n").map_err(io)
                })?;
                out.flush().map_err(io)?;
                Ok(n)
            }
        }
    }

    /// Calls `row` for every live match, segment by segment, in doc order.
    fn for_each(&self, mut row: impl FnMut(&Article, f32) -> Result<()>) -> Result<u64> {
        let mut n = 0;
        for segment in self.searcher.segment_readers() {
            // Matches come in doc order, so one cached block is enough.
            let store = segment
                .get_store_reader(1)
                .map_err(|e| Error::io("<doc store>", e))?;
            let alive = segment.alive_bitset();
            let mut scorer = self.weight.scorer(segment, 1.0)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let stored: TantivyDocument = store.get(doc)?;
                    row(&self.archive.article_head(&stored), scorer.score())?;
                    n += 1;
                }
                doc = scorer.advance();
            }
        }
        Ok(n)
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::io("<export>", e),
        other => Error::io("<export>", std::io::Error::other(format!("{other:?}"))),
    }
}
