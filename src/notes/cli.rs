//! `parallax notes ...`: the notes store as scripts see it.

use super::export::{Placed, json_ld, json_lines, markdown, parse_json_lines, place_all};
use super::{
    Anchoring, Note, NoteKind, Store, default_dir, new_note, normalize_tags, target_for_bytes,
    target_for_passage,
};
use crate::cli::{find_article, load_for_cli};
use crate::corpus::Article;
use crate::corpus::clean::sanitize_inline;
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct NotesArgs {
    #[command(subcommand)]
    pub command: NotesCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum NotesCommand {
    /// List the notes, with their anchoring state
    List {
        /// Files and folders of articles to find the notes in [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Print JSON: [{id, kind, text, tags, created, updated, article, quote, state,
        /// position, stored}]; state is anchored, re-anchored, orphan or missing
        #[arg(long)]
        json: bool,
    },
    /// Add a note to a passage, or to a quote inside it
    Add {
        /// ARTICLE:N — an article id, file name or unique id prefix, and a passage number
        /// counted from 1 as `parallax read` shows it
        target: String,
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Anchor to this text inside the passage instead of the whole passage
        #[arg(long, value_name = "TEXT")]
        quote: Option<String>,
        /// The note (may span several lines)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// A tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Print the new note as JSON (the fields of `notes list --json`)
        #[arg(long)]
        json: bool,
    },
    /// Bookmark a passage, or a quote inside it
    Bookmark {
        /// ARTICLE:N — an article id, file name or unique id prefix, and a passage number
        /// counted from 1 as `parallax read` shows it
        target: String,
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Anchor to this text inside the passage instead of the whole passage
        #[arg(long, value_name = "TEXT")]
        quote: Option<String>,
        /// A tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Print the new bookmark as JSON (the fields of `notes list --json`)
        #[arg(long)]
        json: bool,
    },
    /// Change a note's text or tags
    Edit {
        /// The note's id, or a unique prefix of it
        id: String,
        /// Files and folders of articles to show the note against [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// New text for the note (a bookmark given text becomes a note)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Add a tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Remove all tags first (then add those given with --tag)
        #[arg(long)]
        clear_tags: bool,
        /// Print the note as JSON (the fields of `notes list --json`)
        #[arg(long)]
        json: bool,
    },
    /// Remove a note
    Rm {
        /// The note's id, or a unique prefix of it
        id: String,
        /// Print JSON: {removed: ID}
        #[arg(long)]
        json: bool,
    },
    /// Write all notes as a Markdown dossier, W3C Web Annotations (JSON-LD) or JSON Lines
    Export {
        /// Files and folders of articles to find the notes in [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// Write here instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge notes from a JSON Lines export (`-` for standard input); nothing is duplicated
    Import {
        /// A file written by `parallax notes export --format jsonl`
        file: PathBuf,
        /// Files and folders of articles to check the imported notes against [default: the
        /// embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Print JSON: {added, unchanged, updated, kept, states: {STATE: COUNT}}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Markdown dossier grouped by article
    Md,
    /// W3C Web Annotation (JSON-LD) collection
    Jsonld,
    /// One note per line, as stored; what `notes import` reads
    Jsonl,
}

/// `matcher` (the lexicons in force) aligns the noted passages with the other outlets' for the
/// Markdown dossier.
pub fn run(
    args: &NotesArgs,
    data_dir: Option<&Path>,
    matcher: Arc<crate::lexicon::Matcher>,
) -> Result<ExitCode> {
    let dir = match data_dir {
        Some(dir) => dir.to_path_buf(),
        None => default_dir()
            .context("no data directory on this platform (no home directory?); give --data-dir")?,
    };
    let mut store = Store::open(&dir)?;
    let mut out = std::io::stdout().lock();
    match &args.command {
        NotesCommand::List { paths, json } => {
            warn_read_only(&store);
            let articles = load(paths)?;
            let placed = place_all(store.notes(), &articles);
            if *json {
                let entries: Vec<Entry> = placed.iter().map(entry).collect();
                print_json(&mut out, &entries)?;
            } else {
                print_list(&mut out, &placed)?;
            }
        }
        NotesCommand::Add {
            target,
            paths,
            quote,
            note,
            tags,
            json,
        } => {
            let text = note.clone().unwrap_or_default();
            add(
                &mut out,
                &mut store,
                NoteKind::Note,
                target,
                paths,
                quote,
                text,
                tags,
                *json,
            )?;
        }
        NotesCommand::Bookmark {
            target,
            paths,
            quote,
            tags,
            json,
        } => {
            let text = String::new();
            add(
                &mut out,
                &mut store,
                NoteKind::Bookmark,
                target,
                paths,
                quote,
                text,
                tags,
                *json,
            )?;
        }
        NotesCommand::Edit {
            id,
            paths,
            note,
            tags,
            clear_tags,
            json,
        } => {
            if note.is_none() && tags.is_empty() && !clear_tags {
                bail!("nothing to change: give --note, --tag or --clear-tags");
            }
            let id = resolve_id(&store, id)?;
            let mut edited = store.get(&id).cloned().context("the note vanished")?;
            if let Some(text) = note {
                edited.text = text.clone();
                if edited.kind == NoteKind::Bookmark && !text.trim().is_empty() {
                    edited.kind = NoteKind::Note;
                }
            }
            if *clear_tags {
                edited.tags.clear();
            }
            edited.tags = normalize_tags(edited.tags.into_iter().chain(tags.iter().cloned()));
            store.update(edited)?;
            let saved = store.get(&id).context("the note vanished")?;
            let articles = load(paths)?;
            let placed = place_all(std::slice::from_ref(saved), &articles);
            if *json {
                print_json(&mut out, &entry(&placed[0]))?;
            } else {
                writeln!(out, "updated {id}")?;
                print_note(&mut out, &placed[0])?;
            }
        }
        NotesCommand::Rm { id, json } => {
            let id = resolve_id(&store, id)?;
            let removed = store.get(&id).cloned();
            store.remove(&id)?;
            if *json {
                print_json(&mut out, &serde_json::json!({ "removed": id }))?;
            } else {
                match removed {
                    Some(n) => writeln!(
                        out,
                        "removed {id} ({} on {}, passage {})",
                        n.kind.name(),
                        sanitize_inline(&n.target.title),
                        n.target.passage + 1
                    )?,
                    None => writeln!(out, "removed {id}")?,
                }
            }
        }
        NotesCommand::Export {
            paths,
            format,
            output,
        } => {
            warn_read_only(&store);
            let text = match format {
                ExportFormat::Jsonl => json_lines(store.notes()),
                ExportFormat::Md | ExportFormat::Jsonld => {
                    let articles = load(paths)?;
                    let placed = place_all(store.notes(), &articles);
                    if *format == ExportFormat::Md {
                        // How the other outlets tell each noted passage.
                        let align =
                            crate::analysis::align::AlignIndex::build(&articles, matcher.clone());
                        markdown(&placed, &articles, Some(&align))
                    } else {
                        serde_json::to_string_pretty(&json_ld(&placed))? + "\n"
                    }
                }
            };
            match output {
                Some(path) => std::fs::write(path, text)
                    .with_context(|| format!("{}: cannot write", shown(path)))?,
                None => out.write_all(text.as_bytes())?,
            }
        }
        NotesCommand::Import { file, paths, json } => {
            let text = read_input(file)?;
            let notes = parse_json_lines(&text).with_context(|| shown(file))?;
            let ids: Vec<String> = notes.iter().map(|n| n.id.clone()).collect();
            let report = store.import(notes)?;
            let articles = load(paths)?;
            let imported: Vec<Note> = store
                .notes()
                .iter()
                .filter(|n| ids.contains(&n.id))
                .cloned()
                .collect();
            let placed = place_all(&imported, &articles);
            let mut states = std::collections::BTreeMap::<&str, usize>::new();
            for p in &placed {
                *states.entry(p.state()).or_default() += 1;
            }
            if *json {
                print_json(
                    &mut out,
                    &serde_json::json!({
                        "added": report.added,
                        "unchanged": report.unchanged,
                        "updated": report.updated,
                        "kept": report.kept,
                        "states": states,
                    }),
                )?;
            } else {
                writeln!(
                    out,
                    "imported {}: {} added, {} already there, {} updated, {} kept (ours was newer)",
                    shown(file),
                    report.added,
                    report.unchanged,
                    report.updated,
                    report.kept
                )?;
                let states: Vec<String> = states.iter().map(|(s, n)| format!("{n} {s}")).collect();
                if !states.is_empty() {
                    writeln!(out, "the notes from the file: {}", states.join(", "))?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
fn add(
    out: &mut impl Write,
    store: &mut Store,
    kind: NoteKind,
    spec: &str,
    paths: &[PathBuf],
    quote: &Option<String>,
    text: String,
    tags: &[String],
    json: bool,
) -> Result<()> {
    let articles = load_for_cli(paths)?;
    let (wanted, number) = parse_spec(spec)?;
    let article = find_article(&articles, wanted)?;
    let count = article.passages.len();
    if number == 0 || number > count {
        bail!(
            "{} has passages 1 to {count}; there is no passage {number}",
            article.id
        );
    }
    let index = number - 1;
    let target = match quote {
        None => target_for_passage(article, index),
        Some(q) => {
            let passage = &article.passages[index];
            let found = (!q.is_empty())
                .then(|| passage.text(&article.text()).find(q.as_str()))
                .flatten();
            let Some(offset) = found else {
                bail!(
                    "passage {number} of {} does not contain {:?}",
                    article.id,
                    sanitize_inline(q)
                );
            };
            let start = passage.range().start + offset;
            target_for_bytes(article, start..start + q.len())
        }
    };
    let note = new_note(kind, target, text, tags.to_vec());
    store.add(note.clone())?;
    let placed = Placed {
        note: &note,
        article: Some((0, article)),
        anchoring: Anchoring::Anchored {
            passage: note.target.passage,
            start: note.target.start,
            end: note.target.end,
        },
    };
    if json {
        print_json(out, &entry(&placed))?;
    } else {
        writeln!(
            out,
            "added {} ({} on {}, passage {number})",
            note.id,
            kind.name(),
            article.id
        )?;
    }
    Ok(())
}

/// `ARTICLE:N`, split at the last colon (ids and paths may hold colons, numbers do not).
fn parse_spec(spec: &str) -> Result<(&str, usize)> {
    let expected = || {
        format!(
            "expected ARTICLE:N (an article and a passage number from 1, as `parallax read` \
             shows them), not {:?}",
            sanitize_inline(spec)
        )
    };
    let (article, number) = spec.rsplit_once(':').with_context(expected)?;
    let number: usize = number.trim().parse().ok().with_context(expected)?;
    if article.is_empty() {
        bail!(expected());
    }
    Ok((article, number))
}

/// A full id, or a prefix that only one note's id starts with.
fn resolve_id(store: &Store, wanted: &str) -> Result<String> {
    if store.get(wanted).is_some() {
        return Ok(wanted.to_string());
    }
    let matching: Vec<&Note> = store
        .notes()
        .iter()
        .filter(|n| !wanted.is_empty() && n.id.starts_with(wanted))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => bail!(
            "no note with id {:?} (see `parallax notes list`)",
            sanitize_inline(wanted)
        ),
        many => bail!(
            "{:?} matches {} notes; give more of the id",
            sanitize_inline(wanted),
            many.len()
        ),
    }
}

fn load(paths: &[PathBuf]) -> Result<Vec<Arc<Article>>> {
    Ok(load_for_cli(paths)?.into_iter().map(Arc::new).collect())
}

fn read_input(file: &Path) -> Result<String> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        return Ok(text);
    }
    std::fs::read_to_string(file).with_context(|| format!("{}: cannot read", shown(file)))
}

fn warn_read_only(store: &Store) {
    if let Some(reason) = store.read_only() {
        eprintln!("warning: {}", sanitize_inline(reason));
    }
}

fn shown(path: &Path) -> String {
    sanitize_inline(&path.display().to_string()).into_owned()
}

fn print_json(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A note in `list --json`. Passages are counted from 1 here, as in `parallax read`.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    kind: &'static str,
    text: &'a str,
    tags: &'a [String],
    created: &'a str,
    updated: &'a str,
    article: ArticleRef<'a>,
    quote: QuoteOut<'a>,
    /// anchored, re-anchored, orphan, or missing (its article is not among those loaded).
    state: &'static str,
    /// Where the note is in today's text; null for orphans and missing articles.
    position: Option<Position>,
    /// Where it was when last saved.
    stored: Position,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct ArticleRef<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

/// Chars into the article text; `passage` from 1.
#[derive(Serialize)]
struct Position {
    passage: usize,
    start: usize,
    end: usize,
}

fn entry<'a>(p: &Placed<'a>) -> Entry<'a> {
    let n = p.note;
    let t = &n.target;
    Entry {
        id: &n.id,
        kind: n.kind.name(),
        text: &n.text,
        tags: &n.tags,
        created: &n.created,
        updated: &n.updated,
        article: ArticleRef {
            id: &t.article_id,
            path: &t.article_path,
            title: &t.title,
            source: &t.source,
        },
        quote: QuoteOut {
            exact: &t.exact,
            prefix: &t.prefix,
            suffix: &t.suffix,
        },
        state: p.state(),
        position: p
            .article
            .and_then(|_| p.anchoring.position())
            .map(|(passage, start, end)| Position {
                passage: passage + 1,
                start,
                end,
            }),
        stored: Position {
            passage: t.passage + 1,
            start: t.start,
            end: t.end,
        },
        fingerprint: &t.fingerprint,
    }
}

fn print_list(out: &mut impl Write, placed: &[Placed<'_>]) -> Result<()> {
    if placed.is_empty() {
        writeln!(
            out,
            "No notes yet. Add one with `parallax notes add ARTICLE:N --note TEXT`."
        )?;
        return Ok(());
    }
    let mut order: Vec<&Placed> = placed.iter().collect();
    let key = |p: &Placed| {
        let t = &p.note.target;
        let start = p.anchoring.position().map(|(_, s, _)| s);
        (
            t.title.clone(),
            t.article_path.clone(),
            start.is_none(),
            start.unwrap_or(t.start),
        )
    };
    order.sort_by_cached_key(|p| key(p));
    let mut current: Option<&str> = None;
    for p in order {
        let t = &p.note.target;
        if current != Some(t.article_path.as_str()) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{} — {} ({})",
                sanitize_inline(&t.title),
                sanitize_inline(&t.source),
                sanitize_inline(&t.article_id)
            )?;
            current = Some(&t.article_path);
        }
        print_note(out, p)?;
    }
    let count = |state: &str| placed.iter().filter(|p| p.state() == state).count();
    let mut summary = format!(
        "\n{} note{}: {} anchored, {} re-anchored, {} orphan{}",
        placed.len(),
        if placed.len() == 1 { "" } else { "s" },
        count("anchored"),
        count("re-anchored"),
        count("orphan"),
        if count("orphan") == 1 { "" } else { "s" },
    );
    let missing = count("missing");
    if missing > 0 {
        summary.push_str(&format!(
            ", {missing} whose article is not loaded (give its path)"
        ));
    }
    writeln!(out, "{summary}")?;
    Ok(())
}

fn print_note(out: &mut impl Write, p: &Placed<'_>) -> Result<()> {
    let n = p.note;
    let place = match (p.article, p.anchoring.position()) {
        (Some(_), Some((passage, _, _))) => format!("passage {}", passage + 1),
        _ => format!("was passage {}", n.target.passage + 1),
    };
    let state = match p.state() {
        "missing" => "article not loaded",
        s => s,
    };
    writeln!(out, "  {}  {} · {place} · {state}", n.id, n.kind.name())?;
    let quote = p.current_target().exact;
    let quote = sanitize_inline(&quote);
    writeln!(out, "    “{}”", crate::wrap::truncate(quote.trim(), 100))?;
    for line in n.text.lines() {
        writeln!(out, "    {}", sanitize_inline(line))?;
    }
    if !n.tags.is_empty() {
        let tags: Vec<String> = n
            .tags
            .iter()
            .map(|t| sanitize_inline(t).into_owned())
            .collect();
        writeln!(out, "    tags: {}", tags.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_split_at_the_last_colon() {
        assert_eq!(parse_spec("000_abc:3").unwrap(), ("000_abc", 3));
        assert_eq!(
            parse_spec("embedded:x.txt:12").unwrap(),
            ("embedded:x.txt", 12)
        );
        assert!(parse_spec("000_abc").is_err());
        assert!(parse_spec("000_abc:x").is_err());
        assert!(parse_spec(":3").is_err());
    }
}
