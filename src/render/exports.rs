//! Machine-readable exports: catalogue.json, catalogue.csv, match.json.

use crate::model::Catalogue;

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

/// Appends one CSV field, quoted only when it needs to be.
fn push_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
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

/// One row per benchmark × assumption × context ("not assessed" included),
/// written field by field into one buffer.
pub fn catalogue_csv(cat: &Catalogue) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for card in &cat.cards {
        let year = card.year.map(|y| y.to_string()).unwrap_or_default();
        let verdicts: Vec<_> = cat
            .contexts
            .iter()
            .map(|ctx| ctx.assessments.get(&card.slug))
            .collect();
        for a in &cat.registry.assumptions {
            let ans = card.answers.get(&a.id);
            for (ctx, verdicts) in cat.contexts.iter().zip(&verdicts) {
                let cell = verdicts.and_then(|v| v.get(&a.id));
                let fields = [
                    card.slug.as_str(),
                    &card.benchmark_name,
                    &year,
                    &a.id,
                    a.kind.as_str(),
                    ans.map_or(a.question.as_str(), |x| &x.question),
                    ans.map_or("", |x| &x.text),
                    ans.and_then(|x| x.category.as_deref()).unwrap_or_default(),
                    &ctx.id,
                    &ctx.name,
                    cell.map_or("not assessed", |c| c.verdict.as_str()),
                    cell.map_or("", |c| &c.reason),
                ];
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_field(&mut out, f);
                }
                out.push_str("\r\n");
            }
        }
    }
    out
}

#[derive(serde::Serialize)]
struct MatchExport<'a> {
    assumptions: Vec<MatchAssumption<'a>>,
    cards: Vec<MatchCard<'a>>,
    contexts: Vec<MatchContext<'a>>,
}

#[derive(serde::Serialize)]
struct MatchAssumption<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    question: &'a str,
    categories: &'a [crate::model::Category],
}

#[derive(serde::Serialize)]
struct MatchCard<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    answers: std::collections::BTreeMap<&'a str, MatchAnswer<'a>>,
}

#[derive(serde::Serialize)]
struct MatchAnswer<'a> {
    category: &'a Option<String>,
    answer: &'a str,
}

#[derive(serde::Serialize)]
struct MatchContext<'a> {
    id: &'a str,
    name: &'a str,
    profile: &'a std::collections::BTreeMap<String, String>,
}

/// The small document the match page ranks in the browser, serialised
/// straight from the model.
pub fn match_json(cat: &Catalogue, base: &str) -> Vec<u8> {
    let export = MatchExport {
        assumptions: cat
            .registry
            .assumptions
            .iter()
            .map(|a| MatchAssumption {
                id: &a.id,
                name: &a.name,
                kind: a.kind.as_str(),
                question: &a.question,
                categories: &a.categories,
            })
            .collect(),
        cards: cat
            .cards
            .iter()
            .map(|c| MatchCard {
                slug: &c.slug,
                title: &c.title,
                url: format!("{base}benchmarks/{}/", c.slug),
                answers: c
                    .answers
                    .iter()
                    .map(|(id, a)| {
                        (
                            id.as_str(),
                            MatchAnswer {
                                category: &a.category,
                                answer: &a.text,
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        contexts: cat
            .contexts
            .iter()
            .filter(|c| !c.profile.is_empty())
            .map(|c| MatchContext {
                id: &c.id,
                name: &c.name,
                profile: &c.profile,
            })
            .collect(),
    };
    serde_json::to_vec(&export).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    fn field(s: &str) -> String {
        let mut out = String::new();
        super::push_field(&mut out, s);
        out
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(field("\"\""), "\"\"\"\"\"\"");
    }
}
