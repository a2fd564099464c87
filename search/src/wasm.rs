//! Browser bindings. The worker opens the engine with the manifest's chunk
//! map and the hot file, then asks; an answer is either results or the
//! chunks to fetch first (`{"need": [...]}`), which it adds and asks again.

use crate::{Attempt, ChunkMap, ChunkSource, Engine};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct WasmEngine {
    source: Arc<ChunkSource>,
    engine: Engine,
}

#[wasm_bindgen]
impl WasmEngine {
    /// Opens the index: `map` is the manifest's `index` (JSON), `hot` the
    /// hot file's bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(map: &str, hot: &[u8]) -> Result<WasmEngine, JsError> {
        let map: ChunkMap =
            serde_json::from_str(map).map_err(|e| JsError::new(&format!("manifest: {e}")))?;
        let source = Arc::new(ChunkSource::new(map));
        source
            .add_hot(hot)
            .map_err(|e| JsError::new(&format!("hot file: {e}")))?;
        let engine =
            Engine::open_chunked(source.clone()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(WasmEngine { source, engine })
    }

    /// Adds a fetched chunk.
    pub fn add_chunk(&self, name: &str, bytes: Vec<u8>) {
        self.source.add(name, bytes);
    }

    /// The chunks a half-typed query's words need (a JSON list; empty when
    /// they are all here): see [`Engine::preload_chunked`].
    pub fn preload(&self, query: &str, limit: usize) -> String {
        serde_json::to_string(&self.engine.preload_chunked(query, limit)).unwrap_or_default()
    }

    /// `{total, hits, facets}`, `{need: [chunk names]}`, or `{error}` for a
    /// query that cannot be read. `facets: false` skips the filter counts
    /// (search as you type).
    pub fn search(&self, query: &str, limit: usize, filters: Vec<String>, facets: bool) -> String {
        match self.engine.search_chunked(query, limit, &filters, facets) {
            Ok(Attempt::Done(r)) => serde_json::to_string(&r).unwrap_or_default(),
            Ok(need) => serde_json::to_string(&need).unwrap_or_default(),
            Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
        }
    }
}
