//! Claims ledger and events on the sample corpus, and a synthetic clear disagreement.

use parallax::analysis::align::AlignIndex;
use parallax::analysis::claims::{ClaimGroup, Events, claims, events};
use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::lexicon::Matcher;
use std::sync::Arc;

fn index(inputs: &[Input]) -> (Vec<Arc<Article>>, Events) {
    let (articles, _) = load(inputs, &LoadOptions::default());
    let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let align = AlignIndex::build(&articles, Matcher::builtin().unwrap());
    let found = events(&articles, &align);
    (articles, found)
}

fn sample() -> (Vec<Arc<Article>>, Events) {
    index(&parallax::assets::embedded_corpus())
}

fn art(articles: &[Arc<Article>], prefix: &str) -> usize {
    articles
        .iter()
        .position(|a| a.id.starts_with(prefix))
        .unwrap()
}

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

/// The group of `counted` holding a claim written `text` in article `a`.
fn group<'a>(
    articles: &[Arc<Article>],
    groups: &'a [ClaimGroup],
    counted: &str,
    a: usize,
    text: &str,
) -> &'a ClaimGroup {
    groups
        .iter()
        .find(|g| {
            g.counted == counted
                && g.claims
                    .iter()
                    .any(|c| c.article() == a && c.text_in(articles).eq_ignore_ascii_case(text))
        })
        .unwrap_or_else(|| panic!("no {counted} group with {text:?}: {groups:#?}"))
}

#[test]
fn the_dead_of_2020_are_one_group_whose_hedged_figures_overlap() {
    let (articles, found) = sample();
    let groups = claims(&articles, &found.events);
    let (a2, a3) = (art(&articles, "002"), art(&articles, "003"));
    let g = group(&articles, &groups, "killed", a2, "more than 6,000");
    assert!(
        g.claims
            .iter()
            .any(|c| c.article() == a3 && c.text_in(&articles) == "almost 7,000"),
        "{g:#?}"
    );
    assert!(g.event.is_some(), "{g:#?}");
    // "more than 6,000" is [6000, 9000] and "almost 7,000" is [6300, 7000]: they overlap.
    assert!(!g.disagreement, "{g:#?}");
    let c = g.claims.iter().find(|c| c.article() == a2).unwrap();
    assert_eq!(c.hedge.as_deref(), Some("more than"));
    assert_eq!(c.value, 6000.0);
    assert!(c.sentence_in(&articles).ends_with("were killed."), "{c:#?}");
    // "44 days" is a measure, not a count of the dead.
    assert!(
        g.claims.iter().all(|c| c.text_in(&articles) != "44"),
        "{g:#?}"
    );
}

#[test]
fn peacekeepers_agree_across_sources() {
    let (articles, found) = sample();
    let groups = claims(&articles, &found.events);
    let (a2, a4) = (art(&articles, "002"), art(&articles, "004"));
    let g = group(&articles, &groups, "peacekeepers", a2, "around 2,000");
    assert!(
        g.claims
            .iter()
            .any(|c| c.article() == a4 && c.text_in(&articles) == "2,000"),
        "{g:#?}"
    );
    assert!(!g.disagreement);
}

#[test]
fn groups_put_disagreements_first() {
    let (articles, found) = sample();
    let groups = claims(&articles, &found.events);
    assert!(!groups.is_empty());
    let first_agreeing = groups.iter().position(|g| !g.disagreement);
    if let Some(i) = first_agreeing {
        assert!(groups[i..].iter().all(|g| !g.disagreement));
    }
    assert!(groups.iter().all(|g| !g.claims.is_empty()));
}

#[test]
fn the_2020_war_and_the_district_returns_are_events() {
    let (articles, found) = sample();
    let (a1, a2, a3, a4) = (
        art(&articles, "001"),
        art(&articles, "002"),
        art(&articles, "003"),
        art(&articles, "004"),
    );
    let event_of = |a: usize, p: usize| {
        found
            .events
            .iter()
            .position(|e| e.passages.contains(&(a, p)))
            .unwrap_or_else(|| panic!("{a}:{p} in no event: {:#?}", found.events))
    };
    let war2 = event_of(a2, passage(&articles, a2, "In 2020, a war broke out"));
    let war3 = event_of(
        a3,
        passage(&articles, a3, "Fast forward to the recent 2020 war"),
    );
    assert_eq!(war2, war3);
    let e = &found.events[war2];
    for a in [a2, a3] {
        assert!(
            e.sources.iter().any(|s| s == articles[a].outlet()),
            "{e:#?}"
        );
    }
    assert!(e.dates.iter().any(|d| d.starts_with("2020")), "{e:#?}");

    let ret1 = event_of(a1, passage(&articles, a1, "Armenia, which was defeated"));
    let ret4 = event_of(a4, passage(&articles, a4, "The district of Kalbajar, like"));
    assert_eq!(ret1, ret4);

    // A timeline: dated events by their earliest dated entry, undated last.
    let keys: Vec<Option<&String>> = found
        .events
        .iter()
        .map(|e| e.dates.iter().find(|d| !d.starts_with('-')))
        .collect();
    let dated = keys.iter().take_while(|k| k.is_some()).count();
    assert!(dated >= 1);
    assert!(keys[dated..].iter().all(Option::is_none), "{keys:?}");
    assert!(keys[..dated].windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    for e in &found.events {
        let mut sources = e.sources.clone();
        sources.dedup();
        assert!(sources.len() >= 2, "{e:#?}");
    }
}

#[test]
fn omissions_name_events_most_other_sources_tell() {
    let (articles, found) = sample();
    let outlets: std::collections::BTreeSet<&str> = articles.iter().map(|a| a.outlet()).collect();
    for o in &found.omissions {
        let e = &found.events[o.event];
        assert!(!e.sources.iter().any(|s| s == articles[o.article].outlet()));
        assert_eq!(o.covered_by, e.sources.len());
        assert!(o.covered_by * 2 > outlets.len() - 1, "{o:?}");
    }
}

#[test]
fn a_clear_disagreement_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, source: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!("Title: Exodus\nSource: {source}\n\nExodus from the valley\n\n{body}\n"),
        )
        .unwrap();
        Input::Path(path)
    };
    let inputs = vec![
        write(
            "a.txt",
            "Alpha News",
            "Within a week 120,000 people fled the valley towns after the dam burst.",
        ),
        write(
            "b.txt",
            "Beta Times",
            "Within a week about 70,000 people fled the valley towns after the dam burst.",
        ),
    ];
    let (articles, found) = index(&inputs);
    let groups = claims(&articles, &found.events);
    let g = groups
        .iter()
        .find(|g| g.counted == "displaced")
        .unwrap_or_else(|| panic!("{groups:#?}"));
    assert_eq!(g.claims.len(), 2, "{g:#?}");
    assert!(g.disagreement, "{g:#?}");
    assert!(groups[0].disagreement);
}
