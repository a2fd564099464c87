//! Stage 1 — load: find the site's source files and parse them into located
//! YAML trees. Nothing here knows what a card means.

pub mod content;
pub mod de;
pub mod history;
mod mapping;
pub mod node;
mod scalar;
pub mod sources;
pub mod tree;
pub mod yaml;

pub use node::{Kind, Node};
pub use sources::{SourceFile, SourceKind, Sources};
