//! How a body is stored: in GB18030 when that gives it back unchanged,
//! else in UTF-8, behind one byte saying which.
//!
//! A hanzi takes three bytes in UTF-8 and two in GB18030, and lz4 finds
//! little to shorten in Chinese text either way: on the xwlb archive the
//! store, most of it bodies, went from 87 MB to about 66 MB. GB18030 can
//! write every code point, but the encoder (the WHATWG one, as browsers
//! use) refuses U+E5E5 and a few mappings do not round-trip, so an
//! encoding is kept only when decoding it gives the same text back.

use encoding_rs::GB18030;

const UTF8: u8 = 0;
const GB: u8 = 1;

/// The bytes stored for `text`.
pub fn encode(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GB18030.encode(text);
    if !unmappable
        && GB18030
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some_and(|back| back == text)
    {
        let mut out = Vec::with_capacity(bytes.len() + 1);
        out.push(GB);
        out.extend_from_slice(&bytes);
        return out;
    }
    let mut out = Vec::with_capacity(text.len() + 1);
    out.push(UTF8);
    out.extend_from_slice(text.as_bytes());
    out
}

/// The text of stored bytes; `None` for bytes [`encode`] never made.
pub fn decode(bytes: &[u8]) -> Option<String> {
    match bytes.split_first()? {
        (&GB, rest) => GB18030
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|s| s.into_owned()),
        (&UTF8, rest) => std::str::from_utf8(rest).ok().map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_back_unchanged() {
        for text in [
            "",
            "央视网消息（新闻联播）：集体经济发展壮大。",
            "ASCII, digits 2024 and emoji 🇨🇳 mixed with 漢字",
            "a private-use character \u{e5e5} and \u{e000}",
            "line one\nline two\r\n\u{0}",
            "𠀀𪚥 beyond the basic plane",
        ] {
            let stored = encode(text);
            assert_eq!(decode(&stored).as_deref(), Some(text), "{text:?}");
        }
    }

    #[test]
    fn chinese_is_stored_in_two_bytes_a_character() {
        let text = "基层党组织换届选举工作";
        assert_eq!(encode(text).len(), 1 + 2 * text.chars().count());
    }

    #[test]
    fn what_refuses_gb18030_is_stored_as_utf8() {
        let text = "\u{e5e5}";
        assert_eq!(encode(text)[0], UTF8);
    }

    #[test]
    fn unknown_bytes_are_not_text() {
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[7, b'a']), None);
        assert_eq!(decode(&[UTF8, 0xff]), None);
    }
}
