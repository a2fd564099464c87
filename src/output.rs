//! Output files, shared by render and the search index. Where rendered files go: a [`Sink`] hands each job a writer (a file in the
//! staging directory for `build`, a buffer in memory for `serve`).

use crate::diagnostic::{Diagnostic, Pos};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One output file, relative to the output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where rendered files go. Each file is written through a writer the sink
/// provides (a file in the staging directory, or a buffer in memory), so a
/// large page or export streams out instead of being held whole.
pub trait Sink: Sync {
    /// Creates the file at `path` (relative to the output) and lets `fill`
    /// write its content.
    fn write_file(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic>;
}

/// Writes bytes made whole (assets, schemas, cached pages, index files) as
/// the content of the file at `path`.
pub fn write_bytes(w: &mut dyn Write, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    w.write_all(bytes).map_err(|e| write_error(path, &e))
}

/// A failed write of an output file.
pub fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "write",
        Path::new(path),
        Pos::FILE,
        format!("cannot write {path}: {e}"),
    )
}
