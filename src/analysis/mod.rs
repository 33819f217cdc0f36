//! Analysis of loaded articles: names, dates, numbers, quotes and lexicon terms as spans over the
//! text; across the corpus, the lexicon's use, aligned passages, claims, events and vocabulary.

pub mod align;
pub mod claims;
pub mod claims_cli;
pub mod compare_cli;
pub mod id_lists;
pub mod names;
pub mod quantities;
pub mod quotes;
pub mod spans;
pub mod stopwords;
pub mod terms;
pub mod words;
pub mod words_cli;
