//! Input-style strings, made from the archive at run time (never committed:
//! the passages are corpus text): what people type or paste, where a
//! normalization bug would hide. Strings with spaces, Latin letters,
//! digits, full-width forms and punctuation, IME quotes (“…” 「…」),
//! traditional characters and long pasted passages. Each is checked for
//! exactness against [`crate::truth`]; none is timed, so the latency mix
//! stays the committed set's.
//!
//! Sampling is deterministic: the same archive gives the same strings.

use dangjian::Article;

use crate::queries::BenchQuery;

/// Traditional-character spellings of common archive words (typed, not
/// taken from the archive): each must count like its simplified form.
pub const TRADITIONAL: &[&str] = &[
    "黨建",
    "習近平",
    "中國共產黨",
    "國務院",
    "經濟發展",
    "人民代表大會",
    "脫貧攻堅",
    "鄉村振興",
    "從嚴治黨",
    "新聞聯播",
    "黨中央",
    "改革開放",
    "國際",
    "環境保護",
    "創新驅動",
    "質量",
    "義務教育",
    "衛生健康",
    "廣東",
    "體育",
    "農業農村",
    "兩會",
    "發展",
    "會議",
];

/// How many strings of each sampled kind.
const PER_KIND: usize = 30;
const PASSAGES: usize = 10;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Characters that would make a string query syntax rather than text.
fn is_syntax(c: char) -> bool {
    matches!(c, '"' | '\\' | '-' | ':' | '＂' | '－' | '：')
}

/// Full-width form of each printable ASCII character.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Whitespace runs as one space, ends trimmed.
fn one_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A window of `len` characters of some body that `ok` accepts, from a
/// few hundred tries; `None` when none is found.
fn window(
    articles: &[Article],
    rng: &mut Rng,
    len: (usize, usize),
    ok: impl Fn(&[char]) -> bool,
) -> Option<String> {
    for _ in 0..400 {
        let a = &articles[rng.below(articles.len())];
        let body: Vec<char> = a.body_text().chars().collect();
        let n = len.0 + rng.below(len.1 - len.0 + 1);
        if body.len() <= n {
            continue;
        }
        let start = rng.below(body.len() - n);
        let w = &body[start..start + n];
        let ends_ok = !w[0].is_whitespace() && !w[n - 1].is_whitespace();
        if ends_ok && !w.iter().any(|&c| is_syntax(c)) && ok(w) {
            return Some(w.iter().collect());
        }
    }
    None
}

/// The input-style strings for `articles`.
pub fn queries(articles: &[Article]) -> Vec<BenchQuery> {
    let mut rng = Rng(20_261_129);
    let mut out = Vec::new();
    let mut push = |kind: &str, q: String| {
        if !out.iter().any(|b: &BenchQuery| b.q == q) {
            out.push(BenchQuery::new(kind, q));
        }
    };
    if articles.is_empty() {
        return Vec::new();
    }
    for _ in 0..PER_KIND {
        let spaced = window(articles, &mut rng, (5, 9), |w| {
            w.iter().any(|c| c.is_whitespace()) && w.iter().filter(|c| is_cjk(**c)).count() >= 2
        });
        if let Some(s) = spaced {
            push("spaced", one_space(&s));
        }
        if let Some(s) = window(articles, &mut rng, (3, 8), |w| {
            w.iter().any(char::is_ascii_alphabetic) && !w.iter().any(|c| c.is_whitespace())
        }) {
            push("latin", s);
        }
        if let Some(s) = window(articles, &mut rng, (3, 7), |w| {
            w.iter().any(char::is_ascii_digit)
                && w.iter().any(|c| is_cjk(*c))
                && !w.iter().any(|c| c.is_whitespace())
        }) {
            push("digits", s.clone());
            push("fullwidth", full_width(&s));
        }
        if let Some(s) = window(articles, &mut rng, (3, 8), |w| {
            w.iter().any(|c| "，。、《》；（）“”！？".contains(*c))
                && !w.iter().any(|c| c.is_whitespace())
        }) {
            push("punct", s);
        }
    }
    for i in 0..PER_KIND / 2 {
        if let Some(s) = window(articles, &mut rng, (3, 6), |w| w.iter().all(|c| is_cjk(*c))) {
            let q = if i % 2 == 0 {
                format!("“{s}”")
            } else {
                format!("「{s}」")
            };
            push("ime_quoted", q);
        }
    }
    for t in TRADITIONAL {
        push("traditional", t.to_string());
    }
    for _ in 0..PASSAGES {
        if let Some(s) = window(articles, &mut rng, (120, 400), |w| {
            w.iter().filter(|c| is_cjk(**c)).count() > w.len() / 2
        }) {
            push("passage", one_space(&s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_turns_ascii_into_its_wide_form() {
        assert_eq!(full_width("G20峰会 2023"), "Ｇ２０峰会 ２０２３");
    }

    #[test]
    fn the_same_articles_give_the_same_strings() {
        let a = Article {
            id: "x1".into(),
            title: "标题".into(),
            body: vec![
                "今年 G20 峰会在杭州举行，2016年9月4日开幕。“绿水青山就是金山银山”。".repeat(8),
            ],
            ..Article::default()
        };
        let first = queries(std::slice::from_ref(&a));
        let second = queries(std::slice::from_ref(&a));
        assert_eq!(
            first.iter().map(|q| &q.q).collect::<Vec<_>>(),
            second.iter().map(|q| &q.q).collect::<Vec<_>>()
        );
        assert!(first.iter().any(|q| q.kind == "latin"));
        assert!(first.iter().any(|q| q.kind == "fullwidth"));
    }
}
