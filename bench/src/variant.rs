//! The corpus variants the benchmark ingests, and the JSONL it writes for
//! every engine.
//!
//! - **Facets.** The xwlb items carry no column and no author, so facets
//!   would be priced on empty fields. The variant gives each article
//!   - the column its title names in a leading 【…】 (`【新思想引领新征程】…`
//!     is in column 新思想引领新征程; the title is kept as it is), none
//!     where the title has no such prefix;
//!   - one author, two for a quarter of the articles, picked from
//!     [`AUTHORS`] by the CRC-32 of the id: the same archive always gets
//!     the same authors.
//! - **Scale.** Copy `c` (0, 1, …) of the archive gets ids `ID~c` (copy 0
//!   keeps the ids) and dates moved by 400·c years, which keeps every leap
//!   day valid (the Gregorian calendar repeats every 400 years).

use std::io::{BufWriter, Write};
use std::path::Path;

use dangjian::Article;

use crate::error::{Error, Result};

/// The names the facet variant's authors are drawn from.
pub const AUTHORS: &[&str] = &[
    "王海燕",
    "李建国",
    "张晓明",
    "刘芳",
    "陈志强",
    "杨帆",
    "赵丽",
    "黄伟",
    "周静",
    "吴磊",
    "徐婷",
    "孙浩",
    "马骏",
    "朱红",
    "胡斌",
    "郭敏",
    "何平",
    "高翔",
    "林琳",
    "罗军",
    "郑洁",
    "梁晨",
    "宋爽",
    "谢宁",
];

/// The column named by a leading 【…】 of `title`.
pub fn column_of(title: &str) -> Option<String> {
    let rest = title.trim_start().strip_prefix('【')?;
    let (column, _) = rest.split_once('】')?;
    let column = column.trim();
    (!column.is_empty()).then(|| column.to_string())
}

/// `a` with a column and authors (see the module doc).
pub fn with_facets(a: &Article) -> Article {
    let hash = crc32fast::hash(a.id.as_bytes()) as usize;
    let mut names = vec![AUTHORS[hash % AUTHORS.len()]];
    if hash % 4 == 0 {
        names.push(AUTHORS[(hash / AUTHORS.len() + 1) % AUTHORS.len()]);
    }
    names.dedup();
    Article {
        column: column_of(&a.title),
        authors: names
            .into_iter()
            .map(|n| dangjian::Author::new(n, dangjian::Role::Reporter))
            .collect(),
        ..a.clone()
    }
}

/// Copy `c` of `a` (see the module doc).
pub fn copy(a: &Article, c: usize) -> Article {
    if c == 0 {
        return a.clone();
    }
    let date = a.date.as_ref().map(|d| match d.split_once('-') {
        Some((year, rest)) => match year.parse::<usize>() {
            Ok(y) => format!("{}-{rest}", y + 400 * c),
            Err(_) => d.clone(),
        },
        None => d.clone(),
    });
    Article {
        id: format!("{}~{c}", a.id),
        date,
        ..a.clone()
    }
}

/// Writes `articles` as JSONL (body as one string), for our ingest and the
/// peers.
pub fn write_jsonl(path: &Path, articles: impl Iterator<Item = Article>) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = BufWriter::new(file);
    for a in articles {
        let mut line = serde_json::json!({
            "id": a.id,
            "date": a.date,
            "title": a.title,
            "tags": a.tags,
            "url": a.url,
            "body": a.body_text(),
        });
        if let Some(k) = &a.kicker {
            line["kicker"] = k.as_str().into();
        }
        if let Some(c) = &a.column {
            line["column"] = c.as_str().into();
        }
        if !a.authors.is_empty() {
            line["authors"] = a.authors.iter().map(|x| x.name.as_str()).collect();
        }
        writeln!(out, "{line}").map_err(|e| Error::io(path, e))?;
    }
    out.flush().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_is_the_leading_bracketed_name() {
        assert_eq!(
            column_of("【新思想引领新征程】长江经济带").as_deref(),
            Some("新思想引领新征程")
        );
        assert_eq!(column_of("长江经济带【不是栏目】"), None);
        assert_eq!(column_of("【】空"), None);
    }

    #[test]
    fn copies_get_new_ids_and_dates_four_hundred_years_on() {
        let a = Article {
            id: "V1".into(),
            title: "t".into(),
            date: Some("2016-02-29".into()),
            body: vec!["b".into()],
            ..Article::default()
        };
        let c = copy(&a, 2);
        assert_eq!(
            (c.id.as_str(), c.date.as_deref()),
            ("V1~2", Some("2816-02-29"))
        );
        assert_eq!(copy(&a, 0), a);
    }

    #[test]
    fn authors_are_the_same_on_every_run() {
        let a = Article {
            id: "VIDE1".into(),
            ..Article::default()
        };
        assert_eq!(with_facets(&a).authors, with_facets(&a).authors);
        assert!(!with_facets(&a).authors.is_empty());
    }
}
