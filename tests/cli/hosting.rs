//! netlify.toml: the build commands and headers the hosted site relies on.

use crate::support::*;

#[test]
fn netlify_config_builds_with_base_urls_and_a_strict_csp() {
    let text = std::fs::read_to_string(repo().join("netlify.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(v["build"]["publish"].as_str(), Some("public"));
    assert!(
        v["build"]["command"]
            .as_str()
            .unwrap()
            .contains("build --base-url \"$URL\"")
    );
    assert!(
        v["context"]["deploy-preview"]["command"]
            .as_str()
            .unwrap()
            .contains("$DEPLOY_PRIME_URL")
    );
    let headers = v["headers"].as_array().unwrap();
    let all = headers
        .iter()
        .find(|h| h["for"].as_str() == Some("/*"))
        .unwrap();
    let csp = all["values"]["Content-Security-Policy"].as_str().unwrap();
    assert!(csp.starts_with("default-src 'self'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(
        all["values"]["X-Content-Type-Options"].as_str(),
        Some("nosniff")
    );
    assert!(headers.iter().any(|h| {
        h["for"].as_str() == Some("/*.css")
            && h["values"]["Cache-Control"]
                .as_str()
                .unwrap()
                .contains("immutable")
    }));
}

#[test]
fn a_bad_base_url_is_a_located_error_from_the_file_or_the_flag() {
    let site = temp_site("partial");
    std::fs::write(
        site.path().join("cardsite.toml"),
        "title = \"T\"\nbase_url = \"ftp://example.org/cards/\"\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build_site(site.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("error[bad-config]")
            && err.contains("cardsite.toml:2:")
            && err.contains("only http and https"),
        "{err}"
    );
    std::fs::remove_file(site.path().join("cardsite.toml")).unwrap();
    let o = build_site(
        site.path(),
        &out,
        &["--base-url", "https://example.org/a b/"],
    );
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[bad-base-url]"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
    // A good one: every link under the sub-path.
    let o = build_site(
        site.path(),
        &out,
        &["--base-url", "https://example.org/sub", "--check-links"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"/sub/heatmaps/\""));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/sub/sitemap.xml"));
}
