//! Text analysis: how Chinese text becomes index terms.
//!
//! Two analyzers see every title and body:
//!
//! - [`WordTokenizer`] segments with jieba in search mode, so 集体 finds
//!   集体经济 and 头雁 finds 头雁工程. It is what ranking is built on.
//! - [`LiteralTokenizer`] emits every pair of adjacent characters with its
//!   position (and, for a second field, every character). A phrase of those
//!   pairs matches exactly the texts that contain a string verbatim,
//!   whatever jieba did with it in context (宝日呼吉尔 inside
//!   霍林郭勒市宝日呼吉尔街道).
//!
//! Both first apply [`normalize`], and so does the query side: the same text
//! always yields the same terms.
//!
//! ```
//! use dangjian::analysis::{normalize, Analyzer};
//! assert_eq!(normalize("ＤＩＹ手工坊２０２３年"), "diy手工坊2023年");
//! let analyzer = Analyzer::new(&["宝日呼吉尔"]);
//! assert_eq!(analyzer.query_words("宝日呼吉尔"), vec!["宝日呼吉尔"]);
//! ```

mod analyzer;
pub mod entities;
mod fingerprint;
mod literal;
mod normalize;
mod t2s;
mod words;

pub use analyzer::{Analyzer, load_user_dict};
pub use entities::Entities;
pub use fingerprint::{Fingerprint, JIEBA_DICT, dict_hash};
pub use literal::{LiteralTokenizer, exact_heading, literal_plan, literal_units};
pub use normalize::{
    NORMALIZER_VERSION, Normalized, folded_letters, normalize, normalize_char, normalize_chars,
};
pub use words::WordTokenizer;

/// The name the word tokenizer is registered under in tantivy.
pub const WORDS: &str = "jieba_words";
/// The name the character-pair tokenizer is registered under in tantivy.
pub const LITERAL: &str = "literal_pairs";
/// The name the single-character tokenizer is registered under in tantivy.
pub const CHARS: &str = "literal_chars";
