//! Chunks cut where a file's blocks begin. A stored document is read as
//! its whole compressed block; cut at fixed offsets, a block straddles two
//! chunks about as often as not (a results page of 8 hits fetched 17 chunks
//! at 5,000 cards). Cut at block starts, each hit's block is in one chunk.
//!
//! Chunk `k` of an aligned file still answers for offset `k × size`: it
//! begins there, or, when that offset falls inside a block, where that
//! block ends; it ends where chunk `k + 1` begins (so it may be empty, or
//! longer than `size`). A block therefore lies whole in the chunk of its
//! first byte. Each chunk's file starts with a header, the distance from
//! `k × size` to its first byte (u32, little-endian), so a reader needs no
//! list of cuts: a read from offset `a` starts in chunk `a / size` (or, if
//! `a` is inside a block, possibly an earlier one).

use super::{ChunkSource, MissingChunks};
use std::io;
use std::ops::Range;
use tantivy::directory::OwnedBytes;

/// Bytes before an aligned chunk's data.
pub const HEADER: usize = 4;

/// Where each chunk of an aligned file begins, one per chunk: at
/// `k × size`, or at the end of the block (of `blocks`, which may overlap
/// and come in any order) that offset falls inside.
pub fn chunk_starts(len: usize, size: usize, blocks: &[Range<usize>]) -> Vec<usize> {
    let mut blocks: Vec<Range<usize>> =
        blocks.iter().filter(|b| b.start < b.end).cloned().collect();
    blocks.sort_unstable_by_key(|b| b.start);
    let mut next = blocks.iter().peekable();
    let mut covered = 0; // the end of the blocks begun so far
    (0..len.div_ceil(size))
        .map(|k| {
            let at = k * size;
            while let Some(b) = next.next_if(|b| b.start < at) {
                covered = covered.max(b.end);
            }
            at.max(covered).min(len)
        })
        .collect()
}

/// Chunk `k`'s published bytes: the header, then `bytes[starts[k]..end]`.
pub fn chunk_bytes(bytes: &[u8], size: usize, starts: &[usize], k: usize) -> Vec<u8> {
    let start = starts[k];
    let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
    let mut out = Vec::with_capacity(HEADER + end - start);
    out.extend_from_slice(&((start - k * size) as u32).to_le_bytes());
    out.extend_from_slice(&bytes[start..end]);
    out
}

/// Where a published aligned chunk's data begins in its file, and the data
/// (`None` for bytes too short to hold the header).
pub fn parse(bytes: &[u8], size: usize, k: usize) -> Option<(usize, &[u8])> {
    let header: [u8; HEADER] = bytes.get(..HEADER)?.try_into().ok()?;
    Some((
        k * size + u32::from_le_bytes(header) as usize,
        &bytes[HEADER..],
    ))
}

impl ChunkSource {
    /// A read from an aligned file: it starts in chunk `start / size` (or,
    /// when `start` is no cut, an earlier one) and runs on through the
    /// chunks after it. A chunk found missing is noted (one at a time: only
    /// a loaded chunk tells where the next begins; a block is read from
    /// one chunk).
    pub(super) fn read_aligned(
        &self,
        id: u32,
        count: usize,
        range: Range<usize>,
    ) -> io::Result<OwnedBytes> {
        let cs = self.map.chunk_size;
        let loaded = self
            .loaded
            .read()
            .map_err(|_| io::Error::other("chunk cache poisoned"))?;
        let get = |k: usize| -> io::Result<(usize, &OwnedBytes)> {
            match loaded.get(&(id, k as u32)) {
                Some(b) => parse(b.as_slice(), cs, k)
                    .map(|(at, _)| (at, b))
                    .ok_or_else(|| io::Error::other("an index chunk is shorter than its header")),
                None => {
                    if let Ok(mut m) = self.missing.lock() {
                        m.insert((id, k as u32));
                    }
                    Err(io::Error::other(MissingChunks))
                }
            }
        };
        let mut k = (range.start / cs).min(count.saturating_sub(1));
        let (mut at, mut chunk) = get(k)?;
        while at > range.start && k > 0 {
            k -= 1;
            (at, chunk) = get(k)?;
        }
        let data_len = |b: &OwnedBytes| b.len() - HEADER;
        if range.end <= at + data_len(chunk) {
            let from = HEADER + range.start - at;
            return Ok(chunk.slice(from..from + range.len()));
        }
        let mut out = Vec::with_capacity(range.len());
        loop {
            let end = at + data_len(chunk);
            let (from, to) = (range.start.max(at), range.end.min(end));
            if from < to {
                let data = &chunk.as_slice()[HEADER..];
                out.extend_from_slice(&data[from - at..to - at]);
            }
            if end >= range.end {
                return Ok(OwnedBytes::new(out));
            }
            k += 1;
            if k >= count {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "read past the last chunk of an index file",
                ));
            }
            (at, chunk) = get(k)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_begin_outside_blocks_and_cover_the_file_once() {
        // Blocks of 30 bytes, then a tail of 50 bytes (an index, a footer),
        // cut in chunks of 64.
        let bytes: Vec<u8> = (0..200u8).collect();
        let blocks: Vec<Range<usize>> = (0..150).step_by(30).map(|s| s..s + 30).collect();
        let starts = chunk_starts(200, 64, &blocks);
        assert_eq!(starts, [0, 90, 150, 192]);
        let mut whole = Vec::new();
        for k in 0..starts.len() {
            let chunk = chunk_bytes(&bytes, 64, &starts, k);
            let (at, data) = parse(&chunk, 64, k).unwrap();
            assert_eq!(at, starts[k]);
            assert!(at >= k * 64);
            whole.extend_from_slice(data);
        }
        assert_eq!(whole, bytes);
        // Every block lies in one chunk.
        for b in &blocks {
            let k = b.start / 64;
            assert!(starts[k] <= b.start && starts.get(k + 1).is_none_or(|&e| b.end <= e));
        }
    }

    #[test]
    fn a_block_longer_than_a_chunk_leaves_empty_chunks() {
        let starts = chunk_starts(300, 64, &[0..10, 10..250, 250..290]);
        assert_eq!(starts, [0, 250, 250, 250, 290]);
        let bytes = vec![1u8; 300];
        assert_eq!(chunk_bytes(&bytes, 64, &starts, 1).len(), HEADER);
        // Gaps between blocks (a dictionary's index between two fields'
        // blocks) are cut at fixed offsets.
        assert_eq!(
            chunk_starts(300, 64, &[0..70, 200..260]),
            [0, 70, 128, 192, 260]
        );
    }
}
