//! Which naming variant of each contested concept every source uses, with where, for the
//! terms matrix, the inspector's counts and its keyword-in-context lines.

use crate::corpus::Article;
use crate::lexicon::{Matcher, Target};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// One use of a lexicon term or entity.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default)]
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
        let mut index = TermIndex::default();
        index.add(articles, 0, matcher);
        index
    }

    /// Indexes more articles, numbered from `first`.
    pub fn add(&mut self, articles: &[Arc<Article>], first: usize, matcher: &Matcher) {
        for (offset, article) in articles.iter().enumerate() {
            let outlet = article.outlet().to_string();
            if let Err(at) = self.sources.binary_search(&outlet) {
                self.sources.insert(at, outlet.clone());
            }
            for (passage, p) in article.prose_passages() {
                let text = p.text(&article.text);
                for m in matcher.find(text) {
                    let occurrence = Occurrence {
                        article: first + offset,
                        passage,
                        range: p.range.start + m.range.start..p.range.start + m.range.end,
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
