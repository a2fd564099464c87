//! Listings at scale: static, paginated pages from which every benchmark
//! can be reached with no JavaScript, under a sub-path base URL.

use crate::support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A site of `n` small cards across three domains, tags and years.
fn site_of(n: usize) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let cards = site.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    for i in 0..n {
        let domain = ["Oncology", "Primary care", "Radiology & imaging"][i % 3];
        let year = 2015 + (i % 7);
        let status = if i % 4 == 0 { "imported" } else { "curated" };
        std::fs::write(
            cards.join(format!("b{i:04}.yaml")),
            format!(
                "benchmark_name: \"Bench {i:04}\"\ncitation: \"Citation of benchmark {i}.\"\nyear: {year}\nadded: 2026-01-{:02}\ndomains: [\"{domain}\"]\ntags: [\"t{}\", \"shared\"]\nreview: {{status: {status}}}\nintended_use_case:\n  answer: \"Testing listings.\"\ntask:\n  interaction_type:\n    answer: \"single-turn\"\n    category: single-turn\n    evidence: [{{quote: \"one turn\", url: \"https://example.org/{i}\"}}]\n",
                1 + i % 28,
                i % 5
            ),
        )
        .unwrap();
    }
    site
}

/// The site paths linked from a page (under `base`), as file paths.
fn links(out: &Path, page: &str, base: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    cardsite::verify::links::links_in(&html)
        .into_iter()
        .filter_map(|l| l.strip_prefix(base).map(str::to_string))
        .collect()
}

fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[test]
fn every_benchmark_is_reachable_from_paginated_listings_without_javascript() {
    let n = 250;
    let site = site_of(n);
    let out = site.path().join("public");
    let o = build_site(
        site.path(),
        &out,
        &["--base-url", "https://example.org/sub/", "--check-links"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Walk the listing pages from /sub/browse/ by their page links.
    let mut seen_pages = BTreeSet::new();
    let mut todo = vec!["browse/".to_string()];
    let mut cards = BTreeSet::new();
    while let Some(p) = todo.pop() {
        if !seen_pages.insert(p.clone()) {
            continue;
        }
        for l in links(&out, &file_of(&p), "/sub/") {
            if l.starts_with("benchmarks/") {
                cards.insert(l);
            } else if l.starts_with("browse/page/") {
                todo.push(l);
            }
        }
    }
    assert_eq!(
        cards.len(),
        n,
        "every card reachable from the all-benchmarks listing"
    );
    assert_eq!(
        seen_pages.len(),
        3,
        "250 cards in pages of 100: {seen_pages:?}"
    );
    // Each page holds at most 100 rows, and says which.
    let page2 = std::fs::read_to_string(out.join("browse/page/2/index.html")).unwrap();
    assert_eq!(page2.matches("<tr>").count() - 1, 100);
    assert!(page2.contains("Benchmarks 101–200 of 250"), "counts");
    assert!(
        page2.contains("rel=\"prev\" href=\"/sub/browse/\"")
            && page2.contains("rel=\"next\" href=\"/sub/browse/page/3/\"")
    );
    assert!(page2.contains("aria-current=\"page\">2<"));
    // The other orders and the groups: the domain listings partition the cards.
    for order in ["by-year", "by-added"] {
        assert!(
            out.join(format!("browse/{order}/page/3/index.html"))
                .is_file(),
            "{order}"
        );
    }
    let newest = std::fs::read_to_string(out.join("browse/by-year/index.html")).unwrap();
    assert!(newest.find(">2021<").unwrap() < newest.find(">2020<").unwrap_or(usize::MAX));
    let mut by_domain: BTreeMap<String, usize> = BTreeMap::new();
    for l in links(&out, "browse/domains/index.html", "/sub/") {
        if let Some(d) = l.strip_prefix("browse/domain/") {
            let rows: usize = (1..=3)
                .filter_map(|p| {
                    let f = if p == 1 {
                        format!("browse/domain/{d}index.html")
                    } else {
                        format!("browse/domain/{d}page/{p}/index.html")
                    };
                    std::fs::read_to_string(out.join(f)).ok()
                })
                .map(|h| h.matches("<tr>").count() - 1)
                .sum();
            by_domain.insert(d.trim_end_matches('/').to_string(), rows);
        }
    }
    assert_eq!(
        by_domain,
        BTreeMap::from([
            ("oncology".into(), 84),
            ("primary-care".into(), 83),
            ("radiology-imaging".into(), 83)
        ])
    );
    // Review tiers: imported cards have their "needs review" listing.
    let review = std::fs::read_to_string(out.join("browse/review/imported/index.html")).unwrap();
    assert!(
        review.contains("Benchmarks 1–63 of 63"),
        "every fourth card is imported"
    );
    // Years and tags have indexes; the home page links them all.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for l in [
        "/sub/browse/",
        "/sub/browse/domains/",
        "/sub/browse/tags/",
        "/sub/browse/years/",
        "/sub/browse/documentation/",
    ] {
        assert!(home.contains(&format!("href=\"{l}\"")), "home links {l}");
    }
    assert!(
        home.matches("<tr>").count() <= 2 * 11,
        "the home page lists a few cards, not all"
    );
    // Every listing page is in the sitemap.
    let index = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        index.contains("<loc>https://example.org/sub/sitemaps/1.xml</loc>"),
        "{index}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemaps/1.xml")).unwrap();
    assert!(
        sitemap.contains("https://example.org/sub/browse/page/3/"),
        "sitemap lists listing pages"
    );
}

#[test]
fn heatmaps_come_in_pages_of_200_with_filters_for_large_domains() {
    let n = 450;
    let site = site_of(n);
    let mut ctx = String::from("name: \"Clinic\"\nassessments:\n");
    for i in 0..n {
        ctx.push_str(&format!(
            "  b{i:04}: {{interaction_type: \"{}. Reason {i}.\"}}\n",
            ["Yes", "No", "Partially"][i % 3]
        ));
    }
    std::fs::create_dir_all(site.path().join("cards/contexts")).unwrap();
    std::fs::write(site.path().join("cards/contexts/clinic.yaml"), ctx).unwrap();
    let out = site.path().join("public");
    let o = build_site(site.path(), &out, &["--base-url", "/sub/", "--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rows = |f: &str| -> usize {
        let html = std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        html.matches("<th scope=\"row\"><a href=\"/sub/benchmarks/")
            .count()
    };
    for sub in ["", "by-name/", "by-year/"] {
        assert_eq!(
            rows(&format!("heatmaps/clinic/{sub}index.html")),
            200,
            "{sub}"
        );
        assert_eq!(
            rows(&format!("heatmaps/clinic/{sub}page/2/index.html")),
            200,
            "{sub}"
        );
        assert_eq!(
            rows(&format!("heatmaps/clinic/{sub}page/3/index.html")),
            50,
            "{sub}"
        );
        assert!(
            !out.join(format!("heatmaps/clinic/{sub}page/4/index.html"))
                .exists()
        );
    }
    // Every benchmark is in exactly one page of each order.
    let mut seen = BTreeSet::new();
    for p in ["index.html", "page/2/index.html", "page/3/index.html"] {
        seen.extend(
            links(&out, &format!("heatmaps/clinic/by-name/{p}"), "/sub/")
                .into_iter()
                .filter(|l| l.starts_with("benchmarks/") && !l.contains('#')),
        );
    }
    assert_eq!(seen.len(), n);
    // Domains with at least 20 assessed benchmarks get filtered pages (150 each here).
    assert_eq!(rows("heatmaps/clinic/domain/oncology/index.html"), 150);
    assert!(
        out.join("heatmaps/clinic/domain/primary-care/index.html")
            .is_file()
    );
    let page = std::fs::read_to_string(out.join("heatmaps/clinic/index.html")).unwrap();
    assert!(
        page.contains("href=\"/sub/heatmaps/clinic/domain/oncology/\""),
        "filter links"
    );
    assert!(page.contains("heatmap-summary"), "the summary sits on top");
    // Imported cards (every fourth) are not counted in the shares: 338 reviewed.
    assert!(page.contains("Benchmarks 1–200 of 450"));
}

#[test]
fn context_assumption_and_design_pages_are_paginated_too() {
    let n = 250;
    let site = site_of(n);
    let mut ctx = String::from("name: \"Clinic\"\nassessments:\n");
    for i in 0..n {
        ctx.push_str(&format!(
            "  b{i:04}: {{interaction_type: \"No. Reason {i}.\"}}\n"
        ));
    }
    std::fs::create_dir_all(site.path().join("cards/contexts")).unwrap();
    std::fs::write(site.path().join("cards/contexts/clinic.yaml"), ctx).unwrap();
    let out = site.path().join("public");
    let o = build_site(site.path(), &out, &["--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let count = |f: &str, needle: &str| {
        std::fs::read_to_string(out.join(f))
            .unwrap()
            .matches(needle)
            .count()
    };
    // Context pages: 100 verdict rows a page.
    let row = "<th scope=\"row\"><a href=\"/benchmarks/";
    assert_eq!(count("contexts/clinic/index.html", row), 100);
    assert_eq!(count("contexts/clinic/page/3/index.html", row), 50);
    // Assumption pages: 100 answers a page.
    assert_eq!(count("assumptions/interaction_type/index.html", row), 100);
    assert_eq!(
        count("assumptions/interaction_type/page/3/index.html", row),
        50
    );
    // The design heatmap: 200 rows a page.
    assert!(out.join("heatmaps/page/2/index.html").is_file());
    assert!(!out.join("heatmaps/page/3/index.html").exists());
}
