//! Fuzz targets as property tests (the stable toolchain has no cargo fuzz here): every parser
//! through the real loader, the corpus cache, recognition, metadata and queries, and rendering at
//! random sizes, on random and mutated input. `PARALLAX_FUZZ_CASES=20000 cargo test --release
//! --test fuzz` fuzzes for longer; whatever a run finds is kept below as a regression test.

mod common;

use parallax::corpus::{Article, Input, LoadOptions, load};
use proptest::prelude::*;
use std::path::Path;

fn cases(default: u32) -> u32 {
    std::env::var("PARALLAX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One valid small file of each format, the seeds the mutations start from.
const SEEDS: &[(&str, &str)] = &[
    (
        "a.txt",
        "Ceasefire holds in Lachin\n\nBy Anna Hakobyan\n\n19 September 2023\n\nThe ceasefire held overnight, officials said.\n\nRead also:\nOther news 12:40\n",
    ),
    (
        "a.md",
        "---\ntitle: Talks\nsource: Example\n---\n# Talks in Brussels\n\n- one point\n- another\n\nThe *ministers* met.\n",
    ),
    (
        "a.html",
        r#"<!DOCTYPE html><html><head><title>Talks resume | Example News</title><meta property="og:site_name" content="Example News"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Talks resume","datePublished":"2023-09-19T10:00:00Z","author":{"name":"A. Writer"}}</script></head><body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1><p>The foreign ministers met in Brussels on Tuesday.</p><p>No agreement was reached, a spokesman said.</p></article><aside><ul><li><a href="/x">Read also</a></li></ul></aside></body></html>"#,
    ),
    (
        "a.jsonl",
        "{\"id\": \"r1\", \"title\": \"Cocoa review\", \"source\": \"Reuters\", \"date\": \"1987-02-26\", \"text\": \"Showers continued.\\n\\nThe week saw rain.\"}\n{\"id\": \"r2\", \"headline\": \"Oil prices\", \"body\": \"Oil rose.\"}\n",
    ),
    (
        "a.json",
        "[{\"title\": \"One\", \"text\": \"First text.\"}, {\"title\": \"Two\", \"content\": \"<p>Second</p><p>text.</p>\"}]",
    ),
    (
        "a.rss",
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title><link>https://example.org/</link><item><title>First item</title><link>https://example.org/1</link><pubDate>Tue, 19 Sep 2023 10:00:00 GMT</pubDate><description>&lt;p&gt;The ceasefire held.&lt;/p&gt;</description></item></channel></rss>"#,
    ),
    (
        "a.atom",
        r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title><id>urn:x</id><updated>2023-09-19T10:00:00Z</updated><entry><title>Entry one</title><id>urn:1</id><updated>2023-09-19T10:00:00Z</updated><content type="html">&lt;p&gt;Shots were fired.&lt;/p&gt;</content></entry></feed>"#,
    ),
];

/// Pieces that break parsers and terminals: escapes, bidi controls, NULs, stray markup.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;pwned\u{7}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\0".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("<".to_string()),
        Just("</p>".to_string()),
        Just("<script>".to_string()),
        Just("]]>".to_string()),
        Just("{".to_string()),
        Just("\"".to_string()),
        Just("\\u0000".to_string()),
        Just("\n\n".to_string()),
        Just("&#x1b;".to_string()),
        Just("&amp;".to_string()),
        Just("中文".to_string()),
        Just("😀".to_string()),
        "\\PC{0,12}",
    ]
}

/// A seed cut, spliced and sprinkled with nasty pieces.
fn mutated() -> impl Strategy<Value = (usize, Vec<u8>)> {
    (
        0..SEEDS.len(),
        prop::collection::vec((any::<prop::sample::Index>(), nasty()), 0..6),
        any::<prop::sample::Index>(),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(seed, inserts, cut, truncate, flips)| {
            let mut bytes = SEEDS[seed].1.as_bytes().to_vec();
            for (at, piece) in inserts {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, piece.into_bytes());
            }
            for (at, byte) in flips {
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            (seed, bytes)
        })
}

/// What must hold of every article, whatever the input.
fn check_articles(articles: &[Article]) {
    for a in articles {
        for text in [a.title.as_str(), &a.source, &a.id, &a.path] {
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                "control or bidi character in metadata: {text:?}"
            );
        }
        assert!(
            !a.text()
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{2066}'..='\u{2069}').contains(&c)),
            "control character in the text of {}",
            a.id
        );
        for p in &a.passages {
            assert!(
                p.is_consistent(&a.text(), &a.sentence_bounds),
                "inconsistent passage in {}",
                a.id
            );
        }
    }
}

fn load_file(dir: &Path, name: &str, bytes: &[u8], options: &LoadOptions) -> Vec<Article> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let (articles, diagnostics) = load(&[Input::Path(path)], options);
    for d in &diagnostics {
        assert!(!d.message.chars().any(char::is_control), "{d:?}");
    }
    articles
}

#[test]
fn every_seed_loads() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in SEEDS {
        let articles = load_file(dir.path(), name, text.as_bytes(), &LoadOptions::default());
        assert!(!articles.is_empty(), "{name} gave no article");
        check_articles(&articles);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// Every format's parser, through the loader, on mutated valid files.
    #[test]
    fn the_loader_survives_mutated_files((seed, bytes) in mutated()) {
        let dir = tempfile::tempdir().unwrap();
        let articles = load_file(dir.path(), SEEDS[seed].0, &bytes, &LoadOptions::default());
        check_articles(&articles);
    }

    /// Random bytes under every extension the loader knows.
    #[test]
    fn the_loader_survives_random_bytes(
        ext in prop::sample::select(vec!["txt", "md", "html", "json", "jsonl", "xml", "rss", "atom", "db"]),
        bytes in prop::collection::vec(any::<u8>(), 0..1500),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let articles = load_file(dir.path(), &format!("f.{ext}"), &bytes, &LoadOptions::default());
        check_articles(&articles);
    }

    /// A cache file of any content never changes what is loaded.
    #[test]
    fn a_mangled_cache_changes_nothing(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in SEEDS {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let options = LoadOptions { cache_dir: Some(cache.path().to_path_buf()), ..LoadOptions::default() };
        let inputs = [Input::Path(corpus.clone())];
        let (expected, _) = load(&inputs, &LoadOptions::default());
        load(&inputs, &options);
        let file = std::fs::read_dir(cache.path()).unwrap().flatten()
            .map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "bin")).unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        for (at, byte) in flips {
            let at = at.index(bytes.len());
            bytes[at] ^= byte | 1;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        std::fs::write(&file, &bytes).unwrap();
        let (got, _) = load(&inputs, &options);
        let key = |v: &[Article]| {
            let mut k: Vec<_> = v.iter().map(|a| (a.id.clone(), a.title.clone(), a.text.clone(), a.passages.clone())).collect();
            k.sort_by(|a, b| a.0.cmp(&b.0));
            k
        };
        prop_assert_eq!(key(&expected), key(&got));
    }

    /// Recognition: every span inside its passage, on character boundaries, in order.
    #[test]
    fn recognition_spans_stay_in_bounds(text in "(\\PC|[A-Z][a-z]+ |Stepanakert |Khankendi |\\d{1,3}(,\\d{3})* |\n\n|\"){0,80}") {
        let dir = tempfile::tempdir().unwrap();
        let articles = load_file(dir.path(), "r.txt", text.as_bytes(), &LoadOptions::default());
        let matcher = parallax::lexicon::Matcher::builtin().unwrap();
        for article in &articles {
            let spans = parallax::analysis::spans::annotate(article, &matcher);
            prop_assert_eq!(spans.passages.len(), article.passages.len());
            for (p, list) in article.passages.iter().zip(&spans.passages) {
                let mut last = 0;
                for s in list {
                    prop_assert!(p.range().start <= s.range.start && s.range.end <= p.range().end);
                    prop_assert!(article.text().is_char_boundary(s.range.start));
                    prop_assert!(article.text().is_char_boundary(s.range.end));
                    prop_assert!(s.range.start >= last || s.range.start < s.range.end);
                    last = s.range.start;
                }
            }
        }
    }

    /// Dates, front matter, manifests and search queries from any text.
    #[test]
    fn metadata_and_query_parsers_never_panic(text in "\\PC{0,120}", raw in any::<String>()) {
        for s in [&text, &raw] {
            let _ = parallax::corpus::meta::parse_date(s);
            let _ = parallax::corpus::meta::split_front_matter(s);
            let _ = parallax::corpus::meta::parse_manifest(s);
            let _ = parallax::search::Query::parse(s);
            let _ = parallax::corpus::formats::detect(Path::new("x"), s.as_bytes());
        }
    }
}

proptest! {
    // Each case draws whole frames of the real app.
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Rendering at random sizes, after random keys: never a panic, never a wide line.
    #[test]
    fn rendering_survives_any_size_and_keys(
        width in 1u16..260,
        height in 1u16..90,
        keys in prop::collection::vec(prop::sample::select(vec![
            "j", "k", "J", "K", "enter", "tab", "]", "[", "c", ">", "<", "D", "?", "esc", "/",
            "G", "g", "b", "v", "B", "x", "pgdown", "end",
        ]), 0..12),
        resize_to in (1u16..260, 1u16..90),
    ) {
        let mut app = common::sample_app(width, height);
        for key in &keys {
            common::press(&mut app, key);
            let _ = common::draw(&app);
        }
        common::resize(&mut app, resize_to.0, resize_to.1);
        let screen = common::screen(&app);
        for line in screen.lines() {
            prop_assert!(unicode_width::UnicodeWidthStr::width(line) <= resize_to.0 as usize);
        }
    }
}
