//! Machine-readable exports (documented column by column in
//! `docs/exports.md`):
//!
//! - `catalogue.json` (format 2, [`json`]): assumptions once, contexts, one
//!   record per card and one per verdict;
//! - `catalogue.csv`, `verdicts.csv`, `assumptions.csv` ([`csv`]): one row
//!   per benchmark, per verdict and per assumption, joined on ids;
//! - `match.json` ([`match_json`]): what the match page ranks in the browser;
//! - `benchmarks/<slug>/card.json` ([`card_json`]): one card's record and
//!   verdicts.
//!
//! Nothing is repeated: a question is written once (with its assumption),
//! and a verdict once (in the verdicts table), never crossed with every
//! context and assumption (format 1's CSV was 54 MB at 10,000 cards, the
//! one-row-per-benchmark table is 9 MB). Each writer streams into
//! the writer it is given through a buffer of its own: that writer is a
//! `dyn Write`, and serde_json and the CSV writer make millions of small
//! writes at 10,000 cards.

pub mod csv;
pub mod json;
mod matching;

pub use csv::{
    ASSUMPTIONS_CSV_HEADER, CATALOGUE_CSV_COLUMNS, VERDICTS_CSV_HEADER, assumptions_csv,
    catalogue_csv, catalogue_csv_header, verdicts_csv,
};
pub use json::{
    AnswerRecord, CardRecord, ContextRecord, VerdictRecord, card_json, card_record, card_verdicts,
    catalogue_json, verdict_records,
};
pub use matching::match_json;

/// `catalogue.json`'s `format_version`, bumped when its shape changes
/// incompatibly. 2: questions only with the assumptions, verdicts in their
/// own list, absent values left out.
pub const FORMAT_VERSION: u32 = 2;

/// Writes one export of a whole catalogue.
pub type Writer = fn(&crate::model::Catalogue, &mut dyn std::io::Write) -> std::io::Result<()>;

/// The exports of a whole catalogue, each at its route: published at the
/// site's root, and frozen in each release (`site::releases`).
pub const CATALOGUE_EXPORTS: [(crate::routes::Route<'static>, Writer); 4] = [
    (crate::routes::Route::CatalogueJson, catalogue_json),
    (crate::routes::Route::CatalogueCsv, catalogue_csv),
    (crate::routes::Route::VerdictsCsv, verdicts_csv),
    (crate::routes::Route::AssumptionsCsv, assumptions_csv),
];

/// The `generator` every JSON export names.
pub const GENERATOR: &str = concat!("cardsite ", env!("CARGO_PKG_VERSION"));

#[cfg(test)]
mod tests;
