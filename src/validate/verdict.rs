//! Reading a free-text `holds_at_deployment` answer: the first word is the
//! verdict (Yes / Partially / No / Unknown), the rest is the reason.

use crate::model::Verdict;

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

#[cfg(test)]
mod tests {
    use super::*;
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
