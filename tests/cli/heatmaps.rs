//! Heatmaps, gap charts, match data and exports, checked in the built files.

use crate::support::*;

/// (verdict class, letter) of every heatmap cell, in document order.
fn cells(html: &str) -> Vec<(String, String)> {
    html.split("<td class=\"hm v-")
        .skip(1)
        .map(|rest| {
            let class = rest.split('"').next().unwrap().to_string();
            let letter = rest
                .split("<span aria-hidden=\"true\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            (class, letter)
        })
        .collect()
}

#[test]
fn context_heatmaps_have_one_cell_per_assessed_benchmark_and_assumption() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    for ctx in &cat.contexts {
        for suffix in ["", "by-name/", "by-year/"] {
            let html = read(
                &out.path()
                    .join(format!("heatmaps/{}/{suffix}index.html", ctx.id)),
            );
            let cs = cells(&html);
            assert_eq!(
                cs.len(),
                ctx.assessments.len() * cat.registry.assumptions.len(),
                "{} {suffix}",
                ctx.id
            );
            for (class, letter) in &cs {
                let want = match class.as_str() {
                    "yes" => "Y",
                    "partially" => "P",
                    "no" => "N",
                    "unknown" => "?",
                    "none" => "–",
                    other => panic!("class {other}"),
                };
                assert_eq!(letter, want);
            }
            // Cells name their verdict and link the card's row, where the
            // reason is (reasons on every cell of every order made ~5 MB pages).
            assert!(
                html.contains("title=\"Does not hold\""),
                "cells name their verdict"
            );
            assert!(
                !html.contains("title=\"Does not hold: "),
                "no reason on the cell"
            );
        }
    }
    // Most gaps first: Bean et al. (2.5 task + 2 outcome gaps) precedes HealthBench.
    let html = read(&out.path().join("heatmaps/patient-assistant/index.html"));
    assert!(
        html.find("benchmarks/bean-2026/\"").unwrap()
            < html.find("benchmarks/healthbench/\"").unwrap()
    );
    let by_name = read(
        &out.path()
            .join("heatmaps/patient-assistant/by-name/index.html"),
    );
    assert!(
        by_name.find("benchmarks/agentclinic/\"").unwrap()
            < by_name.find("benchmarks/bean-2026/\"").unwrap()
    );
    // Overview, home page and card pages carry heatmaps too.
    let overview = read(&out.path().join("heatmaps/index.html"));
    assert!(overview.contains("class=\"designmap\"") && overview.contains("Single-turn: "));
    // The designer-side heatmap's cells link to the answer on the card page
    // instead of carrying its text (pages stay small at any size).
    let mut pages = vec![out.path().join("heatmaps/index.html")];
    for e in std::fs::read_dir(out.path().join("heatmaps/page")).unwrap() {
        pages.push(e.unwrap().path().join("index.html"));
    }
    let design = pages
        .iter()
        .map(|p| read(p))
        .find(|h| h.contains("<a href=\"/benchmarks/medqa/\">"))
        .expect("MedQA's row in the designer-side heatmap");
    assert!(
        design.contains("<a href=\"/benchmarks/medqa/#query_authorship\">"),
        "{design}"
    );
    let medqa = cardsite::site::check(&repo())
        .catalogue
        .cards
        .into_iter()
        .find(|c| c.slug == "medqa")
        .unwrap();
    let answer = &medqa.answers["query_authorship"].text;
    assert!(
        !design.contains(&answer[..40.min(answer.len())]),
        "no answer text"
    );
    assert!(read(&out.path().join("index.html")).contains("class=\"summary-map\""));
    assert_eq!(
        cells(&read(&out.path().join("benchmarks/medqa/index.html"))).len(),
        2 * 5
    );
}

#[test]
fn a_context_heatmap_holds_only_the_benchmarks_assessed_in_it() {
    let out = built(&fixture("partial"));
    let html = read(&out.path().join("heatmaps/only-alpha/index.html"));
    assert!(html.contains("benchmarks/a/\"") && !html.contains("benchmarks/b/\""));
    let cs = cells(&html);
    assert_eq!(cs.len(), 5);
    assert_eq!(cs.iter().filter(|(c, _)| c == "none").count(), 3);
    // Column summary: share with partially as half, and how many were not assessed.
    assert!(
        html.contains(">50%<"),
        "decision mediation: partially = 50%"
    );
    assert!(html.contains("(1 not assessed)"));
}

#[test]
fn bean_gap_chart_numbers_are_computed_from_the_stored_values() {
    let out = built(&repo());
    let html = read(&out.path().join("benchmarks/bean-2026/index.html"));
    for v in ["94.7%", "82.8%", "64.2%", "34.0%"] {
        assert!(html.contains(&format!(">{v}<")), "{v}");
    }
    for d in ["−11.8", "−18.7", "−30.2"] {
        assert!(html.contains(d), "{d}");
    }
    assert!(
        html.contains("class=\"drop drop-task\"") && html.contains("class=\"drop drop-outcome\"")
    );
    assert!(html.contains("task <strong>30.5 pp</strong>, outcome <strong>30.2 pp</strong>"));
    let gaps = read(&out.path().join("gaps/index.html"));
    assert!(gaps.contains("benchmarks/bean-2026/#gap-chart") && gaps.contains(">60.7<"));
}

#[test]
fn feed_and_sitemap_cover_the_catalogue() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    let feed = read(&out.path().join("feed.xml"));
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let updated: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("updated"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(
        updated.len(),
        cat.cards
            .iter()
            .filter(|c| c.added.is_some())
            .count()
            .min(50),
        "the feed holds the newest 50"
    );
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // sitemap.xml is an index of parts.
    let index = read(&out.path().join("sitemap.xml"));
    let index = roxmltree::Document::parse(&index).unwrap();
    assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
    let sitemap = read(&out.path().join("sitemaps/1.xml"));
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for c in &cat.cards {
        assert!(
            locs.iter()
                .any(|l| l.ends_with(&format!("/benchmarks/{}/", c.slug)))
        );
    }
}

#[test]
fn feed_is_ordered_by_date_added() {
    let out = built(&fixture("partial"));
    let feed = read(&out.path().join("feed.xml"));
    assert!(feed.find("<title>Beta</title>").unwrap() < feed.find("<title>Alpha</title>").unwrap());
}
