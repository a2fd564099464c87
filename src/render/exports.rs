//! Machine-readable exports: catalogue.json, catalogue.csv, match.json.

use crate::model::Catalogue;
use serde_json::{Value, json};

/// Bumped when the JSON export's shape changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

#[derive(serde::Serialize)]
struct CatalogueExport<'a> {
    format_version: u32,
    generator: &'static str,
    assumptions: &'a [crate::model::Assumption],
    cards: &'a [crate::model::Card],
    contexts: &'a [crate::model::Context],
}

/// The whole catalogue as JSON, serialised straight from the model (no
/// intermediate value tree: at 10,000 cards that tree alone took hundreds
/// of megabytes).
pub fn catalogue_json(cat: &Catalogue) -> Vec<u8> {
    serde_json::to_vec(&CatalogueExport {
        format_version: FORMAT_VERSION,
        generator: concat!("cardsite ", env!("CARGO_PKG_VERSION")),
        assumptions: &cat.registry.assumptions,
        cards: &cat.cards,
        contexts: &cat.contexts,
    })
    .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub const CSV_HEADER: &[&str] = &[
    "benchmark",
    "benchmark_name",
    "year",
    "assumption",
    "kind",
    "question",
    "answer",
    "category",
    "context",
    "context_name",
    "verdict",
    "reason",
];

/// One row per benchmark × assumption × context ("not assessed" included).
pub fn catalogue_csv(cat: &Catalogue) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for card in &cat.cards {
        for a in &cat.registry.assumptions {
            let ans = card.answers.get(&a.id);
            for ctx in &cat.contexts {
                let cell = ctx.assessment(&card.slug, &a.id);
                let fields = [
                    card.slug.clone(),
                    card.benchmark_name.clone(),
                    card.year.map(|y| y.to_string()).unwrap_or_default(),
                    a.id.clone(),
                    a.kind.as_str().to_string(),
                    ans.map(|x| x.question.clone())
                        .unwrap_or_else(|| a.question.clone()),
                    ans.map(|x| x.text.clone()).unwrap_or_default(),
                    ans.and_then(|x| x.category.clone()).unwrap_or_default(),
                    ctx.id.clone(),
                    ctx.name.clone(),
                    cell.map(|c| c.verdict.as_str().to_string())
                        .unwrap_or_else(|| "not assessed".into()),
                    cell.map(|c| c.reason.clone()).unwrap_or_default(),
                ];
                out.push_str(
                    &fields
                        .iter()
                        .map(|f| csv_field(f))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// The small document the match page ranks in the browser.
pub fn match_json(cat: &Catalogue, base: &str) -> Value {
    json!({
        "assumptions": cat.registry.assumptions.iter().map(|a| json!({
            "id": a.id, "name": a.name, "kind": a.kind.as_str(), "question": a.question,
            "categories": a.categories,
        })).collect::<Vec<_>>(),
        "cards": cat.cards.iter().map(|c| json!({
            "slug": c.slug,
            "title": c.title,
            "url": format!("{base}benchmarks/{}/", c.slug),
            "answers": c.answers.iter().map(|(id, a)| (id.clone(), json!({"category": a.category, "answer": a.text}))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "contexts": cat.contexts.iter().filter(|c| !c.profile.is_empty()).map(|c| json!({"id": c.id, "name": c.name, "profile": c.profile})).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(super::csv_field("plain"), "plain");
        assert_eq!(super::csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
