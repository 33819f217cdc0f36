//! Passage alignment on the sample corpus: the library, then `parallax compare` as scripts see it.

use parallax::analysis::align::{AlignIndex, Comparison, DifferenceKind, Match, THRESHOLD};
use parallax::corpus::{Article, LoadOptions, load};
use parallax::lexicon::Matcher;
use std::process::Command;
use std::sync::Arc;

fn sample() -> (Vec<Arc<Article>>, AlignIndex) {
    let (articles, _) = load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    );
    let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let index = AlignIndex::build(&articles, Matcher::builtin().unwrap());
    (articles, index)
}

/// Article index by id prefix ("002").
fn art(articles: &[Arc<Article>], prefix: &str) -> usize {
    articles
        .iter()
        .position(|a| a.id.starts_with(prefix))
        .unwrap()
}

/// The body passage whose text starts with `start`, as a 0-based index.
fn passage(articles: &[Arc<Article>], a: usize, start: &str) -> usize {
    articles[a]
        .body_passages()
        .find(|(i, _)| {
            articles[a]
                .passage_text(*i)
                .unwrap_or_default()
                .starts_with(start)
        })
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no passage starting {start:?}"))
}

fn find(c: &Comparison, article: usize, passage: usize) -> Option<&Match> {
    c.matches
        .iter()
        .find(|m| m.article == article && m.passage == passage)
}

#[test]
fn the_2020_war_passages_align_and_disagree_on_the_dead() {
    let (articles, index) = sample();
    let (a2, a3) = (art(&articles, "002"), art(&articles, "003"));
    let p2 = passage(&articles, a2, "In 2020, a war broke out");
    let p3 = passage(&articles, a3, "Fast forward to the recent 2020 war");
    let c = index.compare(a2, p2, 1);
    let m = find(&c, a3, p3).unwrap_or_else(|| panic!("{c:#?}"));
    assert!(m.score >= THRESHOLD);
    let killed = m
        .differences
        .iter()
        .find(|d| d.kind == DifferenceKind::Number && d.concept == "killed")
        .unwrap_or_else(|| panic!("{:#?}", m.differences));
    assert_eq!(killed.here, "more than 6,000");
    assert_eq!(killed.there, "almost 7,000");
    // And the other way round.
    let back = index.compare(a3, p3, 1);
    let m = find(&back, a2, p2).unwrap_or_else(|| panic!("{back:#?}"));
    assert!(
        m.differences
            .iter()
            .any(|d| d.kind == DifferenceKind::Number
                && d.here == "almost 7,000"
                && d.there == "more than 6,000")
    );
}

#[test]
fn the_returned_districts_align_with_kelbajar_and_kalbajar_as_one_concept() {
    let (articles, index) = sample();
    let (a1, a4) = (art(&articles, "001"), art(&articles, "004"));
    let p1 = passage(
        &articles,
        a1,
        "Armenia, which was defeated in the 44-Day War",
    );
    let p4 = passage(&articles, a4, "By signing the ceasefire, Yerevan agreed");
    let c = index.compare(a4, p4, 1);
    let m = find(&c, a1, p1).unwrap_or_else(|| panic!("{c:#?}"));
    let term = m
        .differences
        .iter()
        .find(|d| d.kind == DifferenceKind::Term && d.concept == "kalbajar")
        .unwrap_or_else(|| panic!("{:#?}", m.differences));
    assert!(term.here.starts_with("Kalbajar ("), "{term:?}");
    assert!(term.there.starts_with("Kelbajar ("), "{term:?}");
    // From 001's side 004:16 is among the two best of its source.
    let c = index.compare(a1, p1, 2);
    assert!(find(&c, a4, p4).is_some(), "{c:#?}");
}

#[test]
fn the_russian_peacekeepers_align_and_agree_on_their_number() {
    let (articles, index) = sample();
    let (a2, a4) = (art(&articles, "002"), art(&articles, "004"));
    let p2 = passage(&articles, a2, "Since then an uneasy peace");
    let p4 = passage(&articles, a4, "The end of hostilities agreement");
    let c = index.compare(a2, p2, 1);
    let m = find(&c, a4, p4).unwrap_or_else(|| panic!("{c:#?}"));
    assert_eq!(c.matches[0].article, a4, "{c:#?}");
    assert!(
        !m.differences
            .iter()
            .any(|d| d.kind == DifferenceKind::Number && d.concept.starts_with("peacekeeper")),
        "{:#?}",
        m.differences
    );
}

#[test]
fn more_pairs_on_the_same_events_align() {
    let (articles, index) = sample();
    let pairs = [
        // The anti-terror operation and the 24 hours / twenty-four hours.
        (
            "002",
            "Earlier this week, the Azerbaijani military",
            "003",
            "These haunting vestiges",
        ),
        // Putin on Karabakh.
        (
            "002",
            "The widening crack in Armenia and Russia",
            "001",
            "Russian leader Vladimir Putin",
        ),
    ];
    for (a, pa, b, pb) in pairs {
        let (ia, ib) = (art(&articles, a), art(&articles, b));
        let (ja, jb) = (passage(&articles, ia, pa), passage(&articles, ib, pb));
        let c = index.compare(ia, ja, 1);
        assert!(
            find(&c, ib, jb).is_some(),
            "{a} {pa:?} → {b} {pb:?}: {c:#?}"
        );
    }
}

#[test]
fn childhood_memories_align_with_nothing() {
    let (articles, index) = sample();
    let a2 = art(&articles, "002");
    let mulberry = passage(&articles, a2, "“My earliest childhood memory");
    let c = index.compare(a2, mulberry, 3);
    assert!(c.matches.is_empty(), "{c:#?}");
    assert_eq!(c.unmatched_sources.len(), 4, "{c:#?}");
    assert!(
        !c.unmatched_sources
            .contains(&articles[a2].outlet().to_string())
    );

    let a3 = art(&articles, "003");
    let home = passage(
        &articles,
        a3,
        "The official handover of the rest of Karabakh",
    );
    let c = index.compare(a3, home, 3);
    for m in &c.matches {
        let text = articles[m.article]
            .passage_text(m.passage)
            .unwrap_or_default();
        assert!(!text.contains("peacekeepers"), "{text}");
    }
}

#[test]
fn every_comparison_is_well_formed() {
    let (articles, index) = sample();
    for (ai, a) in articles.iter().enumerate() {
        for (pi, _) in a.body_passages() {
            let c = index.compare(ai, pi, 3);
            assert_eq!((c.article, c.passage), (ai, pi));
            let mut per_source: std::collections::HashMap<&str, usize> = Default::default();
            let mut bests = Vec::new();
            for m in &c.matches {
                assert!((THRESHOLD..=1.0).contains(&m.score), "{m:?}");
                assert_ne!(m.article, ai);
                assert_ne!(m.source, a.outlet());
                assert_eq!(m.source, articles[m.article].outlet());
                let n = per_source.entry(&m.source).or_default();
                if *n == 0 {
                    bests.push(m.score);
                }
                *n += 1;
                assert!(*n <= 3);
                assert!(!c.unmatched_sources.contains(&m.source));
            }
            assert!(bests.windows(2).all(|w| w[0] >= w[1]), "{c:#?}");
            let one = index.compare(ai, pi, 1);
            let scores: Vec<f64> = one.matches.iter().map(|m| m.score).collect();
            assert_eq!(scores, bests);
            assert_eq!(one.matches.len() + one.unmatched_sources.len(), 4);
        }
    }
    // Out of range: nothing, no panic.
    assert!(index.compare(99, 0, 1).matches.is_empty());
    assert!(index.compare(0, 9999, 1).matches.is_empty());
}

#[test]
fn a_headline_is_compared_on_the_fly() {
    let (articles, index) = sample();
    let a4 = art(&articles, "004");
    let title = articles[a4]
        .passages
        .iter()
        .position(|p| p.role == parallax::corpus::Role::Title)
        .unwrap();
    let c = index.compare(a4, title, 1);
    assert!(c.matches.iter().all(|m| m.article != a4));
}

#[test]
fn the_cli_prints_the_json_contract() {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["compare", "002:13", "--json", "--per-source", "2"])
        .env("PARALLAX_DATA_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["article"].as_str().unwrap().starts_with("002"));
    assert_eq!(doc["passage"], 13);
    assert!(
        doc["text"]
            .as_str()
            .unwrap()
            .starts_with("In 2020, a war broke out")
    );
    let matches = doc["matches"].as_array().unwrap();
    assert!(!matches.is_empty());
    for m in matches {
        for key in ["source", "article", "text"] {
            assert!(m[key].is_string(), "{m}");
        }
        assert!(m["passage"].as_u64().unwrap() >= 1);
        let score = m["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        for d in m["differences"].as_array().unwrap() {
            let kind = d["kind"].as_str().unwrap();
            assert!(["term", "number", "missing_entity"].contains(&kind), "{d}");
            for key in ["concept", "here", "there"] {
                assert!(d[key].is_string(), "{d}");
            }
        }
    }
    let war = matches
        .iter()
        .find(|m| m["article"].as_str().unwrap().starts_with("003"))
        .unwrap();
    assert_eq!(war["passage"], 16);
    assert!(
        war["differences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "number"
                && d["concept"] == "killed"
                && d["here"] == "more than 6,000"
                && d["there"] == "almost 7,000")
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["compare", "002:999"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
