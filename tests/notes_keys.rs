//! Notes in the TUI by key sequence: bookmark, select and annotate, edit, delete, the notes
//! view, persistence across instances, and an unreadable store.

mod common;

use common::{buffer_text, draw, notes_app, press, type_text};
use parallax::app::Overlay;
use parallax::notes::NoteKind;

#[test]
fn b_bookmarks_the_passage_and_marks_the_margin() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    press(&mut app, "tab j b");
    assert_eq!(app.notes.notes.len(), 1);
    assert_eq!(app.notes.notes[0].kind, NoteKind::Bookmark);
    let passage = app.cursor_passage().unwrap().0;
    assert_eq!(app.notes_on(passage).len(), 1);
    let text = buffer_text(&draw(&app));
    assert!(
        text.contains("▌★"),
        "the margin marks the bookmark:\n{text}"
    );
    assert!(text.contains("★ bookmark"), "the side panel lists it");
    press(&mut app, "b");
    assert!(app.notes.notes.is_empty(), "b again removes it");
}

#[test]
fn select_two_sentences_annotate_with_tags_and_it_persists() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    // 002's passage on the 2020 war has three sentences.
    press(&mut app, "j j tab");
    for _ in 0..12 {
        if app
            .current_article()
            .unwrap()
            .passage_text(app.cursor_passage().unwrap().0)
            .unwrap_or_default()
            .starts_with("In 2020, a war broke out")
        {
            break;
        }
        press(&mut app, "j");
    }
    press(&mut app, "v j a");
    assert_eq!(app.overlay, Some(Overlay::Editor));
    type_text(&mut app, "Compare with 003's 7,000");
    press(&mut app, "enter");
    type_text(&mut app, "second line");
    press(&mut app, "tab");
    type_text(&mut app, "casualties, war2020");
    press(&mut app, "ctrl-s");
    assert_eq!(app.overlay, None);
    assert_eq!(app.notes.notes.len(), 1);
    let note = &app.notes.notes[0];
    assert_eq!(note.text, "Compare with 003's 7,000\nsecond line");
    assert_eq!(note.tags, ["casualties", "war2020"]);
    assert!(
        note.target.exact.starts_with("In 2020, a war broke out"),
        "{}",
        note.target.exact
    );
    assert!(
        note.target.exact.contains("Second Karabakh War"),
        "two sentences: {}",
        note.target.exact
    );
    assert!(
        !note.target.exact.contains("6,000"),
        "not the third: {}",
        note.target.exact
    );

    // A second instance on the same store sees it, anchored.
    let again = notes_app(dir.path(), 120, 36);
    assert_eq!(again.notes.notes.len(), 1);
    assert!(matches!(
        again.notes.placed[0],
        Some((_, parallax::notes::Anchoring::Anchored { .. }))
    ));
}

#[test]
fn the_notes_view_filters_jumps_edits_and_deletes_with_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    press(&mut app, "tab j a");
    type_text(&mut app, "first");
    press(&mut app, "tab");
    type_text(&mut app, "alpha");
    press(&mut app, "ctrl-s J J j j a");
    type_text(&mut app, "second");
    press(&mut app, "tab");
    type_text(&mut app, "beta");
    press(&mut app, "ctrl-s K K B");
    assert_eq!(app.overlay, Some(Overlay::Notes));
    let text = buffer_text(&draw(&app));
    assert!(text.contains("first") && text.contains("second"), "{text}");
    type_text(&mut app, "#beta");
    assert_eq!(app.listed_notes().len(), 1);
    press(&mut app, "enter");
    assert_eq!(app.overlay, None);
    assert!(
        app.current_article().unwrap().id.starts_with("002"),
        "jumped to the note's article"
    );
    press(&mut app, "B ctrl-u");
    type_text(&mut app, "first");
    press(&mut app, "ctrl-e");
    assert_eq!(app.overlay, Some(Overlay::Editor));
    press(&mut app, "end");
    type_text(&mut app, " edited");
    press(&mut app, "ctrl-s");
    assert!(app.notes.notes.iter().any(|n| n.text == "first edited"));
    press(&mut app, "B ctrl-u");
    type_text(&mut app, "second");
    press(&mut app, "ctrl-d n");
    assert_eq!(app.notes.notes.len(), 2, "any key but y keeps it");
    press(&mut app, "ctrl-d y");
    assert_eq!(app.notes.notes.len(), 1);
    assert_eq!(app.notes.notes[0].text, "first edited");
}

#[test]
fn an_unreadable_store_is_set_aside_and_the_user_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"{\"version\": 1, \"notes\": [ {broken";
    std::fs::write(dir.path().join("notes.json"), garbage).unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    assert_eq!(app.overlay, Some(Overlay::NotesProblem));
    let text = buffer_text(&draw(&app));
    assert!(text.contains("Notes could not be read"), "{text}");
    let set_aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
        .collect();
    assert_eq!(set_aside.len(), 1, "the unreadable file is kept aside");
    assert_eq!(std::fs::read(set_aside[0].path()).unwrap(), garbage);
    press(&mut app, "f");
    assert_eq!(app.overlay, None);
    press(&mut app, "tab b");
    assert_eq!(app.notes.notes.len(), 1, "a fresh store works");
}

#[test]
fn search_finds_tagged_passages_with_hash_tags() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    press(&mut app, "J J J tab j a");
    type_text(&mut app, "x");
    press(&mut app, "tab");
    type_text(&mut app, "evidence");
    press(&mut app, "ctrl-s /");
    type_text(&mut app, "#evidence");
    assert_eq!(app.search.hits.len(), 1, "only the tagged passage");
    assert!(
        app.articles[app.search.hits[0].article]
            .id
            .starts_with("003")
    );
}

#[test]
fn e_edits_the_note_on_the_cursor_passage() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = notes_app(dir.path(), 120, 36);
    press(&mut app, "tab j e");
    assert_eq!(app.overlay, None, "no note here yet: nothing to edit");
    press(&mut app, "a");
    type_text(&mut app, "draft");
    press(&mut app, "ctrl-s e");
    assert_eq!(app.overlay, Some(Overlay::Editor));
    type_text(&mut app, " two");
    press(&mut app, "ctrl-s");
    assert_eq!(app.notes.notes.len(), 1, "edited in place, not added");
    assert_eq!(app.notes.notes[0].text, "draft two");
}
