//! After the build: checks of the built site (`build --check-links`).

pub mod links;
