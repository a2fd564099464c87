//! YAML parser events → a located [`Node`] tree, in one pass with an explicit
//! stack (no recursion, so nesting depth cannot overflow ours).
//!
//! The limits live here, where the tree is built: nesting depth, anchors,
//! aliases, and the node count *after* alias expansion (which is what an
//! alias bomb inflates). Duplicate keys are refused as they are met, and
//! `<<` merge keys are applied. Scalars resolve by YAML 1.2's core schema:
//! only `true`/`false` are booleans, so `n: yes` keeps its text.

use super::mapping::{MapFrame, add_key, merge};
use super::node::{Kind, Node};
use super::scalar::resolve;
use crate::diagnostic::Pos;
use granit_parser::{Event, Marker, Parser, ScalarStyle, Tag};

/// The limits one parse runs under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_anchors: usize,
    pub max_aliases: usize,
}

/// Why a text is not a tree we accept.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TreeError {
    /// Not YAML, or YAML we cannot build a value from.
    #[error("{message} at {}:{}", pos.line, pos.column)]
    Syntax { pos: Pos, message: String },
    /// Valid YAML beyond one of the [`Limits`].
    #[error("{message} at {}:{}", pos.line, pos.column)]
    Limit { pos: Pos, message: String },
    /// The same key twice in one mapping.
    #[error("duplicate key `{key}` at {}:{}", pos.line, pos.column)]
    DuplicateKey { pos: Pos, key: String },
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        start_count: usize,
        items: Vec<Node>,
    },
    Map(Box<MapFrame>),
}

fn pos_of(m: Marker) -> Pos {
    Pos::new(m.line() as u32, m.col() as u32 + 1)
}

struct Builder {
    limits: Limits,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Anchored nodes by parser id, with their expanded node counts.
    anchors: Vec<Option<(Node, usize)>>,
    anchor_count: usize,
    alias_count: usize,
    nodes: usize,
}

impl Builder {
    fn count(&mut self, n: usize, pos: Pos) -> Result<(), TreeError> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(TreeError::Limit {
                pos,
                message: format!(
                    "more than {} values (aliases count each time they are used)",
                    self.limits.max_nodes
                ),
            });
        }
        Ok(())
    }

    fn open(&mut self, pos: Pos) -> Result<(), TreeError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(TreeError::Limit {
                pos,
                message: format!("nesting deeper than {} levels", self.limits.max_depth),
            });
        }
        self.count(1, pos)
    }

    fn remember(
        &mut self,
        anchor: usize,
        node: &Node,
        size: usize,
        pos: Pos,
    ) -> Result<(), TreeError> {
        if anchor == 0 {
            return Ok(());
        }
        self.anchor_count += 1;
        if self.anchor_count > self.limits.max_anchors {
            return Err(TreeError::Limit {
                pos,
                message: format!("more than {} anchors", self.limits.max_anchors),
            });
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some((node.clone(), size));
        Ok(())
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), TreeError> {
        self.alias_count += 1;
        if self.alias_count > self.limits.max_aliases {
            return Err(TreeError::Limit {
                pos,
                message: format!("more than {} aliases", self.limits.max_aliases),
            });
        }
        let Some(Some((node, size))) = self.anchors.get(id) else {
            return Err(TreeError::Syntax {
                pos,
                message: "alias refers to an anchor that is not defined before it".into(),
            });
        };
        let (mut node, size) = (node.clone(), *size);
        self.count(size, pos)?;
        node.pos = pos;
        self.attach(node)
    }

    /// Hands a finished node to the collection it belongs to.
    fn attach(&mut self, node: Node) -> Result<(), TreeError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map(map)) => match map.key.take() {
                Some(_) if map.merging => {
                    map.merging = false;
                    map.merges.push(node);
                    Ok(())
                }
                Some(key) => {
                    map.entries.push((key, node));
                    Ok(())
                }
                None => add_key(map, node),
            },
        }
    }

    fn scalar(
        &mut self,
        text: std::borrow::Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<(), TreeError> {
        self.count(1, pos)?;
        let kind = resolve(text, style, tag).map_err(|e| TreeError::Syntax {
            pos,
            message: e.to_string(),
        })?;
        let node = Node { pos, kind };
        self.remember(anchor, &node, 1, pos)?;
        self.attach(node)
    }

    fn close(&mut self, pos: Pos) -> Result<(), TreeError> {
        // The parser pairs every end with its start; this never fires.
        let Some(frame) = self.stack.pop() else {
            return Err(TreeError::Syntax {
                pos,
                message: "a collection ends that never started".into(),
            });
        };
        let (node, anchor, start_count) = match frame {
            Frame::Seq {
                pos,
                anchor,
                start_count,
                items,
            } => (
                Node {
                    pos,
                    kind: Kind::Seq(items),
                },
                anchor,
                start_count,
            ),
            Frame::Map(map) => {
                let MapFrame {
                    pos,
                    anchor,
                    start_count,
                    mut entries,
                    merges,
                    ..
                } = *map;
                merge(&mut entries, merges)?;
                (
                    Node {
                        pos,
                        kind: Kind::Map(entries),
                    },
                    anchor,
                    start_count,
                )
            }
        };
        let size = self.nodes - start_count + 1;
        self.remember(anchor, &node, size, node.pos)?;
        self.attach(node)
    }
}

fn scan_error(e: granit_parser::ScanError, max_depth: usize) -> TreeError {
    let pos = pos_of(*e.marker());
    match e.kind() {
        // The scanner's own guard against deep flow nesting, met when it
        // reads ahead of the events that would reach our depth limit.
        granit_parser::ErrorKind::RecursionLimitExceeded => TreeError::Limit {
            pos,
            message: format!("nesting deeper than {max_depth} levels"),
        },
        _ => TreeError::Syntax {
            pos,
            message: e.info(),
        },
    }
}

/// Builds the tree of the one document in `text` (`None` if it has none).
pub fn build(text: &str, limits: Limits) -> Result<Option<Node>, TreeError> {
    let mut b = Builder {
        limits,
        stack: Vec::new(),
        root: None,
        anchors: Vec::new(),
        anchor_count: 0,
        alias_count: 0,
        nodes: 0,
    };
    let mut documents = 0;
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_error(e, limits.max_depth))?;
        let pos = pos_of(span.start);
        match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(TreeError::Syntax {
                        pos,
                        message: "a second document (`---`); a file holds one".into(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain_merge_key = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                if plain_merge_key
                    && let Some(Frame::Map(map)) = b.stack.last_mut()
                    && map.key.is_none()
                {
                    map.merging = true;
                }
                b.scalar(text, style, anchor, tag.as_deref(), pos)?;
            }
            Event::Alias(id) => b.alias(id, pos)?,
            Event::SequenceStart(_, anchor, _) => {
                b.open(pos)?;
                b.stack.push(Frame::Seq {
                    pos,
                    anchor,
                    start_count: b.nodes,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(_, anchor, _) => {
                b.open(pos)?;
                b.stack
                    .push(Frame::Map(Box::new(MapFrame::new(pos, anchor, b.nodes))));
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(pos)?,
            _ => {}
        }
    }
    Ok(b.root)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_depth: 8,
        max_nodes: 1000,
        max_anchors: 4,
        max_aliases: 4,
    };

    pub(in crate::load) fn tree(text: &str) -> Result<Node, TreeError> {
        build(text, LIMITS).map(|n| n.expect("a document"))
    }

    #[test]
    fn aliases_copy_their_anchor_and_sit_where_they_are_used() {
        let n = tree("a: &x {b: 1}\nc: *x\n").unwrap();
        let c = n.get("c").unwrap();
        assert_eq!(c.get("b").unwrap().kind, Kind::Int(1));
        assert_eq!(c.pos, Pos::new(2, 4));
        let e = tree("a: *nothing\n").unwrap_err();
        assert!(matches!(e, TreeError::Syntax { .. }), "{e:?}");
    }

    #[test]
    fn limits_hold_and_name_themselves() {
        let deep = format!("{}{}", "[".repeat(20), "]".repeat(20));
        assert!(
            matches!(tree(&deep), Err(TreeError::Limit { message, .. }) if message.contains("nesting"))
        );
        // Five aliases of one anchor: the fifth is refused.
        let aliases = "a: &a 1\nb: [*a, *a, *a, *a, *a]\n";
        assert!(
            matches!(tree(aliases), Err(TreeError::Limit { message, .. }) if message.contains("aliases"))
        );
        // Three aliases of a 400-value list expand past 1,000 values.
        let list = vec!["x"; 400].join(", ");
        let bomb = format!("a: &a [{list}]\nb: [*a, *a]\n");
        assert!(
            matches!(tree(&bomb), Err(TreeError::Limit { message, .. }) if message.contains("values"))
        );
        assert!(matches!(
            tree("a: 1\n---\nb: 2\n"),
            Err(TreeError::Syntax { pos, .. }) if pos.line == 2
        ));
    }

    #[test]
    fn an_empty_text_has_no_document() {
        assert_eq!(build("", LIMITS).unwrap(), None);
        assert_eq!(build("# only\n", LIMITS).unwrap(), None);
    }
}
