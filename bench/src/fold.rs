//! The ground truth's own folding, written apart from the engine's
//! normalizer so that a bug there cannot hide in the truth too.
//!
//! The definition, all of it: a text contains a query when `fold(text)`
//! contains `fold(query)` as a substring, where `fold` maps each character
//!
//! - full-width ASCII forms (U+FF01–U+FF5E) to ASCII, then A–Z to a–z;
//! - traditional characters to simplified by OpenCC's `t2s` conversion of
//!   that character alone (its character table; no phrase rule can apply
//!   to one character);
//! - every whitespace character (U+3000 included) to a space,
//!
//! then makes each run of spaces one space and trims the ends.

use std::collections::HashMap;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// The folding, with the traditional → simplified table of the characters
/// it has met.
pub struct Fold {
    opencc: OpenCC,
    simplified: HashMap<char, char>,
}

impl Fold {
    pub fn new() -> Fold {
        Fold {
            opencc: OpenCC::from_config(BuiltinConfig::T2s)
                .expect("ferrous-opencc's embedded t2s configuration loads"),
            simplified: HashMap::new(),
        }
    }

    /// `text` folded (see the module doc).
    pub fn fold(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        for c in text.chars() {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(self.simplify(c.to_ascii_lowercase()));
        }
        out
    }

    fn simplify(&mut self, c: char) -> char {
        if c.is_ascii() {
            return c;
        }
        let opencc = &self.opencc;
        *self.simplified.entry(c).or_insert_with(|| {
            let s = opencc.convert(&c.to_string());
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        })
    }
}

impl Default for Fold {
    fn default() -> Self {
        Fold::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_case_traditional_and_spaces_fold() {
        let mut f = Fold::new();
        assert_eq!(f.fold("  ＡＰＥＣ\u{3000}\r\n 會議 "), "apec 会议");
        assert_eq!(f.fold("黨建"), "党建");
        assert_eq!(f.fold("“党建”，２０２３年"), "“党建”,2023年");
    }
}
