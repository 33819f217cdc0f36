//! Large inputs: a 20 MB one-line file and a 50,000-paragraph file load, and the reader stays
//! usable on them (the loader splits overlong paragraphs; the reader wraps only what it shows).

mod common;

use common::{app_on, press, screen};
use parallax::corpus::segment::MAX_PASSAGE_CHARS;
use parallax::corpus::{Input, LoadOptions, load};

#[test]
fn a_20_mb_one_line_file_loads_in_bounded_passages_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::with_capacity(21_000_000);
    let mut i = 0;
    while line.len() < 20_000_000 {
        line.push_str(&format!("word{i} "));
        if i % 17 == 16 {
            line.push_str("End of sentence. ");
        }
        i += 1;
    }
    line.push_str("FINALWORD\n");
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, &line).unwrap();

    let (articles, diagnostics) = load(&[Input::Path(path.clone())], &LoadOptions::default());
    assert_eq!(articles.len(), 1, "{diagnostics:?}");
    let article = &articles[0];
    assert!(article.passages.len() > 20_000_000 / MAX_PASSAGE_CHARS / 2);
    for p in &article.passages {
        assert!(p.char_end() - p.char_start() <= MAX_PASSAGE_CHARS);
    }
    assert!(article.text().ends_with("FINALWORD"));

    let mut app = app_on(vec![Input::Path(path)], "huge", 120, 36);
    press(&mut app, "tab G");
    let text = screen(&app);
    assert!(text.contains("FINALWORD"), "{text}");
    press(&mut app, "pageup g");
    assert!(screen(&app).contains("word0 word1"));
}

#[test]
fn a_50_000_paragraph_file_loads_every_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Fifty thousand paragraphs\n\n");
    for i in 1..=50_000 {
        text.push_str(&format!("Paragraph {i} says something short.\n\n"));
    }
    let path = dir.path().join("many.txt");
    std::fs::write(&path, text).unwrap();
    let mut app = app_on(vec![Input::Path(path)], "many", 120, 36);
    assert_eq!(app.cursor_rank(), Some((1, 50_000)));
    press(&mut app, "tab G");
    assert_eq!(app.cursor_rank(), Some((50_000, 50_000)));
    assert!(screen(&app).contains("Paragraph 50000 says something short."));
    press(&mut app, "k k");
    assert_eq!(app.cursor_rank(), Some((49_998, 50_000)));
}

#[test]
fn files_over_the_size_limit_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), "x".repeat(2_000)).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Fine\n\nText.\n").unwrap();
    let options = LoadOptions {
        max_file_bytes: 1_000,
        ..LoadOptions::default()
    };
    let (articles, diagnostics) = load(&[Input::Path(dir.path().to_path_buf())], &options);
    assert_eq!(articles.len(), 1);
    let message = diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(message.contains("big.txt: too large to read"), "{message}");
}
