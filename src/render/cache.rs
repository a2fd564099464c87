//! Keys for reusing rendered pages across `serve` rebuilds.

use serde::Serialize;

/// Rendered pages by path, valid while their inputs hash to the same key.
pub trait PageCache: Sync {
    fn get(&self, path: &str, key: u64) -> Option<std::sync::Arc<Vec<u8>>>;
    fn put(&self, path: &str, key: u64, bytes: std::sync::Arc<Vec<u8>>);
}

/// A key for cached outputs: SipHash-1-3 of `bytes`, continuing from `seed`
/// (in memory only; not stable across versions of cardsite).
pub fn input_key(seed: u64, bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write_u64(seed);
    h.write(bytes);
    h.finish()
}

/// [`input_key`] of a value's JSON form, hashed as it is written (no buffer).
pub fn key_of<T: Serialize + ?Sized>(seed: u64, value: &T) -> u64 {
    use std::hash::Hasher;
    struct HashWriter(std::hash::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(std::hash::DefaultHasher::new());
    w.0.write_u64(seed);
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}
