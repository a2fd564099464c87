//! The export writers on a small site, written into memory.

use super::*;
use crate::model::Catalogue;
use serde_json::Value;

fn field(s: &str) -> String {
    let mut out = Vec::new();
    super::csv::push_field(&mut out, s).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn csv_quotes_only_when_needed() {
    assert_eq!(field("plain"), "plain");
    assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
    assert_eq!(field("\"\""), "\"\"\"\"\"\"");
    assert_eq!(field("two\nlines"), "\"two\nlines\"");
}

/// A tiny RFC 4180 reader: rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (vec![], vec![], String::new());
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
    assert!(field.is_empty() && row.is_empty(), "rows end with CRLF");
    rows
}

const CARD_A: &str = r#"benchmark_name: "Alpha, the first"
citation: "A \"quoted\" 2024"
year: 2024
domains: [Healthcare, "Triage; urgent"]
links: { paper: "https://example.org/a" }
intended_use_case: { answer: "x" }
review: { status: imported }
task:
  interaction_type:
    question: "Our own question?"
    answer: "Single-turn,\nthen done."
    category: single-turn
  query_authorship: { answer: "Experts." }
"#;

const CARD_B: &str = r#"benchmark_name: "Beta"
citation: "B 2020"
intended_use_case: { answer: "y", deployment_context: "Some clinic" }
task:
  interaction_type:
    answer: "Multi-turn."
    category: multi-turn
    holds_at_deployment: "No. The clinic talks in turns."
"#;

const CONTEXT: &str = r#"name: "Ward"
assessor: "us"
profile: { interaction_type: multi-turn }
assessments:
  a:
    interaction_type:
      verdict: "no"
      reason: "Single turn, \"only\"."
      assessor: paper
      locator: "Table 3"
      evidence:
        - quote: "Single-shot prompts only."
          url: https://example.org/paper
    query_authorship: "Partially. Experts, not patients."
  b:
    interaction_type: "Yes. Multi-turn."
"#;

fn small_site() -> (tempfile::TempDir, Catalogue) {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    std::fs::create_dir_all(cards.join("contexts")).unwrap();
    std::fs::write(cards.join("a.yaml"), CARD_A).unwrap();
    std::fs::write(cards.join("b.yaml"), CARD_B).unwrap();
    std::fs::write(cards.join("contexts/ward.yaml"), CONTEXT).unwrap();
    let checked = crate::site::load(dir.path(), None);
    assert!(
        !checked.diagnostics.has_errors(),
        "{:?}",
        checked.diagnostics.iter().collect::<Vec<_>>()
    );
    (dir, checked.catalogue)
}

fn written(f: impl Fn(&Catalogue, &mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let (_dir, cat) = small_site();
    let mut out = Vec::new();
    f(&cat, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn catalogue_json_writes_questions_once_and_verdicts_apart() {
    let (_dir, cat) = small_site();
    let mut out = Vec::new();
    catalogue_json(&cat, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["generator"], GENERATOR);
    assert_eq!(
        json["assumptions"],
        serde_json::to_value(&cat.registry.assumptions).unwrap()
    );
    for a in &cat.registry.assumptions {
        assert_eq!(text.matches(&*a.question).count(), 1, "{}", a.id);
    }
    let a = &json["cards"][0];
    assert_eq!(a["slug"], "a");
    assert_eq!(
        a["answers"]["interaction_type"]["question"],
        "Our own question?"
    );
    assert_eq!(
        a["answers"]["interaction_type"]["text"],
        "Single-turn,\nthen done."
    );
    let qa = a["answers"]["query_authorship"].as_object().unwrap();
    assert_eq!(
        qa.keys().collect::<Vec<_>>(),
        ["text"],
        "no registry question, no absent category"
    );
    assert!(a.get("version").is_none() && a.get("tags").is_none());
    assert_eq!(a["review"]["status"], "imported");
    // Contexts: the file's, then the inline one made from card b's prose.
    let contexts = json["contexts"].as_array().unwrap();
    assert_eq!(contexts.len(), cat.contexts.len());
    assert!(contexts.iter().all(|c| c.get("assessments").is_none()));
    assert_eq!(contexts[0]["id"], "ward");
    assert_eq!(contexts[0]["source"], "file");
    assert_eq!(contexts[0]["profile"]["interaction_type"], "multi-turn");
    let verdicts = json["verdicts"].as_array().unwrap();
    let total: usize = cat
        .contexts
        .iter()
        .flat_map(|c| c.assessments.values())
        .map(|v| v.len())
        .sum();
    assert_eq!(verdicts.len(), total);
    assert_eq!(total, 4);
    let v = &verdicts[0];
    assert_eq!(
        (&v["benchmark"], &v["context"], &v["assumption"]),
        (&"a".into(), &"ward".into(), &"interaction_type".into())
    );
    assert_eq!(v["verdict"], "no");
    assert_eq!(v["assessor"], "paper");
    assert_eq!(v["locator"], "Table 3");
    assert_eq!(v["evidence"][0]["quote"], "Single-shot prompts only.");
    assert_eq!(verdicts[1]["assessor"], "maintainers");
    assert!(verdicts[1].get("locator").is_none());
    let inline = verdicts.last().unwrap();
    assert_eq!(inline["benchmark"], "b");
    assert_eq!(inline["context"], cat.contexts[1].id.as_str());
    assert_eq!(inline["reason"], "The clinic talks in turns.");
}

#[test]
fn card_verdicts_are_the_cards_share_of_the_verdicts() {
    let (_dir, cat) = small_site();
    for card in &cat.cards {
        let mine: Vec<_> = card_verdicts(&cat, &card.slug)
            .map(|v| serde_json::to_value(v).unwrap())
            .collect();
        let all: Vec<_> = verdict_records(&cat)
            .filter(|v| v.benchmark == card.slug)
            .map(|v| serde_json::to_value(v).unwrap())
            .collect();
        assert!(!mine.is_empty());
        assert_eq!(mine, all, "{}", card.slug);
        // A card's record is the card's part of catalogue.json.
        let record = serde_json::to_value(card_record(&cat, card)).unwrap();
        assert_eq!(record["slug"], card.slug.as_str());
    }
}

#[test]
fn catalogue_csv_has_one_row_per_benchmark() {
    let rows = parse_csv(&written(catalogue_csv));
    let (_dir, cat) = small_site();
    let header = catalogue_csv_header(&cat.registry);
    assert_eq!(rows[0], header);
    assert_eq!(header.len(), CATALOGUE_CSV_COLUMNS.len() + 2 * 5);
    assert_eq!(rows.len(), 1 + cat.cards.len());
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let a = &rows[1];
    assert_eq!(a[col("benchmark_name")], "Alpha, the first");
    assert_eq!(a[col("citation")], "A \"quoted\" 2024");
    assert_eq!(a[col("domains")], "Healthcare; Triage; urgent");
    assert_eq!(a[col("paper_url")], "https://example.org/a");
    assert_eq!(a[col("review")], "imported");
    assert_eq!(a[col("year")], "2024");
    assert_eq!(
        a[col("interaction_type_answer")],
        "Single-turn,\nthen done."
    );
    assert_eq!(a[col("interaction_type_category")], "single-turn");
    assert_eq!(a[col("query_authorship_answer")], "Experts.");
    assert_eq!(a[col("query_authorship_category")], "");
    assert_eq!(a[col("outcome_validity_answer")], "");
    assert_eq!(rows[2][col("year")], "");
}

#[test]
fn verdicts_csv_has_one_row_per_verdict() {
    let rows = parse_csv(&written(verdicts_csv));
    assert_eq!(rows[0], VERDICTS_CSV_HEADER);
    assert_eq!(rows.len(), 1 + 4);
    assert!(rows.iter().all(|r| r.len() == VERDICTS_CSV_HEADER.len()));
    assert_eq!(
        rows[1],
        [
            "a",
            "ward",
            "interaction_type",
            "no",
            "Single turn, \"only\".",
            "paper",
            "Table 3"
        ]
    );
    assert_eq!(
        rows[2],
        [
            "a",
            "ward",
            "query_authorship",
            "partially",
            "Experts, not patients.",
            "maintainers",
            ""
        ]
    );
}

#[test]
fn assumptions_csv_lists_each_question_once() {
    let rows = parse_csv(&written(assumptions_csv));
    assert_eq!(rows[0], ASSUMPTIONS_CSV_HEADER);
    let reg = crate::model::Registry::builtin();
    assert_eq!(rows.len(), 1 + reg.assumptions.len());
    for (row, a) in rows[1..].iter().zip(&reg.assumptions) {
        assert_eq!(row[..4], [&a.id, a.kind.as_str(), &a.name, &a.question]);
    }
    assert!(
        rows.iter().any(|r| r[4]
            == "single-turn=Single-turn; multi-turn=Multi-turn; both=Single- and multi-turn"),
        "{rows:?}"
    );
}

#[test]
fn a_failed_write_is_reported() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::StorageFull.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (_dir, cat) = small_site();
    assert!(catalogue_json(&cat, &mut Full).is_err());
    assert!(catalogue_csv(&cat, &mut Full).is_err());
    assert!(verdicts_csv(&cat, &mut Full).is_err());
    assert!(assumptions_csv(&cat, &mut Full).is_err());
}
