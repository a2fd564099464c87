use super::{FAILED, OK, USAGE};
use crate::author::import::{plan, sokol};
use crate::report;
use std::path::PathBuf;

pub struct ImportOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    /// Defaults to `<root>/cards`.
    pub out: Option<PathBuf>,
    pub domain: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// `cardsite import sokol`: convert, report what was imported, merged and skipped.
pub fn import_sokol(opts: &ImportOptions) -> i32 {
    let files = sokol::inputs(&opts.paths);
    if files.is_empty() {
        report::status(
            "error: no JSON files found in the given paths\n  = hint: pass Sokol et al.'s card files or a folder holding them",
        );
        return USAGE;
    }
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("cards"));
    let today = super::today();
    // The site as `check` sees it: its cards' slugs and names, its registry.
    let site = crate::site::load(&opts.root, None);
    let plan = plan::plan(
        &plan::Request {
            files: &files,
            root: &opts.root,
            out: &out,
            domain: opts.domain.as_deref(),
            force: opts.force,
            today: &today,
        },
        &site.catalogue,
    );
    let (imported, merged, skipped) = (plan.imported, plan.merged, plan.skipped);
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
    for m in &merged {
        text.push_str(&format!(
            "merged {} into the curated card {}: it describes the same benchmark (`{}`); the curated card wins, and the upstream card's other facts are left for a reviewer to check against the sources\n",
            m.source.display(),
            m.into,
            m.name
        ));
    }
    for s in &skipped {
        text.push_str(&format!("skipped {}: {}\n", s.source.display(), s.reason));
    }
    let warnings: usize = imported.iter().map(|c| c.warnings.len()).sum();
    text.push_str(&format!(
        "{verb} {} card{}, merged {}, skipped {}, {} warning{}{}\n",
        imported.len(),
        if imported.len() == 1 { "" } else { "s" },
        merged.len(),
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
