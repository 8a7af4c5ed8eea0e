//! The page reader: one raw newspaper page (plain text) into its articles.
//!
//! A page is a sequence of lines: headings (column, kicker, title), bylines,
//! body paragraphs, and photo captions with their credit. The reader:
//!
//! 1. classifies each line;
//! 2. finds where articles start: the heading block over a byline, a known
//!    column name, and a photo (heading, caption, credit);
//! 3. cuts the page there, reads each heading block into column, kicker and
//!    title, collects the bylines into authors, and keeps the rest as body;
//! 4. re-joins paragraphs that the layout broke mid-sentence
//!    (`生活困难` / `户、残疾人`), so a phrase across the break is one phrase.

use chrono::NaiveDate;

use super::byline::{parse_byline, split_trailing_credit};
use crate::article::{Article, Author};

/// Column (栏目) names this newspaper prints over its articles.
pub const KNOWN_COLUMNS: &[&str] = &[
    "北疆党旗红",
    "掠影",
    "每周一学",
    "微光成炬",
    "初心如磐",
    "党建视窗",
    "基层风采",
    "身边榜样",
];

/// A heading line is at most this many characters.
const HEADING_MAX_CHARS: usize = 40;
/// A sub-heading inside a story is at most this many characters.
const SUBHEADING_MAX_CHARS: usize = 20;
/// Characters that end a sentence; a paragraph ending otherwise was broken.
const SENTENCE_END: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '」', '』', '）', ')', '!', '?', ';', ':', '.',
    '—', '》',
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A byline on a line of its own.
    Byline,
    /// A photo credit (`… 摄`) on a line of its own.
    Credit,
    /// Any other line.
    Text,
}

#[derive(Debug)]
struct Line<'a> {
    text: &'a str,
    kind: Kind,
    authors: Vec<Author>,
}

impl Line<'_> {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Could be part of a heading block: short, and not a finished sentence.
    fn is_heading_like(&self) -> bool {
        self.kind == Kind::Text
            && self.chars() <= HEADING_MAX_CHARS
            && !self.text.ends_with(['。', ')', '）'])
            && !self.text.starts_with(LIST_MARKS)
    }

    fn is_column(&self) -> bool {
        self.kind == Kind::Text && KNOWN_COLUMNS.contains(&self.text)
    }

    /// A short line without sentence punctuation at its end: a sub-heading.
    fn is_subheading(&self) -> bool {
        self.kind == Kind::Text
            && self.chars() <= SUBHEADING_MAX_CHARS
            && !self.text.ends_with(SENTENCE_END)
    }
}

/// Reads a page into its articles. `name` is the file name (it makes the
/// ids, see [`ids`](super::ids), and the `source`); `date` applies to every article.
pub fn read_page(text: &str, name: &str, date: Option<NaiveDate>) -> Vec<Article> {
    let lines: Vec<Line> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|text| match parse_byline(text) {
            Some(authors) if text.ends_with('摄') => Line {
                text,
                kind: Kind::Credit,
                authors,
            },
            Some(authors) => Line {
                text,
                kind: Kind::Byline,
                authors,
            },
            None => Line {
                text,
                kind: Kind::Text,
                authors: Vec::new(),
            },
        })
        .collect();
    if lines.is_empty() {
        return Vec::new();
    }

    let starts = article_starts(&lines);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut articles = Vec::new();
    for (n, &(start, headings)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |s| s.0);
        let mut article = build_article(&lines[start..end], headings);
        article.source = Some(name.to_string());
        article.date = date.map(|d| d.format("%Y-%m-%d").to_string());
        articles.push(article);
    }
    super::ids::assign_page_ids(stem, &mut articles);
    articles
}

/// Where each article starts, and how many heading lines it opens with.
fn article_starts(lines: &[Line]) -> Vec<(usize, usize)> {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut taken = vec![false; lines.len()];
    let mut push = |start: usize, headings: usize, taken: &mut Vec<bool>| {
        if taken[start..start + headings].iter().any(|t| *t) {
            return;
        }
        taken[start..start + headings].fill(true);
        starts.push((start, headings));
    };

    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            // The heading block right over a byline.
            Kind::Byline => {
                let mut s = i;
                while s > 0 && i - s < 4 && lines[s - 1].is_heading_like() {
                    s -= 1;
                }
                if s < i {
                    push(s, i - s, &mut taken);
                }
            }
            // A photo: heading, one caption paragraph, credit.
            Kind::Credit => {
                if i >= 2 && lines[i - 1].kind == Kind::Text && lines[i - 2].is_heading_like() {
                    let mut s = i - 2;
                    if s > 0 && lines[s - 1].is_column() {
                        s -= 1;
                    }
                    push(s, i - 1 - s, &mut taken);
                }
            }
            Kind::Text => {}
        }
    }
    // A known column opens an article, with the heading lines under it.
    for (i, line) in lines.iter().enumerate() {
        if line.is_column() && !taken[i] {
            let mut e = i + 1;
            while e < lines.len() && e - i < 3 && lines[e].is_subheading() && !taken[e] {
                e += 1;
            }
            push(i, e - i, &mut taken);
        }
    }
    starts.sort_unstable();
    // Text before the first recognised article is an article of its own,
    // headed by its first line: nothing on the page is dropped.
    if starts.first().is_none_or(|s| s.0 > 0) {
        starts.insert(0, (0, 1));
    }
    starts
}

/// Builds one article from its lines; the first `headings` lines are its
/// heading block.
fn build_article(lines: &[Line], headings: usize) -> Article {
    let (head, rest) = lines.split_at(headings.min(lines.len()));
    let mut article = Article::default();
    match head {
        [] => {}
        [only] => {
            if only.is_column() {
                article.column = Some(only.text.to_string());
            }
            article.title = only.text.to_string();
        }
        [first, middle @ .., last] => {
            article.title = last.text.to_string();
            let is_column = first.is_column()
                || first.chars() <= 6 && !first.text.contains(char::is_whitespace);
            let kicker: Vec<&str> = if is_column {
                article.column = Some(first.text.to_string());
                middle.iter().map(|l| l.text).collect()
            } else {
                std::iter::once(first.text)
                    .chain(middle.iter().map(|l| l.text))
                    .collect()
            };
            if !kicker.is_empty() {
                article.kicker = Some(kicker.join(" "));
            }
        }
    }

    let mut paragraphs: Vec<String> = Vec::new();
    // Whether the last paragraph may continue on the next line.
    let mut open = false;
    for line in rest {
        if line.kind != Kind::Text {
            article.authors.extend(line.authors.iter().cloned());
            open = false;
            continue;
        }
        let mut text = line.text;
        if let Some((caption, credit)) = split_trailing_credit(text) {
            article.authors.extend(credit);
            text = caption;
        }
        let continues = open && !line.is_subheading() && !starts_paragraph(text);
        match paragraphs.last_mut() {
            Some(last) if continues => last.push_str(text),
            _ => paragraphs.push(text.to_string()),
        }
        open = !line.is_subheading() && !text.starts_with("——") && !text.ends_with(SENTENCE_END);
    }
    if paragraphs.is_empty() {
        // A lone heading: keep it searchable rather than drop it.
        paragraphs.push(article.title.clone());
    }
    article.body = paragraphs;
    article
}

/// Lines that open a paragraph of their own even after a broken one.
fn starts_paragraph(text: &str) -> bool {
    text.starts_with(LIST_MARKS) || text.starts_with(['“', '"', '「'])
}

/// Marks of list items and attributions (`★…`, `——2023年6月2日…`).
const LIST_MARKS: &[char] = &['★', '☆', '●', '■', '□', '—'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejoins_a_paragraph_broken_mid_word() {
        let page = "标题在这里\n\n□本报记者 许敬\n\n我们创办了公司，在创收的同时，还能解决辖区生活困难\n\n户、残疾人的就业问题。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].body,
            vec!["我们创办了公司，在创收的同时，还能解决辖区生活困难户、残疾人的就业问题。"]
        );
    }

    #[test]
    fn keeps_subheadings_as_their_own_paragraphs() {
        let page = "标题\n□本报记者 宋爽\n第一段没有写完\n办讲堂，精准培训赋能\n第二段。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(
            a[0].body,
            vec!["第一段没有写完", "办讲堂，精准培训赋能", "第二段。"]
        );
    }

    #[test]
    fn text_without_any_article_marks_is_one_article() {
        let a = read_page("只有一段文字。", "x.txt", None);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].title, "只有一段文字。");
        assert_eq!(a[0].body, vec!["只有一段文字。"]);
    }
}
