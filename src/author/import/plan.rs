//! Deciding what an import does with each upstream file, knowing the site's
//! own cards: import it (after checking the card it would write exactly as
//! `check` will), merge it into the curated card that describes the same
//! benchmark (the curated card wins), or skip it with a reason. An import
//! never writes a card `check` rejects and never takes a slug that exists.

use super::sokol::{self, Converted, Skipped};
use crate::model::format::ReviewStatus;
use crate::model::{Catalogue, Registry};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// An upstream card that describes a benchmark the catalogue already has.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub source: PathBuf,
    pub name: String,
    /// The existing card's slug.
    pub into: String,
}

/// What an import will do, file by file.
#[derive(Debug, Default)]
pub struct Plan {
    pub imported: Vec<Converted>,
    pub merged: Vec<Merged>,
    pub skipped: Vec<Skipped>,
}

/// How the import is asked to run.
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    /// The site root (holds `cards/`).
    pub root: &'a Path,
    /// Where cards are written.
    pub out: &'a Path,
    pub domain: Option<&'a str>,
    /// Replace cards written by an earlier import (never curated ones).
    pub force: bool,
    pub today: &'a str,
}

/// Letters and digits only, lower-cased: how names are compared.
pub fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// An existing card, as the import sees it.
struct Existing {
    slug: String,
    file: PathBuf,
    imported: bool,
}

/// The site's cards by slug, and reviewed (non-imported) cards by each of
/// their names (benchmark name, title, short name, name before a colon).
struct Known {
    by_slug: BTreeMap<String, Existing>,
    by_name: BTreeMap<String, String>,
}

impl Known {
    fn of(cat: &Catalogue) -> Known {
        let mut by_slug = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        for c in &cat.cards {
            let imported = c.review.status == ReviewStatus::Imported;
            by_slug.insert(
                c.slug.to_lowercase(),
                Existing {
                    slug: c.slug.clone(),
                    file: c.file.clone(),
                    imported,
                },
            );
            if imported {
                continue;
            }
            let names = [
                Some(c.benchmark_name.as_str()),
                Some(c.title.as_str()),
                c.abbreviation.as_deref(),
                c.benchmark_name.split([':', '(']).next(),
                c.title.split([':', '(']).next(),
            ];
            for n in names.into_iter().flatten() {
                let k = name_key(n);
                if k.len() >= 3 {
                    by_name.entry(k).or_insert_with(|| c.slug.clone());
                }
            }
        }
        Known { by_slug, by_name }
    }

    /// The reviewed card describing the same benchmark, if any.
    fn same_benchmark(&self, c: &Converted) -> Option<&str> {
        let keys = [
            Some(c.name.as_str()),
            c.abbreviation.as_deref(),
            c.name.split([':', '(']).next(),
        ];
        keys.into_iter()
            .flatten()
            .map(name_key)
            .find_map(|k| self.by_name.get(&k))
            .map(String::as_str)
    }
}

/// Plans the import of `req.files` into a site whose validated catalogue is `cat`.
pub fn plan(req: &Request<'_>, cat: &Catalogue) -> Plan {
    let known = Known::of(cat);
    let registry: &Registry = &cat.registry;
    let out_rel = req.out.strip_prefix(req.root).unwrap_or(req.out);
    let mut plan = Plan::default();
    let mut seen_names: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    'files: for file in req.files {
        let skip = |reason: String| Skipped {
            source: file.clone(),
            reason,
        };
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                plan.skipped.push(skip(format!("cannot read: {e}")));
                continue;
            }
        };
        let mut card = match sokol::convert(file, &text, req.today) {
            Ok(c) => c,
            Err(reason) => {
                plan.skipped.push(skip(reason.to_string()));
                continue;
            }
        };
        if let Some(d) = req.domain
            && !card.domains.iter().any(|x| x.eq_ignore_ascii_case(d))
        {
            plan.skipped.push(skip(format!(
                "domains [{}] do not include {d}",
                card.domains.join(", ")
            )));
            continue;
        }
        let key = name_key(&card.name);
        if let Some(first) = seen_names.get(&key) {
            plan.skipped.push(skip(format!(
                "near-duplicate of {} (same name `{}`); kept that one",
                first.display(),
                card.name
            )));
            continue;
        }
        seen_names.insert(key, file.clone());
        if let Some(into) = known.same_benchmark(&card) {
            plan.merged.push(Merged {
                source: file.clone(),
                name: card.name.clone(),
                into: into.to_string(),
            });
            continue;
        }
        // A slug another card holds: an earlier import's card at the same
        // place is replaced only with --force; a curated card's slug (a
        // different benchmark, or it would have merged) or one taken in this
        // run gets the next free number.
        let base = card.slug.clone();
        let mut n = 2;
        loop {
            let lower = card.slug.to_lowercase();
            let clash = known.by_slug.get(&lower);
            match clash {
                _ if taken.contains(&lower) => {}
                None => break,
                Some(e) if e.imported && e.file == out_rel.join(format!("{}.yaml", e.slug)) => {
                    if req.force {
                        break;
                    }
                    plan.skipped.push(skip(format!(
                        "a card `{}` from an earlier import exists already at {} (use --force to replace it)",
                        e.slug,
                        e.file.display()
                    )));
                    continue 'files;
                }
                Some(e) if e.imported => {
                    plan.skipped.push(skip(format!(
                        "imported already as {} (remove it first to import it elsewhere)",
                        e.file.display()
                    )));
                    continue 'files;
                }
                Some(_) => {}
            }
            card.slug = format!("{base}-{n}");
            n += 1;
        }
        // Write nothing that `check` would reject.
        let rel = out_rel.join(format!("{}.yaml", card.slug));
        let diags = crate::validate::check_card_text(registry, &rel, &card.yaml);
        if diags.has_errors() {
            let first: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .take(3)
                .map(|d| format!("{} at {}:{}", d.message, d.line, d.column))
                .collect();
            plan.skipped.push(skip(format!(
                "the card it would write does not pass `check`: {}",
                first.join("; ")
            )));
            continue;
        }
        taken.insert(card.slug.to_lowercase());
        plan.imported.push(card);
    }
    plan
}
