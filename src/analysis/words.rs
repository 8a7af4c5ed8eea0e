//! The word analyzer: jieba in search mode over normalized text.
//!
//! Search mode emits a long word and the dictionary words inside it
//! (集体经济 → 集体, 经济, 集体经济), so a query for a part finds the whole.
//! Positions are character offsets, so a sloppy phrase over words measures
//! proximity in characters.

use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize;

/// True for a token worth indexing: it has a letter, digit or ideograph.
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Tantivy tokenizer for the word fields.
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Arc<Jieba>,
    tokens: Vec<Token>,
}

impl WordTokenizer {
    pub(crate) fn new(jieba: Arc<Jieba>) -> Self {
        WordTokenizer {
            jieba,
            tokens: Vec::new(),
        }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        let normalized = normalize(text);
        self.tokens.clear();
        for t in self.jieba.cut_for_search(&normalized, true) {
            if is_word(t.word) {
                self.tokens.push(Token {
                    offset_from: t.byte_start,
                    offset_to: t.byte_end,
                    position: t.start,
                    text: t.word.to_string(),
                    position_length: 1,
                });
            }
        }
        // Search mode emits the parts of a word before the word itself;
        // tantivy wants positions in order.
        self.tokens
            .sort_by_key(|t| (t.position, t.offset_to - t.offset_from));
        WordStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
