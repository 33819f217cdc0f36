//! Every format through the real loader, side by side in one folder: detection by content and
//! extension, metadata from the format, ids and paths naming the record, and one clear message
//! per bad file or record while the rest of the corpus loads.

use parallax::corpus::{Input, LoadOptions, Origin, Severity, load};
use std::fs;
use std::path::Path;

fn fixture(path: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path),
    )
    .unwrap()
}

#[test]
fn a_folder_of_every_format_loads_with_each_formats_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("page.html"), fixture("html/newsarticle_jsonld.html")).unwrap();
    fs::write(d.join("export.jsonl"), fixture("json/articles.jsonl")).unwrap();
    fs::write(d.join("feed.xml"), fixture("feeds/rss2.xml")).unwrap();
    fs::write(
        d.join("note.txt"),
        "Plain words\n\nA paragraph of plain text.\n",
    )
    .unwrap();
    // A web page saved with the wrong extension is still read as a web page.
    fs::write(d.join("saved.txt"), fixture("html/title_and_article.html")).unwrap();
    fs::write(d.join("picture.png"), b"\x89PNG\r\n\x1a\n").unwrap();

    let (articles, diagnostics) = load(&[Input::Path(d.to_path_buf())], &LoadOptions::default());
    let by_path = |suffix: &str| {
        articles
            .iter()
            .filter(|a| a.path.contains(suffix))
            .collect::<Vec<_>>()
    };

    let page = by_path("page.html");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].title_origin, Origin::Format);
    assert!(page[0].date.is_some(), "date from the page's metadata");

    let saved = by_path("saved.txt");
    assert_eq!(saved.len(), 1);
    assert!(
        !saved[0].text().contains('<'),
        "read as HTML, not as text: {}",
        saved[0].text()
    );

    let records = by_path("export.jsonl");
    assert!(records.len() >= 2, "{}", records.len());
    for r in &records {
        assert!(r.path.contains("export.jsonl#line-"), "{}", r.path);
    }
    assert!(
        records.iter().any(|r| r.source_origin == Origin::Format),
        "a record's own source field is used"
    );

    let items = by_path("feed.xml");
    assert!(!items.is_empty());
    assert!(items.iter().all(|a| a.path.contains("#item-")));
    let feed_source = &items[0].source;
    assert!(items.iter().all(|a| &a.source == feed_source));

    assert_eq!(by_path("note.txt").len(), 1);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.path == "(folders)" && d.message.contains("1 .png")),
        "{diagnostics:?}"
    );
    let ids: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), articles.len(), "ids are unique");
}

#[test]
fn bad_records_and_bad_files_are_named_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("mixed.jsonl"),
        "{\"title\": \"Good one\", \"text\": \"Talks resumed.\"}\n{\"title\": broken\n{\"title\": \"No text here\"}\n{\"title\": \"Good two\", \"text\": \"Talks stalled.\"}\n",
    )
    .unwrap();
    fs::write(d.join("empty.json"), "[]").unwrap();
    fs::write(
        d.join("notfeed.xml"),
        "<?xml version=\"1.0\"?><rss><channel><item>",
    )
    .unwrap();
    fs::write(d.join("fake.db"), "this is not a database").unwrap();
    fs::write(
        d.join("ok.txt"),
        "Still here\n\nThe rest of the corpus loads.\n",
    )
    .unwrap();

    let (articles, diagnostics) = load(&[Input::Path(d.to_path_buf())], &LoadOptions::default());
    let mut titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Good one", "Good two", "Still here"]);

    let about = |name: &str| {
        diagnostics
            .iter()
            .filter(|d| d.path.ends_with(name))
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let mixed = about("mixed.jsonl");
    assert!(
        mixed.iter().any(|m| m.starts_with("line 2:")),
        "the broken line is named: {mixed:?}"
    );
    assert!(
        mixed.iter().any(|m| m.starts_with("line 3:")),
        "the record without text is named: {mixed:?}"
    );
    assert_eq!(about("empty.json").len(), 1, "{diagnostics:?}");
    assert_eq!(about("notfeed.xml").len(), 1, "{diagnostics:?}");
    let fake = about("fake.db");
    assert!(
        fake.len() == 1 && fake[0].contains("not a SQLite database"),
        "{fake:?}"
    );
    assert!(
        diagnostics
            .iter()
            .filter(|d| d.path.ends_with("notfeed.xml") || d.path.ends_with("fake.db"))
            .all(|d| d.severity == Severity::Error)
    );
}

#[test]
fn field_flags_read_other_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scrape.json");
    fs::write(
        &file,
        r#"[{"headline_text": "Custom one", "articleText": "Custom body.", "site": "Example Wire"}]"#,
    )
    .unwrap();
    let (none, diagnostics) = load(&[Input::Path(file.clone())], &LoadOptions::default());
    assert!(none.is_empty());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("--field text=")),
        "the message says how to name the field: {diagnostics:?}"
    );

    let mut options = LoadOptions::default();
    for flag in ["text=articleText", "title=headline_text", "source=site"] {
        options.fields.prefer(flag).unwrap();
    }
    let (articles, _) = load(&[Input::Path(file)], &options);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].title, "Custom one");
    assert_eq!(articles[0].source, "Example Wire");
}

#[test]
fn the_shared_json_lines_corpora_load_as_they_are() {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let bbc = corpora.join("bbc.jsonl");
    if !bbc.exists() {
        eprintln!(
            "skipped: no {} (the shared corpora are not in the repository)",
            bbc.display()
        );
        return;
    }
    let (articles, diagnostics) = load(&[Input::Path(bbc)], &LoadOptions::default());
    assert_eq!(articles.len(), 2225, "{diagnostics:?}");
    assert!(articles.iter().all(|a| a.source == "BBC News"));
    assert!(articles.iter().all(|a| a.id.starts_with("bbc-")));
}
