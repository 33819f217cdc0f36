//! The parallel view driven by keys on the sample corpus: the open article on the left, another
//! source's on the right, the aligned passages level on the drawn screen.

mod common;

use common::{press, resize, sample_app, screen};
use parallax::app::App;
use parallax::app::parallel::ParallelState;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

/// 002 open with the cursor on its passage on the 2020 war ("More than 6,000 ... killed").
fn on_the_2020_war() -> App {
    let mut app = sample_app(WIDTH, HEIGHT);
    press(&mut app, "j j tab");
    assert!(app.current_article().unwrap().id.starts_with("002"));
    for _ in 0..30 {
        let (p, _) = app.cursor_passage().unwrap();
        if app
            .current_article()
            .unwrap()
            .passage_text(p)
            .unwrap_or_default()
            .contains("More than 6,000")
        {
            return app;
        }
        press(&mut app, "j");
    }
    panic!("no passage on the 2020 war in 002");
}

/// Screen rows as char vectors, so columns can be read.
fn rows(app: &App) -> Vec<Vec<char>> {
    screen(app).lines().map(|l| l.chars().collect()).collect()
}

/// The first row whose column `x` holds the passage bar.
fn bar_row(rows: &[Vec<char>], x: usize) -> Option<usize> {
    rows.iter().position(|r| r.get(x) == Some(&'▌'))
}

/// Text of a row between two columns.
fn cut(row: &[char], from: usize, to: usize) -> String {
    row.get(from..to.min(row.len()))
        .map(|c| c.iter().collect())
        .unwrap_or_default()
}

fn right_id(app: &App) -> String {
    app.parallel_article().unwrap().id.clone()
}

#[test]
fn the_aligned_passage_of_003_sits_level_with_the_cursor_and_its_figure_is_marked() {
    let mut app = on_the_2020_war();
    press(&mut app, "p");
    assert!(app.parallel.open);
    // The best-aligned other source comes first; `>` cycles to the others, 003 among them.
    let first = right_id(&app);
    let mut seen = vec![first.clone()];
    while !right_id(&app).starts_with("003") {
        press(&mut app, ">");
        let now = right_id(&app);
        assert!(
            !seen.contains(&now),
            "cycled back to {now} before 003: {seen:?}"
        );
        seen.push(now);
    }
    let rows = rows(&app);
    let half = (WIDTH / 2) as usize;
    let left_bar = bar_row(&rows, 1).expect("the cursor bar on the left");
    let right_bar = bar_row(&rows, half + 1).expect("the aligned passage marked on the right");
    let drawn: String = rows
        .iter()
        .map(|r| r.iter().collect::<String>() + "\n")
        .collect();
    assert_eq!(left_bar, right_bar, "not level:\n{drawn}");
    assert!(
        cut(&rows[left_bar], 3, half).starts_with("In 2020, a war broke out"),
        "{drawn}"
    );
    assert!(
        cut(&rows[right_bar], half + 3, WIDTH as usize).starts_with("Fast forward to the recent"),
        "{drawn}"
    );
    // The aligned passage's lines on the right carry the 7,000, the left's the 6,000.
    let right_passage: String = rows[right_bar..]
        .iter()
        .take_while(|r| r.get(half + 1) == Some(&'▌'))
        .map(|r| cut(r, half + 3, WIDTH as usize - 1))
        .collect();
    assert!(right_passage.contains("almost 7,000"), "{drawn}");
    let left_passage: String = rows[left_bar..]
        .iter()
        .take_while(|r| r.get(1) == Some(&'▌'))
        .map(|r| cut(r, 3, half - 1))
        .collect();
    assert!(left_passage.contains("More than 6,000"), "{drawn}");
    // Under the right article, what differs; the border says how they are aligned.
    match app.parallel_state() {
        ParallelState::Level { differences, .. } => assert!(differences >= 2),
        other => panic!("{other:?}"),
    }
    assert!(
        drawn.contains("≠ killed: more than 6,000 / almost 7,000"),
        "{drawn}"
    );
    assert!(drawn.contains("¶13 ↔ ¶16 · 0.26"), "{drawn}");
    insta::assert_snapshot!("parallel_view", drawn);
}

#[test]
fn moving_the_cursor_keeps_aligned_passages_level_and_unaligned_ones_leave_the_right_side() {
    let mut app = on_the_2020_war();
    press(&mut app, "p");
    let half = (WIDTH / 2) as usize;
    let (mut level, mut stayed) = (0, 0);
    for _ in 0..25 {
        let before = app.parallel.right.as_ref().map(|r| r.top);
        press(&mut app, "j");
        let rows = rows(&app);
        match app.parallel_state() {
            ParallelState::Level { .. } => {
                let left = bar_row(&rows, 1).unwrap();
                let right = bar_row(&rows, half + 1).unwrap();
                // Level unless the right article's end (or start) is in the way.
                let top = app.parallel.right.as_ref().unwrap().top;
                let rows = app.parallel_viewport().1;
                let clamped = top == parallax::app::reader::Pos::default()
                    || app.parallel_geometry().unwrap().max_top(rows) == top
                    || left >= rows;
                assert!(left == right || clamped, "row {left} vs {right}");
                level += 1;
            }
            ParallelState::Unaligned { source, .. } => {
                assert_eq!(app.parallel.right.as_ref().map(|r| r.top), before);
                let text = screen(&app);
                assert!(
                    text.contains(&format!("no aligned passage in {source}")),
                    "{text}"
                );
                stayed += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(level > 0 && stayed > 0, "level {level}, stayed {stayed}");
}

#[test]
fn the_same_key_or_esc_closes_it_and_a_narrow_terminal_is_told() {
    let mut app = on_the_2020_war();
    press(&mut app, "p");
    assert!(app.parallel.open);
    press(&mut app, "p");
    assert!(!app.parallel.open);
    press(&mut app, "p esc");
    assert!(!app.parallel.open);
    let text = screen(&app);
    assert!(
        text.contains("Details") && !text.contains("⇄"),
        "the side panel is back:\n{text}"
    );

    resize(&mut app, 100, 30);
    press(&mut app, "p");
    assert!(!app.parallel.open);
    assert!(screen(&app).contains("needs 120 columns"));
    // Open, then narrowed: a message in place of the panes.
    resize(&mut app, 130, 30);
    press(&mut app, "p");
    assert!(app.parallel.open);
    resize(&mut app, 100, 30);
    let text = screen(&app);
    assert!(
        text.contains("needs at least") && text.contains("120"),
        "{text}"
    );
}

#[test]
fn another_article_on_the_left_chooses_the_right_side_again() {
    let mut app = on_the_2020_war();
    press(&mut app, "p");
    let before = right_id(&app);
    assert!(!before.starts_with("002"));
    press(&mut app, "J");
    assert!(app.current_article().unwrap().id.starts_with("003"));
    // The right side never shows the article on the left.
    if let Some(right) = app.parallel_article() {
        assert!(!right.id.starts_with("003"));
    }
}
