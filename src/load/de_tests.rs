//! Typed reads from located trees, against the JSON detour they replace.

use super::*;
use crate::model::format::{CardFile, ContextFile, RegistryFile, VerdictFile};
use std::collections::BTreeMap;
use std::path::Path;

fn tree(text: &str) -> Node {
    crate::load::yaml::parse(Path::new("t.yaml"), text).unwrap()
}

#[test]
fn a_card_reads_as_it_did_through_json() {
    let text = "benchmark_name: MedQA\ncitation: Jin 2021\nyear: 2021\n\
        intended_use_case: {answer: exams}\ntask:\n  interaction_type:\n    answer: single\n    \
        evidence: [{quote: q, url: 'https://x.org'}]\nmeasurements:\n  - {label: a, value: 50, n: 3}\n  \
        - {label: b, value: 12.5}\nreview: {status: imported}\nprovenance: {verified: true}\n";
    let node = tree(text);
    let direct: CardFile = from_node(&node).unwrap();
    let via_json: CardFile = serde_json::from_value(node.to_json()).unwrap();
    assert_eq!(direct, via_json);
    assert_eq!(direct.measurements[0].value, 50.0);
    assert_eq!(direct.measurements[0].n, Some(3));
}

#[test]
fn untagged_verdicts_read_both_ways() {
    let v: VerdictFile = from_node(&tree("No. Multi-turn.")).unwrap();
    assert_eq!(v, VerdictFile::Text("No. Multi-turn.".into()));
    let node = tree("verdict: no\nassessor: paper\nlocator: Table 2\n");
    let v: VerdictFile = from_node(&node).unwrap();
    assert!(matches!(v, VerdictFile::Structured { ref verdict, .. } if verdict == "no"));
    assert_eq!(v, serde_json::from_value(node.to_json()).unwrap());
}

#[test]
fn errors_carry_the_innermost_position() {
    let node =
        tree("benchmark_name: x\ncitation: y\nmeasurements:\n  - label: a\n    value: high\n");
    let e = from_node::<CardFile>(&node).unwrap_err();
    assert_eq!(e.pos, Some(Pos::new(5, 12)));
    assert!(
        e.message.starts_with("invalid type: string \"high\""),
        "{e}"
    );
    let e =
        from_node::<CardFile>(&tree("benchmark_name: x\ncitation: y\ncolour: red\n")).unwrap_err();
    assert_eq!(e.pos, Some(Pos::new(3, 1)));
    assert!(e.message.starts_with("unknown field `colour`"), "{e}");
    let e = from_node::<CardFile>(&tree("benchmark_name: x\nyear: ~\ncitation: ~\n")).unwrap_err();
    assert_eq!(e.message, "invalid type: null, expected a string");
    assert_eq!(e.pos, Some(Pos::new(3, 11)));
    let e = from_node::<RegistryFile>(&tree("assumptions: [{id: a}]\n")).unwrap_err();
    assert_eq!(e.message, "missing field `kind`");
    assert_eq!(e.pos, Some(Pos::new(1, 15)));
}

#[test]
fn skipped_keys_are_never_read() {
    let node = tree("name: Clinic\nassessments: {a: {b: [not, a, verdict]}}\n");
    assert!(from_node::<ContextFile>(&node).is_err());
    let header: ContextFile = from_node_without(&node, &["assessments"]).unwrap();
    assert_eq!(header.name, "Clinic");
    assert!(header.assessments.is_empty());
}

#[test]
fn keys_read_as_text_and_enums_as_strings_or_one_key_maps() {
    let m: BTreeMap<String, u8> = from_node(&tree("1: 2\ntrue: 3\n")).unwrap();
    assert_eq!(m["1"] + m["true"], 5);
    let a: crate::model::format::Assessor = from_node(&tree("paper")).unwrap();
    assert_eq!(a, crate::model::format::Assessor::Paper);
    let a: crate::model::format::Assessor = from_node(&tree("{authors: null}")).unwrap();
    assert_eq!(a, crate::model::format::Assessor::Authors);
    assert!(from_node::<crate::model::format::Assessor>(&tree("[paper]")).is_err());
}
