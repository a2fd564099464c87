//! `cardsite serve` against a real server on an ephemeral port.

use crate::support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A plain HTTP/1.1 GET: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

struct Server {
    child: Child,
    addr: String,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(root: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardsite"))
            .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("server did not start");
            };
            if let Some(i) = line.find("http://") {
                let addr = line[i + 7..].split('/').next().unwrap().to_string();
                return Server {
                    child,
                    addr,
                    log: rx,
                };
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.addr, path)
    }

    /// Lines of the server-sent event stream, read on a thread.
    fn events(&self) -> mpsc::Receiver<String> {
        self.events_for("")
    }

    /// [`Server::events`] for a browser showing `page` (as live.js says).
    fn events_for(&self, page: &str) -> mpsc::Receiver<String> {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET /__cardsite/events?path={page} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait until the stream is open (headers received).
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(l) = rx.recv_timeout(Duration::from_millis(200))
                && l.is_empty()
            {
                break;
            }
        }
        rx
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__cardsite/status").1).unwrap()
    }

    fn stop(mut self) -> (bool, Vec<String>) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        let ok = loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                break s.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                break false;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        (ok, self.log.try_iter().collect())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_event(rx: &mpsc::Receiver<String>, kind: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(100))
            && l == format!("event: {kind}")
        {
            return;
        }
    }
    panic!("no `{kind}` event");
}

#[test]
fn edit_break_fix_delete_with_live_reload() {
    let site = temp_site("search");
    let server = Server::start(site.path());
    let (code, home) = server.get("/");
    assert_eq!(code, 200);
    assert!(home.contains("HeartBench") && home.contains("/__cardsite/live.js"));
    assert_eq!(server.get("/benchmarks/heartbench/").0, 200);
    assert_eq!(server.get("/benchmarks/heartbench").0, 308);
    let events = server.events();

    // Edit one card: a reload event, the new text, and only that card re-rendered.
    let card = site.path().join("cards/heartbench.yaml");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(
        &card,
        text.replace("written by cardiologists", "written by an edited panel"),
    )
    .unwrap();
    wait_event(&events, "reload");
    assert!(
        server
            .get("/benchmarks/heartbench/")
            .1
            .contains("written by an edited panel")
    );
    let status = server.status();
    assert_eq!(
        (status["rendered"].as_u64(), status["reused"].as_u64()),
        (Some(1), Some(2)),
        "{status}"
    );

    // Break it: the last good page stays up, the status carries the location.
    std::fs::write(&card, "benchmark_name: [broken\n").unwrap();
    wait_event(&events, "failed");
    let status = server.status();
    assert_eq!(status["ok"], false);
    let d = &status["diagnostics"][0];
    assert_eq!(d["file"], "cards/heartbench.yaml");
    assert!(
        d["line"].as_u64().unwrap() >= 1 && !d["message"].as_str().unwrap().is_empty(),
        "{d}"
    );
    let (code, page) = server.get("/benchmarks/heartbench/");
    assert_eq!(code, 200);
    assert!(page.contains("written by an edited panel") && page.contains("/__cardsite/live.js"));

    // Fix it.
    std::fs::write(&card, &text).unwrap();
    wait_event(&events, "reload");
    assert_eq!(server.status()["ok"], true);

    // Delete a card: its page 404s and the home page drops it.
    std::fs::remove_file(site.path().join("cards/notesqa.yaml")).unwrap();
    wait_event(&events, "reload");
    assert_eq!(server.get("/benchmarks/notesqa/").0, 404);
    assert!(!server.get("/").1.contains("NotesQA"));

    // The same tantivy index answers /api/search.
    let (code, body) = server.get("/api/search?q=heartbench");
    assert_eq!(code, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"][0]["url"], "benchmarks/heartbench/");
    assert_eq!(server.get("/api/search?q=title:(").0, 400);

    // Nothing outside the site is served.
    for p in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2Fcards/heartbench.yaml",
        "/cards/heartbench.yaml",
    ] {
        assert_eq!(server.get(p).0, 404, "{p}");
    }
    let (clean, log) = server.stop();
    assert!(clean, "Ctrl-C should stop cleanly: {log:?}");
    assert!(
        !site.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn a_failing_first_build_still_serves_and_recovers() {
    let site = temp_site("search");
    let card = site.path().join("cards/heartbench.yaml");
    let good = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, "benchmark_name: \"x\"\ncitation: [\n").unwrap();
    let server = Server::start(site.path());
    let (code, body) = server.get("/");
    assert_eq!(code, 503);
    assert!(body.contains("/__cardsite/live.js"));
    assert_eq!(server.status()["ok"], false);
    let events = server.events();
    std::fs::write(&card, good).unwrap();
    wait_event(&events, "reload");
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = cardsite(&[
        "serve",
        "--port",
        &port,
        "--root",
        fixture("search").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("port {port} is already in use")) && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn a_thousand_rapid_saves_never_break_a_request() {
    let site = temp_site("search");
    let server = Server::start(site.path());
    let card = site.path().join("cards/triagetalk.yaml");
    let text = std::fs::read_to_string(&card).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let addr = server.addr.clone();
    let reader = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut seen = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (code, body) = http_get(&addr, "/benchmarks/triagetalk/");
                assert_eq!(code, 200, "{body}");
                assert!(body.trim_end().ends_with("</html>"), "half-written page");
                seen += 1;
            }
            seen
        })
    };
    for i in 0..1000 {
        let new = text.replace(
            "the model must triage",
            &format!("the model must triage (save {i})"),
        );
        if i % 3 == 0 {
            // Atomic save through a temporary file, as many editors do.
            let tmp = site.path().join("cards/.triagetalk.yaml.tmp");
            std::fs::write(&tmp, &new).unwrap();
            std::fs::rename(&tmp, &card).unwrap();
        } else {
            std::fs::write(&card, &new).unwrap();
        }
        if i % 50 == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server
        .get("/benchmarks/triagetalk/")
        .1
        .contains("(save 999)")
    {
        assert!(Instant::now() < deadline, "final state never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let requests = reader.join().expect("reader saw an error");
    assert!(requests > 0);
    assert_eq!(server.status()["ok"], true);
}

/// Waits until the server reports the whole site (aggregate pages and search
/// index too) rendered for the newest build.
fn wait_complete(server: &Server) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = server.status();
        if !status["complete_millis"].is_null() || status["ok"] == false {
            return status;
        }
        assert!(Instant::now() < deadline, "never complete: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn pages_rendered_after_the_reload_event_are_never_stale_and_their_errors_show() {
    let site = temp_site("search");
    std::fs::create_dir_all(site.path().join("themes/default/templates")).unwrap();
    let server = Server::start(site.path());
    let status = wait_complete(&server);
    assert_eq!(status["ok"], true, "{status}");
    // A browser on a card page: that page is rebuilt before the reload
    // event; the home page and the index right after, and a request for
    // them waits for that rather than getting the old version.
    let events = server.events_for("/benchmarks/heartbench/");
    let card = site.path().join("cards/heartbench.yaml");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, text.replace("HeartBench", "HeartBench Renamed")).unwrap();
    wait_event(&events, "reload");
    let (code, home) = server.get("/");
    assert_eq!(code, 200);
    assert!(home.contains("HeartBench Renamed"), "home page is stale");
    let (code, body) = server.get("/api/search?q=renamed");
    assert_eq!(code, 200);
    assert!(body.contains("heartbench"), "{body}");
    let status = wait_complete(&server);
    assert_eq!(status["ok"], true, "{status}");
    let (millis, complete) = (
        status["millis"].as_u64().unwrap(),
        status["complete_millis"].as_u64().unwrap(),
    );
    assert!(millis <= complete, "{status}");

    // A template that fails only in a page rendered after the reload event:
    // the error is reported, and the last complete site stays up.
    let (_, gaps_before) = server.get("/gaps/");
    let broken = site.path().join("themes/default/templates/gaps.html");
    std::fs::write(&broken, "{{ no_such_value.x }}").unwrap();
    wait_event(&events, "failed");
    let status = server.status();
    assert_eq!(status["ok"], false, "{status}");
    assert!(
        status["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"].as_str().unwrap_or("").ends_with("gaps.html")),
        "{status}"
    );
    let (code, gaps) = server.get("/gaps/");
    assert_eq!(code, 200);
    assert_eq!(
        gaps.replace("\r\n", "\n"),
        gaps_before.replace("\r\n", "\n")
    );
    assert!(server.get("/").1.contains("HeartBench Renamed"));

    std::fs::remove_file(&broken).unwrap();
    wait_event(&events, "reload");
    let status = wait_complete(&server);
    assert_eq!(status["ok"], true, "{status}");
    assert_eq!(server.get("/gaps/").0, 200);
    // A page path that leaves the site is ignored, not an error.
    let _ = server.events_for("/%2e%2e/Cargo.toml");
    assert_eq!(server.get("/").0, 200);
    let (ok, _) = server.stop();
    assert!(ok);
}
