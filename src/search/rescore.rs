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
//! pool's worth of articles: a string verbatim in a few articles, its
//! words apart in thousands), the articles with a bonus are found by the
//! bonuses' own queries and scored on their own, against the best of the
//! pool without one; only when they are many does the caller run the
//! whole query instead.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, TERMINATED};

use super::compile::Deferred;
use super::{add_up_by_key, at_or_after};
use crate::error::Result;
use crate::index::Archive;

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
    archive: &Archive,
    searcher: &Searcher,
    deferred: &Deferred,
    candidates: Vec<(Score, DocAddress)>,
    pool: usize,
    want: usize,
) -> Result<Option<Vec<(Score, DocAddress)>>> {
    let bonuses = bonus_weights(searcher, deferred)?;
    let most: f64 = bonuses.iter().map(|(_, w)| f64::from(*w)).sum();
    let whole_pool = candidates.len() >= pool;
    let mut best: Vec<(f64, DocAddress)> = Vec::with_capacity(want + batch(want));
    let mut done = 0;
    // How many of the rescored articles had a bonus.
    let mut with_bonus = 0;
    while done < candidates.len() {
        let end = (done + batch(want)).min(candidates.len());
        let mut scored: Vec<(f64, DocAddress)> = candidates[done..end]
            .iter()
            .map(|&(s, a)| (f64::from(s), a))
            .collect();
        add_bonuses(searcher, &bonuses, &mut scored)?;
        with_bonus += scored
            .iter()
            .zip(&candidates[done..end])
            .filter(|(full, (base, _))| full.0 != f64::from(*base))
            .count();
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
        return by_bonus_articles(archive, searcher, deferred, &candidates, with_bonus, want);
    }
    Ok(Some(
        best.into_iter().map(|(s, a)| (s as Score, a)).collect(),
    ))
}

/// `articles` (by base score) with their full scores: each with the
/// bonuses it has, summed as [`rescore`] sums them.
pub fn with_bonuses(
    searcher: &Searcher,
    deferred: &Deferred,
    articles: &[(Score, DocAddress)],
) -> Result<Vec<(Score, DocAddress)>> {
    let bonuses = bonus_weights(searcher, deferred)?;
    let mut scored: Vec<(f64, DocAddress)> =
        articles.iter().map(|&(s, a)| (f64::from(s), a)).collect();
    add_bonuses(searcher, &bonuses, &mut scored)?;
    Ok(scored.into_iter().map(|(s, a)| (s as Score, a)).collect())
}

/// One bonus: its queries (one of them is enough), unscored, and its weight.
type BonusWeights = (Vec<Box<dyn Weight>>, Score);

/// The bonuses' queries, unscored, with their weights.
fn bonus_weights(searcher: &Searcher, deferred: &Deferred) -> Result<Vec<BonusWeights>> {
    let plain = EnableScoring::disabled_from_searcher(searcher);
    let mut bonuses = Vec::new();
    for (queries, weight) in &deferred.bonuses {
        let weights = queries
            .iter()
            .map(|q| q.weight(plain))
            .collect::<tantivy::Result<Vec<_>>>()?;
        bonuses.push((weights, *weight));
    }
    Ok(bonuses)
}

/// The most matches of the bonuses' queries that [`by_bonus_articles`]
/// takes (an article counts once per bonus and per part it has it in):
/// each article is sought in the base query, and past this many the whole
/// query, which reads every match in order, is quicker (the 10× archive:
/// 5,600 articles with the bonus took 16 ms against 22, 23,500 took 8
/// against 6). The bonuses' queries are read within the search's filters
/// and exclusions, so a narrow filter keeps a common string under it.
const MAX_BONUS_ARTICLES: usize = 10_000;

/// The page when the pool ran out: every article with a bonus, scored in
/// full, against the best of the pool without one. A bonus rare among the
/// matches (a string verbatim in a few articles, its words apart in
/// thousands) leaves a pool of articles without it whose base scores lie
/// closer together than the bonus, so the bound never closes. An article
/// without a bonus scores its base, so those outside the pool come after
/// every one inside it; the articles with one are found by the bonuses'
/// own queries, which read the positions the whole query would, and only
/// they are scored. `None` (the whole query, then) when most of the pool
/// had a bonus (so most of the matches have one too), when the bonuses'
/// queries match more than [`MAX_BONUS_ARTICLES`], or when the pool has
/// fewer than `want` without one. As on the rest of this path, a score is
/// the `f64` sum of the base score and the bonuses, rounded once: it can
/// differ from the whole query's `f32` sum in the last bit, and two
/// articles that close may be ordered the other way.
fn by_bonus_articles(
    archive: &Archive,
    searcher: &Searcher,
    deferred: &Deferred,
    candidates: &[(Score, DocAddress)],
    pool_with_bonus: usize,
    want: usize,
) -> Result<Option<Vec<(Score, DocAddress)>>> {
    if pool_with_bonus * 2 > candidates.len() {
        return Ok(None);
    }
    // The bonuses' queries where the search's filters and exclusions hold.
    let plain = EnableScoring::disabled_from_searcher(searcher);
    let mut held: Vec<BonusWeights> = Vec::new();
    for (queries, weight) in &deferred.bonuses {
        let weights = queries
            .iter()
            .map(|q| {
                if deferred.conditions.is_empty() {
                    return q.weight(plain);
                }
                let mut clauses = vec![(Occur::Must, q.box_clone())];
                clauses.extend(deferred.conditions.iter().map(|(o, c)| (*o, c.box_clone())));
                BooleanQuery::new(clauses).weight(plain)
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        held.push((weights, *weight));
    }
    // Each segment's articles with a bonus, in order, with their bonuses;
    // `None` once the segments together have found too many.
    let found = AtomicUsize::new(0);
    let per_segment = archive.each_segment(searcher, |_, reader| {
        let alive = reader.alive_bitset();
        let mut extra: Vec<(DocId, f64)> = Vec::new();
        for (alternatives, weight) in &held {
            let mut has: Vec<DocId> = Vec::new();
            for query in alternatives {
                let mut scorer = query.scorer(reader, 1.0)?;
                let mut doc = scorer.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        has.push(doc);
                        if found.fetch_add(1, AtomicOrdering::Relaxed) >= MAX_BONUS_ARTICLES {
                            return Ok(None);
                        }
                    }
                    doc = scorer.advance();
                }
            }
            // An article with the bonus in its headline and its body has it
            // once.
            has.sort_unstable();
            has.dedup();
            extra.extend(has.into_iter().map(|d| (d, f64::from(*weight))));
        }
        add_up_by_key(&mut extra);
        Ok(Some(extra))
    })?;
    let Some(extra) = per_segment.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(None);
    };
    let bonus_of = |a: &DocAddress| {
        let docs = &extra[a.segment_ord as usize];
        docs.binary_search_by_key(&a.doc_id, |&(d, _)| d)
            .ok()
            .map(|i| docs[i].1)
    };
    let mut best: Vec<(f64, DocAddress)> = candidates
        .iter()
        .filter(|(_, a)| bonus_of(a).is_none())
        .take(want)
        .map(|&(s, a)| (f64::from(s), a))
        .collect();
    if best.len() < want {
        return Ok(None);
    }
    // Their scores: the base query's, sought at each of them in order (a
    // filter or an exclusion may leave some out), plus their bonuses.
    let base = deferred
        .base
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    let scored = archive.each_segment(searcher, |ordinal, reader| {
        let listed = &extra[ordinal as usize];
        let mut out = Vec::new();
        // A segment without one needs no scorer (its terms looked up).
        if listed.is_empty() {
            return Ok(out);
        }
        let mut scorer = base.scorer(reader, 1.0)?;
        for &(doc, bonus) in listed {
            if at_or_after(scorer.as_mut(), doc) == doc {
                out.push((
                    f64::from(scorer.score()) + bonus,
                    DocAddress::new(ordinal, doc),
                ));
            }
        }
        Ok(out)
    })?;
    best.extend(scored.into_iter().flatten());
    best.sort_by(by_score);
    best.truncate(want);
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
    bonuses: &[BonusWeights],
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
