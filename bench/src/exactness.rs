//! Exactness: what each query found, checked against the brute-force
//! ground truth ([`crate::truth`]).

use std::collections::{HashMap, HashSet};

use dangjian::Article;
use serde::Serialize;

use crate::error::Result;
use crate::queries::BenchQuery;
use crate::truth::Truth;

/// Exactness of one engine against the brute-force scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Exactness {
    /// String queries (substring, char, tag, quoted) checked.
    pub literal_queries: usize,
    /// Of those, how many counted exactly the articles that contain them.
    pub counted_exactly: usize,
    /// Of those, how many found every article that contains them.
    pub full_recall: usize,
    /// Articles containing the strings, summed, and how many were found.
    pub truth_total: u64,
    pub found_of_truth: u64,
    /// Articles returned for quoted queries, and how many contain the string.
    pub quoted_returned: u64,
    pub quoted_correct: u64,
    /// Articles containing both strings of a two-term query, summed, and
    /// how many the query found.
    pub two_term_truth: u64,
    pub two_term_found: u64,
    pub headlines: usize,
    /// The headline's own article first.
    pub headline_first: usize,
    /// An article with exactly that headline first (duplicates exist).
    pub headline_title_first: usize,
    /// Queries the engine answered with an error (counted as finding
    /// nothing, and listed in `misses`).
    pub errors: usize,
    /// The first strings not counted exactly: what the engine found
    /// against the truth.
    pub misses: Vec<String>,
    /// The first errors.
    pub error_examples: Vec<String>,
}

/// How many misses a report lists.
const MISSES_LISTED: usize = 20;

impl Exactness {
    pub fn recall(&self) -> f64 {
        self.found_of_truth as f64 / self.truth_total.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.quoted_correct as f64 / self.quoted_returned.max(1) as f64
    }
}

/// Checks what each query found (`found`: total and top ids per query)
/// against the brute-force truth; `ids` gives every article a query matches.
pub(crate) fn check_with(
    queries: &[BenchQuery],
    found: &[(u64, Vec<String>)],
    truth: &Truth,
    subset: &[Article],
    ids: impl Fn(&str) -> Result<HashSet<String>>,
) -> Exactness {
    let titles: HashMap<&str, &str> = subset
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    let mut e = Exactness::default();
    let truth_in = |needle: &str| -> HashSet<&str> {
        truth.ids.get(needle).map_or_else(HashSet::new, |v| {
            v.iter()
                .map(String::as_str)
                .filter(|id| titles.contains_key(id))
                .collect()
        })
    };
    for (q, (_total, top)) in queries.iter().zip(found) {
        match q.kind.as_str() {
            "headline" => {
                let Some(expected) = &q.expected else {
                    continue;
                };
                let Some(title) = titles.get(expected.as_str()) else {
                    continue;
                };
                e.headlines += 1;
                if top.first() == Some(expected) {
                    e.headline_first += 1;
                }
                if top.first().and_then(|id| titles.get(id.as_str())) == Some(title) {
                    e.headline_title_first += 1;
                }
            }
            "two_terms" => {
                let sets: Vec<HashSet<&str>> = q.literals().iter().map(|s| truth_in(s)).collect();
                let both: Vec<&str> = sets[0]
                    .iter()
                    .copied()
                    .filter(|id| sets[1..].iter().all(|s| s.contains(id)))
                    .collect();
                let results = e.ids_or_error(&q.q, &ids);
                e.two_term_truth += both.len() as u64;
                e.two_term_found += both.iter().filter(|id| results.contains(**id)).count() as u64;
            }
            _ => {
                let s = &q.literals()[0];
                let t = truth_in(s);
                // The count is checked on the quoted form: as typed when
                // the query is quoted (IME quotes too), else in ASCII quotes.
                let quoted_q = if q.is_quoted() {
                    q.q.clone()
                } else {
                    format!("\"{s}\"")
                };
                let quoted = e.ids_or_error(&quoted_q, &ids);
                let results = if q.is_quoted() {
                    quoted.clone()
                } else {
                    e.ids_or_error(s, &ids)
                };
                e.literal_queries += 1;
                e.truth_total += t.len() as u64;
                let hit = t.iter().filter(|id| results.contains(**id)).count();
                e.found_of_truth += hit as u64;
                if hit == t.len() {
                    e.full_recall += 1;
                }
                e.quoted_returned += quoted.len() as u64;
                let correct = quoted.iter().filter(|id| t.contains(id.as_str())).count();
                e.quoted_correct += correct as u64;
                if quoted.len() == t.len() && correct == t.len() {
                    e.counted_exactly += 1;
                } else {
                    e.note_miss(format!(
                        "{} {quoted_q}: {} found, {} of the {} that contain it",
                        q.kind,
                        quoted.len(),
                        correct,
                        t.len()
                    ));
                }
            }
        }
    }
    e
}

impl Exactness {
    /// What `q` matches, or nothing when the engine fails on it (the error
    /// is counted and listed, never taken for an empty result).
    fn ids_or_error(
        &mut self,
        q: &str,
        ids: &impl Fn(&str) -> Result<HashSet<String>>,
    ) -> HashSet<String> {
        ids(q).unwrap_or_else(|err| {
            self.add_errors(vec![format!("{q}: {err}")]);
            HashSet::new()
        })
    }

    /// Counts and lists failures met outside the check (while timing).
    pub fn add_errors(&mut self, errors: Vec<String>) {
        self.errors += errors.len();
        for e in errors {
            if self.error_examples.len() < MISSES_LISTED {
                self.error_examples.push(e);
            }
        }
    }

    /// Lists a miss (the first few are kept).
    pub fn note_miss(&mut self, what: String) {
        if self.misses.len() < MISSES_LISTED {
            self.misses.push(what);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: format!("标题{id}"),
            body: vec![body.into()],
            ..Article::default()
        }
    }

    #[test]
    fn a_failing_query_is_counted_as_an_error_not_as_an_empty_result() {
        let articles = [article("a", "乡村振兴"), article("b", "城市更新")];
        let queries = [BenchQuery::new("substring", "振兴".into())];
        let truth = Truth::scan(&articles, &["振兴".to_string()]);
        let e = check_with(&queries, &[(0, Vec::new())], &truth, &articles, |_| {
            Err(crate::Error::peer("p", "syntax error"))
        });
        assert_eq!((e.errors, e.counted_exactly), (2, 0));
        assert!(e.error_examples[0].contains("syntax error"));
    }

    #[test]
    fn an_exact_engine_counts_every_string_exactly() {
        let articles = [article("a", "乡村振兴"), article("b", "城市更新")];
        let queries = [
            BenchQuery::new("substring", "振兴".into()),
            BenchQuery::new("ime_quoted", "「城市」".into()),
        ];
        let needles: Vec<String> = queries.iter().flat_map(BenchQuery::literals).collect();
        let truth = Truth::scan(&articles, &needles);
        let found = vec![(0, Vec::new()); 2];
        let e = check_with(&queries, &found, &truth, &articles, |q| {
            let s = q.trim_matches(|c| "\"「」".contains(c));
            Ok(articles
                .iter()
                .filter(|a| a.body[0].contains(s))
                .map(|a| a.id.clone())
                .collect())
        });
        assert_eq!((e.literal_queries, e.counted_exactly, e.errors), (2, 2, 0));
    }
}
