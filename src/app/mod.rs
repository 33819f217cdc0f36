//! Application state and the only code that changes it: `update(Msg) -> Vec<Effect>`.
//!
//! Keys become `Action`s through the keymap; actions, mouse events, resizes and worker results
//! arrive as `Msg`s; `update` changes the state and returns `Effect`s (work for threads) that the
//! runtime performs. Drawing reads the state and never changes it.

pub mod action;
pub mod input;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod notes;
pub mod parallel;
pub mod reader;
pub mod search;
pub mod session;
pub mod side;

use crate::analysis::align::{AlignIndex, Comparison};
use crate::analysis::spans::{ArticleSpans, SpanKind};
use crate::analysis::terms::{Occurrence, TermIndex};
use crate::config::Config;
use crate::corpus::{Article, Diagnostic, Input, LoadEvent, Role};
use crate::lexicon::Matcher;
use crate::search::{Hit, Query, SearchIndex};
use action::Action;
use key::Key;
use layout::{Areas, Pane};
use reader::{BlockKey, Decor, GUTTER, Geometry, Pos};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

/// Rows each article takes in the list: title, then source, date and length.
pub const LIST_ROW_HEIGHT: usize = 2;
/// The longest line the reader wraps to, in columns: longer lines are hard to read.
pub const MAX_MEASURE: usize = 100;
/// Lines a mouse wheel step scrolls.
const WHEEL_LINES: usize = 3;

/// Everything that can change the state.
#[derive(Debug, Clone)]
pub enum Msg {
    Action(Action),
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel over a point; `down` scrolls towards the end.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
    Load {
        generation: u64,
        event: LoadEvent,
    },
    /// The highlights of an article, from the analysis worker.
    Analyzed {
        generation: u64,
        article: usize,
        spans: Arc<ArticleSpans>,
    },
    /// The corpus-wide use of the lexicon over the first `covers` articles, from the indexing
    /// worker.
    TermsIndexed {
        generation: u64,
        covers: usize,
        index: Arc<TermIndex>,
    },
    /// The search index over the first `covers` articles, from the indexing worker.
    SearchIndexed {
        generation: u64,
        covers: usize,
        index: Arc<SearchIndex>,
    },
    /// Results of the search with this generation.
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// The alignment index over the first `covers` articles, from the indexing worker.
    AlignIndexed {
        generation: u64,
        covers: usize,
        index: Arc<AlignIndex>,
    },
    /// Each source's distinctive vocabulary, from the indexing worker.
    WordsIndexed {
        generation: u64,
        words: Arc<Vec<crate::analysis::words::GroupWords>>,
        /// Why there are none, when they were not worked out for this corpus.
        skipped: Option<String>,
    },
    /// The claims ledger and the events, from the indexing worker.
    LedgerIndexed {
        generation: u64,
        ledger: Arc<Ledger>,
    },
    /// How the other sources tell the passage (article, passage) under the cursor.
    Compared {
        generation: u64,
        comparison: Arc<Comparison>,
    },
    /// The passages of the open article aligned with the parallel view's right article.
    ArticlesAligned {
        generation: u64,
        pairing: Arc<parallel::Pairing>,
    },
    /// The notes store after an operation.
    NotesReplied {
        notes: Vec<crate::notes::Note>,
        read_only: Option<String>,
    },
    /// A notes operation failed; `corrupt` when the file could not be read and was set aside.
    NotesFailed {
        message: String,
        corrupt: bool,
    },
    /// The session worker's report.
    Session(session::SessionReply),
}

/// While a corpus streams in, the search and terms indexes are rebuilt over what has arrived each
/// time it has grown this many times over since the last build (and the last build is done): the
/// work stays within a third of the final build.
const CATCH_UP_GROWTH: usize = 4;
/// The alignment index (the slowest) catches up only while the corpus is this small; beyond it,
/// comparison waits for the whole corpus rather than building it twice.
const ALIGN_CATCH_UP_LIMIT: usize = 4096;

/// How many of the loaded articles (a prefix: articles only ever arrive at the end) each index
/// covers, so that a partial index built while loading never replaces a fuller one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub terms: usize,
    pub search: usize,
    pub align: usize,
    /// Articles the last requested search and terms build covered.
    requested: usize,
    /// Articles the last requested alignment build covered.
    align_requested: usize,
    /// A search index build is running: no catch-up starts on top of it.
    search_building: bool,
    /// The last search and terms build asked for was of the whole corpus, not a catch-up.
    requested_whole: bool,
    /// Likewise for the alignment index.
    align_requested_whole: bool,
}

/// Work `update` asks the runtime to do off the UI thread.
#[derive(Debug, Clone)]
pub enum Effect {
    Load {
        generation: u64,
        inputs: Vec<Input>,
    },
    /// Find the highlights of one article.
    Analyze {
        generation: u64,
        article: usize,
        text: Arc<Article>,
        matcher: Arc<Matcher>,
    },
    /// Index the lexicon's use across the corpus.
    IndexTerms {
        generation: u64,
        articles: Vec<Arc<Article>>,
        matcher: Arc<Matcher>,
        /// The whole corpus is loaded: this build is the last, not a catch-up.
        complete: bool,
    },
    /// Build the alignment index.
    IndexAlign {
        generation: u64,
        articles: Vec<Arc<Article>>,
        matcher: Arc<Matcher>,
        /// The whole corpus is loaded: this build is the last, not a catch-up.
        complete: bool,
    },
    /// Find each source's distinctive vocabulary.
    IndexWords {
        generation: u64,
        articles: Vec<Arc<Article>>,
        matcher: Arc<Matcher>,
    },
    /// Build the events and the claims ledger (needs the alignment index).
    IndexLedger {
        generation: u64,
        articles: Vec<Arc<Article>>,
        index: Arc<AlignIndex>,
    },
    /// Compare one passage with the other sources.
    Compare {
        generation: u64,
        index: Arc<AlignIndex>,
        article: usize,
        passage: usize,
    },
    /// Align the passages of two articles, for the parallel view.
    AlignArticles {
        generation: u64,
        index: Arc<AlignIndex>,
        left: usize,
        right: usize,
    },
    /// Build the search index.
    IndexSearch {
        generation: u64,
        articles: Vec<Arc<Article>>,
        matcher: Arc<Matcher>,
        /// The whole corpus is loaded: this build is the last, not a catch-up.
        complete: bool,
    },
    /// Save the search and terms indexes a catch-up build made over what turned out to be the
    /// whole corpus, for the next opening (a load that ends before its catch-up was asked for).
    SaveIndexes {
        generation: u64,
        articles: Vec<Arc<Article>>,
        matcher: Arc<Matcher>,
        search: Arc<SearchIndex>,
        terms: Arc<TermIndex>,
    },
    /// Read or change the notes store (on a worker).
    Notes {
        dir: std::path::PathBuf,
        op: notes::NotesOp,
    },
    /// Read or save the reading session (on a worker).
    Session(session::SessionJob),
    /// Run a search; a newer generation supersedes it.
    Search {
        generation: u64,
        index: Arc<SearchIndex>,
        query: Query,
        tags: Arc<TagMap>,
    },
}

/// Events (aligned passages across sources) and the numeric claims grouped over them.
#[derive(Debug)]
pub struct Ledger {
    pub events: crate::analysis::claims::Events,
    pub claims: Vec<crate::analysis::claims::ClaimGroup>,
}

/// Note tags by (article, passage), for `#tag` in searches.
pub type TagMap = HashMap<(usize, usize), Vec<String>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadPhase {
    Scanning {
        found: usize,
    },
    /// `bytes_done` of the inputs' `bytes` read, `files_done` of `files` files.
    Loading {
        bytes_done: u64,
        bytes: u64,
        files_done: usize,
        files: usize,
    },
    Done {
        elapsed: Duration,
    },
}

#[derive(Debug, Clone)]
pub struct LoadStatus {
    pub generation: u64,
    pub phase: LoadPhase,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Messages { scroll: usize },
    Search,
    Editor,
    Notes,
    NotesProblem,
}

pub use list::ListView;

/// Where the reader is in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingPosition {
    /// Passage index under the cursor.
    pub cursor: usize,
    /// Block at the top of the view and the line inside it.
    pub top: BlockKey,
    pub top_line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ReaderView {
    pub article: Option<usize>,
    pub position: Option<ReadingPosition>,
    pub show_boilerplate: bool,
    /// Blocks of the open article as currently shown.
    pub blocks: Vec<BlockKey>,
    /// Positions in articles read before, restored when they are opened again.
    pub remembered: HashMap<usize, ReadingPosition>,
}

#[derive(Debug, Clone, Default)]
pub struct SideView {
    pub scroll: usize,
    /// The keyword-in-context line selected in the inspector.
    pub kwic: usize,
    pub tab: side::SideTab,
}

/// The highlight under the highlight cursor: passage index and index in its span list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub passage: usize,
    pub span: usize,
}

pub struct App {
    pub config: Config,
    pub inputs: Vec<Input>,
    /// What the corpus is, for the status line and help: "sample corpus" or the paths.
    pub corpus_label: String,
    pub articles: Vec<Arc<Article>>,
    pub load: LoadStatus,
    pub focus: Pane,
    /// The pane shown beside the reader when only two fit.
    pub companion: Pane,
    pub list: ListView,
    pub reader: ReaderView,
    pub side: SideView,
    pub matcher: Arc<Matcher>,
    /// Highlights of the open article, when the worker has reported them.
    pub spans: Option<(usize, Arc<ArticleSpans>)>,
    /// What the corpus indexes cover while the corpus is still arriving.
    pub coverage: Coverage,
    analysis_generation: u64,
    /// The lexicon's use across the corpus, once indexed.
    pub terms: Option<Arc<TermIndex>>,
    /// Highlight layers switched off.
    pub hidden_layers: BTreeSet<SpanKind>,
    /// The naming lens: an index into the lexicon's conventions.
    pub lens: Option<usize>,
    pub conventions: Vec<String>,
    /// Terms the lens renames in the open article (see `refresh_lens_swaps`).
    lens_swap_count: usize,
    pub highlight: Option<Highlight>,
    /// A highlight to select once the article it is in has been analysed (after a jump).
    pending_highlight: Option<Range<usize>>,
    pub search: search::SearchView,
    pub search_index: Option<Arc<SearchIndex>>,
    /// The last search opened from the overlay: n and N walk its matches, the reader marks them.
    pub last_query: Option<Query>,
    pub note_tags: Arc<TagMap>,
    pub notes: notes::NotesState,
    pub selection: Option<notes::Selection>,
    pub editor: Option<notes::Editor>,
    pub notes_view: notes::NotesView,
    /// Where jumps came from (article, passage), for `ctrl-o`.
    pub jumps: Vec<(usize, usize)>,
    pub align_index: Option<Arc<AlignIndex>>,
    pub words: Option<Arc<Vec<crate::analysis::words::GroupWords>>>,
    /// Why the corpus has no distinctive words by source (too many sources to compare).
    pub words_skipped: Option<String>,
    pub ledger: Option<Arc<Ledger>>,
    /// The comparison for the passage under the cursor, once the worker has made it.
    pub comparison: Option<Arc<Comparison>>,
    compare_generation: u64,
    /// The (article, passage) the last comparison was asked for.
    compare_asked: Option<(usize, usize)>,
    /// Two articles side by side, the aligned passages level.
    pub parallel: parallel::ParallelView,
    pub overlay: Option<Overlay>,
    pub width: u16,
    pub height: u16,
    /// A one-off message for the status line.
    pub flash: Option<String>,
    pub quit: bool,
    /// Where the reader was, remembered across runs.
    session: session::SessionState,
}

impl App {
    /// A new app about to load `inputs`; run the returned effects to start loading.
    pub fn new(
        config: Config,
        matcher: Arc<Matcher>,
        inputs: Vec<Input>,
        corpus_label: String,
        width: u16,
        height: u16,
    ) -> (Self, Vec<Effect>) {
        let conventions = matcher.lexicon.conventions();
        let mut app = App {
            config,
            inputs,
            corpus_label,
            articles: Vec::new(),
            load: LoadStatus {
                generation: 0,
                phase: LoadPhase::Scanning { found: 0 },
                diagnostics: Vec::new(),
            },
            focus: Pane::List,
            companion: Pane::List,
            list: ListView::default(),
            reader: ReaderView::default(),
            side: SideView::default(),
            matcher,
            spans: None,
            coverage: Coverage::default(),
            analysis_generation: 0,
            terms: None,
            hidden_layers: BTreeSet::new(),
            lens: None,
            conventions,
            lens_swap_count: 0,
            highlight: None,
            pending_highlight: None,
            search: search::SearchView::default(),
            search_index: None,
            last_query: None,
            note_tags: Arc::new(TagMap::new()),
            notes: notes::NotesState::default(),
            selection: None,
            editor: None,
            notes_view: notes::NotesView::default(),
            jumps: Vec::new(),
            align_index: None,
            words: None,
            words_skipped: None,
            ledger: None,
            comparison: None,
            compare_generation: 0,
            compare_asked: None,
            parallel: parallel::ParallelView::default(),
            overlay: None,
            width,
            height,
            flash: None,
            quit: false,
            session: session::SessionState::default(),
        };
        let effects = app.start_load();
        (app, effects)
    }

    fn start_load(&mut self) -> Vec<Effect> {
        self.load.generation += 1;
        self.load.phase = LoadPhase::Scanning { found: 0 };
        self.load.diagnostics.clear();
        self.terms = None;
        self.search_index = None;
        self.align_index = None;
        self.coverage = Coverage::default();
        self.words = None;
        self.words_skipped = None;
        self.ledger = None;
        self.comparison = None;
        self.compare_asked = None;
        vec![Effect::Load {
            generation: self.load.generation,
            inputs: self.inputs.clone(),
        }]
    }

    pub fn areas(&self) -> Option<Areas> {
        if self.parallel.open
            && let Some((areas, _)) = layout::parallel_areas(self.width, self.height)
        {
            return Some(areas);
        }
        layout::areas(self.width, self.height, self.companion)
    }

    pub fn current_article(&self) -> Option<&Arc<Article>> {
        self.reader.article.and_then(|i| self.articles.get(i))
    }

    /// Text width and rows of the reader.
    pub fn reader_viewport(&self) -> (usize, usize) {
        match self.areas() {
            Some(a) => {
                let inner = layout::inner(a.reader);
                (
                    (inner.width as usize)
                        .saturating_sub(GUTTER + 1)
                        .clamp(1, MAX_MEASURE),
                    (inner.height as usize).max(1),
                )
            }
            None => (1, 1),
        }
    }

    pub fn geometry(&self) -> Option<Geometry<'_>> {
        let article = self.current_article()?;
        Some(Geometry {
            article,
            text: article.text(),
            blocks: &self.reader.blocks,
            width: self.reader_viewport().0,
            decor: self.decor(),
        })
    }

    /// The open article's highlights as the reader draws them, once analysed.
    pub fn decor(&self) -> Option<Decor<'_>> {
        let (article, spans) = self.spans.as_ref()?;
        if Some(*article) != self.reader.article {
            return None;
        }
        Some(self.decor_with(spans, self.highlight.map(|h| (h.passage, h.span))))
    }

    /// How an article's highlights are drawn under the current layers and lens.
    pub fn decor_with<'a>(
        &'a self,
        spans: &'a ArticleSpans,
        selected: Option<(usize, usize)>,
    ) -> Decor<'a> {
        Decor {
            spans,
            lexicon: &self.matcher.lexicon,
            hidden: &self.hidden_layers,
            lens: self.lens_convention(),
            selected,
        }
    }

    pub fn lens_convention(&self) -> Option<&str> {
        self.lens
            .and_then(|i| self.conventions.get(i))
            .map(String::as_str)
    }

    /// The span under the highlight cursor.
    pub fn highlighted(&self) -> Option<&crate::analysis::spans::Span> {
        let h = self.highlight?;
        let (article, spans) = self.spans.as_ref()?;
        if Some(*article) != self.reader.article {
            return None;
        }
        spans.passages.get(h.passage)?.get(h.span)
    }

    /// Other uses of the highlighted lexicon term or entity across the corpus.
    pub fn kwic(&self) -> &[Occurrence] {
        match (self.highlighted().and_then(|s| s.target), &self.terms) {
            (Some(target), Some(index)) => index.occurrences(target),
            _ => &[],
        }
    }

    /// The top of the reader's view as a line position.
    pub fn reader_top(&self) -> Pos {
        match (self.geometry(), self.reader.position) {
            (Some(g), Some(p)) => Pos {
                block: g.index_at_or_after(p.top),
                line: p.top_line,
            },
            _ => Pos::default(),
        }
    }

    /// Articles a page of the list holds.
    fn list_rows(&self) -> usize {
        (self.list_lines() / LIST_ROW_HEIGHT).max(1)
    }

    pub fn side_rows(&self) -> usize {
        self.areas()
            .and_then(|a| a.side)
            .map(|r| layout::inner(r).height as usize)
            .unwrap_or(1)
    }

    pub fn side_width(&self) -> usize {
        self.areas()
            .and_then(|a| a.side)
            .map(|r| (layout::inner(r).width as usize).saturating_sub(1))
            .unwrap_or(30)
            .max(1)
    }

    /// Maps a key through the keymap and updates; unbound keys do nothing.
    pub fn press(&mut self, key: Key) -> Vec<Effect> {
        let before = self.session_before(true);
        let mut effects = self.press_key(key);
        effects.extend(self.session_after(before));
        effects
    }

    fn press_key(&mut self, key: Key) -> Vec<Effect> {
        match self.overlay {
            Some(Overlay::Search) => return self.search_key(key),
            Some(Overlay::Editor) => return self.editor_key(key),
            Some(Overlay::Notes) => return self.notes_view_key(key),
            Some(Overlay::NotesProblem) => return self.notes_problem_key(key),
            None if self.list.editing => return self.list_filter_key(key),
            _ => {}
        }
        match self.config.keymap.action(&key) {
            Some(action) => self.update(Msg::Action(action)),
            None => Vec::new(),
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let by_user = matches!(msg, Msg::Action(_) | Msg::Click { .. } | Msg::Wheel { .. });
        let before = self.session_before(by_user);
        let mut effects = self.apply(msg);
        // The cursor may have moved (keys, wheel, clicks, a resize): both the Compare tab and
        // the parallel view follow it.
        effects.extend(self.request_comparison());
        effects.extend(self.follow_parallel());
        effects.extend(self.session_after(before));
        effects
    }

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Action(action) => {
                self.flash = None;
                let mut effects = self.act(action);
                effects.extend(self.request_comparison());
                effects
            }
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.keep_list_selection_visible();
                self.clamp_reader();
                self.ensure_cursor_visible(false);
                Vec::new()
            }
            Msg::Wheel { column, row, down } => self.wheel(column, row, down),
            Msg::Click { column, row } => self.click(column, row),
            Msg::Load { generation, event } => {
                if generation != self.load.generation {
                    return Vec::new();
                }
                self.loaded(event)
            }
            Msg::Analyzed {
                generation,
                article,
                spans,
            } => {
                if generation != self.analysis_generation || self.reader.article != Some(article) {
                    self.parallel_analyzed(generation, article, spans);
                } else {
                    self.spans = Some((article, spans));
                    self.refresh_lens_swaps();
                    if let Some(range) = self.pending_highlight.take() {
                        self.select_highlight_at(range);
                    }
                    // Under a lens the text changed, so the view is re-anchored.
                    self.clamp_reader();
                    self.ensure_cursor_visible(false);
                }
                Vec::new()
            }
            Msg::TermsIndexed {
                generation,
                covers,
                index,
            } => {
                if generation == self.load.generation && covers >= self.coverage.terms {
                    self.coverage.terms = covers;
                    self.terms = Some(index);
                }
                Vec::new()
            }
            Msg::SearchIndexed {
                generation,
                covers,
                index,
            } => {
                if generation == self.load.generation && covers >= self.coverage.search {
                    self.coverage.search = covers;
                    self.coverage.search_building = false;
                    return self.search_indexed(index);
                }
                Vec::new()
            }
            Msg::SearchResults { generation, hits } => {
                self.search_results(generation, hits);
                Vec::new()
            }
            Msg::AlignIndexed {
                generation,
                covers,
                index,
            } => {
                if generation == self.load.generation && covers >= self.coverage.align {
                    self.coverage.align = covers;
                    self.align_index = Some(index.clone());
                    // A newer index may align the passage under the cursor differently.
                    self.compare_asked = None;
                    let mut effects = self.request_comparison();
                    effects.extend(self.ledger_when_complete());
                    return effects;
                }
                Vec::new()
            }
            Msg::WordsIndexed {
                generation,
                words,
                skipped,
            } => {
                if generation == self.load.generation {
                    self.words = Some(words);
                    self.words_skipped = skipped;
                }
                Vec::new()
            }
            Msg::LedgerIndexed { generation, ledger } => {
                if generation == self.load.generation {
                    self.ledger = Some(ledger);
                }
                Vec::new()
            }
            Msg::Compared {
                generation,
                comparison,
            } => {
                if generation == self.compare_generation {
                    self.comparison = Some(comparison);
                }
                Vec::new()
            }
            Msg::ArticlesAligned {
                generation,
                pairing,
            } => {
                self.parallel_aligned(generation, pairing);
                Vec::new()
            }
            Msg::NotesReplied { notes, read_only } => {
                self.notes_replied(notes, read_only);
                Vec::new()
            }
            Msg::NotesFailed { message, corrupt } => {
                self.notes_failed(message, corrupt);
                Vec::new()
            }
            Msg::Session(reply) => self.session_replied(reply),
        }
    }

    fn loaded(&mut self, event: LoadEvent) -> Vec<Effect> {
        match event {
            LoadEvent::Scanning { found } => {
                self.load.phase = LoadPhase::Scanning { found };
                Vec::new()
            }
            LoadEvent::Progress {
                bytes_done,
                bytes,
                files_done,
                files,
            } => {
                self.load.phase = LoadPhase::Loading {
                    bytes_done,
                    bytes,
                    files_done,
                    files,
                };
                Vec::new()
            }
            LoadEvent::Diagnostic(d) => {
                self.load.diagnostics.push(d);
                Vec::new()
            }
            LoadEvent::Articles(batch) => {
                let first = self.articles.is_empty();
                self.articles.extend(batch.into_iter().map(Arc::new));
                self.list_took_batch();
                let mut effects = self.catch_up_indexes();
                if first && !self.articles.is_empty() {
                    // The first article the list shows; the first loaded when none matches.
                    effects.extend(self.open(self.list.order().first().copied().unwrap_or(0)));
                }
                effects
            }
            LoadEvent::Finished { elapsed, .. } => {
                self.load.phase = LoadPhase::Done { elapsed };
                self.place_notes();
                if self.articles.is_empty() {
                    self.flash = Some("no articles loaded: see the messages (!)".to_string());
                    return Vec::new();
                }
                // The last batch may already have been indexed as it arrived.
                // A catch-up over every article may still be waiting its turn (catch-ups are
                // held back while a load is young): asking for the whole corpus replaces it.
                let all = self.articles.len();
                let coverage = self.coverage;
                let mut effects = Vec::new();
                if (coverage.search < all || coverage.terms < all)
                    && (coverage.requested < all || !coverage.requested_whole)
                {
                    effects.extend(self.index_search_and_terms());
                } else if !coverage.requested_whole {
                    // A catch-up finished over every article before the load said it was done:
                    // its indexes are the whole corpus's, and are saved as a whole build's are.
                    effects.extend(self.save_caught_up_indexes());
                }
                if coverage.align < all
                    && (coverage.align_requested < all || !coverage.align_requested_whole)
                {
                    effects.extend(self.index_alignment());
                } else {
                    effects.extend(self.ledger_when_complete());
                }
                effects.push(Effect::IndexWords {
                    generation: self.load.generation,
                    articles: self.articles.clone(),
                    matcher: self.matcher.clone(),
                });
                effects
            }
        }
    }

    /// The events and claims need the whole corpus aligned: asked for once the load is done and
    /// the alignment index covers every article, whichever of the two happens last.
    fn ledger_when_complete(&self) -> Option<Effect> {
        let index = self.align_index.clone()?;
        let complete = matches!(self.load.phase, LoadPhase::Done { .. })
            && self.coverage.align == self.articles.len();
        complete.then(|| Effect::IndexLedger {
            generation: self.load.generation,
            articles: self.articles.clone(),
            index,
        })
    }

    /// Indexes over the articles loaded so far, when enough have arrived since the last build:
    /// search, highlighting's corpus view and comparison work on the part already loaded.
    fn catch_up_indexes(&mut self) -> Vec<Effect> {
        let loaded = self.articles.len();
        let grown = loaded >= self.coverage.requested.saturating_mul(CATCH_UP_GROWTH);
        // Past half the input the whole index is near, and a catch-up would build it twice.
        let past_half = matches!(
            self.load.phase,
            LoadPhase::Loading { bytes_done, bytes, .. } if bytes > 0 && bytes_done * 2 > bytes
        );
        if loaded == 0 || !grown || past_half || self.coverage.search_building {
            return Vec::new();
        }
        let mut effects = self.index_search_and_terms();
        if loaded <= ALIGN_CATCH_UP_LIMIT {
            effects.extend(self.index_alignment());
        }
        effects
    }

    /// Builds the search and terms indexes over every article loaded so far (search first: it
    /// is what a reader waits for).
    fn index_search_and_terms(&mut self) -> Vec<Effect> {
        self.coverage.requested = self.articles.len();
        self.coverage.search_building = true;
        let generation = self.load.generation;
        let complete = self.load_complete();
        self.coverage.requested_whole = complete;
        vec![
            Effect::IndexSearch {
                generation,
                articles: self.articles.clone(),
                matcher: self.matcher.clone(),
                complete,
            },
            Effect::IndexTerms {
                generation,
                articles: self.articles.clone(),
                matcher: self.matcher.clone(),
                complete,
            },
        ]
    }

    fn save_caught_up_indexes(&mut self) -> Option<Effect> {
        let (search, terms) = (self.search_index.clone()?, self.terms.clone()?);
        self.coverage.requested_whole = true;
        Some(Effect::SaveIndexes {
            generation: self.load.generation,
            articles: self.articles.clone(),
            matcher: self.matcher.clone(),
            search,
            terms,
        })
    }

    /// Builds the alignment index over every article loaded so far.
    fn index_alignment(&mut self) -> Vec<Effect> {
        self.coverage.align_requested = self.articles.len();
        self.coverage.align_requested_whole = self.load_complete();
        vec![Effect::IndexAlign {
            generation: self.load.generation,
            articles: self.articles.clone(),
            matcher: self.matcher.clone(),
            complete: self.load_complete(),
        }]
    }

    fn load_complete(&self) -> bool {
        matches!(self.load.phase, LoadPhase::Done { .. })
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        if let Some(overlay) = self.overlay {
            return self.act_on_overlay(overlay, action);
        }
        match action {
            Action::Quit => {
                self.quit = true;
                Vec::new()
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                Vec::new()
            }
            Action::ShowMessages => {
                self.overlay = Some(Overlay::Messages { scroll: 0 });
                Vec::new()
            }
            Action::Reload => {
                self.remember_position();
                self.articles.clear();
                self.list.clear();
                self.reader = ReaderView {
                    show_boilerplate: self.reader.show_boilerplate,
                    ..ReaderView::default()
                };
                self.spans = None;
                self.highlight = None;
                self.flash = Some("reloading…".to_string());
                self.start_load()
            }
            Action::Cancel => {
                if self.selection.is_some() {
                    self.selection = None;
                } else if self.highlight.is_some() {
                    self.highlight = None;
                } else if self.parallel.open {
                    self.close_parallel();
                } else if self.focus == Pane::Reader || self.focus == Pane::Side {
                    self.set_focus(Pane::List);
                } else if self.list.is_filtered() {
                    self.clear_list_filter();
                }
                Vec::new()
            }
            Action::SortList => {
                self.cycle_sort();
                Vec::new()
            }
            Action::ReverseSort => {
                self.reverse_sort();
                Vec::new()
            }
            Action::GroupBySource => {
                self.toggle_grouping();
                Vec::new()
            }
            Action::FilterList => {
                self.start_list_filter();
                Vec::new()
            }
            Action::Search => self.open_search(),
            Action::Bookmark => self.toggle_bookmark(),
            Action::Select => {
                self.toggle_selection();
                Vec::new()
            }
            Action::Annotate => {
                self.start_annotation();
                Vec::new()
            }
            Action::EditNote => {
                self.edit_note_here();
                Vec::new()
            }
            Action::Parallel => self.toggle_parallel(),
            Action::NextTab | Action::PrevTab if self.parallel.open => {
                self.cycle_parallel(action == Action::NextTab)
            }
            Action::FocusNext | Action::FocusPrev | Action::FocusList | Action::FocusSide
                if self.parallel.open =>
            {
                self.flash = Some(format!(
                    "the parallel view shows the reader and one other source: {} closes it",
                    self.config.keymap.hint(Action::Parallel)
                ));
                Vec::new()
            }
            Action::NextTab | Action::PrevTab => {
                self.side.tab = self.side.tab.step(action == Action::NextTab);
                self.side.scroll = 0;
                self.side.kwic = 0;
                if self.areas().is_some_and(|a| a.side.is_none()) {
                    // Two-pane layout: show the side panel in place of the list.
                    self.companion = Pane::Side;
                }
                Vec::new()
            }
            Action::JumpBack => self.jump_back(),
            Action::ShowNotes => {
                self.open_notes_view();
                Vec::new()
            }
            Action::NextMatch | Action::PrevMatch => {
                self.step_match(action == Action::NextMatch);
                Vec::new()
            }
            Action::NextHighlight | Action::PrevHighlight => {
                self.step_highlight(action == Action::NextHighlight);
                Vec::new()
            }
            Action::CycleLens => {
                self.cycle_lens();
                Vec::new()
            }
            Action::LayerTerms
            | Action::LayerPeople
            | Action::LayerPlaces
            | Action::LayerOrgs
            | Action::LayerDates
            | Action::LayerNumbers
            | Action::LayerQuotes => {
                if let Some(layer) = action.layer() {
                    let shown = if self.hidden_layers.remove(&layer) {
                        true
                    } else {
                        self.hidden_layers.insert(layer);
                        false
                    };
                    if !shown && self.highlighted().is_some_and(|s| s.kind == layer) {
                        self.highlight = None;
                    }
                    self.flash = Some(format!(
                        "{} {}",
                        layer.label(),
                        if shown { "shown" } else { "hidden" }
                    ));
                }
                Vec::new()
            }
            Action::FocusNext => {
                let next = match self.focus {
                    Pane::List => Pane::Reader,
                    Pane::Reader => Pane::Side,
                    Pane::Side => Pane::List,
                };
                self.set_focus(next);
                Vec::new()
            }
            Action::FocusPrev => {
                let prev = match self.focus {
                    Pane::List => Pane::Side,
                    Pane::Reader => Pane::List,
                    Pane::Side => Pane::Reader,
                };
                self.set_focus(prev);
                Vec::new()
            }
            Action::FocusList => {
                self.set_focus(Pane::List);
                Vec::new()
            }
            Action::FocusReader => {
                self.set_focus(Pane::Reader);
                Vec::new()
            }
            Action::FocusSide => {
                self.set_focus(Pane::Side);
                Vec::new()
            }
            Action::NextArticle => self.step_in_list(1),
            Action::PrevArticle => self.step_in_list(-1),
            Action::ToggleBoilerplate => {
                self.toggle_boilerplate();
                Vec::new()
            }
            Action::Open => {
                if self.focus == Pane::Side {
                    return match self.side.tab {
                        side::SideTab::Compare => self.jump_to_match(),
                        side::SideTab::Details => self.jump_to_kwic(),
                        _ => self.open_side_choice(),
                    };
                }
                if self.focus == Pane::List {
                    let effects = if self.reader.article == Some(self.list.selected) {
                        Vec::new()
                    } else {
                        self.open(self.list.selected)
                    };
                    self.set_focus(Pane::Reader);
                    effects
                } else {
                    Vec::new()
                }
            }
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::First
            | Action::Last => self.movement(action),
        }
    }

    fn act_on_overlay(&mut self, overlay: Overlay, action: Action) -> Vec<Effect> {
        let (Overlay::Help { scroll } | Overlay::Messages { scroll }) = overlay else {
            return Vec::new();
        };
        let page = (self.height as usize).saturating_sub(6).max(1);
        let scroll = match action {
            Action::MoveDown => scroll + 1,
            Action::MoveUp => scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => scroll + page,
            Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(page),
            Action::First => 0,
            Action::Last => usize::MAX / 2,
            Action::Quit | Action::Cancel => {
                self.overlay = None;
                return Vec::new();
            }
            Action::Help if matches!(overlay, Overlay::Help { .. }) => {
                self.overlay = None;
                return Vec::new();
            }
            Action::ShowMessages if matches!(overlay, Overlay::Messages { .. }) => {
                self.overlay = None;
                return Vec::new();
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return Vec::new();
            }
            Action::ShowMessages => {
                self.overlay = Some(Overlay::Messages { scroll: 0 });
                return Vec::new();
            }
            _ => scroll,
        };
        let total = match overlay {
            Overlay::Messages { .. } => self.load.diagnostics.len() + 2,
            _ => self.help_lines(),
        };
        let scroll = scroll.min(total.saturating_sub(page));
        self.overlay = Some(match overlay {
            Overlay::Messages { .. } => Overlay::Messages { scroll },
            _ => Overlay::Help { scroll },
        });
        Vec::new()
    }

    /// Lines of the help overlay, for scrolling.
    pub fn help_lines(&self) -> usize {
        // Drawing clamps the scroll to the real length, so erring long is harmless.
        let groups = 6;
        let overlay_keys = search::SEARCH_KEYS.len()
            + notes::EDITOR_KEYS.len()
            + notes::NOTES_VIEW_KEYS.len()
            + list::FILTER_KEYS.len()
            + 4 * 2;
        Action::ALL.len() + groups * 2 + overlay_keys + 3 + 8
    }

    fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        if pane != Pane::Reader {
            self.companion = pane;
        }
        self.keep_list_selection_visible();
        self.clamp_reader();
    }

    fn movement(&mut self, action: Action) -> Vec<Effect> {
        match self.focus {
            Pane::List => {
                let page = self.list_rows() as isize;
                match action {
                    Action::MoveDown => self.step_in_list(1),
                    Action::MoveUp => self.step_in_list(-1),
                    Action::PageDown => self.step_in_list(page),
                    Action::PageUp => self.step_in_list(-page),
                    Action::HalfPageDown => self.step_in_list((page + 1) / 2),
                    Action::HalfPageUp => self.step_in_list(-(page + 1) / 2),
                    Action::First => self.list_end(false),
                    Action::Last => self.list_end(true),
                    _ => Vec::new(),
                }
            }
            Pane::Reader
                if self.selection.is_some()
                    && matches!(action, Action::MoveDown | Action::MoveUp) =>
            {
                self.extend_selection(action == Action::MoveDown);
                Vec::new()
            }
            Pane::Reader => {
                self.reader_movement(action);
                Vec::new()
            }
            Pane::Side if self.side_choices() > 0 => {
                let n = self.side_choices();
                let k = self.side.kwic;
                self.side.kwic = match action {
                    Action::MoveDown => (k + 1).min(n - 1),
                    Action::MoveUp => k.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => (k + 5).min(n - 1),
                    Action::PageUp | Action::HalfPageUp => k.saturating_sub(5),
                    Action::First => 0,
                    Action::Last => n - 1,
                    _ => k,
                };
                let content = side::content_in(self, self.side_width(), side::Window::LAYOUT);
                if let Some(&line) = content.kwic_lines.get(self.side.kwic) {
                    let rows = self.side_rows();
                    // The whole entry in view when it fits: the selected claim shows its
                    // whole sentence.
                    let end = content
                        .kwic_lines
                        .get(self.side.kwic + 1)
                        .copied()
                        .unwrap_or(line + 1)
                        .max(line + 1);
                    if line < self.side.scroll {
                        self.side.scroll = line.saturating_sub(1);
                    } else if end > self.side.scroll + rows {
                        self.side.scroll = (end - rows).min(line);
                    }
                }
                Vec::new()
            }
            Pane::Side => {
                let page = self.side_rows().max(2) - 1;
                let total = side::content_in(self, self.side_width(), side::Window::LAYOUT).total;
                let max = total.saturating_sub(self.side_rows());
                let s = self.side.scroll.min(max);
                self.side.scroll = match action {
                    Action::MoveDown => s + 1,
                    Action::MoveUp => s.saturating_sub(1),
                    Action::PageDown => s + page,
                    Action::PageUp => s.saturating_sub(page),
                    Action::HalfPageDown => s + page.div_ceil(2),
                    Action::HalfPageUp => s.saturating_sub(page.div_ceil(2)),
                    Action::First => 0,
                    Action::Last => max,
                    _ => s,
                }
                .min(max);
                Vec::new()
            }
        }
    }

    /// Selects an article in the list and opens it in the reader (the reader follows the list).
    fn select_article(&mut self, index: usize) -> Vec<Effect> {
        if index >= self.articles.len() {
            return Vec::new();
        }
        self.list.selected = index;
        self.keep_list_selection_visible();
        if self.reader.article == Some(index) {
            return Vec::new();
        }
        self.open(index)
    }

    fn remember_position(&mut self) {
        if let (Some(a), Some(p)) = (self.reader.article, self.reader.position) {
            self.reader.remembered.insert(a, p);
        }
    }

    /// Opens an article in the reader where it was last left, and asks for its names.
    fn open(&mut self, index: usize) -> Vec<Effect> {
        let Some(article) = self.articles.get(index).cloned() else {
            return Vec::new();
        };
        self.remember_position();
        self.list.selected = index;
        self.keep_list_selection_visible();
        self.reader.article = Some(index);
        self.reader.blocks = reader::blocks(&article, self.reader.show_boilerplate);
        self.reader.position = Some(self.reader.remembered.get(&index).copied().unwrap_or_else(
            || ReadingPosition {
                cursor: first_shown_passage(&self.reader.blocks).unwrap_or(0),
                top: BlockKey::Title,
                top_line: 0,
            },
        ));
        self.fix_cursor_after_block_change();
        self.side.scroll = 0;
        self.side.kwic = 0;
        self.spans = None;
        self.lens_swap_count = 0;
        self.highlight = None;
        self.selection = None;
        self.analysis_generation += 1;
        vec![Effect::Analyze {
            generation: self.analysis_generation,
            article: index,
            text: article,
            matcher: self.matcher.clone(),
        }]
    }

    /// Opens the notes store in `dir` (on a worker); call once after `new`.
    pub fn open_notes(&mut self, dir: std::path::PathBuf) -> Vec<Effect> {
        self.notes.dir = Some(dir);
        self.notes_effect(notes::NotesOp::Open)
    }

    /// Moves the highlight cursor to the next (or previous) shown highlight, from the cursor
    /// passage on, and brings its passage under the reader's cursor.
    fn step_highlight(&mut self, forward: bool) {
        let Some((_, spans)) = self
            .spans
            .clone()
            .filter(|(a, _)| Some(*a) == self.reader.article)
        else {
            self.flash = Some("highlights are still being found…".to_string());
            return;
        };
        let shown: Vec<usize> = self.shown_passages().map(|(_, p)| p).collect();
        let mut all: Vec<Highlight> = Vec::new();
        for &p in &shown {
            if let Some(list) = spans.passages.get(p) {
                for (i, span) in list.iter().enumerate() {
                    if !self.hidden_layers.contains(&span.kind) {
                        all.push(Highlight {
                            passage: p,
                            span: i,
                        });
                    }
                }
            }
        }
        if all.is_empty() {
            self.flash = Some("no highlights shown in this article".to_string());
            return;
        }
        let cursor = self.reader.position.map(|p| p.cursor).unwrap_or(0);
        let rank = |h: &Highlight| shown.iter().position(|&p| p == h.passage).unwrap_or(0);
        let cursor_rank = shown.iter().position(|&p| p == cursor).unwrap_or(0);
        let next = match (self.highlight, forward) {
            (Some(current), true) => all
                .iter()
                .position(|h| *h == current)
                .map(|i| (i + 1) % all.len()),
            (Some(current), false) => all
                .iter()
                .position(|h| *h == current)
                .map(|i| (i + all.len() - 1) % all.len()),
            (None, true) => all.iter().position(|h| rank(h) >= cursor_rank),
            (None, false) => all.iter().rposition(|h| rank(h) <= cursor_rank),
        }
        .unwrap_or(if forward { 0 } else { all.len() - 1 });
        let chosen = all[next];
        self.highlight = Some(chosen);
        self.side.kwic = 0;
        self.side.scroll = 0;
        if chosen.passage != cursor {
            if let Some(p) = self.reader.position.as_mut() {
                p.cursor = chosen.passage;
            }
            self.ensure_cursor_visible(false);
        }
    }

    fn select_highlight_at(&mut self, range: Range<usize>) {
        let Some((_, spans)) = &self.spans else {
            return;
        };
        for (p, list) in spans.passages.iter().enumerate() {
            if let Some(i) = list.iter().position(|s| s.range == range) {
                self.highlight = Some(Highlight {
                    passage: p,
                    span: i,
                });
                return;
            }
        }
    }

    fn cycle_lens(&mut self) {
        if self.conventions.is_empty() {
            self.flash = Some("the lexicon names no conventions".to_string());
            return;
        }
        self.lens = match self.lens {
            None => Some(0),
            Some(i) if i + 1 < self.conventions.len() => Some(i + 1),
            Some(_) => None,
        };
        self.refresh_lens_swaps();
        let swaps = self.lens_swaps();
        self.flash = Some(match self.lens_convention() {
            Some(c) => format!("naming lens: {c} ({swaps} term(s) renamed in this article)"),
            None => "naming lens off: as written".to_string(),
        });
        self.clamp_reader();
        self.ensure_cursor_visible(false);
    }

    /// How many terms the lens renames in the open article's shown passages.
    pub fn lens_swaps(&self) -> usize {
        self.lens_swap_count
    }

    /// Recounts the lens's renamings: when the lens, the highlights or the shown passages
    /// change, not on every frame.
    fn refresh_lens_swaps(&mut self) {
        self.lens_swap_count = match (self.decor(), self.current_article()) {
            (Some(decor), Some(article)) if decor.lens.is_some() => {
                let text = article.text();
                self.reader
                    .blocks
                    .iter()
                    .filter_map(|b| match b {
                        BlockKey::Passage(i) => {
                            Some(reader::passage_view(article, &text, *i, &decor).swaps)
                        }
                        _ => None,
                    })
                    .sum()
            }
            _ => 0,
        };
    }

    /// Opens the article of the selected keyword-in-context line at its passage.
    fn jump_to_kwic(&mut self) -> Vec<Effect> {
        let Some(occurrence) = self.kwic().get(self.side.kwic).cloned() else {
            return Vec::new();
        };
        self.jump_to(
            occurrence.article,
            occurrence.passage,
            Some(occurrence.range),
        )
    }

    /// Opens an article with the cursor on a passage, and selects the highlight at `range`.
    pub fn jump_to(
        &mut self,
        article: usize,
        passage: usize,
        range: Option<Range<usize>>,
    ) -> Vec<Effect> {
        if let (Some(from), Some((p, _))) = (self.reader.article, self.cursor_passage())
            && (from, p) != (article, passage)
        {
            self.jumps.push((from, p));
        }
        self.go_to(article, passage, range)
    }

    /// Lines the side panel lets the user pick (and Enter jump to).
    fn side_choices(&self) -> usize {
        match self.side.tab {
            side::SideTab::Compare => self
                .comparison
                .as_ref()
                .filter(|c| Some((c.article, c.passage)) == self.compare_asked)
                .map(|c| c.matches.len())
                .unwrap_or(0),
            side::SideTab::Details => self.kwic().len().min(side::KWIC_LIMIT),
            side::SideTab::Claims => self.claim_list().len(),
            side::SideTab::Events => self.ledger.as_ref().map_or(0, |l| l.events.events.len()),
            side::SideTab::Words => self.outlet_words().len(),
            side::SideTab::Terms => 0,
        }
    }

    /// Every claim of the ledger, in the order the Claims tab lists them.
    pub fn claim_list(&self) -> Vec<&crate::analysis::claims::Claim> {
        self.ledger
            .as_ref()
            .map(|l| l.claims.iter().flat_map(|g| g.claims.iter()).collect())
            .unwrap_or_default()
    }

    /// The open article's source's distinctive words, as the Words tab lists them first.
    pub fn outlet_words(&self) -> &[crate::analysis::words::WordScore] {
        let outlet = self.current_article().map(|a| a.outlet());
        self.words
            .as_ref()
            .and_then(|groups| groups.iter().find(|g| Some(g.group.as_str()) == outlet))
            .map(|g| g.words.as_slice())
            .unwrap_or(&[])
    }

    /// Enter on a line of the Claims, Events or Words tab.
    fn open_side_choice(&mut self) -> Vec<Effect> {
        let k = self.side.kwic;
        match self.side.tab {
            side::SideTab::Claims => {
                match self.claim_list().get(k).map(|c| (c.article(), c.passage())) {
                    Some((article, passage)) => self.jump_to(article, passage, None),
                    None => Vec::new(),
                }
            }
            side::SideTab::Events => {
                let target = self
                    .ledger
                    .as_ref()
                    .and_then(|l| l.events.events.get(k))
                    .and_then(|e| {
                        // The open article's own passage of the event when it has one.
                        e.passages
                            .iter()
                            .find(|(a, _)| Some(*a) == self.reader.article)
                            .or(e.passages.first())
                            .copied()
                    });
                match target {
                    Some((article, passage)) => self.jump_to(article, passage, None),
                    None => Vec::new(),
                }
            }
            side::SideTab::Words => match self.outlet_words().get(k).cloned() {
                Some(w) if !w.concept => {
                    let effects = self.open_search();
                    self.search.input = input::LineInput::with(&w.word);
                    let mut more = self.run_search();
                    more.extend(effects);
                    more
                }
                Some(_) => {
                    self.flash =
                        Some("a concept: the Terms tab shows who names it how".to_string());
                    Vec::new()
                }
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Asks for the comparison of the passage under the cursor when the Compare tab or the
    /// parallel view shows it and it is not already asked for.
    fn request_comparison(&mut self) -> Vec<Effect> {
        if self.side.tab != side::SideTab::Compare && !self.parallel.open {
            return Vec::new();
        }
        let (Some(article), Some((passage, _)), Some(index)) = (
            self.reader.article,
            self.cursor_passage(),
            self.align_index.clone(),
        ) else {
            return Vec::new();
        };
        if self.compare_asked == Some((article, passage)) {
            return Vec::new();
        }
        self.compare_asked = Some((article, passage));
        self.compare_generation += 1;
        self.side.kwic = 0;
        vec![Effect::Compare {
            generation: self.compare_generation,
            index,
            article,
            passage,
        }]
    }

    /// Enter on a match in the Compare tab: open that passage.
    fn jump_to_match(&mut self) -> Vec<Effect> {
        let Some(m) = self
            .comparison
            .as_ref()
            .and_then(|c| c.matches.get(self.side.kwic))
            .cloned()
        else {
            return Vec::new();
        };
        self.jump_to(m.article, m.passage, None)
    }

    /// `ctrl-o`: back to where the last jump came from.
    fn jump_back(&mut self) -> Vec<Effect> {
        match self.jumps.pop() {
            Some((article, passage)) => {
                self.flash = Some(format!("back ({} more in the jump list)", self.jumps.len()));
                self.go_to(article, passage, None)
            }
            None => {
                self.flash = Some("the jump list is empty".to_string());
                Vec::new()
            }
        }
    }

    fn go_to(
        &mut self,
        article: usize,
        passage: usize,
        range: Option<Range<usize>>,
    ) -> Vec<Effect> {
        let effects = if self.reader.article == Some(article) {
            Vec::new()
        } else {
            self.open(article)
        };
        self.list.selected = article;
        self.keep_list_selection_visible();
        let shown_now = self.reader.blocks.contains(&BlockKey::Passage(passage));
        if !shown_now {
            self.toggle_boilerplate();
        }
        self.set_cursor(passage);
        self.ensure_cursor_visible(false);
        self.set_focus(Pane::Reader);
        match range {
            Some(range) if self.spans.as_ref().is_some_and(|(a, _)| *a == article) => {
                self.select_highlight_at(range)
            }
            Some(range) => self.pending_highlight = Some(range),
            None => {}
        }
        effects
    }

    fn toggle_boilerplate(&mut self) {
        self.reader.show_boilerplate = !self.reader.show_boilerplate;
        let hidden = self
            .current_article()
            .map(|a| a.boilerplate_count())
            .unwrap_or(0);
        self.flash = Some(if self.reader.show_boilerplate {
            format!("showing {hidden} boilerplate passage(s), dimmed")
        } else {
            format!("hiding {hidden} boilerplate passage(s)")
        });
        if let Some(article) = self.current_article().cloned() {
            self.reader.blocks = reader::blocks(&article, self.reader.show_boilerplate);
            self.fix_cursor_after_block_change();
        }
        self.refresh_lens_swaps();
    }

    /// After the shown blocks change, keep the cursor on a shown passage and the view on it.
    fn fix_cursor_after_block_change(&mut self) {
        let Some(mut pos) = self.reader.position else {
            return;
        };
        if !self.reader.blocks.contains(&BlockKey::Passage(pos.cursor)) {
            let after = self.reader.blocks.iter().find_map(|b| match b {
                BlockKey::Passage(i) if *i > pos.cursor => Some(*i),
                _ => None,
            });
            let before = self.reader.blocks.iter().rev().find_map(|b| match b {
                BlockKey::Passage(i) if *i < pos.cursor => Some(*i),
                _ => None,
            });
            if let Some(c) = after.or(before) {
                pos.cursor = c;
            }
        }
        if !self.reader.blocks.contains(&pos.top) {
            let g_index = match self.reader.blocks.binary_search(&pos.top) {
                Ok(i) | Err(i) => i.min(self.reader.blocks.len().saturating_sub(1)),
            };
            pos.top = self
                .reader
                .blocks
                .get(g_index)
                .copied()
                .unwrap_or(BlockKey::Title);
            pos.top_line = 0;
        }
        self.reader.position = Some(pos);
        self.ensure_cursor_visible(false);
    }

    /// Keeps the top within the article at the current size.
    fn clamp_reader(&mut self) {
        let rows = self.reader_viewport().1;
        let top = self.reader_top();
        let clamped = match self.geometry() {
            Some(g) => g.clamp_top(top, rows),
            None => return,
        };
        self.set_top(clamped);
    }

    fn set_top(&mut self, top: Pos) {
        let key = self.reader.blocks.get(top.block).copied();
        if let (Some(p), Some(key)) = (self.reader.position.as_mut(), key) {
            p.top = key;
            p.top_line = top.line;
        }
    }

    fn cursor_block(&self) -> Option<usize> {
        let p = self.reader.position?;
        self.geometry()?.index_of(BlockKey::Passage(p.cursor))
    }

    /// Scrolls so the cursor passage shows; `at_bottom` aligns a passage taller than the view
    /// (or one above it) by its end, as when moving up.
    fn ensure_cursor_visible(&mut self, at_bottom: bool) {
        let (_, rows) = self.reader_viewport();
        let Some(c) = self.cursor_block() else {
            return;
        };
        let top = self.reader_top();
        let new_top = {
            let Some(g) = self.geometry() else {
                return;
            };
            let c_lines = g.height(c) - 1;
            let c_start = Pos { block: c, line: 0 };
            let c_last = Pos {
                block: c,
                line: c_lines.saturating_sub(1),
            };
            if (c, 0) < (top.block, top.line) {
                if at_bottom && c_lines > rows {
                    g.backward(c_last, rows - 1)
                } else {
                    c_start
                }
            } else if g.distance(top, c_last, rows + 1) >= rows {
                if c_lines >= rows && !at_bottom {
                    c_start
                } else {
                    g.backward(c_last, rows - 1)
                }
            } else {
                top
            }
        };
        let clamped = self
            .geometry()
            .map(|g| g.clamp_top(new_top, rows))
            .unwrap_or(new_top);
        self.set_top(clamped);
    }

    fn set_cursor(&mut self, passage: usize) {
        if let Some(p) = self.reader.position.as_mut() {
            if p.cursor != passage {
                self.highlight = None;
            }
            p.cursor = passage;
        }
        self.side.scroll = 0;
    }

    /// Passages whose blocks are shown, in order.
    fn shown_passages(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.reader
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(b, k)| match k {
                BlockKey::Passage(i) => Some((b, *i)),
                _ => None,
            })
    }

    fn reader_movement(&mut self, action: Action) {
        let (_, rows) = self.reader_viewport();
        let Some(c) = self.cursor_block() else {
            return;
        };
        let top = self.reader_top();
        let step = (rows / 3).max(1);
        match action {
            Action::MoveDown => {
                // A passage taller than the view is read through before the cursor moves on.
                let hidden_below = self.geometry().map(|g| {
                    let last = Pos {
                        block: c,
                        line: g.height(c) - 2,
                    };
                    g.distance(top, last, usize::MAX).saturating_sub(rows - 1)
                });
                let next = self.shown_passages().find(|(b, _)| *b > c);
                if let Some(hidden) =
                    hidden_below.filter(|&h| h > 0 && self.cursor_top_visible_or_above(c, top))
                {
                    self.scroll_reader_lines(step.min(hidden) as isize);
                } else if let Some((_, next)) = next {
                    self.set_cursor(next);
                    self.ensure_cursor_visible(false);
                }
            }
            Action::MoveUp => {
                let hidden_above = self
                    .geometry()
                    .map(|g| g.distance(Pos { block: c, line: 0 }, top, usize::MAX))
                    .unwrap_or(0);
                let prev = self.shown_passages().filter(|(b, _)| *b < c).last();
                if hidden_above > 0 && top.block == c {
                    self.scroll_reader_lines(-(step.min(hidden_above) as isize));
                } else if let Some((_, prev)) = prev {
                    self.set_cursor(prev);
                    self.ensure_cursor_visible(true);
                }
            }
            Action::PageDown | Action::PageUp | Action::HalfPageDown | Action::HalfPageUp => {
                let amount = match action {
                    Action::PageDown | Action::PageUp => rows.saturating_sub(2).max(1),
                    _ => (rows / 2).max(1),
                } as isize;
                let down = matches!(action, Action::PageDown | Action::HalfPageDown);
                let before = self.reader_top();
                self.scroll_reader_lines(if down { amount } else { -amount });
                if self.reader_top() == before {
                    // At either end already: the cursor goes to the last or first passage.
                    let target = if down {
                        self.shown_passages().last()
                    } else {
                        self.shown_passages().next()
                    };
                    let target: Option<(usize, usize)> = target;
                    if let Some((_, p)) = target {
                        self.set_cursor(p);
                    }
                }
                self.cursor_into_view(down);
            }
            Action::First => {
                let first = self.shown_passages().next();
                if let Some((_, p)) = first {
                    self.set_cursor(p);
                }
                self.set_top(Pos::default());
            }
            Action::Last => {
                let last = self.shown_passages().last();
                if let Some((_, p)) = last {
                    self.set_cursor(p);
                }
                if let Some(max) = self.geometry().map(|g| g.max_top(rows)) {
                    self.set_top(max);
                }
            }
            _ => {}
        }
    }

    fn cursor_top_visible_or_above(&self, c: usize, top: Pos) -> bool {
        (c, 0) <= (top.block, top.line) || {
            let (_, rows) = self.reader_viewport();
            self.geometry()
                .map(|g| g.distance(top, Pos { block: c, line: 0 }, rows + 1) < rows)
                .unwrap_or(false)
        }
    }

    fn scroll_reader_lines(&mut self, n: isize) {
        let (_, rows) = self.reader_viewport();
        let top = self.reader_top();
        let new = match self.geometry() {
            Some(g) => {
                let moved = if n >= 0 {
                    g.forward(top, n as usize)
                } else {
                    g.backward(top, n.unsigned_abs())
                };
                g.clamp_top(moved, rows)
            }
            None => return,
        };
        self.set_top(new);
    }

    /// After a scroll, moves the cursor onto a passage that is on screen: the first one whose
    /// start shows (`prefer_first`), or the nearest one otherwise.
    fn cursor_into_view(&mut self, prefer_first: bool) {
        let (_, rows) = self.reader_viewport();
        let top = self.reader_top();
        let Some(cursor) = self.reader.position.map(|p| p.cursor) else {
            return;
        };
        let screen = match self.geometry() {
            Some(g) => g.screen(top, rows),
            None => return,
        };
        let on_screen: Vec<usize> = screen
            .iter()
            .filter_map(|l| match (l.block, l.text.is_some()) {
                (BlockKey::Passage(i), true) => Some(i),
                _ => None,
            })
            .fold(Vec::new(), |mut v, i| {
                if v.last() != Some(&i) {
                    v.push(i);
                }
                v
            });
        if on_screen.contains(&cursor) {
            return;
        }
        let starts: Vec<usize> = screen
            .iter()
            .filter_map(|l| match (l.block, l.line) {
                (BlockKey::Passage(i), 0) => Some(i),
                _ => None,
            })
            .collect();
        let pick = if prefer_first {
            starts.first().or(on_screen.first())
        } else {
            starts.last().or(on_screen.last())
        };
        if let Some(&p) = pick {
            self.set_cursor(p);
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) -> Vec<Effect> {
        let Some(pane) = self.areas().and_then(|a| a.pane_at(column, row)) else {
            return Vec::new();
        };
        match pane {
            Pane::Reader => {
                let n = WHEEL_LINES as isize;
                self.scroll_reader_lines(if down { n } else { -n });
                self.cursor_into_view(down);
                Vec::new()
            }
            Pane::List => {
                self.scroll_list(down);
                Vec::new()
            }
            Pane::Side => {
                let max = side::content_in(self, self.side_width(), side::Window::LAYOUT)
                    .total
                    .saturating_sub(self.side_rows());
                self.side.scroll = if down {
                    (self.side.scroll + WHEEL_LINES).min(max)
                } else {
                    self.side.scroll.saturating_sub(WHEEL_LINES)
                };
                Vec::new()
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.overlay.is_some() {
            self.overlay = None;
            return Vec::new();
        }
        let Some(areas) = self.areas() else {
            return Vec::new();
        };
        let Some(pane) = areas.pane_at(column, row) else {
            return Vec::new();
        };
        self.focus = pane;
        if pane != Pane::Reader {
            self.companion = pane;
        }
        if pane != Pane::List {
            // Clicking away keeps the filter and gives the keys back.
            self.list.editing = false;
        }
        match pane {
            Pane::List => {
                let inner = layout::inner(areas.list.unwrap_or_default());
                let first = inner.y + u16::from(self.list_filter_shown());
                if row < first || row >= inner.y + inner.height {
                    return Vec::new();
                }
                match self.list_article_at((row - first) as usize) {
                    Some(article) => self.select_article(article),
                    None => Vec::new(),
                }
            }
            Pane::Reader => {
                let inner = layout::inner(areas.reader);
                if row < inner.y || row >= inner.y + inner.height {
                    return Vec::new();
                }
                let (_, rows) = self.reader_viewport();
                let clicked = self
                    .geometry()
                    .map(|g| g.screen(self.reader_top(), rows))
                    .and_then(|s| s.get((row - inner.y) as usize).map(|l| l.block));
                if let Some(BlockKey::Passage(p)) = clicked {
                    self.set_cursor(p);
                }
                Vec::new()
            }
            Pane::Side => Vec::new(),
        }
    }

    /// The passage under the cursor, with its index.
    pub fn cursor_passage(&self) -> Option<(usize, &crate::corpus::Passage)> {
        let article = self.current_article()?;
        let cursor = self.reader.position?.cursor;
        article.passages.get(cursor).map(|p| (cursor, p))
    }

    /// 1-based rank of the cursor among shown passages, and how many are shown.
    pub fn cursor_rank(&self) -> Option<(usize, usize)> {
        let cursor = self.reader.position?.cursor;
        let shown: Vec<usize> = self.shown_passages().map(|(_, p)| p).collect();
        let rank = shown.iter().position(|&p| p == cursor)?;
        Some((rank + 1, shown.len()))
    }
}

fn first_shown_passage(blocks: &[BlockKey]) -> Option<usize> {
    blocks.iter().find_map(|b| match b {
        BlockKey::Passage(i) => Some(*i),
        _ => None,
    })
}

/// Whether a passage role is shown dimmed as boilerplate.
pub fn is_dimmed(role: Role) -> bool {
    role.is_boilerplate() || role == Role::Title
}
