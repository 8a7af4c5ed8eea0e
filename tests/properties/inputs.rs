//! The generators the properties share: hostile characters and strings,
//! query tokens, queries, realistic queries and sort orders.

use proptest::prelude::*;

use dangjian::search::Sort;

/// Characters that make text hard: CJK, full-width forms, emoji, combining
/// marks, control characters, odd whitespace, quotes and brackets, and any
/// character at all.
pub(super) fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        6 => prop::sample::select("集体经济社区头雁工程宝日呼吉尔党建乡村振兴史连成".chars().collect::<Vec<_>>()),
        4 => prop::char::range(' ', '~'),
        2 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        2 => prop::sample::select(vec![
            '"', '＂', '“', '”', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '&', '-', ':',
            '：', '，', '。', '、', '；', '！', '？', '…', '—', '·', '《', '》', '「', '」',
        ]),
        2 => prop::sample::select(vec![
            ' ', ' ', '\t', '\n', '\r', '\u{3000}', '\u{A0}', '\u{2028}', '\u{2029}',
            '\u{200B}', '\u{FEFF}', '\u{0B}', '\u{0C}', '\u{85}',
        ]),
        1 => prop::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::char::range('\u{0300}', '\u{036F}'),
        1 => prop::char::range('\u{0}', '\u{1F}'),
        1 => prop::char::range('\u{7F}', '\u{9F}'),
        1 => prop::sample::select(vec!['İ', 'ß', 'ẞ', 'Σ', 'ǅ', '\u{FFFD}', '\u{10FFFF}', '\u{E000}']),
        2 => any::<char>(),
    ]
}

pub(super) fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// A piece of a query: operators, field prefixes, quotes, words, junk.
pub(super) fn query_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => hostile_string(8),
        3 => prop::sample::select(vec![
            "OR", "NOT", "-", "--", "\"", "＂", "\"\"", "title:", "author:", "column:", "tag:",
            "title:\"", "-title:", "-\"", "NOT\"", "AND", "||", "&&", "*", "?", "~", "^2", "\\",
            "(", ")", "[", "]", "{", "}", "<mark>", "&amp;", "%", "%ZZ", "+", ":", "：",
            "“", "”", "‘", "’", "「", "」", "『", "』", "《", "》", "－", "＋", "（", "）",
            "title：", "-“", "，", "。",
        ])
        .prop_map(str::to_string),
        3 => prop::sample::select(vec![
            "集体经济", "宝日呼吉尔", "头雁", "头雁工程", "史连成", "宋爽", "北疆党旗红", "掠影",
            "2023年", "市宝日", "充电桩", "乡村振兴", "党建", "社区", "a", "Ａ", "1",
        ])
        .prop_map(str::to_string),
    ]
}

/// A query as a user might paste it, at most `max_chars` characters.
pub(super) fn query(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            query_token(),
            prop::sample::select(vec!["", " ", " ", "  ", "\t", "\u{3000}"]),
        ),
        0..40,
    )
    .prop_map(move |parts| {
        let s: String = parts
            .into_iter()
            .flat_map(|(t, sep)| [t, sep.to_string()])
            .collect();
        s.chars().take(max_chars).collect()
    })
}

/// A short query a newsroom user might type: words of the bundled page
/// with operators, so that the query matches articles (the long random
/// ones rarely match anything, and then exclusions are never consulted).
pub(super) fn realistic_query() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "集体经济",
        "宝日呼吉尔",
        "头雁",
        "头雁工程",
        "史连成",
        "宋爽",
        "充电桩",
        "乡村振兴",
        "党建",
        "社区",
        "马克思主义",
        "春耕灌溉",
        "鄂托克前旗",
        "议事会",
        "干部能力",
        "2023年",
        "基层",
        "党员",
        "群众",
        "服务",
        "银发",
        "乡土人才",
        "不存在的词",
    ]);
    let op = prop::sample::select(vec![
        "", "", "", "-", "NOT ", "OR ", "title:", "\"", "-\"", "author:", "column:",
    ]);
    prop::collection::vec((op, word), 1..6).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(op, w)| {
                if op.ends_with('"') {
                    format!("{op}{w}\"")
                } else {
                    format!("{op}{w}")
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

pub(super) fn sort() -> impl Strategy<Value = Sort> {
    prop::sample::select(vec![Sort::Relevance, Sort::DateDesc, Sort::DateAsc])
}
