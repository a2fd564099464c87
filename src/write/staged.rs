//! One staged file. Its bytes are held until it is finished (up to a limit);
//! if they equal the same file in the previous output, the new file is a
//! hard link to that one, else it is written. Larger files stream to disk.

use super::{Staging, WriteError, io_err};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Files up to this size are compared with the previous output.
const LINK_LIMIT: usize = 4 << 20;

enum State {
    Held(Vec<u8>),
    Streaming(PathBuf, io::BufWriter<std::fs::File>),
    Failed(WriteError),
}

/// A writer for one file of a [`Staging`] tree.
pub struct StagedFile<'s> {
    staging: &'s Staging,
    rel: PathBuf,
    state: State,
}

impl<'s> StagedFile<'s> {
    pub fn new(staging: &'s Staging, rel: &Path) -> StagedFile<'s> {
        StagedFile {
            staging,
            rel: rel.to_path_buf(),
            state: State::Held(Vec::new()),
        }
    }

    fn stream(&mut self) -> io::Result<()> {
        let State::Held(held) = &mut self.state else {
            return Ok(());
        };
        let held = std::mem::take(held);
        match self.staging.create_file(&self.rel) {
            Ok((path, file)) => {
                let mut w = io::BufWriter::with_capacity(1 << 16, file);
                w.write_all(&held)?;
                self.state = State::Streaming(path, w);
                Ok(())
            }
            Err(e) => {
                let msg = e.to_string();
                self.state = State::Failed(e);
                Err(io::Error::other(msg))
            }
        }
    }

    /// Writes (or links) the file.
    pub fn finish(self) -> Result<(), WriteError> {
        match self.state {
            State::Failed(e) => Err(e),
            State::Streaming(path, mut w) => w.flush().map_err(io_err(&path)),
            State::Held(bytes) => {
                let target = self.staging.staged_path(&self.rel)?;
                let previous = self.staging.previous(&self.rel);
                if same_bytes(&previous, &bytes) && std::fs::hard_link(&previous, &target).is_ok() {
                    return Ok(());
                }
                std::fs::write(&target, &bytes).map_err(io_err(&target))
            }
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

impl Write for StagedFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let State::Held(held) = &mut self.state {
            if held.len() + buf.len() <= LINK_LIMIT {
                held.extend_from_slice(buf);
                return Ok(buf.len());
            }
            self.stream()?;
        }
        match &mut self.state {
            State::Streaming(_, w) => w.write(buf),
            State::Failed(e) => Err(io::Error::other(e.to_string())),
            State::Held(_) => Err(io::Error::other("a held file passed its limit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.state {
            State::Streaming(_, w) => w.flush(),
            _ => Ok(()),
        }
    }
}
