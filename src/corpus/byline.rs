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
    ("摄影", Role::Photographer),
    ("评论员", Role::Commentator),
    ("实习生", Role::Intern),
    ("通讯员", Role::Correspondent),
    ("记者", Role::Reporter),
];

/// The most characters of the organisation before a role word (新华社,
/// 内蒙古日报, 锡林郭勒日报全媒体).
const ORG_MAX_CHARS: usize = 8;
/// A longer organisation is a paper, agency, station or site, or its
/// newsroom (`锡林郭勒日报全媒体记者`), up to this many characters.
const MEDIA_ORG_MAX_CHARS: usize = 12;
/// How such an organisation ends.
const MEDIA_ENDINGS: &[&str] = &[
    "报",
    "社",
    "台",
    "网",
    "全媒体",
    "融媒体",
    "中心",
    "部",
    "局",
];

/// Marks printed before a byline.
const BULLETS: &[char] = &['□', '■', '◇', '◆', '●', '◎'];

/// The one mark before a byline of bare names (`□李　明`): after `■` or
/// `◆` a line of a few characters is a sub-heading (`■强化引领`), so there
/// a byline needs its role word.
const NAMES_BULLET: char = '□';

/// Separators between the names of a byline.
/// (A comma is not one: a comma makes the line a sentence; nor a colon:
/// `记者：效果怎么样` is a question. `摄影：陈亮` is read apart.)
const NAME_SEPARATORS: &[char] = &['、'];

/// Words of a byline that name no one: what the authors did (`整理`, a
/// trailing `报道`) and the marks of a text-and-photo byline (`文/图`).
const NOT_NAMES: &[&str] = &["报道", "整理", "文/图", "文／图", "图/文", "图／文"];

/// What follows a role word in a heading rather than a byline: 记者手记,
/// 记者观察 are kinds of piece, not reporters named 手记 and 观察.
const PIECE_WORDS: &[&str] = &[
    "手记",
    "观察",
    "感言",
    "札记",
    "笔记",
    "随笔",
    "日记",
    "见闻",
    "调查",
    "视点",
    "走基层",
    "探访",
    "连线",
    "追踪",
    "眼中",
];

/// Box headings printed with a byline's bullet (`◆相关新闻`): never names.
const BOX_HEADINGS: &[&str] = &[
    "相关新闻",
    "相关链接",
    "新闻链接",
    "延伸阅读",
    "背景链接",
    "背景资料",
    "知识链接",
    "编后",
    "短评",
    "图片新闻",
    "新闻背景",
];

/// Endings of an organisation printed before the names (`□ 内蒙古大学
/// 王志强`): an affiliation, never a name.
const ORG_ENDINGS: &[&str] = &[
    "大学",
    "学院",
    "学校",
    "党校",
    "中学",
    "小学",
    "研究院",
    "研究所",
    "研究中心",
    "医院",
    "委员会",
    "政府",
    "公司",
    "集团",
    "协会",
    "办公室",
    "中心",
    "组织部",
    "宣传部",
    "统战部",
    "党委",
    "市委",
    "县委",
    "旗委",
    "区委",
    "盟委",
    "工委",
];

fn is_affiliation(s: &str) -> bool {
    s.chars().all(is_han) && ORG_ENDINGS.iter().any(|e| s.ends_with(e))
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A person's name: 2 to 6 Han characters, or a transliterated name with a
/// middle dot.
fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n) && s.chars().all(is_han) && !is_affiliation(s)
        || (3..=12).contains(&n)
            && s.contains(['·', '•'])
            && s.chars().all(|c| is_han(c) || c == '·' || c == '•')
}

/// A role word in `token`, with what comes before it (the organisation)
/// and after it (a name, or nothing).
fn split_role(token: &str) -> Option<(&str, Role, &str)> {
    for (at, _) in token.char_indices() {
        let org = &token[..at];
        let org_chars = org.chars().count();
        if org_chars > MEDIA_ORG_MAX_CHARS || !org.chars().all(is_han) {
            return None;
        }
        if let Some((word, role)) = ROLE_WORDS.iter().find(|(w, _)| token[at..].starts_with(w)) {
            // 自治区党委宣传部组织百名记者深入一线 is a title, not a byline.
            if org_chars > ORG_MAX_CHARS && !MEDIA_ENDINGS.iter().any(|e| org.ends_with(e)) {
                return None;
            }
            let rest = &token[at + word.len()..];
            // 摄影 is a role only as a word of its own (`摄影 陈亮`), not in
            // 摄影展 or 摄影师.
            if *word == "摄影" && !(org.is_empty() && rest.is_empty()) {
                return None;
            }
            return Some((org, *role, rest));
        }
    }
    None
}

/// The pieces of a byline: role words and name fragments, in order.
enum Piece<'a> {
    /// A role word, with the whole token it came from (`本报评论员`).
    Role(Role, &'a str),
    Name(String),
    /// An organisation before the names (`内蒙古大学马克思主义学院`).
    Affiliation,
    /// A heading that looks like one (`记者手记`).
    NotByline,
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || NAME_SEPARATORS.contains(&c))
        .filter(|t| !t.is_empty())
    {
        // What the reporter did and from where: `发自锡林浩特`, `赤峰报道`;
        // the agency a photo came through: `新华社发 李欣 摄`.
        if NOT_NAMES.contains(&token)
            || token.ends_with("社发") && token.chars().all(is_han)
            || token.starts_with("发自")
            || token.ends_with("报道") && token.chars().all(is_han)
        {
            continue;
        }
        // A bureau: `本报驻巴彦淖尔记者站` signs its reporters' names.
        if token.ends_with("记者站") && token.chars().all(is_han) {
            out.push(Piece::Role(Role::Reporter, token));
            continue;
        }
        // 文/本报记者 X 图/本报记者 Y: the text's authors, then the
        // pictures' (whatever role word follows).
        let (token, pictures) = match token
            .strip_prefix("图/")
            .or_else(|| token.strip_prefix("图／"))
        {
            Some(rest) => (rest, true),
            None => (
                token
                    .strip_prefix("文/")
                    .or_else(|| token.strip_prefix("文／"))
                    .unwrap_or(token),
                false,
            ),
        };
        if pictures {
            out.push(Piece::Role(Role::Photographer, token));
        }
        let rest = match split_role(token) {
            Some((_, role, rest)) => {
                if !pictures {
                    out.push(Piece::Role(role, token));
                }
                rest
            }
            None => token,
        };
        if rest.is_empty() {
            continue;
        }
        if PIECE_WORDS.contains(&rest) {
            // 记者手记: a heading. Nothing can make this line a byline.
            out.clear();
            out.push(Piece::NotByline);
            return out;
        }
        if is_affiliation(rest) {
            out.push(Piece::Affiliation);
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
            Piece::Affiliation => {}
            Piece::NotByline => return None,
            Piece::Name(name) => {
                if !is_name(name) || BOX_HEADINGS.contains(&name.as_str()) {
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

/// `text` without the photo mark it ends with (`摄`, `/摄`, `摄影`,
/// `摄影报道`), and whether it had one.
fn strip_photo_mark(text: &str) -> (&str, bool) {
    for mark in ["摄影报道", "摄影", "摄"] {
        if let Some(rest) = text.strip_suffix(mark) {
            // `摄影` alone is a role word before a name (`摄影 陈亮`), and a
            // byline's last word only after a name.
            if mark == "摄影" && !rest.ends_with([' ', '　', '/', '／']) {
                continue;
            }
            return (rest.trim_end_matches([' ', '　', '/', '／']), true);
        }
    }
    (text, false)
}

/// Whether a byline line is a photo credit (`X 摄`, `X/摄`, `X 摄影`) by
/// its end; `摄影报道` signs a photo story, whose byline it is.
pub fn ends_with_photo_mark(text: &str) -> bool {
    let text = text.trim();
    !text.ends_with("摄影报道") && strip_photo_mark(text).1
}

/// Whether a line that parses as a byline reads as a heading instead: no
/// bullet, no space, and a role word glued to what follows with no paper
/// or agency before it (`记者蹲点`, `记者再访英雄村`, `百名记者进基层`).
/// A byline on a line of its own sets its names apart (`□本报记者 王皓`,
/// `新华社记者 王皓`) or names its paper (`本报记者王皓`).
pub fn reads_as_heading(line: &str) -> bool {
    let text = line.trim();
    if text.starts_with(BULLETS) || text.contains(char::is_whitespace) || strip_photo_mark(text).1 {
        return false;
    }
    split_role(text).is_some_and(|(org, _, rest)| {
        !rest.is_empty() && org != "本报" && !MEDIA_ENDINGS.iter().any(|e| org.ends_with(e))
    })
}

/// Most characters of an organisation's photo credit (`鄂托克旗委组织部供图`).
const ORG_CREDIT_MAX_CHARS: usize = 20;

/// Whether `text` (brackets removed) credits a photo to no one by name:
/// an organisation or the subject (`鄂托克旗委组织部供图`, `受访者供图`), or
/// the paper's files (`资料图片`).
pub fn is_org_credit(text: &str) -> bool {
    let text = text.trim();
    ["资料图片", "资料照片"].contains(&text)
        || ["供图", "供图片"].iter().any(|e| {
            text.strip_suffix(e).is_some_and(|org| {
                (1..=ORG_CREDIT_MAX_CHARS).contains(&org.chars().count()) && org.chars().all(is_han)
            })
        })
}

/// Parses a whole line as a byline. `None` when the line is not one.
pub fn parse_byline(line: &str) -> Option<Vec<Author>> {
    let mut text = line.trim();
    // `文/王　皓` needs no bullet: the mark says it is a byline.
    let bare_names =
        text.starts_with(NAMES_BULLET) || text.starts_with("文/") || text.starts_with("文／");
    text = text.trim_start_matches(BULLETS).trim();
    // 摄影：陈亮, a photo credit's own form.
    if let Some(names) = text
        .strip_prefix("摄影：")
        .or_else(|| text.strip_prefix("摄影:"))
    {
        return authors_of(names.trim(), true, true);
    }
    let (text, photo) = strip_photo_mark(text);
    authors_of(text, photo, bare_names)
}

/// Parses the byline inside a dateline (`记者 王皓 通讯员 李明`), where
/// bare names are allowed: the brackets already say it is a byline.
pub(crate) fn parse_inline_byline(text: &str) -> Option<Vec<Author>> {
    let (text, photo) = strip_photo_mark(text.trim());
    authors_of(text, photo, true)
}

/// The inside of `text` when the whole of it is in brackets (`（…）` or
/// `(…)`).
pub fn inside_brackets(text: &str) -> Option<&str> {
    text.strip_prefix('（')
        .and_then(|t| t.strip_suffix('）'))
        .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
}

/// The authors of a line that is only a bracketed byline with a role word
/// (`（本报记者 苏日 整理）`); a bracket without one (`（作者单位：…）`) is
/// text.
pub fn parse_bracketed_byline(text: &str) -> Option<Vec<Author>> {
    parse_byline(inside_brackets(text)?)
}

/// A paragraph's text before the bracketed byline with a role word that
/// ends it after a sentence (`…说。（记者 张蕾 通讯员 侯亮）`), and its
/// authors.
pub fn split_trailing_signature(paragraph: &str) -> Option<(&str, Vec<Author>)> {
    let inner = paragraph.strip_suffix('）')?;
    let open = inner.rfind('（')?;
    let before = &paragraph[..open];
    let sentence = before
        .trim_end()
        .trim_end_matches(['”', '’', '」', '』', '"'])
        .ends_with(['。', '！', '？', '!', '?', '…', '；']);
    if !sentence {
        return None;
    }
    let authors = parse_byline(&inner[open + '（'.len_utf8()..])?;
    Some((before.trim_end(), authors))
}

/// Splits a photo credit off the end of a paragraph:
/// `…出谋划策。 本报记者 潘佳 通讯员 苏佳琪 摄`, or in brackets,
/// `…掌声。（本报记者 潘佳 摄）`.
pub fn split_trailing_credit(paragraph: &str) -> Option<(&str, Vec<Author>)> {
    let text = paragraph.trim_end();
    // …服务。（受访者供图）: a credit that names no one.
    if let Some(inner) = text.strip_suffix('）').or_else(|| text.strip_suffix(')'))
        && let Some(open) = inner.rfind(['（', '('])
        && is_org_credit(&inner[open + inner[open..].chars().next()?.len_utf8()..])
        && open > 0
    {
        return Some((text[..open].trim_end(), Vec::new()));
    }
    if let Some(inner) = text.strip_suffix('）').or_else(|| text.strip_suffix(')'))
        && strip_photo_mark(inner).1
    {
        let open = inner.rfind(['（', '('])?;
        let credit = &inner[open + inner[open..].chars().next()?.len_utf8()..];
        let authors = parse_inline_byline(credit)?;
        return Some((text[..open].trim_end(), authors));
    }
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
    fn bureaus_affiliations_other_bullets_and_where_from() {
        let a = parse_byline("□本报驻巴彦淖尔记者站 吕航").unwrap();
        assert_eq!(names(&a), [("吕航", Role::Reporter)]);
        let a = parse_byline("□ 乌兰察布市委组织部 王　皓").unwrap();
        assert_eq!(names(&a), [("王皓", Role::Reporter)]);
        for line in ["●本报记者 苗苗", "◎本报记者 苗苗"] {
            assert_eq!(
                names(&parse_byline(line).unwrap()),
                [("苗苗", Role::Reporter)]
            );
        }
        let a = parse_byline("□本报记者 乌日娜 发自锡林浩特").unwrap();
        assert_eq!(names(&a), [("乌日娜", Role::Reporter)]);
        let a = parse_byline("□本报记者 孟琪 赤峰报道").unwrap();
        assert_eq!(names(&a), [("孟琪", Role::Reporter)]);
        // Still no byline without a role word or the names' bullet.
        assert!(parse_byline("●基层风采").is_none());
        assert!(parse_byline("走进记者站").is_none());
    }

    #[test]
    fn headings_with_a_role_word_are_not_byline_lines() {
        for line in ["记者蹲点", "记者再访英雄村", "百名记者进基层"] {
            assert!(reads_as_heading(line), "{line}");
        }
        for line in [
            "□本报记者 王皓",
            "本报记者王皓",
            "新华社记者王皓",
            "记者 王皓",
            "本报评论员",
        ] {
            assert!(!reads_as_heading(line), "{line}");
        }
    }

    #[test]
    fn credits_to_organisations_and_files_name_no_one() {
        assert!(is_org_credit("鄂托克旗委组织部供图"));
        assert!(is_org_credit("受访者供图"));
        assert!(is_org_credit("资料图片"));
        assert!(!is_org_credit("供图"));
        assert!(!is_org_credit("他们为村里提供图书。"));
        assert_eq!(
            split_trailing_credit("驿站为快递小哥提供休息服务。（受访者供图）"),
            Some(("驿站为快递小哥提供休息服务。", Vec::new()))
        );
        let (caption, a) =
            split_trailing_credit("居民扫码即可借用工具。（新华社发 李欣 摄）").unwrap();
        assert_eq!(caption, "居民扫码即可借用工具。");
        assert_eq!(names(&a), [("李欣", Role::Photographer)]);
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
    fn text_and_picture_bylines_and_other_photo_marks() {
        let a = parse_byline("□文/本报记者 刘　畅 图/本报记者 陈　亮").unwrap();
        assert_eq!(
            names(&a),
            [("刘畅", Role::Reporter), ("陈亮", Role::Photographer)]
        );
        let a = parse_byline("□文/图 本报记者 刘畅").unwrap();
        assert_eq!(names(&a), [("刘畅", Role::Reporter)]);
        let a = parse_byline("□本报记者 刘畅 文/图").unwrap();
        assert_eq!(names(&a), [("刘畅", Role::Reporter)]);
        let a = parse_byline("□本报记者 刘畅 摄影 陈亮").unwrap();
        assert_eq!(
            names(&a),
            [("刘畅", Role::Reporter), ("陈亮", Role::Photographer)]
        );
        for credit in ["郭敏/摄", "郭敏／摄", "郭敏 摄影", "摄影：郭敏", "图/郭敏"]
        {
            let a = parse_byline(credit).unwrap_or_else(|| panic!("{credit}"));
            assert_eq!(names(&a), [("郭敏", Role::Photographer)], "{credit}");
        }
        let a = parse_byline("□本报见习记者 孟琪 本报记者 吉日木图 摄影报道").unwrap();
        assert_eq!(a.len(), 2);
        let a = parse_byline("□本报记者 苏日 整理").unwrap();
        assert_eq!(names(&a), [("苏日", Role::Reporter)]);
    }

    #[test]
    fn bare_names_need_the_byline_bullet_and_a_colon_is_no_separator() {
        assert_eq!(
            names(&parse_byline("□李　明").unwrap()),
            [("李明", Role::Reporter)]
        );
        for heading in [
            "■ 选得准 立得住",
            "◆聚焦民生",
            "■强化引领",
            "记者：效果怎么样",
        ] {
            assert!(parse_byline(heading).is_none(), "{heading}");
        }
        let a = parse_byline("文/王　皓").unwrap();
        assert_eq!(names(&a), [("王皓", Role::Reporter)]);
        let a = parse_byline("■本报记者 王皓").unwrap();
        assert_eq!(names(&a), [("王皓", Role::Reporter)]);
        let a = parse_byline("□锡林郭勒日报全媒体记者 乌日娜").unwrap();
        assert_eq!(names(&a), [("乌日娜", Role::Reporter)]);
        for line in [
            "□乌拉特中旗融媒体中心记者 王皓",
            "□巴彦淖尔市委组织部通讯员 王皓",
        ] {
            assert_eq!(parse_byline(line).unwrap()[0].name, "王皓", "{line}");
        }
    }

    #[test]
    fn affiliations_and_box_headings() {
        let a = parse_byline("□ 内蒙古大学马克思主义学院 王志强").unwrap();
        assert_eq!(names(&a), [("王志强", Role::Reporter)]);
        let a = parse_byline("□ 内蒙古大学 刘畅").unwrap();
        assert_eq!(names(&a), [("刘畅", Role::Reporter)]);
        for heading in [
            "□记者手记",
            "自治区党委宣传部组织百名记者深入一线",
            "摄影展开幕",
            "摄影师",
            "记者手记",
            "本报记者手记",
            "记者观察",
            "记者感言",
            "◆相关新闻",
            "□延伸阅读",
        ] {
            assert!(parse_byline(heading).is_none(), "{heading}");
        }
    }

    #[test]
    fn splits_a_credit_off_a_caption() {
        let (body, a) =
            split_trailing_credit("共同为社区环保工作出谋划策。 本报记者 潘佳 通讯员 苏佳琪 摄")
                .unwrap();
        assert_eq!(body, "共同为社区环保工作出谋划策。");
        assert_eq!(a.len(), 2);
        let (body, a) = split_trailing_credit(
            "居民们自编自演的节目赢得阵阵掌声。（本报记者 潘佳 通讯员 苏佳琪 摄）",
        )
        .unwrap();
        assert_eq!(body, "居民们自编自演的节目赢得阵阵掌声。");
        assert_eq!(
            names(&a),
            [("潘佳", Role::Photographer), ("苏佳琪", Role::Photographer)]
        );
        assert!(split_trailing_credit("他说（大意如此）。").is_none());
    }
}
