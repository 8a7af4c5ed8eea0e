//! People, places and organisations named in an article, for the `person`,
//! `place` and `org` facets.
//!
//! Jieba's part-of-speech tagger (`nr` person, `ns` place, `nt`
//! organisation, and the tags of the user dictionary) proposes candidates;
//! a few rules, each measured on hand-labelled articles (README, "People,
//! places and organisations"), repair and filter them:
//!
//! - **Foreign names.** Jieba cuts many into pieces (古 / 特雷斯) or tags
//!   them places (普京 `ns`): a run of transliteration tokens is one name
//!   where names stand or when it recurs, and a place when the article
//!   puts it where places stand (哈尔科夫方向).
//! - **Split names.** Jieba cuts some names it does not know into a surname
//!   and a word (史连成 → 史 / 连成). A common surname followed by one or two
//!   Han characters is a name when that string recurs in the article.
//! - **Place suffixes.** An administrative suffix (市 县 旗 区 镇 乡 村 盟 省
//!   街道 社区 嘎查 …) after a place or an unknown word makes one place
//!   (乌加河 + 镇 → 乌加河镇).
//! - **Organisation suffixes.** A run of nouns that starts with a place or
//!   an organisation and ends in an organisation word (局 部 院 大学 公司 …)
//!   is one organisation (乌拉特中旗 + 农牧 + 科技局).
//! - **Lists.** `places.txt` (China's divisions, countries, world regions
//!   and cities; made by `scripts/gazetteer.py`) and `orgs.txt` (the
//!   central party and state bodies, international organisations) give a
//!   listed name its kind whatever jieba tags it (乌克兰 `nr`), also when
//!   jieba cut it in tokens (全国 / 政协). A dictionary word without a
//!   suffix of its kind is a place or an organisation only when listed:
//!   jieba's dictionary tags 城市, 美丽 and 治国 `ns`, 新进展 `nt`.
//! - **Filters.** Names are Han characters (a `·` may join the parts of a
//!   foreign name), of plausible length; the article's authors (what the
//!   page reader found in the bylines) are not entities of the story; a
//!   word ending in an organisation word is not one when it names a plan,
//!   a part, people or an event (部署, 中西部, 干部, 峰会).

use std::collections::HashMap;
use std::sync::LazyLock;

use fnv::{FnvHashMap, FnvHashSet};

use jieba_rs::{Jieba, Tag};

use super::normalize;

/// The people, places and organisations of one article, each once, in order
/// of first mention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub orgs: Vec<String>,
}

/// The most common Chinese surnames (single characters), which cover
/// almost every name in the archive. A character class for the split-name
/// rule, not a list of people.
const SURNAMES: &str = "习王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Suffixes that make a word an administrative place.
const PLACE_SUFFIXES: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "街道",
    "社区",
    "嘎查",
    "苏木",
    "省",
    "市",
    "县",
    "旗",
    "区",
    "镇",
    "乡",
    "村",
    "盟",
    "州",
];

/// Last words of an organisation's name.
const ORG_SUFFIXES: &[&str] = &[
    "委员会",
    "联合会",
    "有限公司",
    "公司",
    "集团",
    "大学",
    "学院",
    "学校",
    "医院",
    "银行",
    "协会",
    "组织",
    "政府",
    "党委",
    "人大",
    "政协",
    "法院",
    "检察院",
    "研究院",
    "研究所",
    "科学院",
    "中心",
    "工作站",
    "宣讲团",
    "艺术团",
    "乐团",
    "电网",
    "局",
    "厅",
    "部",
    "署",
    "委",
    "办",
    "院",
    "所",
    "社",
    "厂",
    "会",
];

/// Words that end in an organisation word but name none: plans and
/// layouts (部署, 格局), parts and regions (内部, 中西部), people (干部),
/// society (社会), events (峰会, 冬奥会) and places (场所, 大厅).
const NOT_ORG_WORDS: &[&str] = &[
    "部署",
    "格局",
    "布局",
    "大局",
    "全局",
    "结局",
    "开局",
    "局部",
    "全部",
    "内部",
    "外部",
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "中西部",
    "东北部",
    "西北部",
    "西南部",
    "东南部",
    "干部",
    "社会",
    "机会",
    "峰会",
    "晚会",
    "年会",
    "盛会",
    "展会",
    "博览会",
    "运动会",
    "奥运会",
    "冬奥会",
    "亚运会",
    "世博会",
    "交易会",
    "座谈会",
    "研讨会",
    "发布会",
    "招待会",
    "茶话会",
    "场所",
    "住所",
    "厕所",
    "大厅",
    "餐厅",
    "客厅",
    "展厅",
];

/// A person's name in Han characters: 2 to 4 of them.
const PERSON_CHARS: std::ops::RangeInclusive<usize> = 2..=4;
/// A place's name: 2 to 12 characters.
const PLACE_CHARS: std::ops::RangeInclusive<usize> = 2..=12;
/// An organisation's name: 3 to 20 characters.
const ORG_CHARS: std::ops::RangeInclusive<usize> = 3..=20;
/// Most words an organisation's name is built from.
const ORG_MAX_WORDS: usize = 5;

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

fn all_han(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_han)
}

/// Han characters, with `·` only between parts (阿卜杜拉·沙希德).
fn name_chars(s: &str) -> bool {
    s.split('·').all(all_han)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Collects entities in order of first mention, each once.
#[derive(Default)]
struct Found {
    list: Vec<String>,
}

impl Found {
    fn push(&mut self, s: &str) {
        if !self.list.iter().any(|x| x == s) {
            self.list.push(s.to_string());
        }
    }
}

/// Two-character surnames.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "皇甫", "东方", "公孙", "令狐", "慕容", "尉迟", "长孙", "夏侯",
    "宇文", "司徒", "端木", "呼延", "南宫", "独孤", "澹台", "公冶", "轩辕", "万俟",
];

/// Characters of transliterated foreign names (特朗普, 托卡耶夫): a foreign
/// name tagged `nr` is kept only when it is made of these.
const TRANSLIT: &str = "阿埃艾爱安奥澳巴拜班邦贝本比彼宾波伯博布查达戴丹德迪蒂丁东杜多厄恩尔法菲费芬佛弗福盖冈戈格贡古圭哈海汉豪赫黑亨胡华霍基吉加贾杰金卡凯坎康考科克肯库夸奎拉莱兰朗劳勒雷黎里利莉连列林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明莫默姆穆纳娜奈南内尼涅努诺欧帕潘佩彭皮珀普奇齐恰乔切琴丘萨塞桑瑟森沙莎尚舍什斯松苏索塔泰坦汤特提图托瓦万旺威韦维温沃乌伍西希谢辛休雅亚扬耶伊因英尤约泽扎詹朱兹佐夫京久茨契娅娃丽锡廷瑙芙龙";

/// [`SURNAMES`] and [`TRANSLIT`] as sets: every token of every article is
/// looked up, and a search through the string took 2% of an ingest.
static SURNAME_SET: LazyLock<FnvHashSet<char>> = LazyLock::new(|| SURNAMES.chars().collect());
static TRANSLIT_SET: LazyLock<FnvHashSet<char>> = LazyLock::new(|| TRANSLIT.chars().collect());

/// Verbs of saying: a name is often followed by one.
const SAYS: &[&str] = &[
    "说", "表示", "介绍", "指出", "强调", "告诉", "认为", "坦言", "感慨",
];

/// Last characters of nouns for people (村民, 专家, 党员, 大户): a name often
/// follows one.
const PERSON_NOUN_ENDS: &str = "民员长人师家户者手生工记理席统";

/// Tags of function words, numbers and measures: never part of a name.
fn is_function_tag(tag: &str) -> bool {
    matches!(
        tag,
        "u" | "uj"
            | "ul"
            | "uz"
            | "uv"
            | "ud"
            | "ug"
            | "p"
            | "c"
            | "r"
            | "m"
            | "q"
            | "f"
            | "x"
            | "y"
    )
}

/// The surname a word starts with, if any.
fn surname_of(word: &str) -> Option<&str> {
    if let Some(s) = COMPOUND_SURNAMES.iter().find(|s| word.starts_with(*s)) {
        return Some(s);
    }
    let c = word.chars().next()?;
    SURNAME_SET.contains(&c).then(|| &word[..c.len_utf8()])
}

/// The places and organisations of [`places.txt`](places.txt) and
/// [`orgs.txt`](orgs.txt): China's divisions, countries, world regions and
/// cities; the central party and state bodies and international
/// organisations. Jieba's dictionary tags many of them as other kinds
/// (阿富汗 and 斯里兰卡 `nr`, 欧盟 `j`), and many common words as places or
/// organisations (城市 `ns`, 新进展 `nt`): a listed name gets its kind, and
/// a dictionary word with no suffix of its kind counts only when listed.
fn listed(list: &'static str) -> FnvHashSet<&'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}
static PLACES: LazyLock<FnvHashSet<&'static str>> =
    LazyLock::new(|| listed(include_str!("places.txt")));
static ORGS: LazyLock<FnvHashSet<&'static str>> =
    LazyLock::new(|| listed(include_str!("orgs.txt")));
/// Every proper prefix of a listed name: a run of tokens stops being a
/// listed name as soon as it is none, which for most tokens is at once.
static LISTED_PREFIXES: LazyLock<FnvHashSet<&'static str>> = LazyLock::new(|| {
    PLACES
        .iter()
        .chain(ORGS.iter())
        .flat_map(|name| name.char_indices().map(|(at, _)| &name[..at]))
        .collect()
});

/// A token with the tag the user dictionary gives its word, if any.
struct Tok<'a> {
    word: &'a str,
    /// Where `word` ends in the text, in bytes: a token starts where the
    /// one before it ends (jieba's tokens cover the text).
    end: usize,
    tag: &'a str,
    /// In the user dictionary.
    known: bool,
    /// In jieba's dictionary or the user's; otherwise the HMM made it.
    in_dict: bool,
    /// In [`PLACES`] or [`ORGS`] (its tag is then `ns` or `nt`).
    listed: bool,
}

/// Extracts the entities of `text` (title, kicker and body, joined by
/// newlines); `authors` are left out. `user_tags` are the user
/// dictionary's tags, which win over jieba's.
pub(crate) fn extract(
    jieba: &Jieba,
    user_tags: &HashMap<String, String>,
    text: &str,
    authors: &[&str],
) -> Entities {
    let text = normalize(text);
    let tags: Vec<Tok> = jieba
        .tag(&text, true)
        .into_iter()
        .map(|t: Tag| {
            let user = if user_tags.is_empty() {
                None
            } else {
                user_tags.get(t.word)
            };
            let list = if user.is_some() {
                None
            } else if PLACES.contains(t.word) {
                Some("ns")
            } else if ORGS.contains(t.word) {
                Some("nt")
            } else {
                None
            };
            Tok {
                word: t.word,
                end: t.byte_end,
                tag: user.map_or(list.unwrap_or(t.tag), String::as_str),
                known: user.is_some(),
                in_dict: jieba.has_word(t.word),
                listed: list.is_some(),
            }
        })
        .collect();
    debug_assert!(
        tags.windows(2)
            .all(|w| w[1].end - w[1].word.len() == w[0].end),
        "jieba's tokens cover the text"
    );
    let mut people = Found::default();
    let mut places = Found::default();
    let mut orgs = Found::default();
    let split_names = split_name_counts(&tags);
    let mut counts: FnvHashMap<&str, usize> = FnvHashMap::default();
    for t in &tags {
        *counts.entry(t.word).or_insert(0) += 1;
    }

    // Where the last place found ends: a place right after it is part of
    // a hierarchy (乌加河镇 双荣村).
    let mut place_end = usize::MAX;
    let mut i = 0;
    while i < tags.len() {
        if let Some((name, end, is_place)) = listed_run(&text, &tags, i) {
            if is_place {
                places.push(name);
                place_end = end;
            } else {
                orgs.push(name);
            }
            i = end;
            continue;
        }
        if let Some((name, end)) = dotted_name(&tags, i) {
            people.push(&name);
            i = end;
            continue;
        }
        match foreign_name(&tags, i, &text) {
            Some(Foreign::Person(name, end)) => {
                people.push(&name);
                i = end;
                continue;
            }
            Some(Foreign::Place(name, end)) => {
                places.push(&name);
                i = end;
                continue;
            }
            Some(Foreign::Neither(end)) => {
                i = end;
                continue;
            }
            None => {}
        }
        if let Some(name) = split_name(&tags, i)
            && (split_names.get(name.as_str()).copied().unwrap_or(0) >= 2
                || in_name_context(&tags, i, i + 2))
        {
            people.push(&name);
            i += 2;
            continue;
        }
        if (is_person(jieba, &tags[i]) || titled_name(&tags, i))
            && (strong_person(&tags[i])
                || counts.get(tags[i].word).copied().unwrap_or(0) >= 2
                || in_name_context(&tags, i, i + 1))
        {
            people.push(tags[i].word);
        }
        if let Some((org, end)) = org_at(&tags, i) {
            if let Some((place, _)) = place_at(&tags, i, place_end == i) {
                places.push(&place);
            }
            // `央视网消息`: the dateline names the source, not the story's
            // subject.
            if tags.get(end).is_none_or(|t| t.word != "消息") {
                orgs.push(&org);
            }
            i = end;
            continue;
        }
        if let Some((place, end)) = place_at(&tags, i, place_end == i) {
            places.push(&place);
            place_end = end;
            i = end;
            continue;
        }
        i += 1;
    }
    let authors: Vec<String> = authors.iter().map(|a| normalize(a)).collect();
    let not_author = |s: &String| !authors.contains(s);
    // Nobody: a name the article also puts where places stand (库尔斯克州
    // is a place), a side in talks (马方), a word that names no one (施策).
    let somebody =
        |s: &String| !placed(s, &text) && !is_side(s) && !NOT_PEOPLE.contains(&s.as_str());
    // A piece of a longer name the article gives (马克 of 马克龙, where
    // jieba cut 龙说 together) is that name.
    let not_piece = |s: &String| {
        !people
            .list
            .iter()
            .any(|p| p.len() > s.len() && p.starts_with(s.as_str()))
    };
    let kept: Vec<String> = people
        .list
        .iter()
        .filter(|s| not_author(s) && somebody(s) && not_piece(s))
        .cloned()
        .collect();
    Entities {
        people: kept,
        places: places.list,
        orgs: orgs.list,
    }
}

/// Most tokens a listed name is cut into (全国 / 政协, 国家 / 发展 / 改革委).
const LISTED_MAX_TOKENS: usize = 4;

/// A listed organisation or place that jieba cut into several tokens,
/// starting at token `i`: the longest, the index after it, and whether it
/// is a place.
fn listed_run<'a>(text: &'a str, tags: &[Tok], i: usize) -> Option<(&'a str, usize, bool)> {
    if tags[i].known {
        return None;
    }
    // The tokens are consecutive slices of `text`: a run is one slice.
    let start = tags[i].end - tags[i].word.len();
    let mut best = None;
    for (j, t) in tags
        .iter()
        .enumerate()
        .skip(i + 1)
        .take(LISTED_MAX_TOKENS - 1)
    {
        if t.known || !LISTED_PREFIXES.contains(&text[start..tags[j - 1].end]) {
            break;
        }
        let name = &text[start..t.end];
        if ORGS.contains(name) {
            best = Some((name, j + 1, false));
        } else if PLACES.contains(name) {
            best = Some((name, j + 1, true));
        }
    }
    best
}

fn is_person_tag(tag: &str) -> bool {
    tag.starts_with("nr")
}

/// Whether one token is a person's name.
fn is_person(jieba: &Jieba, t: &Tok) -> bool {
    if !is_person_tag(t.tag) || !all_han(t.word) || !PERSON_CHARS.contains(&chars(t.word)) {
        return false;
    }
    if t.known {
        return true;
    }
    match surname_of(t.word) {
        // Jieba's dictionary tags many plain words `nr` (文明, 荣誉, 沙丘):
        // a dictionary word is a name only as surname + a given name that
        // is no word itself (毛泽东, not 高素质).
        Some(surname) => {
            let given = &t.word[surname.len()..];
            !t.in_dict
                || (t.tag == "nrfg" && chars(t.word) >= 3)
                || (chars(t.word) == 3 && !given.is_empty() && !jieba.has_word(given))
        }
        // A foreign name: transliteration characters only.
        None => chars(t.word) >= 2 && t.word.chars().all(|c| TRANSLIT_SET.contains(&c)),
    }
}

/// Titles and roles a foreign name often follows (秘书长 古特雷斯, 发言人
/// 佩斯科夫), besides the nouns for people of [`in_name_context`].
const NAME_TITLES: &[&str] = &[
    "总统",
    "总理",
    "首相",
    "主席",
    "国王",
    "女王",
    "外长",
    "部长",
    "大使",
    "发言人",
    "秘书长",
    "代表",
    "议长",
    "将军",
    "司令",
    "总干事",
    "总书记",
];

/// Words jieba tags as names that news repeats but that name nobody: a
/// virus (埃博拉), policy words (施策, 科普, 安全观) and a slogan's piece
/// (山水林田湖草 → 林田湖).
const NOT_PEOPLE: &[&str] = &["埃博拉", "寨卡", "施策", "科普", "安全观", "林田湖"];

/// Countries' one-character short forms: with 方 they are a side in talks
/// (中方, 美方, 马方), not a person.
const SIDES: &str = "中美俄日英法德韩朝印巴伊叙以乌欧马越泰菲澳加土沙埃蒙哈塔吉老柬缅新阿古委墨";

fn is_side(name: &str) -> bool {
    let mut c = name.chars();
    matches!((c.next(), c.next(), c.next()), (Some(x), Some('方'), None) if SIDES.contains(x))
}

/// Words that stand before a place (抵达莫斯科) and after one (哈尔科夫州,
/// 巴赫穆特方向), and not by a person.
const PLACE_BEFORE: &[&str] = &["抵达", "前往", "位于", "途经", "飞抵", "赴"];
const PLACE_AFTER: &[&str] = &[
    "州", "市", "地区", "方向", "前线", "一带", "附近", "境内", "郊区", "港", "机场", "口岸",
];

/// What [`foreign_name`] found: a name, a foreign place written like one
/// (哈尔科夫方向), or pieces of a name that is neither where it stands; and
/// the index after it.
enum Foreign {
    Person(String, usize),
    Place(String, usize),
    /// Tokens that are pieces of one name, which is neither.
    Neither(usize),
}

/// A foreign name jieba cut into pieces (古 / 特雷斯, 托 / 卡耶夫, 阿拉 /
/// 格齐) or tagged a place (普京 `ns`), starting at token `i`: tokens of
/// transliteration characters only, none of them a listed place, one of
/// them tagged a name, 3 to 6 characters in all, where names stand or
/// recurring; or one such token of 2 or more that jieba tagged a place but
/// no list holds, where names stand. The name and the index after it; a
/// place when the article puts it where places stand.
fn foreign_name(tags: &[Tok], i: usize, text: &str) -> Option<Foreign> {
    let translit =
        |t: &Tok| !t.listed && !t.known && t.word.chars().all(|c| TRANSLIT_SET.contains(&c));
    // The run and its length first: most runs are no name, and every
    // token of every article is looked at.
    let mut end = i;
    let mut len = 0;
    while end < tags.len() && len < 6 && translit(&tags[end]) {
        len += chars(tags[end].word);
        end += 1;
    }
    let tokens = &tags[i..end];
    let (named, may_recur) = match tokens {
        [] => (false, false),
        [one] => (one.tag == "ns" && len >= 2, false),
        _ => (
            (3..=6).contains(&len) && tokens.iter().any(|t| is_person_tag(t.tag)),
            true,
        ),
    };
    if !named {
        return None;
    }
    let name: String = tokens.iter().map(|t| t.word).collect();
    // Pieces of one foreign name or place are never an entity each.
    let skip = may_recur.then_some(Foreign::Neither(end));
    // Foreign places are cut and tagged the same way (哈尔 / 科夫): one
    // that the article puts where places stand is a place, whole.
    if placed(&name, text) {
        return Some(Foreign::Place(name, end));
    }
    let recurs = may_recur && text.matches(name.as_str()).count() >= 2;
    if after_title(tags, i) || in_name_context(tags, i, end) || recurs {
        Some(Foreign::Person(name, end))
    } else {
        skip
    }
}

/// Whether `text` puts `name` where places stand, anywhere.
fn placed(name: &str, text: &str) -> bool {
    PLACE_BEFORE
        .iter()
        .any(|p| text.contains(&format!("{p}{name}")))
        || PLACE_AFTER
            .iter()
            .any(|p| text.contains(&format!("{name}{p}")))
}

/// A name that needs no second mention or context: from the user
/// dictionary, tagged a full name by jieba (`nrfg`), or made by jieba's
/// HMM with three or more characters. A two-character word the HMM made
/// (施策) or a dictionary word (马头琴) is a name only when it recurs or
/// stands where names stand.
fn strong_person(t: &Tok) -> bool {
    t.known || (t.tag == "nrfg" && chars(t.word) >= 3) || (!t.in_dict && chars(t.word) >= 3)
}

/// `阿卜杜拉` `·` `沙希德`: a foreign name in parts; the name and the index
/// after it. Every part is a transliteration (not a dictionary word) or a
/// dictionary name: headlines join ordinary words with the same dot
/// (美丽乡村·促振兴, 时代·非凡), and those are not people.
fn dotted_name(tags: &[Tok], i: usize) -> Option<(String, usize)> {
    let part = |t: &Tok| all_han(t.word) && (!t.in_dict || t.tag.starts_with("nr"));
    if !part(&tags[i]) {
        return None;
    }
    let mut name = tags[i].word.to_string();
    let mut j = i + 1;
    while j + 1 < tags.len() && tags[j].word == "·" && part(&tags[j + 1]) {
        name.push('·');
        name.push_str(tags[j + 1].word);
        j += 2;
    }
    (j > i + 1 && name_chars(&name) && chars(&name) <= 16).then_some((name, j))
}

/// A surname token followed by a one- or two-character Han token that
/// jieba did not tag as a name: 史 / 连成, 郝 / 胜利.
fn split_name(tags: &[Tok], i: usize) -> Option<String> {
    let (s, g) = (&tags[i], tags.get(i + 1)?);
    if surname_of(s.word) != Some(s.word) || !all_han(g.word) || !(1..=2).contains(&chars(g.word)) {
        return None;
    }
    // A single character is a surname here only where jieba says so, or
    // where it takes the rest for a name (史 / 连成 `nrfg`).
    if chars(s.word) == 1 && !is_person_tag(s.tag) && !is_person_tag(g.tag) {
        return None;
    }
    // Not a function word, and not a common noun: 王 / 书记 is a form of
    // address.
    if is_function_tag(g.tag) || g.tag == "n" || g.tag == "ns" {
        return None;
    }
    Some(format!("{}{}", s.word, g.word))
}

/// A name between `start` and `end` where names stand: after a noun for
/// people (村民 李建有) or before a verb of saying (皇甫将 介绍).
fn in_name_context(tags: &[Tok], start: usize, end: usize) -> bool {
    let before = start
        .checked_sub(1)
        .and_then(|b| tags.get(b))
        .is_some_and(person_noun);
    let after = tags.get(end).is_some_and(|t| SAYS.contains(&t.word));
    before || after
}

/// A noun for people (村民, 专家, 书记): a name often follows one.
fn person_noun(t: &Tok) -> bool {
    t.tag == "n"
        && t.word
            .chars()
            .last()
            .is_some_and(|c| PERSON_NOUN_ENDS.contains(c))
}

/// Whether token `i` follows a title ([`NAME_TITLES`]) or a noun for people.
fn after_title(tags: &[Tok], i: usize) -> bool {
    i.checked_sub(1)
        .is_some_and(|b| NAME_TITLES.contains(&tags[b].word) || person_noun(&tags[b]))
}

/// A Chinese name right after a title (书记 蔡奇, 部长 黄坤明, 主席 俞正声):
/// a surname and one or two characters that jieba tagged a name or an
/// unlisted place. Jieba's dictionary holds many such names whose given
/// name is a word too (奇, 正声), which [`is_person`] alone turns away.
fn titled_name(tags: &[Tok], i: usize) -> bool {
    let t = &tags[i];
    after_title(tags, i)
        && !t.listed
        && (is_person_tag(t.tag) || t.tag == "ns")
        && all_han(t.word)
        && (2..=3).contains(&chars(t.word))
        && surname_of(t.word).is_some_and(|s| s.len() < t.word.len())
}

/// How often each split-name candidate occurs in the text.
fn split_name_counts(tags: &[Tok]) -> FnvHashMap<String, usize> {
    let mut counts = FnvHashMap::default();
    for i in 0..tags.len() {
        if let Some(name) = split_name(tags, i) {
            *counts.entry(name).or_insert(0) += 1;
        }
    }
    counts
}

fn is_place_tag(tag: &str) -> bool {
    tag == "ns"
}

fn ends_with_place_suffix(word: &str) -> bool {
    PLACE_SUFFIXES
        .iter()
        .any(|s| word.len() > s.len() && word.ends_with(s))
}

/// The place starting at token `i`, and the index after it: a place token,
/// merged with a following administrative suffix (乌加河 + 镇).
fn place_at(tags: &[Tok], i: usize, after_place: bool) -> Option<(String, usize)> {
    let t = &tags[i];
    if !all_han(t.word) {
        return None;
    }
    let next_is_suffix = tags
        .get(i + 1)
        .is_some_and(|n| PLACE_SUFFIXES.contains(&n.word));
    let (place, end) = if t.known && !is_place_tag(t.tag) {
        return None;
    } else if next_is_suffix
        && !ends_with_place_suffix(t.word)
        && (is_place_tag(t.tag) || (!t.in_dict && after_place))
    {
        // 乌加河 + 镇.
        (format!("{}{}", t.word, tags[i + 1].word), i + 2)
    } else if ends_with_place_suffix(t.word)
        && (is_place_tag(t.tag) || (!t.in_dict && after_place))
        && (t.listed || chars(t.word) >= 3)
    {
        // 双荣村 (after 乌加河镇), which the HMM made and tagged a name. A
        // word the HMM made is a place only inside a place hierarchy: on
        // its own it is too often a fragment (该旗, 个弱村).
        (t.word.to_string(), i + 1)
    } else if is_place_tag(t.tag) && (t.known || t.listed) {
        // A listed place without a suffix: 江苏, 内蒙古, 阿富汗. Jieba's
        // dictionary tags common words `ns` (城市, 美丽, 治国) and verbs
        // (上门, 扎根); one the HMM guessed (静湖, 甘其) is too often a
        // fragment.
        (t.word.to_string(), i + 1)
    } else {
        return None;
    };
    // A numeral first (三江, 两江, 三国) is a count, not a name.
    let counted = place.starts_with(|c: char| NUMERALS.contains(c));
    (PLACE_CHARS.contains(&chars(&place)) && (t.known || !counted)).then_some((place, end))
}

/// Chinese numerals.
const NUMERALS: &str = "一二三四五六七八九十两百千万几数多";

fn is_org_tag(tag: &str) -> bool {
    tag == "nt"
}

/// Whether a token can be a part of an organisation's name.
fn org_part(t: &Tok) -> bool {
    all_han(t.word) && (t.tag.starts_with('n') || matches!(t.tag, "vn" | "j" | "b" | "zg"))
}

/// Whether `word` ends in an organisation word (科技局, 党委, 局) and is not
/// one of [`NOT_ORG_WORDS`] (格局).
fn ends_with_org_suffix(word: &str) -> bool {
    ORG_SUFFIXES.iter().any(|s| word.ends_with(s))
        && !NOT_ORG_WORDS.iter().any(|w| word.ends_with(w))
}

/// The organisation starting at token `i`, and the index after it: a run
/// of noun tokens starting with a place or organisation and ending in an
/// organisation word, or an `nt` token. A run goes from the last place or
/// name before the organisation word (宝日呼吉尔街道党工委, not
/// 通辽市霍林郭勒市宝日呼吉尔街道党工委).
fn org_at(tags: &[Tok], i: usize) -> Option<(String, usize)> {
    let t = &tags[i];
    if !all_han(t.word) || !(is_place_tag(t.tag) || is_org_tag(t.tag) || t.tag == "nz") {
        return None;
    }
    let mut best: Option<(String, usize)> = None;
    let mut name = String::new();
    for (j, part) in tags.iter().enumerate().skip(i).take(ORG_MAX_WORDS) {
        if j > i && (!org_part(part) || is_place_tag(part.tag) || part.tag == "nz") {
            break;
        }
        name.push_str(part.word);
        // The organisation word is a noun: 部署 (deploy) ends in 署.
        let noun = !part.tag.starts_with('v');
        if j > i && noun && ends_with_org_suffix(part.word) && ORG_CHARS.contains(&chars(&name)) {
            best = Some((name.clone(), j + 1));
        }
    }
    // Jieba's own `nt` words stand alone (联合国, 欧盟), but not the
    // party's generic units (党组织, 党工委) or wholes (全党全国).
    let generic = t.word.starts_with('党') || t.word.starts_with('全');
    let named = t.listed || t.known || ends_with_org_suffix(t.word);
    if best.is_none() && is_org_tag(t.tag) && (!generic || t.listed) && named && chars(t.word) >= 2
    {
        best = Some((t.word.to_string(), i + 1));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entities of `text`, with jieba's own dictionary and no authors.
    fn entities_of(text: &str) -> Entities {
        extract(&Jieba::new(), &HashMap::new(), text, &[])
    }

    #[test]
    fn split_names_count_only_when_recurring() {
        let e = entities_of("史连成是社区党员。史连成说，史连成感慨地说。");
        assert!(e.people.contains(&"史连成".to_string()), "{e:?}");
    }

    #[test]
    fn words_joined_by_a_dot_are_not_a_foreign_name() {
        let text =
            "乡村·美好生活。时代·非凡。伊斯兰堡消息，阿卜杜拉·沙希德说，阿卜杜拉·沙希德表示。";
        let e = entities_of(text);
        assert!(
            !e.people
                .iter()
                .any(|p| p.starts_with("乡村") || p.starts_with("时代")),
            "{e:?}"
        );
        assert!(e.people.contains(&"阿卜杜拉·沙希德".to_string()), "{e:?}");
    }

    #[test]
    fn listed_places_are_places_whatever_jieba_tags_them() {
        // Jieba tags 塞尔维亚 and 斯里兰卡 `nrt`, 乌克兰 and 莫斯科 `nr`, and
        // 城市 (city) `ns`; 美国 stands before a verb.
        let text = "塞尔维亚总统武契奇表示，斯里兰卡和乌克兰，莫斯科的城市建设，美国宣布。";
        let e = entities_of(text);
        for place in ["塞尔维亚", "斯里兰卡", "乌克兰", "莫斯科", "美国"] {
            assert!(e.places.contains(&place.to_string()), "{place}: {e:?}");
            assert!(!e.people.contains(&place.to_string()), "{place}: {e:?}");
        }
        assert!(!e.places.contains(&"城市".to_string()), "{e:?}");
    }

    #[test]
    fn listed_organisations_are_found_whole_and_plans_are_not_organisations() {
        // 全国政协 starts like the generic 全党; 人力资源社会保障部 is cut in
        // two; 部署 (deploy) and 格局 (pattern) end in organisation words.
        let text = "全国政协主席出席。人力资源社会保障部发布通知。贯彻党中央决策部署，形成新格局。";
        let e = entities_of(text);
        assert!(e.orgs.contains(&"全国政协".to_string()), "{e:?}");
        assert!(e.orgs.contains(&"人力资源社会保障部".to_string()), "{e:?}");
        assert!(!e.orgs.contains(&"社会保障部".to_string()), "{e:?}");
        assert!(
            !e.orgs
                .iter()
                .any(|o| o.ends_with("部署") || o.ends_with("格局")),
            "{e:?}"
        );
    }

    #[test]
    fn the_lists_hold_names_of_their_kind_only() {
        assert!(PLACES.len() > 3_000 && ORGS.len() > 100);
        for name in PLACES.iter().chain(ORGS.iter()) {
            assert!(all_han(name) && chars(name) >= 2, "{name}");
        }
        assert!(PLACES.is_disjoint(&ORGS));
        // Common words that are also a city's short name stay out.
        for word in ["来宾", "安康", "日照", "城区"] {
            assert!(!PLACES.contains(word), "{word}");
        }
    }

    #[test]
    fn foreign_names_cut_in_pieces_are_one_name_and_foreign_places_are_places() {
        // Jieba cuts 古特雷斯 as 古 / 特雷斯, 托卡耶夫 as 托 / 卡耶夫 and 佩斯科夫
        // as 佩 / 斯科夫, and tags 普京 a place.
        let text = "联合国秘书长古特雷斯表示，哈萨克斯坦总统托卡耶夫说，\
                    克里姆林宫发言人佩斯科夫说，俄罗斯总统普京会见。\
                    巴赫穆特方向战事激烈，巴赫穆特市中心。";
        let e = entities_of(text);
        for name in ["古特雷斯", "托卡耶夫", "佩斯科夫", "普京"] {
            assert!(e.people.contains(&name.to_string()), "{name}: {e:?}");
        }
        for piece in ["特雷斯", "卡耶夫", "斯科夫"] {
            assert!(!e.people.contains(&piece.to_string()), "{piece}: {e:?}");
        }
        assert!(!e.people.iter().any(|p| p.contains("巴赫")), "{e:?}");
    }

    #[test]
    fn sides_in_talks_policy_words_and_pieces_of_names_are_not_people() {
        assert!(is_side("马方") && is_side("中方"));
        assert!(!is_side("王方") && !is_side("马方明") && !is_side("方"));
        let e = entities_of("法国总统马克龙表示，马克龙说。");
        assert_eq!(e.people, ["马克龙"], "{e:?}");
        let text = "马方表示，马方愿同中方合作。胡塞武装袭击，胡塞说。埃博拉疫情，埃博拉病毒。";
        let e = entities_of(text);
        for word in ["马方", "中方", "胡塞", "埃博拉"] {
            assert!(!e.people.contains(&word.to_string()), "{word}: {e:?}");
        }
    }

    #[test]
    fn a_name_after_a_title_is_a_name_though_its_given_name_is_a_word() {
        // Jieba's dictionary holds 蔡奇 and 俞正声 (奇 and 正声 are words
        // too) and tags 黄坤明 a place.
        let text = "全国政协主席俞正声今天会见。北京市委书记蔡奇表示，中宣部部长黄坤明出席。";
        let e = entities_of(text);
        for name in ["俞正声", "蔡奇", "黄坤明"] {
            assert!(e.people.contains(&name.to_string()), "{name}: {e:?}");
        }
        assert!(!e.places.contains(&"黄坤明".to_string()), "{e:?}");
    }

    #[test]
    fn authors_are_not_people_of_the_story() {
        let jieba = Jieba::new();
        let e = extract(
            &jieba,
            &HashMap::new(),
            "王莹说，王莹对自己的定位一直很明确。",
            &["王莹"],
        );
        assert!(!e.people.contains(&"王莹".to_string()), "{e:?}");
    }
}
