//! The parallel view: the open article on the left and, on the right, an article of another
//! source, scrolled so that the passage aligned with the cursor passage sits level with it.
//!
//! Which article goes on the right comes from the comparison of the cursor passage (the
//! `Compare` effect, as for the Compare tab): its best-aligned other source first, `>`/`<`
//! cycle through the others. The passages of the two articles are then aligned once, on a
//! worker (`Effect::AlignArticles`); moving the cursor only looks the mapping up and wraps a
//! few blocks of the right article to find where to scroll it.

use super::layout::{self, inner};
use super::reader::{BlockKey, Decor, GUTTER, Geometry, Pos, blocks};
use super::{App, Effect, MAX_MEASURE};
use crate::analysis::align::{Comparison, Difference, DifferenceKind, PassagePair};
use crate::analysis::spans::ArticleSpans;
use std::sync::Arc;

/// The passages of two articles aligned, from the worker.
#[derive(Debug)]
pub struct Pairing {
    pub left: usize,
    pub right: usize,
    /// Sorted by the left passage.
    pub pairs: Vec<PassagePair>,
}

impl Pairing {
    /// The counterpart of a passage of the left article.
    pub fn of(&self, left_passage: usize) -> Option<&PassagePair> {
        let i = self
            .pairs
            .binary_search_by_key(&left_passage, |p| p.left)
            .ok()?;
        self.pairs.get(i)
    }
}

/// The article on the right and where it is scrolled.
#[derive(Debug, Clone)]
pub struct RightSide {
    pub article: usize,
    /// The heading, metadata and body passages (the aligned passages are body passages).
    pub blocks: Vec<BlockKey>,
    pub top: Pos,
}

#[derive(Debug, Clone, Default)]
pub struct ParallelView {
    pub open: bool,
    pub right: Option<RightSide>,
    pub pairing: Option<Arc<Pairing>>,
    /// Highlights of the right article, once analysed.
    pub spans: Option<(usize, Arc<ArticleSpans>)>,
    /// The open article the right side was chosen for: another article on the left chooses
    /// again.
    left: Option<usize>,
    /// Results of the workers for an earlier right side are dropped.
    generation: u64,
}

impl ParallelView {
    fn clear(&mut self) {
        self.right = None;
        self.pairing = None;
        self.spans = None;
    }
}

/// The cursor passage's counterpart on the right.
#[derive(Debug, Clone, Copy)]
pub struct Counterpart<'a> {
    pub passage: usize,
    pub score: f64,
    pub differences: &'a [Difference],
}

/// What the parallel view says about the cursor passage, for the right pane's border.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParallelState {
    /// Waiting for the alignment index or the comparison.
    Working(String),
    /// No other source has a passage comparable to the cursor passage (nothing on the right).
    NoSource { passage: usize },
    /// The counterpart is shown level with the cursor passage.
    Level {
        passage: usize,
        counterpart: usize,
        score: String,
        /// How many names and figures differ (`App::parallel_footer` lists them).
        differences: usize,
    },
    /// The right article has no passage aligned with the cursor passage: it stays put.
    Unaligned { passage: usize, source: String },
}

impl ParallelState {
    /// One line saying it.
    pub fn describe(&self) -> String {
        match self {
            ParallelState::Working(what) => what.clone(),
            ParallelState::NoSource { passage } => format!(
                "no other source has a passage comparable to ¶{}: move to one they share",
                passage + 1
            ),
            ParallelState::Level {
                passage,
                counterpart,
                score,
                differences,
            } => {
                let mut line = format!("¶{} ↔ ¶{} · {score}", passage + 1, counterpart + 1);
                match differences {
                    0 => line.push_str(" · same names and figures"),
                    1 => line.push_str(" · 1 difference"),
                    n => line.push_str(&format!(" · {n} differences")),
                }
                line
            }
            ParallelState::Unaligned { passage, source } => format!(
                "¶{}: no aligned passage in {source}; the right side stays where it was",
                passage + 1
            ),
        }
    }
}

/// Lines listing the differences under the right article, at most.
pub const FOOTER_LINES: usize = 3;

/// A difference as the view's footer lists it: names and figures only, as the text marks them.
fn difference_line(d: &Difference) -> Option<String> {
    match d.kind {
        DifferenceKind::Term => Some(format!("≠ {}: {} / {}", d.concept, d.here, d.there)),
        DifferenceKind::Number => Some(format!("≠ {}: {} / {}", d.concept, d.here, d.there)),
        DifferenceKind::MissingEntity => None,
    }
}

impl App {
    /// `p`: opens the parallel view, or closes it.
    pub(super) fn toggle_parallel(&mut self) -> Vec<Effect> {
        if self.parallel.open {
            self.close_parallel();
            return Vec::new();
        }
        if self.width < layout::THREE_PANE_WIDTH {
            self.flash = Some(format!(
                "the parallel view needs {} columns; this terminal has {}",
                layout::THREE_PANE_WIDTH,
                self.width
            ));
            return Vec::new();
        }
        if self.current_article().is_none() {
            self.flash = Some("open an article first".to_string());
            return Vec::new();
        }
        self.parallel.open = true;
        self.parallel.clear();
        self.parallel.left = self.reader.article;
        self.focus = super::layout::Pane::Reader;
        self.clamp_reader();
        self.ensure_cursor_visible(false);
        let keys = &self.config.keymap;
        self.flash = Some(format!(
            "parallel view: {}/{} choose the other source, {} closes it",
            keys.hint(super::action::Action::NextTab),
            keys.hint(super::action::Action::PrevTab),
            keys.hint(super::action::Action::Parallel),
        ));
        Vec::new()
    }

    pub(super) fn close_parallel(&mut self) {
        self.parallel.open = false;
        self.parallel.clear();
        self.clamp_reader();
        self.ensure_cursor_visible(false);
    }

    /// The comparison of the cursor passage, when it has arrived.
    fn cursor_comparison(&self) -> Option<&Comparison> {
        let (passage, _) = self.cursor_passage()?;
        self.comparison
            .as_deref()
            .filter(|c| Some(c.article) == self.reader.article && c.passage == passage)
    }

    /// After every update: choose again when the left article changed, choose the right article
    /// when there is none yet and the cursor passage has a comparable one, and keep the aligned
    /// passage level.
    pub(super) fn follow_parallel(&mut self) -> Vec<Effect> {
        if !self.parallel.open {
            return Vec::new();
        }
        if self.parallel.left != self.reader.article
            || self
                .parallel
                .right
                .as_ref()
                .is_some_and(|r| r.article >= self.articles.len())
        {
            self.parallel.clear();
            self.parallel.left = self.reader.article;
        }
        let mut effects = Vec::new();
        if self.parallel.right.is_none()
            && let Some(article) = self
                .cursor_comparison()
                .and_then(|c| c.matches.first())
                .map(|m| m.article)
        {
            effects = self.show_on_right(article);
        }
        self.level_parallel();
        effects
    }

    /// Puts an article on the right and asks for its alignment with the left one and its
    /// highlights.
    fn show_on_right(&mut self, article: usize) -> Vec<Effect> {
        let (Some(text), Some(left), Some(index)) = (
            self.articles.get(article).cloned(),
            self.reader.article,
            self.align_index.clone(),
        ) else {
            return Vec::new();
        };
        self.parallel.generation += 1;
        self.parallel.clear();
        self.parallel.right = Some(RightSide {
            article,
            blocks: blocks(&text, false),
            top: Pos::default(),
        });
        let generation = self.parallel.generation;
        vec![
            Effect::AlignArticles {
                generation,
                index,
                left,
                right: article,
            },
            Effect::Analyze {
                generation,
                article,
                text,
                matcher: self.matcher.clone(),
            },
        ]
    }

    /// `>`/`<` in the parallel view: the next (or previous) other source that has a passage
    /// comparable to the cursor passage.
    pub(super) fn cycle_parallel(&mut self, forward: bool) -> Vec<Effect> {
        let cursor = self.cursor_passage().map(|(i, _)| i).unwrap_or(0);
        let mut candidates: Vec<usize> = Vec::new();
        if let Some(c) = self.cursor_comparison() {
            for m in &c.matches {
                if !candidates.contains(&m.article) {
                    candidates.push(m.article);
                }
            }
        }
        if candidates.is_empty() {
            self.flash = Some(if self.cursor_comparison().is_some() {
                format!(
                    "no other source has a passage comparable to ¶{}: move to one they share",
                    cursor + 1
                )
            } else {
                "still comparing this passage…".to_string()
            });
            return Vec::new();
        }
        let n = candidates.len();
        let at = self
            .parallel
            .right
            .as_ref()
            .and_then(|r| candidates.iter().position(|&a| a == r.article));
        let next = match (at, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        let article = candidates[next];
        if let Some(a) = self.articles.get(article) {
            self.flash = Some(format!(
                "right: {} ({} of {n} sources comparable to ¶{})",
                a.outlet(),
                next + 1,
                cursor + 1
            ));
        }
        self.show_on_right(article)
    }

    /// The highlights of the right article, from the analysis worker.
    pub(super) fn parallel_analyzed(
        &mut self,
        generation: u64,
        article: usize,
        spans: Arc<ArticleSpans>,
    ) {
        if generation == self.parallel.generation
            && self
                .parallel
                .right
                .as_ref()
                .is_some_and(|r| r.article == article)
        {
            self.parallel.spans = Some((article, spans));
        }
    }

    pub(super) fn parallel_aligned(&mut self, generation: u64, pairing: Arc<Pairing>) {
        if generation == self.parallel.generation {
            self.parallel.pairing = Some(pairing);
        }
    }

    /// The article on the right, when there is one.
    pub fn parallel_article(&self) -> Option<&Arc<crate::corpus::Article>> {
        self.parallel
            .right
            .as_ref()
            .and_then(|r| self.articles.get(r.article))
    }

    /// The cursor passage's counterpart in the right article: from the two articles' alignment,
    /// or, while that is being made, from the cursor passage's comparison.
    pub fn parallel_counterpart(&self) -> Option<Counterpart<'_>> {
        let right = self.parallel.right.as_ref()?;
        let (cursor, _) = self.cursor_passage()?;
        let pairing = self
            .parallel
            .pairing
            .as_ref()
            .filter(|p| Some(p.left) == self.reader.article && p.right == right.article);
        match pairing {
            Some(pairing) => pairing.of(cursor).map(|p| Counterpart {
                passage: p.right,
                score: p.score,
                differences: &p.differences,
            }),
            None => self
                .cursor_comparison()?
                .matches
                .iter()
                .find(|m| m.article == right.article)
                .map(|m| Counterpart {
                    passage: m.passage,
                    score: m.score,
                    differences: &m.differences,
                }),
        }
    }

    /// What the view says about the cursor passage.
    pub fn parallel_state(&self) -> ParallelState {
        let cursor = self.cursor_passage().map(|(i, _)| i).unwrap_or(0);
        if self.align_index.is_none() {
            return ParallelState::Working("aligning the corpus…".to_string());
        }
        let Some(right) = self.parallel_article() else {
            return match self.cursor_comparison() {
                Some(_) => ParallelState::NoSource { passage: cursor },
                None => ParallelState::Working(format!("comparing ¶{}…", cursor + 1)),
            };
        };
        match self.parallel_counterpart() {
            Some(c) => ParallelState::Level {
                passage: cursor,
                counterpart: c.passage,
                score: format!("{:.2}", c.score),
                differences: c.differences.iter().filter_map(difference_line).count(),
            },
            None if self.parallel.pairing.is_none() => {
                ParallelState::Working(format!("aligning with {}…", right.outlet()))
            }
            None => ParallelState::Unaligned {
                passage: cursor,
                source: right.outlet().to_string(),
            },
        }
    }

    /// How the aligned passages differ in names and figures, for the lines under the right
    /// article (its differences are marked in both texts too).
    pub fn parallel_footer(&self) -> Vec<String> {
        let Some(c) = self.parallel_counterpart() else {
            return Vec::new();
        };
        let mut lines: Vec<String> = c.differences.iter().filter_map(difference_line).collect();
        if lines.len() > FOOTER_LINES {
            let more = lines.len() - (FOOTER_LINES - 1);
            lines.truncate(FOOTER_LINES - 1);
            lines.push(format!("and {more} more"));
        }
        lines
    }

    /// Where the list of differences goes in the right pane: rows it takes (with its rule), and
    /// whether above the article, which it is when the cursor passage sits in the lower half
    /// (so the list never covers the aligned passage, which sits on the same rows).
    pub fn parallel_footer_place(&self) -> (usize, bool) {
        let rows = self.reader_viewport().1;
        let height = match self.parallel_footer().len() {
            0 => 0,
            n => n + 1,
        };
        let above = self.cursor_row().is_some_and(|r| r > (rows / 2) as isize);
        (height, above)
    }

    /// Text width and rows of the right article (beside the list of differences).
    pub fn parallel_viewport(&self) -> (usize, usize) {
        match layout::parallel_areas(self.width, self.height) {
            Some((_, right)) => {
                let inner = inner(right);
                (
                    (inner.width as usize)
                        .saturating_sub(GUTTER + 1)
                        .clamp(1, MAX_MEASURE),
                    (inner.height as usize)
                        .saturating_sub(self.parallel_footer_place().0)
                        .max(1),
                )
            }
            None => (1, 1),
        }
    }

    /// The right article as drawn, with its highlights once analysed.
    pub fn parallel_geometry(&self) -> Option<Geometry<'_>> {
        let right = self.parallel.right.as_ref()?;
        let article = self.articles.get(right.article)?;
        Some(Geometry {
            article,
            text: article.text(),
            blocks: &right.blocks,
            width: self.parallel_viewport().0,
            decor: self.parallel_decor(),
        })
    }

    pub fn parallel_decor(&self) -> Option<Decor<'_>> {
        let right = self.parallel.right.as_ref()?;
        let (article, spans) = self.parallel.spans.as_ref()?;
        if *article != right.article {
            return None;
        }
        Some(self.decor_with(spans, None))
    }

    /// Scrolls the right side so that the counterpart of the cursor passage starts on the row
    /// the cursor passage starts on (as near as the article's ends allow); without a
    /// counterpart it stays where it was.
    fn level_parallel(&mut self) {
        let Some(counterpart) = self.parallel_counterpart().map(|c| c.passage) else {
            return;
        };
        let Some(row) = self.cursor_row() else {
            return;
        };
        let rows = self.parallel_viewport().1;
        let (footer, above) = self.parallel_footer_place();
        let row = if above { row - footer as isize } else { row };
        let row = row.min(rows as isize - 1);
        let top = {
            let Some(g) = self.parallel_geometry() else {
                return;
            };
            let Some(block) = g.index_of(BlockKey::Passage(counterpart)) else {
                return;
            };
            let start = Pos { block, line: 0 };
            let top = if row >= 0 {
                g.backward(start, row.unsigned_abs())
            } else {
                g.forward(start, row.unsigned_abs())
            };
            g.clamp_top(top, rows)
        };
        if let Some(right) = self.parallel.right.as_mut() {
            right.top = top;
        }
    }

    /// The screen row (inside the reader) of the cursor passage's first line; negative when it
    /// starts above the view.
    fn cursor_row(&self) -> Option<isize> {
        let g = self.geometry()?;
        let cursor = self.reader.position?.cursor;
        let block = g.index_of(BlockKey::Passage(cursor))?;
        let start = Pos { block, line: 0 };
        let top = self.reader_top();
        Some(if (block, 0) >= (top.block, top.line) {
            g.distance(top, start, usize::MAX) as isize
        } else {
            -(g.distance(start, top, usize::MAX) as isize)
        })
    }
}
