//! Datelines: the lead-in of a story's first paragraph that names who
//! filed it, where and when, often with the byline in it:
//!
//! - `本报讯（记者 王皓）…`
//! - `本报北京1月5日讯 记者王皓报道：…`
//! - `新华社北京1月5日电（记者 王皓 李明）…`
//!
//! Many stories carry their only byline here, so the dateline is what marks
//! such a story's start on the page. The reader keeps the dateline text as
//! printed (agency, place, day: the year is the page's) in
//! [`Article::dateline`], gives the names to the authors, and leaves the
//! rest of the paragraph as the body.
//!
//! [`Article::dateline`]: crate::article::Article::dateline

use std::sync::LazyLock;

use regex::Regex;

use super::byline::parse_inline_byline;
use crate::article::Author;

/// Agency + place + day + 讯/电. The agency is 本报 or a named paper or news
/// agency; a bare `X社电` needs a place or a day, else `该社电商…` would be
/// read as one.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"(?:本报|新华社|中新社|中国新闻社|\p{Han}{1,6}(?:日报|晚报|早报|时报|通讯社|新闻社))",
        r"\p{Han}{0,8}?(?:(?:[0-9０-９]{1,2}月)?[0-9０-９]{1,2}日)?",
        r"|\p{Han}{1,6}社\p{Han}{1,8}?(?:[0-9０-９]{1,2}月)?[0-9０-９]{1,2}日",
        r")[讯电]",
    ))
    .expect("the dateline pattern is valid")
});

/// What a dateline gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline<'a> {
    /// The dateline as printed: `本报北京1月5日讯`.
    pub text: &'a str,
    /// The byline in it, if any.
    pub authors: Vec<Author>,
    /// The paragraph after the dateline and its byline.
    pub rest: &'a str,
}

/// Most characters between a dateline and the `报道` that ends its byline.
const BYLINE_MAX_CHARS: usize = 40;

/// Reads the dateline at the start of `paragraph`, if it opens with one.
pub fn parse_dateline(paragraph: &str) -> Option<Dateline<'_>> {
    let m = DATELINE.find(paragraph)?;
    let text = m.as_str();
    let after = &paragraph[m.end()..];
    // `本报记者电话采访…`, `人民日报电子版…` are sentences: a dateline names
    // no person, and one without a day is followed by a bracket, a space
    // or a colon (or is the fixed `本报讯`).
    if text.contains("记者") || text.contains("通讯员") {
        return None;
    }
    let dated = text.ends_with("日讯") || text.ends_with("日电");
    let separated = after
        .starts_with(|c: char| c.is_whitespace() || matches!(c, '（' | '(' | '：' | ':' | '　'));
    if !(dated || separated || text == "本报讯") {
        return None;
    }
    let trimmed = after.trim_start();
    // （记者 王皓）
    if let Some(inner) = trimmed
        .strip_prefix('（')
        .or_else(|| trimmed.strip_prefix('('))
    {
        if let Some(close) = inner.find(['）', ')']) {
            let byline = &inner[..close];
            if let Some(authors) = parse_inline_byline(byline) {
                let rest = &inner[close + inner[close..].chars().next()?.len_utf8()..];
                return Some(Dateline {
                    text,
                    authors,
                    rest: rest.trim_start(),
                });
            }
        }
    }
    // 记者王皓报道：
    if let Some(at) = trimmed.find("报道") {
        let byline = &trimmed[..at];
        let tail = &trimmed[at + "报道".len()..];
        if byline.chars().count() <= BYLINE_MAX_CHARS {
            if let Some(authors) = parse_inline_byline(byline) {
                let rest = tail.trim_start_matches([' ', '　', '：', ':', '，', ',']);
                return Some(Dateline {
                    text,
                    authors,
                    rest: rest.trim_start(),
                });
            }
        }
    }
    // A dateline with no byline: `本报讯 近日，…`.
    Some(Dateline {
        text,
        authors: Vec::new(),
        rest: after
            .trim_start_matches([' ', '　', '：', ':'])
            .trim_start(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Role;

    fn read(p: &str) -> (&str, Vec<(String, Role)>, &str) {
        let d = parse_dateline(p).unwrap();
        let a = d.authors.into_iter().map(|a| (a.name, a.role)).collect();
        (d.text, a, d.rest)
    }

    fn reporter(n: &str) -> (String, Role) {
        (n.to_string(), Role::Reporter)
    }

    #[test]
    fn reads_the_three_common_forms() {
        assert_eq!(
            read("本报讯（记者 王皓）近日，某地召开会议。"),
            ("本报讯", vec![reporter("王皓")], "近日，某地召开会议。")
        );
        assert_eq!(
            read("本报北京1月5日讯 记者王皓报道：近日，某地召开会议。"),
            (
                "本报北京1月5日讯",
                vec![reporter("王皓")],
                "近日，某地召开会议。"
            )
        );
        assert_eq!(
            read("新华社北京1月5日电（记者 王　皓 李明）近日，某地召开会议。"),
            (
                "新华社北京1月5日电",
                vec![reporter("王皓"), reporter("李明")],
                "近日，某地召开会议。"
            )
        );
    }

    #[test]
    fn full_width_digits_roles_and_no_byline() {
        let (text, authors, rest) =
            read("本报呼和浩特１月５日讯（记者 宋爽 通讯员 李明）全市开展活动。");
        assert_eq!(text, "本报呼和浩特１月５日讯");
        assert_eq!(authors[1], ("李明".to_string(), Role::Correspondent));
        assert_eq!(rest, "全市开展活动。");
        assert_eq!(
            read("本报讯 近日，全市开展活动。"),
            ("本报讯", vec![], "近日，全市开展活动。")
        );
    }

    #[test]
    fn ordinary_sentences_have_no_dateline() {
        for p in [
            "该社电商平台销售额增长。",
            "记者从自治区党委组织部了解到，今年以来。",
            "本报记者近日走访了多个社区。",
            "通讯员小王说，这里变化很大。",
            "本报记者电话采访了他。",
            "人民日报电子版今天上线。",
        ] {
            assert!(parse_dateline(p).is_none(), "{p}");
        }
    }
}
