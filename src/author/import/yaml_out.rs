//! Writing card YAML: every string double-quoted with JSON escapes (a JSON
//! string is a valid YAML double-quoted scalar), keys in a readable order.

use std::fmt::Write;

pub fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

/// A YAML document built line by line.
#[derive(Default)]
pub struct Doc(pub String);

impl Doc {
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            let _ = writeln!(self.0, "# {line}");
        }
    }
    pub fn field(&mut self, indent: usize, key: &str, value: &str) {
        let _ = writeln!(self.0, "{}{key}: {value}", "  ".repeat(indent));
    }
    pub fn opt(&mut self, indent: usize, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.field(indent, key, &q(v));
        }
    }
    pub fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        if !items.is_empty() {
            self.field(indent, key, &list(items));
        }
    }
    pub fn section(&mut self, indent: usize, key: &str) {
        let _ = writeln!(self.0, "{}{key}:", "  ".repeat(indent));
    }
}
