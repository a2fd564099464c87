//! Warm query latency, natively, on a built site's published index: the
//! manifest's chunk map, its hot file and every chunk, as a browser holds
//! them once they are cached. Half the queries ask for filter counts and
//! narrow by a filter (as the search page does); prints p50/p95/max.
//!
//!     cargo run --release -p cardsite-search --example warm_queries -- <site>/search [reps]
//!
//! `scripts/bench-query.mjs` runs the same queries in the WASM engine.

use cardsite_search::{Attempt, ChunkMap, ChunkSource, Engine};
use std::sync::Arc;
use std::time::Instant;

/// Shared with scripts/bench-query.mjs.
const QUERIES: [&str; 8] = [
    "triage",
    "clinical notes",
    "\"model records\"",
    "diag",
    "domains:healthcare",
    "patient -exam",
    "cardiology vignette",
    "rubric",
];
const FILTER: &str = "/domain/Healthcare";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new(args.first().expect("a site's search/ folder"));
    let reps: usize = args.get(1).map_or(20, |r| r.parse().expect("a number"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let map: ChunkMap = serde_json::from_value(manifest["index"].clone()).unwrap();
    let source = Arc::new(ChunkSource::new(map));
    let hot = std::fs::read(dir.join(manifest["hot"].as_str().unwrap())).unwrap();
    source.add_hot(&hot).unwrap();
    for e in std::fs::read_dir(dir.join(manifest["chunks"].as_str().unwrap())).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        source.add(&name, std::fs::read(&p).unwrap());
    }
    let engine = Engine::open_chunked(source).unwrap();
    let ask = |i: usize, q: &str| {
        let filters = if i % 2 == 1 {
            vec![FILTER.to_string()]
        } else {
            vec![]
        };
        match engine.search_chunked(q, 10, &filters, i % 2 == 1).unwrap() {
            Attempt::Done(r) => r.total,
            Attempt::Need { need } => panic!("chunk missing: {need:?}"),
        }
    };
    let mut totals = [[0; 2]; QUERIES.len()];
    for (i, q) in QUERIES.iter().enumerate() {
        totals[i][i % 2] = ask(i, q);
        totals[i][(i + 1) % 2] = ask(i + 1, q);
    }
    let mut times = Vec::new();
    // Per query and whether it counted filters: every time, for the slowest.
    let mut by_query = vec![Vec::new(); QUERIES.len() * 2];
    for r in 0..reps {
        for (i, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            ask(i + r, q);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            by_query[i * 2 + (i + r) % 2].push(ms);
        }
    }
    for (k, ts) in by_query.iter_mut().enumerate() {
        ts.sort_by(f64::total_cmp);
        if let Some(median) = ts.get(ts.len() / 2) {
            let filtered = if k % 2 == 1 { " (filter counts)" } else { "" };
            let (q, total) = (QUERIES[k / 2], totals[k / 2][k % 2]);
            eprintln!("{q:>24}{filtered}: median {median:.2} ms, {total} hits");
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((p * times.len() as f64) as usize).min(times.len() - 1)];
    println!(
        "{{\"documents\": {}, \"queries\": {}, \"p50_ms\": {:.2}, \"p95_ms\": {:.2}, \"max_ms\": {:.2}}}",
        manifest["documents"],
        times.len(),
        pct(0.5),
        pct(0.95),
        times[times.len() - 1]
    );
}
