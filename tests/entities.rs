//! People, places and organisations: extraction quality against
//! hand-labelled articles, and the facets and filters built on it.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use dangjian::analysis::Entities;
use dangjian::corpus::read_page;
use dangjian::search::{SearchRequest, search};

use crate::fixtures::{analyzer, find, page_archive, page_path};

/// Labels of one kind: (article key, name).
type Labels = BTreeSet<(String, String)>;

/// Precision and recall of `found` against `labels`.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub found: usize,
    pub labelled: usize,
}

fn score(found: &Labels, labels: &Labels) -> Score {
    let hits = found.intersection(labels).count() as f64;
    Score {
        precision: hits / (found.len().max(1) as f64),
        recall: hits / (labels.len().max(1) as f64),
        found: found.len(),
        labelled: labels.len(),
    }
}

/// Reads a labels file (`[key\t]kind\tname`, `#` comments) into labels by
/// kind; without a key column every label belongs to key "".
fn read_labels(path: &Path) -> HashMap<String, Labels> {
    let mut by_kind: HashMap<String, Labels> = HashMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (key, kind, name) = match cols.as_slice() {
            [kind, name] => ("", *kind, *name),
            [key, kind, name] => (*key, *kind, *name),
            _ => panic!("bad label line {line:?}"),
        };
        by_kind
            .entry(kind.to_string())
            .or_default()
            .insert((key.to_string(), name.to_string()));
    }
    by_kind
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Adds `e`'s entities, under `key`, to the found sets by kind.
fn add(found: &mut HashMap<String, Labels>, key: &str, e: &Entities) {
    for (kind, values) in [
        ("person", &e.people),
        ("place", &e.places),
        ("org", &e.orgs),
    ] {
        let set = found.entry(kind.to_string()).or_default();
        for v in values {
            set.insert((key.to_string(), v.clone()));
        }
    }
}

/// Scores found against labelled, by kind, printing a table.
fn report(
    found: &HashMap<String, Labels>,
    labels: &HashMap<String, Labels>,
) -> HashMap<String, Score> {
    let mut out = HashMap::new();
    for kind in ["person", "place", "org"] {
        let empty = Labels::new();
        let f = found.get(kind).unwrap_or(&empty);
        let l = labels.get(kind).unwrap_or(&empty);
        let s = score(f, l);
        println!(
            "{kind:7} precision {:.2} recall {:.2} ({} found, {} labelled)",
            s.precision, s.recall, s.found, s.labelled
        );
        println!(
            "   missed: {:?}",
            l.difference(f).map(|x| &x.1).collect::<Vec<_>>()
        );
        println!(
            "   extra:  {:?}",
            f.difference(l).map(|x| &x.1).collect::<Vec<_>>()
        );
        out.insert(kind.to_string(), s);
    }
    out
}

#[test]
fn seed_page_entities_meet_the_precision_and_recall_floor() {
    let text = std::fs::read_to_string(page_path()).unwrap();
    let analyzer = analyzer();
    let mut found = HashMap::new();
    for article in read_page(&text, "seed", None) {
        add(&mut found, "", &analyzer.entities(&article));
    }
    let scores = report(&found, &read_labels(&fixture("seed_entities.tsv")));
    // The people and the cities, counties and banners are what the facets
    // are for: both nearly complete and nearly clean.
    assert!(scores["person"].recall >= 0.9, "{:?}", scores["person"]);
    assert!(scores["person"].precision >= 0.9, "{:?}", scores["person"]);
    assert!(scores["place"].recall >= 0.9, "{:?}", scores["place"]);
    assert!(scores["place"].precision >= 0.75, "{:?}", scores["place"]);
    assert!(scores["org"].recall >= 0.75, "{:?}", scores["org"]);
    assert!(scores["org"].precision >= 0.75, "{:?}", scores["org"]);
}

#[test]
fn cities_counties_and_banners_of_the_seed_page_are_place_facets() {
    for p in [
        "通辽市",
        "霍林郭勒市",
        "乌拉特中旗",
        "赤峰市",
        "翁牛特旗",
        "阿鲁科尔沁旗",
        "鄂托克前旗",
        "正蓝旗",
        "商都县",
        "玉泉区",
    ] {
        let res = find(p);
        let places: Vec<&str> = res.facets.place.iter().map(|f| f.value.as_str()).collect();
        assert!(places.contains(&p), "{p} not in {places:?}");
        let filtered = search(
            page_archive(),
            &SearchRequest {
                place: Some(p.into()),
                ..SearchRequest::new(p)
            },
        )
        .unwrap();
        assert_eq!(filtered.total, res.total, "{p}");
    }
}

#[test]
fn filtering_by_a_person_finds_that_persons_story() {
    let res = search(
        page_archive(),
        &SearchRequest {
            person: Some("史连成".into()),
            ..SearchRequest::new("社区")
        },
    )
    .unwrap();
    assert_eq!(res.total, 1);
    assert_eq!(res.hits[0].title, "银发力量为基层治理助力添彩");
    let by_prefix = find("person:赵鹏飞");
    assert_eq!(by_prefix.total, 1);
    assert_eq!(by_prefix.hits[0].title, "培树“头雁” 锻造乡村振兴主力军");
}

#[test]
fn authors_are_not_person_facets() {
    let res = find("社区");
    let people: Vec<&str> = res.facets.person.iter().map(|f| f.value.as_str()).collect();
    assert!(people.contains(&"史连成"), "{people:?}");
    for author in ["宋爽", "杨柳", "许敬", "王皓"] {
        assert!(!people.contains(&author), "{author} in {people:?}");
    }
}

/// Precision and recall on 20 hand-labelled articles of the xwlb archive
/// (`tests/fixtures/xwlb_entities.tsv`); needs `../shared`. Prints the
/// table the README quotes:
/// `cargo test --release --test tests entities::xwlb -- --ignored --nocapture`.
#[test]
#[ignore]
fn xwlb_sample_precision_and_recall() {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/xwlb-2012-2026.jsonl.zst");
    if !corpus.exists() {
        println!("skipped: {} is absent", corpus.display());
        return;
    }
    let labels = read_labels(&fixture("xwlb_entities.tsv"));
    let ids: BTreeSet<String> = labels
        .values()
        .flatten()
        .map(|(id, _)| id.clone())
        .collect();
    let analyzer = analyzer();
    let mut found = HashMap::new();
    let reader = dangjian::corpus::JsonlReader::open(&corpus).unwrap();
    let mut seen = 0;
    for article in reader {
        let article = article.unwrap();
        if ids.contains(&article.id) {
            add(&mut found, &article.id, &analyzer.entities(&article));
            seen += 1;
        }
    }
    assert_eq!(seen, ids.len(), "labelled articles missing from the corpus");
    report(&found, &labels);
}
