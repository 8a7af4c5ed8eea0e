//! Facet counts over the whole result set: column, author, tag, the
//! people, places and organisations named, year and the month timeline. A
//! tantivy collector counting into arrays, or lists for a few values,
//! reading each segment's [`FacetColumns`].

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::ops::Range;
use std::sync::Arc;

use itertools::Either;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::add_up_by_key;
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
    /// The counts (empty until the harvest).
    counts: Counts,
}

/// A segment's counts by slot of its table.
enum Counts {
    /// Every slot's count.
    Dense(Vec<u32>),
    /// The slots counted, in order, with their counts: what a small result
    /// set gives. Adding up the segments then reads these, not every value
    /// of every segment (the 10× archive has fifteen segments of some
    /// 50,000 values each).
    Sparse(Vec<(u32, u32)>),
}

impl Counts {
    /// The counts of the slots in `range`, those not zero at least.
    fn in_range(&self, range: Range<usize>) -> impl Iterator<Item = (usize, u32)> + '_ {
        match self {
            Counts::Dense(counts) => Either::Left(
                counts[range.clone()]
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(move |(k, &n)| (range.start + k, n)),
            ),
            Counts::Sparse(entries) => {
                let from = entries.partition_point(|&(slot, _)| (slot as usize) < range.start);
                Either::Right(
                    entries[from..]
                        .iter()
                        .take_while(move |(slot, _)| (*slot as usize) < range.end)
                        .map(|&(slot, n)| (slot as usize, n)),
                )
            }
        }
    }

    /// How many entries [`in_range`](Self::in_range) may give at most.
    fn len(&self) -> usize {
        match self {
            Counts::Dense(counts) => counts.len(),
            Counts::Sparse(entries) => entries.len(),
        }
    }
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
            counts: Counts::Sparse(Vec::new()),
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
            let places = |fruit: &FacetSegment| -> &[u32] {
                merged.places.get(fruit.ordinal).map_or(&[], |p| &p[i][..])
            };
            if let [fruit] = fruits.as_slice()
                && let Counts::Dense(counts) = &fruit.counts
                && merged.places.len() == 1
            {
                // One segment: its ordinals are the merged places.
                let counts = &counts[fruit.table.string_range(i)];
                let (order, bounds) = (&merged.by_total[i], &merged.totals[i]);
                return top_bounded(names, order, bounds, counts, self.top);
            }
            let at_most: usize = fruits.iter().map(|f| f.counts.len()).sum();
            if at_most < names.len() / 4 {
                // A few values: add them up in a list.
                let mut list: Vec<(usize, u32)> = Vec::with_capacity(at_most);
                for fruit in &fruits {
                    let (range, places) = (fruit.table.string_range(i), places(fruit));
                    for (slot, n) in fruit.counts.in_range(range.clone()) {
                        if let Some(&place) = places.get(slot - range.start) {
                            list.push((place as usize, n));
                        }
                    }
                }
                add_up_by_key(&mut list);
                return top_values(names, list.into_iter(), self.top);
            }
            let mut totals = vec![0u32; names.len()];
            for fruit in &fruits {
                let (range, places) = (fruit.table.string_range(i), places(fruit));
                match &fruit.counts {
                    Counts::Dense(counts) => {
                        for (&n, &place) in counts[range].iter().zip(places) {
                            if n > 0 {
                                totals[place as usize] += n;
                            }
                        }
                    }
                    sparse => {
                        for (slot, n) in sparse.in_range(range.clone()) {
                            if let Some(&place) = places.get(slot - range.start) {
                                totals[place as usize] += n;
                            }
                        }
                    }
                }
            }
            top_bounded(
                names,
                &merged.by_total[i],
                &merged.totals[i],
                &totals,
                self.top,
            )
        });
        let mut months: BTreeMap<i64, u64> = BTreeMap::new();
        for fruit in &fruits {
            let range = fruit.table.month_range();
            for (slot, n) in fruit.counts.in_range(range.clone()) {
                *months
                    .entry(fruit.table.month_values[slot - range.start])
                    .or_default() += u64::from(n);
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

/// The `top` most frequent of `names` by their counts (`(place in names,
/// count)`, each place once), most frequent first, ties by value. `names`
/// are sorted, so a value's place orders ties without comparing strings.
fn top_values(
    names: &[String],
    counts: impl Iterator<Item = (usize, u32)>,
    top: usize,
) -> Vec<FacetCount> {
    let mut best = Best::new(top);
    for (place, n) in counts {
        best.offer(place, n);
    }
    best.into_counts(names)
}

/// [`top_values`] of `counts` (by place in `names`), read in `order`: the
/// places by their `bounds` (no count is above its bound), highest first.
/// Once the next bound is below the `top`-th count, no value left can
/// enter. A result set's top values are mostly among the archive's most
/// named, so this reads a few hundred values of tens of thousands.
fn top_bounded(
    names: &[String],
    order: &[u32],
    bounds: &[u32],
    counts: &[u32],
    top: usize,
) -> Vec<FacetCount> {
    let mut best = Best::new(top);
    for &place in order {
        let place = place as usize;
        if best.full_above(bounds[place]) {
            break;
        }
        best.offer(place, counts[place]);
    }
    best.into_counts(names)
}

/// The best `top` values offered, by count, then by place. One pass with a
/// heap of `top`: a result set of tens of thousands of articles has as
/// many distinct values, and most never enter the heap.
struct Best {
    top: usize,
    /// The best is the greatest (count, Reverse(place)); the root is the
    /// worst kept.
    heap: BinaryHeap<Reverse<(u32, Reverse<usize>)>>,
}

impl Best {
    fn new(top: usize) -> Best {
        Best {
            top,
            heap: BinaryHeap::with_capacity(top + 1),
        }
    }

    fn offer(&mut self, place: usize, n: u32) {
        if n == 0 || self.top == 0 {
            return;
        }
        let key = (n, Reverse(place));
        if self.heap.len() < self.top {
            self.heap.push(Reverse(key));
        } else if self.heap.peek().is_some_and(|Reverse(worst)| key > *worst) {
            self.heap.pop();
            self.heap.push(Reverse(key));
        }
    }

    /// Whether every value with at most `n` is out: `top` are kept, each
    /// with more than `n`.
    fn full_above(&self, n: u32) -> bool {
        self.heap.len() == self.top
            && self
                .heap
                .peek()
                .is_none_or(|Reverse((worst, _))| *worst > n)
    }

    fn into_counts(self, names: &[String]) -> Vec<FacetCount> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((count, Reverse(place)))| FacetCount {
                value: names[place].clone(),
                count: u64::from(count),
            })
            .collect()
    }
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
        let docs = std::mem::take(&mut self.docs);
        if docs.len() > table.max_doc() as usize / 2 {
            let mut counts = table.totals().to_vec();
            // The articles before each match, and those after the last.
            let mut next = 0;
            for &end in docs.iter().chain([&table.max_doc()]) {
                for doc in next..end {
                    for &slot in table.slots(doc) {
                        counts[slot as usize] -= 1;
                    }
                }
                next = end + 1;
            }
            self.counts = Counts::Dense(counts);
            return self;
        }
        // An article names a few values, at least its month.
        let values: usize = if docs.len() < table.num_slots() / 8 {
            docs.iter().map(|&d| table.slots(d).len()).sum()
        } else {
            usize::MAX
        };
        if values < table.num_slots() / 8 {
            // Few values: sorted, then counted by runs.
            let mut slots: Vec<u32> = Vec::with_capacity(values);
            for &doc in &docs {
                slots.extend_from_slice(table.slots(doc));
            }
            slots.sort_unstable();
            let entries = slots
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len() as u32))
                .collect();
            self.counts = Counts::Sparse(entries);
            return self;
        }
        let mut counts = vec![0; table.num_slots()];
        for &doc in &docs {
            for &slot in table.slots(doc) {
                counts[slot as usize] += 1;
            }
        }
        self.counts = Counts::Dense(counts);
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
    use proptest::prelude::RngCore;
    use proptest::test_runner::{RngAlgorithm, TestRng};

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
        let counts = || totals.iter().copied().enumerate();
        let top: Vec<(String, u64)> = top_values(&names, counts(), 3)
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
        let top2: Vec<String> = top_values(&names, counts(), 2)
            .into_iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(
            top2,
            ["东胜区", "乌审旗"],
            "a tie at the cut keeps the first by value"
        );
        assert!(top_values(&names, counts(), 0).is_empty());
    }

    #[test]
    fn reading_by_bound_finds_the_same_top_values() {
        // Counts with many ties, bounds at or above them.
        let mut rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut next = move |m: u64| rng.next_u64() % m;
        for round in 0..200 {
            let len = 1 + next(300) as usize;
            let names: Vec<String> = (0..len).map(|i| format!("v{i:04}")).collect();
            let counts: Vec<u32> = (0..len).map(|_| next(6) as u32).collect();
            let bounds: Vec<u32> = counts.iter().map(|&n| n + next(4) as u32).collect();
            let mut order: Vec<u32> = (0..len as u32).collect();
            order.sort_by_key(|&p| Reverse(bounds[p as usize]));
            for top in [0, 1, 3, 30, 400] {
                let want = top_values(&names, counts.iter().copied().enumerate(), top);
                let got = top_bounded(&names, &order, &bounds, &counts, top);
                assert_eq!(got, want, "round {round}, top {top}");
            }
        }
    }
}
