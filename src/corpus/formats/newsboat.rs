//! newsboat's SQLite cache: every item it has stored, its feed's title as the source.
//!
//! The cache is opened read-only. While newsboat runs (its `cache.db.lock` exists) or holds a
//! write lock, it is opened as immutable, so parallax never takes a lock newsboat could trip on.

use super::feed::{body_text, host, one_line_text};
use super::{Document, FormatError, Parsed, RecordProblem};
use crate::corpus::meta::Fields;
use crate::corpus::segment::Layout;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, Row};
use std::path::{Path, PathBuf};
use std::time::Duration;

const FORMAT: &str = "newsboat cache";

/// Every item in a newsboat `cache.db` that newsboat has not deleted.
pub fn parse(path: &Path) -> Result<Parsed, FormatError> {
    let in_use = lock_file(path).exists();
    match read(path, in_use) {
        Err(Failure::Busy(_)) if !in_use => read(path, true).map_err(Failure::into_error),
        other => other.map_err(Failure::into_error),
    }
}

/// newsboat keeps `<cache>.lock`, holding its process id, for as long as it runs.
fn lock_file(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

enum Failure {
    /// Another program holds a lock: worth one more try without locking.
    Busy(String),
    Final(FormatError),
}

impl Failure {
    fn into_error(self) -> FormatError {
        match self {
            Failure::Busy(message) => FormatError::Io(format!(
                "the database is locked by another program ({message}); try again once \
                 newsboat has finished reloading"
            )),
            Failure::Final(error) => error,
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        let code = match &error {
            rusqlite::Error::SqliteFailure(e, _) => Some(e.code),
            _ => None,
        };
        match code {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked | ErrorCode::ReadOnly) => {
                Failure::Busy(error.to_string())
            }
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Failure::Final(FormatError::Malformed {
                    format: FORMAT,
                    at: None,
                    message: format!("not a readable SQLite database: {error}"),
                })
            }
            _ => Failure::Final(FormatError::Io(error.to_string())),
        }
    }
}

fn open(path: &Path, immutable: bool) -> Result<Connection, Failure> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    // A short wait rides out a write newsboat is finishing; the immutable retry covers longer.
    conn.busy_timeout(Duration::from_millis(200))?;
    Ok(conn)
}

/// `file:` URI of `path` with `immutable=1`, which tells SQLite to take no locks at all.
fn immutable_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The columns this cache has, for the ones newsboat added over the years.
struct Schema {
    has_feeds: bool,
    has_deleted: bool,
    has_mime: bool,
}

fn schema(conn: &Connection) -> Result<Schema, Failure> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if !tables.iter().any(|t| t == "rss_item") {
        return Err(Failure::Final(FormatError::NoArticles {
            format: FORMAT,
            message: "a SQLite file, but not a newsboat cache (no rss_item table)".to_string(),
        }));
    }
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('rss_item')")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let required = [
        "id", "title", "author", "url", "feedurl", "pubDate", "content",
    ];
    if let Some(missing) = required.iter().find(|c| !columns.iter().any(|n| n == *c)) {
        return Err(Failure::Final(FormatError::NoArticles {
            format: FORMAT,
            message: format!(
                "a SQLite file with an rss_item table, but not newsboat's (no {missing} column)"
            ),
        }));
    }
    let feed_columns: Vec<String> = if tables.iter().any(|t| t == "rss_feed") {
        conn.prepare("SELECT name FROM pragma_table_info('rss_feed')")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(Schema {
        has_feeds: ["rssurl", "url", "title"]
            .iter()
            .all(|c| feed_columns.iter().any(|n| n == c)),
        has_deleted: columns.iter().any(|n| n == "deleted"),
        has_mime: columns.iter().any(|n| n == "content_mime_type"),
    })
}

/// One row of the item query, every column as loosely typed as SQLite allows.
struct Item {
    id: Option<String>,
    title: Option<String>,
    author: Option<String>,
    url: Option<String>,
    feed_url: Option<String>,
    published: Option<i64>,
    content: Option<String>,
    mime: Option<String>,
    feed_title: Option<String>,
    site_url: Option<String>,
}

fn read(path: &Path, immutable: bool) -> Result<Parsed, Failure> {
    let conn = open(path, immutable)?;
    let schema = schema(&conn)?;
    let mime = if schema.has_mime {
        "i.content_mime_type"
    } else {
        "''"
    };
    let (feed_cols, join) = if schema.has_feeds {
        (
            "f.title, f.url",
            "LEFT JOIN rss_feed f ON f.rssurl = i.feedurl",
        )
    } else {
        ("NULL, NULL", "")
    };
    let filter = if schema.has_deleted {
        "WHERE i.deleted = 0"
    } else {
        ""
    };
    let sql = format!(
        "SELECT i.id, i.title, i.author, i.url, i.feedurl, i.pubDate, i.content, {mime}, \
         {feed_cols} FROM rss_item i {join} {filter} ORDER BY i.id"
    );
    let mut statement = conn.prepare(&sql)?;
    let items = statement.query_map([], |row| {
        Ok(Item {
            id: loose_text(row, 0),
            title: loose_text(row, 1),
            author: loose_text(row, 2),
            url: loose_text(row, 3),
            feed_url: loose_text(row, 4),
            published: loose_integer(row, 5),
            content: loose_text(row, 6),
            mime: loose_text(row, 7),
            feed_title: loose_text(row, 8),
            site_url: loose_text(row, 9),
        })
    })?;
    let mut parsed = Parsed::default();
    let mut count = 0;
    for item in items {
        count += 1;
        let item = item?;
        let locator = format!("item {}", item.id.as_deref().unwrap_or("?"));
        match document(item, &locator) {
            Ok(doc) => parsed.documents.push(doc),
            Err(message) => parsed.problems.push(RecordProblem { locator, message }),
        }
    }
    if parsed.documents.is_empty() {
        let message = match count {
            0 => "the cache holds no items".to_string(),
            1 => "its one item has no text".to_string(),
            n => format!("none of its {n} items has text"),
        };
        return Err(Failure::Final(FormatError::NoArticles {
            format: FORMAT,
            message,
        }));
    }
    Ok(parsed)
}

fn document(item: Item, locator: &str) -> Result<Document, String> {
    let content = item.content.unwrap_or_default();
    // newsboat writes "text/html", "text/plain" or, in caches older than 2.22, nothing: HTML.
    let declared_plain = item
        .mime
        .as_deref()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/plain"));
    let text = body_text(&content, !declared_plain);
    let title = item
        .title
        .as_deref()
        .map(one_line_text)
        .filter(|t| !t.is_empty());
    if text.trim().is_empty() {
        return Err(match &title {
            Some(title) => format!("{title:?} has no text"),
            None => "no text".to_string(),
        });
    }
    let web_host =
        |url: &Option<String>| url.as_deref().filter(|u| u.contains("://")).and_then(host);
    let source = item
        .feed_title
        .as_deref()
        .map(one_line_text)
        .filter(|t| !t.is_empty())
        .or_else(|| web_host(&item.site_url))
        .or_else(|| web_host(&item.feed_url));
    Ok(Document {
        locator: Some(locator.to_string()),
        id: item.id.map(|id| format!("newsboat-{id}")),
        text,
        layout: Layout::Plain,
        fields: Fields {
            title,
            source,
            date: item
                .published
                .filter(|&t| t > 0)
                .map(crate::civil::unix_rfc3339),
            url: item.url.filter(|u| !u.trim().is_empty()),
            author: item.author.filter(|a| !a.trim().is_empty()),
            label: None,
        },
    })
}

fn loose_text(row: &Row<'_>, index: usize) -> Option<String> {
    match row.get_ref(index).ok()? {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

fn loose_integer(row: &Row<'_>, index: usize) -> Option<i64> {
    match row.get_ref(index).ok()? {
        ValueRef::Integer(n) => Some(n),
        // Saturating casts: a nonsense real is a nonsense date, never a panic.
        ValueRef::Real(x) if x.is_finite() => Some(x as i64),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok()?.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immutable_uris_escape_the_path() {
        assert_eq!(
            immutable_uri(Path::new("/home/a b/cache?.db")),
            "file:/home/a%20b/cache%3F.db?immutable=1"
        );
    }

    #[test]
    fn the_lock_file_sits_beside_the_cache() {
        assert_eq!(
            lock_file(Path::new("/x/cache.db")),
            PathBuf::from("/x/cache.db.lock")
        );
    }
}
