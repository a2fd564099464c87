use super::*;
use crate::chunked::ChunkSource;
use crate::schema::Doc;

/// Deterministic words: syllables combined, a few thousand distinct.
fn word(n: u64) -> String {
    const S: [&str; 16] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "fa", "gu", "hi", "jo", "ve", "ze",
        "bu",
    ];
    let mut w = String::new();
    let mut x = n + 16;
    while x > 0 {
        w.push_str(S[(x % 16) as usize]);
        x /= 16;
    }
    w
}

/// `n` documents whose words follow a Zipf-like law (word k ~ 1/k).
fn docs(n: usize) -> Vec<Doc> {
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    (0..n)
        .map(|i| {
            let mut text = |len: usize| {
                (0..len)
                    .map(|_| {
                        let u = (next() % 1_000_000) as f64 / 1_000_000.0;
                        word((3000f64.powf(u)) as u64)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            Doc {
                url: format!("benchmarks/b{i}/"),
                kind: "benchmark".into(),
                title: format!("Bench {i} {}", text(2)),
                excerpt: text(30),
                answers: text(60),
                body: text(200),
                facets: vec![
                    format!("/domain/d{}", i % 7),
                    format!("/year/{}", 2020 + i % 5),
                ],
                ..Doc::default()
            }
        })
        .collect()
}

struct Chunked {
    engine: Engine,
    source: Arc<ChunkSource>,
    chunks: std::collections::HashMap<String, Vec<u8>>,
    fetched: usize,
    names: Vec<String>,
    rounds: usize,
}

fn chunked(files: &[(String, Vec<u8>)], size: usize) -> Chunked {
    let split = chunk_index(files.to_vec(), size).unwrap();
    let chunks: std::collections::HashMap<String, Vec<u8>> = split
        .chunks
        .into_iter()
        .map(|c| (c.name, c.bytes.as_slice().to_vec()))
        .collect();
    let source = Arc::new(ChunkSource::new(split.map));
    source.add_hot(&split.hot).unwrap();
    Chunked {
        engine: Engine::open_chunked(source.clone()).unwrap(),
        source,
        chunks,
        fetched: 0,
        names: Vec::new(),
        rounds: 0,
    }
}

impl Chunked {
    /// The chunks of the index file whose name ends with `suffix`.
    fn file(&self, suffix: &str) -> crate::FileChunks {
        let files = &self.source.map().files;
        let found = files.iter().find(|(name, _)| name.ends_with(suffix));
        found.map(|(_, f)| f.clone()).unwrap()
    }

    /// How many chunks of `file` the queries fetched.
    fn fetched_of(&self, file: &crate::FileChunks) -> usize {
        self.names
            .iter()
            .filter(|n| n.starts_with(&file.hash))
            .count()
    }

    fn search(&mut self, q: &str, filters: &[String], facets: bool) -> Results {
        for _ in 0..20 {
            match self.engine.search_chunked(q, 10, filters, facets).unwrap() {
                Attempt::Done(r) => return r,
                Attempt::Need { need } => self.fetch(need),
            }
        }
        panic!("{q}: no answer after 20 rounds");
    }

    fn fetch(&mut self, need: Vec<String>) {
        self.rounds += 1;
        for n in need {
            let bytes = self.chunks[&n].clone();
            self.fetched += bytes.len();
            self.source.add(&n, bytes);
            self.names.push(n);
        }
    }

    /// Preloads `q` as the worker does: a few rounds, none of more than
    /// 32 KB (8 of its 4 KB chunks; 32 of these tests' 1 KB ones): a short
    /// prefix of many words is left to the query.
    fn preload(&mut self, q: &str) {
        for _ in 0..4 {
            let need = self.engine.preload_chunked(q, 10);
            if need.is_empty() || need.len() > 32 {
                return;
            }
            self.fetch(need);
        }
    }
}

#[test]
fn chunked_results_equal_the_whole_index_and_fetch_a_fraction_of_it() {
    let files = crate::write_index(docs(600)).unwrap();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let whole = Engine::open(files.clone()).unwrap();
    let mut c = chunked(&files, 2048);
    assert!(!c.source.map().hot.is_empty());
    let queries: Vec<(String, Vec<String>, bool)> = vec![
        (word(2500), vec![], false),
        (word(3), vec![], true),
        (format!("{} {}", word(40), word(41)), vec![], false),
        (format!("\"{} {}\"", word(5), word(6)), vec![], false),
        ("bench 12".into(), vec![], false),
        (word(700)[..4].to_string(), vec![], false),
        (word(9), vec!["/domain/d3".into()], true),
    ];
    for (q, filters, facets) in &queries {
        let expected = whole.search_with(q, 10, filters, *facets).unwrap();
        let got = c.search(q, filters, *facets);
        assert_eq!(got, expected, "query {q:?}");
    }
    assert!(
        c.fetched < total / 2,
        "{} of {total} bytes fetched for {} queries",
        c.fetched,
        queries.len()
    );
    assert!(c.rounds <= queries.len() * 4, "{} rounds", c.rounds);
}

#[test]
fn a_rare_word_touches_few_chunks() {
    let files = crate::write_index(docs(600)).unwrap();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut c = chunked(&files, 1024);
    let r = c.search(&word(2900), &[], false);
    let _ = r;
    assert!(c.rounds <= 3, "{} rounds", c.rounds);
    assert!(c.fetched * 10 < total, "{} of {total}", c.fetched);
}

/// The norms a plain query scores with come with the hot chunks, and the
/// fields it only looks up have none: no query round fetches norms.
#[test]
fn no_query_round_fetches_field_norms() {
    let files = crate::write_index(docs(600)).unwrap();
    let mut c = chunked(&files, 1024);
    let norms = c.file(".fieldnorm");
    for q in [word(2900), word(3), format!("{} {}", word(40), word(41))] {
        c.search(&q, &[], false);
        c.search(&q, &["/domain/d3".into()], true);
    }
    assert!(c.rounds > 0, "the queries fetched nothing");
    assert_eq!(c.fetched_of(&norms), 0);
}

/// Stored documents are cut where their blocks begin: each hit shown
/// costs at most one chunk of the store, however small the chunks.
#[test]
fn each_hit_reads_one_store_chunk() {
    let files = crate::write_index(docs(600)).unwrap();
    let mut c = chunked(&files, 1024);
    let store = c.file(".store");
    assert!(store.aligned);
    let r = c.search(&word(3), &[], false);
    assert_eq!(r.hits.len(), 10);
    let fetched = c.fetched_of(&store);
    assert!(
        fetched > 0 && fetched <= r.hits.len(),
        "{fetched} store chunks for {} hits",
        r.hits.len()
    );
}

/// Term dictionaries are cut where their blocks begin: a word looked up
/// costs one chunk of the dictionary per field, however small the chunks.
#[test]
fn each_dictionary_lookup_reads_one_chunk() {
    let files = crate::write_index(docs(600)).unwrap();
    let mut c = chunked(&files, 1024);
    let terms = c.file(".term");
    assert!(terms.aligned);
    c.search(&word(2900), &[], false);
    let fetched = c.fetched_of(&terms);
    // `title`, `all`, `keys` (a query equal to a key ranks it first) and
    // `excerpt` (for the highlights).
    assert!((1..=4).contains(&fetched), "{fetched} dictionary chunks");
}

/// What a reader types on the way to a word ("wo", "wor", …) preloads its
/// dictionary entries and postings, never stored documents: the query
/// itself then needs one round, for its hits' documents alone, and answers
/// as the whole index does.
#[test]
fn preloading_while_typing_leaves_only_the_hits_documents() {
    let files = crate::write_index(docs(600)).unwrap();
    let whole = Engine::open(files.clone()).unwrap();
    for q in [word(2900), word(3), format!("{} {}", word(40), word(41))] {
        let mut c = chunked(&files, 1024);
        let store = c.file(".store");
        for end in 2..=q.len() {
            c.preload(&q[..end]);
        }
        assert!(c.rounds > 0, "{q}: preloading fetched nothing");
        assert_eq!(c.fetched_of(&store), 0, "{q}: preloading read documents");
        let (rounds, before) = (c.rounds, c.names.len());
        let r = c.search(&q, &[], false);
        assert_eq!(r, whole.search_with(&q, 10, &[], false).unwrap(), "{q}");
        assert!(c.rounds <= rounds + 1, "{q}: {} rounds", c.rounds - rounds);
        let names = &c.names[before..];
        assert!(
            names.iter().all(|n| n.starts_with(&store.hash)),
            "{q}: {names:?}"
        );
    }
}

/// A prefix's run of dictionary blocks and the postings of every word it
/// expands to are fetched together: at most four rounds (the block that
/// decides whether the last word is whole, the rest of the run, the
/// postings, the documents), however many blocks and words, with the whole
/// index's results. (Three here; 14-15 when each round learnt of one more
/// block or word.)
#[test]
fn a_prefix_takes_four_rounds() {
    let files = crate::write_index(docs(600)).unwrap();
    let whole = Engine::open(files.clone()).unwrap();
    for q in ["ka", "nelo ka", "mi"] {
        let mut c = chunked(&files, 1024);
        let r = c.search(q, &[], false);
        assert_eq!(r, whole.search_with(q, 10, &[], false).unwrap(), "{q}");
        assert!(r.total > 0, "{q}");
        assert!(c.rounds <= 4, "{q}: {} rounds", c.rounds);
    }
}
