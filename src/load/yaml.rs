//! Bytes → located YAML tree, with the limits that keep hostile files
//! (alias bombs, deep nesting, huge files, bad encodings) from hurting us.

use super::node::{Kind, Node};
use super::tree::{self, Limits, TreeError};
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

/// The limits a file is parsed under; context files (`large`) hold a
/// verdict for every card, so their value budget is larger.
fn limits(large: bool) -> Limits {
    Limits {
        max_depth: MAX_DEPTH,
        max_nodes: if large { 50_000_000 } else { 100_000 },
        max_anchors: 100,
        max_aliases: 100,
    }
}

/// Parses one YAML document. An empty document is an error.
pub fn parse(file: &Path, text: &str) -> Result<Node, Diagnostic> {
    parse_with(file, text, false)
}

/// [`parse`] with the budget for large files (context files) when `large`.
pub fn parse_with(file: &Path, text: &str, large: bool) -> Result<Node, Diagnostic> {
    match tree::build(text, limits(large)) {
        Ok(Some(node)) if !matches!(node.kind, Kind::Null) => Ok(node),
        // No document at all: nothing but blank lines and comments.
        Ok(None) => Err(
            Diagnostic::error("empty-file", file, Pos::FILE, "file is empty")
                .with_hint("run `cardsite new <slug>` to start a card from the template"),
        ),
        Ok(Some(_)) => Err(Diagnostic::error(
            "empty-file",
            file,
            Pos::FILE,
            "file holds no value",
        )),
        Err(e) => Err(yaml_error(file, e)),
    }
}

fn yaml_error(file: &Path, e: TreeError) -> Diagnostic {
    match e {
        TreeError::Syntax { pos, message } => {
            // The parser's own text may run over several lines; keep the first.
            let message = message
                .lines()
                .next()
                .unwrap_or("invalid YAML")
                .trim()
                .to_string();
            Diagnostic::error("yaml-syntax", file, pos, format!("invalid YAML: {message}")).with_hint(
                "check indentation and quoting near this position; strings containing `: ` need quotes",
            )
        }
        TreeError::Limit { pos, message } => {
            Diagnostic::error("yaml-limit", file, pos, format!("invalid YAML: {message}"))
                .with_hint("cards need neither deep nesting nor many aliases; write the values out")
        }
        TreeError::DuplicateKey { pos, key } => Diagnostic::error(
            "duplicate-key",
            file,
            pos,
            format!("invalid YAML: duplicate key `{key}` in this mapping"),
        )
        .with_hint("each key may appear once per mapping; remove or rename one"),
    }
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
        assert_eq!(p("  \r\n\n").unwrap_err().message, "file is empty");
        assert_eq!(p("---\n").unwrap_err().message, "file holds no value");
    }
}
