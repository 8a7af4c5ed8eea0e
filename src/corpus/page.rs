//! The page reader: one raw newspaper page (plain text) into its articles.
//!
//! A page is a sequence of lines: headings (column, kicker, title), bylines,
//! body paragraphs (the first may open with a dateline), and photo captions
//! with their credit. The reader:
//!
//! 1. classifies each line ([`layout`](super::layout));
//! 2. finds where stories start ([`starts`](super::starts));
//! 3. cuts the page there, reads each heading block into column, kicker and
//!    title, collects the bylines (and the dateline's byline) into authors,
//!    and keeps the rest as body;
//! 4. re-joins paragraphs that the layout broke mid-sentence
//!    (`生活困难` / `户、残疾人`), so a phrase across the break is one phrase.
//!
//! Where a story's start or its column is a guess, the article carries a
//! doubt ([`PageArticle::doubts`]) that `ingest` reports.

use chrono::NaiveDate;
use serde::Serialize;

use super::byline::{parse_bracketed_byline, split_trailing_credit, split_trailing_signature};
use super::layout::{
    Kind, LIST_MARKS, Line, SENTENCE_END, SUBHEADING_MAX_CHARS, ends_sentence, lines,
};
use super::starts::{Guess, Start, find, is_known_column, is_lead_in};
use crate::article::Article;

/// One article read from a page, with what the reader was unsure of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageArticle {
    pub article: Article,
    /// Plain-language notes where the reader guessed; empty when sure.
    pub doubts: Vec<String>,
}

/// Reads a page into its articles. `name` is the file name (it makes the
/// ids, see [`ids`](super::ids), and the `source`); `date` applies to every article.
pub fn read_page(text: &str, name: &str, date: Option<NaiveDate>) -> Vec<Article> {
    split_page(text, name, date)
        .into_iter()
        .map(|p| p.article)
        .collect()
}

/// Reads a page into its articles, each with the reader's doubts.
pub fn split_page(text: &str, name: &str, date: Option<NaiveDate>) -> Vec<PageArticle> {
    let lines = lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    let starts = find(&lines);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut articles = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |s| s.line);
        let mut read = build_article(&lines[start.line..end], start);
        let article = &mut read.article;
        article.source = Some(name.to_string());
        article.date = date.map(|d| d.format("%Y-%m-%d").to_string());
        articles.push(read);
    }
    super::ids::assign_page_ids(stem, articles.iter_mut().map(|p| &mut p.article));
    articles
}

/// Builds one article from its lines.
fn build_article(lines: &[Line], start: &Start) -> PageArticle {
    let (head, rest) = lines.split_at(start.headings.min(lines.len()));
    let mut article = Article::default();
    let mut doubts = Vec::new();
    match start.guess {
        Some(Guess::Headings) => doubts.push(
            "no byline, dateline or photo credit under the headings: the start of this story is a guess"
                .to_string(),
        ),
        Some(Guess::PageOpening) => doubts.push(
            "text before the first recognised story: read as a story headed by its first line"
                .to_string(),
        ),
        None => {}
    }
    read_headings(head, &mut article, &mut doubts);
    // A lone name over a list of quotes is a column (每周一学, 学习园地).
    if let [only] = head {
        if article.column.is_none()
            && only.is_column_shaped()
            && rest.first().is_some_and(Line::is_list_item)
        {
            article.column = Some(only.text.to_string());
        }
    }

    let mut paragraphs: Vec<String> = Vec::new();
    // Whether the last paragraph may continue on the next line.
    let mut open = false;
    let last = rest.len().saturating_sub(1);
    for (k, line) in rest.iter().enumerate() {
        if line.kind != Kind::Text {
            // A byline closing the story signs it, one under its lead-in
            // is its byline; one inside is a doubt.
            let under_lead_in = paragraphs.len() == 1 && is_lead_in(&paragraphs[0]);
            if !paragraphs.is_empty() && line.kind == Kind::Byline && k < last && !under_lead_in {
                doubts.push(format!(
                    "a byline inside the story ({}): its names were added to this story's authors",
                    line.text
                ));
            }
            article.authors.extend(line.authors.iter().cloned());
            open = false;
            continue;
        }
        let mut text = line.text;
        // A roundup's later items keep their datelines; their reporters
        // are the article's too.
        if let Some(d) = line.dateline.as_ref().filter(|_| !paragraphs.is_empty()) {
            article.authors.extend(d.authors.iter().cloned());
        }
        if let Some(d) = line.dateline.as_ref().filter(|_| paragraphs.is_empty()) {
            article.dateline = Some(d.text.to_string());
            article.authors.extend(d.authors.iter().cloned());
            text = d.rest;
            if text.is_empty() {
                continue;
            }
        }
        // （本报记者 苏日 整理）closing an interview: its authors.
        if !paragraphs.is_empty()
            && let Some(authors) = parse_bracketed_byline(text)
        {
            article.authors.extend(authors);
            open = false;
            continue;
        }
        if let Some((caption, credit)) = split_trailing_credit(text) {
            article.authors.extend(credit);
            text = caption;
        }
        let continues = open && !line.is_subheading() && !starts_paragraph(text);
        match paragraphs.last_mut() {
            Some(last) if continues => last.push_str(text),
            _ => paragraphs.push(text.to_string()),
        }
        open = !line.is_subheading() && !text.starts_with("——") && !ends_paragraph(text);
    }
    // A signature closing the last paragraph: …高兴地说。（记者 张蕾 通讯员 侯亮）
    if let Some(last) = paragraphs.last_mut()
        && let Some((text, authors)) = split_trailing_signature(last)
    {
        article.authors.extend(authors);
        *last = text.to_string();
    }
    // A byline line and the dateline may both name the reporter.
    let mut seen = Vec::new();
    article.authors.retain(|a| {
        let new = !seen.contains(a);
        seen.push(a.clone());
        new
    });
    if paragraphs.is_empty() {
        // A lone heading: keep it searchable rather than drop it.
        paragraphs.push(article.title.clone());
    }
    article.body = paragraphs;
    PageArticle { article, doubts }
}

/// Reads a heading block: `[column] [kicker…] title [——subtitle]`.
fn read_headings(head: &[Line], article: &mut Article, doubts: &mut Vec<String>) {
    let (head, subtitle) = match head {
        [rest @ .., last] if !rest.is_empty() && last.is_subtitle() => (rest, Some(last.text)),
        _ => (head, None),
    };
    let Some((title, mut uppers)) = head.split_last() else {
        return;
    };
    article.title = title.text.to_string();
    // The column printed on the title's line: 【党建之窗】小区治理有了“新解法”.
    let mut column_on_title = None;
    if let Some(rest) = title.text.strip_prefix('【')
        && let Some((column, title)) = rest.split_once('】')
        && !column.is_empty()
        && !title.trim().is_empty()
    {
        column_on_title = Some(column.to_string());
        article.title = title.trim().to_string();
    }
    // A title the layout wrapped inside a quote: `让党的创新理论“飞入寻常`
    // over `百姓家”` is one title, not a kicker over a title.
    if let [rest @ .., last] = uppers
        && leaves_open(last.text)
    {
        article.title = format!("{}{}", last.text, title.text);
        uppers = rest;
    }
    let mut kicker: Vec<&str> = Vec::new();
    match uppers {
        [] => {
            if is_known_column(title.text) {
                article.column = Some(title.text.to_string());
            }
        }
        [only] => {
            // A column stands apart from the title (a blank line between);
            // a kicker is set right over it. A name in brackets
            // (`【身边榜样】`) is a column however it is set.
            if let Some(name) = bracketed_column(only.text) {
                article.column = Some(name.to_string());
            } else if is_known_column(only.text) {
                article.column = Some(only.text.to_string());
            } else if only.is_column_shaped() && title.gap > 0 {
                article.column = Some(only.text.to_string());
                doubts.push(format!(
                    "read the short line over the title ({}) as the column; it may be a kicker",
                    only.text
                ));
            } else {
                kicker.push(only.text);
            }
        }
        [first, more @ ..] => {
            let column = bracketed_column(first.text).unwrap_or(first.text);
            article.column = Some(column.to_string());
            kicker.extend(more.iter().map(|l| l.text));
        }
    }
    kicker.extend(subtitle);
    let mut kicker: Vec<String> = kicker.into_iter().map(str::to_string).collect();
    if let Some(column) = column_on_title {
        // The line over the title is then its kicker, not its column.
        if let Some(above) = article.column.replace(column) {
            kicker.insert(0, above);
        }
    }
    if !kicker.is_empty() {
        article.kicker = Some(kicker.join(" "));
    }
}

/// Most characters of a column name in brackets.
const BRACKETED_COLUMN_MAX_CHARS: usize = 12;

/// The name of a column printed in brackets on a line of its own
/// (`【身边榜样】`, `〖基层风采〗`).
fn bracketed_column(text: &str) -> Option<&str> {
    let name = text
        .strip_prefix('【')
        .and_then(|t| t.strip_suffix('】'))
        .or_else(|| text.strip_prefix('〖').and_then(|t| t.strip_suffix('〗')))?
        .trim();
    ((1..=BRACKETED_COLUMN_MAX_CHARS).contains(&name.chars().count())
        && name.chars().all(char::is_alphanumeric))
    .then_some(name)
}

/// Whether `text` opens a quote or bracket it does not close.
fn leaves_open(text: &str) -> bool {
    [
        ('“', '”'),
        ('《', '》'),
        ('（', '）'),
        ('「', '」'),
        ('『', '』'),
    ]
    .iter()
    .any(|&(open, close)| text.matches(open).count() > text.matches(close).count())
}

/// Lines that open a paragraph of their own even after a broken one. A
/// quote (`“连心桥”。`) or a title mark does not: after a paragraph that
/// stopped mid-clause, it is the clause going on.
fn starts_paragraph(text: &str) -> bool {
    text.starts_with(LIST_MARKS)
}

/// Whether a paragraph's last line ends it: a sentence's end, a colon,
/// a closing bracket. A closing quote ends a line longer than a
/// subheading only after a sentence's end (`……。”`): after a quoted word
/// the line was broken mid-sentence (`…街道党工委推行“党建+助餐”` /
/// `服务模式，…`). A short one is a subheading (`建强阵地，让服务有“场所”`).
fn ends_paragraph(text: &str) -> bool {
    if text.ends_with(['”', '’', '」', '』']) && text.chars().count() > SUBHEADING_MAX_CHARS {
        ends_sentence(text)
    } else {
        text.ends_with(SENTENCE_END)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(page: &str) -> Vec<String> {
        read_page(page, "p", None)
            .into_iter()
            .map(|a| a.title)
            .collect()
    }

    #[test]
    fn rejoins_a_paragraph_broken_mid_word() {
        let page = "标题在这里\n\n□本报记者 许敬\n\n我们创办了公司，在创收的同时，还能解决辖区生活困难\n\n户、残疾人的就业问题。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].body,
            vec!["我们创办了公司，在创收的同时，还能解决辖区生活困难户、残疾人的就业问题。"]
        );
    }

    #[test]
    fn keeps_subheadings_as_their_own_paragraphs() {
        let page = "标题\n□本报记者 宋爽\n第一段没有写完\n办讲堂，精准培训赋能\n第二段。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(
            a[0].body,
            vec!["第一段没有写完", "办讲堂，精准培训赋能", "第二段。"]
        );
    }

    #[test]
    fn text_without_any_article_marks_is_one_article() {
        let a = read_page("只有一段文字。", "x.txt", None);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].title, "只有一段文字。");
        assert_eq!(a[0].body, vec!["只有一段文字。"]);
    }

    #[test]
    fn a_dateline_starts_a_story_and_leaves_the_body() {
        let page = "前一篇\n□本报记者 王皓\n前一篇的正文到此结束。\n新的标题在这里\n本报北京1月5日讯 记者李明报道：近日，某地召开会议。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].title, "新的标题在这里");
        assert_eq!(a[1].dateline.as_deref(), Some("本报北京1月5日讯"));
        assert_eq!(a[1].body, vec!["近日，某地召开会议。"]);
        assert_eq!(a[1].authors[0].name, "李明");
    }

    #[test]
    fn a_bracketed_signature_closing_a_story_gives_its_author() {
        let page = "访谈标题在这里\n\n□本报记者 王皓\n\n记者：如何破解这一问题？\n\n\
                    王明远：关键是要坚持问题导向。\n\n（本报记者 苏日 整理）\n\n\
                    （作者单位：内蒙古大学马克思主义学院）\n";
        let a = &read_page(page, "p", None)[0];
        let names: Vec<&str> = a.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["王皓", "苏日"]);
        assert_eq!(a.body.len(), 3, "{:?}", a.body);
        assert_eq!(a.body[2], "（作者单位：内蒙古大学马克思主义学院）");
    }

    #[test]
    fn round_two_forms_of_a_helper_s_pages() {
        let first =
            "社区食堂开张了\n\n□本报记者 许婷\n\n包头市青山区把闲置的锅炉房改造成社区食堂。\n\n";
        // A commentary's long title over its byline.
        let long = "坚持以习近平新时代中国特色社会主义思想为指导 扎实推进主题教育走深走实";
        let page = format!("{first}{long}\n\n□本报评论员\n\n主题教育开展以来，成效明显。\n");
        assert_eq!(titles(&page)[1], long);
        // A two-sentence caption, and a credit in brackets on its own line.
        for credit in ["本报记者 孙磊 摄", "（本报记者 孙磊 摄）"] {
            let page = format!(
                "{first}春耕备耕正当时\n\n3月18日，党员志愿者帮农户检修农机具。\n\n图为党员志愿者正在检修播种机。\n\n{credit}\n"
            );
            let a = read_page(&page, "p", None);
            assert_eq!(a.len(), 2, "{credit}");
            assert_eq!(a[1].authors[0].name, "孙磊");
        }
        // Numbered sub-headings start no story.
        let page =
            format!("{first}一、健全组织体系\n\n1.织密基层组织网络\n\n东河区建立小区党支部。\n");
        assert_eq!(titles(&page).len(), 1);
        // A story signed at its end: the next title starts a story.
        let page = "减负不能“减了又增”\n\n近年来，各地持续为基层减负。\n\n□李　明\n\n\
                    小院议事解民忧\n\n和平街道推行“小院议事”。\n";
        assert_eq!(titles(page), ["减负不能“减了又增”", "小院议事解民忧"]);
        // The column on the title's line; a source line is no kicker.
        let page = format!(
            "{first}来源：赤峰日报\n\n【党建之窗】小区治理有了“新解法”\n\n□本报记者 何静\n\n在回民区，议事会开起来了。\n"
        );
        let a = &read_page(&page, "p", None)[1];
        assert_eq!(
            (a.title.as_str(), a.column.as_deref(), a.kicker.as_deref()),
            ("小区治理有了“新解法”", Some("党建之窗"), None)
        );
        // A signature closing the last paragraph.
        let page = "就业服务送上门\n\n□本报记者 张蕾\n\n“在家门口就找到了工作。”她高兴地说。（记者 张蕾 通讯员 侯亮）\n";
        let a = &read_page(page, "p", None)[0];
        assert_eq!(a.body, ["“在家门口就找到了工作。”她高兴地说。"]);
        assert_eq!(a.authors.len(), 2);
    }

    #[test]
    fn review_cases_of_the_second_round() {
        // A commentary signed under a last paragraph that ends in ！.
        let page = "减负不能“减了又增”\n\n近年来，各地持续为基层减负。\n\n\
                    让我们携起手来，为基层减负贡献力量！\n\n□李　明\n\n\
                    小院议事解民忧\n\n和平街道推行“小院议事”。\n";
        let a = read_page(page, "p", None);
        assert_eq!(
            a.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
            ["减负不能“减了又增”", "小院议事解民忧"]
        );
        assert_eq!(a[0].body.len(), 2);
        assert_eq!(a[0].authors[0].name, "李明");
        // A signature closing the last paragraph ends the story.
        let page = "就业服务送上门\n\n□本报记者 张蕾\n\n“找到了工作。”她高兴地说。（记者 张蕾 通讯员 侯亮）\n\n\
                    小院议事解民忧\n\n和平街道推行“小院议事”。\n";
        assert_eq!(titles(page), ["就业服务送上门", "小院议事解民忧"]);
        // A briefs column does not run on into a story's sub-headings.
        let page = "简讯\n\n甲地开展新任村干部培训活动\n\n近日，甲地举办培训班。\n\n乙地启动活动\n\n\
                    本报讯（记者 王皓）近日，乙地启动活动。\n\n强化组织保障\n\n乙地成立工作专班。\n\n\
                    压实工作责任\n\n各乡镇签订责任书。\n";
        let a = read_page(page, "p", None);
        assert_eq!(
            a.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
            ["甲地开展新任村干部培训活动", "乙地启动活动"]
        );
        assert_eq!(a[1].body.len(), 5, "{:?}", a[1].body);
        // Titles opening with digits are titles.
        for title in ["2024，我们一起向未来", "1.2万名党员下沉社区"] {
            let page =
                format!("甲\n\n□本报记者 王皓\n\n第一段。\n\n{title}\n\n□本报评论员\n\n第二段。\n");
            assert_eq!(titles(&page), ["甲", title]);
        }
        // A title ending in ！ over its byline and a quoted lede heads a
        // story; so does a question over an interview.
        for (title, lede) in [
            (
                "“为小伙儿办好每一件事，充实且幸福！”",
                "“王书记，能给我们小区装个充电桩吗？”",
            ),
            ("乡土人才从哪里来？", "记者：乡土人才队伍建设现在进展如何？"),
        ] {
            let page = format!(
                "甲\n\n□本报记者 宋爽\n\n集体经济纯收入达128万元。\n\n{title}\n\n□本报记者 王皓\n\n{lede}\n\n好的，请大家放心。\n"
            );
            let a = read_page(&page, "p", None);
            assert_eq!(a.len(), 2, "{title}");
            assert_eq!(
                (a[1].title.as_str(), a[1].authors[0].name.as_str()),
                (title, "王皓")
            );
        }
        // A caption with a bracketed credit inside a story does not end it.
        let page = "甲\n\n□本报记者 王皓\n\n第一段。\n\n图为工作人员正在包装奶制品。（本报记者 许敬 摄）\n\n\
                    盘活闲置资源\n\n第二段。\n";
        assert_eq!(titles(page), ["甲"]);
        // 摄影记者 X under a caption is a photo credit.
        let page = "甲\n\n□本报记者 王皓\n\n第一段。\n\n保障春耕灌溉\n\n\
                    连日来，农民抢抓农时灌溉。\n\n摄影记者 白燕荣\n\n乙\n\n□本报记者 宋爽\n\n第二段。\n";
        assert_eq!(titles(page), ["甲", "保障春耕灌溉", "乙"]);
        // Short brief titles under a briefs column, over a news lede.
        let page = "综合新闻\n\n全区启动文化科技卫生集中示范活动\n\n本报讯 近日，活动启动。\n\n\
                    赤峰市举办招聘会\n\n近日，赤峰市举办招聘会。\n\n乌海义诊\n\n日前，乌海开展义诊。\n";
        assert_eq!(titles(page).len(), 3);
        // A lead-in between the title and the byline.
        let page = "甲\n\n□本报记者 王皓\n\n第一段。\n\n让闲置农房“活”起来\n\n\
                    核心提示：闲置农房如何盘活？凉城县探索出一条新路。\n\n□本报记者 常青\n\n\
                    走进凉城县岱海镇，一座座民宿错落有致。\n";
        let split = split_page(page, "p", None);
        assert_eq!(split.len(), 2);
        let b = &split[1];
        assert_eq!(b.article.title, "让闲置农房“活”起来");
        assert_eq!(b.article.authors[0].name, "常青");
        assert_eq!(b.article.body.len(), 2);
        assert!(b.doubts.is_empty(), "{:?}", b.doubts);
        // A photographer's byline under a title is a byline, not a credit.
        let page = "甲\n\n□本报记者 王皓\n\n第一段。\n\n草原上的移动课堂\n\n摄影记者 王皓\n\n\
                    近日，宣讲员骑马来到牧民家中。\n";
        assert_eq!(titles(page), ["甲", "草原上的移动课堂"]);
        // A sub-heading over a paragraph and a photo of the story it is
        // in may be read as a photo item, but then as a guess.
        let page = "甲标题\n\n□本报记者 王皓\n\n第一段。\n\n精准培训赋能\n\n第二段讲述培训情况。\n\n\
                    图为学员在练习。\n\n本报记者 孙磊 摄\n\n第三段。\n";
        let split = split_page(page, "p", None);
        assert!(
            split.iter().skip(1).all(|a| !a.doubts.is_empty()),
            "a guess must say so"
        );
    }

    #[test]
    fn a_quote_closing_a_story_is_not_the_next_kicker() {
        let page = "甲标题\n□本报记者 王皓\n正文第一段写在这里，内容比较长一些。\n“我们一定会做得更好！”\n乙标题在这里\n□本报记者 李明\n正文。\n";
        let a = read_page(page, "x.txt", None);
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].kicker, None);
        assert_eq!(a[0].body.last().unwrap(), "“我们一定会做得更好！”");
    }
}
