//! Reporting: the only module that writes to the terminal. Formats
//! diagnostics for people (cargo style), for tools (JSON) and for GitHub
//! Actions annotations.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};

/// How diagnostics are printed (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

/// Renders one diagnostic the way cargo does, with snippet and hint.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let (red, yellow, blue, bold, reset) = if color {
        ("\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let (word, c) = match d.severity {
        Severity::Error => ("error", red),
        Severity::Warning => ("warning", yellow),
    };
    let mut s = format!(
        "{bold}{c}{word}[{}]{reset}{bold}: {}{reset}\n",
        d.code, d.message
    );
    let file = d.file.display();
    if d.line == 0 {
        s.push_str(&format!("  {blue}-->{reset} {file}\n"));
    } else {
        s.push_str(&format!(
            "  {blue}-->{reset} {file}:{}:{}\n",
            d.line, d.column
        ));
    }
    if let Some(full) = &d.snippet {
        // Long lines are shown as a window around the column.
        let (snippet, column) = window(full, d.column as usize);
        let d = Diagnostic {
            column: column as u32,
            ..d.clone()
        };
        let snippet = &snippet;
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let caret_pad: String = snippet
            .chars()
            .take(d.column.saturating_sub(1) as usize)
            .map(|ch| if ch == '\t' { '\t' } else { ' ' })
            .collect();
        s.push_str(&format!("{blue}{pad} |{reset}\n"));
        s.push_str(&format!("{blue}{num} |{reset} {snippet}\n"));
        s.push_str(&format!("{blue}{pad} |{reset} {caret_pad}{c}^{reset}\n"));
    }
    if let Some(h) = &d.hint {
        s.push_str(&format!("  {blue}={reset} {bold}hint{reset}: {h}\n"));
    }
    s
}

/// At most ~100 characters of `line` around 1-based `column`; returns the
/// text and the column within it.
fn window(line: &str, column: usize) -> (String, usize) {
    const HALF: usize = 50;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= 2 * HALF {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(HALF + 1)
        .min(chars.len().saturating_sub(2 * HALF));
    let end = (start + 2 * HALF).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        text.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, col)
}

/// `::error file=…,line=…,col=…,title=…::message` (GitHub Actions).
pub fn github(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!(
        "file={}",
        escape_property(&d.file.to_string_lossy().replace('\\', "/"))
    );
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.column));
    }
    props.push_str(&format!(",title={}", escape_property(d.code)));
    let mut msg = d.message.clone();
    if let Some(h) = &d.hint {
        msg.push_str(&format!(" (hint: {h})"));
    }
    format!("::{level} {props}::{}", escape_data(&msg))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Whether to colour output on stderr: a terminal and no `NO_COLOR`.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Human output shows every warning (`--verbose`), not a few of each kind.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// How many warnings of one kind human output shows before it groups them.
pub const SHOWN_PER_KIND: usize = 5;

/// Human output: every error, and for each kind of warning found more than
/// [`SHOWN_PER_KIND`] times a one-line count followed by the first few
/// (all with `verbose`). Machine formats always carry every diagnostic.
pub fn human_grouped(diags: &Diagnostics, color: bool, verbose: bool) -> Vec<String> {
    use crate::diagnostic::Severity;
    use std::collections::{BTreeMap, BTreeSet};
    let mut per_kind: BTreeMap<&str, (usize, BTreeSet<&std::path::Path>)> = BTreeMap::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Warning) {
        let e = per_kind.entry(d.code).or_default();
        e.0 += 1;
        e.1.insert(&d.file);
    }
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for d in diags.iter() {
        let (n, files) = per_kind.get(d.code).map_or((0, 0), |(n, f)| (*n, f.len()));
        if d.severity != Severity::Warning || verbose || n <= SHOWN_PER_KIND {
            out.push(human(d, color));
            continue;
        }
        let seen = shown.entry(d.code).or_default();
        if *seen == 0 {
            out.push(format!(
                "warning[{}] {} times in {} file{} ({SHOWN_PER_KIND} shown; --verbose for all)",
                d.code,
                group_digits(n),
                group_digits(files),
                if files == 1 { "" } else { "s" }
            ));
        }
        if *seen < SHOWN_PER_KIND {
            out.push(human(d, color));
        }
        *seen += 1;
    }
    out
}

/// 10000 → "10,000".
fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Prints the diagnostics in `format`. Human output goes to stderr (grouped
/// by kind of warning unless verbose), machine formats to stdout (complete).
pub fn print_diagnostics(diags: &Diagnostics, format: Format) {
    match format {
        Format::Human => {
            let color = stderr_color();
            let verbose = VERBOSE.load(std::sync::atomic::Ordering::Relaxed);
            let mut err = std::io::stderr().lock();
            for line in human_grouped(diags, color, verbose) {
                let _ = writeln!(err, "{line}");
            }
        }
        Format::Json => {
            let list: Vec<&Diagnostic> = diags.iter().collect();
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in diags.iter() {
                let _ = writeln!(out, "{}", github(d));
            }
        }
    }
}

/// A one-line status message on stderr (suppressed by callers when quiet).
pub fn status(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Plain output on stdout (schema text, search results, file lists).
pub fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = o.write_all(b"\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;
    use std::path::Path;

    #[test]
    fn many_warnings_of_one_kind_are_grouped_but_errors_never_are() {
        use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
        use std::path::Path;
        let mut d = Diagnostics::default();
        for i in 0..12 {
            let f = format!("cards/c{i}.yaml");
            d.push(Diagnostic::warning(
                "upstream-enum",
                Path::new(&f),
                Pos::new(1, 1),
                "w",
            ));
            d.push(Diagnostic::error(
                "bad-link",
                Path::new(&f),
                Pos::new(2, 1),
                "e",
            ));
        }
        d.push(Diagnostic::warning(
            "legacy-alias",
            Path::new("cards/x.yaml"),
            Pos::new(1, 1),
            "w",
        ));
        let lines = human_grouped(&d, false, false);
        let joined = lines.join("\n");
        assert!(
            joined.contains(
                "warning[upstream-enum] 12 times in 12 files (5 shown; --verbose for all)"
            ),
            "{joined}"
        );
        assert_eq!(joined.matches("warning[upstream-enum]: w").count(), 5);
        assert_eq!(joined.matches("error[bad-link]").count(), 12);
        assert_eq!(joined.matches("warning[legacy-alias]").count(), 1);
        let all = human_grouped(&d, false, true).join("\n");
        assert_eq!(all.matches("warning[upstream-enum]: w").count(), 12);
        assert_eq!(group_digits(10_000), "10,000");
    }

    #[test]
    fn github_annotation_escapes() {
        let d = Diagnostic::error(
            "unknown-field",
            Path::new("cards/a,b.yaml"),
            Pos::new(3, 5),
            "bad: 100%\nx",
        )
        .with_hint("did you mean `y`?");
        assert_eq!(
            github(&d),
            "::error file=cards/a%2Cb.yaml,line=3,col=5,title=unknown-field::bad: 100%25%0Ax (hint: did you mean `y`?)"
        );
    }

    #[test]
    fn human_has_location_snippet_and_hint() {
        let mut d = Diagnostic::warning("x", Path::new("c.yaml"), Pos::new(2, 3), "msg")
            .with_hint("fix it");
        d.snippet = Some("a: b".into());
        let s = human(&d, false);
        assert!(s.contains("warning[x]: msg"));
        assert!(s.contains("--> c.yaml:2:3"));
        assert!(s.contains("2 | a: b\n  |   ^"));
        assert!(s.contains("= hint: fix it"));
    }
}
