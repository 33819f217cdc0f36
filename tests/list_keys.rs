//! The article list as a view, by key sequence: sorting, filtering by typing, grouping by source,
//! the selection following its article, batches arriving under a filter, mouse clicks on rows.

mod common;

use common::{app_on, buffer_text, draw, notes_app, press, region, sample_app, type_text};
use parallax::app::list::Row;
use parallax::app::{App, Msg};
use parallax::corpus::{Article, Input, LoadEvent, LoadOptions, load};
use std::path::Path;

/// Titles in the order the list shows them.
fn titles(app: &App) -> Vec<String> {
    app.list
        .order()
        .iter()
        .map(|&i| app.articles[i].title.clone())
        .collect()
}

/// The list's rows as text: "# source (count)" for a header, the title for an article.
fn rows(app: &App) -> Vec<String> {
    app.list
        .rows()
        .iter()
        .map(|row| match row {
            Row::Header { source, count } => format!("# {source} ({count})"),
            Row::Article(i) => app.articles[*i].title.clone(),
        })
        .collect()
}

fn selected_title(app: &App) -> String {
    app.articles[app.list.selected].title.clone()
}

/// The list pane as drawn.
fn list_pane(app: &App) -> String {
    let area = app.areas().and_then(|a| a.list).expect("the list shows");
    region(&draw(app), area)
}

/// Writes articles (file name, title, source, date or "unknown", author) with a manifest.
fn corpus(dir: &Path, articles: &[(&str, &str, &str, &str, &str)]) {
    let mut manifest = String::new();
    for (file, title, source, date, author) in articles {
        std::fs::write(
            dir.join(file),
            format!("{title}\n\nThe first paragraph of {title}, about the story.\n\nA second paragraph.\n"),
        )
        .unwrap();
        manifest.push_str(&format!(
            "[files.\"{file}\"]\ntitle = \"{title}\"\nsource = \"{source}\"\ndate = \"{date}\"\nauthor = \"{author}\"\n\n"
        ));
    }
    std::fs::write(dir.join("parallax.toml"), manifest).unwrap();
}

const DESK: &[(&str, &str, &str, &str, &str)] = &[
    (
        "a.txt",
        "Talks resume in Brussels",
        "Reuters",
        "2021-01-05",
        "Ann Lee",
    ),
    (
        "b.txt",
        "Exodus from Stepanakert",
        "BBC News",
        "2023-09-28",
        "Orla Guerin",
    ),
    (
        "c.txt",
        "Şuşa declaration signed",
        "Caliber.Az",
        "2021-06-15",
        "Kamran Aliyev",
    ),
    (
        "d.txt",
        "Border clashes overnight",
        "Reuters",
        "unknown",
        "unknown",
    ),
    (
        "e.txt",
        "Corridor blockade enters third month",
        "BBC News",
        "2023-03-01",
        "Jonah Fisher",
    ),
];

fn desk_app(dir: &Path) -> App {
    corpus(dir, DESK);
    app_on(vec![Input::Path(dir.to_path_buf())], "desk", 160, 45)
}

#[test]
fn s_cycles_the_sort_and_title_sorts_titles_in_order() {
    let mut app = sample_app(160, 45);
    let loaded = titles(&app);
    press(&mut app, "s s s");
    let mut expected = loaded.clone();
    expected.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles(&app), expected);
    assert!(list_pane(&app).contains("Articles 5 · by title ↑"));
    press(&mut app, "S");
    expected.reverse();
    assert_eq!(titles(&app), expected, "S reverses it");
    assert!(list_pane(&app).contains("by title ↓"));
    press(&mut app, "s s s");
    assert_eq!(titles(&app), loaded, "back to load order, forwards again");
    let pane = list_pane(&app);
    assert!(
        pane.contains("Articles 5 ") && !pane.contains(" by "),
        "{pane}"
    );
}

#[test]
fn by_date_is_newest_first_with_undated_last_either_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk_app(dir.path());
    press(&mut app, "s");
    assert_eq!(
        titles(&app),
        [
            "Exodus from Stepanakert",
            "Corridor blockade enters third month",
            "Şuşa declaration signed",
            "Talks resume in Brussels",
            "Border clashes overnight",
        ]
    );
    assert!(list_pane(&app).contains("Articles 5 · by date ↓"));
    press(&mut app, "S");
    assert_eq!(
        titles(&app),
        [
            "Talks resume in Brussels",
            "Şuşa declaration signed",
            "Corridor blockade enters third month",
            "Exodus from Stepanakert",
            "Border clashes overnight",
        ]
    );
}

#[test]
fn the_sample_corpus_by_date_puts_its_dated_articles_first() {
    let mut app = sample_app(160, 45);
    press(&mut app, "s");
    let dates: Vec<Option<String>> = app
        .list
        .order()
        .iter()
        .map(|&i| app.articles[i].date.map(|d| d.iso()))
        .collect();
    let dated = dates.iter().take_while(|d| d.is_some()).count();
    assert!(dated >= 1, "{dates:?}");
    assert!(dates[dated..].iter().all(Option::is_none), "{dates:?}");
    let mut newest_first = dates[..dated].to_vec();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates[..dated], newest_first[..]);
}

#[test]
fn length_sorts_longest_first_and_source_sorts_unknown_last() {
    let mut app = sample_app(160, 45);
    press(&mut app, "s s s s");
    let words: Vec<usize> = app
        .list
        .order()
        .iter()
        .map(|&i| app.articles[i].words)
        .collect();
    let mut longest_first = words.clone();
    longest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(words, longest_first);

    let mut app = sample_app(160, 45);
    press(&mut app, "s s");
    let sources: Vec<String> = app
        .list
        .order()
        .iter()
        .map(|&i| app.articles[i].source.clone())
        .collect();
    assert_eq!(
        sources,
        [
            "Caliber.Az",
            "france24.com",
            "unknown",
            "unknown",
            "unknown"
        ]
    );
}

#[test]
fn the_selection_follows_its_article_across_a_sort_change() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j");
    let article = app.list.selected;
    let title = selected_title(&app);
    // By length the third article (the shortest) moves from the third row to the last.
    press(&mut app, "s s s s");
    assert_eq!(app.list.selected, article);
    assert_eq!(app.reader.article, Some(article), "the reader keeps it");
    let rank = app.list.rank(article).unwrap();
    assert_eq!(rank, 4);
    assert_eq!(titles(&app)[rank], title);
    // The marked row is the same article, and the status line counts its new place.
    let screen = buffer_text(&draw(&app));
    let marked = screen
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a marked row");
    let head: String = title.chars().take(12).collect();
    assert!(marked.contains(&head), "{marked}");
    assert!(screen.contains(&format!(" {}/5 ", rank + 1)), "{screen}");
    // Moving goes on from there, in the new order.
    press(&mut app, "g j");
    assert_eq!(selected_title(&app), titles(&app)[1]);
}

#[test]
fn typing_a_filter_narrows_the_list_and_esc_restores_it() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j");
    let before = app.list.selected;
    press(&mut app, "f");
    assert!(app.list.editing);
    type_text(&mut app, "ARMENIAN");
    let shown = titles(&app);
    assert_eq!(shown.len(), 2, "{shown:?}");
    for t in &shown {
        assert!(t.to_lowercase().contains("armenian"), "{t}");
    }
    let pane = list_pane(&app);
    assert!(
        pane.contains(&format!("{} of 5", shown.len())),
        "the title counts the matches:\n{pane}"
    );
    assert!(pane.contains("filter: ARMENIAN"), "{pane}");
    // A second word narrows further; the source is searched too.
    type_text(&mut app, " france24");
    assert_eq!(app.list.order().len(), 1);
    assert_eq!(app.articles[app.list.order()[0]].source, "france24.com");
    assert_eq!(
        app.list.selected,
        app.list.order()[0],
        "the selection moves to a match when its article no longer matches"
    );
    press(&mut app, "esc");
    assert!(!app.list.editing);
    assert_eq!(app.list.order().len(), 5, "esc clears the filter");
    assert!(list_pane(&app).contains("Articles 5"));
    assert_ne!(app.list.selected, before);
    assert!(app.list.rank(app.list.selected).is_some());
}

#[test]
fn enter_keeps_the_filter_and_the_list_keys_work_in_it() {
    let mut app = sample_app(160, 45);
    press(&mut app, "f");
    type_text(&mut app, "unknown");
    press(&mut app, "enter");
    assert!(!app.list.editing);
    assert_eq!(app.list.order().len(), 3, "three sources are unknown");
    let order = app.list.order().to_vec();
    press(&mut app, "g j");
    assert_eq!(app.list.selected, order[1]);
    press(&mut app, "G j");
    assert_eq!(app.list.selected, order[2], "j stops at the last match");
    press(&mut app, "tab J");
    assert_eq!(app.list.selected, order[2], "J walks the view too");
    press(&mut app, "K");
    assert_eq!(app.list.selected, order[1]);
    // f again edits the same words; esc in the list (not typing) clears it too.
    press(&mut app, "1 f");
    assert_eq!(app.list.filter.text, "unknown");
    press(&mut app, "enter esc");
    assert_eq!(app.list.order().len(), 5);
}

#[test]
fn the_filter_ignores_case_and_diacritics_and_matches_authors_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk_app(dir.path());
    let matching = |app: &mut App, words: &str| {
        press(app, "f ctrl-u");
        type_text(app, words);
        press(app, "enter");
        titles(app)
    };
    assert_eq!(matching(&mut app, "SUSA"), ["Şuşa declaration signed"]);
    assert_eq!(matching(&mut app, "guerin"), ["Exodus from Stepanakert"]);
    assert_eq!(
        matching(&mut app, "2023"),
        [
            "Exodus from Stepanakert",
            "Corridor blockade enters third month"
        ]
    );
    assert_eq!(
        matching(&mut app, "september 2023"),
        ["Exodus from Stepanakert"]
    );
    assert_eq!(matching(&mut app, "2021-06"), ["Şuşa declaration signed"]);
    assert_eq!(
        matching(&mut app, "reuters border"),
        ["Border clashes overnight"]
    );
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut app = sample_app(160, 45);
    press(&mut app, "f");
    type_text(&mut app, "xyz");
    let open = app.reader.article;
    assert!(open.is_some());
    type_text(&mut app, "zy");
    assert!(app.list.order().is_empty());
    let pane = list_pane(&app);
    assert!(pane.contains("0 of 5"), "{pane}");
    assert!(pane.contains("No article matches 'xyzzy'"), "{pane}");
    assert_eq!(app.reader.article, open, "the reader keeps its article");
    let screen = buffer_text(&draw(&app));
    assert!(
        screen.contains(" –/0 "),
        "the status line says it is hidden:\n{screen}"
    );
    press(
        &mut app,
        "backspace backspace backspace backspace backspace",
    );
    assert_eq!(app.list.order().len(), 5, "deleting the words widens again");
}

#[test]
fn grouping_shows_a_header_per_source_with_its_count() {
    let mut app = sample_app(160, 45);
    press(&mut app, "z");
    let r = rows(&app);
    assert_eq!(r[0], "# Caliber.Az (1)");
    assert_eq!(r[2], "# france24.com (1)");
    assert_eq!(r[4], "# unknown source (3)");
    assert_eq!(r.len(), 8);
    let pane = list_pane(&app);
    assert!(pane.contains("─Caliber.Az 1 ─"), "{pane}");
    assert!(pane.contains("─unknown source 3 ─"), "{pane}");
    // j and k go from article to article, over the headers.
    press(&mut app, "g");
    let order = app.list.order().to_vec();
    assert_eq!(app.list.selected, order[0]);
    press(&mut app, "j");
    assert_eq!(app.list.selected, order[1]);
    press(&mut app, "j j j j");
    assert_eq!(app.list.selected, order[4]);
    press(&mut app, "k");
    assert_eq!(app.list.selected, order[3]);
    // Grouped and filtered: only groups with a match, counting the matches.
    press(&mut app, "f");
    type_text(&mut app, "armenian");
    assert_eq!(
        rows(&app)
            .iter()
            .filter(|r| r.starts_with('#'))
            .collect::<Vec<_>>(),
        ["# france24.com (1)", "# unknown source (1)"]
    );
    press(&mut app, "esc z");
    assert!(
        rows(&app).iter().all(|r| !r.starts_with('#')),
        "z again ungroups"
    );
}

#[test]
fn grouping_sorts_within_each_group() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk_app(dir.path());
    press(&mut app, "z s");
    assert_eq!(
        rows(&app),
        [
            "# BBC News (2)",
            "Exodus from Stepanakert",
            "Corridor blockade enters third month",
            "# Caliber.Az (1)",
            "Şuşa declaration signed",
            "# Reuters (2)",
            "Talks resume in Brussels",
            "Border clashes overnight",
        ]
    );
}

#[test]
fn a_click_on_a_row_selects_that_article_in_a_sorted_grouped_list() {
    let mut app = sample_app(160, 45);
    press(&mut app, "z s s s");
    let list = app.areas().and_then(|a| a.list).unwrap();
    // Rows: header (1 line), article (2), header, article, header, article...
    let r = app.list.rows().to_vec();
    let mut y = list.y + 1;
    for (row, entry) in r.iter().enumerate() {
        if let Row::Article(i) = entry {
            let effects = app.update(Msg::Click {
                column: list.x + 3,
                row: y + 1,
            });
            parallax::tui::perform_inline(&mut app, effects);
            assert_eq!(app.list.selected, *i, "row {row}");
            assert_eq!(app.reader.article, Some(*i));
        }
        y += entry.height() as u16;
    }
    // A header selects nothing.
    let before = app.list.selected;
    let effects = app.update(Msg::Click {
        column: list.x + 3,
        row: list.y + 1,
    });
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!(app.list.selected, before);
}

#[test]
fn a_batch_arriving_under_a_filter_is_filtered_and_sorted_in() {
    let first = tempfile::tempdir().unwrap();
    let mut app = desk_app(first.path());
    press(&mut app, "s s s f");
    type_text(&mut app, "stepanakert");
    press(&mut app, "enter");
    assert_eq!(titles(&app), ["Exodus from Stepanakert"]);

    let later = tempfile::tempdir().unwrap();
    corpus(
        later.path(),
        &[
            (
                "x.txt",
                "Aid convoy reaches Stepanakert",
                "AFP",
                "2023-09-30",
                "unknown",
            ),
            (
                "y.txt",
                "Markets close higher",
                "AFP",
                "2023-09-30",
                "unknown",
            ),
            (
                "z.txt",
                "Stepanakert renamed Khankendi",
                "APA",
                "2023-10-12",
                "unknown",
            ),
        ],
    );
    let (batch, diagnostics): (Vec<Article>, _) = load(
        &[Input::Path(later.path().to_path_buf())],
        &LoadOptions::default(),
    );
    assert_eq!(batch.len(), 3, "{diagnostics:?}");
    let effects = app.update(Msg::Load {
        generation: app.load.generation,
        event: LoadEvent::Articles(batch),
    });
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!(
        titles(&app),
        [
            "Aid convoy reaches Stepanakert",
            "Exodus from Stepanakert",
            "Stepanakert renamed Khankendi"
        ],
        "the matches of the batch, in title order"
    );
    assert_eq!(selected_title(&app), "Exodus from Stepanakert");
    assert!(list_pane(&app).contains("3 of 8 · by title ↑"));
    press(&mut app, "esc");
    assert_eq!(app.list.order().len(), 8);
}

#[test]
fn a_reload_keeps_the_sort_and_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk_app(dir.path());
    press(&mut app, "s z f");
    type_text(&mut app, "bbc");
    press(&mut app, "enter R");
    assert_eq!(
        rows(&app),
        [
            "# BBC News (2)",
            "Exodus from Stepanakert",
            "Corridor blockade enters third month",
        ]
    );
    assert_eq!(
        selected_title(&app),
        "Exodus from Stepanakert",
        "the reloaded corpus opens the first article the list shows"
    );
}

#[test]
fn sorting_by_notes_puts_annotated_articles_first_and_the_list_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 160, 45);
    press(&mut app, "G tab b j b 1");
    let noted = app.list.selected;
    assert_eq!(app.list.note_count(noted), 2);
    press(&mut app, "g s s s s s");
    assert_eq!(app.list.order()[0], noted);
    let pane = list_pane(&app);
    assert!(pane.contains("by notes ↓"), "{pane}");
    assert!(pane.contains("✎2"), "{pane}");
}

#[test]
fn the_list_pane_sorted_and_grouped() {
    let mut app = sample_app(120, 20);
    press(&mut app, "s s s z j");
    insta::assert_snapshot!("list_sorted_grouped", list_pane(&app));
}

#[test]
fn the_list_pane_while_filtering() {
    let mut app = sample_app(120, 20);
    press(&mut app, "f");
    type_text(&mut app, "armenian");
    insta::assert_snapshot!("list_filtering", list_pane(&app));
}

/// Figures for the 21k-article corpus: the cost of one batch taken into a sorted list, of a
/// sort change, and of each filter keystroke, measured through `App::press`. Prints, asserts
/// nothing about time. Run with `cargo test --release --test list_keys -- --ignored
/// --nocapture`; it reads `PARALLAX_CORPORA` (default `/work/shared/corpora`, then
/// `../shared/corpora`).
#[test]
#[ignore]
fn list_figures_on_the_shared_corpora() {
    use parallax::app::key::parse_sequence;
    use std::time::Instant;
    let dir = std::env::var("PARALLAX_CORPORA")
        .ok()
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(["/work/shared/corpora".into(), "../shared/corpora".into()])
        .find(|p: &std::path::PathBuf| p.join("reuters.jsonl").exists());
    let Some(dir) = dir else {
        eprintln!("no shared corpora: skipped");
        return;
    };
    let mut articles = Vec::new();
    for file in ["bbc.jsonl", "reuters.jsonl"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            articles.push(Article {
                id: s("id"),
                path: format!("{file}:{}", s("id")).into(),
                title: s("title"),
                title_origin: parallax::corpus::Origin::Manifest,
                source: s("source"),
                source_origin: parallax::corpus::Origin::Manifest,
                date: parallax::corpus::meta::parse_date(&s("date")),
                author: None,
                url: None,
                label: None,
                words: parallax::corpus::count_words(&s("text")),
                text: Default::default(),
                passages: Box::default(),
                sentence_bounds: Box::default(),
            });
        }
    }
    let total = articles.len();
    let (mut app, _) = App::new(
        parallax::config::Config::default_config(),
        parallax::lexicon::Matcher::builtin().unwrap(),
        Vec::new(),
        "shared corpora".into(),
        160,
        45,
    );
    // Sorted by date and grouped while the batches arrive, as a user would have it.
    let run = |app: &mut App, keys: &str| {
        for key in parse_sequence(keys).unwrap() {
            let _ = app.press(key);
        }
    };
    run(&mut app, "s z");
    let mut slowest = std::time::Duration::ZERO;
    let started = Instant::now();
    let mut batches = 0;
    let mut rest = articles;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(256));
        let batch = std::mem::replace(&mut rest, tail);
        let t = Instant::now();
        let _ = app.update(Msg::Load {
            generation: app.load.generation,
            event: LoadEvent::Articles(batch),
        });
        slowest = slowest.max(t.elapsed());
        batches += 1;
    }
    println!(
        "{total} articles in {batches} batches of 256 into a date-sorted grouped list: {:.1} ms in all, slowest batch {:.2} ms",
        started.elapsed().as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3
    );
    assert_eq!(app.list.order().len(), total);
    for keys in ["s", "s", "S", "z"] {
        let t = Instant::now();
        run(&mut app, keys);
        println!(
            "{keys:>2}: {:.2} ms ({})",
            t.elapsed().as_secs_f64() * 1e3,
            app.list.describe_order().unwrap_or_default()
        );
    }
    run(&mut app, "f");
    for (typed, words) in [
        ("o", "o"),
        ("i", "oi"),
        ("l", "oil"),
        (" ", "oil "),
        ("p", "oil p"),
        ("r", "oil pr"),
        ("backspace", "oil p"),
        ("ctrl-u", ""),
        ("q", "q"),
        ("x", "qx"),
        ("z", "qxz"),
    ] {
        let t = Instant::now();
        run(&mut app, typed);
        println!(
            "filter {words:<8} {:>6} shown  {:.2} ms",
            app.list.order().len(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
