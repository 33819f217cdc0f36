//! What the reader highlights in an article, per passage and positioned: lexicon terms and
//! entities, names found by their shape, dates and numbers, and scare quotes.

use super::names::{NameKind, name_spans};
use super::quantities::{Value, find_quantities};
use super::quotes::{QuoteKind, find_quotes};
use crate::corpus::{Article, Role};
use crate::lexicon::{Kind, Matcher, Target};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Person,
    Place,
    Org,
    Date,
    Number,
    Term,
    ScareQuote,
}

impl SpanKind {
    pub const ALL: [SpanKind; 7] = [
        SpanKind::Term,
        SpanKind::Person,
        SpanKind::Place,
        SpanKind::Org,
        SpanKind::Date,
        SpanKind::Number,
        SpanKind::ScareQuote,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SpanKind::Person => "person",
            SpanKind::Place => "place",
            SpanKind::Org => "org",
            SpanKind::Date => "date",
            SpanKind::Number => "number",
            SpanKind::Term => "term",
            SpanKind::ScareQuote => "scare_quote",
        }
    }

    /// Plural, for the legend.
    pub fn label(self) -> &'static str {
        match self {
            SpanKind::Person => "people",
            SpanKind::Place => "places",
            SpanKind::Org => "organisations",
            SpanKind::Date => "dates",
            SpanKind::Number => "numbers",
            SpanKind::Term => "contested terms",
            SpanKind::ScareQuote => "scare quotes",
        }
    }

    fn of_entity(kind: Kind) -> SpanKind {
        match kind {
            Kind::Person => SpanKind::Person,
            Kind::Place => SpanKind::Place,
            Kind::Org | Kind::Group | Kind::Event | Kind::Other => SpanKind::Org,
        }
    }
}

/// One highlight. `range` is a byte range into the article's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: SpanKind,
    /// For lexicon matches: which concept variant or entity.
    #[serde(skip)]
    pub target: Option<Target>,
    /// For dates and numbers: the normalised value.
    pub value: Option<Value>,
    /// Found by shape (capitalisation, titles), not by the lexicon.
    pub heuristic: bool,
}

/// The spans of every passage of an article, by passage index, each list sorted by start.
#[derive(Debug, Clone, Default)]
pub struct ArticleSpans {
    pub passages: Vec<Vec<Span>>,
    /// People, places, organisations and contested terms in the prose, with counts, most
    /// mentioned first: names under their lexicon name, terms as "concept label: variant".
    pub summary: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub kind: SpanKind,
    pub name: String,
    pub count: usize,
}

impl ArticleSpans {
    pub fn count(&self) -> usize {
        self.passages.iter().map(Vec::len).sum()
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Highlights for every passage. Names found by shape are looked for in body passages only
/// (a Title-Case headline would light up every word); the lexicon, dates, numbers and quotes
/// everywhere.
pub fn annotate(article: &Article, matcher: &Matcher) -> ArticleSpans {
    let article_text = article.text();
    let prose_sentences = article
        .body_passages()
        .flat_map(|(_, p)| p.sentences(&article.sentence_bounds));
    let (names, _) = name_spans(&article_text, prose_sentences);
    let mut names = names.into_iter().peekable();
    let mut out = Vec::with_capacity(article.passages.len());
    for passage in &article.passages {
        let base = passage.range().start;
        let text = passage.text(&article_text);
        let mut spans: Vec<Span> = matcher
            .find(text)
            .into_iter()
            .map(|m| Span {
                range: base + m.range.start..base + m.range.end,
                kind: match m.target {
                    Target::Variant { .. } => SpanKind::Term,
                    Target::Entity(e) => matcher
                        .lexicon
                        .entities
                        .get(e)
                        .map(|e| SpanKind::of_entity(e.kind))
                        .unwrap_or(SpanKind::Org),
                },
                target: Some(m.target),
                value: None,
                heuristic: false,
            })
            .collect();
        let claimed: Vec<Range<usize>> = spans.iter().map(|s| s.range.clone()).collect();
        for q in find_quantities(text) {
            let range = base + q.range.start..base + q.range.end;
            if claimed.iter().any(|c| overlaps(c, &range)) {
                continue;
            }
            let kind = match q.value {
                Value::Date { .. } => SpanKind::Date,
                Value::Number { .. } => SpanKind::Number,
            };
            spans.push(Span {
                range,
                kind,
                target: None,
                value: Some(q.value),
                heuristic: false,
            });
        }
        let claimed: Vec<Range<usize>> = spans.iter().map(|s| s.range.clone()).collect();
        while let Some(name) = names.next_if(|n| n.range.start < passage.range().end) {
            if name.range.start < base || claimed.iter().any(|c| overlaps(c, &name.range)) {
                continue;
            }
            let kind = match name.kind {
                NameKind::Person => SpanKind::Person,
                NameKind::Place => SpanKind::Place,
                NameKind::Org => SpanKind::Org,
                NameKind::Other => continue,
            };
            spans.push(Span {
                range: name.range,
                kind,
                target: None,
                value: None,
                heuristic: true,
            });
        }
        if matches!(
            passage.role,
            Role::Body | Role::Title | Role::Header | Role::Debris(_)
        ) {
            for quote in find_quotes(text) {
                if quote.kind == QuoteKind::Scare {
                    spans.push(Span {
                        range: base + quote.range.start..base + quote.range.end,
                        kind: SpanKind::ScareQuote,
                        target: None,
                        value: None,
                        heuristic: false,
                    });
                }
            }
        }
        spans.sort_by(|a, b| {
            a.range
                .start
                .cmp(&b.range.start)
                .then(b.range.end.cmp(&a.range.end))
        });
        out.push(spans);
    }
    let summary = summarise(article, &article_text, &out, matcher);
    ArticleSpans {
        passages: out,
        summary,
    }
}

fn summarise(
    article: &Article,
    text: &str,
    passages: &[Vec<Span>],
    matcher: &Matcher,
) -> Vec<Mention> {
    let mut counts: std::collections::HashMap<(SpanKind, String), usize> = Default::default();
    for (i, spans) in passages.iter().enumerate() {
        if !article
            .passages
            .get(i)
            .is_some_and(|p| matches!(p.role, Role::Body | Role::Title))
        {
            continue;
        }
        for span in spans {
            let name = match (span.kind, span.target) {
                (SpanKind::Term, Some(Target::Variant { concept, variant })) => {
                    let Some(c) = matcher.lexicon.concepts.get(concept) else {
                        continue;
                    };
                    let v = c
                        .variants
                        .get(variant)
                        .map(|v| v.term.as_str())
                        .unwrap_or("");
                    format!("{v} · {}", c.label)
                }
                (SpanKind::Person | SpanKind::Place | SpanKind::Org, Some(Target::Entity(e))) => {
                    match matcher.lexicon.entities.get(e) {
                        Some(entity) => entity.name.clone(),
                        None => continue,
                    }
                }
                (SpanKind::Person | SpanKind::Place | SpanKind::Org, None) => {
                    text.get(span.range.clone()).unwrap_or("").to_string()
                }
                _ => continue,
            };
            *counts.entry((span.kind, name)).or_default() += 1;
        }
    }
    let mut out: Vec<Mention> = counts
        .into_iter()
        .map(|((kind, name), count)| Mention { kind, name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}
