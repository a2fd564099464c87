//! Keys for reusing rendered pages across `serve` rebuilds.

/// Rendered pages by path, valid while their inputs hash to the same key.
pub trait PageCache: Sync {
    fn get(&self, path: &str, key: u64) -> Option<std::sync::Arc<Vec<u8>>>;
    fn put(&self, path: &str, key: u64, bytes: std::sync::Arc<Vec<u8>>);
}

pub use crate::hash::{input_key, key_of};
