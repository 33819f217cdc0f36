//! The interactive runtime: terminal setup, one event channel fed by an input thread and by
//! workers, the draw-then-wait loop, and the effects `update` asks for.

use crate::app::key::{Code, Key};
use crate::app::{App, Effect, Msg};
use crate::corpus::{LoadOptions, load_streaming};
use anyhow::{Context, Result};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEventKind,
};
use ratatui::crossterm::execute;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
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
        terminal
            .draw(|frame| crate::ui::render(app, frame))
            .context("cannot draw")?;
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
}

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
        }
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
                } => self.spawn("align-index", move || {
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
                } => self.spawn("words", move || {
                    let words = timed("vocabulary", articles.len(), || {
                        crate::analysis::words::distinctive(
                            &articles,
                            &matcher,
                            crate::analysis::words::Grouping::Source,
                            15,
                        )
                    });
                    Some(Msg::WordsIndexed { generation, words })
                }),
                Effect::IndexLedger {
                    generation,
                    articles,
                    index,
                } => self.spawn("ledger", move || {
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
                } => self.spawn("search-index", move || {
                    let covers = articles.len();
                    let index = timed("search index", covers, || {
                        crate::search::SearchIndex::build(&articles, Some(matcher))
                    });
                    Some(Msg::SearchIndexed {
                        generation,
                        covers,
                        index,
                    })
                }),
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
                Effect::IndexTerms {
                    generation,
                    articles,
                    matcher,
                } => self.spawn("terms", move || {
                    let covers = articles.len();
                    let index = timed("lexicon index", covers, || {
                        crate::analysis::terms::TermIndex::build(&articles, &matcher)
                    });
                    Some(Msg::TermsIndexed {
                        generation,
                        covers,
                        index,
                    })
                }),
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
