use super::{FAILED, OK};
use crate::report::{self, Format};
use crate::serve::{Events, ServeOptions, Snapshot};
use std::sync::Arc;

struct Printer;

impl Events for Printer {
    fn listening(&self, url: &str, loopback: bool) {
        if !loopback {
            report::status(
                "warning: serving on a non-loopback address: anyone who can reach this machine can read the preview",
            );
        }
        report::status(&format!("serving the site at {url} (Ctrl-C to stop)"));
    }
    fn rebuilt(&self, s: &Snapshot) {
        if s.ok {
            report::status(&format!(
                "rebuilt in {} ms: {} files, {} card pages rendered, {} reused",
                s.millis, s.files, s.rendered, s.reused
            ));
        } else {
            let mut d = crate::diagnostic::Diagnostics::default();
            for x in &s.diagnostics {
                d.push(x.clone());
            }
            report::print_diagnostics(&d, Format::Human);
            report::status(&format!(
                "build failed: {} error(s); still serving the last good version",
                d.error_count()
            ));
        }
    }
}

/// `cardsite serve`: runs until Ctrl-C.
pub fn serve(opts: ServeOptions) -> i32 {
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match crate::serve::run(opts, Arc::new(Printer), shutdown) {
        Ok(()) => {
            report::status("stopped");
            OK
        }
        Err(e) => {
            report::status(&format!("error: {e}"));
            FAILED
        }
    }
}
