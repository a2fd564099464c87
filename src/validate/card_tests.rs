//! The card rules, each fed a small card.

use super::*;
use crate::validate::testing::{CARD, located, tree, with_ctx};

/// The card `text` and the diagnostics of `rule` run on it.
fn run<R>(
    text: &str,
    rule: impl FnOnce(&mut CardFile, &Node, &Path, &mut Ctx) -> R,
) -> (R, Diagnostics) {
    let node = tree(text, false);
    let mut raw: CardFile = de::from_node(&node).expect("a card");
    with_ctx(|cx| rule(&mut raw, &node, Path::new(CARD), cx))
}

const CARD_HEAD: &str = "benchmark_name: B\ncitation: C\nintended_use_case: {answer: exams}\n";

#[test]
fn required_text_is_not_blank() {
    let (_, d) = run("benchmark_name: '  '\ncitation: \"\"\n", |r, n, f, cx| {
        check_required_text(r, n, f, &mut cx.diags)
    });
    assert_eq!(
        located(&d),
        [("empty-value", 1, 17), ("empty-value", 2, 11)]
    );
    assert_eq!(
        d.iter().next().unwrap().message,
        "`benchmark_name` is empty"
    );
}

#[test]
fn intended_use_is_required_and_not_blank() {
    let rule = |r: &mut CardFile, n: &Node, f: &Path, cx: &mut Ctx| {
        check_intended_use(r, n, f, &mut cx.diags)
    };
    let (_, d) = run("benchmark_name: B\ncitation: C\n", rule);
    assert_eq!(located(&d), [("upstream-required", 1, 1)]);
    let text = "benchmark_name: B\ncitation: C\nintended_use_case:\n  answer: ' '\n";
    assert_eq!(located(&run(text, rule).1), [("empty-value", 4, 11)]);
    assert!(run(CARD_HEAD, rule).1.is_empty());
}

#[test]
fn the_legacy_deployment_alias_is_read_with_a_warning() {
    let rule = |r: &mut CardFile, n: &Node, f: &Path, cx: &mut Ctx| {
        deployment_context(r, n, f, &mut cx.diags)
    };
    let text = "benchmark_name: B\ncitation: C\nintended_use_case:\n  answer: a\n  holds_at_deployment: Clinic\n";
    let (dc, d) = run(text, rule);
    assert_eq!(dc.as_deref(), Some("Clinic"));
    assert_eq!(located(&d), [("legacy-alias", 5, 24)]);
    let both = format!("{text}  deployment_context: ward\n");
    assert_eq!(run(&both, rule).0.as_deref(), Some("ward"));
    let (dc, d) = run(CARD_HEAD, rule);
    assert!(dc.is_none() && d.is_empty());
}

#[test]
fn years_are_plausible() {
    let text = format!("{CARD_HEAD}year: 1800\n");
    let (_, d) = run(&text, |r, n, f, cx| check_year(r.year, n, f, &mut cx.diags));
    assert_eq!(located(&d), [("bad-year", 4, 7)]);
    let text = format!("{CARD_HEAD}year: 2024\n");
    assert!(
        run(&text, |r, n, f, cx| check_year(r.year, n, f, &mut cx.diags))
            .1
            .is_empty()
    );
}

#[test]
fn measurements_are_percentages_relaxing_known_assumptions() {
    let text = format!(
        "{CARD_HEAD}measurements:\n  - {{label: a, value: 50, relaxes: [interaction_type]}}\n  \
         - label: b\n    value: 120\n    relaxes: [interaction_typ]\n"
    );
    let (_, d) = run(&text, |r, n, f, cx| check_measurements(r, n, f, cx));
    assert_eq!(
        located(&d),
        [("bad-measurement", 7, 12), ("unknown-assumption", 8, 14)]
    );
    assert!(
        d.iter()
            .nth(1)
            .unwrap()
            .hint
            .as_deref()
            .unwrap()
            .contains("interaction_type")
    );
}

#[test]
fn curated_answers_need_evidence() {
    let answer = "task:\n  interaction_type: {answer: single-turn}\n";
    let rule = |r: &mut CardFile, n: &Node, f: &Path, cx: &mut Ctx| {
        let (answers, _) = collect_answers(r, n, "t", f, cx);
        let review = r.review.take().unwrap_or_default();
        check_evidence_coverage(&review, &answers, n, f, &mut cx.diags);
    };
    let (_, d) = run(&format!("{CARD_HEAD}{answer}"), rule);
    assert_eq!(located(&d), [("no-evidence", 5, 3)]);
    assert_eq!(
        d.iter().next().unwrap().message,
        "1 of 1 answers carry no evidence on a curated card"
    );
    let imported = format!("{CARD_HEAD}review: {{status: imported}}\n{answer}");
    assert!(run(&imported, rule).1.is_empty());
}

#[test]
fn source_links_are_checked_and_mended() {
    let text = format!(
        "{CARD_HEAD}provenance:\n  sources:\n    - {{title: a, url: 'javascript:x'}}\n    \
         - {{title: b, url: example.org/b}}\n    - {{title: c}}\n"
    );
    let (p, d) = run(&text, |r, n, f, cx| {
        let mut p = r.provenance.take().unwrap();
        check_sources(&mut p, n, f, &mut cx.diags);
        p
    });
    assert_eq!(located(&d), [("bad-link", 6, 23), ("bad-link", 7, 23)]);
    let urls: Vec<_> = p.sources.iter().map(|s| s.url.as_deref()).collect();
    assert_eq!(urls, [None, Some("https://example.org/b"), None]);
}

#[test]
fn slugs_are_lowercase_words() {
    let mut d = Diagnostics::default();
    check_slug("My Card", Path::new(CARD), &mut d);
    assert_eq!(located(&d), [("bad-slug", 0, 0)]);
    assert!(
        d.iter()
            .next()
            .unwrap()
            .hint
            .as_deref()
            .unwrap()
            .contains("`my-card.yaml`")
    );
    assert!(is_valid_slug("medqa-2") && !is_valid_slug("-x") && !is_valid_slug(""));
}
