//! Shared helpers: run the binary, make temporary sites.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// `../shared/reference`, or `None` (with a printed reason) when absent.
pub fn reference() -> Option<PathBuf> {
    let p = repo().join("../shared/reference");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} is absent (reference data lives beside the repository)",
            p.display()
        );
        None
    }
}

pub fn cardsite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardsite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cardsite")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site holding a copy of a fixture site.
pub fn temp_site(fixture_name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(fixture_name), dir.path());
    dir
}

/// `check --format json` as (file, line, severity, code) tuples.
pub fn check_json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let o = cardsite(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("json output: {e}\n{}", stdout(&o)));
    (code(&o), v)
}

/// `cardsite COMMAND --root ROOT --output OUT EXTRA…`.
pub fn on_site(command: &str, root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        command,
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    cardsite(&args)
}

/// `cardsite build --root ROOT --output OUT EXTRA…`.
pub fn build_site(root: &Path, out: &Path, extra: &[&str]) -> Output {
    on_site("build", root, out, extra)
}

/// Builds the site at `root` into a new temporary directory (must succeed).
pub fn built(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = build_site(root, out.path(), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    out
}

/// A file's text, or a panic naming the file.
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
