//! The interactive runtime: terminal setup, one event channel fed by an input thread and by
//! workers, the draw-then-wait loop, and the effects `update` asks for.

use crate::analysis::terms::TermIndex;
use crate::app::key::{Code, Key};
use crate::app::{App, Effect, Msg};
use crate::corpus::index_store::IndexStore;
use crate::corpus::{LoadOptions, load_streaming};
use crate::indexer::{IndexKind, Indexer, Submitter};
use crate::search::SearchIndex;
use anyhow::{Context, Result};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEventKind,
};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Instant;

/// What the loop waits for.
pub enum Incoming {
    Input(Event),
    Msg(Msg),
}

/// Runs the TUI until the user quits.
pub fn run(mut app: App, effects: Vec<Effect>, load_options: LoadOptions) -> Result<()> {
    let started = Instant::now();
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    install_mouse_restore_hook();
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, effects, load_options, started);
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn install_mouse_restore_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    effects: Vec<Effect>,
    load_options: LoadOptions,
    started: Instant,
) -> Result<()> {
    let (tx, rx) = channel::<Incoming>();
    spawn_input(tx.clone());
    let size = terminal.size().context("cannot read the terminal size")?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    let mut runner = Runner::new(tx).with_load_options(load_options);
    runner.perform(effects);
    let mut first = true;
    loop {
        // A frame goes out in several writes: terminals that know synchronized output show it
        // whole instead of half over the last one (the others ignore the two sequences).
        let _ = queue!(std::io::stdout(), BeginSynchronizedUpdate);
        terminal
            .draw(|frame| crate::ui::render(app, frame))
            .context("cannot draw")?;
        let _ = execute!(std::io::stdout(), EndSynchronizedUpdate);
        if first {
            tracing::info!(
                elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
                "first frame drawn"
            );
            first = false;
        }
        if app.quit {
            return Ok(());
        }
        let Ok(event) = rx.recv() else {
            return Ok(());
        };
        handle(app, &mut runner, event);
        // Everything already queued is applied before the next frame.
        while let Ok(event) = rx.try_recv() {
            handle(app, &mut runner, event);
            if app.quit {
                break;
            }
        }
    }
}

fn handle(app: &mut App, runner: &mut Runner, event: Incoming) {
    let effects = match event {
        Incoming::Msg(msg) => app.update(msg),
        Incoming::Input(input) => match translate(&input) {
            Some(Translated::Key(key)) => app.press(key),
            Some(Translated::Msg(msg)) => app.update(msg),
            None => Vec::new(),
        },
    };
    runner.perform(effects);
}

fn spawn_input(tx: Sender<Incoming>) {
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = event::read() {
                if tx.send(Incoming::Input(event)).is_err() {
                    break;
                }
            }
        })
        .ok();
}

/// Performs effects on worker threads; results come back on the event channel.
pub struct Runner {
    tx: Sender<Incoming>,
    /// Stops the load in progress when a newer one starts.
    cancel: Option<Arc<AtomicBool>>,
    /// The newest search asked for: older ones give up.
    search_generation: Arc<std::sync::atomic::AtomicU64>,
    /// The notes thread, started with the first notes operation.
    notes_tx: Option<Sender<(std::path::PathBuf, crate::app::notes::NotesOp)>>,
    load_options: Arc<LoadOptions>,
    /// The session writer, started with the first save; flushed when the runner is dropped.
    session_saver: Option<SessionSaver>,
    /// Corpus-wide index builds, one at a time, search first.
    indexer: Indexer,
    /// Where the current corpus's indexes are saved between runs (with the corpus cache).
    index_store: Option<Arc<IndexStore>>,
    /// When the current load started: catch-up builds wait until it has run a while.
    load_started: Option<Instant>,
    /// The fingerprint of the whole corpus of a generation (how many articles it has), worked
    /// out by whichever saved index is looked up first.
    corpus_key: Option<(u64, usize, Arc<OnceLock<u64>>)>,
}

/// A corpus loaded faster than this (from the parallax cache, or small) is indexed once, whole;
/// a slower one gets catch-up indexes over the part loaded from then on.
const CATCH_UP_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

/// The thread that writes sessions: requests in, a signal out once the last one is written.
struct SessionSaver {
    requests: Sender<crate::app::session::SaveRequest>,
    finished: Receiver<()>,
}

/// How long quitting waits for the last session save: long enough for any working disk, short
/// enough that a hung network drive cannot keep parallax from exiting.
const SESSION_FLUSH_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

impl Drop for Runner {
    /// The session asked to be saved is written before the runner (and so the program) ends.
    fn drop(&mut self) {
        if let Some(saver) = self.session_saver.take() {
            drop(saver.requests);
            if saver.finished.recv_timeout(SESSION_FLUSH_LIMIT).is_err() {
                tracing::error!("session: the last save did not finish in time");
            }
        }
    }
}

impl Runner {
    /// Runs `job` on a named worker thread and sends what it returns to the event loop.
    fn spawn(&self, name: &str, job: impl FnOnce() -> Option<Msg> + Send + 'static) {
        let tx = self.tx.clone();
        let spawned = thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                if let Some(msg) = job() {
                    let _ = tx.send(Incoming::Msg(msg));
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the {name} thread: {e}");
        }
    }

    /// Queues a corpus-wide index build; what it returns goes to the event loop.
    fn index(
        &mut self,
        kind: IndexKind,
        generation: u64,
        complete: bool,
        job: impl FnOnce(&Submitter) -> Option<Msg> + Send + 'static,
    ) {
        let tx = self.tx.clone();
        let submitter = self.indexer.submitter();
        let not_before = match self.load_started {
            Some(started) if !complete => Some(started + CATCH_UP_DELAY),
            _ => None,
        };
        self.indexer.submit(kind, generation, not_before, move || {
            if let Some(msg) = job(&submitter) {
                let _ = tx.send(Incoming::Msg(msg));
            }
        });
    }

    /// Where a whole-corpus build of `articles` articles looks for its saved index, and the
    /// corpus fingerprint it is keyed by (shared by the search and terms builds); `None` for a
    /// catch-up build or without a cache directory.
    fn saved_indexes(
        &mut self,
        complete: bool,
        generation: u64,
        articles: usize,
    ) -> Option<(Arc<IndexStore>, Arc<OnceLock<u64>>)> {
        let store = self.index_store.clone().filter(|_| complete)?;
        let key = match &self.corpus_key {
            Some((g, n, key)) if *g == generation && *n == articles => key.clone(),
            _ => {
                let key = Arc::new(OnceLock::new());
                self.corpus_key = Some((generation, articles, key.clone()));
                key
            }
        };
        Some((store, key))
    }

    /// A runner whose workers report on `tx`: for benchmarks and tests that drive the threaded
    /// runtime without a terminal.
    pub fn new(tx: Sender<Incoming>) -> Self {
        Runner {
            tx,
            cancel: None,
            search_generation: Default::default(),
            notes_tx: None,
            load_options: Arc::new(LoadOptions::default()),
            session_saver: None,
            indexer: Indexer::default(),
            index_store: None,
            load_started: None,
            corpus_key: None,
        }
    }

    /// Waits for every queued index build and save to finish: for tests and benchmarks that
    /// open the same corpus again and expect its saved indexes.
    pub fn finish_indexing(mut self) {
        std::mem::take(&mut self.indexer).finish();
    }

    /// How loads read files: JSON field names, the corpus cache.
    pub fn with_load_options(mut self, options: LoadOptions) -> Self {
        self.load_options = Arc::new(options);
        self
    }

    pub fn perform(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Load { generation, inputs } => {
                    if let Some(old) = self.cancel.take() {
                        old.store(true, Ordering::Relaxed);
                    }
                    let cancel = Arc::new(AtomicBool::new(false));
                    self.cancel = Some(cancel.clone());
                    self.indexer.new_generation(generation);
                    self.load_started = Some(Instant::now());
                    self.index_store = self.load_options.cache_dir.as_ref().map(|dir| {
                        Arc::new(IndexStore::new(dir, &inputs, &self.load_options.fields))
                    });
                    let tx = self.tx.clone();
                    let options = self.load_options.clone();
                    let spawned = thread::Builder::new().name("load".into()).spawn(move || {
                        load_streaming(&inputs, &options, &cancel, |event| {
                            let _ = tx.send(Incoming::Msg(Msg::Load { generation, event }));
                        });
                    });
                    if let Err(e) = spawned {
                        tracing::error!("cannot start the loader thread: {e}");
                    }
                }
                Effect::Analyze {
                    generation,
                    article,
                    text,
                    matcher,
                } => self.spawn("analyze", move || {
                    let spans = Arc::new(crate::analysis::spans::annotate(&text, &matcher));
                    Some(Msg::Analyzed {
                        generation,
                        article,
                        spans,
                    })
                }),
                Effect::IndexAlign {
                    generation,
                    articles,
                    matcher,
                    complete,
                } => self.index(IndexKind::Align, generation, complete, move |_| {
                    let covers = articles.len();
                    let index = timed("alignment index", covers, || {
                        crate::analysis::align::AlignIndex::build(&articles, matcher)
                    });
                    Some(Msg::AlignIndexed {
                        generation,
                        covers,
                        index,
                    })
                }),
                Effect::IndexWords {
                    generation,
                    articles,
                    matcher,
                } => self.index(IndexKind::Words, generation, true, move |_| {
                    let skipped = crate::analysis::words::by_source_skipped(&articles);
                    let words = timed("vocabulary", articles.len(), || {
                        if skipped.is_some() {
                            return Vec::new();
                        }
                        crate::analysis::words::distinctive(
                            &articles,
                            &matcher,
                            crate::analysis::words::Grouping::Source,
                            15,
                        )
                    });
                    Some(Msg::WordsIndexed {
                        generation,
                        words,
                        skipped,
                    })
                }),
                Effect::IndexLedger {
                    generation,
                    articles,
                    index,
                } => self.index(IndexKind::Ledger, generation, true, move |_| {
                    let ledger = timed("claims ledger", articles.len(), || {
                        let events = crate::analysis::claims::events(&articles, &index);
                        let claims = crate::analysis::claims::claims(&articles, &events.events);
                        crate::app::Ledger { events, claims }
                    });
                    Some(Msg::LedgerIndexed { generation, ledger })
                }),
                Effect::Compare {
                    generation,
                    index,
                    article,
                    passage,
                } => self.spawn("compare", move || {
                    let comparison = Arc::new(index.compare(article, passage, 1));
                    Some(Msg::Compared {
                        generation,
                        comparison,
                    })
                }),
                Effect::AlignArticles {
                    generation,
                    index,
                    left,
                    right,
                } => self.spawn("parallel", move || {
                    let pairing = Arc::new(crate::app::parallel::Pairing {
                        left,
                        right,
                        pairs: index.align_articles(left, right),
                    });
                    Some(Msg::ArticlesAligned {
                        generation,
                        pairing,
                    })
                }),
                Effect::IndexSearch {
                    generation,
                    articles,
                    matcher,
                    complete,
                } => {
                    let store = self.saved_indexes(complete, generation, articles.len());
                    self.index(IndexKind::Search, generation, complete, move |later| {
                        let covers = articles.len();
                        let index = saved_or_built(
                            (IndexKind::SaveSearch, "search"),
                            store
                                .as_ref()
                                .map(|(s, key)| (&**s, key.as_ref(), later, generation)),
                            &articles,
                            &matcher,
                            |bytes| {
                                SearchIndex::from_bytes(bytes, &articles, Some(matcher.clone()))
                            },
                            || SearchIndex::build(&articles, Some(matcher.clone())),
                            SearchIndex::to_bytes,
                        );
                        Some(Msg::SearchIndexed {
                            generation,
                            covers,
                            index,
                        })
                    })
                }
                Effect::Search {
                    generation,
                    index,
                    query,
                    tags,
                } => {
                    let latest = self.search_generation.clone();
                    latest.store(generation, Ordering::Relaxed);
                    self.spawn("search", move || {
                        // A newer keystroke already superseded this one: skip the work.
                        if latest.load(Ordering::Relaxed) != generation {
                            return None;
                        }
                        let has_tag = |a: usize, p: usize, tag: &str| {
                            tags.get(&(a, p))
                                .is_some_and(|t| t.iter().any(|x| x.eq_ignore_ascii_case(tag)))
                        };
                        let hits =
                            index.search_with(&query, crate::app::search::RESULT_LIMIT, &has_tag);
                        (latest.load(Ordering::Relaxed) == generation)
                            .then_some(Msg::SearchResults { generation, hits })
                    })
                }
                Effect::Notes { dir, op } => {
                    // One thread applies the store operations in the order they were asked for.
                    if self.notes_tx.is_none() {
                        let (notes_tx, notes_rx) =
                            channel::<(std::path::PathBuf, crate::app::notes::NotesOp)>();
                        let tx = self.tx.clone();
                        let spawned =
                            thread::Builder::new().name("notes".into()).spawn(move || {
                                while let Ok((dir, op)) = notes_rx.recv() {
                                    let _ = tx
                                        .send(Incoming::Msg(crate::app::notes::perform(&dir, op)));
                                }
                            });
                        match spawned {
                            Ok(_) => self.notes_tx = Some(notes_tx),
                            Err(e) => tracing::error!("cannot start the notes thread: {e}"),
                        }
                    }
                    if let Some(notes_tx) = &self.notes_tx {
                        let _ = notes_tx.send((dir, op));
                    }
                }
                Effect::Session(crate::app::session::SessionJob::Open {
                    data_dir,
                    inputs,
                    restore,
                }) => self.spawn("session", move || {
                    Some(Msg::Session(crate::app::session::open(
                        &data_dir, &inputs, restore,
                    )))
                }),
                Effect::Session(crate::app::session::SessionJob::Save(request)) => {
                    self.save_session(*request)
                }
                Effect::SaveIndexes {
                    generation,
                    articles,
                    matcher,
                    search,
                    terms,
                } => {
                    let Some((store, key)) = self.saved_indexes(true, generation, articles.len())
                    else {
                        continue;
                    };
                    // The fingerprint is a pass over the whole text: worked out in the queue.
                    self.index(IndexKind::SaveSearch, generation, true, move |_| {
                        let key = corpus_key(&key, &articles, &matcher);
                        let payloads: [(&str, &dyn Fn() -> Vec<u8>); 2] = [
                            ("search", &|| search.to_bytes()),
                            ("terms", &|| terms.to_bytes()),
                        ];
                        for (kind, payload) in payloads {
                            // Already saved for exactly this corpus: left as it is.
                            if store.load(kind, key).is_none() {
                                save_index(&store, kind, key, &payload());
                            }
                        }
                        None
                    })
                }
                Effect::IndexTerms {
                    generation,
                    articles,
                    matcher,
                    complete,
                } => {
                    let store = self.saved_indexes(complete, generation, articles.len());
                    self.index(IndexKind::Terms, generation, complete, move |later| {
                        let covers = articles.len();
                        let index = saved_or_built(
                            (IndexKind::SaveTerms, "terms"),
                            store
                                .as_ref()
                                .map(|(s, key)| (&**s, key.as_ref(), later, generation)),
                            &articles,
                            &matcher,
                            |bytes| TermIndex::from_bytes(bytes, &articles, &matcher),
                            || TermIndex::build(&articles, &matcher),
                            TermIndex::to_bytes,
                        );
                        Some(Msg::TermsIndexed {
                            generation,
                            covers,
                            index,
                        })
                    })
                }
            }
        }
    }
}

impl Runner {
    fn save_session(&mut self, request: crate::app::session::SaveRequest) {
        if self.session_saver.is_none() {
            let (requests, requests_rx) = channel();
            let (finished_tx, finished) = channel();
            let tx = self.tx.clone();
            let spawned = thread::Builder::new()
                .name("session".into())
                .spawn(move || {
                    crate::app::session::save_loop(requests_rx, |reply| {
                        let _ = tx.send(Incoming::Msg(Msg::Session(reply)));
                    });
                    let _ = finished_tx.send(());
                });
            match spawned {
                Ok(_) => self.session_saver = Some(SessionSaver { requests, finished }),
                Err(e) => tracing::error!("cannot start the session thread: {e}"),
            }
        }
        if let Some(saver) = &self.session_saver {
            let _ = saver.requests.send(request);
        }
    }
}

/// The index of `articles` saved last time when there is one for exactly these articles and
/// this lexicon; otherwise built, and its saving queued (it runs once the indexes a reader waits
/// for are built).
fn saved_or_built<T: Send + Sync + 'static>(
    (save_kind, kind): (IndexKind, &'static str),
    store: Option<(&IndexStore, &OnceLock<u64>, &Submitter, u64)>,
    articles: &[Arc<crate::corpus::Article>],
    matcher: &crate::lexicon::Matcher,
    read: impl FnOnce(&[u8]) -> Option<T>,
    build: impl FnOnce() -> T,
    write: fn(&T) -> Vec<u8>,
) -> Arc<T> {
    let Some((store, key, later, generation)) = store else {
        return timed(kind, articles.len(), build);
    };
    let started = Instant::now();
    let key = corpus_key(key, articles, matcher);
    if let Some(index) = store.load(kind, key).and_then(|bytes| read(&bytes)) {
        tracing::info!(
            articles = articles.len(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "{kind} index read from the cache"
        );
        return Arc::new(index);
    }
    let index = timed(kind, articles.len(), build);
    let saved = index.clone();
    let store = store.clone();
    later.submit(save_kind, generation, move || {
        save_index(&store, kind, key, &write(&saved))
    });
    index
}

/// The fingerprint that keys the saved indexes of `articles`: one pass over the whole text,
/// shared by the search and terms builds alike.
fn corpus_key(
    key: &OnceLock<u64>,
    articles: &[Arc<crate::corpus::Article>],
    matcher: &crate::lexicon::Matcher,
) -> u64 {
    *key.get_or_init(|| {
        crate::corpus::index_store::fingerprint(articles, matcher.lexicon.fingerprint())
    })
}

/// Saves an index for the next opening; a failure only costs a rebuild then.
fn save_index(store: &IndexStore, kind: &str, key: u64, payload: &[u8]) {
    if let Err(e) = store.save(kind, key, payload) {
        tracing::warn!("the {kind} index could not be saved: {e}");
    }
}

/// Builds a corpus-wide index and logs how long it took.
fn timed<T>(what: &str, articles: usize, build: impl FnOnce() -> T) -> Arc<T> {
    let started = Instant::now();
    let index = Arc::new(build());
    tracing::info!(
        articles,
        elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
        "{what} built"
    );
    index
}

/// Runs effects on the calling thread and feeds their results back: for tests and benchmarks
/// that drive the real `App` without a terminal.
pub fn perform_inline(app: &mut App, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        let (tx, rx): (Sender<Incoming>, Receiver<Incoming>) = channel();
        let mut runner = Runner::new(tx);
        runner.perform(vec![effect]);
        drop(runner);
        while let Ok(Incoming::Msg(msg)) = rx.recv() {
            queue.extend(app.update(msg));
        }
    }
}

enum Translated {
    Key(Key),
    Msg(Msg),
}

fn translate(event: &Event) -> Option<Translated> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_of(key).map(Translated::Key),
        Event::Resize(width, height) => Some(Translated::Msg(Msg::Resize {
            width: *width,
            height: *height,
        })),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                Some(Translated::Msg(Msg::Wheel {
                    column: mouse.column,
                    row: mouse.row,
                    down: mouse.kind == MouseEventKind::ScrollDown,
                }))
            }
            MouseEventKind::Down(_) => Some(Translated::Msg(Msg::Click {
                column: mouse.column,
                row: mouse.row,
            })),
            _ => None,
        },
        _ => None,
    }
}

/// A terminal key event as parallax names it.
pub fn key_of(event: &KeyEvent) -> Option<Key> {
    let code = match event.code {
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Insert => Code::Insert,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}
