//! The contributor flow: the PR workflow, annotations, preview builds with
//! link checking, edit links, and importing Sokol et al.'s cards.

use crate::support::*;
use serde_json::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pull-request.yml")).unwrap();
    serde_saphyr::from_str::<Value>(&text).unwrap()
}

#[test]
fn the_pull_request_workflow_checks_builds_link_checks_and_uploads() {
    let wf = workflow();
    assert!(
        wf["on"]["pull_request"].is_null() || wf["on"]["pull_request"].is_object(),
        "{}",
        wf["on"]
    );
    assert!(wf["on"].get("pull_request").is_some());
    let steps = wf["jobs"]["check"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains("check --format github")));
    assert!(
        runs.iter()
            .any(|r| r.contains("build --base-url") && r.contains("--check-links"))
    );
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-artifact"))
            && s["with"]["path"] == "public/"
    }));
    let test_runs: Vec<&str> = wf["jobs"]["test"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(test_runs.iter().any(|r| r.contains(".ci/run")));
    // The commands the workflow runs work here.
    let o = cardsite(&[
        "check",
        "--root",
        repo().to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        std::fs::read_to_string(repo().join(".github/pull_request_template.md"))
            .unwrap()
            .contains("- [ ]")
    );
}

#[test]
fn a_deploy_preview_build_passes_the_link_check() {
    let out = tempfile::tempdir().unwrap();
    let o = build_site(
        &repo(),
        out.path(),
        &[
            "--base-url",
            "https://deploy-preview-42--example.netlify.app/",
            "--check-links",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("0 broken, 0 outside the base"), "{err}");
    assert!(
        err.contains("external (not fetched): https://arxiv.org/"),
        "external links are listed"
    );
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(
        feed.contains("<link href=\"https://deploy-preview-42--example.netlify.app/benchmarks/")
    );
}

#[test]
fn broken_links_fail_with_the_page_that_holds_them() {
    let site = temp_site("search");
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: About\n---\nSee [nowhere](../nowhere/) and ![x](/missing.png).\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build_site(site.path(), &out, &["--check-links"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("about/index.html links to `../nowhere/`"),
        "{err}"
    );
    assert!(
        err.contains("about/index.html links to `/missing.png`"),
        "{err}"
    );
}

#[test]
fn card_pages_link_to_editing_and_assessing_when_a_repository_is_configured() {
    let site = temp_site("search");
    std::fs::write(
        site.path().join("cardsite.toml"),
        "repository = \"https://github.com/example/catalogue\"\n",
    )
    .unwrap();
    let out = site.path().join("public");
    assert_eq!(code(&build_site(site.path(), &out, &[])), 0);
    let html = std::fs::read_to_string(out.join("benchmarks/heartbench/index.html")).unwrap();
    assert!(html.contains("href=\"https://github.com/example/catalogue/edit/main/cards/heartbench.yaml\">Edit this card</a>"));
    assert!(html.contains("href=\"https://github.com/example/catalogue/new/main/cards/contexts\">Add an assessment for your deployment</a>"));
    // An imported card is a ready to-do: its page links to reviewing it.
    let cards = site.path().join("cards");
    let text = std::fs::read_to_string(cards.join("heartbench.yaml")).unwrap();
    std::fs::write(
        cards.join("imported-one.yaml"),
        format!("{text}\nreview: {{status: imported}}\n"),
    )
    .unwrap();
    assert_eq!(code(&build_site(site.path(), &out, &[])), 0);
    let html = std::fs::read_to_string(out.join("benchmarks/imported-one/index.html")).unwrap();
    assert!(html.contains("Imported, not yet reviewed"));
    assert!(html.contains("href=\"https://github.com/example/catalogue/edit/main/cards/imported-one.yaml\">Review this card</a>"), "review link");
    let guide = std::fs::read_to_string(repo().join("content/contributing.md")).unwrap();
    for step in [
        "-- new ",
        "yaml-language-server",
        "cardsite check",
        "cardsite serve",
        "pull request",
    ] {
        assert!(guide.contains(step), "contributing.md lacks `{step}`");
    }
}

fn sokol_site() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let reference = reference()?;
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    // A bundled card with a slug the corpus also uses.
    std::fs::copy(
        repo().join("cards/medqa.yaml"),
        site.path().join("cards/medqa.yaml"),
    )
    .unwrap();
    // A curated card of another benchmark that holds a slug the corpus uses.
    std::fs::write(
        site.path().join("cards/helm.yaml"),
        "benchmark_name: \"Hypothetical Emergency Load Model\"\ncitation: \"A test fixture, not a real benchmark.\"\nintended_use_case:\n  answer: \"Testing slug clashes.\"\n",
    )
    .unwrap();
    // Copied at run time (never into the repository), one with a `.JSON` name.
    let samples = site.path().join("samples");
    std::fs::create_dir_all(&samples).unwrap();
    for e in std::fs::read_dir(reference.join("sokol-cards")).unwrap() {
        let p = e.unwrap().path();
        let name = p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace("PubMedQA.json", "PubMedQA.JSON");
        std::fs::copy(&p, samples.join(name)).unwrap();
    }
    Some((site, samples))
}

#[test]
fn importing_every_sample_reports_the_mess_and_the_result_checks_and_builds() {
    let Some((site, samples)) = sokol_site() else {
        return;
    };
    let root = site.path().to_str().unwrap();
    let dry = cardsite(&[
        "import",
        "sokol",
        samples.to_str().unwrap(),
        "--root",
        root,
        "--dry-run",
    ]);
    assert_eq!(code(&dry), 0);
    assert!(stdout(&dry).contains("(dry run: nothing written)"));
    assert_eq!(
        std::fs::read_dir(site.path().join("cards"))
            .unwrap()
            .count(),
        2,
        "dry run wrote nothing"
    );

    let o = cardsite(&["import", "sokol", samples.to_str().unwrap(), "--root", root]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("PubMedQA.JSON → pubmedqa.yaml"), "{out}");
    assert!(
        out.contains("skipped") && out.contains("HealthBench_1.json: near-duplicate of"),
        "{out}"
    );
    assert!(
        out.contains("MEDQA.json into the curated card medqa"),
        "the upstream MedQA card merges into the curated one: {out}"
    );
    assert!(
        out.contains("HELM.json → helm-2.yaml"),
        "a slug a curated card holds is never written: {out}"
    );
    assert!(
        out.contains("link `medhalt.github.io` has no scheme"),
        "{out}"
    );
    assert!(
        out.contains("warning: helm-2: its overview never mentions `HELM`"),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("imported 22 cards, merged 1, skipped 1"),
        "{out}"
    );

    let card = std::fs::read_to_string(site.path().join("cards/afrimed-qa.yaml")).unwrap();
    for s in [
        "benchmark_name: \"AfriMed-QA: A Pan-African",
        "abbreviation: \"AfriMed-QA\"",
        "languages: [\"English\"]",
        "size: \"15,275 questions\"",
        "metrics: [\"Accuracy\", \"ROUGE-L\", \"BERTScore\"]",
        "license: \"MIT\"",
        "status: imported",
        "verified: false",
        "dataset: \"https://huggingface.co/datasets/intronhealth/afrimedqa_v2\"",
    ] {
        assert!(card.contains(s), "missing {s} in\n{card}");
    }
    assert!(
        card.contains("query_authorship:")
            && card.contains("Source: Sourced from over 60 medical schools")
    );
    assert!(
        !card.contains("interaction_type"),
        "unstated facts stay unanswered"
    );

    let (c, diags) = check_json(site.path());
    assert_eq!(c, 0, "{diags:#?}");
    let out_dir = site.path().join("public");
    let o = cardsite(&[
        "build",
        "--root",
        root,
        "--output",
        out_dir.to_str().unwrap(),
        "--check-links",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out_dir.join("benchmarks/afrimed-qa/index.html")).unwrap();
    assert!(page.contains("Sokol et al., BenchmarkCards corpus") && page.contains("Not verified"));

    assert!(page.contains("Imported, not yet reviewed"));
    let curated = std::fs::read_to_string(site.path().join("cards/helm.yaml")).unwrap();
    assert!(
        curated.contains("Hypothetical"),
        "the curated card is untouched"
    );

    // A second import skips what the first wrote; --force replaces it, but
    // never a curated card; --domain filters.
    let pubmedqa = samples.join("PubMedQA.JSON");
    let o = cardsite(&[
        "import",
        "sokol",
        pubmedqa.to_str().unwrap(),
        "--root",
        root,
    ]);
    assert!(
        stdout(&o).contains("from an earlier import exists already"),
        "{}",
        stdout(&o)
    );
    let o = cardsite(&[
        "import",
        "sokol",
        pubmedqa.to_str().unwrap(),
        "--root",
        root,
        "--force",
    ]);
    assert!(stdout(&o).contains("imported 1 card"), "{}", stdout(&o));
    let o = cardsite(&[
        "import",
        "sokol",
        samples.join("MEDQA.json").to_str().unwrap(),
        "--root",
        root,
        "--force",
    ]);
    assert!(stdout(&o).contains("merged 1"), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(site.path().join("cards/medqa.yaml")).unwrap(),
        std::fs::read_to_string(repo().join("cards/medqa.yaml")).unwrap(),
        "--force never replaces a curated card"
    );
    let o = cardsite(&[
        "import",
        "sokol",
        samples.to_str().unwrap(),
        "--root",
        root,
        "--out",
        site.path().join("hc").to_str().unwrap(),
        "--domain",
        "Healthcare",
    ]);
    let out = stdout(&o);
    assert!(out.contains("MMLU.json: domains [Natural Language Processing, Legal, Education] do not include Healthcare"), "{out}");
    assert!(
        out.contains("PubMedQA.JSON: imported already as cards/pubmedqa.yaml"),
        "{out}"
    );
    assert!(
        !site.path().join("hc/mmlu.yaml").exists()
            && !site.path().join("hc/pubmedqa.yaml").exists()
    );
}

#[test]
fn a_card_the_corpus_marks_author_approved_is_imported_as_reviewed_by_its_authors() {
    let Some((site, samples)) = sokol_site() else {
        return;
    };
    let root = site.path().to_str().unwrap();
    let starred = site.path().join("starred");
    std::fs::create_dir_all(&starred).unwrap();
    std::fs::copy(
        samples.join("AfriMed-QA.json"),
        starred.join("\u{2b50}AfriMed-QA.json"),
    )
    .unwrap();
    std::fs::copy(
        samples.join("EHRNoteQA.json"),
        starred.join("EHRNoteQA.json"),
    )
    .unwrap();
    let o = cardsite(&["import", "sokol", starred.to_str().unwrap(), "--root", root]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        !out.contains("the file name suggests"),
        "the marker is not part of the name: {out}"
    );
    let card = std::fs::read_to_string(site.path().join("cards/afrimed-qa.yaml")).unwrap();
    assert!(
        card.contains("status: imported\n  reviewed_by:\n    - name: \"The benchmark's authors")
            && card.contains("role: benchmark-author"),
        "{card}"
    );
    let plain = std::fs::read_to_string(site.path().join("cards/ehrnoteqa.yaml")).unwrap();
    assert!(!plain.contains("reviewed_by"), "{plain}");

    let (c, diags) = check_json(site.path());
    assert_eq!(c, 0, "{diags:#?}");
    let out_dir = site.path().join("public");
    let o = build_site(site.path(), &out_dir, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out_dir.join("benchmarks/afrimed-qa/index.html")).unwrap();
    assert!(
        page.contains("Reviewed by the benchmark's authors"),
        "badge"
    );
    let listing =
        std::fs::read_to_string(out_dir.join("browse/review/authors/index.html")).unwrap();
    assert!(listing.contains("AfriMed-QA") && !listing.contains("EHRNoteQA"));
    let index = std::fs::read_to_string(out_dir.join("browse/documentation/index.html"))
        .or_else(|_| std::fs::read_to_string(out_dir.join("browse/index.html")))
        .unwrap();
    assert!(
        index.contains("Reviewed by the benchmark"),
        "the filter is listed among the documentation listings"
    );
}
