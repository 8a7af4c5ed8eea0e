//! Character normalization shared by ingest, query and highlighting.
//!
//! Text is matched in one folded form, made here and nowhere else, so that
//! the index, the query and the highlighter always agree:
//!
//! - full-width ASCII forms are half-width, upper case is lower case;
//! - traditional characters are simplified ([`super::t2s`]: 黨建 is 党建);
//! - 〇 and ○ are one character, and so are the middle dots (· ・ • ‧ …);
//! - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are removed;
//! - every whitespace character (ideographic and no-break spaces included)
//!   is a space, a run of them is one space, and the ends are trimmed.
//!
//! Removing and collapsing characters means offsets in the folded text are
//! not offsets in the original: [`normalize_chars`] keeps, for each folded
//! character, where it came from, so highlights land on the original text.

use super::t2s;

/// The version of the folding below. Terms made by one version do not match
/// queries made by another: bump it whenever the folding changes. Indexes
/// record it (see [`Fingerprint`](super::Fingerprint)) and an index made with
/// another version must be rebuilt with `dangjian-search reindex`.
pub const NORMALIZER_VERSION: u32 = 2;

/// The one middle dot every variant folds to (U+00B7, as in 阿卜杜·热合曼).
const MIDDLE_DOT: char = '·';
/// The one ideographic zero (U+3007, as in 二〇一二年).
const ZERO: char = '〇';

/// Folds one character; `None` for a character that is removed. Whitespace
/// becomes a space (runs are collapsed by [`normalize`]).
#[inline]
pub fn normalize_char(c: char) -> Option<char> {
    let c = match c {
        // Ideographs have no case: the common path.
        '\u{3400}'..='\u{9FFF}' | '\u{20000}'..='\u{2FFFF}' => return Some(t2s::simplified(c)),
        '\u{3007}' | '\u{25CB}' => return Some(ZERO),
        '\u{00B7}' | '\u{0387}' | '\u{2022}' | '\u{2027}' | '\u{2219}' | '\u{22C5}'
        | '\u{2E31}' | '\u{30FB}' | '\u{FF65}' => return Some(MIDDLE_DOT),
        // Other CJK symbols and kana: no case either.
        '\u{3001}'..='\u{33FF}' => return Some(c),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => return None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    };
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => {
            if c.is_ascii_whitespace() {
                ' '
            } else {
                c
            }
        }
        c if c.is_whitespace() => ' ',
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        c => c,
    })
}

/// Folds `chars` and hands each folded character to `emit` with the index
/// of the original character it stands for (for a collapsed whitespace run,
/// its first character).
#[inline]
fn fold_each(chars: impl Iterator<Item = char>, mut emit: impl FnMut(char, usize)) {
    let mut started = false;
    let mut pending_space: Option<usize> = None;
    for (i, c) in chars.enumerate() {
        match normalize_char(c) {
            Some(' ') if started && pending_space.is_none() => pending_space = Some(i),
            None | Some(' ') => {}
            Some(c) => {
                if let Some(at) = pending_space.take() {
                    emit(' ', at);
                }
                emit(c, i);
                started = true;
            }
        }
    }
}

/// The folded form of a whole string.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text.chars(), |c, _| out.push(c));
    out
}

/// The letters and digits of `text`, folded: what two printings of one
/// text share, whatever their spaces, line breaks, punctuation and width
/// (a headline re-run, a pasted passage).
pub fn folded_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text.chars(), |c, _| {
        if c.is_alphanumeric() {
            out.push(c)
        }
    });
    out
}

/// The folded characters of `text`, as a vector.
pub(crate) fn normalize_to_vec(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 2);
    fold_each(text.chars(), |c, _| out.push(c));
    out
}

/// Folded text with the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    /// The folded characters.
    pub chars: Vec<char>,
    /// For each folded character, the index of the original character it
    /// stands for.
    pub origin: Vec<usize>,
}

impl Normalized {
    /// The original characters `[start, end)` that the folded characters
    /// `[s, e)` (not empty) stand for: from the first one's origin to just
    /// past the last one's, so removed characters inside are included.
    pub fn original_span(&self, s: usize, e: usize) -> (usize, usize) {
        (self.origin[s], self.origin[e - 1] + 1)
    }
}

/// Folds `chars`, keeping where each folded character came from.
pub fn normalize_chars(chars: &[char]) -> Normalized {
    let mut out = Normalized {
        chars: Vec::with_capacity(chars.len()),
        origin: Vec::with_capacity(chars.len()),
    };
    fold_each(chars.iter().copied(), |c, i| {
        out.chars.push(c);
        out.origin.push(i);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(normalize("２０２３年（ＡＢＣ）"), "2023年(abc)");
        assert_eq!(normalize("İ"), "İ", "multi-char lower case is left alone");
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(normalize("黨建引領"), "党建引领");
    }

    #[test]
    fn folds_zeros_and_middle_dots_to_one_each() {
        assert_eq!(normalize("二○一二年"), normalize("二〇一二年"));
        for dot in ['·', '・', '•', '‧', '･', '∙', '⋅'] {
            assert_eq!(
                normalize(&format!("阿卜杜{dot}热合曼")),
                "阿卜杜·热合曼",
                "{dot:?}"
            );
        }
    }

    #[test]
    fn removes_zero_width_characters() {
        assert_eq!(
            normalize("党\u{200B}建\u{200C}\u{200D}工\u{2060}作\u{FEFF}"),
            "党建工作"
        );
    }

    #[test]
    fn whitespace_of_every_kind_is_one_space_and_ends_are_trimmed() {
        assert_eq!(
            normalize("  科学发展\u{3000}\u{00A0}\n 成就\t辉煌 \u{200B} "),
            "科学发展 成就 辉煌"
        );
        assert_eq!(normalize("a \u{200B} b"), "a b");
        assert_eq!(normalize(" \u{3000} "), "");
    }

    #[test]
    fn offsets_lead_back_to_the_original_characters() {
        let text: Vec<char> = "黨\u{200B}建  工作".chars().collect();
        let n = normalize_chars(&text);
        assert_eq!(n.chars.iter().collect::<String>(), "党建 工作");
        assert_eq!(n.origin, vec![0, 2, 3, 5, 6]);
        // 党建 stands for 黨, the zero-width space and 建.
        assert_eq!(n.original_span(0, 2), (0, 3));
        assert_eq!(n.original_span(3, 5), (5, 7));
    }

    #[test]
    fn cjk_shortcut_changes_nothing() {
        let cased: Vec<char> = ('\u{3001}'..='\u{9FFF}')
            .chain('\u{20000}'..='\u{2FFFF}')
            .filter(|c| c.is_uppercase() || c.is_lowercase() || c.is_whitespace())
            .collect();
        assert!(cased.is_empty(), "the CJK shortcut would skip {cased:?}");
    }
}
