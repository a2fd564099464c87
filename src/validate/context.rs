//! Context files (`cards/contexts/<id>.yaml`): the practitioner half.

use super::{Ctx, evidence, verdict};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{Kind, Node, SourceFile, de};
use crate::model::format::{Assessor, ContextFile, VerdictFile};
use crate::model::{
    Assessment, AssessmentDetail, Context, ContextSource, Origin, Verdict, Verdicts,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

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
    let raw: ContextFile = match de::from_node_without(node, &["assessments"]) {
        Ok(r) => r,
        Err(e) => {
            let pos = e.pos.unwrap_or(node.pos);
            cx.diags
                .push(Diagnostic::error("invalid-context", file, pos, e.message));
            return None;
        }
    };
    check_profile(&raw.profile, node, file, cx);
    let assessments = read_assessments(node, file, cx);
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

/// The profile names known assumptions, and categories from their vocabulary.
fn check_profile(profile: &BTreeMap<String, String>, node: &Node, file: &Path, cx: &mut Ctx) {
    for (aid, cat) in profile {
        let key = node.get("profile").and_then(|p| p.entry(aid));
        let Some(def) = cx.registry.get(aid) else {
            cx.diags.push(
                Diagnostic::error(
                    "unknown-assumption",
                    file,
                    key.map_or(Pos::FILE, |k| k.0.pos),
                    format!("unknown assumption `{aid}` in `profile`"),
                )
                .with_hint(super::suggest::hint(aid, &cx.registry.ids())),
            );
            continue;
        };
        if !def.categories.is_empty() && def.category(cat).is_none() {
            let cats: Vec<&str> = def.categories.iter().map(|c| c.id.as_str()).collect();
            cx.diags.push(
                Diagnostic::error(
                    "unknown-category",
                    file,
                    key.map_or(Pos::FILE, |k| k.1.pos),
                    format!("unknown category `{cat}` for `{aid}`"),
                )
                .with_hint(super::suggest::hint(cat, &cats)),
            );
        }
    }
}

/// Every verdict under `assessments`, by benchmark slug. Walks the located
/// tree (not map lookups) so that large contexts stay linear.
fn read_assessments(node: &Node, file: &Path, cx: &mut Ctx) -> BTreeMap<String, Verdicts> {
    let mut assessments: BTreeMap<String, Verdicts> = BTreeMap::new();
    let shared_file: Arc<Path> = file.into();
    let section = node.get("assessments").map(Node::entries).unwrap_or(&[]);
    for (slug_key, slug_node) in section {
        let slug = slug_key.key_text();
        for (cell_key, cell_node) in slug_node.entries() {
            let aid = cell_key.key_text();
            let cell = Cell {
                slug: &slug,
                aid: &aid,
                node: cell_node,
                file,
            };
            if let Some(a) = cell.read(cell_key.pos, &shared_file, cx) {
                assessments.entry(slug.clone()).or_default().insert(aid, a);
            }
        }
    }
    assessments
}

/// One verdict: benchmark `slug`, assumption `aid`.
struct Cell<'a> {
    slug: &'a str,
    aid: &'a str,
    node: &'a Node,
    file: &'a Path,
}

impl Cell<'_> {
    /// The assessment, unless the cell is malformed (reported here or by the
    /// shape check) or names an unknown assumption.
    fn read(&self, key_pos: Pos, shared_file: &Arc<Path>, cx: &mut Ctx) -> Option<Assessment> {
        let (parsed, reason, assessor, detail) = match &self.node.kind {
            Kind::Str(t) => {
                self.check_assumption(key_pos, cx)?;
                text_parts(t)
            }
            Kind::Map(_) if self.node.get("verdict").and_then(Node::as_str).is_some() => {
                let v = self.structured(cx)?;
                self.check_assumption(key_pos, cx)?;
                self.parts(v, &mut cx.diags)
            }
            _ => return None, // the shape check has reported it
        };
        let pos = self.node.pos;
        let verdict = verdict::or_unknown(parsed, "verdict", self.file, pos, &mut cx.diags);
        self.check_reason(&reason, &mut cx.diags);
        Some(Assessment {
            verdict,
            reason: reason.trim().to_string(),
            assessor,
            detail,
            origin: Origin {
                file: shared_file.clone(),
                line: pos.line,
                column: pos.column,
            },
        })
    }

    /// A structured verdict's fields, via serde.
    fn structured(&self, cx: &mut Ctx) -> Option<VerdictFile> {
        de::from_node(self.node)
            .map_err(|e| {
                let pos = e.pos.unwrap_or(self.node.pos);
                cx.diags.push(Diagnostic::error(
                    "invalid-context",
                    self.file,
                    pos,
                    e.message,
                ));
            })
            .ok()
    }

    fn check_assumption(&self, key_pos: Pos, cx: &mut Ctx) -> Option<()> {
        if cx.registry.get(self.aid).is_some() {
            return Some(());
        }
        let (aid, slug) = (self.aid, self.slug);
        cx.diags.push(
            Diagnostic::error(
                "unknown-assumption",
                self.file,
                key_pos,
                format!("unknown assumption `{aid}` in the assessment of `{slug}`"),
            )
            .with_hint(super::suggest::hint(aid, &cx.registry.ids())),
        );
        None
    }

    /// A verdict's parts; a structured one's evidence and departure checked.
    fn parts(&self, v: VerdictFile, diags: &mut Diagnostics) -> Parts {
        let (word, reason, assessor, locator, mut evidence, departs) = match v {
            VerdictFile::Text(t) => return text_parts(&t),
            VerdictFile::Structured {
                verdict,
                reason,
                assessor,
                locator,
                evidence,
                departs,
            } => (verdict, reason, assessor, locator, evidence, departs),
        };
        let (file, at) = (self.file, Some(self.node));
        evidence::check(&mut evidence, at, file, diags);
        let departs = departs.filter(|d| evidence::check_departure(d, at, file, diags));
        let assessor = assessor.unwrap_or_default();
        if assessor == Assessor::Paper && locator.is_none() {
            let (slug, aid) = (self.slug, self.aid);
            diags.push(
                Diagnostic::warning(
                    "no-locator",
                    file,
                    self.node.pos,
                    format!("the paper's verdict for `{slug}` / `{aid}` does not say where the paper gives it"),
                )
                .with_hint("add `locator:`, e.g. \"Table 2\""),
            );
        }
        let detail = (locator.is_some() || !evidence.is_empty() || departs.is_some()).then(|| {
            Box::new(AssessmentDetail {
                locator,
                evidence,
                departs,
            })
        });
        let reason = reason.unwrap_or_default();
        (verdict::parse_word(&word), reason, assessor, detail)
    }

    fn check_reason(&self, reason: &str, diags: &mut Diagnostics) {
        if reason.trim().is_empty() {
            let (slug, aid) = (self.slug, self.aid);
            diags.push(
                Diagnostic::warning(
                    "missing-reason",
                    self.file,
                    self.node.pos,
                    format!("verdict for `{slug}` / `{aid}` gives no reason"),
                )
                .with_hint("add one sentence saying why, e.g. \"No. Deployment is multi-turn.\""),
            );
        }
    }
}

/// "No. Deployment is multi-turn.": the maintainers' verdict and reason.
fn text_parts(text: &str) -> Parts {
    let (v, r) = verdict::parse(text);
    (v, r, Assessor::Maintainers, None)
}

/// A verdict as read: the verdict (if recognised), reason, assessor, detail.
type Parts = (
    Option<Verdict>,
    String,
    Assessor,
    Option<Box<AssessmentDetail>>,
);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceKind;
    use crate::validate::testing::{located, tree, with_ctx, with_schema};

    const FILE: &str = "cards/contexts/clinic.yaml";

    /// `text` validated as a context file, with the shape check.
    fn context(text: &str) -> (Option<Context>, Diagnostics) {
        let src = SourceFile {
            kind: SourceKind::Context,
            rel: FILE.into(),
            text: text.into(),
            reread: None,
        };
        let node = tree(text, true);
        let schema = crate::model::schema::context_schema();
        with_schema(&schema, |cx| validate(&src, &node, cx))
    }

    #[test]
    fn the_header_is_read_without_the_assessments() {
        let (c, d) = context(
            "name: ' Clinic '\nassessed: 2026-01-02\nassessments:\n  medqa: {interaction_type: No. Multi-turn.}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!((c.id.as_str(), c.name.as_str()), ("clinic", "Clinic"));
        assert_eq!(c.assessed.as_deref(), Some("2026-01-02"));
        let a = c.assessment("medqa", "interaction_type").unwrap();
        assert_eq!((a.verdict, a.reason.as_str()), (Verdict::No, "Multi-turn."));
        assert_eq!((a.origin.line, a.origin.column), (4, 29));
    }

    #[test]
    fn the_profile_names_known_assumptions_and_categories() {
        let node = tree(
            "name: C\nprofile:\n  interaction_type: multi\n  query_author: lay-users\n",
            true,
        );
        let raw: ContextFile = de::from_node(&node).unwrap();
        let (_, d) = with_ctx(|cx| check_profile(&raw.profile, &node, Path::new(FILE), cx));
        // In id order: `interaction_type` before `query_author`.
        assert_eq!(
            located(&d),
            [("unknown-category", 3, 21), ("unknown-assumption", 4, 3)]
        );
    }

    #[test]
    fn each_cell_is_checked_where_it_stands() {
        let text = "name: C\nassessments:\n  medqa:\n    interaction_type: Maybe\n    \
            query_authorship: 'No.'\n    made_up: Yes. Fine.\n  pubmedqa:\n    decision_mediation:\n      \
            verdict: no\n      assessor: paper\n      reason: A person decides.\n";
        let node = tree(text, true);
        let (assessments, d) = with_ctx(|cx| read_assessments(&node, Path::new(FILE), cx));
        assert_eq!(
            located(&d),
            [
                ("unparsed-verdict", 4, 23),
                ("missing-reason", 5, 23),
                ("unknown-assumption", 6, 5),
                ("no-locator", 9, 7),
            ]
        );
        assert_eq!(
            d.iter().next().unwrap().message,
            "verdict does not start with Yes, Partially or No; read as unknown"
        );
        let medqa = &assessments["medqa"];
        assert_eq!(medqa.len(), 2);
        assert_eq!(
            medqa.get("interaction_type").unwrap().verdict,
            Verdict::Unknown
        );
        assert_eq!(medqa.get("interaction_type").unwrap().reason, "Maybe");
        let paper = assessments["pubmedqa"].get("decision_mediation").unwrap();
        assert_eq!(
            (paper.verdict, paper.assessor),
            (Verdict::No, Assessor::Paper)
        );
        assert!(paper.detail.is_none());
    }

    #[test]
    fn structured_detail_is_kept_when_given() {
        let text = "name: C\nassessments:\n  medqa:\n    interaction_type:\n      verdict: partially\n      \
            reason: r\n      locator: Table 2\n      evidence: [{quote: q, url: example.org}]\n";
        let node = tree(text, true);
        let (assessments, d) = with_ctx(|cx| read_assessments(&node, Path::new(FILE), cx));
        assert_eq!(located(&d), [("bad-link", 8, 34)]);
        let a = assessments["medqa"].get("interaction_type").unwrap();
        assert_eq!(
            (a.verdict, a.locator()),
            (Verdict::Partially, Some("Table 2"))
        );
        assert_eq!(a.evidence()[0].url, "https://example.org");
    }
}
