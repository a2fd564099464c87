//! The validated catalogue every later stage renders from.

use super::format::{Assessor, Departure, Evidence, Links, Measurement, Provenance, Review};
use super::registry::Registry;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Where a verdict was written, for messages about conflicts. The file's
/// path is shared by all the verdicts a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
}

/// One benchmark's verdicts in one context, by assumption id: a handful of
/// entries kept sorted in one small vector (a `BTreeMap` node per benchmark
/// and context had room for eleven and took ~1 KB; at 10,000 benchmarks in
/// three contexts that was a third of the catalogue's memory). Serialises as
/// a map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdicts(Vec<(String, Assessment)>);

impl Verdicts {
    pub fn get(&self, assumption: &str) -> Option<&Assessment> {
        self.position(assumption).ok().map(|i| &self.0[i].1)
    }

    /// Adds or replaces the verdict for `assumption`.
    pub fn insert(&mut self, assumption: String, a: Assessment) {
        match self.position(&assumption) {
            Ok(i) => self.0[i].1 = a,
            Err(i) => self.0.insert(i, (assumption, a)),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (assumption id, verdict) in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Assessment)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &Assessment> {
        self.0.iter().map(|(_, v)| v)
    }

    fn position(&self, assumption: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(assumption))
    }
}

impl<'a> IntoIterator for &'a Verdicts {
    type Item = (&'a String, &'a Assessment);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Assessment)>,
        fn(&'a (String, Assessment)) -> (&'a String, &'a Assessment),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for Verdicts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub verdict: Verdict,
    pub reason: String,
    /// Who made it: the paper, the benchmark's authors, or the maintainers.
    pub assessor: Assessor,
    /// Where it was said, evidence and departures: rare, so boxed (a
    /// catalogue holds a verdict per benchmark, assumption and context).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<AssessmentDetail>>,
    #[serde(skip)]
    pub origin: Origin,
}

/// The optional parts of an assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AssessmentDetail {
    /// Where the assessor said it, e.g. "Table 2".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departs: Option<Departure>,
}

impl Assessment {
    /// A maintainers' verdict with no detail.
    pub fn plain(verdict: Verdict, reason: String, origin: Origin) -> Assessment {
        Assessment {
            verdict,
            reason,
            assessor: Assessor::Maintainers,
            detail: None,
            origin,
        }
    }
    pub fn locator(&self) -> Option<&str> {
        self.detail.as_ref()?.locator.as_deref()
    }
    pub fn evidence(&self) -> &[Evidence] {
        self.detail.as_ref().map_or(&[], |d| &d.evidence)
    }
    pub fn departs(&self) -> Option<&Departure> {
        self.detail.as_ref()?.departs.as_ref()
    }
}

/// A designer's answer to one assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub question: String,
    pub text: String,
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departs: Option<Departure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    pub slug: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub benchmark_name: String,
    pub title: String,
    pub citation: String,
    /// The citation as structured fields, when the card gives them.
    pub reference: Option<super::format::Reference>,
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
    /// The card's review tier and sign-off.
    pub review: Review,
}

impl Card {
    /// Whether the card counts in heatmap shares and "match my deployment":
    /// imported cards wait for review.
    pub fn is_reviewed(&self) -> bool {
        self.review.status != super::format::ReviewStatus::Imported
    }
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
    pub assessments: BTreeMap<String, Verdicts>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(v: Verdict, reason: &str) -> Assessment {
        Assessment::plain(
            v,
            reason.into(),
            Origin {
                file: Path::new("cards/contexts/x.yaml").into(),
                line: 1,
                column: 1,
            },
        )
    }

    #[test]
    fn verdicts_stay_sorted_replace_and_serialise_as_a_map() {
        let mut m = Verdicts::default();
        m.insert("outcome_validity".into(), verdict(Verdict::No, "b"));
        m.insert("decision_mediation".into(), verdict(Verdict::Yes, "a"));
        m.insert("outcome_validity".into(), verdict(Verdict::Partially, "c"));
        assert_eq!(m.len(), 2);
        let ids: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ids, ["decision_mediation", "outcome_validity"]);
        assert_eq!(m.get("outcome_validity").unwrap().reason, "c");
        assert!(m.get("query_authorship").is_none());
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["outcome_validity"]["verdict"], "partially");
        assert_eq!(json["decision_mediation"]["reason"], "a");
    }
}
