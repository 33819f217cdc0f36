//! Fuzzy search across all sources: a vocabulary index from words to passages, per-word fuzzy
//! matching, alias expansion through the lexicon, filters and ranking.

pub mod cli;
