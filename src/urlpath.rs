//! Percent-decoding of URL paths, shared by the link checker and `serve`.

/// Decodes `%XX` escapes; anything else (including a lone `%`) is kept.
pub fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Some(v) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_decode;
    #[test]
    fn decodes_without_panicking_on_odd_input() {
        assert_eq!(percent_decode("/a%20b/%2e%2E"), b"/a b/..");
        assert_eq!(percent_decode("%"), b"%");
        assert_eq!(percent_decode("%é1"), "%é1".as_bytes());
        assert_eq!(percent_decode("%zz"), b"%zz");
    }
}
