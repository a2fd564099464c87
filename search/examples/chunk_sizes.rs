//! Measures what a browser would fetch from a chunked index, per chunk size:
//! the hot file, then for each query the chunks it needs and the rounds.
//!
//!     cargo run --release -p cardsite-search --example chunk_sizes -- <index-dir> [sizes…] -- <query>…
//!
//! `<index-dir>` holds the index files tantivy wrote (e.g. a build's
//! `search/` folder as files named in its manifest), read through
//! `files.json`: `[[name, path], …]`, or every file not ending in `.json`
//! when absent. Sizes are in KiB (default 8 16 32 64 128).

use cardsite_search::{Attempt, ChunkSource, Engine, chunk_index};
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (head, queries) = (&args[..split], &args[(split + 1).min(args.len())..]);
    let dir = std::path::Path::new(head.first().expect("an index folder"));
    let sizes: Vec<usize> = if head.len() > 1 {
        head[1..]
            .iter()
            .map(|s| s.parse().expect("a size in KiB"))
            .collect()
    } else {
        vec![8, 16, 32, 64, 128]
    };
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).expect("readable folder") {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        // Published names are `v<schema>-<hash>-<tantivy name>`.
        let tantivy = name.splitn(3, '-').nth(2).unwrap_or(&name).to_string();
        if tantivy.ends_with(".json") && tantivy != "meta.json" || p.is_dir() {
            continue;
        }
        files.push((tantivy, std::fs::read(&p).unwrap()));
    }
    let total: usize = files.iter().map(|f| f.1.len()).sum();
    println!("index: {} files, {total} bytes", files.len());
    println!("chunk_kib\thot_bytes\tquery\trounds\tfetched_bytes\tchunks");
    for kib in sizes {
        let split = chunk_index(files.clone(), kib * 1024).expect("chunked");
        let (map, hot) = (split.map, split.hot);
        let chunks: std::collections::HashMap<String, Vec<u8>> = split
            .chunks
            .into_iter()
            .map(|c| (c.name, c.bytes.as_slice().to_vec()))
            .collect();
        for q in queries {
            let source = Arc::new(ChunkSource::new(map.clone()));
            source.add_hot(&hot).unwrap();
            let engine = Engine::open_chunked(source.clone()).unwrap();
            let (mut rounds, mut fetched, mut n) = (0, 0, 0);
            loop {
                match engine.search_chunked(q, 10, &[], false).unwrap() {
                    Attempt::Done(_) => break,
                    Attempt::Need { need } => {
                        rounds += 1;
                        for c in need {
                            fetched += chunks[&c].len();
                            n += 1;
                            source.add(&c, chunks[&c].clone());
                        }
                    }
                }
            }
            println!("{kib}\t{}\t{q}\t{rounds}\t{fetched}\t{n}", hot.len());
        }
    }
}
