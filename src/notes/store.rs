//! The notes file: `notes.json` in the data directory, versioned, written atomically, shared
//! safely between running instances.
//!
//! Every change is a transaction under an exclusive lock on `notes.json.lock`: read the file as
//! it is now, apply this one change to it, write it back (temp file, fsync, rename, fsync the
//! folder). Changes merge as operations, never as snapshots: a process never writes back its
//! own possibly stale copy of the notes, only the current file plus its change. So a note that
//! another instance deleted stays deleted (no tombstones needed), a note it added stays added,
//! and the last of two edits to the same note wins.
//!
//! Reading needs no lock: the rename makes every state of the file a complete one. A file that
//! does not parse is never written over: it is renamed aside (`notes.json.corrupt-<time>`) under
//! the lock and the caller decides what to do. A file from a newer parallax is opened
//! read-only.

use super::{Note, time};
use crate::atomic::{sync_dir, write_file_atomic};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "notes.json";
pub const LOCK_NAME: &str = "notes.json.lock";
/// The store format this build reads and writes.
pub const VERSION: u64 = 1;
const TEMP_PREFIX: &str = ".notes.json.tmp-";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file did not parse. It has been renamed to `set_aside`, untouched; reopen with
    /// `OpenMode::Fresh` to start a new file or `OpenMode::ReadOnly` to go on without writing.
    #[error(
        "{}: cannot read the notes ({reason}); the file was set aside as {}",
        path.display(),
        set_aside.display()
    )]
    Corrupt {
        path: PathBuf,
        set_aside: PathBuf,
        reason: String,
    },
    /// The file did not parse, in a read-only store (which never moves anything).
    #[error("{}: cannot read the notes ({reason})", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("the notes are read-only: {0}")]
    ReadOnly(String),
    #[error("no note with id {0:?}")]
    NotFound(String),
    #[error("another note already has the id {0:?}")]
    DuplicateId(String),
}

/// What to do when `notes.json` cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Set it aside and fail with `StoreError::Corrupt` (which says where it went).
    Normal,
    /// Set it aside and start an empty store (`Store::set_aside` says where it went).
    Fresh,
    /// Touch nothing, ever: an unreadable file gives an empty store; writes are refused.
    ReadOnly,
}

/// What `Store::import` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// New notes.
    pub added: usize,
    /// Already there: same id and content, or the same content under another id.
    pub unchanged: usize,
    /// Same id, and the imported copy was edited later: it replaced ours.
    pub updated: usize,
    /// Same id, and ours was edited later: ours was kept.
    pub kept: usize,
}

/// The notes of one data directory. Plain data (`Send`): no handle is held between calls.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    path: PathBuf,
    notes: Vec<Note>,
    mode: OpenMode,
    read_only: Option<String>,
    set_aside: Option<PathBuf>,
}

#[derive(Deserialize)]
struct FileIn {
    version: u64,
    notes: Vec<Note>,
}

/// Reads only the version: serde skips the rest, and still checks it is JSON.
#[derive(Deserialize)]
struct Header {
    version: u64,
}

/// What is on disk.
enum Disk {
    Missing,
    Current(Vec<Note>),
    /// From a newer parallax; its notes when they happen to parse as ours.
    Newer(u64, Option<Vec<Note>>),
    Corrupt(String),
}

impl Store {
    /// Opens the store in `dir` (which need not exist yet: it is created on the first write).
    /// An unreadable file is set aside and reported as `StoreError::Corrupt`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Self::open_with(dir, OpenMode::Normal)
    }

    /// Like `open`, but an unreadable file is set aside and the store starts empty.
    pub fn open_fresh(dir: &Path) -> Result<Store, StoreError> {
        Self::open_with(dir, OpenMode::Fresh)
    }

    /// Opens without ever writing or moving anything; every change returns `ReadOnly`.
    pub fn open_read_only(dir: &Path) -> Result<Store, StoreError> {
        Self::open_with(dir, OpenMode::ReadOnly)
    }

    pub fn open_with(dir: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        let mut store = Store {
            dir: dir.to_path_buf(),
            path: dir.join(FILE_NAME),
            notes: Vec::new(),
            mode,
            read_only: (mode == OpenMode::ReadOnly).then(|| "opened read-only".to_string()),
            set_aside: None,
        };
        match store.reload() {
            Err(StoreError::Unreadable { reason, .. }) if mode == OpenMode::ReadOnly => {
                store.read_only = Some(format!(
                    "{} cannot be read ({reason})",
                    store.path.display()
                ));
                Ok(store)
            }
            Err(StoreError::Corrupt { set_aside, .. }) if mode == OpenMode::Fresh => {
                store.read_only = None;
                store.notes.clear();
                store.set_aside = Some(set_aside);
                Ok(store)
            }
            Err(e) => Err(e),
            Ok(()) => Ok(store),
        }
    }

    /// The notes in the order they were added.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    pub fn get(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// Why writes are refused, if they are: opened read-only, a newer format, or a file that
    /// went bad and was set aside while this store was open.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Where an unreadable file was moved when `OpenMode::Fresh` (or a failed write) set it aside.
    pub fn set_aside(&self) -> Option<&Path> {
        self.set_aside.as_deref()
    }

    /// The notes file (`<dir>/notes.json`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Re-reads the file, taking in what other instances wrote. In a writable store an
    /// unreadable file is set aside (`Corrupt`) and the store turns read-only until reopened.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let disk = read_disk(&self.path)?;
        if matches!(disk, Disk::Corrupt(_)) && self.mode != OpenMode::ReadOnly {
            // Set aside under the lock, after reading again: another instance may have just
            // replaced the file with a good one.
            let _lock = self.lock()?;
            let again = read_disk(&self.path)?;
            return self.take(again);
        }
        self.take(disk)
    }

    /// Adds a note. Adding the same note again (same id, same content) does nothing.
    pub fn add(&mut self, note: Note) -> Result<(), StoreError> {
        self.transact(|notes| match notes.iter().find(|n| n.id == note.id) {
            Some(existing) if *existing == note => Ok(false),
            Some(_) => Err(StoreError::DuplicateId(note.id.clone())),
            None => {
                notes.push(note);
                Ok(true)
            }
        })
    }

    /// Replaces the note with the same id, keeping its creation time and stamping `updated`.
    /// `NotFound` when it is gone (another instance may have removed it).
    pub fn update(&mut self, note: Note) -> Result<(), StoreError> {
        self.transact(|notes| {
            let Some(existing) = notes.iter_mut().find(|n| n.id == note.id) else {
                return Err(StoreError::NotFound(note.id.clone()));
            };
            if existing.same_content(&note) {
                return Ok(false);
            }
            let created = std::mem::take(&mut existing.created);
            *existing = Note {
                created,
                updated: time::now(),
                ..note
            };
            Ok(true)
        })
    }

    /// Removes a note. `NotFound` when it is not there (already removed elsewhere, perhaps).
    pub fn remove(&mut self, id: &str) -> Result<(), StoreError> {
        self.transact(|notes| {
            let before = notes.len();
            notes.retain(|n| n.id != id);
            if notes.len() == before {
                Err(StoreError::NotFound(id.to_string()))
            } else {
                Ok(true)
            }
        })
    }

    /// Merges notes in one write: new ids are added, a note whose content is already there
    /// (under any id) is skipped, and for an id both sides have, the later `updated` wins.
    pub fn import(&mut self, incoming: Vec<Note>) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        self.transact(|notes| {
            // Indexes, so that importing thousands of notes into thousands stays linear.
            let mut ids: HashMap<String, usize> = notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.clone(), i))
                .collect();
            let mut contents: HashSet<u64> = notes.iter().map(content_hash).collect();
            for note in incoming {
                match ids.get(&note.id) {
                    Some(&i) if notes[i] == note => report.unchanged += 1,
                    Some(&i) => {
                        if is_later(&note.updated, &notes[i].updated) {
                            contents.insert(content_hash(&note));
                            notes[i] = note;
                            report.updated += 1;
                        } else {
                            report.kept += 1;
                        }
                    }
                    None if contents.contains(&content_hash(&note))
                        && notes.iter().any(|n| n.same_content(&note)) =>
                    {
                        report.unchanged += 1
                    }
                    None => {
                        contents.insert(content_hash(&note));
                        ids.insert(note.id.clone(), notes.len());
                        notes.push(note);
                        report.added += 1;
                    }
                }
            }
            Ok(report.added + report.updated > 0)
        })?;
        Ok(report)
    }

    /// Runs one change on the file as it is on disk now, under the lock; writes when `change`
    /// says it changed something. `change` must leave the notes alone when it fails. Afterwards `notes` is the file's content, with other
    /// instances' changes, whether or not this change succeeded.
    fn transact(
        &mut self,
        change: impl FnOnce(&mut Vec<Note>) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly(reason.clone()));
        }
        fs::create_dir_all(&self.dir).map_err(|e| io_error(&self.dir, e))?;
        let _lock = self.lock()?;
        self.take(read_disk(&self.path)?)?;
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly(reason.clone()));
        }
        let mut notes = std::mem::take(&mut self.notes);
        let changed = change(&mut notes);
        // Changes only touch the notes once they know they succeed, so on an error `notes` is
        // still the file's content; on a failed write the file keeps what it had, so re-read.
        let result = match changed {
            Ok(true) => write_atomic(&self.dir, &self.path, &notes),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        };
        self.notes = notes;
        if result.is_err() {
            let _ = read_disk(&self.path).map(|disk| self.take(disk));
        }
        result
    }

    /// Makes what is on disk the store's content. Must hold the lock for `Disk::Corrupt` in a
    /// writable store, since it moves the file.
    fn take(&mut self, disk: Disk) -> Result<(), StoreError> {
        match disk {
            Disk::Missing => self.notes.clear(),
            Disk::Current(notes) => self.notes = notes,
            Disk::Newer(version, notes) => {
                self.read_only = Some(format!(
                    "{} was written by a newer parallax (format {version}; this one knows {VERSION})",
                    self.path.display()
                ));
                self.notes = notes.unwrap_or_default();
            }
            Disk::Corrupt(reason) if self.mode == OpenMode::ReadOnly => {
                return Err(StoreError::Unreadable {
                    path: self.path.clone(),
                    reason,
                });
            }
            Disk::Corrupt(reason) => {
                let set_aside = set_aside(&self.dir, &self.path)?;
                // Writing now would start a new file over the missing one: the caller decides.
                self.read_only = Some(format!(
                    "the notes file could not be read and was set aside as {}",
                    set_aside.display()
                ));
                self.set_aside = Some(set_aside.clone());
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    set_aside,
                    reason,
                });
            }
        }
        Ok(())
    }

    /// Blocks until this process holds the store's lock; released when the file is dropped.
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.dir.join(LOCK_NAME);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io_error(&path, e))?;
        // File::lock is std since 1.89; Cargo.toml's rust-version (1.88) predates it and is
        // not this module's to change. The integrator bumps it to 1.89 with this module.
        #[allow(clippy::incompatible_msrv)]
        file.lock().map_err(|e| io_error(&path, e))?;
        Ok(file)
    }
}

fn io_error(path: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A hash of what `Note::same_content` compares.
fn content_hash(note: &Note) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (note.kind, &note.target, &note.text, &note.tags).hash(&mut hasher);
    hasher.finish()
}

fn is_later(a: &str, b: &str) -> bool {
    match (time::parse_millis(a), time::parse_millis(b)) {
        (Some(a), Some(b)) => a > b,
        _ => a > b,
    }
}

fn read_disk(path: &Path) -> Result<Disk, StoreError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Disk::Missing),
        Err(e) => return Err(io_error(path, e)),
    };
    Ok(parse(&bytes))
}

fn parse(bytes: &[u8]) -> Disk {
    match serde_json::from_slice::<FileIn>(bytes) {
        Ok(file) if file.version == VERSION => Disk::Current(file.notes),
        Ok(file) if file.version > VERSION => Disk::Newer(file.version, Some(file.notes)),
        Ok(file) => Disk::Corrupt(format!("unknown format version {}", file.version)),
        Err(e) => match serde_json::from_slice::<Header>(bytes) {
            Ok(header) if header.version > VERSION => Disk::Newer(header.version, None),
            _ if bytes.is_empty() => Disk::Corrupt("the file is empty".to_string()),
            _ => Disk::Corrupt(e.to_string()),
        },
    }
}

/// Renames the unreadable file to `notes.json.corrupt-<time>` (never over an existing one).
fn set_aside(dir: &Path, path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = time::compact(std::time::SystemTime::now());
    let mut n = 0;
    let target = loop {
        let name = match n {
            0 => format!("{FILE_NAME}.corrupt-{stamp}"),
            n => format!("{FILE_NAME}.corrupt-{stamp}-{n}"),
        };
        let candidate = dir.join(name);
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    fs::rename(path, &target).map_err(|e| io_error(path, e))?;
    sync_dir(dir).map_err(|e| io_error(dir, e))?;
    Ok(target)
}

/// The file's bytes: the whole document valid JSON, one note per line so that it diffs, greps
/// and survives hand edits.
pub fn serialize(notes: &[Note]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + notes.len() * 512);
    out.extend_from_slice(format!("{{\"version\": {VERSION}, \"notes\": [").as_bytes());
    for (i, note) in notes.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        // A Note is strings, numbers and enums: serialising it into memory cannot fail.
        if serde_json::to_writer(&mut out, note).is_err() {
            debug_assert!(false, "a note did not serialise");
        }
    }
    out.extend_from_slice(b"\n]}\n");
    out
}

/// Writes the notes file; only called under the lock, so stale temp files can go first.
fn write_atomic(dir: &Path, path: &Path, notes: &[Note]) -> Result<(), StoreError> {
    remove_stale_temps(dir);
    write_file_atomic(dir, path, TEMP_PREFIX, &serialize(notes)).map_err(|e| io_error(path, e))
}

/// Temp files left by writers that were killed mid-save. Only called under the lock, and every
/// writer holds the lock from creating its temp file to renaming it, so none is in use.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{NoteKind, Target, new_note};

    fn note(text: &str) -> Note {
        let target = Target {
            article_id: "a".into(),
            article_path: "/tmp/a.txt".into(),
            title: "T".into(),
            source: "S".into(),
            fingerprint: "fnv1a64:0".into(),
            passage: 0,
            start: 0,
            end: 4,
            exact: "Text".into(),
            prefix: String::new(),
            suffix: " goes on".into(),
        };
        new_note(NoteKind::Note, target, text.into(), vec!["t".into()])
    }

    fn assert_send<T: Send>() {}

    #[test]
    fn store_is_send() {
        assert_send::<Store>();
    }

    #[test]
    fn add_update_remove_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sub")).unwrap();
        assert!(store.notes().is_empty());
        assert!(!dir.path().join("sub").exists(), "opening writes nothing");
        let n = note("first");
        store.add(n.clone()).unwrap();
        store.add(n.clone()).unwrap();
        assert_eq!(store.notes().len(), 1);
        let mut edited = n.clone();
        edited.text = "edited".into();
        edited.created = "1999-01-01T00:00:00.000Z".into();
        store.update(edited).unwrap();
        let reopened = Store::open(&dir.path().join("sub")).unwrap();
        assert_eq!(reopened.notes()[0].text, "edited");
        assert_eq!(reopened.notes()[0].created, n.created, "created is kept");
        let mut other = n.clone();
        other.text = "clash".into();
        assert!(matches!(store.add(other), Err(StoreError::DuplicateId(_))));
        store.remove(&n.id).unwrap();
        assert!(matches!(store.remove(&n.id), Err(StoreError::NotFound(_))));
        assert!(
            Store::open(&dir.path().join("sub"))
                .unwrap()
                .notes()
                .is_empty()
        );
    }

    #[test]
    fn a_delete_elsewhere_is_not_undone_by_a_stale_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Store::open(dir.path()).unwrap();
        let (x, y) = (note("x"), note("y"));
        a.add(x.clone()).unwrap();
        let mut b = Store::open(dir.path()).unwrap();
        assert_eq!(b.notes().len(), 1);
        a.remove(&x.id).unwrap();
        // b still shows x; its next change must not bring x back.
        assert_eq!(b.notes().len(), 1);
        b.add(y.clone()).unwrap();
        let ids: Vec<&str> = b.notes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, [y.id.as_str()]);
        let mut edit = x.clone();
        edit.text = "too late".into();
        assert!(matches!(b.update(edit), Err(StoreError::NotFound(_))));
        assert_eq!(Store::open(dir.path()).unwrap().notes().len(), 1);
    }

    #[test]
    fn threads_with_their_own_stores_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let dir = dir.path();
                s.spawn(move || {
                    let mut store = Store::open(dir).unwrap();
                    for i in 0..25 {
                        store.add(note(&format!("{t}-{i}"))).unwrap();
                    }
                });
            }
        });
        assert_eq!(Store::open(dir.path()).unwrap().notes().len(), 100);
    }

    #[test]
    fn import_merges_by_id_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let a = note("a");
        store.add(a.clone()).unwrap();
        let mut newer = a.clone();
        newer.text = "a, edited later".into();
        newer.updated = "2999-01-01T00:00:00Z".into();
        let mut older = a.clone();
        older.text = "a, stale".into();
        older.updated = "2000-01-01T00:00:00Z".into();
        let mut copy = a.clone();
        copy.id = "other-id".into();
        let b = note("b");
        let report = store.import(vec![older, copy, b.clone(), b]).unwrap();
        assert_eq!(
            report,
            ImportReport {
                added: 1,
                unchanged: 2,
                updated: 0,
                kept: 1
            }
        );
        let report = store.import(vec![newer]).unwrap();
        assert_eq!(report.updated, 1);
        assert_eq!(store.notes()[0].text, "a, edited later");
        assert_eq!(store.notes().len(), 2);
    }

    #[test]
    fn parse_tells_corrupt_from_newer() {
        assert!(matches!(parse(b""), Disk::Corrupt(_)));
        assert!(matches!(
            parse(b"{\"version\": 1, \"notes\": ["),
            Disk::Corrupt(_)
        ));
        assert!(matches!(parse(b"{\"notes\": []}"), Disk::Corrupt(_)));
        assert!(matches!(
            parse(b"{\"version\": 0, \"notes\": []}"),
            Disk::Corrupt(_)
        ));
        assert!(matches!(
            parse(b"{\"version\": 7, \"notes\": [{\"new\": true}], \"more\": 1}"),
            Disk::Newer(7, None)
        ));
        assert!(matches!(
            parse(b"{\"version\": 2, \"notes\": []}"),
            Disk::Newer(2, Some(_))
        ));
        let bytes = serialize(&[note("x"), note("y")]);
        let Disk::Current(notes) = parse(&bytes) else {
            panic!("own output does not parse")
        };
        assert_eq!(notes.len(), 2);
    }
}
