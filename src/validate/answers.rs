//! A card's answers under `task:` and `outcome:`: known ids in the right
//! section, categories from the vocabulary, evidence and departures checked,
//! and inline `holds_at_deployment` verdicts set aside for their context.

use super::card::InlineVerdict;
use super::{Ctx, evidence, verdict};
use crate::diagnostic::{Diagnostic, Pos};
use crate::load::Node;
use crate::model::format::{AnswerFile, CardFile};
use crate::model::registry::Assumption;
use crate::model::{Answer, AssumptionKind, Origin};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The values the upstream schema allows for `interaction_type.answer`.
const UPSTREAM_INTERACTION: &[&str] = &[
    "single-turn",
    "multi-turn",
    "both",
    "single-turn (single-shot)",
];

/// The card's answers by assumption id, and its inline verdicts.
pub fn collect_answers(
    raw: &mut CardFile,
    node: &Node,
    slug: &str,
    file: &Path,
    cx: &mut Ctx,
) -> (BTreeMap<String, Answer>, Vec<InlineVerdict>) {
    let mut answers = BTreeMap::new();
    let mut inline = Vec::new();
    let shared_file: Arc<Path> = file.into();
    for (kind, section) in [
        (AssumptionKind::Task, std::mem::take(&mut raw.task)),
        (AssumptionKind::Outcome, std::mem::take(&mut raw.outcome)),
    ] {
        let section_node = node.get(kind.as_str());
        for (id, a) in section {
            let entry = section_node.and_then(|s| s.entry(&id));
            let key_pos = entry.map_or(Pos::FILE, |(k, _)| k.pos);
            let Some(def) = check_assumption(&id, kind, key_pos, file, cx) else {
                continue;
            };
            let at = entry.map(|(_, v)| v);
            let (answer, holds) = read_answer(def, a, at, file, cx);
            if let Some(text) = holds {
                let pos = at.map_or(Pos::FILE, |n| n.locate(&["holds_at_deployment"]));
                let (v, reason) = verdict::parse(&text);
                let v = verdict::or_unknown(v, "`holds_at_deployment`", file, pos, &mut cx.diags);
                inline.push(InlineVerdict {
                    slug: slug.to_string(),
                    assumption: id.clone(),
                    verdict: v,
                    reason,
                    origin: Origin {
                        file: shared_file.clone(),
                        line: pos.line,
                        column: pos.column,
                    },
                });
            }
            answers.insert(id, answer);
        }
    }
    (answers, inline)
}

/// One answer (its node `at`): category resolved, evidence and departure
/// checked; with its inline `holds_at_deployment` text, if any.
fn read_answer(
    def: &Assumption,
    mut a: AnswerFile,
    at: Option<&Node>,
    file: &Path,
    cx: &mut Ctx,
) -> (Answer, Option<String>) {
    let pos_of = |key: &str| at.map_or(Pos::FILE, |n| n.locate(&[key]));
    let category = resolve_category(def, &a, pos_of, file, cx);
    evidence::check(&mut a.evidence, at, file, &mut cx.diags);
    let departs = a
        .departs
        .take()
        .filter(|d| evidence::check_departure(d, at, file, &mut cx.diags));
    let answer = Answer {
        question: a.question.unwrap_or_else(|| def.question.clone()),
        text: a.answer.trim().to_string(),
        category,
        evidence: a.evidence,
        departs,
    };
    (answer, a.holds_at_deployment)
}

/// The registry's definition of `id`, if it is an assumption of `kind`.
fn check_assumption<'r>(
    id: &str,
    kind: AssumptionKind,
    key_pos: Pos,
    file: &Path,
    cx: &mut Ctx<'r>,
) -> Option<&'r Assumption> {
    let Some(def) = cx.registry.get(id) else {
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
                super::suggest::hint(id, &ids)
            )),
        );
        return None;
    };
    if def.kind != kind {
        let article = match def.kind {
            AssumptionKind::Task => "a task",
            AssumptionKind::Outcome => "an outcome",
        };
        cx.diags.push(
            Diagnostic::error(
                "wrong-section",
                file,
                key_pos,
                format!(
                    "`{id}` is {article} assumption, but is listed under `{}`",
                    kind.as_str()
                ),
            )
            .with_hint(format!("move it under `{}:`", def.kind.as_str())),
        );
        return None;
    }
    Some(def)
}

/// The answer's category: given, checked against the vocabulary; or, for
/// `interaction_type`, inferred from the upstream enum (with a warning when
/// the answer lies outside it). `pos_of` locates a key of the answer.
fn resolve_category(
    def: &Assumption,
    a: &AnswerFile,
    pos_of: impl Fn(&str) -> Pos,
    file: &Path,
    cx: &mut Ctx,
) -> Option<String> {
    let id = def.id.as_str();
    if id == "interaction_type"
        && !UPSTREAM_INTERACTION.contains(&a.answer.trim())
        && a.category.is_none()
    {
        let inferred = infer_interaction(&a.answer);
        let values = UPSTREAM_INTERACTION.join(", ");
        cx.diags.push(
            Diagnostic::warning(
                "upstream-enum",
                file,
                pos_of("answer"),
                format!(
                    "`interaction_type.answer` \"{}\" is outside the upstream schema's values",
                    a.answer.trim()
                ),
            )
            .with_hint(match inferred {
                Some(c) => format!(
                    "read as category `{c}`; add `category: {c}` to say so, or answer one of: {values}"
                ),
                None => format!(
                    "add `category:` (single-turn, multi-turn or both), or answer one of: {values}"
                ),
            }),
        );
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
                    pos_of("category"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::de;
    use crate::model::Verdict;
    use crate::validate::testing::{CARD, located, tree, with_ctx};

    fn collect(
        body: &str,
    ) -> (
        (BTreeMap<String, Answer>, Vec<InlineVerdict>),
        crate::diagnostic::Diagnostics,
    ) {
        let node = tree(&format!("benchmark_name: B\ncitation: C\n{body}"), false);
        let mut raw: CardFile = de::from_node(&node).expect("a card");
        with_ctx(|cx| collect_answers(&mut raw, &node, "b", Path::new(CARD), cx))
    }

    #[test]
    fn ids_are_known_and_in_their_section() {
        let ((answers, _), d) = collect(
            "task:\n  query_authorship: {answer: Experts}\n  decision_mediation: {answer: x}\n  \
             query_author: {answer: y}\n",
        );
        assert_eq!(
            located(&d),
            [("wrong-section", 5, 3), ("unknown-assumption", 6, 3)]
        );
        let hint = d.iter().nth(1).unwrap().hint.clone().unwrap();
        assert!(hint.contains("query_authorship"), "{hint}");
        assert_eq!(answers.keys().collect::<Vec<_>>(), ["query_authorship"]);
        assert_eq!(answers["query_authorship"].text, "Experts");
        assert!(answers["query_authorship"].question.ends_with('?'));
    }

    #[test]
    fn categories_come_from_the_vocabulary_or_the_upstream_enum() {
        let ((answers, _), d) = collect(
            "task:\n  interaction_type:\n    answer: A conversation\n  query_authorship:\n    \
             answer: x\n    category: expert\n",
        );
        assert_eq!(
            located(&d),
            [("upstream-enum", 5, 13), ("unknown-category", 8, 15)]
        );
        assert_eq!(
            answers["interaction_type"].category.as_deref(),
            Some("multi-turn")
        );
        assert_eq!(answers["query_authorship"].category, None);
        let ((answers, _), d) = collect("task:\n  interaction_type: {answer: single-turn}\n");
        assert!(d.is_empty());
        assert_eq!(
            answers["interaction_type"].category.as_deref(),
            Some("single-turn")
        );
    }

    #[test]
    fn inline_verdicts_are_set_aside_located() {
        let ((_, inline), d) = collect(
            "outcome:\n  decision_mediation:\n    answer: x\n    holds_at_deployment: No. A person decides.\n  \
             outcome_validity:\n    answer: y\n    holds_at_deployment: Maybe\n",
        );
        assert_eq!(located(&d), [("unparsed-verdict", 9, 26)]);
        let read: Vec<_> = inline
            .iter()
            .map(|v| (v.assumption.as_str(), v.verdict, v.origin.line))
            .collect();
        assert_eq!(
            read,
            [
                ("decision_mediation", Verdict::No, 6),
                ("outcome_validity", Verdict::Unknown, 9)
            ]
        );
        assert_eq!(inline[0].reason, "A person decides.");
        assert_eq!(
            (inline[0].slug.as_str(), inline[0].origin.column),
            ("b", 26)
        );
    }

    #[test]
    fn evidence_and_departures_are_checked_in_place() {
        let ((answers, _), d) = collect(
            "task:\n  query_authorship:\n    answer: x\n    evidence:\n      - {quote: '', url: 'https://a.org'}\n    \
             departs: {from: maintainers, said: s, why: w}\n",
        );
        assert_eq!(
            located(&d),
            [("empty-value", 7, 17), ("bad-departure", 8, 21)]
        );
        let a = &answers["query_authorship"];
        assert!(a.evidence.is_empty() && a.departs.is_none());
    }

    #[test]
    fn interaction_is_read_from_free_text() {
        assert_eq!(infer_interaction("Single-turn Q&A"), Some("single-turn"));
        assert_eq!(infer_interaction("multi-turn dialogue"), Some("multi-turn"));
        assert_eq!(infer_interaction("Both"), Some("both"));
        assert_eq!(infer_interaction("single and multi"), Some("both"));
        assert_eq!(infer_interaction("exam questions"), None);
    }
}
