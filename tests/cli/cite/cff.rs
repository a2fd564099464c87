//! The repository's `CITATION.cff`: its structure, and `cffconvert
//! --validate` where that is installed.

use crate::support::*;
use serde_json::Value;

/// CITATION.cff's top-level keys (Citation File Format 1.2.0).
const CFF_KEYS: [&str; 21] = [
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
];
#[test]
fn citation_cff_is_valid() {
    let path = repo().join("CITATION.cff");
    let cff: Value = serde_saphyr::from_str(&read(&path)).expect("CITATION.cff is YAML");
    let map = cff.as_object().expect("a mapping");
    for key in map.keys() {
        assert!(CFF_KEYS.contains(&key.as_str()), "unknown key {key}");
    }
    assert_eq!(cff["cff-version"], "1.2.0");
    for key in ["message", "title"] {
        assert!(
            cff[key].as_str().is_some_and(|s| !s.trim().is_empty()),
            "{key}"
        );
    }
    assert_eq!(cff["type"], "dataset");
    assert_eq!(cff["license"], "CC-BY-4.0");
    let authors = cff["authors"].as_array().expect("authors is a list");
    assert!(!authors.is_empty());
    for a in authors {
        assert!(
            a["name"].is_string() || a["family-names"].is_string(),
            "an author is an entity (name) or a person (family-names): {a}"
        );
    }
    assert_eq!(authors[0]["name"], "cardsite catalogue maintainers");
    let date = cff["date-released"].as_str().expect("date-released");
    assert!(
        date.len() == 10
            && date.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }),
        "date-released is YYYY-MM-DD: {date}"
    );
    // The reference validator, where it is installed (`pip install cffconvert`).
    let cffconvert = std::env::var("CFFCONVERT").unwrap_or_else(|_| "cffconvert".into());
    match std::process::Command::new(&cffconvert)
        .args(["--validate", "-i"])
        .arg(&path)
        .output()
    {
        Ok(o) => assert!(
            o.status.success(),
            "cffconvert:\n{}{}",
            stdout(&o),
            stderr(&o)
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "skipping cffconvert: not on PATH (pip install cffconvert); checked the structure only"
            )
        }
        Err(e) => panic!("running cffconvert: {e}"),
    }
}
