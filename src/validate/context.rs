//! Context files (`cards/contexts/<id>.yaml`): the practitioner half.

use super::{Ctx, evidence, verdict};
use crate::diagnostic::{Diagnostic, Pos};
use crate::load::{Kind, Node, SourceFile};
use crate::model::format::Assessor;
use crate::model::format::{ContextFile, VerdictFile};
use crate::model::{
    Assessment, AssessmentDetail, Context, ContextSource, Origin, Verdict, Verdicts,
};
use std::collections::BTreeMap;

/// Checks the shape and assumption ids; card slugs are checked once every
/// card is known (see [`check_slugs`]).
pub fn validate(src: &SourceFile, node: &Node, cx: &mut Ctx) -> Option<Context> {
    let file = src.rel.as_path();
    let id = src.stem();
    if !super::card::is_valid_slug(&id) {
        cx.diags.push(
            Diagnostic::error(
                "bad-slug",
                file,
                Pos::FILE,
                format!("context id `{id}` is not valid"),
            )
            .with_hint("name context files with lowercase letters, digits and hyphens"),
        );
    }
    if !super::shape::ShapeChecker::new(cx.context_schema, file).check(node, &mut cx.diags) {
        return None;
    }
    // The header fields via serde; the (possibly huge) assessments are read
    // straight from the tree below.
    let header = Node {
        pos: node.pos,
        kind: Kind::Map(
            node.entries()
                .iter()
                .filter(|(k, _)| k.as_str() != Some("assessments"))
                .cloned()
                .collect(),
        ),
    };
    let raw: ContextFile = match serde_json::from_value(header.to_json()) {
        Ok(r) => r,
        Err(e) => {
            cx.diags.push(Diagnostic::error(
                "invalid-context",
                file,
                node.pos,
                e.to_string(),
            ));
            return None;
        }
    };
    let ids = cx.registry.ids();
    for (aid, cat) in &raw.profile {
        let key = node.get("profile").and_then(|p| p.entry(aid));
        let Some(def) = cx.registry.get(aid) else {
            cx.diags.push(
                Diagnostic::error(
                    "unknown-assumption",
                    file,
                    key.map(|k| k.0.pos).unwrap_or(Pos::FILE),
                    format!("unknown assumption `{aid}` in `profile`"),
                )
                .with_hint(super::suggest::hint(aid, &ids)),
            );
            continue;
        };
        if !def.categories.is_empty() && def.category(cat).is_none() {
            let cats: Vec<&str> = def.categories.iter().map(|c| c.id.as_str()).collect();
            cx.diags.push(
                Diagnostic::error(
                    "unknown-category",
                    file,
                    key.map(|k| k.1.pos).unwrap_or(Pos::FILE),
                    format!("unknown category `{cat}` for `{aid}`"),
                )
                .with_hint(super::suggest::hint(cat, &cats)),
            );
        }
    }
    let mut assessments: BTreeMap<String, Verdicts> = BTreeMap::new();
    let shared_file: std::sync::Arc<std::path::Path> = file.into();
    // Walk the located tree (not map lookups) so large contexts stay linear.
    let section = node.get("assessments").map(Node::entries).unwrap_or(&[]);
    for (slug_key, slug_node) in section {
        let slug = slug_key.key_text();
        for (cell_key, cell_node) in slug_node.entries() {
            let aid = cell_key.key_text();
            let v = match (
                &cell_node.kind,
                cell_node.get("verdict").and_then(Node::as_str),
            ) {
                (Kind::Str(t), _) => VerdictFile::Text(t.clone()),
                (Kind::Map(_), Some(_)) => match serde_json::from_value(cell_node.to_json()) {
                    Ok(v) => v,
                    Err(e) => {
                        cx.diags.push(Diagnostic::error(
                            "invalid-context",
                            file,
                            cell_node.pos,
                            e.to_string(),
                        ));
                        continue;
                    }
                },
                _ => continue, // the shape check has reported it
            };
            let (key_pos, val_pos) = (cell_key.pos, cell_node.pos);
            if cx.registry.get(&aid).is_none() {
                cx.diags.push(
                    Diagnostic::error(
                        "unknown-assumption",
                        file,
                        key_pos,
                        format!("unknown assumption `{aid}` in the assessment of `{slug}`"),
                    )
                    .with_hint(super::suggest::hint(&aid, &ids)),
                );
                continue;
            }
            let (parsed, reason, assessor, detail) = match v {
                VerdictFile::Text(t) => {
                    let (v, r) = verdict::parse(&t);
                    (v, r, Assessor::Maintainers, None)
                }
                VerdictFile::Structured {
                    verdict: w,
                    reason,
                    assessor,
                    locator,
                    mut evidence,
                    departs,
                } => {
                    evidence::check(&mut evidence, Some(cell_node), file, &mut cx.diags);
                    let departs = departs.filter(|d| {
                        evidence::check_departure(d, Some(cell_node), file, &mut cx.diags)
                    });
                    let assessor = assessor.unwrap_or_default();
                    if assessor == Assessor::Paper && locator.is_none() {
                        cx.diags.push(
                            Diagnostic::warning(
                                "no-locator",
                                file,
                                val_pos,
                                format!("the paper's verdict for `{slug}` / `{aid}` does not say where the paper gives it"),
                            )
                            .with_hint("add `locator:`, e.g. \"Table 2\""),
                        );
                    }
                    let detail = (locator.is_some() || !evidence.is_empty() || departs.is_some())
                        .then(|| {
                            Box::new(AssessmentDetail {
                                locator,
                                evidence,
                                departs,
                            })
                        });
                    (
                        verdict::parse_word(&w),
                        reason.unwrap_or_default(),
                        assessor,
                        detail,
                    )
                }
            };
            let verdict = parsed.unwrap_or_else(|| {
                cx.diags.push(
                    Diagnostic::warning(
                        "unparsed-verdict",
                        file,
                        val_pos,
                        "verdict does not start with Yes, Partially or No; read as unknown",
                    )
                    .with_hint(
                        "begin with the verdict, e.g. \"No. Patients write their own queries.\"",
                    ),
                );
                Verdict::Unknown
            });
            if reason.trim().is_empty() {
                cx.diags.push(
                    Diagnostic::warning(
                        "missing-reason",
                        file,
                        val_pos,
                        format!("verdict for `{slug}` / `{aid}` gives no reason"),
                    )
                    .with_hint(
                        "add one sentence saying why, e.g. \"No. Deployment is multi-turn.\"",
                    ),
                );
            }
            assessments.entry(slug.clone()).or_default().insert(
                aid.clone(),
                Assessment {
                    verdict,
                    reason: reason.trim().to_string(),
                    assessor,
                    detail,
                    origin: Origin {
                        file: shared_file.clone(),
                        line: val_pos.line,
                        column: val_pos.column,
                    },
                },
            );
        }
    }
    Some(Context {
        id,
        name: raw.name.trim().to_string(),
        description: raw.description,
        assessor: raw.assessor,
        assessed: raw.assessed,
        source: ContextSource::File,
        file: Some(file.to_path_buf()),
        profile: raw.profile,
        assessments,
    })
}

/// Reports assessments of benchmarks that have no card (`slugs` sorted).
pub fn check_slugs(ctx: &Context, node: &Node, slugs: &[&str], cx: &mut Ctx) {
    let Some(file) = &ctx.file else { return };
    // Each suggestion scans every slug: offer them for the first few only.
    let mut suggestions = 20usize;
    for (key, _) in node.get("assessments").map(Node::entries).unwrap_or(&[]) {
        let slug = key.key_text();
        if slugs.binary_search(&slug.as_str()).is_ok() {
            continue;
        }
        let close = if suggestions > 0 {
            suggestions -= 1;
            super::suggest::closest(&slug, slugs.iter().copied())
        } else {
            None
        };
        cx.diags.push(
            Diagnostic::error(
                "unknown-benchmark",
                file,
                key.pos,
                format!("no card named `{slug}` to assess"),
            )
            .with_hint(match close {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("add cards/{slug}.yaml, or remove this assessment"),
            }),
        );
    }
}
