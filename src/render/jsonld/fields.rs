//! The values of single properties: the `@context`, people, links,
//! keywords, licences and versions, and dropping what is empty.

use crate::model::Card;
use crate::render::cite::Author;
use serde_json::{Value, json};

/// The Croissant 1.1 `@context`, as `mlcroissant` writes it (a context
/// without some of these keys draws its "not standard" warning).
const CROISSANT_CONTEXT: &str = r#"{
  "@language": "en", "@vocab": "https://schema.org/",
  "arrayShape": "cr:arrayShape", "citeAs": "cr:citeAs", "column": "cr:column",
  "conformsTo": "dct:conformsTo", "containedIn": "cr:containedIn",
  "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
  "data": {"@id": "cr:data", "@type": "@json"},
  "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
  "dct": "http://purl.org/dc/terms/", "description": {"@container": "@language"},
  "equivalentProperty": "cr:equivalentProperty",
  "examples": {"@id": "cr:examples", "@type": "@json"},
  "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty",
  "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
  "includes": "cr:includes", "isArray": "cr:isArray", "isLiveDataset": "cr:isLiveDataset",
  "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5",
  "name": {"@container": "@language"}, "parentField": "cr:parentField", "path": "cr:path",
  "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex",
  "repeated": "cr:repeated", "replace": "cr:replace", "samplingRate": "cr:samplingRate",
  "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
  "subField": "cr:subField", "transform": "cr:transform"
}"#;

/// [`CROISSANT_CONTEXT`] with the `cardsite:` prefix.
pub(super) fn context(namespace: String) -> Value {
    static BASE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(CROISSANT_CONTEXT).expect("the Croissant context is JSON")
    });
    let mut c = BASE.clone();
    if let Value::Object(m) = &mut c {
        m.insert("cardsite".into(), Value::String(namespace));
    }
    c
}

pub(super) fn organization(name: &str) -> Value {
    json!({"@type": "Organization", "name": name})
}

/// The reference's authors (an `et al.` ends the list, and is left out).
pub(super) fn creators(card: &Card) -> Vec<Value> {
    let Some(r) = card.reference.as_ref() else {
        return Vec::new();
    };
    r.authors
        .iter()
        .filter(|a| !a.trim().is_empty())
        .filter_map(|a| match Author::parse(a) {
            Author::Person { family, given, .. } => Some(json!({
                "@type": "Person",
                "name": given.as_ref().map_or(family.clone(), |g| format!("{g} {family}")),
                "familyName": family,
                "givenName": given,
            })),
            Author::Literal(name) => Some(json!({"@type": "Person", "name": name})),
            Author::Others => None,
        })
        .collect()
}

/// The benchmark's paper, dataset, code and homepage links.
pub(super) fn same_as(card: &Card) -> Vec<&str> {
    let l = &card.links;
    let mut out: Vec<&str> = [&l.paper, &l.dataset, &l.code, &l.homepage]
        .into_iter()
        .filter_map(|u| u.as_deref().map(str::trim))
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .collect();
    out.dedup();
    out
}

/// Domains, then tags, each once (ignoring case).
pub(super) fn keywords(card: &Card) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    card.domains
        .iter()
        .chain(&card.tags)
        .map(|k| k.trim())
        .filter(|k| !k.is_empty() && seen.insert(k.to_lowercase()))
        .collect()
}

/// A licence: the card's text, with its SPDX page when the text names a
/// licence SPDX lists ("CC BY-SA 4.0 (repository README)" → CC-BY-SA-4.0).
pub(super) fn license(text: &str) -> Value {
    const KNOWN: &[&str] = &[
        "MIT",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "CC0-1.0",
        "CC-BY-3.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-NC-ND-4.0",
        "ODbL-1.0",
        "PDDL-1.0",
        "GPL-3.0",
        "CDLA-Permissive-2.0",
    ];
    let head = text.split('(').next().unwrap_or("").trim();
    let id = head.split_whitespace().collect::<Vec<_>>().join("-");
    match KNOWN.iter().find(|k| k.eq_ignore_ascii_case(&id)) {
        Some(k) => json!({
            "@type": "CreativeWork",
            "name": text.trim(),
            "url": format!("https://spdx.org/licenses/{k}.html"),
        }),
        None => Value::String(text.trim().to_string()),
    }
}

/// Whether `v` is MAJOR[.MINOR[.PATCH]] (what Croissant's `version` wants;
/// anything else goes to `cardsite:version`).
pub(super) fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && (core.len() == v.len() || parts.len() == 3)
}

/// Drops nulls, empty strings, empty lists and empty objects, everywhere.
pub(super) fn prune(v: &mut Value) {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        }
    }
    match v {
        Value::Array(a) => {
            a.iter_mut().for_each(prune);
            a.retain(|x| !empty(x));
        }
        Value::Object(o) => {
            o.values_mut().for_each(prune);
            o.retain(|_, x| !empty(x));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_semver_or_free_text() {
        for ok in ["1", "1.2", "1.2.3", "1.2.3-rc.1", "0.10.0+b5"] {
            assert!(is_semver(ok), "{ok}");
        }
        for no in ["", "v1", "1.2.3.4", "01.2", "1.2-rc", "Pilot, 2025"] {
            assert!(!is_semver(no), "{no}");
        }
    }
}
