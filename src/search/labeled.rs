//! A query wrapper that names a part of the ranking formula, so that
//! `explain` says "term 社区 › verbatim" instead of tantivy's bare
//! "BooleanClause" and "Const". It changes neither matching nor scores.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader, Term};

/// `inner`, labelled for explanations.
pub struct Labeled {
    label: String,
    inner: Box<dyn Query>,
}

impl Labeled {
    pub fn boxed(label: &str, inner: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(Labeled {
            label: label.to_string(),
            inner,
        })
    }
}

impl Clone for Labeled {
    fn clone(&self) -> Self {
        Labeled {
            label: self.label.clone(),
            inner: self.inner.box_clone(),
        }
    }
}

impl fmt::Debug for Labeled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Labeled({:?}, {:?})", self.label, self.inner)
    }
}

impl Query for Labeled {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LabeledWeight {
            label: self.label.clone(),
            inner: self.inner.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct LabeledWeight {
    label: String,
    inner: Box<dyn Weight>,
}

impl Weight for LabeledWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.inner.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut out = Explanation::new_with_string(self.label.clone(), inner.value());
        out.add_detail(inner);
        Ok(out)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.inner.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.inner.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.inner.for_each_pruning(threshold, reader, callback)
    }
}
