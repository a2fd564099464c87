//! `catalogue.json`, format 2: the assumptions once (with their questions
//! and categories), the contexts without their verdicts, one record per card
//! (answers without the registry's question) and one record per verdict.
//!
//! Every record is a borrowed view of the model, serialised straight into
//! the writer: no intermediate value tree, no copies of the text. Absent
//! values (`None`, empty lists) are left out. [`card_record`] and
//! [`card_verdicts`] are the pieces a per-card JSON file reuses.

use super::{FORMAT_VERSION, GENERATOR};
use crate::model::format::{
    Assessor, DataInfo, Departure, Evidence, Links, Measurement, Provenance, Reference, Review,
};
use crate::model::{
    Answer, Assessment, Assumption, Card, Catalogue, Context, ContextSource, Registry, Verdict,
};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A sequence serialised from an iterator made on demand (serde needs
/// `&self`, an iterator is used up).
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct CatalogueExport<'a, C, K, V> {
    format_version: u32,
    generator: &'static str,
    assumptions: &'a [Assumption],
    contexts: C,
    cards: K,
    verdicts: V,
}

/// The whole catalogue as `catalogue.json` (format 2), streamed into `w`.
pub fn catalogue_json(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(
        &mut w,
        &CatalogueExport {
            format_version: FORMAT_VERSION,
            generator: GENERATOR,
            assumptions: &cat.registry.assumptions,
            contexts: Lazy(|| cat.contexts.iter().map(ContextRecord::of)),
            cards: Lazy(|| cat.cards.iter().map(|c| card_record(cat, c))),
            verdicts: Lazy(|| verdict_records(cat)),
        },
    )?;
    w.flush()
}

/// A deployment context without its verdicts (those are in `verdicts`).
#[derive(Debug, Serialize)]
pub struct ContextRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessed: Option<&'a str>,
    /// `file` (a context file) or `inline` (made from a card's prose).
    pub source: &'a ContextSource,
    /// The deployment's category per assumption id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub profile: &'a BTreeMap<String, String>,
}

impl<'a> ContextRecord<'a> {
    pub fn of(c: &'a Context) -> ContextRecord<'a> {
        ContextRecord {
            id: &c.id,
            name: &c.name,
            description: c.description.as_deref(),
            assessor: c.assessor.as_deref(),
            assessed: c.assessed.as_deref(),
            source: &c.source,
            profile: &c.profile,
        }
    }
}

fn links_empty(l: &Links) -> bool {
    *l == Links::default()
}

/// One card, as `catalogue.json` writes it: the model's fields in the
/// model's order, absent ones left out, answers without the question unless
/// the card asks its own.
#[derive(Debug, Serialize)]
pub struct CardRecord<'a> {
    pub slug: &'a str,
    pub benchmark_name: &'a str,
    pub title: &'a str,
    pub citation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a Reference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_use: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub domains: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub tags: &'a [String],
    #[serde(skip_serializing_if = "links_empty")]
    pub links: &'a Links,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub maintainers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<&'a Provenance>,
    #[serde(skip_serializing_if = "AnswerRecords::is_empty")]
    pub answers: AnswerRecords<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub measurements: &'a [Measurement],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub languages: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<&'a DataInfo>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub metrics: &'a [String],
    pub review: &'a Review,
}

/// A card's answers by assumption id, serialised as a map.
#[derive(Debug)]
pub struct AnswerRecords<'a> {
    registry: &'a Registry,
    answers: &'a BTreeMap<String, Answer>,
}

impl<'a> AnswerRecords<'a> {
    fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// (assumption id, answer) in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, AnswerRecord<'a>)> + use<'a> {
        let registry = self.registry;
        self.answers
            .iter()
            .map(move |(id, a)| (id.as_str(), AnswerRecord::of(registry, id, a)))
    }
}

impl Serialize for AnswerRecords<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// One answer: the question only when it is not the registry's.
#[derive(Debug, Serialize)]
pub struct AnswerRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<&'a str>,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub evidence: &'a [Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departs: Option<&'a Departure>,
}

impl<'a> AnswerRecord<'a> {
    fn of(registry: &Registry, id: &str, a: &'a Answer) -> AnswerRecord<'a> {
        let own = registry.get(id).is_none_or(|d| d.question != a.question);
        AnswerRecord {
            question: own.then_some(a.question.as_str()),
            text: &a.text,
            category: a.category.as_deref(),
            evidence: &a.evidence,
            departs: a.departs.as_ref(),
        }
    }
}

/// The record `catalogue.json` writes for `card` (the registry supplies the
/// questions it leaves out).
pub fn card_record<'a>(cat: &'a Catalogue, card: &'a Card) -> CardRecord<'a> {
    CardRecord {
        slug: &card.slug,
        benchmark_name: &card.benchmark_name,
        title: &card.title,
        citation: &card.citation,
        reference: card.reference.as_ref(),
        version: card.version.as_deref(),
        intended_use: card.intended_use.as_deref(),
        summary: card.summary.as_deref(),
        year: card.year,
        added: card.added.as_deref(),
        domains: &card.domains,
        tags: &card.tags,
        links: &card.links,
        maintainers: &card.maintainers,
        license: card.license.as_deref(),
        provenance: card.provenance.as_ref(),
        answers: AnswerRecords {
            registry: &cat.registry,
            answers: &card.answers,
        },
        measurements: &card.measurements,
        notes: card.notes.as_deref(),
        abbreviation: card.abbreviation.as_deref(),
        languages: &card.languages,
        data: card.data.as_ref(),
        metrics: &card.metrics,
        review: &card.review,
    }
}

/// One verdict: a benchmark's assumption judged in a deployment context.
#[derive(Debug, Serialize)]
pub struct VerdictRecord<'a> {
    pub benchmark: &'a str,
    pub context: &'a str,
    pub assumption: &'a str,
    pub verdict: Verdict,
    pub reason: &'a str,
    pub assessor: Assessor,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub evidence: &'a [Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departs: Option<&'a Departure>,
}

impl<'a> VerdictRecord<'a> {
    pub fn of(
        benchmark: &'a str,
        context: &'a str,
        assumption: &'a str,
        a: &'a Assessment,
    ) -> VerdictRecord<'a> {
        VerdictRecord {
            benchmark,
            context,
            assumption,
            verdict: a.verdict,
            reason: &a.reason,
            assessor: a.assessor,
            locator: a.locator(),
            evidence: a.evidence(),
            departs: a.departs(),
        }
    }
}

/// Every verdict: by context (in catalogue order), then benchmark slug,
/// then assumption id. "Not assessed" is the absence of a record.
pub fn verdict_records(cat: &Catalogue) -> impl Iterator<Item = VerdictRecord<'_>> {
    cat.contexts.iter().flat_map(|ctx| {
        ctx.assessments.iter().flat_map(move |(slug, verdicts)| {
            verdicts
                .iter()
                .map(move |(id, a)| VerdictRecord::of(slug, &ctx.id, id, a))
        })
    })
}

/// One benchmark's verdicts, in the order of [`verdict_records`].
pub fn card_verdicts<'a>(
    cat: &'a Catalogue,
    slug: &'a str,
) -> impl Iterator<Item = VerdictRecord<'a>> {
    cat.contexts.iter().flat_map(move |ctx| {
        ctx.assessments
            .get_key_value(slug)
            .into_iter()
            .flat_map(move |(slug, verdicts)| {
                verdicts
                    .iter()
                    .map(move |(id, a)| VerdictRecord::of(slug, &ctx.id, id, a))
            })
    })
}

#[derive(Serialize)]
struct CardExport<'a, V> {
    format_version: u32,
    generator: &'static str,
    card: CardRecord<'a>,
    verdicts: V,
}

/// One card as `benchmarks/<slug>/card.json`: its record as in
/// `catalogue.json` and its verdicts in every context.
pub fn card_json(cat: &Catalogue, card: &Card, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    serde_json::to_writer_pretty(
        &mut w,
        &CardExport {
            format_version: FORMAT_VERSION,
            generator: GENERATOR,
            card: card_record(cat, card),
            verdicts: Lazy(|| card_verdicts(cat, &card.slug)),
        },
    )?;
    w.flush()
}
