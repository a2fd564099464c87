//! Card files: shape (schema), then meaning (ids, categories, links, verdicts).

use super::{Ctx, evidence, urls, verdict};
use crate::diagnostic::{Diagnostic, Pos};
use crate::load::{Node, SourceFile};
use crate::model::format::{AnswerFile, CardFile, ReviewStatus};
use crate::model::{Answer, AssumptionKind, Card, Origin, Verdict};
use std::collections::BTreeMap;

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

/// The values the upstream schema allows for `interaction_type.answer`.
const UPSTREAM_INTERACTION: &[&str] = &[
    "single-turn",
    "multi-turn",
    "both",
    "single-turn (single-shot)",
];

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
    if !is_valid_slug(&slug) {
        cx.diags.push(
            Diagnostic::error(
                "bad-slug",
                file,
                Pos::FILE,
                format!("file name `{slug}` is not a valid slug"),
            )
            .with_hint(format!(
                "use lowercase letters, digits and hyphens, e.g. `{}.yaml`",
                suggest_slug(&slug)
            )),
        );
    }
    if !super::shape::ShapeChecker::new(cx.card_schema, file).check(node, &mut cx.diags) {
        return None;
    }
    let mut raw: CardFile = match serde_json::from_value(node.to_json()) {
        Ok(r) => r,
        Err(e) => {
            cx.diags.push(Diagnostic::error(
                "invalid-card",
                file,
                node.pos,
                e.to_string(),
            ));
            return None;
        }
    };
    let at = |path: &[&str]| node.locate(path);
    let shared_file: std::sync::Arc<std::path::Path> = file.into();
    let origin = |path: &[&str]| {
        let p = at(path);
        Origin {
            file: shared_file.clone(),
            line: p.line,
            column: p.column,
        }
    };

    for (field, value) in [
        ("benchmark_name", &raw.benchmark_name),
        ("citation", &raw.citation),
    ] {
        if value.trim().is_empty() {
            cx.diags.push(
                Diagnostic::error(
                    "empty-value",
                    file,
                    at(&[field]),
                    format!("`{field}` is empty"),
                )
                .with_hint(format!("`{field}` is required; fill it in")),
            );
        }
    }
    // Every card page leads with the intended use, and the upstream schema
    // requires it.
    match &raw.intended_use_case {
        None => cx.diags.push(
            Diagnostic::error("upstream-required", file, node.pos, "missing `intended_use_case` (required by the upstream BenchmarkCard schema)")
                .with_hint("add `intended_use_case:` with an `answer:` saying what the benchmark is designed to evaluate"),
        ),
        Some(iuc) if iuc.answer.trim().is_empty() => cx.diags.push(
            Diagnostic::error(
                "empty-value",
                file,
                at(&["intended_use_case", "answer"]),
                "`intended_use_case.answer` is empty",
            )
            .with_hint("say what clinical task the benchmark is designed to evaluate"),
        ),
        Some(_) => {}
    }
    let mut deployment_context = None;
    if let Some(iuc) = &raw.intended_use_case {
        deployment_context = iuc.deployment_context.clone();
        if let Some(legacy) = &iuc.holds_at_deployment {
            cx.diags.push(
                Diagnostic::warning(
                    "legacy-alias",
                    file,
                    at(&["intended_use_case", "holds_at_deployment"]),
                    "`intended_use_case.holds_at_deployment` is a legacy alias of `deployment_context`",
                )
                .with_hint("rename it to `deployment_context`"),
            );
            if deployment_context.is_none() {
                deployment_context = Some(legacy.clone());
            }
        }
    }

    let mut answers = BTreeMap::new();
    let mut inline = Vec::new();
    for (kind, section) in [
        (AssumptionKind::Task, std::mem::take(&mut raw.task)),
        (AssumptionKind::Outcome, std::mem::take(&mut raw.outcome)),
    ] {
        for (id, mut a) in section {
            let key_pos = node
                .get(kind.as_str())
                .and_then(|s| s.entry(&id))
                .map(|(k, _)| k.pos)
                .unwrap_or(Pos::FILE);
            let Some(def) = cx.registry.get(&id) else {
                let ids = cx.registry.ids();
                cx.diags.push(
                    Diagnostic::error(
                        "unknown-assumption",
                        file,
                        key_pos,
                        format!("unknown assumption `{id}` under `{}`", kind.as_str()),
                    )
                    .with_hint(format!(
                        "{} (register new assumptions in cards/_assumptions.yaml)",
                        super::suggest::hint(&id, &ids)
                    )),
                );
                continue;
            };
            if def.kind != kind {
                cx.diags.push(
                    Diagnostic::error(
                        "wrong-section",
                        file,
                        key_pos,
                        format!(
                            "`{id}` is {} assumption, but is listed under `{}`",
                            article(def.kind),
                            kind.as_str()
                        ),
                    )
                    .with_hint(format!("move it under `{}:`", def.kind.as_str())),
                );
                continue;
            }
            let path = [kind.as_str(), id.as_str()];
            let category = resolve_category(src, node, &path, &id, &a, cx);
            let answer_node = node.get(kind.as_str()).and_then(|s| s.get(&id));
            evidence::check(&mut a.evidence, answer_node, file, &mut cx.diags);
            let departs = a
                .departs
                .take()
                .filter(|d| evidence::check_departure(d, answer_node, file, &mut cx.diags));
            if let Some(h) = &a.holds_at_deployment {
                let (v, reason) = verdict::parse(h);
                let p = at(&[kind.as_str(), &id, "holds_at_deployment"]);
                let v = v.unwrap_or_else(|| {
                    cx.diags.push(
                        Diagnostic::warning("unparsed-verdict", file, p, "`holds_at_deployment` does not start with Yes, Partially or No; read as unknown")
                            .with_hint("begin with the verdict, e.g. \"No. Patients write their own queries.\""),
                    );
                    Verdict::Unknown
                });
                inline.push(InlineVerdict {
                    slug: slug.clone(),
                    assumption: id.clone(),
                    verdict: v,
                    reason,
                    origin: origin(&[kind.as_str(), &id, "holds_at_deployment"]),
                });
            }
            answers.insert(
                id.clone(),
                Answer {
                    question: a.question.take().unwrap_or_else(|| def.question.clone()),
                    text: a.answer.trim().to_string(),
                    category,
                    evidence: a.evidence,
                    departs,
                },
            );
        }
    }

    let mut link_map = raw.links.clone().unwrap_or_default();
    urls::check_links(&mut link_map, node, file, &mut cx.diags);
    if let Some(y) = raw.year
        && !(1900..=2100).contains(&y)
    {
        cx.diags.push(
            Diagnostic::error(
                "bad-year",
                file,
                at(&["year"]),
                format!("year {y} is out of range"),
            )
            .with_hint("give the benchmark's publication year, e.g. 2024"),
        );
    }
    for (i, m) in raw.measurements.iter().enumerate() {
        let item = node.get("measurements").and_then(|s| match &s.kind {
            crate::load::Kind::Seq(items) => items.get(i),
            _ => None,
        });
        let pos_of = |k: &str| item.map(|n| n.locate(&[k])).unwrap_or(Pos::FILE);
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
        for r in &m.relaxes {
            if cx.registry.get(r).is_none() {
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

    let review = raw.review.take().unwrap_or_default();
    if review.status == ReviewStatus::Curated && !answers.is_empty() {
        let bare = answers.values().filter(|a| a.evidence.is_empty()).count();
        if bare > 0 {
            cx.diags.push(
                Diagnostic::warning(
                    "no-evidence",
                    file,
                    at(&["task"]),
                    format!(
                        "{bare} of {} answers carry no evidence on a curated card",
                        answers.len()
                    ),
                )
                .with_hint("add `evidence:` (a quotation of at most 30 words, its `url` and a `locator`) to each answer, or mark the card `review: {status: imported}`"),
            );
        }
    }
    let mut provenance = raw.provenance;
    if let Some(p) = &mut provenance {
        check_sources(p, node, file, &mut cx.diags);
    }
    let name = raw.benchmark_name.trim().to_string();
    Some(CardParts {
        card: Card {
            slug,
            file: file.to_path_buf(),
            title: raw
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| name.clone()),
            benchmark_name: name,
            citation: raw.citation.trim().to_string(),
            version: raw.version,
            intended_use: raw.intended_use_case.map(|i| i.answer.trim().to_string()),
            summary: raw.summary,
            year: raw.year,
            added: raw.added,
            domains: raw.domains,
            tags: raw.tags,
            links: link_map,
            maintainers: raw.maintainers,
            license: raw.license,
            provenance,
            answers,
            measurements: raw.measurements,
            notes: raw.notes,
            abbreviation: raw.abbreviation,
            languages: raw.languages,
            data: raw.data,
            metrics: raw.metrics,
            review,
        },
        deployment_context,
        inline,
    })
}

/// Source links in `provenance.sources` follow the rules of card links.
fn check_sources(
    p: &mut crate::model::format::Provenance,
    node: &Node,
    file: &std::path::Path,
    diags: &mut crate::diagnostic::Diagnostics,
) {
    let items: Vec<&Node> = match node
        .get("provenance")
        .and_then(|n| n.get("sources"))
        .map(|n| &n.kind)
    {
        Some(crate::load::Kind::Seq(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    for (i, s) in p.sources.iter_mut().enumerate() {
        let Some(url) = &s.url else { continue };
        let pos = items
            .get(i)
            .map(|n| n.locate(&["url"]))
            .unwrap_or(Pos::FILE);
        match urls::check_url(url) {
            Ok(fixed) => s.url = Some(fixed),
            Err((is_error, msg, hint)) => {
                s.url = (!is_error).then(|| format!("https://{}", url.trim()));
                diags.push(if is_error {
                    Diagnostic::error("bad-link", file, pos, msg).with_hint(hint)
                } else {
                    Diagnostic::warning("bad-link", file, pos, msg).with_hint(hint)
                });
            }
        }
    }
}

fn article(kind: AssumptionKind) -> &'static str {
    match kind {
        AssumptionKind::Task => "a task",
        AssumptionKind::Outcome => "an outcome",
    }
}

/// The answer's category: given, checked against the vocabulary; or, for
/// `interaction_type`, inferred from the upstream enum (with a warning when
/// the answer lies outside it).
fn resolve_category(
    src: &SourceFile,
    node: &Node,
    path: &[&str; 2],
    id: &str,
    a: &AnswerFile,
    cx: &mut Ctx,
) -> Option<String> {
    let file = src.rel.as_path();
    let def = cx.registry.get(id)?;
    if id == "interaction_type"
        && !UPSTREAM_INTERACTION.contains(&a.answer.trim())
        && a.category.is_none()
    {
        let inferred = infer_interaction(&a.answer);
        let mut d = Diagnostic::warning(
            "upstream-enum",
            file,
            node.locate(&[path[0], path[1], "answer"]),
            format!(
                "`interaction_type.answer` \"{}\" is outside the upstream schema's values",
                a.answer.trim()
            ),
        );
        d = d.with_hint(match inferred {
            Some(c) => format!(
                "read as category `{c}`; add `category: {c}` to say so, or answer one of: {}",
                UPSTREAM_INTERACTION.join(", ")
            ),
            None => format!(
                "add `category:` (single-turn, multi-turn or both), or answer one of: {}",
                UPSTREAM_INTERACTION.join(", ")
            ),
        });
        cx.diags.push(d);
        return inferred.map(str::to_string);
    }
    match &a.category {
        Some(c) if def.categories.is_empty() || def.category(c).is_some() => Some(c.clone()),
        Some(c) => {
            let ids: Vec<&str> = def.categories.iter().map(|c| c.id.as_str()).collect();
            cx.diags.push(
                Diagnostic::error(
                    "unknown-category",
                    file,
                    node.locate(&[path[0], path[1], "category"]),
                    format!("unknown category `{c}` for `{id}`"),
                )
                .with_hint(super::suggest::hint(c, &ids)),
            );
            None
        }
        None if id == "interaction_type" => infer_interaction(&a.answer).map(str::to_string),
        None => None,
    }
}

/// Reads single/multi-turn from free text.
pub fn infer_interaction(answer: &str) -> Option<&'static str> {
    let t = answer.to_lowercase();
    let single = t.contains("single") || t.contains("one-shot") || t.contains("one turn");
    let multi = t.contains("multi") || t.contains("conversation");
    match (single, multi || t.trim() == "both") {
        (true, true) => Some("both"),
        (true, false) => Some("single-turn"),
        (false, true) => Some(if t.trim() == "both" {
            "both"
        } else {
            "multi-turn"
        }),
        _ => None,
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
