//! JSON Lines and JSON arrays: the fixtures under tests/fixtures/json, the shared Reuters and
//! BBC corpora when present, and a property test that no input makes the parser panic.

mod common;

use parallax::corpus::formats::html::fragment_text;
use parallax::corpus::formats::json::{LineReader, is_lines, parse};
use parallax::corpus::formats::{Document, FieldNames, FormatError, Parsed, RecordProblem};
use parallax::corpus::meta::parse_date;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/json")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_fixture(name: &str) -> Parsed {
    parse(&fixture(name), &FieldNames::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn problem(locator: &str, message: &str) -> RecordProblem {
    RecordProblem {
        locator: locator.to_string(),
        message: message.to_string(),
    }
}

fn by_id<'a>(parsed: &'a Parsed, id: &str) -> &'a Document {
    parsed
        .documents
        .iter()
        .find(|d| d.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn json_lines_read_every_good_line_and_name_the_bad_ones() {
    let parsed = parse_fixture("articles.jsonl");
    let ids: Vec<_> = parsed.documents.iter().map(|d| d.id.as_deref()).collect();
    assert_eq!(ids, [Some("a1"), Some("2"), Some("a5")]);
    assert_eq!(
        parsed.problems,
        [
            problem("line 4", "not valid JSON: expected `,` or `}` at column 66"),
            problem(
                "line 5",
                "no text field (looked for text, body, content, articleBody, article, description)"
            ),
            problem("line 7", "not an article object but an array"),
            problem("line 8", "the text field \"text\" is empty"),
        ]
    );

    let first = by_id(&parsed, "a1");
    assert_eq!(first.locator.as_deref(), Some("line 1"));
    assert_eq!(
        first.text,
        "The ceasefire was announced at noon.\n\nBoth sides confirmed it."
    );
    assert_eq!(first.fields.title.as_deref(), Some("Ceasefire announced"));
    assert_eq!(first.fields.source.as_deref(), Some("Example Wire"));
    assert_eq!(
        first.fields.date.as_deref(),
        Some("2023-09-20T13:00:00+04:00")
    );
    assert_eq!(first.fields.author.as_deref(), Some("Ann Lee, Bo Chan"));
    assert_eq!(first.fields.url.as_deref(), Some("https://example.org/a1"));
    assert_eq!(first.fields.label.as_deref(), Some("wire"));

    let second = by_id(&parsed, "2");
    assert_eq!(second.locator.as_deref(), Some("line 3"));
    assert_eq!(
        second.text,
        "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."
    );
    assert_eq!(
        second.fields.title.as_deref(),
        Some("One line per paragraph")
    );
    assert_eq!(second.fields.source.as_deref(), Some("The Paper"));
    assert_eq!(
        second.fields.date.as_deref(),
        Some("Tue, 10 Jun 2003 04:00:00 GMT")
    );

    let markup = by_id(&parsed, "a5");
    assert_eq!(markup.locator.as_deref(), Some("line 6"));
    assert_eq!(
        markup.text,
        fragment_text("<p>First <b>bold</b> paragraph.</p><p>Second paragraph.</p>")
    );
    assert_eq!(markup.fields.title.as_deref(), Some("Markup"));
    assert_eq!(
        markup.fields.date.as_deref(),
        Some("2023-09-20T08:53:20Z"),
        "a Unix time is read as a date"
    );
}

#[test]
fn arrays_number_their_records() {
    let parsed = parse_fixture("array.json");
    assert_eq!(parsed.documents.len(), 2);
    let first = &parsed.documents[0];
    assert_eq!(first.locator.as_deref(), Some("record 1"));
    assert_eq!(first.id.as_deref(), Some("r1"));
    assert_eq!(first.text, "Array record one.");
    assert_eq!(first.fields.source.as_deref(), Some("Array Times"));
    assert_eq!(first.fields.date.as_deref(), Some("2022-10-31"));
    let second = &parsed.documents[1];
    assert_eq!(second.locator.as_deref(), Some("record 2"));
    assert_eq!(second.text, "Array record two.\n\nWith a second paragraph.");
    assert_eq!(
        parsed.problems,
        [problem(
            "record 3",
            "no text field (looked for text, body, content, articleBody, article, description)"
        )]
    );
}

#[test]
fn an_object_wrapping_the_articles_is_opened() {
    let parsed = parse_fixture("wrapped.json");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let titles: Vec<_> = parsed
        .documents
        .iter()
        .map(|d| d.fields.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Wrapped one", "Wrapped two"]);
    let first = &parsed.documents[0];
    assert_eq!(first.text, "Wrapped article text.");
    assert_eq!(first.fields.source.as_deref(), Some("Wrapped News"));
    assert_eq!(first.fields.author.as_deref(), Some("Dee Writer"));
    assert_eq!(first.fields.date.as_deref(), Some("2023-09-19T08:30:00Z"));
    assert_eq!(
        first.fields.url.as_deref(),
        Some("https://wrapped.example/1")
    );
    assert_eq!(first.id, None);
    assert_eq!(
        parsed.documents[1].text,
        "Only a description, used as text."
    );

    let parsed = parse_fixture("only_array.json");
    assert_eq!(parsed.documents.len(), 1);
    assert_eq!(parsed.documents[0].text, "Found it.");
    assert_eq!(
        parsed.documents[0].fields.title.as_deref(),
        Some("Under an unusual key")
    );
}

#[test]
fn a_file_without_text_says_which_fields_it_has() {
    let err = parse(&fixture("no_text.jsonl"), &FieldNames::default()).unwrap_err();
    assert_eq!(
        err,
        FormatError::NoArticles {
            format: "JSON",
            message: "no record has a text field (looked for text, body, content, articleBody, \
                      article, description); the first record has the fields headline, story, \
                      when — pass --field text=NAME to read one of them"
                .to_string(),
        }
    );

    let mut names = FieldNames::default();
    names.prefer("text=story").unwrap();
    names.prefer("date=when").unwrap();
    let parsed = parse(&fixture("no_text.jsonl"), &names).unwrap();
    assert_eq!(parsed.documents.len(), 2);
    assert_eq!(
        parsed.documents[0].text,
        "Text under a name nobody guesses."
    );
    assert_eq!(parsed.documents[0].fields.title.as_deref(), Some("A"));
    assert_eq!(
        parsed.documents[0].fields.date.as_deref(),
        Some("2023-01-01")
    );
}

#[test]
fn a_broken_array_is_malformed_with_its_position() {
    let err = parse(&fixture("broken_array.json"), &FieldNames::default()).unwrap_err();
    assert_eq!(
        err,
        FormatError::Malformed {
            format: "JSON",
            at: Some("line 3, column 22".to_string()),
            message: "expected `,` or `}`".to_string(),
        }
    );
    assert_eq!(
        err.to_string(),
        "line 3, column 22: malformed JSON: expected `,` or `}`"
    );
}

#[test]
fn files_with_nothing_to_read_are_refused_clearly() {
    let names = FieldNames::default();
    let err = |text: &str| parse(text, &names).unwrap_err().to_string();
    assert_eq!(err(""), "no articles in this JSON file: the file is empty");
    assert_eq!(
        err("[]"),
        "no articles in this JSON file: the file holds an empty list"
    );
    assert_eq!(
        err("\"just a string\""),
        "no articles in this JSON file: the file holds a string, not article objects"
    );
    assert_eq!(
        err("{oops\n{also bad\n"),
        "line 1, column 2: malformed JSON: key must be a string"
    );
    assert_eq!(
        err("not json\nat all\n"),
        "line 1, column 2: malformed JSON: expected a JSON value"
    );
}

#[test]
fn a_json_lines_file_of_only_broken_lines_is_malformed() {
    let text = "{\"text\": \"a\"\n{\"text\": \"b\"} x\n{\"text\": \"c\"}\n{\"text\": \"d\"}\n";
    let parsed = parse(text, &FieldNames::default()).unwrap();
    assert_eq!(parsed.documents.len(), 2);
    assert_eq!(
        parsed.problems,
        [
            problem(
                "line 1",
                "not valid JSON: EOF while parsing an object at column 12"
            ),
            problem("line 2", "not valid JSON: trailing characters at column 15"),
        ]
    );
    let err = parse("{\"a\": 1\n{\"b\": 2\n", &FieldNames::default()).unwrap_err();
    assert!(
        matches!(&err, FormatError::Malformed { at: Some(at), .. } if at.starts_with("line 2")),
        "{err:?}"
    );
}

#[test]
fn crlf_line_ends_and_a_bom_are_accepted() {
    let text = "\u{feff}{\"text\": \"One\\nTwo\"}\r\n\r\n{\"text\": \"Three\"}\r\n";
    let parsed = parse(text, &FieldNames::default()).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let texts: Vec<_> = parsed.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["One\n\nTwo", "Three"]);
    let locators: Vec<_> = parsed
        .documents
        .iter()
        .map(|d| d.locator.as_deref())
        .collect();
    assert_eq!(locators, [Some("line 1"), Some("line 3")]);
}

/// Every article and every problem of `text`, read by a `LineReader` `lines` lines at a time.
fn read_in_batches(text: &str, lines: usize) -> Result<Parsed, FormatError> {
    assert!(is_lines(text), "{text:?}");
    let mut reader = LineReader::new(text.to_string(), &FieldNames::default());
    let mut documents = Vec::new();
    let mut last = (0, 0);
    while !reader.is_done() {
        documents.extend(reader.next_batch(lines));
        let now = reader.progress();
        assert!(
            now.0 > last.0 && now.0 <= now.1,
            "progress {last:?} -> {now:?}"
        );
        last = now;
    }
    assert_eq!(last.0, last.1, "read to the end");
    let problems = reader.finish()?;
    Ok(Parsed {
        documents,
        problems,
        notes: Vec::new(),
    })
}

#[test]
fn json_lines_read_a_batch_at_a_time_give_what_the_whole_file_gives() {
    let text = fixture("articles.jsonl");
    let whole = parse(&text, &FieldNames::default()).unwrap();
    for lines in [1, 2, 3, 100] {
        assert_eq!(
            read_in_batches(&text, lines).unwrap(),
            whole,
            "{lines} at a time"
        );
    }
    let bom = "\u{feff}{\"text\": \"One\"}\r\n\r\n{\"text\": \"Three\"}\r\n";
    let read = read_in_batches(bom, 1).unwrap();
    assert_eq!(read, parse(bom, &FieldNames::default()).unwrap());
    assert_eq!(read.documents[1].locator.as_deref(), Some("line 3"));
    // A file without an article is refused once read to the end: naming its first broken line
    // when it has no object, the fields of its first object otherwise.
    for nothing in ["1\n{\"b\": 2\n", "1\n2\n"] {
        assert_eq!(
            read_in_batches(nothing, 1).unwrap_err(),
            parse(nothing, &FieldNames::default()).unwrap_err()
        );
    }
    assert!(matches!(
        read_in_batches("1\n{\"b\": 2\n", 1),
        Err(FormatError::Malformed { at: Some(at), .. }) if at == "line 2"
    ));
    let no_text = "{\"a\": 1}\n{\"b\": 2}\n";
    let err = read_in_batches(no_text, 1).unwrap_err();
    assert!(err.to_string().contains("the fields a"), "{err}");
    assert!(!is_lines("[{\"text\": \"x\"}]") && !is_lines("{\"text\": \"x\"}"));
}

/// The shared corpora live beside the repository (`../shared/corpora`), or beside the folder
/// holding a worktree; `PARALLAX_CORPORA` names another place.
fn corpus(name: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut places: Vec<PathBuf> = std::env::var_os("PARALLAX_CORPORA")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    places.extend(
        root.ancestors()
            .skip(1)
            .take(3)
            .map(|dir| dir.join("shared/corpora")),
    );
    let found = places.iter().map(|p| p.join(name)).find(|p| p.is_file());
    if found.is_none() {
        println!("skipped: {name} not found in {places:?} (the shared corpus is not in the repo)");
    }
    found
}

#[test]
fn reads_the_reuters_corpus_as_it_is() {
    let Some(path) = corpus("reuters.jsonl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = parse(&text, &FieldNames::default()).unwrap();
    assert_eq!(parsed.documents.len(), 19_043);
    assert!(parsed.problems.is_empty(), "{:?}", &parsed.problems[..1]);
    let first = &parsed.documents[0];
    assert_eq!(first.id.as_deref(), Some("reuters-00001"));
    assert_eq!(first.locator.as_deref(), Some("line 1"));
    assert_eq!(first.fields.title.as_deref(), Some("BAHIA COCOA REVIEW"));
    assert_eq!(first.fields.source.as_deref(), Some("Reuters"));
    assert_eq!(first.fields.date.as_deref(), Some("1987-02-26"));
    assert!(
        first
            .text
            .starts_with("Showers continued throughout the week")
    );
    assert_eq!(
        parse_date(first.fields.date.as_deref().unwrap()).map(|d| d.iso()),
        Some("1987-02-26".to_string())
    );
    // Tickers in angle brackets are wire copy, not markup: the text is kept as written.
    let last = parsed.documents.last().unwrap();
    assert!(last.text.contains("<XVV>"), "{}", last.text);
    assert!(parsed.documents.iter().all(|d| d.fields.date.is_some()));
}

#[test]
fn reads_the_bbc_corpus_as_it_is() {
    let Some(path) = corpus("bbc.jsonl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = parse(&text, &FieldNames::default()).unwrap();
    assert_eq!(parsed.documents.len(), 2_225);
    assert!(parsed.problems.is_empty(), "{:?}", &parsed.problems[..1]);
    let first = &parsed.documents[0];
    assert_eq!(first.id.as_deref(), Some("bbc-business-001"));
    assert_eq!(
        first.fields.title.as_deref(),
        Some("Ad sales boost Time Warner profit")
    );
    assert_eq!(first.fields.source.as_deref(), Some("BBC News"));
    assert_eq!(first.fields.label.as_deref(), Some("business"));
    // BBC's dates are null: no date rather than the word "null".
    assert!(parsed.documents.iter().all(|d| d.fields.date.is_none()));
}

/// What mutations insert: the format's own syntax, so parsers see near-valid input.
const PIECES: &[&str] = &[
    "{", "}", "[", "]", "\"", ",", ":", "\n", "\\", "", "<p>", "é",
];

fn mutate(text: &str, edits: &[(usize, u8)]) -> String {
    common::mutate(text, edits, PIECES)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_random_text(text in "(?s).{0,400}") {
        let _ = parse(&text, &FieldNames::default());
    }

    #[test]
    fn never_panics_on_jsonish_text(text in "[\\[\\]{}\",: \\n0-9a-z]{0,200}") {
        let _ = parse(&text, &FieldNames::default());
    }

    #[test]
    fn never_panics_on_mutated_files(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let names = ["articles.jsonl", "array.json", "wrapped.json", "only_array.json",
                     "no_text.jsonl", "broken_array.json"];
        let text = mutate(&fixture(names[which]), &edits);
        if let Ok(parsed) = parse(&text, &FieldNames::default()) {
            prop_assert!(!parsed.documents.is_empty());
            for doc in &parsed.documents {
                prop_assert!(!doc.text.trim().is_empty());
                prop_assert!(doc.locator.is_some());
            }
        }
    }

    #[test]
    fn json_lines_read_in_batches_of_any_size_give_what_the_whole_file_gives(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        lines in 1usize..5,
    ) {
        let text = mutate(&fixture("articles.jsonl"), &edits);
        if is_lines(&text) {
            prop_assert_eq!(
                read_in_batches(&text, lines),
                parse(&text, &FieldNames::default())
            );
        }
    }
}
