//! Each segment's facet values (column, authors, tags, people, places,
//! organisations, month) as flat
//! arrays, so that counting facets over a result set is a few array
//! increments per article rather than a walk through tantivy's columnar
//! indexes.
//!
//! Segments never change, so a segment's table is built once, when a reload
//! makes the segment visible, and dropped when no live searcher has the
//! segment any more. Deleted articles need no care: collectors only see
//! live ones.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use super::schema::{AUTHOR, COLUMN, MONTH, ORG, PERSON, PLACE, TAG};

/// The string facets, in the order of [`FacetColumns::strings`].
pub const STRING_FACETS: [&str; 6] = [COLUMN, AUTHOR, TAG, PERSON, PLACE, ORG];

/// One string facet of a segment.
#[derive(Debug, Default)]
pub struct StringColumn {
    /// The values, by ordinal.
    pub names: Vec<String>,
    /// Article `d` has `ords[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    ords: Vec<u32>,
}

impl StringColumn {
    fn build(column: Option<StrColumn>, max_doc: DocId) -> tantivy::Result<StringColumn> {
        let Some(column) = column else {
            return Ok(StringColumn {
                offsets: vec![0; max_doc as usize + 1],
                ..StringColumn::default()
            });
        };
        let mut names = Vec::with_capacity(column.num_terms());
        let mut name = String::new();
        for ord in 0..column.num_terms() as u64 {
            name.clear();
            column.ord_to_str(ord, &mut name)?;
            names.push(name.clone());
        }
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            ords.extend(column.term_ords(doc).map(|o| o as u32));
            offsets.push(ords.len() as u32);
        }
        Ok(StringColumn {
            names,
            offsets,
            ords,
        })
    }

    /// The value ordinals of article `doc`.
    #[inline]
    pub fn ords(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.ords[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }
}

/// A segment's facet values.
#[derive(Debug)]
pub struct FacetColumns {
    /// Column, author, tag, person, place and org ([`STRING_FACETS`]).
    pub strings: [StringColumn; STRING_FACETS.len()],
    /// The distinct months (`yyyymm`) of the segment, in order.
    pub month_values: Vec<i64>,
    /// Per article: 1 + its month's place in `month_values`, or 0 for an
    /// undated article.
    months: Vec<u32>,
}

impl FacetColumns {
    fn build(segment: &SegmentReader) -> tantivy::Result<FacetColumns> {
        let ff = segment.fast_fields();
        let max_doc = segment.max_doc();
        let mut strings: [StringColumn; STRING_FACETS.len()] = Default::default();
        for (slot, name) in strings.iter_mut().zip(STRING_FACETS) {
            *slot = StringColumn::build(ff.str(name)?, max_doc)?;
        }
        let mut months = vec![0u32; max_doc as usize];
        let mut month_values = Vec::new();
        if let Some(month) = ff.column_opt::<i64>(MONTH)? {
            let of_doc: Vec<Option<i64>> = (0..max_doc).map(|d| month.first(d)).collect();
            month_values = of_doc.iter().flatten().copied().collect();
            month_values.sort_unstable();
            month_values.dedup();
            for (slot, m) in months.iter_mut().zip(&of_doc) {
                if let Some(m) = m
                    && let Ok(i) = month_values.binary_search(m)
                {
                    *slot = i as u32 + 1;
                }
            }
        }
        Ok(FacetColumns {
            strings,
            month_values,
            months,
        })
    }

    /// Article `doc`'s month, as its place in `month_values`.
    #[inline]
    pub fn month(&self, doc: DocId) -> Option<usize> {
        match self.months[doc as usize] {
            0 => None,
            m => Some(m as usize - 1),
        }
    }
}

/// The facet tables of the segments that searchers can see. A tantivy
/// [`Warmer`]: a reload builds the tables of new segments before searches
/// see them, and tables go when no live searcher has their segment.
#[derive(Default)]
pub struct FacetCache {
    tables: RwLock<HashMap<SegmentId, Arc<FacetColumns>>>,
}

impl FacetCache {
    /// The table of each of `searcher`'s segments, by segment ordinal.
    /// A table the warmer has not built (it failed) is built here.
    pub fn for_searcher(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<FacetColumns>>> {
        let segments = searcher.segment_readers();
        {
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            let found: Vec<Arc<FacetColumns>> = segments
                .iter()
                .filter_map(|s| tables.get(&s.segment_id()).cloned())
                .collect();
            if found.len() == segments.len() {
                return Ok(found);
            }
        }
        self.build_missing(searcher)?;
        let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
        segments
            .iter()
            .map(|s| {
                tables.get(&s.segment_id()).cloned().ok_or_else(|| {
                    tantivy::TantivyError::InternalError("facet table missing".into())
                })
            })
            .collect()
    }

    /// Builds the tables `searcher` needs that are not there yet, outside
    /// the lock: searches go on meanwhile.
    fn build_missing(&self, searcher: &Searcher) -> tantivy::Result<()> {
        let missing: Vec<&SegmentReader> = {
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            searcher
                .segment_readers()
                .iter()
                .filter(|s| !tables.contains_key(&s.segment_id()))
                .collect()
        };
        for segment in missing {
            let table = Arc::new(FacetColumns::build(segment)?);
            self.tables
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(segment.segment_id())
                .or_insert(table);
        }
        Ok(())
    }
}

impl Warmer for FacetCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        // A failure here must not stop the reload: searches build what is
        // missing, and report the error if it persists.
        if let Err(e) = self.build_missing(searcher) {
            tracing::warn!("building facet tables failed: {e}");
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|g| g.segments().keys().copied())
            .collect();
        self.tables
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|id, _| live.contains(id));
    }
}
