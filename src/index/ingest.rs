//! Ingest: pages and archives into the index, in one atomic commit.
//!
//! A bad JSONL line stops the run and nothing of it is committed, unless
//! `skip_bad` is set: then the line is skipped and counted with its reason.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Archive, ArchiveWriter, Upsert};
use crate::analysis::{Analyzer, Entities};
use crate::article::Article;
use crate::corpus::{JsonlReader, Source, read_page};
use crate::date;
use crate::error::{Error, Result};

/// How to ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The date of every page (pages only); otherwise taken from the file
    /// name when it holds one.
    pub date: Option<NaiveDate>,
    /// Skip bad JSONL lines instead of failing the run.
    pub skip_bad: bool,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Indexing threads; 0 means one per core.
    pub threads: usize,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    pub added: u64,
    pub updated: u64,
    pub skipped: u64,
    /// The reasons for the first skipped lines (at most 20).
    pub skip_reasons: Vec<String>,
    /// Bytes of source text read (decompressed).
    pub bytes: u64,
    pub seconds: f64,
}

impl IngestReport {
    /// Source text throughput.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }

    fn count(&mut self, u: Upsert) {
        match u {
            Upsert::Added => self.added += 1,
            Upsert::Updated => self.updated += 1,
        }
    }
}

/// Memory for the indexing buffers of a whole run.
const INGEST_MEMORY: usize = 512 * 1024 * 1024;

/// Ingests `sources` into `archive` and commits once at the end.
pub fn ingest(archive: &Archive, sources: &[Source], opts: &IngestOptions) -> Result<IngestReport> {
    let started = Instant::now();
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let mut writer = archive.writer(threads, INGEST_MEMORY)?;
    let mut report = IngestReport::default();
    let bar = progress_bar(opts.progress);
    let tick = |report: &IngestReport| {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let n = report.added + report.updated;
        bar.set_message(format!(
            "{n} articles, {:.0} articles/s, {:.1} MB/s",
            n as f64 / secs,
            report.bytes as f64 / 1e6 / secs
        ));
    };

    for source in sources {
        match source {
            Source::Page(path) => {
                let (articles, bytes) = page_articles(path, opts)?;
                upsert_batch(
                    &mut writer,
                    archive.analyzer(),
                    &articles,
                    threads,
                    &mut report,
                )?;
                report.bytes += bytes;
                tick(&report);
            }
            Source::Jsonl(path) => {
                let mut reader = JsonlReader::open(path)?;
                let mut last_bytes = 0;
                let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
                loop {
                    let item = reader.next();
                    if batch.len() == BATCH || (item.is_none() && !batch.is_empty()) {
                        upsert_batch(
                            &mut writer,
                            archive.analyzer(),
                            &batch,
                            threads,
                            &mut report,
                        )?;
                        batch.clear();
                    }
                    let Some(item) = item else { break };
                    match item {
                        Ok(article) => batch.push(article),
                        Err(e @ Error::BadRecord { .. }) if opts.skip_bad => {
                            report.skipped += 1;
                            if report.skip_reasons.len() < 20 {
                                report.skip_reasons.push(e.to_string());
                            }
                        }
                        Err(e) => return Err(e),
                    }
                    report.bytes += reader.bytes_read - last_bytes;
                    last_bytes = reader.bytes_read;
                    if batch.len() == BATCH {
                        tick(&report);
                    }
                }
            }
        }
    }
    bar.set_message("committing…");
    writer.commit()?;
    bar.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Articles read before their entities are found, together.
const BATCH: usize = 256;

/// Finds the entities of `articles` on `threads` threads (jieba's tagger
/// is the costly part of ingest outside tantivy's own indexing threads),
/// then upserts them in order.
fn upsert_batch(
    writer: &mut ArchiveWriter,
    analyzer: &Analyzer,
    articles: &[Article],
    threads: usize,
    report: &mut IngestReport,
) -> Result<()> {
    let chunk = articles.len().div_ceil(threads.max(1)).max(1);
    let entities: Vec<Entities> = std::thread::scope(|s| {
        let handles: Vec<std::thread::ScopedJoinHandle<'_, Vec<Entities>>> = articles
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|a| analyzer.entities(a)).collect()))
            .collect();
        let mut all = Vec::with_capacity(articles.len());
        for h in handles {
            match h.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    for (article, entities) in articles.iter().zip(&entities) {
        report.count(writer.upsert_with(article, entities)?);
    }
    Ok(())
}

/// The articles of one page file, validated, and the bytes read.
fn page_articles(path: &Path, opts: &IngestOptions) -> Result<(Vec<Article>, u64)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let date = opts.date.or_else(|| date::find_in_name(&name));
    let articles = read_page(&text, &name, date)
        .into_iter()
        .map(|a| {
            a.validate().map_err(|e| Error::BadRecord {
                path: path.to_path_buf(),
                line: 0,
                field: "<page>".into(),
                message: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((articles, text.len() as u64))
}

fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
