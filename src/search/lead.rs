//! The second stage of a ranking: the best articles that have every term
//! in their headline or lead ([`Ranking::lead`](super::ranking::Ranking::lead))
//! get its weight and are ranked again.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::{DocAddress, DocId, Score, Searcher};

use super::lookups::Lookups;
use super::ranking::{LEAD_POOL, LEAD_UNITS};
use super::verbatim::holding;
use crate::error::Result;
use crate::index::Fields;

/// Articles with their scores, best first.
pub type Ranked = Vec<(Score, DocAddress)>;

/// One term of the query as the lead check reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadTerm {
    pub text: String,
    /// A `title:` term: only the headline counts.
    pub headline_only: bool,
}

/// What a query's lead check needs: its terms, each group a term and its
/// `OR` alternatives, and the weight an article with all of them gets.
#[derive(Debug, Clone, Default)]
pub struct Lead {
    pub groups: Vec<Vec<LeadTerm>>,
    pub weight: Score,
    /// The search's term entries, shared with its queries.
    pub(crate) lookups: Arc<Lookups>,
}

impl Lead {
    /// Whether the query has terms to look for (two at least: see
    /// [`Ranking::lead`](super::ranking::Ranking::lead)) and the weight is
    /// not zero.
    pub fn active(&self) -> bool {
        self.groups.len() >= 2 && self.weight > 0.0
    }

    /// How many of the best articles by score a search must rank for a page
    /// ending at `want` when the scores it ranks by are those that choose
    /// the [`LEAD_POOL`] (no deferred bonuses): enough to hold the pool.
    pub fn depth(&self, want: usize) -> usize {
        if self.active() {
            LEAD_POOL.max(want)
        } else {
            want
        }
    }

    /// The best `want` once the weight is given: `ranked` holds the best
    /// articles by score, best first (`want` of them, or every match where
    /// there are fewer), and `pool` the articles that can get the weight
    /// with their scores (the best [`LEAD_POOL`] by the score before the
    /// deferred bonuses: see [`Ranking::lead`](super::ranking::Ranking::lead)).
    /// Those of `pool` with every term in the headline or lead get the
    /// weight, and the two lists are ranked again together, best first,
    /// ties by address. An article in neither scores at most the last of
    /// `ranked`, so the page is exact. Also returns the addresses given
    /// the weight.
    pub fn apply(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        mut ranked: Ranked,
        pool: &[(Score, DocAddress)],
        want: usize,
    ) -> Result<(Ranked, HashSet<DocAddress>)> {
        let mut given = HashSet::new();
        if !self.active() {
            return Ok((ranked, given));
        }
        let pool = &pool[..pool.len().min(LEAD_POOL)];
        let addresses: Vec<DocAddress> = pool.iter().map(|&(_, a)| a).collect();
        let has = self.holders(searcher, fields, &addresses)?;
        given.extend(
            addresses
                .iter()
                .zip(has)
                .filter(|(_, has)| *has)
                .map(|(a, _)| *a),
        );
        // An article in both lists keeps the score `ranked` gives it.
        let listed: HashSet<DocAddress> = ranked.iter().map(|&(_, a)| a).collect();
        ranked.extend(pool.iter().filter(|(_, a)| !listed.contains(a)));
        for (score, address) in &mut ranked {
            if given.contains(address) {
                *score += self.weight;
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(want);
        Ok((ranked, given))
    }

    /// Whether each of `addresses` holds every group in its headline or lead.
    fn holders(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        addresses: &[DocAddress],
    ) -> Result<Vec<bool>> {
        let mut out = vec![true; addresses.len()];
        let mut segments: Vec<u32> = addresses.iter().map(|a| a.segment_ord).collect();
        segments.sort_unstable();
        segments.dedup();
        for segment in segments {
            let reader = searcher.segment_reader(segment);
            let mut docs: Vec<(DocId, usize)> = addresses
                .iter()
                .enumerate()
                .filter(|(_, a)| a.segment_ord == segment)
                .map(|(i, a)| (a.doc_id, i))
                .collect();
            docs.sort_unstable();
            let ids: Vec<DocId> = docs.iter().map(|&(d, _)| d).collect();
            for group in &self.groups {
                let mut any = vec![false; ids.len()];
                for term in group {
                    let heading = (fields.heading_lit, fields.heading_chars);
                    let mut found =
                        holding(reader, &term.text, heading, None, &ids, &self.lookups)?;
                    if !term.headline_only {
                        let body = (fields.body_lit, fields.body_chars);
                        let lead = holding(
                            reader,
                            &term.text,
                            body,
                            Some(LEAD_UNITS),
                            &ids,
                            &self.lookups,
                        )?;
                        for (f, l) in found.iter_mut().zip(lead) {
                            *f |= l;
                        }
                    }
                    for (a, f) in any.iter_mut().zip(found) {
                        *a |= f;
                    }
                }
                for (&(_, i), a) in docs.iter().zip(any) {
                    out[i] &= a;
                }
            }
        }
        Ok(out)
    }
}
