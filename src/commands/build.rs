use super::{FAILED, OK};
use crate::build::{BuildError, BuildOptions, build as run_build, display_path};
use crate::report::{self, Format};

/// `cardsite build`: exit 1 (previous output untouched) on any error.
pub fn build(opts: &BuildOptions, quiet: bool) -> i32 {
    match run_build(opts) {
        Ok(r) => {
            if !quiet {
                report::print_diagnostics(&r.diagnostics, Format::Human);
                report::status(&format!(
                    "built {} cards into {} ({} pages, {} files) in {} ms",
                    r.cards,
                    display_path(&opts.root, &r.output),
                    r.pages,
                    r.files,
                    r.elapsed.as_millis()
                ));
            }
            OK
        }
        Err(BuildError::Invalid(d)) => {
            report::print_diagnostics(&d, Format::Human);
            report::status(&format!(
                "build failed: {} error{}; the previous output was left untouched",
                d.error_count(),
                if d.error_count() == 1 { "" } else { "s" }
            ));
            FAILED
        }
        Err(BuildError::Write(e)) => {
            report::status(&format!("error: {e}\nbuild failed; the previous output was left untouched"));
            FAILED
        }
    }
}
