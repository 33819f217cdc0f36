//! Figures for the notes store: loading and saving a store of 10,000 notes, one `add` on it
//! (lock, re-read, merge, atomic write with fsyncs), and anchoring all of them.
//!
//! A plain `main`, not criterion: each figure is the median of a few wall-clock runs. The notes
//! are made on the embedded sample corpus (a third whole passages, the rest one or two
//! sentences), in a temporary folder. The budget for loading is 100 ms; the figure says
//! whether it holds.

use parallax::corpus::{Article, LoadOptions, load};
use parallax::notes::{
    Note, NoteKind, Store, new_note, place_all, target_for_bytes, target_for_passage,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

const NOTES: usize = 10_000;
const RUNS: usize = 7;
const LOAD_BUDGET: Duration = Duration::from_millis(100);

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn notes_on(articles: &[Arc<Article>]) -> Vec<Note> {
    (0..NOTES)
        .map(|i| {
            let a = &articles[i % articles.len()];
            let p = (i / articles.len()) % a.passages.len();
            let sentences: Vec<_> = a.passages[p].sentences(&a.sentence_bounds).collect();
            let target = if i % 3 == 0 || sentences.is_empty() {
                target_for_passage(a, p)
            } else {
                let first = &sentences[i % sentences.len()];
                let last = sentences.get(i % sentences.len() + 1).unwrap_or(first);
                target_for_bytes(a, first.start..last.end)
            };
            let kind = if i % 4 == 0 {
                NoteKind::Bookmark
            } else {
                NoteKind::Note
            };
            let text = if kind == NoteKind::Bookmark {
                format!("Bookmark {i}")
            } else {
                format!("Note {i}: compare the figures with the other outlets.\nSecond line.")
            };
            // The number in the text keeps every note distinct: import merges identical ones.
            new_note(kind, target, text, vec![format!("tag{}", i % 12)])
        })
        .collect()
}

fn main() {
    let articles: Vec<Arc<Article>> = load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    )
    .0
    .into_iter()
    .map(Arc::new)
    .collect();
    let notes = notes_on(&articles);
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("notes bench: no temp dir: {e}");
            std::process::exit(1);
        }
    };
    let run = || -> Result<(), parallax::notes::StoreError> {
        let mut store = Store::open(dir.path())?;
        let (save, report) = timed(|| store.import(notes.clone()));
        report?;
        let bytes = std::fs::metadata(store.path())
            .map(|m| m.len())
            .unwrap_or(0);
        println!(
            "store: {NOTES} notes, {:.1} MiB on disk",
            bytes as f64 / (1024.0 * 1024.0)
        );
        println!(
            "save {NOTES} notes (one import, atomic write): {}",
            ms(save)
        );

        let mut loads = Vec::new();
        for _ in 0..RUNS {
            let (t, store) = timed(|| Store::open(dir.path()));
            assert_eq!(store?.notes().len(), NOTES);
            loads.push(t);
        }
        let load = median(loads);
        println!(
            "load {NOTES} notes: {} (median of {RUNS}; budget {}: {})",
            ms(load),
            ms(LOAD_BUDGET),
            if load <= LOAD_BUDGET { "ok" } else { "OVER" }
        );

        let mut adds = Vec::new();
        for i in 0..RUNS {
            let note = new_note(
                NoteKind::Note,
                target_for_passage(&articles[0], 4 + i),
                "added".into(),
                vec![],
            );
            let (t, added) = timed(|| store.add(note));
            added?;
            adds.push(t);
        }
        println!(
            "add one note to {NOTES} (lock, re-read, merge, write, fsync): {} (median of {RUNS})",
            ms(median(adds))
        );

        let mut places = Vec::new();
        for _ in 0..RUNS {
            let (t, placed) = timed(|| place_all(store.notes(), &articles).len());
            assert_eq!(placed, store.notes().len());
            places.push(t);
        }
        println!(
            "anchor {} notes, articles unchanged: {} (median of {RUNS})",
            store.notes().len(),
            ms(median(places))
        );

        // Every article edited a little at its start: each note is found again by its quote.
        let edited: Vec<Arc<Article>> = articles
            .iter()
            .map(|a| {
                let mut b = (**a).clone();
                b.text = format!("Updated: {}", a.text()).into();
                b.shift_offsets(9, 9);
                Arc::new(b)
            })
            .collect();
        let (t, placed) = timed(|| place_all(store.notes(), &edited));
        let found = placed.iter().filter(|p| !p.anchoring.is_orphan()).count();
        println!(
            "anchor {} notes, articles edited: {} ({found} found again)",
            placed.len(),
            ms(t)
        );
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("notes bench: {e}");
        std::process::exit(1);
    }
}
