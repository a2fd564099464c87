//! The exports of a built site (catalogue.json format 2, catalogue.csv,
//! verdicts.csv, assumptions.csv, match.json), read back and compared with
//! the catalogue `check` loads.

use crate::support::*;
use cardsite::render::exports;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A tiny RFC 4180 reader: rows of fields; every row ends with CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated row"
    );
    rows
}

/// Rows as maps from column name to field, after checking that every row
/// has the header's width.
fn records(rows: &[Vec<String>]) -> Vec<BTreeMap<&str, &str>> {
    let header = &rows[0];
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), header.len(), "row {i}: {r:?}");
    }
    rows[1..]
        .iter()
        .map(|r| {
            header
                .iter()
                .map(String::as_str)
                .zip(r.iter().map(String::as_str))
                .collect()
        })
        .collect()
}

/// Leaves out what the exports leave out: nulls, empty lists and maps.
fn normal(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, normal(v)))
                .filter(|(_, v)| !absent(v))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normal).collect()),
        v => v,
    }
}

fn absent(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn total_verdicts(cat: &cardsite::model::Catalogue) -> usize {
    cat.contexts
        .iter()
        .flat_map(|c| c.assessments.values())
        .map(|v| v.len())
        .sum()
}

#[test]
fn catalogue_json_round_trips_every_card_context_and_verdict() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    let text = read(&out.path().join("catalogue.json"));
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["format_version"], exports::FORMAT_VERSION);
    assert_eq!(
        json["assumptions"],
        serde_json::to_value(&cat.registry.assumptions).unwrap()
    );
    // Each question once: with its assumption, never with the answers.
    for a in &cat.registry.assumptions {
        assert_eq!(
            text.matches(&*serde_json::to_string(&a.question).unwrap())
                .count(),
            1,
            "{}",
            a.id
        );
    }

    // Cards: the model's, once each, questions restored from the registry.
    let cards = json["cards"].as_array().unwrap();
    assert_eq!(cards.len(), cat.cards.len());
    for (record, card) in cards.iter().zip(&cat.cards) {
        let mut record = record.clone();
        if let Some(answers) = record.get_mut("answers").and_then(Value::as_object_mut) {
            for (id, a) in answers.iter_mut() {
                let a = a.as_object_mut().unwrap();
                if !a.contains_key("question") {
                    let q = &cat.registry.get(id).unwrap().question;
                    a.insert("question".into(), json!(q));
                }
            }
        }
        assert_eq!(
            normal(record),
            normal(serde_json::to_value(card).unwrap()),
            "{}",
            card.slug
        );
    }

    // Verdicts: each (benchmark, context, assumption) once, and together
    // with the contexts they give back the model's contexts.
    let verdicts = json["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), total_verdicts(&cat));
    let mut assessments: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for v in verdicts {
        let mut v = v.as_object().unwrap().clone();
        let mut take = |k: &str| v.remove(k).unwrap().as_str().unwrap().to_string();
        let (benchmark, context, assumption) =
            (take("benchmark"), take("context"), take("assumption"));
        assert!(
            seen.insert((benchmark.clone(), context.clone(), assumption.clone())),
            "{benchmark} {context} {assumption} twice"
        );
        assert!(v.contains_key("reason") && v.contains_key("assessor"));
        let by_card = assessments
            .entry(context)
            .or_default()
            .entry(benchmark)
            .or_insert_with(|| json!({}));
        by_card[&assumption] = Value::Object(v);
    }
    let contexts = json["contexts"].as_array().unwrap();
    assert_eq!(contexts.len(), cat.contexts.len());
    for (record, ctx) in contexts.iter().zip(&cat.contexts) {
        assert!(record.get("assessments").is_none(), "verdicts stand apart");
        let mut record = record.clone();
        record["assessments"] = Value::Object(assessments.remove(&ctx.id).unwrap_or_default());
        assert_eq!(
            normal(record),
            normal(serde_json::to_value(ctx).unwrap()),
            "{}",
            ctx.id
        );
    }
    assert!(assessments.is_empty(), "verdicts of unknown contexts");

    let m: Value = serde_json::from_str(&read(&out.path().join("match.json"))).unwrap();
    assert_eq!(
        m["cards"].as_array().unwrap().len(),
        cat.cards.iter().filter(|c| c.is_reviewed()).count(),
        "match.json offers reviewed cards only"
    );
    // Categories only: the answers' prose stays on the card pages.
    for c in m["cards"].as_array().unwrap() {
        let card = cat.card(c["slug"].as_str().unwrap()).unwrap();
        let answers = c["answers"].as_object().unwrap();
        for (id, a) in answers {
            assert_eq!(a.as_object().unwrap().len(), 1, "{id}: category only");
            assert_eq!(a["category"].as_str(), card.answers[id].category.as_deref());
        }
        let categorised = card
            .answers
            .values()
            .filter(|a| a.category.is_some())
            .count();
        assert_eq!(answers.len(), categorised);
    }
}

#[test]
fn csv_exports_hold_each_answer_and_verdict_once() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;

    // catalogue.csv: one row per benchmark.
    let catalogue_text = read(&out.path().join("catalogue.csv"));
    let rows = parse_csv(&catalogue_text);
    assert_eq!(
        rows[0],
        exports::catalogue_csv_header(&cat.registry),
        "header"
    );
    let rows = records(&rows);
    assert_eq!(rows.len(), cat.cards.len());
    for (r, card) in rows.iter().zip(&cat.cards) {
        assert_eq!(r["slug"], card.slug);
        assert_eq!(r["benchmark_name"], card.benchmark_name);
        assert_eq!(r["title"], card.title);
        assert_eq!(r["citation"], card.citation);
        assert_eq!(
            r["year"],
            card.year.map(|y| y.to_string()).unwrap_or_default()
        );
        assert_eq!(r["added"], card.added.as_deref().unwrap_or(""));
        assert_eq!(r["review"], card.review.status.as_str());
        assert_eq!(r["domains"], card.domains.join("; "));
        assert_eq!(r["tags"], card.tags.join("; "));
        assert_eq!(r["paper_url"], card.links.paper.as_deref().unwrap_or(""));
        assert_eq!(
            r["intended_use"],
            card.intended_use.as_deref().unwrap_or("")
        );
        for a in &cat.registry.assumptions {
            let ans = card.answers.get(&a.id);
            assert_eq!(
                r[format!("{}_answer", a.id).as_str()],
                ans.map_or("", |x| &x.text),
                "{} {}",
                card.slug,
                a.id
            );
            assert_eq!(
                r[format!("{}_category", a.id).as_str()],
                ans.and_then(|x| x.category.as_deref()).unwrap_or(""),
            );
        }
    }
    let unregistered = cat
        .cards
        .iter()
        .flat_map(|c| c.answers.keys())
        .filter(|id| cat.registry.get(id).is_none())
        .count();
    assert_eq!(unregistered, 0, "every answer has its columns");

    // verdicts.csv: one row per verdict.
    let verdict_rows = parse_csv(&read(&out.path().join("verdicts.csv")));
    assert_eq!(verdict_rows[0], exports::VERDICTS_CSV_HEADER);
    let verdict_rows = records(&verdict_rows);
    assert_eq!(verdict_rows.len(), total_verdicts(&cat));
    let mut seen = BTreeSet::new();
    for r in &verdict_rows {
        assert!(seen.insert((r["benchmark"], r["context"], r["assumption"])));
        let a = cat
            .context(r["context"])
            .and_then(|c| c.assessment(r["benchmark"], r["assumption"]))
            .unwrap_or_else(|| panic!("{r:?} is no verdict"));
        assert_eq!(r["verdict"], a.verdict.as_str());
        assert_eq!(r["reason"], a.reason);
        assert_eq!(r["assessor"], a.assessor.as_str());
        assert_eq!(r["locator"], a.locator().unwrap_or(""));
    }

    // assumptions.csv: each question once, and nowhere else.
    let assumption_rows = parse_csv(&read(&out.path().join("assumptions.csv")));
    assert_eq!(assumption_rows[0], exports::ASSUMPTIONS_CSV_HEADER);
    let assumption_rows = records(&assumption_rows);
    assert_eq!(assumption_rows.len(), cat.registry.assumptions.len());
    for (r, a) in assumption_rows.iter().zip(&cat.registry.assumptions) {
        assert_eq!(
            (r["id"], r["kind"], r["name"], r["question"]),
            (
                a.id.as_str(),
                a.kind.as_str(),
                a.name.as_str(),
                a.question.as_str()
            )
        );
        let categories: Vec<String> = a
            .categories
            .iter()
            .map(|c| format!("{}={}", c.id, c.label))
            .collect();
        assert_eq!(r["categories"], categories.join("; "));
        assert!(!catalogue_text.contains(&a.question), "{}", a.id);
    }
}

#[test]
fn each_export_is_no_larger_than_the_card_sources() {
    let out = built(&repo());
    let sources: u64 = walkdir::WalkDir::new(repo().join("cards"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(sources > 0);
    for file in [
        "catalogue.json",
        "catalogue.csv",
        "verdicts.csv",
        "assumptions.csv",
        "match.json",
    ] {
        let bytes = std::fs::metadata(out.path().join(file)).unwrap().len();
        assert!(
            bytes <= sources,
            "{file}: {bytes} bytes, more than the {sources} bytes of cards/**/*.yaml"
        );
    }
}
