//! Runs a [`SearchRequest`] against an [`Archive`]: one pass collects the
//! page of hits, the exact total and the facets; then the hits get their
//! highlighted titles and snippets.

use std::collections::HashSet;
use std::time::Instant;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument};

use super::compile::{Compiled, Deferred, compile};
use super::explain::ScoreExplanation;
use super::facets::{FacetCollector, Facets, IdCollector};
use super::lead::Ranked;
use super::ranking::LEAD_POOL;
use super::request::{Hit, SearchRequest, SearchResponse, Sort};
use super::rescore;
use super::snippet::Highlighter;
use crate::error::Result;
use crate::index::Archive;
use crate::index::schema::DAY;

/// The clause `explain` names the lead's weight by.
const LEAD_CLAUSE: &str = "every term in the headline or lead";

/// Values listed per string facet.
const FACET_TOP: usize = 30;

/// Runs `req`.
pub fn search(archive: &Archive, req: &SearchRequest) -> Result<SearchResponse> {
    let started = Instant::now();
    req.validate()?;
    let searcher = archive.reader().searcher();
    let compiled = compile(req, archive.fields(), archive.analyzer())?;
    let facets = if req.facets {
        Some(FacetCollector {
            top: FACET_TOP,
            tables: archive.facet_columns(&searcher)?,
        })
    } else {
        None
    };
    let top = TopDocs::with_limit(req.limit).and_offset(req.offset);

    let mut lead_given = HashSet::new();
    let (page, total, facets): (Vec<(f32, DocAddress)>, usize, Option<Facets>) = match req.sort {
        Sort::Relevance => {
            let want = req.offset + req.limit;
            let (ranked, given, (total, facets)) =
                rank(archive, &searcher, &compiled, want, (Count, facets))?;
            lead_given = given;
            let page = ranked
                .into_iter()
                .skip(req.offset)
                .take(req.limit)
                .collect();
            (page, total, facets)
        }
        Sort::DateDesc | Sort::DateAsc => {
            let order = if req.sort == Sort::DateDesc {
                Order::Desc
            } else {
                Order::Asc
            };
            let (docs, total, facets) = archive.search(
                &searcher,
                &compiled.query,
                &(top.order_by_fast_field::<i64>(DAY, order), Count, facets),
            )?;
            let docs = docs.into_iter().map(|(_, a)| (0.0, a)).collect();
            (docs, total, facets)
        }
    };

    let highlighter = Highlighter::new(&compiled.literals, &compiled.words);
    let mut hits = Vec::with_capacity(page.len());
    for (score, address) in page {
        let doc: TantivyDocument = searcher.doc(address)?;
        // Snippets come from the stored body as is, paragraphs joined by
        // newlines; a hit carries no body, so none is rebuilt, and without
        // snippets none is decoded.
        let body = if req.fragments > 0 {
            archive.stored_body(&doc).unwrap_or_default()
        } else {
            String::new()
        };
        let article = archive.article_head(&doc);
        let explain = if req.explain {
            let e = compiled.query.explain(&searcher, address)?;
            let e = ScoreExplanation::from_tantivy(&e);
            Some(if lead_given.contains(&address) {
                e.plus(compiled.lead.weight, LEAD_CLAUSE)
            } else {
                e
            })
        } else {
            None
        };
        hits.push(Hit {
            title_html: highlighter.highlight(&article.title),
            snippets: highlighter.fragments(&body, req.fragments, req.fragment_chars),
            id: article.id,
            title: article.title,
            kicker: article.kicker,
            date: article.date,
            column: article.column,
            authors: article.authors,
            tags: article.tags,
            score,
            explain,
        });
    }
    Ok(SearchResponse {
        query: req.q.clone(),
        total: total as u64,
        took_ms: started.elapsed().as_secs_f64() * 1e3,
        cached: false,
        offset: req.offset,
        limit: req.limit,
        hits,
        facets: facets.unwrap_or_default(),
    })
}

/// How many of a pasted passage's best-scored articles may move to the
/// front for holding the whole passage; the order past them is the
/// scores', so pages deeper than this never repeat or skip an article.
const PASSAGE_POOL: usize = 40;

/// `pool` (best first) with, among its first [`PASSAGE_POOL`], the
/// articles that hold the whole pasted passage first, in their order, then
/// the others in theirs. Chunks score a passage, and a yearly or
/// templated story that differs from the source only between chunks (a
/// list of names, one sentence) scores the same as the source; the source
/// holds the passage, the near-duplicate does not. Only an article with
/// every chunk can hold it, so only those are read.
fn holders_first(
    archive: &Archive,
    searcher: &Searcher,
    compiled: &Compiled,
    mut pool: Vec<(Score, DocAddress)>,
) -> Result<Vec<(Score, DocAddress)>> {
    let Some((letters, every_chunk)) = &compiled.passage else {
        return Ok(pool);
    };
    let deeper = pool.split_off(pool.len().min(PASSAGE_POOL));
    let mut holds = Vec::with_capacity(pool.len());
    for &(score, address) in &pool {
        if score < every_chunk - 0.5 {
            holds.push(false);
            continue;
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let head = archive.article_head(&doc);
        let body = archive.stored_body(&doc).unwrap_or_default();
        let texts = [
            head.kicker.as_deref().unwrap_or(""),
            head.title.as_str(),
            &body,
        ];
        holds.push(super::passage::contains_passage(texts, letters));
    }
    let (mut first, rest): (Vec<_>, Vec<_>) =
        pool.into_iter().zip(holds).partition(|(_, holds)| *holds);
    first.extend(rest);
    let mut order: Vec<(Score, DocAddress)> = first.into_iter().map(|(hit, _)| hit).collect();
    order.extend(deeper);
    Ok(order)
}

/// The best `want` articles by relevance, best first, the addresses the
/// lead's weight was given to, and what `extra` collects over every match
/// (in the same pass as the first ranking).
pub fn rank<C: Collector>(
    archive: &Archive,
    searcher: &Searcher,
    compiled: &Compiled,
    want: usize,
    extra: C,
) -> Result<(Ranked, HashSet<DocAddress>, C::Fruit)> {
    let (ranked, lead_pool, fruit) = match &compiled.deferred {
        None if compiled.passage.is_some() => {
            let depth = PASSAGE_POOL.max(want);
            let (pool, fruit) = archive.search(
                searcher,
                &compiled.query,
                &(TopDocs::with_limit(depth).order_by_score(), extra),
            )?;
            let ranked = holders_first(archive, searcher, compiled, pool)?;
            (ranked, Vec::new(), fruit)
        }
        None => {
            // The best by score are the lead's pool too.
            let (ranked, fruit) = archive.search(
                searcher,
                &compiled.query,
                &(
                    TopDocs::with_limit(compiled.lead.depth(want)).order_by_score(),
                    extra,
                ),
            )?;
            let pool = ranked[..ranked.len().min(LEAD_POOL)].to_vec();
            (ranked, pool, fruit)
        }
        Some(deferred) => {
            // Base scores first; the bonuses for the best of them.
            let pool = rescore::pool(want);
            let (candidates, fruit) = archive.search(
                searcher,
                &deferred.base,
                &(TopDocs::with_limit(pool).order_by_score(), extra),
            )?;
            // The lead's pool: the best by base score, scored in full.
            let lead_pool = if compiled.lead.active() {
                let best = &candidates[..candidates.len().min(LEAD_POOL)];
                rescore::with_bonuses(searcher, deferred, best)?
            } else {
                Vec::new()
            };
            let ranked = finish_ranking(
                archive, searcher, compiled, deferred, candidates, pool, want,
            )?;
            (ranked, lead_pool, fruit)
        }
    };
    let (ranked, given) =
        compiled
            .lead
            .apply(searcher, archive.fields(), ranked, &lead_pool, want)?;
    Ok((ranked, given, fruit))
}

/// The best `want` of a deferred ranking: the best base scores
/// (`candidates`, `pool` of them at most) rescored, or when that cannot be
/// exact, the whole query's own top documents.
fn finish_ranking(
    archive: &Archive,
    searcher: &Searcher,
    compiled: &Compiled,
    deferred: &Deferred,
    candidates: Vec<(Score, DocAddress)>,
    pool: usize,
    want: usize,
) -> Result<Vec<(Score, DocAddress)>> {
    Ok(
        match rescore::rescore(archive, searcher, deferred, candidates, pool, want)? {
            Some(best) => best,
            None => archive.search(
                searcher,
                &compiled.query,
                &TopDocs::with_limit(want).order_by_score(),
            )?,
        },
    )
}

/// The floor a search is measured against: the same compiled query's top
/// `limit` by relevance ([`rank`]: its deferred bonuses where it has them,
/// and the lead's weight), without total, facets, stored documents or
/// snippets.
pub fn search_floor(archive: &Archive, req: &SearchRequest) -> Result<usize> {
    req.validate()?;
    let searcher = archive.reader().searcher();
    let compiled = compile(req, archive.fields(), archive.analyzer())?;
    let want = req.offset + req.limit;
    let (top, _, _) = rank(archive, &searcher, &compiled, want, None::<Count>)?;
    Ok(top.len().saturating_sub(req.offset).min(req.limit))
}

/// The ids of every article `req` matches, in no particular order.
pub fn matching_ids(archive: &Archive, req: &SearchRequest) -> Result<Vec<String>> {
    req.validate()?;
    let searcher = archive.reader().searcher();
    let compiled = compile(req, archive.fields(), archive.analyzer())?;
    archive.search(&searcher, compiled.matcher(), &IdCollector)
}
