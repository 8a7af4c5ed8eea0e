//! [`ArchiveWriter`]: upsert and delete by id, then one atomic commit.
//!
//! Every article is written with its *origin*, the file it came from (or
//! `api`), so that re-ingesting a file can find and replace what it held.
//! An upsert of an article identical to the stored one (origin included)
//! writes nothing and says [`Upsert::Unchanged`].

use std::collections::HashSet;
use std::hash::Hasher;

use siphasher::sip128::{Hasher128, SipHasher13};

use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexWriter, TantivyDocument, Term};

use super::Archive;
use super::document::ArticleDoc;
use super::{merges, openings};
use crate::analysis::Entities;
use crate::article::Article;
use crate::date;
use crate::error::Result;

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Added,
    Updated,
    /// The stored article was the same: nothing was written.
    Unchanged,
}

/// The origin of articles written without one (API writes).
pub const API_ORIGIN: &str = "api";

/// What an upsert needs beyond the article, made on any thread: the
/// people, places and organisations it names (jieba's tagger) and its body
/// as it is stored (compressed).
pub struct Prepared {
    entities: Entities,
    /// The paragraphs joined by newlines.
    body: String,
    stored: Vec<u8>,
}

impl Prepared {
    pub fn new(archive: &Archive, article: &Article) -> Prepared {
        let body = article.body_text();
        Prepared {
            entities: archive.analyzer().entities(article),
            stored: archive.bodies().encode(&body),
            body,
        }
    }
}

/// An id as a 128-bit hash: what a writer keeps of each id it wrote.
///
/// An ingest writes every article of its run through one writer, so what
/// it keeps per id grows with the archive. For the 10× archive's 745,450
/// ids, a set of `String`s takes about 50 MB (the table's 2²⁰ slots of 25
/// bytes, and an allocation of 32 bytes per id), a set of these 18 MB.
/// Two ids of one run share a key with a chance of about n² / 2¹²⁹
/// (10⁻²⁷ for a million ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct IdKey(u128);

impl IdKey {
    fn of(id: &str) -> IdKey {
        let mut hasher = SipHasher13::new();
        hasher.write(id.as_bytes());
        IdKey(hasher.finish128().as_u128())
    }
}

/// Holds the index's writer lock until it is committed or dropped.
/// Dropping it without [`commit`](ArchiveWriter::commit) discards every
/// change made through it.
pub struct ArchiveWriter {
    archive: Archive,
    writer: IndexWriter<ArticleDoc>,
    /// Ids written in this batch, as [`IdKey`]s: a second write of one is
    /// an update.
    seen: HashSet<IdKey>,
    /// The origin recorded with the next upserts.
    origin: String,
    /// The frequent openings ([`openings`](super::openings)): those the
    /// index holds, or those [`learn_openings`](Self::learn_openings)
    /// learnt.
    openings: HashSet<String>,
    /// The index's segments when the writer was made: the others are this
    /// write's ([`commit_and_merge`](Self::commit_and_merge)).
    before: HashSet<SegmentId>,
}

impl ArchiveWriter {
    pub(super) fn new(archive: Archive, writer: IndexWriter<ArticleDoc>) -> Result<Self> {
        let openings = openings::of_index(&archive.reader().searcher(), archive.fields().opening)?;
        let before = archive
            .index()
            .searchable_segment_ids()?
            .into_iter()
            .collect();
        Ok(ArchiveWriter {
            before,
            archive,
            writer,
            seen: HashSet::new(),
            origin: API_ORIGIN.to_string(),
            openings: openings.into_iter().collect(),
        })
    }

    /// Whether the writer knows the index's frequent openings.
    pub fn has_openings(&self) -> bool {
        !self.openings.is_empty()
    }

    /// Learns the frequent openings from `bodies` (the first of an ingest
    /// into an index that has none); the articles upserted from then on
    /// that open with one have it indexed.
    pub fn learn_openings<'a>(&mut self, bodies: impl IntoIterator<Item = &'a str>) {
        self.openings.extend(openings::learn(bodies));
    }

    /// Leaves every merge to [`commit_and_merge`](Self::commit_and_merge):
    /// what a bulk write does, which then merges each article once rather
    /// than at every level of the log policy and again at the end.
    pub fn merge_at_the_end(&self) {
        self.writer.set_merge_policy(Box::new(NoMergePolicy));
    }

    /// Sets the origin (the source file's name) recorded with the
    /// following upserts.
    pub fn set_origin(&mut self, origin: &str) {
        self.origin = origin.to_string();
    }

    /// Whether `id` was written (upserted) in this batch.
    pub fn wrote(&self, id: &str) -> bool {
        self.seen.contains(&IdKey::of(id))
    }

    /// Whether the committed article at `address` equals `article` (whose
    /// paragraphs joined are `body`) and has the current origin.
    fn stored_equals(&self, address: DocAddress, article: &Article, body: &str) -> Result<bool> {
        let doc: TantivyDocument = self.archive.reader().searcher().doc(address)?;
        let f = self.archive.fields();
        let origin = doc.get_first(f.origin).and_then(|v| v.as_str());
        let stored = self.archive.stored_body(&doc).unwrap_or_default();
        let head = self.archive.article_head(&doc);
        Ok(origin == Some(self.origin.as_str())
            && stored == body
            && head
                == Article {
                    body: Vec::new(),
                    ..article.clone()
                })
    }

    fn exists(&self, id: &str) -> Result<bool> {
        Ok(self.seen.contains(&IdKey::of(id)) || self.archive.address_of(id)?.is_some())
    }

    /// Adds `article`, replacing any article with the same id. The article
    /// must already be valid ([`Article::validate`]).
    pub fn upsert(&mut self, article: &Article) -> Result<Upsert> {
        let prepared = Prepared::new(&self.archive, article);
        self.upsert_prepared(article, prepared)
    }

    /// [`upsert`](Self::upsert) with the article [`Prepared`] already
    /// (ingest prepares them on several threads).
    pub fn upsert_prepared(&mut self, article: &Article, prepared: Prepared) -> Result<Upsert> {
        let key = IdKey::of(&article.id);
        let existed = self.seen.contains(&key)
            || match self.archive.address_of(&article.id)? {
                Some(address) if self.stored_equals(address, article, &prepared.body)? => {
                    return Ok(Upsert::Unchanged);
                }
                found => found.is_some(),
            };
        let f = *self.archive.fields();
        // A new id has nothing to replace: no delete to queue and apply at
        // the commit (most of a fresh ingest).
        if existed {
            self.writer
                .delete_term(Term::from_field_text(f.id, &article.id));
        }
        let mut doc = ArticleDoc::new();
        doc.add_text(f.id, &article.id);
        let title = doc.text(article.title.clone());
        for field in [
            f.title,
            f.heading_words,
            f.words,
            f.heading_lit,
            f.heading_chars,
        ] {
            doc.add_text_to(field, title);
        }
        doc.add_u64(
            f.heading_exact,
            crate::analysis::exact_heading(&article.title),
        );
        if let Some(kicker) = &article.kicker {
            let kicker_text = doc.text(kicker.clone());
            for field in [
                f.kicker,
                f.heading_words,
                f.words,
                f.heading_lit,
                f.heading_chars,
            ] {
                doc.add_text_to(field, kicker_text);
            }
            doc.add_u64(f.heading_exact, crate::analysis::exact_heading(kicker));
        }
        // The dateline was the start of the first paragraph: it is searched
        // as body text, so taking it out of the body loses no hit.
        if let Some(dateline) = &article.dateline {
            let dateline = doc.text(dateline.clone());
            for field in [f.dateline, f.words, f.body_lit, f.body_chars] {
                doc.add_text_to(field, dateline);
            }
        }
        let Prepared {
            entities,
            body,
            stored,
        } = prepared;
        if !self.openings.is_empty()
            && let Some(opening) = openings::opening_of(&body)
            && self.openings.contains(&opening)
        {
            doc.add_text(f.opening, &opening);
        }
        let body = doc.text(body);
        for field in [f.words, f.body_lit, f.body_chars] {
            doc.add_text_to(field, body);
        }
        doc.add_bytes(f.body, stored);
        if let Some(column) = &article.column {
            doc.add_text(f.column, column);
        }
        let mut names: Vec<&str> = Vec::new();
        for a in &article.authors {
            if !names.contains(&a.name.as_str()) {
                names.push(&a.name);
                doc.add_text(f.author, &a.name);
            }
        }
        if !article.authors.is_empty() {
            doc.add_text(
                f.authors_json,
                &serde_json::to_string(&article.authors).unwrap_or_default(),
            );
        }
        for tag in &article.tags {
            doc.add_text(f.tag, tag);
        }
        for (field, values) in [
            (f.person, &entities.people),
            (f.place, &entities.places),
            (f.org, &entities.orgs),
        ] {
            for v in values {
                doc.add_text(field, v);
            }
        }
        if let Some(d) = &article.date {
            let d = date::parse(d)?;
            doc.add_i64(f.day, date::to_days(d));
            doc.add_i64(f.month, date::month_key(d));
        }
        if let Some(url) = &article.url {
            doc.add_text(f.url, url);
        }
        if let Some(source) = &article.source {
            doc.add_text(f.source, source);
        }
        doc.add_text(f.origin, &self.origin);
        self.writer.add_document(doc)?;
        self.seen.insert(key);
        Ok(if existed {
            Upsert::Updated
        } else {
            Upsert::Added
        })
    }

    /// Deletes the article with `id`; false when there was none.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let existed = self.exists(id)?;
        let f = self.archive.fields();
        self.writer.delete_term(Term::from_field_text(f.id, id));
        self.seen.remove(&IdKey::of(id));
        Ok(existed)
    }

    /// Commits every change at once and makes it visible to searches.
    pub fn commit(self) -> Result<()> {
        self.finish(false)
    }

    /// [`commit`](Self::commit), then merges what the write left into the
    /// segments a search pays least for ([`final_merges`](merges::final_merges)):
    /// what a bulk write (ingest, reindex) ends with. The commit stands
    /// whether or not the merges succeed; a merge is atomic in tantivy.
    pub fn commit_and_merge(self) -> Result<()> {
        self.finish(true)
    }

    fn finish(self, merge: bool) -> Result<()> {
        if merge {
            // The policy starts no merge from here: the last ones are
            // planned below, over every segment.
            self.merge_at_the_end();
        }
        let ArchiveWriter {
            archive,
            mut writer,
            before,
            ..
        } = self;
        // The commit records what its terms were made with.
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&archive.analyzer().fingerprint().to_payload());
        prepared.commit()?;
        // On this writer, which holds the index's lock: another writer
        // could take it between two.
        if merge && let Err(e) = Self::merge_final(&archive, &mut writer, &before) {
            // The commit stands; the index just keeps its segments.
            tracing::warn!("merging the segments after the commit failed: {e}");
        }
        writer.wait_merging_threads()?;
        archive.reload()
    }

    /// Runs the merges of [`final_merges`](merges::final_merges), two at a
    /// time (the writer's merge threads).
    fn merge_final(
        archive: &Archive,
        writer: &mut IndexWriter<ArticleDoc>,
        before: &HashSet<SegmentId>,
    ) -> Result<()> {
        let segments = archive.index().searchable_segment_metas()?;
        let written: HashSet<SegmentId> = segments
            .iter()
            .map(|m| m.id())
            .filter(|id| !before.contains(id))
            .collect();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let groups = merges::final_merges(&segments, &written, cores);
        if groups.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let merging: Vec<_> = groups.iter().map(|ids| writer.merge(ids)).collect();
        // Every merge is waited for, even after one failed: one left
        // running would outlive its writer.
        let mut failed = None;
        for merge in merging {
            if let Err(e) = merge.wait() {
                failed.get_or_insert(e);
            }
        }
        tracing::info!(
            "merged {} segments into {} in {:.1} s",
            groups.iter().map(Vec::len).sum::<usize>(),
            groups.len(),
            started.elapsed().as_secs_f64()
        );
        // The merged segments' files go now, and a failed merge's too.
        writer.garbage_collect_files().wait()?;
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}
