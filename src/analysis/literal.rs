//! The literal analyzers: character pairs with positions, and characters.
//!
//! The text is normalized ([`super::normalize`]): folded, and every run of
//! whitespace one space.
//! Each remaining character is a *unit* at position `i`. The pair tokenizer
//! emits the pair of units `i, i+1` at position `i`; a string of `n ≥ 2`
//! units is then found exactly by a phrase of pairs that covers every unit
//! (see [`literal_plan`]). The char tokenizer emits each distinct unit that
//! is not a space, once: its field keeps only which documents hold a
//! character (no frequencies, no positions), which is all a one-character
//! search needs.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::normalize_to_vec;

/// Normalized units of `text`: the folded characters ([`normalize`](super::normalize)),
/// whose whitespace runs are one space and whose ends are trimmed.
pub fn literal_units(text: &str) -> Vec<char> {
    normalize_to_vec(text)
}

/// The number a headline is indexed under, and a query looked up as, to
/// find the headlines that are exactly the query: the FNV-1a hash of its
/// literal units (stable across builds and platforms).
pub fn exact_heading(text: &str) -> u64 {
    use std::hash::Hasher;
    let units: String = literal_units(text).into_iter().collect();
    let mut h = fnv::FnvHasher::default();
    h.write(units.as_bytes());
    h.finish()
}

/// The terms, with their offsets, of a phrase that matches exactly the texts
/// containing `units` verbatim. Empty for an empty string.
pub fn literal_plan(units: &[char]) -> Vec<(usize, String)> {
    match units.len() {
        0 => Vec::new(),
        1 => vec![(0, units[0].to_string())],
        n => {
            let mut starts: Vec<usize> = (0..n - 1).step_by(2).collect();
            if starts.last().is_some_and(|&s| s + 1 < n - 1) {
                starts.push(n - 2);
            }
            starts
                .into_iter()
                .map(|s| (s, units[s..s + 2].iter().collect()))
                .collect()
        }
    }
}

/// Tantivy tokenizer for the literal fields: pairs, or single characters.
#[derive(Clone, Default)]
pub struct LiteralTokenizer {
    units: Vec<char>,
    chars: bool,
    /// The characters of the Basic Multilingual Plane already emitted
    /// for the current text, one bit each (chars mode).
    seen: Vec<u64>,
}

impl LiteralTokenizer {
    /// Emits the pairs of adjacent units, with positions.
    pub fn pairs() -> Self {
        LiteralTokenizer::default()
    }

    /// Emits each distinct non-space unit, once.
    pub fn chars() -> Self {
        LiteralTokenizer {
            units: Vec::new(),
            chars: true,
            seen: vec![0; 0x10000 / 64],
        }
    }

    /// Keeps the first occurrence of each unit that is not a space. A
    /// field of characters records only which articles hold one, so a
    /// repeat would cost the indexer a lookup for nothing (an article of
    /// 1,600 characters has about 600 distinct ones).
    fn distinct_units(&mut self) {
        let mut rare: Vec<char> = Vec::new();
        let seen = &mut self.seen;
        self.units.retain(|&c| {
            if c == ' ' {
                return false;
            }
            let code = c as usize;
            match seen.get_mut(code / 64) {
                Some(word) => {
                    let bit = 1u64 << (code % 64);
                    let new = *word & bit == 0;
                    *word |= bit;
                    new
                }
                None if rare.contains(&c) => false,
                None => {
                    rare.push(c);
                    true
                }
            }
        });
        for &c in &self.units {
            if let Some(word) = self.seen.get_mut(c as usize / 64) {
                *word = 0;
            }
        }
    }
}

/// The token stream of [`LiteralTokenizer`].
pub struct LiteralStream<'a> {
    units: &'a [char],
    chars: bool,
    /// Index of the next unit to look at.
    next: usize,
    token: Token,
}

impl Tokenizer for LiteralTokenizer {
    type TokenStream<'a> = LiteralStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LiteralStream<'a> {
        self.units = literal_units(text);
        if self.chars {
            self.distinct_units();
        }
        LiteralStream {
            units: &self.units,
            chars: self.chars,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for LiteralStream<'_> {
    fn advance(&mut self) -> bool {
        if self.chars {
            let i = self.next;
            if i >= self.units.len() {
                return false;
            }
            self.next += 1;
            self.set(i, 1);
            return true;
        }
        let i = self.next;
        if i + 1 >= self.units.len() {
            return false;
        }
        self.next += 1;
        self.set(i, 2);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl LiteralStream<'_> {
    fn set(&mut self, pos: usize, len: usize) {
        self.token.text.clear();
        self.token.text.extend(&self.units[pos..pos + len]);
        self.token.position = pos;
        // A pair spans two units. Tantivy starts a field's next value
        // (the kicker after the title) one position past the end of the
        // last token, so spanning both units leaves a one-unit gap between
        // values: no phrase, whose pairs cover every unit, can bridge it.
        // With a length of 1 the values would be contiguous, and a quoted
        // string could run from the title's end into the kicker.
        self.token.position_length = len;
        // Offsets are in units; nothing reads them back (snippets are made
        // from the stored text), but they must be monotonic.
        self.token.offset_from = pos;
        self.token.offset_to = pos + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(usize, String)> {
        let mut out = collect(LiteralTokenizer::chars(), text);
        out.extend(collect(LiteralTokenizer::pairs(), text));
        out.sort();
        out
    }

    fn collect(mut t: LiteralTokenizer, text: &str) -> Vec<(usize, String)> {
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().position, s.token().text.clone()));
        }
        out
    }

    #[test]
    fn emits_chars_and_pairs_at_positions() {
        let t = tokens("宝日 呼");
        let want = [
            (0, "宝"),
            (0, "宝日"),
            (1, "日"),
            (1, "日 "),
            (2, " 呼"),
            (2, "呼"),
        ];
        let want: Vec<(usize, String)> = want.iter().map(|(p, s)| (*p, s.to_string())).collect();
        assert_eq!(t, want);
    }

    #[test]
    fn chars_are_emitted_once_per_text() {
        // One tokenizer for every text, as tantivy's indexer keeps it:
        // nothing seen in one text is left out of the next.
        let mut t = LiteralTokenizer::chars();
        let mut chars = |text: &str| -> String {
            let mut s = t.token_stream(text);
            let mut out = String::new();
            while s.advance() {
                out.push_str(&s.token().text);
            }
            out
        };
        assert_eq!(chars("党建 党员 𠀀𠀀 建设"), "党建员𠀀设");
        assert_eq!(chars("党党"), "党");
        assert_eq!(chars("建党 𠀀"), "建党𠀀");
    }

    #[test]
    fn plan_covers_every_unit() {
        for n in 1..12 {
            let units: Vec<char> = "abcdefghijkl".chars().take(n).collect();
            let plan = literal_plan(&units);
            let mut covered = vec![false; n];
            for (off, term) in &plan {
                for k in 0..term.chars().count() {
                    covered[off + k] = true;
                }
            }
            assert!(covered.iter().all(|c| *c), "n = {n}: {plan:?}");
        }
    }

    #[test]
    fn whitespace_collapses_and_full_width_folds() {
        assert_eq!(literal_units("  Ａ\n\n  b  "), vec!['a', ' ', 'b']);
    }
}
