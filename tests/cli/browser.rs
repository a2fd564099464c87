//! Real-browser tests: build the bundled catalogue, then run the node tests
//! in `tests/browser/` against it in headless Chromium. In CI (CI=true) a
//! missing browser or node module fails; elsewhere the test skips, saying why.

use crate::support::*;
use std::collections::BTreeMap;
use std::process::Command;

fn browser_ready() -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        return Err(format!("{chromium} not found (apt-get install chromium)"));
    }
    if !repo().join("node_modules/playwright-core").is_dir() {
        return Err("node_modules/playwright-core missing (npm ci)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node not found".into());
    }
    Ok(())
}

#[test]
fn browser_suite() {
    if let Err(why) = browser_ready() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser tests must run in CI: {why}");
        }
        eprintln!("skipping browser tests: {why}");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = build_site(&repo(), &site, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The ranking the browser must reproduce, from the library's rules.
    let cat = cardsite::site::check(&repo()).catalogue;
    let ctx = cat.context("patient-assistant").unwrap();
    let profile: BTreeMap<String, String> = ctx.profile.clone();
    let ranked = crate::matching::rank(&cat, &profile);
    let expected = serde_json::json!({
        "context": "patient-assistant",
        "order": ranked.iter().map(|r| r.slug.clone()).collect::<Vec<_>>(),
        "top_holds": ranked[0].holds,
    });

    let hostile = out.path().join("hostile");
    let o = cardsite(&[
        "build",
        "--root",
        fixture("hostile").to_str().unwrap(),
        "--output",
        hostile.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let shots = repo().join("target/screenshots");
    let o = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/browser/"])
        .current_dir(repo())
        .env("SITE_DIR", &site)
        .env("HOSTILE_DIR", &hostile)
        .env("SCREENSHOT_DIR", &shots)
        .env("EXPECTED_MATCH", expected.to_string())
        .output()
        .expect("run node");
    let report = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "browser tests failed:\n{report}");
    assert!(report.contains("pass"), "{report}");
    eprintln!("{report}");
}
