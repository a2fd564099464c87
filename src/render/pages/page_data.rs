//! Label data the browser-side pages (compare, search filters) need: a few
//! kilobytes of names and labels, whatever the number of cards.

use super::site_files::COMPARE_MAX;
use crate::model::{Assumption, Verdict};

const VERDICTS: [Verdict; 4] = [
    Verdict::Yes,
    Verdict::Partially,
    Verdict::No,
    Verdict::Unknown,
];

/// An assumption's category labels by id.
fn category_labels(a: &Assumption) -> serde_json::Map<String, serde_json::Value> {
    a.categories
        .iter()
        .map(|c| (c.id.clone(), c.label.clone().into()))
        .collect()
}

/// What the compare page's script needs besides each card's `card.json`:
/// the questions with their category labels, the contexts' names and the
/// verdicts' labels (a few kilobytes, whatever the number of cards).
pub(super) fn compare_data(cat: &crate::model::Catalogue) -> serde_json::Value {
    use crate::model::format::{Assessor, ReviewStatus};
    let assumptions: Vec<_> = cat
        .registry
        .assumptions
        .iter()
        .map(|a| {
            let categories = category_labels(a);
            serde_json::json!({
                "id": a.id, "name": a.name, "kind": a.kind.as_str(),
                "question": a.question, "categories": categories,
            })
        })
        .collect();
    let contexts: Vec<_> = cat
        .contexts
        .iter()
        .map(|c| serde_json::json!({"id": c.id, "name": c.name}))
        .collect();
    let verdicts: serde_json::Map<String, serde_json::Value> = VERDICTS
        .into_iter()
        .map(|v| {
            let label = serde_json::json!({"label": v.label(), "letter": v.letter()});
            (v.as_str().to_string(), label)
        })
        .collect();
    let assessors: serde_json::Map<String, serde_json::Value> =
        [Assessor::Paper, Assessor::Authors, Assessor::Maintainers]
            .into_iter()
            .map(|a| (a.as_str().to_string(), a.label().into()))
            .collect();
    let tiers: serde_json::Map<String, serde_json::Value> = [
        ReviewStatus::Paper,
        ReviewStatus::Curated,
        ReviewStatus::Imported,
    ]
    .into_iter()
    .map(|t| (t.as_str().to_string(), t.label().into()))
    .collect();
    serde_json::json!({
        "max": COMPARE_MAX,
        "tiers": tiers,
        "assumptions": assumptions,
        "contexts": contexts,
        "verdicts": verdicts,
        "assessors": assessors,
    })
}

/// What the search page's filters need to name their groups and values:
/// assumptions (with their categories' labels), contexts and verdicts by
/// id (a few kilobytes, whatever the number of cards).
pub(super) fn search_labels(cat: &crate::model::Catalogue) -> serde_json::Value {
    let assumptions: serde_json::Map<String, serde_json::Value> = cat
        .registry
        .assumptions
        .iter()
        .map(|a| {
            let categories = category_labels(a);
            let v = serde_json::json!({"name": a.name, "categories": categories});
            (a.id.clone(), v)
        })
        .collect();
    let contexts: serde_json::Map<String, serde_json::Value> = cat
        .contexts
        .iter()
        .map(|c| (c.id.clone(), c.name.clone().into()))
        .collect();
    let verdicts: serde_json::Map<String, serde_json::Value> = VERDICTS
        .into_iter()
        .map(|v| (v.as_str().to_string(), v.label().into()))
        .collect();
    // The order of a result's verdict strip (ids; the map above is sorted).
    let order: Vec<&str> = cat
        .registry
        .assumptions
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    serde_json::json!({"assumptions": assumptions, "order": order, "contexts": contexts, "verdicts": verdicts})
}
