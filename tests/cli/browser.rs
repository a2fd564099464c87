//! Real-browser tests: build the bundled catalogue, then run the node tests
//! in `tests/browser/` against it in headless Chromium. In CI (CI=true) a
//! missing browser or node module fails; elsewhere the test skips, saying why.
//! Also the compare page's and the correction links' HTML, without a browser.

use crate::support::*;
use cardsite::model::Catalogue;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPOSITORY: &str = "https://github.com/example/catalogue";

/// A card whose verdict is written inline (`holds_at_deployment`), so it
/// belongs to a context made from the card and lives in the card's file.
const INLINE_CARD: &str = "benchmark_name: \"Inline demo\"\ncitation: \"Demo D. 2025. An inline demo.\"\n\
review: { status: imported }\nintended_use_case:\n  answer: \"A demo.\"\ntask:\n  query_authorship:\n    answer: \"Clinicians wrote the queries.\"\n    \
category: experts\n    holds_at_deployment: \"No. Patients write their own queries.\"\n";

fn browser_ready() -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        return Err(format!("{chromium} not found (apt-get install chromium)"));
    }
    if !repo().join("node_modules/playwright-core").is_dir() {
        return Err("node_modules/playwright-core missing (npm ci)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node not found".into());
    }
    Ok(())
}

/// The bundled catalogue copied under `dir` with a `repository` in its
/// cardsite.toml, plus [`INLINE_CARD`]; or `from` (a fixture) likewise.
fn with_repository(from: &Path, dir: &Path, inline_card: bool) -> PathBuf {
    copy_dir(&from.join("cards"), &dir.join("cards"));
    if from.join("content").is_dir() {
        copy_dir(&from.join("content"), &dir.join("content"));
    }
    std::fs::write(
        dir.join("cardsite.toml"),
        format!("repository = \"{REPOSITORY}\"\n"),
    )
    .unwrap();
    if inline_card {
        std::fs::write(dir.join("cards/demo-inline.yaml"), INLINE_CARD).unwrap();
    }
    dir.to_path_buf()
}

/// What the pages must show for `slugs`, read from the card sources by the
/// library: title, source file, answers, and each verdict with the file
/// that holds it.
fn expected_cards(cat: &Catalogue, slugs: &[&str]) -> serde_json::Value {
    let path = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let mut out = serde_json::Map::new();
    for slug in slugs {
        let card = cat.card(slug).unwrap_or_else(|| panic!("no card {slug}"));
        let answers: BTreeMap<_, _> = card
            .answers
            .iter()
            .map(|(id, a)| (id.clone(), serde_json::json!({"text": a.text})))
            .collect();
        let verdicts: Vec<_> = cat
            .contexts
            .iter()
            .filter_map(|c| Some((c, c.assessments.get(*slug)?)))
            .flat_map(|(c, v)| {
                v.iter().map(move |(aid, a)| {
                    serde_json::json!({
                        "context": c.id, "context_name": c.name, "assumption": aid,
                        "verdict": a.verdict.as_str(), "label": a.verdict.label(),
                        "reason": a.reason, "file": path(&a.origin.file),
                    })
                })
            })
            .collect();
        out.insert(
            slug.to_string(),
            serde_json::json!({"title": card.title, "file": path(&card.file), "answers": answers, "verdicts": verdicts}),
        );
    }
    out.into()
}

/// Undoes the HTML escaping of an attribute value.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn compare_page_explains_itself_and_links_resolve() {
    let out = tempfile::tempdir().unwrap();
    let o = build_site(&repo(), out.path(), &["--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let html = read(&out.path().join("compare/index.html"));
    // Without JavaScript: what the page does and where the cards are.
    let nojs = &html[html.find("id=\"compare-nojs\"").expect("no-JS notice")..];
    let nojs = &nojs[..nojs.find("</div>").unwrap()];
    assert!(nojs.contains("JavaScript"), "{nojs}");
    assert!(
        nojs.contains("href=\"/browse/\""),
        "links the listing: {nojs}"
    );
    assert!(
        !html.contains("href=\"/benchmarks/"),
        "no static list of every card"
    );
    assert!(html.contains("id=\"compare-page\""));
    assert!(html.contains("<script src=\"/compare."), "{html}");
    // The script's data: the questions, contexts and verdict labels.
    let start = html.find("data-compare=\"").unwrap() + "data-compare=\"".len();
    let raw = &html[start..start + html[start..].find('"').unwrap()];
    let data: serde_json::Value = serde_json::from_str(&unescape(raw)).unwrap();
    assert_eq!(data["max"], 6);
    assert_eq!(data["assumptions"].as_array().unwrap().len(), 5);
    assert_eq!(data["assumptions"][0]["id"], "query_authorship");
    assert_eq!(data["verdicts"]["no"]["label"], "Does not hold");
    assert!(
        data["contexts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "patient-assistant")
    );
    assert!(read(&out.path().join("sitemaps/1.xml")).contains("/compare/</loc>"));
    // "Compare" from a card page and from listing rows.
    let card = read(&out.path().join("benchmarks/medqa/index.html"));
    assert!(card.contains("href=\"/compare/?add=medqa\""));
    let listing = read(&out.path().join("browse/index.html"));
    let rows = listing.matches("<tr>").count() - 1;
    assert_eq!(listing.matches("class=\"compare-link\"").count(), rows);
    // No repository configured: no correction links, data or script.
    for page in [
        &card,
        &read(&out.path().join("benchmarks/healthbench/index.html")),
    ] {
        assert!(!page.contains("data-fix"), "no correction data");
        assert!(!page.contains("/correct."), "no correction script");
    }
}

#[test]
fn correction_cells_name_their_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let root = with_repository(&repo(), &dir.path().join("src"), true);
    let out = dir.path().join("out");
    let o = build_site(&root, &out, &["--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let card = read(&out.join("benchmarks/medqa/index.html"));
    assert!(card.contains(&format!("data-fix-repo=\"{REPOSITORY}\"")));
    assert!(
        card.contains("data-fix-source=\"cards/medqa.yaml\""),
        "{card}"
    );
    assert!(card.contains("<script src=\"/correct."));
    assert!(card.contains("data-fix=\"task.query_authorship.answer\""));
    assert!(card.contains("data-fix=\"outcome.outcome_validity.answer\""));
    assert!(card.contains(
        "data-fix=\"assessments.medqa.query_authorship\" data-fix-file=\"cards/contexts/patient-assistant.yaml\""
    ));
    // One marked cell per answer and verdict.
    let cells = card.matches("<td data-label=\"Answer\"").count()
        + card.matches("<td class=\"verdict-cell\"").count();
    assert_eq!(card.matches(" data-fix=\"").count(), cells);
    let inline = read(&out.join("benchmarks/demo-inline/index.html"));
    assert!(inline.contains(
        "data-fix=\"task.query_authorship.holds_at_deployment\" data-fix-file=\"cards/demo-inline.yaml\""
    ), "an inline verdict lives in the card's file");
}

#[test]
fn browser_suite() {
    if let Err(why) = browser_ready() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser tests must run in CI: {why}");
        }
        eprintln!("skipping browser tests: {why}");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = build_site(&repo(), &site, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The ranking the browser must reproduce, from the library's rules.
    let cat = cardsite::site::check(&repo()).catalogue;
    let ctx = cat.context("patient-assistant").unwrap();
    let profile: BTreeMap<String, String> = ctx.profile.clone();
    let ranked = crate::matching::rank(&cat, &profile);
    let expected = serde_json::json!({
        "context": "patient-assistant",
        "order": ranked.iter().map(|r| r.slug.clone()).collect::<Vec<_>>(),
        "top_holds": ranked[0].holds,
    });

    let hostile = out.path().join("hostile");
    let o = cardsite(&[
        "build",
        "--root",
        fixture("hostile").to_str().unwrap(),
        "--output",
        hostile.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The catalogue, and the hostile fixture, with a repository configured.
    let repo_root = with_repository(&repo(), &out.path().join("repo-src"), true);
    let repo_site = out.path().join("repo-site");
    let o = build_site(&repo_root, &repo_site, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let hostile_root = with_repository(&fixture("hostile"), &out.path().join("hostile-src"), false);
    let hostile_repo = out.path().join("hostile-repo");
    let o = build_site(&hostile_root, &hostile_repo, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let repo_cat = cardsite::site::check(&repo_root).catalogue;
    let cards = expected_cards(
        &repo_cat,
        &[
            "medqa",
            "healthbench",
            "pubmedqa",
            "agentclinic",
            "k-qa",
            "bean-2026",
            "demo-inline",
        ],
    );

    // A site with tagged releases (v1.0 available, v1.1 unavailable).
    let (release_src, _) = crate::history::repository();
    let release_site = out.path().join("release-site");
    let o = build_site(release_src.path(), &release_site, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let shots = repo().join("target/screenshots");
    let o = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/browser/"])
        .current_dir(repo())
        .env("SITE_DIR", &site)
        .env("HOSTILE_DIR", &hostile)
        .env("RELEASE_SITE_DIR", &release_site)
        .env("REPO_SITE_DIR", &repo_site)
        .env("HOSTILE_REPO_DIR", &hostile_repo)
        .env("REPOSITORY", REPOSITORY)
        .env("SCREENSHOT_DIR", &shots)
        .env("EXPECTED_MATCH", expected.to_string())
        .env("EXPECTED_CARDS", cards.to_string())
        .env("CARDSITE_BIN", env!("CARGO_BIN_EXE_cardsite"))
        .output()
        .expect("run node");
    let report = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "browser tests failed:\n{report}");
    assert!(report.contains("pass"), "{report}");
    eprintln!("{report}");
}
