//! An index read in chunks. The build splits each index file into chunks of
//! a fixed size, published as content-hashed files; a reader holds the
//! chunks it has and, when tantivy asks for bytes it lacks, notes which
//! chunks are missing and fails the read. The browser fetches the missing
//! chunks (all at once) and asks again, so a query touches only the term
//! dictionary blocks, postings and stored documents it needs.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

/// One index file as chunks: its length and its content's hash. Chunk `i`
/// is named `<hash>-<i>`: a name never names other bytes, so chunks are
/// cacheable forever, and the map stays small however many there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChunks {
    pub len: usize,
    pub hash: String,
}

impl FileChunks {
    pub fn count(&self, chunk_size: usize) -> usize {
        self.len.div_ceil(chunk_size)
    }

    pub fn chunk(&self, i: usize) -> String {
        format!("{}-{i}", self.hash)
    }
}

/// How an index is split: everything a reader needs before its first read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkMap {
    pub chunk_size: usize,
    /// tantivy's `meta.json`, inline.
    pub meta: String,
    /// Index file name → its chunks.
    pub files: BTreeMap<String, FileChunks>,
    /// The chunks every query needs (footers, dictionary indexes), shipped
    /// together in one file, in this order.
    pub hot: Vec<String>,
}

/// The chunk name of `bytes`: a hash of its content and length.
pub fn chunk_name(bytes: &[u8]) -> String {
    // FNV-1a, 64 bits, twice with different offsets: stable across builds
    // and machines, and no dependency.
    let fnv = |seed: u64| {
        bytes.iter().fold(seed, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:08x}",
        fnv(0xcbf2_9ce4_8422_2325),
        (fnv(0x84222325_cbf29ce4) ^ bytes.len() as u64) as u32
    )
}

/// One published chunk: its name and its bytes (a view into its file).
pub struct Chunk {
    pub name: String,
    pub bytes: OwnedBytes,
}

/// Splits index files into chunks: the map (without hot chunks) and the
/// chunks, which share the files' memory.
pub fn split(files: Vec<(String, Vec<u8>)>, chunk_size: usize) -> (ChunkMap, Vec<Chunk>) {
    let chunk_size = chunk_size.max(64);
    let mut map = ChunkMap {
        chunk_size,
        meta: String::new(),
        files: BTreeMap::new(),
        hot: Vec::new(),
    };
    let mut chunks = Vec::new();
    for (name, bytes) in files {
        if name == "meta.json" {
            map.meta = String::from_utf8_lossy(&bytes).into_owned();
            continue;
        }
        let file = FileChunks {
            len: bytes.len(),
            hash: chunk_name(&bytes),
        };
        let all = OwnedBytes::new(bytes);
        for i in 0..file.count(chunk_size) {
            chunks.push(Chunk {
                name: file.chunk(i),
                bytes: all.slice(i * chunk_size..((i + 1) * chunk_size).min(file.len)),
            });
        }
        map.files.insert(name, file);
    }
    (map, chunks)
}

/// A chunk by its file's number (in the map's order) and its own.
type Key = (u32, u32);

/// The chunks a reader has, and the ones its reads found missing. Chunks
/// are kept by number, not name: every read tantivy makes looks them up.
pub struct ChunkSource {
    map: ChunkMap,
    /// The map's files in order (a [`Key`]'s first number indexes it).
    files: Vec<FileChunks>,
    /// The numbers of the files with a hash (to read chunk names; files
    /// with equal bytes, such as two empty ones, share their chunks' names).
    by_hash: HashMap<String, Vec<u32>>,
    loaded: RwLock<HashMap<Key, OwnedBytes>>,
    missing: Mutex<BTreeSet<Key>>,
    /// Every chunk read, when recording (to find the hot set).
    touched: Option<Mutex<BTreeSet<Key>>>,
}

impl std::fmt::Debug for ChunkSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkSource")
            .field("files", &self.map.files.len())
            .finish()
    }
}

/// A read that needs chunks the reader does not have yet.
#[derive(Debug)]
pub struct MissingChunks;

impl std::fmt::Display for MissingChunks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("index chunks not loaded yet")
    }
}

impl std::error::Error for MissingChunks {}

impl ChunkSource {
    pub fn new(map: ChunkMap) -> ChunkSource {
        let files: Vec<FileChunks> = map.files.values().cloned().collect();
        let mut by_hash: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            by_hash.entry(f.hash.clone()).or_default().push(i as u32);
        }
        ChunkSource {
            map,
            files,
            by_hash,
            loaded: RwLock::default(),
            missing: Mutex::default(),
            touched: None,
        }
    }

    /// A source that records every chunk read.
    pub fn recording(map: ChunkMap) -> ChunkSource {
        ChunkSource {
            touched: Some(Mutex::default()),
            ..ChunkSource::new(map)
        }
    }

    pub fn map(&self) -> &ChunkMap {
        &self.map
    }

    /// Adds a chunk's bytes.
    pub fn add(&self, name: &str, bytes: Vec<u8>) {
        self.add_bytes(name, OwnedBytes::new(bytes));
    }

    /// Adds a chunk's bytes, shared. A name of no file of the map is ignored.
    pub fn add_bytes(&self, name: &str, bytes: OwnedBytes) {
        let Some((hash, n)) = name.rsplit_once('-') else {
            return;
        };
        let (Some(ids), Ok(n)) = (self.by_hash.get(hash), n.parse::<u32>()) else {
            return;
        };
        if let Ok(mut l) = self.loaded.write() {
            for &id in ids {
                l.insert((id, n), bytes.clone());
            }
        }
    }

    fn name(&self, (file, n): Key) -> String {
        self.files[file as usize].chunk(n as usize)
    }

    /// Adds the hot chunks, shipped back to back in `bytes`. Fails when the
    /// bytes do not add up (a hot file of another build).
    pub fn add_hot(&self, bytes: &[u8]) -> Result<(), String> {
        let sizes = self.chunk_sizes();
        let mut at = 0;
        for name in &self.map.hot {
            let len = *sizes
                .get(name)
                .ok_or_else(|| format!("hot chunk {name} is in no file"))?;
            let piece = bytes
                .get(at..at + len)
                .ok_or("the hot chunk file is shorter than the manifest says")?;
            self.add(name, piece.to_vec());
            at += len;
        }
        if at == bytes.len() {
            Ok(())
        } else {
            Err("the hot chunk file is longer than the manifest says".into())
        }
    }

    /// Every chunk's length, by name.
    pub fn chunk_sizes(&self) -> HashMap<String, usize> {
        let cs = self.map.chunk_size;
        let mut sizes = HashMap::new();
        for f in self.map.files.values() {
            for i in 0..f.count(cs) {
                sizes.insert(f.chunk(i), (f.len - i * cs).min(cs));
            }
        }
        sizes
    }

    /// The missing chunks noted since the last call, cleared.
    pub fn take_missing(&self) -> Vec<String> {
        let taken = self
            .missing
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default();
        let mut names: Vec<String> = taken.into_iter().map(|k| self.name(k)).collect();
        names.sort();
        names.dedup();
        names
    }

    /// Whether a read has found a chunk missing since the last
    /// [`ChunkSource::take_missing`].
    pub fn has_missing(&self) -> bool {
        self.missing.lock().map(|m| !m.is_empty()).unwrap_or(false)
    }

    /// The chunks read so far (recording sources only).
    pub fn touched(&self) -> Vec<String> {
        let keys: Vec<Key> = self
            .touched
            .as_ref()
            .and_then(|t| t.lock().ok().map(|t| t.iter().copied().collect()))
            .unwrap_or_default();
        let mut names: Vec<String> = keys.into_iter().map(|k| self.name(k)).collect();
        names.sort();
        names.dedup();
        names
    }

    pub fn loaded_count(&self) -> usize {
        self.loaded.read().map(|l| l.len()).unwrap_or(0)
    }

    fn read(&self, id: u32, range: Range<usize>) -> io::Result<OwnedBytes> {
        let file = &self.files[id as usize];
        if range.start >= range.end {
            return Ok(OwnedBytes::empty());
        }
        if range.end > file.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read past the end of an index file",
            ));
        }
        let cs = self.map.chunk_size;
        let (first, last) = (range.start / cs, (range.end - 1) / cs);
        let keys = (first as u32..=last as u32).map(|n| (id, n));
        if let Some(t) = &self.touched
            && let Ok(mut t) = t.lock()
        {
            t.extend(keys.clone());
        }
        let loaded = self
            .loaded
            .read()
            .map_err(|_| io::Error::other("chunk cache poisoned"))?;
        let absent: Vec<Key> = keys.clone().filter(|k| !loaded.contains_key(k)).collect();
        if !absent.is_empty() {
            if let Ok(mut m) = self.missing.lock() {
                m.extend(absent);
            }
            return Err(io::Error::other(MissingChunks));
        }
        let offset = first * cs;
        if first == last {
            return Ok(loaded[&(id, first as u32)].slice(range.start - offset..range.end - offset));
        }
        let mut out = Vec::with_capacity(range.len());
        for (i, k) in keys.enumerate() {
            let bytes = loaded[&k].as_slice();
            let chunk_start = offset + i * cs;
            let from = range.start.saturating_sub(chunk_start);
            let to = (range.end - chunk_start).min(bytes.len());
            out.extend_from_slice(&bytes[from..to]);
        }
        Ok(OwnedBytes::new(out))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(chunks: &[Chunk], name: &str) -> Vec<u8> {
        chunks
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .bytes
            .as_slice()
            .to_vec()
    }

    #[test]
    fn reads_span_chunks_and_name_the_missing_ones() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let (map, chunks) = split(vec![("a.idx".into(), bytes.clone())], 64);
        assert_eq!(chunks.len(), 16);
        assert_eq!(chunks[15].bytes.len(), 1000 - 15 * 64);
        let src = Arc::new(ChunkSource::new(map.clone()));
        let file = &map.files["a.idx"];
        assert!(src.read(0, 60..130).is_err());
        let missing = src.take_missing();
        assert_eq!(missing, [file.chunk(0), file.chunk(1), file.chunk(2)]);
        for n in &missing {
            src.add(n, bytes_of(&chunks, n));
        }
        assert_eq!(src.read(0, 60..130).unwrap().as_slice(), &bytes[60..130]);
        assert_eq!(src.read(0, 64..128).unwrap().as_slice(), &bytes[64..128]);
        assert!(src.take_missing().is_empty());
        assert!(src.read(0, 990..1001).is_err(), "past the end");
    }

    #[test]
    fn files_with_equal_bytes_share_their_chunks() {
        let (map, chunks) = split(vec![("a.idx".into(), vec![]), ("a.pos".into(), vec![])], 64);
        assert!(chunks.is_empty());
        let (map2, chunks2) = split(
            vec![("a.idx".into(), vec![7; 70]), ("a.pos".into(), vec![7; 70])],
            64,
        );
        let src = ChunkSource::new(map2);
        assert_eq!(chunks2.len(), 4);
        src.add(&chunks2[0].name, chunks2[0].bytes.as_slice().to_vec());
        src.add(&chunks2[1].name, chunks2[1].bytes.as_slice().to_vec());
        assert_eq!(src.read(1, 0..70).unwrap().as_slice(), &[7; 70][..]);
        assert_eq!(src.read(0, 0..70).unwrap().as_slice(), &[7; 70][..]);
        assert!(ChunkSource::new(map).read(0, 0..0).unwrap().is_empty());
    }

    #[test]
    fn chunk_names_follow_the_content() {
        let (a, _) = split(vec![("x.idx".into(), vec![1; 100])], 64);
        let (b, _) = split(vec![("x.idx".into(), vec![2; 100])], 64);
        assert_ne!(a.files["x.idx"].chunk(0), b.files["x.idx"].chunk(0));
    }

    #[test]
    fn the_hot_file_must_match_the_map() {
        let bytes: Vec<u8> = (0..200u8).collect();
        let (mut map, chunks) = split(vec![("a.idx".into(), bytes)], 64);
        let f = &map.files["a.idx"];
        map.hot = vec![f.chunk(3), f.chunk(0)];
        let hot: Vec<u8> = map.hot.iter().flat_map(|n| bytes_of(&chunks, n)).collect();
        let src = ChunkSource::new(map.clone());
        src.add_hot(&hot).unwrap();
        assert_eq!(src.loaded_count(), 2);
        assert!(ChunkSource::new(map.clone()).add_hot(&hot[..70]).is_err());
        let mut longer = hot.clone();
        longer.push(0);
        assert!(ChunkSource::new(map).add_hot(&longer).is_err());
    }
}
