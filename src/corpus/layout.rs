//! The lines of a page and what each looks like: a byline, a photo credit,
//! a heading, a paragraph.
//!
//! Headings are told from paragraphs by their shape, measured on the
//! bundled page and on the test pages (`tests/pages/`): every heading line
//! there (column, kicker, title, sub-heading) is at most 19 characters,
//! holds no full stop, at most one comma, and does not end in a comma,
//! colon or enumeration mark; a title may end in `！` or `？` (a quoted
//! exclamation is a common headline), a line above a title never does. The
//! shortest paragraph of the bundled page is 33 characters long, and every
//! paragraph either ends in sentence punctuation or was broken by the
//! layout mid-clause. The limits below leave a margin over the headings
//! (32 characters, two commas); the seed checks (`tests/corpus.rs`) and the
//! test pages hold them.

use super::byline::{
    ends_with_photo_mark, inside_brackets, is_org_credit, parse_bracketed_byline, parse_byline,
    reads_as_heading, split_trailing_credit, split_trailing_signature,
};
use std::sync::LazyLock;

use regex::Regex;

use super::dateline::{Dateline, parse_dateline};
use crate::article::Author;

/// A heading line is at most this many characters.
pub const HEADING_MAX_CHARS: usize = 32;
/// A title or subtitle with a byline right under it may be longer: a
/// commentary's title (坚持以习近平新时代中国特色社会主义思想为指导 扎实推进…)
/// runs to 35 characters and more.
pub const LONG_TITLE_MAX_CHARS: usize = 60;

/// Lines that close a story (its source, its editor), never a heading.
const CLOSING_LINES: &[&str] = &["来源：", "来源:", "责任编辑", "编辑：", "校对：", "审核："];
/// A heading holds at most this many commas.
const HEADING_MAX_COMMAS: usize = 2;
/// A sub-heading inside a story is at most this many characters.
pub const SUBHEADING_MAX_CHARS: usize = 20;
/// A column name is at most this many characters.
pub const COLUMN_MAX_CHARS: usize = 8;

/// Characters that end a sentence; a paragraph ending otherwise was broken.
pub const SENTENCE_END: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '」', '』', '）', ')', '!', '?', ';', ':', '.',
    '—', '》',
];

/// Marks of list items and attributions (`★…`, `——2023年6月2日…`).
pub const LIST_MARKS: &[char] = &['★', '☆', '●', '■', '□', '—', '◆', '▲'];

/// The dashes a subtitle opens with.
const SUBTITLE_DASHES: &[char] = &['—', '―', '─', '－', '-', '–'];

/// Closing quotes and brackets that may follow a sentence's last mark.
const CLOSERS: &[char] = &['”', '’', '」', '』', '"', '\''];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A byline on a line of its own.
    Byline,
    /// A photo credit (`… 摄`) on a line of its own.
    Credit,
    /// Any other line.
    Text,
}

/// One non-empty line of a page.
#[derive(Debug)]
pub struct Line<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Blank lines right above this one.
    pub gap: usize,
    /// The authors of a byline or credit.
    pub authors: Vec<Author>,
    /// The dateline this paragraph opens with.
    pub dateline: Option<Dateline<'a>>,
    /// Whether this paragraph ends with a photo credit (a caption).
    pub captioned: bool,
    /// Whether this line closes a story: a bracketed byline with a role
    /// word (`（记者 王皓 通讯员 刘洋）`) or its source or editor
    /// (`来源：…`, `责任编辑：…`).
    pub closing: bool,
}

/// A page's furniture, printed by the layout system around the stories:
/// the date line (`2024年3月5日 星期二 第3版`) and the editors' line
/// (`本版责编：赵丽 版式：王敏`). Every word of the line must be one of these.
static FURNITURE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日",
        r"|星期[一二三四五六日天]|周[一二三四五六日]",
        r"|第[0-9０-９一二三四五六七八九十]{1,3}版",
        r"|(?:本版)?(?:责编|责任编辑|编辑|版式|美编|校对|审校|制图|排版|组版)[：:]\p{Han}{2,4}(?:[、，]\p{Han}{2,4})*)$",
    ))
    .expect("the furniture pattern is valid")
});

/// Whether a line is only page furniture ([`FURNITURE_WORD`]s) and says
/// so: a page number among them, or the page's own editors (`本版…`). A
/// story's `责任编辑：…` alone stays with the story, and a date alone
/// (`2024年3月5日 星期二`) may head a diary entry.
fn is_furniture(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    // A date alone may head a diary entry inside a story: kept.
    let of_page = text.starts_with("本版") || text.contains('版');
    of_page && words.peek().is_some() && words.all(|w| FURNITURE_WORD.is_match(w))
}

/// Marks a column name may be framed by on both sides (`◆基层风采◆`).
const FRAMES: &[char] = &['◆', '◇', '■', '□', '★', '☆', '●', '○', '▲'];

/// The name inside a line framed by one mark on both sides (`◆基层风采◆`),
/// a column's heading rather than a list item.
fn framed_name(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let name = text.strip_prefix(first)?.strip_suffix(first)?.trim();
    (FRAMES.contains(&first)
        && (2..=COLUMN_MAX_CHARS).contains(&name.chars().count())
        && name.chars().all(char::is_alphanumeric))
    .then_some(name)
}

/// Splits a page into its non-empty lines and classifies each. Page
/// furniture ([`is_furniture`]) is left out, as a blank line.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut gap = 0;
    for raw in text.lines() {
        let text = raw.trim();
        if text.is_empty() || is_furniture(text) {
            gap += 1;
            continue;
        }
        let text = framed_name(text).unwrap_or(text);
        // A credit may stand in brackets on its own line: （本报记者 孙磊 摄）.
        let unbracketed = inside_brackets(text).filter(|t| ends_with_photo_mark(t));
        let org_credit = is_org_credit(inside_brackets(text).unwrap_or(text));
        let (kind, authors) = match parse_byline(unbracketed.unwrap_or(text)) {
            // 鄂托克旗委组织部供图, （资料图片）: a credit naming no one.
            _ if org_credit => (Kind::Credit, Vec::new()),
            Some(authors) if unbracketed.is_some() => (Kind::Credit, authors),
            // `摄影：陈亮` and `摄影 陈亮` are credits; `摄影记者 王皓` is one
            // under a caption, a byline under a title.
            Some(authors)
                if ends_with_photo_mark(text)
                    || ["摄影：", "摄影:", "摄影 ", "摄影　"]
                        .iter()
                        .any(|p| text.starts_with(p))
                    || text.starts_with("摄影记者")
                        && out.last().is_some_and(|l: &Line| {
                            l.kind == Kind::Text && ends_sentence(l.text)
                        }) =>
            {
                (Kind::Credit, authors)
            }
            Some(_) if reads_as_heading(text) => (Kind::Text, Vec::new()),
            Some(authors) => (Kind::Byline, authors),
            // `（记者 王皓）` right under a heading is that story's byline;
            // after a paragraph it signs the story above.
            None => match parse_bracketed_byline(text) {
                Some(authors)
                    if out.last().is_some_and(|l: &Line| {
                        l.kind == Kind::Text && l.is_heading_like() && !ends_sentence(l.text)
                    }) =>
                {
                    (Kind::Byline, authors)
                }
                _ => (Kind::Text, Vec::new()),
            },
        };
        let dateline = (kind == Kind::Text).then(|| parse_dateline(text)).flatten();
        let captioned = kind == Kind::Text && split_trailing_credit(text).is_some();
        let closing = kind == Kind::Text
            && !captioned
            && (CLOSING_LINES.iter().any(|c| text.starts_with(c))
                || parse_bracketed_byline(text).is_some()
                || split_trailing_signature(text).is_some());
        out.push(Line {
            text,
            kind,
            gap,
            authors,
            dateline,
            captioned,
            closing,
        });
        gap = 0;
    }
    // A bracketed byline read as the byline of the heading above it needs
    // that story's paragraph under it; over another heading it signs the
    // story above, whose short last line that heading was.
    for i in 0..out.len() {
        if out[i].kind == Kind::Byline
            && inside_brackets(out[i].text).is_some()
            && out
                .get(i + 1)
                .is_none_or(|next| next.kind != Kind::Text || next.is_heading_like())
        {
            out[i].kind = Kind::Text;
            out[i].authors = Vec::new();
            out[i].closing = true;
        }
    }
    out
}

/// Whether `text` opens with an enumeration (`一、`, `（一）`, `1.`, `①`):
/// a sub-heading's mark, never a story's title or kicker.
pub fn is_numbered(text: &str) -> bool {
    const NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let after = |rest: &str| rest.starts_with(['、', '.', '．']);
    if let Some(rest) = text.strip_prefix(['（', '(']) {
        let inner = rest.trim_start_matches(NUMERALS);
        return inner.len() < rest.len() && inner.starts_with(['）', ')']);
    }
    let cn = text.trim_start_matches(NUMERALS);
    if cn.len() < text.len() && cn.starts_with('、') {
        return true;
    }
    // 1. or 12、, not 1.2万名 or 2024，.
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let digits = text.trim_start_matches(is_digit);
    let count = text[..text.len() - digits.len()].chars().count();
    if (1..=2).contains(&count) && after(digits) && !digits.chars().nth(1).is_some_and(is_digit) {
        return true;
    }
    text.starts_with(|c: char| ('①'..='⑳').contains(&c))
}

/// Whether `text` ends a sentence with `！`, `？`, `。` or `…`, closing
/// quotes aside.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(CLOSERS)
        .ends_with(['。', '！', '？', '!', '?', '…', '；'])
}

impl Line<'_> {
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Could be a heading line (column, kicker, title or sub-heading).
    pub fn is_heading_like(&self) -> bool {
        self.is_heading_shaped(HEADING_MAX_CHARS)
    }

    /// Could be a title with its byline under it: a heading, allowed up
    /// to [`LONG_TITLE_MAX_CHARS`].
    pub fn is_long_title(&self) -> bool {
        self.is_heading_shaped(LONG_TITLE_MAX_CHARS)
    }

    fn is_heading_shaped(&self, max_chars: usize) -> bool {
        let commas = self.text.matches(['，', ',']).count();
        self.kind == Kind::Text
            && self.dateline.is_none()
            && !self.captioned
            && self.chars() <= max_chars
            && commas <= HEADING_MAX_COMMAS
            && !CLOSING_LINES.iter().any(|c| self.text.starts_with(c))
            && !is_numbered(self.text)
            && !self.text.contains('。')
            && !self
                .text
                .ends_with(['，', ',', '、', '：', ':', '；', ';', '）', ')'])
            && !self.text.starts_with(LIST_MARKS)
    }

    /// Could be a heading line above the title (column or kicker): a
    /// heading that does not end a sentence, or a short kicker ending in a
    /// colon (`蹲点调研：`).
    pub fn is_upper_heading(&self) -> bool {
        let colon_kicker = self.text.strip_suffix(['：', ':']).is_some_and(|t| {
            t.chars().count() <= COLUMN_MAX_CHARS && t.chars().all(char::is_alphanumeric)
        });
        (self.is_heading_like() || self.kind == Kind::Text && colon_kicker)
            && !ends_sentence(self.text)
    }

    /// A subtitle (副题) under a title: `——记…`, also typeset with one
    /// dash or with look-alikes (`—记…`, `--记…`, `－－记…`, `――记…`); as
    /// long as a long title.
    pub fn is_subtitle(&self) -> bool {
        let rest = self.text.trim_start_matches(SUBTITLE_DASHES);
        let dashes = self.text.len() - rest.len();
        self.kind == Kind::Text
            && dashes > 0
            && self.text[..dashes].chars().count() <= 2
            && rest.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '“' | '《' | '"'))
            && self.chars() <= LONG_TITLE_MAX_CHARS
            && !self.text.contains('。')
    }

    /// Could be a column name: short, one word, no punctuation.
    pub fn is_column_shaped(&self) -> bool {
        self.is_upper_heading()
            && self.chars() <= COLUMN_MAX_CHARS
            && self.text.chars().all(char::is_alphanumeric)
    }

    /// A short line without sentence punctuation at its end: a sub-heading.
    pub fn is_subheading(&self) -> bool {
        self.kind == Kind::Text
            && self.chars() <= SUBHEADING_MAX_CHARS
            && !self.text.ends_with(SENTENCE_END)
    }

    /// A list item or an attribution line.
    pub fn is_list_item(&self) -> bool {
        self.kind == Kind::Text && self.text.starts_with(['★', '☆', '●', '■', '◆', '▲'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_furniture_is_no_line_of_a_story() {
        for line in [
            "2024年3月5日 星期二 第3版 责任编辑：赵丽",
            "本版责编：赵丽 版式：王敏",
            "第３版",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "责任编辑：赵丽",
            "2024年3月5日，全市召开会议。",
            "第3版刊登了这篇报道",
            "星期二",
            "2024年3月5日　星期二",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
        let kinds: Vec<&str> = lines("2024年3月5日 星期二 第3版\n\n党建视窗\n\n本版责编：赵丽")
            .iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(kinds, ["党建视窗"]);
    }

    #[test]
    fn a_name_framed_by_one_mark_is_read_without_it() {
        assert_eq!(framed_name("◆基层风采◆"), Some("基层风采"));
        assert_eq!(framed_name("★ 身边榜样 ★"), Some("身边榜样"));
        assert_eq!(framed_name("◆基层风采"), None);
        assert_eq!(framed_name("●党员带头，群众跟着干●"), None);
        assert_eq!(framed_name("◆◆"), None);
    }
}
