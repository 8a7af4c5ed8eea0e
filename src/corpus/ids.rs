//! Stable ids for the articles of a page.
//!
//! Ids used to be positions (`{stem}-{nn}`): adding, removing or re-cutting
//! one story renumbered every story after it, so a corrected page could not
//! replace its old version story by story. An id here is made of what a
//! story keeps:
//!
//! `{stem}-{hash}`, where `stem` is the page's file name without its
//! extension and `hash` is 8 hex digits of the CRC-32 of the story's *key*:
//! the first [`KEY_CHARS`] letters and digits of its body, across paragraph
//! breaks, with full-width ASCII folded to half-width and ASCII lower-cased.
//! Punctuation, spaces and paragraph breaks are left out, so re-joining a
//! broken paragraph or fixing a comma keeps the id; the headline, the column
//! and the byline are not part of it, so correcting them keeps the id too.
//!
//! **Collisions:** when two stories of one page have the same key (the same
//! photo caption twice), the first in page order gets `{stem}-{hash}`, the
//! next `{stem}-{hash}-2`, and so on.
//!
//! The folding is deliberately this module's own and not the search
//! normalization (`analysis::normalize`): changing how searches fold text
//! must never rename articles.

use std::collections::HashMap;

use crate::article::Article;

/// How many letters and digits of the body make a story's key.
pub const KEY_CHARS: usize = 64;

/// Gives every article of one page its stable id (see the module docs).
/// `articles` must be in page order: collisions are numbered in it.
pub fn assign_page_ids<'a>(stem: &str, articles: impl IntoIterator<Item = &'a mut Article>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for article in articles {
        let base = format!(
            "{stem}-{:08x}",
            crc32fast::hash(story_key(&article.body).as_bytes())
        );
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        article.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

/// The first [`KEY_CHARS`] letters and digits of `body`, folded.
pub fn story_key(body: &[String]) -> String {
    body.iter()
        .flat_map(|p| p.chars())
        .map(fold)
        .filter(|c| c.is_alphanumeric())
        .take(KEY_CHARS)
        .collect()
}

/// Full-width ASCII to half-width, ASCII to lower case.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    };
    c.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(title: &str, body: &[&str]) -> Article {
        Article {
            title: title.into(),
            body: body.iter().map(|p| p.to_string()).collect(),
            ..Article::default()
        }
    }

    #[test]
    fn an_unchanged_story_keeps_its_id_when_another_is_added_before_it() {
        let mut before = vec![
            story("甲", &["第一篇正文。"]),
            story("乙", &["第二篇正文。"]),
        ];
        let mut after = vec![
            story("新", &["新增的一篇。"]),
            before[0].clone(),
            before[1].clone(),
        ];
        assign_page_ids("p", &mut before);
        assign_page_ids("p", &mut after);
        assert_eq!(before[0].id, after[1].id);
        assert_eq!(before[1].id, after[2].id);
        assert_ne!(after[0].id, after[1].id);
    }

    #[test]
    fn a_corrected_headline_or_rejoined_paragraph_keeps_the_id() {
        let mut a = vec![story("旧标题", &["生活困难", "户、残疾人。"])];
        let mut b = vec![story("新标题", &["生活困难户，残疾人。"])];
        assign_page_ids("p", &mut a);
        assign_page_ids("p", &mut b);
        assert_eq!(a[0].id, b[0].id);
        assert!(a[0].id.starts_with("p-") && a[0].id.len() == "p-".len() + 8);
    }

    #[test]
    fn colliding_stories_are_numbered_in_page_order() {
        let mut a = vec![story("甲", &["同一说明。"]), story("乙", &["同一说明！"])];
        assign_page_ids("p", &mut a);
        assert_eq!(a[1].id, format!("{}-2", a[0].id));
    }
}
