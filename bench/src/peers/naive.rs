//! The naive setup: tantivy with tantivy-jieba in its default
//! configuration (our user dictionary loaded), one text field, the stock
//! `QueryParser` (lenient) and `SnippetGenerator`.

use std::cell::Cell;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{PreTokenizedStream, PreTokenizedString, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, TantivyDocument};
use tantivy_jieba::JiebaTokenizer;

use super::{Peer, PeerHit};
use crate::error::{Error, Result};
use dangjian::Article;

pub struct Naive {
    /// Searches whose stock snippet generation panicked.
    pub snippet_panics: Cell<u64>,
    index: Index,
    reader: IndexReader,
    id: Field,
    text: Field,
}

impl Naive {
    /// Indexes `articles` into a fresh `dir` with the user dictionary at
    /// `dict`; returns the peer and seconds.
    pub fn build(
        articles: impl Iterator<Item = Article>,
        dict: &Path,
        dir: &Path,
    ) -> Result<(Naive, f64)> {
        let started = Instant::now();
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED | FAST);
        let options = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("jieba")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let text = b.add_text_field("text", options);
        let index = Index::create_in_dir(dir, b.build())?;
        let jieba = super::jieba::with_user_dict(dict)?;
        let tokenizer = JiebaTokenizer::with_jieba(jieba);
        index.tokenizers().register("jieba", tokenizer.clone());
        let mut writer = index.writer::<TantivyDocument>(400_000_000)?;
        for a in articles {
            let mut doc = TantivyDocument::new();
            doc.add_text(id, &a.id);
            doc.add_text(text, format!("{}\n{}", a.title, a.body_text()));
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        // tantivy clones a tokenizer each time one is asked for, and a
        // `JiebaTokenizer` with its own dictionary copies the whole
        // dictionary when cloned (about 0.15 s): fine once per indexing
        // thread, not twice per query. Queries share one.
        index
            .tokenizers()
            .register("jieba", Shared(Arc::new(Mutex::new(tokenizer))));
        let reader = index.reader()?;
        let seconds = started.elapsed().as_secs_f64();
        Ok((
            Naive {
                snippet_panics: Cell::new(0),
                index,
                reader,
                id,
                text,
            },
            seconds,
        ))
    }
}

/// Runs `f` with panic messages kept off the terminal: the stock snippet
/// generator panics on some hits, and the peer counts those instead.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = f();
    std::panic::set_hook(prev);
    out
}

/// One `JiebaTokenizer` behind a lock, so that a clone is cheap; its
/// tokens are copied out under the lock.
#[derive(Clone)]
struct Shared(Arc<Mutex<JiebaTokenizer>>);

impl Tokenizer for Shared {
    type TokenStream<'a> = PreTokenizedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        let mut tokenizer = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        PreTokenizedStream::from(PreTokenizedString {
            text: text.to_string(),
            tokens,
        })
    }
}

impl Naive {
    /// The ids of the top `limit` articles for `q`, best first: the
    /// ranking a relevance evaluation scores.
    pub fn ranked(&self, q: &str, limit: usize) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.text]);
        let (query, _errors) = parser.parse_query_lenient(q);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(self.id).and_then(|v| {
                use tantivy::schema::Value;
                v.as_str().map(str::to_string)
            }) {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

impl Peer for Naive {
    fn name(&self) -> &'static str {
        "tantivy + tantivy-jieba (naive)"
    }

    fn substring(&self) -> bool {
        false
    }

    fn search(&self, q: &str) -> Result<PeerHit> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.text]);
        let (query, _errors) = parser.parse_query_lenient(q);
        let (top, total) =
            searcher.search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.text)?;
        snippets.set_max_num_chars(240);
        let mut top_ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            // The stock highlighter panics on some overlapping jieba tokens
            // (an offset underflow in `Snippet::to_html`, and with overflow
            // checks in fragment selection too); count those.
            let html = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                snippets.snippet_from_doc(&doc).to_html()
            }));
            if html.is_err() {
                self.snippet_panics.set(self.snippet_panics.get() + 1);
            }
            if let Some(id) = doc.get_first(self.id).and_then(|v| {
                use tantivy::schema::Value;
                v.as_str().map(str::to_string)
            }) {
                top_ids.push(id);
            }
        }
        Ok(PeerHit {
            total: total as u64,
            top_ids,
        })
    }

    fn ids(&self, q: &str) -> Result<HashSet<String>> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.text]);
        let (query, _errors) = parser.parse_query_lenient(q);
        let docs = searcher.search(&query, &DocSetCollector)?;
        let mut out = HashSet::with_capacity(docs.len());
        let mut s = String::new();
        for address in docs {
            let segment = searcher.segment_reader(address.segment_ord);
            if let Some(col) = segment.fast_fields().str("id")? {
                for ord in col.term_ords(address.doc_id) {
                    if col.ord_to_str(ord, &mut s).unwrap_or(false) {
                        out.insert(s.clone());
                    }
                }
            }
        }
        Ok(out)
    }
}
