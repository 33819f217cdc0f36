//! Walking the inputs and turning each file into an `Article`, in parallel, streaming.

use super::clean::{clean, sanitize_inline};
use super::decode::{Decoded, decode};
use super::meta::{Fields, Manifest, parse_date, parse_manifest, read_header, split_front_matter};
use super::segment::{Layout, segment, sentences};
use super::{Article, Origin, Passage, Role, count_words, debris};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One thing to load: a path on disk (file or folder) or a file embedded in the binary.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Embedded {
        name: &'static str,
        bytes: &'static [u8],
    },
    /// A manifest that applies to the embedded files.
    EmbeddedManifest(&'static str),
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are refused with a message.
    pub max_file_bytes: u64,
    /// How many articles to send in one `LoadEvent::Articles` batch.
    pub batch: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            batch: 256,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// A message about one file (or input), for stderr and the TUI's message list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file or folder concerned, already safe to print.
    pub path: String,
    pub message: String,
}

impl Diagnostic {
    fn new(severity: Severity, path: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            path: sanitize_inline(path).into_owned(),
            message: sanitize_inline(&message.into()).into_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.path, self.message)
    }
}

/// What a streaming load reports, in order.
#[derive(Debug, Clone)]
pub enum LoadEvent {
    /// The walk found this many candidate files so far.
    Scanning {
        found: usize,
    },
    /// `done` of `total` files processed.
    Progress {
        done: usize,
        total: usize,
    },
    Articles(Vec<Article>),
    Diagnostic(Diagnostic),
    Finished {
        articles: usize,
        elapsed: Duration,
    },
}

/// Loads everything at once: for the CLI and tests.
pub fn load(inputs: &[Input], options: &LoadOptions) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    let cancel = AtomicBool::new(false);
    load_streaming(inputs, options, &cancel, |event| match event {
        LoadEvent::Articles(batch) => articles.extend(batch),
        LoadEvent::Diagnostic(d) => diagnostics.push(d),
        _ => {}
    });
    // Growth by doubling leaves up to half the vector empty: a corpus is kept for long.
    articles.shrink_to_fit();
    (articles, diagnostics)
}

/// Loads the inputs, reporting through `sink` as it goes. Stops early when `cancel` is set.
pub fn load_streaming(
    inputs: &[Input],
    options: &LoadOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(LoadEvent),
) {
    let started = Instant::now();
    let jobs = collect_jobs(inputs, &mut sink);
    let total = jobs.len();
    sink(LoadEvent::Progress { done: 0, total });
    let mut ids = HashSet::new();
    let mut done = 0;
    let mut loaded = 0;
    for chunk in jobs.chunks(options.batch.max(1)) {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let results: Vec<(Option<Article>, Vec<Diagnostic>)> =
            chunk.par_iter().map(|job| process(job, options)).collect();
        let mut batch = Vec::with_capacity(results.len());
        for (article, diagnostics) in results {
            for d in diagnostics {
                sink(LoadEvent::Diagnostic(d));
            }
            if let Some(mut article) = article {
                article.id = unique_id(&article.id, &mut ids);
                batch.push(article);
            }
        }
        done += chunk.len();
        loaded += batch.len();
        if !batch.is_empty() {
            sink(LoadEvent::Articles(batch));
        }
        sink(LoadEvent::Progress { done, total });
    }
    sink(LoadEvent::Finished {
        articles: loaded,
        elapsed: started.elapsed(),
    });
}

fn unique_id(stem: &str, used: &mut HashSet<String>) -> String {
    let mut id = stem.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{stem}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

enum Bytes {
    File(PathBuf),
    Embedded(&'static [u8]),
}

struct Job {
    display: String,
    stem: String,
    layout: Layout,
    bytes: Bytes,
    /// The manifest that covers this file and the file's path relative to it.
    manifest: Option<(Arc<Manifest>, String)>,
}

const MANIFEST: &str = "parallax.toml";

fn layout_for(path: &Path) -> Option<Layout> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Layout::Plain),
        "md" | "markdown" => Some(Layout::Markdown),
        _ => None,
    }
}

fn stem_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_string());
    sanitize_inline(&stem).into_owned()
}

/// Manifests already read, by folder; `None` when the folder has none or it is broken.
type ManifestCache = HashMap<PathBuf, Option<Arc<Manifest>>>;

fn collect_jobs(inputs: &[Input], sink: &mut impl FnMut(LoadEvent)) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut manifests: ManifestCache = HashMap::new();
    let mut embedded_manifest: Option<Arc<Manifest>> = None;
    for input in inputs {
        if let Input::EmbeddedManifest(text) = input {
            match parse_manifest(text) {
                Ok(m) => embedded_manifest = Some(Arc::new(m)),
                Err(e) => sink(LoadEvent::Diagnostic(Diagnostic::new(
                    Severity::Error,
                    "embedded:parallax.toml",
                    e.to_string(),
                ))),
            }
        }
    }
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for input in inputs {
        match input {
            Input::EmbeddedManifest(_) => {}
            Input::Embedded { name, bytes } => {
                let path = Path::new(name);
                jobs.push(Job {
                    display: format!("embedded:{name}"),
                    stem: stem_of(path),
                    layout: layout_for(path).unwrap_or(Layout::Plain),
                    bytes: Bytes::Embedded(bytes),
                    manifest: embedded_manifest.clone().map(|m| (m, name.to_string())),
                });
            }
            Input::Path(path) => walk(path, &mut jobs, &mut manifests, &mut skipped, sink),
        }
        sink(LoadEvent::Scanning { found: jobs.len() });
    }
    if !skipped.is_empty() {
        let kinds: Vec<String> = skipped
            .iter()
            .map(|(ext, n)| format!("{n} {ext}"))
            .collect();
        let count: usize = skipped.values().sum();
        sink(LoadEvent::Diagnostic(Diagnostic::new(
            Severity::Warning,
            "(folders)",
            format!(
                "skipped {count} file(s) of unsupported types ({}); parallax reads .txt and .md",
                kinds.join(", ")
            ),
        )));
    }
    jobs
}

fn walk(
    root: &Path,
    jobs: &mut Vec<Job>,
    manifests: &mut ManifestCache,
    skipped: &mut BTreeMap<String, usize>,
    sink: &mut impl FnMut(LoadEvent),
) {
    let display_root = root.display().to_string();
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            sink(LoadEvent::Diagnostic(Diagnostic::new(
                Severity::Error,
                &display_root,
                format!("cannot read: {e}"),
            )));
            return;
        }
    };
    if meta.is_file() {
        // A file named explicitly is read whatever its extension; binary content is still refused.
        let layout = layout_for(root).unwrap_or(Layout::Plain);
        let manifest = manifest_for(root, root.parent(), manifests, sink);
        jobs.push(Job {
            display: display_root,
            stem: stem_of(root),
            layout,
            bytes: Bytes::File(root.to_path_buf()),
            manifest,
        });
        return;
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| display_root.clone());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => e.to_string(),
                    }
                };
                sink(LoadEvent::Diagnostic(Diagnostic::new(
                    Severity::Warning,
                    &path,
                    message,
                )));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == MANIFEST) {
            continue;
        }
        let Some(layout) = layout_for(path) else {
            let ext = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy().to_ascii_lowercase()))
                .unwrap_or_else(|| "no extension".to_string());
            *skipped
                .entry(sanitize_inline(&ext).into_owned())
                .or_default() += 1;
            continue;
        };
        let manifest = manifest_for(path, Some(root), manifests, sink);
        jobs.push(Job {
            display: path.display().to_string(),
            stem: stem_of(path),
            layout,
            bytes: Bytes::File(path.to_path_buf()),
            manifest,
        });
        if jobs.len().is_multiple_of(1024) {
            sink(LoadEvent::Scanning { found: jobs.len() });
        }
    }
}

/// The nearest `parallax.toml` from the file's folder up to `root`, with the file's path
/// relative to the manifest's folder.
fn manifest_for(
    file: &Path,
    root: Option<&Path>,
    cache: &mut ManifestCache,
    sink: &mut impl FnMut(LoadEvent),
) -> Option<(Arc<Manifest>, String)> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        let manifest = cache
            .entry(d.to_path_buf())
            .or_insert_with(|| read_manifest(d, sink))
            .clone();
        if let Some(m) = manifest {
            let relative = file
                .strip_prefix(d)
                .map(|r| {
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            return Some((m, relative));
        }
        if Some(d) == root || root.is_none() {
            break;
        }
        dir = d.parent();
    }
    None
}

fn read_manifest(dir: &Path, sink: &mut impl FnMut(LoadEvent)) -> Option<Arc<Manifest>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).ok()?;
    match parse_manifest(&text) {
        Ok(m) => Some(Arc::new(m)),
        Err(e) => {
            sink(LoadEvent::Diagnostic(Diagnostic::new(
                Severity::Error,
                &path.display().to_string(),
                format!("{e}; manifest ignored"),
            )));
            None
        }
    }
}

fn process(job: &Job, options: &LoadOptions) -> (Option<Article>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let warn = |d: &mut Vec<Diagnostic>, m: String| {
        d.push(Diagnostic::new(Severity::Warning, &job.display, m))
    };
    let bytes: std::borrow::Cow<'_, [u8]> = match &job.bytes {
        Bytes::Embedded(b) => std::borrow::Cow::Borrowed(b),
        Bytes::File(path) => {
            match std::fs::metadata(path) {
                Ok(m) if m.len() > options.max_file_bytes => {
                    diagnostics.push(Diagnostic::new(
                        Severity::Error,
                        &job.display,
                        format!(
                            "too large to read ({:.1} MB; the limit is {} MB), skipped",
                            m.len() as f64 / 1e6,
                            options.max_file_bytes / 1_000_000
                        ),
                    ));
                    return (None, diagnostics);
                }
                _ => {}
            }
            match std::fs::read(path) {
                Ok(b) => std::borrow::Cow::Owned(b),
                Err(e) => {
                    diagnostics.push(Diagnostic::new(
                        Severity::Error,
                        &job.display,
                        format!("cannot read: {e}"),
                    ));
                    return (None, diagnostics);
                }
            }
        }
    };
    let (raw, replaced) = match decode(&bytes) {
        Decoded::Text { text, replaced, .. } => (text, replaced),
        Decoded::Binary(kind) => {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                &job.display,
                format!("looks like {kind}, not text; skipped"),
            ));
            return (None, diagnostics);
        }
        Decoded::Empty => {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                &job.display,
                "empty file, skipped",
            ));
            return (None, diagnostics);
        }
    };
    if replaced > 0 {
        warn(
            &mut diagnostics,
            format!("not valid UTF-8: {replaced} invalid byte sequence(s) shown as \u{FFFD}"),
        );
    }
    let cleaned = clean(&raw);
    drop(raw);
    if cleaned.removed() > 0 {
        warn(
            &mut diagnostics,
            format!(
                "removed {} escape sequence(s), {} control character(s), {} bidi control(s)",
                cleaned.escapes, cleaned.controls, cleaned.bidi
            ),
        );
    }
    let (front, body_start) = match split_front_matter(&cleaned.text) {
        Ok(found) => found,
        Err(e) => {
            warn(&mut diagnostics, format!("front matter ignored: {e}"));
            (None, 0)
        }
    };
    let segmented = segment(&cleaned.text[body_start..], job.layout);
    drop(cleaned);
    if segmented.paragraphs.is_empty() {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            &job.display,
            "no text once cleaned, skipped",
        ));
        return (None, diagnostics);
    }
    // A corpus is tens of thousands of these: capacity slack adds up.
    let mut text = segmented.text;
    text.shrink_to_fit();
    let paragraphs = segmented.paragraphs;
    let header = read_header(&text, &paragraphs);
    let debris = debris::detect(&text, &paragraphs, header.title);

    let mut passages = Vec::with_capacity(paragraphs.len());
    let mut chars_before = 0;
    let mut last_end = 0;
    for (i, range) in paragraphs.iter().enumerate() {
        chars_before += text[last_end..range.start].chars().count();
        let char_start = chars_before;
        let char_len = text[range.clone()].chars().count();
        chars_before += char_len;
        last_end = range.end;
        let role = if Some(i) == header.title {
            Role::Title
        } else if header.header_paragraphs.contains(&i) {
            Role::Header
        } else if let Some(kind) = debris.get(i).copied().flatten() {
            Role::Debris(kind)
        } else {
            Role::Body
        };
        passages.push(Passage::new(
            range.clone(),
            char_start,
            char_start + char_len,
            &sentences(&text, range.clone()),
            role,
        ));
    }

    let manifest_fields = job
        .manifest
        .as_ref()
        .map(|(m, rel)| m.fields_for(rel))
        .unwrap_or_default();
    let front = front.unwrap_or_default();
    let pick = |f: fn(&Fields) -> &Option<String>| -> Option<(String, Origin)> {
        f(&manifest_fields)
            .clone()
            .map(|v| (v, Origin::Manifest))
            .or_else(|| f(&front).clone().map(|v| (v, Origin::FrontMatter)))
            .map(|(v, o)| (sanitize_inline(v.trim()).into_owned(), o))
            .filter(|(v, _)| !v.is_empty())
    };

    let (title, title_origin) = pick(|f| &f.title)
        .or_else(|| {
            header
                .title
                .map(|i| (text[paragraphs[i].clone()].to_string(), Origin::Text))
        })
        .or_else(|| {
            passages
                .iter()
                .find(|p| p.role == Role::Body)
                .and_then(|p| p.sentence(0))
                .map(|s| (shorten(&text[s.clone()], 90), Origin::Text))
        })
        .unwrap_or_else(|| (job.stem.clone(), Origin::FileName));
    let (source, source_origin) = pick(|f| &f.source)
        .or_else(|| header.source.clone().map(|s| (s, Origin::Text)))
        .unwrap_or_else(|| (job.stem.clone(), Origin::FileName));
    let date = match pick(|f| &f.date) {
        Some((s, _)) if s.eq_ignore_ascii_case("unknown") => None,
        Some((s, _)) => {
            let parsed = parse_date(&s);
            if parsed.is_none() {
                warn(
                    &mut diagnostics,
                    format!("date {s:?} not understood, ignored"),
                );
            }
            parsed.or(header.date)
        }
        None => header.date,
    };
    let author = pick(|f| &f.author)
        .map(|(a, _)| a)
        .or_else(|| header.author.clone());
    let url = pick(|f| &f.url).map(|(u, _)| u);
    let label = pick(|f| &f.label).map(|(l, _)| l);
    let words = passages
        .iter()
        .filter(|p| p.role == Role::Body)
        .map(|p| count_words(p.text(&text)))
        .sum();
    passages.shrink_to_fit();
    let article = Article {
        id: job.stem.clone(),
        path: job.display.clone(),
        title,
        title_origin,
        source,
        source_origin,
        date,
        author: author.filter(|a| !a.is_empty()),
        url,
        label,
        text,
        passages,
        words,
    };
    (Some(article), diagnostics)
}

/// The first `max` chars of `s`, cut at a word boundary, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}
