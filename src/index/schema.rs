//! The index schema. Field names live here and nowhere else.
//!
//! Title and kicker share the `heading_*` fields; the body has its own.
//! Each has a literal field (character pairs with positions, for exact
//! phrases) and a chars field (which documents hold each character, for
//! one-character searches). Jieba words (with frequencies) go into `words`
//! for the whole article, which is what word matching needs (one posting
//! list per word, not one per part), and into `heading_words` for
//! ranking headline matches higher. Column, author and tag, and the
//! people, places and organisations the article names (`person`, `place`,
//! `org`, found at ingest), are exact strings with fast fields for filters
//! and facets; `day` and `month`
//! are the date as numbers for ranges, sorting and the timeline. `origin`
//! (exact) is the file each article came from, so that re-ingesting a file
//! replaces what it held. `opening` (exact) is a body's opening when it is
//! boilerplate many bodies share.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use tantivy::store::Compressor;
use tantivy::{Index, IndexBuilder, IndexSettings};

use crate::analysis::{CHARS, LITERAL, WORDS};

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub kicker: Field,
    pub heading_words: Field,
    pub heading_lit: Field,
    pub heading_chars: Field,
    /// Title and kicker each as one number, the hash of its literal units
    /// ([`exact_heading`](crate::analysis::exact_heading)), so that a query
    /// that *is* a headline finds it before the headlines that merely
    /// contain it. A hash rather than the text: the field is a ranking
    /// signal, and the text's dictionary was 2% of the index.
    pub heading_exact: Field,
    /// The body, paragraphs joined by newlines, in the encoding of
    /// [`stored`](super::stored) (GB18030 where it round-trips).
    pub body: Field,
    /// Words of title, kicker and body.
    pub words: Field,
    pub body_lit: Field,
    pub body_chars: Field,
    /// The body's opening, as its literal units, when it is one of the
    /// index's frequent openings ([`openings`](super::openings)): exact,
    /// indexed, not stored.
    pub opening: Field,
    pub column: Field,
    pub author: Field,
    pub authors_json: Field,
    pub tag: Field,
    pub person: Field,
    pub place: Field,
    pub org: Field,
    pub day: Field,
    pub month: Field,
    pub url: Field,
    pub source: Field,
    /// The file an article was ingested from (`api` for API writes), as an
    /// exact indexed string: re-ingesting a file finds its old articles by
    /// it.
    pub origin: Field,
    /// The dateline the page reader took out of the first paragraph
    /// (stored; its text is indexed with the body).
    pub dateline: Field,
}

/// Fast-field names, used by facets and sorting.
pub const ID: &str = "id";
pub const COLUMN: &str = "column";
pub const AUTHOR: &str = "author";
pub const TAG: &str = "tag";
pub const PERSON: &str = "person";
pub const PLACE: &str = "place";
pub const ORG: &str = "org";
pub const DAY: &str = "day";
pub const MONTH: &str = "month";
pub const ORIGIN: &str = "origin";

fn analyzed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    use IndexRecordOption::{Basic, WithFreqs, WithFreqsAndPositions};
    let mut b = Schema::builder();
    let exact = STRING | STORED;
    let facet = (STRING | STORED).set_fast("raw");
    let fields = Fields {
        id: b.add_text_field(ID, exact.clone().set_fast("raw")),
        title: b.add_text_field("title", STORED),
        kicker: b.add_text_field("kicker", STORED),
        heading_words: b.add_text_field("heading_words", analyzed(WORDS, WithFreqs)),
        heading_lit: b.add_text_field("heading_lit", analyzed(LITERAL, WithFreqsAndPositions)),
        heading_chars: b.add_text_field("heading_chars", analyzed(CHARS, Basic)),
        heading_exact: b.add_u64_field("heading_exact", INDEXED),
        body: b.add_bytes_field("body", STORED),
        words: b.add_text_field("words", analyzed(WORDS, WithFreqs)),
        body_lit: b.add_text_field("body_lit", analyzed(LITERAL, WithFreqsAndPositions)),
        body_chars: b.add_text_field("body_chars", analyzed(CHARS, Basic)),
        opening: b.add_text_field("opening", STRING),
        column: b.add_text_field(COLUMN, facet.clone()),
        author: b.add_text_field(AUTHOR, STRING.set_fast("raw")),
        authors_json: b.add_text_field("authors", STORED),
        tag: b.add_text_field(TAG, facet),
        person: b.add_text_field(PERSON, STRING.set_fast("raw")),
        place: b.add_text_field(PLACE, STRING.set_fast("raw")),
        org: b.add_text_field(ORG, STRING.set_fast("raw")),
        day: b.add_i64_field(DAY, INDEXED | FAST | STORED),
        month: b.add_i64_field(MONTH, FAST),
        url: b.add_text_field("url", STORED),
        source: b.add_text_field("source", STORED),
        origin: b.add_text_field(ORIGIN, exact),
        dateline: b.add_text_field("dateline", STORED),
    };
    (b.build(), fields)
}

/// Size of a block of the document store.
pub const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// An index builder with the schema and the index settings.
///
/// Stored documents are compressed with lz4 in 4 KiB blocks: every hit
/// decompresses its whole block, so a block holds a few articles rather
/// than tantivy's default of 16 KiB. tantivy's zstd made the store about a
/// fifth smaller, but every hit set up a fresh decompressor and searches
/// were 15–20% slower; the bodies, most of the store, are compressed one
/// by one against a dictionary instead ([`stored`](super::stored)).
pub fn builder() -> IndexBuilder {
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    Index::builder().schema(build().0).settings(settings)
}

impl Fields {
    /// The handles for an existing index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(ID)?,
            title: f("title")?,
            kicker: f("kicker")?,
            heading_words: f("heading_words")?,
            heading_lit: f("heading_lit")?,
            heading_chars: f("heading_chars")?,
            heading_exact: f("heading_exact")?,
            body: f("body")?,
            words: f("words")?,
            body_lit: f("body_lit")?,
            body_chars: f("body_chars")?,
            opening: f("opening")?,
            column: f(COLUMN)?,
            author: f(AUTHOR)?,
            authors_json: f("authors")?,
            tag: f(TAG)?,
            person: f(PERSON)?,
            place: f(PLACE)?,
            org: f(ORG)?,
            day: f(DAY)?,
            month: f(MONTH)?,
            url: f("url")?,
            source: f("source")?,
            origin: f(ORIGIN)?,
            dateline: f("dateline")?,
        })
    }
}
