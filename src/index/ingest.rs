//! Ingest: pages and archives into the index, in one atomic commit.
//!
//! A bad JSONL line stops the run and nothing of it is committed, unless
//! `skip_bad` is set: then the line is skipped and counted with its reason.
//!
//! Re-ingesting a source replaces it: every article is recorded with the
//! file name it came from (its *origin*), and the articles a page file held
//! before that its new version lacks are deleted in the same commit, so
//! there are never two versions of a page. JSONL archives are replaced the
//! same way when `replace_source` is set (by default they only add and
//! update, since an archive is often ingested in parts).

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use super::stored::{DICTIONARY_MIN_SAMPLES, DICTIONARY_SAMPLES};
use super::{Archive, ArchiveWriter, Prepared, Upsert};
use crate::article::Article;
use crate::corpus::{JsonlReader, Source, split_page};
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
    /// JSONL files replace what they held before (pages always do).
    pub replace_source: bool,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    pub added: u64,
    pub updated: u64,
    /// Articles of a replaced source that its new version no longer has.
    pub deleted: u64,
    /// Articles identical to the stored ones (nothing written).
    pub unchanged: u64,
    pub skipped: u64,
    /// The reasons for the first skipped lines (at most 20).
    pub skip_reasons: Vec<String>,
    /// Where the page reader was unsure how a page splits into articles:
    /// `file «title»: why`. `ingest --dry-run` shows them before ingesting.
    pub doubts: Vec<String>,
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
            Upsert::Unchanged => self.unchanged += 1,
        }
    }

    /// Articles read from the sources and kept.
    pub fn articles(&self) -> u64 {
        self.added + self.updated + self.unchanged
    }
}

/// Memory for the indexing buffers of a whole run.
const INGEST_MEMORY: usize = 384 * 1024 * 1024;

/// Ingests `sources` into `archive` and commits once at the end.
pub fn ingest(archive: &Archive, sources: &[Source], opts: &IngestOptions) -> Result<IngestReport> {
    let started = Instant::now();
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let mut writer = archive.writer(threads, INGEST_MEMORY)?;
    writer.merge_at_the_end();
    let mut learning = !archive.bodies().has_dictionary();
    let mut learning_openings = !writer.has_openings();
    let mut report = IngestReport::default();
    let bar = progress_bar(opts.progress);
    let tick = |report: &IngestReport| {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let n = report.articles();
        bar.set_message(format!(
            "{n} articles, {:.0} articles/s, {:.1} MB/s",
            n as f64 / secs,
            report.bytes as f64 / 1e6 / secs
        ));
    };

    for source in sources {
        let origin = source_name(source.path());
        writer.set_origin(&origin);
        // The ids this source held before, when it is to be replaced.
        let before = match source {
            Source::Page(_) => Some(archive.ids_of_origin(&origin)?),
            Source::Jsonl(_) if opts.replace_source => Some(archive.ids_of_origin(&origin)?),
            Source::Jsonl(_) => None,
        };
        let mut kept: HashSet<String> = HashSet::new();
        match source {
            Source::Page(path) => {
                let (articles, bytes) = page_articles(path, opts, &mut report.doubts)?;
                upsert_batch(&mut writer, archive, &articles, threads, &mut report)?;
                kept.extend(articles.iter().map(|a| a.id.clone()));
                report.bytes += bytes;
                tick(&report);
            }
            Source::Jsonl(path) => {
                let mut reader = JsonlReader::open(path)?;
                let mut last_bytes = 0;
                let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
                loop {
                    let item = reader.next();
                    // Until the index has a dictionary for its bodies, the
                    // first articles wait to teach it.
                    // The same articles teach the index its frequent openings.
                    let full = if learning || learning_openings {
                        DICTIONARY_SAMPLES
                    } else {
                        BATCH
                    };
                    if batch.len() >= full || (item.is_none() && !batch.is_empty()) {
                        if learning || learning_openings {
                            let bodies: Vec<String> =
                                batch.iter().map(Article::body_text).collect();
                            let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
                            if learning {
                                archive.bodies().train(&refs)?;
                                // One try with enough bodies: zstd may refuse them.
                                learning = !archive.bodies().has_dictionary()
                                    && batch.len() < DICTIONARY_MIN_SAMPLES;
                            }
                            if learning_openings {
                                writer.learn_openings(refs.iter().copied());
                                learning_openings = false;
                            }
                        }
                        upsert_batch(&mut writer, archive, &batch, threads, &mut report)?;
                        batch.clear();
                    }
                    let Some(item) = item else { break };
                    match item {
                        Ok(article) => {
                            if before.is_some() {
                                kept.insert(article.id.clone());
                            }
                            batch.push(article);
                        }
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
                    if batch.len() % BATCH == 0 {
                        tick(&report);
                    }
                }
            }
        }
        for id in before.iter().flatten() {
            // An id another source of this run wrote has moved there.
            if !kept.contains(id) && !writer.wrote(id) && writer.delete(id)? {
                report.deleted += 1;
            }
        }
    }
    bar.set_message("committing…");
    writer.commit_and_merge()?;
    bar.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A source's origin: its file name.
fn source_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned()
}

/// Articles read before their entities are found, together.
const BATCH: usize = 256;

/// Prepares `articles` on `threads` threads (jieba's tagger and the
/// bodies' compression are the costly part of ingest outside tantivy's own
/// indexing threads), then upserts them in order.
fn upsert_batch(
    writer: &mut ArchiveWriter,
    archive: &Archive,
    articles: &[Article],
    threads: usize,
    report: &mut IngestReport,
) -> Result<()> {
    let chunk = articles.len().div_ceil(threads.max(1)).max(1);
    let prepared: Vec<Prepared> = std::thread::scope(|s| {
        let handles: Vec<std::thread::ScopedJoinHandle<'_, Vec<Prepared>>> = articles
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|a| Prepared::new(archive, a)).collect()))
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
    for (article, prepared) in articles.iter().zip(prepared) {
        report.count(writer.upsert_prepared(article, prepared)?);
    }
    Ok(())
}

/// The articles of one page file, validated, and the bytes read.
fn page_articles(
    path: &Path,
    opts: &IngestOptions,
    doubts: &mut Vec<String>,
) -> Result<(Vec<Article>, u64)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let date = opts.date.or_else(|| date::find_in_name(&name));
    let articles = split_page(&text, &name, date)
        .into_iter()
        .map(|p| {
            for d in &p.doubts {
                doubts.push(format!("{name} «{}»: {d}", p.article.title));
            }
            p.article
        })
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
