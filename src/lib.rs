//! parallax: a terminal reader for many sources on one contested story.
//!
//! Data flows one way: files → `corpus` (decode, clean, segment, metadata, debris) →
//! `analysis` (names) → `app` (state, `update`) → `ui` (`render`). `tui` runs the loop and
//! the worker threads; `cli` is the command line. `corpus` and `analysis` know nothing of the
//! terminal; `ui` never touches the filesystem; only `app::App::update` changes state.

pub mod analysis;
pub mod app;
pub mod assets;
pub mod atomic;
pub mod civil;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod dirs;
pub mod indexer;
pub mod lexicon;
pub mod logging;
pub mod memory;
pub mod notes;
pub mod search;
pub mod session;
pub mod tui;
pub mod ui;
pub mod varint;
pub mod wrap;
