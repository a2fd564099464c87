//! `cardsite build`: pages, links, escaping, atomicity, base URLs.

use crate::support::*;

use crate::support::build_site as build;

#[test]
fn bundled_catalogue_builds_every_page_and_every_link_resolves() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), &out.path().join("site"), &["--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 broken, 0 outside the base"),
        "{}",
        stderr(&o)
    );
    let site = out.path().join("site");
    for p in [
        "index.html",
        "404.html",
        "robots.txt",
        "schema/card.json",
        "about/index.html",
        "methodology/index.html",
        "contributing/index.html",
        "contexts/patient-assistant/index.html",
        "contexts/clinician-support/index.html",
    ] {
        assert!(site.join(p).is_file(), "{p} missing");
    }
    for slug in ["medqa", "bean-2026", "healthbench", "mimic-iv-cdm"] {
        let html = read(&site.join(format!("benchmarks/{slug}/index.html")));
        assert!(html.contains("Holds at deployment?"), "{slug}");
    }
    for id in [
        "query_authorship",
        "information_completeness",
        "interaction_type",
        "decision_mediation",
        "outcome_validity",
    ] {
        assert!(site.join(format!("assumptions/{id}/index.html")).is_file());
    }
    // Assets are content-hashed and linked.
    let index = read(&site.join("index.html"));
    let css = std::fs::read_dir(&site)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    assert_eq!(css.len(), "style.12345678.css".len());
    assert!(index.contains(&format!("href=\"/{css}\"")));
    // CSP-friendly: no inline scripts or styles.
    for entry in walkdir::WalkDir::new(&site) {
        let p = entry.unwrap().into_path();
        if p.extension().is_some_and(|e| e == "html") {
            let html = read(&p);
            assert!(
                !html.contains("<script>")
                    && !html.contains(" style=\"")
                    && !html.contains("<style"),
                "{}",
                p.display()
            );
        }
    }
    let schema: serde_json::Value =
        serde_json::from_str(&read(&site.join("schema/card.json"))).unwrap();
    assert!(schema["properties"]["task"]["properties"]["query_authorship"].is_object());
}

#[test]
fn card_page_has_the_table_2_layout_with_verdict_badges() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(code(&build(&repo(), out.path(), &[])), 0);
    let html = read(&out.path().join("benchmarks/bean-2026/index.html"));
    for s in [
        "<th scope=\"col\">Question</th>",
        "<th scope=\"col\">Assumption</th>",
        "<th scope=\"col\">Answer</th>",
        "Patient-facing medical assistant",
        "class=\"badge v-no\"",
        "Does not hold",
        "94.7",
        "82.8",
        "64.2",
        "34.0",
    ] {
        assert!(html.contains(s), "missing {s}");
    }
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&fixture("hostile"), out.path(), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for page in [
        "benchmarks/evil/index.html",
        "index.html",
        "contexts/ctx/index.html",
        "about/index.html",
        "assumptions/query_authorship/index.html",
    ] {
        let html = read(&out.path().join(page));
        assert!(!html.contains("<script>alert"), "{page}: raw script");
        assert!(!html.contains("<img src=x"), "{page}: raw img");
        assert!(!html.contains("<svg"), "{page}");
        assert!(!html.contains("<iframe"), "{page}");
        for link in cardsite::verify::links::links_in(&html) {
            let l = link.to_ascii_lowercase();
            assert!(
                !l.starts_with("javascript:") && !l.starts_with("data:"),
                "{page}: {link}"
            );
        }
    }
    let card = read(&out.path().join("benchmarks/evil/index.html"));
    assert!(
        card.contains("&lt;script&gt;alert(&#x27;answer&#x27;)&lt;&#x2F;script&gt;")
            || card.contains("&lt;script&gt;alert(&#39;answer&#39;)&lt;/script&gt;"),
        "answer not shown literally"
    );
    // Template syntax in data is shown, not evaluated.
    assert!(
        card.contains("{{ site.title }}"),
        "template syntax evaluated"
    );
    assert!(!card.contains(">49<"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = temp_site("hostile");
    let out = site.path().join("public");
    assert_eq!(code(&build(site.path(), &out, &[])), 0);
    let before = read(&out.join("benchmarks/evil/index.html"));
    std::fs::write(
        site.path().join("cards/evil.yaml"),
        "benchmark_name: [broken\n",
    )
    .unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cards/evil.yaml:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("previous output was left untouched"));
    assert_eq!(read(&out.join("benchmarks/evil/index.html")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A template that fails to render also fails the build without touching output.
    std::fs::write(
        site.path().join("cards/evil.yaml"),
        "benchmark_name: ok\ncitation: ok\nintended_use_case:\n  answer: ok\n",
    )
    .unwrap();
    let tpl = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("404.html"), "{{ nope.missing }}").unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("template-render"), "{}", stderr(&o));
    assert_eq!(read(&out.join("benchmarks/evil/index.html")), before);
}

#[test]
fn sub_path_base_url_keeps_every_link_under_it() {
    let out = tempfile::tempdir().unwrap();
    let o = build(
        &repo(),
        out.path(),
        &[
            "--base-url",
            "https://deploy-preview-42--example.netlify.app/preview/",
            "--check-links",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for entry in walkdir::WalkDir::new(out.path()) {
        let p = entry.unwrap().into_path();
        if p.extension().is_none_or(|e| e != "html") {
            continue;
        }
        for link in cardsite::verify::links::links_in(&read(&p)) {
            // External, fragment and relative links (checked by --check-links) aside,
            // every absolute path is under the base.
            if link.starts_with("http") || !link.starts_with('/') {
                continue;
            }
            assert!(link.starts_with("/preview/"), "{}: {link}", p.display());
        }
    }
}

#[test]
fn theme_templates_can_be_overridden_by_name() {
    let site = temp_site("hostile");
    let tpl = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Custom lost page</p>{% endblock %}",
    )
    .unwrap();
    let out = site.path().join("public");
    assert_eq!(code(&build(site.path(), &out, &[])), 0);
    assert!(read(&out.join("404.html")).contains("Custom lost page"));
    std::fs::write(site.path().join("cardsite.toml"), "theme = \"nope\"\n").unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("theme `nope` not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn refuses_output_that_holds_the_sources() {
    let site = temp_site("hostile");
    let root = site.path();
    for out in [
        root.to_path_buf(),
        root.join("cards"),
        root.join("cards/out"),
    ] {
        let o = build(root, &out, &[]);
        assert_eq!(code(&o), 1, "{}", out.display());
        assert!(stderr(&o).contains("refusing to write"), "{}", stderr(&o));
    }
    assert!(root.join("cards/evil.yaml").is_file());
}

#[test]
fn edit_link_appears_only_with_a_repository() {
    let site = temp_site("hostile");
    let out = site.path().join("public");
    assert_eq!(code(&build(site.path(), &out, &[])), 0);
    assert!(!read(&out.join("benchmarks/evil/index.html")).contains("Edit this card"));
    std::fs::write(
        site.path().join("cardsite.toml"),
        "repository = \"https://github.com/example/catalogue\"\n",
    )
    .unwrap();
    assert_eq!(code(&build(site.path(), &out, &[])), 0);
    assert!(
        read(&out.join("benchmarks/evil/index.html"))
            .contains("href=\"https://github.com/example/catalogue/edit/main/cards/evil.yaml\"")
    );
}

#[test]
fn rebuilding_over_a_previous_output_leaves_exactly_the_new_output() {
    let site = temp_site("partial");
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // A stale file in the output, and a changed card.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let card = std::fs::read_dir(site.path().join("cards"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .unwrap();
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(
        &card,
        text.replacen("benchmark_name: ", "benchmark_name: Renamed ", 1),
    )
    .unwrap();
    let names = |dir: &std::path::Path| -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
            .filter(|n| !n.starts_with("search/v"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let trash = || -> Vec<String> {
        std::fs::read_dir(site.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect()
    };
    for round in 0..2 {
        let o = build(site.path(), &out, &[]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let fresh = site.path().join(format!("fresh{round}"));
        let o = build(site.path(), &fresh, &[]);
        assert_eq!(code(&o), 0);
        assert_eq!(names(&out), names(&fresh), "exactly the new output");
        assert!(!out.join("stale.html").exists());
        for n in names(&out).iter().filter(|n| n.ends_with(".html")) {
            assert_eq!(
                std::fs::read(out.join(n)).unwrap(),
                std::fs::read(fresh.join(n)).unwrap(),
                "{n}"
            );
        }
        // The replaced output waits beside it, once, for the next build to delete.
        assert_eq!(trash().len(), 1, "{:?}", trash());
        std::fs::remove_dir_all(&fresh).unwrap();
    }
}

/// A rebuild links the files that did not change from the previous output
/// and writes the ones that did (deleting the replaced tree then frees only
/// those).
#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = temp_site("search");
    let out = site.path().join("public");
    let links = |p: &str| std::fs::metadata(out.join(p)).unwrap().nlink();
    for _ in 0..2 {
        let o = build(site.path(), &out, &[]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let card = site.path().join("cards/heartbench.yaml");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(
        &card,
        text.replace(
            "Multiple-choice cardiology questions",
            "Cardiology questions, rewritten",
        ),
    )
    .unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("benchmarks/heartbench/index.html")).unwrap();
    assert!(page.contains("Cardiology questions, rewritten"));
    assert_eq!(
        links("benchmarks/heartbench/index.html"),
        1,
        "changed: written"
    );
    assert_eq!(
        links("benchmarks/notesqa/index.html"),
        2,
        "unchanged: linked"
    );
    assert_eq!(links("benchmarks/notesqa/card.json"), 2);
    assert_eq!(links("robots.txt"), 2);
    // Linked files are whole and equal to a fresh build's.
    let fresh = site.path().join("fresh");
    let o = build(site.path(), &fresh, &[]);
    assert_eq!(code(&o), 0);
    for p in [
        "benchmarks/notesqa/index.html",
        "catalogue.json",
        "robots.txt",
    ] {
        assert!(
            std::fs::read(out.join(p)).unwrap() == std::fs::read(fresh.join(p)).unwrap(),
            "{p} differs from a fresh build's"
        );
    }
}
