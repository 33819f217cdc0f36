//! Notes in the reader: what is noted where, bookmarks, the sentence selection, the editor, the
//! notes view, and the store operations that run on a worker (saving never blocks a frame).

use super::input::{LineInput, TextArea};
use super::key::{Code, Key};
use super::layout::Pane;
use super::reader::BlockKey;
use super::{App, Effect, Overlay};
use crate::notes::{
    Anchoring, Locator, Note, NoteKind, Target, new_note, target_for, target_for_passage,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What to do to the store (on a worker; the reply is the store's notes afterwards).
#[derive(Debug, Clone)]
pub enum NotesOp {
    Open,
    /// Start an empty store after the old one was set aside.
    OpenFresh,
    // Boxed: a note is large, and effects are passed around by value.
    Add(Box<Note>),
    Update(Box<Note>),
    Remove(String),
}

/// A store that could not be read: the user chooses how to go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesProblem {
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct NotesState {
    pub dir: Option<PathBuf>,
    pub notes: Vec<Note>,
    /// Where each note stands in the loaded corpus, by position in `notes`.
    pub placed: Vec<Option<(usize, Anchoring)>>,
    /// Notes by (article, passage), for the margin and the side panel.
    pub at: HashMap<(usize, usize), Vec<usize>>,
    /// Why notes cannot be written, when they cannot.
    pub read_only: Option<String>,
    pub problem: Option<NotesProblem>,
    /// The last store error, for the status line.
    pub error: Option<String>,
    pub loaded: bool,
}

/// A sentence-by-sentence selection in the open article: (passage, sentence) at each end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: (usize, usize),
    pub head: (usize, usize),
}

impl Selection {
    fn ordered(&self) -> ((usize, usize), (usize, usize)) {
        if self.anchor <= self.head {
            (self.anchor, self.head)
        } else {
            (self.head, self.anchor)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorField {
    Text,
    Tags,
}

/// The note editor: multi-line text and a tags line.
#[derive(Debug, Clone)]
pub struct Editor {
    pub text: TextArea,
    pub tags: LineInput,
    pub field: EditorField,
    /// The note being edited, or a new one's target.
    pub editing: Option<Note>,
    pub target: Option<Target>,
}

/// The notes view: every note of the corpus, filtered by typing.
#[derive(Debug, Clone, Default)]
pub struct NotesView {
    pub filter: LineInput,
    pub selected: usize,
    /// A delete waiting for y/n.
    pub confirm_delete: Option<String>,
}

pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("tab", "Switch between the note and its tags"),
    ("ctrl-s", "Save the note"),
    ("esc", "Cancel"),
];

pub const NOTES_VIEW_KEYS: &[(&str, &str)] = &[
    (
        "up, down",
        "Select a note (typing filters: words, #tag, @source)",
    ),
    ("enter", "Jump to the note in its article"),
    ("ctrl-e", "Edit the note"),
    ("ctrl-d", "Delete the note (asks first)"),
    ("esc", "Close"),
];

fn tags_of(line: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in line
        .split([',', ' '])
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| !t.is_empty())
    {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            tags.push(t.to_string());
        }
    }
    tags
}

impl App {
    /// Places every note in the loaded corpus (anchored, re-anchored or orphan): articles found
    /// by path, then id, through maps; each article's text searched once for all its notes.
    pub(super) fn place_notes(&mut self) {
        let articles = self.articles.clone();
        let by_path: HashMap<&str, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (&*a.path, i))
            .collect();
        let by_id: HashMap<&str, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut per_article: HashMap<usize, Vec<usize>> = HashMap::new();
        for (n, note) in self.notes.notes.iter().enumerate() {
            let found = by_path
                .get(note.target.article_path.as_str())
                .or_else(|| by_id.get(note.target.article_id.as_str()));
            if let Some(&a) = found {
                per_article.entry(a).or_default().push(n);
            }
        }
        let mut placed: Vec<Option<(usize, Anchoring)>> = vec![None; self.notes.notes.len()];
        for (a, notes) in per_article {
            let locator = Locator::new(&articles[a]);
            for n in notes {
                placed[n] = Some((a, locator.locate(&self.notes.notes[n].target)));
            }
        }
        let mut at: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        let mut tags: super::TagMap = HashMap::new();
        for (n, place) in placed.iter().enumerate() {
            let Some((
                article,
                Anchoring::Anchored { passage, end, .. }
                | Anchoring::Reanchored { passage, end, .. },
            )) = place
            else {
                continue;
            };
            // A note over several passages belongs to each of them.
            let passages = &articles[*article].passages;
            let mut p = *passage;
            while p < passages.len() && (p == *passage || passages[p].char_start() < *end) {
                at.entry((*article, p)).or_default().push(n);
                tags.entry((*article, p))
                    .or_default()
                    .extend(self.notes.notes[n].tags.iter().cloned());
                p += 1;
            }
        }
        self.notes.placed = placed;
        self.notes.at = at;
        self.note_tags = Arc::new(tags);
        self.count_list_notes();
    }

    pub(super) fn notes_effect(&self, op: NotesOp) -> Vec<Effect> {
        match &self.notes.dir {
            Some(dir) => vec![Effect::Notes {
                dir: dir.clone(),
                op,
            }],
            None => Vec::new(),
        }
    }

    /// The store's reply to an operation.
    pub(super) fn notes_replied(&mut self, notes: Vec<Note>, read_only: Option<String>) {
        self.notes.notes = notes;
        if read_only.is_some() {
            self.notes.read_only = read_only;
        }
        self.notes.loaded = true;
        self.notes.error = None;
        self.place_notes();
    }

    pub(super) fn notes_failed(&mut self, message: String, corrupt: bool) {
        if corrupt {
            self.notes.problem = Some(NotesProblem { message });
            self.overlay = Some(Overlay::NotesProblem);
        } else {
            self.flash = Some(format!("notes: {message}"));
            self.notes.error = Some(message);
        }
    }

    /// The user's answer to an unreadable store: a fresh store, or read-only without notes.
    pub(super) fn notes_problem_key(&mut self, key: Key) -> Vec<Effect> {
        match key.code {
            Code::Char('f') | Code::Char('F') => {
                self.overlay = None;
                self.notes.problem = None;
                self.notes_effect(NotesOp::OpenFresh)
            }
            Code::Char('r') | Code::Char('R') | Code::Esc => {
                self.overlay = None;
                self.notes.problem = None;
                self.notes.read_only =
                    Some("the notes file could not be read; it was set aside".to_string());
                self.notes.loaded = true;
                Vec::new()
            }
            Code::Char('q') => {
                self.quit = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn writable(&mut self) -> bool {
        if let Some(why) = &self.notes.read_only {
            self.flash = Some(format!("notes are read-only: {why}"));
            return false;
        }
        if self.notes.dir.is_none() {
            self.flash = Some("notes are off: no data directory".to_string());
            return false;
        }
        true
    }

    /// Notes on a passage of the open article.
    pub fn notes_on(&self, passage: usize) -> Vec<&Note> {
        let Some(article) = self.reader.article else {
            return Vec::new();
        };
        self.notes
            .at
            .get(&(article, passage))
            .map(|v| v.iter().filter_map(|&i| self.notes.notes.get(i)).collect())
            .unwrap_or_default()
    }

    /// `b`: a bookmark on the cursor passage, or off again.
    pub(super) fn toggle_bookmark(&mut self) -> Vec<Effect> {
        let (Some(article), Some((passage, _))) =
            (self.current_article().cloned(), self.cursor_passage())
        else {
            return Vec::new();
        };
        if !self.writable() {
            return Vec::new();
        }
        let existing = self
            .notes_on(passage)
            .into_iter()
            .find(|n| n.kind == NoteKind::Bookmark)
            .map(|n| n.id.clone());
        match existing {
            Some(id) => {
                self.flash = Some("bookmark removed".to_string());
                self.notes_effect(NotesOp::Remove(id))
            }
            None => {
                let note = new_note(
                    NoteKind::Bookmark,
                    target_for_passage(&article, passage),
                    String::new(),
                    Vec::new(),
                );
                self.flash = Some("bookmarked".to_string());
                self.notes_effect(NotesOp::Add(Box::new(note)))
            }
        }
    }

    /// `v`: starts (or ends) a selection by sentence at the cursor passage.
    pub(super) fn toggle_selection(&mut self) {
        if self.selection.take().is_some() {
            self.flash = Some("selection cancelled".to_string());
            return;
        }
        let Some((passage, _)) = self.cursor_passage() else {
            return;
        };
        self.selection = Some(Selection {
            anchor: (passage, 0),
            head: (passage, 0),
        });
        self.flash =
            Some("selecting by sentence: j/k extend, a annotates, v or esc cancels".to_string());
    }

    /// Moves the selection's head by one sentence, across shown passages.
    pub(super) fn extend_selection(&mut self, forward: bool) {
        let (Some(sel), Some(article)) = (self.selection, self.current_article().cloned()) else {
            return;
        };
        let shown: Vec<usize> = self
            .reader
            .blocks
            .iter()
            .filter_map(|b| match b {
                BlockKey::Passage(i) => Some(*i),
                _ => None,
            })
            .collect();
        let (p, s) = sel.head;
        let count = |p: usize| {
            article
                .passages
                .get(p)
                .map(|x| x.sentence_count().max(1))
                .unwrap_or(1)
        };
        let rank = shown.iter().position(|&x| x == p);
        let head = if forward {
            if s + 1 < count(p) {
                (p, s + 1)
            } else {
                match rank.and_then(|r| shown.get(r + 1)) {
                    Some(&next) => (next, 0),
                    None => (p, s),
                }
            }
        } else if s > 0 {
            (p, s - 1)
        } else {
            match rank.filter(|&r| r > 0).and_then(|r| shown.get(r - 1)) {
                Some(&prev) => (prev, count(prev) - 1),
                None => (p, s),
            }
        };
        self.selection = Some(Selection { head, ..sel });
        if head.0 != p {
            if let Some(pos) = self.reader.position.as_mut() {
                pos.cursor = head.0;
            }
            self.ensure_cursor_visible(!forward);
        }
    }

    /// Char range of the selection in the article text.
    pub fn selection_chars(&self) -> Option<(usize, usize)> {
        let sel = self.selection?;
        let article = self.current_article()?;
        let ((p1, s1), (p2, s2)) = sel.ordered();
        let start = article
            .passages
            .get(p1)?
            .sentence(&article.sentence_bounds, s1)
            .map(|r| r.start)
            .or_else(|| article.passages.get(p1).map(|p| p.range().start))?;
        let end = article
            .passages
            .get(p2)?
            .sentence(&article.sentence_bounds, s2)
            .map(|r| r.end)
            .or_else(|| article.passages.get(p2).map(|p| p.range().end))?;
        let text = article.text();
        let to_chars = |byte: usize| text.get(..byte).map(|s| s.chars().count());
        Some((to_chars(start)?, to_chars(end)?))
    }

    /// Byte ranges of the selection inside one passage, for drawing it.
    pub fn selection_in(&self, passage: usize) -> Option<std::ops::Range<usize>> {
        let sel = self.selection?;
        let article = self.current_article()?;
        let ((p1, s1), (p2, s2)) = sel.ordered();
        if passage < p1 || passage > p2 {
            return None;
        }
        let p = article.passages.get(passage)?;
        let start = if passage == p1 {
            p.sentence(&article.sentence_bounds, s1)
                .map_or(p.range().start, |r| r.start)
        } else {
            p.range().start
        };
        let end = if passage == p2 {
            p.sentence(&article.sentence_bounds, s2)
                .map_or(p.range().end, |r| r.end)
        } else {
            p.range().end
        };
        Some(start..end)
    }

    /// `a`: annotate the selection, or else the cursor passage.
    pub(super) fn start_annotation(&mut self) {
        let Some(article) = self.current_article().cloned() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let target = match self.selection_chars() {
            Some((start, end)) => target_for(&article, start, end),
            None => match self.cursor_passage() {
                Some((p, _)) => target_for_passage(&article, p),
                None => return,
            },
        };
        self.editor = Some(Editor {
            text: TextArea::default(),
            tags: LineInput::default(),
            field: EditorField::Text,
            editing: None,
            target: Some(target),
        });
        self.overlay = Some(Overlay::Editor);
    }

    /// `e`: edits the note on the cursor passage (the first, when there are several).
    pub(super) fn edit_note_here(&mut self) {
        let Some((passage, _)) = self.cursor_passage() else {
            return;
        };
        let note = self
            .notes_on(passage)
            .into_iter()
            .find(|n| n.kind == NoteKind::Note)
            .cloned();
        match note {
            Some(note) => self.edit_note(note),
            None => self.flash = Some("no note on this passage: a annotates it".to_string()),
        }
    }

    fn edit_note(&mut self, note: Note) {
        if !self.writable() {
            return;
        }
        self.editor = Some(Editor {
            text: TextArea::with(&note.text),
            tags: LineInput::with(&note.tags.join(", ")),
            field: EditorField::Text,
            editing: Some(note),
            target: None,
        });
        self.overlay = Some(Overlay::Editor);
    }

    pub(super) fn editor_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            self.overlay = None;
            return Vec::new();
        };
        match (key.code, key.ctrl) {
            (Code::Esc, _) => {
                self.editor = None;
                self.overlay = None;
                self.flash = Some("note not saved".to_string());
                Vec::new()
            }
            (Code::Tab, _) | (Code::BackTab, _) => {
                editor.field = match editor.field {
                    EditorField::Text => EditorField::Tags,
                    EditorField::Tags => EditorField::Text,
                };
                Vec::new()
            }
            (Code::Char('s'), true) => {
                let Some(editor) = self.editor.take() else {
                    return Vec::new();
                };
                self.overlay = None;
                self.selection = None;
                let text = editor.text.text().trim_end().to_string();
                let tags = tags_of(&editor.tags.text);
                match (editor.editing, editor.target) {
                    (Some(mut note), _) => {
                        note.text = text;
                        note.tags = tags;
                        self.flash = Some("note saved".to_string());
                        self.notes_effect(NotesOp::Update(Box::new(note)))
                    }
                    (None, Some(target)) => {
                        let note = new_note(NoteKind::Note, target, text, tags);
                        self.flash = Some("note saved".to_string());
                        self.notes_effect(NotesOp::Add(Box::new(note)))
                    }
                    (None, None) => Vec::new(),
                }
            }
            _ => {
                match editor.field {
                    EditorField::Text => {
                        editor.text.edit(&key);
                    }
                    EditorField::Tags => {
                        editor.tags.edit(&key);
                    }
                }
                Vec::new()
            }
        }
    }

    /// The notes the notes view lists, in order: by article (in corpus order), orphans last;
    /// filtered by the view's words, `#tag` and `@source`.
    pub fn listed_notes(&self) -> Vec<usize> {
        let filter = self.notes_view.filter.text.to_lowercase();
        let words: Vec<&str> = filter.split_whitespace().collect();
        let mut out: Vec<usize> = (0..self.notes.notes.len())
            .filter(|&i| {
                let n = &self.notes.notes[i];
                words.iter().all(|w| {
                    if let Some(tag) = w.strip_prefix('#') {
                        n.tags.iter().any(|t| t.to_lowercase().contains(tag))
                    } else if let Some(src) = w.strip_prefix('@') {
                        n.target.source.to_lowercase().contains(src)
                    } else {
                        n.text.to_lowercase().contains(w)
                            || n.target.exact.to_lowercase().contains(w)
                            || n.target.title.to_lowercase().contains(w)
                            || n.tags.iter().any(|t| t.to_lowercase().contains(w))
                    }
                })
            })
            .collect();
        let key = |i: &usize| match self.notes.placed.get(*i).cloned().flatten() {
            Some((
                article,
                Anchoring::Anchored { start, .. } | Anchoring::Reanchored { start, .. },
            )) => (0, article, start),
            Some((article, Anchoring::Orphan)) => (1, article, 0),
            None => (1, usize::MAX, 0),
        };
        out.sort_by_key(key);
        out
    }

    pub(super) fn open_notes_view(&mut self) {
        self.notes_view.selected = 0;
        self.notes_view.confirm_delete = None;
        self.overlay = Some(Overlay::Notes);
    }

    pub(super) fn notes_view_key(&mut self, key: Key) -> Vec<Effect> {
        let listed = self.listed_notes();
        if let Some(id) = self.notes_view.confirm_delete.take() {
            if matches!(key.code, Code::Char('y') | Code::Char('Y')) && self.writable() {
                self.flash = Some("note deleted".to_string());
                return self.notes_effect(NotesOp::Remove(id));
            }
            self.flash = Some("kept".to_string());
            return Vec::new();
        }
        let selected = listed
            .get(self.notes_view.selected)
            .and_then(|&i| self.notes.notes.get(i))
            .cloned();
        match (key.code, key.ctrl) {
            (Code::Esc, _) => {
                self.overlay = None;
                Vec::new()
            }
            (Code::Down, _) => {
                self.notes_view.selected =
                    (self.notes_view.selected + 1).min(listed.len().saturating_sub(1));
                Vec::new()
            }
            (Code::Up, _) => {
                self.notes_view.selected = self.notes_view.selected.saturating_sub(1);
                Vec::new()
            }
            (Code::Enter, _) => {
                let Some(note) = selected else {
                    return Vec::new();
                };
                let index = listed[self.notes_view.selected];
                match self.notes.placed.get(index).cloned().flatten() {
                    Some((
                        article,
                        Anchoring::Anchored { passage, .. } | Anchoring::Reanchored { passage, .. },
                    )) => {
                        self.overlay = None;
                        let effects = self.jump_to(article, passage, None);
                        self.focus = Pane::Reader;
                        effects
                    }
                    _ => {
                        self.flash = Some(format!(
                            "orphan: its text is no longer in {}; it is kept, not attached elsewhere",
                            note.target.title
                        ));
                        Vec::new()
                    }
                }
            }
            (Code::Char('e'), true) => {
                if let Some(note) = selected {
                    self.edit_note(note);
                }
                Vec::new()
            }
            (Code::Char('d'), true) | (Code::Delete, _) => {
                if let Some(note) = selected {
                    self.notes_view.confirm_delete = Some(note.id);
                    self.flash =
                        Some("delete this note? y deletes, any other key keeps it".to_string());
                }
                Vec::new()
            }
            _ => {
                if self.notes_view.filter.edit(&key) {
                    self.notes_view.selected = 0;
                }
                Vec::new()
            }
        }
    }
}

/// Runs one store operation (on the notes thread) and says what the store holds afterwards.
/// Each operation opens the store, so another instance's writes are merged in every time.
pub fn perform(dir: &std::path::Path, op: NotesOp) -> super::Msg {
    use crate::notes::{Store, StoreError};
    let opened = match op {
        NotesOp::OpenFresh => Store::open_fresh(dir),
        _ => Store::open(dir),
    };
    let mut store = match opened {
        Ok(store) => store,
        Err(e @ StoreError::Corrupt { .. }) => {
            tracing::warn!("notes: {e}");
            return super::Msg::NotesFailed {
                message: e.to_string(),
                corrupt: true,
            };
        }
        Err(e) => {
            tracing::error!("notes: {e}");
            return super::Msg::NotesFailed {
                message: e.to_string(),
                corrupt: false,
            };
        }
    };
    let result = match op {
        NotesOp::Open | NotesOp::OpenFresh => Ok(()),
        NotesOp::Add(note) => store.add(*note),
        NotesOp::Update(note) => store.update(*note),
        NotesOp::Remove(id) => store.remove(&id),
    };
    if let Err(e) = result {
        tracing::error!("notes: {e}");
        return super::Msg::NotesFailed {
            message: e.to_string(),
            corrupt: false,
        };
    }
    super::Msg::NotesReplied {
        notes: store.notes().to_vec(),
        read_only: store.read_only().map(str::to_string),
    }
}
