//! Bylines: `□本报记者 宋爽 实习生 刘蔚`, `本报记者 潘佳 通讯员 苏佳琪 摄`,
//! `白燕荣 摄`, `新华社记者 王皓`, `本报评论员`, and the same inside a
//! dateline's brackets (`（记者 王　皓）`).
//!
//! A role word (记者, 通讯员, 实习生, 评论员, …), with the organisation
//! printed before it (本报, 新华社, …), applies to the names after it. A
//! trailing 摄 makes the line a photo credit: everyone in it is the
//! photographer. Typesetters pad two-character names with an ideographic
//! space (`王　皓`); single characters in a row are read as one name.

use crate::article::{Author, Role};

/// Role words, longest first so that 特约记者 wins over 记者.
const ROLE_WORDS: &[(&str, Role)] = &[
    ("特约评论员", Role::Commentator),
    ("摄影记者", Role::Photographer),
    ("见习记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("实习记者", Role::Intern),
    ("评论员", Role::Commentator),
    ("实习生", Role::Intern),
    ("通讯员", Role::Correspondent),
    ("记者", Role::Reporter),
];

/// The most characters of the organisation before a role word (新华社,
/// 内蒙古日报).
const ORG_MAX_CHARS: usize = 8;

/// Marks printed before a byline.
const BULLETS: &[char] = &['□', '■', '◇', '◆'];

/// Separators between the names of a byline.
/// (A comma is not one: a comma makes the line a sentence.)
const NAME_SEPARATORS: &[char] = &['、'];

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A person's name: 2 to 6 Han characters, or a transliterated name with a
/// middle dot.
fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n) && s.chars().all(is_han)
        || (3..=12).contains(&n)
            && s.contains(['·', '•'])
            && s.chars().all(|c| is_han(c) || c == '·' || c == '•')
}

/// A role word in `token`, with what comes before it (the organisation)
/// and after it (a name, or nothing).
fn split_role(token: &str) -> Option<(&str, Role, &str)> {
    for (at, _) in token.char_indices() {
        let org = &token[..at];
        if org.chars().count() > ORG_MAX_CHARS || !org.chars().all(is_han) {
            return None;
        }
        if let Some((word, role)) = ROLE_WORDS.iter().find(|(w, _)| token[at..].starts_with(w)) {
            return Some((org, *role, &token[at + word.len()..]));
        }
    }
    None
}

/// The pieces of a byline: role words and name fragments, in order.
enum Piece<'a> {
    /// A role word, with the whole token it came from (`本报评论员`).
    Role(Role, &'a str),
    Name(String),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || NAME_SEPARATORS.contains(&c))
        .filter(|t| !t.is_empty())
    {
        let rest = match split_role(token) {
            Some((_, role, rest)) => {
                out.push(Piece::Role(role, token));
                rest
            }
            None => token,
        };
        if rest.is_empty() {
            continue;
        }
        // A padded name: `王　皓` arrives as two one-character pieces.
        let single = rest.chars().count() == 1 && rest.chars().all(is_han);
        match out.last_mut() {
            Some(Piece::Name(prev)) if single && prev.chars().count() == 1 => prev.push_str(rest),
            _ => out.push(Piece::Name(rest.to_string())),
        }
    }
    out
}

/// Reads `text` (bullet and 摄 already removed) as a byline. `bare` allows
/// a byline of names without any role word.
fn authors_of(text: &str, photo: bool, bare: bool) -> Option<Vec<Author>> {
    if text.is_empty() || text.chars().count() > 60 {
        return None;
    }
    let pieces = pieces(text);
    let mut authors = Vec::new();
    let mut role: Option<Role> = None;
    let mut saw_role_word = false;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Role(r, token) => {
                role = Some(*r);
                saw_role_word = true;
                // 本报评论员 signs without a name: the byline is the author.
                let named = matches!(pieces.get(i + 1), Some(Piece::Name(_)))
                    || split_role(token).is_some_and(|(_, _, rest)| !rest.is_empty());
                if *r == Role::Commentator && !named {
                    authors.push(Author::new(*token, Role::Commentator));
                }
            }
            Piece::Name(name) => {
                if !is_name(name) {
                    return None;
                }
                let role = if photo {
                    Role::Photographer
                } else {
                    role.unwrap_or(Role::Reporter)
                };
                authors.push(Author::new(name.clone(), role));
            }
        }
    }
    if authors.is_empty() || !(bare || photo || saw_role_word) {
        return None;
    }
    Some(authors)
}

/// Parses a whole line as a byline. `None` when the line is not one.
pub fn parse_byline(line: &str) -> Option<Vec<Author>> {
    let mut text = line.trim();
    let bulleted = text.starts_with(BULLETS);
    text = text.trim_start_matches(BULLETS).trim();
    let photo = text.ends_with('摄');
    if photo {
        text = text[..text.len() - '摄'.len_utf8()].trim_end();
    }
    authors_of(text, photo, bulleted)
}

/// Parses the byline inside a dateline (`记者 王皓 通讯员 李明`), where
/// bare names are allowed: the brackets already say it is a byline.
pub(crate) fn parse_inline_byline(text: &str) -> Option<Vec<Author>> {
    let text = text.trim();
    let photo = text.ends_with('摄');
    let text = text.strip_suffix('摄').unwrap_or(text).trim_end();
    authors_of(text, photo, true)
}

/// Splits a photo credit off the end of a paragraph:
/// `…出谋划策。 本报记者 潘佳 通讯员 苏佳琪 摄`.
pub fn split_trailing_credit(paragraph: &str) -> Option<(&str, Vec<Author>)> {
    let text = paragraph.trim_end();
    if !text.ends_with('摄') {
        return None;
    }
    let cut = text.rfind(['。', '！', '？', '”', '」', '）', ')'])?;
    let end = cut + text[cut..].chars().next()?.len_utf8();
    let (body, credit) = text.split_at(end);
    let authors = parse_byline(credit)?;
    Some((body.trim_end(), authors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(a: &[Author]) -> Vec<(&str, Role)> {
        a.iter().map(|a| (a.name.as_str(), a.role)).collect()
    }

    #[test]
    fn reads_reporters_interns_and_correspondents() {
        let a = parse_byline("□本报记者 宋爽 实习生 刘蔚").unwrap();
        assert_eq!(
            names(&a),
            [("宋爽", Role::Reporter), ("刘蔚", Role::Intern)]
        );
        let a = parse_byline("□本报记者 杨柳 通讯员 王新宇").unwrap();
        assert_eq!(
            names(&a),
            [("杨柳", Role::Reporter), ("王新宇", Role::Correspondent)]
        );
    }

    #[test]
    fn padded_names_are_one_name() {
        let a = parse_byline("□本报记者 王　皓").unwrap();
        assert_eq!(names(&a), [("王皓", Role::Reporter)]);
        let a = parse_byline("□本报记者 王　皓 李　明 通讯员 张　三").unwrap();
        assert_eq!(
            names(&a),
            [
                ("王皓", Role::Reporter),
                ("李明", Role::Reporter),
                ("张三", Role::Correspondent)
            ]
        );
    }

    #[test]
    fn agency_and_commentator_forms() {
        let a = parse_byline("新华社记者 王皓 李明").unwrap();
        assert_eq!(
            names(&a),
            [("王皓", Role::Reporter), ("李明", Role::Reporter)]
        );
        let a = parse_byline("□本报特约记者 赵　敏").unwrap();
        assert_eq!(names(&a), [("赵敏", Role::Reporter)]);
        let a = parse_byline("本报评论员").unwrap();
        assert_eq!(names(&a), [("本报评论员", Role::Commentator)]);
        let a = parse_inline_byline("记者王皓、李明").unwrap();
        assert_eq!(
            names(&a),
            [("王皓", Role::Reporter), ("李明", Role::Reporter)]
        );
    }

    #[test]
    fn photo_credits_make_everyone_a_photographer() {
        let a = parse_byline("本报记者 潘佳 通讯员 苏佳琪 摄").unwrap();
        assert_eq!(
            names(&a),
            [("潘佳", Role::Photographer), ("苏佳琪", Role::Photographer)]
        );
        assert_eq!(
            names(&parse_byline("白燕荣 摄").unwrap()),
            [("白燕荣", Role::Photographer)]
        );
    }

    #[test]
    fn sentences_and_headings_are_not_bylines() {
        assert!(parse_byline("掠影").is_none());
        assert!(parse_byline("北疆党旗红").is_none());
        assert!(parse_byline("保障春耕灌溉").is_none());
        assert!(parse_byline("记者从自治区党委组织部了解到，今年以来。").is_none());
        assert!(parse_byline("本报记者").is_none());
        assert!(parse_byline("新华社记者在现场看到，工人们正忙着").is_none());
    }

    #[test]
    fn splits_a_credit_off_a_caption() {
        let (body, a) =
            split_trailing_credit("共同为社区环保工作出谋划策。 本报记者 潘佳 通讯员 苏佳琪 摄")
                .unwrap();
        assert_eq!(body, "共同为社区环保工作出谋划策。");
        assert_eq!(a.len(), 2);
    }
}
