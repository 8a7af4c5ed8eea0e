//! What an index's terms were made with.
//!
//! Terms are only found by queries analyzed the same way: an index made
//! with another normalizer, another jieba dictionary or another user
//! dictionary silently misses. So every commit records the analyzer's
//! [`Fingerprint`] (tantivy's commit payload, written atomically with the
//! commit), and opening or ingesting into an index made with another one
//! is refused with the way out: `dangjian-search reindex [--dict FILE]`.

use serde::{Deserialize, Serialize};

use super::NORMALIZER_VERSION;

/// The jieba dictionary: jieba-rs embeds it, so the crate's minor version
/// names it. Change this when upgrading jieba-rs.
pub const JIEBA_DICT: &str = "jieba-rs 0.11 dict.txt";

/// The analyzer an index was (or will be) made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// [`NORMALIZER_VERSION`](super::NORMALIZER_VERSION): normalization and
    /// folding.
    pub normalizer: u32,
    /// The jieba dictionary, [`JIEBA_DICT`].
    pub jieba: String,
    /// Hash of the user dictionary's entries (comments and blank lines
    /// aside).
    pub user_dict: String,
}

/// The commit payload: room for other records beside the analyzer.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    analyzer: Fingerprint,
}

impl Fingerprint {
    /// The fingerprint of this build with a user dictionary of `entries`.
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Self {
        Fingerprint {
            normalizer: NORMALIZER_VERSION,
            jieba: JIEBA_DICT.to_string(),
            user_dict: dict_hash(entries),
        }
    }

    /// The commit payload that records it.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(&Payload {
            analyzer: self.clone(),
        })
        .unwrap_or_default()
    }

    /// The fingerprint a commit payload records; `None` when there is none
    /// (an index made before fingerprints, or never committed).
    pub fn from_payload(payload: Option<&str>) -> Option<Fingerprint> {
        serde_json::from_str::<Payload>(payload?)
            .ok()
            .map(|p| p.analyzer)
    }

    /// What differs between `self` (what made the index) and `now`, in
    /// words; empty when nothing does.
    pub fn differences(&self, now: &Fingerprint) -> Vec<String> {
        let mut out = Vec::new();
        if self.normalizer != now.normalizer {
            out.push(format!(
                "normalizer version {} (this program has {})",
                self.normalizer, now.normalizer
            ));
        }
        if self.jieba != now.jieba {
            out.push(format!(
                "jieba dictionary `{}` (this program has `{}`)",
                self.jieba, now.jieba
            ));
        }
        if self.user_dict != now.user_dict {
            out.push(format!(
                "user dictionary {} (now {})",
                self.user_dict, now.user_dict
            ));
        }
        out
    }
}

/// A stable hash of a user dictionary's entries.
pub fn dict_hash<S: AsRef<str>>(entries: &[S]) -> String {
    let mut h = crc32fast::Hasher::new();
    for e in entries {
        h.update(e.as_ref().trim().as_bytes());
        h.update(b"\n");
    }
    format!("crc32:{:08x}", h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips() {
        let f = Fingerprint::new(&["宝日呼吉尔 5 ns"]);
        assert_eq!(Fingerprint::from_payload(Some(&f.to_payload())), Some(f));
        assert_eq!(Fingerprint::from_payload(None), None);
        assert_eq!(Fingerprint::from_payload(Some("not json")), None);
    }

    #[test]
    fn another_dictionary_is_a_difference_and_the_same_is_none() {
        let a = Fingerprint::new(&["宝日呼吉尔"]);
        assert!(
            a.differences(&Fingerprint::new(&[" 宝日呼吉尔 "]))
                .is_empty()
        );
        let d = a.differences(&Fingerprint::new(&["头雁工程"]));
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("user dictionary crc32:"), "{d:?}");
        let mut old = a.clone();
        old.normalizer = 0;
        assert!(old.differences(&a)[0].contains("normalizer version 0"));
    }
}
