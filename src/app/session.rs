//! Remembering where the reader was: the corpus's session is read on a worker when the app
//! starts, restored as its articles arrive in the load stream, and saved on a worker (debounced)
//! whenever what it records changes. The file format is `crate::session`'s.

use super::layout::Pane;
use super::reader::BlockKey;
use super::side::SideTab;
use super::{App, Effect, LoadPhase, ReadingPosition};
use crate::analysis::spans::SpanKind;
use crate::corpus::clean::sanitize_inline;
use crate::corpus::{Diagnostic, Input, Severity};
use crate::session::{
    ArticleKey, CorpusIdentity, Layout, Position, RECENT_LIMIT, Remembered, Session, Top, VERSION,
};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A save waits this long for the next change before it is written, so scrolling through an
/// article writes once, not on every key.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(800);
/// ... but never longer than this after the first unsaved change.
pub const SAVE_MAX_DELAY: Duration = Duration::from_secs(5);

/// Work for the session worker.
#[derive(Debug, Clone)]
pub enum SessionJob {
    /// Work out the corpus's identity and, when `restore`, read its session.
    Open {
        data_dir: PathBuf,
        inputs: Vec<Input>,
        restore: bool,
    },
    /// Save the session; `now` skips the debounce (the open article changed, or quitting).
    // Boxed: a session is large next to the other effects, which are passed around by value.
    Save(Box<SaveRequest>),
}

#[derive(Debug, Clone)]
pub struct SaveRequest {
    pub data_dir: PathBuf,
    pub session: Session,
    pub now: bool,
}

/// What the session worker reports.
#[derive(Debug, Clone)]
pub enum SessionReply {
    Opened {
        identity: CorpusIdentity,
        session: Option<Box<Session>>,
        /// The session file could not be used: its path and why.
        warning: Option<(String, String)>,
    },
    SaveFailed {
        path: String,
        message: String,
    },
}

/// An article of the session that has not arrived in the load stream yet.
#[derive(Debug, Clone)]
enum Entry {
    Loaded(usize),
    Waiting(Remembered),
}

/// The article to reopen once it has loaded.
#[derive(Debug, Clone)]
struct Pending {
    remembered: Remembered,
    /// Say so in the status line (a restore from disk, not after a reload).
    announce: bool,
}

/// What a save records, cheaply comparable, so a snapshot is only built when it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    revision: u64,
    article: Option<usize>,
    position: Option<ReadingPosition>,
    focus: Pane,
    companion: Pane,
    tab: SideTab,
    show_boilerplate: bool,
    hidden_layers: BTreeSet<SpanKind>,
    lens: Option<usize>,
}

/// The app's side of remembering.
#[derive(Debug, Default)]
pub struct SessionState {
    /// The data directory; `None` while remembering is off.
    data_dir: Option<PathBuf>,
    identity: Option<CorpusIdentity>,
    pending: Option<Pending>,
    /// Articles read, the most recent first, the open one excluded.
    recent: Vec<Entry>,
    /// Articles already looked at for the pending article and the waiting positions.
    scanned: usize,
    generation: u64,
    /// A key, click or wheel was handled: a session that arrives after that is not applied
    /// over what the user already did.
    user_acted: bool,
    /// Inside `press` or `update`: a nested call (a key that became an action) leaves the work
    /// to the outermost, which saw the state before all of it.
    busy: bool,
    /// Bumped when `recent` or `pending` change in a way a save records.
    revision: u64,
    observed: Option<Observed>,
    last_sent: Option<Session>,
    last_failure: Option<String>,
}

/// What the hook needs to know about the state before a message was handled.
pub(super) struct Before {
    nested: bool,
    by_user: bool,
    article: Option<usize>,
    position: Option<ReadingPosition>,
}

impl App {
    /// Starts remembering this corpus in `data_dir` (on a worker); `restore` reopens where the
    /// last session left off. Call once after `new`.
    pub fn open_session(&mut self, data_dir: PathBuf, restore: bool) -> Vec<Effect> {
        self.session.data_dir = Some(data_dir.clone());
        self.session.generation = self.load.generation;
        vec![Effect::Session(SessionJob::Open {
            data_dir,
            inputs: self.inputs.clone(),
            restore,
        })]
    }

    /// `by_user`: a key, a click or the wheel, rather than a worker's report.
    pub(super) fn session_before(&mut self, by_user: bool) -> Before {
        let nested = std::mem::replace(&mut self.session.busy, true);
        Before {
            nested,
            by_user,
            article: self.reader.article,
            position: self.reader.position,
        }
    }

    /// After every message and key: restore what has arrived, follow what the user reads, and
    /// ask for a save when what a session records changed.
    pub(super) fn session_after(&mut self, before: Before) -> Vec<Effect> {
        if before.nested {
            return Vec::new();
        }
        self.session.busy = false;
        let Some(data_dir) = self.session.data_dir.clone() else {
            return Vec::new();
        };
        if self.load.generation != self.session.generation {
            self.session_reloaded();
        } else if before.by_user {
            self.session.user_acted = true;
            let moved =
                self.reader.article != before.article || self.reader.position != before.position;
            if self.session.pending.is_some() && moved {
                self.abandon_pending();
            }
        }
        let mut effects = self.restore_arrivals();
        self.resolve_missing_article();
        if self.reader.article != before.article {
            self.note_recent(before.article);
        }
        effects.extend(self.save_if_changed(data_dir));
        effects
    }

    pub(super) fn session_replied(&mut self, reply: SessionReply) -> Vec<Effect> {
        match reply {
            SessionReply::Opened {
                identity,
                session,
                warning,
            } => {
                if let Some((path, message)) = warning {
                    self.session_warning(&path, &message);
                }
                self.session.identity = Some(identity);
                self.session.scanned = 0;
                self.session.revision += 1;
                if let Some(session) = session {
                    self.apply_session(*session);
                }
            }
            SessionReply::SaveFailed { path, message } => {
                if self.session.last_failure.as_ref() != Some(&message) {
                    self.session_warning(&path, &format!("cannot save the session: {message}"));
                    self.session.last_failure = Some(message);
                }
            }
        }
        Vec::new()
    }

    fn session_warning(&mut self, path: &str, message: &str) {
        self.load.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            path: sanitize_inline(path).into_owned(),
            message: sanitize_inline(message).into_owned(),
        });
    }

    fn apply_session(&mut self, session: Session) {
        self.session.last_sent = Some(session.clone());
        let waiting = session.recent.into_iter().map(Entry::Waiting);
        if self.session.user_acted {
            // Too late to put the user back: keep the positions for when they get there.
            tracing::info!("session: arrived after the first key, so not restored");
            self.session.recent = session
                .current
                .map(Entry::Waiting)
                .into_iter()
                .chain(waiting)
                .collect();
            return;
        }
        self.apply_layout(&session.layout);
        self.session.recent = waiting.collect();
        self.session.pending = session.current.map(|remembered| Pending {
            remembered,
            announce: true,
        });
    }

    fn apply_layout(&mut self, layout: &Layout) {
        if let Some(companion) = pane_named(&layout.companion).filter(|p| *p != Pane::Reader) {
            self.companion = companion;
        }
        if let Some(tab) = SideTab::ALL
            .into_iter()
            .find(|t| t.title().eq_ignore_ascii_case(&layout.side_tab))
        {
            self.side.tab = tab;
        }
        self.hidden_layers = layout
            .hidden_layers
            .iter()
            .filter_map(|name| SpanKind::ALL.into_iter().find(|k| k.name() == name))
            .collect();
        self.lens = layout
            .lens
            .as_ref()
            .and_then(|name| self.conventions.iter().position(|c| c == name));
        if layout.show_boilerplate != self.reader.show_boilerplate {
            self.reader.show_boilerplate = layout.show_boilerplate;
            if let Some(article) = self.current_article().cloned() {
                self.reader.blocks = super::reader::blocks(&article, layout.show_boilerplate);
                self.fix_cursor_after_block_change();
            }
        }
        self.refresh_lens_swaps();
        match pane_named(&layout.focus) {
            Some(Pane::Reader) => {
                self.focus = Pane::Reader;
                self.clamp_reader();
            }
            Some(pane) => self.set_focus(pane),
            None => {}
        }
    }

    /// After a reload the articles arrive again, perhaps in another order: the open article
    /// and the positions are found again by key, as from disk.
    fn session_reloaded(&mut self) {
        self.session.generation = self.load.generation;
        self.session.scanned = 0;
        self.session.revision += 1;
        let Some(last) = self.session.last_sent.clone() else {
            self.session.recent.clear();
            return;
        };
        self.session.pending = last.current.map(|remembered| Pending {
            remembered,
            announce: false,
        });
        self.session.recent = last.recent.into_iter().map(Entry::Waiting).collect();
    }

    /// The user moved (another article, or on in this one) before the remembered article
    /// arrived: theirs wins, and the remembered position waits for when they get there.
    fn abandon_pending(&mut self) {
        if let Some(pending) = self.session.pending.take() {
            self.session
                .recent
                .insert(0, Entry::Waiting(pending.remembered));
            self.session.revision += 1;
        }
    }

    /// Looks at the articles loaded since last time for the pending article and the waiting
    /// positions; reopens the pending one as soon as it is there.
    fn restore_arrivals(&mut self) -> Vec<Effect> {
        let total = self.articles.len();
        let Some(identity) = self.session.identity.as_ref() else {
            return Vec::new();
        };
        if self.session.scanned >= total {
            return Vec::new();
        }
        let mut wanted: HashMap<&ArticleKey, Option<usize>> = self
            .session
            .recent
            .iter()
            .enumerate()
            .filter_map(|(slot, e)| match e {
                Entry::Waiting(r) => Some((&r.article, Some(slot))),
                Entry::Loaded(_) => None,
            })
            .collect();
        if let Some(p) = &self.session.pending {
            wanted.insert(&p.remembered.article, None);
        }
        let mut found: Vec<(usize, Option<usize>)> = Vec::new();
        if !wanted.is_empty() {
            for (index, article) in self.articles.iter().enumerate().skip(self.session.scanned) {
                let key = identity.article_key(&article.path, &article.id);
                if let Some(slot) = wanted.remove(&key) {
                    found.push((index, slot));
                }
            }
        }
        self.session.scanned = total;
        let mut effects = Vec::new();
        for (index, slot) in found {
            match slot {
                Some(slot) => {
                    if let Some(Entry::Waiting(r)) = self.session.recent.get(slot) {
                        self.reader
                            .remembered
                            .insert(index, reading_position(r.position));
                        self.session.recent[slot] = Entry::Loaded(index);
                    }
                }
                None => {
                    if let Some(pending) = self.session.pending.take() {
                        effects.extend(self.restore_article(index, pending));
                    }
                }
            }
        }
        effects
    }

    fn restore_article(&mut self, index: usize, pending: Pending) -> Vec<Effect> {
        self.session.revision += 1;
        let position = reading_position(pending.remembered.position);
        let effects = if self.reader.article == Some(index) {
            self.reader.position = Some(position);
            self.fix_cursor_after_block_change();
            Vec::new()
        } else {
            let unread = self.reader.article;
            self.reader.remembered.insert(index, position);
            let effects = self.open(index);
            // The article the load opened first was not read (reading it would have abandoned
            // the restore): it is not a recent one.
            if let Some(unread) = unread.filter(|&i| !self.session_remembers(i)) {
                self.reader.remembered.remove(&unread);
            }
            effects
        };
        self.list.selected = index;
        self.keep_list_selection_visible();
        if pending.announce
            && let Some(article) = self.current_article()
        {
            let place = match self.cursor_rank() {
                Some((rank, total)) => format!(", passage {rank} of {total}"),
                None => String::new(),
            };
            self.flash = Some(format!(
                "back where you left off: {}{place} (--fresh starts at the top)",
                article.title
            ));
        }
        effects
    }

    fn session_remembers(&self, index: usize) -> bool {
        self.session
            .recent
            .iter()
            .any(|e| matches!(e, Entry::Loaded(i) if *i == index))
    }

    /// The load finished without the pending article: it is gone, and the first article stays.
    fn resolve_missing_article(&mut self) {
        if self.session.pending.is_none()
            || self.session.identity.is_none()
            || !matches!(self.load.phase, LoadPhase::Done { .. })
            || self.session.scanned < self.articles.len()
        {
            return;
        }
        let Some(pending) = self.session.pending.take() else {
            return;
        };
        self.session.revision += 1;
        if pending.announce && !self.articles.is_empty() {
            self.flash = Some(format!(
                "the article you were reading ({}) is not in the corpus any more: opened the first",
                sanitize_inline(&pending.remembered.article.path)
            ));
        }
        tracing::info!(
            "session: {} ({}) not found",
            pending.remembered.article.path,
            pending.remembered.article.id
        );
        // Kept with the others: it may come back (a file moved back, a drive mounted).
        self.session
            .recent
            .insert(0, Entry::Waiting(pending.remembered));
    }

    /// The article left is now the most recent of the others.
    fn note_recent(&mut self, left: Option<usize>) {
        let open = self.reader.article;
        self.session
            .recent
            .retain(|e| !matches!(e, Entry::Loaded(i) if Some(*i) == open || Some(*i) == left));
        if let Some(left) = left.filter(|&i| self.reader.remembered.contains_key(&i)) {
            self.session.recent.insert(0, Entry::Loaded(left));
        }
        self.session.recent.truncate(RECENT_LIMIT);
        self.session.revision += 1;
    }

    fn observe(&self) -> Observed {
        Observed {
            revision: self.session.revision,
            article: self.reader.article,
            position: self.reader.position,
            focus: self.focus,
            companion: self.companion,
            tab: self.side.tab,
            show_boilerplate: self.reader.show_boilerplate,
            hidden_layers: self.hidden_layers.clone(),
            lens: self.lens,
        }
    }

    fn save_if_changed(&mut self, data_dir: PathBuf) -> Vec<Effect> {
        let observed = self.observe();
        if self.session.observed.as_ref() == Some(&observed) {
            return Vec::new();
        }
        self.session.observed = Some(observed);
        let Some(session) = self.session_snapshot() else {
            return Vec::new();
        };
        if self.session.last_sent.as_ref() == Some(&session) {
            return Vec::new();
        }
        let article_changed = self
            .session
            .last_sent
            .as_ref()
            .map(|s| s.current.as_ref().map(|c| &c.article))
            != Some(session.current.as_ref().map(|c| &c.article));
        self.session.last_sent = Some(session.clone());
        vec![Effect::Session(SessionJob::Save(Box::new(SaveRequest {
            data_dir,
            session,
            now: article_changed || self.quit,
        })))]
    }

    /// The session as it stands, once the corpus's identity is known.
    fn session_snapshot(&self) -> Option<Session> {
        let identity = self.session.identity.as_ref()?;
        let key_of = |i: usize| {
            self.articles
                .get(i)
                .map(|a| identity.article_key(&a.path, &a.id))
        };
        let current = match &self.session.pending {
            Some(pending) => Some(pending.remembered.clone()),
            None => match (self.reader.article, self.reader.position) {
                (Some(i), Some(p)) => key_of(i).map(|article| Remembered {
                    article,
                    position: stored_position(p),
                }),
                _ => None,
            },
        };
        let mut recent: Vec<Remembered> = Vec::new();
        for entry in &self.session.recent {
            let remembered = match entry {
                Entry::Loaded(i) => match (key_of(*i), self.reader.remembered.get(i)) {
                    (Some(article), Some(p)) => Remembered {
                        article,
                        position: stored_position(*p),
                    },
                    _ => continue,
                },
                Entry::Waiting(r) => r.clone(),
            };
            let repeated = current
                .as_ref()
                .is_some_and(|c| c.article == remembered.article)
                || recent.iter().any(|r| r.article == remembered.article);
            if !repeated {
                recent.push(remembered);
            }
            if recent.len() == RECENT_LIMIT {
                break;
            }
        }
        Some(Session {
            version: VERSION,
            corpus: identity.names().to_vec(),
            current,
            recent,
            layout: Layout {
                focus: pane_name(self.focus).to_string(),
                companion: pane_name(self.companion).to_string(),
                side_tab: self.side.tab.title().to_ascii_lowercase(),
                show_boilerplate: self.reader.show_boilerplate,
                hidden_layers: self
                    .hidden_layers
                    .iter()
                    .map(|k| k.name().to_string())
                    .collect(),
                lens: self.lens_convention().map(str::to_string),
            },
        })
    }
}

fn pane_name(pane: Pane) -> &'static str {
    match pane {
        Pane::List => "list",
        Pane::Reader => "reader",
        Pane::Side => "side",
    }
}

fn pane_named(name: &str) -> Option<Pane> {
    [Pane::List, Pane::Reader, Pane::Side]
        .into_iter()
        .find(|p| pane_name(*p) == name)
}

fn stored_position(p: ReadingPosition) -> Position {
    Position {
        cursor: p.cursor,
        top: match p.top {
            BlockKey::Title => Top::Title,
            BlockKey::Meta => Top::Meta,
            BlockKey::Passage(i) => Top::Passage(i),
        },
        top_line: p.top_line,
    }
}

/// A stored position as the reader keeps it; the reader checks it against the article when it
/// opens (a passage that is not there any more moves the cursor to the nearest that is).
fn reading_position(p: Position) -> ReadingPosition {
    ReadingPosition {
        cursor: p.cursor,
        top: match p.top {
            Top::Title => BlockKey::Title,
            Top::Meta => BlockKey::Meta,
            Top::Passage(i) => BlockKey::Passage(i),
        },
        top_line: p.top_line,
    }
}

/// The worker's half of `SessionJob::Open`: the identity, and the session unless not asked.
pub fn open(data_dir: &std::path::Path, inputs: &[Input], restore: bool) -> SessionReply {
    let started = Instant::now();
    let identity = CorpusIdentity::of(inputs);
    let (session, warning) = if restore {
        match crate::session::load(data_dir, &identity) {
            Ok(session) => (session.map(Box::new), None),
            Err(e) => {
                tracing::warn!("session: {e}");
                (
                    None,
                    Some((
                        e.path().display().to_string(),
                        format!(
                            "{}; the session was not restored (the file is replaced at the next save)",
                            e.reason()
                        ),
                    )),
                )
            }
        }
    } else {
        (None, None)
    };
    tracing::info!(
        elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
        restore,
        "session read"
    );
    SessionReply::Opened {
        identity,
        session,
        warning,
    }
}

/// The session writer's loop: keeps the newest request, writes it once no newer one has come
/// for `SAVE_DEBOUNCE` (at most `SAVE_MAX_DELAY` after the first), at once when it says `now`,
/// and before returning when the sending side hangs up, so nothing asked for is lost.
pub fn save_loop(requests: Receiver<SaveRequest>, mut report: impl FnMut(SessionReply)) {
    let mut pending: Option<(SaveRequest, Instant)> = None;
    loop {
        let next = match &pending {
            None => requests.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some((_, first)) => {
                let deadline = (Instant::now() + SAVE_DEBOUNCE).min(*first + SAVE_MAX_DELAY);
                requests.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
        };
        match next {
            Ok(request) => {
                let first = pending.map_or_else(Instant::now, |(_, first)| first);
                if request.now {
                    write(&request, &mut report);
                    pending = None;
                } else {
                    pending = Some((request, first));
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some((request, _)) = pending.take() {
                    write(&request, &mut report);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                if let Some((request, _)) = pending.take() {
                    write(&request, &mut report);
                }
                return;
            }
        }
    }
}

fn write(request: &SaveRequest, report: &mut impl FnMut(SessionReply)) {
    if let Err(e) = crate::session::save(&request.data_dir, &request.session) {
        tracing::warn!("session: {e}");
        report(SessionReply::SaveFailed {
            path: e.path().display().to_string(),
            message: e.reason(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn request(data_dir: &std::path::Path, cursor: usize, now: bool) -> SaveRequest {
        let identity = CorpusIdentity::of(&crate::assets::embedded_corpus());
        let mut session = Session::new(&identity);
        session.current = Some(Remembered {
            article: identity.article_key("embedded:a.txt", "a"),
            position: Position {
                cursor,
                top: Top::Title,
                top_line: 0,
            },
        });
        SaveRequest {
            data_dir: data_dir.to_path_buf(),
            session,
            now,
        }
    }

    fn saved_cursor(data_dir: &std::path::Path) -> Option<usize> {
        let identity = CorpusIdentity::of(&crate::assets::embedded_corpus());
        crate::session::load(data_dir, &identity)
            .unwrap()
            .and_then(|s| s.current)
            .map(|c| c.position.cursor)
    }

    #[test]
    fn the_newest_request_is_written_when_the_sender_hangs_up() {
        let data = tempfile::tempdir().unwrap();
        let (tx, rx) = channel();
        for cursor in 1..=3 {
            tx.send(request(data.path(), cursor, false)).unwrap();
        }
        drop(tx);
        let mut failures = Vec::new();
        save_loop(rx, |reply| failures.push(reply));
        assert!(failures.is_empty(), "{failures:?}");
        assert_eq!(saved_cursor(data.path()), Some(3));
    }

    #[test]
    fn an_urgent_request_is_written_before_the_next_arrives() {
        let data = tempfile::tempdir().unwrap();
        let (tx, rx) = channel();
        let (written_tx, written_rx) = channel();
        let dir = data.path().to_path_buf();
        let worker = std::thread::spawn(move || {
            save_loop(rx, |_| {});
            written_tx.send(()).unwrap();
        });
        tx.send(request(&dir, 7, true)).unwrap();
        // The file appears while the loop is still running (the sender is still connected).
        let mut seen = None;
        while seen.is_none() {
            seen = saved_cursor(data.path());
            std::thread::yield_now();
        }
        assert_eq!(seen, Some(7));
        assert!(written_rx.try_recv().is_err(), "the loop is still running");
        drop(tx);
        worker.join().unwrap();
    }

    #[test]
    fn a_failed_save_is_reported_with_its_path() {
        let data = tempfile::tempdir().unwrap();
        // The data "directory" is a file: the sessions folder cannot be made.
        let blocked = data.path().join("file");
        std::fs::write(&blocked, "").unwrap();
        let (tx, rx) = channel();
        tx.send(request(&blocked, 1, true)).unwrap();
        drop(tx);
        let mut replies = Vec::new();
        save_loop(rx, |reply| replies.push(reply));
        match replies.as_slice() {
            [SessionReply::SaveFailed { path, message }] => {
                assert!(path.starts_with(&blocked.display().to_string()), "{path}");
                assert!(!message.is_empty());
            }
            other => panic!("expected one failure, got {other:?}"),
        }
    }
}
