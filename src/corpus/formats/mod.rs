//! Input formats: recognising what a file holds and turning it into documents. A text or HTML
//! file is one article; a JSON Lines file, a feed or a newsboat cache holds many.
//!
//! Every format yields `Document`s: untrusted text with paragraphs separated by blank lines and
//! the metadata the format carries. The loader then sanitises, segments and finishes them like
//! any other text, so no format can bypass the cleaning.

pub mod feed;
pub mod html;
pub mod json;
pub mod newsboat;

use super::meta::Fields;
use super::segment::Layout;
use std::path::Path;

/// What a file is, decided by `detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown: one article.
    Text(Layout),
    /// A saved web page: one article, extracted the way a reader mode does.
    Html,
    /// JSON Lines, or a JSON array (or object holding an array) of article objects.
    Json,
    /// An RSS or Atom feed: one article per item.
    Feed,
    /// newsboat's SQLite cache: one article per item.
    Newsboat,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text(Layout::Plain) => "text",
            Format::Text(Layout::Markdown) => "Markdown",
            Format::Html => "HTML",
            Format::Json => "JSON",
            Format::Feed => "feed",
            Format::Newsboat => "newsboat cache",
        }
    }
}

/// One article as a format yields it, before cleaning and segmentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where in the file it came from ("line 12", "item 3"); `None` when the file is one article.
    pub locator: Option<String>,
    /// An id the format gives (a JSON `id`, a feed item's guid), used for the article id instead
    /// of the file stem when present.
    pub id: Option<String>,
    /// The text, paragraphs separated by blank lines. Untrusted: the loader sanitises it.
    pub text: String,
    pub layout: Layout,
    /// Metadata the format carries. The manifest overrides it; front matter and header lines
    /// fill only what it lacks.
    pub fields: Fields,
}

impl Document {
    /// A whole-file plain-text document with no metadata.
    pub fn text(text: String, layout: Layout) -> Document {
        Document {
            locator: None,
            id: None,
            text,
            layout,
            fields: Fields::default(),
        }
    }
}

/// A record of a many-article file that could not be read; the rest of the file still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// "line 12", "item 3", "record 7".
    pub locator: String,
    pub message: String,
}

/// What parsing one file gives: its articles and the records that had to be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub problems: Vec<RecordProblem>,
    /// Warnings about the file that skip nothing (a page whose nesting was flattened).
    pub notes: Vec<String>,
}

/// A file that cannot be read as its format at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The file is not well-formed; `at` names the line or byte where that shows, when known.
    #[error("{}malformed {format}: {message}", at.as_ref().map(|a| format!("{a}: ")).unwrap_or_default())]
    Malformed {
        format: &'static str,
        at: Option<String>,
        message: String,
    },
    /// Well-formed, but nothing in it is an article (no text field, no items).
    #[error("no articles in this {format} file: {message}")]
    NoArticles {
        format: &'static str,
        message: String,
    },
    #[error("cannot open: {0}")]
    Io(String),
}

/// Which JSON field names hold what, in the order they are tried. The defaults cover the usual
/// names; `--field text=articleBody` and the like put others first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldNames {
    pub title: Vec<String>,
    pub text: Vec<String>,
    pub source: Vec<String>,
    pub date: Vec<String>,
    pub url: Vec<String>,
    pub author: Vec<String>,
    pub id: Vec<String>,
    pub label: Vec<String>,
}

impl Default for FieldNames {
    fn default() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        FieldNames {
            title: names(&["title", "headline", "name"]),
            text: names(&[
                "text",
                "body",
                "content",
                "articleBody",
                "article",
                "description",
            ]),
            source: names(&["source", "outlet", "publisher", "site", "site_name", "feed"]),
            date: names(&[
                "date",
                "published",
                "published_at",
                "publishedAt",
                "datePublished",
                "pubDate",
                "created_at",
                "time",
            ]),
            url: names(&["url", "link", "href"]),
            author: names(&["author", "authors", "byline", "creator"]),
            id: names(&["id", "_id", "guid", "uuid"]),
            label: names(&["label", "side", "section", "category"]),
        }
    }
}

/// Bad `--field` values: the flag names what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldNameError {
    #[error("--field {0:?}: expected ROLE=NAME, such as text=articleBody")]
    Syntax(String),
    #[error(
        "--field {0:?}: unknown role; roles are title, text, source, date, url, author, id, label"
    )]
    Role(String),
}

impl FieldNames {
    /// Puts `NAME` first for `ROLE` from a `ROLE=NAME` flag value.
    pub fn prefer(&mut self, flag: &str) -> Result<(), FieldNameError> {
        let (role, name) = flag
            .split_once('=')
            .map(|(r, n)| (r.trim(), n.trim()))
            .filter(|(r, n)| !r.is_empty() && !n.is_empty())
            .ok_or_else(|| FieldNameError::Syntax(flag.to_string()))?;
        let list = match role {
            "title" => &mut self.title,
            "text" => &mut self.text,
            "source" => &mut self.source,
            "date" => &mut self.date,
            "url" => &mut self.url,
            "author" => &mut self.author,
            "id" => &mut self.id,
            "label" => &mut self.label,
            _ => return Err(FieldNameError::Role(flag.to_string())),
        };
        list.retain(|n| n != name);
        list.insert(0, name.to_string());
        Ok(())
    }
}

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Decides the format from the file's extension and the start of its content. Content wins
/// when it is unambiguous (a `.txt` that is really a web page is read as HTML); `None` means
/// the file is not something parallax reads. `head` is the start of the file as bytes.
pub fn detect(path: &Path, head: &[u8]) -> Option<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(SQLITE_MAGIC) {
        return Some(Format::Newsboat);
    }
    if let Some(format) = sniff_text(head) {
        return Some(format);
    }
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text(Layout::Plain)),
        "md" | "markdown" => Some(Format::Text(Layout::Markdown)),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "json" | "jsonl" | "ndjson" => Some(Format::Json),
        "rss" | "atom" | "xml" => Some(Format::Feed),
        "db" | "sqlite" | "sqlite3" => Some(Format::Newsboat),
        _ => None,
    }
}

/// Recognises the formats whose first non-blank bytes say what they are.
fn sniff_text(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &head[start..];
    let lower: Vec<u8> = rest.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Some(Format::Html);
    }
    if lower.starts_with(b"<?xml") || lower.starts_with(b"<rss") || lower.starts_with(b"<feed") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return Some(Format::Feed);
        }
        if has(b"<html") {
            return Some(Format::Html);
        }
        return None;
    }
    if lower.starts_with(b"<!--") && has(b"<html") {
        return Some(Format::Html);
    }
    match rest.first() {
        Some(b'{') => Some(Format::Json),
        Some(b'[') if looks_like_json_array(rest) => Some(Format::Json),
        _ => None,
    }
}

/// `[` also starts Markdown links and bracketed datelines: an array of objects starts `[{` or
/// `[` then a newline and `{`.
fn looks_like_json_array(rest: &[u8]) -> bool {
    rest[1..]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{' || b == b']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_before_extension() {
        let p = Path::new("a.txt");
        assert_eq!(detect(p, b"<!DOCTYPE html><html>"), Some(Format::Html));
        assert_eq!(detect(p, b"  <html lang=en>"), Some(Format::Html));
        assert_eq!(
            detect(p, b"<?xml version=\"1.0\"?>\n<rss>"),
            Some(Format::Feed)
        );
        assert_eq!(
            detect(p, b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Some(Format::Feed)
        );
        assert_eq!(detect(p, b"{\"title\": 1}\n"), Some(Format::Json));
        assert_eq!(detect(p, b"[\n {\"title\": 1}]"), Some(Format::Json));
        assert_eq!(detect(p, b"SQLite format 3\0rest"), Some(Format::Newsboat));
        assert_eq!(
            detect(p, b"[Reuters] Baku, 19 Sep"),
            Some(Format::Text(Layout::Plain))
        );
        assert_eq!(detect(p, b"Plain words"), Some(Format::Text(Layout::Plain)));
    }

    #[test]
    fn falls_back_to_the_extension() {
        assert_eq!(
            detect(Path::new("a.md"), b"# Title"),
            Some(Format::Text(Layout::Markdown))
        );
        assert_eq!(
            detect(Path::new("a.html"), b"<p>Hi</p>"),
            Some(Format::Html)
        );
        assert_eq!(detect(Path::new("a.jsonl"), b""), Some(Format::Json));
        assert_eq!(detect(Path::new("a.png"), b"\x89PNG"), None);
        assert_eq!(detect(Path::new("notes"), b"words"), None);
    }

    #[test]
    fn field_flags_put_names_first() {
        let mut names = FieldNames::default();
        names.prefer("text=articleBody").unwrap();
        assert_eq!(names.text[0], "articleBody");
        assert_eq!(names.text.iter().filter(|n| *n == "articleBody").count(), 1);
        names.prefer("source = site").unwrap();
        assert_eq!(names.source[0], "site");
        assert!(matches!(
            names.prefer("body"),
            Err(FieldNameError::Syntax(_))
        ));
        assert!(matches!(
            names.prefer("colour=red"),
            Err(FieldNameError::Role(_))
        ));
    }
}
