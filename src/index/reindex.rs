//! `reindex`: rebuilds every article from what the index stores, with the
//! analyzer of this program and the given (or the index's) user dictionary.
//!
//! Every field an [`Article`](crate::article::Article) needs is stored, so
//! no source file is needed. Each article is upserted again through one
//! writer and everything lands in one commit, which also records the new
//! analyzer: until then searches (in this process or another) see the old
//! index, and a run killed before the commit leaves it whole. A new user
//! dictionary waits beside the index ([`PENDING_DICT`]) and takes the old
//! one's place right after the commit; if the run dies in between, the next
//! open finishes the move. Opens during the run leave it alone.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use tantivy::{DocAddress, TantivyDocument};

use super::stored::DICTIONARY_SAMPLES;
use super::{Archive, PENDING_DICT};
use crate::analysis::{Analyzer, load_user_dict};
use crate::corpus::USER_DICT;
use crate::error::{Error, Result};

/// Memory for the indexing buffers of a reindex.
const REINDEX_MEMORY: usize = 512 * 1024 * 1024;

/// What a reindex did.
#[derive(Debug, Clone, Default)]
pub struct ReindexReport {
    pub articles: u64,
    pub seconds: f64,
}

/// Rebuilds the index in `dir` with `dict` as its user dictionary (the
/// index's own one when `None`), in one commit.
pub fn reindex(
    dir: &Path,
    dict: Option<&Path>,
    threads: usize,
    progress: bool,
) -> Result<ReindexReport> {
    let started = Instant::now();
    if !Archive::exists(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let entries = match dict {
        Some(d) => load_user_dict(d)?,
        None if dir.join(USER_DICT).exists() => load_user_dict(&dir.join(USER_DICT))?,
        None => Vec::new(),
    };
    let archive = Archive::open_to_rebuild(dir, Analyzer::new(&entries))?;
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let mut writer = archive.writer(threads, REINDEX_MEMORY)?;
    writer.merge_at_the_end();
    let pending = dir.join(PENDING_DICT);
    if let Some(d) = dict {
        std::fs::copy(d, &pending).map_err(|e| Error::io(d, e))?;
    }

    let searcher = archive.reader().searcher();
    if !archive.bodies().has_dictionary() {
        // An index without a dictionary for its bodies (one made of pages,
        // a few at a time) gets one from its first articles.
        let mut bodies = Vec::new();
        'segments: for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in segment.doc_ids_alive() {
                if bodies.len() == DICTIONARY_SAMPLES {
                    break 'segments;
                }
                let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
                bodies.push(archive.stored_body(&doc).unwrap_or_default());
            }
        }
        let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
        archive.bodies().train(&refs)?;
    }
    let bar = progress_bar(progress, searcher.num_docs());
    let mut report = ReindexReport::default();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
            writer.upsert(&archive.article_from_doc(&doc))?;
            report.articles += 1;
            bar.inc(1);
        }
    }
    bar.set_message("committing…");
    writer.commit_and_merge()?;
    // An open by another process may have finished the move already.
    if dict.is_some() && pending.exists() {
        let target = dir.join(USER_DICT);
        std::fs::rename(&pending, &target).map_err(|e| Error::io(&target, e))?;
    }
    bar.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} articles ({per_sec}, {eta} left) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
