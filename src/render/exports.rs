//! Machine-readable exports: catalogue.json, catalogue.csv, match.json.
//! Each streams into the writer it is given through a buffer of its own:
//! that writer is a `dyn Write`, and serde_json and the CSV writer make
//! millions of small writes at 10,000 cards.

use crate::model::Catalogue;
use std::io::{self, Write};

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

/// The whole catalogue as JSON, serialised straight from the model into
/// `w` (no intermediate value tree: at 10,000 cards that tree alone took
/// hundreds of megabytes).
pub fn catalogue_json(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(
        &mut w,
        &CatalogueExport {
            format_version: FORMAT_VERSION,
            generator: concat!("cardsite ", env!("CARGO_PKG_VERSION")),
            assumptions: &cat.registry.assumptions,
            cards: &cat.cards,
            contexts: &cat.contexts,
        },
    )?;
    w.flush()
}

/// Writes one CSV field, quoted only when it needs to be.
fn push_field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.write_all(b"\"\"")?;
            }
            out.write_all(part.as_bytes())?;
        }
        out.write_all(b"\"")
    } else {
        out.write_all(s.as_bytes())
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
    "assessor",
    "review",
];

/// One row per benchmark × assumption × context ("not assessed" included),
/// written field by field into `w`.
pub fn catalogue_csv(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, w);
    out.write_all(CSV_HEADER.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
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
                    cell.map_or("", |c| c.assessor.as_str()),
                    card.review.status.as_str(),
                ];
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    push_field(&mut out, f)?;
                }
                out.write_all(b"\r\n")?;
            }
        }
    }
    out.flush()
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
/// straight from the model into `w`.
pub fn match_json(
    cat: &Catalogue,
    base: &crate::routes::BaseUrl,
    w: &mut dyn Write,
) -> io::Result<()> {
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
        // Imported cards wait for review before they are offered as matches.
        cards: cat
            .cards
            .iter()
            .filter(|c| c.is_reviewed())
            .map(|c| MatchCard {
                slug: &c.slug,
                title: &c.title,
                url: base.url(crate::routes::Route::Card(&c.slug)),
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
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut w, &export)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    fn field(s: &str) -> String {
        let mut out = Vec::new();
        super::push_field(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(field("\"\""), "\"\"\"\"\"\"");
    }
}
