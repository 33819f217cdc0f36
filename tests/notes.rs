//! Notes as users and scripts meet them: the `notes` commands, several instances writing at once,
//! a writer killed mid-save, unreadable and newer stores, notes following edited articles, and
//! the export formats.

use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::notes::{
    Anchoring, NoteKind, OpenMode, Store, StoreError, locate, new_note, target_for,
    target_for_passage,
};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CALIBER: &str = "000_c7578c60d21c174b";

fn parallax(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("PARALLAX_DATA_DIR")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("parallax-notes-test-cache"),
        )
        .output()
        .expect("run parallax")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = parallax(data, args);
    assert!(out.status.success(), "{args:?} failed: {}", stderr(&out));
    stdout(&out)
}

fn json(data: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data, args)).expect("valid JSON")
}

/// Runs a command that must fail, and returns its one-line error.
fn fails(data: &Path, args: &[&str]) -> String {
    let out = parallax(data, args);
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn embedded() -> Vec<Article> {
    load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    )
    .0
}

fn load_dir(dir: &Path) -> Vec<Article> {
    load(&[Input::Path(dir.to_path_buf())], &LoadOptions::default()).0
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn embedded_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/corpus")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn sample_note(articles: &[Article], i: usize) -> parallax::notes::Note {
    let a = &articles[i % articles.len()];
    let target = target_for_passage(a, i % a.passages.len());
    new_note(
        NoteKind::Note,
        target,
        format!("note {i}\nsecond line"),
        vec![format!("t{}", i % 7)],
    )
}

#[test]
fn add_list_edit_and_rm_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let empty = ok(d, &["notes", "list"]);
    assert!(empty.contains("No notes yet"), "{empty}");
    assert_eq!(json(d, &["notes", "list", "--json"]), Value::Array(vec![]));

    let added = json(
        d,
        &[
            "notes",
            "add",
            &format!("{CALIBER}:7"),
            "--quote",
            "approximately 15,000 people",
            "--note",
            "Their figure.\nArmenia says 70,000.",
            "--tag",
            "crowd",
            "--tag",
            "numbers",
            "--tag",
            "crowd",
            "--json",
        ],
    );
    assert_eq!(added["kind"], "note");
    assert_eq!(added["state"], "anchored");
    assert_eq!(added["quote"]["exact"], "approximately 15,000 people");
    assert_eq!(added["text"], "Their figure.\nArmenia says 70,000.");
    assert_eq!(added["tags"], serde_json::json!(["crowd", "numbers"]));
    assert_eq!(added["position"]["passage"], 7);
    assert_eq!(added["article"]["id"], CALIBER);
    let id = added["id"].as_str().unwrap().to_string();

    let bookmarked = ok(d, &["notes", "bookmark", "004:5"]);
    assert!(bookmarked.starts_with("added "), "{bookmarked}");
    assert!(bookmarked.contains("bookmark on 004_4e6cf89af3c18a31, passage 5"));

    let list = json(d, &["notes", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let caliber = embedded().into_iter().find(|a| a.id == CALIBER).unwrap();
    for entry in list {
        for key in [
            "id", "kind", "text", "tags", "created", "updated", "article", "quote", "state",
            "position", "stored",
        ] {
            assert!(entry.get(key).is_some(), "{key} missing in {entry}");
        }
        assert_eq!(entry["state"], "anchored");
        assert!(entry["created"].as_str().unwrap().ends_with('Z'));
    }
    let note = list.iter().find(|e| e["id"] == id.as_str()).unwrap();
    let (start, end) = (
        note["position"]["start"].as_u64().unwrap() as usize,
        note["position"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars(&caliber.text(), start, end),
        "approximately 15,000 people"
    );

    let text = ok(d, &["notes", "list"]);
    assert!(text.contains("Azerbaijan: Lachin corridor appears to be one-way only"));
    assert!(text.contains("“approximately 15,000 people”"), "{text}");
    assert!(text.contains("Armenia says 70,000."));
    assert!(text.contains("2 notes: 2 anchored, 0 re-anchored, 0 orphans"));

    let edited = json(
        d,
        &[
            "notes",
            "edit",
            &id[..16],
            "--note",
            "Checked against photos.",
            "--clear-tags",
            "--tag",
            "verified",
            "--json",
        ],
    );
    assert_eq!(edited["id"], id.as_str());
    assert_eq!(edited["text"], "Checked against photos.");
    assert_eq!(edited["tags"], serde_json::json!(["verified"]));
    assert_eq!(edited["created"], added["created"]);
    assert_ne!(edited["updated"], added["updated"]);

    let removed = json(d, &["notes", "rm", &id, "--json"]);
    assert_eq!(removed["removed"], id.as_str());
    assert_eq!(
        json(d, &["notes", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn command_line_errors_are_one_line() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    assert!(fails(d, &["notes", "add", CALIBER]).contains("expected ARTICLE:N"));
    assert!(fails(d, &["notes", "add", &format!("{CALIBER}:0")]).contains("no passage 0"));
    assert!(fails(d, &["notes", "add", &format!("{CALIBER}:500")]).contains("no passage 500"));
    assert!(fails(d, &["notes", "add", "999:1"]).contains("no article"));
    let err = fails(
        d,
        &[
            "notes",
            "add",
            &format!("{CALIBER}:7"),
            "--quote",
            "not in there",
        ],
    );
    assert!(err.contains("does not contain \"not in there\""), "{err}");
    assert!(fails(d, &["notes", "rm", "nope"]).contains("no note with id"));
    assert!(fails(d, &["notes", "edit", "nope", "--note", "x"]).contains("no note with id"));
    ok(d, &["notes", "bookmark", &format!("{CALIBER}:5")]);
    ok(d, &["notes", "bookmark", &format!("{CALIBER}:6")]);
    let first_char = ok(d, &["notes", "list", "--json"])
        .split("\"id\": \"")
        .nth(1)
        .unwrap()[..1]
        .to_string();
    assert!(fails(d, &["notes", "rm", &first_char]).contains("matches 2 notes"));
    assert!(fails(d, &["notes", "edit", &first_char]).contains("nothing to change"));
    let missing = d.join("missing.jsonl");
    assert!(fails(d, &["notes", "import", missing.to_str().unwrap()]).contains("cannot read"));
    let bad = d.join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \"x\"}\n").unwrap();
    assert!(fails(d, &["notes", "import", bad.to_str().unwrap()]).contains("line 1"));
}

#[test]
fn the_data_dir_comes_from_the_environment_too() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["notes", "bookmark", &format!("{CALIBER}:5")])
        .env("PARALLAX_DATA_DIR", data.path())
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("parallax-notes-test-cache"),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(Store::open(data.path()).unwrap().notes().len(), 1);
}

#[test]
fn four_processes_adding_fifty_notes_each_end_with_two_hundred() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    std::thread::scope(|s| {
        for writer in 0..4 {
            s.spawn(move || {
                for i in 0..50 {
                    let spec = format!("{CALIBER}:{}", 5 + (i % 6));
                    let text = format!("writer {writer} note {i}");
                    ok(d, &["notes", "add", &spec, "--note", &text]);
                }
            });
        }
    });
    let store = Store::open(d).unwrap();
    assert_eq!(store.notes().len(), 200);
    let mut texts: Vec<&str> = store.notes().iter().map(|n| n.text.as_str()).collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 200, "every note once");
    let mut ids: Vec<&str> = store.notes().iter().map(|n| n.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 200, "ids are unique across processes");
}

const WRITER_DIR: &str = "PARALLAX_NOTES_TEST_WRITER_DIR";

/// Not a test on its own: the writer `a_writer_killed_mid_save_loses_no_acknowledged_note`
/// runs in a child process (this test binary, filtered to this function). Without the variable
/// it does nothing.
#[test]
fn writer_process_for_the_kill_test() {
    let Some(dir) = std::env::var_os(WRITER_DIR) else {
        return;
    };
    let articles = embedded();
    let mut store = Store::open(Path::new(&dir)).unwrap();
    let mut out = std::io::stdout().lock();
    // libtest has already printed `test writer_process_for_the_kill_test ... ` without a line
    // end: the first acknowledgement must start a line of its own, or the parent misses it.
    writeln!(out).unwrap();
    for i in 0.. {
        let note = sample_note(&articles, i);
        let id = note.id.clone();
        store.add(note).unwrap();
        // Printed only once `add` returned: the note is acknowledged.
        writeln!(out, "ack {id}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn a_writer_killed_mid_save_loses_no_acknowledged_note() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    // A big store makes every save take a while, so the kill lands inside one.
    let articles = embedded();
    let mut store = Store::open(d).unwrap();
    let seed: Vec<_> = (0..3000).map(|i| sample_note(&articles, i)).collect();
    store.import(seed).unwrap();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut killed_between_write_and_rename = 0;
    for (round, kill_after) in [3, 17, 1, 40, 9].into_iter().enumerate() {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "writer_process_for_the_kill_test",
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(WRITER_DIR, d)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut this_round = 0;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(id) = line.strip_prefix("ack ") {
                acknowledged.push(id.to_string());
                this_round += 1;
                if this_round == kill_after {
                    break;
                }
            }
        }
        if round % 2 == 1 {
            // Wait for the next save's temp file, to kill between its write and its rename.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !has_temp_file(d) && std::time::Instant::now() < deadline {
                std::hint::spin_loop();
            }
        }
        // SIGKILL on Unix: no destructor, no flush, no unlock but the kernel's.
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            this_round, kill_after,
            "round {round}: the writer stopped early"
        );
        // The writer went on while this process got round to the kill: what it acknowledged
        // meanwhile is still in the pipe, and counts too.
        for line in lines {
            if let Some(id) = line.unwrap().strip_prefix("ack ") {
                acknowledged.push(id.to_string());
            }
        }
        if has_temp_file(d) {
            killed_between_write_and_rename += 1;
        }

        let bytes = std::fs::read(d.join("notes.json")).unwrap();
        let parsed: Value = serde_json::from_slice(&bytes).expect("the file parses");
        assert_eq!(parsed["version"], 1);
        let store = Store::open(d).unwrap();
        let have: std::collections::HashSet<&str> =
            store.notes().iter().map(|n| n.id.as_str()).collect();
        for id in &acknowledged {
            assert!(have.contains(id.as_str()), "round {round}: {id} was lost");
        }
        // Besides them, at most the one save that finished just before each kill, too late to
        // print its acknowledgement, may have landed.
        let unacknowledged = store.notes().len() - 3000 - acknowledged.len();
        assert!(
            unacknowledged <= round + 1,
            "round {round}: {unacknowledged} notes nobody acknowledged"
        );
    }
    assert!(
        killed_between_write_and_rename > 0,
        "no kill landed inside a save"
    );
    // A later writer cleans up the temp files that killed writers left behind.
    let mut store = Store::open(d).unwrap();
    store.add(sample_note(&articles, 1)).unwrap();
    assert!(!has_temp_file(d));
}

fn has_temp_file(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".tmp-"))
}

#[test]
fn corrupt_and_truncated_files_are_set_aside_never_overwritten() {
    let articles = embedded();
    let good = {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.add(sample_note(&articles, 0)).unwrap();
        store.add(sample_note(&articles, 1)).unwrap();
        std::fs::read(dir.path().join("notes.json")).unwrap()
    };
    let truncated = good[..good.len() / 2].to_vec();
    let garbage = b"\x00\x01not json at all \xff".to_vec();
    for (what, bytes) in [
        ("truncated", truncated),
        ("garbage", garbage),
        ("empty", Vec::new()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.json");
        std::fs::write(&file, &bytes).unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        let StoreError::Corrupt { set_aside, .. } = &err else {
            panic!("{what}: {err}")
        };
        assert!(err.to_string().contains(&set_aside.display().to_string()));
        let name = set_aside.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("notes.json.corrupt-"), "{name}");
        assert_eq!(std::fs::read(set_aside).unwrap(), bytes, "{what}");
        assert!(!file.exists());

        // The caller's choices: read-only (writes refused, nothing created) or fresh.
        let mut read_only = Store::open_read_only(dir.path()).unwrap();
        assert!(read_only.read_only().is_some());
        assert!(matches!(
            read_only.add(sample_note(&articles, 2)),
            Err(StoreError::ReadOnly(_))
        ));
        assert!(!file.exists());
        let mut fresh = Store::open_fresh(dir.path()).unwrap();
        assert!(fresh.notes().is_empty());
        fresh.add(sample_note(&articles, 3)).unwrap();
        assert_eq!(Store::open(dir.path()).unwrap().notes().len(), 1);
        assert_eq!(
            std::fs::read(set_aside).unwrap(),
            bytes,
            "{what}: untouched"
        );
    }
}

#[test]
fn fresh_and_read_only_modes_on_a_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.json");
    std::fs::write(&file, b"{\"version\": 1, \"notes\": [").unwrap();
    // Read-only touches nothing, not even an unreadable file.
    let store = Store::open_with(dir.path(), OpenMode::ReadOnly).unwrap();
    assert!(store.notes().is_empty());
    assert!(store.read_only().unwrap().contains("cannot be read"));
    assert!(file.exists());
    // Fresh sets it aside and starts empty, saying where the old file went.
    let fresh = Store::open_fresh(dir.path()).unwrap();
    let aside = fresh.set_aside().unwrap();
    assert_eq!(
        std::fs::read(aside).unwrap(),
        b"{\"version\": 1, \"notes\": ["
    );
    assert!(fresh.read_only().is_none());
}

#[test]
fn a_store_that_goes_bad_while_open_is_set_aside_on_the_next_write() {
    let articles = embedded();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.add(sample_note(&articles, 0)).unwrap();
    std::fs::write(dir.path().join("notes.json"), b"{broken").unwrap();
    let err = store.add(sample_note(&articles, 1)).unwrap_err();
    let StoreError::Corrupt { set_aside, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(std::fs::read(&set_aside).unwrap(), b"{broken");
    assert!(store.read_only().is_some());
    assert!(!dir.path().join("notes.json").exists());
}

#[test]
fn the_command_line_reports_where_a_corrupt_file_went() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let bytes = b"{\"version\": 1, \"notes\": [{\"id\": \"cut here".to_vec();
    std::fs::write(d.join("notes.json"), &bytes).unwrap();
    let err = fails(d, &["notes", "list"]);
    assert!(err.contains("set aside as"), "{err}");
    let aside: Vec<PathBuf> = std::fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("notes.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(err.contains(&aside[0].display().to_string()), "{err}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), bytes);
}

#[test]
fn a_newer_store_opens_read_only_and_refuses_writes() {
    let articles = embedded();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let note = serde_json::to_value(sample_note(&articles, 0)).unwrap();
    let newer = serde_json::json!({"version": 2, "notes": [note], "shelves": []});
    let bytes = serde_json::to_vec(&newer).unwrap();
    std::fs::write(d.join("notes.json"), &bytes).unwrap();

    let mut store = Store::open(d).unwrap();
    assert_eq!(store.notes().len(), 1);
    assert!(store.read_only().unwrap().contains("newer"));
    let id = store.notes()[0].id.clone();
    assert!(matches!(
        store.add(sample_note(&articles, 1)),
        Err(StoreError::ReadOnly(_))
    ));
    assert!(matches!(store.remove(&id), Err(StoreError::ReadOnly(_))));
    assert!(matches!(store.import(vec![]), Err(StoreError::ReadOnly(_))));

    let listed = parallax(d, &["notes", "list", "--json"]);
    assert!(listed.status.success());
    assert!(stderr(&listed).contains("newer parallax"));
    let err = fails(d, &["notes", "bookmark", &format!("{CALIBER}:5")]);
    assert!(err.contains("read-only"), "{err}");
    fails(d, &["notes", "rm", &id]);
    assert_eq!(std::fs::read(d.join("notes.json")).unwrap(), bytes);

    // A newer format whose notes we cannot read is not corrupt either.
    std::fs::write(
        d.join("notes.json"),
        br#"{"version": 9, "notes": {"new": "shape"}}"#,
    )
    .unwrap();
    let store = Store::open(d).unwrap();
    assert!(store.notes().is_empty());
    assert!(store.read_only().is_some());
}

/// The Caliber article as a file in a folder of its own, so the test can edit it.
fn corpus_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join(format!("{CALIBER}.txt"));
    std::fs::write(&file, text).unwrap();
    (corpus, file)
}

#[test]
fn notes_follow_an_article_edited_by_a_few_words() {
    let original = embedded_text(&format!("{CALIBER}.txt"));
    let (corpus, file) = corpus_with(&original);
    let c = corpus.path().to_str().unwrap();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let spec = format!("{CALIBER}:7");
    let whole = json(d, &["notes", "add", &spec, c, "--note", "whole", "--json"]);
    let quote = json(
        d,
        &[
            "notes",
            "add",
            &spec,
            c,
            "--quote",
            "approximately 15,000 people",
            "--note",
            "quote",
            "--json",
        ],
    );
    let later = json(
        d,
        &["notes", "bookmark", &format!("{CALIBER}:8"), c, "--json"],
    );

    // Words added before every note, and two words changed inside the first one's passage.
    let edited = original
        .replace(
            "On the eve of the meeting",
            "On the very eve of the long-awaited meeting",
        )
        .replace(
            "the organisers were able to attract approximately",
            "the organisers managed to attract approximately",
        );
    assert_ne!(edited, original);
    std::fs::write(&file, &edited).unwrap();
    let article = load_dir(corpus.path()).remove(0);
    let passage = |i: usize| article.passage_text(i).unwrap_or_default();

    let list = json(d, &["notes", "list", c, "--json"]);
    let by_id = |v: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == v["id"])
            .unwrap()
            .clone()
    };
    let expect = |entry: Value, text: &str| {
        assert_eq!(entry["state"], "re-anchored", "{entry}");
        let p = &entry["position"];
        let (start, end) = (p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        assert_eq!(chars(&article.text(), start as usize, end as usize), text);
    };
    expect(by_id(&whole), &passage(6));
    assert!(passage(6).contains("managed to attract"));
    assert_eq!(by_id(&whole)["position"]["passage"], 7);
    expect(by_id(&quote), "approximately 15,000 people");
    expect(by_id(&later), &passage(7));
    assert_eq!(by_id(&later)["position"]["passage"], 8);
    let text = ok(d, &["notes", "list", c]);
    assert!(
        text.contains("3 notes: 0 anchored, 3 re-anchored, 0 orphans"),
        "{text}"
    );
}

#[test]
fn notes_on_an_article_rewritten_beyond_recognition_become_orphans() {
    let original = embedded_text(&format!("{CALIBER}.txt"));
    let (corpus, file) = corpus_with(&original);
    let c = corpus.path().to_str().unwrap();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    for (n, quote) in [
        (5, None),
        (7, Some("approximately 15,000 people")),
        (8, None),
    ] {
        let spec = format!("{CALIBER}:{n}");
        let mut args = vec!["notes", "add", &spec, c, "--note", "kept"];
        if let Some(q) = quote {
            args.extend(["--quote", q]);
        }
        ok(d, &args);
    }
    // Another outlet's article on the same conflict: the same names and places, none of the
    // same sentences.
    std::fs::write(&file, embedded_text("004_4e6cf89af3c18a31.txt")).unwrap();
    let list = json(d, &["notes", "list", c, "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "orphans are kept");
    for entry in list {
        assert_eq!(entry["state"], "orphan", "{entry}");
        assert_eq!(entry["position"], Value::Null);
        assert_eq!(entry["text"], "kept");
        assert!(!entry["quote"]["exact"].as_str().unwrap().is_empty());
    }
    let text = ok(d, &["notes", "list", c]);
    assert!(text.contains("0 re-anchored, 3 orphans"), "{text}");
    assert!(text.contains("orphan"));

    // Given the sample corpus instead, the notes find their article by id (the file is the
    // same article loaded from elsewhere), unedited there.
    let embedded = json(d, &["notes", "list", "--json"]);
    assert!(
        embedded
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["state"] == "anchored"),
        "{embedded}"
    );
    // Without the article at all, the notes are listed as missing, not orphaned.
    let (other, _) = corpus_with("Unrelated\n\nA short article about something else.");
    std::fs::rename(
        other.path().join(format!("{CALIBER}.txt")),
        other.path().join("unrelated.txt"),
    )
    .unwrap();
    let elsewhere = json(
        d,
        &["notes", "list", other.path().to_str().unwrap(), "--json"],
    );
    assert!(
        elsewhere
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["state"] == "missing" && e["position"].is_null()),
        "{elsewhere}"
    );
    let text = ok(d, &["notes", "list", other.path().to_str().unwrap()]);
    assert!(text.contains("article not loaded"), "{text}");
    assert!(text.contains("3 whose article is not loaded"), "{text}");
}

#[test]
fn library_anchoring_on_the_sample_corpus() {
    let articles = embedded();
    for a in &articles {
        for (i, _) in a.body_passages() {
            let t = target_for_passage(a, i);
            let Anchoring::Anchored {
                passage,
                start,
                end,
            } = locate(&t, a)
            else {
                panic!("{} passage {i} not anchored", a.id)
            };
            assert_eq!((passage, start, end), (i, t.start, t.end));
            let s: Vec<_> = a.passages[i].sentences(&a.sentence_bounds).collect();
            if s.len() > 1 {
                let t = parallax::notes::target_for_bytes(a, s[0].start..s[1].end);
                assert_eq!(t.passage, i);
                assert!(matches!(locate(&t, a), Anchoring::Anchored { .. }));
            }
        }
    }
    // A note made on one article never anchors to another.
    let t = target_for(&articles[0], 2000, 2100);
    for other in &articles[1..] {
        assert_eq!(locate(&t, other), Anchoring::Orphan, "{}", other.id);
    }
}

#[test]
fn export_formats() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let spec = format!("{CALIBER}:7");
    ok(
        d,
        &[
            "notes",
            "add",
            &spec,
            "--quote",
            "approximately 15,000 people",
            "--note",
            "Compare with the *70,000* claim.",
            "--tag",
            "crowd",
        ],
    );
    ok(d, &["notes", "bookmark", "004:5", "--tag", "kalbajar"]);

    let md = ok(d, &["notes", "export", "--format", "md"]);
    assert!(md.starts_with("# Notes"));
    assert!(md.contains("## Azerbaijan: Lachin corridor appears to be one-way only"));
    assert!(md.contains("**approximately 15,000 people**"), "{md}");
    assert!(
        md.contains("attract **approximately"),
        "the context is there: {md}"
    );
    assert!(md.contains("Compare with the *70,000* claim."));
    assert!(md.contains("Tags: `crowd`"));
    assert!(md.contains("Tags: `kalbajar`"));

    let ld: Value =
        serde_json::from_str(&ok(d, &["notes", "export", "--format", "jsonld"])).unwrap();
    assert_eq!(ld["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(ld["type"], "AnnotationCollection");
    assert_eq!(ld["total"], 2);
    let items = ld["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(
            item["id"]
                .as_str()
                .unwrap()
                .starts_with("urn:parallax:note:")
        );
        assert!(item["created"].is_string() && item["modified"].is_string());
        assert!(
            item["target"]["source"]
                .as_str()
                .unwrap()
                .starts_with("embedded:")
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        assert_eq!(selectors[0]["type"], "TextQuoteSelector");
        assert!(selectors[0]["exact"].is_string());
        assert!(selectors[0]["prefix"].is_string());
        assert!(selectors[0]["suffix"].is_string());
        assert_eq!(selectors[1]["type"], "TextPositionSelector");
        assert!(selectors[1]["start"].as_u64() < selectors[1]["end"].as_u64());
        for body in item["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            assert!(body["value"].is_string());
        }
    }
    let purposes = |item: &Value| -> Vec<String> {
        item["body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["purpose"].as_str().unwrap().to_string())
            .collect()
    };
    let note = items
        .iter()
        .find(|i| i["motivation"] == "commenting")
        .unwrap();
    assert_eq!(purposes(note), ["commenting", "tagging"]);
    assert_eq!(note["body"][0]["value"], "Compare with the *70,000* claim.");
    assert_eq!(
        note["target"]["selector"][0]["exact"],
        "approximately 15,000 people"
    );
    let bookmark = items
        .iter()
        .find(|i| i["motivation"] == "bookmarking")
        .unwrap();
    assert_eq!(purposes(bookmark), ["bookmarking", "tagging"]);

    // JSON Lines: one note per line, back in through import without duplicates.
    let jsonl = ok(d, &["notes", "export", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 2);
    let file = d.join("export.jsonl");
    std::fs::write(&file, &jsonl).unwrap();
    let f = file.to_str().unwrap();
    let again = json(d, &["notes", "import", f, "--json"]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["unchanged"], 2);
    assert_eq!(Store::open(d).unwrap().notes().len(), 2);

    let other = tempfile::tempdir().unwrap();
    let first = json(other.path(), &["notes", "import", f, "--json"]);
    assert_eq!(first["added"], 2);
    assert_eq!(first["states"]["anchored"], 2);
    ok(other.path(), &["notes", "import", f]);
    let doubled = format!("{jsonl}{jsonl}");
    std::fs::write(&file, doubled).unwrap();
    ok(other.path(), &["notes", "import", f]);
    assert_eq!(
        Store::open(other.path()).unwrap().notes(),
        Store::open(d).unwrap().notes(),
        "the round trip gives the same notes, once each"
    );

    let out = d.join("dossier.md");
    ok(d, &["notes", "export", "--output", out.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .contains("**approximately 15,000 people**")
    );
}

/// The article with every `every`-th ASCII word of three letters or more overwritten by as many
/// `q`s (so offsets stay put), and "Update: " put in front (so every offset moves by 8).
fn scattered_edits(a: &Article, every: usize) -> Article {
    let article_text = a.text();
    let bytes = article_text.as_bytes();
    let mut text = String::with_capacity(a.text.len() + 8);
    text.push_str("Update: ");
    let (mut i, mut words) = (0, 0);
    while i < bytes.len() {
        let starts_word = bytes[i].is_ascii_alphabetic()
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] < 0x80);
        if starts_word {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                j += 1;
            }
            words += 1;
            let whole_word = j == bytes.len() || bytes[j] < 0x80;
            if words % every == 0 && j - i >= 3 && whole_word {
                text.push_str(&"q".repeat(j - i));
            } else {
                text.push_str(&a.text()[i..j]);
            }
            i = j;
        } else {
            let ch = a.text()[i..].chars().next().unwrap();
            text.push(ch);
            i += ch.len_utf8();
        }
    }
    let mut b = a.clone();
    b.text = text.into();
    b.shift_offsets(8, 8);
    b
}

#[test]
fn scattered_word_edits_keep_passages_and_sentences_with_exact_ranges() {
    for a in embedded() {
        let edited = scattered_edits(&a, 15);
        assert_ne!(edited.text()[8..], a.text());
        let locator = parallax::notes::Locator::new(&edited);
        for (i, p) in a.body_passages() {
            let mut targets = vec![target_for_passage(&a, i)];
            for s in p.sentences(&a.sentence_bounds) {
                targets.push(parallax::notes::target_for_bytes(&a, s));
            }
            for t in targets {
                let found = locator.locate(&t);
                let Anchoring::Reanchored {
                    passage,
                    start,
                    end,
                } = found
                else {
                    panic!("{} passage {i}: {found:?} for {:?}", a.id, t.exact)
                };
                assert_eq!((start, end), (t.start + 8, t.end + 8), "{:?}", t.exact);
                assert_eq!(passage, i);
            }
        }
    }
}

#[test]
fn the_dossier_lists_how_the_other_outlets_tell_a_noted_passage() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    // 002's passage on the 2020 war (more than 6,000 killed).
    ok(
        d,
        &[
            "notes",
            "add",
            "002:13",
            "--quote",
            "More than 6,000 people",
            "--note",
            "Casualty figures vary.",
        ],
    );
    let md = ok(d, &["notes", "export", "--format", "md"]);
    let (_, compared) = md
        .split_once("How other outlets tell it:")
        .unwrap_or_else(|| panic!("no aligned passages in the dossier:\n{md}"));
    // 003's passage on the same war, with its score and the disagreeing figure.
    assert!(
        compared.contains("Fast forward to the recent 2020 war"),
        "{compared}"
    );
    assert!(compared.contains("passage 16; alignment 0.2"), "{compared}");
    assert!(
        compared.contains("figures differ (killed): here more than 6,000, there almost 7,000"),
        "{compared}"
    );
    // 001's passage on the 44-Day War, with the name each uses.
    assert!(
        compared.contains("named differently (second-karabakh-war)"),
        "{compared}"
    );
    // Outlets are named in bold, best aligned first; none is the note's own article.
    let first = compared.find("- **").unwrap();
    assert!(!compared[first..].starts_with("- **002"), "{compared}");
}
