//! Reading a free-text `holds_at_deployment` answer: the first word is the
//! verdict (Yes / Partially / No / Unknown), the rest is the reason.

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::Verdict;
use std::path::Path;

/// Parses "No. Patients write their own queries." → (No, "Patients …").
/// Returns `None` as the verdict when the first word is not recognised.
pub fn parse(text: &str) -> (Option<Verdict>, String) {
    let text = text.trim();
    let end = text
        .find(|c: char| !c.is_alphanumeric() && c != '/')
        .unwrap_or(text.len());
    let word = text[..end].to_lowercase();
    let verdict = parse_word(&word);
    let reason = if verdict.is_some() {
        text[end..]
            .trim_start_matches(|c: char| c.is_whitespace() || ".,;:-–—!".contains(c))
            .trim()
            .to_string()
    } else {
        text.to_string()
    };
    (verdict, reason)
}

/// A bare verdict word, any case.
pub fn parse_word(word: &str) -> Option<Verdict> {
    match word.trim().to_lowercase().as_str() {
        "yes" | "holds" => Some(Verdict::Yes),
        "partially" | "partial" => Some(Verdict::Partially),
        "no" => Some(Verdict::No),
        "unknown" | "unclear" | "n/a" => Some(Verdict::Unknown),
        _ => None,
    }
}

/// The verdict read, or `Unknown` with a warning at `pos` that `what` (the
/// field, in the message) does not start with one.
pub fn or_unknown(
    verdict: Option<Verdict>,
    what: &str,
    file: &Path,
    pos: Pos,
    diags: &mut Diagnostics,
) -> Verdict {
    verdict.unwrap_or_else(|| {
        diags.push(
            Diagnostic::warning(
                "unparsed-verdict",
                file,
                pos,
                format!("{what} does not start with Yes, Partially or No; read as unknown"),
            )
            .with_hint("begin with the verdict, e.g. \"No. Patients write their own queries.\""),
        );
        Verdict::Unknown
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unread_verdict_is_unknown_with_a_located_warning() {
        let mut d = Diagnostics::default();
        let file = Path::new("cards/x.yaml");
        assert_eq!(
            or_unknown(Some(Verdict::No), "verdict", file, Pos::new(1, 1), &mut d),
            Verdict::No
        );
        assert!(d.is_empty());
        let v = or_unknown(None, "`holds_at_deployment`", file, Pos::new(3, 7), &mut d);
        assert_eq!(v, Verdict::Unknown);
        let w = d.iter().next().unwrap();
        assert_eq!((w.code, w.line, w.column), ("unparsed-verdict", 3, 7));
        assert_eq!(
            w.message,
            "`holds_at_deployment` does not start with Yes, Partially or No; read as unknown"
        );
    }
    #[test]
    fn first_word_is_the_verdict() {
        assert_eq!(
            parse("No. Patients generate queries."),
            (Some(Verdict::No), "Patients generate queries.".into())
        );
        assert_eq!(parse("Partial. Depends.").0, Some(Verdict::Partially));
        assert_eq!(parse("PARTIALLY — maybe").1, "maybe");
        assert_eq!(parse("yes").0, Some(Verdict::Yes));
        assert_eq!(parse("  Yes, mostly").1, "mostly");
        assert_eq!(parse("Unknown. Not reported.").0, Some(Verdict::Unknown));
        let (v, reason) = parse("Sometimes it does");
        assert_eq!(v, None);
        assert_eq!(reason, "Sometimes it does");
        assert_eq!(parse("Nobody knows").0, None);
    }
}
