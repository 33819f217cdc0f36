//! Distinctive vocabulary (`analysis::words`): the log-odds math on a synthetic two-group corpus,
//! then the sample corpus by source.

use parallax::analysis::words::{GroupWords, Grouping, WordScore, distinctive};
use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::lexicon::{Lexicon, Matcher};
use std::fs;
use std::sync::Arc;

const LEXICON: &str = r#"
[[concept]]
id = "forces"
label = "Karabakh forces"
kind = "group"
  [[concept.variant]]
  term = "separatists"
  used_by = "Azerbaijani"
  [[concept.variant]]
  term = "Artsakh"
  used_by = "Armenian"
"#;

fn matcher() -> Matcher {
    Matcher::new(Arc::new(Lexicon::parse("test.toml", LEXICON).unwrap()))
}

/// Four articles: two from Alpha (label "east") that say "separatists", two from Beta (label
/// "west") that say "Artsakh"; both share the same everyday words equally.
fn synthetic() -> Vec<Arc<Article>> {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::new();
    let shared = "The village road and the water supply were discussed by the council again.";
    for (i, (source, label, word)) in [
        ("Alpha", "east", "separatists"),
        ("Alpha", "east", "separatists"),
        ("Beta", "west", "Artsakh"),
        ("Beta", "west", "Artsakh"),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("{i}.txt");
        manifest.push_str(&format!(
            "[files.\"{name}\"]\nsource = \"{source}\"\nlabel = \"{label}\"\n"
        ));
        let mut text = format!("Headline number {i}\n\n");
        for k in 0..6 {
            text.push_str(&format!(
                "{shared} Officials said {word} met people in town {k}. The {word} answered.\n\n"
            ));
        }
        fs::write(dir.path().join(name), text).unwrap();
    }
    fs::write(dir.path().join("parallax.toml"), manifest).unwrap();
    let (articles, diagnostics) = load(
        &[Input::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    assert_eq!(articles.len(), 4, "{diagnostics:?}");
    articles.into_iter().map(Arc::new).collect()
}

fn sample() -> Vec<Arc<Article>> {
    let (articles, _) = load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    );
    articles.into_iter().map(Arc::new).collect()
}

fn group<'a>(groups: &'a [GroupWords], name: &str) -> &'a GroupWords {
    groups
        .iter()
        .find(|g| g.group == name)
        .unwrap_or_else(|| panic!("no group {name}: {groups:#?}"))
}

fn word<'a>(g: &'a GroupWords, w: &str) -> Option<&'a WordScore> {
    g.words.iter().find(|s| s.word == w && !s.concept)
}

fn rank(g: &GroupWords, w: &str) -> Option<usize> {
    g.words.iter().position(|s| s.word == w && !s.concept)
}

#[test]
fn each_group_leads_with_its_own_name_for_the_forces() {
    let articles = synthetic();
    let groups = distinctive(&articles, &matcher(), Grouping::Source, 10);
    let names: Vec<&str> = groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["Alpha", "Beta"]);
    let (a, b) = (group(&groups, "Alpha"), group(&groups, "Beta"));
    assert_eq!((a.articles, b.articles), (2, 2));
    assert_eq!(a.words[0].word, "separatists", "{a:#?}");
    assert_eq!(b.words[0].word, "artsakh", "{b:#?}");
    let (sa, sb) = (&a.words[0], &b.words[0]);
    assert!(sa.z > 1.96 && sb.z > 1.96, "{sa:?} {sb:?}");
    assert_eq!((sa.count, sb.count), (24, 24));
    // Mirror-image groups: the same strength either way.
    assert!((sa.z - sb.z).abs() < 1e-9 && (sa.delta - sb.delta).abs() < 1e-9);
    // Words both groups use equally score 0 and are not listed; nor are stop words.
    for g in [a, b] {
        for w in [
            "village",
            "road",
            "water",
            "council",
            "officials",
            "the",
            "and",
        ] {
            assert!(word(g, w).is_none(), "{w} in {g:#?}");
        }
        assert!(g.words.iter().all(|s| s.z > 0.0));
        assert!(g.words.windows(2).all(|p| p[0].z >= p[1].z));
        // Numbers and one-letter tokens are not words.
        assert!(
            g.words
                .iter()
                .all(|s| s.concept || s.word.chars().count() >= 2)
        );
        assert!(g.words.iter().all(|s| s.word.parse::<f64>().is_err()));
    }
    // The concept is shared by both groups at equal rates, so it is not distinctive.
    assert!(a.words.iter().all(|s| !s.concept), "{a:#?}");
}

#[test]
fn labels_and_sides_group_the_same_way_here() {
    let articles = synthetic();
    let m = matcher();
    let by_label = distinctive(&articles, &m, Grouping::Label, 3);
    let names: Vec<&str> = by_label.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["east", "west"]);
    assert_eq!(group(&by_label, "east").words[0].word, "separatists");
    let by_side = distinctive(&articles, &m, Grouping::Side, 3);
    let names: Vec<&str> = by_side.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["Armenian", "Azerbaijani"]);
    assert_eq!(group(&by_side, "Armenian").words[0].word, "artsakh");
    assert_eq!(group(&by_side, "Azerbaijani").words[0].word, "separatists");
    assert!(by_side.iter().all(|g| g.words.len() <= 3));
}

#[test]
fn no_labels_no_groups_and_one_group_no_words() {
    let articles = sample();
    let m = Matcher::builtin().unwrap();
    assert!(distinctive(&articles, &m, Grouping::Label, 10).is_empty());
    let alone = distinctive(&articles[..1], &m, Grouping::Source, 10);
    assert_eq!(alone.len(), 1);
    assert!(alone[0].words.is_empty());
    assert!(distinctive(&[], &m, Grouping::Source, 10).is_empty());
}

#[test]
fn sample_corpus_by_source() {
    let articles = sample();
    let m = Matcher::builtin().unwrap();
    let groups = distinctive(&articles, &m, Grouping::Source, 15);
    assert_eq!(groups.len(), 5, "{groups:#?}");
    let caliber = group(&groups, "Caliber.Az");
    assert!(
        rank(caliber, "rally").is_some_and(|r| r < 5),
        "{caliber:#?}"
    );
    assert!(
        rank(caliber, "khankandi").is_some_and(|r| r < 5),
        "{caliber:#?}"
    );
    let france24 = group(&groups, "france24.com");
    assert_eq!(france24.words[0].word, "kalbajar", "{france24:#?}");
    assert!(france24.words[0].z > 1.96);
    // Concepts are scored too, under their labels.
    let concept = france24
        .words
        .iter()
        .find(|s| s.concept)
        .unwrap_or_else(|| panic!("{france24:#?}"));
    assert!(concept.word.starts_with("Kalbajar"), "{concept:?}");
    assert!(
        groups
            .iter()
            .all(|g| g.words.len() <= 15 && g.articles == 1)
    );
}

#[test]
fn serialises_as_the_json_contract() {
    let groups = distinctive(&synthetic(), &matcher(), Grouping::Source, 1);
    let json = serde_json::to_value(&groups).unwrap();
    let first = &json[0];
    assert_eq!(first["group"], "Alpha");
    assert_eq!(first["articles"], 2);
    let w = &first["words"][0];
    assert_eq!(w["word"], "separatists");
    assert_eq!(w["concept"], false);
    assert_eq!(w["count"], 24);
    assert!(w["z"].as_f64().is_some() && w["delta"].as_f64().is_some());
    assert_eq!(serde_json::to_value(Grouping::Side).unwrap(), "side");
}
