//! The second step of a [`Deferred`] ranking: the best articles by base
//! score get their bonuses, and the page is read off the full scores.
//!
//! The first step keeps the [`pool`] best articles by base score, in
//! tantivy's order (score, then address). A bonus only ever adds, so an
//! article not yet rescored scores at most its base plus every bonus. The
//! candidates get their bonuses a batch at a time, best base first, until
//! no article left can reach the page: then the page is exact. Sums are in
//! `f64`, where adding two `f32`s is exact, so the bound holds to the last
//! bit. When the pool runs out first (bonuses that reorder more than a
//! pool's worth of articles), the caller runs the whole query instead.

use std::cmp::Ordering;

use tantivy::query::{EnableScoring, Scorer, Weight};
use tantivy::{DocAddress, Score, Searcher, SeekDangerResult};

use super::compile::Deferred;
use crate::error::Result;

/// How many articles the first step keeps for a page of `want`.
pub fn pool(want: usize) -> usize {
    (want * 10).max(100)
}

/// Articles given their bonuses at a time.
fn batch(want: usize) -> usize {
    (want * 2).max(20)
}

/// The best `want` of `candidates` (the best [`pool`] articles by base
/// score in tantivy's order, or every match when there were fewer) by
/// full score, best first, ties by address; `None` when an article
/// outside the pool could be among them.
pub fn rescore(
    searcher: &Searcher,
    deferred: &Deferred,
    candidates: Vec<(Score, DocAddress)>,
    pool: usize,
    want: usize,
) -> Result<Option<Vec<(Score, DocAddress)>>> {
    let plain = EnableScoring::disabled_from_searcher(searcher);
    let mut most = 0.0f64;
    let mut bonuses: Vec<(Vec<Box<dyn Weight>>, Score)> = Vec::new();
    for (queries, weight) in &deferred.bonuses {
        let weights = queries
            .iter()
            .map(|q| q.weight(plain))
            .collect::<tantivy::Result<Vec<_>>>()?;
        bonuses.push((weights, *weight));
        most += f64::from(*weight);
    }
    let whole_pool = candidates.len() >= pool;
    let mut best: Vec<(f64, DocAddress)> = Vec::with_capacity(want + batch(want));
    let mut done = 0;
    while done < candidates.len() {
        let end = (done + batch(want)).min(candidates.len());
        let mut scored: Vec<(f64, DocAddress)> = candidates[done..end]
            .iter()
            .map(|&(s, a)| (f64::from(s), a))
            .collect();
        add_bonuses(searcher, &bonuses, &mut scored)?;
        best.extend(scored);
        best.sort_by(by_score);
        best.truncate(want);
        done = end;
        if let (Some(&(next, next_address)), Some(&(last, last_address))) =
            (candidates.get(done), best.get(want.saturating_sub(1)))
        {
            // The best any article left can do.
            let reach = f64::from(next) + most;
            if best.len() == want
                && (reach < last || (reach == last && next_address > last_address))
            {
                break;
            }
        }
    }
    if done == candidates.len() && whole_pool {
        return Ok(None);
    }
    Ok(Some(
        best.into_iter().map(|(s, a)| (s as Score, a)).collect(),
    ))
}

/// Best first, ties by address, as tantivy's `TopDocs` orders them.
fn by_score(a: &(f64, DocAddress), b: &(f64, DocAddress)) -> Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Adds to each article's score the bonuses it has.
fn add_bonuses(
    searcher: &Searcher,
    bonuses: &[(Vec<Box<dyn Weight>>, Score)],
    scored: &mut [(f64, DocAddress)],
) -> Result<()> {
    // A scorer is asked about increasing addresses only.
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by_key(|&i| scored[i].1);
    for (alternatives, weight) in bonuses {
        let mut has = vec![false; scored.len()];
        for query in alternatives {
            let mut scorer: Option<(u32, Box<dyn Scorer>)> = None;
            for &i in &order {
                let address = scored[i].1;
                if has[i] {
                    continue;
                }
                let found = match &mut scorer {
                    Some((segment, s)) if *segment == address.segment_ord => {
                        s.seek_danger(address.doc_id)
                    }
                    _ => {
                        let reader = searcher.segment_reader(address.segment_ord);
                        let (found, s) = query.scorer_danger(reader, address.doc_id, 1.0)?;
                        scorer = Some((address.segment_ord, s));
                        found
                    }
                };
                has[i] = found == SeekDangerResult::Found;
            }
        }
        for (s, has) in scored.iter_mut().zip(has) {
            if has {
                s.0 += f64::from(*weight);
            }
        }
    }
    Ok(())
}
