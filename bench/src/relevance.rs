//! Topic relevance: nDCG@10 and P@10 over judged topic queries
//! (`../shared/relevance/`), for our ranking and for any peer that returns
//! ranked ids.
//!
//! Scoring follows the judgments' README: gain 2^grade − 1, discount
//! log2(rank + 1), unjudged articles dropped from the ranking before
//! scoring (the condensed list), the ideal ranking from all judged grades;
//! averaged over topics. P@10 counts grade ≥ 1 in the raw top 10. The
//! share of unjudged articles in each raw top 10 is reported beside them:
//! past about 30% the scores say little.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::collector::Count;

use crate::error::{Error, Result};
use dangjian::index::Archive;
use dangjian::search::compile::compile_with;
use dangjian::search::ranking::Ranking;
use dangjian::search::{SearchRequest, rank};

/// Judged topics: what was typed and the grade of each judged article.
#[derive(Debug, Clone)]
pub struct Judgments {
    pub topics: Vec<String>,
    pub grades: HashMap<String, HashMap<String, u8>>,
}

impl Judgments {
    /// Reads `dev-topics.tsv` and `dev-qrels.json` from `dir`, then any
    /// `extra` judgment files (same JSON shape) over them.
    pub fn load(dir: &Path, extra: &[&Path]) -> Result<Judgments> {
        let mut judgments =
            Judgments::from_files(&dir.join("dev-topics.tsv"), &dir.join("dev-qrels.json"))?;
        for path in extra {
            if path.exists() {
                for (q, more) in read_qrels(path)? {
                    judgments.grades.entry(q).or_default().extend(more);
                }
            }
        }
        Ok(judgments)
    }

    /// Reads topics (`query<TAB>need` lines) and their grades from the two
    /// files named.
    pub fn from_files(topics_path: &Path, qrels_path: &Path) -> Result<Judgments> {
        let topics = std::fs::read_to_string(topics_path)
            .map_err(|e| Error::io(topics_path, e))?
            .lines()
            .filter_map(|l| l.split('\t').next())
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect();
        let grades = read_qrels(qrels_path)?;
        Ok(Judgments { topics, grades })
    }
}

/// The pool of each topic (`query<TAB>id,id,…` lines): the articles that
/// would have been judged had the topic been pooled as the held-out topics
/// were.
pub fn read_pool(path: &Path) -> Result<HashMap<String, HashSet<String>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(q, ids)| {
            let ids = ids.split(',').filter(|id| !id.is_empty());
            (q.trim().to_string(), ids.map(str::to_string).collect())
        })
        .collect())
}

impl Judgments {
    /// The same topics with only the judged articles in each topic's
    /// `pool` (none for a topic without one).
    pub fn within(&self, pool: &HashMap<String, HashSet<String>>) -> Judgments {
        let empty = HashSet::new();
        let grades = self
            .grades
            .iter()
            .map(|(q, g)| {
                let pooled = pool.get(q).unwrap_or(&empty);
                let kept = g.iter().filter(|(id, _)| pooled.contains(*id));
                (q.clone(), kept.map(|(id, v)| (id.clone(), *v)).collect())
            })
            .collect();
        Judgments {
            topics: self.topics.clone(),
            grades,
        }
    }
}

fn read_qrels(path: &Path) -> Result<HashMap<String, HashMap<String, u8>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::io(path, std::io::Error::other(e)))
}

/// The scores of one system over the topics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Relevance {
    pub ndcg10: f64,
    /// Topics of two or more terms.
    pub ndcg10_multi: f64,
    pub ndcg10_single: f64,
    pub p10: f64,
    /// Mean share of unjudged articles in a top 10.
    pub unjudged_share: f64,
    pub topics: Vec<TopicScore>,
}

/// The scores of one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicScore {
    pub query: String,
    pub ndcg10: f64,
    pub p10: f64,
    pub unjudged: usize,
}

fn dcg(gains: impl Iterator<Item = u8>) -> f64 {
    gains
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
        .sum()
}

/// Scores one ranking (ids, best first; at least the top 10, more helps
/// the condensed list) against one topic's grades.
pub fn score_topic(query: &str, ranked: &[String], grades: &HashMap<String, u8>) -> TopicScore {
    let top10 = &ranked[..ranked.len().min(10)];
    let unjudged = top10.iter().filter(|id| !grades.contains_key(*id)).count();
    let relevant = top10
        .iter()
        .filter(|id| grades.get(*id).is_some_and(|&g| g > 0))
        .count();
    let condensed = ranked
        .iter()
        .filter_map(|id| grades.get(id).copied())
        .take(10);
    let mut ideal: Vec<u8> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(ideal.into_iter().take(10));
    TopicScore {
        query: query.to_string(),
        ndcg10: if best > 0.0 {
            dcg(condensed) / best
        } else {
            0.0
        },
        p10: relevant as f64 / 10.0,
        unjudged,
    }
}

/// Scores a system: `rank` gives the ranked ids for a query.
pub fn evaluate(
    judgments: &Judgments,
    mut rank: impl FnMut(&str) -> Result<Vec<String>>,
) -> Result<Relevance> {
    let mut topics = Vec::new();
    for q in &judgments.topics {
        let empty = HashMap::new();
        let grades = judgments.grades.get(q).unwrap_or(&empty);
        topics.push(score_topic(q, &rank(q)?, grades));
    }
    let mean = |f: &dyn Fn(&TopicScore) -> bool, v: &dyn Fn(&TopicScore) -> f64| {
        let xs: Vec<f64> = topics.iter().filter(|t| f(t)).map(v).collect();
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let multi = |t: &TopicScore| t.query.split_whitespace().count() > 1;
    Ok(Relevance {
        ndcg10: mean(&|_| true, &|t| t.ndcg10),
        ndcg10_multi: mean(&multi, &|t| t.ndcg10),
        ndcg10_single: mean(&|t| !multi(t), &|t| t.ndcg10),
        p10: mean(&|_| true, &|t| t.p10),
        unjudged_share: mean(&|_| true, &|t| t.unjudged as f64 / 10.0),
        topics,
    })
}

/// The ranking alternatives measured beside the default, as
/// `docs/ranking.md` lists them: (name, weights).
pub fn alternatives() -> Vec<(&'static str, Ranking)> {
    let d = Ranking::default();
    vec![
        ("default", d),
        (
            "every term required (AND)",
            Ranking {
                all_terms_required: true,
                ..d
            },
        ),
        ("no coverage (BM25 only)", Ranking { coverage: 0.0, ..d }),
        ("coverage 3", Ranking { coverage: 3.0, ..d }),
        (
            "coverage 10",
            Ranking {
                coverage: 10.0,
                ..d
            },
        ),
        (
            "coverage 20",
            Ranking {
                coverage: 20.0,
                ..d
            },
        ),
        ("no headline BM25", Ranking { heading: 0.0, ..d }),
        ("headline BM25 x0.5", Ranking { heading: 0.5, ..d }),
        ("headline BM25 x2", Ranking { heading: 2.0, ..d }),
        ("no headline-or-lead signal", Ranking { lead: 0.0, ..d }),
        ("headline-or-lead 4", Ranking { lead: 4.0, ..d }),
        ("headline-or-lead 12", Ranking { lead: 12.0, ..d }),
        ("no verbatim bonus", Ranking { literal: 0.0, ..d }),
        ("verbatim bonus 5", Ranking { literal: 5.0, ..d }),
        (
            "no known-item signal",
            Ranking {
                known_item: 0.0,
                exact_heading: 0.0,
                ..d
            },
        ),
    ]
}

/// Scores our engine on `archive` with `ranking`.
pub fn evaluate_ours(
    judgments: &Judgments,
    archive: &Archive,
    ranking: &Ranking,
) -> Result<Relevance> {
    let searcher = archive.reader().searcher();
    evaluate(judgments, |q| {
        let req = SearchRequest::new(q);
        let compiled = compile_with(&req, archive.fields(), archive.analyzer(), ranking)?;
        // Ranked as searches rank.
        let (top, _, _) = rank(archive, &searcher, &compiled, DEPTH, None::<Count>)?;
        top.into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(archive.article_head(&doc).id)
            })
            .collect()
    })
}

/// How deep each ranking is read: past 10, so that the condensed list can
/// fill its 10 judged places.
pub const DEPTH: usize = 30;

/// The relevance part of the benchmark report.
#[derive(Debug, Clone, Serialize)]
pub struct RelevanceFigures {
    /// Where the judgments came from.
    pub judgments: String,
    pub dev_ndcg10: f64,
    pub dev_ndcg10_multi: f64,
    pub dev_ndcg10_single: f64,
    pub dev_p10: f64,
    pub dev_unjudged_share: f64,
    pub naive_dev_ndcg10: Option<f64>,
    pub ours: Relevance,
    pub naive: Option<Relevance>,
    /// Each alternative of [`alternatives`]: (name, scores).
    pub alternatives: Vec<(String, Relevance)>,
}

impl RelevanceFigures {
    pub fn new(
        judgments: String,
        ours: Relevance,
        naive: Option<Relevance>,
        alternatives: Vec<(String, Relevance)>,
    ) -> Self {
        RelevanceFigures {
            judgments,
            dev_ndcg10: ours.ndcg10,
            dev_ndcg10_multi: ours.ndcg10_multi,
            dev_ndcg10_single: ours.ndcg10_single,
            dev_p10: ours.p10,
            dev_unjudged_share: ours.unjudged_share,
            naive_dev_ndcg10: naive.as_ref().map(|n| n.ndcg10),
            ours,
            naive,
            alternatives,
        }
    }
}

/// The project's own validation topics (`benches/relevance/validation-*`):
/// topics never used to choose the ranking, judged blind by the same rules,
/// so that a change tuned on the dev set shows whether it generalises.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationFigures {
    /// Where the judgments came from.
    pub judgments: String,
    pub ours: Relevance,
    pub naive: Option<Relevance>,
}

/// The dev and validation topics scored as the held-out topics are
/// pooled: the top 10s of the first release (21faf5b) and of naive
/// tantivy-jieba in OR and in AND mode, judged; our additions left out.
#[derive(Debug, Clone, Serialize)]
pub struct PooledFigures {
    /// Where the pools came from.
    pub pool: String,
    pub dev: Relevance,
    pub validation: Option<Relevance>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(pairs: &[(&str, u8)]) -> HashMap<String, u8> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn ids(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ideal_ranking_scores_one_and_reversed_scores_less() {
        let g = grades(&[("a", 2), ("b", 1), ("c", 0)]);
        let best = score_topic("q", &ids(&["a", "b", "c"]), &g);
        assert!((best.ndcg10 - 1.0).abs() < 1e-9);
        let worse = score_topic("q", &ids(&["c", "b", "a"]), &g);
        // dcg = 1/log2(3) + 3/log2(4); ideal = 3 + 1/log2(3)
        let expected = (1.0 / 3f64.log2() + 1.5) / (3.0 + 1.0 / 3f64.log2());
        assert!((worse.ndcg10 - expected).abs() < 1e-9);
    }

    /// The committed validation set: every topic judged, with some
    /// relevant article (a topic may have none highly relevant: 警示教育
    /// 党员干部), and no grade outside 0–2; the pools of the second batch
    /// were smaller where the systems agreed (新乡贤: 8 articles).
    #[test]
    fn the_validation_topics_are_all_judged() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/relevance");
        let j = Judgments::from_files(
            &dir.join("validation-topics.tsv"),
            &dir.join("validation-qrels.json"),
        )
        .unwrap();
        assert_eq!(j.topics.len(), 54);
        assert_eq!(j.grades.len(), j.topics.len());
        let multi = j.topics.iter().filter(|t| t.contains(' ')).count();
        assert_eq!(multi, 36, "multi-word topics");
        for t in &j.topics {
            let g = &j.grades[t];
            assert!(g.len() >= 8, "{t}: {} judged", g.len());
            assert!(g.values().any(|&x| x > 0), "{t}: nothing relevant");
            assert!(g.values().all(|&x| x <= 2), "{t}");
        }
    }

    /// Every validation topic has its pool (three top 10s, up to 30
    /// articles), most of whose articles are judged, and keeping only the
    /// pooled judgments drops the others.
    #[test]
    fn the_heldout_pools_cover_the_validation_topics() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/relevance");
        let pool = read_pool(&dir.join("heldout-pool.tsv")).unwrap();
        assert_eq!(pool.len(), 84, "30 dev and 54 validation topics");
        let j = Judgments::from_files(
            &dir.join("validation-topics.tsv"),
            &dir.join("validation-qrels.json"),
        )
        .unwrap();
        let pooled = j.within(&pool);
        for t in &j.topics {
            let p = &pool[t];
            assert!((1..=30).contains(&p.len()), "{t}: {} pooled", p.len());
            let kept = &pooled.grades[t];
            assert!(
                kept.keys()
                    .all(|id| p.contains(id) && j.grades[t].contains_key(id))
            );
            assert!(
                kept.len() * 10 >= p.len() * 9,
                "{t}: {} of {} judged",
                kept.len(),
                p.len()
            );
        }
    }

    #[test]
    fn unjudged_articles_are_dropped_and_counted() {
        let g = grades(&[("a", 2)]);
        let s = score_topic("q", &ids(&["x", "y", "a"]), &g);
        assert!((s.ndcg10 - 1.0).abs() < 1e-9, "condensed list");
        assert_eq!(s.unjudged, 2);
        assert!((s.p10 - 0.1).abs() < 1e-9);
    }
}
