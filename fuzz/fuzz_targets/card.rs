//! Fuzzes card loading and validation: any bytes, as a card or a context
//! file, must produce diagnostics, never a panic or a stack overflow.
#![no_main]

use cardsite::diagnostic::Diagnostics;
use cardsite::load::{SourceFile, SourceKind, Sources, yaml};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let (kind, rel) = match data.first() {
        Some(b) if b % 4 == 0 => (SourceKind::Context, "cards/contexts/ctx.yaml"),
        _ => (SourceKind::Card, "cards/card.yaml"),
    };
    let Ok(text) = yaml::decode(Path::new(rel), data.to_vec()) else { return };
    let card = SourceFile { kind: SourceKind::Card, rel: PathBuf::from("cards/other.yaml"), text: "benchmark_name: a\ncitation: b\n".into() };
    let sources = Sources { root: PathBuf::from("/nonexistent"), files: vec![SourceFile { kind, rel: PathBuf::from(rel), text }, card] };
    let mut diags = Diagnostics::default();
    let _ = cardsite::validate::validate(&sources, &mut diags);
});
