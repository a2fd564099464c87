//! The validated catalogue every later stage renders from.

use super::format::{Links, Measurement, Provenance};
use super::registry::Registry;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A practitioner's judgement: does the assumption hold at deployment?
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Yes,
    Partially,
    No,
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Yes => "yes",
            Verdict::Partially => "partially",
            Verdict::No => "no",
            Verdict::Unknown => "unknown",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Yes => "Holds",
            Verdict::Partially => "Partially",
            Verdict::No => "Does not hold",
            Verdict::Unknown => "Unknown",
        }
    }
    /// One letter for colour-independent display.
    pub fn letter(self) -> &'static str {
        match self {
            Verdict::Yes => "Y",
            Verdict::Partially => "P",
            Verdict::No => "N",
            Verdict::Unknown => "?",
        }
    }
    /// Contribution to the share of benchmarks where an assumption holds.
    pub fn score(self) -> Option<f64> {
        match self {
            Verdict::Yes => Some(1.0),
            Verdict::Partially => Some(0.5),
            Verdict::No => Some(0.0),
            Verdict::Unknown => None,
        }
    }
}

/// Where a verdict was written, for messages about conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub verdict: Verdict,
    pub reason: String,
    #[serde(skip)]
    pub origin: Origin,
}

/// A designer's answer to one assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub question: String,
    pub text: String,
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    pub slug: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub benchmark_name: String,
    pub title: String,
    pub citation: String,
    pub version: Option<String>,
    pub intended_use: Option<String>,
    pub summary: Option<String>,
    pub year: Option<i32>,
    pub added: Option<String>,
    pub domains: Vec<String>,
    pub tags: Vec<String>,
    pub links: Links,
    pub maintainers: Vec<String>,
    pub license: Option<String>,
    pub provenance: Option<Provenance>,
    /// Answers by assumption id.
    pub answers: BTreeMap<String, Answer>,
    pub measurements: Vec<Measurement>,
    pub notes: Option<String>,
    pub abbreviation: Option<String>,
    pub languages: Vec<String>,
    pub data: Option<super::format::DataInfo>,
    pub metrics: Vec<String>,
}

/// Where a context was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextSource {
    /// `cards/contexts/<id>.yaml`
    File,
    /// Made from `deployment_context` prose (or a card's own) in cards.
    Inline,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub assessor: Option<String>,
    pub assessed: Option<String>,
    pub source: ContextSource,
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// The deployment's own category per assumption.
    pub profile: BTreeMap<String, String>,
    /// Benchmark slug → assumption id → assessment.
    pub assessments: BTreeMap<String, BTreeMap<String, Assessment>>,
}

impl Context {
    pub fn assessment(&self, slug: &str, assumption: &str) -> Option<&Assessment> {
        self.assessments.get(slug)?.get(assumption)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub registry: Registry,
    /// Sorted by slug.
    pub cards: Vec<Card>,
    /// Context files first (by id), then inline contexts.
    pub contexts: Vec<Context>,
}

impl Catalogue {
    pub fn card(&self, slug: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.slug == slug)
    }
    pub fn context(&self, id: &str) -> Option<&Context> {
        self.contexts.iter().find(|c| c.id == id)
    }
}
