//! Tagged releases: for each `v*` tag, the cards it holds (`git archive
//! <tag> cards`) run through this build's load → validate → export, so each
//! release's exports are written by the current exporter. Results are cached
//! per tag commit and export format under `<root>/.cardsite/releases/`; a tag
//! whose cards fail `check` is listed as unavailable, never a failed build.

use crate::model::release::{Release, tag_is_path_safe};
use crate::render::exports;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// Where releases are cached, relative to the site root.
pub const CACHE_DIR: &str = ".cardsite/releases";

const FIELD: char = '\u{1f}';

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let o = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if o.status.success() {
        Ok(o.stdout)
    } else {
        Err(String::from_utf8_lossy(&o.stderr).trim().to_string())
    }
}

/// The site's `v*` tags, newest first, each built (or read from the cache).
/// Outside a checkout there are none.
pub fn read(root: &Path) -> Vec<Release> {
    let Ok(out) = git(
        root,
        &[
            "for-each-ref",
            "--sort=-creatordate",
            "--format=%(refname:short)%1f%(objectname)%1f%(*objectname)%1f%(creatordate:short)",
            "refs/tags/v*",
        ],
    ) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split(FIELD).collect();
            let [tag, object, peeled, date] = f[..] else {
                return None;
            };
            let commit = if peeled.is_empty() { object } else { peeled };
            Some(release(root, tag, commit, date))
        })
        .collect()
}

fn release(root: &Path, tag: &str, commit: &str, date: &str) -> Release {
    let mut r = Release {
        tag: tag.to_string(),
        commit: commit.to_string(),
        short: commit.chars().take(7).collect(),
        date: date.to_string(),
        cards: 0,
        files: Vec::new(),
        unavailable: None,
    };
    if !tag_is_path_safe(tag) {
        r.unavailable = Some(format!(
            "the tag name `{tag}` cannot be a web address (use letters, digits, `.`, `-`, `_`, `+`)"
        ));
        return r;
    }
    let cache = root.join(CACHE_DIR).join(format!(
        "{commit}-v{}-{}",
        exports::FORMAT_VERSION,
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(cached) = read_cache(&cache) {
        (r.cards, r.files, r.unavailable) = cached;
        return r;
    }
    let made = make(root, commit, &cache);
    match &made {
        Ok((cards, files)) => {
            r.cards = *cards;
            r.files = files.clone();
        }
        Err(why) => r.unavailable = Some(why.clone()),
    }
    write_cache(&cache, &made);
    r
}

/// Extracts the tag's cards next to the cache entry, then checks and exports them.
fn make(root: &Path, commit: &str, cache: &Path) -> Result<(usize, Files), String> {
    let tar = git(root, &["archive", "--format=tar", commit, "cards"])
        .map_err(|e| format!("its cards could not be read from git: {e}"))?;
    let tree = cache.with_extension("tree");
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(&tree).map_err(|e| format!("cannot write {}: {e}", tree.display()))?;
    let result = tar::Archive::new(&tar[..])
        .unpack(&tree)
        .map_err(|e| format!("its cards could not be unpacked: {e}"))
        .and_then(|()| export(&tree));
    let _ = std::fs::remove_dir_all(&tree);
    result
}

fn export(tree: &Path) -> Result<(usize, Files), String> {
    let checked = super::load(tree, None);
    let d = &checked.diagnostics;
    if d.has_errors() {
        let first = d
            .iter()
            .find(|x| x.severity == crate::diagnostic::Severity::Error)
            .map(|x| format!(" (first: {}:{}: {})", x.file.display(), x.line, x.message))
            .unwrap_or_default();
        return Err(format!(
            "its cards fail `cardsite check` with {} error{}{first}",
            d.error_count(),
            if d.error_count() == 1 { "" } else { "s" }
        ));
    }
    let cat = &checked.catalogue;
    let files = exports::CATALOGUE_EXPORTS
        .iter()
        .map(|(route, write)| {
            let name = route.file();
            let mut bytes = Vec::new();
            write(cat, &mut bytes).map_err(|e| format!("exporting {name} failed: {e}"))?;
            Ok((name, Arc::new(bytes)))
        })
        .collect::<Result<_, String>>()?;
    Ok((cat.cards.len(), files))
}

/// A release's files, by name.
type Files = Vec<(String, Arc<Vec<u8>>)>;

type Cached = (usize, Files, Option<String>);

/// A cache entry: a folder with the files and `release.json` (cards, or why
/// the release is unavailable), written last.
fn read_cache(dir: &Path) -> Option<Cached> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("release.json")).ok()?).ok()?;
    if let Some(why) = meta.get("unavailable").and_then(|v| v.as_str()) {
        return Some((0, Vec::new(), Some(why.to_string())));
    }
    let cards = meta.get("cards")?.as_u64()? as usize;
    let files = exports::CATALOGUE_EXPORTS
        .iter()
        .map(|(route, _)| {
            let n = route.file();
            Some((n.clone(), Arc::new(std::fs::read(dir.join(&n)).ok()?)))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((cards, files, None))
}

fn write_cache(dir: &Path, made: &Result<(usize, Files), String>) {
    // A cache that cannot be written only costs the next build the same work.
    let _ = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let meta = match made {
            Ok((cards, files)) => {
                for (name, bytes) in files {
                    std::fs::write(dir.join(name), &**bytes)?;
                }
                serde_json::json!({ "cards": cards })
            }
            Err(why) => serde_json::json!({ "unavailable": why }),
        };
        std::fs::write(dir.join("release.json"), meta.to_string())
    })();
}
