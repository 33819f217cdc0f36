//! newsboat caches, built here with newsboat's own schema statements (src/cache.cpp, schema
//! 2.33) in a temporary folder: items, deleted items, plain and HTML content, caches from
//! older newsboat, SQLite files that are not newsboat's, corrupt and locked files.

use parallax::corpus::formats::html::fragment_text;
use parallax::corpus::formats::newsboat::parse;
use parallax::corpus::formats::{FormatError, RecordProblem};
use proptest::prelude::*;
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};

/// newsboat's schema patches up to 2.10, in its own words.
const SCHEMA_2_10: &[&str] = &[
    "CREATE TABLE rss_feed ( rssurl VARCHAR(1024) PRIMARY KEY NOT NULL, \
     url VARCHAR(1024) NOT NULL, title VARCHAR(1024) NOT NULL );",
    "CREATE TABLE rss_item ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
     guid VARCHAR(64) NOT NULL, title VARCHAR(1024) NOT NULL, author VARCHAR(1024) NOT NULL, \
     url VARCHAR(1024) NOT NULL, feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL, \
     content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL );",
    "CREATE TABLE google_replay ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
     guid VARCHAR(64) NOT NULL, state INTEGER NOT NULL, ts INTEGER NOT NULL );",
    "ALTER TABLE rss_item ADD enclosure_url VARCHAR(1024);",
    "ALTER TABLE rss_item ADD enclosure_type VARCHAR(1024);",
    "ALTER TABLE rss_item ADD enqueued INTEGER(1) NOT NULL DEFAULT 0;",
    "ALTER TABLE rss_item ADD flags VARCHAR(52);",
    "CREATE INDEX IF NOT EXISTS idx_rssurl ON rss_feed(rssurl);",
    "CREATE INDEX IF NOT EXISTS idx_guid ON rss_item(guid);",
    "CREATE INDEX IF NOT EXISTS idx_feedurl ON rss_item(feedurl);",
    "ALTER TABLE rss_feed ADD lastmodified INTEGER(11) NOT NULL DEFAULT 0;",
    "CREATE INDEX IF NOT EXISTS idx_lastmodified ON rss_feed(lastmodified);",
    "ALTER TABLE rss_item ADD deleted INTEGER(1) NOT NULL DEFAULT 0;",
    "CREATE INDEX IF NOT EXISTS idx_deleted ON rss_item(deleted);",
    "ALTER TABLE rss_feed ADD is_rtl INTEGER(1) NOT NULL DEFAULT 0;",
    "ALTER TABLE rss_feed ADD etag VARCHAR(128) NOT NULL DEFAULT \"\";",
    "ALTER TABLE rss_item ADD base VARCHAR(128) NOT NULL DEFAULT \"\";",
];

/// The patches of 2.11, 2.22 and 2.33.
const SCHEMA_2_33: &[&str] = &[
    "CREATE TABLE metadata ( db_schema_version_major INTEGER NOT NULL, \
     db_schema_version_minor INTEGER NOT NULL );",
    "INSERT INTO metadata VALUES ( 2, 11 );",
    "ALTER TABLE rss_item ADD COLUMN content_mime_type VARCHAR(255) NOT NULL DEFAULT \"\";",
    "ALTER TABLE rss_item ADD COLUMN enclosure_description VARCHAR(1024) NOT NULL DEFAULT \"\";",
    "ALTER TABLE rss_item ADD COLUMN enclosure_description_mime_type VARCHAR(128) NOT NULL \
     DEFAULT \"\";",
    "UPDATE metadata SET db_schema_version_major = 2, db_schema_version_minor = 33;",
];

const HTML_BODY: &str =
    "<p>The ceasefire was announced at noon.</p><p>Both sides confirmed it.</p>";

/// A current newsboat cache: two feeds, one without a title; an HTML item, a plain-text item,
/// a deleted item, an item of the untitled feed and an item with no content.
fn current_cache(dir: &Path) -> PathBuf {
    let path = dir.join("cache.db");
    let conn = Connection::open(&path).unwrap();
    for sql in SCHEMA_2_10.iter().chain(SCHEMA_2_33) {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO rss_feed (rssurl, url, title) VALUES (?1, ?2, ?3)",
        params![
            "https://wire.example/rss",
            "https://www.wire.example/",
            "Example Wire"
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO rss_feed (rssurl, url, title) VALUES (?1, ?2, ?3)",
        params!["https://feeds.untitled.example/all.xml", "", ""],
    )
    .unwrap();
    let item = |guid: &str,
                title: &str,
                author: &str,
                url: &str,
                feed: &str,
                date: i64,
                content: &str,
                mime: &str,
                deleted: i64| {
        conn.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, \
             content_mime_type, unread, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
            params![guid, title, author, url, feed, date, content, mime, deleted],
        )
        .unwrap();
    };
    let wire = "https://wire.example/rss";
    let untitled = "https://feeds.untitled.example/all.xml";
    item(
        "g1",
        "Ceasefire announced",
        "Ann Lee",
        "https://www.wire.example/ceasefire",
        wire,
        1_695_112_200,
        HTML_BODY,
        "text/html",
        0,
    );
    item(
        "g2",
        "Plain item",
        "",
        "https://www.wire.example/plain",
        wire,
        1_055_217_600,
        "First line.\nSecond line.",
        "text/plain",
        0,
    );
    item(
        "g3",
        "Deleted item",
        "",
        "https://www.wire.example/deleted",
        wire,
        1_695_000_000,
        "<p>Gone.</p>",
        "text/html",
        1,
    );
    item(
        "g4",
        "From the untitled feed",
        "Bo Chan",
        "",
        untitled,
        0,
        "Untitled feed text.",
        "",
        0,
    );
    item(
        "g5",
        "Empty",
        "",
        "",
        wire,
        1_695_000_000,
        "",
        "text/html",
        0,
    );
    drop(conn);
    path
}

#[test]
fn reads_every_item_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = current_cache(dir.path());
    let parsed = parse(&path).unwrap();
    let ids: Vec<_> = parsed.documents.iter().map(|d| d.id.as_deref()).collect();
    assert_eq!(
        ids,
        [Some("newsboat-1"), Some("newsboat-2"), Some("newsboat-4")]
    );
    assert_eq!(
        parsed.problems,
        [RecordProblem {
            locator: "item 5".to_string(),
            message: "\"Empty\" has no text".to_string(),
        }]
    );

    let html = &parsed.documents[0];
    assert_eq!(html.locator.as_deref(), Some("item 1"));
    assert_eq!(html.text, fragment_text(HTML_BODY));
    assert_eq!(html.fields.title.as_deref(), Some("Ceasefire announced"));
    assert_eq!(html.fields.source.as_deref(), Some("Example Wire"));
    assert_eq!(html.fields.date.as_deref(), Some("2023-09-19T08:30:00Z"));
    assert_eq!(html.fields.author.as_deref(), Some("Ann Lee"));
    assert_eq!(
        html.fields.url.as_deref(),
        Some("https://www.wire.example/ceasefire")
    );

    let plain = &parsed.documents[1];
    assert_eq!(plain.text, "First line.\n\nSecond line.");
    assert_eq!(plain.fields.date.as_deref(), Some("2003-06-10T04:00:00Z"));
    assert_eq!(plain.fields.author, None);

    let untitled = &parsed.documents[2];
    assert_eq!(untitled.locator.as_deref(), Some("item 4"));
    assert_eq!(
        untitled.fields.source.as_deref(),
        Some("feeds.untitled.example")
    );
    assert_eq!(untitled.fields.date, None);
    assert_eq!(untitled.fields.url, None);
    assert_eq!(untitled.text, "Untitled feed text.");
}

#[test]
fn never_writes_to_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = current_cache(dir.path());
    let before = std::fs::read(&path).unwrap();
    let listing = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let files = listing(dir.path());
    parse(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(listing(dir.path()), files);
}

#[test]
fn reads_a_cache_locked_by_a_running_newsboat() {
    let dir = tempfile::tempdir().unwrap();
    let path = current_cache(dir.path());
    // newsboat mid-write: an exclusive lock that a normal reader would wait on and fail.
    let writer = Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    writer
        .execute("UPDATE rss_item SET unread = 0 WHERE id = 1", [])
        .unwrap();
    let parsed = parse(&path).unwrap();
    assert_eq!(parsed.documents.len(), 3);

    // With newsboat's lock file present, the cache is opened without locking from the start.
    std::fs::write(dir.path().join("cache.db.lock"), "12345").unwrap();
    let parsed = parse(&path).unwrap();
    assert_eq!(parsed.documents.len(), 3);
    writer.execute_batch("ROLLBACK;").unwrap();
}

#[test]
fn reads_caches_from_before_content_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = Connection::open(&path).unwrap();
    for sql in SCHEMA_2_10 {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO rss_feed (rssurl, url, title) VALUES ('https://old.example/rss', \
         'https://old.example/', 'Old Feed')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread) \
         VALUES ('o1', 'Old &amp; new', '', '', 'https://old.example/rss', 1, '<p>Old.</p>', 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let parsed = parse(&path).unwrap();
    assert_eq!(parsed.documents.len(), 1);
    let doc = &parsed.documents[0];
    assert_eq!(doc.text, fragment_text("<p>Old.</p>"));
    assert_eq!(doc.fields.source.as_deref(), Some("Old Feed"));
    assert_eq!(doc.fields.date.as_deref(), Some("1970-01-01T00:00:01Z"));
    let title = fragment_text("Old &amp; new");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(doc.fields.title.as_deref(), Some(title.as_str()));
}

#[test]
fn a_sqlite_file_that_is_not_newsboats_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER, body TEXT); INSERT INTO notes VALUES (1, 'x');",
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        parse(&path).unwrap_err(),
        FormatError::NoArticles {
            format: "newsboat cache",
            message: "a SQLite file, but not a newsboat cache (no rss_item table)".to_string(),
        }
    );

    let empty = dir.path().join("empty.db");
    let conn = Connection::open(&empty).unwrap();
    for sql in SCHEMA_2_10 {
        conn.execute_batch(sql).unwrap();
    }
    drop(conn);
    assert_eq!(
        parse(&empty).unwrap_err().to_string(),
        "no articles in this newsboat cache file: the cache holds no items"
    );
}

#[test]
fn corrupt_and_missing_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 4096));
    std::fs::write(&path, &bytes).unwrap();
    let err = parse(&path).unwrap_err();
    assert!(
        matches!(&err, FormatError::Malformed { message, .. }
            if message.starts_with("not a readable SQLite database: ")),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("malformed newsboat cache: not a readable SQLite database: "),
        "{err}"
    );

    let text = dir.path().join("text.db");
    std::fs::write(&text, "just some words, not a database at all").unwrap();
    assert!(matches!(parse(&text), Err(FormatError::Malformed { .. })));

    let missing = dir.path().join("missing.db");
    assert!(matches!(parse(&missing), Err(FormatError::Io(_))));
    assert!(!missing.exists(), "a read must never create the file");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        header in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut content = if header { b"SQLite format 3\0".to_vec() } else { Vec::new() };
        content.extend(bytes);
        std::fs::write(&path, content).unwrap();
        let _ = parse(&path);
    }

    #[test]
    fn never_panics_on_damaged_caches(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = current_cache(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, value) in edits {
            let at = at % bytes.len();
            bytes[at] = value;
        }
        std::fs::write(&path, bytes).unwrap();
        if let Ok(parsed) = parse(&path) {
            for doc in &parsed.documents {
                prop_assert!(!doc.text.trim().is_empty());
                prop_assert!(doc.locator.is_some());
            }
        }
    }
}
