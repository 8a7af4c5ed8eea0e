//! Each segment's facet values (column, authors, tags, people, places,
//! organisations, month) as one flat array, so that counting facets over a
//! result set is a few array increments per article rather than a walk
//! through tantivy's columnar indexes.
//!
//! Segments never change, so a segment's table is built once, when a reload
//! makes the segment visible, and dropped when no live searcher has the
//! segment any more. Deleted articles need no care: collectors only see
//! live ones.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

use itertools::Itertools;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use super::schema::{AUTHOR, COLUMN, MONTH, ORG, PERSON, PLACE, TAG};

/// The string facets, in the order of [`FacetColumns::strings`].
pub const STRING_FACETS: [&str; 6] = [COLUMN, AUTHOR, TAG, PERSON, PLACE, ORG];

/// A segment's facet values, in one flat layout: every value of every
/// facet (the months included) is a *slot*, and article `d` has
/// `slots[offsets[d]..offsets[d + 1]]`. Counting a result set's facets is
/// then one loop of increments per article, whatever the number of facets.
#[derive(Debug)]
pub struct FacetColumns {
    /// The values of each string facet, by ordinal, in the order of
    /// [`STRING_FACETS`]; each list is sorted (a segment's dictionary order).
    pub names: [Vec<String>; STRING_FACETS.len()],
    /// The distinct months (`yyyymm`) of the segment, in order.
    pub month_values: Vec<i64>,
    /// The first slot of each string facet, then of the months, then the
    /// number of slots.
    bases: [usize; STRING_FACETS.len() + 2],
    offsets: Vec<u32>,
    slots: Vec<u32>,
    /// Counts by slot over every article of the segment, deleted ones
    /// too: a result set's counts are these less those of the articles
    /// outside it.
    totals: Vec<u32>,
}

impl FacetColumns {
    fn build(segment: &SegmentReader) -> tantivy::Result<FacetColumns> {
        let ff = segment.fast_fields();
        let max_doc = segment.max_doc();
        let mut columns: Vec<Option<StrColumn>> = Vec::with_capacity(STRING_FACETS.len());
        let mut names: [Vec<String>; STRING_FACETS.len()] = Default::default();
        let mut bases = [0usize; STRING_FACETS.len() + 2];
        for (i, name) in STRING_FACETS.iter().enumerate() {
            let column = ff.str(name)?;
            if let Some(column) = &column {
                // In order, one pass over the dictionary: looking each
                // ordinal up decompresses its block again, and took a
                // second at every start on the xwlb archive.
                let mut terms = column.dictionary().stream()?;
                while terms.advance() {
                    names[i].push(String::from_utf8_lossy(terms.key()).into_owned());
                }
                debug_assert_eq!(names[i].len(), column.num_terms());
            }
            bases[i + 1] = bases[i] + names[i].len();
            columns.push(column);
        }
        let month = ff.column_opt::<i64>(MONTH)?;
        let of_doc: Vec<Option<i64>> = match &month {
            Some(month) => (0..max_doc).map(|d| month.first(d)).collect(),
            None => Vec::new(),
        };
        let mut month_values: Vec<i64> = of_doc.iter().flatten().copied().collect();
        month_values.sort_unstable();
        month_values.dedup();
        let months = STRING_FACETS.len();
        bases[months + 1] = bases[months] + month_values.len();

        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut slots = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            for (column, base) in columns.iter().zip(bases) {
                if let Some(column) = column {
                    slots.extend(column.term_ords(doc).map(|o| (base + o as usize) as u32));
                }
            }
            if let Some(Some(m)) = of_doc.get(doc as usize)
                && let Ok(i) = month_values.binary_search(m)
            {
                slots.push((bases[months] + i) as u32);
            }
            offsets.push(slots.len() as u32);
        }
        let mut totals = vec![0u32; bases[months + 1]];
        for &slot in &slots {
            totals[slot as usize] += 1;
        }
        Ok(FacetColumns {
            names,
            month_values,
            bases,
            offsets,
            slots,
            totals,
        })
    }

    /// The slots of article `doc`.
    #[inline]
    pub fn slots(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.slots[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    /// The number of articles of the segment, deleted ones too.
    pub fn max_doc(&self) -> DocId {
        (self.offsets.len() - 1) as DocId
    }

    /// Counts by slot over every article of the segment, deleted ones too.
    pub fn totals(&self) -> &[u32] {
        &self.totals
    }

    /// How many slots there are: the length of a counts array.
    pub fn num_slots(&self) -> usize {
        self.bases[STRING_FACETS.len() + 1]
    }

    /// The slots of string facet `i`: its values by ordinal, from the
    /// range's start.
    pub fn string_range(&self, i: usize) -> std::ops::Range<usize> {
        self.bases[i]..self.bases[i + 1]
    }

    /// The slots of the months, by place in [`FacetColumns::month_values`]
    /// from the range's start.
    pub fn month_range(&self) -> std::ops::Range<usize> {
        let m = STRING_FACETS.len();
        self.bases[m]..self.bases[m + 1]
    }
}

/// The string facet values of all of a searcher's segments, merged: each
/// segment's value ordinal maps to a place in one sorted list, so that
/// adding up a result set's counts over segments is array indexing, not
/// comparing strings.
#[derive(Debug, Default)]
pub struct MergedValues {
    /// Each string facet's values over all segments, sorted, distinct.
    pub names: [Vec<String>; STRING_FACETS.len()],
    /// By segment ordinal, then facet: the segment's value ordinal's place
    /// in `names`.
    pub places: Vec<[Vec<u32>; STRING_FACETS.len()]>,
    /// Each value's articles over all segments, by place (deleted ones
    /// too): a bound on its count in any result set, so the top values
    /// are found without looking at every value.
    pub totals: [Vec<u32>; STRING_FACETS.len()],
    /// Each facet's places, most articles first (by `totals`).
    pub by_total: [Vec<u32>; STRING_FACETS.len()],
}

impl MergedValues {
    fn build(tables: &[Arc<FacetColumns>]) -> MergedValues {
        let mut merged = MergedValues {
            places: tables.iter().map(|_| Default::default()).collect(),
            ..MergedValues::default()
        };
        for i in 0..STRING_FACETS.len() {
            let all = tables.iter().enumerate().map(|(seg, t)| {
                t.names[i]
                    .iter()
                    .enumerate()
                    .map(move |(ord, v)| (v, seg, ord))
            });
            let names = &mut merged.names[i];
            for (value, seg, ord) in all.kmerge_by(|a, b| a.0 < b.0) {
                if names.last() != Some(value) {
                    names.push(value.clone());
                }
                let places = &mut merged.places[seg][i];
                if places.len() <= ord {
                    places.resize(tables[seg].names[i].len(), 0);
                }
                places[ord] = (names.len() - 1) as u32;
            }
            let mut totals = vec![0u32; names.len()];
            for (seg, table) in tables.iter().enumerate() {
                let counts = &table.totals[table.string_range(i)];
                for (&n, &place) in counts.iter().zip(&merged.places[seg][i]) {
                    totals[place as usize] += n;
                }
            }
            let mut order: Vec<u32> = (0..names.len() as u32).collect();
            order.sort_by_key(|&p| std::cmp::Reverse(totals[p as usize]));
            merged.totals[i] = totals;
            merged.by_total[i] = order;
        }
        merged
    }
}

/// The facet tables of a searcher: one per segment, by segment ordinal,
/// and their values merged.
#[derive(Debug, Clone)]
pub struct SearcherFacets {
    pub tables: Vec<Arc<FacetColumns>>,
    pub merged: Arc<MergedValues>,
}

/// The facet tables of the segments that searchers can see. A tantivy
/// [`Warmer`]: a reload builds the tables of new segments before searches
/// see them, and tables go when no live searcher has their segment.
#[derive(Default)]
pub struct FacetCache {
    tables: RwLock<HashMap<SegmentId, Arc<FacetColumns>>>,
    /// The merged values of the last set of segments asked for.
    merged: RwLock<Option<(Vec<SegmentId>, Arc<MergedValues>)>>,
}

impl FacetCache {
    /// The tables of `searcher`'s segments and their merged values. The
    /// merge is made once per set of segments (a reload that changes them).
    pub fn for_searcher(&self, searcher: &Searcher) -> tantivy::Result<SearcherFacets> {
        let tables = self.tables_of(searcher)?;
        let ids: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        if let Some((seen, merged)) = &*self.merged.read().unwrap_or_else(PoisonError::into_inner)
            && *seen == ids
        {
            return Ok(SearcherFacets {
                tables,
                merged: merged.clone(),
            });
        }
        let merged = Arc::new(MergedValues::build(&tables));
        *self.merged.write().unwrap_or_else(PoisonError::into_inner) = Some((ids, merged.clone()));
        Ok(SearcherFacets { tables, merged })
    }

    /// The table of each of `searcher`'s segments, by segment ordinal.
    /// A table the warmer has not built (it failed) is built here.
    fn tables_of(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<FacetColumns>>> {
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
