//! Importing cards from other catalogues.

pub mod sokol;
mod yaml_out;
