//! Where the stories of a page start.
//!
//! A story starts with its heading block (column, kicker, title), and the
//! block is recognised by what follows it, strongest first:
//!
//! 1. a byline line (`□本报记者 王皓`);
//! 2. a first paragraph that opens with a dateline (`本报讯（记者 王皓）…`);
//! 3. a caption with its photo credit (`白燕荣 摄`): a photo item;
//! 4. list items (`★…`): a quotes column such as 每周一学;
//! 5. a known column name over headings;
//! 6. nothing: two or more heading lines in a row, a heading after a photo
//!    item, or one after a wide gap (two blank lines or more) over a
//!    paragraph. These starts are guesses, and are reported as such.
//!
//! A single heading line between paragraphs is a sub-heading of the story
//! it is in.

use super::layout::{Kind, Line, SENTENCE_END, ends_sentence};

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

/// Column names of news briefs (简讯): under one, each heading line over
/// a paragraph is an item of its own, not a sub-heading of the item above.
pub const BRIEFS_COLUMNS: &[&str] = &[
    "简讯",
    "短讯",
    "快讯",
    "综合新闻",
    "新闻速递",
    "新闻速览",
    "要闻简报",
    "动态",
    "资讯",
    "简报",
];

/// Most heading lines over a title (column and kicker).
const MAX_UPPER_HEADINGS: usize = 2;
/// Blank lines that separate the items of a page rather than paragraphs.
const WIDE_GAP: usize = 2;

/// Why a start was a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// Headings with no byline, dateline, photo or list under them.
    Headings,
    /// The text opening the page, before any recognised story.
    PageOpening,
}

/// One story's start: its first line and how many heading lines it opens
/// with; `guess` when nothing but the headings' shape marked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    pub line: usize,
    pub headings: usize,
    pub guess: Option<Guess>,
}

pub fn is_known_column(text: &str) -> bool {
    KNOWN_COLUMNS.contains(&text)
}

struct Finder<'l, 'a> {
    lines: &'l [Line<'a>],
    taken: Vec<bool>,
    starts: Vec<Start>,
}

impl Finder<'_, '_> {
    /// The heading block that ends right above line `end`: its first line.
    /// The title (the last line) may end like a sentence; lines above it
    /// may not (a `！”` quote closing a paragraph is not a kicker).
    fn block_above(&self, end: usize) -> Option<usize> {
        let lines = self.lines;
        let mut s = end;
        // A subtitle (——记…) right under the title.
        if s > 0 && lines[s - 1].is_subtitle() && !self.taken[s - 1] {
            s -= 1;
        }
        if s == 0 || !lines[s - 1].is_long_title() || self.taken[s - 1] {
            return None;
        }
        s -= 1;
        let title = s;
        while s > 0
            && title - s < MAX_UPPER_HEADINGS
            && lines[s - 1].is_upper_heading()
            && !self.taken[s - 1]
        {
            s -= 1;
        }
        Some(s)
    }

    fn push(&mut self, line: usize, headings: usize, guess: Option<Guess>) -> bool {
        if headings == 0 || self.taken[line..line + headings].iter().any(|t| *t) {
            return false;
        }
        self.taken[line..line + headings].fill(true);
        self.starts.push(Start {
            line,
            headings,
            guess,
        });
        true
    }

    fn push_block_above(&mut self, end: usize, guess: Option<Guess>) -> bool {
        match self.block_above(end) {
            Some(s) => self.push(s, end - s, guess),
            None => false,
        }
    }

    /// The heading lines from `i` down, when a paragraph follows them.
    fn block_below(&self, i: usize) -> usize {
        let lines = self.lines;
        let mut e = i;
        while e < lines.len()
            && e - i <= MAX_UPPER_HEADINGS
            && !self.taken[e]
            && (lines[e].is_heading_like() || e > i && lines[e].is_subtitle())
            && (e == i || !ends_sentence(lines[e - 1].text))
        {
            e += 1;
        }
        e - i
    }
}

/// Finds where the stories of `lines` start, in page order.
pub fn find(lines: &[Line]) -> Vec<Start> {
    let mut f = Finder {
        lines,
        taken: vec![false; lines.len()],
        starts: Vec::new(),
    };
    // Photo items end at their credit; what follows starts anew.
    let mut after_photo = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            Kind::Byline => {
                if i > 0 && lines[i - 1].kind == Kind::Byline || closes_a_story(lines, i) {
                    continue;
                }
                // A lead-in between the title and the byline
                // (`核心提示：…`) is the story's first paragraph.
                if !f.push_block_above(i, None) && i > 0 && is_lead_in(lines[i - 1].text) {
                    f.push_block_above(i - 1, None);
                }
            }
            Kind::Credit => {
                // Heading, caption (perhaps broken by the layout, or of
                // two sentences: …检修农机具。/ 图为…), credit.
                if i >= 2 && lines[i - 1].kind == Kind::Text {
                    let mut c = i - 1;
                    while c > 0
                        && lines[c - 1].kind == Kind::Text
                        && (!lines[c - 1].is_heading_like()
                            && !lines[c - 1].text.ends_with(SENTENCE_END)
                            || is_numbered_caption(lines[c].text)
                                && is_numbered_caption(lines[c - 1].text))
                    {
                        c -= 1;
                    }
                    let mut pushed = f.push_block_above(c, None);
                    // One sentence more of caption, then the heading: a
                    // guess (it may be a sub-heading over a paragraph and a
                    // photo of the story it is in).
                    if !pushed
                        && c >= 2
                        && lines[c - 1].kind == Kind::Text
                        && !lines[c - 1].is_heading_like()
                        && lines[c - 2].is_heading_like()
                    {
                        pushed = f.push_block_above(c - 1, Some(Guess::Headings));
                    }
                    if pushed {
                        after_photo.push(i + 1);
                    }
                }
            }
            Kind::Text if line.captioned => {
                if f.push_block_above(i, None) {
                    after_photo.push(i + 1);
                }
            }
            Kind::Text if line.dateline.is_some() => {
                f.push_block_above(i, None);
            }
            // A quotes column's items are sentences (`★党的力量来自组织。`);
            // `■ 选得准 立得住` is a sub-heading.
            Kind::Text if line.is_list_item() && line.text.ends_with(SENTENCE_END) => {
                if i > 0 && !lines[i - 1].is_list_item() {
                    f.push_block_above(i, None);
                }
            }
            Kind::Text => {}
        }
    }
    // A known column opens a story, with the heading lines under it.
    for (i, line) in lines.iter().enumerate() {
        if line.kind == Kind::Text && is_known_column(line.text) && !f.taken[i] {
            let n = f.block_below(i).max(1);
            f.push(i, n, None);
        }
    }
    // Guesses: headings that nothing else marked.
    for i in after_photo {
        if i < lines.len() && !f.taken[i] {
            let n = f.block_below(i);
            f.push(i, n, Some(Guess::Headings));
        }
    }
    for i in 0..lines.len() {
        if f.taken[i] || !lines[i].is_heading_like() {
            continue;
        }
        let fresh = i == 0 || lines[i].gap >= WIDE_GAP || ends_paragraph(&lines[i - 1]);
        // A story signed at its end (`□李　明`, `本报评论员` under its
        // last paragraph): what follows is another story.
        let signed = i > 0 && (lines[i - 1].closing || closes_a_story(lines, i - 1));
        let n = f.block_below(i);
        let next = lines.get(i + n);
        let over_paragraph =
            next.is_some_and(|l| l.kind == Kind::Text && !l.is_heading_like() && !f.taken[i + n]);
        if (fresh || signed)
            && over_paragraph
            && (n >= 2 || signed || lines[i].gap >= WIDE_GAP && i > 0)
        {
            f.push(i, n, Some(Guess::Headings));
        }
    }
    f.starts.sort_unstable_by_key(|s| s.line);
    briefs(&mut f);
    // Text before the first recognised story is a story of its own, headed
    // by its first line: nothing on the page is dropped.
    if f.starts.first().is_none_or(|s| s.line > 0) && !lines.is_empty() {
        f.starts.insert(
            0,
            Start {
                line: 0,
                headings: 1,
                guess: Some(Guess::PageOpening),
            },
        );
    }
    f.starts
}

/// What a lead-in printed between a title and its byline opens with.
pub const LEAD_INS: &[&str] = &["核心提示", "导读", "内容提要", "阅读提示", "编者按"];

/// Whether `text` is such a lead-in.
pub fn is_lead_in(text: &str) -> bool {
    LEAD_INS.iter().any(|l| text.starts_with(l))
}

/// Whether the byline at `i` signs the story above rather than heads the
/// one below: a heading or the page's end follows it, and a paragraph
/// that ends a sentence precedes it (`…贡献力量！` / `□李　明` / next title).
fn closes_a_story(lines: &[Line], i: usize) -> bool {
    if i == 0
        || lines[i].kind != Kind::Byline
        || !lines.get(i + 1).is_none_or(Line::is_heading_like)
    {
        return false;
    }
    let above = &lines[i - 1];
    // A line shaped like a title (`…贡献力量！`) signs off only under a
    // paragraph's end, and over a heading or nothing: a title ending in ！
    // over its byline and a quoted or questioning lede
    // (`“王书记，能给我们小区装个充电桩吗？”`) heads a story.
    let title_shaped = above.is_long_title();
    above.kind == Kind::Text
        && (ends_sentence(above.text) || above.closing)
        && (!title_shaped
            || i >= 2
                && ends_paragraph(&lines[i - 2])
                && lines.get(i + 1).is_none_or(|l| !ends_sentence(l.text)))
}

/// A brief's title is a headline (`赤峰市举办招聘会`), longer than most
/// sub-headings of a story (`强化组织保障`); a shorter one counts over a
/// news lede (`近日，…`).
const BRIEF_TITLE_MIN_CHARS: usize = 8;

/// How a brief's first paragraph opens.
const LEDE_OPENINGS: &[&str] = &[
    "近日",
    "日前",
    "今年以来",
    "本报讯",
    "记者从",
    "据了解",
    "连日来",
];

/// Under a briefs column (`综合新闻`, `简讯`), each headline-long heading
/// line over a paragraph, after one that ends a sentence, starts an item.
/// The column runs on over items that other marks started (a dateline)
/// while they are one title line with no byline under it, up to a wide
/// gap. These starts are guesses.
fn briefs(f: &mut Finder) {
    let lines = f.lines;
    let mut added = Vec::new();
    let mut in_briefs = false;
    for (k, start) in f.starts.iter().enumerate() {
        let block = &lines[start.line..start.line + start.headings];
        let bylined = lines
            .get(start.line + start.headings)
            .is_some_and(|l| l.kind == Kind::Byline);
        in_briefs = if block.iter().any(|l| BRIEFS_COLUMNS.contains(&l.text)) {
            true
        } else {
            in_briefs && start.headings == 1 && !bylined && lines[start.line].gap < WIDE_GAP
        };
        if !in_briefs {
            continue;
        }
        let end = f.starts.get(k + 1).map_or(lines.len(), |s| s.line);
        for i in start.line + start.headings + 1..end {
            let over_paragraph = lines
                .get(i + 1)
                .is_some_and(|l| i + 1 < end && l.kind == Kind::Text && !l.is_heading_like());
            if lines[i].gap >= WIDE_GAP {
                break;
            }
            let lede = lines
                .get(i + 1)
                .is_some_and(|l| LEDE_OPENINGS.iter().any(|o| l.text.starts_with(o)));
            if lines[i].is_heading_like()
                && (lines[i].chars() >= BRIEF_TITLE_MIN_CHARS || lede)
                && !f.taken[i]
                && ends_paragraph(&lines[i - 1])
                && over_paragraph
            {
                added.push(i);
            }
        }
    }
    for i in added {
        f.push(i, 1, Some(Guess::Headings));
    }
    f.starts.sort_unstable_by_key(|s| s.line);
}

/// Whether a paragraph closes here (a heading block may follow): a
/// sentence's end, or the attribution closing a quotes column's item
/// (`——摘自…`). Right under a byline is the story's own text, never a new
/// heading block.
fn ends_paragraph(line: &Line) -> bool {
    line.kind == Kind::Text && (ends_sentence(line.text) || line.text.starts_with("——"))
}

/// A photo story's numbered caption: `图①：…`, `图1：…`, `（图②）…`.
fn is_numbered_caption(text: &str) -> bool {
    let text = text.trim_start_matches(['（', '(']);
    text.strip_prefix('图').is_some_and(|rest| {
        rest.starts_with(|c: char| ('①'..='⑳').contains(&c) || c.is_ascii_digit())
    })
}
