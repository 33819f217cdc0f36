//! Events above 20,000 passages (a synthetic three-outlet archive of random filler with a few
//! shared stories), and the corpus-wide linking agreeing with `compare` on the sample.

use parallax::analysis::align::{AlignIndex, THRESHOLD};
use parallax::analysis::claims::events;
use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::lexicon::Matcher;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

const OUTLETS: [&str; 3] = ["Alpha News", "Beta Times", "Gamma Wire"];
const ARTICLES_PER_OUTLET: usize = 760;
const PASSAGES_PER_ARTICLE: usize = 10;

/// Stories told by several outlets: (marker, shared sentence, outlets telling it).
const STORIES: [(&str, &str, &[usize]); 4] = [
    (
        "Zorvath",
        "The Zorvath dam burst on 12 March 2019 and flooded the Qelmira valley, drowning \
         forty villagers and cutting the railway to Brundtel.",
        &[0, 1, 2],
    ),
    (
        "Ostrevik",
        "Miners at Ostrevik struck for higher wages after the Pellamor company closed the \
         northern shaft and dismissed 300 workers.",
        &[0, 2],
    ),
    (
        "Kaldrune",
        "The Kaldrune summit ended without agreement when the Vessary delegation walked out \
         over fishing quotas in the Marrow strait.",
        &[1, 2],
    ),
    (
        "Tiberane",
        "A fire at the Tiberane refinery burned for three days, forcing the evacuation of \
         Solvick harbour and halting tanker traffic.",
        &[0, 1],
    ),
];

/// Deterministic xorshift, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Made-up words from syllables: a vocabulary large enough that random passages of 40 words
/// or more share too few words to reach the threshold.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ba", "ko", "ri", "tel", "mun", "sa", "dro", "vek", "li", "por", "zan", "qui", "fe", "gor",
        "nim", "usk", "wa", "hel", "tra", "ob", "cy", "len", "mar", "dux",
    ];
    let mut words = BTreeSet::new();
    while words.len() < 30_000 {
        let n = 3 + rng.below(2);
        let w: String = (0..n)
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        words.insert(w);
    }
    words.into_iter().collect()
}

fn filler(rng: &mut Rng, vocab: &[String], words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&vocab[rng.below(vocab.len())]);
    }
    s.push('.');
    s
}

/// The story's article in outlet `o`: article index chosen per outlet so the stories sit in
/// different places of each file.
fn story_article(story: usize, outlet: usize) -> usize {
    (story * 97 + outlet * 211 + 5) % ARTICLES_PER_OUTLET
}

fn synthetic_corpus(dir: &std::path::Path) -> Vec<Input> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab = vocabulary(&mut rng);
    let mut inputs = Vec::new();
    for (o, outlet) in OUTLETS.iter().enumerate() {
        let mut lines = String::new();
        for a in 0..ARTICLES_PER_OUTLET {
            let mut paragraphs: Vec<String> = (0..PASSAGES_PER_ARTICLE)
                .map(|_| {
                    let words = 40 + rng.below(20);
                    filler(&mut rng, &vocab, words)
                })
                .collect();
            for (s, (_, sentence, tellers)) in STORIES.iter().enumerate() {
                if tellers.contains(&o) && story_article(s, o) == a {
                    // Each outlet tells it in its own surroundings.
                    let at = (s + o) % PASSAGES_PER_ARTICLE;
                    paragraphs[at] = format!("{sentence} {}", filler(&mut rng, &vocab, 8));
                }
            }
            let record = serde_json::json!({
                "id": format!("{}-{a:04}", outlet.split(' ').next().unwrap_or("x")),
                "title": filler(&mut rng, &vocab, 5),
                "source": outlet,
                "text": paragraphs.join("\n\n"),
            });
            writeln!(lines, "{record}").unwrap();
        }
        let path = dir.join(format!("outlet{o}.jsonl"));
        std::fs::write(&path, lines).unwrap();
        inputs.push(Input::Path(path));
    }
    inputs
}

fn articles_of(inputs: &[Input]) -> Vec<Arc<Article>> {
    let (articles, problems) = load(inputs, &LoadOptions::default());
    assert!(problems.is_empty(), "{problems:?}");
    articles.into_iter().map(Arc::new).collect()
}

#[test]
fn events_are_found_above_twenty_thousand_passages() {
    let dir = tempfile::tempdir().unwrap();
    let articles = articles_of(&synthetic_corpus(dir.path()));
    let align = AlignIndex::build(&articles, Matcher::builtin().unwrap());
    assert!(align.passages() > 20_000, "{}", align.passages());
    let found = events(&articles, &align);
    for (marker, _, tellers) in STORIES {
        let with_marker: Vec<&_> = found
            .events
            .iter()
            .filter(|e| {
                e.passages.iter().any(|&(a, p)| {
                    articles[a]
                        .passage_text(p)
                        .unwrap_or_default()
                        .contains(marker)
                })
            })
            .collect();
        assert_eq!(with_marker.len(), 1, "{marker}: {with_marker:#?}");
        let e = with_marker[0];
        let expected: Vec<String> = tellers.iter().map(|&o| OUTLETS[o].to_string()).collect();
        assert_eq!(e.sources, expected, "{marker}: {e:#?}");
        assert_eq!(e.passages.len(), tellers.len(), "{marker}: {e:#?}");
        for &(a, p) in &e.passages {
            assert!(
                articles[a]
                    .passage_text(p)
                    .unwrap_or_default()
                    .contains(marker),
                "{e:#?}"
            );
        }
    }
    // Random filler tells no story: only the shared ones are events.
    assert_eq!(found.events.len(), STORIES.len(), "{:#?}", found.events);
    // Each story told by two of the three outlets is omitted by every article of the third.
    for (ei, e) in found.events.iter().enumerate() {
        let omitting = found.omissions.iter().filter(|o| o.event == ei).count();
        let expected = if e.sources.len() == 2 {
            ARTICLES_PER_OUTLET
        } else {
            0
        };
        assert_eq!(omitting, expected, "{e:#?}");
    }
}

#[test]
fn corpus_wide_links_are_the_best_matches_compare_finds_on_the_sample() {
    let articles = articles_of(&parallax::assets::embedded_corpus());
    let align = AlignIndex::build(&articles, Matcher::builtin().unwrap());
    let links = align.best_per_outlet();
    assert_eq!(links.len(), align.passages());
    let mut linked = 0;
    for l in &links {
        let mut fast: Vec<(usize, usize)> = l.best.iter().map(|&(a, p, _)| (a, p)).collect();
        fast.sort_unstable();
        let comparison = align.compare(l.article, l.passage, 1);
        let mut exact: Vec<(usize, usize)> = comparison
            .matches
            .iter()
            .filter(|m| m.score >= THRESHOLD)
            .map(|m| (m.article, m.passage))
            .collect();
        exact.sort_unstable();
        assert_eq!(fast, exact, "{}:{}", l.article, l.passage);
        for &(a, p, score) in &l.best {
            let m = comparison
                .matches
                .iter()
                .find(|m| (m.article, m.passage) == (a, p))
                .unwrap();
            assert!((m.score - score).abs() < 1e-9);
        }
        linked += usize::from(!l.best.is_empty());
    }
    assert!(linked >= 10, "{linked}");
}

/// An archive whose articles name no source is one outlet per article: events are not
/// clustered there, and the reason says what to do.
#[test]
fn an_archive_without_sources_says_events_need_them() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..=parallax::analysis::claims::MAX_OUTLETS {
        std::fs::write(
            dir.path().join(format!("{i:04}.txt")),
            format!(
                "Report {i}\n\nThe council met again and the talks went on, a spokesman said.\n"
            ),
        )
        .unwrap();
    }
    let (articles, _) = load(
        &[Input::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let matcher = Matcher::builtin().unwrap();
    let index = AlignIndex::build(&articles, matcher);
    let found = events(&articles, &index);
    assert!(found.events.is_empty());
    let why = found.skipped.expect("a reason");
    assert!(
        why.contains("1001 outlets") && why.contains("parallax.toml"),
        "{why}"
    );
    // Distinctive words by source are not worked out there either (each would be one article).
    let why = parallax::analysis::words::by_source_skipped(&articles).expect("a reason");
    assert!(
        why.starts_with("distinctive words need sources: 1001 outlets"),
        "{why}"
    );
    assert_eq!(
        parallax::analysis::words::by_source_skipped(&articles[..1000]),
        None
    );
}
