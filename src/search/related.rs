//! Related coverage: the articles most like a given one, for a reporter
//! writing a follow-up ("what else did we run on this?").
//!
//! Built on tantivy's [`MoreLikeThisQuery`] over the jieba words: the
//! article's own text is analyzed again (the word fields keep no stored
//! copy), its most telling words (frequent in it, rare in the archive) become
//! a weighted OR query, and the headline's words get a second, stronger
//! query of their own, because a recurring topic (时代楷模, 高标准农田)
//! names itself in the headline. The article itself is excluded.
//!
//! A re-run of the same headline is allowed but ranked after the distinct
//! stories: readers want the other stories of the topic first.

use std::time::Instant;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::{TantivyDocument, Term};

use super::request::Hit;
use super::snippet::escape;
use crate::analysis::folded_letters;
use crate::error::{Error, Result};
use crate::index::Archive;

/// Related articles listed when the caller does not say.
pub const DEFAULT_RELATED: usize = 5;
/// Most related articles one request may ask for.
pub const MAX_RELATED: usize = 20;

/// Words of the whole article that make its query.
const BODY_TERMS: usize = 30;
/// Words of the headline that make its query.
const HEADING_TERMS: usize = 12;
/// The headline query counts this much more than the body query.
const HEADING_BOOST: f32 = 2.0;
/// A word in more than this share of the archive says nothing about a
/// topic (新闻联播, 记者, 报道)...
const MAX_DOC_SHARE: f64 = 0.05;
/// ...unless the archive is so small that a topic is a large share of it.
const MIN_MAX_DOC_FREQ: u64 = 20;
/// Shortest word, in bytes: two CJK characters (one-character words are
/// function words and fragments).
const MIN_WORD_BYTES: usize = 6;
/// Candidates fetched per requested article, so that near-duplicates can be
/// moved down without running short.
const CANDIDATES_PER_HIT: usize = 3;

/// The answer of [`related`].
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RelatedResponse {
    /// The article the others are related to.
    pub id: String,
    pub took_ms: f64,
    /// Most related first; hits have no snippets.
    pub hits: Vec<Hit>,
}

/// The `limit` articles most like the one with `id`, never itself.
pub fn related(archive: &Archive, id: &str, limit: usize) -> Result<RelatedResponse> {
    let started = Instant::now();
    if !(1..=MAX_RELATED).contains(&limit) {
        return Err(Error::InvalidParameter {
            code: "invalid_limit",
            message: format!("limit must be 1 to {MAX_RELATED}"),
        });
    }
    let searcher = archive.reader().searcher();
    let address = archive
        .address_of(id)?
        .ok_or_else(|| Error::NotFound(id.to_string()))?;
    let doc: TantivyDocument = searcher.doc(address)?;
    let source = archive.article_head(&doc);
    let body = archive.stored_body(&doc).unwrap_or_default();

    let f = archive.fields();
    let heading = format!(
        "{}\n{}",
        source.title,
        source.kicker.as_deref().unwrap_or_default()
    );
    let max_df = ((searcher.num_docs() as f64 * MAX_DOC_SHARE) as u64).max(MIN_MAX_DOC_FREQ);
    let text = |s: &str| vec![OwnedValue::Str(s.to_string())];
    let like =
        |field: Field, values: Vec<OwnedValue>, terms: usize, min_tf: usize| -> Box<dyn Query> {
            Box::new(
                MoreLikeThisQuery::builder()
                    .with_min_doc_frequency(2)
                    .with_max_doc_frequency(max_df)
                    .with_min_term_frequency(min_tf)
                    .with_min_word_length(MIN_WORD_BYTES)
                    .with_max_query_terms(terms)
                    .with_document_fields(vec![(field, values)]),
            )
        };
    let mut whole = text(&heading);
    whole.push(OwnedValue::Str(body));
    let query = BooleanQuery::new(vec![
        (Occur::Should, like(f.words, whole, BODY_TERMS, 2)),
        (
            Occur::Should,
            Box::new(BoostQuery::new(
                like(f.heading_words, text(&heading), HEADING_TERMS, 1),
                HEADING_BOOST,
            )),
        ),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(f.id, &source.id),
                IndexRecordOption::Basic,
            )),
        ),
    ]);
    let fetched = limit * CANDIDATES_PER_HIT + 5;
    let top = match searcher.search(&query, &TopDocs::with_limit(fetched).order_by_score()) {
        Ok(top) => top,
        // An article with no telling word (empty, or every word too rare
        // or too common) has no related coverage.
        Err(tantivy::TantivyError::InvalidArgument(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };

    let mut seen = vec![headline_key(&source.title)];
    let (mut distinct, mut repeats) = (Vec::new(), Vec::new());
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let a = archive.article_head(&doc);
        let key = headline_key(&a.title);
        let hit = Hit {
            title_html: escape(&a.title),
            snippets: Vec::new(),
            id: a.id,
            title: a.title,
            kicker: a.kicker,
            date: a.date,
            column: a.column,
            authors: a.authors,
            tags: a.tags,
            score,
            explain: None,
        };
        if seen.contains(&key) {
            repeats.push(hit);
        } else {
            seen.push(key);
            distinct.push(hit);
        }
    }
    distinct.extend(repeats);
    distinct.truncate(limit);
    Ok(RelatedResponse {
        id: source.id,
        took_ms: started.elapsed().as_secs_f64() * 1e3,
        hits: distinct,
    })
}

/// What makes two headlines "the same story re-run": the same letters and
/// ideographs, whatever the punctuation, spacing and width.
fn headline_key(title: &str) -> String {
    folded_letters(title)
}

#[cfg(test)]
mod tests {
    use super::headline_key;

    #[test]
    fn reruns_share_a_headline_key() {
        assert_eq!(
            headline_key("【时代楷模】张桂梅：“燃灯”校长"),
            headline_key("【时代楷模】 张桂梅 “燃灯”校长")
        );
        assert_ne!(headline_key("高标准农田"), headline_key("高标准农田建设"));
    }
}
