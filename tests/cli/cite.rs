//! Citations: every card's `cite.bib` and "Cite" section (BibTeX that
//! parses, CSL-JSON with the required fields, a formatted reference with
//! title and year), hostile references kept balanced and escaped, and the
//! "How to cite" page; the repository's `CITATION.cff` ([`cff`]); the other
//! files beside each card's page ([`card_files`]).

mod card_files;
mod cff;

use crate::support::*;
use cardsite::render::cite::bib_escape;
use serde_json::Value;
use std::path::Path;

/// One BibTeX entry: `@kind{key, name = {value}, …}`.
#[derive(Debug)]
pub struct Entry {
    pub kind: String,
    pub key: String,
    pub fields: Vec<(String, String)>,
}

impl Entry {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A tiny BibTeX reader for what the site writes: entries of brace-delimited
/// fields, braces balanced inside each value. Panics, saying where, on
/// anything else.
pub fn parse_bib(text: &str) -> Vec<Entry> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    let until = |i: &mut usize, stop: &[char]| -> String {
        let start = *i;
        while *i < chars.len() && !stop.contains(&chars[*i]) {
            *i += 1;
        }
        assert!(*i < chars.len(), "unterminated at {start}: {text}");
        chars[start..*i]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    };
    let mut entries = Vec::new();
    loop {
        skip_ws(&mut i);
        if i == chars.len() {
            return entries;
        }
        assert_eq!(chars[i], '@', "entry starts with @ at {i}: {text}");
        i += 1;
        let kind = until(&mut i, &['{']);
        i += 1;
        let key = until(&mut i, &[',']);
        i += 1;
        assert!(
            !key.is_empty() && !key.contains([' ', '{', '}']),
            "key {key:?}"
        );
        let mut fields = Vec::new();
        loop {
            skip_ws(&mut i);
            assert!(i < chars.len(), "unterminated entry {key}");
            if chars[i] == '}' {
                i += 1;
                break;
            }
            let name = until(&mut i, &['=']);
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase()),
                "field name {name:?} in {key}"
            );
            i += 1;
            skip_ws(&mut i);
            assert_eq!(chars[i], '{', "{key}.{name} is braced");
            let (start, mut depth) = (i + 1, 0);
            loop {
                assert!(i < chars.len(), "{key}.{name}: unbalanced braces");
                match chars[i] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            fields.push((name, chars[start..i - 1].iter().collect()));
            skip_ws(&mut i);
            if i < chars.len() && chars[i] == ',' {
                i += 1;
            }
        }
        entries.push(Entry { kind, key, fields });
    }
}

/// Text of HTML (entities decoded).
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').expect("entity ends with ;");
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") || e.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of the `<pre>` with `id` in a page.
pub fn pre(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("<pre class=\"cite-code\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no <pre id={id}>"));
    let start = html[at..].find("<code>").unwrap() + at + "<code>".len();
    let end = html[start..].find("</code></pre>").unwrap() + start;
    unescape(&html[start..end])
}

/// The formatted references of a page, in order.
fn references(html: &str) -> Vec<String> {
    html.split("<p class=\"reference\">")
        .skip(1)
        .map(|s| unescape(&s[..s.find("</p>").unwrap()]))
        .collect()
}

fn check_card_page(out: &Path, card: &cardsite::model::Card) {
    let slug = &card.slug;
    let html = read(&out.join(format!("benchmarks/{slug}/index.html")));
    let bib_text = read(&out.join(format!("benchmarks/{slug}/cite.bib")));
    let bib = parse_bib(&bib_text);
    assert_eq!(bib.len(), 2, "{slug}: the benchmark's entry and the card's");
    let (bench, own) = (&bib[0], &bib[1]);
    assert_eq!(bench.key, *slug);
    let csl: Value = serde_json::from_str(&pre(&html, "cite-benchmark-csl"))
        .unwrap_or_else(|e| panic!("{slug}: CSL-JSON: {e}"));
    let item = &csl.as_array().expect("an array")[0];
    assert_eq!(csl.as_array().unwrap().len(), 1);
    for key in ["id", "type", "title"] {
        assert!(item[key].is_string(), "{slug}: CSL {key}");
    }
    let refs = references(&html);
    assert_eq!(refs.len(), 2, "{slug}: the benchmark's and the card's");
    match card.reference.as_ref() {
        Some(r) => {
            let kind = if r.venue.is_some() { "article" } else { "misc" };
            assert_eq!(bench.kind, kind, "{slug}");
            assert_eq!(
                bench.field("title"),
                Some(format!("{{{}}}", bib_escape(&r.title)).as_str())
            );
            assert_eq!(item["title"], r.title.as_str());
            let authors = item["author"].as_array().map_or(0, Vec::len);
            let named = r.authors.iter().filter(|a| *a != "et al.").count();
            assert_eq!(authors, named, "{slug}: CSL authors");
            for a in item["author"].as_array().into_iter().flatten() {
                assert!(a["family"].is_string(), "{slug}: {a}");
            }
            if r.authors.iter().any(|a| a == "et al.") {
                assert!(bench.field("author").unwrap().ends_with(" and others"));
            }
            if let Some(y) = r.year {
                assert_eq!(bench.field("year"), Some(y.to_string().as_str()));
                assert_eq!(item["issued"]["date-parts"], serde_json::json!([[y]]));
                assert!(refs[0].contains(&y.to_string()), "{slug}: {}", refs[0]);
            }
            if let Some(v) = &r.venue {
                assert_eq!(bench.field("journal"), Some(bib_escape(v).as_str()));
                assert_eq!(item["container-title"], v.as_str());
            }
            if let Some(d) = &r.doi {
                let verbatim = d.replace('{', "%7B").replace('}', "%7D");
                assert_eq!(bench.field("doi"), Some(verbatim.as_str()));
                assert_eq!(item["DOI"], d.as_str());
            }
            assert!(refs[0].contains(&r.title), "{slug}: {}", refs[0]);
        }
        None => {
            assert_eq!(
                (bench.kind.as_str(), item["type"].as_str()),
                ("misc", Some("document"))
            );
            assert_eq!(
                bench.field("note"),
                Some(bib_escape(&card.citation).as_str())
            );
            assert_eq!(refs[0], card.citation);
        }
    }
    // The card itself: a web page by the maintainers, dated when added.
    assert_eq!(own.kind, "misc");
    assert_eq!(own.key, format!("benchmarkcard-{slug}"));
    assert_eq!(
        own.field("author"),
        Some("{cardsite catalogue maintainers}")
    );
    assert_eq!(
        own.field("title"),
        Some(format!("{{{} — BenchmarkCard}}", bib_escape(&card.title)).as_str())
    );
    assert!(
        own.field("url")
            .unwrap()
            .ends_with(&format!("/benchmarks/{slug}/"))
    );
    let own_csl: Value = serde_json::from_str(&pre(&html, "cite-card-csl")).unwrap();
    let own_item = &own_csl[0];
    assert_eq!(own_item["type"], "webpage");
    assert_eq!(
        own_item["author"][0]["literal"],
        "cardsite catalogue maintainers"
    );
    assert_eq!(own_item["title"], format!("{} — BenchmarkCard", card.title));
    if let Some(added) = &card.added {
        let parts: Vec<i64> = added.split('-').map(|p| p.parse().unwrap()).collect();
        assert_eq!(
            own_item["accessed"]["date-parts"],
            serde_json::json!([parts])
        );
        assert_eq!(own.field("urldate"), Some(added.as_str()));
        assert!(refs[1].contains(&added[..4]), "{}", refs[1]);
    }
    assert!(refs[1].contains(&card.title), "{}", refs[1]);
    // The page shows what the file holds, and links it.
    assert_eq!(
        format!(
            "{}\n{}",
            pre(&html, "cite-benchmark-bib"),
            pre(&html, "cite-card-bib")
        ),
        bib_text
    );
    assert!(html.contains(&format!("href=\"/benchmarks/{slug}/cite.bib\" download")));
}

#[test]
fn every_card_has_a_cite_bib_and_a_cite_section_that_parse() {
    let out = built(&repo());
    let cat = cardsite::site::check(&repo()).catalogue;
    let curated = cat
        .cards
        .iter()
        .filter(|c| !c.file.components().any(|p| p.as_os_str() == "upstream"));
    for card in curated.clone() {
        assert!(
            card.reference.is_some(),
            "{}: curated cards carry a reference",
            card.slug
        );
    }
    assert!(curated.count() >= 28);
    for card in &cat.cards {
        check_card_page(out.path(), card);
    }
}

#[test]
fn hostile_references_stay_balanced_escaped_and_exact() {
    let site = temp_site("hostile");
    let evil = site.path().join("cards/evil.yaml");
    let title = r"</code></pre><script>alert('ref')</script> {open \end{document} 100% & $ # _ ~ ^ @misc{x,";
    let mut text = read(&evil);
    text.push_str(&format!(
        "reference:\n  authors: [{}, \"Smith and Sons\", \"O'Brien, {{E}}\", \"et al.\"]\n  title: {}\n  venue: \"J. }}}}}}\"\n  year: 2024\n  doi: \"10.1000/x}}{{y\"\n  url: \"https://example.org/?a=1&b={{x}}\"\n",
        serde_json::to_string("}{ \\end").unwrap(),
        serde_json::to_string(title).unwrap(),
    ));
    std::fs::write(&evil, text).unwrap();
    let out = built(site.path());
    let cat = cardsite::site::check(site.path()).catalogue;
    let card = cat.card("evil").unwrap();
    assert_eq!(card.reference.as_ref().unwrap().title, title);
    check_card_page(out.path(), card);
    let html = read(&out.path().join("benchmarks/evil/index.html"));
    assert!(
        !html.contains("<script>alert('ref')"),
        "raw script from a reference"
    );
    let bib = parse_bib(&read(&out.path().join("benchmarks/evil/cite.bib")));
    assert_eq!(bib[0].field("doi"), Some("10.1000/x%7D%7By"));
    assert_eq!(
        bib[0].field("url"),
        Some("https://example.org/?a=1&b=%7Bx%7D")
    );
    // Four names (the last `others`): "and" inside a name is braced.
    let author = bib[0].field("author").unwrap();
    let mut depth = 0;
    let mut top_level = String::new();
    for c in author.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => top_level.push(c),
            _ => {}
        }
    }
    assert_eq!(top_level.matches(" and ").count(), 3, "{author}");
}

#[test]
fn a_malformed_reference_is_reported() {
    let site = temp_site("partial");
    let a = site.path().join("cards/a.yaml");
    let good = read(&a);
    for (bad, needle) in [
        ("reference: { title: T, doi: \"doi:10.1/x\" }\n", "doi"),
        ("reference: { title: T, pages: \"1-2\" }\n", "pages"),
        ("reference: { authors: [A B] }\n", "title"),
        (
            "reference: { title: T, url: \"javascript:alert(1)\" }\n",
            "url",
        ),
    ] {
        std::fs::write(&a, format!("{good}{bad}")).unwrap();
        let (code, diags) = check_json(site.path());
        assert_eq!(code, 1, "{bad}");
        assert!(
            diags.iter().any(|d| d.to_string().contains(needle)),
            "{bad}: {diags:?}"
        );
    }
}

#[test]
fn the_cite_page_cites_the_catalogue_and_every_page_links_it() {
    let out = built(&repo());
    let html = read(&out.path().join("cite/index.html"));
    let bib = parse_bib(&pre(&html, "cite-catalogue-bib"));
    assert_eq!(bib.len(), 1);
    assert_eq!(
        (bib[0].kind.as_str(), bib[0].key.as_str()),
        ("misc", "benchmarkcards-catalogue")
    );
    assert_eq!(
        bib[0].field("author"),
        Some("{cardsite catalogue maintainers}")
    );
    let csl: Value = serde_json::from_str(&pre(&html, "cite-catalogue-csl")).unwrap();
    assert_eq!(csl[0]["type"], "dataset");
    assert!(html.contains("CITATION.cff"));
    assert!(
        html.contains("/cite.bib\" download"),
        "links an example cite.bib"
    );
    for page in [
        "index.html",
        "benchmarks/medqa/index.html",
        "match/index.html",
    ] {
        assert!(
            read(&out.path().join(page)).contains("<a href=\"/cite/\">How to cite</a>"),
            "{page}"
        );
    }
    let sitemap = read(&out.path().join("sitemaps/1.xml"));
    assert!(sitemap.contains("/cite/</loc>"));
}
