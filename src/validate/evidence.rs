//! Evidence and departures: the quotations that back an answer or a verdict,
//! and what the paper or the benchmark's authors said where the catalogue
//! differs from them.

use super::urls::checked;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{Kind, Node};
use crate::model::format::{Assessor, Departure, Evidence};
use std::path::Path;

/// The longest quotation, in words, that a card may carry.
pub const MAX_QUOTE_WORDS: usize = 30;

/// Checks each quotation under `at` (the node holding `evidence:`): a link
/// with an unsafe scheme drops the item (error), a scheme-less one gets
/// `https://` (warning), an empty quote is an error, a long one a warning.
pub fn check(items: &mut Vec<Evidence>, at: Option<&Node>, file: &Path, diags: &mut Diagnostics) {
    let nodes: Vec<&Node> = match at.and_then(|n| n.get("evidence")).map(|n| &n.kind) {
        Some(Kind::Seq(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    let pos_of = |i: usize, key: &str| nodes.get(i).map(|n| n.locate(&[key])).unwrap_or(Pos::FILE);
    let mut kept = Vec::with_capacity(items.len());
    for (i, mut e) in items.drain(..).enumerate() {
        let words = e.quote.split_whitespace().count();
        if words == 0 {
            diags.push(
                Diagnostic::error("empty-value", file, pos_of(i, "quote"), "`quote` is empty")
                    .with_hint("quote the source's own words, at most 30 of them"),
            );
            continue;
        }
        if words > MAX_QUOTE_WORDS {
            diags.push(
                Diagnostic::warning(
                    "long-quote",
                    file,
                    pos_of(i, "quote"),
                    format!("quotation has {words} words; evidence quotes at most {MAX_QUOTE_WORDS}"),
                )
                .with_hint("shorten it to the words that carry the point, and say where the rest is with `locator`"),
            );
        }
        let Some(url) = checked(&e.url, file, pos_of(i, "url"), diags) else {
            continue;
        };
        e.url = url;
        kept.push(e);
    }
    *items = kept;
}

/// A departure must name the paper or the authors, and say what they said and why.
pub fn check_departure(
    d: &Departure,
    at: Option<&Node>,
    file: &Path,
    diags: &mut Diagnostics,
) -> bool {
    let node = at.and_then(|n| n.get("departs"));
    let pos_of = |key: &str| node.map(|n| n.locate(&[key])).unwrap_or(Pos::FILE);
    let mut ok = true;
    if d.from == Assessor::Maintainers {
        diags.push(
            Diagnostic::error(
                "bad-departure",
                file,
                pos_of("from"),
                "a departure is from the paper or the benchmark's authors, not from the maintainers",
            )
            .with_hint("use `from: paper` or `from: authors`"),
        );
        ok = false;
    }
    for (key, text) in [("said", &d.said), ("why", &d.why)] {
        if text.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "empty-value",
                    file,
                    pos_of(key),
                    format!("`departs.{key}` is empty"),
                )
                .with_hint("say what they said, and why the catalogue differs"),
            );
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(quote: &str, url: &str) -> Evidence {
        Evidence {
            quote: quote.into(),
            url: url.into(),
            locator: None,
        }
    }

    #[test]
    fn quotes_are_checked_for_length_links_and_emptiness() {
        let mut d = Diagnostics::default();
        let long = vec!["word"; 31].join(" ");
        let mut items = vec![
            ev("Each turn is scored.", "https://example.org/a"),
            ev(&long, "example.org/b"),
            ev("  ", "https://example.org/c"),
            ev("fine", "javascript:alert(1)"),
        ];
        check(&mut items, None, Path::new("cards/x.yaml"), &mut d);
        let codes: Vec<_> = d.iter().map(|x| x.code).collect();
        assert_eq!(codes, ["long-quote", "bad-link", "empty-value", "bad-link"]);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].url, "https://example.org/b");
    }

    #[test]
    fn a_departure_names_someone_else() {
        let mut d = Diagnostics::default();
        let dep = Departure {
            from: Assessor::Maintainers,
            said: "x".into(),
            why: String::new(),
        };
        assert!(!check_departure(&dep, None, Path::new("f.yaml"), &mut d));
        assert_eq!(d.iter().count(), 2);
    }
}
