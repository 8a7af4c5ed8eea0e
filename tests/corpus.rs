//! The page reader on the bundled page, and the JSONL reader.

use std::io::Write;

use dangjian::corpus::{JsonlReader, read_page};
use dangjian::{Article, Role};

use crate::fixtures::page_path;

fn page() -> Vec<Article> {
    let text = std::fs::read_to_string(page_path()).unwrap();
    read_page(&text, "000_d29847e9c32fafa7.txt", None)
}

fn by_title<'a>(articles: &'a [Article], title: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article titled {title}"))
}

fn authors(a: &Article) -> Vec<(&str, Role)> {
    a.authors
        .iter()
        .map(|x| (x.name.as_str(), x.role))
        .collect()
}

#[test]
fn the_bundled_page_splits_into_its_nine_articles() {
    let articles = page();
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "“为小伙儿办好每一件事，充实且幸福！”",
            "让乡土人才“破土飘香”",
            "保障春耕灌溉",
            "赤峰市打出持续提升干部能力“组合拳”",
            "凉亭里的议事会",
            "集体经济激活社区“造血”功能",
            "银发力量为基层治理助力添彩",
            "每周一学",
            "培树“头雁” 锻造乡村振兴主力军",
        ]
    );
}

#[test]
fn each_article_has_its_column_kicker_and_authors() {
    let a = page();
    let first = by_title(&a, "“为小伙儿办好每一件事，充实且幸福！”");
    assert_eq!(first.column.as_deref(), Some("微光成炬"));
    assert_eq!(first.kicker.as_deref(), Some("初心如磐"));
    assert_eq!(authors(first), [("王皓", Role::Reporter)]);

    let chifeng = by_title(&a, "赤峰市打出持续提升干部能力“组合拳”");
    assert_eq!(
        chifeng.kicker.as_deref(),
        Some("精准培训赋能 实战历练提能 大胆使用扩能")
    );
    assert_eq!(chifeng.column, None);
    assert_eq!(
        authors(chifeng),
        [("宋爽", Role::Reporter), ("刘蔚", Role::Intern)]
    );

    let photo = by_title(&a, "保障春耕灌溉");
    assert_eq!(authors(photo), [("白燕荣", Role::Photographer)]);
    assert_eq!(photo.body.len(), 1);

    let pavilion = by_title(&a, "凉亭里的议事会");
    assert_eq!(pavilion.column.as_deref(), Some("掠影"));
    assert_eq!(
        authors(pavilion),
        [("潘佳", Role::Photographer), ("苏佳琪", Role::Photographer)]
    );

    let silver = by_title(&a, "银发力量为基层治理助力添彩");
    assert_eq!(silver.column.as_deref(), Some("北疆党旗红"));
    assert_eq!(
        authors(silver),
        [("杨柳", Role::Reporter), ("王新宇", Role::Correspondent)]
    );

    let study = by_title(&a, "每周一学");
    assert_eq!(study.column.as_deref(), Some("每周一学"));
    assert!(study.authors.is_empty());
    assert!(study.body.iter().filter(|p| p.starts_with('★')).count() == 3);

    let geese = by_title(&a, "培树“头雁” 锻造乡村振兴主力军");
    assert_eq!(
        authors(geese),
        [("宋爽", Role::Reporter), ("王俊霞", Role::Correspondent)]
    );
    assert_eq!(
        authors(by_title(&a, "集体经济激活社区“造血”功能")),
        [("许敬", Role::Reporter)]
    );
}

#[test]
fn bylines_do_not_stay_in_the_body() {
    for a in page() {
        for p in &a.body {
            assert!(!p.contains("本报记者"), "{}: {p}", a.title);
            assert!(!p.ends_with(" 摄"), "{}: {p}", a.title);
        }
    }
}

#[test]
fn layout_breaks_are_rejoined() {
    let bodies: Vec<String> = page().iter().map(Article::body_text).collect();
    for phrase in [
        "生活困难户、残疾人",
        "实现了社区集体经济",
        "关心照顾我",
        "人才发挥年热、再立新功",
    ] {
        assert!(
            bodies.iter().any(|b| b.contains(phrase)),
            "{phrase} is not one phrase"
        );
    }
}

#[test]
fn page_ids_are_stable_and_the_date_comes_from_the_name_or_flag() {
    let text = std::fs::read_to_string(page_path()).unwrap();
    let a = read_page(
        &text,
        "2023-07-12_p4.txt",
        dangjian::date::find_in_name("2023-07-12_p4.txt"),
    );
    assert!(a[0].id.starts_with("2023-07-12_p4-"), "{}", a[0].id);
    assert!(a.iter().all(|x| x.date.as_deref() == Some("2023-07-12")));
    assert!(page().iter().all(|x| x.date.is_none()));
}

#[test]
fn a_bad_jsonl_line_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, r#"{{"id":"1","title":"好","body":"正文"}}"#).unwrap();
    writeln!(
        f,
        r#"{{"id":"2","title":"坏","body":"正文","date":"2023-02-30"}}"#
    )
    .unwrap();
    drop(f);
    let results: Vec<_> = JsonlReader::open(&path).unwrap().collect();
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err().to_string();
    assert!(err.contains("bad.jsonl:2"), "{err}");
    assert!(err.contains("`date`"), "{err}");
}

#[test]
fn compressed_archives_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"id":"z1","title":"标题","body":"第一段\n第二段","tags":["乡村振兴"]}"#;
    let zst = dir.path().join("a.jsonl.zst");
    std::fs::write(
        &zst,
        zstd::encode_all(format!("{line}\n").as_bytes(), 3).unwrap(),
    )
    .unwrap();
    let gz = dir.path().join("a.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    writeln!(enc, "{line}").unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    for path in [zst, gz] {
        let a: Vec<Article> = JsonlReader::open(&path)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].body, ["第一段", "第二段"]);
        assert_eq!(a[0].tags, ["乡村振兴"]);
    }
}
