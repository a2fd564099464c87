//! Stage 5 — write: put rendered files on disk atomically. Everything is
//! written into a fresh sibling directory first; only a complete build
//! replaces the previous output, so a failed build leaves it untouched.
//!
//! The replaced output is moved aside (`.<name>.old-*`), not deleted on the
//! spot: deleting a tree of thousands of files cost a build as long as its
//! rendering. The next build deletes it on a thread of its own while it
//! loads and renders, off its critical path. A file whose bytes equal the
//! previous output's is hard-linked from it instead of written (see
//! [`StagedFile`]): a rebuild writes only what changed, and deleting the
//! replaced tree then frees only the inodes of files that changed.

use std::io;
use std::path::{Path, PathBuf};

mod staged;
pub use staged::StagedFile;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output directory would hold or replace the site's sources.
    #[error("refusing to write to {}: {reason}", output.display())]
    UnsafeOutput { output: PathBuf, reason: String },
    #[error("cannot write {}: {error}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        error: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Normalise `.` and `..` without touching the file system.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuses an output directory that contains the site root, is the root, or
/// lies inside `cards/`, `content/` or `themes/`.
pub fn check_output(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root);
    let out = absolute(output);
    let root_real = root.canonicalize().unwrap_or(root.clone());
    let out_real = out
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(out.file_name().unwrap_or_default()))
        .unwrap_or(out.clone());
    for (r, o) in [(&root, &out), (&root_real, &out_real)] {
        if r.starts_with(o) {
            return Err(WriteError::UnsafeOutput {
                output: output.to_path_buf(),
                reason: "it contains the site's sources".into(),
            });
        }
        for src in ["cards", "content", "themes"] {
            if o.starts_with(r.join(src)) {
                return Err(WriteError::UnsafeOutput {
                    output: output.to_path_buf(),
                    reason: format!("it lies inside {src}/"),
                });
            }
        }
    }
    Ok(())
}

/// A directory beside the output that files are written into; it replaces
/// the output on [`Staging::commit`] and is removed if dropped uncommitted.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
    committed: bool,
    /// Deletes outputs replaced by earlier builds, meanwhile.
    sweeper: Option<std::thread::JoinHandle<()>>,
    /// The folders made so far: most files share theirs, and asking the
    /// OS again costs two failing calls a file.
    made: std::sync::Mutex<rustc_hash::FxHashSet<PathBuf>>,
}

/// Earlier outputs moved aside beside `out` (named `.<name>.old-*`).
fn replaced_outputs(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = format!(".{name}.old-");
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

impl Staging {
    /// Call [`check_output`] first.
    pub fn create(output: &Path) -> Result<Staging, WriteError> {
        let out = absolute(output);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}-{stamp}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let stale = replaced_outputs(&parent, &name);
        let sweeper = (!stale.is_empty()).then(|| {
            std::thread::spawn(move || {
                for d in stale {
                    remove_tree(&d);
                }
            })
        });
        Ok(Staging {
            dir,
            out,
            old,
            committed: false,
            sweeper,
            made: Default::default(),
        })
    }

    /// Creates one file (and its folders) for writing; returns its full path.
    /// Safe to call from several threads.
    pub fn create_file(&self, rel: &Path) -> Result<(PathBuf, std::fs::File), WriteError> {
        let p = self.staged_path(rel)?;
        let file = std::fs::File::create(&p).map_err(io_err(&p))?;
        Ok((p, file))
    }

    /// Where `rel` is in the output being replaced (it may not exist).
    pub fn previous(&self, rel: &Path) -> PathBuf {
        self.out.join(rel)
    }

    /// Where `rel` goes in the staged tree (its folders created).
    pub fn staged_path(&self, rel: &Path) -> Result<PathBuf, WriteError> {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            let known = self.made.lock().is_ok_and(|m| m.contains(parent));
            if !known {
                std::fs::create_dir_all(parent).map_err(io_err(parent))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_path_buf());
                }
            }
        }
        Ok(p)
    }

    /// Swaps the staged tree in for the output.
    pub fn commit(mut self) -> Result<(), WriteError> {
        swap_in(&self.dir, &self.out, &self.old)?;
        self.committed = true;
        if let Some(s) = self.sweeper.take() {
            let _ = s.join();
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if let Some(s) = self.sweeper.take() {
            let _ = s.join();
        }
    }
}

/// Replaces `out` with `staging`: an atomic exchange where the OS offers one
/// (Linux `renameat2(RENAME_EXCHANGE)` is not in std, so two renames: the old
/// tree is moved aside, the new one moved in). The old tree is left for the
/// next build to delete.
fn swap_in(staging: &Path, out: &Path, old: &Path) -> Result<(), WriteError> {
    if out.exists() {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old).map_err(io_err(out))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(old, out);
            return Err(WriteError::Io {
                path: out.to_path_buf(),
                error: e,
            });
        }
    } else {
        std::fs::rename(staging, out).map_err(io_err(out))?;
    }
    Ok(())
}

/// Deletes a directory tree, its second-level entries in parallel (a site
/// has thousands of page folders; one thread deleting them is slow).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let children: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    let grandchildren: Vec<PathBuf> = children
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|p| {
            std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
        })
        .collect();
    grandchildren.par_iter().for_each(|p| {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn refuses_outputs_that_hold_sources() {
        let root = Path::new("/tmp/site");
        assert!(check_output(root, Path::new("/tmp/site/public")).is_ok());
        assert!(check_output(root, Path::new("/tmp")).is_err());
        assert!(check_output(root, Path::new("/tmp/site")).is_err());
        assert!(check_output(root, Path::new("/tmp/site/cards/out")).is_err());
        assert!(check_output(root, Path::new("/tmp/site/public/../cards")).is_err());
    }
}
