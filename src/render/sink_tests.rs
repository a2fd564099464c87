//! A failed write is reported as a write error naming the file.
use crate::config::Config;
use crate::model::{Catalogue, Registry};
use crate::render::Renderer;
use crate::theme;
use std::io::Write;
use std::path::Path;

/// A disk that is full: the page streaming into it fails as a write.
struct Full;
impl Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_write_is_a_write_error_not_a_template_error() {
    let cat = Catalogue {
        registry: Registry::builtin(),
        cards: Vec::new(),
        contexts: Vec::new(),
    };
    let config = Config::default();
    let theme = theme::load(Path::new("/nonexistent"), &config.theme).unwrap();
    let history = Default::default();
    let r = Renderer::new(&cat, &config, &theme, &[], &history);
    let e = r
        .render("404.html", "404.html", &mut Full, |_| {})
        .unwrap_err();
    assert_eq!(e.code, "write", "{e:?}");
    assert!(e.message.contains("404.html"), "{}", e.message);
    let mut ok = Vec::new();
    r.render("404.html", "404.html", &mut ok, |_| {}).unwrap();
    assert!(String::from_utf8(ok).unwrap().contains("<html"));
}
