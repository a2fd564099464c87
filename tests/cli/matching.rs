//! The test oracle for "match my deployment": the ranking rules the browser
//! runs on `match.json` (themes/default/static/match.js), written again in
//! Rust from the library's registry; the browser test keeps both in step.
//! Rank benchmarks by how many of their assumptions would hold for a
//! deployment described by one category per assumption (fit, not quality).

use cardsite::model::{Catalogue, Registry};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    pub slug: String,
    pub holds: usize,
    pub fails: Vec<String>,
    /// Assumptions the benchmark did not categorise.
    pub unknown: Vec<String>,
}

/// Does the benchmark's category hold for the deployment's? `None` when the
/// benchmark has no category for it.
pub fn holds(
    registry: &Registry,
    assumption: &str,
    benchmark: Option<&str>,
    deployment: &str,
) -> Option<bool> {
    let a = registry.get(assumption)?;
    benchmark.map(|b| a.category_holds(b, deployment))
}

/// Ranks every reviewed card (imported cards wait for review): most
/// assumptions holding first, then fewest failing, then by slug. `profile`
/// maps assumption id → deployment category.
pub fn rank(cat: &Catalogue, profile: &BTreeMap<String, String>) -> Vec<MatchResult> {
    let mut results: Vec<MatchResult> = cat
        .cards
        .iter()
        .filter(|c| c.is_reviewed())
        .map(|c| {
            let mut r = MatchResult {
                slug: c.slug.clone(),
                holds: 0,
                fails: vec![],
                unknown: vec![],
            };
            for a in &cat.registry.assumptions {
                let Some(want) = profile.get(&a.id) else {
                    continue;
                };
                let have = c.answers.get(&a.id).and_then(|x| x.category.as_deref());
                match holds(&cat.registry, &a.id, have, want) {
                    Some(true) => r.holds += 1,
                    Some(false) => r.fails.push(a.id.clone()),
                    None => r.unknown.push(a.id.clone()),
                }
            }
            r
        })
        .collect();
    results.sort_by(|a, b| {
        b.holds
            .cmp(&a.holds)
            .then(a.fails.len().cmp(&b.fails.len()))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    results
}
