//! What a YAML scalar means: YAML 1.2's core schema, where only
//! `true`/`false` are booleans (`n: yes` and `country: NO` keep their text)
//! and quoted or block scalars are always strings.

use super::node::Kind;
use granit_parser::{ScalarStyle, Tag};
use std::borrow::Cow;

/// The value of a scalar written as `text` in `style` with `tag`.
/// An explicit core tag (`!!int`, `!!bool`, …) that does not fit its text is
/// an error; other tags are read past.
/// Infinities and NaN are refused: no card field means them, and JSON (the
/// exports) cannot hold them.
/// Text the parser already copied (quoted scalars) is moved, not copied.
pub fn resolve(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<Kind, ScalarError> {
    match resolve_typed(&text, style, tag)? {
        None => Ok(Kind::Str(text.into_owned())),
        Some(Kind::Float(f)) if !f.is_finite() => Err(ScalarError::NotFinite(text.into_owned())),
        Some(kind) => Ok(kind),
    }
}

/// Why a scalar cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScalarError {
    #[error("`{0}` is not a finite number; quote it if you mean the text")]
    NotFinite(String),
    #[error("`{text}` cannot be read as the `!!{core}` its tag asks for")]
    Tag { text: String, core: String },
}

/// The scalar's value unless it is text (`None`).
fn resolve_typed(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<Option<Kind>, ScalarError> {
    if let Some(tag) = tag {
        if let Some(core) = tag.core_suffix() {
            return typed(text, core);
        }
        if tag.parts() == ("", "!") {
            // `! value`: the non-specific tag, a string.
            return Ok(None);
        }
    }
    if style != ScalarStyle::Plain {
        return Ok(None);
    }
    Ok(plain(text))
}

fn typed(text: &str, core: &str) -> Result<Option<Kind>, ScalarError> {
    if core == "str" {
        return Ok(None);
    }
    let kind = match core {
        "null" => Some(Kind::Null),
        "bool" => boolean(text).map(Kind::Bool),
        "int" => integer(text),
        "float" => float(text).or_else(|| match integer(text) {
            Some(Kind::Int(i)) => Some(Kind::Float(i as f64)),
            other => other,
        }),
        _ => None,
    };
    kind.map(Some).ok_or_else(|| ScalarError::Tag {
        text: text.to_string(),
        core: core.to_string(),
    })
}

/// An untagged plain scalar: null, boolean, integer or float; `None` for text.
fn plain(text: &str) -> Option<Kind> {
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Kind::Null);
    }
    if let Some(b) = boolean(text) {
        return Some(Kind::Bool(b));
    }
    // Only text that starts like a number can be one.
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        return integer(text).or_else(|| float(text));
    }
    None
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, and, as YAML 1.1 readers
/// also accept, `0b[01]+` and `_` between digits (`10_000`). A decimal too
/// large for 64 bits is kept as a float, as JSON would.
fn integer(text: &str) -> Option<Kind> {
    for (prefix, base) in [("0o", 8), ("0x", 16), ("0b", 2)] {
        if let Some(digits) = text.strip_prefix(prefix) {
            return radix(digits, base);
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !separated_digits(digits) {
        return None;
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    Some(match clean.parse::<i64>() {
        Ok(i) => Kind::Int(i),
        Err(_) => Kind::Float(clean.parse::<f64>().ok()?),
    })
}

/// Digits, with single `_` allowed between two of them.
fn separated_digits(text: &str) -> bool {
    let b = text.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b[b.len() - 1].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'_')
        && !text.contains("__")
}

fn radix(digits: &str, radix: u32) -> Option<Kind> {
    if digits.is_empty() {
        return None;
    }
    // `from_str_radix` would also take a sign, which YAML does not allow here.
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => Kind::Int(i),
        Err(_) => Kind::Float(u128::from_str_radix(digits, radix).ok()? as f64),
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan`.
fn float(text: &str) -> Option<Kind> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(Kind::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => {
            return Some(Kind::Float(f64::NAN));
        }
        _ => {}
    }
    let b = unsigned.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut fraction = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        fraction = digits(&mut i);
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>().ok().map(Kind::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Kind {
        plain(text).unwrap_or(Kind::Str(text.into()))
    }

    #[test]
    fn core_schema_plain_scalars() {
        assert_eq!(p("~"), Kind::Null);
        assert_eq!(p("null"), Kind::Null);
        assert_eq!(p("true"), Kind::Bool(true));
        assert_eq!(p("FALSE"), Kind::Bool(false));
        // YAML 1.1's booleans are text in 1.2.
        for text in ["yes", "no", "on", "off", "y", "n", "NO"] {
            assert_eq!(p(text), Kind::Str(text.into()), "{text}");
        }
        assert_eq!(p("2024"), Kind::Int(2024));
        assert_eq!(p("-7"), Kind::Int(-7));
        assert_eq!(p("+7"), Kind::Int(7));
        assert_eq!(p("0x1F"), Kind::Int(31));
        assert_eq!(p("0o17"), Kind::Int(15));
        assert_eq!(p("0b101"), Kind::Int(5));
        assert_eq!(p("10_000"), Kind::Int(10_000));
        assert_eq!(p("94.7"), Kind::Float(94.7));
        assert_eq!(p(".5"), Kind::Float(0.5));
        assert_eq!(p("1e3"), Kind::Float(1000.0));
        assert_eq!(p("-.inf"), Kind::Float(f64::NEG_INFINITY));
        assert!(matches!(p(".nan"), Kind::Float(f) if f.is_nan()));
        assert_eq!(p("99999999999999999999"), Kind::Float(1e20));
        for text in [
            "2026-01-01",
            "1.2.3",
            "0x",
            "0X1F",
            "-.nan",
            "1e",
            ".",
            "+",
            "1__000",
            "_1",
            "0b2",
            "v2",
            "inf",
        ] {
            assert_eq!(p(text), Kind::Str(text.into()), "{text}");
        }
    }

    #[test]
    fn quoted_scalars_and_tags() {
        let quoted = resolve(Cow::Borrowed("2024"), ScalarStyle::DoubleQuoted, None).unwrap();
        assert_eq!(quoted, Kind::Str("2024".into()));
        let str_tag = Tag::new("tag:yaml.org,2002:", "str");
        assert_eq!(
            resolve(Cow::Borrowed("2024"), ScalarStyle::Plain, Some(&str_tag)).unwrap(),
            Kind::Str("2024".into())
        );
        let int_tag = Tag::new("tag:yaml.org,2002:", "int");
        let float_tag = Tag::new("tag:yaml.org,2002:", "float");
        assert_eq!(
            resolve(
                Cow::Borrowed("12"),
                ScalarStyle::SingleQuoted,
                Some(&int_tag)
            )
            .unwrap(),
            Kind::Int(12)
        );
        assert!(resolve(Cow::Borrowed("twelve"), ScalarStyle::Plain, Some(&int_tag)).is_err());
        assert!(resolve(Cow::Borrowed(".inf"), ScalarStyle::Plain, None).is_err());
        assert!(resolve(Cow::Borrowed(".nan"), ScalarStyle::Plain, Some(&float_tag)).is_err());
        assert_eq!(
            resolve(Cow::Borrowed(".inf"), ScalarStyle::DoubleQuoted, None).unwrap(),
            Kind::Str(".inf".into())
        );
        assert_eq!(
            resolve(Cow::Borrowed("3"), ScalarStyle::Plain, Some(&float_tag)).unwrap(),
            Kind::Float(3.0)
        );
        let custom = Tag::new("!", "note");
        assert_eq!(
            resolve(Cow::Borrowed("3"), ScalarStyle::Plain, Some(&custom)).unwrap(),
            Kind::Int(3)
        );
        let bare = Tag::new("", "!");
        assert_eq!(
            resolve(Cow::Borrowed("3"), ScalarStyle::Plain, Some(&bare)).unwrap(),
            Kind::Str("3".into())
        );
    }
}
