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
