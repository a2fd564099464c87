//! Search: the index the build writes, `cardsite search`, WASM parity and
//! the committed module's freshness.

use crate::support::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn search(root: &Path, out: &Path, args: &[&str]) -> (i32, String, String) {
    let o = on_site("search", root, out, args);
    (code(&o), stdout(&o), stderr(&o))
}

fn top_urls(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cli_finds_by_name_answer_phrase_and_facet_and_explains_bad_queries() {
    let site = temp_site("search");
    let out = site.path().join("public");
    // The index is missing: search builds first.
    let (c, o, e) = search(site.path(), &out, &["HeartBench", "--json"]);
    assert_eq!(c, 0, "{e}");
    assert!(e.contains("building the site"), "{e}");
    assert_eq!(top_urls(&o)[0], "benchmarks/heartbench/");
    // A word found only in one answer.
    let (_, o, _) = search(site.path(), &out, &["xylophonic", "--json"]);
    assert_eq!(top_urls(&o), ["benchmarks/notesqa/"]);
    // A phrase, and the same words out of order.
    let (_, o, _) = search(site.path(), &out, &["\"simulated patients\"", "--json"]);
    assert_eq!(top_urls(&o), ["benchmarks/triagetalk/"]);
    // Stemming: "conversation" finds "conversations"; prefix on the last word.
    let (_, o, _) = search(site.path(), &out, &["conversation", "--json"]);
    assert!(top_urls(&o).contains(&"benchmarks/triagetalk/".to_string()));
    let (_, o, _) = search(site.path(), &out, &["cardiolo", "--json"]);
    assert_eq!(top_urls(&o).len(), 2, "{o}");
    // Field query and facet filter.
    let (_, o, _) = search(site.path(), &out, &["domains:cardiology", "--json"]);
    assert_eq!(top_urls(&o).len(), 2);
    let (_, o, _) = search(
        site.path(),
        &out,
        &[
            "questions",
            "--filter",
            "/domain/Electronic health records",
            "--json",
        ],
    );
    assert_eq!(top_urls(&o), ["benchmarks/notesqa/"]);
    let (_, o, _) = search(
        site.path(),
        &out,
        &[
            "triage",
            "--filter",
            "/verdict/er:interaction_type/yes",
            "--json",
        ],
    );
    assert_eq!(top_urls(&o), ["benchmarks/triagetalk/"]);
    let v: Value = serde_json::from_str(&o).unwrap();
    // Each card's verdict strip rides on its hit: one cell per assumption
    // in the registry's order, `-` where the context says nothing.
    assert_eq!(v["hits"][0]["strip"], "er=--y--", "{o}");
    let (_, o, _) = search(site.path(), &out, &["questions", "--json"]);
    let v2: Value = serde_json::from_str(&o).unwrap();
    let strips: Vec<(String, Value)> = v2["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["url"].as_str().unwrap().to_string(), h["strip"].clone()))
        .collect();
    assert!(
        strips.contains(&("benchmarks/heartbench/".into(), Value::from("er=--n--"))),
        "{strips:?}"
    );
    assert!(
        strips.contains(&("benchmarks/notesqa/".into(), Value::Null)),
        "{strips:?}"
    );
    let (_, text, _) = search(
        site.path(),
        &out,
        &["triage", "--filter", "/verdict/er:interaction_type/yes"],
    );
    assert!(text.contains("     verdicts: er=--y--\n"), "{text}");
    // The filter counts, grouped, as `--filter` paths.
    let filters = &text[text.find("filters (--filter PATH):\n").expect(&text)..];
    assert!(
        filters.contains("\n  /kind: /kind/benchmark (1)"),
        "{filters}"
    );
    assert!(
        filters.contains("\n  /verdict/er:interaction_type: /verdict/er:interaction_type/yes (1)"),
        "{filters}"
    );
    assert!(
        v["facets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["facet"] == "/category/interaction_type/multi-turn")
    );
    // Nonsense finds nothing; broken syntax is a clear message, exit 2.
    let (c, o, _) = search(site.path(), &out, &["qwxzvbnm"]);
    assert_eq!(c, 0);
    assert!(o.starts_with("0 results"), "{o}");
    for bad in ["title:(", "nosuchfield:x", "\"unclosed"] {
        let (c, _, e) = search(site.path(), &out, &[bad]);
        assert_eq!(c, 2, "{bad}: {e}");
        assert!(e.starts_with("error: "), "{e}");
    }
    // Phrases work in plain queries and in `title:`; other fields match
    // words, and a phrase there says so.
    let (c, _, e) = search(site.path(), &out, &["answers:\"written by\""]);
    assert_eq!(c, 2, "{e}");
    assert!(e.contains("matches words, not phrases"), "{e}");
}

#[test]
fn index_is_one_segment_split_into_chunks_with_a_manifest() {
    let site = temp_site("search");
    // A small chunk size: the fixture's index then spans many chunks.
    std::fs::write(
        site.path().join("cardsite.toml"),
        "[search]\nchunk_size = 128\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build_site(site.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search/manifest.json")).unwrap())
            .unwrap();
    let index = &manifest["index"];
    assert_eq!(index["chunk_size"], 128);
    let files = index["files"].as_object().unwrap();
    assert_eq!(
        files.keys().filter(|n| n.ends_with(".idx")).count(),
        1,
        "one segment"
    );
    assert!(index["meta"].as_str().unwrap().contains("\"segments\""));
    let mut chunks = 0;
    let mut aligned = Vec::new();
    for (name, f) in files {
        let (len, hash) = (f["len"].as_u64().unwrap(), f["hash"].as_str().unwrap());
        // Stored documents and term dictionaries are cut where their
        // blocks begin: each chunk then starts with a 4-byte header, and
        // may run past the chunk size to end with its block.
        let header = if f["aligned"] == true {
            aligned.push(name.rsplit('.').next().unwrap().to_string());
            4
        } else {
            0
        };
        // The fast-field file (the facet column) has larger chunks of its
        // own size; the others are cut at the build's 128 bytes.
        let cut = f["size"].as_u64().unwrap_or(128);
        assert_eq!(
            cut != 128,
            name.ends_with(".fast"),
            "{name}: only the fast-field file has its own chunk size"
        );
        let mut bytes = 0;
        for i in 0..len.div_ceil(cut) {
            let chunk = out.join(format!("search/c/{hash}-{i}.bin"));
            let size = std::fs::metadata(&chunk)
                .unwrap_or_else(|e| panic!("{}: {e}", chunk.display()))
                .len();
            assert!(size >= header && (header > 0 || size <= cut));
            bytes += size - header;
            chunks += 1;
        }
        assert_eq!(bytes, len, "{name}: the chunks add up to the file");
    }
    aligned.sort();
    assert_eq!(aligned, ["store", "term"]);
    assert!(chunks > 20, "{chunks} chunks");
    // The hot ranges, back to back, named in the manifest and the file.
    let hot = manifest["hot"].as_str().unwrap();
    assert!(
        hot.starts_with(&format!("v{}-hot-", cardsite_search::SCHEMA_VERSION)),
        "{hot}"
    );
    let hot_len = std::fs::metadata(out.join("search").join(hot))
        .unwrap()
        .len();
    let ranges = index["hot"].as_array().unwrap();
    let listed: u64 = ranges
        .iter()
        .map(|r| r[2].as_u64().unwrap() - r[1].as_u64().unwrap())
        .sum();
    assert!(!ranges.is_empty() && hot_len > 0 && hot_len == listed);
    // A small hot file also rides in the manifest, byte for byte.
    use base64::Engine as _;
    let inline = base64::engine::general_purpose::STANDARD
        .decode(manifest["hot_inline"].as_str().expect("hot_inline"))
        .unwrap();
    assert_eq!(inline, std::fs::read(out.join("search").join(hot)).unwrap());
    let names: Vec<String> = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("lock")), "{names:?}");
    assert_eq!(manifest["documents"], 3);
    // The title index: a list of shards (the manifest names it), one
    // shard per first two letters, listing documents by word, title
    // matches first.
    assert_eq!(manifest["titles"], "titles/index.json");
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("search").join(p)).unwrap()).unwrap()
    };
    let keys: Vec<String> =
        serde_json::from_value(read("titles/index.json")["keys"].clone()).unwrap();
    assert!(
        keys.contains(&"he".to_string()) && keys.contains(&"ca".to_string()),
        "{keys:?}"
    );
    for k in &keys {
        assert!(out.join(format!("search/titles/{k}.json")).is_file(), "{k}");
    }
    let he = read("titles/he.json");
    let first = he["words"]["heartbench"][0].as_u64().unwrap() as usize;
    assert_eq!(he["words"]["heartbench"].as_array().unwrap().len(), 1);
    assert_eq!(he["docs"][first][0], "HeartBench");
    assert_eq!(he["docs"][first][1], "benchmarks/heartbench/");
    let ca = read("titles/ca.json");
    assert!(ca["words"]["cardiology"].as_array().unwrap().len() >= 2);
    assert!(
        ca["words"]
            .as_object()
            .unwrap()
            .keys()
            .all(|w| w.starts_with("ca"))
    );
    // The link checker follows the manifest's files.
    let o = build_site(site.path(), &out, &["--check-links"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// `--filter`: any of a group's values (OR), every group (AND), and each
/// group's counts computed without its own filters.
#[test]
fn cli_filters_or_within_a_group_and_across_groups_with_disjunctive_counts() {
    let site = temp_site("search");
    let out = site.path().join("public");
    let run = |filters: &[&str]| -> Value {
        let mut args = vec!["", "--json"];
        for f in filters {
            args.extend(["--filter", f]);
        }
        let (c, o, e) = search(site.path(), &out, &args);
        assert_eq!(c, 0, "{e}");
        serde_json::from_str(&o).unwrap()
    };
    let urls = |v: &Value| {
        let mut u: Vec<String> = top_urls(&v.to_string());
        u.sort();
        u
    };
    let counts = |v: &Value| -> std::collections::BTreeMap<String, u64> {
        v["facets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["facet"].as_str().unwrap().to_string(),
                    f["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // One domain; two domains of one group: either.
    let v = run(&["/domain/Emergency medicine"]);
    assert_eq!(urls(&v), ["benchmarks/triagetalk/"]);
    let v = run(&[
        "/domain/Emergency medicine",
        "/domain/Electronic health records",
    ]);
    assert_eq!(v["total"], 2);
    assert_eq!(urls(&v), ["benchmarks/notesqa/", "benchmarks/triagetalk/"]);
    // The domain group's counts ignore its own filters: every domain shows.
    let c = counts(&v);
    assert_eq!(c["/domain/Cardiology"], 2);
    assert_eq!(c["/domain/Emergency medicine"], 1);
    // Other groups count over the filtered matches.
    assert_eq!(c["/year/2023"], 1);
    assert_eq!(c["/year/2025"], 1);
    assert!(!c.contains_key("/year/2024"), "{c:?}");
    // AND across groups: (Emergency or EHR) and 2023.
    let v = run(&[
        "/domain/Emergency medicine",
        "/domain/Electronic health records",
        "/year/2023",
    ]);
    assert_eq!(urls(&v), ["benchmarks/notesqa/"]);
    let c = counts(&v);
    // Years counted without the year filter, domains without theirs.
    assert_eq!((c["/year/2023"], c["/year/2025"]), (1, 1));
    assert_eq!(c["/domain/Cardiology"], 1);
    assert_eq!(c["/domain/Electronic health records"], 1);
    assert!(!c.contains_key("/domain/Emergency medicine"), "{c:?}");
    // Tags are facets.
    let v = run(&["/tag/multiple-choice"]);
    assert_eq!(urls(&v), ["benchmarks/heartbench/"]);
    // Verdicts group by context and assumption.
    let v = run(&["/verdict/er:interaction_type/yes", "/domain/Cardiology"]);
    assert_eq!(v["total"], 0);
    // Yet each group shows what choosing otherwise would give: verdicts
    // among cardiology cards, domains among cards that hold.
    let c = counts(&v);
    assert_eq!(c["/verdict/er:interaction_type/no"], 1);
    assert_eq!(c["/domain/Emergency medicine"], 1);
    assert!(!c.contains_key("/verdict/er:interaction_type/yes"), "{c:?}");
}

#[test]
fn committed_wasm_engine_matches_its_sources() {
    let o = Command::new("bash")
        .arg(repo().join("scripts/wasm-source-hash.sh"))
        .output()
        .unwrap();
    let now = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let committed =
        std::fs::read_to_string(repo().join("themes/default/wasm-source-hash")).unwrap();
    assert_eq!(
        now,
        committed.trim(),
        "the committed search engine is stale: run scripts/build-wasm.sh"
    );
}

#[test]
fn wasm_engine_and_cli_return_the_same_results() {
    if Command::new("node").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("node is required in CI");
        }
        eprintln!("skipping WASM parity: node not found");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = build_site(&repo(), out.path(), &[]);
    assert_eq!(code(&o), 0);
    let queries = [
        "medqa",
        "multi-turn conversation",
        "\"licensing exam\"",
        "diag",
        "domains:triage",
        "answers:OSCE",
        "patients -exam",
        "qwxzvbnm",
    ];
    let o = Command::new("node")
        .args([
            "tests/browser/parity.mjs",
            out.path().to_str().unwrap(),
            &serde_json::to_string(&queries).unwrap(),
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let wasm: Value = serde_json::from_str(&stdout(&o)).unwrap();
    for q in queries {
        let (c, cli, e) = search(&repo(), out.path(), &[q, "--json"]);
        assert_eq!(c, 0, "{e}");
        let cli: Value = serde_json::from_str(&cli).unwrap();
        let w = &wasm["results"][q];
        assert_eq!(w["total"], cli["total"], "{q}");
        let urls = |v: &Value| {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["url"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(urls(w), urls(&cli), "{q}");
    }
    eprintln!(
        "WASM engine: slowest query {:.1} ms under node",
        wasm["max_ms"].as_f64().unwrap()
    );
}
