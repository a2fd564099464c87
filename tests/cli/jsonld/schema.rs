//! The schema.org structural check of a card's record: the `@context`,
//! the `@type` of each node, the type of each property's value, and every
//! term known to schema.org, Croissant or the site's vocabulary page.

use super::BASE;
use serde_json::Value;

/// The schema.org properties the records use.
const SCHEMA_PROPERTIES: &[&str] = &[
    "name",
    "alternateName",
    "description",
    "url",
    "identifier",
    "sameAs",
    "license",
    "keywords",
    "creator",
    "datePublished",
    "dateModified",
    "version",
    "inLanguage",
    "subjectOf",
    "author",
    "publisher",
    "maintainer",
    "isPartOf",
    "encoding",
    "contentUrl",
    "encodingFormat",
    "isBasedOn",
    "text",
    "familyName",
    "givenName",
];
/// The schema.org classes they use (`Dataset` as `sc:Dataset`, as Croissant writes it).
const SCHEMA_CLASSES: &[&str] = &[
    "sc:Dataset",
    "Article",
    "Person",
    "Organization",
    "CreativeWork",
    "WebSite",
    "MediaObject",
    "Quotation",
];
/// Croissant 1.1 and Croissant-RAI terms they use.
const CROISSANT_TERMS: &[&str] = &[
    "conformsTo",
    "citeAs",
    "rai:dataCollection",
    "rai:dataUseCases",
    "rai:dataLimitations",
];

fn s<'a>(v: &'a Value, key: &str, at: &str) -> &'a str {
    v[key]
        .as_str()
        .filter(|x| !x.trim().is_empty())
        .unwrap_or_else(|| panic!("{at}: {key} is not a non-empty string: {v}"))
}

fn list<'a>(v: &'a Value, key: &str, at: &str) -> &'a [Value] {
    match &v[key] {
        Value::Null => &[],
        Value::Array(a) if !a.is_empty() => a,
        other => panic!("{at}: {key} is not a non-empty list: {other}"),
    }
}

fn strings(v: &Value, key: &str, at: &str) {
    for x in list(v, key, at) {
        assert!(
            x.as_str().is_some_and(|x| !x.trim().is_empty()),
            "{at}: {key}: {x}"
        );
    }
}

fn is_date(d: &str) -> bool {
    let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = d.split('-').collect();
    match parts[..] {
        [y] => ok(y, 4),
        [y, m, dd] => ok(y, 4) && ok(m, 2) && ok(dd, 2),
        _ => false,
    }
}

fn typed<'a>(v: &'a Value, ty: &str, at: &str) -> &'a Value {
    assert_eq!(v["@type"], ty, "{at}: {v}");
    v
}

/// Every key is a keyword or a known term, every `@type` a known class;
/// `cardsite:` terms must be defined on the vocabulary page.
fn terms(v: &Value, vocabulary: &str, at: &str) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| terms(x, vocabulary, at)),
        Value::Object(o) => {
            for (k, x) in o {
                if k == "@context" {
                    continue;
                }
                let known = k.starts_with('@')
                    || SCHEMA_PROPERTIES.contains(&k.as_str())
                    || CROISSANT_TERMS.contains(&k.as_str())
                    || (k.starts_with("cardsite:")
                        && vocabulary.contains(&format!("<code>{k}</code>")));
                assert!(known, "{at}: unknown or undocumented term {k}");
                if k == "@type" {
                    let t = x.as_str().unwrap_or_else(|| panic!("{at}: @type {x}"));
                    let known = SCHEMA_CLASSES.contains(&t)
                        || (t.starts_with("cardsite:")
                            && vocabulary.contains(&format!("<code>{t}</code>")));
                    assert!(known, "{at}: unknown or undocumented class {t}");
                }
                terms(x, vocabulary, at);
            }
        }
        _ => {}
    }
}

/// The schema.org / Croissant structure of one card's record.
pub fn check_record(v: &Value, slug: &str, vocabulary: &str) {
    let at = slug;
    let page = format!("{BASE}benchmarks/{slug}/");
    let ctx = &v["@context"];
    assert_eq!(ctx["@vocab"], "https://schema.org/", "{at}");
    assert_eq!(ctx["sc"], "https://schema.org/", "{at}");
    assert_eq!(ctx["cr"], "http://mlcommons.org/croissant/", "{at}");
    assert_eq!(ctx["rai"], "http://mlcommons.org/croissant/RAI/", "{at}");
    assert_eq!(ctx["citeAs"], "cr:citeAs", "{at}");
    assert_eq!(ctx["cardsite"], format!("{BASE}vocabulary/#"), "{at}");
    typed(v, "sc:Dataset", at);
    assert_eq!(
        v["conformsTo"], "http://mlcommons.org/croissant/1.1",
        "{at}"
    );
    s(v, "name", at);
    s(v, "description", at);
    assert_eq!(v["url"], page, "{at}");
    let bib = crate::cite::parse_bib(s(v, "citeAs", at));
    assert_eq!(bib.len(), 1, "{at}: citeAs is one BibTeX entry");
    for key in [
        "alternateName",
        "keywords",
        "inLanguage",
        "rai:dataUseCases",
    ] {
        strings(v, key, at);
    }
    strings(v, "rai:dataLimitations", at);
    for u in list(v, "sameAs", at) {
        assert!(
            u.as_str().is_some_and(|u| u.starts_with("http")),
            "{at}: sameAs {u}"
        );
    }
    if let Some(id) = v.get("identifier") {
        assert!(
            id.as_str().unwrap().starts_with("https://doi.org/10."),
            "{at}: {id}"
        );
    }
    for c in list(v, "creator", at) {
        assert!(
            matches!(c["@type"].as_str(), Some("Person" | "Organization")),
            "{at}: {c}"
        );
        s(c, "name", at);
    }
    for key in ["datePublished"] {
        if let Some(d) = v.get(key) {
            assert!(is_date(d.as_str().unwrap()), "{at}: {key} {d}");
        }
    }
    let license = |l: &Value| match l {
        Value::String(t) => assert!(!t.trim().is_empty(), "{at}"),
        o => {
            typed(o, "CreativeWork", at);
            s(o, "name", at);
            assert!(s(o, "url", at).starts_with("https://"), "{at}: {o}");
        }
    };
    if let Some(l) = v.get("license") {
        license(l);
    }
    // The card, as the dataset's subjectOf.
    let card = typed(&v["subjectOf"], "Article", at);
    assert_eq!(card["@id"], page, "{at}");
    assert_eq!(card["url"], page, "{at}");
    s(card, "name", at);
    assert!(is_date(s(card, "datePublished", at)), "{at}");
    if let Some(d) = card.get("dateModified") {
        assert!(is_date(d.as_str().unwrap()), "{at}: {d}");
    }
    license(&card["license"]);
    for key in ["author", "publisher"] {
        s(typed(&card[key], "Organization", at), "name", at);
    }
    assert!(!list(card, "maintainer", at).is_empty(), "{at}");
    assert_eq!(typed(&card["isPartOf"], "WebSite", at)["url"], BASE, "{at}");
    let files: Vec<&str> = list(card, "encoding", at)
        .iter()
        .map(|e| s(typed(e, "MediaObject", at), "contentUrl", at))
        .collect();
    assert_eq!(
        files,
        [format!("{page}card.json"), format!("{page}cite.bib")],
        "{at}"
    );
    assert!(matches!(
        card["cardsite:reviewStatus"].as_str(),
        Some("paper" | "curated" | "imported")
    ));
    // The assumptions, answers and verdicts.
    for a in list(v, "cardsite:assumption", at) {
        typed(a, "cardsite:Assumption", at);
        let id = s(a, "cardsite:assumptionId", at);
        assert_eq!(a["url"], format!("{BASE}assumptions/{id}/"), "{at}");
        s(a, "name", at);
        s(a, "cardsite:question", at);
        assert!(
            matches!(a["cardsite:kind"].as_str(), Some("task" | "outcome")),
            "{at}: {a}"
        );
        assert!(
            a.get("cardsite:answer").is_some() || a.get("cardsite:verdict").is_some(),
            "{at}: {a}"
        );
        for q in list(a, "cardsite:evidence", at) {
            typed(q, "Quotation", at);
            s(q, "text", at);
            assert!(s(q, "isBasedOn", at).starts_with("http"), "{at}: {q}");
        }
        for x in list(a, "cardsite:verdict", at) {
            typed(x, "cardsite:Verdict", at);
            let c = typed(&x["cardsite:context"], "cardsite:DeploymentContext", at);
            let cid = s(c, "cardsite:contextId", at);
            assert_eq!(c["url"], format!("{BASE}contexts/{cid}/"), "{at}");
            s(c, "name", at);
            assert!(matches!(
                x["cardsite:holds"].as_str(),
                Some("yes" | "partially" | "no" | "unknown")
            ));
            assert!(matches!(
                x["cardsite:assessedBy"].as_str(),
                Some("paper" | "authors" | "maintainers")
            ));
        }
    }
    terms(v, vocabulary, at);
}
