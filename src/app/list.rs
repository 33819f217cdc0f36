//! The article list as a view over the corpus: which articles show (typed filter words), in what
//! order (a sort key and its direction), grouped by source or not, kept up to date as loading
//! batches arrive. The selection is an article, not a row, so it follows the article when the
//! order changes.

use super::input::LineInput;
use super::key::{Code, Key};
use super::layout::Pane;
use super::{App, Effect, LIST_ROW_HEIGHT};
use crate::corpus::Article;
use crate::corpus::meta::MONTHS;
use crate::lexicon::fold::fold;
use std::cmp::Ordering;
use std::sync::Arc;

/// Lines a group header takes in the list.
pub const HEADER_HEIGHT: usize = 1;

/// Keys of the one-line list filter, for the help screen.
pub const FILTER_KEYS: &[(&str, &str)] = &[
    (
        "typing",
        "Narrow the list: every word in the title, source, author or date",
    ),
    ("up, down", "Select an article while typing"),
    ("enter", "Keep the filter and go back to the list"),
    ("esc", "Clear the filter"),
];

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The order the loader delivered the articles in.
    #[default]
    Loaded,
    Date,
    Source,
    Title,
    Length,
    Notes,
}

impl SortKey {
    /// The next key when the sort is cycled.
    pub fn next(self) -> Self {
        match self {
            SortKey::Loaded => SortKey::Date,
            SortKey::Date => SortKey::Source,
            SortKey::Source => SortKey::Title,
            SortKey::Title => SortKey::Length,
            SortKey::Length => SortKey::Notes,
            SortKey::Notes => SortKey::Loaded,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Loaded => "load order",
            SortKey::Date => "date",
            SortKey::Source => "source",
            SortKey::Title => "title",
            SortKey::Length => "length",
            SortKey::Notes => "notes",
        }
    }

    /// Newest, longest and most annotated first is what a reader wants from these keys; names
    /// and the load order read from the start.
    fn descending_by_default(self) -> bool {
        matches!(self, SortKey::Date | SortKey::Length | SortKey::Notes)
    }
}

/// One row of the list as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A source's group, with the number of its articles shown.
    Header {
        source: String,
        count: usize,
    },
    Article(usize),
}

impl Row {
    pub fn height(&self) -> usize {
        match self {
            Row::Header { .. } => HEADER_HEIGHT,
            Row::Article(_) => LIST_ROW_HEIGHT,
        }
    }
}

/// What the list sorts and filters an article by, folded once when it arrives.
#[derive(Debug, Clone)]
struct ArticleKeys {
    /// Folded title, source, author and date (ISO and the month's name), one per line: where
    /// filter words are looked for.
    /// Exactly as long as it needs: one per article, for as long as the corpus is open.
    haystack: Box<str>,
    title_end: u32,
    source_end: u32,
    /// The source is stated (not "unknown"): unknown sources sort and group last.
    source_known: bool,
}

impl ArticleKeys {
    fn of(article: &Article) -> Self {
        let mut haystack = fold(&article.title).text.trim().to_string();
        let title_end = haystack.len();
        haystack.push('\n');
        haystack.push_str(fold(&article.source).text.trim());
        let source_end = haystack.len();
        if let Some(author) = &article.author {
            haystack.push('\n');
            haystack.push_str(fold(author).text.trim());
        }
        if let Some(date) = article.date {
            haystack.push('\n');
            haystack.push_str(&fold(&date.iso()).text);
            if let Some(month) = MONTHS.get(usize::from(date.month).wrapping_sub(1)) {
                haystack.push(' ');
                haystack.push_str(month);
            }
        }
        let small = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        ArticleKeys {
            haystack: haystack.into_boxed_str(),
            title_end: small(title_end),
            source_end: small(source_end),
            source_known: !(article.source.is_empty()
                || article.source.eq_ignore_ascii_case("unknown")),
        }
    }

    fn title(&self) -> &str {
        self.haystack.get(..self.title_end as usize).unwrap_or("")
    }

    fn source(&self) -> &str {
        self.haystack
            .get(self.title_end as usize + 1..self.source_end as usize)
            .unwrap_or("")
    }

    fn matches(&self, words: &[Finder]) -> bool {
        words.iter().all(|w| w.is_in(&self.haystack))
    }
}

/// One filter word, ready to be looked for in many haystacks: a searcher built once per
/// keystroke (with its fast prefilter) rather than once per article.
#[derive(Debug, Clone)]
enum Finder {
    Built(aho_corasick::AhoCorasick),
    /// Should the searcher not build (it does for any word a person types).
    Plain(String),
}

impl Finder {
    fn new(word: &str) -> Self {
        aho_corasick::AhoCorasick::new([word])
            .map(Finder::Built)
            .unwrap_or_else(|_| Finder::Plain(word.to_string()))
    }

    fn is_in(&self, haystack: &str) -> bool {
        match self {
            Finder::Built(searcher) => searcher.is_match(haystack),
            Finder::Plain(word) => haystack.contains(word.as_str()),
        }
    }
}

/// The list pane's state: the view (filter, sort, grouping), its rows, and the selection.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// The selected article (an index into `App::articles`), which the reader shows.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub sort: SortKey,
    /// The sort runs against its default direction.
    pub reversed: bool,
    /// A header row per source, its articles under it.
    pub grouped: bool,
    pub filter: LineInput,
    /// The filter line has the keyboard.
    pub editing: bool,
    keys: Vec<ArticleKeys>,
    note_counts: Vec<usize>,
    /// The folded filter words in force, and their searchers.
    words: Vec<String>,
    finders: Vec<Finder>,
    /// Every article in view order (grouped, sorted), filtered or not.
    sorted: Vec<usize>,
    /// The articles shown, in view order: `sorted` with the filter applied.
    order: Vec<usize>,
    rows: Vec<Row>,
    /// Row of each entry of `order`.
    row_of_rank: Vec<usize>,
    /// Position in `order` of each article; `usize::MAX` when filtered out.
    rank_of: Vec<usize>,
}

impl ListView {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The articles shown, in order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Articles the list knows, shown or not.
    pub fn total(&self) -> usize {
        self.keys.len()
    }

    pub fn is_filtered(&self) -> bool {
        !self.words.is_empty()
    }

    /// Position of an article among the shown ones.
    pub fn rank(&self, article: usize) -> Option<usize> {
        self.rank_of
            .get(article)
            .copied()
            .filter(|&r| r != usize::MAX)
    }

    /// The row an article is drawn on, when shown.
    pub fn row_of(&self, article: usize) -> Option<usize> {
        self.rank(article)
            .and_then(|r| self.row_of_rank.get(r).copied())
    }

    /// Notes on an article, as the list counts them.
    pub fn note_count(&self, article: usize) -> usize {
        self.note_counts.get(article).copied().unwrap_or(0)
    }

    /// The order in words for the pane's title ("by date ↓"), or `None` in plain load order.
    /// (Grouping needs no words there: the header rows show it.)
    pub fn describe_order(&self) -> Option<String> {
        (self.sort != SortKey::Loaded || self.reversed).then(|| {
            let arrow = if self.descending() { "↓" } else { "↑" };
            format!("by {} {arrow}", self.sort.label())
        })
    }

    fn descending(&self) -> bool {
        self.sort.descending_by_default() != self.reversed
    }

    /// Forgets the articles (a reload), keeping the sort, the grouping and the filter.
    pub(super) fn clear(&mut self) {
        self.selected = 0;
        self.offset = 0;
        self.keys.clear();
        self.note_counts.clear();
        self.sorted.clear();
        self.order.clear();
        self.rows.clear();
        self.row_of_rank.clear();
        self.rank_of.clear();
    }

    /// Takes in the articles the list has not seen yet (the end of `articles`): each is folded
    /// once, and the new ones are sorted among themselves and merged in, so a batch costs its
    /// own sort plus one pass over the list, never a re-sort of everything.
    pub(super) fn extend(&mut self, articles: &[Arc<Article>]) {
        let from = self.keys.len();
        if articles.len() <= from {
            return;
        }
        self.keys
            .extend(articles[from..].iter().map(|a| ArticleKeys::of(a)));
        self.note_counts.resize(articles.len(), 0);
        let mut fresh: Vec<usize> = (from..articles.len()).collect();
        // The comparison ends on the load order, a total order: an unstable sort is exact.
        fresh.sort_unstable_by(|&a, &b| self.compare(articles, a, b));
        self.sorted = merge(&self.sorted, &fresh, |a, b| self.compare(articles, a, b));
        fresh.retain(|&a| self.keys[a].matches(&self.finders));
        self.order = merge(&self.order, &fresh, |a, b| self.compare(articles, a, b));
        self.rebuild_rows(articles);
    }

    /// Sorts everything again after the sort, its direction or the grouping changed.
    pub(super) fn resort(&mut self, articles: &[Arc<Article>]) {
        let mut sorted = std::mem::take(&mut self.sorted);
        sorted.sort_unstable_by(|&a, &b| self.compare(articles, a, b));
        self.sorted = sorted;
        self.apply_filter(articles);
    }

    /// Sets the filter from `text`; `false` when its words did not change.
    pub(super) fn set_filter(&mut self, text: &str, articles: &[Arc<Article>]) -> bool {
        let words: Vec<String> = fold(text)
            .text
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words == self.words {
            return false;
        }
        // Words that only grew (more typed) can only narrow: look among the shown ones.
        let narrowing = self
            .words
            .iter()
            .all(|old| words.iter().any(|new| new.contains(old.as_str())));
        self.finders = words.iter().map(|w| Finder::new(w)).collect();
        self.words = words;
        if narrowing {
            let keys = &self.keys;
            let finders = &self.finders;
            self.order.retain(|&a| keys[a].matches(finders));
            self.rebuild_rows(articles);
        } else {
            self.apply_filter(articles);
        }
        true
    }

    /// The note count of every article, after the notes were placed.
    pub(super) fn set_note_counts(&mut self, counts: Vec<usize>, articles: &[Arc<Article>]) {
        self.note_counts = counts;
        self.note_counts.resize(self.keys.len(), 0);
        if self.sort == SortKey::Notes {
            self.resort(articles);
        }
    }

    fn apply_filter(&mut self, articles: &[Arc<Article>]) {
        let keys = &self.keys;
        let finders = &self.finders;
        self.order = self
            .sorted
            .iter()
            .copied()
            .filter(|&a| keys[a].matches(finders))
            .collect();
        self.rebuild_rows(articles);
    }

    fn rebuild_rows(&mut self, articles: &[Arc<Article>]) {
        self.rows.clear();
        self.row_of_rank.clear();
        self.rank_of.clear();
        self.rank_of.resize(self.keys.len(), usize::MAX);
        let mut group: Option<(bool, &str)> = None;
        let mut header: Option<usize> = None;
        for (rank, &a) in self.order.iter().enumerate() {
            if self.grouped {
                let keys = &self.keys[a];
                let this = (keys.source_known, keys.source());
                if group != Some(this) {
                    group = Some(this);
                    let source = match articles.get(a) {
                        Some(article) if keys.source_known => article.source.clone(),
                        _ => "unknown source".to_string(),
                    };
                    header = Some(self.rows.len());
                    self.rows.push(Row::Header { source, count: 0 });
                }
                if let Some(Row::Header { count, .. }) = header.and_then(|h| self.rows.get_mut(h)) {
                    *count += 1;
                }
            }
            self.rank_of[a] = rank;
            self.row_of_rank.push(self.rows.len());
            self.rows.push(Row::Article(a));
        }
    }

    /// The view order of two articles: the group (when grouped), the sort key in its direction,
    /// then the load order, so equal keys keep a stable, predictable order.
    fn compare(&self, articles: &[Arc<Article>], a: usize, b: usize) -> Ordering {
        let (ka, kb) = (&self.keys[a], &self.keys[b]);
        let by_source = || {
            // Unknown sources last, whichever the direction.
            kb.source_known
                .cmp(&ka.source_known)
                .then_with(|| ka.source().cmp(kb.source()))
        };
        let directed = |o: Ordering| if self.descending() { o.reverse() } else { o };
        let group = if !self.grouped {
            Ordering::Equal
        } else if self.sort == SortKey::Source {
            kb.source_known
                .cmp(&ka.source_known)
                .then_with(|| directed(ka.source().cmp(kb.source())))
        } else {
            by_source()
        };
        let (aa, ab) = (&articles[a], &articles[b]);
        let newest_first = || match (aa.date, ab.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let key = match self.sort {
            SortKey::Loaded => directed(a.cmp(&b)),
            SortKey::Date => match (aa.date, ab.date) {
                // Undated articles last, whichever the direction.
                (Some(x), Some(y)) => directed(x.cmp(&y)),
                _ => newest_first(),
            },
            SortKey::Source => kb
                .source_known
                .cmp(&ka.source_known)
                .then_with(|| directed(ka.source().cmp(kb.source())))
                .then_with(newest_first),
            SortKey::Title => directed(ka.title().cmp(kb.title())),
            SortKey::Length => directed(aa.words.cmp(&ab.words)),
            SortKey::Notes => directed(self.note_count(a).cmp(&self.note_count(b))),
        };
        group.then(key).then(a.cmp(&b))
    }
}

/// Merges two lists sorted by `cmp`; on ties the first list's entry comes first.
fn merge(left: &[usize], right: &[usize], cmp: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&l), Some(&r)) = (left.get(i), right.get(j)) {
        if cmp(r, l) == Ordering::Less {
            out.push(r);
            j += 1;
        } else {
            out.push(l);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    out
}

/// `21268` as `21,268`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl App {
    /// Lines of the list pane that rows can use (the filter line takes one when shown).
    pub fn list_lines(&self) -> usize {
        let lines = self
            .areas()
            .and_then(|a| a.list.or(Some(a.reader)))
            .map(|r| super::layout::inner(r).height as usize)
            .unwrap_or(1);
        let filter_line = usize::from(self.list.editing || self.list.is_filtered());
        lines.saturating_sub(filter_line).max(1)
    }

    /// Whether the list shows its filter line.
    pub fn list_filter_shown(&self) -> bool {
        self.list.editing || self.list.is_filtered()
    }

    /// The largest first row that still fills the pane.
    fn max_list_offset(&self) -> usize {
        let lines = self.list_lines();
        let rows = self.list.rows();
        let mut used = 0;
        let mut first = rows.len();
        while first > 0 {
            let h = rows[first - 1].height();
            if used + h > lines {
                break;
            }
            used += h;
            first -= 1;
        }
        first
    }

    /// Scrolls the list so the selected article shows (with its group's header when it is the
    /// first of its group), and never past the end.
    pub(super) fn keep_list_selection_visible(&mut self) {
        let lines = self.list_lines();
        if let Some(row) = self.list.row_of(self.list.selected) {
            let rows = self.list.rows();
            let top = match row.checked_sub(1).and_then(|r| rows.get(r)) {
                Some(Row::Header { .. }) => row - 1,
                _ => row,
            };
            // The smallest first row that still shows the selected row whole.
            let mut used = 0;
            let mut lowest = row + 1;
            while lowest > 0 {
                let h = rows[lowest - 1].height();
                if used + h > lines {
                    break;
                }
                used += h;
                lowest -= 1;
            }
            if top < self.list.offset {
                self.list.offset = top;
            } else if self.list.offset < lowest {
                self.list.offset = lowest;
            }
        }
        self.list.offset = self.list.offset.min(self.max_list_offset());
    }

    /// Scrolls the list by rows (the mouse wheel).
    pub(super) fn scroll_list(&mut self, down: bool) {
        self.list.offset = if down {
            (self.list.offset + 1).min(self.max_list_offset())
        } else {
            self.list.offset.saturating_sub(1)
        };
    }

    /// The article drawn at a line of the list's rows (0 = the first line under the filter).
    pub(super) fn list_article_at(&self, line: usize) -> Option<usize> {
        let mut top = 0;
        for row in self.list.rows().iter().skip(self.list.offset) {
            let h = row.height();
            if line < top + h {
                return match row {
                    Row::Article(a) => Some(*a),
                    Row::Header { .. } => None,
                };
            }
            top += h;
        }
        None
    }

    /// Moves the selection `steps` articles down (or up) the view, headers skipped. When the
    /// selected article is filtered out, the first (or last) shown article is taken.
    pub(super) fn step_in_list(&mut self, steps: isize) -> Vec<Effect> {
        let order = self.list.order();
        let target = match self.list.rank(self.list.selected) {
            Some(rank) => rank
                .saturating_add_signed(steps)
                .min(order.len().saturating_sub(1)),
            None if steps < 0 => order.len().saturating_sub(1),
            None => 0,
        };
        match order.get(target).copied() {
            Some(article) => self.select_article(article),
            None => Vec::new(),
        }
    }

    /// The first or last shown article.
    pub(super) fn list_end(&mut self, last: bool) -> Vec<Effect> {
        let order = self.list.order();
        let target = if last { order.last() } else { order.first() };
        match target.copied() {
            Some(article) => self.select_article(article),
            None => Vec::new(),
        }
    }

    /// Takes in the articles of a new batch, keeping the selection on its article.
    pub(super) fn list_took_batch(&mut self) {
        self.list.extend(&self.articles);
        self.keep_list_selection_visible();
    }

    pub(super) fn cycle_sort(&mut self) {
        self.list.sort = self.list.sort.next();
        self.list.reversed = false;
        self.list.resort(&self.articles);
        self.keep_list_selection_visible();
        self.flash_list_order();
    }

    pub(super) fn reverse_sort(&mut self) {
        self.list.reversed = !self.list.reversed;
        self.list.resort(&self.articles);
        self.keep_list_selection_visible();
        self.flash_list_order();
    }

    fn flash_list_order(&mut self) {
        self.flash = Some(format!(
            "list {}{}",
            self.list
                .describe_order()
                .unwrap_or_else(|| "in load order".to_string()),
            if self.list.grouped {
                ", grouped by source"
            } else {
                ""
            }
        ));
    }

    pub(super) fn toggle_grouping(&mut self) {
        self.list.grouped = !self.list.grouped;
        self.list.resort(&self.articles);
        self.keep_list_selection_visible();
        self.flash = Some(
            if self.list.grouped {
                "list grouped by source"
            } else {
                "list not grouped"
            }
            .to_string(),
        );
    }

    /// Opens the filter line in the list (keeping the words already typed).
    pub(super) fn start_list_filter(&mut self) {
        self.set_focus(Pane::List);
        self.list.editing = true;
        self.list.filter.cursor = self.list.filter.text.chars().count();
        self.keep_list_selection_visible();
    }

    /// Removes the filter: every article shows again, the selection stays on its article.
    pub(super) fn clear_list_filter(&mut self) {
        self.list.editing = false;
        self.list.filter = LineInput::default();
        self.list.set_filter("", &self.articles);
        self.keep_list_selection_visible();
    }

    /// A key while the filter line has the keyboard.
    pub(super) fn list_filter_key(&mut self, key: Key) -> Vec<Effect> {
        match (key.code, key.ctrl) {
            (Code::Esc, _) => {
                self.clear_list_filter();
                Vec::new()
            }
            (Code::Enter, _) => {
                self.list.editing = false;
                self.keep_list_selection_visible();
                Vec::new()
            }
            (Code::Down, _) | (Code::Char('n'), true) => self.step_in_list(1),
            (Code::Up, _) | (Code::Char('p'), true) => self.step_in_list(-1),
            (Code::PageDown, _) => self.step_in_list(self.list_rows() as isize),
            (Code::PageUp, _) => self.step_in_list(-(self.list_rows() as isize)),
            _ => {
                if !self.list.filter.edit(&key) {
                    return Vec::new();
                }
                let text = self.list.filter.text.clone();
                if !self.list.set_filter(&text, &self.articles) {
                    return Vec::new();
                }
                self.list.offset = 0;
                // The selection stays on its article while it matches; otherwise the first
                // match is taken (and the reader follows it).
                if self.list.rank(self.list.selected).is_none()
                    && let Some(&first) = self.list.order().first()
                {
                    return self.select_article(first);
                }
                self.keep_list_selection_visible();
                Vec::new()
            }
        }
    }

    /// Counts the notes placed on each article, for the list's column and its notes sort.
    pub(super) fn count_list_notes(&mut self) {
        let mut counts = vec![0; self.articles.len()];
        for (article, _) in self.notes.placed.iter().flatten() {
            if let Some(c) = counts.get_mut(*article) {
                *c += 1;
            }
        }
        self.list.set_note_counts(counts, &self.articles);
        self.keep_list_selection_visible();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(21268), "21,268");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn merge_keeps_both_orders_and_prefers_the_first_on_ties() {
        let cmp = |a: usize, b: usize| (a / 10).cmp(&(b / 10));
        assert_eq!(
            merge(&[1, 21, 40], &[12, 25, 50], cmp),
            [1, 12, 21, 25, 40, 50]
        );
        assert_eq!(merge(&[], &[3], cmp), [3]);
    }
}
