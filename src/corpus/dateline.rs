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

use super::byline::{parse_byline, parse_inline_byline};
use crate::article::Author;

/// (据) agency + place + day + 讯/电/消息. The place may name a banner
/// under its city (`本报鄂尔多斯市伊金霍洛旗3月12日讯`). The agency is 本报, a news
/// agency, a paper (`…报`), a news site (`…网`: 人民网, 央视网) or a
/// station (`…台`); a bare `X社电` needs a place or a day, else `该社电商…`
/// would be read as one.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^据?(?:",
        r"(?:本报|新华社|中新社|中国新闻社|\p{Han}{1,6}(?:报|通讯社|新闻社|网|台))",
        r"\p{Han}{0,16}?(?:(?:[0-9０-９]{1,2}月)?[0-9０-９]{1,2}日)?",
        r"|\p{Han}{1,6}社\p{Han}{1,16}?(?:[0-9０-９]{1,2}月)?[0-9０-９]{1,2}日",
        r")(?:[讯电]|消息)",
    ))
    .expect("the dateline pattern is valid")
});

/// Most characters of a bracket after a dateline that is not a byline but
/// part of the dateline: `央视网消息（新闻联播）：`.
const TAG_MAX_CHARS: usize = 10;

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

/// Most characters of the place tag a roundup's item opens with
/// (`【包头】本报讯（记者 韩冰）…`).
const TAG_OF_ITEM_MAX_CHARS: usize = 8;

/// Reads the dateline at the start of `paragraph`, if it opens with one,
/// after the place tag of a roundup's item if any (`【包头】本报讯…`: the
/// tag is part of the dateline).
pub fn parse_dateline(paragraph: &str) -> Option<Dateline<'_>> {
    if let Some(inner) = paragraph.strip_prefix('【')
        && let Some(close) = inner.find('】')
        && (1..=TAG_OF_ITEM_MAX_CHARS).contains(&inner[..close].chars().count())
    {
        let after = &inner[close + '】'.len_utf8()..];
        let d = parse_untagged(after)?;
        let start = paragraph.len() - after.len();
        return Some(Dateline {
            text: &paragraph[..start + d.text.len()],
            ..d
        });
    }
    parse_untagged(paragraph)
}

fn parse_untagged(paragraph: &str) -> Option<Dateline<'_>> {
    let m = DATELINE.find(paragraph)?;
    let text = m.as_str();
    let after = &paragraph[m.end()..];
    // `本报记者电话采访…`, `人民日报电子版…` are sentences: a dateline names
    // no person, and one without a day is followed by a bracket, a space
    // or a colon (or is the fixed `本报讯`).
    if text.contains("记者") || text.contains("通讯员") {
        return None;
    }
    // 据新华社电 quotes an agency's wire; 据中央气象台12日消息 is a sentence.
    if text.starts_with('据') && !text.ends_with('电') {
        return None;
    }
    let dated = text.ends_with("日讯") || text.ends_with("日电") || text.ends_with("日消息");
    let separated = after
        .starts_with(|c: char| c.is_whitespace() || matches!(c, '（' | '(' | '：' | ':' | '　'));
    if !(dated || separated || text == "本报讯") {
        return None;
    }
    let trimmed = after.trim_start();
    // A short bracket that names no one, then a colon, belongs to the
    // dateline: 央视网消息（新闻联播）：
    if let Some((inner, tail)) = bracket(trimmed)
        && tail.trim_start().starts_with(['：', ':'])
        && !inner.is_empty()
        && inner.chars().count() <= TAG_MAX_CHARS
        && inner.chars().all(char::is_alphanumeric)
        && parse_byline(inner).is_none()
    {
        let end = paragraph.len() - tail.len();
        return Some(Dateline {
            text: &paragraph[..end],
            authors: Vec::new(),
            rest: tail.trim_start_matches([' ', '　', '：', ':']).trim_start(),
        });
    }
    // （记者 王皓）, and a second bracket of names: （记者 王皓）（通讯员 刘洋）
    if let Some((mut authors, mut rest)) = bracketed_byline(trimmed) {
        while let Some((more, after_more)) = bracketed_byline(rest.trim_start()) {
            authors.extend(more);
            rest = after_more;
        }
        return Some(Dateline {
            text,
            authors,
            rest: rest.trim_start(),
        });
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
    // 本报讯 记者 张敏 通讯员 刘洋 今年以来，…: a byline without brackets,
    // role words and names apart, up to the first piece that is no name.
    if let Some((authors, rest)) = spaced_byline(trimmed) {
        return Some(Dateline {
            text,
            authors,
            rest,
        });
    }
    // A dateline with no byline: `本报讯 近日，…`.
    Some(Dateline {
        text,
        authors: Vec::new(),
        rest: after
            .trim_start_matches([' ', '　', '：', ':', '，', ','])
            .trim_start(),
    })
}

/// Role words a byline after a dateline opens with when it has no
/// brackets (`本报讯 记者 张敏 …`).
const SPACED_BYLINE_ROLES: &[&str] = &[
    "记者",
    "通讯员",
    "实习生",
    "本报记者",
    "特约记者",
    "见习记者",
];

/// The byline `text` opens with when it is role words and names
/// separated by spaces (`记者 张敏 通讯员 刘洋 今年以来，…`), and the text
/// after it: the longest run of space-separated pieces that reads as a
/// byline and ends with a name.
fn spaced_byline(text: &str) -> Option<(Vec<Author>, &str)> {
    if !SPACED_BYLINE_ROLES.iter().any(|r| text.starts_with(r)) {
        return None;
    }
    let mut best = None;
    let mut at = 0;
    while at < text.len() {
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        if end - at > 3 * BYLINE_TOKEN_MAX_CHARS {
            break;
        }
        if let Some(authors) = parse_inline_byline(&text[..end]) {
            // A role word last names no one yet: `记者 张敏 通讯员`.
            let role_last = ["记者", "通讯员", "实习生", "评论员"]
                .iter()
                .any(|r| text[at..end].ends_with(r));
            if !role_last {
                best = Some((authors, end));
            }
        } else if best.is_some() {
            break;
        }
        at = text[end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(text.len(), |i| end + i);
    }
    let (authors, end) = best?;
    let rest = text[end..].trim_start();
    (!rest.is_empty()).then_some((authors, rest))
}

/// Longest piece of a spaced byline, in characters (`全媒体记者`, a name).
const BYLINE_TOKEN_MAX_CHARS: usize = 8;

/// The bracket `text` opens with (`（…）` or `(…)`): its inside and what
/// follows it.
fn bracket(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('（').or_else(|| text.strip_prefix('('))?;
    let close = inner.find(['）', ')'])?;
    let width = inner[close..].chars().next()?.len_utf8();
    Some((&inner[..close], &inner[close + width..]))
}

/// The byline in the bracket `text` opens with, and what follows it.
fn bracketed_byline(text: &str) -> Option<(Vec<Author>, &str)> {
    let (inner, tail) = bracket(text)?;
    Some((parse_inline_byline(inner)?, tail))
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
    fn other_agencies_sites_and_stations() {
        assert_eq!(
            read("人民网呼和浩特3月2日电（记者 巴图）走进小区，楼道干净整洁。"),
            (
                "人民网呼和浩特3月2日电",
                vec![reporter("巴图")],
                "走进小区，楼道干净整洁。"
            )
        );
        assert_eq!(
            read("据新华社电 近日，民政部等部门联合印发通知。"),
            ("据新华社电", vec![], "近日，民政部等部门联合印发通知。")
        );
        assert_eq!(
            read("央视网消息（新闻联播）：各地推进乡村建设。"),
            ("央视网消息（新闻联播）", vec![], "各地推进乡村建设。")
        );
        assert_eq!(
            read("中国青年报讯（记者 赵静）近日，村里建起共享菜园。"),
            (
                "中国青年报讯",
                vec![reporter("赵静")],
                "近日，村里建起共享菜园。"
            )
        );
        assert_eq!(
            read("央广网北京3月2日消息（记者 李明）今天，会议召开。"),
            (
                "央广网北京3月2日消息",
                vec![reporter("李明")],
                "今天，会议召开。"
            )
        );
        let (_, authors, rest) = read("本报讯（记者 王皓）（通讯员 刘洋）近日，活动举行。");
        assert_eq!(
            authors,
            [reporter("王皓"), ("刘洋".to_string(), Role::Correspondent)]
        );
        assert_eq!(rest, "近日，活动举行。");
    }

    #[test]
    fn a_roundup_item_s_place_tag_belongs_to_its_dateline() {
        assert_eq!(
            read("【包头】本报讯（记者 韩冰）3月12日，包头市召开会议。"),
            (
                "【包头】本报讯",
                vec![reporter("韩冰")],
                "3月12日，包头市召开会议。"
            )
        );
        assert!(parse_dateline("【党建视窗】小区治理有了新解法").is_none());
    }

    #[test]
    fn bylines_without_brackets_and_long_places() {
        let (text, authors, rest) =
            read("本报讯 记者 张敏 通讯员 刘洋 今年以来，兴安盟组织干部下沉到村。");
        assert_eq!(text, "本报讯");
        assert_eq!(
            authors,
            vec![reporter("张敏"), ("刘洋".to_string(), Role::Correspondent)]
        );
        assert_eq!(rest, "今年以来，兴安盟组织干部下沉到村。");
        assert_eq!(
            read("本报讯 记者 王　皓 近日，全市开展活动。"),
            ("本报讯", vec![reporter("王皓")], "近日，全市开展活动。")
        );
        assert_eq!(
            read("本报鄂尔多斯市伊金霍洛旗３月１２日讯（记者 苏和）１２日，旗里召开动员会。"),
            (
                "本报鄂尔多斯市伊金霍洛旗３月１２日讯",
                vec![reporter("苏和")],
                "１２日，旗里召开动员会。"
            )
        );
        // Not a byline: the dateline's text goes on.
        assert_eq!(
            read("本报讯 记者从市委组织部获悉，全市开展活动。"),
            ("本报讯", vec![], "记者从市委组织部获悉，全市开展活动。")
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
            "互联网电商发展迅速。",
            "据报道，全市开展活动。",
            "电视台消息说，活动开始了。",
            "记者从网上消息得知，会议召开。",
            "据中央气象台12日消息，全区将迎来降雨。",
        ] {
            assert!(parse_dateline(p).is_none(), "{p}");
        }
    }
}
