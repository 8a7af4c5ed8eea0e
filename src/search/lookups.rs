//! [`Lookups`]: the term entries one search has looked up, by segment.
//!
//! A search reads the same terms more than once: a term's pairs find its
//! matches in the first pass and its verbatim bonus on the page's articles
//! after it; a word is counted for BM25 and matched as one of the term's
//! words. Each look-up walks the field's term dictionary (an FST) and
//! decodes the entry, and on the archive copied ten times a headline's
//! terms in each of 15 segments were looked up several hundred times per
//! search. The queries [`compile`](super::compile) makes for one search
//! share one `Lookups`; nothing outlives the search.

use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap as HashMap;

use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::{SegmentReader, Term};

/// Each (segment, term) looked up once; safe to share between the
/// threads searching a searcher's segments.
#[derive(Debug, Default)]
pub struct Lookups {
    seen: Mutex<HashMap<SegmentId, HashMap<Term, Option<TermInfo>>>>,
}

impl Lookups {
    /// The entry of `term` in `reader`'s segment; `None` when the term is
    /// not there. A segment's terms never change, so an entry holds for
    /// every searcher that has the segment.
    pub fn term_info(
        &self,
        reader: &SegmentReader,
        term: &Term,
    ) -> tantivy::Result<Option<TermInfo>> {
        let segment = reader.segment_id();
        if let Some(info) = self.lock().get(&segment).and_then(|terms| terms.get(term)) {
            return Ok(info.clone());
        }
        let info = reader.inverted_index(term.field())?.get_term_info(term)?;
        self.lock()
            .entry(segment)
            .or_default()
            .insert(term.clone(), info.clone());
        Ok(info)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<SegmentId, HashMap<Term, Option<TermInfo>>>> {
        // The map holds no invariant a panic could break.
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{STRING, Schema};
    use tantivy::{Index, IndexWriter, doc};

    use super::*;

    /// Asked twice, in each of two segments, for terms there and not: the
    /// entries each segment's own dictionary gives.
    #[test]
    fn gives_each_segments_own_entries() {
        let mut schema = Schema::builder();
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for batch in [&["甲", "乙", "甲"][..], &["乙", "丙"][..]] {
            for t in batch {
                writer.add_document(doc!(tag => *t)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let lookups = Lookups::default();
        for _ in 0..2 {
            for reader in searcher.segment_readers() {
                for t in ["甲", "乙", "丙", "丁"] {
                    let term = Term::from_field_text(tag, t);
                    let want = reader
                        .inverted_index(tag)
                        .unwrap()
                        .get_term_info(&term)
                        .unwrap();
                    assert_eq!(lookups.term_info(reader, &term).unwrap(), want, "{t}");
                }
            }
        }
    }
}
