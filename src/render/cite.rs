//! Citations: BibTeX, CSL-JSON and a formatted reference for a benchmark
//! (from its card's `reference`, else its free-text `citation`), for a card
//! page (the card itself, published by the catalogue's maintainers) and for
//! the catalogue as a whole.

use crate::model::format::Reference;
use crate::model::{Card, Catalogue};
use serde::Serialize;

mod bibtex;
mod csl;

pub use bibtex::bib_escape;

/// Who writes and publishes the catalogue and its cards.
pub const MAINTAINERS: &str = "cardsite catalogue maintainers";

/// One name in an author list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// `family` and the given names (initials spelled `S. L.`), with the
    /// name as the card wrote it (`Fleming SL`) for formatted references.
    Person {
        family: String,
        given: Option<String>,
        written: String,
    },
    /// A group or a name that is not split (`cardsite catalogue maintainers`).
    Literal(String),
    /// `et al.`: the list is cut short.
    Others,
}

/// Whether `g` is a run of initials: `SL`, `H-Y`, `M S`, `A.P.`.
fn is_initials(g: &str) -> bool {
    let letters = g.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&letters)
        && g.chars()
            .all(|c| c.is_uppercase() || matches!(c, '-' | '.' | ' '))
}

/// Initials as BibTeX and CSL want them: `SL` → `S. L.`, `H-Y` → `H.-Y.`.
fn spell_initials(g: &str) -> String {
    if !is_initials(g) {
        return g.to_string();
    }
    let mut out = String::new();
    for c in g.chars().filter(|c| !matches!(c, '.' | ' ')) {
        if c == '-' {
            out.push('-');
            continue;
        }
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push(c);
        out.push('.');
    }
    out
}

/// "Family Given": the given names are the trailing run of initials
/// (`Hincapié M S`), else the last word (`Smith John`).
fn split_family_given(t: &str) -> (&str, &str) {
    let words: Vec<&str> = t.split(' ').collect();
    let initials = words
        .iter()
        .skip(1)
        .rev()
        .take_while(|w| is_initials(w))
        .count();
    let at = words.len() - initials.max(1).min(words.len().saturating_sub(1));
    if at == 0 || at >= words.len() {
        return (t, "");
    }
    let family_len = words[..at].iter().map(|w| w.len()).sum::<usize>() + at - 1;
    (&t[..family_len], &t[family_len + 1..])
}

impl Author {
    /// Reads "Family Given", "Family, Given", or `et al.`.
    pub fn parse(text: &str) -> Author {
        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if matches!(t.to_lowercase().as_str(), "et al." | "et al" | "others") {
            return Author::Others;
        }
        let (family, given) = match t.split_once(',') {
            Some((f, g)) => (f.trim(), g.trim()),
            None => split_family_given(&t),
        };
        if family.is_empty() {
            return Author::Literal(t.clone());
        }
        Author::Person {
            family: family.to_string(),
            given: (!given.is_empty()).then(|| spell_initials(given)),
            written: format!("{family} {given}").trim().to_string(),
        }
    }
}

/// The kind of a work, as BibTeX and CSL name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A reference with a venue: `@article`, CSL `article-journal`.
    Article,
    /// A reference without one: `@misc`, CSL `article`.
    Misc,
    /// Only the card's free-text citation: `@misc` with a `note`, CSL `document`.
    Note,
    /// A card page: `@misc`, CSL `webpage`.
    Webpage,
    /// The catalogue: `@misc`, CSL `dataset`.
    Dataset,
}

/// Something to cite, with the fields all three forms are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub key: String,
    pub kind: Kind,
    pub authors: Vec<Author>,
    pub title: String,
    /// Journal, proceedings or series; for a web page, the site.
    pub venue: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i32>,
    /// When it was published, `YYYY-MM-DD` (more precise than `year`).
    pub issued: Option<String>,
    pub accessed: Option<String>,
    pub doi: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

fn nonblank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A BibTeX key from a slug: letters, digits, `-`, `_` and `:` only.
fn key(slug: &str) -> String {
    let k: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    if k.is_empty() { "benchmark".into() } else { k }
}

fn year_of(date: Option<&str>) -> Option<i32> {
    date?.get(..4)?.parse().ok()
}

impl Work {
    fn new(key: String, kind: Kind, title: String) -> Work {
        Work {
            key,
            kind,
            authors: Vec::new(),
            title,
            venue: None,
            publisher: None,
            year: None,
            issued: None,
            accessed: None,
            doi: None,
            url: None,
            note: None,
        }
    }

    /// The benchmark: its card's `reference`, else its `citation` as a note.
    pub fn benchmark(card: &Card) -> Work {
        match card
            .reference
            .as_ref()
            .filter(|r| !r.title.trim().is_empty())
        {
            Some(r) => Work::of_reference(&card.slug, r),
            None => Work {
                year: card.year,
                note: Some(card.citation.clone()).filter(|c| !c.trim().is_empty()),
                ..Work::new(key(&card.slug), Kind::Note, card.benchmark_name.clone())
            },
        }
    }

    fn of_reference(slug: &str, r: &Reference) -> Work {
        let venue = nonblank(&r.venue);
        let kind = if venue.is_some() {
            Kind::Article
        } else {
            Kind::Misc
        };
        Work {
            authors: r
                .authors
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| Author::parse(a))
                .collect(),
            venue,
            year: r.year,
            doi: nonblank(&r.doi),
            url: nonblank(&r.url),
            ..Work::new(key(slug), kind, r.title.trim().to_string())
        }
    }

    /// A card's page: "<title> — BenchmarkCard" by the catalogue's
    /// maintainers, on the site `site_title`, at `url`, dated `added`.
    pub fn card_page(card: &Card, url: String, site_title: &str) -> Work {
        let added = card.added.clone();
        Work {
            authors: vec![Author::Literal(MAINTAINERS.into())],
            venue: Some(site_title.to_string()).filter(|s| !s.trim().is_empty()),
            publisher: Some(MAINTAINERS.into()),
            year: year_of(added.as_deref()),
            issued: added.clone(),
            accessed: added,
            url: Some(url),
            ..Work::new(
                format!("benchmarkcard-{}", key(&card.slug)),
                Kind::Webpage,
                format!("{} — BenchmarkCard", card.title),
            )
        }
    }

    /// The catalogue, dated by its newest card.
    pub fn catalogue(cat: &Catalogue, url: String, site_title: &str) -> Work {
        let newest = cat.cards.iter().filter_map(|c| c.added.as_deref()).max();
        Work {
            authors: vec![Author::Literal(MAINTAINERS.into())],
            publisher: Some(MAINTAINERS.into()),
            year: year_of(newest),
            issued: newest.map(str::to_string),
            url: Some(url),
            ..Work::new(
                "benchmarkcards-catalogue".into(),
                Kind::Dataset,
                site_title.to_string(),
            )
        }
    }

    /// A tagged release of the catalogue, at its release page `url`.
    pub fn release(site_title: &str, tag: &str, date: &str, commit: &str, url: String) -> Work {
        Work {
            authors: vec![Author::Literal(MAINTAINERS.into())],
            publisher: Some(MAINTAINERS.into()),
            year: year_of(Some(date)),
            issued: Some(date.to_string()).filter(|d| d.len() == 10),
            url: Some(url),
            note: Some(format!("Release {tag}, commit {commit}")),
            ..Work::new(
                format!("benchmarkcards-{}", key(&tag.replace(['.', '+'], "-"))),
                Kind::Dataset,
                format!("{site_title} ({tag})"),
            )
        }
    }

    /// The three forms, for a page.
    pub fn citation(&self) -> Citation {
        Citation {
            formatted: self.formatted(),
            bibtex: self.bibtex(),
            csl_json: self.csl_json(),
        }
    }
}

/// A work's formatted reference, BibTeX entry and CSL-JSON (an array of one
/// item, as citation managers import it).
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub formatted: String,
    pub bibtex: String,
    pub csl_json: String,
}

/// What a card page's "Cite" section shows.
#[derive(Debug, Clone, Serialize)]
pub struct CardCite {
    pub benchmark: Citation,
    pub card: Citation,
    /// Whether the benchmark's citation comes from a structured `reference`.
    pub structured: bool,
}

impl CardCite {
    pub fn of(card: &Card, url: &str, site_title: &str) -> CardCite {
        let bench = Work::benchmark(card);
        CardCite {
            structured: bench.kind != Kind::Note,
            benchmark: bench.citation(),
            card: Work::card_page(card, url.to_string(), site_title).citation(),
        }
    }
}

/// A card's `cite.bib`: the benchmark's entry, then the card's.
pub fn card_bib(card: &Card, url: &str, site_title: &str) -> String {
    format!(
        "{}\n{}",
        Work::benchmark(card).bibtex(),
        Work::card_page(card, url.to_string(), site_title).bibtex()
    )
}
