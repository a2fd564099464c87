//! The files beside each card's page: `card.json` (the card's record and
//! verdicts, as the model has them) and the badges (`badge.svg`, a verdict
//! strip `strip-<context>.svg` per assessing context: well-formed, titled, pure
//! SVG in the theme's colours).

use crate::support::*;
use cardsite::model::Catalogue;
use cardsite::render::badges::Palette;
use cardsite::render::exports;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

/// Leaves out what the exports leave out: nulls, empty lists and maps.
fn normal(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, normal(v)))
                .filter(|(_, v)| !matches!(v, Value::Null) && v != &json!([]) && v != &json!({}))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normal).collect()),
        v => v,
    }
}

#[test]
fn every_card_json_holds_the_models_card_and_its_verdicts() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    let catalogue: Value = serde_json::from_str(&read(&out.path().join("catalogue.json"))).unwrap();
    for (i, card) in cat.cards.iter().enumerate() {
        let slug = &card.slug;
        let v: Value = serde_json::from_str(&read(
            &out.path().join(format!("benchmarks/{slug}/card.json")),
        ))
        .unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert_eq!(v["format_version"], exports::FORMAT_VERSION);
        assert_eq!(v["generator"], exports::GENERATOR);
        assert_eq!(
            v["card"], catalogue["cards"][i],
            "{slug}: as in catalogue.json"
        );
        // The model's card, once the registry's questions are restored.
        let mut record = v["card"].clone();
        if let Some(answers) = record.get_mut("answers").and_then(Value::as_object_mut) {
            for (id, a) in answers.iter_mut() {
                if a.get("question").is_none() {
                    a["question"] = json!(cat.registry.get(id).unwrap().question);
                }
            }
        }
        assert_eq!(
            normal(record),
            normal(serde_json::to_value(card).unwrap()),
            "{slug}"
        );
        // Every verdict on this card, each as the context has it.
        let verdicts = v["verdicts"].as_array().unwrap();
        let expected: usize = cat
            .contexts
            .iter()
            .filter_map(|c| c.assessments.get(slug))
            .map(|v| v.len())
            .sum();
        assert_eq!(verdicts.len(), expected, "{slug}");
        let mut seen = BTreeSet::new();
        for r in verdicts {
            assert_eq!(r["benchmark"], slug.as_str());
            let (ctx, id) = (
                r["context"].as_str().unwrap(),
                r["assumption"].as_str().unwrap(),
            );
            assert!(seen.insert((ctx, id)), "{slug}: {ctx} {id} twice");
            let a = cat.context(ctx).unwrap().assessment(slug, id).unwrap();
            assert_eq!(r["verdict"], a.verdict.as_str());
            assert_eq!(r["reason"], a.reason.as_str());
            assert_eq!(r["assessor"], a.assessor.as_str());
        }
    }
}

/// Parses an SVG badge and checks it is pure, titled SVG; returns the text
/// of its `<title>`s (the whole image's first) and of its `<text>`s.
fn check_svg(path: &Path, colours: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let text = read(path);
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let first = root.first_element_child().unwrap();
    assert_eq!(
        first.tag_name().name(),
        "title",
        "{}: <title> first",
        path.display()
    );
    let (mut titles, mut texts) = (vec![], vec![]);
    for node in root.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "foreignObject" | "a" | "image" | "use" | "style"
            ),
            "{}: <{name}>",
            path.display()
        );
        for attr in node.attributes() {
            let a = attr.name().to_ascii_lowercase();
            assert!(
                !a.starts_with("on") && a != "href",
                "{}: {a}",
                path.display()
            );
            if matches!(a.as_str(), "fill" | "stroke") {
                assert!(
                    colours.contains(attr.value()),
                    "{}: {a}={}",
                    path.display(),
                    attr.value()
                );
            }
        }
        let content: String = node
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        match name {
            "title" => titles.push(content),
            "text" => texts.push(content),
            _ => {}
        }
    }
    assert!(
        !titles[0].trim().is_empty(),
        "{}: empty title",
        path.display()
    );
    (titles, texts)
}

fn colours(css: &str) -> BTreeSet<String> {
    let p = serde_json::to_value(Palette::from_css(css)).unwrap();
    p.as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn check_badges(out: &Path, cat: &Catalogue, colours: &BTreeSet<String>) {
    let n = cat.registry.assumptions.len();
    for card in &cat.cards {
        let slug = &card.slug;
        let dir = out.join(format!("benchmarks/{slug}"));
        let (titles, texts) = check_svg(&dir.join("badge.svg"), colours);
        let documented = cardsite::render::listing::documented(cat, card);
        let contexts: Vec<_> = cat
            .contexts
            .iter()
            .filter(|c| c.assessments.contains_key(slug))
            .collect();
        let label = format!(
            "assumptions documented: {documented}/{n} · contexts: {}",
            contexts.len()
        );
        assert_eq!(texts, ["BenchmarkCard", label.as_str()], "{slug}");
        assert!(
            titles[0].starts_with(&card.title) && titles[0].ends_with(&label),
            "{slug}"
        );
        let page = read(&dir.join("index.html"));
        assert!(page.contains(&format!("<img src=\"/benchmarks/{slug}/badge.svg\" alt=\"")));
        for ctx in contexts {
            let (titles, letters) = check_svg(&dir.join(format!("strip-{}.svg", ctx.id)), colours);
            assert_eq!(
                letters.len(),
                n,
                "{slug} {}: a square per assumption",
                ctx.id
            );
            for (a, letter) in cat.registry.assumptions.iter().zip(&letters) {
                let v = ctx.assessment(slug, &a.id).map(|x| x.verdict);
                assert_eq!(
                    letter,
                    v.map_or("–", |v| v.letter()),
                    "{slug} {} {}",
                    ctx.id,
                    a.id
                );
                let label = v.map_or("Not assessed", |v| v.label());
                assert!(
                    titles.contains(&format!("{}: {label}", a.name)),
                    "{titles:?}"
                );
            }
            assert!(titles[0].contains(&ctx.name), "{}", titles[0]);
            assert!(page.contains(&format!(
                "<img src=\"/benchmarks/{slug}/strip-{}.svg\" alt=\"",
                ctx.id
            )));
        }
    }
}

#[test]
fn badges_are_titled_pure_svg_in_the_themes_colours() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    let css = read(&repo().join("themes/default/static/style.css"));
    check_badges(out.path(), &cat, &colours(&css));

    // Hostile titles are escaped into well-formed XML.
    let out = built(&fixture("hostile"));
    let cat = cardsite::site::check(&fixture("hostile")).catalogue;
    check_badges(out.path(), &cat, &colours(&css));

    // A theme's own colours.
    let site = temp_site("partial");
    let own = site.path().join("themes/default/static");
    std::fs::create_dir_all(&own).unwrap();
    let css = ":root { --accent: #123456; --yes-bg: #abcdef; --no-bg: url(x); }";
    std::fs::write(own.join("style.css"), css).unwrap();
    let out = built(site.path());
    let cat = cardsite::site::check(site.path()).catalogue;
    let colours = colours(css);
    assert!(
        colours.contains("#123456") && colours.contains("#f9d0c4"),
        "{colours:?}"
    );
    check_badges(out.path(), &cat, &colours);
    let badge = read(
        &out.path()
            .join(format!("benchmarks/{}/badge.svg", cat.cards[0].slug)),
    );
    assert!(badge.contains("fill=\"#123456\""));
}
