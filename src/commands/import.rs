use super::{FAILED, OK, USAGE};
use crate::import::sokol;
use crate::report;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub struct ImportOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    /// Defaults to `<root>/cards`.
    pub out: Option<PathBuf>,
    pub domain: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

fn existing_slugs(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .filter_map(|e| {
            e.path()
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
        })
        .collect()
}

/// `cardsite import sokol`: convert, report what was imported and skipped.
pub fn import_sokol(opts: &ImportOptions) -> i32 {
    let files = sokol::inputs(&opts.paths);
    if files.is_empty() {
        report::status(
            "error: no JSON files found in the given paths\n  = hint: pass Sokol et al.'s card files or a folder holding them",
        );
        return USAGE;
    }
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("cards"));
    let existing = existing_slugs(&out);
    let today = super::today();
    let mut imported: Vec<sokol::Converted> = Vec::new();
    let mut skipped: Vec<sokol::Skipped> = Vec::new();
    let mut seen_names: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for file in &files {
        let skip = |reason: String| sokol::Skipped {
            source: file.clone(),
            reason,
        };
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                skipped.push(skip(format!("cannot read: {e}")));
                continue;
            }
        };
        let mut card = match sokol::convert(file, &text, &today) {
            Ok(c) => c,
            Err(reason) => {
                skipped.push(skip(reason));
                continue;
            }
        };
        if let Some(d) = &opts.domain
            && !card.domains.iter().any(|x| x.eq_ignore_ascii_case(d))
        {
            skipped.push(skip(format!(
                "domains [{}] do not include {d}",
                card.domains.join(", ")
            )));
            continue;
        }
        let key: String = card
            .name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if let Some(first) = seen_names.get(&key) {
            skipped.push(skip(format!(
                "near-duplicate of {} (same name `{}`); kept that one",
                first.display(),
                card.name
            )));
            continue;
        }
        seen_names.insert(key, file.clone());
        if existing.contains(&card.slug) && !opts.force {
            skipped.push(skip(format!(
                "a card `{}` exists already in {} (use --force to replace it)",
                card.slug,
                out.display()
            )));
            continue;
        }
        // Two different benchmarks with the same slug: number the later one.
        let base = card.slug.clone();
        let mut n = 2;
        while taken.contains(&card.slug) {
            card.slug = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(card.slug.clone());
        imported.push(card);
    }
    if !opts.dry_run {
        if let Err(e) = std::fs::create_dir_all(&out) {
            report::status(&format!("error: cannot create {}: {e}", out.display()));
            return FAILED;
        }
        for c in &imported {
            let path = out.join(format!("{}.yaml", c.slug));
            if let Err(e) = std::fs::write(&path, &c.yaml) {
                report::status(&format!("error: cannot write {}: {e}", path.display()));
                return FAILED;
            }
        }
    }
    let mut text = String::new();
    let verb = if opts.dry_run {
        "would import"
    } else {
        "imported"
    };
    for c in &imported {
        text.push_str(&format!(
            "{verb} {} → {}.yaml\n",
            c.source.display(),
            c.slug
        ));
        for w in &c.warnings {
            text.push_str(&format!("  warning: {}: {w}\n", c.slug));
        }
    }
    for s in &skipped {
        text.push_str(&format!("skipped {}: {}\n", s.source.display(), s.reason));
    }
    let warnings: usize = imported.iter().map(|c| c.warnings.len()).sum();
    text.push_str(&format!(
        "{verb} {} card{}, skipped {}, {} warning{}{}\n",
        imported.len(),
        if imported.len() == 1 { "" } else { "s" },
        skipped.len(),
        warnings,
        if warnings == 1 { "" } else { "s" },
        if opts.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    ));
    report::out(&text);
    OK
}
