//! The query language, parsed leniently like a search box.
//!
//! - Terms separated by spaces must all match.
//! - `"a quoted phrase"` matches the string literally, like grep.
//! - `OR` between terms: either may match.
//! - `-term` or `NOT term` excludes.
//! - `title:`, `author:`, `column:` and `tag:` restrict a term to a field;
//!   `person:`, `place:` and `org:` match a person, place or organisation
//!   named in the article, exactly.
//!
//! Chinese input methods type other marks for the same things, and people
//! type what their keyboard gives them, so those marks work too: “…” ‘…’
//! 「…」 『…』 and ＂…＂ quote (also ”…” and “…“, as some IMEs type them;
//! an ASCII `"` closes only at `"` or `＂`, so `"“"` still searches for the
//! curly mark; a quotation pasted inside marks of its own kind,
//! “他说“好”。”, keeps its inner marks when they balance), the full-width
//! `－` excludes and
//! `title：` restricts like `title:`. A book title in 《…》 is searched as
//! the quoted title without the marks: 《习近平谈治国理政》 finds the
//! title wherever it is printed, with or without its marks. Full-width
//! `＋` and `（ ）` mean what `+` and `( )` mean, which is nothing special:
//! they are plain text, and normalization makes them match their ASCII
//! forms.
//!
//! Nothing here ever fails: an unbalanced quote, a stray `OR`, a lone `-`
//! are read as plain text.
//!
//! ```
//! use dangjian::search::query::{parse, Scope};
//! let q = parse(r#"集体经济 OR 头雁 -"工程" author:宋爽"#);
//! assert_eq!(q.groups.len(), 2);
//! assert_eq!(q.groups[0].len(), 2);
//! assert_eq!(q.excluded[0].text, "工程");
//! assert_eq!(q.groups[1][0].scope, Scope::Author);
//! ```

/// Which fields a term searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title, kicker and body.
    All,
    Title,
    Author,
    Column,
    Tag,
    /// A person named in the article.
    Person,
    /// A place named in the article.
    Place,
    /// An organisation named in the article.
    Org,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Quoted: match the string literally, nothing looser.
    pub quoted: bool,
    pub scope: Scope,
}

/// A parsed query: every group must match (any one term of it), and no
/// excluded term may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<Term>>,
    pub excluded: Vec<Term>,
}

impl Query {
    /// Every term that must or may match, in order.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.groups.iter().flatten()
    }

    /// Number of terms, excluded ones included.
    pub fn num_terms(&self) -> usize {
        self.groups.iter().map(Vec::len).sum::<usize>() + self.excluded.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Term { term: Term, negated: bool },
    Or,
    Not,
}

/// Splits the input into terms and operators.
fn lex(input: &str) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, after_minus) = match rest.strip_prefix(['-', '－']) {
            Some(r) if !r.is_empty() && !r.starts_with(char::is_whitespace) => (true, r),
            _ => (false, rest),
        };
        let (scope, after_scope) = split_scope(after_minus);
        let (term, remaining) = if let Some((text, after)) = split_quoted(after_scope) {
            (
                Term {
                    text: text.to_string(),
                    quoted: true,
                    scope,
                },
                after,
            )
        } else {
            let end = after_scope
                .find(char::is_whitespace)
                .unwrap_or(after_scope.len());
            let word = &after_scope[..end];
            (
                Term {
                    text: word.to_string(),
                    quoted: false,
                    scope,
                },
                &after_scope[end..],
            )
        };
        rest = remaining.trim_start();
        let is_plain = !negated && scope == Scope::All && !term.quoted;
        if is_plain && term.text == "OR" {
            out.push(Lexeme::Or);
        } else if is_plain && term.text == "NOT" {
            out.push(Lexeme::Not);
        } else if crate::analysis::normalize(&term.text).trim().is_empty() {
            // `""`, `title:` with nothing after it, or only what folding
            // removes (`"\u{200B}"`): nothing to search.
            continue;
        } else {
            out.push(Lexeme::Term { term, negated });
        }
    }
    out
}

/// The marks that close a quote opened by `open`; `None` when `open` opens
/// none.
fn closers(open: char) -> Option<&'static [char]> {
    match open {
        '"' | '＂' => Some(&['"', '＂']),
        '“' => Some(&['”', '“']),
        '”' => Some(&['”']),
        '‘' => Some(&['’', '‘']),
        '「' => Some(&['」']),
        '『' => Some(&['』']),
        '《' => Some(&['》']),
        _ => None,
    }
}

/// The mark that closes `open`, for the marks that come in pairs: a
/// quotation pasted inside marks of its own kind (“他说“好”。”,
/// 《关于《决定》的说明》) nests.
fn partner(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '‘' => Some('’'),
        '「' => Some('」'),
        '『' => Some('』'),
        '《' => Some('》'),
        _ => None,
    }
}

/// Where the mark closing a quote opened by `open` stands in `inner` (the
/// text after `open`), and the mark. The one that balances `open` when
/// marks of the pair nest inside it and balance; otherwise the first of
/// [`closers`] (some IMEs type “…“, and a stray inner mark must not make
/// the rest of the query one phrase).
fn closing(open: char, inner: &str) -> Option<(usize, char)> {
    let marks = closers(open)?;
    if let Some(close) = partner(open) {
        let (mut depth, mut nested) = (1usize, false);
        for (at, c) in inner.char_indices() {
            if c == open {
                depth += 1;
                nested = true;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    if nested {
                        return Some((at, c));
                    }
                    break;
                }
            }
        }
    }
    let first = inner.char_indices().find(|(_, c)| marks.contains(c))?;
    // A closing mark glued to more text, as where a fragment cut from
    // inside a quotation is quoted (`“轮驱动”合作”`), closes only if no
    // later one in the same word closes it: the string is `轮驱动”合作`. Not
    // for the IME's `“…“`, whose closing mark is the opening one.
    let ends_word = |at: usize, c: char| {
        inner[at + c.len_utf8()..]
            .chars()
            .next()
            .is_none_or(|next| next.is_whitespace() || closers(next).is_some())
    };
    if first.1 == open || ends_word(first.0, first.1) {
        return Some(first);
    }
    let from = first.0 + first.1.len_utf8();
    inner[from..]
        .char_indices()
        .map(|(at, c)| (from + at, c))
        .take_while(|(_, c)| !c.is_whitespace())
        .find(|&(at, c)| marks.contains(&c) && ends_word(at, c))
        .or(Some(first))
}

/// `“text” rest` → (text, rest) when `s` opens with a quote mark that is
/// closed later.
fn split_quoted(s: &str) -> Option<(&str, &str)> {
    let open = s.chars().next()?;
    let inner = &s[open.len_utf8()..];
    let (close, mark) = closing(open, inner)?;
    Some((&inner[..close], &inner[close + mark.len_utf8()..]))
}

/// `title:rest` (or `title：rest`) → (Title, rest). Anything else is scope
/// All.
fn split_scope(s: &str) -> (Scope, &str) {
    for (name, scope) in [
        ("title", Scope::Title),
        ("author", Scope::Author),
        ("column", Scope::Column),
        ("tag", Scope::Tag),
        ("person", Scope::Person),
        ("place", Scope::Place),
        ("org", Scope::Org),
    ] {
        if let Some(rest) = s
            .strip_prefix(name)
            .and_then(|r| r.strip_prefix([':', '：']))
            && !rest.is_empty()
            && !rest.starts_with(char::is_whitespace)
        {
            return (scope, rest);
        }
    }
    (Scope::All, s)
}

fn plain(text: &str) -> Term {
    Term {
        text: text.to_string(),
        quoted: false,
        scope: Scope::All,
    }
}

/// Parses a query. Never fails.
pub fn parse(input: &str) -> Query {
    let lexemes = lex(input);
    let mut query = Query::default();
    // Whether the next term joins the last group (after an OR).
    let mut join = false;
    let mut negate_next = false;
    for (i, lexeme) in lexemes.iter().enumerate() {
        match lexeme {
            Lexeme::Or => {
                let has_left = !query.groups.is_empty() && !negate_next;
                let has_right = matches!(
                    lexemes.get(i + 1),
                    Some(Lexeme::Term { negated: false, .. })
                );
                if has_left && has_right && !join {
                    join = true;
                } else {
                    push(&mut query, plain("OR"), false, &mut join);
                }
            }
            Lexeme::Not => {
                let has_right = matches!(
                    lexemes.get(i + 1),
                    Some(Lexeme::Term { negated: false, .. })
                );
                if has_right && !negate_next && !join {
                    negate_next = true;
                } else {
                    push(&mut query, plain("NOT"), false, &mut join);
                }
            }
            Lexeme::Term { term, negated } => {
                let negated = *negated || std::mem::take(&mut negate_next);
                push(&mut query, term.clone(), negated, &mut join);
            }
        }
    }
    query
}

fn push(query: &mut Query, term: Term, negated: bool, join: &mut bool) {
    if negated {
        query.excluded.push(term);
    } else if std::mem::take(join) {
        match query.groups.last_mut() {
            Some(group) => group.push(term),
            None => query.groups.push(vec![term]),
        }
    } else {
        query.groups.push(vec![term]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &Query) -> Vec<Vec<&str>> {
        q.groups
            .iter()
            .map(|g| g.iter().map(|t| t.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn spaces_and_or_make_groups() {
        assert_eq!(texts(&parse("集体经济 社区")), [["集体经济"], ["社区"]]);
        assert_eq!(
            texts(&parse("集体经济 OR 头雁 社区")),
            vec![vec!["集体经济", "头雁"], vec!["社区"]]
        );
    }

    #[test]
    fn quotes_make_literal_phrases() {
        let q = parse(r#""科学发展 成就辉煌" 建设"#);
        assert_eq!(q.groups[0][0].text, "科学发展 成就辉煌");
        assert!(q.groups[0][0].quoted);
        assert!(!q.groups[1][0].quoted);
    }

    #[test]
    fn stray_operators_are_plain_text() {
        assert_eq!(texts(&parse("OR")), [["OR"]]);
        assert_eq!(texts(&parse("a OR")), [["a"], ["OR"]]);
        assert_eq!(texts(&parse("NOT")), [["NOT"]]);
        assert_eq!(texts(&parse("-")), [["-"]]);
        assert_eq!(texts(&parse("\"集体经济")), [["\"集体经济"]]);
        assert_eq!(texts(&parse("title:")), [["title:"]]);
        assert!(parse("   ").groups.is_empty());
        assert!(parse("\"\"").groups.is_empty());
    }

    #[test]
    fn minus_and_not_exclude() {
        let q = parse("党建 -集体 NOT 头雁");
        assert_eq!(texts(&q), [["党建"]]);
        let ex: Vec<&str> = q.excluded.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(ex, ["集体", "头雁"]);
    }

    fn quoted(q: &Query) -> Vec<(&str, bool)> {
        q.positive_terms()
            .map(|t| (t.text.as_str(), t.quoted))
            .collect()
    }

    #[test]
    fn ime_quote_marks_quote_like_ascii() {
        for q in [
            "“改革创新” 党建",
            "‘改革创新’ 党建",
            "「改革创新」 党建",
            "『改革创新』 党建",
            "＂改革创新＂ 党建",
            "”改革创新” 党建",
        ] {
            assert_eq!(
                parse(q),
                parse("\"改革创新\" 党建"),
                "{q} should parse like ASCII quotes"
            );
        }
        assert_eq!(
            quoted(&parse("“科学发展 成就辉煌”")),
            [("科学发展 成就辉煌", true)]
        );
    }

    #[test]
    fn a_quotation_pasted_inside_quote_marks_of_its_kind_keeps_its_marks() {
        for (q, want) in [
            (
                "““绿水青山就是金山银山”理念” 生态",
                "“绿水青山就是金山银山”理念",
            ),
            ("‘他说‘好’。’ 生态", "他说‘好’。"),
            ("「他说「好」。」 生态", "他说「好」。"),
            ("《关于《决定》的说明》 生态", "关于《决定》的说明"),
            ("“他说‘好’。” 生态", "他说‘好’。"),
        ] {
            assert_eq!(quoted(&parse(q)), [(want, true), ("生态", false)], "{q}");
        }
        // A fragment cut inside a quotation and quoted whole: the last
        // closing mark of the word closes.
        for (q, want) in [
            ("“轮驱动”合作” 生态", "轮驱动”合作"),
            ("“势力”，维护地区和” 生态", "势力”，维护地区和"),
            ("「号」卫」 生态", "号」卫"),
        ] {
            assert_eq!(quoted(&parse(q)), [(want, true), ("生态", false)], "{q}");
        }
        // A quoted word, then more text: the first closing mark closes.
        assert_eq!(
            quoted(&parse("“改革”创新")),
            [("改革", true), ("创新", false)]
        );
        assert_eq!(
            quoted(&parse("“改革”创新 “党建”")),
            [("改革", true), ("创新", false), ("党建", true)]
        );
        // Unbalanced inside: the first closing mark closes, as before.
        assert_eq!(
            quoted(&parse("“改革“创新” 党建")),
            [("改革", true), ("创新”", false), ("党建", false)]
        );
        assert_eq!(
            quoted(&parse("“改革“ “创新“")),
            [("改革", true), ("创新", true)]
        );
        assert_eq!(
            quoted(&parse("“改革”“创新”")),
            [("改革", true), ("创新", true)]
        );
    }

    #[test]
    fn a_term_of_only_zero_width_characters_is_no_term() {
        assert_eq!(parse("\"党建\" \"\u{200B}\""), parse("\"党建\""));
        assert_eq!(parse("“\u{FEFF}” 党建"), parse("党建"));
        assert_eq!(parse("\"\u{200B}\""), parse("\"\""));
    }

    #[test]
    fn book_title_marks_quote_the_title_without_the_marks() {
        assert_eq!(
            quoted(&parse("《习近平谈治国理政》 第四卷")),
            [("习近平谈治国理政", true), ("第四卷", false)]
        );
        assert_eq!(parse("-《人民日报》").excluded[0].text, "人民日报");
    }

    #[test]
    fn unbalanced_ime_quotes_are_plain_text() {
        assert_eq!(quoted(&parse("“改革创新")), [("“改革创新", false)]);
        assert_eq!(
            quoted(&parse("「改革」创新』")),
            [("改革", true), ("创新』", false)]
        );
        assert_eq!(quoted(&parse("《》")), Vec::<(&str, bool)>::new());
    }

    #[test]
    fn full_width_minus_and_colon_work_like_ascii() {
        assert_eq!(parse("－新闻联播 习近平"), parse("-新闻联播 习近平"));
        assert_eq!(parse("title：头雁"), parse("title:头雁"));
        assert_eq!(
            parse("author：宋爽 -“工程”"),
            parse("author:宋爽 -\"工程\"")
        );
        assert_eq!(texts(&parse("－")), [["－"]]);
        assert_eq!(texts(&parse("title：")), [["title："]]);
    }

    #[test]
    fn full_width_plus_and_parentheses_are_plain_text_like_ascii() {
        use crate::analysis::normalize;
        for (full, ascii) in [("＋党建", "+党建"), ("（党建） 工作", "(党建) 工作")]
        {
            let norm = |q: &Query| -> Vec<Vec<String>> {
                texts(q)
                    .iter()
                    .map(|g| g.iter().map(|t| normalize(t)).collect())
                    .collect()
            };
            assert_eq!(norm(&parse(full)), norm(&parse(ascii)));
        }
    }

    #[test]
    fn field_prefixes_restrict_scope() {
        let q = parse(r#"author:宋爽 title:"头雁" column:掠影"#);
        let scopes: Vec<Scope> = q.positive_terms().map(|t| t.scope).collect();
        assert_eq!(scopes, [Scope::Author, Scope::Title, Scope::Column]);
        assert!(q.groups[1][0].quoted);
    }

    #[test]
    fn entity_prefixes_restrict_scope() {
        let q = parse("person:史连成 place:正蓝旗 org:\"商都县委组织部\" 头雁");
        let scopes: Vec<Scope> = q.positive_terms().map(|t| t.scope).collect();
        assert_eq!(
            scopes,
            [Scope::Person, Scope::Place, Scope::Org, Scope::All]
        );
        assert_eq!(q.groups[0][0].text, "史连成");
    }
}
