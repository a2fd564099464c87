//! `/releases/`: the tagged releases, each with a page and its frozen
//! exports (made by `site::releases`).

use super::super::{Job, JobFn, Renderer, cite};
use crate::model::release::Release;
use crate::output::write_bytes;
use crate::routes::Route;
use serde::Serialize;

/// A release as its pages show it.
#[derive(Serialize)]
struct ReleaseView<'a> {
    #[serde(flatten)]
    release: &'a Release,
    file_names: Vec<&'a str>,
}

fn view(r: &Release) -> ReleaseView<'_> {
    ReleaseView {
        release: r,
        file_names: r.files.iter().map(|(n, _)| n.as_str()).collect(),
    }
}

/// The releases page, and each available release's page and files.
pub(super) fn release_jobs<'r>(r: &'r Renderer<'r>, jobs: &mut Vec<Job<'r>>) {
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    push(
        Route::Releases.file(),
        Box::new(move |w| {
            let views: Vec<ReleaseView> = r.releases.iter().map(view).collect();
            r.render("releases.html", "releases/index.html", w, |c| {
                c.insert("releases", &views);
            })
        }),
    );
    for release in r.releases.iter().filter(|x| x.unavailable.is_none()) {
        let path = Route::Release(&release.tag).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let url = r.config.base().url_absolute(Route::Release(&release.tag));
                let citation = cite::Work::release(
                    &r.site.title,
                    &release.tag,
                    &release.date,
                    &release.short,
                    url,
                )
                .citation();
                r.render("release.html", &path, w, |c| {
                    c.insert("release", &view(release));
                    c.insert("cite", &citation);
                })
            }),
        );
        for (name, bytes) in &release.files {
            let path = Route::ReleaseFile(&release.tag, name).file();
            push(
                path.clone(),
                Box::new(move |w| write_bytes(w, &path, bytes)),
            );
        }
    }
}
