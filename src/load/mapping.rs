//! Building one mapping: duplicate keys refused as they are met (a hash
//! set once a mapping is large), and `<<` merge keys applied when it closes.

use super::node::{Kind, Node};
use super::tree::TreeError;
use crate::diagnostic::Pos;
use std::collections::HashSet;

/// Maps this large look duplicates up in a set instead of scanning.
const SCAN_LIMIT: usize = 16;

pub(super) struct MapFrame {
    pub pos: Pos,
    pub anchor: usize,
    pub start_count: usize,
    pub entries: Vec<(Node, Node)>,
    pub key: Option<Node>,
    /// The pending key is a plain `<<`: its value merges into this map.
    pub merging: bool,
    pub merges: Vec<Node>,
    seen: Option<HashSet<KeyId>>,
}

impl MapFrame {
    pub fn new(pos: Pos, anchor: usize, start_count: usize) -> Self {
        MapFrame {
            pos,
            anchor,
            start_count,
            entries: Vec::new(),
            key: None,
            merging: false,
            merges: Vec::new(),
            seen: None,
        }
    }
}

/// A key's identity for duplicate checks: its type and text.
#[derive(Hash, PartialEq, Eq)]
struct KeyId(u8, String);

fn key_id(node: &Node) -> KeyId {
    let tag = match &node.kind {
        Kind::Null => 0,
        Kind::Bool(_) => 1,
        Kind::Int(_) => 2,
        Kind::Float(_) => 3,
        Kind::Str(_) => 4,
        Kind::Seq(_) => 5,
        Kind::Map(_) => 6,
    };
    let text = match &node.kind {
        Kind::Seq(_) | Kind::Map(_) => format!("{:?}", strip(&node.kind)),
        _ => node.key_text(),
    };
    KeyId(tag, text)
}

/// A kind with positions zeroed, so equal collections compare equal.
fn strip(kind: &Kind) -> Kind {
    let bare = |n: &Node| Node {
        pos: Pos::FILE,
        kind: strip(&n.kind),
    };
    match kind {
        Kind::Seq(items) => Kind::Seq(items.iter().map(bare).collect()),
        Kind::Map(entries) => Kind::Map(entries.iter().map(|(k, v)| (bare(k), bare(v))).collect()),
        other => other.clone(),
    }
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Str(x), Kind::Str(y)) => x == y,
        (Kind::Seq(_) | Kind::Map(_), _) | (_, Kind::Seq(_) | Kind::Map(_)) => {
            key_id(a) == key_id(b)
        }
        (x, y) => {
            std::mem::discriminant(x) == std::mem::discriminant(y) && a.key_text() == b.key_text()
        }
    }
}

pub(super) fn add_key(map: &mut MapFrame, key: Node) -> Result<(), TreeError> {
    // `merging` is set just before a plain `<<` key arrives; it is no
    // entry, so it is not checked for duplicates.
    if map.merging {
        map.key = Some(key);
        return Ok(());
    }
    let duplicate = match &mut map.seen {
        Some(seen) => !seen.insert(key_id(&key)),
        None => {
            let dup = map.entries.iter().any(|(k, _)| same_key(k, &key));
            if !dup && map.entries.len() >= SCAN_LIMIT {
                let mut seen: HashSet<KeyId> = map.entries.iter().map(|(k, _)| key_id(k)).collect();
                seen.insert(key_id(&key));
                map.seen = Some(seen);
            }
            dup
        }
    };
    if duplicate {
        return Err(TreeError::DuplicateKey {
            pos: key.pos,
            key: key.key_text(),
        });
    }
    map.key = Some(key);
    Ok(())
}

/// Applies `<<` merges: a merged mapping's keys join unless the mapping has
/// them already; of several merged mappings, the first one wins.
pub(super) fn merge(entries: &mut Vec<(Node, Node)>, merges: Vec<Node>) -> Result<(), TreeError> {
    for source in merges {
        let maps = match source.kind {
            Kind::Map(m) => vec![m],
            Kind::Seq(items) => {
                let mut maps = Vec::new();
                for item in items {
                    match item.kind {
                        Kind::Map(m) => maps.push(m),
                        _ => return Err(not_mergeable(item.pos)),
                    }
                }
                maps
            }
            _ => return Err(not_mergeable(source.pos)),
        };
        for m in maps {
            for (k, v) in m {
                if !entries.iter().any(|(e, _)| same_key(e, &k)) {
                    entries.push((k, v));
                }
            }
        }
    }
    Ok(())
}

fn not_mergeable(pos: Pos) -> TreeError {
    TreeError::Syntax {
        pos,
        message: "a `<<` merge key needs a mapping or a list of mappings".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::tests::tree;
    use super::*;

    fn texts(node: &Node) -> Vec<String> {
        node.entries().iter().map(|(k, _)| k.key_text()).collect()
    }

    #[test]
    fn merge_keys_fill_in_missing_keys_only() {
        let n =
            tree("base: &b {x: 1, y: 2}\nmore: &m {z: 3}\nc:\n  <<: [*b, *m]\n  y: 9\n").unwrap();
        let c = n.get("c").unwrap();
        assert_eq!(texts(c), ["y", "x", "z"]);
        assert_eq!(c.get("y").unwrap().kind, Kind::Int(9));
        // A quoted `<<` is an ordinary key.
        let q = tree("\"<<\": 1\n").unwrap();
        assert_eq!(texts(&q), ["<<"]);
        assert!(tree("<<: 1\n").is_err());
    }

    #[test]
    fn duplicates_are_found_in_small_and_large_maps() {
        assert!(matches!(
            tree("a: 1\nb: 2\na: 3\n"),
            Err(TreeError::DuplicateKey { pos, .. }) if pos.line == 3
        ));
        let mut large: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        large.push_str("k7: again\n");
        assert!(matches!(
            tree(&large),
            Err(TreeError::DuplicateKey { pos, key }) if pos.line == 41 && key == "k7"
        ));
        // `1` and `"1"` are different keys; `1` and `0x1` are the same integer.
        assert!(tree("1: a\n\"1\": b\n").is_ok());
        assert!(tree("1: a\n0x1: b\n").is_err());
    }
}
