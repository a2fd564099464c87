//! Where rendered files go: a [`Sink`] hands each job a writer (a file in the
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
pub(crate) fn write_bytes(w: &mut dyn Write, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::model::{Catalogue, Registry};
    use crate::render::{Renderer, theme};
    use std::io::Write;
    use std::path::Path;

    /// A disk that is full: the page streaming into it fails as a write.
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_a_write_error_not_a_template_error() {
        let cat = Catalogue {
            registry: Registry::builtin(),
            cards: Vec::new(),
            contexts: Vec::new(),
        };
        let config = Config::default();
        let theme = theme::load(Path::new("/nonexistent"), &config.theme).unwrap();
        let r = Renderer::new(&cat, &config, &theme, &[]);
        let e = r
            .render("404.html", "404.html", &mut Full, |_| {})
            .unwrap_err();
        assert_eq!(e.code, "write", "{e:?}");
        assert!(e.message.contains("404.html"), "{}", e.message);
        let mut ok = Vec::new();
        r.render("404.html", "404.html", &mut ok, |_| {}).unwrap();
        assert!(String::from_utf8(ok).unwrap().contains("<html"));
    }
}
