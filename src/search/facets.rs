//! Facet counts over the whole result set: column, author, tag, year and
//! the month timeline. A tantivy collector reading the fast fields.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema::{AUTHOR, COLUMN, ID, MONTH, TAG};

/// One value and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// The facets of a result set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub column: Vec<FacetCount>,
    pub author: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    /// By year, oldest first.
    pub year: Vec<FacetCount>,
    /// The coverage timeline: `YYYY-MM`, oldest first.
    pub month: Vec<FacetCount>,
}

/// Collects [`Facets`], keeping the `top` most frequent values of the
/// string facets.
pub struct FacetCollector {
    pub top: usize,
}

pub struct FacetSegment {
    strings: [(Option<StrColumn>, Vec<u32>); 3],
    month: Option<Column<i64>>,
    /// Counts by month index (`year * 12 + month - 1`) minus `first_month`.
    months: Vec<u32>,
    first_month: i64,
}

/// `yyyymm` to a running month number, so a segment's months are a dense
/// range.
fn month_index(yyyymm: i64) -> i64 {
    yyyymm / 100 * 12 + yyyymm % 100 - 1
}

type SegmentFruit = ([HashMap<String, u64>; 3], HashMap<i64, u32>);

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let ff = segment.fast_fields();
        // A column no document of the segment has is skipped outright.
        let column = |name: &str| -> tantivy::Result<(Option<StrColumn>, Vec<u32>)> {
            let col = ff.str(name)?.filter(|c| c.num_terms() > 0);
            let n = col.as_ref().map_or(0, |c| c.num_terms());
            Ok((col, vec![0; n]))
        };
        let month = ff.column_opt::<i64>(MONTH)?;
        let (first_month, span) = match &month {
            Some(m) if m.num_docs() > 0 => {
                let first = month_index(m.min_value());
                (
                    first,
                    (month_index(m.max_value()) - first + 1).clamp(0, 1 << 16) as usize,
                )
            }
            _ => (0, 0),
        };
        Ok(FacetSegment {
            strings: [column(COLUMN)?, column(AUTHOR)?, column(TAG)?],
            month,
            months: vec![0; span],
            first_month,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Facets> {
        let mut strings: [HashMap<String, u64>; 3] = Default::default();
        let mut months: HashMap<i64, u64> = HashMap::new();
        for (s, m) in fruits {
            for (total, part) in strings.iter_mut().zip(s) {
                for (k, v) in part {
                    *total.entry(k).or_default() += v;
                }
            }
            for (k, v) in m {
                *months.entry(k).or_default() += u64::from(v);
            }
        }
        let [column, author, tag] = strings.map(|m| top_values(m, self.top));
        let mut years: HashMap<i64, u64> = HashMap::new();
        for (&k, &v) in &months {
            *years.entry(k / 100).or_default() += v;
        }
        let mut month: Vec<(i64, u64)> = months.into_iter().collect();
        month.sort_unstable();
        let mut year: Vec<(i64, u64)> = years.into_iter().collect();
        year.sort_unstable();
        Ok(Facets {
            column,
            author,
            tag,
            year: year
                .into_iter()
                .map(|(y, count)| FacetCount {
                    value: y.to_string(),
                    count,
                })
                .collect(),
            month: month
                .into_iter()
                .map(|(m, count)| FacetCount {
                    value: format!("{:04}-{:02}", m / 100, m % 100),
                    count,
                })
                .collect(),
        })
    }
}

fn top_values(map: HashMap<String, u64>, top: usize) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = map
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(top);
    v
}

impl SegmentCollector for FacetSegment {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, counts) in &mut self.strings {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    counts[ord as usize] += 1;
                }
            }
        }
        if let Some(month) = &self.month
            && let Some(m) = month.first(doc)
            && let Some(slot) = usize::try_from(month_index(m) - self.first_month)
                .ok()
                .and_then(|i| self.months.get_mut(i))
        {
            *slot += 1;
        }
    }

    fn harvest(self) -> SegmentFruit {
        let strings = self.strings.map(|(col, counts)| {
            let mut out = HashMap::new();
            if let Some(col) = col {
                let mut s = String::new();
                for (ord, &n) in counts.iter().enumerate() {
                    if n > 0 && col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                        out.insert(s.clone(), u64::from(n));
                    }
                }
            }
            out
        });
        let first = self.first_month;
        let months = self
            .months
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let index = first + i as i64;
                (index / 12 * 100 + index % 12 + 1, *n)
            })
            .collect();
        (strings, months)
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
