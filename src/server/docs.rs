//! The OpenAPI description's own types: the parameters and bodies the
//! routes parse by hand (`params.rs` gives each mistake its code, which a
//! derived extractor could not), written down once as types so that the
//! spec is generated from code with `utoipa` rather than kept by hand
//! beside it. The responses are the real response types.

use serde::Serialize;
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat,
    Type,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, Modify, OpenApi, PartialSchema, ToSchema};

/// The order of hits.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortParam {
    Relevance,
    DateDesc,
    DateAsc,
}

/// What an export is written as.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormatParam {
    /// UTF-8 with a BOM and a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The parameters of a search: a query string for `GET /api/search`, a
/// JSON object of the same names for `POST /api/search`.
#[derive(Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: terms (articles with all of them first), "quoted phrases"
    /// (literal; “…” ‘…’ 「…」 『…』 ＂…＂ quote too, 《…》 searches the title
    /// inside as a quoted phrase), OR, -term / －term / NOT term,
    /// title:/author:/column:/tag:/person:/place:/org: prefixes (or with
    /// ：). A long text with sentence punctuation (60+ characters) is a
    /// pasted passage: the article that contains it comes first. Over 5000
    /// characters: query_too_long. Long queries are better sent by POST.
    #[schema(schema_with = body_query)]
    #[param(pattern = r"\S", min_length = 1, max_length = 5000)]
    pub q: String,
    /// Hits per page.
    #[schema(schema_with = body_limit)]
    #[param(minimum = 1, maximum = 100, default = 10)]
    pub limit: Option<u32>,
    /// Hits to skip.
    #[schema(schema_with = body_offset)]
    #[param(minimum = 0, maximum = 10000, default = 0)]
    pub offset: Option<u32>,
    /// Order.
    #[schema(inline)]
    #[param(inline)]
    pub sort: Option<SortParam>,
    /// In a query string, the filters are their own parameters (see the
    /// routes' `params`).
    #[serde(flatten)]
    #[param(ignore)]
    pub filters: Filters,
    /// Snippet fragments per hit; 0 turns them off.
    #[schema(schema_with = body_fragments)]
    #[param(minimum = 0, maximum = 5, default = 3)]
    pub fragments: Option<u32>,
    /// Characters per fragment, `…` included.
    #[schema(schema_with = body_fragment_chars)]
    #[param(minimum = 20, maximum = 500, default = 80)]
    pub fragment_chars: Option<u32>,
    /// Count facets over the whole result set.
    #[schema(schema_with = body_flag)]
    #[param(default = true)]
    pub facets: Option<bool>,
    /// Give each hit its score breakdown, clause by clause.
    #[schema(schema_with = body_flag)]
    #[param(default = false)]
    pub explain: Option<bool>,
}

// JSON bodies are read leniently (`params::json_pairs`): a number or a
// boolean may stand for its string, a string for a number or a boolean, and
// null for a missing value. The body schemas say exactly that.

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn null() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Null)
}

fn any_of(items: Vec<ObjectBuilder>) -> RefOr<Schema> {
    items
        .into_iter()
        .fold(AnyOfBuilder::new(), AnyOfBuilder::item)
        .into()
}

/// A date, or empty for none.
fn date_or_empty() -> Vec<ObjectBuilder> {
    vec![
        string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        string().max_length(Some(0)),
    ]
}

fn query_date() -> RefOr<Schema> {
    any_of(date_or_empty())
}

fn body_date() -> RefOr<Schema> {
    let mut items = date_or_empty();
    items.push(null());
    any_of(items)
}

/// `q` in a body: non-blank text (or a number or a boolean, read as text).
fn body_query() -> RefOr<Schema> {
    any_of(vec![
        string()
            .min_length(Some(1))
            .max_length(Some(5000))
            .pattern(Some(r"\S")),
        ObjectBuilder::new().schema_type(Type::Number),
        ObjectBuilder::new().schema_type(Type::Boolean),
    ])
}

/// An exact value in a body: text, a number or a boolean (read as text).
fn body_text() -> RefOr<Schema> {
    any_of(vec![
        string(),
        ObjectBuilder::new().schema_type(Type::Number),
        ObjectBuilder::new().schema_type(Type::Boolean),
        null(),
    ])
}

/// An export's optional `q` in a body.
fn body_optional_query() -> RefOr<Schema> {
    any_of(vec![
        string().max_length(Some(5000)),
        ObjectBuilder::new().schema_type(Type::Number),
        ObjectBuilder::new().schema_type(Type::Boolean),
        null(),
    ])
}

/// A whole number from `lo` to `hi` in a body: a JSON integer or its digits.
fn body_number(lo: u32, hi: u32, digits: &str) -> RefOr<Schema> {
    any_of(vec![
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(lo))
            .maximum(Some(hi)),
        string().pattern(Some(digits)),
        null(),
    ])
}

fn body_limit() -> RefOr<Schema> {
    body_number(1, 100, "^(100|[1-9][0-9]?)$")
}

fn body_offset() -> RefOr<Schema> {
    body_number(0, 10000, "^(10000|[0-9]{1,4})$")
}

fn body_fragments() -> RefOr<Schema> {
    body_number(0, 5, "^[0-5]$")
}

fn body_fragment_chars() -> RefOr<Schema> {
    body_number(20, 500, "^(500|[2-9][0-9]|[1-4][0-9]{2})$")
}

/// A yes/no in a body: a boolean, 0 or 1, or their strings.
fn body_flag() -> RefOr<Schema> {
    any_of(vec![
        ObjectBuilder::new().schema_type(Type::Boolean),
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .enum_values(Some([0, 1])),
        string().enum_values(Some(["true", "false", "1", "0"])),
        null(),
    ])
}

/// An audit cursor: a byte offset.
fn cursor() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(u64::MAX as usize))
}

/// An article's date: YYYY-MM-DD, or null for none.
fn article_date() -> RefOr<Schema> {
    any_of(vec![
        string()
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .pattern(Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
        null(),
    ])
}

/// A snapshot's folder name; null or left out, `snapshot-<UTC time>`.
fn snapshot_name() -> RefOr<Schema> {
    any_of(vec![
        string().pattern(Some("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")),
        null(),
    ])
}

/// The filters a search, an export and a count share; each exact.
#[derive(Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// First date, inclusive (YYYY-MM-DD).
    #[schema(schema_with = body_date)]
    #[param(schema_with = query_date)]
    pub from: Option<String>,
    /// Last date, inclusive (YYYY-MM-DD).
    #[schema(schema_with = body_date)]
    #[param(schema_with = query_date)]
    pub to: Option<String>,
    /// Exact column (栏目).
    #[schema(schema_with = body_text)]
    pub column: Option<String>,
    /// Exact author name.
    #[schema(schema_with = body_text)]
    pub author: Option<String>,
    /// Exact tag.
    #[schema(schema_with = body_text)]
    pub tag: Option<String>,
    /// Exact person named in the article (not an author).
    #[schema(schema_with = body_text)]
    pub person: Option<String>,
    /// Exact place named in the article.
    #[schema(schema_with = body_text)]
    pub place: Option<String>,
    /// Exact organisation named in the article.
    #[schema(schema_with = body_text)]
    pub org: Option<String>,
}

/// The parameters of an export: the search's query (optional: without it,
/// the whole archive) and filters, and the format.
#[derive(Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// The search's query; left out, every article (narrowed by the
    /// filters) is exported.
    #[schema(schema_with = body_optional_query)]
    #[param(max_length = 5000)]
    pub q: Option<String>,
    /// `csv` (the default) or `jsonl`.
    #[schema(inline)]
    #[param(inline)]
    pub format: Option<ExportFormatParam>,
    /// In a query string, the filters are their own parameters (see the
    /// routes' `params`).
    #[serde(flatten)]
    #[param(ignore)]
    pub filters: Filters,
}

/// How many related articles.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelatedParams {
    /// Related articles to list.
    #[param(minimum = 1, maximum = 20, default = 5)]
    pub limit: Option<u32>,
}

/// A prefix to complete.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What the user has typed so far; empty or absent, no suggestions.
    #[param(max_length = 64)]
    pub q: Option<String>,
    /// Suggestions to list.
    #[param(minimum = 1, maximum = 20, default = 8)]
    pub limit: Option<u32>,
}

/// A page of the audit log.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Entries per page.
    #[param(minimum = 1, maximum = 1000, default = 50)]
    pub limit: Option<u32>,
    /// The cursor of an entry: only older entries.
    #[param(schema_with = cursor)]
    pub before: Option<u64>,
}

/// An article's id, in the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// Article id.
    pub id: String,
}

/// A string with a visible character.
fn non_blank() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"\S"))
}

/// An article id: a non-blank string without control characters, or a
/// number (kept as its digits).
pub struct ArticleId;

impl PartialSchema for ArticleId {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(256))
                    .pattern(Some(
                        r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$",
                    )),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(isize::MIN))
                    .maximum(Some(usize::MAX)),
            )
            .into()
    }
}

impl ToSchema for ArticleId {}

/// An article body: one string, or a list of paragraphs.
pub struct BodyInput;

impl PartialSchema for BodyInput {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(non_blank())
            .item(ArrayBuilder::new().items(non_blank()).min_items(Some(1)))
            .into()
    }
}

impl ToSchema for BodyInput {}

/// A byline entry: `{name, role}`, or just a name (a reporter).
pub struct AuthorInput;

impl PartialSchema for AuthorInput {
    fn schema() -> RefOr<Schema> {
        let role = RefOr::Ref(Ref::from_schema_name(crate::article::Role::name()));
        let full = ObjectBuilder::new()
            .property("name", non_blank())
            .required("name")
            .property(
                "role",
                OneOfBuilder::new()
                    .item(role)
                    .item(null())
                    .description(Some("What the person did; left out or null, reporter")),
            );
        OneOfBuilder::new().item(full).item(non_blank()).into()
    }
}

impl ToSchema for AuthorInput {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        use crate::article::Role;
        schemas.push((Role::name().into(), Role::schema()));
    }
}

/// An article to upsert (`POST /api/articles`).
#[derive(ToSchema)]
#[allow(dead_code)] // a description, never built
pub struct ArticleInput {
    pub id: ArticleId,
    #[schema(pattern = r"\S")]
    pub title: String,
    pub body: BodyInput,
    pub kicker: Option<String>,
    /// The dateline a page story opened with, e.g. 新华社北京1月5日电.
    pub dateline: Option<String>,
    pub column: Option<String>,
    #[schema(schema_with = article_date)]
    pub date: Option<String>,
    pub tags: Option<Vec<String>>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub authors: Option<Vec<AuthorInput>>,
}

/// One article or several.
pub struct ArticleBatch;

impl PartialSchema for ArticleBatch {
    fn schema() -> RefOr<Schema> {
        let one = RefOr::Ref(Ref::from_schema_name(ArticleInput::name()));
        OneOfBuilder::new()
            .item(one.clone())
            .item(ArrayBuilder::new().items(one).min_items(Some(1)))
            .into()
    }
}

impl ToSchema for ArticleBatch {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((ArticleInput::name().into(), ArticleInput::schema()));
        <ArticleInput as ToSchema>::schemas(schemas);
    }
}

/// `POST /api/snapshot`'s optional body.
#[derive(ToSchema)]
#[allow(dead_code)] // a description, never built
pub struct SnapshotInput {
    /// Folder name under the snapshot folder; default
    /// `snapshot-<UTC time>`.
    #[schema(schema_with = snapshot_name)]
    pub name: Option<String>,
}

/// The document's frame: title, the error format, the write token.
/// `routes::router_and_spec` adds every route.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "dangjian-search",
        description = "Full-text search over a party-building newspaper archive. Every response is JSON (an export is CSV or JSON Lines); every error is {\"error\": {\"code\", \"message\"}} with a stable code."
    ),
    components(schemas(super::error::ErrorBody)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The `bearer` security scheme of the write routes.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}
