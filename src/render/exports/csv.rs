//! The CSV exports, three tables joined on ids (RFC 4180: comma separated,
//! CRLF line ends, a field quoted only when it holds a comma, a quote or a
//! line break):
//!
//! - `catalogue.csv`: one row per benchmark, answers and categories as
//!   columns (`<assumption id>_answer`, `<assumption id>_category`);
//! - `verdicts.csv`: one row per verdict;
//! - `assumptions.csv`: one row per assumption, with its question.

use crate::model::Catalogue;
use crate::model::Registry;
use std::io::{self, Write};

/// Writes one CSV field, quoted only when it needs to be.
pub(super) fn push_field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.write_all(b"\"\"")?;
            }
            out.write_all(part.as_bytes())?;
        }
        out.write_all(b"\"")
    } else {
        out.write_all(s.as_bytes())
    }
}

/// Writes a row field by field, then its CRLF.
struct Row<'w, W: Write> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Row<'w, W> {
    fn new(out: &'w mut W) -> Self {
        Row { out, first: true }
    }
    fn field(&mut self, s: &str) -> io::Result<&mut Self> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        push_field(self.out, s)?;
        Ok(self)
    }
    fn fields<'s>(&mut self, fs: impl IntoIterator<Item = &'s str>) -> io::Result<&mut Self> {
        for f in fs {
            self.field(f)?;
        }
        Ok(self)
    }
    fn end(&mut self) -> io::Result<()> {
        self.out.write_all(b"\r\n")
    }
}

/// Lists in one field are joined with this (`domains`, `tags`, categories).
pub const LIST_SEPARATOR: &str = "; ";

/// `catalogue.csv`'s columns before the two per assumption.
pub const CATALOGUE_CSV_COLUMNS: &[&str] = &[
    "slug",
    "benchmark_name",
    "title",
    "year",
    "added",
    "review",
    "domains",
    "tags",
    "paper_url",
    "citation",
    "intended_use",
];

/// `catalogue.csv`'s header: [`CATALOGUE_CSV_COLUMNS`], then
/// `<id>_answer` and `<id>_category` for each registered assumption in the
/// registry's order (task assumptions first).
pub fn catalogue_csv_header(registry: &Registry) -> Vec<String> {
    let mut h: Vec<String> = CATALOGUE_CSV_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    for a in &registry.assumptions {
        h.push(format!("{}_answer", a.id));
        h.push(format!("{}_category", a.id));
    }
    h
}

/// One row per benchmark, in slug order.
pub fn catalogue_csv(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, w);
    let header = catalogue_csv_header(&cat.registry);
    Row::new(&mut out)
        .fields(header.iter().map(String::as_str))?
        .end()?;
    let mut year = String::new();
    for card in &cat.cards {
        year.clear();
        if let Some(y) = card.year {
            year.push_str(&y.to_string());
        }
        let mut row = Row::new(&mut out);
        row.fields([
            card.slug.as_str(),
            &card.benchmark_name,
            &card.title,
            &year,
            card.added.as_deref().unwrap_or_default(),
            card.review.status.as_str(),
            &card.domains.join(LIST_SEPARATOR),
            &card.tags.join(LIST_SEPARATOR),
            card.links.paper.as_deref().unwrap_or_default(),
            &card.citation,
            card.intended_use.as_deref().unwrap_or_default(),
        ])?;
        for a in &cat.registry.assumptions {
            let ans = card.answers.get(&a.id);
            row.field(ans.map_or("", |x| &x.text))?
                .field(ans.and_then(|x| x.category.as_deref()).unwrap_or_default())?;
        }
        row.end()?;
    }
    out.flush()
}

pub const VERDICTS_CSV_HEADER: &[&str] = &[
    "benchmark",
    "context",
    "assumption",
    "verdict",
    "reason",
    "assessor",
    "locator",
];

/// One row per verdict, in the order of `catalogue.json`'s `verdicts`; a
/// benchmark and assumption without a row was not assessed in that context.
pub fn verdicts_csv(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, w);
    Row::new(&mut out)
        .fields(VERDICTS_CSV_HEADER.iter().copied())?
        .end()?;
    for v in super::verdict_records(cat) {
        Row::new(&mut out)
            .fields([
                v.benchmark,
                v.context,
                v.assumption,
                v.verdict.as_str(),
                v.reason,
                v.assessor.as_str(),
                v.locator.unwrap_or_default(),
            ])?
            .end()?;
    }
    out.flush()
}

pub const ASSUMPTIONS_CSV_HEADER: &[&str] = &["id", "kind", "name", "question", "categories"];

/// One row per registered assumption, in the registry's order; categories
/// as `id=label; id=label`.
pub fn assumptions_csv(cat: &Catalogue, w: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, w);
    Row::new(&mut out)
        .fields(ASSUMPTIONS_CSV_HEADER.iter().copied())?
        .end()?;
    for a in &cat.registry.assumptions {
        let categories = a
            .categories
            .iter()
            .map(|c| format!("{}={}", c.id, c.label))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR);
        Row::new(&mut out)
            .fields([
                a.id.as_str(),
                a.kind.as_str(),
                &a.name,
                &a.question,
                &categories,
            ])?
            .end()?;
    }
    out.flush()
}
