//! Highlighted snippets, made from the stored text.
//!
//! The query's literal strings and jieba words are *needles*. They are found
//! in the text as the index sees it ([`normalize_chars`]: folded, traditional
//! characters simplified, zero-width characters removed, whitespace runs as
//! one space), every match is wrapped in `<mark>…</mark>` around the
//! original characters it stands for, and everything else is HTML-escaped.
//! A one-character function word (的, 了, 和, …) that is only a piece of a
//! longer query term is not a needle: marking every 的 helps no reader.
//!
//! Fragments are the windows of at most `fragment_chars` characters, counted
//! in characters, `…` included, that hold the most distinct needles. Each
//! is centred on its match, moved a little to start and end at sentence or
//! clause punctuation where that keeps the match near the middle.
//!
//! ```
//! use dangjian::search::snippet::Highlighter;
//! let h = Highlighter::new(&["集体经济".to_string()], &[]);
//! let frags = h.fragments("近年来，该旗发展集体经济。居民增收。", 3, 80);
//! assert_eq!(frags, vec!["近年来，该旗发展<mark>集体经济</mark>。居民增收。"]);
//! ```

use std::collections::HashMap;

use crate::analysis::{normalize, normalize_chars};

/// Where a fragment may start: after these.
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '\n', '!', '?', ';'];
/// Where a fragment may start if no sentence start fits: after these.
const CLAUSE_END: &[char] = &['，', '、', '：', ',', ':'];
const ELLIPSIS: char = '…';
/// Matches considered as fragment centres: enough for any real article.
const MAX_CANDIDATES: usize = 200;

/// Finds and marks the needles of one query.
///
/// A query has a handful of short needles and a page of hits has a few
/// thousand characters, so the matcher is a table of the needles by first
/// character, scanned once per text: building an Aho-Corasick automaton
/// per query cost more than all the matching it would save.
pub struct Highlighter {
    /// The needles, normalized.
    needles: Vec<Vec<char>>,
    /// Weight of each needle: literal strings count more than words.
    weights: Vec<u32>,
    /// Needle indexes by first character, longest needle first.
    by_first: HashMap<char, Vec<usize>>,
    /// A bit per `first character % 1024`: most characters of a text start
    /// no needle, and this says so without a hash lookup.
    first_bits: [u64; 16],
}

/// A match, in character positions of the text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    needle: usize,
}

/// One-character words that are not worth marking on their own: particles,
/// conjunctions, prepositions and the copula.
const FUNCTION_WORDS: &[char] = &[
    '的', '地', '得', '了', '着', '过', '和', '与', '及', '或', '而', '并', '且', '在', '是', '为',
    '对', '把', '被', '从', '向', '于', '以', '之', '其', '也', '都', '就', '将', '又', '等', '个',
    '这', '那', '吗', '呢', '吧', '啊',
];

/// True for a word needle that is a lone function word.
fn is_function_word(word: &[char]) -> bool {
    matches!(word, [c] if FUNCTION_WORDS.contains(c))
}

impl Highlighter {
    /// `literals` are the query's strings, `words` their jieba words; both
    /// are normalized here. A word that is a lone function word is dropped
    /// (a literal one, the whole query term, is kept).
    pub fn new(literals: &[String], words: &[String]) -> Self {
        let mut needles: Vec<Vec<char>> = Vec::new();
        let mut weights = Vec::new();
        for (list, weight) in [(literals, 3), (words, 1)] {
            for n in list {
                let n: Vec<char> = normalize(n).chars().collect();
                if weight == 1 && is_function_word(&n) {
                    continue;
                }
                if !n.is_empty() && !needles.contains(&n) {
                    needles.push(n);
                    weights.push(weight);
                }
            }
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, n) in needles.iter().enumerate() {
            by_first.entry(n[0]).or_default().push(i);
        }
        let mut first_bits = [0u64; 16];
        for (&c, list) in &mut by_first {
            list.sort_by_key(|&i| std::cmp::Reverse(needles[i].len()));
            let h = c as usize & 1023;
            first_bits[h >> 6] |= 1 << (h & 63);
        }
        Highlighter {
            needles,
            weights,
            by_first,
            first_bits,
        }
    }

    /// The matches in `chars`, in positions of `chars`: leftmost first and,
    /// among those starting at one place, the longest; not overlapping.
    fn spans(&self, chars: &[char]) -> Vec<Span> {
        if self.needles.is_empty() {
            return Vec::new();
        }
        let folded = normalize_chars(chars);
        let mut spans = self.folded_spans(&folded.chars);
        for m in &mut spans {
            (m.start, m.end) = folded.original_span(m.start, m.end);
        }
        spans
    }

    /// The matches in the folded text, in positions of the folded text.
    fn folded_spans(&self, text: &[char]) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let h = text[i] as usize & 1023;
            if self.first_bits[h >> 6] & (1 << (h & 63)) == 0 {
                i += 1;
                continue;
            }
            let found = self.by_first.get(&text[i]).and_then(|list| {
                list.iter()
                    .copied()
                    .find(|&n| text[i..].starts_with(&self.needles[n]))
            });
            match found {
                Some(n) => {
                    let end = i + self.needles[n].len();
                    spans.push(Span {
                        start: i,
                        end,
                        needle: n,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        spans
    }

    /// The whole text, escaped, with every match marked (for titles).
    pub fn highlight(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let spans = self.spans(&chars);
        render(&chars, 0, chars.len(), &spans)
    }

    /// Whether any needle occurs in `text`.
    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        !self.spans(&chars).is_empty()
    }

    /// Up to `count` fragments of at most `max_chars` characters, in text
    /// order. With no match, the lead of the text.
    pub fn fragments(&self, text: &str, count: usize, max_chars: usize) -> Vec<String> {
        if count == 0 || max_chars == 0 || text.is_empty() {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().collect();
        let spans = self.spans(&chars);
        if spans.is_empty() {
            let (s, e) = window(&chars, 0, 0, max_chars);
            if s >= e {
                return Vec::new();
            }
            return vec![decorate(&chars, s, e, &[], max_chars)];
        }

        let mut windows: Vec<(u32, usize, usize)> = spans
            .iter()
            .take(MAX_CANDIDATES)
            .map(|m| {
                let (s, e) = window(&chars, m.start, m.end, max_chars);
                (self.score(&spans, s, e), s, e)
            })
            .collect();
        // Best first; among equals, earlier first.
        windows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        for (_, s, e) in windows {
            if chosen.len() == count {
                break;
            }
            if chosen.iter().all(|&(cs, ce)| e <= cs || s >= ce) {
                chosen.push((s, e));
            }
        }
        chosen.sort_unstable();
        chosen
            .into_iter()
            .filter(|(s, e)| s < e)
            .map(|(s, e)| decorate(&chars, s, e, &spans, max_chars))
            .collect()
    }

    /// Distinct needles count most, then how many matches.
    fn score(&self, spans: &[Span], s: usize, e: usize) -> u32 {
        let mut seen: Vec<usize> = Vec::new();
        let mut score = 0;
        for m in spans.iter().filter(|m| m.start >= s && m.end <= e) {
            if !seen.contains(&m.needle) {
                seen.push(m.needle);
                score += 10 * self.weights[m.needle];
            }
            score += 1;
        }
        score
    }
}

/// The window, in characters, around the match `[ms, me)`: its visible text
/// and the `…` marks together fit in `max` characters, and the match is in
/// its middle. Each edge moves to a sentence (else clause) boundary when one
/// is within a quarter of the spare room of where centring puts it.
fn window(chars: &[char], ms: usize, me: usize, max: usize) -> (usize, usize) {
    let n = chars.len();
    // Room for the text itself, leaving one character per `…`.
    let room = max.saturating_sub(2).max(1);
    let me = me.min(ms + room);
    let spare = room - (me - ms);
    let slack = spare / 4;
    // Centred: as much before the match as after it, unless the text ends
    // first, and then the window takes more from before.
    let centred = ms
        .saturating_sub(spare / 2)
        .min(n.saturating_sub(room))
        .min(ms);
    let earliest = centred.saturating_sub(slack).max(me.saturating_sub(room));
    let latest = (centred + slack).min(ms);
    let nearest_start = |set: &[char]| {
        (earliest..=latest)
            .filter(|&i| i == 0 || set.contains(&chars[i - 1]))
            .min_by_key(|&i| i.abs_diff(centred))
    };
    let start = nearest_start(SENTENCE_END)
        .or_else(|| nearest_start(CLAUSE_END))
        .unwrap_or(centred);
    let start = skip_space(chars, start, ms);
    // End: as far as the room allows, pulled back to a sentence or clause
    // end near there.
    let limit = (start + room).min(n);
    let mut end = limit;
    if limit < n {
        let near = limit.saturating_sub(slack).max(me)..limit;
        if let Some(i) = near
            .clone()
            .rev()
            .find(|&i| SENTENCE_END.contains(&chars[i]))
        {
            end = i + 1;
        } else if let Some(i) = near.rev().find(|&i| CLAUSE_END.contains(&chars[i])) {
            end = i + 1;
        }
    }
    let mut end = end.max(me).min(n);
    while end > me && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (start, end)
}

fn skip_space(chars: &[char], mut i: usize, limit: usize) -> usize {
    while i < limit && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

/// Renders `[s, e)` with `…` where the text was cut.
/// An ellipsis is left out when the budget has no room for it.
fn decorate(chars: &[char], s: usize, e: usize, spans: &[Span], max: usize) -> String {
    let mut room = max.saturating_sub(e - s);
    let mut out = String::new();
    if s > 0 && chars[s - 1] != '\n' && room > 0 {
        out.push(ELLIPSIS);
        room -= 1;
    }
    out.push_str(&render(chars, s, e, spans));
    if e > 0 && e < chars.len() && !SENTENCE_END.contains(&chars[e - 1]) && room > 0 {
        out.push(ELLIPSIS);
    }
    out
}

/// Escapes `[s, e)` and marks the spans that lie inside it. Line breaks
/// become spaces.
fn render(chars: &[char], s: usize, e: usize, spans: &[Span]) -> String {
    let mut out = String::with_capacity((e - s) * 3 + 16);
    let mut i = s;
    for m in spans.iter().filter(|m| m.start >= s && m.end <= e) {
        escape_into(&chars[i..m.start], &mut out);
        out.push_str("<mark>");
        escape_into(&chars[m.start..m.end], &mut out);
        out.push_str("</mark>");
        i = m.end;
    }
    escape_into(&chars[i..e], &mut out);
    out
}

/// HTML-escapes characters into `out`.
pub fn escape_into(chars: &[char], out: &mut String) {
    for &c in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// HTML-escapes a string.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    escape_into(&chars, &mut out);
    out
}

/// The visible text of a fragment: tags removed, entities decoded.
pub fn visible_text(html: &str) -> String {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    proptest! {
        /// The first-character table finds exactly what Aho-Corasick's
        /// leftmost-longest search finds in the folded text, on texts dense
        /// with matches.
        #[test]
        fn spans_match_aho_corasick_leftmost_longest(
            literals in proptest::collection::vec("[ab集体经 Ａ]{1,4}", 1..6),
            words in proptest::collection::vec("[ab集体]{1,3}", 0..4),
            text in "[ab集體体经济 ＡA\n\u{200B}]{0,80}",
        ) {
            let h = Highlighter::new(&literals, &words);
            let chars: Vec<char> = normalize_chars(&text.chars().collect::<Vec<_>>()).chars;
            let got: Vec<(usize, usize, usize)> =
                h.folded_spans(&chars).iter().map(|m| (m.start, m.end, m.needle)).collect();

            let folded: String = chars.iter().collect();
            let char_at: Vec<usize> = {
                let mut v = vec![0; folded.len() + 1];
                for (i, (b, _)) in folded.char_indices().enumerate() {
                    v[b] = i;
                }
                v[folded.len()] = chars.len();
                v
            };
            let patterns: Vec<String> = h.needles.iter().map(|n| n.iter().collect()).collect();
            let want: Vec<(usize, usize, usize)> = if patterns.is_empty() {
                Vec::new()
            } else {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .unwrap()
                    .find_iter(&folded)
                    .map(|m| (char_at[m.start()], char_at[m.end()], m.pattern().as_usize()))
                    .collect()
            };
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn fragments_fit_the_budget_in_characters() {
        let text = "前言。".repeat(50) + "这里说到了集体经济的发展" + &"后记，".repeat(50);
        let h = Highlighter::new(&["集体经济".to_string()], &[]);
        for max in [20, 33, 80, 200] {
            let frags = h.fragments(&text, 3, max);
            assert_eq!(frags.len(), 1);
            assert!(frags[0].contains("<mark>集体经济</mark>"));
            assert!(
                visible_text(&frags[0]).chars().count() <= max,
                "{max}: {}",
                frags[0]
            );
        }
    }

    #[test]
    fn escapes_everything_but_the_marks() {
        let h = Highlighter::new(&["<script>".to_string()], &[]);
        let t = h.highlight("a <script>alert(1)</script> & b");
        assert_eq!(
            t,
            "a <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; b"
        );
    }

    #[test]
    fn without_a_match_the_lead_is_the_snippet() {
        let h = Highlighter::new(&["不存在".to_string()], &[]);
        let f = h.fragments("第一句话。第二句话。", 3, 80);
        assert_eq!(f, vec!["第一句话。第二句话。"]);
    }

    #[test]
    fn matches_full_width_text_with_half_width_needles() {
        let h = Highlighter::new(&["2023年".to_string()], &[]);
        assert_eq!(h.highlight("２０２３年"), "<mark>２０２３年</mark>");
    }

    #[test]
    fn traditional_text_is_marked_for_a_simplified_query_and_back() {
        let h = Highlighter::new(&["党建".to_string()], &[]);
        assert_eq!(h.highlight("抓好黨建工作"), "抓好<mark>黨建</mark>工作");
        let h = Highlighter::new(&["黨建".to_string()], &[]);
        assert_eq!(h.highlight("抓好党建工作"), "抓好<mark>党建</mark>工作");
    }

    #[test]
    fn marks_cover_the_original_characters_around_removed_ones() {
        let h = Highlighter::new(&["集体经济".to_string()], &[]);
        assert_eq!(
            h.highlight("发展集体\u{200B}经济。"),
            "发展<mark>集体\u{200B}经济</mark>。"
        );
        let h = Highlighter::new(&["二〇一二年".to_string()], &[]);
        assert_eq!(h.highlight("于二○一二年"), "于<mark>二○一二年</mark>");
    }

    #[test]
    fn whitespace_runs_count_as_one_space_like_the_index() {
        let h = Highlighter::new(&["科学发展 成就辉煌".to_string()], &[]);
        assert_eq!(
            h.highlight("科学发展\u{3000}\n  成就辉煌"),
            "<mark>科学发展\u{3000}   成就辉煌</mark>"
        );
        assert_eq!(h.highlight("科学发展成就辉煌"), "科学发展成就辉煌");
    }

    #[test]
    fn lone_function_words_split_from_a_term_are_not_marked() {
        let words: Vec<String> = ["发展", "的", "集体经济"].map(String::from).to_vec();
        let h = Highlighter::new(&["发展的集体经济".to_string()], &words);
        assert_eq!(
            h.highlight("我的集体经济在发展"),
            "我的<mark>集体经济</mark>在<mark>发展</mark>"
        );
        // The function word searched for on its own is still marked.
        let h = Highlighter::new(&["的".to_string()], &["的".to_string()]);
        assert_eq!(h.highlight("我的书"), "我<mark>的</mark>书");
    }

    #[test]
    fn a_fragment_is_centred_on_its_match() {
        let text =
            "今天天气很好。".repeat(20) + "这里说到了集体经济的发展。" + &"明天也会好。".repeat(20);
        let h = Highlighter::new(&["集体经济".to_string()], &[]);
        for max in [30, 40, 60, 80] {
            let frags = h.fragments(&text, 1, max);
            let frag = &frags[0];
            let (before, rest) = frag.split_once("<mark>").unwrap();
            let (_, after) = rest.split_once("</mark>").unwrap();
            let before = before.trim_start_matches(ELLIPSIS).chars().count();
            let after = after.trim_end_matches(ELLIPSIS).chars().count();
            let spare = max - 2 - 4;
            assert!(
                before.abs_diff(after) <= spare / 2,
                "{max}: {before} before, {after} after: {frag}"
            );
            assert!(visible_text(frag).chars().count() <= max, "{max}: {frag}");
        }
    }
}
