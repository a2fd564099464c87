//! Authoring: starting a new card from the commented template, and importing
//! cards from other catalogues. Both write only cards `check` accepts.

pub mod import;
mod new_card;
pub mod template;

pub use new_card::{NewCardError, create};
