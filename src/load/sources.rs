//! Finding the site's source files under the root.

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a YAML file under `cards/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Card,
    Context,
    Registry,
}

/// One source file, read and decoded (or the reason it could not be).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub kind: SourceKind,
    /// Path relative to the site root, used in every message.
    pub rel: PathBuf,
    /// The decoded text, or empty while `reread` is set.
    pub text: String,
    /// Where a card's text is read again when it is validated. [`Sources::scan`]
    /// checks every card is readable, then drops its text, so a large
    /// catalogue's text is never held at once (at 50,000 cards it was a
    /// quarter of `check`'s memory). `None`: `text` holds the text.
    pub reread: Option<PathBuf>,
}

impl SourceFile {
    /// The file's text: held, or read and decoded again.
    pub fn load_text(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(path) = &self.reread else {
            return Ok(std::borrow::Cow::Borrowed(&self.text));
        };
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error(
                "unreadable",
                &self.rel,
                Pos::FILE,
                format!("cannot read: {e}"),
            )
        })?;
        super::yaml::decode_limited(&self.rel, bytes, limit(self.kind)).map(Into::into)
    }

    /// The file stem: a card's slug or a context's id.
    pub fn stem(&self) -> String {
        self.rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Every YAML source of a site.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
}

/// Names skipped by convention: the upstream template is not a card.
const SKIPPED_NAMES: &[&str] = &["template.yaml"];

impl Sources {
    /// Walks `<root>/cards`. Unreadable files become diagnostics; the walk
    /// never stops early.
    pub fn scan(root: &Path, diags: &mut Diagnostics) -> Sources {
        let cards_dir = root.join("cards");
        let mut sources = Sources {
            root: root.to_path_buf(),
            files: Vec::new(),
        };
        if !cards_dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    "no-cards-dir",
                    Path::new("cards"),
                    Pos::FILE,
                    format!("no `cards/` directory under {}", root.display()),
                )
                .with_hint("run cardsite in a site folder, or pass --root DIR"),
            );
            return sources;
        }
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut paths = Vec::new();
        for entry in WalkDir::new(&cards_dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e
                        .path()
                        .map(|p| rel_path(root, p))
                        .unwrap_or_else(|| PathBuf::from("cards"));
                    diags.push(Diagnostic::error(
                        "unreadable",
                        &rel,
                        Pos::FILE,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let rel = rel_path(root, path);
            if entry.path_is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&real_root) => {}
                    Ok(target) => {
                        diags.push(
                            Diagnostic::error(
                                "symlink-outside-root",
                                &rel,
                                Pos::FILE,
                                format!(
                                    "symbolic link points outside the site: {}",
                                    target.display()
                                ),
                            )
                            .with_hint("copy the file into the site instead of linking to it"),
                        );
                        continue;
                    }
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            "broken-symlink",
                            &rel,
                            Pos::FILE,
                            format!("symbolic link cannot be followed: {e}"),
                        ));
                        continue;
                    }
                }
            }
            if !path.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name.ends_with(".yml") {
                diags.push(
                    Diagnostic::warning(
                        "ignored-extension",
                        &rel,
                        Pos::FILE,
                        "file ignored: cards use the `.yaml` extension",
                    )
                    .with_hint("rename it to end in `.yaml`"),
                );
                continue;
            }
            if !name.ends_with(".yaml") || SKIPPED_NAMES.contains(&name.as_ref()) {
                continue;
            }
            let in_contexts = rel.starts_with(Path::new("cards").join("contexts"));
            let kind = if rel == Path::new("cards").join("_assumptions.yaml") {
                SourceKind::Registry
            } else if name.starts_with('_') {
                continue;
            } else if in_contexts {
                SourceKind::Context
            } else {
                SourceKind::Card
            };
            paths.push((kind, path.to_path_buf(), rel));
        }
        use rayon::prelude::*;
        let read: Vec<Result<SourceFile, Diagnostic>> = paths
            .into_par_iter()
            .map(|(kind, path, rel)| {
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error("unreadable", &rel, Pos::FILE, format!("cannot read: {e}"))
                })?;
                let text = super::yaml::decode_limited(&rel, bytes, limit(kind))?;
                Ok(if kind == SourceKind::Card {
                    SourceFile {
                        kind,
                        rel,
                        text: String::new(),
                        reread: Some(path),
                    }
                } else {
                    SourceFile {
                        kind,
                        rel,
                        text,
                        reread: None,
                    }
                })
            })
            .collect();
        for r in read {
            match r {
                Ok(f) => sources.files.push(f),
                Err(d) => diags.push(d),
            }
        }
        sources
    }

    /// The text of a file by its relative path (for diagnostic snippets;
    /// `None` for a card, whose text is not held).
    pub fn text_of(&self, rel: &Path) -> Option<String> {
        // `scan` walks in path order, so a binary search finds the file; a
        // linear scan here made reporting quadratic (one warning per card at
        // 20,000 cards: 15 s). Sources made by hand may be unsorted.
        let i = self
            .files
            .binary_search_by(|f| f.rel.as_path().cmp(rel))
            .ok()
            .or_else(|| self.files.iter().position(|f| f.rel == rel))?;
        let f = &self.files[i];
        f.reread.is_none().then(|| f.text.clone())
    }
}

/// The largest file of `kind` read.
fn limit(kind: SourceKind) -> usize {
    if kind == SourceKind::Card {
        super::yaml::MAX_FILE_BYTES
    } else {
        super::yaml::MAX_CONTEXT_BYTES
    }
}

fn rel_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
