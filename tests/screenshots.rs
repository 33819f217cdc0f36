//! Screenshots from the real rendering: the App on ratatui's TestBackend, drawn as SVG.
//!
//! `scripts/screenshots` (or `cargo test --test screenshots -- --ignored`) rewrites
//! `screenshots/*.svg`; the test that is not ignored checks the SVG path works at all.

mod common;

use common::{draw, press, sample_app};
use parallax::app::App;
use parallax::ui::svg::buffer_to_svg;
use std::path::PathBuf;

/// The colour `buffer_to_svg` gives ratatui's cyan, the default accent and focused border.
const CYAN_HEX: &str = "#11a8cd";

/// The main screen: article 003 open in the reader, the cursor on its third passage.
fn main_screen(width: u16, height: u16) -> App {
    let mut app = sample_app(width, height);
    press(&mut app, "j j j enter j j");
    app
}

/// Article 003 with the highlight cursor on "Stepanakert" and the inspector open.
fn inspecting(width: u16, height: u16) -> App {
    let mut app = sample_app(width, height);
    press(&mut app, "j j j enter");
    for _ in 0..80 {
        press(&mut app, "]");
        let on_term = app
            .highlighted()
            .map(|s| &app.current_article().unwrap().text()[s.range.clone()] == "Stepanakert")
            .unwrap_or(false);
        if on_term {
            break;
        }
    }
    app
}

fn shots() -> Vec<(&'static str, App)> {
    let main = main_screen(160, 45);

    let mut help = main_screen(160, 45);
    press(&mut help, "?");

    let mut boilerplate = sample_app(160, 45);
    press(&mut boilerplate, "enter D j j j j j j j j j j j j j j");

    let narrow = main_screen(80, 24);

    let inspector = inspecting(160, 45);

    // The naming lens on 003 in the Armenian convention.
    let mut lens = sample_app(160, 45);
    press(&mut lens, "j j j enter j j j j");
    let armenian = lens
        .conventions
        .iter()
        .position(|c| c == "Armenian")
        .unwrap_or(0);
    for _ in 0..=armenian {
        press(&mut lens, "c");
    }

    let mut search = sample_app(160, 45);
    press(&mut search, "/ S t e p a n k e r t ctrl-g");

    let notes_dir = std::env::temp_dir().join(format!("parallax-shots-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&notes_dir);
    let mut notes = common::notes_app(&notes_dir, 160, 45);
    press(&mut notes, "j j tab j j j j v j a");
    common::type_text(
        &mut notes,
        "6,000 here; 003 says almost 7,000 military and 170 civilians.",
    );
    press(&mut notes, "tab");
    common::type_text(&mut notes, "casualties, 2020-war");
    press(&mut notes, "ctrl-s j b k");

    // 002's passage on the 2020 war, compared with the other sources.
    let mut compare = sample_app(160, 45);
    press(&mut compare, "j j tab");
    for _ in 0..20 {
        let (p, _) = compare.cursor_passage().unwrap();
        if compare
            .current_article()
            .unwrap()
            .passage_text(p)
            .unwrap_or_default()
            .contains("More than 6,000")
        {
            break;
        }
        press(&mut compare, "j");
    }
    press(&mut compare, ">");

    // The same passage in the parallel view, 003 beside it with its figure level.
    let mut parallel = sample_app(160, 45);
    press(&mut parallel, "j j tab");
    while !parallel
        .current_article()
        .unwrap()
        .passage_text(parallel.cursor_passage().unwrap().0)
        .unwrap_or_default()
        .contains("More than 6,000")
    {
        press(&mut parallel, "j");
    }
    press(&mut parallel, "p");
    for _ in 0..4 {
        if common::buffer_text(&draw(&parallel)).contains("almost 7,000") {
            break;
        }
        press(&mut parallel, ">");
    }

    // The claims ledger: each source's figures for one count, the selected one with its whole
    // sentence, the others with the words around the figure.
    let mut claims = sample_app(160, 45);
    press(&mut claims, "> > >");

    // The list sorted by title, grouped by source, filtered by typing.
    let mut list = sample_app(160, 45);
    press(&mut list, "s s s z f");
    common::type_text(&mut list, "victory");

    vec![
        ("main", main),
        ("parallel", parallel),
        ("list", list),
        ("inspector", inspector),
        ("compare", compare),
        ("claims", claims),
        ("search", search),
        ("notes", notes),
        ("lens", lens),
        ("help", help),
        ("boilerplate", boilerplate),
        ("narrow", narrow),
    ]
}

#[test]
fn main_screen_renders_to_svg() {
    let app = main_screen(160, 45);
    let svg = buffer_to_svg(&draw(&app));
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.trim_end().ends_with("</svg>"));
    // The open article's title, as text a viewer can select and search.
    assert!(
        svg.contains("Swift Azerbaijani Victory Ignites Exodus"),
        "title text missing"
    );
    // The focused pane's border in the accent colour, drawn as heavy lines.
    let stroke = format!("stroke=\"{CYAN_HEX}\" stroke-width=\"2.6\"");
    let cyan_lines = svg
        .lines()
        .filter(|l| l.starts_with("<path") && l.contains(&stroke))
        .count();
    assert!(cyan_lines > 40, "{cyan_lines} cyan border segments");
    // Every element opened is closed: <text> elements balance.
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(!svg.contains('\u{1b}'), "no escape characters in the SVG");
}

#[test]
fn shots_show_what_their_names_say() {
    for (name, app) in shots() {
        let text = common::buffer_text(&draw(&app));
        let want: &[&str] = match name {
            "main" => &["Swift Azerbaijani Victory", " READER ", " Details ", "▌"],
            "help" => &[
                " Help ",
                "Show or hide scraper debris",
                "Search every source",
            ],
            "inspector" => &["Inspector", "“Stepanakert”", "◀ Stepanakert", "4·terms"],
            "lens" => &["lens: Armenian"],
            "search" => &[" Search ", " Preview ", "Stepanakert"],
            "compare" => &["How the other sources tell", "almost 7,000"],
            "claims" => &[
                "Claims",
                "— sources disagree",
                "▶ Caliber.Az: no more than 30,000",
                "“If we assume that at least half",
                "“… nearly 120,000 Armenians,",
            ],
            "notes" => &["✎", "Notes on this passage", "casualties"],
            "boilerplate" => &[
                "↑ scraper debris: link list",
                "↑ scraper debris: subscription prompt",
            ],
            "narrow" => &["Articles 5", " READER "],
            "parallel" => &["⇄", "almost 7,000", "More than 6,000"],
            "list" => &["by title", "filter: victory"],
            _ => &[],
        };
        for w in want {
            assert!(text.contains(w), "{name}: {w:?} missing\n{text}");
        }
    }
}

#[test]
#[ignore = "rewrites screenshots/; run scripts/screenshots"]
fn regenerate_screenshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, app) in shots() {
        let path = dir.join(format!("{name}.svg"));
        std::fs::write(&path, buffer_to_svg(&draw(&app))).unwrap();
        println!("wrote {} ({}x{})", path.display(), app.width, app.height);
    }
}
