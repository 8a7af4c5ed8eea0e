//! The literal analyzer: characters and character pairs, with positions.
//!
//! The text is normalized and every run of whitespace becomes one space.
//! Each remaining character is a *unit* at position `i`. The tokenizer emits,
//! at position `i`, the unit itself (unless it is a space) and the pair of
//! units `i, i+1`. A string of `n ≥ 2` units is then found exactly by a
//! phrase of pairs that covers every unit (see [`literal_plan`]); a single
//! character by its unigram.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize_char;

/// Normalized units of `text`: whitespace runs collapse to one space, and
/// leading and trailing whitespace is dropped.
pub fn literal_units(text: &str) -> Vec<char> {
    let mut units = Vec::with_capacity(text.len() / 2);
    let mut pending_space = false;
    for c in text.chars().map(normalize_char) {
        if c.is_whitespace() {
            pending_space = !units.is_empty();
        } else {
            if pending_space {
                units.push(' ');
                pending_space = false;
            }
            units.push(c);
        }
    }
    units
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

/// Tantivy tokenizer for the literal fields.
#[derive(Clone, Default)]
pub struct LiteralTokenizer {
    units: Vec<char>,
}

/// The token stream of [`LiteralTokenizer`].
pub struct LiteralStream<'a> {
    units: &'a [char],
    /// Index of the next unit to look at.
    next: usize,
    /// Whether the unigram at `next - 1` was emitted and the pair is due.
    pair_due: bool,
    token: Token,
}

impl Tokenizer for LiteralTokenizer {
    type TokenStream<'a> = LiteralStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LiteralStream<'a> {
        self.units = literal_units(text);
        LiteralStream {
            units: &self.units,
            next: 0,
            pair_due: false,
            token: Token::default(),
        }
    }
}

impl TokenStream for LiteralStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.pair_due {
                self.pair_due = false;
                let i = self.next - 1;
                if i + 1 < self.units.len() {
                    self.set(i, 2);
                    return true;
                }
                continue;
            }
            if self.next >= self.units.len() {
                return false;
            }
            let i = self.next;
            self.next += 1;
            self.pair_due = true;
            if self.units[i] != ' ' {
                self.set(i, 1);
                return true;
            }
        }
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
        self.token.position_length = 1;
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
        let mut t = LiteralTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().position, s.token().text.clone()));
        }
        out
    }

    #[test]
    fn emits_unigrams_and_pairs_at_positions() {
        let t = tokens("宝日 呼");
        let want = [
            (0, "宝"),
            (0, "宝日"),
            (1, "日"),
            (1, "日 "),
            (2, " 呼"),
            (3, "呼"),
        ];
        let want: Vec<(usize, String)> = want.iter().map(|(p, s)| (*p, s.to_string())).collect();
        assert_eq!(t, want);
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
