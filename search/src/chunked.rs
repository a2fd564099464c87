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
use std::sync::{Mutex, RwLock};
use tantivy::directory::OwnedBytes;

mod aligned;
mod directory;

pub use directory::ChunkedDirectory;

/// One index file as chunks: its length and its content's hash. Chunk `i`
/// is named `<hash>-<i>`: a name never names other bytes, so chunks are
/// cacheable forever, and the map stays small however many there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChunks {
    pub len: usize,
    pub hash: String,
    /// Cut where the file's blocks begin (see [`aligned`]); each chunk
    /// then starts with a header.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub aligned: bool,
    /// The file's own chunk size, when it is not the map's (see
    /// [`FAST_CHUNKS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
}

/// The fast-field file (the facet column) is cut in chunks this many times
/// the map's size. Filter counts read it for every matching card, so a
/// common word reads all of it: at 50,000 cards, in 4 KiB chunks, that was
/// ~300 requests, and the browser's six connections made it ~9 s at
/// 150 ms a round trip. A rare word with filters reads a few chunks, each
/// larger.
pub const FAST_CHUNKS: usize = 8;

impl FileChunks {
    /// How many chunks the file has, cut at `chunk_size` (the map's) unless
    /// it has its own size.
    pub fn count(&self, chunk_size: usize) -> usize {
        self.len.div_ceil(self.size.unwrap_or(chunk_size))
    }

    pub fn chunk(&self, i: usize) -> String {
        format!("{}-{i}", self.hash)
    }

    /// The file's bytes in a published chunk (an aligned chunk's header
    /// left out).
    pub fn payload<'b>(&self, chunk: &'b [u8]) -> &'b [u8] {
        match self.aligned {
            true => chunk.get(aligned::HEADER..).unwrap_or_default(),
            false => chunk,
        }
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
    /// The bytes every query reads (footers, dictionary indexes, the
    /// norms plain queries score with): `[file, start, end]` ranges,
    /// shipped back to back in one file, in this order. Only those bytes,
    /// not the chunks around them (as Quickwit's hotcache does).
    pub hot: Vec<(String, usize, usize)>,
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

/// Splits index files into chunks at fixed offsets: the map (without hot
/// chunks) and the chunks, which share the files' memory.
#[cfg(test)]
pub(crate) fn split(files: Vec<(String, Vec<u8>)>, chunk_size: usize) -> (ChunkMap, Vec<Chunk>) {
    let files: Vec<HashedFile> = files.into_iter().map(HashedFile::new).collect();
    split_aligned(&files, chunk_size, &HashMap::new())
}

/// An index file and the hash of its bytes, taken once (a build splits
/// the files twice: to find their blocks, then to publish them).
pub struct HashedFile {
    pub name: String,
    pub bytes: OwnedBytes,
    pub hash: String,
}

impl HashedFile {
    pub fn new((name, bytes): (String, Vec<u8>)) -> HashedFile {
        let hash = chunk_name(&bytes);
        HashedFile {
            name,
            bytes: OwnedBytes::new(bytes),
            hash,
        }
    }
}

/// The byte ranges of a file's blocks (see [`aligned`]): a file is never
/// cut inside one.
pub type Blocks = Vec<Range<usize>>;

/// Splits index files into chunks, those named in `blocks` where their
/// blocks begin, the others at fixed offsets.
pub fn split_aligned(
    files: &[HashedFile],
    chunk_size: usize,
    blocks: &HashMap<String, Blocks>,
) -> (ChunkMap, Vec<Chunk>) {
    let chunk_size = chunk_size.max(64);
    let mut map = ChunkMap {
        chunk_size,
        meta: String::new(),
        files: BTreeMap::new(),
        hot: Vec::new(),
    };
    let mut chunks = Vec::new();
    for HashedFile {
        name,
        bytes: all,
        hash,
    } in files
    {
        if name == "meta.json" {
            map.meta = String::from_utf8_lossy(all.as_slice()).into_owned();
            continue;
        }
        let aligned = blocks.get(name);
        let size = match aligned.is_none() && name.ends_with(".fast") {
            true => chunk_size * FAST_CHUNKS,
            false => chunk_size,
        };
        // Chunk names follow the bytes and the way they are cut: the same
        // file cut another way (another chunk size, aligned) has other
        // chunks, which must not meet a cached one of the same name.
        let layout = format!(
            "{hash}/{size}/{}",
            if aligned.is_some() {
                "aligned"
            } else {
                "fixed"
            }
        );
        let file = FileChunks {
            len: all.len(),
            hash: chunk_name(layout.as_bytes()),
            aligned: aligned.is_some(),
            size: (size != chunk_size).then_some(size),
        };
        if let Some(b) = aligned {
            let starts = aligned::chunk_starts(file.len, chunk_size, b);
            for i in 0..starts.len() {
                chunks.push(Chunk {
                    name: file.chunk(i),
                    bytes: OwnedBytes::new(aligned::chunk_bytes(
                        all.as_slice(),
                        chunk_size,
                        &starts,
                        i,
                    )),
                });
            }
        } else {
            for i in 0..file.count(chunk_size) {
                chunks.push(Chunk {
                    name: file.chunk(i),
                    bytes: all.slice(i * size..((i + 1) * size).min(file.len)),
                });
            }
        }
        map.files.insert(name.clone(), file);
    }
    (map, chunks)
}

/// A chunk by its file's number (in the map's order) and its own.
type Key = (u32, u32);

/// A read: the file's number and the byte range.
type Read = (u32, Range<usize>);

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
    /// The hot ranges by file number, by start: `(start, bytes)`.
    hot: RwLock<HashMap<u32, BTreeMap<usize, OwnedBytes>>>,
    /// Every byte range read, when recording (to find blocks).
    ranges: Option<Mutex<Vec<Read>>>,
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
            hot: RwLock::default(),
            ranges: None,
        }
    }

    /// A source that records every chunk read.
    pub fn recording(map: ChunkMap) -> ChunkSource {
        ChunkSource {
            ranges: Some(Mutex::default()),
            ..ChunkSource::new(map)
        }
    }

    /// The last byte range read (recording sources only).
    pub fn last_read(&self) -> Option<Range<usize>> {
        let r = self.ranges.as_ref()?.lock().ok()?;
        r.last().map(|(_, r)| r.clone())
    }

    /// The byte ranges read so far from the file `name` (recording sources
    /// only), in the order read.
    pub fn ranges_read(&self, name: &str) -> Vec<Range<usize>> {
        let Some(id) = self.map.files.keys().position(|n| n == name) else {
            return Vec::new();
        };
        self.ranges
            .as_ref()
            .and_then(|r| r.lock().ok())
            .map(|r| {
                r.iter()
                    .filter(|(f, _)| *f as usize == id)
                    .map(|(_, r)| r.clone())
                    .collect()
            })
            .unwrap_or_default()
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

    /// Adds the hot ranges, shipped back to back in `bytes`. Fails when
    /// the bytes do not add up (a hot file of another build).
    pub fn add_hot(&self, bytes: &[u8]) -> Result<(), String> {
        let mut at = 0;
        let mut hot = self
            .hot
            .write()
            .map_err(|_| "the hot ranges are poisoned".to_string())?;
        for (file, start, end) in &self.map.hot {
            let id = self
                .map
                .files
                .keys()
                .position(|n| n == file)
                .ok_or_else(|| format!("hot range of {file}, a file the manifest lacks"))?;
            let len = end.saturating_sub(*start);
            let piece = bytes
                .get(at..at + len)
                .ok_or("the hot file is shorter than the manifest says")?;
            hot.entry(id as u32)
                .or_default()
                .insert(*start, OwnedBytes::new(piece.to_vec()));
            at += len;
        }
        if at == bytes.len() {
            Ok(())
        } else {
            Err("the hot file is longer than the manifest says".into())
        }
    }

    /// `range` of file `id`, when a hot range holds all of it.
    fn hot_slice(&self, id: u32, range: &Range<usize>) -> Option<OwnedBytes> {
        let hot = self.hot.read().ok()?;
        let (&start, bytes) = hot.get(&id)?.range(..=range.start).next_back()?;
        let from = range.start - start;
        (range.end - start <= bytes.len()).then(|| bytes.slice(from..from + range.len()))
    }

    /// Every range read so far (recording sources only), by file name,
    /// merged where they overlap or touch, in file order.
    pub fn ranges_merged(&self) -> Vec<(String, usize, usize)> {
        let names: Vec<&String> = self.map.files.keys().collect();
        let mut all: Vec<Read> = self
            .ranges
            .as_ref()
            .and_then(|r| r.lock().ok().map(|r| r.clone()))
            .unwrap_or_default();
        all.sort_by_key(|(f, r)| (*f, r.start));
        let mut out: Vec<(String, usize, usize)> = Vec::new();
        let mut last: Option<Read> = None;
        for (f, r) in all.into_iter().filter(|(_, r)| r.start < r.end) {
            match &mut last {
                Some((lf, lr)) if *lf == f && r.start <= lr.end => lr.end = lr.end.max(r.end),
                _ => {
                    if let Some((lf, lr)) = last.replace((f, r)) {
                        out.push((names[lf as usize].clone(), lr.start, lr.end));
                    }
                }
            }
        }
        if let Some((lf, lr)) = last {
            out.push((names[lf as usize].clone(), lr.start, lr.end));
        }
        out
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
        if let Some(r) = &self.ranges
            && let Ok(mut r) = r.lock()
        {
            r.push((id, range.clone()));
        }
        if let Some(b) = self.hot_slice(id, &range) {
            return Ok(b);
        }
        let cs = self.map.chunk_size;
        if file.aligned {
            return self.read_aligned(id, file.count(cs), range);
        }
        let cs = file.size.unwrap_or(cs);
        let (first, last) = (range.start / cs, (range.end - 1) / cs);
        let keys = (first as u32..=last as u32).map(|n| (id, n));
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

#[cfg(test)]
mod tests;
