//! Analysis of loaded articles: names, dates, numbers, quotes and lexicon terms, as spans over
//! the text, and how the lexicon is used across the corpus.

pub mod align;
pub mod compare_cli;
pub mod names;
pub mod quantities;
pub mod quotes;
pub mod spans;
pub mod terms;
