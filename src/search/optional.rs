//! [`WithOptional`]: a required clause plus scoring-only clauses, each read
//! only where the required clause matches.
//!
//! tantivy scores `Must(a) + Should(b, c, …)` through a union of the
//! should clauses that fills windows of 4,096 documents: every document of
//! `b`, `c`, … in a window holding one of `a`'s is decoded and scored. The
//! BM25 clauses of a term are its jieba words, and some words are in most
//! articles (建设, 发展): for 基层党组织建设, 411 articles match but some
//! 70,000 were scored. Here each optional clause moves to the required
//! clause's next article with `seek` (the postings' skip lists) and adds its
//! score there: the same sum, read only where it counts.
//!
//! The optional clauses are BM25 terms ([`Bm25Term`]), scored here as
//! tantivy's `TermQuery` scores them (in a `BoostQuery` when boosted), to
//! the bit, and explained the same way. Their terms' entries come from the
//! search's [`Lookups`]: the document frequency is the sum of the
//! segments' entries, and each segment's scorer starts from its own, where
//! tantivy's weight and then its scorer each looked the term up (a
//! headline's words in two fields, in each of the 10× archive's 15
//! segments). A segment where the required clause matches nothing gets no
//! optional scorers at all.

use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use super::at_or_after;
use super::lookups::Lookups;

/// One scoring-only clause: the BM25 of `term` (a field's word), times
/// `boost`; what tantivy's `BoostQuery(TermQuery)` scores.
#[derive(Debug, Clone)]
pub struct Bm25Term {
    pub term: Term,
    pub boost: Score,
}

/// Matches what `required` matches; scores its score plus that of each
/// optional clause matching the same article. Optional clauses come in
/// labelled groups, which `explain` shows as one line each.
pub struct WithOptional {
    pub required: Box<dyn Query>,
    pub groups: Vec<(String, Vec<Bm25Term>)>,
    /// The search's term entries.
    pub lookups: Arc<Lookups>,
}

impl Clone for WithOptional {
    fn clone(&self) -> Self {
        WithOptional {
            required: self.required.box_clone(),
            groups: self.groups.clone(),
            lookups: self.lookups.clone(),
        }
    }
}

impl fmt::Debug for WithOptional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WithOptional({:?}", self.required)?;
        for (label, terms) in &self.groups {
            write!(f, ", {label:?}: {terms:?}")?;
        }
        write!(f, ")")
    }
}

impl Query for WithOptional {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let required = self.required.weight(enable_scoring)?;
        let lookups = self.lookups.clone();
        let EnableScoring::Enabled {
            searcher,
            statistics_provider,
        } = enable_scoring
        else {
            // Optional clauses change scores only.
            return Ok(Box::new(WithOptionalWeight {
                required,
                groups: Vec::new(),
                lookups,
            }));
        };
        // Statistics other than the searcher's own (none of ours) are asked.
        let own_statistics = std::ptr::addr_eq(
            statistics_provider as *const dyn tantivy::query::Bm25StatisticsProvider,
            searcher as *const tantivy::Searcher,
        );
        let total_num_docs = statistics_provider.total_num_docs()?;
        let mut groups = Vec::with_capacity(self.groups.len());
        for (label, terms) in &self.groups {
            let mut clauses = Vec::with_capacity(terms.len());
            for t in terms {
                let field = t.term.field();
                let doc_freq = if own_statistics {
                    // The sum of the segments' entries, which the scorers
                    // then start from.
                    let mut sum = 0;
                    for reader in searcher.segment_readers() {
                        if let Some(info) = lookups.term_info(reader, &t.term)? {
                            sum += u64::from(info.doc_freq);
                        }
                    }
                    sum
                } else {
                    statistics_provider.doc_freq(&t.term)?
                };
                // As tantivy's `Bm25Weight::for_terms` for one term.
                let average_fieldnorm =
                    statistics_provider.total_num_tokens(field)? as Score / total_num_docs as Score;
                let bm25 = Bm25Weight::for_one_term(doc_freq, total_num_docs, average_fieldnorm);
                clauses.push(ClauseWeight {
                    term: t.term.clone(),
                    boost: t.boost,
                    bm25,
                });
            }
            groups.push((label.clone(), clauses));
        }
        Ok(Box::new(WithOptionalWeight {
            required,
            groups,
            lookups,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for (_, terms) in &self.groups {
            for t in terms {
                visitor(&t.term, false);
            }
        }
    }
}

/// A [`Bm25Term`] ready to score: its weight, before the boost.
struct ClauseWeight {
    term: Term,
    boost: Score,
    bm25: Bm25Weight,
}

impl ClauseWeight {
    /// The clause's scorer in `reader`; `None` when the term is not there.
    fn scorer(
        &self,
        reader: &SegmentReader,
        lookups: &Lookups,
        boost: Score,
    ) -> tantivy::Result<Option<Bm25Scorer>> {
        let Some(info) = lookups.term_info(reader, &self.term)? else {
            return Ok(None);
        };
        let postings = reader
            .inverted_index(self.term.field())?
            .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
        let norms = match reader.fieldnorms_readers().get_field(self.term.field())? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(Bm25Scorer {
            postings,
            norms,
            // Boosted as tantivy's `BoostWeight` boosts its `TermWeight`.
            bm25: self.bm25.boost_by(boost * self.boost),
        }))
    }

    /// What tantivy's `TermQuery`, in a `BoostQuery` unless the boost is
    /// 1, explains.
    fn explain(
        &self,
        reader: &SegmentReader,
        lookups: &Lookups,
        doc: DocId,
    ) -> Option<Explanation> {
        let mut scorer = self.scorer(reader, lookups, 1.0).ok().flatten()?;
        if scorer.postings.doc() > doc || scorer.postings.seek(doc) != doc {
            return None;
        }
        let fieldnorm_id = scorer.norms.fieldnorm_id(doc);
        let mut e = self.bm25.explain(fieldnorm_id, scorer.postings.term_freq());
        e.add_context(format!("Term={:?}", self.term));
        if self.boost == 1.0 {
            return Some(e);
        }
        let mut boosted = Explanation::new_with_string(
            format!("Boost x{} of ...", self.boost),
            e.value() * self.boost,
        );
        boosted.add_detail(e);
        Some(boosted)
    }
}

/// tantivy's `TermScorer`, which it does not export: BM25 of one term.
struct Bm25Scorer {
    postings: SegmentPostings,
    norms: FieldNormReader,
    bm25: Bm25Weight,
}

impl Bm25Scorer {
    fn score(&self) -> Score {
        let doc = self.postings.doc();
        self.bm25
            .score(self.norms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

struct WithOptionalWeight {
    required: Box<dyn Weight>,
    groups: Vec<(String, Vec<ClauseWeight>)>,
    lookups: Arc<Lookups>,
}

impl Weight for WithOptionalWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let required = self.required.scorer(reader, boost)?;
        // Nothing to score where nothing matches.
        if required.doc() == TERMINATED {
            return Ok(required);
        }
        let mut optional = Vec::new();
        for (_, clauses) in &self.groups {
            for c in clauses {
                if let Some(scorer) = c.scorer(reader, &self.lookups, boost)? {
                    optional.push(scorer);
                }
            }
        }
        if optional.is_empty() {
            return Ok(required);
        }
        Ok(Box::new(WithOptionalScorer { required, optional }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let required = self.required.explain(reader, doc)?;
        let mut parts = vec![required];
        for (label, clauses) in &self.groups {
            // A clause that does not match `doc` has no explanation.
            let matched: Vec<Explanation> = clauses
                .iter()
                .filter_map(|c| c.explain(reader, &self.lookups, doc))
                .collect();
            if matched.is_empty() {
                continue;
            }
            let mut group = Explanation::new_with_string(
                label.clone(),
                matched.iter().map(Explanation::value).sum(),
            );
            for e in matched {
                group.add_detail(e);
            }
            parts.push(group);
        }
        let mut out = Explanation::new("sum of", parts.iter().map(Explanation::value).sum());
        for e in parts {
            out.add_detail(e);
        }
        Ok(out)
    }
}

struct WithOptionalScorer {
    required: Box<dyn Scorer>,
    optional: Vec<Bm25Scorer>,
}

impl DocSet for WithOptionalScorer {
    fn advance(&mut self) -> DocId {
        self.required.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.required.seek(target)
    }

    fn doc(&self) -> DocId {
        self.required.doc()
    }

    fn size_hint(&self) -> u32 {
        self.required.size_hint()
    }

    fn cost(&self) -> u64 {
        self.required.cost()
    }
}

impl Scorer for WithOptionalScorer {
    fn score(&mut self) -> Score {
        let doc = self.required.doc();
        let mut score = self.required.score();
        for o in &mut self.optional {
            // Required documents only increase, so each clause moves forward.
            if at_or_after(&mut o.postings, doc) == doc {
                score += o.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument};

    use super::*;

    /// The same matches and scores as tantivy's `Must(a) + Should(b, c…)`,
    /// and an explanation that adds up to the score.
    #[test]
    fn scores_like_a_must_with_shoulds_reading_only_the_required_articles() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(50_000_000).unwrap();
        // Common words in most articles, the required one in a few: the
        // case the union handled badly, spread over several 4,096 windows.
        for i in 0..20_000u32 {
            let mut doc = TantivyDocument::new();
            let mut text = String::from("build");
            if i % 3 != 0 {
                text.push_str(" build develop");
            }
            if i % 7 == 0 {
                text.push_str(" grassroots");
            }
            doc.add_text(body, &text);
            doc.add_text(tag, if i % 1_000 == 0 { "rare" } else { "common" });
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            ))
        };
        // (word, boost)
        let optional = [
            ("build", 1.0),
            ("develop", 1.5),
            ("grassroots", 1.0),
            ("absent", 1.0),
        ];
        let clauses = |range: std::ops::Range<usize>| -> Vec<Bm25Term> {
            optional[range]
                .iter()
                .map(|&(w, boost)| Bm25Term {
                    term: Term::from_field_text(body, w),
                    boost,
                })
                .collect()
        };
        let mut tantivy_way = vec![(Occur::Must, term(tag, "rare"))];
        for &(w, boost) in &optional {
            let q: Box<dyn Query> = if boost == 1.0 {
                term(body, w)
            } else {
                Box::new(BoostQuery::new(term(body, w), boost))
            };
            tantivy_way.push((Occur::Should, q));
        }
        let tantivy_way = BooleanQuery::new(tantivy_way);
        let ours = WithOptional {
            required: term(tag, "rare"),
            groups: vec![
                ("some".to_string(), clauses(0..2)),
                ("rest".to_string(), clauses(2..4)),
            ],
            lookups: Arc::default(),
        };
        let top = TopDocs::with_limit(100).order_by_score();
        let mut expected = searcher.search(&tantivy_way, &top).unwrap();
        let mut got = searcher.search(&ours, &top).unwrap();
        assert_eq!(got.len(), 20);
        expected.sort_by_key(|(_, a)| *a);
        got.sort_by_key(|(_, a)| *a);
        // Each clause explains itself as tantivy's own query does.
        let json = |e: &Explanation| serde_json::to_value(e).unwrap();
        let tantivy_clauses: Vec<Box<dyn Query>> = optional
            .iter()
            .take(2)
            .map(|&(w, boost)| -> Box<dyn Query> {
                if boost == 1.0 {
                    term(body, w)
                } else {
                    Box::new(BoostQuery::new(term(body, w), boost))
                }
            })
            .collect();
        // An article with both words of the first group (every third lacks
        // develop).
        let first = got
            .iter()
            .map(|&(_, a)| a)
            .find(|&a| {
                tantivy_clauses
                    .iter()
                    .all(|q| q.explain(&searcher, a).is_ok())
            })
            .unwrap();
        let some = &json(&ours.explain(&searcher, first).unwrap())["details"][1];
        assert_eq!(some["description"], "some");
        for (i, q) in tantivy_clauses.iter().enumerate() {
            assert_eq!(
                some["details"][i],
                json(&q.explain(&searcher, first).unwrap())
            );
        }
        for ((want, a), (score, b)) in expected.iter().zip(&got) {
            assert_eq!(a, b);
            assert_eq!(want, score);
            let explained = ours.explain(&searcher, *b).unwrap().value();
            assert!(
                (explained - score).abs() < 1e-4,
                "{explained} against {score}"
            );
        }
        assert_eq!(searcher.search(&ours, &Count).unwrap(), 20);
        let outside = DocAddress::new(0, 1);
        assert!(ours.explain(&searcher, outside).is_err());
    }
}
