//! The command-line contract: `list` and `read` as scripts see them, errors, and untrusted text.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("parallax-cli-test-cache"),
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

fn json(args: &[&str]) -> Value {
    let out = parallax(args);
    assert!(out.status.success(), "{args:?} failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn list_json_describes_the_embedded_corpus() {
    let list = json(&["list", "--json"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 5);
    let ids: Vec<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "000_c7578c60d21c174b",
            "001_88d79b41f7afebc8",
            "002_ef07ea4504f32489",
            "003_47cd471fb8d6deea",
            "004_4e6cf89af3c18a31"
        ]
    );
    for a in items {
        for key in ["id", "title", "source", "date", "path", "words", "passages"] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        assert!(a["words"].as_u64().unwrap() > 300);
        assert!(a["passages"].as_u64().unwrap() >= 7);
    }
    assert_eq!(items[0]["source"], "Caliber.Az");
    assert_eq!(items[0]["date"], "2022-10-31T13:48");
    assert_eq!(
        items[0]["title"],
        "Azerbaijan: Lachin corridor appears to be one-way only"
    );
    assert_eq!(items[4]["source"], "france24.com");
    assert_eq!(items[4]["date"], "2020-11-25T05:05");
    assert_eq!(items[1]["date"], Value::Null);
    assert_eq!(items[2]["source"], "unknown");
}

#[test]
fn read_json_gives_one_based_passages_with_boilerplate_flags() {
    let doc = json(&["read", "000_c7578c60d21c174b", "--json"]);
    assert_eq!(doc["id"], "000_c7578c60d21c174b");
    assert_eq!(doc["source"], "Caliber.Az");
    let passages = doc["passages"].as_array().unwrap();
    assert_eq!(passages[0]["index"], 1);
    for (i, p) in passages.iter().enumerate() {
        assert_eq!(p["index"].as_u64().unwrap() as usize, i + 1);
        let text = p["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        for span in p["spans"].as_array().unwrap() {
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let covered: String = chars[s..e].iter().collect();
            assert_eq!(
                covered,
                span["text"].as_str().unwrap(),
                "span offsets are chars into the passage"
            );
        }
        let start = p["start"].as_u64().unwrap();
        let end = p["end"].as_u64().unwrap();
        assert_eq!((end - start) as usize, text.chars().count());
    }
    let debris: Vec<&str> = passages
        .iter()
        .filter(|p| p["boilerplate"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(debris.contains(&"Read also"), "{debris:?}");
    assert!(
        debris.contains(&"Subscribe to our Telegram channel"),
        "{debris:?}"
    );
    let body: Vec<&str> = passages
        .iter()
        .filter(|p| p["boilerplate"] == false)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        body.iter()
            .any(|t| t.contains("approximately 15,000 people"))
    );
    assert!(
        !body
            .iter()
            .any(|t| t.contains("Latest news") || t.contains("Read also"))
    );
}

#[test]
fn read_finds_articles_by_file_name_and_unique_prefix() {
    let by_name = json(&["read", "003_47cd471fb8d6deea.txt", "--json"]);
    assert_eq!(by_name["id"], "003_47cd471fb8d6deea");
    let by_prefix = json(&["read", "003", "--json"]);
    assert_eq!(by_prefix["id"], "003_47cd471fb8d6deea");
}

#[test]
fn read_text_prints_the_body_and_says_what_it_hid() {
    let out = parallax(&["read", "003"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.starts_with("Swift Azerbaijani Victory Ignites Exodus"),
        "{text}"
    );
    assert!(
        text.contains("[3] Perched on the towering slopes")
            || text.contains("] Perched on the towering slopes")
    );
    assert!(!text.contains("Please enter your comment"));
    assert!(text.contains("boilerplate passage(s) not shown; --all shows them"));
    let all = stdout(&parallax(&["read", "003", "--all"]));
    assert!(
        all.contains("comment form] Please enter your comment!"),
        "{all}"
    );
}

#[test]
fn unknown_articles_and_paths_fail_with_one_line() {
    let out = parallax(&["read", "999"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: no article \"999\""), "{err}");

    let out = parallax(&["read", "00"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("matches 5 articles"),
        "{}",
        stderr(&out)
    );

    let out = parallax(&["list", "/definitely/not/here"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: /definitely/not/here: cannot read"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn print_default_config_prints_the_embedded_file() {
    let out = parallax(&["--print-default-config"]);
    assert!(out.status.success());
    let printed = stdout(&out);
    let embedded =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.toml"))
            .unwrap();
    assert_eq!(printed, embedded);
    let parsed: toml::Table = toml::from_str(&printed).unwrap();
    assert!(parsed["keys"]["quit"].as_array().is_some());
}

#[test]
fn help_names_the_subcommands_and_options() {
    let text = stdout(&parallax(&["--help"]));
    for word in [
        "list",
        "read",
        "--config",
        "--print-default-config",
        "NO_COLOR",
        "parallax.toml",
    ] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
}

#[test]
fn a_folder_with_hostile_and_broken_files_still_loads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "Evil \x1b]0;PWNED\x07title\n\nalpha \x1b[2J\x1b[31mred\x1b[0m \u{202e}reversed\u{202c} \u{9b}31m omega\x07\x08\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Good title\n\nA plain paragraph of text.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("picture.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), "  \n\n").unwrap();
    std::fs::write(
        dir.path().join("latin1.txt"),
        b"Caf\xe9 title\n\nna\xefve text\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();

    for args in [
        vec!["list", path],
        vec!["list", path, "--json"],
        vec!["read", "evil", path],
        vec!["read", "evil", path, "--json"],
    ] {
        let out = parallax(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            for forbidden in [0x1bu8, 0x07, 0x08] {
                assert!(
                    !bytes.contains(&forbidden),
                    "{args:?} {name} contains byte {forbidden:#x}"
                );
            }
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains('\u{202e}') && !text.contains('\u{9b}'),
                "{args:?} {name}: {text:?}"
            );
        }
    }
    let out = parallax(&["list", path, "--json"]);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["evil", "good", "latin1"]);
    let err = stderr(&out);
    assert!(err.contains("picture.txt") && err.contains("PNG"), "{err}");
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(
        err.contains("evil.txt") && err.contains("escape sequence"),
        "{err}"
    );
    let evil = json(&["read", "evil", path, "--json"]);
    let text: String = evil["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("alpha") && text.contains("red") && text.contains("omega"),
        "{text}"
    );
    assert!(!text.contains("PWNED"), "{text}");
}

#[test]
fn the_readme_key_table_matches_the_default_keymap() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let config = parallax::config::Config::default_config();
    for action in parallax::app::action::Action::ALL {
        let keys: Vec<String> = config
            .keymap
            .keys(action)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        let row = format!("| {} | {} |", keys.join(" "), action.description());
        assert!(readme.contains(&row), "README lacks the row\n{row}");
    }
}

#[test]
fn claims_events_and_words_print_their_json() {
    let claims = json(&["claims", "--json"]);
    let groups = claims.as_array().unwrap();
    let peacekeepers = groups
        .iter()
        .find(|g| g["counted"] == "peacekeepers")
        .unwrap();
    assert_eq!(peacekeepers["disagreement"], false);
    let sources: Vec<&str> = peacekeepers["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"france24.com"), "{sources:?}");
    for c in peacekeepers["claims"].as_array().unwrap() {
        assert!(c["passage"].as_u64().unwrap() >= 1);
        assert!(c["sentence"].as_str().unwrap().contains("2,000"));
    }
    let events = json(&["events", "--json"]);
    let list = events["events"].as_array().unwrap();
    assert!(!list.is_empty());
    for e in list {
        assert!(
            e["sources"].as_array().unwrap().len() >= 2,
            "an event spans two sources: {e}"
        );
    }
    assert!(events["omissions"].is_array());
    let words = json(&["words", "--json", "--source", "france24"]);
    let group = &words.as_array().unwrap()[0];
    assert_eq!(group["group"], "france24.com");
    assert_eq!(group["words"][0]["word"], "kalbajar");
    assert!(group["words"][0]["z"].as_f64().unwrap() > 1.96);
}
