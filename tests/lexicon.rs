//! Entities and contested terms: recognition on the seeds, the heuristic recogniser on our own
//! articles, a lexicon for another conflict, the `terms` and `read --json` contract, and the
//! reader's highlights, inspector, layers and naming lens driven by keys.

mod common;

use common::{app_on, buffer_text, draw, press, sample_app};
use parallax::analysis::spans::{SpanKind, annotate};
use parallax::app::layout::Pane;
use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::lexicon::{Lexicon, Matcher, Target};
use ratatui::style::Modifier;
use serde_json::Value;
use std::process::Command;
use std::sync::Arc;

fn seeds() -> Vec<Article> {
    load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    )
    .0
}

fn matcher() -> Arc<Matcher> {
    Matcher::builtin().unwrap()
}

/// (kind, text, concept or entity) of every span in an article's body passages.
fn spans_of(article: &Article, m: &Matcher) -> Vec<(SpanKind, String, String)> {
    let spans = annotate(article, m);
    let mut out = Vec::new();
    for (i, _) in article.body_passages() {
        for s in &spans.passages[i] {
            let target = match s.target {
                Some(Target::Variant { concept, .. }) => m.lexicon.concepts[concept].id.clone(),
                Some(Target::Entity(e)) => m.lexicon.entities[e].name.clone(),
                None => String::new(),
            };
            out.push((s.kind, article.text()[s.range.clone()].to_string(), target));
        }
    }
    out
}

fn concept_of(spans: &[(SpanKind, String, String)], text: &str) -> Option<String> {
    spans
        .iter()
        .find(|(k, t, _)| *k == SpanKind::Term && t == text)
        .map(|(_, _, c)| c.clone())
}

#[test]
fn naming_variants_in_the_seeds_share_their_concept() {
    let articles = seeds();
    let m = matcher();
    let s: Vec<_> = articles.iter().map(|a| spans_of(a, &m)).collect();
    // Khankandi (000), Khankendi (001, 002, 003), Stepanakert (003).
    assert_eq!(concept_of(&s[0], "Khankandi").as_deref(), Some("khankendi"));
    for (i, spans) in s.iter().enumerate().skip(1).take(3) {
        assert_eq!(
            concept_of(spans, "Khankendi").as_deref(),
            Some("khankendi"),
            "article {i}"
        );
    }
    assert_eq!(
        concept_of(&s[3], "Stepanakert").as_deref(),
        Some("khankendi")
    );
    // Kalbajar, Kelbajar, Karvachar.
    assert_eq!(concept_of(&s[4], "Kalbajar").as_deref(), Some("kalbajar"));
    assert_eq!(concept_of(&s[4], "Karvachar").as_deref(), Some("kalbajar"));
    assert_eq!(concept_of(&s[1], "Kelbajar").as_deref(), Some("kalbajar"));
    // Nagorno-Karabakh, Karabakh, Artsakh, "NKR" (and Garabagh, below: the seeds use it only
    // in debris).
    assert_eq!(
        concept_of(&s[1], "Nagorno-Karabakh").as_deref(),
        Some("nagorno-karabakh")
    );
    assert_eq!(
        concept_of(&s[2], "Karabakh").as_deref(),
        Some("nagorno-karabakh")
    );
    assert_eq!(
        concept_of(&s[4], "Artsakh").as_deref(),
        Some("nagorno-karabakh")
    );
    assert_eq!(
        concept_of(&s[4], "Nagorno - Karabakh").as_deref(),
        Some("nagorno-karabakh")
    );
    assert_eq!(
        concept_of(&s[0], "NKR").as_deref(),
        Some("nagorno-karabakh")
    );
    let garabagh = m.find("DDR in Garabagh and the restoration");
    let Target::Variant { concept, .. } = garabagh[0].target else {
        panic!()
    };
    assert_eq!(m.lexicon.concepts[concept].id, "nagorno-karabakh");
}

#[test]
fn the_seeds_people_are_found() {
    let articles = seeds();
    let m = matcher();
    let people: Vec<(String, String)> = articles
        .iter()
        .flat_map(|a| spans_of(a, &m))
        .filter(|(k, _, _)| *k == SpanKind::Person)
        .map(|(_, t, e)| (t, e))
        .collect();
    for name in [
        "Hikmet Hajiyev",
        "Thomas de Waal",
        "Nikol Pashinyan",
        "Ilham Aliyev",
    ] {
        assert!(
            people.iter().any(|(_, e)| e == name),
            "{name} not found: {people:?}"
        );
    }
    assert!(
        people.contains(&("De Waal".into(), "Thomas de Waal".into())),
        "surname alias"
    );
}

#[test]
fn ordinary_sentence_initial_words_are_not_highlighted() {
    let articles = seeds();
    let m = matcher();
    for a in &articles {
        let spans = annotate(a, &m);
        for (i, p) in a.body_passages() {
            for s in spans.passages[i].iter().filter(|s| s.heuristic) {
                let starts_sentence = p
                    .sentences(&a.sentence_bounds)
                    .any(|r| r.start == s.range.start);
                let text = &a.text()[s.range.clone()];
                assert!(
                    !starts_sentence || text.contains(' '),
                    "{}: sentence-initial word {text:?} highlighted",
                    a.id
                );
            }
        }
    }
    // Words that open sentences in the seeds and are no names.
    let all: Vec<String> = articles
        .iter()
        .flat_map(|a| spans_of(a, &m))
        .map(|(_, t, _)| t)
        .collect();
    for word in [
        "Residents",
        "Despite",
        "However",
        "Perched",
        "Teams",
        "Under",
        "Since",
        "Historic",
    ] {
        assert!(!all.iter().any(|t| t == word), "{word} highlighted");
    }
}

#[test]
fn the_seeds_scare_quotes_are_found_and_quotations_are_not() {
    let articles = seeds();
    let m = matcher();
    let quotes: Vec<String> = spans_of(&articles[0], &m)
        .into_iter()
        .filter(|(k, _, _)| *k == SpanKind::ScareQuote)
        .map(|(_, t, _)| t)
        .collect();
    for q in [
        "\"NKR\"",
        "\"international recognition\"",
        "\"authorities\"",
    ] {
        assert!(
            quotes.iter().any(|t| t == q),
            "{q} not a scare quote: {quotes:?}"
        );
    }
    let speech: Vec<String> = spans_of(&articles[4], &m)
        .into_iter()
        .filter(|(k, _, _)| *k == SpanKind::ScareQuote)
        .map(|(_, t, _)| t)
        .collect();
    assert!(
        !speech.iter().any(|t| t.contains("children grew up")),
        "a reported quotation is not a scare quote: {speech:?}"
    );
}

#[test]
fn dates_and_numbers_are_normalised() {
    let articles = seeds();
    let m = matcher();
    let spans = annotate(&articles[2], &m);
    let values: Vec<String> = spans
        .passages
        .iter()
        .flatten()
        .filter_map(|s| s.value.as_ref().map(|v| serde_json::to_string(v).unwrap()))
        .collect();
    assert!(values.iter().any(|v| v.contains("6000")), "{values:?}");
    assert!(values.iter().any(|v| v.contains("\"1994\"")), "{values:?}");
    assert!(
        values
            .iter()
            .any(|v| v.contains("\"value\":3.0") && v.contains("decades")),
        "nearly three decades: {values:?}"
    );
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_heuristic_recogniser_on_our_own_article() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "harbour.txt",
        "Harbour Town Council Votes On New Pier\n\n\
         Yesterday the mayor of Port Elna, Maria Verhoeven, said the Harbour Authority would \
         decide in March. Critics in Port Elna disagreed. Minister Tomas Adeyemi told reporters \
         the Coastal Planning Agency had not been consulted.\n\n\
         Later, Verhoeven said the vote was final. Nobody objected. Fishermen from Lenmouth \
         watched.\n",
    );
    let (articles, _) = load(
        &[Input::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    let m = matcher();
    let spans = spans_of(&articles[0], &m);
    let kind_of = |text: &str| spans.iter().find(|(_, t, _)| t == text).map(|(k, _, _)| *k);
    assert_eq!(
        kind_of("Maria Verhoeven"),
        Some(SpanKind::Person),
        "{spans:?}"
    );
    assert_eq!(
        kind_of("Tomas Adeyemi"),
        Some(SpanKind::Person),
        "{spans:?}"
    );
    assert_eq!(
        kind_of("Verhoeven"),
        Some(SpanKind::Person),
        "surname alone: {spans:?}"
    );
    assert_eq!(kind_of("Port Elna"), Some(SpanKind::Place), "{spans:?}");
    assert_eq!(kind_of("Lenmouth"), Some(SpanKind::Place), "{spans:?}");
    assert_eq!(
        kind_of("Coastal Planning Agency"),
        Some(SpanKind::Org),
        "{spans:?}"
    );
    for not_a_name in [
        "Yesterday",
        "Critics",
        "Later",
        "Nobody",
        "Fishermen",
        "Harbour Town Council Votes On New Pier",
    ] {
        assert_eq!(kind_of(not_a_name), None, "{not_a_name}: {spans:?}");
    }
}

const ULSTER: &str = r#"
[[concept]]
id = "derry"
label = "The city on the Foyle"
kind = "place"
note = "Nationalists say Derry, unionists Londonderry."
  [[concept.variant]]
  term = "Derry"
  used_by = "nationalist"
  [[concept.variant]]
  term = "Londonderry"
  used_by = "unionist"
  [[concept.variant]]
  term = "Stroke City"
  used_by = "neutral"

[[concept]]
id = "the-troubles"
label = "The conflict of 1968-1998"
kind = "event"
  [[concept.variant]]
  term = "the Troubles"
  used_by = "neutral"
  [[concept.variant]]
  term = "the war"
  used_by = "republican"

[[entity]]
name = "RUC"
kind = "org"
case_sensitive = true
"#;

fn parallax(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("parallax-lexicon-test-config"),
        )
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("parallax-lexicon-test-cache"),
        )
        .output()
        .unwrap()
}

#[test]
fn a_lexicon_for_another_conflict_works_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let lex = write(dir.path(), "ulster.toml", ULSTER);
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(
        &corpus,
        "a.txt",
        "Marching season\n\nThe parade in Londonderry passed the RUC station.\n",
    );
    write(
        &corpus,
        "b.txt",
        "Bogside\n\nIn Derry, people remember the Troubles; the ruc was disbanded.\n",
    );
    let (lex_s, corpus_s) = (lex.to_str().unwrap(), corpus.to_str().unwrap());

    let out = parallax(&[
        "terms",
        corpus_s,
        "--lexicon",
        lex_s,
        "--json",
        "--no-user-lexicons",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let terms: Value = serde_json::from_slice(&out.stdout).unwrap();
    let derry = terms["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "derry")
        .unwrap();
    assert_eq!(derry["usage"]["a"]["Londonderry"], 1);
    assert_eq!(derry["usage"]["b"]["Derry"], 1);
    assert_eq!(terms["sources"], serde_json::json!(["a", "b"]));

    let out = parallax(&["read", "b", corpus_s, "--lexicon", lex_s, "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let spans = doc["passages"][1]["spans"].as_array().unwrap();
    let derry = spans.iter().find(|s| s["text"] == "Derry").unwrap();
    assert_eq!(derry["kind"], "term");
    assert_eq!(derry["concept"], "derry");
    assert_eq!(derry["variant"], "Derry");
    assert_eq!(derry["used_by"], "nationalist");
    assert_eq!(derry["concept_kind"], "place");
    assert_eq!(
        (derry["start"].as_u64(), derry["end"].as_u64()),
        (Some(3), Some(8))
    );
    assert!(
        !spans.iter().any(|s| s["text"] == "ruc"),
        "case-sensitive entity: {spans:?}"
    );

    // The same lexicon through the library, with the lens.
    let lexicon = Arc::new(Lexicon::parse("ulster.toml", ULSTER).unwrap());
    assert_eq!(
        lexicon.conventions(),
        ["neutral", "nationalist", "unionist", "republican"]
    );
}

#[test]
fn user_lexicons_in_the_config_directory_replace_built_in_concepts() {
    let config = tempfile::tempdir().unwrap();
    let dir = config.path().join("parallax/lexicons");
    std::fs::create_dir_all(&dir).unwrap();
    write(
        &dir,
        "mine.toml",
        "[[concept]]\nid = \"khankendi\"\nlabel = \"My label\"\nkind = \"place\"\n  [[concept.variant]]\n  term = \"Khankendi\"\n  used_by = \"me\"\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["terms", "--json"])
        .env("XDG_CONFIG_HOME", config.path())
        .env("XDG_CACHE_HOME", config.path().join("cache"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let terms: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = terms["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "khankendi")
        .unwrap();
    assert_eq!(c["label"], "My label");
    assert!(c["usage"].to_string().contains("Khankendi"));
    assert!(
        !c["usage"].to_string().contains("Stepanakert"),
        "the user's concept replaced the built-in one"
    );
}

#[test]
fn a_malformed_lexicon_is_an_error_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.toml",
        "[[concept]]\nid = \"x\"\nlabel = \"X\"\nkind = \"planet\"\n",
    );
    let out = parallax(&["list", "--lexicon", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.toml: line 4:") && err.contains("planet"),
        "{err}"
    );
}

#[test]
fn terms_on_the_sample_shows_who_uses_which_name() {
    let out = parallax(&["terms", "--json", "--no-user-lexicons"]);
    assert!(out.status.success());
    let terms: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = terms["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "khankendi")
        .unwrap();
    assert_eq!(c["kind"], "place");
    // Khankandi is an alias of the Khankendi variant: aliases count towards their variant.
    assert!(
        c["usage"]["Caliber.Az"]["Khankendi"].as_u64().unwrap() >= 3,
        "{c}"
    );
    assert_eq!(c["usage"]["003_47cd471fb8d6deea"]["Stepanakert"], 1);
    assert!(
        c["usage"]["003_47cd471fb8d6deea"]["Khankendi"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(
        c["usage"]["001_88d79b41f7afebc8"]["Khankendi"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let text =
        String::from_utf8_lossy(&parallax(&["terms", "--no-user-lexicons"]).stdout).into_owned();
    assert!(
        text.contains("Main city of Nagorno-Karabakh") || text.contains("(khankendi, place)"),
        "{text}"
    );
}

// ---- In the reader ----

#[test]
fn bracket_keys_walk_the_highlights_and_the_inspector_explains_a_term() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j tab");
    // Move the highlight cursor until it stands on Stepanakert.
    let mut found = false;
    for _ in 0..80 {
        press(&mut app, "]");
        let span = app.highlighted().unwrap();
        if &app.current_article().unwrap().text()[span.range.clone()] == "Stepanakert" {
            found = true;
            break;
        }
    }
    assert!(found, "] reaches Stepanakert in 003");
    let text = buffer_text(&draw(&app));
    assert!(text.contains("Inspector"), "{text}");
    assert!(text.contains("“Stepanakert”"), "{text}");
    assert!(
        text.contains("Khankendi — Azerbaijani"),
        "variants with their users:\n{text}"
    );
    assert!(text.contains("◀ Stepanakert — Armenian"), "{text}");
    let side: String = parallax::app::side::content(&app, 80)
        .lines
        .iter()
        .map(|l| l.iter().map(|(_, t)| t.as_str()).collect::<String>() + "\n")
        .collect();
    assert!(
        side.contains("Caliber.Az: Khankendi ×"),
        "usage per source:\n{side}"
    );
    assert!(
        side.contains("003_47cd471fb8d6deea: Stepanakert ×1, Khankendi ×2"),
        "{side}"
    );
    // The highlight is drawn in reverse video in the reader.
    let buffer = draw(&app);
    let reader = app.areas().unwrap().reader;
    let reversed = (reader.y..reader.y + reader.height).any(|y| {
        (reader.x..reader.x + reader.width).any(|x| {
            buffer[(x, y)].symbol() == "S" && buffer[(x, y)].modifier.contains(Modifier::REVERSED)
        })
    });
    assert!(reversed, "the selected highlight is reversed");
    press(&mut app, "[");
    assert_ne!(
        &app.current_article().unwrap().text()[app.highlighted().unwrap().range.clone()],
        "Stepanakert"
    );
    press(&mut app, "esc");
    assert!(
        app.highlighted().is_none(),
        "esc leaves the highlight first"
    );
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn enter_on_a_context_line_jumps_to_that_source() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j tab");
    for _ in 0..80 {
        press(&mut app, "]");
        if &app.current_article().unwrap().text()[app.highlighted().unwrap().range.clone()]
            == "Khankendi"
        {
            break;
        }
    }
    assert!(
        app.kwic().len() >= 5,
        "Khankendi/Khankandi/Stepanakert across the corpus"
    );
    press(&mut app, "tab");
    assert_eq!(app.focus, Pane::Side);
    let first = app.kwic()[0].clone();
    press(&mut app, "enter");
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(app.reader.article, Some(first.article));
    assert_eq!(app.cursor_passage().unwrap().0, first.passage);
    let span = app
        .highlighted()
        .expect("the jumped-to term is highlighted");
    assert_eq!(span.range, first.range);
}

#[test]
fn the_naming_lens_renders_terms_in_each_sides_convention() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j tab");
    let armenian = app
        .conventions
        .iter()
        .position(|c| c == "Armenian")
        .unwrap();
    for _ in 0..=armenian {
        press(&mut app, "c");
    }
    assert_eq!(app.lens_convention(), Some("Armenian"));
    let text = buffer_text(&draw(&app));
    assert!(text.contains("lens: Armenian"), "{text}");
    assert!(app.lens_swaps() > 0);
    press(&mut app, "j j j j");
    let text = buffer_text(&draw(&app));
    assert!(
        text.contains("capital, Stepanakert, referred to as Stepanakert"),
        "Khankendi rendered as Stepanakert under the Armenian lens:\n{text}"
    );
    let azerbaijani = app
        .conventions
        .iter()
        .position(|c| c == "Azerbaijani")
        .unwrap();
    let (mut app2, _) = (sample_app(160, 45), ());
    press(&mut app2, "j j j tab");
    for _ in 0..=azerbaijani {
        press(&mut app2, "c");
    }
    press(&mut app2, "j j j j");
    let text = buffer_text(&draw(&app2));
    assert!(text.contains("referred to as Khankendi by"), "{text}");
    // Cycling past the last convention returns to the text as written.
    for _ in azerbaijani..app2.conventions.len() {
        press(&mut app2, "c");
    }
    assert_eq!(app2.lens_convention(), None);
    assert!(buffer_text(&draw(&app2)).contains("Khankendi, referred to as Stepanakert"));
}

#[test]
fn layer_keys_hide_and_show_a_kind_of_highlight() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j tab j j j j");
    let reader = app.areas().unwrap().reader;
    let underlined_cells = |app: &parallax::app::App| {
        let buffer = draw(app);
        (reader.y..reader.y + reader.height)
            .flat_map(|y| (reader.x..reader.x + reader.width).map(move |x| (x, y)))
            .filter(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::UNDERLINED))
            .count()
    };
    assert!(
        underlined_cells(&app) > 10,
        "contested terms are underlined"
    );
    press(&mut app, "4");
    assert!(app.hidden_layers.contains(&SpanKind::Term));
    assert_eq!(underlined_cells(&app), 0, "terms hidden");
    let legend = buffer_text(&draw(&app));
    assert!(
        legend.contains("4·terms") && legend.contains("0·“quotes”"),
        "legend:\n{legend}"
    );
    press(&mut app, "4");
    assert!(underlined_cells(&app) > 10, "terms shown again");
}

#[test]
fn highlighting_a_large_article_does_not_block_and_still_finds_terms() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "In Xankəndi and Stepanakert, President Ilham Aliyev spoke of 120,000 people. ";
    let mut text = String::from("Large\n\n");
    for _ in 0..5_000 {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    write(dir.path(), "large.txt", &text);
    let mut app = app_on(
        vec![Input::Path(dir.path().to_path_buf())],
        "large",
        120,
        36,
    );
    let spans = app.spans.as_ref().map(|(_, s)| s.count()).unwrap_or(0);
    assert!(spans >= 5_000 * 4, "{spans}");
    press(&mut app, "tab G ]");
    let span = app.highlighted().unwrap();
    let article_len = app.current_article().unwrap().text.len();
    assert!(
        span.range.start > article_len - paragraph.len() * 2,
        "{span:?} of {article_len}"
    );
}
