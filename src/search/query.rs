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
    let input = input.replace('＂', "\"");
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, after_minus) = match rest.strip_prefix('-') {
            Some(r) if !r.is_empty() && !r.starts_with(char::is_whitespace) => (true, r),
            _ => (false, rest),
        };
        let (scope, after_scope) = split_scope(after_minus);
        let (term, remaining) = if let Some(inner) = after_scope.strip_prefix('"')
            && let Some(close) = inner.find('"')
        {
            let text = &inner[..close];
            (
                Term {
                    text: text.to_string(),
                    quoted: true,
                    scope,
                },
                &inner[close + 1..],
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
        } else if term.text.trim().is_empty() {
            // `""`, `title:` with nothing after it: nothing to search.
            continue;
        } else {
            out.push(Lexeme::Term { term, negated });
        }
    }
    out
}

/// `title:rest` → (Title, rest). Anything else is scope All.
fn split_scope(s: &str) -> (Scope, &str) {
    for (prefix, scope) in [
        ("title:", Scope::Title),
        ("author:", Scope::Author),
        ("column:", Scope::Column),
        ("tag:", Scope::Tag),
        ("person:", Scope::Person),
        ("place:", Scope::Place),
        ("org:", Scope::Org),
    ] {
        if let Some(rest) = s.strip_prefix(prefix)
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
