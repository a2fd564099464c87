//! Where the blocks of an index's files lie, so the chunks can be cut
//! around them (see `chunked::aligned`): a stored document is read as its
//! whole compressed block, a dictionary lookup as one block of terms.
//! tantivy keeps both block tables private, so they are found by reading
//! through a source that records each byte range tantivy asks for: every
//! document once, and enough terms to meet every dictionary block.

use crate::chunked::{Blocks, ChunkSource, ChunkedDirectory, HashedFile, split_aligned};
use crate::query::SearchError;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use tantivy::index::{Segment, SegmentComponent};
use tantivy::termdict::TermDictionary;
use tantivy::{Index, SegmentReader};

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Index(e.to_string())
}

/// The blocks of each segment's stored documents and term dictionaries,
/// by file name.
pub(crate) fn find_blocks(
    files: &[HashedFile],
    chunk_size: usize,
) -> Result<HashMap<String, Blocks>, SearchError> {
    let (map, chunks) = split_aligned(files, chunk_size, &HashMap::new());
    let source = Arc::new(ChunkSource::recording(map));
    for c in &chunks {
        source.add_bytes(&c.name, c.bytes.clone());
    }
    let index = Index::open(ChunkedDirectory(source.clone())).map_err(err)?;
    let mut blocks = HashMap::new();
    for seg in index.searchable_segments().map_err(err)? {
        let reader = SegmentReader::open(&seg).map_err(err)?;
        let store = path(&seg, SegmentComponent::Store);
        let before = source.ranges_read(&store).len();
        let docs = reader.get_store_reader(1).map_err(err)?;
        for doc in 0..reader.max_doc() {
            docs.get_document_bytes(doc).map_err(err)?;
        }
        blocks.insert(store.clone(), source.ranges_read(&store).split_off(before));

        let mut terms = Vec::new();
        for (field, entry) in index.schema().fields() {
            if entry.is_indexed() {
                let inverted = reader.inverted_index(field).map_err(err)?;
                terms.extend(dictionary_blocks(inverted.terms(), &source)?);
            }
        }
        blocks.insert(path(&seg, SegmentComponent::Terms), terms);
    }
    Ok(blocks)
}

fn path(seg: &Segment, component: SegmentComponent) -> String {
    seg.meta()
        .relative_path(component)
        .to_string_lossy()
        .into_owned()
}

/// Every block of one dictionary: the block of the first term, then a
/// search for the first term past it (blocks hold about as many terms as
/// the one before, so a guess and a check usually find it), and so on.
fn dictionary_blocks(
    dict: &TermDictionary,
    source: &ChunkSource,
) -> Result<Vec<Range<usize>>, SearchError> {
    let n = dict.num_terms() as u64;
    let mut term = Vec::new();
    let mut block_of = |ord: u64| -> Result<Range<usize>, SearchError> {
        dict.ord_to_term(ord, &mut term).map_err(err)?;
        source
            .last_read()
            .ok_or_else(|| err("a dictionary lookup read nothing"))
    };
    let mut found = Vec::new();
    let (mut ord, mut guess) = (0, 1);
    while ord < n {
        let block = block_of(ord)?;
        // `lo` is in the block, `hi` the first term known past it.
        let (mut lo, mut step) = (ord, guess);
        let mut hi = loop {
            let probe = lo + step;
            if probe >= n {
                break n;
            }
            if block_of(probe)? != block {
                break probe;
            }
            lo = probe;
            step *= 2;
        };
        if hi - lo > 1 && block_of(hi - 1)? == block {
            lo = hi - 1;
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if block_of(mid)? == block {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        found.push(block);
        guess = hi - ord;
        ord = hi;
    }
    Ok(found)
}
