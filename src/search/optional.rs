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

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Matches what `required` matches; scores its score plus that of each
/// optional clause matching the same article. Optional clauses come in
/// labelled groups, which `explain` shows as one line each.
pub struct WithOptional {
    pub required: Box<dyn Query>,
    pub groups: Vec<(String, Vec<Box<dyn Query>>)>,
}

impl Clone for WithOptional {
    fn clone(&self) -> Self {
        WithOptional {
            required: self.required.box_clone(),
            groups: self
                .groups
                .iter()
                .map(|(label, qs)| (label.clone(), qs.iter().map(|q| q.box_clone()).collect()))
                .collect(),
        }
    }
}

impl fmt::Debug for WithOptional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WithOptional({:?}", self.required)?;
        for (label, qs) in &self.groups {
            write!(f, ", {label:?}: {qs:?}")?;
        }
        write!(f, ")")
    }
}

impl Query for WithOptional {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let required = self.required.weight(enable_scoring)?;
        let groups = if enable_scoring.is_scoring_enabled() {
            self.groups
                .iter()
                .map(|(label, qs)| {
                    let weights = qs
                        .iter()
                        .map(|q| q.weight(enable_scoring))
                        .collect::<tantivy::Result<Vec<_>>>()?;
                    Ok((label.clone(), weights))
                })
                .collect::<tantivy::Result<Vec<_>>>()?
        } else {
            // Optional clauses change scores only.
            Vec::new()
        };
        Ok(Box::new(WithOptionalWeight { required, groups }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for (_, qs) in &self.groups {
            for q in qs {
                q.query_terms(visitor);
            }
        }
    }
}

struct WithOptionalWeight {
    required: Box<dyn Weight>,
    groups: Vec<(String, Vec<Box<dyn Weight>>)>,
}

impl Weight for WithOptionalWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let required = self.required.scorer(reader, boost)?;
        let mut optional = Vec::new();
        for (_, weights) in &self.groups {
            for w in weights {
                let scorer = w.scorer(reader, boost)?;
                if scorer.doc() != TERMINATED {
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
        for (label, weights) in &self.groups {
            // A clause that does not match `doc` explains with an error.
            let matched: Vec<Explanation> = weights
                .iter()
                .filter_map(|w| w.explain(reader, doc).ok())
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
    optional: Vec<Box<dyn Scorer>>,
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
            if o.doc() < doc {
                o.seek(doc);
            }
            if o.doc() == doc {
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
        let optional = || -> Vec<Box<dyn Query>> {
            vec![
                term(body, "build"),
                Box::new(BoostQuery::new(term(body, "develop"), 1.5)),
                term(body, "grassroots"),
                term(body, "absent"),
            ]
        };
        let mut tantivy_way = vec![(Occur::Must, term(tag, "rare"))];
        tantivy_way.extend(optional().into_iter().map(|q| (Occur::Should, q)));
        let tantivy_way = BooleanQuery::new(tantivy_way);
        let ours = WithOptional {
            required: term(tag, "rare"),
            groups: vec![
                ("some".to_string(), optional().into_iter().take(2).collect()),
                ("rest".to_string(), optional().into_iter().skip(2).collect()),
            ],
        };
        let top = TopDocs::with_limit(100).order_by_score();
        let mut expected = searcher.search(&tantivy_way, &top).unwrap();
        let mut got = searcher.search(&ours, &top).unwrap();
        assert_eq!(got.len(), 20);
        expected.sort_by_key(|(_, a)| *a);
        got.sort_by_key(|(_, a)| *a);
        for ((want, a), (score, b)) in expected.iter().zip(&got) {
            assert_eq!(a, b);
            assert!((want - score).abs() < 1e-4, "{want} against {score}");
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
