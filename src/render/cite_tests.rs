//! Citations: names, escaping, and the three forms of each kind of work.

use super::cite::*;
use crate::model::format::Reference;

fn person(family: &str, given: Option<&str>, written: &str) -> Author {
    Author::Person {
        family: family.into(),
        given: given.map(Into::into),
        written: written.into(),
    }
}

#[test]
fn authors_split_into_family_and_given_names() {
    assert_eq!(Author::parse("Jin D"), person("Jin", Some("D."), "Jin D"));
    assert_eq!(
        Author::parse("Fleming  SL"),
        person("Fleming", Some("S. L."), "Fleming SL")
    );
    assert_eq!(
        Author::parse("Soskin Hicks R"),
        person("Soskin Hicks", Some("R."), "Soskin Hicks R")
    );
    assert_eq!(
        Author::parse("Hincapié M S"),
        person("Hincapié", Some("M. S."), "Hincapié M S")
    );
    assert_eq!(
        Author::parse("Zhou H-Y"),
        person("Zhou", Some("H.-Y."), "Zhou H-Y")
    );
    assert_eq!(
        Author::parse("Smith, John"),
        person("Smith", Some("John"), "Smith John")
    );
    assert_eq!(
        Author::parse("Smith John"),
        person("Smith", Some("John"), "Smith John")
    );
    assert_eq!(Author::parse("OpenAI"), person("OpenAI", None, "OpenAI"));
    assert_eq!(Author::parse("et al."), Author::Others);
}

/// Whether `{` and `}` balance in `s`, never going below zero.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

#[test]
fn bibtex_escapes_latex_specials_and_keeps_braces_balanced() {
    assert_eq!(bib_escape("Q&A 50% $x #1 a_b"), r"Q\&A 50\% \$x \#1 a\_b");
    assert_eq!(
        bib_escape(r"{a}\b~^"),
        r"\textbraceleft{}a\textbraceright{}\textbackslash{}b\textasciitilde{}\textasciicircum{}"
    );
    assert_eq!(bib_escape("two\n lines"), "two lines");
    let r = Reference {
        authors: vec!["Evil }, {".into(), "Smith and Sons".into(), "et al.".into()],
        title: "}{ \\end{document} @misc{x,".into(),
        venue: Some("J. }}}".into()),
        year: Some(2024),
        doi: Some("10.1000/a}b c".into()),
        url: Some("https://example.org/{x}".into()),
    };
    let card = card_with(Some(r), "free text");
    let bib = Work::benchmark(&card).bibtex();
    assert!(balanced(&bib), "{bib}");
    // "and" inside a name is braced; braces in text are commands; `url`
    // and `doi` are percent-encoded; `et al.` is `others`, last.
    assert_eq!(
        bib,
        r"@article{hostile,
  author = {Evil \textbraceright{}, \textbraceleft{} and {Smith and}, Sons and others},
  title = {{\textbraceright{}\textbraceleft{} \textbackslash{}end\textbraceleft{}document\textbraceright{} @misc\textbraceleft{}x,}},
  journal = {J. \textbraceright{}\textbraceright{}\textbraceright{}},
  year = {2024},
  doi = {10.1000/a%7Db%20c},
  url = {https://example.org/%7Bx%7D},
}
"
    );
}

fn card_with(reference: Option<Reference>, citation: &str) -> crate::model::Card {
    crate::model::Card {
        slug: "hostile".into(),
        file: "cards/hostile.yaml".into(),
        benchmark_name: "Hostile {bench}".into(),
        title: "Hostile & <b>".into(),
        citation: citation.into(),
        reference,
        version: None,
        intended_use: None,
        summary: None,
        year: Some(2023),
        added: Some("2026-01-15".into()),
        domains: vec![],
        tags: vec![],
        links: Default::default(),
        maintainers: vec![],
        license: None,
        provenance: None,
        answers: Default::default(),
        measurements: vec![],
        notes: None,
        abbreviation: None,
        languages: vec![],
        data: None,
        metrics: vec![],
        review: Default::default(),
    }
}

#[test]
fn a_reference_gives_an_article_or_misc_with_csl_and_a_formatted_line() {
    let r = Reference {
        authors: vec!["Jin D".into(), "Weng W-H".into()],
        title: "What Disease Does This Patient Have?".into(),
        venue: Some("Applied Sciences".into()),
        year: Some(2021),
        doi: Some("10.3390/app11146421".into()),
        url: None,
    };
    let w = Work::benchmark(&card_with(Some(r.clone()), "x"));
    assert_eq!(
        w.bibtex(),
        "@article{hostile,\n  author = {Jin, D. and Weng, W.-H.},\n  title = {{What Disease Does This Patient Have?}},\n  journal = {Applied Sciences},\n  year = {2021},\n  doi = {10.3390/app11146421},\n}\n"
    );
    assert_eq!(
        w.formatted(),
        "Jin D, Weng W-H. What Disease Does This Patient Have? Applied Sciences, 2021. doi:10.3390/app11146421."
    );
    let csl: serde_json::Value = serde_json::from_str(&w.csl_json()).unwrap();
    assert_eq!(
        csl,
        serde_json::json!([{
            "id": "hostile", "type": "article-journal",
            "title": "What Disease Does This Patient Have?",
            "author": [{"family": "Jin", "given": "D."}, {"family": "Weng", "given": "W.-H."}],
            "issued": {"date-parts": [[2021]]},
            "container-title": "Applied Sciences",
            "DOI": "10.3390/app11146421"
        }])
    );
    let misc = Work::benchmark(&card_with(Some(Reference { venue: None, ..r }), "x"));
    assert!(misc.bibtex().starts_with("@misc{hostile,"));
    assert!(misc.csl_json().contains("\"type\": \"article\""));
}

#[test]
fn a_free_text_citation_falls_back_to_a_note() {
    let w = Work::benchmark(&card_with(None, "Doe J. A {braced} 100% title. 2020."));
    assert_eq!(w.kind, Kind::Note);
    assert_eq!(
        w.bibtex(),
        "@misc{hostile,\n  title = {{Hostile \\textbraceleft{}bench\\textbraceright{}}},\n  year = {2023},\n  note = {Doe J. A \\textbraceleft{}braced\\textbraceright{} 100\\% title. 2020.},\n}\n"
    );
    assert_eq!(w.formatted(), "Doe J. A {braced} 100% title. 2020.");
    let csl: serde_json::Value = serde_json::from_str(&w.csl_json()).unwrap();
    assert_eq!(csl[0]["type"], "document");
    assert_eq!(csl[0]["note"], "Doe J. A {braced} 100% title. 2020.");
}

#[test]
fn a_card_page_is_a_web_page_by_the_maintainers_dated_when_added() {
    let card = card_with(None, "x");
    let w = Work::card_page(
        &card,
        "https://example.org/benchmarks/hostile/".into(),
        "BenchmarkCards",
    );
    let bib = w.bibtex();
    assert!(bib.starts_with("@misc{benchmarkcard-hostile,\n"), "{bib}");
    assert!(
        bib.contains("author = {{cardsite catalogue maintainers}}"),
        "{bib}"
    );
    assert!(
        bib.contains("title = {{Hostile \\& <b> — BenchmarkCard}}"),
        "{bib}"
    );
    assert!(
        bib.contains("urldate = {2026-01-15}") && bib.contains("year = {2026}"),
        "{bib}"
    );
    let csl: serde_json::Value = serde_json::from_str(&w.csl_json()).unwrap();
    assert_eq!(csl[0]["type"], "webpage");
    assert_eq!(csl[0]["author"][0]["literal"], MAINTAINERS);
    assert_eq!(csl[0]["publisher"], MAINTAINERS);
    assert_eq!(
        csl[0]["accessed"]["date-parts"],
        serde_json::json!([[2026, 1, 15]])
    );
    assert_eq!(csl[0]["URL"], "https://example.org/benchmarks/hostile/");
    assert_eq!(
        w.formatted(),
        "cardsite catalogue maintainers. Hostile & <b> — BenchmarkCard. BenchmarkCards, 2026. https://example.org/benchmarks/hostile/. Accessed 2026-01-15."
    );
}
