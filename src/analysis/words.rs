//! Distinctive vocabulary: which words and lexicon concepts each group of articles (an outlet, a
//! manifest label, a lexicon side) uses more than the rest of the corpus, scored by the log-odds
//! ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").
//!
//! For group `i` against the rest `j`, with counts `y_w^i`, `y_w^j`, totals `n_i`, `n_j`, and the
//! prior `α_w = α0 · y_w / n` (the word's share of the whole corpus, `y_w = y_w^i + y_w^j`):
//!
//! ```text
//! δ_w = ln((y_w^i + α_w) / (n_i + α0 − y_w^i − α_w)) − ln((y_w^j + α_w) / (n_j + α0 − y_w^j − α_w))
//! σ²_w ≈ 1 / (y_w^i + α_w) + 1 / (y_w^j + α_w)
//! z_w = δ_w / σ_w
//! ```
//!
//! `α0` is [`ALPHA0`] (1000 pseudo-counts), or the vocabulary's total `n` when that is smaller, so
//! the prior never outweighs the data (the concept vocabulary of a small corpus holds only dozens
//! of occurrences). Surface words and concepts are two separate vocabularies, each with its own
//! `n` and prior; their scores are merged into one list per group.

use crate::corpus::Article;
use crate::lexicon::fold::fold_text;
use crate::lexicon::{Matcher, Target, sides};
use crate::search::tokens::{for_each_token, push_token_text};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Largest total prior size, in pseudo-counts.
pub const ALPHA0: f64 = 1000.0;

/// How articles are grouped before each group is set against the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// By outlet ([`Article::outlet`]).
    Source,
    /// By the manifest's `label`; articles without one are left out.
    Label,
    /// By the lexicon side whose variants the article uses most; articles with no lexicon
    /// variant, or a tie between sides, are left out.
    Side,
}

/// One distinctive word (or concept) of a group.
#[derive(Debug, Clone, Serialize)]
pub struct WordScore {
    /// The folded word, or the concept's label.
    pub word: String,
    /// `δ / σ`.
    pub z: f64,
    /// The log-odds ratio `δ` (natural logarithm).
    pub delta: f64,
    /// Uses in the group.
    pub count: usize,
    /// Whether `word` is a lexicon concept rather than a surface word.
    pub concept: bool,
}

/// A group's most distinctive words.
#[derive(Debug, Clone, Serialize)]
pub struct GroupWords {
    pub group: String,
    /// Articles in the group.
    pub articles: usize,
    /// The top words by `z`, descending; only `z > 0`.
    pub words: Vec<WordScore>,
}

/// Counts of one article: surface words and concept indices.
#[derive(Default)]
struct Counts {
    words: HashMap<String, usize>,
    concepts: HashMap<usize, usize>,
}

fn keep_word(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(char::is_alphabetic)
        && !super::stopwords::is_stop_word(word)
}

/// The article's body words and concept uses; also its variants' sides, for [`Grouping::Side`].
fn count_article(article: &Article, matcher: &Matcher) -> (Counts, HashMap<String, usize>) {
    let mut counts = Counts::default();
    let mut side_uses: HashMap<String, usize> = HashMap::new();
    let article_text = article.text();
    for (_, passage) in article.body_passages() {
        let text = passage.text(&article_text);
        let folded = fold_text(text);
        for_each_token(&folded, |range| {
            let mut word = String::new();
            push_token_text(&mut word, &folded[range]);
            if keep_word(&word) {
                *counts.words.entry(word).or_default() += 1;
            }
        });
        for m in matcher.find(text) {
            if let Target::Variant { concept, variant } = m.target {
                *counts.concepts.entry(concept).or_default() += 1;
                let used_by = matcher
                    .lexicon
                    .concepts
                    .get(concept)
                    .and_then(|c| c.variants.get(variant))
                    .map(|v| v.used_by.as_str())
                    .unwrap_or("");
                for side in sides(used_by) {
                    *side_uses.entry(side.to_string()).or_default() += 1;
                }
            }
        }
    }
    (counts, side_uses)
}

/// The side used most, unless none is used or two tie for most.
fn main_side(side_uses: &HashMap<String, usize>) -> Option<String> {
    let best = side_uses.values().copied().max().filter(|&n| n > 0)?;
    let mut top = side_uses.iter().filter(|(_, n)| **n == best);
    let (side, _) = top.next()?;
    top.next().is_none().then(|| side.clone())
}

/// Monroe et al.'s `(δ, z)` for one word. `None` when a log-odds term is undefined.
pub fn log_odds_z(
    yi: f64,
    ni: f64,
    yj: f64,
    nj: f64,
    alpha: f64,
    alpha0: f64,
) -> Option<(f64, f64)> {
    let (ai, aj) = (yi + alpha, yj + alpha);
    let (bi, bj) = (ni + alpha0 - yi - alpha, nj + alpha0 - yj - alpha);
    if ai <= 0.0 || aj <= 0.0 || bi <= 0.0 || bj <= 0.0 {
        return None;
    }
    let delta = (ai / bi).ln() - (aj / bj).ln();
    let sigma = (1.0 / ai + 1.0 / aj).sqrt();
    let z = delta / sigma;
    (delta.is_finite() && z.is_finite()).then_some((delta, z))
}

/// Scores every key of one vocabulary for group `group` against the sum of the others.
fn score<K: Eq + std::hash::Hash + Clone>(
    group: &HashMap<K, usize>,
    total: &HashMap<K, usize>,
) -> Vec<(K, f64, f64, usize)> {
    let n: usize = total.values().sum();
    let ni: usize = group.values().sum();
    if n == 0 || ni == 0 || ni == n {
        return Vec::new();
    }
    let nj = n - ni;
    let alpha0 = ALPHA0.min(n as f64);
    group
        .iter()
        .filter_map(|(key, &yi)| {
            let y = total.get(key).copied().unwrap_or(yi).max(yi);
            let alpha = alpha0 * y as f64 / n as f64;
            let (delta, z) = log_odds_z(
                yi as f64,
                ni as f64,
                (y - yi) as f64,
                nj as f64,
                alpha,
                alpha0,
            )?;
            (z > 0.0).then(|| (key.clone(), delta, z, yi))
        })
        .collect()
}

/// Per group, the `limit` words and concepts it uses most distinctively against the rest of the
/// corpus, by `z`. Groups come sorted by name; fewer than two groups give no words.
/// Why the distinctive words by source are not worked out for `articles`, when they are not:
/// with more sources than events are clustered for (archives whose articles name no source,
/// where each article is its own), every "source" is one article and the panel would list
/// thousands of them.
pub fn by_source_skipped(articles: &[Arc<Article>]) -> Option<String> {
    super::claims::too_many_outlets(articles).map(|outlets| {
        format!(
            "distinctive words need sources: {outlets} outlets here (an article with no source \
             is its own outlet), compared for up to {}; give sources in a parallax.toml",
            super::claims::MAX_OUTLETS
        )
    })
}

pub fn distinctive(
    articles: &[Arc<Article>],
    matcher: &Matcher,
    grouping: Grouping,
    limit: usize,
) -> Vec<GroupWords> {
    // group → (articles, counts)
    let mut groups: BTreeMap<String, (usize, Counts)> = BTreeMap::new();
    let labelled = articles.iter().any(|a| a.label.is_some());
    for article in articles {
        let (counts, side_uses) = count_article(article, matcher);
        let key = match grouping {
            Grouping::Source => Some(article.outlet().to_string()),
            Grouping::Label if labelled => article.label.as_deref().map(str::to_string),
            Grouping::Label => None,
            Grouping::Side => main_side(&side_uses),
        };
        let Some(key) = key else { continue };
        let entry = groups.entry(key).or_default();
        entry.0 += 1;
        for (w, n) in counts.words {
            *entry.1.words.entry(w).or_default() += n;
        }
        for (c, n) in counts.concepts {
            *entry.1.concepts.entry(c).or_default() += n;
        }
    }
    let mut total = Counts::default();
    for (_, counts) in groups.values() {
        for (w, n) in &counts.words {
            *total.words.entry(w.clone()).or_default() += n;
        }
        for (c, n) in &counts.concepts {
            *total.concepts.entry(*c).or_default() += n;
        }
    }
    let compare = groups.len() >= 2;
    groups
        .into_iter()
        .map(|(group, (count, counts))| {
            let mut words: Vec<WordScore> = Vec::new();
            if compare {
                for (word, delta, z, n) in score(&counts.words, &total.words) {
                    words.push(WordScore {
                        word,
                        z,
                        delta,
                        count: n,
                        concept: false,
                    });
                }
                for (ci, delta, z, n) in score(&counts.concepts, &total.concepts) {
                    let Some(concept) = matcher.lexicon.concepts.get(ci) else {
                        continue;
                    };
                    words.push(WordScore {
                        word: concept.label.clone(),
                        z,
                        delta,
                        count: n,
                        concept: true,
                    });
                }
            }
            words.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.word.cmp(&b.word)));
            words.truncate(limit);
            GroupWords {
                group,
                articles: count,
                words,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_rates_score_zero_and_more_use_scores_higher() {
        let (d, z) = log_odds_z(10.0, 100.0, 10.0, 100.0, 5.0, 50.0).unwrap();
        assert!(d.abs() < 1e-12 && z.abs() < 1e-12);
        let (d, z) = log_odds_z(20.0, 100.0, 5.0, 100.0, 5.0, 50.0).unwrap();
        assert!(d > 0.0 && z > 0.0);
        let (d2, z2) = log_odds_z(5.0, 100.0, 20.0, 100.0, 5.0, 50.0).unwrap();
        assert!((d + d2).abs() < 1e-12 && (z + z2).abs() < 1e-12);
    }

    #[test]
    fn stop_words_numbers_and_single_letters_are_dropped() {
        assert!(!keep_word("the"));
        assert!(!keep_word("2020"));
        assert!(!keep_word("1.5"));
        assert!(!keep_word("s"));
        assert!(keep_word("karabakh"));
    }

    #[test]
    fn ties_between_sides_have_no_side() {
        let mut uses = HashMap::new();
        uses.insert("Armenian".to_string(), 2);
        uses.insert("international".to_string(), 2);
        assert_eq!(main_side(&uses), None);
        uses.insert("Armenian".to_string(), 3);
        assert_eq!(main_side(&uses).as_deref(), Some("Armenian"));
        assert_eq!(main_side(&HashMap::new()), None);
    }
}
