//! Ground truth by brute force: which articles contain each literal string,
//! found by scanning every title and body (normalized the way the engine
//! normalizes: full-width folded, lower case, whitespace runs as one space).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use crate::analysis::literal_units;
use crate::article::Article;

/// For each needle, the ids of the articles containing it.
pub struct Truth {
    pub ids: HashMap<String, Vec<String>>,
}

impl Truth {
    /// Scans `articles` once for all `needles`.
    pub fn scan<'a>(articles: impl Iterator<Item = &'a Article>, needles: &[String]) -> Truth {
        let patterns: Vec<String> = needles
            .iter()
            .map(|n| literal_units(n).into_iter().collect())
            .collect();
        let ac = AhoCorasick::new(&patterns).expect("patterns build");
        let mut ids: HashMap<String, Vec<String>> =
            needles.iter().map(|n| (n.clone(), Vec::new())).collect();
        let mut seen = vec![false; patterns.len()];
        for a in articles {
            seen.fill(false);
            let mut texts = vec![a.title.clone(), a.body_text()];
            texts.extend(a.kicker.clone());
            for t in texts {
                let norm: String = literal_units(&t).into_iter().collect();
                for m in ac.find_overlapping_iter(&norm) {
                    seen[m.pattern().as_usize()] = true;
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
