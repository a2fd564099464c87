//! Card files: shape (schema), then meaning (ids, categories, links, verdicts),
//! one small rule at a time.

use super::answers::collect_answers;
use super::{Ctx, urls};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{Kind, Node, SourceFile, de};
use crate::model::format::{CardFile, Provenance, Review, ReviewStatus};
use crate::model::{Answer, Card, Origin, Verdict};
use std::collections::BTreeMap;
use std::path::Path;

/// A verdict written inline in a card, waiting to be placed in a context.
#[derive(Debug, Clone)]
pub struct InlineVerdict {
    pub slug: String,
    pub assumption: String,
    pub verdict: Verdict,
    pub reason: String,
    pub origin: Origin,
}

/// What a card file contributes to the catalogue.
#[derive(Debug, Clone)]
pub struct CardParts {
    pub card: Card,
    /// The `deployment_context` (or legacy alias) the inline verdicts belong to.
    pub deployment_context: Option<String>,
    pub inline: Vec<InlineVerdict>,
}

pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn validate(src: &SourceFile, node: &Node, cx: &mut Ctx) -> Option<CardParts> {
    let file = src.rel.as_path();
    let slug = src.stem();
    check_slug(&slug, file, &mut cx.diags);
    if !super::shape::ShapeChecker::new(cx.card_schema, file).check(node, &mut cx.diags) {
        return None;
    }
    let mut raw: CardFile = match de::from_node(node) {
        Ok(r) => r,
        Err(e) => {
            let pos = e.pos.unwrap_or(node.pos);
            let d = Diagnostic::error("invalid-card", file, pos, e.message);
            cx.diags.push(d);
            return None;
        }
    };
    check_required_text(&raw, node, file, &mut cx.diags);
    check_intended_use(&raw, node, file, &mut cx.diags);
    let deployment_context = deployment_context(&raw, node, file, &mut cx.diags);
    let (answers, inline) = collect_answers(&mut raw, node, &slug, file, cx);
    let mut links = raw.links.take().unwrap_or_default();
    urls::check_links(&mut links, node, file, &mut cx.diags);
    check_year(raw.year, node, file, &mut cx.diags);
    check_measurements(&raw, node, file, cx);
    let review = raw.review.take().unwrap_or_default();
    check_evidence_coverage(&review, &answers, node, file, &mut cx.diags);
    if let Some(p) = &mut raw.provenance {
        check_sources(p, node, file, &mut cx.diags);
    }
    let card = assemble(raw, slug, file, links, answers, review);
    Some(CardParts {
        card,
        deployment_context,
        inline,
    })
}

fn check_slug(slug: &str, file: &Path, diags: &mut Diagnostics) {
    if !is_valid_slug(slug) {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                file,
                Pos::FILE,
                format!("file name `{slug}` is not a valid slug"),
            )
            .with_hint(format!(
                "use lowercase letters, digits and hyphens, e.g. `{}.yaml`",
                suggest_slug(slug)
            )),
        );
    }
}

/// `benchmark_name` and `citation` hold text.
fn check_required_text(raw: &CardFile, node: &Node, file: &Path, diags: &mut Diagnostics) {
    for (field, value) in [
        ("benchmark_name", &raw.benchmark_name),
        ("citation", &raw.citation),
    ] {
        if value.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "empty-value",
                    file,
                    node.locate(&[field]),
                    format!("`{field}` is empty"),
                )
                .with_hint(format!("`{field}` is required; fill it in")),
            );
        }
    }
}

/// Every card page leads with the intended use, and the upstream schema
/// requires it.
fn check_intended_use(raw: &CardFile, node: &Node, file: &Path, diags: &mut Diagnostics) {
    match &raw.intended_use_case {
        None => diags.push(
            Diagnostic::error("upstream-required", file, node.pos, "missing `intended_use_case` (required by the upstream BenchmarkCard schema)")
                .with_hint("add `intended_use_case:` with an `answer:` saying what the benchmark is designed to evaluate"),
        ),
        Some(iuc) if iuc.answer.trim().is_empty() => diags.push(
            Diagnostic::error(
                "empty-value",
                file,
                node.locate(&["intended_use_case", "answer"]),
                "`intended_use_case.answer` is empty",
            )
            .with_hint("say what clinical task the benchmark is designed to evaluate"),
        ),
        Some(_) => {}
    }
}

/// The context the card's inline verdicts belong to: `deployment_context`,
/// else its legacy alias (which is warned about).
fn deployment_context(
    raw: &CardFile,
    node: &Node,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let iuc = raw.intended_use_case.as_ref()?;
    let Some(legacy) = &iuc.holds_at_deployment else {
        return iuc.deployment_context.clone();
    };
    diags.push(
        Diagnostic::warning(
            "legacy-alias",
            file,
            node.locate(&["intended_use_case", "holds_at_deployment"]),
            "`intended_use_case.holds_at_deployment` is a legacy alias of `deployment_context`",
        )
        .with_hint("rename it to `deployment_context`"),
    );
    iuc.deployment_context
        .clone()
        .or_else(|| Some(legacy.clone()))
}

fn check_year(year: Option<i32>, node: &Node, file: &Path, diags: &mut Diagnostics) {
    if let Some(y) = year
        && !(1900..=2100).contains(&y)
    {
        diags.push(
            Diagnostic::error(
                "bad-year",
                file,
                node.locate(&["year"]),
                format!("year {y} is out of range"),
            )
            .with_hint("give the benchmark's publication year, e.g. 2024"),
        );
    }
}

/// Values are percentages, and the assumptions relaxed are known ones.
fn check_measurements(raw: &CardFile, node: &Node, file: &Path, cx: &mut Ctx) {
    let items = seq(node.get("measurements"));
    for (i, m) in raw.measurements.iter().enumerate() {
        let pos_of = |k: &str| items.get(i).map_or(Pos::FILE, |n| n.locate(&[k]));
        if !(0.0..=100.0).contains(&m.value) || !m.value.is_finite() {
            cx.diags.push(
                Diagnostic::error(
                    "bad-measurement",
                    file,
                    pos_of("value"),
                    format!("measurement value {} is not a percentage", m.value),
                )
                .with_hint("give values in percent, between 0 and 100"),
            );
        }
        for r in m.relaxes.iter().filter(|r| cx.registry.get(r).is_none()) {
            let ids = cx.registry.ids();
            cx.diags.push(
                Diagnostic::error(
                    "unknown-assumption",
                    file,
                    pos_of("relaxes"),
                    format!("measurement relaxes unknown assumption `{r}`"),
                )
                .with_hint(super::suggest::hint(r, &ids)),
            );
        }
    }
}

/// A curated card backs its answers with evidence.
fn check_evidence_coverage(
    review: &Review,
    answers: &BTreeMap<String, Answer>,
    node: &Node,
    file: &Path,
    diags: &mut Diagnostics,
) {
    if review.status != ReviewStatus::Curated || answers.is_empty() {
        return;
    }
    let bare = answers.values().filter(|a| a.evidence.is_empty()).count();
    if bare > 0 {
        diags.push(
            Diagnostic::warning(
                "no-evidence",
                file,
                node.locate(&["task"]),
                format!(
                    "{bare} of {} answers carry no evidence on a curated card",
                    answers.len()
                ),
            )
            .with_hint("add `evidence:` (a quotation of at most 30 words, its `url` and a `locator`) to each answer, or mark the card `review: {status: imported}`"),
        );
    }
}

/// Source links in `provenance.sources` follow the rules of card links.
fn check_sources(p: &mut Provenance, node: &Node, file: &Path, diags: &mut Diagnostics) {
    let items = seq(node.get("provenance").and_then(|n| n.get("sources")));
    for (i, s) in p.sources.iter_mut().enumerate() {
        let Some(url) = &s.url else { continue };
        let pos = items.get(i).map_or(Pos::FILE, |n| n.locate(&["url"]));
        s.url = urls::checked(url, file, pos, diags);
    }
}

/// The items of a list node (none for anything else).
fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.kind) {
        Some(Kind::Seq(items)) => items,
        _ => &[],
    }
}

/// The card the checked file describes.
fn assemble(
    raw: CardFile,
    slug: String,
    file: &Path,
    links: crate::model::format::Links,
    answers: BTreeMap<String, Answer>,
    review: Review,
) -> Card {
    let name = raw.benchmark_name.trim().to_string();
    Card {
        slug,
        file: file.to_path_buf(),
        title: raw
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| name.clone()),
        benchmark_name: name,
        citation: raw.citation.trim().to_string(),
        reference: raw.reference,
        version: raw.version,
        intended_use: raw.intended_use_case.map(|i| i.answer.trim().to_string()),
        summary: raw.summary,
        year: raw.year,
        added: raw.added,
        domains: raw.domains,
        tags: raw.tags,
        links,
        maintainers: raw.maintainers,
        license: raw.license,
        provenance: raw.provenance,
        answers,
        measurements: raw.measurements,
        notes: raw.notes,
        abbreviation: raw.abbreviation,
        languages: raw.languages,
        data: raw.data,
        metrics: raw.metrics,
        review,
    }
}

fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
#[path = "card_tests.rs"]
mod tests;
