//! Facet counts over the whole result set: column, author, tag, the
//! people, places and organisations named, year and the month timeline. A tantivy collector counting into arrays, reading
//! each segment's [`FacetColumns`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::columns::{FacetColumns, STRING_FACETS};
use crate::index::schema::ID;

/// One value and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// The facets of a result set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facets {
    pub column: Vec<FacetCount>,
    pub author: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    /// People named in the articles (not their authors).
    pub person: Vec<FacetCount>,
    /// Places named in the articles.
    pub place: Vec<FacetCount>,
    /// Organisations named in the articles.
    pub org: Vec<FacetCount>,
    /// By year, oldest first.
    pub year: Vec<FacetCount>,
    /// The coverage timeline: `YYYY-MM`, oldest first.
    pub month: Vec<FacetCount>,
}

/// Collects [`Facets`], keeping the `top` most frequent values of the
/// string facets. `tables` are the searcher's segments' facet values, by
/// segment ordinal ([`Archive::facet_columns`](crate::index::Archive::facet_columns)).
pub struct FacetCollector {
    pub top: usize,
    pub tables: Vec<Arc<FacetColumns>>,
}

pub struct FacetSegment {
    table: Arc<FacetColumns>,
    /// Counts by value ordinal, in the order of [`STRING_FACETS`].
    counts: [Vec<u32>; STRING_FACETS.len()],
    /// Counts by place in the table's `month_values`.
    months: Vec<u32>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let table = self
            .tables
            .get(ordinal as usize)
            .cloned()
            .ok_or_else(|| tantivy::TantivyError::InternalError("no facet table".into()))?;
        Ok(FacetSegment {
            counts: table.strings.each_ref().map(|s| vec![0; s.names.len()]),
            months: vec![0; table.month_values.len()],
            table,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetSegment>) -> tantivy::Result<Facets> {
        let mut strings: [HashMap<&str, u64>; STRING_FACETS.len()] = Default::default();
        let mut months: BTreeMap<i64, u64> = BTreeMap::new();
        for fruit in &fruits {
            for (i, total) in strings.iter_mut().enumerate() {
                let names = &fruit.table.strings[i].names;
                for (ord, &n) in fruit.counts[i].iter().enumerate() {
                    if n > 0 {
                        *total.entry(names[ord].as_str()).or_default() += u64::from(n);
                    }
                }
            }
            for (&month, &n) in fruit.table.month_values.iter().zip(&fruit.months) {
                if n > 0 {
                    *months.entry(month).or_default() += u64::from(n);
                }
            }
        }
        let [column, author, tag, person, place, org] = strings.map(|m| top_values(m, self.top));
        let mut years: BTreeMap<i64, u64> = BTreeMap::new();
        for (&m, &n) in &months {
            *years.entry(m / 100).or_default() += n;
        }
        Ok(Facets {
            column,
            author,
            tag,
            person,
            place,
            org,
            year: years
                .into_iter()
                .map(|(y, count)| FacetCount {
                    value: y.to_string(),
                    count,
                })
                .collect(),
            month: months
                .into_iter()
                .map(|(m, count)| FacetCount {
                    value: format!("{:04}-{:02}", m / 100, m % 100),
                    count,
                })
                .collect(),
        })
    }
}

/// The `top` most frequent values, most frequent first, ties by value.
fn top_values(map: HashMap<&str, u64>, top: usize) -> Vec<FacetCount> {
    let mut v: Vec<(&str, u64)> = map.into_iter().collect();
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if v.len() > top && top > 0 {
        v.select_nth_unstable_by(top - 1, order);
    }
    v.truncate(top);
    v.sort_unstable_by(order);
    v.into_iter()
        .map(|(value, count)| FacetCount {
            value: value.to_string(),
            count,
        })
        .collect()
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetSegment;

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, counts) in self.table.strings.iter().zip(&mut self.counts) {
            // A facet no article of the segment has (counts are sized by
            // its values) costs nothing.
            if counts.is_empty() {
                continue;
            }
            for &ord in column.ords(doc) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(m) = self.table.month(doc) {
            self.months[m] += 1;
        }
    }

    fn harvest(self) -> FacetSegment {
        self
    }
}

/// Collects the ids of every matching article (benchmarks and checks).
pub struct IdCollector;

pub struct IdSegment {
    column: Option<StrColumn>,
    ords: Vec<u64>,
}

impl Collector for IdCollector {
    type Fruit = Vec<String>;
    type Child = IdSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<IdSegment> {
        Ok(IdSegment {
            column: segment.fast_fields().str(ID)?,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<String>>) -> tantivy::Result<Vec<String>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for IdSegment {
    type Fruit = Vec<String>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(col) = &self.column {
            self.ords.extend(col.term_ords(doc));
        }
    }

    fn harvest(self) -> Vec<String> {
        let Some(col) = self.column else {
            return Vec::new();
        };
        let mut s = String::new();
        self.ords
            .into_iter()
            .filter_map(|ord| match col.ord_to_str(ord, &mut s) {
                Ok(true) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }
}
