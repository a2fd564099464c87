//! The assumption registry: which questions a card answers, of which kind,
//! and the answer categories heatmaps and "match my deployment" use.

use super::format::{AssumptionFile, RegistryFile};
use serde::Serialize;

/// Task assumptions are testable from conversation data; outcome
/// assumptions need behavioural studies or trials (paper §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssumptionKind {
    Task,
    Outcome,
}

impl AssumptionKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "task" => Some(Self::Task),
            "outcome" => Some(Self::Outcome),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Task => "task",
            Self::Outcome => "outcome",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Task => "Task",
            Self::Outcome => "Outcome",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub covers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    pub id: String,
    pub kind: AssumptionKind,
    pub name: String,
    pub question: String,
    pub assumes: String,
    pub how_to_test: String,
    pub data_required: String,
    pub categories: Vec<Category>,
}

impl Assumption {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
    /// Whether a benchmark answering `benchmark` represents a deployment in
    /// category `deployment`: equal, or covered by the benchmark's category.
    pub fn category_holds(&self, benchmark: &str, deployment: &str) -> bool {
        benchmark == deployment
            || self
                .category(benchmark)
                .is_some_and(|c| c.covers.iter().any(|d| d == deployment))
    }
}

/// Assumptions in display order: task assumptions first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registry {
    pub assumptions: Vec<Assumption>,
}

/// The built-in registry's source.
pub const BUILTIN_YAML: &str = include_str!("assumptions.yaml");

impl Registry {
    /// Display names of assumption ids (the id itself when unregistered).
    pub fn names_of<'a>(&'a self, ids: &'a [String]) -> Vec<&'a str> {
        ids.iter()
            .map(|r| self.get(r).map_or(r.as_str(), |a| a.name.as_str()))
            .collect()
    }

    /// Builds from already validated entries; later entries replace earlier
    /// ones with the same id.
    pub fn from_files(files: &[AssumptionFile]) -> Registry {
        let mut assumptions: Vec<Assumption> = Vec::new();
        for f in files {
            let a = Assumption {
                id: f.id.clone(),
                kind: AssumptionKind::parse(&f.kind).unwrap_or(AssumptionKind::Task),
                name: f.name.clone(),
                question: f.question.clone(),
                assumes: f.assumes.clone(),
                how_to_test: f.how_to_test.clone(),
                data_required: f.data_required.clone(),
                categories: f
                    .categories
                    .iter()
                    .map(|c| Category {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        covers: c.covers.clone(),
                    })
                    .collect(),
            };
            match assumptions.iter_mut().find(|x| x.id == a.id) {
                Some(slot) => *slot = a,
                None => assumptions.push(a),
            }
        }
        assumptions.sort_by_key(|a| a.kind);
        Registry { assumptions }
    }

    /// The five standard assumptions.
    pub fn builtin() -> Registry {
        let file: RegistryFile = serde_saphyr::from_str(BUILTIN_YAML)
            .unwrap_or_else(|e| unreachable!("built-in registry is valid YAML: {e}"));
        Registry::from_files(&file.assumptions)
    }

    pub fn get(&self, id: &str) -> Option<&Assumption> {
        self.assumptions.iter().find(|a| a.id == id)
    }
    pub fn ids(&self) -> Vec<&str> {
        self.assumptions.iter().map(|a| a.id.as_str()).collect()
    }
    pub fn of_kind(&self, kind: AssumptionKind) -> impl Iterator<Item = &Assumption> {
        self.assumptions.iter().filter(move |a| a.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn builtin_has_the_five_standard_assumptions_task_first() {
        let r = Registry::builtin();
        assert_eq!(
            r.ids(),
            [
                "query_authorship",
                "information_completeness",
                "interaction_type",
                "decision_mediation",
                "outcome_validity"
            ]
        );
        let it = r.get("interaction_type").unwrap();
        assert!(it.category_holds("both", "multi-turn"));
        assert!(!it.category_holds("single-turn", "multi-turn"));
    }
}
