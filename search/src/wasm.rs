//! Browser bindings: the worker adds the index files, opens, then searches.

use crate::{Engine, IndexFiles};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
#[derive(Default)]
pub struct WasmEngine {
    files: IndexFiles,
    engine: Option<Engine>,
}

#[wasm_bindgen]
impl WasmEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        WasmEngine::default()
    }

    /// Adds one index file (call for each before `open`).
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.files.push((name, bytes));
    }

    /// Opens the index from the files added so far.
    pub fn open(&mut self) -> Result<(), JsError> {
        let files = std::mem::take(&mut self.files);
        self.engine = Some(Engine::open(files).map_err(|e| JsError::new(&e.to_string()))?);
        Ok(())
    }

    /// Returns `{total, hits, facets}` as JSON, or `{error}` for a query that
    /// cannot be read.
    /// `facets: false` skips the filter counts (search as you type).
    pub fn search(&self, query: &str, limit: usize, filters: Vec<String>, facets: bool) -> String {
        let result = match &self.engine {
            Some(e) => e
                .search_with(query, limit, &filters, facets)
                .map_err(|e| e.to_string()),
            None => Err("the index is not open".to_string()),
        };
        match result {
            Ok(r) => serde_json::to_string(&r).unwrap_or_default(),
            Err(e) => serde_json::json!({ "error": e }).to_string(),
        }
    }
}
