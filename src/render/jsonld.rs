//! JSON-LD for a card's page (`<script type="application/ld+json">` in its
//! head): a schema.org `Dataset` for the benchmark, in Croissant 1.1 with its
//! responsible-AI (`rai:`) fields where the card has them, the card itself as
//! the Dataset's `subjectOf` (an `Article` at the card's page), and the
//! card's assumptions, answers and verdicts in the small `cardsite:`
//! vocabulary documented in `docs/jsonld.md` and on the site's `vocabulary`
//! page. `mlcroissant validate` reports no errors on it (tests/cli/jsonld.rs).

use super::Renderer;
use super::cite::{MAINTAINERS, Work};
use crate::markdown;
use crate::model::format::ReviewStatus;
use crate::model::{Card, Catalogue};
use crate::routes::{BaseUrl, Route};
use assumptions::{assumptions, limitations};
use fields::{context, creators, is_semver, keywords, license, organization, prune, same_as};
use serde_json::{Value, json};

mod assumptions;
mod fields;

/// The Croissant version the records conform to.
pub const CROISSANT: &str = "http://mlcommons.org/croissant/1.1";

/// The licence of a card written by the catalogue's maintainers (see
/// `cards/LICENSE.md`; an imported card keeps its source's licence).
pub const CARD_LICENSE: (&str, &str) =
    ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/");

/// The `cardsite:` namespace when the site's own vocabulary page has no
/// absolute address (no origin in `base_url`, or no `content/vocabulary.md`).
pub const FALLBACK_NAMESPACE: &str = "urn:cardsite:vocabulary#";

/// The content page (`content/vocabulary.md`) that documents the vocabulary.
pub const VOCABULARY_PAGE: &str = "vocabulary";

/// What a record needs to know about the site.
pub struct Site<'a> {
    pub base: &'a BaseUrl,
    pub title: &'a str,
    /// Whether the site publishes the vocabulary page.
    pub vocabulary: bool,
}

impl Site<'_> {
    /// The `cardsite:` namespace IRI: the vocabulary page's absolute address
    /// with `#`, else [`FALLBACK_NAMESPACE`] (a prefix must be absolute).
    pub fn namespace(&self) -> String {
        if self.vocabulary && !self.base.absolute().is_empty() {
            format!("{}#", self.base.url_absolute(Route::Page(VOCABULARY_PAGE)))
        } else {
            FALLBACK_NAMESPACE.to_string()
        }
    }
}

/// The `<script>` text for `card`'s page; `modified` is when its file last
/// changed (from git), if known.
pub(crate) fn for_page(r: &Renderer<'_>, card: &Card, modified: Option<&str>) -> String {
    let site = Site {
        base: r.config.base(),
        title: &r.site.title,
        vocabulary: r.content.iter().any(|p| p.slug == VOCABULARY_PAGE),
    };
    script_text(&record(r.catalogue, card, &site, modified))
}

/// JSON for inside a `<script>` element: `<`, `>` and `&` written as
/// `\u003c`, `\u003e` and `\u0026`, so no text can end the element or open
/// a comment. JSON has those characters only inside strings, where the
/// escapes mean the same.
pub fn script_text(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    // Bytes, not chars: the three are ASCII, and a record is ~20 KB.
    let mut out = String::with_capacity(s.len() + 16);
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

/// The record for `card`, before escaping.
pub fn record(cat: &Catalogue, card: &Card, site: &Site<'_>, modified: Option<&str>) -> Value {
    let b = site.base;
    let page = b.url_absolute(Route::Card(&card.slug));
    let version = card.version.as_deref().map(str::trim);
    let semver = version.filter(|v| is_semver(v));
    let description = card
        .summary
        .as_deref()
        .map(markdown::plain_text)
        .filter(|s| !s.is_empty())
        .or_else(|| card.intended_use.clone())
        .unwrap_or_else(|| {
            format!(
                "{}, a benchmark documented by a BenchmarkCard: the assumptions that separate its evaluation from deployment.",
                card.benchmark_name
            )
        });
    let mut names = vec![card.title.as_str()];
    names.extend(card.abbreviation.as_deref());
    names.retain(|n| *n != card.benchmark_name);
    names.dedup();
    let mut dataset = json!({
        "@context": context(site.namespace()),
        "@type": "sc:Dataset",
        "@id": format!("{page}#benchmark"),
        "conformsTo": CROISSANT,
        "name": card.benchmark_name,
        "alternateName": names,
        "description": description,
        "url": page,
        "identifier": card.reference.as_ref().and_then(|r| r.doi.as_deref()).map(|d| format!("https://doi.org/{}", d.trim())),
        "sameAs": same_as(card),
        "citeAs": Work::benchmark(card).bibtex(),
        "license": card.license.as_deref().map(license),
        "keywords": keywords(card),
        "creator": creators(card),
        "datePublished": card.year.or(card.reference.as_ref().and_then(|r| r.year)).map(|y| format!("{y:04}")),
        "version": semver,
        "cardsite:version": version.filter(|v| !is_semver(v)),
        "inLanguage": card.languages,
        "rai:dataCollection": card.data.as_ref().and_then(|d| d.source.as_deref()),
        "rai:dataUseCases": card.intended_use.as_slice(),
        "rai:dataLimitations": limitations(cat, card),
        "cardsite:assumption": assumptions(cat, card, b),
        "subjectOf": article(card, site, &page, modified),
    });
    prune(&mut dataset);
    dataset
}

/// The card as a creative work of its own.
fn article(card: &Card, site: &Site<'_>, page: &str, modified: Option<&str>) -> Value {
    let b = site.base;
    let maintainers: Vec<Value> = if card.maintainers.is_empty() {
        vec![organization(MAINTAINERS)]
    } else {
        card.maintainers
            .iter()
            .map(|m| json!({"@type": "Person", "name": m}))
            .collect()
    };
    let source_licence = card
        .provenance
        .as_ref()
        .and_then(|p| p.license.as_deref())
        .filter(|_| card.review.status == ReviewStatus::Imported);
    let licence = source_licence.map(license).unwrap_or_else(
        || json!({"@type": "CreativeWork", "name": CARD_LICENSE.0, "url": CARD_LICENSE.1}),
    );
    let prov = card.provenance.as_ref();
    json!({
        "@type": "Article",
        "@id": page,
        "url": page,
        "name": format!("{} — BenchmarkCard", card.title),
        "datePublished": card.added,
        "dateModified": modified,
        "license": licence,
        "author": organization(MAINTAINERS),
        "publisher": organization(MAINTAINERS),
        "maintainer": maintainers,
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": b.canonical()},
        "encoding": [
            {"@type": "MediaObject", "contentUrl": b.url_absolute(Route::CardJson(&card.slug)), "encodingFormat": "application/json"},
            {"@type": "MediaObject", "contentUrl": b.url_absolute(Route::CardBib(&card.slug)), "encodingFormat": "application/x-bibtex"},
        ],
        "isBasedOn": prov.map_or(Vec::new(), |p| p.sources.iter().map(|s| json!({
            "@type": "CreativeWork", "name": s.title, "url": s.url,
        })).collect()),
        "cardsite:reviewStatus": card.review.status.as_str(),
        "cardsite:reviewedBy": card.review.reviewed_by.iter().map(|r| json!({
            "@type": "cardsite:Review",
            "name": r.name,
            "cardsite:role": match r.role {
                crate::model::format::ReviewerRole::Maintainer => "maintainer",
                crate::model::format::ReviewerRole::BenchmarkAuthor => "benchmark-author",
            },
            "cardsite:date": r.date,
        })).collect::<Vec<_>>(),
        "cardsite:verified": prov.map(|p| p.verified),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Registry};

    fn card(text: &str) -> Card {
        let mut answers = std::collections::BTreeMap::new();
        answers.insert(
            "query_authorship".to_string(),
            Answer {
                question: "Who wrote the queries?".into(),
                text: text.into(),
                category: Some("experts".into()),
                evidence: vec![],
                departs: None,
            },
        );
        Card {
            slug: "evil".into(),
            file: "cards/evil.yaml".into(),
            benchmark_name: text.into(),
            title: text.into(),
            citation: text.into(),
            reference: None,
            version: Some("1.2.0".into()),
            intended_use: Some(text.into()),
            summary: Some(text.into()),
            year: Some(2024),
            added: Some("2026-01-15".into()),
            domains: vec![text.into()],
            tags: vec![],
            links: Default::default(),
            maintainers: vec![],
            license: Some("CC BY-SA 4.0 (README)".into()),
            provenance: None,
            answers,
            measurements: vec![],
            notes: Some(text.into()),
            abbreviation: None,
            languages: vec![],
            data: None,
            metrics: vec![],
            review: Default::default(),
        }
    }

    fn catalogue(c: Card) -> Catalogue {
        Catalogue {
            registry: Registry::builtin(),
            cards: vec![c],
            contexts: vec![],
        }
    }

    #[test]
    fn script_text_escapes_what_could_end_the_script_and_parses_back() {
        let evil = "</script><!-- a & b --> <script>alert(1)</script>";
        let cat = catalogue(card(evil));
        let base = BaseUrl::parse("https://example.org/cards/").unwrap();
        let site = Site {
            base: &base,
            title: "T",
            vocabulary: true,
        };
        let v = record(&cat, &cat.cards[0], &site, Some("2026-02-01"));
        let text = script_text(&v);
        for bad in ['<', '>', '&'] {
            assert!(!text.contains(bad), "{bad} in {text}");
        }
        assert!(text.contains("\\u003c/script\\u003e"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        assert_eq!(back["name"], evil);
        assert_eq!(back["rai:dataLimitations"][1], evil);
        assert_eq!(
            back["@context"]["cardsite"],
            "https://example.org/cards/vocabulary/#"
        );
        assert_eq!(back["subjectOf"]["dateModified"], "2026-02-01");
        assert_eq!(back["version"], "1.2.0");
        assert_eq!(
            back["license"]["url"],
            "https://spdx.org/licenses/CC-BY-SA-4.0.html"
        );
        assert_eq!(
            script_text(&json!({"a": "x<y>&z", "b": ["\\"]})),
            r#"{"a":"x\u003cy\u003e\u0026z","b":["\\"]}"#
        );
    }

    #[test]
    fn without_an_origin_the_namespace_falls_back_and_links_are_paths() {
        let cat = catalogue(card("Plain"));
        let base = BaseUrl::parse("/sub/").unwrap();
        let site = Site {
            base: &base,
            title: "T",
            vocabulary: true,
        };
        let v = record(&cat, &cat.cards[0], &site, None);
        assert_eq!(v["@context"]["cardsite"], FALLBACK_NAMESPACE);
        assert_eq!(v["url"], "/sub/benchmarks/evil/");
        assert!(v["subjectOf"].get("dateModified").is_none());
    }
}
