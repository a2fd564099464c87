//! Template data: the catalogue reshaped for pages. Rust computes every
//! number and label here; templates only lay them out.

use crate::markdown;
use crate::model::{Assumption, Card, Catalogue, Context, Verdict, Verdicts};
use serde::Serialize;

/// One verdict as pages show it, borrowed from the catalogue.
#[derive(Serialize, Clone, Copy)]
pub struct Cell<'a> {
    pub assumption: &'a str,
    pub verdict: &'static str,
    pub letter: &'static str,
    pub label: &'static str,
    pub reason: &'a str,
    /// Who made the verdict (`paper`, `authors`, `maintainers`).
    pub assessor: &'static str,
    /// Where it was said, evidence and departures, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a crate::model::AssessmentDetail>,
    /// The file the verdict is written in (card pages only: correction links).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a std::path::Path>,
}

impl<'a> Cell<'a> {
    /// The cell of an assessment already looked up (`None`: not assessed).
    pub fn of(assumption: &'a str, a: Option<&'a crate::model::Assessment>) -> Cell<'a> {
        let v = a.map(|a| a.verdict);
        Cell {
            assumption,
            verdict: v.map(Verdict::as_str).unwrap_or("none"),
            letter: v.map(Verdict::letter).unwrap_or("–"),
            label: v.map(Verdict::label).unwrap_or("Not assessed"),
            reason: a.map(|a| a.reason.as_str()).unwrap_or_default(),
            assessor: a.map_or("", |a| a.assessor.as_str()),
            detail: a.and_then(|a| a.detail.as_deref()),
            file: None,
        }
    }

    /// The cell, naming the file its verdict is written in.
    pub fn with_file(assumption: &'a str, a: Option<&'a crate::model::Assessment>) -> Cell<'a> {
        Cell {
            file: a.map(|a| &*a.origin.file),
            ..Cell::of(assumption, a)
        }
    }
}

#[derive(Serialize)]
pub struct ContextRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct AnswerRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub question: &'a str,
    pub kind: &'static str,
    pub answer: &'a str,
    pub category: Option<&'a str>,
    pub evidence: &'a [crate::model::format::Evidence],
    pub departs: Option<&'a crate::model::format::Departure>,
    pub cells: Vec<Cell<'a>>,
}

#[derive(Serialize)]
pub struct MeasurementRow<'a> {
    pub label: &'a str,
    pub value: String,
    pub n: Option<u64>,
    pub relaxes: Vec<&'a str>,
    pub drop: Option<String>,
    pub source: Option<&'a str>,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub label: &'static str,
    pub url: &'a str,
}

/// A card page's data, borrowed from the catalogue.
#[derive(Serialize)]
pub struct CardView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub benchmark_name: &'a str,
    pub citation: &'a str,
    pub version: Option<&'a str>,
    pub intended_use: Option<&'a str>,
    pub summary_html: Option<String>,
    pub year: Option<i32>,
    pub added: Option<&'a str>,
    pub domains: &'a [String],
    pub tags: &'a [String],
    pub links: Vec<LinkView<'a>>,
    pub license: Option<&'a str>,
    pub maintainers: &'a [String],
    pub provenance: Option<&'a crate::model::format::Provenance>,
    pub contexts: Vec<ContextRef>,
    pub rows: Vec<AnswerRow<'a>>,
    pub measurements: Vec<MeasurementRow<'a>>,
    pub notes: Option<&'a str>,
    pub edit_url: Option<String>,
    /// "Add an assessment for your deployment" (a new context file).
    pub assess_url: Option<String>,
    pub source_file: String,
    pub abbreviation: Option<&'a str>,
    pub languages: &'a [String],
    pub data: Option<&'a crate::model::format::DataInfo>,
    pub metrics: &'a [String],
    /// The card's own heatmap row in each context that assessed it.
    pub heat_rows: Vec<HeatRow<'a>>,
    pub gap_chart: Option<super::gaps::GapChart>,
    /// The review tier: `paper`, `curated` or `imported`.
    pub review: &'static str,
    pub review_label: &'static str,
    pub reviewed_by: &'a [crate::model::format::Reviewer],
    /// The "Cite" section: the benchmark's and the card's citations.
    pub cite: super::cite::CardCite,
    /// The badges with their embedding snippets.
    pub badges: Vec<super::badges::BadgeItem>,
    /// The page's JSON-LD record, `<` already escaped for a `<script>`.
    pub jsonld: Option<String>,
    /// When the card's file last changed, and its commits (newest first).
    pub history: Option<crate::load::history::CardHistory>,
}

/// The parts of a card's page made outside [`card_view`].
pub struct CardExtras {
    pub cite: super::cite::CardCite,
    pub badges: Vec<super::badges::BadgeItem>,
    pub jsonld: Option<String>,
    pub history: Option<crate::load::history::CardHistory>,
}

#[derive(Serialize)]
pub struct HeatRow<'a> {
    pub context_id: String,
    pub context_name: String,
    pub cells: Vec<Cell<'a>>,
}

/// The contexts that assessed `slug`, each with its verdicts on it (looked
/// up once per page, not once per cell).
pub fn contexts_for<'a>(cat: &'a Catalogue, slug: &str) -> Vec<(&'a Context, &'a Verdicts)> {
    cat.contexts
        .iter()
        .filter_map(|c| Some((c, c.assessments.get(slug)?)))
        .collect()
}

fn category_label<'a>(a: &'a Assumption, id: Option<&'a String>) -> Option<&'a str> {
    id.map(|c| a.category(c).map_or(c.as_str(), |x| x.label.as_str()))
}

pub fn card_view<'a>(
    cat: &'a Catalogue,
    card: &'a Card,
    edit_base: Option<&str>,
    extras: CardExtras,
) -> CardView<'a> {
    let CardExtras {
        cite,
        badges,
        jsonld,
        history,
    } = extras;
    let ctxs = contexts_for(cat, &card.slug);
    let rows = cat
        .registry
        .assumptions
        .iter()
        .filter(|a| {
            card.answers.contains_key(&a.id) || ctxs.iter().any(|(_, v)| v.get(&a.id).is_some())
        })
        .map(|a| {
            let ans = card.answers.get(&a.id);
            AnswerRow {
                id: &a.id,
                name: &a.name,
                question: ans.map_or(a.question.as_str(), |x| &x.question),
                kind: a.kind.label(),
                answer: ans.map_or("Not answered.", |x| &x.text),
                category: category_label(a, ans.and_then(|x| x.category.as_ref())),
                evidence: ans.map_or(&[], |x| &x.evidence),
                departs: ans.and_then(|x| x.departs.as_ref()),
                cells: ctxs
                    .iter()
                    .map(|(_, v)| Cell::with_file(&a.id, v.get(&a.id)))
                    .collect(),
            }
        })
        .collect();
    let l = &card.links;
    let links = [
        ("Paper", &l.paper),
        ("Dataset", &l.dataset),
        ("Code", &l.code),
        ("Homepage", &l.homepage),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.as_deref().map(|url| LinkView { label, url }))
    .chain(l.other.iter().map(|u| LinkView {
        label: "Link",
        url: u,
    }))
    .collect();
    let measurements = card
        .measurements
        .iter()
        .enumerate()
        .map(|(i, m)| MeasurementRow {
            label: &m.label,
            value: format!("{:.1}", m.value),
            n: m.n,
            relaxes: cat.registry.names_of(&m.relaxes),
            drop: (i > 0).then(|| format!("{:.1}", card.measurements[i - 1].value - m.value)),
            source: m.source.as_deref(),
        })
        .collect();
    let source_file = card.file.to_string_lossy().replace('\\', "/");
    CardView {
        slug: &card.slug,
        title: &card.title,
        benchmark_name: &card.benchmark_name,
        citation: &card.citation,
        version: card.version.as_deref(),
        intended_use: card.intended_use.as_deref(),
        summary_html: card.summary.as_deref().map(markdown::render),
        year: card.year,
        added: card.added.as_deref(),
        domains: &card.domains,
        tags: &card.tags,
        links,
        license: card.license.as_deref(),
        maintainers: &card.maintainers,
        provenance: card.provenance.as_ref(),
        contexts: ctxs
            .iter()
            .map(|(c, _)| ContextRef {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .collect(),
        rows,
        measurements,
        notes: card.notes.as_deref(),
        edit_url: edit_base.map(|b| format!("{b}{source_file}")),
        assess_url: edit_base
            .map(|b| format!("{}cards/contexts", b.replacen("/edit/", "/new/", 1))),
        source_file,
        abbreviation: card.abbreviation.as_deref(),
        languages: &card.languages,
        data: card.data.as_ref(),
        metrics: &card.metrics,
        heat_rows: ctxs
            .iter()
            .map(|(c, v)| HeatRow {
                context_id: c.id.clone(),
                context_name: c.name.clone(),
                cells: cat
                    .registry
                    .assumptions
                    .iter()
                    .map(|a| Cell::of(&a.id, v.get(&a.id)))
                    .collect(),
            })
            .collect(),
        gap_chart: super::gaps::chart(cat, card),
        review: card.review.status.as_str(),
        review_label: card.review.status.label(),
        reviewed_by: &card.review.reviewed_by,
        cite,
        badges,
        jsonld,
        history,
    }
}

#[derive(Serialize)]
pub struct ContextCount<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub assessed: bool,
    pub holds: usize,
    pub partially: usize,
    pub fails: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct IndexRow<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    /// The summary's first words as plain text (a listing shows a card in
    /// up to eight places; whole summaries made them most of the output).
    pub excerpt: Option<String>,
    pub year: Option<i32>,
    pub domains: &'a [String],
    pub documented: usize,
    pub registered: usize,
    /// The review tier (`paper`, `curated`, `imported`).
    pub review: &'static str,
    pub counts: Vec<ContextCount<'a>>,
}

/// A benchmark's row in the listings (its summary rendered).
pub fn index_row<'a>(cat: &'a Catalogue, c: &'a Card) -> IndexRow<'a> {
    IndexRow {
        slug: &c.slug,
        title: &c.title,
        excerpt: c
            .summary
            .as_deref()
            .map(|s| excerpt(&markdown::plain_text(s), EXCERPT_CHARS)),
        year: c.year,
        domains: &c.domains,
        documented: c.answers.len(),
        registered: cat.registry.assumptions.len(),
        review: c.review.status.as_str(),
        counts: cat
            .contexts
            .iter()
            .map(|ctx| {
                let cells = ctx.assessments.get(&c.slug);
                let n = |v: Verdict| {
                    cells
                        .map(|m| m.values().filter(|a| a.verdict == v).count())
                        .unwrap_or(0)
                };
                ContextCount {
                    id: &ctx.id,
                    name: &ctx.name,
                    assessed: cells.is_some(),
                    holds: n(Verdict::Yes),
                    partially: n(Verdict::Partially),
                    fails: n(Verdict::No),
                    total: cells.map(|m| m.len()).unwrap_or(0),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct AssumptionAnswer<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub answer: &'a str,
    pub category: Option<&'a str>,
}

/// The given cards' answers to assumption `a` (cards without one skipped).
pub fn assumption_answers<'a>(
    a: &'a Assumption,
    cards: impl IntoIterator<Item = &'a Card>,
) -> Vec<AssumptionAnswer<'a>> {
    cards
        .into_iter()
        .filter_map(|c| {
            c.answers.get(&a.id).map(|ans| AssumptionAnswer {
                slug: &c.slug,
                title: &c.title,
                answer: &ans.text,
                category: category_label(a, ans.category.as_ref()),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct ContextRow<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub cells: Vec<Cell<'a>>,
}

/// The context's rows for the given cards (those it assessed).
pub fn context_rows<'a>(
    cat: &'a Catalogue,
    ctx: &'a Context,
    cards: impl IntoIterator<Item = &'a Card>,
) -> Vec<ContextRow<'a>> {
    cards
        .into_iter()
        .filter_map(|c| {
            let verdicts = ctx.assessments.get(&c.slug)?;
            Some(ContextRow {
                slug: &c.slug,
                title: &c.title,
                cells: cat
                    .registry
                    .assumptions
                    .iter()
                    .map(|a| Cell::of(&a.id, verdicts.get(&a.id)))
                    .collect(),
            })
        })
        .collect()
}

/// Characters of a summary a listing row shows.
pub const EXCERPT_CHARS: usize = 200;

/// The first `max` characters of `text`, cut at a word boundary, with "…"
/// when anything was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation())
    )
}

#[cfg(test)]
mod excerpt_tests {
    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(super::excerpt("short text", 200), "short text");
        assert_eq!(super::excerpt("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(super::excerpt("ééééé ééééé", 7), "ééééé…");
    }
}
