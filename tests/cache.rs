//! The corpus cache: the second load of an unchanged corpus comes from the cache, a changed file
//! is read again, and a damaged cache is rebuilt, never trusted.

use parallax::corpus::{Article, Diagnostic, Input, LoadOptions, load};
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn options(cache: &Path) -> LoadOptions {
    LoadOptions {
        cache_dir: Some(cache.to_path_buf()),
        ..LoadOptions::default()
    }
}

fn corpus(dir: &Path) {
    fs::write(
        dir.join("one.txt"),
        "Talks resume in Brussels\n\nThe foreign ministers met on Tuesday.\n\nNo agreement was reached.\n",
    )
    .unwrap();
    fs::write(
        dir.join("two.md"),
        "# Border incident\n\nShots were fired near the village at dawn.\n",
    )
    .unwrap();
    // Not UTF-8: its warning must come back from the cache too.
    fs::write(
        dir.join("three.txt"),
        b"Caf\xe9 owners protest\n\nThey closed early.\n",
    )
    .unwrap();
}

fn summary(articles: &[Article]) -> Vec<(String, String, String, usize, Vec<String>)> {
    let mut out: Vec<_> = articles
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.title.clone(),
                a.source.clone(),
                a.words,
                a.passages
                    .iter()
                    .map(|p| format!("{:?} {:?} {}", p.role, p.range(), p.sentence_count()))
                    .collect(),
            )
        })
        .collect();
    out.sort();
    out
}

fn load_dir(dir: &Path, cache: &Path) -> (Vec<Article>, Vec<Diagnostic>) {
    load(&[Input::Path(dir.to_path_buf())], &options(cache))
}

fn cache_file(cache: &Path) -> std::path::PathBuf {
    let files: Vec<_> = fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    files[0].clone()
}

/// Rewrites a file with other content of the same length and the same modification time: only
/// a cache can still report the old content.
fn swap_content_keeping_stamp(path: &Path, new: &str) {
    let old = fs::metadata(path).unwrap();
    assert_eq!(old.len() as usize, new.len(), "same length");
    let modified = old.modified().unwrap();
    fs::write(path, new).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(modified).unwrap();
}

#[test]
fn second_load_comes_from_the_cache_and_equals_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, first_messages) = load_dir(dir.path(), cache.path());
    assert_eq!(first.len(), 3);
    assert!(cache_file(cache.path()).exists());

    swap_content_keeping_stamp(
        &dir.path().join("one.txt"),
        "Talks halted in Brussels\n\nThe foreign ministers met on Tuesday.\n\nNo agreement was reached.\n",
    );
    let (second, second_messages) = load_dir(dir.path(), cache.path());
    assert_eq!(summary(&first), summary(&second));
    let titles: Vec<&str> = second.iter().map(|a| a.title.as_str()).collect();
    assert!(
        titles.contains(&"Talks resume in Brussels"),
        "the unchanged stamp means the cached article: {titles:?}"
    );
    let texts = |v: &[Article]| v.iter().map(|a| a.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&first), texts(&second));
    assert_eq!(first_messages, second_messages);
    assert!(
        second_messages
            .iter()
            .any(|d| d.path.ends_with("three.txt") && d.message.contains("not valid UTF-8")),
        "{second_messages:?}"
    );
}

#[test]
fn a_changed_file_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    load_dir(dir.path(), cache.path());
    fs::write(
        dir.path().join("one.txt"),
        "Talks collapse in Brussels\n\nThe ministers left early.\n",
    )
    .unwrap();
    let later = SystemTime::now() + Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(dir.path().join("one.txt"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (articles, _) = load_dir(dir.path(), cache.path());
    assert!(
        articles
            .iter()
            .any(|a| a.title == "Talks collapse in Brussels"),
        "{:?}",
        summary(&articles)
    );
    fs::remove_file(dir.path().join("two.md")).unwrap();
    let (articles, _) = load_dir(dir.path(), cache.path());
    assert_eq!(articles.len(), 2, "a removed file is gone from the corpus");
}

#[test]
fn a_damaged_cache_is_rebuilt_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, _) = load_dir(dir.path(), cache.path());
    let path = cache_file(cache.path());
    let good = fs::read(&path).unwrap();

    // A flipped byte in every position class: header, record heads, article bodies.
    for at in [3, 15, 30, good.len() / 2, good.len() - 5] {
        let mut bad = good.clone();
        bad[at] ^= 0x5A;
        fs::write(&path, &bad).unwrap();
        let (articles, _) = load_dir(dir.path(), cache.path());
        assert_eq!(summary(&first), summary(&articles), "byte {at} flipped");
        let texts = |v: &[Article]| v.iter().map(|a| a.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&first), texts(&articles), "byte {at} flipped");
    }

    // Truncated, and replaced by garbage: said once, rebuilt, and good again afterwards.
    fs::write(&path, &good[..good.len() / 3]).unwrap();
    let (articles, messages) = load_dir(dir.path(), cache.path());
    assert_eq!(summary(&first), summary(&articles));
    assert!(
        messages
            .iter()
            .any(|d| d.message.contains("cache damaged") && d.message.contains("rebuilt")),
        "{messages:?}"
    );
    fs::write(&path, b"not a cache at all, just words").unwrap();
    let (articles, messages) = load_dir(dir.path(), cache.path());
    assert_eq!(summary(&first), summary(&articles));
    assert!(messages.iter().any(|d| d.message.contains("cache damaged")));
    let (_, messages) = load_dir(dir.path(), cache.path());
    assert!(
        !messages.iter().any(|d| d.message.contains("cache")),
        "rebuilt: {messages:?}"
    );
    assert_eq!(fs::read(&path).unwrap().len(), good.len());
}

#[test]
fn no_cache_dir_means_no_cache_file() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (articles, _) = load(
        &[Input::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    assert_eq!(articles.len(), 3);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        3,
        "nothing written beside the corpus"
    );
}

#[test]
fn the_manifest_is_part_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    load_dir(dir.path(), cache.path());
    fs::write(
        dir.path().join("parallax.toml"),
        "[files.\"one.txt\"]\nsource = \"Le Monde\"\n",
    )
    .unwrap();
    let (articles, _) = load_dir(dir.path(), cache.path());
    let one = articles.iter().find(|a| a.id == "one").unwrap();
    assert_eq!(one.source, "Le Monde");
}

#[test]
fn cached_files_arrive_in_batches_not_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    for i in 0..300 {
        fs::write(
            dir.path().join(format!("{i:03}.txt")),
            format!("Report number {i}\n\nThe council met for the {i}th time.\n"),
        )
        .unwrap();
    }
    let batches = |cache: &Path| {
        let mut sizes = Vec::new();
        let mut ids = Vec::new();
        parallax::corpus::load_streaming(
            &[Input::Path(dir.path().to_path_buf())],
            &options(cache),
            &std::sync::atomic::AtomicBool::new(false),
            |event| {
                if let parallax::corpus::LoadEvent::Articles(batch) = event {
                    sizes.push(batch.len());
                    ids.extend(batch.into_iter().map(|a| a.id));
                }
            },
        );
        (sizes, ids)
    };
    let (cold, cold_ids) = batches(cache.path());
    let (warm, warm_ids) = batches(cache.path());
    assert_eq!(cold, [256, 44]);
    assert_eq!(warm, cold, "a batch per chunk of files from the cache too");
    assert_eq!(warm_ids, cold_ids, "in the same order");
}

#[test]
fn texts_live_on_disk_and_read_back_as_without_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let in_memory = load(
        &[Input::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    )
    .0;
    assert!(in_memory.iter().all(|a| !a.text.is_stored()));
    let text_of = |v: &[Article]| {
        let mut t: Vec<(String, String)> = v
            .iter()
            .map(|a| (a.id.clone(), a.text().into_owned()))
            .collect();
        t.sort();
        t
    };
    // First load: read from the files, texts written to an unnamed file in the cache directory.
    let (fresh, _) = load_dir(dir.path(), cache.path());
    assert!(
        fresh
            .iter()
            .all(|a| a.text.is_stored() && a.text.heap_bytes() == 0)
    );
    assert_eq!(text_of(&fresh), text_of(&in_memory));
    assert!(
        text_of(&fresh)
            .iter()
            .any(|(_, t)| t.contains("owners protest")),
        "{:?}",
        text_of(&fresh)
    );
    // Second load: texts read from the cache file itself.
    let (cached, _) = load_dir(dir.path(), cache.path());
    assert!(cached.iter().all(|a| a.text.is_stored()));
    assert_eq!(text_of(&cached), text_of(&in_memory));
    for a in &cached {
        assert_eq!(a.text.len(), a.text().len());
    }
}

/// The sample corpus, loaded once to fill the cache and then again from it; the directories
/// live as long as the returned guards.
fn loaded_from_the_cache() -> (tempfile::TempDir, tempfile::TempDir, Vec<Article>) {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus(dir.path());
    load_dir(dir.path(), cache.path());
    let (cached, _) = load_dir(dir.path(), cache.path());
    assert!(cached.iter().all(|a| a.text.is_stored()));
    (dir, cache, cached)
}

#[test]
fn a_cache_file_replaced_or_removed_while_open_does_not_change_the_texts() {
    let (_dir, cache, cached) = loaded_from_the_cache();
    let before: Vec<String> = cached.iter().map(|a| a.text().into_owned()).collect();
    // Another parallax rewrites the cache (a rename over it), then the user clears the cache.
    let path = cache_file(cache.path());
    let other = cache.path().join("other.bin");
    fs::write(&other, vec![b'x'; 4096]).unwrap();
    fs::rename(&other, &path).unwrap();
    let after: Vec<String> = cached.iter().map(|a| a.text().into_owned()).collect();
    assert_eq!(before, after);
    fs::remove_file(&path).unwrap();
    let after: Vec<String> = cached.iter().map(|a| a.text().into_owned()).collect();
    assert_eq!(before, after);
    assert!(
        before.iter().any(|t| t.contains("Shots were fired")),
        "{before:?}"
    );
}

#[test]
fn a_cache_file_overwritten_in_place_reads_as_blanks_never_as_other_text() {
    let (_dir, cache, cached) = loaded_from_the_cache();
    let lengths: Vec<usize> = cached.iter().map(|a| a.text.len()).collect();
    let path = cache_file(cache.path());
    let size = fs::metadata(&path).unwrap().len() as usize;
    // Bytes changed where the texts are, in the same file: no rename, so the open file sees it.
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &vec![0xd0; size]))
        .unwrap();
    for (a, len) in cached.iter().zip(lengths) {
        let text = a.text();
        assert_eq!(text.len(), len, "{}", a.id);
        assert!(text.chars().all(|c| c == ' '), "{}: {text:?}", a.id);
        // Every passage still slices: the offsets fall on character boundaries.
        for p in &a.passages {
            assert!(text.get(p.range()).is_some());
        }
    }
}
