//! `cardsite check`, `new` and `schema`.

use crate::support::*;
use serde_json::Value;

fn has(diags: &[Value], file: &str, line: u64, code: &str) -> bool {
    diags
        .iter()
        .any(|d| d["file"] == file && d["line"] == line && d["code"] == code)
}

#[test]
fn broken_site_reports_every_problem_located_in_one_run() {
    let (code, diags) = check_json(&fixture("broken"));
    assert_eq!(code, 1);
    let expected = [
        ("cards/Bad_Slug.yaml", 0, "bad-slug"),
        ("cards/bad-assumptions.yaml", 3, "bad-date"),
        ("cards/bad-assumptions.yaml", 7, "unknown-assumption"),
        ("cards/bad-assumptions.yaml", 11, "unknown-category"),
        ("cards/bad-assumptions.yaml", 12, "wrong-section"),
        ("cards/bad-assumptions.yaml", 17, "unparsed-verdict"),
        ("cards/bad-link.yaml", 6, "bad-link"),
        ("cards/bad-link.yaml", 7, "bad-link"),
        ("cards/bad-link.yaml", 8, "bad-link"),
        ("cards/contexts/ctx.yaml", 4, "unknown-category"),
        ("cards/contexts/ctx.yaml", 6, "unknown-benchmark"),
        ("cards/contexts/ctx.yaml", 10, "unknown-assumption"),
        ("cards/duplicate-key.yaml", 3, "duplicate-key"),
        ("cards/empty.yaml", 0, "empty-file"),
        ("cards/group/dup.yaml", 0, "duplicate-slug"),
        ("cards/inline.yaml", 9, "duplicate-assessment"),
        ("cards/missing-field.yaml", 1, "missing-field"),
        ("cards/missing-field.yaml", 6, "missing-field"),
        ("cards/syntax-error.yaml", 3, "yaml-syntax"),
        ("cards/unknown-field.yaml", 1, "unknown-field"),
        ("cards/wrong-type.yaml", 3, "wrong-type"),
        ("cards/wrong-type.yaml", 4, "wrong-type"),
        ("cards/wrong-type.yaml", 9, "wrong-type"),
    ];
    for (file, line, c) in expected {
        assert!(
            has(&diags, file, line, c),
            "missing {file}:{line} {c} in {diags:#?}"
        );
    }
    for d in &diags {
        for key in [
            "file", "line", "column", "severity", "code", "message", "hint",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    let find = |code: &str| diags.iter().find(|d| d["code"] == code).unwrap().clone();
    assert_eq!(
        find("unknown-field")["hint"],
        "did you mean `benchmark_name`?"
    );
    assert_eq!(find("wrong-section")["hint"], "move it under `outcome:`");
    let dup = find("duplicate-assessment");
    assert!(
        dup["message"]
            .as_str()
            .unwrap()
            .contains("cards/contexts/ctx.yaml:9"),
        "{dup}"
    );
}

#[test]
fn human_output_has_snippet_and_hint_and_github_output_annotates() {
    let root = fixture("broken");
    let o = cardsite(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("error[unknown-field]: unknown field `benchmark_nme` in a card"),
        "{err}"
    );
    assert!(err.contains("--> cards/unknown-field.yaml:1:1"), "{err}");
    assert!(err.contains("1 | benchmark_nme: \"Typo\""), "{err}");
    assert!(
        err.contains("= hint: did you mean `benchmark_name`?"),
        "{err}"
    );
    assert!(err.lines().last().unwrap().contains("errors"), "{err}");

    let o = cardsite(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "github",
    ]);
    let out = stdout(&o);
    assert!(out.lines().any(|l| l == "::error file=cards/unknown-field.yaml,line=1,col=1,title=unknown-field::unknown field `benchmark_nme` in a card (hint: did you mean `benchmark_name`?)"), "{out}");
    assert!(
        out.lines()
            .any(|l| l
                .starts_with("::warning file=cards/bad-link.yaml,line=8,col=13,title=bad-link::")),
        "{out}"
    );
}

#[test]
fn bad_utf8_is_located() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    std::fs::write(
        site.path().join("cards/latin1.yaml"),
        b"benchmark_name: \"Caf\xE9\"\ncitation: x\n",
    )
    .unwrap();
    std::fs::write(site.path().join("cards/bom.yaml"), "\u{FEFF}benchmark_name: \"BOM\"\r\ncitation: \"x\"\r\nintended_use_case:\r\n  answer: \"y\"\r\n").unwrap();
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (
            diags[0]["code"].as_str(),
            diags[0]["line"].as_u64(),
            diags[0]["column"].as_u64()
        ),
        (Some("not-utf8"), Some(1), Some(21))
    );
}

#[test]
fn bundled_catalogue_is_clean() {
    let o = cardsite(&["check", "--root", repo().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("0 errors"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&cardsite(&["check", "--format", "yaml"])), 2);
    assert_eq!(
        code(&cardsite(&["new", "Not A Slug", "--root", "/nonexistent"])),
        2
    );
}

#[test]
fn upstream_cards_load_with_located_warnings() {
    let Some(reference) = reference() else { return };
    let site = tempfile::tempdir().unwrap();
    let cards = site.path().join("cards");
    std::fs::create_dir_all(cards.join("earlier")).unwrap();
    for entry in std::fs::read_dir(reference.join("upstream-cards")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&p, cards.join(p.file_name().unwrap())).unwrap();
        }
    }
    for entry in std::fs::read_dir(reference.join("upstream-cards/with-deployment-half")).unwrap() {
        let p = entry.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        std::fs::copy(
            &p,
            cards.join("earlier").join(format!("{stem}-earlier.yaml")),
        )
        .unwrap();
    }
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 0, "{diags:#?}");
    let count = |c: &str| diags.iter().filter(|d| d["code"] == c).count();
    assert_eq!(count("upstream-enum"), 6, "{diags:#?}");
    assert_eq!(count("legacy-alias"), 2, "{diags:#?}");
    assert!(
        diags
            .iter()
            .all(|d| d["severity"] == "warning" && d["line"].as_u64().unwrap() > 0)
    );
    assert!(has(&diags, "cards/bean2026.yaml", 21, "upstream-enum"));
}

#[test]
fn new_writes_a_commented_card_and_refuses_to_overwrite() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    let root = site.path().to_str().unwrap();
    let o = cardsite(&["new", "my-bench", "--root", root]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(site.path().join("cards/my-bench.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    for q in [
        "Who created the examples, and what are their backgrounds?",
        "Are examples information-complete?",
        "Are examples single or multi-turn?",
        "Does the benchmark treat LLM output as the final decision?",
        "What outcome is measured?",
    ] {
        assert!(text.contains(q), "{q}");
    }
    assert_eq!(code(&cardsite(&["new", "my-bench", "--root", root])), 1);
    // The blank template is valid YAML whose empty required fields are errors.
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    assert!(diags.iter().all(|d| d["file"] == "cards/my-bench.yaml"));
    assert!(
        has(&diags, "cards/my-bench.yaml", 5, "empty-value"),
        "{diags:#?}"
    );
}

#[test]
fn schema_includes_the_registry() {
    let o = cardsite(&["schema", "--root", repo().to_str().unwrap()]);
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["required"],
        serde_json::json!(["benchmark_name", "citation"])
    );
    let task = &v["properties"]["task"];
    assert_eq!(task["additionalProperties"], false);
    assert!(task["properties"]["query_authorship"].is_object());
    assert!(v["properties"]["outcome"]["properties"]["outcome_validity"].is_object());
    let cats = &task["properties"]["interaction_type"]["properties"]["category"]["enum"];
    assert!(cats.as_array().unwrap().contains(&"both".into()), "{cats}");
    // A site's own registry entries appear too.
    let site = temp_site("broken");
    std::fs::write(
        site.path().join("cards/_assumptions.yaml"),
        "assumptions:\n  - id: language\n    kind: task\n    name: Language\n    question: In which language are the examples?\n",
    )
    .unwrap();
    let o = cardsite(&["schema", "--root", site.path().to_str().unwrap()]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["properties"]["task"]["properties"]["language"].is_object());
}

#[test]
fn many_warnings_of_one_kind_are_grouped_for_people_and_complete_for_machines() {
    let site = tempfile::tempdir().unwrap();
    let cards = site.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    for i in 0..8 {
        std::fs::write(
            cards.join(format!("b{i}.yaml")),
            format!(
                "benchmark_name: \"B{i}\"\ncitation: \"A citation of benchmark {i}.\"\nintended_use_case:\n  answer: \"Testing.\"\nreview: {{status: imported}}\ntask:\n  interaction_type:\n    answer: \"Chats with a simulated patient\"\n"
            ),
        )
        .unwrap();
    }
    let root = site.path().to_str().unwrap();
    let o = cardsite(&["check", "--root", root]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning[upstream-enum] 8 times in 8 files (5 shown; --verbose for all)"),
        "{err}"
    );
    assert_eq!(err.matches("warning[upstream-enum]:").count(), 5, "{err}");
    assert!(err.contains("0 errors, 8 warnings"), "{err}");
    let o = cardsite(&["check", "--root", root, "--verbose"]);
    assert_eq!(stderr(&o).matches("warning[upstream-enum]:").count(), 8);
    let (_, json) = check_json(site.path());
    assert_eq!(
        json.iter().filter(|d| d["code"] == "upstream-enum").count(),
        8,
        "JSON output carries every warning"
    );
    let o = cardsite(&["check", "--root", root, "--format", "github"]);
    assert_eq!(stdout(&o).matches("::warning").count(), 8);
}

#[test]
fn a_card_without_an_intended_use_is_an_error() {
    let site = tempfile::tempdir().unwrap();
    let cards = site.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    std::fs::write(
        cards.join("a.yaml"),
        "benchmark_name: \"A\"\ncitation: \"A citation.\"\n",
    )
    .unwrap();
    std::fs::write(
        cards.join("b.yaml"),
        "benchmark_name: \"B\"\ncitation: \"B citation.\"\nintended_use_case:\n  answer: \"  \"\n",
    )
    .unwrap();
    let (c, diags) = check_json(site.path());
    assert_eq!(c, 1);
    let found: Vec<(String, String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found.contains(&("cards/a.yaml".into(), "upstream-required".into(), 1)),
        "{found:?}"
    );
    assert!(
        found.contains(&("cards/b.yaml".into(), "empty-value".into(), 4)),
        "{found:?}"
    );
    assert!(diags.iter().all(|d| d["severity"] == "error"));
}
