//! A read-only tantivy directory over a [`ChunkSource`].

use super::ChunkSource;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

/// A read-only tantivy directory over a [`ChunkSource`].
#[derive(Debug, Clone)]
pub struct ChunkedDirectory(pub Arc<ChunkSource>);

#[derive(Debug)]
struct ChunkedFile {
    source: Arc<ChunkSource>,
    /// The file's number in the source.
    id: u32,
    len: usize,
}

impl HasLen for ChunkedFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ChunkedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.source.read(self.id, range)
    }
}

fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "a chunked index is read-only",
    )
}

impl Directory for ChunkedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let name = key(path);
        let (id, file) = self
            .0
            .map
            .files
            .iter()
            .enumerate()
            .find(|(_, (n, _))| **n == name)
            .map(|(i, (_, f))| (i as u32, f))
            .ok_or_else(|| OpenReadError::FileDoesNotExist(PathBuf::from(path)))?;
        Ok(Arc::new(ChunkedFile {
            source: self.0.clone(),
            id,
            len: file.len,
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        let name = key(path);
        Ok(name == "meta.json" || self.0.map.files.contains_key(&name))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if key(path) == "meta.json" {
            return Ok(self.0.map.meta.as_bytes().to_vec());
        }
        let slice = self.open_read(path)?;
        slice
            .read_bytes()
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing writes a chunked index, so readers need no lock file.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
