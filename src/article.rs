//! The `Article`: what every source (newspaper page, JSONL archive, HTTP
//! request) becomes before it is indexed.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a person named in a byline did for the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 记者, 本报记者.
    Reporter,
    /// 实习生.
    Intern,
    /// 通讯员.
    Correspondent,
    /// The name before 摄 in a photo credit.
    Photographer,
    /// 评论员: an editorial signed by the paper (`本报评论员`), where the
    /// signature itself is the author's name.
    Commentator,
}

impl Role {
    /// The role's name as used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Intern => "intern",
            Role::Correspondent => "correspondent",
            Role::Photographer => "photographer",
            Role::Commentator => "commentator",
        }
    }
}

/// One person in a byline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Author {
    pub name: String,
    pub role: Role,
}

impl Author {
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        Author {
            name: name.into(),
            role,
        }
    }
}

/// One article of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Article {
    /// Stable identifier: upserts and deletes go by it.
    pub id: String,
    pub title: String,
    /// The 引题/副题 line printed over the headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// The 栏目 the article ran under, e.g. 北疆党旗红.
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub authors: Vec<Author>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// The dateline a story opened with, as printed: agency, place and day
    /// (`新华社北京1月5日电`, `本报讯`). The page reader takes it out of the
    /// first paragraph; it is kept here and stays searchable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Where the article came from: a file name, `api`, …
    #[serde(default)]
    pub source: Option<String>,
    /// The body, one entry per paragraph.
    pub body: Vec<String>,
}

impl Article {
    /// The body as one string, paragraphs separated by newlines: the form
    /// that is stored and indexed.
    pub fn body_text(&self) -> String {
        self.body.join("\n")
    }

    /// Checks what every article must satisfy before it is indexed, and
    /// tidies what can be tidied without losing anything (trims, drops empty
    /// paragraphs and empty optional strings).
    pub fn validate(mut self) -> Result<Article> {
        let invalid = |field: &str, message: &str| Error::InvalidArticle {
            field: field.to_string(),
            message: message.to_string(),
        };
        self.id = self.id.trim().to_string();
        if self.id.is_empty() {
            return Err(invalid("id", "must not be empty"));
        }
        if self.id.chars().count() > 256 || self.id.chars().any(char::is_control) {
            return Err(invalid(
                "id",
                "must be at most 256 characters without control characters",
            ));
        }
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err(invalid("title", "must not be empty"));
        }
        self.body = self
            .body
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        if self.body.is_empty() {
            return Err(invalid("body", "must not be empty"));
        }
        if let Some(date) = &self.date {
            self.date = Some(crate::date::parse(date)?.format("%Y-%m-%d").to_string());
        }
        for opt in [
            &mut self.kicker,
            &mut self.column,
            &mut self.dateline,
            &mut self.url,
            &mut self.source,
        ] {
            if let Some(s) = opt {
                let t = s.trim();
                *opt = (!t.is_empty()).then(|| t.to_string());
            }
        }
        self.tags.retain(|t| !t.trim().is_empty());
        for a in &self.authors {
            if a.name.trim().is_empty() {
                return Err(invalid("authors", "an author's name must not be empty"));
            }
        }
        Ok(self)
    }
}
