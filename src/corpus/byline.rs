//! Bylines: `□本报记者 宋爽 实习生 刘蔚`, `本报记者 潘佳 通讯员 苏佳琪 摄`,
//! `白燕荣 摄`.
//!
//! A role word (本报记者, 通讯员, 实习生, …) applies to the names after it.
//! A trailing 摄 makes the line a photo credit: everyone in it is the
//! photographer.

use crate::article::{Author, Role};

/// Role words, longest first so that 本报记者 wins over 记者.
const ROLE_WORDS: &[(&str, Role)] = &[
    ("本报见习记者", Role::Reporter),
    ("本报特约记者", Role::Reporter),
    ("本报实习生", Role::Intern),
    ("本报通讯员", Role::Correspondent),
    ("本报记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("实习记者", Role::Intern),
    ("实习生", Role::Intern),
    ("通讯员", Role::Correspondent),
    ("记者", Role::Reporter),
];

/// Marks printed before a byline.
const BULLETS: &[char] = &['□', '■', '◇', '◆'];

/// A person's name: 2 to 6 Han characters, or a transliterated name with a
/// middle dot.
fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    (2..=6).contains(&n) && s.chars().all(han)
        || (3..=12).contains(&n)
            && s.contains(['·', '•'])
            && s.chars().all(|c| han(c) || c == '·' || c == '•')
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
    if text.is_empty() || text.chars().count() > 60 {
        return None;
    }

    let mut authors = Vec::new();
    let mut role: Option<Role> = None;
    let mut saw_role_word = false;
    for token in text.split_whitespace() {
        let mut rest = token;
        if let Some((word, r)) = ROLE_WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            role = Some(*r);
            saw_role_word = true;
            rest = &rest[word.len()..];
            if rest.is_empty() {
                continue;
            }
        }
        if !is_name(rest) {
            return None;
        }
        let role = if photo {
            Role::Photographer
        } else {
            role.unwrap_or(Role::Reporter)
        };
        authors.push(Author::new(rest, role));
    }
    // A line of bare names is a byline only with a bullet or a 摄.
    if authors.is_empty() || !(bulleted || photo || saw_role_word) {
        return None;
    }
    Some(authors)
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
