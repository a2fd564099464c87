//! The on-disk file formats, as serde types. `cardsite schema` derives the
//! JSON Schema from these (schemars), and the validator checks every file
//! against that schema before deserialising into them, so the schema editors
//! see and the rules `check` applies are one and the same.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::reference::Reference;

/// A BenchmarkCard: the benchmark designer's answers about the assumptions
/// built into a benchmark. Compatible with the schema published with
/// Raman et al.'s position paper, plus optional cardsite extensions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "BenchmarkCard")]
pub struct CardFile {
    /// The benchmark's name (required).
    pub benchmark_name: String,
    /// How to cite the benchmark: a full reference, BibTeX key or DOI (required).
    pub citation: String,
    /// cardsite: the citation as structured fields (authors, title, venue,
    /// year, doi, url), for BibTeX and CSL-JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// Dataset version, split or date accessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What clinical task the benchmark is designed to evaluate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_use_case: Option<IntendedUseCase>,
    /// Task assumptions, by assumption id (e.g. `query_authorship`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub task: BTreeMap<String, AnswerFile>,
    /// Outcome assumptions, by assumption id (e.g. `decision_mediation`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcome: BTreeMap<String, AnswerFile>,
    /// Anything that does not fit the fields above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// cardsite: display title (defaults to `benchmark_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// cardsite: a short description in Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// cardsite: year the benchmark was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// cardsite: date the card joined the catalogue, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub added: Option<String>,
    /// cardsite: clinical or subject domains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// cardsite: free keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// cardsite: where to find the benchmark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    /// cardsite: who maintains this card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintainers: Vec<String>,
    /// cardsite: the benchmark data's licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// cardsite: where the card's facts come from and whether they were checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// cardsite: staged evaluation results, in order, for the gap decomposition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// cardsite: the benchmark's short name, e.g. "MedQA".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// cardsite: languages of the examples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// cardsite: the benchmark's data, as reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataInfo>,
    /// cardsite: metrics the benchmark reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<String>,
    /// cardsite: the card's review tier and sign-off (absent: `curated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// Who stands behind a card: its tier, and who signed it off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// `paper` (answers and verdicts from the position paper), `curated`
    /// (written by the maintainers from primary sources, with evidence) or
    /// `imported` (brought in from another catalogue, not yet reviewed).
    #[serde(default)]
    pub status: ReviewStatus,
    /// Who reviewed the card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed_by: Vec<Reviewer>,
}

/// A card's review tier.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Paper,
    #[default]
    Curated,
    Imported,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Paper => "paper",
            ReviewStatus::Curated => "curated",
            ReviewStatus::Imported => "imported",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Paper => "Assessed in the position paper",
            ReviewStatus::Curated => "Curated, with evidence",
            ReviewStatus::Imported => "Imported, not yet reviewed",
        }
    }
}

/// One sign-off of a card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// A person's or group's name.
    pub name: String,
    /// `maintainer` or `benchmark-author`.
    pub role: ReviewerRole,
    /// When, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: Option<String>,
}

/// The role of a reviewer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewerRole {
    #[default]
    Maintainer,
    BenchmarkAuthor,
}

/// A short quotation that supports an answer or a verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The source's own words, at most 30 words.
    pub quote: String,
    /// Where the quotation can be read (http or https).
    pub url: String,
    /// Where in the source: section, table, page, figure or file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

/// Who made an assessment: `paper` (the position paper, in its tables),
/// `authors` (the benchmark's authors, in their own card) or `maintainers`
/// (the catalogue's maintainers).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Assessor {
    Paper,
    Authors,
    #[default]
    Maintainers,
}

impl Assessor {
    pub fn as_str(self) -> &'static str {
        match self {
            Assessor::Paper => "paper",
            Assessor::Authors => "authors",
            Assessor::Maintainers => "maintainers",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Assessor::Paper => "Position paper",
            Assessor::Authors => "Benchmark authors",
            Assessor::Maintainers => "Catalogue maintainers",
        }
    }
}

/// A departure from what the position paper or the benchmark's authors said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Departure {
    /// Whose statement this departs from: `paper` or `authors`.
    pub from: Assessor,
    /// What they said.
    pub said: String,
    /// Why the catalogue differs.
    pub why: String,
}

/// A source read for the card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The source's title.
    pub title: String,
    /// Its address (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was read, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub read: Option<String>,
}

/// What the benchmark's data is, as its authors report it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataInfo {
    /// How many examples, e.g. "15,275 questions".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// Where the examples come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The benchmark's intended use, and (practitioner half) the deployment assessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntendedUseCase {
    /// What the benchmark is designed to evaluate (required).
    pub answer: String,
    /// The deployment context the card's `holds_at_deployment` answers refer to:
    /// a context id, a context name, or a prose description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_context: Option<String>,
    /// Legacy alias of `deployment_context` used by early upstream cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_at_deployment: Option<String>,
}

/// A designer's answer to one assumption question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerFile {
    /// The question (defaults to the registry's canonical question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The designer's factual answer (required).
    pub answer: String,
    /// One of the assumption's answer categories, e.g. `single-turn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Practitioner half: does this hold at the card's deployment context?
    /// Starts with Yes, Partially or No, followed by the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_at_deployment: Option<String>,
    /// cardsite: quotations supporting the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// cardsite: how this answer departs from the paper's or the authors'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departs: Option<Departure>,
}

/// Links to the benchmark's resources (http or https URLs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Further links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

/// Where the card's content comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The source the card was written or imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The licence of that source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Attribution required by the source's licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// True only when the card's facts were checked against the source.
    #[serde(default)]
    pub verified: bool,
    /// What was or was not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Every source read for the card: title, link, date read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
}

/// One stage of a staged evaluation: performance after relaxing more assumptions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// What this stage measures, e.g. "Patient first turn, single-turn".
    pub label: String,
    /// Performance in percent (0–100).
    pub value: f64,
    /// Sample size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    /// Ids of the assumptions relaxed at this stage, relative to the previous one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relaxes: Vec<String>,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A deployment context: the practitioner half, for many benchmarks at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Deployment context")]
pub struct ContextFile {
    /// Short name of the deployment.
    pub name: String,
    /// Markdown description of the deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who made the assessments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub assessed: Option<String>,
    /// The deployment's own answer category per assumption id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profile: BTreeMap<String, String>,
    /// Verdicts: benchmark slug → assumption id → verdict.
    #[serde(default)]
    pub assessments: BTreeMap<String, BTreeMap<String, VerdictFile>>,
}

/// "No. reason", or a verdict with a separate reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum VerdictFile {
    Text(String),
    Structured {
        /// yes, partially, no or unknown.
        verdict: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// Who made this assessment (default: the maintainers).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assessor: Option<Assessor>,
        /// Where the assessor said it, e.g. "Table 2".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        locator: Option<String>,
        /// Quotations supporting the verdict.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<Evidence>,
        /// How the verdict departs from the paper's or the authors'.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        departs: Option<Departure>,
    },
}

/// `cards/_assumptions.yaml`: extra or replacement assumption definitions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Assumption registry")]
pub struct RegistryFile {
    pub assumptions: Vec<AssumptionFile>,
}

/// One assumption a benchmark can make about its deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssumptionFile {
    /// Identifier used under `task:` or `outcome:` in cards, `[a-z0-9_]+`.
    pub id: String,
    /// `task` (testable from conversation data) or `outcome` (needs outcome data).
    pub kind: String,
    /// Short name, e.g. "Interaction type".
    pub name: String,
    /// The canonical question a benchmark designer answers.
    pub question: String,
    /// What the benchmark assumes about deployment.
    #[serde(default)]
    pub assumes: String,
    /// How to test whether it holds.
    #[serde(default)]
    pub how_to_test: String,
    /// The data that test needs.
    #[serde(default)]
    pub data_required: String,
    /// Answer categories; a deployment's category matches a benchmark's when
    /// equal or listed in the benchmark category's `covers`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryFile>,
}

/// One answer category of an assumption.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryFile {
    pub id: String,
    pub label: String,
    /// Deployment categories that a benchmark in this category also represents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
}
