//! The word analyzer: jieba in search mode over normalized text.
//!
//! Search mode emits a long word and the dictionary words inside it
//! (集体经济 → 集体, 经济, 集体经济), so a query for a part finds the whole.
//! The word fields keep frequencies but no positions: phrases and proximity
//! are the literal fields' job.

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
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        let normalized = normalize(text);
        // Reuse the tokens (and their strings) of the previous text.
        let mut n = 0;
        for t in self.jieba.cut_for_search(&normalized, true) {
            if !is_word(t.word) {
                continue;
            }
            if n == self.tokens.len() {
                self.tokens.push(Token::default());
            }
            let token = &mut self.tokens[n];
            token.text.clear();
            token.text.push_str(t.word);
            token.offset_from = t.byte_start;
            token.offset_to = t.byte_end;
            token.position = t.start;
            token.position_length = 1;
            n += 1;
        }
        // Search mode emits the parts of a word before the word itself, so
        // positions are not in order: the word fields keep no positions.
        WordStream {
            tokens: &mut self.tokens[..n],
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
