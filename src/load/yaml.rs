//! Bytes → located YAML tree, with the limits that keep hostile files
//! (alias bombs, deep nesting, huge files, bad encodings) from hurting us.

use super::node::{Kind, Node};
use crate::diagnostic::{Diagnostic, Pos};
use std::path::Path;

/// Largest card we read (cards are a few KiB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Largest context file: one holds verdicts for every card in the catalogue.
pub const MAX_CONTEXT_BYTES: usize = 256 * 1024 * 1024;
/// Deepest nesting we accept; a card needs about five levels.
pub const MAX_DEPTH: usize = 64;

/// Decodes bytes as UTF-8 (a leading BOM is accepted and dropped).
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    decode_limited(file, bytes, MAX_FILE_BYTES)
}

/// [`decode`] with an explicit size limit.
/// Takes the bytes so that valid text keeps their buffer (no copy).
pub fn decode_limited(file: &Path, mut bytes: Vec<u8>, limit: usize) -> Result<String, Diagnostic> {
    if bytes.len() > limit {
        return Err(Diagnostic::error(
            "file-too-large",
            file,
            Pos::FILE,
            format!(
                "file is {} bytes; the limit is {} bytes",
                bytes.len(),
                limit
            ),
        )
        .with_hint("a card is a few kilobytes of YAML; split or trim this file"));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(err) => {
            let e = err.utf8_error();
            let bytes = err.as_bytes();
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let last_line = good.rsplit(|&b| b == b'\n').next().unwrap_or(good);
            let column = String::from_utf8_lossy(last_line).chars().count() as u32 + 1;
            Err(Diagnostic::error(
                "not-utf8",
                file,
                Pos::new(line, column),
                format!(
                    "file is not valid UTF-8 (invalid byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
            )
            .with_hint("save the file as UTF-8"))
        }
    }
}

fn options(large: bool) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_nodes = if large { 50_000_000 } else { 100_000 };
    if large {
        budget.max_events = budget.max_events.max(100_000_000);
        budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(MAX_CONTEXT_BYTES);
    }
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // YAML 1.2: only true/false are booleans (`n: 600` keeps its key).
    options.strict_booleans = true;
    options
}

/// Parses one YAML document. An empty document is an error.
pub fn parse(file: &Path, text: &str) -> Result<Node, Diagnostic> {
    parse_with(file, text, false)
}

/// [`parse`] with the budget for large files (context files) when `large`.
pub fn parse_with(file: &Path, text: &str, large: bool) -> Result<Node, Diagnostic> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(
            Diagnostic::error("empty-file", file, Pos::FILE, "file is empty")
                .with_hint("run `cardsite new <slug>` to start a card from the template"),
        );
    }
    // The located pass below recurses per nesting level and its depth limit
    // does not hold there, so text that could nest deeply first goes through
    // a pass that enforces the budget.
    if could_nest_deeply(text)
        && let Err(e) =
            serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, options(large))
    {
        return Err(yaml_error(file, &e));
    }
    match serde_saphyr::from_str_with_options::<Node>(text, options(large)) {
        Ok(node) => {
            if matches!(node.kind, Kind::Null) {
                return Err(Diagnostic::error(
                    "empty-file",
                    file,
                    Pos::FILE,
                    "file holds no value",
                ));
            }
            Ok(node)
        }
        Err(e) => Err(yaml_error(file, &e)),
    }
}

/// Nesting depth is bounded by a line's indentation plus its `- `/`? `
/// prefixes, plus open flow brackets. This over-estimates (brackets inside
/// strings count), which only costs an extra pass.
fn could_nest_deeply(text: &str) -> bool {
    const GUARD: usize = MAX_DEPTH / 2;
    let mut flow: usize = 0;
    // One pass over the bytes: the run of ` \t-?` that starts each line,
    // and every bracket.
    let mut prefix: Option<usize> = Some(0);
    for &b in text.as_bytes() {
        if let Some(n) = prefix {
            if b" \t-?".contains(&b) {
                if n + 1 >= GUARD {
                    return true;
                }
                prefix = Some(n + 1);
                continue;
            }
            prefix = None;
        }
        match b {
            b'\n' => prefix = Some(0),
            b'[' | b'{' => {
                flow += 1;
                if flow >= GUARD / 2 {
                    return true;
                }
            }
            b']' | b'}' => flow = flow.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn yaml_error(file: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line() as u32, l.column() as u32))
        .unwrap_or(Pos::FILE);
    let raw = e.without_snippet().to_string();
    // The library's own text may repeat the position; keep the first line.
    let message = raw
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_string();
    let lower = message.to_lowercase();
    let (code, hint) = if lower.contains("duplicate") {
        (
            "duplicate-key",
            "each key may appear once per mapping; remove or rename one",
        )
    } else if lower.contains("budget")
        || lower.contains("alias")
        || lower.contains("depth")
        || lower.contains("recursion")
    {
        (
            "yaml-limit",
            "cards need neither deep nesting nor many aliases; write the values out",
        )
    } else {
        (
            "yaml-syntax",
            "check indentation and quoting near this position; strings containing `: ` need quotes",
        )
    };
    Diagnostic::error(code, file, pos, format!("invalid YAML: {message}")).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, Diagnostic> {
        parse(Path::new("t.yaml"), text)
    }

    #[test]
    fn nodes_carry_positions() {
        let n = p("a: 1\nb:\n  c: [x, y]\n").unwrap();
        assert_eq!(n.get("a").unwrap().pos, Pos::new(1, 4));
        let c = n.get("b").unwrap().entry("c").unwrap();
        assert_eq!(c.0.pos, Pos::new(3, 3));
        assert_eq!(n.get("b").unwrap().get("c").unwrap().pos.line, 3);
    }

    #[test]
    fn duplicate_keys_are_located_errors() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.code, "duplicate-key");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = p("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert_eq!(e.code, "yaml-syntax");
        assert!(e.line >= 2, "{e:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = p(&s).unwrap_err();
        assert_eq!(e.code, "yaml-limit", "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let s = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(p(&s).is_err());
        let mut s = String::new();
        for i in 0..10_000 {
            s.push_str(&" ".repeat(i));
            s.push_str("k:\n");
        }
        assert!(p(&s).is_err());
    }

    #[test]
    fn only_text_that_could_nest_deeply_takes_the_guard_pass() {
        let card = "a: 1\nb:\n  - [x, {y: z}]\n  - c: d\r\n";
        assert!(!could_nest_deeply(card));
        let deep_block = format!("k:\n{}x: 1\n", " ".repeat(MAX_DEPTH / 2));
        assert!(could_nest_deeply(&deep_block));
        let dashes = format!("{}x\n", "- ".repeat(MAX_DEPTH / 4));
        assert!(could_nest_deeply(&dashes));
        let flow = format!("a: {}", "[".repeat(MAX_DEPTH / 4));
        assert!(could_nest_deeply(&flow));
        // Brackets that close again do not add up.
        assert!(!could_nest_deeply(&"[x] ".repeat(1000)));
    }

    #[test]
    fn bom_accepted_and_bad_utf8_located() {
        assert_eq!(
            decode(Path::new("x"), b"\xEF\xBB\xBFa: 1".to_vec()).unwrap(),
            "a: 1"
        );
        let e = decode(Path::new("x"), b"a: 1\nb: \xFF\n".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
    }

    #[test]
    fn empty_files_are_errors() {
        assert_eq!(p("").unwrap_err().code, "empty-file");
        assert_eq!(p("# only a comment\n").unwrap_err().code, "empty-file");
    }
}
