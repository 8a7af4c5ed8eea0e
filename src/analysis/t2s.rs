//! Traditional → simplified, one character for one, for matching.
//!
//! Text pasted from Hong Kong, Taiwan or older sources is written in
//! traditional characters: 黨建 must find the articles printed as 党建. The
//! table is OpenCC's `TSCharacters` (through `ferrous-opencc`, Apache-2.0);
//! where a traditional character has several simplified candidates, OpenCC's
//! first is taken, as OpenCC itself does.
//!
//! Only the character table is used, never OpenCC's phrase table: a phrase
//! rule makes a character's folding depend on its neighbours, and then a
//! string could fold one way as a query and another way inside the text
//! that holds it, which would break exact (grep-like) matching.
//!
//! Normalization runs on every character at ingest, so the table is built
//! once, at first use, into a flat array over the CJK blocks that hold its
//! keys: one bounds check and one load per character.

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// CJK Extension A and the Unified Ideographs: almost every key.
const BMP: RangeInclusive<u32> = 0x3400..=0x9FFF;
/// The supplementary ideographic plane: a few hundred rare keys.
const SIP: RangeInclusive<u32> = 0x20000..=0x2FFFF;

struct Table {
    /// The simplified form of each character of [`BMP`], itself if none.
    bmp: Box<[char]>,
    /// Keys of [`SIP`] with their simplified form, sorted.
    sip: Vec<(char, char)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// Converts every candidate character with OpenCC's t2s configuration, one
/// per line, so that no phrase rule can apply (no phrase holds a line
/// break): what is left is the character table.
fn build() -> Table {
    let opencc = OpenCC::from_config(BuiltinConfig::T2s)
        .expect("ferrous-opencc's embedded t2s configuration loads");
    let candidates: Vec<char> = BMP.chain(SIP).filter_map(char::from_u32).collect();
    let mut input = String::with_capacity(candidates.len() * 5);
    for &c in &candidates {
        input.push(c);
        input.push('\n');
    }
    let output = opencc.convert(&input);
    let lines: Vec<&str> = output.split('\n').collect();
    let one_char = |s: &str| {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let converted: Vec<Option<char>> = if lines.len() == candidates.len() + 1 {
        lines.iter().map(|l| one_char(l)).collect()
    } else {
        // A conversion that changed the line structure: go one by one.
        candidates
            .iter()
            .map(|c| one_char(&opencc.convert(&c.to_string())))
            .collect()
    };

    let mut bmp: Vec<char> = BMP.map(|u| char::from_u32(u).unwrap_or('\0')).collect();
    let mut sip = Vec::new();
    for (&c, to) in candidates.iter().zip(converted) {
        let Some(to) = to.filter(|&to| to != c) else {
            continue;
        };
        if BMP.contains(&(c as u32)) {
            bmp[(c as u32 - BMP.start()) as usize] = to;
        } else {
            sip.push((c, to));
        }
    }
    sip.sort_unstable();
    Table {
        bmp: bmp.into_boxed_slice(),
        sip,
    }
}

/// The simplified form of `c`, or `c` itself.
#[inline]
pub fn simplified(c: char) -> char {
    let u = c as u32;
    if BMP.contains(&u) {
        table().bmp[(u - BMP.start()) as usize]
    } else if SIP.contains(&u) {
        let sip = &table().sip;
        sip.binary_search_by_key(&c, |&(k, _)| k)
            .map_or(c, |i| sip[i].1)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_characters_to_opencc_first_candidate() {
        let fold = |s: &str| s.chars().map(simplified).collect::<String>();
        assert_eq!(fold("黨建"), "党建");
        assert_eq!(
            fold("學習貫徹習近平新時代中國特色社會主義思想"),
            "学习贯彻习近平新时代中国特色社会主义思想"
        );
        // 乾 has the candidates 干 and 乾: OpenCC's first is taken.
        assert_eq!(fold("乾"), "干");
        assert_eq!(
            fold("党建，ABC"),
            "党建，ABC",
            "simplified text is unchanged"
        );
    }

    #[test]
    fn the_table_has_opencc_size() {
        // TSCharacters holds about 4,100 keys; a broken build of the table
        // would hold none.
        let t = table();
        let changed = t
            .bmp
            .iter()
            .enumerate()
            .filter(|&(i, &c)| c as u32 != BMP.start() + i as u32)
            .count();
        assert!(changed + t.sip.len() > 3_500, "{changed} + {}", t.sip.len());
        assert!(!t.sip.is_empty());
    }
}
