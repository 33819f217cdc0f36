//! Which naming variant of each contested concept every source uses, with where, for the
//! terms matrix, the inspector's counts and its keyword-in-context lines.

use crate::corpus::Article;
use crate::lexicon::{Matcher, Target};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// Articles indexed per parallel task.
const CHUNK: usize = 256;

/// One use of a lexicon term or entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// Index into the corpus's article list.
    pub article: usize,
    pub passage: usize,
    /// Byte range in the article's text.
    pub range: Range<usize>,
    pub target: Target,
}

/// Usage of the lexicon across a corpus (prose passages only: debris and header lines do not
/// count).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermIndex {
    /// Outlets in the corpus, sorted.
    pub sources: Vec<String>,
    /// concept index → outlet → variant index → count.
    pub usage: BTreeMap<usize, BTreeMap<String, BTreeMap<usize, usize>>>,
    /// Every occurrence of a concept (by concept index) or entity (by entity index).
    pub concept_occurrences: BTreeMap<usize, Vec<Occurrence>>,
    pub entity_occurrences: BTreeMap<usize, Vec<Occurrence>>,
    /// How many articles were indexed.
    pub articles: usize,
}

impl TermIndex {
    /// Indexes `articles` (whose positions in the slice are the article indices).
    pub fn build(articles: &[Arc<Article>], matcher: &Matcher) -> TermIndex {
        let parts: Vec<TermIndex> = articles
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| {
                let mut part = TermIndex::default();
                part.add(chunk, i * CHUNK, matcher);
                part
            })
            .collect();
        let mut index = TermIndex::default();
        for part in parts {
            index.merge(part);
        }
        // Kept for the session: no room left over from growing.
        for list in index
            .concept_occurrences
            .values_mut()
            .chain(index.entity_occurrences.values_mut())
        {
            list.shrink_to_fit();
        }
        index
    }

    /// Adds the index of the articles that follow this one's.
    fn merge(&mut self, later: TermIndex) {
        for source in later.sources {
            if let Err(at) = self.sources.binary_search(&source) {
                self.sources.insert(at, source);
            }
        }
        for (concept, by_source) in later.usage {
            let mine = self.usage.entry(concept).or_default();
            for (source, variants) in by_source {
                let counts = mine.entry(source).or_default();
                for (variant, n) in variants {
                    *counts.entry(variant).or_default() += n;
                }
            }
        }
        for (concept, occurrences) in later.concept_occurrences {
            self.concept_occurrences
                .entry(concept)
                .or_default()
                .extend(occurrences);
        }
        for (entity, occurrences) in later.entity_occurrences {
            self.entity_occurrences
                .entry(entity)
                .or_default()
                .extend(occurrences);
        }
        self.articles += later.articles;
    }

    /// The index as bytes; [`TermIndex::from_bytes`] reads them back.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// The index of `articles` under `matcher`'s lexicon saved by [`TermIndex::to_bytes`];
    /// `None` when the bytes are not one or point outside those articles or that lexicon.
    pub fn from_bytes(
        bytes: &[u8],
        articles: &[Arc<Article>],
        matcher: &Matcher,
    ) -> Option<TermIndex> {
        let index: TermIndex = postcard::from_bytes(bytes).ok()?;
        let lexicon = &matcher.lexicon;
        let fits = |o: &Occurrence| {
            let target_known = match o.target {
                Target::Variant { concept, variant } => lexicon
                    .concepts
                    .get(concept)
                    .is_some_and(|c| variant < c.variants.len()),
                Target::Entity(entity) => entity < lexicon.entities.len(),
            };
            target_known
                && articles.get(o.article).is_some_and(|a| {
                    o.passage < a.passages.len()
                        && o.range.start <= o.range.end
                        && o.range.end <= a.text.len()
                })
        };
        let usage_known = index.usage.iter().all(|(&concept, by_source)| {
            lexicon.concepts.get(concept).is_some_and(|c| {
                by_source
                    .values()
                    .all(|variants| variants.keys().all(|&v| v < c.variants.len()))
            })
        });
        let occurrences = || {
            index
                .concept_occurrences
                .values()
                .chain(index.entity_occurrences.values())
                .flatten()
        };
        let fits_all = index.articles == articles.len()
            && usage_known
            && occurrences().all(fits)
            && on_char_boundaries(articles, occurrences());
        fits_all.then_some(index)
    }

    /// Indexes more articles, numbered from `first`.
    pub fn add(&mut self, articles: &[Arc<Article>], first: usize, matcher: &Matcher) {
        for (offset, article) in articles.iter().enumerate() {
            let outlet = article.outlet().to_string();
            if let Err(at) = self.sources.binary_search(&outlet) {
                self.sources.insert(at, outlet.clone());
            }
            let article_text = article.text();
            for (passage, p) in article.prose_passages() {
                let text = p.text(&article_text);
                for m in matcher.find(text) {
                    let occurrence = Occurrence {
                        article: first + offset,
                        passage,
                        range: p.range().start + m.range.start..p.range().start + m.range.end,
                        target: m.target,
                    };
                    match m.target {
                        Target::Variant { concept, variant } => {
                            *self
                                .usage
                                .entry(concept)
                                .or_default()
                                .entry(outlet.clone())
                                .or_default()
                                .entry(variant)
                                .or_default() += 1;
                            self.concept_occurrences
                                .entry(concept)
                                .or_default()
                                .push(occurrence);
                        }
                        Target::Entity(entity) => {
                            self.entity_occurrences
                                .entry(entity)
                                .or_default()
                                .push(occurrence);
                        }
                    }
                }
            }
        }
        self.articles += articles.len();
    }

    pub fn occurrences(&self, target: Target) -> &[Occurrence] {
        let found = match target {
            Target::Variant { concept, .. } => self.concept_occurrences.get(&concept),
            Target::Entity(e) => self.entity_occurrences.get(&e),
        };
        found.map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Whether every occurrence's range falls on character boundaries of its article's text: each
/// article with occurrences is read once (occurrences are bounds-checked before).
fn on_char_boundaries<'a>(
    articles: &[Arc<Article>],
    occurrences: impl Iterator<Item = &'a Occurrence>,
) -> bool {
    let mut by_article: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
    for o in occurrences {
        by_article
            .entry(o.article)
            .or_default()
            .push(o.range.clone());
    }
    let by_article: Vec<(usize, Vec<Range<usize>>)> = by_article.into_iter().collect();
    by_article.par_iter().all(|(article, ranges)| {
        articles.get(*article).is_some_and(|a| {
            let text = a.text();
            ranges.iter().all(|r| text.get(r.clone()).is_some())
        })
    })
}

/// The `parallax terms --json` document.
#[derive(Debug, Serialize)]
pub struct TermsReport {
    pub sources: Vec<String>,
    pub concepts: Vec<ConceptReport>,
}

#[derive(Debug, Serialize)]
pub struct ConceptReport {
    pub id: String,
    pub label: String,
    pub kind: String,
    /// outlet → variant term → count.
    pub usage: BTreeMap<String, BTreeMap<String, usize>>,
}

impl TermIndex {
    /// The concepts the corpus uses, most used first.
    pub fn report(&self, matcher: &Matcher) -> TermsReport {
        let lexicon = &matcher.lexicon;
        let mut concepts: Vec<(usize, ConceptReport)> = self
            .usage
            .iter()
            .filter_map(|(&ci, by_source)| {
                let concept = lexicon.concepts.get(ci)?;
                let usage: BTreeMap<String, BTreeMap<String, usize>> = by_source
                    .iter()
                    .map(|(source, variants)| {
                        let named = variants
                            .iter()
                            .filter_map(|(&vi, &n)| {
                                concept.variants.get(vi).map(|v| (v.term.clone(), n))
                            })
                            .collect();
                        (source.clone(), named)
                    })
                    .collect();
                let total = by_source.values().flat_map(|v| v.values()).sum();
                Some((
                    total,
                    ConceptReport {
                        id: concept.id.clone(),
                        label: concept.label.clone(),
                        kind: concept.kind.name().to_string(),
                        usage,
                    },
                ))
            })
            .collect();
        concepts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        TermsReport {
            sources: self.sources.clone(),
            concepts: concepts.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(n: usize) -> Vec<Arc<Article>> {
        let texts: Vec<String> = (0..n)
            .map(|i| match i % 3 {
                0 => format!("Report {i}\n\nTroops entered Stepanakert and Kelbajar on day {i}."),
                1 => format!("Note {i}\n\nAzerbaijan said Khankendi and Kalbajar were calm."),
                _ => format!("Other {i}\n\nNothing about the region at all."),
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        crate::search::test_articles(&refs)
    }

    #[test]
    fn the_parallel_build_equals_one_pass_over_every_article() {
        let matcher = Matcher::builtin().expect("lexicon");
        let articles = corpus(CHUNK * 2 + 17);
        let mut one_pass = TermIndex::default();
        one_pass.add(&articles, 0, &matcher);
        let built = TermIndex::build(&articles, &matcher);
        assert_eq!(built, one_pass);
        assert!(!built.usage.is_empty());
        let first = built
            .concept_occurrences
            .values()
            .next()
            .expect("occurrences");
        assert!(first.windows(2).all(|w| w[0].article <= w[1].article));
    }

    #[test]
    fn an_index_read_back_is_the_same_and_only_for_its_articles() {
        let matcher = Matcher::builtin().expect("lexicon");
        let articles = corpus(12);
        let built = TermIndex::build(&articles, &matcher);
        let bytes = built.to_bytes();
        assert_eq!(
            TermIndex::from_bytes(&bytes, &articles, &matcher),
            Some(built)
        );
        assert_eq!(
            TermIndex::from_bytes(&bytes, &articles[..11], &matcher),
            None
        );
        assert_eq!(
            TermIndex::from_bytes(&bytes[..bytes.len() / 2], &articles, &matcher),
            None
        );
        let other = Matcher::new(Arc::new(crate::lexicon::Lexicon::default()));
        assert_eq!(TermIndex::from_bytes(&bytes, &articles, &other), None);
    }
}
