//! Ground truth by brute force: which articles contain each literal
//! string. It scans the articles as [`crate::raw`] read them from the
//! archive's own lines, folds with its own [`Fold`] and matches every
//! title, body and kicker with Aho-Corasick: nothing of the engine's
//! reader, analyzer or normalizer is used, so their bugs show as misses.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use dangjian::Article;

use crate::fold::Fold;

/// For each needle, the ids of the articles containing it.
pub struct Truth {
    pub ids: HashMap<String, Vec<String>>,
}

impl Truth {
    /// Scans `articles` once for all `needles`.
    pub fn scan(articles: &[Article], needles: &[String]) -> Truth {
        let mut fold = Fold::new();
        let patterns: Vec<String> = needles.iter().map(|n| fold.fold(n)).collect();
        let ac = AhoCorasick::new(&patterns).expect("literal patterns build");
        let mut ids: HashMap<String, Vec<String>> =
            needles.iter().map(|n| (n.clone(), Vec::new())).collect();
        let mut seen = vec![false; patterns.len()];
        for a in articles {
            seen.fill(false);
            let texts = [Some(&a.title), a.body.first(), a.kicker.as_ref()];
            for text in texts.into_iter().flatten() {
                let folded = fold.fold(text);
                for m in ac.find_overlapping_iter(&folded) {
                    // An empty pattern matches everywhere: it is no string.
                    if !patterns[m.pattern().as_usize()].is_empty() {
                        seen[m.pattern().as_usize()] = true;
                    }
                }
            }
            for (i, hit) in seen.iter().enumerate() {
                if *hit {
                    ids.get_mut(&needles[i]).expect("needle").push(a.id.clone());
                }
            }
        }
        Truth { ids }
    }

    pub fn count(&self, needle: &str) -> usize {
        self.ids.get(needle).map_or(0, Vec::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_truth_folds_width_case_traditional_and_spaces() {
        let a = Article {
            id: "a".into(),
            title: "ＡＰＥＣ 會議".into(),
            body: vec!["黨建  工作\r\n  2023年".into()],
            ..Article::default()
        };
        let needles: Vec<String> = ["apec 会议", "党建 工作", "工作 2023", "２０２３年", "建工"]
            .map(String::from)
            .to_vec();
        let truth = Truth::scan(std::slice::from_ref(&a), &needles);
        let counts: Vec<usize> = needles.iter().map(|n| truth.count(n)).collect();
        assert_eq!(counts, [1, 1, 1, 1, 0]);
    }
}
