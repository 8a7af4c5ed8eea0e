//! Score breakdowns for `explain=true`: which clause of the ranking formula
//! ([`super::ranking`]) gave how much, as a tree, the way Elasticsearch's
//! `_explain` answers ranking questions without a debugger.

use serde::Serialize;
use tantivy::query::Explanation;

/// One node of a score breakdown: `score` is what `clause` contributed,
/// the sum (or max, or product, as `clause` says) of its `details`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScoreExplanation {
    pub score: f32,
    pub clause: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub details: Vec<ScoreExplanation>,
}

impl ScoreExplanation {
    /// Converts tantivy's explanation tree.
    pub fn from_tantivy(e: &Explanation) -> ScoreExplanation {
        // tantivy exposes the tree's parts only through serde.
        let value = serde_json::to_value(e).unwrap_or_default();
        Self::from_value(&value)
    }

    fn from_value(v: &serde_json::Value) -> ScoreExplanation {
        let mut clause = v["description"].as_str().unwrap_or_default().to_string();
        if let Some(context) = v["context"].as_array() {
            for c in context.iter().filter_map(|c| c.as_str()) {
                clause.push_str(" [");
                clause.push_str(c);
                clause.push(']');
            }
        }
        ScoreExplanation {
            score: v["value"].as_f64().unwrap_or_default() as f32,
            clause,
            details: v["details"]
                .as_array()
                .map(|d| d.iter().map(Self::from_value).collect())
                .unwrap_or_default(),
        }
    }

    /// This breakdown with `score` more from `clause`, as a sum of the two
    /// (a signal added after the query's own score, as the lead's is).
    pub fn plus(self, score: f32, clause: &str) -> ScoreExplanation {
        ScoreExplanation {
            score: self.score + score,
            clause: "sum of".to_string(),
            details: vec![
                self,
                ScoreExplanation {
                    score,
                    clause: clause.to_string(),
                    details: Vec::new(),
                },
            ],
        }
    }

    /// The tree as indented lines, `score  clause`, for the CLI.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.push_lines(0, &mut out);
        out
    }

    fn push_lines(&self, depth: usize, out: &mut Vec<String>) {
        out.push(format!(
            "{:indent$}{:>8.3}  {}",
            "",
            self.score,
            self.clause,
            indent = depth * 2
        ));
        for d in &self.details {
            d.push_lines(depth + 1, out);
        }
    }
}
