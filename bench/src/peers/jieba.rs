//! The jieba the word-segmenting peers use: jieba's default dictionary
//! plus our user dictionary's entries, as a developer would load it.

use std::path::Path;

use jieba_rs::Jieba;

use crate::error::Result;

/// Jieba with the user dictionary at `dict` (each `term [freq [tag]]`).
pub fn with_user_dict(dict: &Path) -> Result<Jieba> {
    let mut jieba = Jieba::new();
    for entry in dangjian::analysis::load_user_dict(dict)? {
        let mut parts = entry.split_whitespace();
        let Some(word) = parts.next() else { continue };
        let freq = parts.next().and_then(|f| f.parse().ok());
        jieba.add_word(word, freq, parts.next());
    }
    Ok(jieba)
}
