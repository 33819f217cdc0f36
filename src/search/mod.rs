//! Fuzzy search across all sources: a vocabulary index from words to passages, per-word fuzzy
//! matching, alias expansion through the lexicon, filters and ranking.
//!
//! Matching a whole query against whole paragraphs is slow and noisy (a long paragraph holds
//! most short queries as a subsequence), so the unit is the word: the corpus vocabulary
//! (folded with `crate::lexicon::fold`) maps each word to the passages and positions it occurs
//! at (`index`); each query word is matched against the vocabulary (`fuzzy`: exact, prefix,
//! typo-tolerant, skim subsequence) and stands for its best few dozen words and, through the
//! lexicon, for the other spellings of the name it spells (`alias`); a passage matches when it
//! holds every query word, and ranks by match quality and proximity (`rank`).
//!
//! ```
//! use parallax::search::{Query, SearchIndex};
//! use std::sync::Arc;
//! let inputs = parallax::assets::embedded_corpus();
//! let (articles, _) = parallax::corpus::load(&inputs, &Default::default());
//! let articles: Vec<Arc<_>> = articles.into_iter().map(Arc::new).collect();
//! let index = SearchIndex::build(&articles, parallax::lexicon::Matcher::builtin().ok());
//! let hits = index.search(&Query::parse("Stepankert"), 10);
//! let text = articles[hits[0].article].passage_text(hits[0].passage);
//! assert!(text.is_some_and(|t| t.contains("Stepanakert")));
//! ```

mod alias;
pub mod cli;
mod fuzzy;
mod highlight;
mod index;
mod persist;
mod postings;
mod query;
mod rank;
pub(crate) mod tokens;

pub use highlight::{match_positions, snippet};
pub use index::SearchIndex;
pub use query::Query;

/// One matching passage.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Position of the article in the slice the index was built from.
    pub article: usize,
    /// Index in the article's `passages`.
    pub passage: usize,
    /// Higher is better; about 1 per query word matched exactly, plus proximity bonuses.
    pub score: f64,
    /// Found only through a lexicon alias of a query word.
    pub via_alias: bool,
}

/// Articles loaded from texts, as the loader would read files of those names.
#[cfg(test)]
pub(crate) fn test_articles(texts: &[&str]) -> Vec<std::sync::Arc<crate::corpus::Article>> {
    let inputs: Vec<crate::corpus::Input> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| crate::corpus::Input::Embedded {
            name: Box::leak(format!("a{i}.txt").into_boxed_str()),
            bytes: Box::leak(t.as_bytes().to_vec().into_boxed_slice()),
        })
        .collect();
    let (articles, _) = crate::corpus::load(&inputs, &crate::corpus::LoadOptions::default());
    articles.into_iter().map(std::sync::Arc::new).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sample() -> (Vec<Arc<crate::corpus::Article>>, SearchIndex) {
        let (articles, _) = crate::corpus::load(
            &crate::assets::embedded_corpus(),
            &crate::corpus::LoadOptions::default(),
        );
        let articles: Vec<_> = articles.into_iter().map(Arc::new).collect();
        let index = SearchIndex::build(&articles, crate::lexicon::Matcher::builtin().ok());
        (articles, index)
    }

    #[test]
    fn boilerplate_is_never_indexed() {
        let (articles, index) = sample();
        let hits = index.search(&Query::parse("Menendez"), 10);
        assert!(hits.is_empty(), "{hits:?}");
        for hit in index.search(&Query::parse("Karabakh"), 500) {
            let role = articles[hit.article].passages[hit.passage].role;
            assert!(!role.is_boilerplate(), "{hit:?}");
        }
    }

    #[test]
    fn filters_alone_list_passages_in_corpus_order() {
        let (_, index) = sample();
        let hits = index.search(&Query::parse("@france24"), 1000);
        assert!(hits.len() > 5);
        assert!(hits.iter().all(|h| h.article == 4 && h.score == 0.0));
        assert!(hits.windows(2).all(|w| w[0].passage < w[1].passage));
    }

    #[test]
    fn tags_come_from_the_predicate() {
        let (_, index) = sample();
        let q = Query::parse("Kalbajar #todo");
        assert!(index.search(&q, 10).is_empty());
        let tagged = |a: usize, p: usize, tag: &str| a == 4 && p.is_multiple_of(2) && tag == "todo";
        let hits = index.search_with(&q, 50, &tagged);
        assert!(!hits.is_empty());
        assert!(
            hits.iter()
                .all(|h| h.article == 4 && h.passage.is_multiple_of(2))
        );
    }

    #[test]
    fn limits_and_out_of_range_articles_give_nothing() {
        let (_, index) = sample();
        assert!(index.search(&Query::parse("Karabakh"), 0).is_empty());
        assert!(
            index
                .search(&Query::parse("Karabakh").in_article(99), 10)
                .is_empty()
        );
        assert_eq!(index.search(&Query::parse("Karabakh"), 3).len(), 3);
    }
}
