//! Searching an index whose chunks arrive on demand. A query is tried; if
//! it needs chunks the reader lacks, it answers [`Attempt::Need`] with all
//! of them (after a miss, every query term is walked too, so one round
//! fetches what would otherwise take one round per term), and the caller
//! fetches them and tries again. An attempt counts only when no read missed,
//! so its results equal those of the whole index.

use crate::chunked::{Chunk, ChunkMap, ChunkSource, ChunkedDirectory, HashedFile, split_aligned};
use crate::query::{Engine, Results, SearchError};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;
use tantivy::Index;
use tantivy::directory::OwnedBytes;
use tantivy::query::{Query, QueryParser};
use tantivy::schema::IndexRecordOption;
use tantivy::{HasLen, Term};

/// The outcome of one try.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Attempt {
    Done(Results),
    /// Fetch these chunks, add them, and try again.
    Need {
        need: Vec<String>,
    },
}

impl Engine {
    /// Opens an index from its chunk map; `source` must hold the hot chunks.
    pub fn open_chunked(source: Arc<ChunkSource>) -> Result<Engine, SearchError> {
        let index = Index::open(ChunkedDirectory(source.clone())).map_err(|e| {
            SearchError::Index(match source.has_missing() {
                true => "the index's hot chunks are missing".to_string(),
                false => e.to_string(),
            })
        })?;
        Engine::open_index(index, Some(source))
    }

    /// Tries `query`; see [`Attempt`].
    pub fn search_chunked(
        &self,
        query: &str,
        limit: usize,
        filters: &[String],
        facets: bool,
    ) -> Result<Attempt, SearchError> {
        let Some(source) = &self.source else {
            return self
                .search_with(query, limit, filters, facets)
                .map(Attempt::Done);
        };
        // Try first: once a query's chunks are here (every query typed
        // twice, every warm query) it costs nothing more than a search.
        source.take_missing();
        let result = self.search_with(query, limit, filters, facets);
        let mut need = source.take_missing();
        if need.is_empty() {
            return result.map(Attempt::Done);
        }
        self.walk_terms(query, !filters.is_empty(), source, &mut need);
        Ok(Attempt::Need { need })
    }

    /// The chunks a query's words need (dictionary entries, postings),
    /// without its hits' stored documents: what a reader's half-typed
    /// query can fetch while they type. Empty once they are all here, or
    /// for an index read whole. `limit` is the query's (how many hits it
    /// ranks decides which postings blocks it skips).
    pub fn preload_chunked(&self, query: &str, limit: usize) -> Vec<String> {
        let Some(source) = &self.source else {
            return Vec::new();
        };
        source.take_missing();
        let _ = self.run(query, limit, &[], false, false);
        let mut need = source.take_missing();
        if !need.is_empty() {
            self.walk_terms(query, false, source, &mut need);
        }
        need
    }

    /// A miss stops a search at the first chunk it lacks: walk every term
    /// too, so one round fetches all of them; adds them to `need`.
    fn walk_terms(
        &self,
        query: &str,
        filtered: bool,
        source: &ChunkSource,
        need: &mut Vec<String>,
    ) {
        // Whether the last word is expanded as a prefix is known once its
        // dictionary block is here (a missed lookup decides nothing).
        let prefix = self
            .expanded_prefix(query)
            .filter(|_| !source.has_missing());
        if let Ok(q) = self.text_query(query, filtered) {
            self.prefetch(&*q, true);
            if let Some(prefix) = prefix {
                self.prefetch_prefix(&prefix);
            }
            // Highlights look up their words' frequencies only.
            let mut excerpt = QueryParser::for_index(&self.index, vec![self.fields.excerpt]);
            excerpt.set_conjunction_by_default();
            self.prefetch(&*excerpt.parse_query_lenient(query.trim()).0, false);
        }
        need.extend(source.take_missing());
        need.sort();
        need.dedup();
    }

    /// Reads each term's dictionary entry and, with `postings`, its
    /// postings and its field's norms, ignoring misses (they are noted by
    /// the source).
    fn prefetch(&self, q: &dyn Query, postings: bool) {
        let mut terms = Vec::new();
        q.query_terms(&mut |t, positions| terms.push((t.clone(), positions)));
        let searcher = self.reader.searcher();
        for seg in searcher.segment_readers() {
            for (term, positions) in &terms {
                let Ok(inv) = seg.inverted_index(term.field()) else {
                    continue;
                };
                let info = inv.get_term_info(term);
                if !postings {
                    continue;
                }
                if let Ok(Some(info)) = info {
                    let option = if *positions {
                        IndexRecordOption::WithFreqsAndPositions
                    } else {
                        IndexRecordOption::WithFreqs
                    };
                    let _ = inv.read_postings_from_terminfo(&info, option);
                }
                let _ = seg.get_fieldnorms_reader(term.field());
            }
        }
    }

    /// Reads, in each scored field, every dictionary block of the words
    /// `prefix` begins and every such word's postings, ignoring misses: a
    /// prefix query reads them one after the other, and would otherwise
    /// learn of one missing block or word per round.
    fn prefetch_prefix(&self, prefix: &str) {
        let searcher = self.reader.searcher();
        let chunk = self.source.as_ref().map_or(4096, |s| s.map().chunk_size);
        for seg in searcher.segment_readers() {
            for (field, _) in self.fields.weighted() {
                let Ok(inv) = seg.inverted_index(field) else {
                    continue;
                };
                let term = Term::from_field_text(field, prefix);
                let lo = term.serialized_value_bytes().to_vec();
                let hi = prefix_end(&lo);
                let dict = inv.terms();
                let upper = hi.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
                let blocks = dict.file_slice_for_range((Bound::Included(&lo[..]), upper), None);
                // A byte every chunk's length meets every chunk of the run.
                let len = blocks.len();
                for at in (0..len).step_by(chunk.max(1)).chain(len.checked_sub(1)) {
                    let _ = blocks.slice(at..at + 1).read_bytes();
                }
                let range = dict.range().ge(&lo);
                let range = match &hi {
                    Some(hi) => range.lt(hi),
                    None => range,
                };
                let Ok(mut words) = range.into_stream() else {
                    continue;
                };
                while words.advance() {
                    let _ = inv
                        .read_postings_from_terminfo(words.value(), IndexRecordOption::WithFreqs);
                }
            }
        }
    }

    /// Opens what every query needs: each field's dictionary index, and
    /// the norms of the fields a plain query scores (read whole by every
    /// query; a few KB compressed at 5,000 cards).
    fn warm_hot(&self) {
        let searcher = self.reader.searcher();
        for seg in searcher.segment_readers() {
            for (field, entry) in self.index.schema().fields() {
                if entry.is_indexed() {
                    let _ = seg.inverted_index(field);
                }
            }
            for (field, _) in self.fields.weighted() {
                let _ = seg.get_fieldnorms_reader(field);
            }
        }
    }
}

/// The first key after every key that begins with `prefix` (none when
/// `prefix` is all 0xFF bytes).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// An index split for the browser: the map, the chunks and the hot file.
pub struct ChunkedIndex {
    pub map: ChunkMap,
    pub chunks: Vec<Chunk>,
    /// The hot ranges' bytes, back to back (`map.hot` names them).
    pub hot: Vec<u8>,
}

/// Splits index files into chunks of `chunk_size` bytes and finds the hot
/// ranges (what opening the index and its dictionaries reads). Stored
/// documents and term dictionaries are cut where their blocks begin, so a
/// hit or a lookup reads one chunk (see `chunked::aligned`).
pub fn chunk_index(
    files: Vec<(String, Vec<u8>)>,
    chunk_size: usize,
) -> Result<ChunkedIndex, SearchError> {
    let files: Vec<HashedFile> = files.into_iter().map(HashedFile::new).collect();
    let blocks = crate::blocks::find_blocks(&files, chunk_size)?;
    let (map, chunks) = split_aligned(&files, chunk_size, &blocks);
    let source = Arc::new(ChunkSource::recording(map));
    for c in &chunks {
        source.add_bytes(&c.name, c.bytes.clone());
    }
    let engine = Engine::open_chunked(source.clone())?;
    engine.warm_hot();
    let mut map = source.map().clone();
    map.hot = source.ranges_merged();
    let by_name: HashMap<&str, &OwnedBytes> =
        files.iter().map(|f| (f.name.as_str(), &f.bytes)).collect();
    let mut hot = Vec::new();
    for (file, start, end) in &map.hot {
        hot.extend_from_slice(&by_name[file.as_str()].as_slice()[*start..*end]);
    }
    Ok(ChunkedIndex { map, chunks, hot })
}

#[cfg(test)]
mod tests;
