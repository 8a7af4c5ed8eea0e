//! The [`Analyzer`]: jieba with the user dictionary, shared by the index
//! (through the registered tokenizers) and the query side.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::Index;

use super::{
    CHARS, Entities, Fingerprint, LITERAL, LiteralTokenizer, WORDS, WordTokenizer, entities,
    normalize, words::is_word,
};
use crate::article::Article;
use crate::error::{Error, Result};

/// Jieba with the project's dictionary: cheap to clone.
#[derive(Clone)]
pub struct Analyzer {
    jieba: Arc<Jieba>,
    fingerprint: Arc<Fingerprint>,
    /// The part-of-speech tags of the user dictionary, by normalized word:
    /// jieba keeps its own tag for a word it already knows (正蓝旗 `nr`).
    user_tags: Arc<HashMap<String, String>>,
}

/// Reads a user dictionary: one term per line, optionally followed by a
/// frequency and a part-of-speech tag. Blank lines and `#` comments are
/// skipped.
pub fn load_user_dict(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.to_string())
        .collect())
}

impl Analyzer {
    /// Jieba's default dictionary plus `entries` (lines of a user
    /// dictionary: `term [freq [tag]]`).
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Self {
        let mut jieba = Jieba::new();
        let mut user_tags = HashMap::new();
        for entry in entries {
            let mut parts = entry.as_ref().split_whitespace();
            let Some(word) = parts.next() else { continue };
            let freq = parts.next().and_then(|f| f.parse().ok());
            let tag = parts.next();
            let word = normalize(word);
            jieba.add_word(&word, freq, tag);
            if let Some(tag) = tag {
                user_tags.insert(word, tag.to_string());
            }
        }
        Analyzer {
            jieba: Arc::new(jieba),
            fingerprint: Arc::new(Fingerprint::new(entries)),
            user_tags: Arc::new(user_tags),
        }
    }

    /// What this analyzer makes terms with: recorded by every commit.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// The analyzer for a user dictionary file, or the default one when the
    /// file does not exist.
    pub fn from_dict_file(path: &Path) -> Result<Self> {
        if path.exists() {
            Ok(Analyzer::new(&load_user_dict(path)?))
        } else {
            Ok(Analyzer::new::<&str>(&[]))
        }
    }

    /// Registers the word and literal tokenizers on `index`. Tantivy keeps
    /// only their names in the schema, so this is needed on every open.
    pub fn register(&self, index: &Index) {
        index
            .tokenizers()
            .register(WORDS, WordTokenizer::new(self.jieba.clone()));
        index
            .tokenizers()
            .register(LITERAL, LiteralTokenizer::pairs());
        index
            .tokenizers()
            .register(CHARS, LiteralTokenizer::chars());
    }

    /// The words of a query term, as jieba segments it on its own:
    /// normalized, punctuation dropped, duplicates removed.
    pub fn query_words(&self, text: &str) -> Vec<String> {
        let normalized = normalize(text);
        let mut words: Vec<String> = Vec::new();
        for t in self.jieba.cut(&normalized, true) {
            let w = t.word.trim();
            if is_word(w) && !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        words
    }

    /// The people, places and organisations named in `article` (its
    /// authors left out): [`entities`](super::entities).
    pub fn entities(&self, article: &Article) -> Entities {
        let mut text = article.title.clone();
        if let Some(kicker) = &article.kicker {
            text.push('\n');
            text.push_str(kicker);
        }
        for paragraph in &article.body {
            text.push('\n');
            text.push_str(paragraph);
        }
        let authors: Vec<&str> = article.authors.iter().map(|a| a.name.as_str()).collect();
        entities::extract(&self.jieba, &self.user_tags, &text, &authors)
    }
}
