//! Analysis of loaded articles: what they name (and, later, how sources compare).

pub mod names;
