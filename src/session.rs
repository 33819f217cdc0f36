//! Reading sessions on disk: where the reader was in each corpus (the open article and its
//! reading position, the positions in other recently read articles, the panel layout), one file
//! per corpus in `<data dir>/sessions/<hash>.json`, versioned and written atomically.
//!
//! A corpus is known by the canonical paths of its inputs (or `embedded` for the sample corpus),
//! so `parallax ./x` and `parallax x` find the same session; the file name is a hash of that
//! identity and the readable paths are kept inside. Articles are known by their path (made
//! canonical the same way) and id, never by their place in the load order.
//!
//! Nothing here knows about the terminal: the app maps its panes, tabs and layers to the plain
//! names stored here.

use crate::corpus::Input;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{MAIN_SEPARATOR, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The session format this build reads and writes.
pub const VERSION: u64 = 1;
/// How many other articles keep their reading position.
pub const RECENT_LIMIT: usize = 50;
/// The folder of session files inside the data directory.
pub const DIR_NAME: &str = "sessions";
/// What the sample corpus built into the binary is called in an identity.
pub const EMBEDDED: &str = "embedded";
const TEMP_PREFIX: &str = ".session.tmp-";
/// A temp file older than this was left by a writer that died: a save takes milliseconds.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: not a session file parallax can read ({reason})", path.display())]
    Broken { path: PathBuf, reason: String },
    #[error(
        "{}: written by a newer parallax (session format {version}, this one reads {VERSION})",
        path.display()
    )]
    Newer { path: PathBuf, version: u64 },
}

impl SessionError {
    /// The session file concerned.
    pub fn path(&self) -> &Path {
        match self {
            SessionError::Io { path, .. }
            | SessionError::Broken { path, .. }
            | SessionError::Newer { path, .. } => path,
        }
    }

    /// What went wrong, without the path.
    pub fn reason(&self) -> String {
        match self {
            SessionError::Io { source, .. } => source.to_string(),
            SessionError::Broken { reason, .. } => format!("not a readable session ({reason})"),
            SessionError::Newer { version, .. } => format!(
                "written by a newer parallax (session format {version}, this one reads {VERSION})"
            ),
        }
    }
}

/// Which corpus a session belongs to: what its inputs are, whatever way they were spelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusIdentity {
    /// Canonical paths, sorted and without repeats, or `embedded`.
    names: Vec<String>,
    /// Each path input as it was given (which is how its articles' paths begin) and its
    /// canonical form.
    roots: Vec<(String, String)>,
}

impl CorpusIdentity {
    /// The identity of a corpus read from `inputs`. Paths are made canonical (symbolic links,
    /// `.` and `..` resolved); one that cannot be (it vanished) is made absolute instead.
    pub fn of(inputs: &[Input]) -> CorpusIdentity {
        let mut names = Vec::new();
        let mut roots = Vec::new();
        for input in inputs {
            match input {
                Input::Path(path) => {
                    let canonical = canonical(path);
                    roots.push((path.display().to_string(), canonical.clone()));
                    names.push(canonical);
                }
                Input::Embedded { .. } | Input::EmbeddedManifest(_) => {
                    names.push(EMBEDDED.to_string())
                }
            }
        }
        names.sort();
        names.dedup();
        // The longest spelling first, so that a folder inside another input finds its own root.
        roots.sort_by_key(|(given, _)| std::cmp::Reverse(given.len()));
        CorpusIdentity { names, roots }
    }

    /// The corpus, readable: its canonical paths, or `embedded`.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The name of this corpus's session file.
    pub fn file_name(&self) -> String {
        file_name_for(&self.names)
    }

    /// How an article of this corpus is remembered: its path with the input's spelling
    /// replaced by the canonical path, and its id.
    pub fn article_key(&self, path: &str, id: &str) -> ArticleKey {
        let stable = self
            .roots
            .iter()
            .find_map(|(given, canonical)| {
                let rest = path.strip_prefix(given.as_str())?;
                let at_boundary = rest.is_empty()
                    || given.ends_with(['/', '\\'])
                    || rest.starts_with(['/', '\\']);
                at_boundary.then(|| {
                    let rest = rest.trim_start_matches(['/', '\\']);
                    if rest.is_empty() {
                        canonical.clone()
                    } else {
                        format!(
                            "{}{MAIN_SEPARATOR}{rest}",
                            canonical.trim_end_matches(['/', '\\'])
                        )
                    }
                })
            })
            .unwrap_or_else(|| path.to_string());
        ArticleKey {
            path: stable,
            id: id.to_string(),
        }
    }
}

fn canonical(path: &Path) -> String {
    match fs::canonicalize(path) {
        Ok(p) => p.display().to_string(),
        Err(e) => {
            tracing::warn!(
                "session: cannot resolve {}: {e}; using it as written",
                path.display()
            );
            std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string()
        }
    }
}

/// `<16 hex digits>.json`: FNV-1a of the identity, the same hash notes fingerprint text with.
fn file_name_for(names: &[String]) -> String {
    let fingerprint = crate::notes::fingerprint(&names.join("\n"));
    let hex = fingerprint
        .rsplit(':')
        .next()
        .unwrap_or(fingerprint.as_str());
    format!("{hex}.json")
}

/// An article, found again whatever order the corpus loads in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArticleKey {
    pub path: String,
    pub id: String,
}

/// The block at the top of the reader's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Top {
    Title,
    Meta,
    Passage(usize),
}

/// Where the reader was in an article: the passage under the cursor, and the block at the top
/// of the view with the wrapped line inside it (lines, not screen rows: the view is rebuilt at
/// whatever size the terminal has next time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub cursor: usize,
    pub top: Top,
    #[serde(default)]
    pub top_line: usize,
}

/// An article and the position in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub article: ArticleKey,
    pub position: Position,
}

/// The panels as they were, by the names the app gives them. Unknown names (from a later
/// parallax, or a lexicon without that convention) are ignored when restoring.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    /// The focused pane.
    pub focus: String,
    /// The pane shown beside the reader when only two fit.
    pub companion: String,
    pub side_tab: String,
    pub show_boilerplate: bool,
    /// Highlight layers switched off.
    pub hidden_layers: Vec<String>,
    /// The naming lens, by the convention's name; none when reading as written.
    pub lens: Option<String>,
}

/// Everything remembered about one corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub version: u64,
    /// Which corpus: its canonical paths, or `embedded`.
    pub corpus: Vec<String>,
    /// The article open last, and where in it.
    #[serde(default)]
    pub current: Option<Remembered>,
    /// Other articles read, the most recent first, at most `RECENT_LIMIT`.
    #[serde(default)]
    pub recent: Vec<Remembered>,
    #[serde(default)]
    pub layout: Layout,
}

impl Session {
    /// An empty session of the corpus.
    pub fn new(identity: &CorpusIdentity) -> Session {
        Session {
            version: VERSION,
            corpus: identity.names.clone(),
            current: None,
            recent: Vec::new(),
            layout: Layout::default(),
        }
    }
}

/// The session file of a corpus.
pub fn path_in(data_dir: &Path, identity: &CorpusIdentity) -> PathBuf {
    data_dir.join(DIR_NAME).join(identity.file_name())
}

/// The session of a corpus, or `None` when there is none yet (or the file belongs to another
/// corpus whose identity hashes the same, which is then written over: a session holds no work).
pub fn load(data_dir: &Path, identity: &CorpusIdentity) -> Result<Option<Session>, SessionError> {
    let path = path_in(data_dir, identity);
    let Some(session) = read(&path)? else {
        return Ok(None);
    };
    if session.corpus != identity.names {
        tracing::warn!(
            "session: {} belongs to another corpus ({:?}); not used",
            path.display(),
            session.corpus
        );
        return Ok(None);
    }
    Ok(Some(session))
}

/// Reads a session file; `None` when it does not exist.
pub fn read(path: &Path) -> Result<Option<Session>, SessionError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SessionError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    parse(&bytes).map(Some).map_err(|problem| match problem {
        Problem::Newer(version) => SessionError::Newer {
            path: path.to_path_buf(),
            version,
        },
        Problem::Broken(reason) => SessionError::Broken {
            path: path.to_path_buf(),
            reason,
        },
    })
}

enum Problem {
    Newer(u64),
    Broken(String),
}

#[derive(Deserialize)]
struct Header {
    version: u64,
}

fn parse(bytes: &[u8]) -> Result<Session, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Broken("the file is empty".to_string()));
    }
    // The version first: a newer file is reported as newer even when its fields changed.
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| Problem::Broken(e.to_string()))?;
    if header.version > VERSION {
        return Err(Problem::Newer(header.version));
    }
    if header.version != VERSION {
        return Err(Problem::Broken(format!(
            "unknown format version {}",
            header.version
        )));
    }
    serde_json::from_slice(bytes).map_err(|e| Problem::Broken(e.to_string()))
}

/// Writes the session of its corpus atomically (temp file, fsync, rename, fsync the folder),
/// keeping at most `RECENT_LIMIT` recent articles; returns the file's path.
///
/// Whatever file was there is replaced, a broken one included: a session holds no work of the
/// user's, only where they were, so nothing is lost that the next save does not say again.
pub fn save(data_dir: &Path, session: &Session) -> Result<PathBuf, SessionError> {
    let dir = data_dir.join(DIR_NAME);
    let path = dir.join(file_name_for(&session.corpus));
    let io_error = |source| SessionError::Io {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(&dir).map_err(io_error)?;
    remove_stale_temps(&dir);
    let bounded;
    let session = match session.recent.get(..RECENT_LIMIT) {
        Some(kept) if kept.len() < session.recent.len() => {
            bounded = Session {
                recent: kept.to_vec(),
                ..session.clone()
            };
            &bounded
        }
        _ => session,
    };
    let mut bytes = serde_json::to_vec_pretty(session).map_err(|e| io_error(e.into()))?;
    bytes.push(b'\n');
    crate::atomic::write_file_atomic(&dir, &path, TEMP_PREFIX, &bytes).map_err(io_error)?;
    Ok(path)
}

/// Temp files of writers that died mid-save. Another instance may be saving right now (there
/// is no lock: the last save wins), so only old ones go.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(cursor: usize) -> Position {
        Position {
            cursor,
            top: Top::Passage(cursor.saturating_sub(1)),
            top_line: 2,
        }
    }

    fn sample(identity: &CorpusIdentity) -> Session {
        let key = |n: usize| identity.article_key(&format!("embedded:{n:03}.txt"), &n.to_string());
        Session {
            current: Some(Remembered {
                article: key(3),
                position: position(7),
            }),
            recent: vec![
                Remembered {
                    article: key(1),
                    position: Position {
                        cursor: 0,
                        top: Top::Meta,
                        top_line: 0,
                    },
                },
                Remembered {
                    article: key(2),
                    position: position(4),
                },
            ],
            layout: Layout {
                focus: "reader".into(),
                companion: "side".into(),
                side_tab: "claims".into(),
                show_boilerplate: true,
                hidden_layers: vec!["person".into(), "number".into()],
                lens: Some("Armenian".into()),
            },
            ..Session::new(identity)
        }
    }

    fn embedded() -> CorpusIdentity {
        CorpusIdentity::of(&crate::assets::embedded_corpus())
    }

    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_saved_session_reads_back_the_same() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        assert_eq!(load(data.path(), &identity).unwrap(), None, "nothing yet");
        let session = sample(&identity);
        let path = save(data.path(), &session).unwrap();
        assert_eq!(path, path_in(data.path(), &identity));
        assert_eq!(load(data.path(), &identity).unwrap(), Some(session));
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"version\": 1"), "{text}");
        assert!(
            text.contains("\"corpus\": [\n    \"embedded\"\n  ]"),
            "{text}"
        );
        assert!(text.contains("\"passage\": 6"), "{text}");
    }

    #[test]
    fn saving_leaves_only_the_session_file() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        let mut session = sample(&identity);
        for cursor in 0..5 {
            session.current.as_mut().unwrap().position.cursor = cursor;
            save(data.path(), &session).unwrap();
        }
        let dir = data.path().join(DIR_NAME);
        assert_eq!(file_names(&dir), [identity.file_name()]);
        let back = load(data.path(), &identity).unwrap().unwrap();
        assert_eq!(back.current.unwrap().position.cursor, 4);
    }

    #[test]
    fn temp_files_of_dead_writers_are_removed_and_live_ones_kept() {
        let data = tempfile::tempdir().unwrap();
        let dir = data.path().join(DIR_NAME);
        fs::create_dir_all(&dir).unwrap();
        let dead = dir.join(format!("{TEMP_PREFIX}1-0"));
        let live = dir.join(format!("{TEMP_PREFIX}2-0"));
        fs::write(&dead, b"{").unwrap();
        fs::write(&live, b"{").unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(600);
        fs::File::options()
            .write(true)
            .open(&dead)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let identity = embedded();
        save(data.path(), &sample(&identity)).unwrap();
        let names = file_names(&dir);
        assert!(!names.contains(&format!("{TEMP_PREFIX}1-0")), "{names:?}");
        assert!(names.contains(&format!("{TEMP_PREFIX}2-0")), "{names:?}");
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it_and_is_replaced_by_the_next_save() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        let path = path_in(data.path(), &identity);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        for (bytes, expected) in [
            (
                &b"{\"version\": 1, \"corpus\": [\"embedded\"], \"cur"[..],
                "EOF",
            ),
            (b"", "empty"),
            (b"\x00\xff garbage", "expected value"),
            (b"{\"version\": 0}", "unknown format version 0"),
            (
                b"{\"version\": 1, \"corpus\": \"embedded\"}",
                "invalid type",
            ),
        ] {
            fs::write(&path, bytes).unwrap();
            let err = load(data.path(), &identity).unwrap_err();
            assert!(
                matches!(err, SessionError::Broken { .. }),
                "{err:?} for {bytes:?}"
            );
            assert_eq!(err.path(), path);
            assert!(err.to_string().contains(&path.display().to_string()));
            assert!(
                err.reason().contains(expected),
                "{} for {bytes:?}",
                err.reason()
            );
        }
        save(data.path(), &sample(&identity)).unwrap();
        assert_eq!(
            load(data.path(), &identity).unwrap(),
            Some(sample(&identity))
        );
    }

    #[test]
    fn a_newer_version_is_reported_as_newer() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        let path = path_in(data.path(), &identity);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"{\"version\": 2, \"panes\": {\"whatever\": true}}").unwrap();
        match load(data.path(), &identity) {
            Err(SessionError::Newer { version: 2, .. }) => {}
            other => panic!("expected a newer-version error, got {other:?}"),
        }
    }

    #[test]
    fn another_corpus_in_the_same_file_is_not_used() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        let mut other = sample(&identity);
        other.corpus = vec!["/somewhere/else".into()];
        let path = path_in(data.path(), &identity);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
        assert_eq!(load(data.path(), &identity).unwrap(), None);
    }

    #[test]
    fn recent_articles_are_bounded() {
        let data = tempfile::tempdir().unwrap();
        let identity = embedded();
        let mut session = sample(&identity);
        session.recent = (0..RECENT_LIMIT + 20)
            .map(|n| Remembered {
                article: identity.article_key("embedded:x", &n.to_string()),
                position: position(n),
            })
            .collect();
        save(data.path(), &session).unwrap();
        let back = load(data.path(), &identity).unwrap().unwrap();
        assert_eq!(back.recent.len(), RECENT_LIMIT);
        assert_eq!(back.recent[0].article.id, "0", "the most recent are kept");
    }

    #[test]
    fn identity_is_the_same_whatever_the_spelling_or_order() {
        let root = tempfile::tempdir().unwrap();
        let x = root.path().join("x");
        let y = root.path().join("y");
        fs::create_dir_all(&x).unwrap();
        fs::create_dir_all(&y).unwrap();
        let of = |paths: &[PathBuf]| {
            CorpusIdentity::of(&paths.iter().cloned().map(Input::Path).collect::<Vec<_>>())
        };
        let plain = of(std::slice::from_ref(&x));
        let dotted = of(&[root.path().join(".").join("x")]);
        let detour = of(&[y.join("..").join("x")]);
        let slashed = of(&[PathBuf::from(format!("{}/", x.display()))]);
        assert_eq!(plain.names(), dotted.names());
        assert_eq!(plain.names(), detour.names());
        assert_eq!(plain.names(), slashed.names());
        assert_eq!(plain.file_name(), dotted.file_name());
        assert_ne!(plain.file_name(), of(std::slice::from_ref(&y)).file_name());
        assert_eq!(
            of(&[x.clone(), y.clone()]).file_name(),
            of(&[y.clone(), x.clone(), x.clone()]).file_name()
        );
        assert_eq!(embedded().names(), [EMBEDDED]);
        assert!(
            plain.file_name().len() == 21 && plain.file_name().ends_with(".json"),
            "{}",
            plain.file_name()
        );
    }

    #[test]
    fn an_article_is_keyed_the_same_whatever_its_input_was_called() {
        let root = tempfile::tempdir().unwrap();
        let x = root.path().join("x");
        fs::create_dir_all(x.join("sub")).unwrap();
        let canonical_x = fs::canonicalize(&x).unwrap().display().to_string();
        let expected = ArticleKey {
            path: format!("{canonical_x}{MAIN_SEPARATOR}sub{MAIN_SEPARATOR}a.txt"),
            id: "a".into(),
        };
        for given in [
            x.clone(),
            root.path().join(".").join("x"),
            PathBuf::from(format!("{}/", x.display())),
        ] {
            let identity = CorpusIdentity::of(&[Input::Path(given.clone())]);
            let article_path = given.join("sub").join("a.txt").display().to_string();
            assert_eq!(
                identity.article_key(&article_path, "a"),
                expected,
                "given {given:?}"
            );
        }
        // A file given directly is its own root; a sibling whose name merely starts the same
        // is not inside it.
        let file = x.join("sub").join("a.txt");
        fs::write(&file, "text").unwrap();
        let identity = CorpusIdentity::of(&[Input::Path(x.clone())]);
        let sibling = format!("{}2/b.txt", x.display());
        assert_eq!(identity.article_key(&sibling, "b").path, sibling);
        let identity = CorpusIdentity::of(&[Input::Path(file.clone())]);
        assert_eq!(
            identity.article_key(&file.display().to_string(), "a").path,
            fs::canonicalize(&file).unwrap().display().to_string()
        );
        let embedded = embedded().article_key("embedded:000.txt", "000");
        assert_eq!(embedded.path, "embedded:000.txt");
    }
}
