//! The page reader gives back what a page was made of: random well-formed
//! sequences of stories are rendered in the layout system's format and read
//! again. Same count, titles, columns, kickers, authors with roles, and
//! every paragraph in its own story.

use dangjian::corpus::read_page;
use proptest::prelude::*;

/// Characters for invented text: common words that cannot make a role
/// word, a dateline or a credit by accident.
const TEXT: &str = "党建引领乡村振兴基层治理服务群众发展产业文化教育环境街道干部人才创新实践学习活动工作推进建设家园幸福美好城市农村牧区草原绿色开放协调共享村民居民组织先锋模范力量";
const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华";

fn pick(pool: &'static str, n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    let chars: Vec<char> = pool.chars().collect();
    prop::collection::vec(prop::sample::select(chars), n).prop_map(|v| v.into_iter().collect())
}

/// A name, and how it is printed (two-character names are often padded).
fn name() -> impl Strategy<Value = (String, String)> {
    (pick(SURNAMES, 1..=1), pick(GIVEN, 1..=2), any::<bool>()).prop_map(|(s, g, pad)| {
        let name = format!("{s}{g}");
        let printed = if pad && g.chars().count() == 1 {
            format!("{s}\u{3000}{g}")
        } else {
            name.clone()
        };
        (name, printed)
    })
}

/// A sentence of 13–31 characters with a comma in it.
fn clause() -> impl Strategy<Value = String> {
    (pick(TEXT, 6..=15), pick(TEXT, 6..=15)).prop_map(|(a, b)| format!("{a}，{b}"))
}

/// A body paragraph of at least 40 characters ending in a full stop.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(clause(), 3..5).prop_map(|c| format!("{}。", c.join("，")))
}

#[derive(Debug, Clone)]
enum Credit {
    /// `□本报记者 X 通讯员 Y` on its own line.
    Byline,
    /// `本报讯（记者 X）…` opening the first paragraph.
    BracketDateline,
    /// `本报北京1月5日讯 记者X报道：…`.
    ReportDateline,
    /// `新华社记者 X` on its own line.
    Agency,
    /// `本报评论员`.
    Commentator,
    /// Title, caption, `X 摄`.
    Photo,
}

#[derive(Debug, Clone)]
struct Story {
    column: Option<String>,
    kicker: Option<String>,
    title: String,
    credit: Credit,
    /// (name, printed name, role) of the first and maybe a second person.
    people: Vec<(String, String)>,
    /// Paragraphs, and for each whether the layout breaks it (and where,
    /// as a fraction) and whether a sub-heading precedes it.
    paragraphs: Vec<(String, Option<f64>, Option<String>)>,
}

fn story() -> impl Strategy<Value = Story> {
    let credit = prop_oneof![
        4 => Just(Credit::Byline),
        2 => Just(Credit::BracketDateline),
        2 => Just(Credit::ReportDateline),
        1 => Just(Credit::Agency),
        1 => Just(Credit::Commentator),
        2 => Just(Credit::Photo),
    ];
    let para = (
        paragraph(),
        prop::option::weighted(0.3, 0.3..0.8f64),
        prop::option::weighted(0.2, pick(TEXT, 6..=14)),
    );
    (
        prop::option::weighted(0.3, pick(TEXT, 2..=5)),
        prop::option::weighted(0.3, (pick(TEXT, 4..=8), pick(TEXT, 4..=8))),
        (pick(TEXT, 5..=16), any::<bool>()),
        credit,
        prop::collection::vec(name(), 1..=2),
        prop::collection::vec(para, 1..=4),
    )
        .prop_map(
            |(column, kicker, (title, quoted), credit, people, paragraphs)| {
                let title = if quoted {
                    format!("“{title}！”")
                } else {
                    title
                };
                let kicker = kicker.map(|(a, b)| format!("{a} {b}"));
                let mut people = people;
                people.dedup_by(|a, b| a.0 == b.0);
                let mut paragraphs = paragraphs;
                // Photo items are one caption; the first paragraph never
                // follows a sub-heading.
                if matches!(credit, Credit::Photo) {
                    paragraphs.truncate(1);
                }
                paragraphs[0].2 = None;
                Story {
                    column,
                    kicker,
                    title,
                    credit,
                    people,
                    paragraphs,
                }
            },
        )
}

impl Story {
    fn render(&self, out: &mut Vec<String>) {
        if matches!(self.credit, Credit::Photo) {
            out.push(String::new());
            out.push(String::new());
        }
        if let Some(c) = &self.column {
            out.push(c.clone());
        }
        match &self.kicker {
            // A kicker is set right over the title.
            Some(k) => out.push(format!("{k}\n{}", self.title)),
            None => out.push(self.title.clone()),
        }
        let printed: Vec<&str> = self.people.iter().map(|p| p.1.as_str()).collect();
        match self.credit {
            Credit::Byline => out.push(match printed.as_slice() {
                [a] => format!("□本报记者 {a}"),
                [a, b, ..] => format!("□本报记者 {a} 通讯员 {b}"),
                [] => unreachable!(),
            }),
            Credit::Agency => out.push(format!("新华社记者 {}", printed.join(" "))),
            Credit::Commentator => out.push("本报评论员".to_string()),
            _ => {}
        }
        for (i, (text, brk, sub)) in self.paragraphs.iter().enumerate() {
            if let Some(sub) = sub {
                out.push(sub.clone());
            }
            let text = match (&self.credit, i) {
                (Credit::BracketDateline, 0) => {
                    format!("本报讯（记者 {}）{text}", printed.join(" "))
                }
                (Credit::ReportDateline, 0) => {
                    format!("本报北京1月5日讯 记者{}报道：{text}", printed.join("、"))
                }
                _ => text.clone(),
            };
            match brk {
                Some(f) => {
                    let chars: Vec<char> = text.chars().collect();
                    let at = ((chars.len() as f64 * f) as usize).clamp(34, chars.len() - 2);
                    if chars[at] == '，' || at + 1 >= chars.len() {
                        out.push(text);
                    } else {
                        out.push(chars[..at].iter().collect());
                        out.push(chars[at..].iter().collect());
                    }
                }
                None => out.push(text),
            }
        }
        if matches!(self.credit, Credit::Photo) {
            out.push(format!("{} 摄", printed[0]));
        }
    }

    fn authors(&self) -> Vec<(String, &'static str)> {
        let role2 = |i: usize| match (&self.credit, i) {
            (Credit::Byline, 1) => "correspondent",
            (Credit::Photo, _) => "photographer",
            _ => "reporter",
        };
        match self.credit {
            Credit::Commentator => vec![("本报评论员".to_string(), "commentator")],
            Credit::Photo => vec![(self.people[0].0.clone(), "photographer")],
            _ => self
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.0.clone(), role2(i)))
                .collect(),
        }
    }

    fn body(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (text, _, sub) in &self.paragraphs {
            out.extend(sub.clone());
            out.push(text.clone());
        }
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_page_of_well_formed_stories_reads_back_as_those_stories(
        stories in prop::collection::vec(story(), 1..7)
    ) {
        let mut lines = Vec::new();
        for s in &stories {
            s.render(&mut lines);
        }
        let page = format!("\n\n{}\n", lines.join("\n\n"));
        let got = read_page(&page, "p.txt", None);
        let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
        let want: Vec<&str> = stories.iter().map(|s| s.title.as_str()).collect();
        prop_assert_eq!(titles, want, "{}", page);
        for (a, s) in got.iter().zip(&stories) {
            let authors: Vec<(String, &str)> =
                a.authors.iter().map(|x| (x.name.clone(), x.role.as_str())).collect();
            prop_assert_eq!(authors, s.authors(), "{}", page);
            prop_assert_eq!(&a.body, &s.body(), "{}", page);
            prop_assert_eq!(&a.column, &s.column, "{}", page);
            prop_assert_eq!(&a.kicker, &s.kicker, "{}", page);
        }
    }
}
