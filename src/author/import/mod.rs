//! Importing cards from other catalogues.

pub mod plan;
pub mod sokol;
mod yaml_out;
