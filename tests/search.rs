//! Search on the sample corpus: misspelt and transliterated names find the right passages of
//! the right sources first, the query language's filters hold, and `parallax search` keeps its
//! contract.

use parallax::corpus::{Article, LoadOptions, load};
use parallax::lexicon::Matcher;
use parallax::lexicon::fold::fold_term;
use parallax::search::{Hit, Query, SearchIndex, match_positions, snippet};
use serde_json::Value;
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

struct Sample {
    articles: Vec<Arc<Article>>,
    index: SearchIndex,
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let (articles, _) = load(
            &parallax::assets::embedded_corpus(),
            &LoadOptions::default(),
        );
        let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
        let index = SearchIndex::build(&articles, Some(Matcher::builtin().unwrap()));
        Sample { articles, index }
    })
}

fn search(query: Query, limit: usize) -> Vec<Hit> {
    sample().index.search(&query, limit)
}

fn text(hit: &Hit) -> String {
    sample().articles[hit.article]
        .passage_text(hit.passage)
        .unwrap_or_default()
}

fn lower(hit: &Hit) -> String {
    fold_term(&text(hit))
}

/// The article number of the sample file, from its id ("003_…" is 3).
fn file(hit: &Hit) -> usize {
    sample().articles[hit.article].id[..3].parse().unwrap()
}

fn show(hits: &[Hit]) -> String {
    hits.iter()
        .map(|h| {
            format!(
                "{:03}:{} {:.3}{} {}\n",
                file(h),
                h.passage,
                h.score,
                if h.via_alias { " alias" } else { "" },
                text(h).chars().take(90).collect::<String>()
            )
        })
        .collect()
}

#[test]
fn stepankert_finds_stepanakert_first_and_khankendi_through_aliases() {
    let hits = search(Query::parse("Stepankert"), 30);
    let first = &hits[0];
    assert_eq!(file(first), 3, "{}", show(&hits));
    assert!(text(first).contains("Stepanakert") && text(first).contains("Khankendi"));
    assert!(!first.via_alias);
    for (number, spelling) in [(0, "Khankandi"), (1, "Khankendi"), (2, "Khankendi")] {
        let found: Vec<&Hit> = hits
            .iter()
            .filter(|h| file(h) == number && text(h).contains(spelling))
            .collect();
        assert!(!found.is_empty(), "{number:03} {spelling}: {}", show(&hits));
        assert!(found.iter().all(|h| h.via_alias), "{}", show(&hits));
    }
    // Found only through an alias means: without aliases, not found.
    let plain = search(Query::parse("Stepankert").aliases(false), 30);
    assert_eq!(plain.len(), 1, "{}", show(&plain));
    assert_eq!(plain[0].article, first.article);
    assert_eq!(plain[0].passage, first.passage);
    assert!(!plain[0].via_alias);
}

#[test]
fn kelbajr_finds_kalbajar_and_kelbajar() {
    let hits = search(Query::parse("Kelbajr"), 50);
    let top: Vec<usize> = hits.iter().take(3).map(file).collect();
    assert!(top.contains(&1) && top.contains(&4), "{}", show(&hits));
    assert!(
        hits.iter()
            .any(|h| file(h) == 1 && text(h).contains("Kelbajar")),
        "{}",
        show(&hits)
    );
    let kalbajar = hits
        .iter()
        .filter(|h| file(h) == 4 && text(h).contains("Kalbajar"))
        .count();
    assert!(kalbajar >= 10, "{}", show(&hits));
    for h in &hits {
        let t = lower(h);
        assert!(
            ["kelbajar", "kalbajar", "karvachar", "kelbecer"]
                .iter()
                .any(|s| t.contains(s)),
            "{}",
            show(&hits)
        );
    }
}

#[test]
fn hikmet_hajiev_finds_hajiyev() {
    let hits = search(Query::parse("hikmet hajiev"), 10);
    assert_eq!(file(&hits[0]), 3, "{}", show(&hits));
    assert!(text(&hits[0]).starts_with("Hikmet Hajiyev, the foreign policy adviser"));
    assert!(!hits[0].via_alias);
    assert!(hits.iter().all(|h| lower(h).contains("hikmet")));
}

#[test]
fn numbers_match_however_they_are_grouped() {
    for query in ["peacekeepers 2,000", "2000 peacekeepers"] {
        let hits = search(Query::parse(query), 10);
        let mut top: Vec<usize> = hits.iter().take(2).map(file).collect();
        top.sort();
        assert_eq!(top, [2, 4], "{query}: {}", show(&hits));
        assert!(
            hits.iter().all(|h| text(h).contains("2,000")),
            "{}",
            show(&hits)
        );
    }
    // Adjacent words in the query's order rank first.
    let hits = search(Query::parse("2000 peacekeepers"), 10);
    assert!(
        text(&hits[0]).contains("2,000 peacekeepers"),
        "{}",
        show(&hits)
    );
}

#[test]
fn quoted_phrases_match_word_for_word() {
    let hits = search(Query::parse("\"ethnic cleansing\""), 20);
    for h in &hits[..2] {
        assert_eq!(file(h), 3, "{}", show(&hits));
        assert!(lower(h).contains("ethnic cleansing"));
        assert!(!h.via_alias);
    }
    assert!(
        hits.iter()
            .all(|h| h.via_alias || lower(h).contains("ethnic cleansing"))
    );
    let plain = search(Query::parse("\"ethnic cleansing\"").aliases(false), 20);
    assert_eq!(plain.len(), 2, "{}", show(&plain));
    assert!(search(Query::parse("\"cleansing ethnic\""), 20).is_empty());
}

#[test]
fn a_caret_matches_word_prefixes_only() {
    let hits = search(Query::parse("^Lach"), 100);
    let mut files: Vec<usize> = hits.iter().map(file).collect();
    files.sort();
    files.dedup();
    assert_eq!(files, [0, 1, 3, 4], "{}", show(&hits));
    for h in &hits {
        assert!(
            lower(h)
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with("lach")),
            "{}",
            show(&hits)
        );
    }
}

#[test]
fn a_bang_excludes_passages() {
    let hits = search(Query::parse("Karabakh !Azerbaijan"), 200);
    assert!(hits.len() >= 5, "{}", show(&hits));
    assert!(
        hits.iter().all(|h| !lower(h).contains("azerbaijan")),
        "{}",
        show(&hits)
    );
    let plain = search(Query::parse("Karabakh !Azerbaijan").aliases(false), 200);
    assert!(plain.iter().all(|h| lower(h).contains("karabakh")));
    let all = search(Query::parse("Karabakh").aliases(false), 200);
    assert!(all.len() > plain.len());
}

#[test]
fn an_at_filters_by_source() {
    let hits = search(Query::parse("@france24 Kalbajar"), 50);
    assert!(hits.len() >= 10, "{}", show(&hits));
    assert!(hits.iter().all(|h| file(h) == 4));
    assert_eq!(
        hits,
        search(Query::parse("Kalbajar").source("France24"), 50)
    );
    assert!(search(Query::parse("Kalbajar @nosuchsource"), 50).is_empty());
    // An unknown source is grouped by the article's id, its outlet.
    let hits = search(Query::parse("@001_88d7 Lachin"), 50);
    assert!(!hits.is_empty() && hits.iter().all(|h| file(h) == 1));
}

#[test]
fn in_article_restricts_to_one_article_with_the_same_ranking() {
    let everywhere = search(Query::parse("Lachin corridor"), 1000);
    let mut wanted: Vec<Hit> = everywhere.into_iter().filter(|h| h.article == 1).collect();
    let hits = search(Query::parse("Lachin corridor").in_article(1), 1000);
    assert!(hits.len() >= 5);
    wanted.truncate(hits.len());
    assert_eq!(hits, wanted);
}

#[test]
fn some_queries_find_nothing() {
    for query in [
        "zzqxj",
        "Kalbajar @nosuchsource",
        "\"cleansing ethnic\"",
        "Kalbajar zzqxj",
    ] {
        assert!(search(Query::parse(query), 50).is_empty(), "{query}");
    }
    assert!(search(Query::parse(""), 50).is_empty());
    assert!(search(Query::parse("   "), 50).is_empty());
}

#[test]
fn results_are_stable_and_ordered() {
    let s = sample();
    let again = SearchIndex::build(&s.articles, Some(Matcher::builtin().unwrap()));
    for query in [
        "Karabakh",
        "Stepankert",
        "peace deal",
        "^a",
        "Lachin corridor",
    ] {
        let q = Query::parse(query);
        let one = s.index.search(&q, 100);
        assert_eq!(one, s.index.search(&q, 100), "{query}");
        assert_eq!(one, again.search(&q, 100), "{query}");
        for w in one.windows(2) {
            assert!(w[0].score >= w[1].score, "{query}");
            if w[0].score == w[1].score {
                assert!((w[0].article, w[0].passage) < (w[1].article, w[1].passage));
            }
        }
        // A smaller limit is a prefix of a bigger one.
        assert_eq!(
            s.index.search(&q, 7)[..],
            one[..7.min(one.len())],
            "{query}"
        );
    }
}

#[test]
fn typing_a_name_finds_it_from_the_fourth_letter() {
    let query = "stepanakert";
    for end in 4..=query.len() {
        let hits = search(Query::parse(&query[..end]), 3);
        assert!(
            hits.iter().any(|h| text(h).contains("Stepanakert")),
            "{}: {}",
            &query[..end],
            show(&hits)
        );
    }
}

#[test]
fn positions_point_at_matched_chars_and_snippets_fit() {
    let s = sample();
    for query in [
        "Kelbajr",
        "hikmet hajiev",
        "Stepankert",
        "\"ethnic cleansing\"",
        "^Lach",
    ] {
        let q = Query::parse(query);
        let letters = fold_term(query);
        for hit in s.index.search(&q, 20) {
            let a = &s.articles[hit.article];
            let positions = match_positions(&s.index, a, hit.passage, &q);
            assert!(
                !positions.is_empty(),
                "{query}: {}",
                show(std::slice::from_ref(&hit))
            );
            let chars: Vec<char> = text(&hit).chars().collect();
            for &p in &positions {
                let c = fold_term(&chars[p].to_string());
                assert!(
                    hit.via_alias || letters.contains(&c),
                    "{query}: {c:?} at {p} in {}",
                    text(&hit)
                );
            }
            let (snip, inside) = snippet(a, hit.passage, &positions, 60);
            assert!(parallax::wrap::width(&snip) <= 60, "{snip}");
            assert!(
                !inside.is_empty(),
                "{query}: the first match is in the snippet"
            );
            let snip_chars: Vec<char> = snip.chars().collect();
            for &i in &inside {
                assert!(snip_chars[i].is_alphanumeric(), "{snip} {i}");
            }
        }
    }
}

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("parallax-search-test-cache"),
        )
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("parallax-search-test-config"),
        )
        .output()
        .expect("run parallax")
}

fn json(args: &[&str]) -> Vec<Value> {
    let out = parallax(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("valid JSON")
        .as_array()
        .expect("an array")
        .clone()
}

#[test]
fn cli_json_gives_passages_best_first_with_positions() {
    let rows = json(&["search", "Kelbajr", "--json", "--no-user-lexicons"]);
    assert!(rows.len() >= 10);
    let mut last = f64::INFINITY;
    for row in &rows {
        for key in [
            "article",
            "source",
            "passage",
            "score",
            "text",
            "positions",
            "via_alias",
        ] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
        let score = row["score"].as_f64().unwrap();
        assert!(score <= last);
        last = score;
        assert!(row["passage"].as_u64().unwrap() >= 1);
        let text: Vec<char> = row["text"].as_str().unwrap().chars().collect();
        let positions = row["positions"].as_array().unwrap();
        assert!(!positions.is_empty(), "{row}");
        for p in positions {
            let c = text[p.as_u64().unwrap() as usize];
            let folded = fold_term(&c.to_string());
            assert!(
                row["via_alias"] == true || "kelbajr".contains(&folded),
                "{c} in {row}"
            );
        }
    }
    assert_eq!(rows[0]["article"], "001_88d79b41f7afebc8");
    assert!(rows.iter().any(|r| r["source"] == "france24.com"));
    // `passage` is 1-based, as in `read`.
    let read: Value = serde_json::from_slice(
        &parallax(&["read", "001_88d79b41f7afebc8", "--json", "--all"]).stdout,
    )
    .unwrap();
    let n = rows[0]["passage"].as_u64().unwrap() as usize;
    assert_eq!(read["passages"][n - 1]["text"], rows[0]["text"]);
}

#[test]
fn cli_text_marks_matches_and_nothing_found_is_quiet() {
    let out = parallax(&["search", "hikmet hajiev", "--no-user-lexicons"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.contains("003_47cd471fb8d6deea:"), "{text}");
    assert!(first.contains("[Hikmet] [Haji]y[ev]"), "{text}");
    assert!(!text.contains('\x1b'));

    let out = parallax(&["search", "zzqxj", "--no-user-lexicons"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(json(&["search", "zzqxj", "--json", "--no-user-lexicons"]).is_empty());
}

#[test]
fn cli_flags_switch_aliases_off_and_filter_sources() {
    let with = json(&["search", "Stepankert", "--json", "--no-user-lexicons"]);
    assert!(with.iter().any(|r| r["via_alias"] == true));
    let without = json(&[
        "search",
        "Stepankert",
        "--json",
        "--no-aliases",
        "--no-user-lexicons",
    ]);
    assert_eq!(without.len(), 1);
    assert_eq!(without[0]["via_alias"], false);
    let rows = json(&[
        "search",
        "Kalbajar",
        "--json",
        "--source",
        "france24",
        "--limit",
        "3",
        "--no-user-lexicons",
    ]);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["source"] == "france24.com"));
}
