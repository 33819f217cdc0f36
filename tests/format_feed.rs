//! RSS and Atom feeds: the fixtures under tests/fixtures/feeds, and a property test that no
//! input makes the parser panic.

mod common;

use parallax::corpus::formats::feed::parse;
use parallax::corpus::formats::html::fragment_text;
use parallax::corpus::formats::{FormatError, Parsed, RecordProblem};
use proptest::prelude::*;
use std::path::Path;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_fixture(name: &str) -> Parsed {
    parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn rss2_items_become_articles() {
    let parsed = parse_fixture("rss2.xml");
    assert_eq!(parsed.documents.len(), 3);
    assert_eq!(
        parsed.problems,
        [RecordProblem {
            locator: "item 3".to_string(),
            message: "\"Only a title\" has no text (no content, summary or description)"
                .to_string(),
        }]
    );

    let first = &parsed.documents[0];
    assert_eq!(first.locator.as_deref(), Some("item 1"));
    assert_eq!(first.id.as_deref(), Some("wire-0001"));
    assert_eq!(
        first.text,
        fragment_text("<p>The ceasefire was announced at noon.</p><p>Both sides confirmed it.</p>")
    );
    assert_eq!(first.fields.title.as_deref(), Some("Ceasefire announced"));
    assert_eq!(first.fields.source.as_deref(), Some("Example Wire"));
    assert_eq!(
        first.fields.date.as_deref(),
        Some("2023-09-20T09:00:00+00:00")
    );
    assert_eq!(first.fields.author.as_deref(), Some("Ann Lee"));
    assert_eq!(
        first.fields.url.as_deref(),
        Some("https://www.example-wire.org/ceasefire")
    );

    let second = &parsed.documents[1];
    assert_eq!(second.locator.as_deref(), Some("item 2"));
    assert_eq!(
        second.text,
        "First paragraph of a plain description.\n\nSecond paragraph."
    );
    assert_eq!(
        second.fields.date.as_deref(),
        Some("2003-06-10T04:00:00+00:00")
    );
    assert_eq!(second.fields.author.as_deref(), Some("Jo Writer"));
    assert_eq!(
        second.id.as_deref(),
        Some("https://www.example-wire.org/plain")
    );

    let fourth = &parsed.documents[2];
    assert_eq!(fourth.locator.as_deref(), Some("item 4"));
    assert_eq!(fourth.id, None);
    assert_eq!(fourth.fields.url, None);
    assert_eq!(fourth.fields.date, None);
    assert_eq!(
        fourth.text,
        fragment_text("<p>Escaped <b>markup</b> paragraph.</p>")
    );
}

#[test]
fn atom_entries_take_content_published_and_the_page_link() {
    let parsed = parse_fixture("atom.xml");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.documents.len(), 2);

    let first = &parsed.documents[0];
    assert_eq!(first.id.as_deref(), Some("tag:monitor.example,2023:both"));
    assert_eq!(
        first.text,
        fragment_text("<p>Atom content one.</p><p>Atom content two.</p>")
    );
    assert_eq!(
        first.fields.source,
        Some(fragment_text("Atom <em>Monitor</em>"))
    );
    assert_eq!(
        first.fields.date.as_deref(),
        Some("2023-09-19T06:30:00+00:00")
    );
    assert_eq!(first.fields.author.as_deref(), Some("Cy Author, Di Author"));
    assert_eq!(
        first.fields.url.as_deref(),
        Some("https://monitor.example/both")
    );

    let second = &parsed.documents[1];
    assert_eq!(second.fields.title.as_deref(), Some("Updated only"));
    assert_eq!(
        second.text,
        "A plain summary.\n\nIts second line is a paragraph of its own."
    );
    assert_eq!(
        second.fields.date.as_deref(),
        Some("2023-09-20T07:15:00+00:00")
    );
    assert_eq!(
        second.fields.url.as_deref(),
        Some("https://monitor.example/updated")
    );
    assert_eq!(second.fields.author, None);
}

#[test]
fn rss1_items_are_read() {
    let parsed = parse_fixture("rss1.rdf");
    assert_eq!(parsed.documents.len(), 1);
    let item = &parsed.documents[0];
    assert_eq!(item.text, "Text of the RDF item.");
    assert_eq!(item.fields.title.as_deref(), Some("RDF item"));
    assert_eq!(item.fields.source.as_deref(), Some("RDF Gazette"));
    assert_eq!(
        item.fields.date.as_deref(),
        Some("2023-09-18T12:00:00+00:00")
    );
    assert_eq!(item.fields.author.as_deref(), Some("Ed Gazette"));
    assert_eq!(item.fields.url.as_deref(), Some("https://rdf.example/one"));
}

#[test]
fn an_untitled_feed_is_named_by_its_host_and_already_decoded_text_stays_intact() {
    // The loader hands over UTF-8 text; the declaration's windows-1251 must not decode it again.
    let parsed = parse_fixture("rss091.xml");
    assert_eq!(parsed.documents.len(), 1);
    let item = &parsed.documents[0];
    assert_eq!(item.fields.source.as_deref(), Some("fallback.example"));
    assert_eq!(item.fields.title.as_deref(), Some("Степанакерт"));
    assert_eq!(item.text, "Текст новости.");
}

#[test]
fn a_feed_without_items_has_no_articles() {
    assert_eq!(
        parse(&fixture("no_items.xml")).unwrap_err(),
        FormatError::NoArticles {
            format: "feed",
            message: "the feed has no items".to_string(),
        }
    );
    let only_empty = "<rss version=\"2.0\"><channel><title>T</title>\
                      <item><title>A</title></item><item><title>B</title></item></channel></rss>";
    assert_eq!(
        parse(only_empty).unwrap_err().to_string(),
        "no articles in this feed file: none of its 2 items has text (content, summary or \
         description)"
    );
}

#[test]
fn what_is_not_a_feed_is_malformed_with_feed_rs_message() {
    assert_eq!(
        parse("<html><body>Hi</body></html>").unwrap_err(),
        FormatError::Malformed {
            format: "feed",
            at: None,
            message: "unable to parse feed: no root element".to_string(),
        }
    );
    assert!(matches!(
        parse("<rss version=\"2.0\"><channel><title>T</title><item><title>A</tittle></item>"),
        Err(FormatError::Malformed { .. })
    ));
}

#[test]
fn a_broken_item_is_skipped_and_the_rest_load() {
    // feed-rs reads XML strictly: one mismatched tag fails the whole feed, so the items are
    // then read one by one.
    let parsed = parse_fixture("broken_item.xml");
    let titles: Vec<_> = parsed
        .documents
        .iter()
        .map(|d| (d.locator.as_deref(), d.fields.title.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [
            (Some("item 1"), Some("Good item")),
            (Some("item 3"), Some("After the bad item"))
        ]
    );
    assert!(
        parsed
            .documents
            .iter()
            .all(|d| d.fields.source.as_deref() == Some("Broken Item Feed"))
    );
    assert_eq!(
        parsed.problems,
        [RecordProblem {
            locator: "item 2".to_string(),
            message: "not well-formed, skipped: unable to parse XML: Parser error: ill-formed \
                      document: expected `</b>`, but `</description>` was found"
                .to_string(),
        }]
    );
}

#[test]
fn html_entities_left_by_the_xml_reader_are_read_as_html() {
    let parsed = parse_fixture("nbsp.xml");
    let item = &parsed.documents[0];
    assert_eq!(item.text, fragment_text("Fish & chips&nbsp;today."));
    let title = fragment_text("Non&nbsp;breaking");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(item.fields.title.as_deref(), Some(title.as_str()));
}

/// What mutations insert: the format's own syntax, so parsers see near-valid input.
const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "&",
    "&amp;",
    "]]>",
    "<![CDATA[",
    "",
    "<item>",
    "</item>",
    "é",
];

fn mutate(text: &str, edits: &[(usize, u8)]) -> String {
    common::mutate(text, edits, PIECES)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_random_text(text in "(?s).{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_xmlish_text(text in "[<>/?!=\"' a-z&;\\[\\]\\n]{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_mutated_feeds(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let names = ["rss2.xml", "atom.xml", "rss1.rdf", "rss091.xml"];
        let text = mutate(&fixture(names[which]), &edits);
        if let Ok(parsed) = parse(&text) {
            prop_assert!(!parsed.documents.is_empty());
            for doc in &parsed.documents {
                prop_assert!(!doc.text.trim().is_empty());
                prop_assert!(doc.locator.is_some());
            }
        }
    }
}
