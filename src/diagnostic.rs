//! Located diagnostics: everything a contributor can cause is reported as a
//! [`Diagnostic`] naming file, line and column, with a snippet and a hint.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail `check` and `build`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file. Line 0 means "the whole file".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, column: 0 };
    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

/// One problem found in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root (or as given).
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `unknown-field`.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The source line the position points into (not serialised).
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: pos.line,
            column: pos.column,
            severity,
            code,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }
    pub fn error(code: &'static str, file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, pos, message)
    }
    pub fn warning(code: &'static str, file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, pos, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.column)
    }
}

/// Collects diagnostics from every stage so that one run reports everything.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }
    fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    /// Sorts by file and position and attaches source snippets from `sources`.
    pub fn finish(&mut self, sources: &dyn Fn(&Path) -> Option<String>) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, b.severity).cmp(&(&b.file, b.line, b.column, a.severity))
        });
        self.items.dedup();
        // (file, text, byte offset of each line start), one file at a time.
        let mut cache: Option<(PathBuf, String, Vec<usize>)> = None;
        for d in &mut self.items {
            if d.line == 0 || d.snippet.is_some() {
                continue;
            }
            if cache.as_ref().is_none_or(|(p, _, _)| p != &d.file) {
                cache = sources(&d.file).map(|text| {
                    let starts = std::iter::once(0)
                        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                        .collect();
                    (d.file.clone(), text, starts)
                });
            }
            if let Some((_, text, starts)) = &cache
                && let Some(&start) = starts.get(d.line as usize - 1)
            {
                let line = text[start..].split('\n').next().unwrap_or("");
                d.snippet = Some(line.trim_end_matches('\r').to_string());
            }
        }
    }
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}
