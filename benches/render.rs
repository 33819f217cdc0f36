//! Frame render time on the sample corpus, and the time from `App::new` to the first full frame.
//!
//! `cargo bench --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use parallax::app::App;
use parallax::app::key::parse_sequence;
use parallax::config::Config;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

/// The sample corpus fully loaded (articles, names of the open article) at 160x45.
fn sample_app() -> App {
    let (mut app, effects) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        parallax::assets::embedded_corpus(),
        "the embedded sample corpus".to_string(),
        WIDTH,
        HEIGHT,
    );
    parallax::tui::perform_inline(&mut app, effects);
    app
}

fn press(app: &mut App, keys: &str) {
    for key in parse_sequence(keys).expect("valid key sequence") {
        let effects = app.press(key);
        parallax::tui::perform_inline(app, effects);
    }
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame 160x45");

    // Article 003 open, the cursor on a passage: the main screen of the screenshots.
    let mut app = sample_app();
    press(&mut app, "j j j enter j j");
    let mut term = terminal();
    group.bench_function("main screen", |b| {
        b.iter(|| {
            term.draw(|frame| parallax::ui::render(black_box(&app), frame))
                .expect("draw");
        })
    });

    // Article 000 with its 101 boilerplate passages shown, dimmed, with their reasons.
    let mut app = sample_app();
    press(&mut app, "enter D j j j j j j j j j j j j j j");
    let mut term = terminal();
    group.bench_function("boilerplate shown (D)", |b| {
        b.iter(|| {
            term.draw(|frame| parallax::ui::render(black_box(&app), frame))
                .expect("draw");
        })
    });

    // The help overlay over the main screen.
    let mut app = sample_app();
    press(&mut app, "?");
    let mut term = terminal();
    group.bench_function("help overlay", |b| {
        b.iter(|| {
            term.draw(|frame| parallax::ui::render(black_box(&app), frame))
                .expect("draw");
        })
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(30);
    // App::new, the whole sample corpus loaded and the first article's names found (inline,
    // on this thread), then one frame drawn on a new terminal.
    group.bench_function("App::new + sample load + first frame", |b| {
        b.iter(|| {
            let app = sample_app();
            let mut term = terminal();
            term.draw(|frame| parallax::ui::render(&app, frame))
                .expect("draw");
            black_box(term.backend().buffer().area);
        })
    });
    // The first frame alone, before anything has loaded: what the user sees at once.
    group.bench_function("App::new + first frame (nothing loaded yet)", |b| {
        b.iter(|| {
            let (app, effects) = App::new(
                Config::default_config(),
                parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
                parallax::assets::embedded_corpus(),
                "the embedded sample corpus".to_string(),
                WIDTH,
                HEIGHT,
            );
            let mut term = terminal();
            term.draw(|frame| parallax::ui::render(&app, frame))
                .expect("draw");
            black_box(effects);
        })
    });
    group.finish();
}

criterion_group!(benches, frames, startup);
criterion_main!(benches);
