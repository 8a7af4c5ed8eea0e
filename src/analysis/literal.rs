//! The literal analyzers: character pairs with positions, and characters.
//!
//! The text is normalized ([`super::normalize`]): folded, and every run of
//! whitespace one space.
//! Each remaining character is a *unit* at position `i`. The pair tokenizer
//! emits the pair of units `i, i+1` at position `i`; a string of `n ≥ 2`
//! units is then found exactly by a phrase of pairs that covers every unit
//! (see [`literal_plan`]). The char tokenizer emits each unit that is not a
//! space; its field keeps only which documents hold a character (no
//! positions), which is all a one-character search needs.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::normalize_to_vec;

/// Normalized units of `text`: the folded characters ([`normalize`](super::normalize)),
/// whose whitespace runs are one space and whose ends are trimmed.
pub fn literal_units(text: &str) -> Vec<char> {
    normalize_to_vec(text)
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
}

impl LiteralTokenizer {
    /// Emits the pairs of adjacent units, with positions.
    pub fn pairs() -> Self {
        LiteralTokenizer::default()
    }

    /// Emits each non-space unit.
    pub fn chars() -> Self {
        LiteralTokenizer {
            units: Vec::new(),
            chars: true,
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
            while self.next < self.units.len() {
                let i = self.next;
                self.next += 1;
                if self.units[i] != ' ' {
                    self.set(i, 1);
                    return true;
                }
            }
            return false;
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
