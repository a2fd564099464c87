//! The site's git history, read once per build with one `git log`: the
//! catalogue's version (the checkout's newest commit) and the commits that
//! touched each file. A site that is not a checkout, or a machine without
//! git, builds all the same, with a notice instead of a history.

use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One commit, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    pub hash: String,
    pub short: String,
    /// Committer date, `YYYY-MM-DD`.
    pub date: String,
    /// The commit message's first line.
    pub subject: String,
}

/// Everything the build knows from git.
#[derive(Debug, Clone, Default)]
pub struct History {
    commits: Vec<Commit>,
    /// Commits touching each file (a path relative to the site root, with
    /// `/`), as indices into `commits`, newest first.
    files: HashMap<String, Vec<usize>>,
    /// Why there is no history, when there is none.
    pub notice: Option<String>,
}

/// A card's history for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardHistory {
    /// The newest commit that changed the file.
    pub last: Commit,
    /// The newest commits that changed it (at most [`SHOWN`]).
    pub commits: Vec<Commit>,
    /// How many commits changed it in all.
    pub total: usize,
}

/// How many commits a card page lists.
pub const SHOWN: usize = 20;

const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

impl History {
    /// Reads the history of the checkout `root` is in (paths relative to
    /// `root`), or a notice saying why there is none.
    pub fn read(root: &Path) -> History {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "log",
                "--format=%x1e%H%x1f%h%x1f%cI%x1f%s",
                "--name-only",
                "--relative",
                "--no-renames",
            ])
            .env("GIT_TERMINAL_PROMPT", "0")
            .output();
        match out {
            Err(e) => History::without(format!(
                "no card history or catalogue version: git could not be run ({e})"
            )),
            Ok(o) if !o.status.success() => {
                let err = String::from_utf8_lossy(&o.stderr);
                let why = if err.contains("not a git repository") {
                    "the site is not a git checkout".to_string()
                } else if err.contains("does not have any commits") {
                    "the checkout has no commits yet".to_string()
                } else {
                    format!("git log failed: {}", err.trim())
                };
                History::without(format!("no card history or catalogue version: {why}"))
            }
            Ok(o) => History::parse(&String::from_utf8_lossy(&o.stdout)),
        }
    }

    /// A history with nothing in it, and the reason.
    pub fn without(notice: String) -> History {
        History {
            notice: Some(notice),
            ..History::default()
        }
    }

    /// Parses `git log` output in [`History::read`]'s format.
    pub fn parse(text: &str) -> History {
        let mut h = History::default();
        for record in text.split(RECORD).skip(1) {
            let mut lines = record.lines();
            let Some(head) = lines.next() else { continue };
            let mut f = head.splitn(4, FIELD);
            let (Some(hash), Some(short), Some(date), subject) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let i = h.commits.len();
            h.commits.push(Commit {
                hash: hash.to_string(),
                short: short.to_string(),
                date: date.chars().take(10).collect(),
                subject: subject.unwrap_or("").to_string(),
            });
            for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
                h.files.entry(file.to_string()).or_default().push(i);
            }
        }
        h
    }

    /// The catalogue's version: the newest commit of the checkout.
    pub fn head(&self) -> Option<&Commit> {
        self.commits.first()
    }

    /// The history of the file at `rel` (relative to the site root).
    pub fn of(&self, rel: &Path) -> Option<CardHistory> {
        let key = rel.to_string_lossy().replace('\\', "/");
        let idx = self.files.get(&key)?;
        let commits: Vec<Commit> = idx
            .iter()
            .take(SHOWN)
            .map(|&i| self.commits[i].clone())
            .collect();
        Some(CardHistory {
            last: commits.first()?.clone(),
            commits,
            total: idx.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> String {
        [
            "\u{1e}c3\u{1f}c3s\u{1f}2026-03-01T10:00:00+01:00\u{1f}Docs only\n",
            "\u{1e}c2\u{1f}c2s\u{1f}2026-02-01T10:00:00Z\u{1f}MedQA: fix answer\n\ncards/medqa.yaml\n",
            "\u{1e}c1\u{1f}c1s\u{1f}2026-01-01T10:00:00Z\u{1f}Add cards\n\ncards/medqa.yaml\ncards/b.yaml\n",
        ]
        .concat()
    }

    #[test]
    fn head_is_the_newest_commit_even_when_it_touches_no_card() {
        let h = History::parse(&log());
        let head = h.head().unwrap();
        assert_eq!(
            (head.short.as_str(), head.date.as_str()),
            ("c3s", "2026-03-01")
        );
        assert!(h.notice.is_none());
    }

    #[test]
    fn a_file_lists_its_commits_newest_first() {
        let h = History::parse(&log());
        let m = h.of(Path::new("cards/medqa.yaml")).unwrap();
        assert_eq!(m.last.subject, "MedQA: fix answer");
        assert_eq!(m.total, 2);
        assert_eq!(m.commits[1].hash, "c1");
        assert_eq!(h.of(Path::new("cards/b.yaml")).unwrap().total, 1);
        assert!(h.of(Path::new("cards/new.yaml")).is_none());
    }

    #[test]
    fn a_subject_may_hold_any_text() {
        let h = History::parse("\u{1e}a\u{1f}b\u{1f}2026-01-01T00:00:00Z\u{1f}x \u{1f} y: <z>\n");
        assert_eq!(h.head().unwrap().subject, "x \u{1f} y: <z>");
    }

    #[test]
    fn no_checkout_gives_a_notice_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::read(dir.path());
        assert!(h.head().is_none());
        let notice = h.notice.unwrap();
        assert!(
            notice.contains("not a git checkout") || notice.contains("git"),
            "{notice}"
        );
    }
}
