//! Every writer's merges, and the last ones of a bulk write.
//!
//! - [`BoundedMerges`]: tantivy's log merge policy, with no merge of more
//!   than [`MERGE_MAX_DOCS`] articles, for the merges that run while a
//!   writer writes (the server's writes; a bulk write defers its merges,
//!   [`ArchiveWriter::merge_at_the_end`](super::ArchiveWriter::merge_at_the_end)).
//!   With tantivy's own policy (any number of segments in one merge, four
//!   at a time) an ingest of the 10× archive (745,450 articles), whose
//!   merges mapped their input, peaked at 2.1 GB.
//! - [`final_groups`]: how the segments a bulk write leaves (an ingest, a
//!   reindex) are merged once it has committed, two merges at a time. A search pays for each
//!   segment (its term look-ups, its scorers, its facet table), and
//!   searches the segments one per core at a time. So an index of up to
//!   [`ONE_SEGMENT_DOCS`] articles becomes one segment, and a larger one
//!   as many segments as there are cores, none over [`FINAL_MAX_DOCS`].
//!   The 10× archive's fifteen segments merged into two answered the
//!   benchmark's queries at p50 1.08 ms instead of 2.5, p99 17 ms instead
//!   of 21–24. With them ([`final_merges`]), what [`BoundedMerges`] would
//!   merge among the segments they leave: small ingests into a large
//!   archive gather small segments, which are merged as a writer's policy
//!   would merge them.
//!
//! Writers read through [`Unmapped`](super::unmapped::Unmapped), so a
//! merge holds what it works on, not its input: a scratch merge of 374,000
//! articles of the 10× archive through it peaked at 171 MB.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most articles one merge takes in while a writer writes.
pub const MERGE_MAX_DOCS: u64 = 100_000;

/// An index of at most this many articles is merged into one segment at
/// the end of a bulk write.
pub const ONE_SEGMENT_DOCS: u64 = 100_000;

/// The most articles a final merge makes one segment of: it holds the
/// term dictionaries of its input while it runs (171 MB for 374,000).
pub const FINAL_MAX_DOCS: u64 = 400_000;

/// Every merge that ends a bulk write: [`final_groups`], then among the
/// segments those leave alone what [`BoundedMerges`] would merge, so that
/// a large archive that gets a page a day does not gather small segments
/// (its ingests defer their merges to here).
pub fn final_merges(
    segments: &[SegmentMeta],
    written: &HashSet<SegmentId>,
    cores: usize,
) -> Vec<Vec<SegmentId>> {
    let sizes: Vec<(SegmentId, u64)> = segments
        .iter()
        .map(|m| (m.id(), u64::from(m.num_docs())))
        .collect();
    let mut groups = final_groups(&sizes, written, cores);
    let grouped: HashSet<SegmentId> = groups.iter().flatten().copied().collect();
    let rest: Vec<SegmentMeta> = segments
        .iter()
        .filter(|m| !grouped.contains(&m.id()))
        .cloned()
        .collect();
    groups.extend(
        BoundedMerges::new(MERGE_MAX_DOCS)
            .compute_merge_candidates(&rest)
            .into_iter()
            .map(|MergeCandidate(ids)| ids),
    );
    groups
}

/// The merges that end a bulk write: groups of segment ids, each to be
/// merged into one. `segments` are the index's segments with their
/// articles, `written` those the write made (an ingest's segments and the
/// merges of them); `cores` search the segments side by side.
///
/// An index of at most [`ONE_SEGMENT_DOCS`] articles becomes one segment.
/// Otherwise only the write's own segments are merged, into as many as
/// `cores` (fewer for fewer articles, more when a segment would exceed
/// [`FINAL_MAX_DOCS`]), of about the same size: an ingest of one page
/// into a large archive merges nothing.
pub fn final_groups(
    segments: &[(SegmentId, u64)],
    written: &HashSet<SegmentId>,
    cores: usize,
) -> Vec<Vec<SegmentId>> {
    let total: u64 = segments.iter().map(|s| s.1).sum();
    if total <= ONE_SEGMENT_DOCS {
        return if segments.len() > 1 {
            vec![segments.iter().map(|s| s.0).collect()]
        } else {
            Vec::new()
        };
    }
    let mut new: Vec<(SegmentId, u64)> = segments
        .iter()
        .filter(|s| written.contains(&s.0))
        .copied()
        .collect();
    let docs: u64 = new.iter().map(|s| s.1).sum();
    let cores = cores.max(1) as u64;
    let count = docs
        .div_ceil(FINAL_MAX_DOCS)
        .max(docs.div_ceil(ONE_SEGMENT_DOCS).min(cores))
        .max(1);
    // Largest first, each into the emptiest group (which keeps them even)
    // while that stays within the bound.
    new.sort_by_key(|s| Reverse(s.1));
    let mut groups: Vec<(u64, Vec<SegmentId>)> = (0..count).map(|_| (0, Vec::new())).collect();
    for (id, n) in new {
        match groups.iter_mut().min_by_key(|g| g.0) {
            Some(g) if g.0 + n <= FINAL_MAX_DOCS => {
                g.0 += n;
                g.1.push(id);
            }
            _ => groups.push((n, vec![id])),
        }
    }
    groups
        .into_iter()
        .filter(|g| g.1.len() > 1)
        .map(|g| g.1)
        .collect()
}

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

    /// Sizes of `final_groups` over `sizes`, the first `written` of them
    /// written by the write, each group sorted.
    fn final_sizes(sizes: &[u32], written: usize, cores: usize) -> Vec<Vec<u64>> {
        let segments = metas(sizes);
        let pairs: Vec<(SegmentId, u64)> = segments
            .iter()
            .map(|m| (m.id(), u64::from(m.num_docs())))
            .collect();
        let new: HashSet<SegmentId> = pairs.iter().take(written).map(|p| p.0).collect();
        let docs: HashMap<SegmentId, u64> = pairs.iter().copied().collect();
        let mut groups: Vec<Vec<u64>> = final_groups(&pairs, &new, cores)
            .iter()
            .map(|g| {
                let mut s: Vec<u64> = g.iter().map(|id| docs[id]).collect();
                s.sort_unstable();
                s
            })
            .collect();
        groups.sort();
        groups
    }

    #[test]
    fn a_small_index_becomes_one_segment_old_segments_too() {
        assert_eq!(
            final_sizes(&[40_000, 30_000, 500], 1, 2),
            vec![vec![500, 30_000, 40_000]]
        );
        assert!(final_sizes(&[74_545], 1, 2).is_empty());
    }

    #[test]
    fn a_bulk_write_becomes_a_segment_per_core_of_even_sizes() {
        // The 10× archive as its ingest left it: fifteen segments.
        let sizes = [
            100_000, 100_000, 100_000, 100_000, 100_000, 68_000, 60_000, 40_000, 30_000, 20_000,
            10_000, 8_000, 5_000, 3_000, 1_450,
        ];
        let total: u64 = sizes.iter().map(|&n| u64::from(n)).sum();
        let groups = final_sizes(&sizes, sizes.len(), 2);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups.iter().flatten().sum::<u64>(), total);
        for g in &groups {
            let n: u64 = g.iter().sum();
            assert!(n.abs_diff(total / 2) < total / 10, "{groups:?}");
        }
        // More cores, more segments; never more articles than the bound.
        let groups = final_sizes(&sizes, sizes.len(), 4);
        assert_eq!(groups.len(), 4, "{groups:?}");
        let groups = final_sizes(&[100_000; 30], 30, 2);
        assert!(groups.len() >= 8, "{groups:?}");
        assert!(
            groups
                .iter()
                .all(|g| g.iter().sum::<u64>() <= FINAL_MAX_DOCS)
        );
    }

    #[test]
    fn a_segment_over_the_even_share_still_joins_a_group() {
        // Three of 60,000 on two cores: two segments, not three.
        assert_eq!(final_sizes(&[60_000; 3], 3, 2), vec![vec![60_000, 60_000]]);
        // Nothing written, nothing merged; one core, one segment up to the
        // bound.
        assert!(final_sizes(&[300_000, 200_000], 0, 2).is_empty());
        assert_eq!(
            final_sizes(&[150_000, 100_000, 50_000], 3, 1),
            vec![vec![50_000, 100_000, 150_000]]
        );
        assert_eq!(final_sizes(&[60_000; 3], 3, 0).len(), 1);
    }

    #[test]
    fn a_small_write_into_a_large_index_merges_only_its_own() {
        // One page into the 10× archive: nothing to merge.
        assert!(final_sizes(&[20, 373_000, 372_000], 1, 2).is_empty());
        // Three flushes of one ingest: one segment, the old ones alone.
        assert_eq!(
            final_sizes(&[9_000, 8_000, 7_000, 373_000, 372_000], 3, 2),
            vec![vec![7_000, 8_000, 9_000]]
        );
    }

    #[test]
    fn small_segments_gathered_by_small_writes_are_merged_at_the_next() {
        // Two large segments, nine small ones of earlier ingests and this
        // one's: the small ones become one, the large ones stay.
        let mut sizes = vec![373_000, 372_000];
        sizes.extend([5_000; 10]);
        let segments = metas(&sizes);
        let written: HashSet<SegmentId> = [segments[11].id()].into();
        let docs: HashMap<SegmentId, u64> = segments
            .iter()
            .map(|m| (m.id(), u64::from(m.num_docs())))
            .collect();
        let merges = final_merges(&segments, &written, 2);
        let sizes: Vec<Vec<u64>> = merges
            .iter()
            .map(|g| g.iter().map(|id| docs[id]).collect())
            .collect();
        assert_eq!(sizes, vec![vec![5_000; 10]]);
        // A write with nothing small around it merges nothing.
        let segments = metas(&[373_000, 372_000, 20]);
        let written: HashSet<SegmentId> = [segments[2].id()].into();
        assert!(final_merges(&segments, &written, 2).is_empty());
    }

    #[test]
    fn segments_at_the_bound_are_left_alone() {
        let segments = metas(&[100_000; 8]);
        assert!(merged_sizes(&BoundedMerges::new(100_000), &segments).is_empty());
    }
}
