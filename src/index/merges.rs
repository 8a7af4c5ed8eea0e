//! [`BoundedMerges`]: tantivy's log merge policy, with no merge of more
//! than [`MERGE_MAX_DOCS`] articles.
//!
//! A merge maps all of its input segments, and every page it reads stays
//! resident while the merge runs. With tantivy's own policy (any number of
//! segments in one merge, four merges at a time) an ingest of the 10×
//! archive (745,450 articles) peaked at 2.1 GB. Bounding each merge, and
//! running one at a time (see `Archive::writer`), bounds that: the index
//! of 100,000 articles is about 320 MB, and the same ingest peaked at
//! 939 MB.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most articles one merge takes in. An ingest of at most this many
/// ends in one segment ([`ArchiveWriter::commit_and_merge`](super::ArchiveWriter::commit_and_merge)).
pub const MERGE_MAX_DOCS: u64 = 100_000;

/// See the module doc.
#[derive(Debug)]
pub struct BoundedMerges {
    inner: LogMergePolicy,
    max_docs: u64,
}

impl BoundedMerges {
    pub fn new(max_docs: u64) -> Self {
        let mut inner = LogMergePolicy::default();
        // A segment this large is left alone.
        inner.set_max_docs_before_merge(max_docs as usize);
        BoundedMerges { inner, max_docs }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u64> = segments
            .iter()
            .map(|m| (m.id(), u64::from(m.num_docs())))
            .collect();
        let mut out = Vec::new();
        for MergeCandidate(ids) in self.inner.compute_merge_candidates(segments) {
            // Consecutive runs of the candidate, each within the bound.
            let mut run: Vec<SegmentId> = Vec::new();
            let mut total = 0;
            for id in ids {
                let n = docs.get(&id).copied().unwrap_or(0);
                if total + n > self.max_docs && !run.is_empty() {
                    if run.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut run)));
                    }
                    run.clear();
                    total = 0;
                }
                run.push(id);
                total += n;
            }
            if run.len() > 1 && total <= self.max_docs {
                out.push(MergeCandidate(run));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metas(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMerges, segments: &[SegmentMeta]) -> Vec<u64> {
        let docs: HashMap<SegmentId, u64> = segments
            .iter()
            .map(|m| (m.id(), u64::from(m.num_docs())))
            .collect();
        policy
            .compute_merge_candidates(segments)
            .iter()
            .map(|MergeCandidate(ids)| ids.iter().map(|id| docs[id]).sum())
            .collect()
    }

    #[test]
    fn no_merge_takes_in_more_than_the_bound() {
        let segments = metas(&[30_000; 12]);
        // tantivy's own policy merges them all at once.
        let log = LogMergePolicy::default();
        assert_eq!(log.compute_merge_candidates(&segments)[0].0.len(), 12);
        let bounded = merged_sizes(&BoundedMerges::new(100_000), &segments);
        assert!(!bounded.is_empty());
        assert!(bounded.iter().all(|&n| n <= 100_000), "{bounded:?}");
    }

    #[test]
    fn segments_at_the_bound_are_left_alone() {
        let segments = metas(&[100_000; 8]);
        assert!(merged_sizes(&BoundedMerges::new(100_000), &segments).is_empty());
    }
}
