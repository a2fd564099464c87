use super::{FAILED, OK};
use crate::report::{self, Format};
use crate::site::{BuildError, BuildOptions, Progress, build_with_progress, display_path};

/// `cardsite build`: exit 1 (previous output untouched) on any error.
pub fn build(opts: &BuildOptions, quiet: bool, check_links: bool) -> i32 {
    // Progress lines for long builds (a thousand cards or more).
    let long = std::cell::Cell::new(false);
    let progress = |p: Progress| {
        if quiet {
            return;
        }
        match p {
            Progress::Rendering { cards, pages } if cards >= 1000 => {
                long.set(true);
                report::status(&format!(
                    "loaded {cards} cards; rendering about {pages} pages and the search index…"
                ))
            }
            Progress::Swapping if long.get() => {
                report::status("writing done; replacing the previous output…")
            }
            _ => {}
        }
    };
    match build_with_progress(opts, &progress) {
        Ok(r) if check_links => {
            if !quiet {
                report::print_diagnostics(&r.diagnostics, Format::Human);
            }
            let links = crate::verify::links::check_site(&r.output, &r.base);
            for (page, link) in &links.broken {
                report::status(&format!(
                    "error[broken-link]: {} links to `{link}`, which does not exist",
                    page.display()
                ));
            }
            for (page, link) in &links.outside_base {
                report::status(&format!(
                    "error[outside-base]: {} links to `{link}`, outside the base path {}",
                    page.display(),
                    r.base.path()
                ));
            }
            if !quiet {
                for e in &links.external {
                    report::status(&format!("external (not fetched): {e}"));
                }
            }
            report::status(&format!(
                "checked {} internal links on {} pages: {} broken, {} outside the base; {} external links listed",
                links.internal,
                links.pages,
                links.broken.len(),
                links.outside_base.len(),
                links.external.len()
            ));
            if links.broken.is_empty() && links.outside_base.is_empty() {
                OK
            } else {
                FAILED
            }
        }
        Ok(r) => {
            if !quiet {
                report::print_diagnostics(&r.diagnostics, Format::Human);
                for n in &r.notices {
                    report::status(&format!("note: {n}"));
                }
                report::status(&format!(
                    "built {} cards into {} ({} pages, {} files) in {} ms",
                    r.cards,
                    display_path(&opts.root, &r.output),
                    r.pages,
                    r.files,
                    r.elapsed.as_millis()
                ));
                let stages: Vec<String> = r
                    .stages
                    .iter()
                    .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
                    .collect();
                report::status(&format!("  stages: {}", stages.join(", ")));
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
            report::status(&format!(
                "error: {e}\nbuild failed; the previous output was left untouched"
            ));
            FAILED
        }
    }
}
