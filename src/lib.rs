//! parallax: a terminal reader for many sources on one contested story.

pub mod assets;
pub mod corpus;
