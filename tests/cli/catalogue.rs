//! The bundled catalogue: the domain facts later features depend on.

use crate::support::*;
use cardsite::model::Verdict;

const REQUIRED: &[&str] = &[
    "medqa",
    "medmcqa",
    "pubmedqa",
    "mmlu-clinical",
    "multimedqa",
    "healthbench",
    "medhelm",
    "craft-md",
    "agentclinic",
    "medalign",
    "mediq",
    "medcalc-bench",
    "medqa-cs",
    "mimic-iv-cdm",
    "bean-2026",
];
const ASSUMPTIONS: &[&str] = &[
    "query_authorship",
    "information_completeness",
    "interaction_type",
    "decision_mediation",
    "outcome_validity",
];

#[test]
fn catalogue_is_complete_cited_and_assessed_in_both_contexts() {
    let checked = cardsite::check::check(&repo());
    assert!(
        !checked.diagnostics.has_errors(),
        "{:#?}",
        checked.diagnostics
    );
    assert_eq!(
        checked.diagnostics.warning_count(),
        0,
        "{:#?}",
        checked.diagnostics
    );
    let cat = &checked.catalogue;
    for slug in REQUIRED {
        assert!(cat.card(slug).is_some(), "missing card {slug}");
    }
    for card in &cat.cards {
        assert!(
            card.links
                .paper
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            "{}: no source link",
            card.slug
        );
        assert!(
            card.citation.len() > 20,
            "{}: citation too short",
            card.slug
        );
        assert!(
            card.summary.is_some() && card.year.is_some() && card.added.is_some(),
            "{}",
            card.slug
        );
        assert!(
            !card.domains.is_empty() && card.provenance.is_some(),
            "{}",
            card.slug
        );
        for a in ASSUMPTIONS {
            assert!(
                card.answers.contains_key(*a),
                "{}: no answer for {a}",
                card.slug
            );
        }
    }
    for ctx_id in ["patient-assistant", "clinician-support"] {
        let ctx = cat
            .context(ctx_id)
            .unwrap_or_else(|| panic!("context {ctx_id}"));
        assert!(ctx.assessor.is_some() && ctx.assessed.is_some());
        for card in &cat.cards {
            for a in ASSUMPTIONS {
                let cell = ctx
                    .assessment(&card.slug, a)
                    .unwrap_or_else(|| panic!("{ctx_id}: {} / {a} not assessed", card.slug));
                assert!(
                    !cell.reason.is_empty(),
                    "{ctx_id}: {} / {a} has no reason",
                    card.slug
                );
            }
        }
    }
}

#[test]
fn the_papers_cards_carry_the_papers_verdicts() {
    let cat = cardsite::check::check(&repo()).catalogue;
    let verdicts = |ctx: &str, slug: &str| -> Vec<Verdict> {
        ASSUMPTIONS
            .iter()
            .map(|a| {
                cat.context(ctx)
                    .unwrap()
                    .assessment(slug, a)
                    .unwrap()
                    .verdict
            })
            .collect()
    };
    use Verdict::*;
    // Table 2: Bean et al., patients as users.
    assert_eq!(
        verdicts("patient-assistant", "bean-2026"),
        [No, Partially, No, No, No]
    );
    // Appendix Table 3: licensing exams (MedQA) against Hager et al.'s clinical deployment.
    assert_eq!(
        verdicts("clinician-support", "medqa"),
        [Partially, No, No, No, No]
    );
    // HealthBench follows its paper (single- and multi-turn), not the upstream card.
    assert_eq!(
        cat.card("healthbench").unwrap().answers["interaction_type"]
            .category
            .as_deref(),
        Some("both")
    );
}

#[test]
fn bean_measurements_and_their_drops() {
    let cat = cardsite::check::check(&repo()).catalogue;
    let m = &cat.card("bean-2026").unwrap().measurements;
    let values: Vec<f64> = m.iter().map(|s| s.value).collect();
    assert_eq!(values, [94.67, 82.83, 64.17, 34.00]);
    assert!(m.iter().all(|s| s.n == Some(600) && s.source.is_some()));
    let drops: Vec<String> = values
        .windows(2)
        .map(|w| format!("{:.1}", w[0] - w[1]))
        .collect();
    assert_eq!(drops, ["11.8", "18.7", "30.2"]);
    assert_eq!(format!("{:.1}", values[0] - values[2]), "30.5");
    assert_eq!(m[2].relaxes, ["interaction_type"]);
    assert!(m[3].relaxes.contains(&"decision_mediation".to_string()));
    // The built page shows them.
    let out = tempfile::tempdir().unwrap();
    let o = build_site(&repo(), out.path(), &[]);
    assert_eq!(code(&o), 0);
    let html = std::fs::read_to_string(out.path().join("benchmarks/bean-2026/index.html")).unwrap();
    for s in ["94.7", "82.8", "64.2", "34.0", "11.8", "18.7", "30.2"] {
        assert!(html.contains(&format!(">{s}<")), "{s} missing");
    }
}
