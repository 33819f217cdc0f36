//! Loader tests on the real seed articles and on awkward folders, through the public API.

use parallax::corpus::{
    Article, Date, DebrisKind, Diagnostic, Input, Origin, Role, Severity, load,
};
use std::fs;
use std::path::Path;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corpus");

const IDS: [&str; 5] = [
    "000_c7578c60d21c174b",
    "001_88d79b41f7afebc8",
    "002_ef07ea4504f32489",
    "003_47cd471fb8d6deea",
    "004_4e6cf89af3c18a31",
];

fn load_inputs(inputs: &[Input]) -> (Vec<Article>, Vec<Diagnostic>) {
    load(inputs, &Default::default())
}

fn load_dir(dir: &Path) -> (Vec<Article>, Vec<Diagnostic>) {
    load_inputs(&[Input::Path(dir.to_path_buf())])
}

fn by_id<'a>(articles: &'a [Article], id: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no article {id} in {:?}", ids(articles)))
}

fn ids(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.id.as_str()).collect()
}

fn count_role(a: &Article, role: Role) -> usize {
    a.passages.iter().filter(|p| p.role == role).count()
}

fn debris(a: &Article, kind: DebrisKind) -> Vec<String> {
    a.passages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == Role::Debris(kind))
        .filter_map(|(i, _)| a.passage_text(i))
        .collect()
}

/// Prose passages: `Role::Body`, which is what `Article::body_passages` yields.
fn body_count(a: &Article) -> usize {
    let body = count_role(a, Role::Body);
    assert_eq!(a.body_passages().count(), body, "{}", a.id);
    body
}

fn date(year: i32, month: u8, day: u8, time: Option<(u8, u8)>) -> Option<Date> {
    Some(Date {
        year,
        month,
        day,
        time,
    })
}

/// Every expectation about the five seeds, wherever they were loaded from.
fn check_seeds(articles: &[Article]) {
    let mut found = ids(articles);
    found.sort_unstable();
    assert_eq!(found, IDS);

    for a in articles {
        check_offsets(a);
        for (i, _) in a.body_passages() {
            let text = a.passage_text(i).unwrap_or_default();
            assert!(!text.contains("Read also"), "{}: body has {text:?}", a.id);
            assert!(
                !text.contains("Please enter your comment"),
                "{}: body has {text:?}",
                a.id
            );
            assert!(
                !text.contains("Subscribe to our"),
                "{}: body has {text:?}",
                a.id
            );
        }
    }

    // 000: headline, dek, dateline with a section label, byline, six prose paragraphs, then
    // "Subscribe…", and "Read also" / "Latest news" lists of headline and timestamp lines.
    let a = by_id(articles, IDS[0]);
    assert_eq!(
        a.title,
        "Azerbaijan: Lachin corridor appears to be one-way only"
    );
    assert_eq!(a.title_origin, Origin::Text);
    assert_eq!(a.source, "Caliber.Az");
    assert_eq!(a.source_origin, Origin::Manifest);
    assert_eq!(a.date, date(2022, 10, 31, Some((13, 48))));
    assert_eq!(a.author.as_deref(), Some("Taleyran Bakikhanov"));
    assert_eq!(a.passages.len(), 109);
    assert_eq!(a.passages[0].role, Role::Title);
    assert_eq!(a.passages[1].role, Role::Body, "the dek is body text");
    assert_eq!(a.passages[2].role, Role::Header);
    assert_eq!(a.passages[3].role, Role::Header);
    assert_eq!(count_role(a, Role::Header), 2);
    assert_eq!(
        debris(a, DebrisKind::Subscription),
        ["Subscribe to our Telegram channel"]
    );
    let links = debris(a, DebrisKind::LinkList);
    assert_eq!(links.len(), 98);
    assert_eq!(links[0], "Read also");
    assert!(links.iter().any(|l| l == "Latest news"));
    assert_eq!(links.last().map(String::as_str), Some("All news"));
    assert_eq!(a.boilerplate_count(), 2 + 1 + 98);
    assert_eq!(body_count(a), 7);
    assert_eq!(
        a.passage_text(1).unwrap_or_default(),
        "Tip for protesters in Khankandi"
    );

    // 001: prose from the first line, nothing else.
    let a = by_id(articles, IDS[1]);
    assert!(a.title.starts_with("Baku, Azerbaijan"), "{}", a.title);
    assert!(a.title.chars().count() <= 91, "{}", a.title);
    assert_eq!(a.title_origin, Origin::Text);
    assert_eq!(a.source, "unknown");
    assert_eq!(a.source_origin, Origin::Manifest);
    assert_eq!(a.date, None);
    assert_eq!(a.author, None);
    assert_eq!(a.passages.len(), 29);
    assert_eq!(a.boilerplate_count(), 0);
    assert_eq!(count_role(a, Role::Title), 0);
    assert_eq!(body_count(a), 29);

    // 002: headline, then one paragraph per line, with two real subheadings.
    let a = by_id(articles, IDS[2]);
    assert_eq!(
        a.title,
        "History in making as Armenian residents of Karabakh meet Azerbaijani officials"
    );
    assert_eq!(a.source, "unknown");
    assert_eq!(a.date, None);
    assert_eq!(a.author, None);
    assert_eq!(a.passages.len(), 22);
    assert_eq!(a.passages[0].role, Role::Title);
    assert_eq!(a.boilerplate_count(), 0);
    assert_eq!(body_count(a), 21);
    assert!(
        a.passage_text(1)
            .unwrap_or_default()
            .starts_with("This is the first time")
    );

    // 003: headline, prose, and a comment form's two lines.
    let a = by_id(articles, IDS[3]);
    assert_eq!(
        a.title,
        "Swift Azerbaijani Victory Ignites Exodus: Nagorno-Karabakh Abandoned in Wake of Forced Handover"
    );
    assert_eq!(a.source, "unknown");
    assert_eq!(a.date, None);
    assert_eq!(a.passages.len(), 20);
    assert_eq!(
        debris(a, DebrisKind::CommentForm),
        ["Please enter your comment!", "Please enter your name here"]
    );
    assert_eq!(a.boilerplate_count(), 2);
    assert_eq!(body_count(a), 17);

    // 004: headline, the dateline twice (the second with "Source:"), teaser headlines glued
    // to their teasers, and two widget lines at the end.
    let a = by_id(articles, IDS[4]);
    assert_eq!(
        a.title,
        "World Azerbaijan takes back from the Armenians the district of Kalbajar, neighbor of Nagorno-Karabakh"
    );
    assert_eq!(a.source, "france24.com");
    assert_eq!(a.source_origin, Origin::Text);
    assert_eq!(a.date, date(2020, 11, 25, Some((5, 5))));
    assert_eq!(a.author, None);
    assert_eq!(a.passages.len(), 32);
    assert_eq!(a.passages[1].role, Role::Header);
    assert_eq!(a.passages[2].role, Role::Header);
    assert_eq!(count_role(a, Role::Header), 2);
    assert_eq!(
        debris(a, DebrisKind::RepeatedHeadline),
        [
            "Armenia cedes disputed land to Azerbaijan in Karabakh peace deal",
            "Armenia cedes disputed land to Azerbaijan after peace deal",
            "Turkish parliament approves troop deployment to Nagorno-Karabakh",
        ]
    );
    assert_eq!(
        debris(a, DebrisKind::SiteChrome),
        ["usr: 1", "This is interesting!"]
    );
    assert_eq!(a.boilerplate_count(), 2 + 3 + 2);
    assert_eq!(body_count(a), 24);
    // The passage after each repeated headline keeps its text, repeat and all.
    let glued = a
        .body_passages()
        .filter(|(i, _)| {
            a.passage_text(*i)
                .unwrap_or_default()
                .starts_with("Armenia cedes disputed land to Azerbaijan in Karabakh peace deal")
        })
        .count();
    assert_eq!(glued, 1);
    for kept in ["Burned houses", "With AFP"] {
        assert!(
            a.body_passages()
                .any(|(i, _)| a.passage_text(i).unwrap_or_default() == kept),
            "{kept} should be body"
        );
    }
}

/// Byte ranges and char offsets agree, and passages are in order inside the text.
fn check_offsets(a: &Article) {
    let mut last = 0;
    for p in &a.passages {
        assert!(
            p.range().start >= last && p.range().end <= a.text.len(),
            "{}",
            a.id
        );
        let article_text = a.text();
        let text = p.text(&article_text);
        assert!(!text.is_empty());
        assert_eq!(text, text.trim(), "{}: passage not trimmed", a.id);
        assert_eq!(
            a.text()[..p.range().start].chars().count(),
            p.char_start(),
            "{}",
            a.id
        );
        assert_eq!(
            text.chars().count(),
            p.char_end() - p.char_start(),
            "{}",
            a.id
        );
        last = p.range().end;
    }
}

#[test]
fn embedded_seeds() {
    let (articles, diagnostics) = load_inputs(&parallax::assets::embedded_corpus());
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:?}"
    );
    check_seeds(&articles);
    for a in &articles {
        assert_eq!(*a.path, format!("embedded:{}.txt", a.id));
    }
}

fn copy_seeds(to: &Path) {
    for entry in fs::read_dir(SEEDS).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn seeds_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    let (articles, diagnostics) = load_dir(dir.path());
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:?}"
    );
    check_seeds(&articles);
    for a in &articles {
        assert!(a.path.ends_with(&format!("{}.txt", a.id)), "{}", a.path);
    }
}

#[test]
fn seeds_disk_and_embedded_agree() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    let (disk, _) = load_dir(dir.path());
    let (embedded, _) = load_inputs(&parallax::assets::embedded_corpus());
    for id in IDS {
        let (d, e) = (by_id(&disk, id), by_id(&embedded, id));
        assert_eq!(d.text, e.text, "{id}");
        assert_eq!(d.passages, e.passages, "{id}");
        assert_eq!((&d.title, &d.source, d.date), (&e.title, &e.source, e.date));
    }
}

#[test]
fn seeds_without_manifest_fall_back() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    fs::remove_file(dir.path().join("parallax.toml")).unwrap();
    let (articles, _) = load_dir(dir.path());
    let a = by_id(&articles, IDS[0]);
    assert_eq!(
        a.source, IDS[0],
        "no manifest, no source line: the file name"
    );
    assert_eq!(a.source_origin, Origin::FileName);
    let a = by_id(&articles, IDS[4]);
    assert_eq!(a.source, "france24.com");
    // 001's text mentions dates in prose; none of them is its dateline.
    assert_eq!(by_id(&articles, IDS[1]).date, None);
}

#[test]
fn seed_file_named_directly() {
    let path = Path::new(SEEDS).join("004_4e6cf89af3c18a31.txt");
    let (articles, diagnostics) = load_inputs(&[Input::Path(path)]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].source, "france24.com");
}

const ARTICLE: &str = "Talks resume in Brussels\n\n\
    The meeting took place in the city on Thursday, officials said, and lasted for several hours.\n\n\
    Both delegations described the talks as constructive, although no joint statement was issued.\n";

#[test]
fn broken_manifest_is_reported_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("parallax.toml"),
        "[files.\"a.txt\"]\nsource = \"A\"\ncolour = \"red\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    let broken: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.path.ends_with("parallax.toml"))
        .collect();
    assert_eq!(broken.len(), 1, "{diagnostics:?}");
    assert_eq!(broken[0].severity, Severity::Error);
    assert!(
        broken[0].message.contains("line 3"),
        "{}",
        broken[0].message
    );
    assert!(
        broken[0].message.contains("colour"),
        "{}",
        broken[0].message
    );
    assert_eq!(articles.len(), 2);
    let a = by_id(&articles, "a");
    assert_eq!(a.title, "Talks resume in Brussels");
    assert_eq!(a.source, "a");
    assert_eq!(a.source_origin, Origin::FileName);
}

#[test]
fn manifest_defaults_and_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("parallax.toml"),
        "[defaults]\nlabel = \"wire\"\n\n[files.\"sub/b.txt\"]\nsource = \"B source\"\n\
         date = 2021-05-04\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(dir.path().join("sub").join("b.txt"), ARTICLE).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let a = by_id(&articles, "a");
    assert_eq!(a.label.as_deref(), Some("wire"));
    let b = by_id(&articles, "b");
    assert_eq!(b.label.as_deref(), Some("wire"));
    assert_eq!(b.source, "B source");
    assert_eq!(b.date, date(2021, 5, 4, None));
}

#[test]
fn front_matter_yaml_and_toml() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("yaml.md"),
        "---\ntitle: \"Front: the title\"\noutlet: Front Source\npublished: 2021-05-04\n\
         author: Jane Doe\ntags:\n  - war\n  - peace\n---\n\
         The meeting took place in the city on Thursday, officials said.\n\n\
         Both delegations described the talks as constructive.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("toml.txt"),
        "+++\ntitle = \"Toml title\"\nsite = \"toml.example\"\ndate = 2020-11-25T05:05:00\n\
         weight = 3\n+++\nThe meeting took place in the city on Thursday, officials said.\n",
    )
    .unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");

    let y = by_id(&articles, "yaml");
    assert_eq!(y.title, "Front: the title");
    assert_eq!(y.title_origin, Origin::FrontMatter);
    assert_eq!(y.source, "Front Source");
    assert_eq!(y.source_origin, Origin::FrontMatter);
    assert_eq!(y.date, date(2021, 5, 4, None));
    assert_eq!(y.author.as_deref(), Some("Jane Doe"));
    assert!(
        !y.text().contains("---") && !y.text().contains("tags"),
        "{}",
        y.text()
    );
    assert!(
        y.text().starts_with("The meeting took place"),
        "{}",
        y.text()
    );
    assert_eq!(y.boilerplate_count(), 0);

    let t = by_id(&articles, "toml");
    assert_eq!(t.title, "Toml title");
    assert_eq!(t.source, "toml.example");
    assert_eq!(t.date, date(2020, 11, 25, Some((5, 5))));
    assert!(!t.text().contains("+++"), "{}", t.text());
}

#[test]
fn manifest_beats_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("parallax.toml"),
        "[files.\"a.md\"]\nsource = \"Manifest source\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("a.md"),
        "---\nsource: Front source\ntitle: Front title\n---\nSome body text here.\n",
    )
    .unwrap();
    let (articles, _) = load_dir(dir.path());
    let a = by_id(&articles, "a");
    assert_eq!(a.source, "Manifest source");
    assert_eq!(a.source_origin, Origin::Manifest);
    assert_eq!(a.title, "Front title");
}

#[test]
fn broken_front_matter_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "---\ntitle: ok\nthis is not yaml\n---\nSome body text here.\n",
    )
    .unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert_eq!(articles.len(), 1);
    let d = diagnostics
        .iter()
        .find(|d| d.path.ends_with("a.md"))
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("front matter"), "{}", d.message);
    assert!(d.message.contains("line 3"), "{}", d.message);
}

#[test]
fn invalid_utf8_loads_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        b"Talks resume in Brussels\n\nThe meeting took place in the city \xff\xfe on Thursday.\n"
            .to_vec();
    bytes.extend_from_slice(b"\nBoth delegations described the talks as constructive.\n");
    fs::write(dir.path().join("bad.txt"), bytes).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert_eq!(articles.len(), 1);
    assert!(articles[0].text().contains('\u{FFFD}'));
    assert!(
        diagnostics.iter().any(|d| d.path.ends_with("bad.txt")
            && d.severity == Severity::Warning
            && d.message.contains("UTF-8")),
        "{diagnostics:?}"
    );
}

#[test]
fn empty_file_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("blank.txt"), "  \n\n \n").unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert_eq!(ids(&articles), ["a"]);
    for name in ["empty.txt", "blank.txt"] {
        assert!(
            diagnostics
                .iter()
                .any(|d| d.path.ends_with(name) && d.message.contains("empty")),
            "{name}: {diagnostics:?}"
        );
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82";

#[test]
fn binary_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("disguised.txt"), PNG).unwrap();
    fs::write(dir.path().join("picture.png"), PNG).unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    assert_eq!(ids(&articles), ["a"], "{diagnostics:?}");
    assert!(
        diagnostics
            .iter()
            .any(|d| d.path.ends_with("disguised.txt") && d.message.contains("PNG")),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics.iter().any(|d| d.message.contains(".png")),
        "{diagnostics:?}"
    );
}

#[test]
fn same_file_name_in_two_folders_gets_unique_ids() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["one", "two"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        fs::write(dir.path().join(sub).join("same.txt"), ARTICLE).unwrap();
    }
    let (articles, _) = load_dir(dir.path());
    let mut found = ids(&articles);
    found.sort_unstable();
    assert_eq!(found, ["same", "same-2"]);

    let (articles, _) = load_inputs(&[
        Input::Path(dir.path().join("one")),
        Input::Path(dir.path().join("two")),
    ]);
    let mut found = ids(&articles);
    found.sort_unstable();
    assert_eq!(found, ["same", "same-2"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(dir.path().join("sub").join("b.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub").join("loop")).unwrap();
    let (articles, diagnostics) = load_dir(dir.path());
    let mut found = ids(&articles);
    found.sort_unstable();
    assert_eq!(found, ["a", "b"]);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("loop")),
        "{diagnostics:?}"
    );
}

#[test]
fn missing_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("does-not-exist");
    let (articles, diagnostics) = load_dir(&missing);
    assert!(articles.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert!(diagnostics[0].path.ends_with("does-not-exist"));
    assert!(diagnostics[0].message.contains("cannot read"));
}
