//! Versions and releases from git: a fixture site made into a repository in
//! a temporary directory, with commits and `v*` tags; and a site that is not
//! a checkout, which builds with a notice.

use crate::support::*;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test Maintainer",
            "-c",
            "user.email=t@example.org",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o).trim().to_string()
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    let o = build_site(root, out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    o
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// v1.0 (good cards), v1.1 (a broken card), then HEAD (fixed, one card changed).
pub(crate) fn repository() -> (tempfile::TempDir, [String; 3]) {
    let site = temp_site("search");
    let root = site.path();
    std::fs::write(
        root.join("cardsite.toml"),
        "repository = \"https://github.com/example/catalogue\"\n",
    )
    .unwrap();
    std::fs::write(root.join(".gitignore"), "public/\n.cardsite/\n").unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "Add the first three cards"]);
    let c1 = git(root, &["rev-parse", "HEAD"]);
    git(root, &["tag", "-a", "v1.0", "-m", "First release"]);
    let card = root.join("cards/heartbench.yaml");
    let good = read(&card);
    std::fs::write(&card, format!("{good}\ntask: [unclosed\n")).unwrap();
    git(root, &["commit", "-q", "-am", "HeartBench: a broken edit"]);
    let c2 = git(root, &["rev-parse", "HEAD"]);
    git(root, &["tag", "v1.1"]);
    std::fs::write(
        &card,
        good.replace(
            "Written by board-certified cardiologists.",
            "Written by two cardiologists.",
        ),
    )
    .unwrap();
    git(
        root,
        &["commit", "-q", "-am", "HeartBench: who wrote the questions"],
    );
    let c3 = git(root, &["rev-parse", "HEAD"]);
    (site, [c1, c2, c3])
}

#[test]
fn pages_show_the_version_and_each_card_its_history() {
    let (site, [c1, c2, c3]) = repository();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(
        !stderr(&o).contains("note: no card history"),
        "{}",
        stderr(&o)
    );
    let home = read(&out.join("index.html"));
    assert!(
        home.contains(&format!(
            "Catalogue version <a href=\"https://github.com/example/catalogue/commit/{c3}\"><code>{}</code></a>",
            &c3[..7]
        )),
        "every page shows the version: {home}"
    );
    let page = read(&out.join("benchmarks/heartbench/index.html"));
    let history = &page[page.find("id=\"history-h\"").expect("history section")..];
    let history = &history[..history.find("</section>").unwrap()];
    assert!(history.contains("3 changes in all"), "{history}");
    let subjects: Vec<usize> = [
        "HeartBench: who wrote the questions",
        "HeartBench: a broken edit",
        "Add the first three cards",
    ]
    .iter()
    .map(|s| {
        history
            .find(s)
            .unwrap_or_else(|| panic!("{s} in {history}"))
    })
    .collect();
    assert!(subjects.is_sorted(), "newest first: {history}");
    for c in [&c1, &c2, &c3] {
        assert!(
            history.contains(&format!("https://github.com/example/catalogue/commit/{c}")),
            "{history}"
        );
    }
    let other = read(&out.join("benchmarks/notesqa/index.html"));
    assert!(other.contains("Last changed on") && !other.contains("changes in all"));
    assert!(
        !other.contains("HeartBench: who wrote"),
        "only the card's own commits"
    );
}

#[test]
fn tagged_releases_freeze_the_tag_s_cards_and_a_broken_tag_is_unavailable() {
    let (site, [c1, ..]) = repository();
    let root = site.path();
    let out = root.join("public");
    build(root, &out);
    let list = read(&out.join("releases/index.html"));
    let v10 = &list[list.find("id=\"v1.0\"").expect("v1.0 listed")..];
    assert!(v10.contains("releases/v1.0/catalogue.json"), "{list}");
    let v11 = &list[list.find("id=\"v1.1\"").expect("v1.1 listed")..];
    let v11 = &v11[..v11.find("</tr>").unwrap()];
    assert!(
        v11.contains("Unavailable")
            && v11.contains("fail `cardsite check`")
            && v11.contains("heartbench.yaml"),
        "{v11}"
    );
    assert!(!out.join("releases/v1.1").exists());
    let page = read(&out.join("releases/v1.0/index.html"));
    assert!(
        page.contains("{benchmarkcards-v1-0,"),
        "a BibTeX key: {page}"
    );
    assert!(page.contains(&c1[..7]), "cite-as names the commit: {page}");

    // The release's exports equal what the tag's own cards export.
    let tag_site = tempfile::tempdir().unwrap();
    let tar = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", "v1.0", "cards"])
        .output()
        .unwrap();
    let mut child = Command::new("tar")
        .args(["-x", "-C", tag_site.path().to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&tar.stdout).unwrap();
    assert!(child.wait().unwrap().success());
    let tag_out = tag_site.path().join("public");
    build(tag_site.path(), &tag_out);
    for f in [
        "catalogue.json",
        "catalogue.csv",
        "verdicts.csv",
        "assumptions.csv",
    ] {
        assert_eq!(
            read(&out.join("releases/v1.0").join(f)),
            read(&tag_out.join(f)),
            "{f} of v1.0"
        );
    }
    let live = read(&out.join("catalogue.json"));
    let frozen = read(&out.join("releases/v1.0/catalogue.json"));
    assert!(
        live.contains("Written by two cardiologists.") && !frozen.contains("two cardiologists")
    );
    assert!(frozen.contains("Written by board-certified cardiologists."));

    // The second build reads each tag from the cache and writes the same files.
    let cached = std::fs::read_dir(root.join(".cardsite/releases"))
        .unwrap()
        .count();
    assert_eq!(cached, 2, "one cache entry per tag");
    let again = root.join("again");
    build(root, &again);
    assert_eq!(read(&again.join("releases/v1.0/catalogue.json")), frozen);
}

#[test]
fn a_site_that_is_not_a_checkout_builds_with_a_notice() {
    let site = temp_site("search");
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    let err = stderr(&o);
    assert!(
        err.contains("note: no card history or catalogue version: the site is not a git checkout"),
        "{err}"
    );
    let home = read(&out.join("index.html"));
    assert!(home.contains("Catalogue version unknown"), "{home}");
    let page = read(&out.join("benchmarks/heartbench/index.html"));
    assert!(page.contains("No history: no card history"), "{page}");
    let releases = read(&out.join("releases/index.html"));
    assert!(releases.contains("has no git history"), "{releases}");
}
