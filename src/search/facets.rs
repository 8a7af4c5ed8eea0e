//! Facet counts over the whole result set: column, author, tag, the
//! people, places and organisations named, year and the month timeline. A tantivy collector counting into arrays, reading
//! each segment's [`FacetColumns`].

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::columns::{FacetColumns, STRING_FACETS, SearcherFacets};
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
    pub tables: SearcherFacets,
}

pub struct FacetSegment {
    ordinal: usize,
    table: Arc<FacetColumns>,
    /// The matching articles, in order; counted at
    /// [`harvest`](SegmentCollector::harvest).
    docs: Vec<DocId>,
    /// Counts by slot of the table (empty until the harvest).
    counts: Vec<u32>,
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
            .tables
            .get(ordinal as usize)
            .cloned()
            .ok_or_else(|| tantivy::TantivyError::InternalError("no facet table".into()))?;
        Ok(FacetSegment {
            ordinal: ordinal as usize,
            docs: Vec::new(),
            counts: Vec::new(),
            table,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetSegment>) -> tantivy::Result<Facets> {
        let merged = &self.tables.merged;
        let strings: [Vec<FacetCount>; STRING_FACETS.len()] = std::array::from_fn(|i| {
            let names = &merged.names[i];
            if let [fruit] = fruits.as_slice()
                && merged.places.len() == 1
            {
                // One segment: its ordinals are the merged places.
                return top_values(names, fruit.table.string_counts(&fruit.counts, i), self.top);
            }
            let mut totals = vec![0u32; names.len()];
            for fruit in &fruits {
                let Some(places) = merged.places.get(fruit.ordinal).map(|p| &p[i]) else {
                    continue;
                };
                let counts = fruit.table.string_counts(&fruit.counts, i);
                for (&n, &place) in counts.iter().zip(places) {
                    if n > 0 {
                        totals[place as usize] += n;
                    }
                }
            }
            top_values(names, &totals, self.top)
        });
        let mut months: BTreeMap<i64, u64> = BTreeMap::new();
        for fruit in &fruits {
            let counts = fruit.table.month_counts(&fruit.counts);
            for (&month, &n) in fruit.table.month_values.iter().zip(counts) {
                if n > 0 {
                    *months.entry(month).or_default() += u64::from(n);
                }
            }
        }
        let [column, author, tag, person, place, org] = strings;
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

/// The `top` most frequent of `names` by their `totals`, most frequent
/// first, ties by value. `names` are sorted, so a value's place orders
/// ties without comparing strings. One pass with a heap of `top`: a
/// result set of tens of thousands of articles has as many distinct
/// values, and most never enter the heap.
fn top_values(names: &[String], totals: &[u32], top: usize) -> Vec<FacetCount> {
    // The best is the greatest (count, Reverse(place)); the heap's root is
    // the worst kept.
    let mut heap: BinaryHeap<Reverse<(u32, Reverse<usize>)>> = BinaryHeap::with_capacity(top + 1);
    for (place, &n) in totals.iter().enumerate() {
        if n == 0 || top == 0 {
            continue;
        }
        let key = (n, Reverse(place));
        if heap.len() < top {
            heap.push(Reverse(key));
        } else if heap.peek().is_some_and(|Reverse(worst)| key > *worst) {
            heap.pop();
            heap.push(Reverse(key));
        }
    }
    heap.into_sorted_vec()
        .into_iter()
        .map(|Reverse((count, Reverse(place)))| FacetCount {
            value: names[place].clone(),
            count: u64::from(count),
        })
        .collect()
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetSegment;

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    /// Counts the values of the matching articles, or, when they are more
    /// than half of the segment, takes the values of the others from the
    /// segment's totals: the same counts, for the work of the smaller
    /// side. A string in nearly every article (the archive's boilerplate,
    /// a common character) then costs the few articles without it.
    fn harvest(mut self) -> FacetSegment {
        let table = &self.table;
        if self.docs.len() > table.max_doc() as usize / 2 {
            let mut counts = table.totals().to_vec();
            // The articles before each match, and those after the last.
            let mut next = 0;
            for &end in self.docs.iter().chain([&table.max_doc()]) {
                for doc in next..end {
                    for &slot in table.slots(doc) {
                        counts[slot as usize] -= 1;
                    }
                }
                next = end + 1;
            }
            self.counts = counts;
        } else {
            self.counts = vec![0; table.num_slots()];
            for &doc in &self.docs {
                for &slot in table.slots(doc) {
                    self.counts[slot as usize] += 1;
                }
            }
        }
        self.docs = Vec::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_values_come_first_ties_by_value() {
        let mut names = ["乌审旗", "东胜区", "达拉特旗", "康巴什区", "杭锦旗"].map(String::from);
        names.sort();
        let count = |name: &str| match name {
            "东胜区" => 7,
            "乌审旗" | "达拉特旗" => 3,
            "康巴什区" => 1,
            _ => 0,
        };
        let totals: Vec<u32> = names.iter().map(|n| count(n)).collect();
        let top: Vec<(String, u64)> = top_values(&names, &totals, 3)
            .into_iter()
            .map(|f| (f.value, f.count))
            .collect();
        assert_eq!(
            top,
            [
                ("东胜区".to_string(), 7),
                ("乌审旗".to_string(), 3),
                ("达拉特旗".to_string(), 3)
            ]
        );
        let top2: Vec<String> = top_values(&names, &totals, 2)
            .into_iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(
            top2,
            ["东胜区", "乌审旗"],
            "a tie at the cut keeps the first by value"
        );
        assert!(top_values(&names, &totals, 0).is_empty());
    }
}
