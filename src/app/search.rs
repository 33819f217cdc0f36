//! The search overlay's state and what its keys do: the query being typed (each keystroke
//! supersedes the running search), results, scope, grouping by source, history, and the view
//! to return to.

use super::input::LineInput;
use super::key::{Code, Key};
use super::layout::Pane;
use super::{App, Effect, Overlay, ReadingPosition};
use crate::search::{Hit, Query};
use std::sync::Arc;

/// Results asked of the index per query.
pub const RESULT_LIMIT: usize = 500;

/// Where the reader was when the overlay opened: Esc goes back there.
#[derive(Debug, Clone, Copy)]
pub struct ReturnPoint {
    pub article: Option<usize>,
    pub position: Option<ReadingPosition>,
    pub focus: Pane,
    pub list_selected: usize,
}

#[derive(Debug, Clone)]
pub struct SearchView {
    pub input: LineInput,
    /// Search only the article open when the overlay was opened.
    pub in_article: Option<usize>,
    pub scope_article: bool,
    pub aliases: bool,
    pub grouped: bool,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub generation: u64,
    /// A search is running for the current query.
    pub searching: bool,
    pub history: Vec<String>,
    history_pos: Option<usize>,
    pub return_to: Option<ReturnPoint>,
}

impl Default for SearchView {
    fn default() -> Self {
        SearchView {
            input: LineInput::default(),
            in_article: None,
            scope_article: false,
            aliases: true,
            grouped: false,
            hits: Vec::new(),
            selected: 0,
            generation: 0,
            searching: false,
            history: Vec::new(),
            history_pos: None,
            return_to: None,
        }
    }
}

/// The overlay's own keys, for the help screen (typing edits the query).
pub const SEARCH_KEYS: &[(&str, &str)] = &[
    ("up, down", "Select a result"),
    ("pageup, pagedown", "A page of results"),
    (
        "enter",
        "Open the article at the passage; n and N then walk the matches",
    ),
    ("tab", "Search all sources, or only the open article"),
    ("ctrl-g", "Group the results by source"),
    (
        "ctrl-t",
        "Expand names through the lexicon (Stepanakert finds Khankendi), on or off",
    ),
    ("ctrl-p, ctrl-n", "Previous and next query from the history"),
    ("esc", "Close, back to where you were"),
];

impl SearchView {
    /// The query the input and toggles describe.
    pub fn query(&self) -> Query {
        let mut q = Query::parse(&self.input.text).aliases(self.aliases);
        if let (true, Some(a)) = (self.scope_article, self.in_article) {
            q = q.in_article(a);
        }
        q
    }

    /// The hits in display order: by score, or grouped by source (sources ordered by their best
    /// hit, which comes first within each group).
    pub fn ordered(&self, app: &App) -> Vec<Hit> {
        if !self.grouped {
            return self.hits.clone();
        }
        let outlet = |h: &Hit| {
            app.articles
                .get(h.article)
                .map(|a| a.outlet().to_string())
                .unwrap_or_default()
        };
        let mut order: Vec<String> = Vec::new();
        for h in &self.hits {
            let o = outlet(h);
            if !order.contains(&o) {
                order.push(o);
            }
        }
        let mut out = self.hits.clone();
        out.sort_by_key(|h| {
            order
                .iter()
                .position(|o| *o == outlet(h))
                .unwrap_or(usize::MAX)
        });
        out
    }
}

impl App {
    /// Opens the search overlay over all sources, remembering the view to return to.
    pub(super) fn open_search(&mut self) -> Vec<Effect> {
        self.search.return_to = Some(ReturnPoint {
            article: self.reader.article,
            position: self.reader.position,
            focus: self.focus,
            list_selected: self.list.selected,
        });
        self.search.in_article = self.reader.article;
        self.search.history_pos = None;
        self.overlay = Some(Overlay::Search);
        self.run_search()
    }

    /// A key while the search overlay is open.
    pub(super) fn search_key(&mut self, key: Key) -> Vec<Effect> {
        let n = self.search.hits.len();
        let page = (self.height as usize).saturating_sub(8).max(1) / 2;
        match (key.code, key.ctrl) {
            (Code::Esc, _) => {
                self.close_search(true);
                Vec::new()
            }
            (Code::Enter, _) => self.open_selected_hit(),
            (Code::Down, _) => {
                self.search.selected = (self.search.selected + 1).min(n.saturating_sub(1));
                Vec::new()
            }
            (Code::Up, _) => {
                self.search.selected = self.search.selected.saturating_sub(1);
                Vec::new()
            }
            (Code::PageDown, _) => {
                self.search.selected = (self.search.selected + page).min(n.saturating_sub(1));
                Vec::new()
            }
            (Code::PageUp, _) => {
                self.search.selected = self.search.selected.saturating_sub(page);
                Vec::new()
            }
            (Code::Tab, _) => {
                self.search.scope_article =
                    !self.search.scope_article && self.search.in_article.is_some();
                self.run_search()
            }
            (Code::Char('g'), true) => {
                self.search.grouped = !self.search.grouped;
                self.search.selected = 0;
                Vec::new()
            }
            (Code::Char('t'), true) => {
                self.search.aliases = !self.search.aliases;
                self.run_search()
            }
            (Code::Char('p'), true) | (Code::Char('n'), true) => {
                let history = &self.search.history;
                if history.is_empty() {
                    return Vec::new();
                }
                let last = history.len() - 1;
                let pos = match (self.search.history_pos, key.code == Code::Char('p')) {
                    (None, true) => Some(last),
                    (None, false) => None,
                    (Some(p), true) => Some(p.saturating_sub(1)),
                    (Some(p), false) if p < last => Some(p + 1),
                    (Some(_), false) => None,
                };
                self.search.history_pos = pos;
                self.search.input = LineInput::with(pos.map(|p| history[p].as_str()).unwrap_or(""));
                self.run_search()
            }
            _ => {
                if self.search.input.edit(&key) {
                    self.run_search()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// Starts a search for the current query, superseding any running one.
    pub(super) fn run_search(&mut self) -> Vec<Effect> {
        self.search.generation += 1;
        self.search.selected = 0;
        let query = self.search.query();
        if query.is_empty() {
            self.search.hits.clear();
            self.search.searching = false;
            return Vec::new();
        }
        let Some(index) = self.search_index.clone() else {
            // Searched again when the index is ready.
            self.search.searching = true;
            return Vec::new();
        };
        self.search.searching = true;
        vec![Effect::Search {
            generation: self.search.generation,
            index,
            query,
            tags: self.note_tags.clone(),
        }]
    }

    pub(super) fn search_results(&mut self, generation: u64, hits: Vec<Hit>) {
        if generation != self.search.generation {
            return;
        }
        self.search.hits = hits;
        self.search.searching = false;
        self.search.selected = self
            .search
            .selected
            .min(self.search.hits.len().saturating_sub(1));
    }

    fn close_search(&mut self, restore: bool) {
        self.overlay = None;
        if let (true, Some(back)) = (restore, self.search.return_to.take()) {
            if let Some(article) = back.article {
                if self.reader.article != Some(article) {
                    let _ = self.open(article);
                }
                self.reader.position = back.position;
                self.fix_cursor_after_block_change();
            }
            self.list.selected = back.list_selected;
            self.keep_list_selection_visible();
            self.focus = back.focus;
        }
    }

    fn remember_query(&mut self) {
        let text = self.search.input.text.trim().to_string();
        if text.is_empty() {
            return;
        }
        self.search.history.retain(|h| *h != text);
        self.search.history.push(text);
        self.last_query = Some(self.search.query());
    }

    fn open_selected_hit(&mut self) -> Vec<Effect> {
        let ordered = self.search.ordered(self);
        let Some(hit) = ordered.get(self.search.selected).cloned() else {
            return Vec::new();
        };
        self.remember_query();
        self.close_search(false);
        self.search.return_to = None;
        let effects = self.jump_to(hit.article, hit.passage, None);
        self.flash = Some("n and N move between the matches in this article".to_string());
        effects
    }

    /// n / N: the next or previous passage of the open article that matches the last search.
    pub(super) fn step_match(&mut self, forward: bool) {
        let (Some(query), Some(index), Some(article)) = (
            self.last_query.clone(),
            self.search_index.clone(),
            self.reader.article,
        ) else {
            self.flash = Some("no search yet: / searches".to_string());
            return;
        };
        let mut passages: Vec<usize> = index
            .search(&query.in_article(article), usize::MAX)
            .into_iter()
            .map(|h| h.passage)
            .collect();
        passages.sort_unstable();
        passages.dedup();
        let cursor = self.reader.position.map(|p| p.cursor).unwrap_or(0);
        let target = if forward {
            passages.iter().find(|&&p| p > cursor).or(passages.first())
        } else {
            passages
                .iter()
                .rev()
                .find(|&&p| p < cursor)
                .or(passages.last())
        };
        match target.copied() {
            Some(p) => {
                let rank = passages.iter().position(|&x| x == p).unwrap_or(0) + 1;
                let _ = self.jump_to(article, p, None);
                self.flash = Some(format!(
                    "match {rank} of {} in this article",
                    passages.len()
                ));
            }
            None => self.flash = Some("no match of the last search in this article".to_string()),
        }
    }

    /// The search index, once built; re-runs a query that was waiting for it.
    pub(super) fn search_indexed(&mut self, index: Arc<crate::search::SearchIndex>) -> Vec<Effect> {
        self.search_index = Some(index);
        // A fuller index (the corpus is still arriving) also answers the open query again.
        if self.overlay == Some(Overlay::Search) {
            return self.run_search();
        }
        Vec::new()
    }
}
