//! Each segment's facet values (column, authors, tags, month) as flat
//! arrays, so that counting facets over a result set is a few array
//! increments per article rather than a walk through tantivy's columnar
//! indexes.
//!
//! Segments never change, so a segment's table is built on its first search
//! and kept until a reload retires the segment. Deleted articles need no
//! care: collectors only see live ones.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::schema::{AUTHOR, COLUMN, MONTH, TAG};

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
    /// Column, author and tag.
    pub strings: [StringColumn; 3],
    /// Per article: its month as `month_index(yyyymm) - first_month + 1`,
    /// or 0 for an undated article.
    months: Vec<u32>,
    /// The segment's first month, as a [`month_index`].
    pub first_month: i64,
    /// How many months from the first to the last.
    pub span: usize,
}

/// `yyyymm` to a running month number, so a segment's months are a dense
/// range.
pub fn month_index(yyyymm: i64) -> i64 {
    yyyymm / 100 * 12 + yyyymm % 100 - 1
}

/// A [`month_index`] back to `yyyymm`.
pub fn month_of_index(index: i64) -> i64 {
    index.div_euclid(12) * 100 + index.rem_euclid(12) + 1
}

impl FacetColumns {
    fn build(segment: &SegmentReader) -> tantivy::Result<FacetColumns> {
        let ff = segment.fast_fields();
        let max_doc = segment.max_doc();
        let strings = [
            StringColumn::build(ff.str(COLUMN)?, max_doc)?,
            StringColumn::build(ff.str(AUTHOR)?, max_doc)?,
            StringColumn::build(ff.str(TAG)?, max_doc)?,
        ];
        let mut months = vec![0u32; max_doc as usize];
        let (mut first_month, mut span) = (0, 0);
        if let Some(month) = ff.column_opt::<i64>(MONTH)?
            && month.num_docs() > 0
        {
            first_month = month_index(month.min_value());
            span = (month_index(month.max_value()) - first_month + 1).clamp(0, 1 << 20) as usize;
            for (doc, slot) in months.iter_mut().enumerate() {
                if let Some(m) = month.first(doc as DocId) {
                    let i = month_index(m) - first_month;
                    if (0..span as i64).contains(&i) {
                        *slot = i as u32 + 1;
                    }
                }
            }
        }
        Ok(FacetColumns {
            strings,
            months,
            first_month,
            span,
        })
    }

    /// Article `doc`'s month as an offset from `first_month`.
    #[inline]
    pub fn month(&self, doc: DocId) -> Option<usize> {
        match self.months[doc as usize] {
            0 => None,
            m => Some(m as usize - 1),
        }
    }
}

/// The tables of the segments searches currently see. Clones share them.
#[derive(Clone, Default)]
pub struct FacetCache {
    tables: Arc<Mutex<HashMap<SegmentId, Arc<FacetColumns>>>>,
}

impl FacetCache {
    /// The table of each of `searcher`'s segments, by segment ordinal,
    /// building the missing ones. Building one forgets the tables of
    /// segments `searcher` no longer has.
    pub fn for_searcher(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<FacetColumns>>> {
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        let segments = searcher.segment_readers();
        let mut out = Vec::with_capacity(segments.len());
        for segment in segments {
            let id = segment.segment_id();
            let table = match tables.get(&id) {
                Some(t) => t.clone(),
                None => {
                    tables.retain(|old, _| segments.iter().any(|s| s.segment_id() == *old));
                    let t = Arc::new(FacetColumns::build(segment)?);
                    tables.insert(id, t.clone());
                    t
                }
            };
            out.push(table);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_index_round_trips() {
        for yyyymm in [190001, 201201, 201212, 202611, 999912] {
            assert_eq!(month_of_index(month_index(yyyymm)), yyyymm);
        }
        assert_eq!(month_index(201301) - month_index(201212), 1);
    }
}
