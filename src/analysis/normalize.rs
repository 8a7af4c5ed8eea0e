//! Character normalization shared by ingest, query and highlighting.
//!
//! It maps one character to exactly one character, so character offsets in
//! the normalized text are offsets in the original: the highlighter relies on
//! that to put `<mark>` around the original text.

/// The version of what [`normalize_char`] (and the folding built on it)
/// does. Bump it whenever a character maps differently: indexes record it
/// (see [`Fingerprint`](super::Fingerprint)) and an index made with another
/// version must be rebuilt with `dangjian-search reindex`.
pub const NORMALIZER_VERSION: u32 = 1;

/// Normalizes one character: full-width ASCII forms to half-width, the
/// ideographic space to a space, and upper case to lower case where that is
/// one character.
#[inline]
pub fn normalize_char(c: char) -> char {
    let c = match c {
        // CJK symbols, kana and ideographs have no case: the common path.
        '\u{3001}'..='\u{9FFF}' => return c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    };
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => c,
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        c => c,
    }
}

/// Normalizes a whole string, character by character.
pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case_one_char_for_one_char() {
        assert_eq!(normalize("２０２３年（ＡＢＣ）"), "2023年(abc)");
        assert_eq!(normalize("İ"), "İ", "multi-char lower case is left alone");
        let s = "霍林郭勒市 ＡＢ　c";
        assert_eq!(normalize(s).chars().count(), s.chars().count());
    }

    #[test]
    fn cjk_shortcut_changes_nothing() {
        let cased: Vec<char> = ('\u{3001}'..='\u{9FFF}')
            .filter(|c| c.is_uppercase() || c.is_lowercase())
            .collect();
        assert!(cased.is_empty(), "the CJK shortcut would skip {cased:?}");
    }
}
