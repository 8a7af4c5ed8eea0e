//! [`ArticleDoc`]: the document an upsert hands to tantivy, holding each
//! text once however many fields index it.
//!
//! An article's body is indexed by three fields (`words`, `body_lit`,
//! `body_chars`) and its title by five. tantivy's own document copies the
//! text into every field, and its writer queues up to 10,000 documents for
//! its indexing threads: about 5 KB a document of the xwlb archive, up to
//! 50 MB for a full queue. This one keeps every text once and lists the
//! fields that read it; tantivy indexes and stores any [`Document`]
//! without copying it. Ingesting the archive, two runs each: peak memory
//! 834 and 841 → 808 and 808 MB, CPU time about 5% less.

use std::iter::Empty;

use tantivy::schema::Field;
use tantivy::schema::document::{Document, ReferenceValue, ReferenceValueLeaf, Value};

/// A document built field by field, in the order values are added (the
/// order tantivy indexes and stores them).
#[derive(Debug, Default)]
pub struct ArticleDoc {
    texts: Vec<String>,
    bytes: Vec<Vec<u8>>,
    values: Vec<(Field, Slot)>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Text(usize),
    Bytes(usize),
    U64(u64),
    I64(i64),
}

/// A text added once, to be given to fields with [`ArticleDoc::add_text_to`].
#[derive(Debug, Clone, Copy)]
pub struct TextRef(usize);

impl ArticleDoc {
    pub fn new() -> ArticleDoc {
        ArticleDoc::default()
    }

    /// Keeps `text` once, for the fields given it with
    /// [`add_text_to`](Self::add_text_to).
    pub fn text(&mut self, text: String) -> TextRef {
        self.texts.push(text);
        TextRef(self.texts.len() - 1)
    }

    /// Gives the text to `field`.
    pub fn add_text_to(&mut self, field: Field, text: TextRef) {
        self.values.push((field, Slot::Text(text.0)));
    }

    /// A text for one field only.
    pub fn add_text(&mut self, field: Field, text: &str) {
        let text = self.text(text.to_string());
        self.add_text_to(field, text);
    }

    pub fn add_bytes(&mut self, field: Field, bytes: Vec<u8>) {
        self.bytes.push(bytes);
        self.values.push((field, Slot::Bytes(self.bytes.len() - 1)));
    }

    pub fn add_u64(&mut self, field: Field, value: u64) {
        self.values.push((field, Slot::U64(value)));
    }

    pub fn add_i64(&mut self, field: Field, value: i64) {
        self.values.push((field, Slot::I64(value)));
    }

    fn leaf(&self, slot: Slot) -> Leaf<'_> {
        match slot {
            Slot::Text(i) => Leaf::Str(&self.texts[i]),
            Slot::Bytes(i) => Leaf::Bytes(&self.bytes[i]),
            Slot::U64(v) => Leaf::U64(v),
            Slot::I64(v) => Leaf::I64(v),
        }
    }
}

/// A value of an [`ArticleDoc`], borrowed from it.
#[derive(Debug, Clone, Copy)]
pub enum Leaf<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
    U64(u64),
    I64(i64),
}

impl<'a> Value<'a> for Leaf<'a> {
    type ArrayIter = Empty<Leaf<'a>>;
    type ObjectIter = Empty<(&'a str, Leaf<'a>)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            Leaf::Str(s) => ReferenceValueLeaf::Str(s),
            Leaf::Bytes(b) => ReferenceValueLeaf::Bytes(b),
            Leaf::U64(v) => ReferenceValueLeaf::U64(v),
            Leaf::I64(v) => ReferenceValueLeaf::I64(v),
        })
    }
}

/// The fields and values of an [`ArticleDoc`], in the order added.
pub struct FieldValues<'a> {
    doc: &'a ArticleDoc,
    values: std::slice::Iter<'a, (Field, Slot)>,
}

impl<'a> Iterator for FieldValues<'a> {
    type Item = (Field, Leaf<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let &(field, slot) = self.values.next()?;
        Some((field, self.doc.leaf(slot)))
    }
}

impl Document for ArticleDoc {
    type Value<'a> = Leaf<'a>;
    type FieldsValuesIter<'a> = FieldValues<'a>;

    fn iter_fields_and_values(&self) -> FieldValues<'_> {
        FieldValues {
            doc: self,
            values: self.values.iter(),
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, STORED, STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    use super::*;

    /// Indexed and stored as tantivy's own document with the same values.
    #[test]
    fn indexes_and_stores_like_tantivys_document() {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let a = b.add_text_field("a", TEXT | STORED);
        let c = b.add_text_field("c", TEXT);
        let raw = b.add_bytes_field("raw", STORED);
        let n = b.add_u64_field("n", STORED);
        let i = b.add_i64_field("i", STORED);
        let index = Index::create_in_ram(b.build());

        let mut ours = ArticleDoc::new();
        ours.add_text(id, "ours");
        let shared = ours.text("shared words here".to_string());
        ours.add_text_to(a, shared);
        ours.add_text_to(c, shared);
        ours.add_text_to(a, shared);
        ours.add_bytes(raw, vec![0, 1, 2]);
        ours.add_u64(n, 7);
        ours.add_i64(i, -3);
        let mut theirs = TantivyDocument::new();
        theirs.add_text(id, "theirs");
        for f in [a, c, a] {
            theirs.add_text(f, "shared words here");
        }
        theirs.add_bytes(raw, &[0u8, 1, 2][..]);
        theirs.add_u64(n, 7);
        theirs.add_i64(i, -3);

        let mut writer: IndexWriter<ArticleDoc> = index.writer(15_000_000).unwrap();
        writer.add_document(ours).unwrap();
        writer.commit().unwrap();
        drop(writer);
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer.add_document(theirs).unwrap();
        writer.commit().unwrap();
        drop(writer);

        let searcher = index.reader().unwrap().searcher();
        let query = TermQuery::new(
            Term::from_field_text(c, "words"),
            IndexRecordOption::WithFreqsAndPositions,
        );
        let hits = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        assert_eq!(hits.len(), 2);
        // The same score: the same term frequencies and field lengths.
        assert_eq!(hits[0].0, hits[1].0);
        let mut stored: Vec<String> = hits
            .iter()
            .map(|&(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                let json = doc.to_json(&index.schema());
                json.replace("\"theirs\"", "ID").replace("\"ours\"", "ID")
            })
            .collect();
        stored.dedup();
        assert_eq!(stored.len(), 1, "{stored:?}");
    }
}
