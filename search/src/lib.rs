//! cardsite's search engine. The build writes a tantivy index with
//! [`write_index`]; the CLI, `serve` and the browser (compiled to WASM) all
//! open those same files with [`Engine::open`] and answer with
//! [`Engine::search`], so ranking and query syntax are identical everywhere.

mod blocks;
mod chunked;
mod facets;
mod on_demand;
mod query;
mod schema;
#[cfg(feature = "wasm")]
mod wasm;
#[cfg(not(target_arch = "wasm32"))]
mod write;

pub use chunked::{Chunk, ChunkMap, ChunkSource, FileChunks, chunk_name};
pub use facets::filter_group;
pub use on_demand::{Attempt, ChunkedIndex, chunk_index};
pub use query::{Engine, FacetCount, Hit, Results, SearchError, Snippet};
pub use schema::{Doc, Fields, SCHEMA_VERSION, TOKENIZER, schema};
pub use tantivy::directory::OwnedBytes;
#[cfg(not(target_arch = "wasm32"))]
pub use write::write_index;

/// The index's files, by the names tantivy gave them.
pub type IndexFiles = Vec<(String, Vec<u8>)>;
