//! Hostile and broken input: every case gets a clear located error (or a
//! documented accept), exit code 1, no panic, and leaves the previous
//! output untouched.

use crate::support::*;

const GOOD: &str =
    "benchmark_name: \"Good\"\ncitation: \"Someone 2024\"\nintended_use_case:\n  answer: \"x\"\n";

/// A site with one good card, built once so there is output to protect.
fn site_with_output() -> (tempfile::TempDir, String) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    std::fs::write(site.path().join("cards/good.yaml"), GOOD).unwrap();
    let o = cardsite(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let index = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    (site, index)
}

/// Writes `files`, builds, and checks the failure is located and harmless.
fn expect_failure(files: &[(&str, &[u8])], want_code: &str, want_line: Option<u64>) {
    let (site, before) = site_with_output();
    for (name, bytes) in files {
        let p = site.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let o = cardsite(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{want_code}: {}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("[{want_code}]")),
        "{want_code}: {}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("public/index.html")).unwrap(),
        before,
        "output changed"
    );
    if want_code == "template-render" {
        return; // found by rendering, which only `build` does
    }
    let (c, diags) = check_json(site.path());
    assert_eq!(c, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == want_code)
        .unwrap_or_else(|| panic!("{want_code} not in {diags:#?}"));
    if let Some(line) = want_line {
        assert_eq!(d["line"], line, "{d}");
        assert!(d["column"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn syntax_errors_at_many_positions_are_located() {
    let cases: &[(&str, u64)] = &[
        ("benchmark_name: [\n", 2),
        ("benchmark_name: \"unterminated\ncitation: x\n", 3),
        ("a: b\n  c: d\n", 2),
        ("benchmark_name: x\ncitation: x\n\t- tab\n", 3),
        ("benchmark_name: x\ncitation: {a: 1\n", 3),
        ("- just\n- a list\n", 1),
        ("\"key\nnever closed", 2),
        ("benchmark_name: x\ncitation: x\nfoo: bar: baz\n", 3),
    ];
    for (text, line) in cases {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("cards")).unwrap();
        std::fs::write(site.path().join("cards/bad.yaml"), text).unwrap();
        let (c, diags) = check_json(site.path());
        assert_eq!(c, 1, "{text:?}");
        let d = &diags[0];
        assert_eq!(d["file"], "cards/bad.yaml");
        assert!(
            d["line"].as_u64().unwrap() >= 1 && d["line"].as_u64().unwrap() <= *line,
            "{text:?}: {d}"
        );
    }
}

#[test]
fn every_wrong_type_is_reported() {
    let text = "benchmark_name: 12\ncitation: [a]\nyear: \"x\"\nadded: 5\ndomains: {a: b}\ntags: yes\nlinks: \"https://x\"\nprovenance: {verified: \"maybe\"}\nmeasurements: {label: x}\ntask: [1]\n";
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    std::fs::write(site.path().join("cards/types.yaml"), text).unwrap();
    let (c, diags) = check_json(site.path());
    assert_eq!(c, 1);
    let lines: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == "wrong-type")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    for l in 1..=10 {
        assert!(lines.contains(&l), "line {l} not reported: {diags:#?}");
    }
}

#[test]
fn bombs_huge_files_and_deep_nesting() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    expect_failure(&[("cards/bomb.yaml", bomb.as_bytes())], "yaml-limit", None);
    let huge = format!(
        "benchmark_name: x\ncitation: x\nnotes: \"{}\"\n",
        "a".repeat(10 * 1024 * 1024)
    );
    expect_failure(
        &[("cards/huge.yaml", huge.as_bytes())],
        "file-too-large",
        None,
    );
    let deep = format!(
        "benchmark_name: x\ncitation: x\nnotes: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    expect_failure(&[("cards/deep.yaml", deep.as_bytes())], "yaml-limit", None);
    // 10,000 block levels on one line (`- - - … x`).
    let block = format!("{}x\n", "- ".repeat(10_000));
    expect_failure(
        &[("cards/block.yaml", block.as_bytes())],
        "yaml-limit",
        None,
    );
}

#[test]
fn encodings_unknown_and_duplicate_keys() {
    expect_failure(
        &[("cards/latin1.yaml", b"benchmark_name: caf\xe9\n")],
        "not-utf8",
        Some(1),
    );
    expect_failure(
        &[(
            "cards/dup.yaml",
            b"benchmark_name: a\ncitation: b\nbenchmark_name: c\n",
        )],
        "duplicate-key",
        Some(3),
    );
    expect_failure(
        &[(
            "cards/unknown.yaml",
            b"benchmark_name: a\ncitation: b\ncitaton: c\n",
        )],
        "unknown-field",
        Some(3),
    );
    expect_failure(&[("cards/empty.yaml", b"")], "empty-file", None);
    // Documented accepts: a BOM and CRLF line endings load like any card.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    std::fs::write(
        site.path().join("cards/bom.yaml"),
        format!("\u{FEFF}{}", GOOD.replace('\n', "\r\n")),
    )
    .unwrap();
    let (c, diags) = check_json(site.path());
    assert_eq!(c, 0, "{diags:#?}");
}

#[test]
fn names_differing_only_in_case_and_symlinks() {
    expect_failure(
        &[
            ("cards/a/twin.yaml", GOOD.as_bytes()),
            ("cards/b/Twin.yaml", GOOD.as_bytes()),
        ],
        "duplicate-slug",
        None,
    );
    let (site, before) = site_with_output();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), GOOD).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        site.path().join("cards/leak.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.path().join("cards"), site.path().join("cards/loop")).unwrap();
    let o = cardsite(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("symlink-outside-root") && stderr(&o).contains("cards/leak.yaml"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("public/index.html")).unwrap(),
        before
    );
}

#[test]
fn empty_or_missing_cards_and_broken_themes() {
    // An empty cards/ is a documented accept: an empty catalogue builds.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("cards")).unwrap();
    let o = cardsite(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // No cards/ at all is an error.
    let site = tempfile::tempdir().unwrap();
    let o = cardsite(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("no-cards-dir"));
    expect_failure(
        &[("cardsite.toml", b"theme = \"missing\"\n")],
        "missing-theme",
        None,
    );
    expect_failure(&[("cardsite.toml", b"title = [\n")], "bad-config", Some(1));
    expect_failure(
        &[("themes/default/templates/card.html", b"{% for x in %}")],
        "template-syntax",
        Some(1),
    );
    expect_failure(
        &[(
            "themes/default/templates/card.html",
            b"{{ card.nope.deeper }}",
        )],
        "template-render",
        None,
    );
}

#[test]
fn no_input_panics_the_validator() {
    // A fixed-seed sweep of mutated cards (the fuzz target's corpus in small).
    let seed_cards: Vec<String> = std::fs::read_dir(repo().join("cards"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let site = tempfile::tempdir().unwrap();
    let cards = site.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..200 {
        let base = seed_cards[(next() as usize) % seed_cards.len()]
            .as_bytes()
            .to_vec();
        let mut bytes = base.clone();
        for _ in 0..(1 + next() % 8) {
            if bytes.is_empty() {
                break;
            }
            let at = (next() as usize) % bytes.len();
            match next() % 4 {
                0 => bytes[at] = b"[]{}:-#&*!|>'\"\n\t "[(next() % 17) as usize],
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, (next() % 256) as u8),
                _ => bytes.truncate(at),
            }
        }
        std::fs::write(cards.join(format!("m{i}.yaml")), &bytes).unwrap();
    }
    let o = cardsite(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        matches!(code(&o), 0 | 1),
        "exit {} {}",
        code(&o),
        stderr(&o)
    );
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        diags
            .iter()
            .all(|d| d["file"].as_str().unwrap().starts_with("cards/m"))
    );
}
