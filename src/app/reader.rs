//! The reader's model: which blocks an article shows, how they wrap at a width, and a scroll
//! position anchored to a block so it survives resizes. Only the blocks on screen are wrapped.

use crate::analysis::spans::{ArticleSpans, SpanKind};
use crate::corpus::{Article, Role};
use crate::lexicon::{Lexicon, Target, sides};
use crate::wrap::wrap;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

/// Columns left of the text for the passage cursor marker.
pub const GUTTER: usize = 2;

/// One block of the reader: the heading, the metadata line, or a passage (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BlockKey {
    Title,
    Meta,
    Passage(usize),
}

/// A line position: `line` counts the block's wrapped lines, and the blank line after the block
/// is its last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub block: usize,
    pub line: usize,
}

/// The blocks an article shows: heading, metadata, then passages; boilerplate passages (and the
/// headline passage the heading already shows) only when `show_boilerplate`.
pub fn blocks(article: &Article, show_boilerplate: bool) -> Vec<BlockKey> {
    let mut out = vec![BlockKey::Title, BlockKey::Meta];
    out.extend(
        article
            .passages
            .iter()
            .enumerate()
            .filter(|(_, p)| show_boilerplate || p.role == Role::Body)
            .map(|(i, _)| BlockKey::Passage(i)),
    );
    out
}

/// The metadata line under the heading.
pub fn meta_line(article: &Article) -> String {
    let mut parts = vec![article.source.clone()];
    if let Some(date) = article.date {
        parts.push(date.iso().replace('T', " "));
    }
    if let Some(author) = &article.author {
        parts.push(format!("by {author}"));
    }
    parts.push(format!("{} words", article.words));
    parts.join(" · ")
}

fn owned(lines: Vec<Cow<'_, str>>) -> Vec<String> {
    lines.into_iter().map(|l| l.into_owned()).collect()
}

/// What is drawn over the text: the article's highlights, which layers show, the naming lens.
#[derive(Clone, Copy)]
pub struct Decor<'a> {
    pub spans: &'a ArticleSpans,
    pub lexicon: &'a Lexicon,
    pub hidden: &'a BTreeSet<SpanKind>,
    /// The `used_by` convention every contested term is rendered in, if any.
    pub lens: Option<&'a str>,
    /// The highlight under the highlight cursor: passage and span index.
    pub selected: Option<(usize, usize)>,
}

/// A highlight as drawn: a byte range of the displayed passage text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub kind: SpanKind,
    /// The `used_by` of the variant shown, for contested terms.
    pub side: Option<String>,
    /// Rendered in the lens's term instead of the one written.
    pub swapped: bool,
    pub selected: bool,
}

/// A passage as the reader shows it: the text (with the lens's substitutions) and its marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassageView {
    pub text: String,
    pub marks: Vec<Mark>,
    /// How many terms the lens changed.
    pub swaps: usize,
}

/// The term a lens shows for a contested variant, when the side does not use the one written:
/// the variant that names the side earliest in its `used_by`.
pub fn lens_term<'l>(lexicon: &'l Lexicon, target: Target, convention: &str) -> Option<&'l str> {
    let Target::Variant { concept, variant } = target else {
        return None;
    };
    let concept = lexicon.concepts.get(concept)?;
    if sides(&concept.variants.get(variant)?.used_by).contains(&convention) {
        return None;
    }
    concept
        .variants
        .iter()
        .filter_map(|v| {
            sides(&v.used_by)
                .iter()
                .position(|s| *s == convention)
                .map(|rank| (rank, v))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, v)| v.term.as_str())
}

/// Builds what a passage shows under `decor`.
/// `article_text` is `article.text()`, read by the caller once for all its passages.
pub fn passage_view(
    article: &Article,
    article_text: &str,
    index: usize,
    decor: &Decor<'_>,
) -> PassageView {
    let Some(passage) = article.passages.get(index) else {
        return PassageView::default();
    };
    let original = passage.text(article_text);
    let base = passage.range().start;
    let spans = decor
        .spans
        .passages
        .get(index)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    // Substitutions first (contested terms under the lens), then every mark mapped through them.
    let mut replacements: Vec<(Range<usize>, &str)> = Vec::new();
    if let Some(convention) = decor.lens {
        for span in spans {
            if let (SpanKind::Term, Some(target)) = (span.kind, span.target)
                && let Some(term) = lens_term(decor.lexicon, target, convention)
            {
                let local =
                    span.range.start.saturating_sub(base)..span.range.end.saturating_sub(base);
                if replacements
                    .last()
                    .is_none_or(|(r, _)| r.end <= local.start)
                {
                    replacements.push((local, term));
                }
            }
        }
    }
    let mut text = String::with_capacity(original.len());
    let mut at = 0;
    for (range, term) in &replacements {
        text.push_str(original.get(at..range.start).unwrap_or(""));
        text.push_str(term);
        at = range.end;
    }
    text.push_str(original.get(at..).unwrap_or(""));
    let map = |offset: usize, is_end: bool| -> usize {
        let mut shift: isize = 0;
        for (range, term) in &replacements {
            if offset >= range.end {
                shift += term.len() as isize - (range.end - range.start) as isize;
            } else if offset > range.start || (is_end && offset == range.end) {
                // Inside a replaced term: snap to its new bounds.
                let start = (range.start as isize + shift) as usize;
                return if is_end { start + term.len() } else { start };
            }
        }
        (offset as isize + shift).max(0) as usize
    };
    let marks = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| !decor.hidden.contains(&s.kind))
        .map(|(i, span)| {
            let local = span.range.start.saturating_sub(base)..span.range.end.saturating_sub(base);
            let swapped = replacements.iter().any(|(r, _)| *r == local);
            let side = match (span.target, decor.lens) {
                (Some(Target::Variant { concept, variant }), lens) => {
                    let c = decor.lexicon.concepts.get(concept);
                    if swapped {
                        lens.map(str::to_string)
                    } else {
                        c.and_then(|c| c.variants.get(variant))
                            .and_then(|v| sides(&v.used_by).first().map(|s| s.to_string()))
                    }
                }
                _ => None,
            };
            Mark {
                range: map(local.start, false)..map(local.end, true),
                kind: span.kind,
                side,
                swapped,
                selected: decor.selected == Some((index, i)),
            }
        })
        .collect();
    PassageView {
        text,
        marks,
        swaps: replacements.len(),
    }
}

/// A reader over one article's blocks at one text width.
pub struct Geometry<'a> {
    pub article: &'a Article,
    /// The article's text, read once for every block measured or drawn.
    pub text: Cow<'a, str>,
    pub blocks: &'a [BlockKey],
    pub width: usize,
    pub decor: Option<Decor<'a>>,
}

/// One wrapped line and where it starts in its block's displayed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    pub text: String,
    pub offset: usize,
}

/// Wraps `text` and finds each line's byte offset in it (textwrap returns slices of the input,
/// in order, so a forward search finds them).
pub fn wrap_with_offsets(text: &str, width: usize) -> Vec<WrappedLine> {
    let mut at = 0;
    wrap(text, width)
        .into_iter()
        .map(|line| {
            let offset = text[at..].find(line.as_ref()).map_or(at, |i| at + i);
            at = offset + line.len();
            WrappedLine {
                text: line.into_owned(),
                offset,
            }
        })
        .collect()
}

/// One line on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLine {
    pub block: BlockKey,
    /// `None` for the blank line after a block.
    pub text: Option<String>,
    /// Line number inside the block.
    pub line: usize,
}

impl Geometry<'_> {
    /// The text a block displays.
    pub fn block_text(&self, key: BlockKey) -> Cow<'_, str> {
        match key {
            BlockKey::Title => Cow::Borrowed(&self.article.title),
            BlockKey::Meta => Cow::Owned(meta_line(self.article)),
            BlockKey::Passage(i) => match (&self.decor, self.article.passages.get(i)) {
                (Some(decor), Some(_)) if decor.lens.is_some() => {
                    Cow::Owned(passage_view(self.article, &self.text, i, decor).text)
                }
                (_, Some(p)) => Cow::Borrowed(p.text(&self.text)),
                (_, None) => Cow::Borrowed(""),
            },
        }
    }

    pub fn lines(&self, block: usize) -> Vec<String> {
        self.blocks
            .get(block)
            .map(|&k| owned(wrap(&self.block_text(k), self.width)))
            .unwrap_or_default()
    }

    /// Wrapped lines plus the blank line after.
    pub fn height(&self, block: usize) -> usize {
        self.lines(block).len() + 1
    }

    /// The last line of the article (the last block's last text line).
    pub fn end(&self) -> Pos {
        let block = self.blocks.len().saturating_sub(1);
        Pos {
            block,
            line: self.lines(block).len().saturating_sub(1),
        }
    }

    pub fn forward(&self, mut pos: Pos, mut n: usize) -> Pos {
        let end = self.end();
        while n > 0 {
            if pos.block >= end.block {
                pos.line = (pos.line + n).min(end.line);
                return pos;
            }
            let left = self.height(pos.block) - pos.line;
            if n < left {
                pos.line += n;
                return pos;
            }
            n -= left;
            pos = Pos {
                block: pos.block + 1,
                line: 0,
            };
        }
        pos
    }

    pub fn backward(&self, mut pos: Pos, mut n: usize) -> Pos {
        while n > 0 {
            if n <= pos.line {
                pos.line -= n;
                return pos;
            }
            if pos.block == 0 {
                return Pos::default();
            }
            n -= pos.line + 1;
            pos.block -= 1;
            pos.line = self.height(pos.block) - 1;
        }
        pos
    }

    /// The furthest a viewport of `rows` can scroll: the last line on the bottom row.
    pub fn max_top(&self, rows: usize) -> Pos {
        self.backward(self.end(), rows.saturating_sub(1))
    }

    pub fn clamp_top(&self, top: Pos, rows: usize) -> Pos {
        let max = self.max_top(rows);
        let top = Pos {
            block: top.block.min(self.blocks.len().saturating_sub(1)),
            line: top
                .line
                .min(self.height(top.block.min(self.blocks.len().saturating_sub(1))) - 1),
        };
        if (top.block, top.line) > (max.block, max.line) {
            max
        } else {
            top
        }
    }

    /// Lines from `a` to `b` (`a` before `b`), counting at most `limit`.
    pub fn distance(&self, a: Pos, b: Pos, limit: usize) -> usize {
        if (a.block, a.line) >= (b.block, b.line) {
            return 0;
        }
        if a.block == b.block {
            return (b.line - a.line).min(limit);
        }
        let mut total = self.height(a.block) - a.line;
        let mut block = a.block + 1;
        while block < b.block && total < limit {
            total += self.height(block);
            block += 1;
        }
        (total + b.line).min(limit)
    }

    /// The lines a viewport of `rows` shows from `top`.
    pub fn screen(&self, top: Pos, rows: usize) -> Vec<ScreenLine> {
        let mut out = Vec::with_capacity(rows);
        let mut block = top.block;
        let mut skip = top.line;
        while out.len() < rows && block < self.blocks.len() {
            let key = self.blocks[block];
            let lines = self.lines(block);
            for (i, text) in lines.into_iter().enumerate().skip(skip) {
                if out.len() == rows {
                    break;
                }
                out.push(ScreenLine {
                    block: key,
                    text: Some(text),
                    line: i,
                });
            }
            if out.len() < rows {
                out.push(ScreenLine {
                    block: key,
                    text: None,
                    line: usize::MAX,
                });
            }
            skip = 0;
            block += 1;
        }
        out
    }

    pub fn index_of(&self, key: BlockKey) -> Option<usize> {
        self.blocks.binary_search(&key).ok()
    }

    /// The first block at or after `key` in order (for keys that are hidden now).
    pub fn index_at_or_after(&self, key: BlockKey) -> usize {
        match self.blocks.binary_search(&key) {
            Ok(i) => i,
            Err(i) => i.min(self.blocks.len().saturating_sub(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(paragraphs: &[&str]) -> Article {
        let parts: Vec<(&str, Role)> = paragraphs.iter().map(|p| (*p, Role::Body)).collect();
        crate::corpus::tests::article_of("t", "src", &parts)
    }

    #[test]
    fn forward_and_backward_are_inverse_inside_the_article() {
        let a = article(&[
            "one two three four five six",
            "seven",
            "eight nine ten eleven",
        ]);
        let blocks = blocks(&a, false);
        let g = Geometry {
            article: &a,
            text: a.text(),
            blocks: &blocks,
            width: 10,
            decor: None,
        };
        // Title(1)+1, Meta: "src · 0" + "words"(2)+1, P0: 3 lines+1, P1: 1+1, P2: 2+1
        assert_eq!(g.height(2), 4);
        let p = g.forward(Pos::default(), 5);
        assert_eq!(p, Pos { block: 2, line: 0 });
        assert_eq!(g.backward(p, 5), Pos::default());
        assert_eq!(g.distance(Pos::default(), p, 100), 5);
        let end = g.end();
        // "eight nine" / "ten eleven"
        assert_eq!(end, Pos { block: 4, line: 1 });
        assert_eq!(g.forward(Pos::default(), 1000), end);
        let screen = g.screen(g.max_top(4), 4);
        assert_eq!(screen.len(), 4);
        assert_eq!(screen.last().unwrap().text.as_deref(), Some("ten eleven"));
    }
}
