//! The command line: raw flags parsed by clap, validated into what to open and what to do.

use crate::analysis::spans::{Span, annotate};
use crate::analysis::terms::{TermIndex, TermsReport};
use crate::app::App;
use crate::config::{Config, DEFAULT_CONFIG, default_config_path};
use crate::corpus::clean::sanitize_inline;
use crate::corpus::{Article, Diagnostic, Input, LoadOptions, Role, load};
use crate::lexicon::{Lexicon, Matcher, Target};
use anyhow::{Context, Result, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const AFTER_HELP: &str = "\
With no PATH, parallax opens its embedded sample corpus: five articles on Nagorno-Karabakh.
PATHs may be any mix of files and folders; folders are read recursively. Formats, recognised by
content then extension: text (.txt), Markdown (.md), saved web pages (.html), JSON Lines and JSON
arrays of articles (.jsonl, .json), RSS and Atom feeds (.rss, .atom, .xml) and newsboat's
cache.db. A parallax.toml in a folder gives per-file source, date, url, title, author and label.

Keys in the reader: press ? for the full list. j/k move, Tab switches panes, ] and [ walk the
highlights, c cycles the naming lens, s sorts the article list, f filters it, z groups it by
source, q quits.

Reopening a corpus puts you back where you left it: the article, the place in it and in the
last articles you read, and the panes, tab, highlight layers and lens. --fresh starts afresh.

Files:
  config   {config}
  lexicons {lexicons}/*.toml (merged over the built-in lexicon)
  notes    {data}/notes.json
  sessions {data}/sessions/ (one file per corpus)
  log      {log}
  cache    {cache} (parsed corpora; safe to delete)

Environment:
  NO_COLOR          turn colours off
  PARALLAX_DATA_DIR where notes and sessions are kept (as --data-dir)
  PARALLAX_LOG      log level for the log file (error, warn, info, debug, trace)";

#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about = "A terminal reader for many sources on one contested story",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,

    /// Use this config file instead of the one in the platform config directory
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print the embedded default config (keys and colours) and exit
    #[arg(long)]
    pub print_default_config: bool,

    /// Write the log here instead of the platform cache directory
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// Add a lexicon file over the built-in one (repeatable; later files win)
    #[arg(long, global = true, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// Do not read the lexicons in the platform config directory
    #[arg(long, global = true)]
    pub no_user_lexicons: bool,

    /// Keep the notes and reading sessions here instead of the platform data directory
    #[arg(long, global = true, value_name = "DIR", env = "PARALLAX_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Start at the first article with the default layout instead of where you left this
    /// corpus last time (where you go from here is remembered as usual)
    #[arg(long)]
    pub fresh: bool,

    /// Read this JSON field for a role, e.g. text=articleBody (repeatable; roles: title, text,
    /// source, date, url, author, id, label)
    #[arg(long = "field", global = true, value_name = "ROLE=NAME")]
    pub fields: Vec<String>,

    /// Read every file and build every index instead of using the corpus cache and the saved
    /// indexes (which are left as they are); article texts are then kept in memory
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// How corpora are read in this process: set once from the command line.
static LOAD_OPTIONS: std::sync::OnceLock<LoadOptions> = std::sync::OnceLock::new();

/// The load options from the command line (the defaults before it is parsed).
pub fn load_options() -> LoadOptions {
    LOAD_OPTIONS.get().cloned().unwrap_or_default()
}

fn options_from(cli: &Cli) -> Result<LoadOptions> {
    let mut options = LoadOptions {
        cache_dir: crate::corpus::cache::default_dir(),
        ..LoadOptions::default()
    };
    for flag in &cli.fields {
        options.fields.prefer(flag)?;
    }
    if cli.no_cache {
        options.cache_dir = None;
    }
    Ok(options)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles: id, title, source, date, words, passages
    List {
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Print JSON: [{id, title, source, date, path, words, passages}]
        #[arg(long)]
        json: bool,
    },
    /// Print one article's passages
    Read {
        /// Article id, file name, or a unique prefix of an id
        article: String,
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Print JSON: {id, title, source, date, passages: [{index, text, boilerplate, spans}]}
        #[arg(long)]
        json: bool,
        /// Also print boilerplate passages (scraper debris, header lines), marked
        #[arg(long)]
        all: bool,
    },
    /// Fuzzy search across all sources
    Search(crate::search::cli::SearchArgs),
    /// How every other source tells one passage: aligned passages and their differences
    Compare(crate::analysis::compare_cli::CompareArgs),
    /// The claims ledger: numeric claims grouped by what they count, disagreements flagged
    Claims(crate::analysis::claims_cli::ClaimsArgs),
    /// Events: passages aligned across sources, as a timeline, with each article's omissions
    Events(crate::analysis::claims_cli::EventsArgs),
    /// Distinctive vocabulary of each source (log-odds with an informative Dirichlet prior)
    Words(crate::analysis::words_cli::WordsArgs),
    /// Notes and bookmarks: list, add, bookmark, edit, rm, export, import
    Notes(crate::notes::cli::NotesArgs),
    /// Which variant of each contested concept each source uses, with counts
    Terms {
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<PathBuf>,
        /// Print JSON: {sources: [...], concepts: [{id, label, kind, usage: {SOURCE: {VARIANT: COUNT}}}]}
        #[arg(long)]
        json: bool,
    },
}

/// Parses the command line and does what it says.
pub fn run() -> Result<ExitCode> {
    let matches = Cli::command().after_help(after_help()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    crate::logging::init(cli.log_file.as_deref());
    let options = options_from(&cli)?;
    let _ = LOAD_OPTIONS.set(options.clone());
    if cli.print_default_config {
        print!("{DEFAULT_CONFIG}");
        return Ok(ExitCode::SUCCESS);
    }
    let user_lexicons = if cli.no_user_lexicons {
        None
    } else {
        crate::lexicon::user_dir()
    };
    let lexicon = Lexicon::load(user_lexicons.as_deref(), &cli.lexicon)?;
    let matcher = Arc::new(Matcher::new(Arc::new(lexicon)));
    match cli.command {
        None => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let config = Config::load(cli.config.as_deref(), no_color)?;
            let (inputs, label) = inputs_for(&cli.paths)?;
            let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
            let (mut app, mut effects) = App::new(config, matcher, inputs, label, width, height);
            match cli.data_dir.clone().or_else(crate::notes::default_dir) {
                Some(dir) => {
                    effects.extend(app.open_notes(dir.clone()));
                    effects.extend(app.open_session(dir, !cli.fresh));
                }
                None => tracing::warn!("no data directory: notes and sessions are off"),
            }
            crate::tui::run(app, effects, options)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List { paths, json }) => {
            let articles = load_for_cli(&paths)?;
            print_list(&articles, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Read {
            article,
            paths,
            json,
            all,
        }) => {
            let articles = load_for_cli(&paths)?;
            let found = find_article(&articles, &article)?;
            print_article(found, &matcher, json, all)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search(args)) => crate::search::cli::run(&args, matcher),
        Some(Command::Compare(args)) => crate::analysis::compare_cli::run(&args, matcher),
        Some(Command::Claims(args)) => crate::analysis::claims_cli::run_claims(&args, matcher),
        Some(Command::Events(args)) => crate::analysis::claims_cli::run_events(&args, matcher),
        Some(Command::Words(args)) => crate::analysis::words_cli::run(&args, matcher),
        Some(Command::Notes(args)) => {
            crate::notes::cli::run(&args, cli.data_dir.as_deref(), matcher)
        }
        Some(Command::Terms { paths, json }) => {
            let articles: Vec<Arc<Article>> =
                load_for_cli(&paths)?.into_iter().map(Arc::new).collect();
            let report = TermIndex::build(&articles, &matcher).report(&matcher);
            print_terms(&report, json)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The help text's file locations, filled in at run time.
pub fn after_help() -> String {
    let shown = |p: Option<PathBuf>| {
        p.map(|p| p.display().to_string())
            .unwrap_or_else(|| "(no home directory)".to_string())
    };
    AFTER_HELP
        .replace("{config}", &shown(default_config_path()))
        .replace("{log}", &shown(crate::logging::default_log_path()))
        .replace("{lexicons}", &shown(crate::lexicon::user_dir()))
        .replace("{cache}", &shown(crate::corpus::cache::default_dir()))
        .replace("{data}", &shown(crate::notes::default_dir()))
}

/// What to load for `paths`, and how the UI names it. Paths that do not exist are an error.
pub fn inputs_for(paths: &[PathBuf]) -> Result<(Vec<Input>, String)> {
    if paths.is_empty() {
        return Ok((
            crate::assets::embedded_corpus(),
            "the embedded sample corpus".to_string(),
        ));
    }
    for p in paths {
        if let Err(e) = std::fs::metadata(p) {
            bail!(
                "{}: cannot read: {e}",
                sanitize_inline(&p.display().to_string())
            );
        }
    }
    let label = paths
        .iter()
        .map(|p| sanitize_inline(&p.display().to_string()).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    Ok((paths.iter().cloned().map(Input::Path).collect(), label))
}

/// Loads `paths` (or the embedded corpus) for a subcommand: loader messages to stderr, an error
/// when nothing loads.
pub fn load_for_cli(paths: &[PathBuf]) -> Result<Vec<Article>> {
    let (inputs, label) = inputs_for(paths)?;
    let (articles, diagnostics) = load(&inputs, &load_options());
    report(&diagnostics);
    if articles.is_empty() {
        bail!("no articles found in {label}");
    }
    Ok(articles)
}

fn report(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
}

/// Finds an article by id, file name (with or without extension), or unique id prefix.
pub fn find_article<'a>(articles: &'a [Article], wanted: &str) -> Result<&'a Article> {
    if let Some(a) = articles.iter().find(|a| a.id == wanted) {
        return Ok(a);
    }
    let file_name = |a: &Article| {
        a.path
            .rsplit(['/', '\\', ':'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    if let Some(a) = articles.iter().find(|a| file_name(a) == wanted) {
        return Ok(a);
    }
    let prefixed: Vec<&Article> = articles
        .iter()
        .filter(|a| a.id.starts_with(wanted))
        .collect();
    let shown = sanitize_inline(wanted);
    match prefixed.as_slice() {
        [one] => Ok(one),
        [] => {
            use fuzzy_matcher::FuzzyMatcher;
            let matcher = fuzzy_matcher::skim::SkimMatcherV2::default();
            let mut scored: Vec<(i64, &str)> = articles
                .iter()
                .filter_map(|a| {
                    matcher
                        .fuzzy_match(&a.id, wanted)
                        .map(|s| (s, a.id.as_str()))
                })
                .collect();
            scored.sort_by_key(|s| std::cmp::Reverse(s.0));
            let suggestions: Vec<&str> = scored.iter().take(3).map(|(_, id)| *id).collect();
            if suggestions.is_empty() {
                bail!("no article {shown:?} (try `parallax list`)")
            } else {
                bail!(
                    "no article {shown:?}; did you mean {}?",
                    suggestions.join(", ")
                )
            }
        }
        many => {
            let ids: Vec<&str> = many.iter().take(5).map(|a| a.id.as_str()).collect();
            bail!(
                "{shown:?} matches {} articles ({}{}); give more of the id",
                many.len(),
                ids.join(", "),
                if many.len() > 5 { ", …" } else { "" }
            )
        }
    }
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    date: Option<String>,
    path: &'a str,
    words: usize,
    passages: usize,
}

fn list_entry(a: &Article) -> ListEntry<'_> {
    ListEntry {
        id: &a.id,
        title: &a.title,
        source: &a.source,
        date: a.date.map(|d| d.iso()),
        path: &a.path,
        words: a.words,
        passages: a.body_passages().count(),
    }
}

fn print_list(articles: &[Article], json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let entries: Vec<ListEntry> = articles.iter().map(list_entry).collect();
        serde_json::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
        return Ok(());
    }
    let id_w = articles
        .iter()
        .map(|a| crate::wrap::width(&a.id))
        .max()
        .unwrap_or(2)
        .max(2);
    let src_w = articles
        .iter()
        .map(|a| crate::wrap::width(&a.source))
        .max()
        .unwrap_or(6)
        .clamp(6, 24);
    writeln!(
        out,
        "{:<id_w$}  {:<src_w$}  {:<16}  {:>6}  {:>4}  TITLE",
        "ID", "SOURCE", "DATE", "WORDS", "¶"
    )?;
    for a in articles {
        let source = crate::wrap::truncate(&a.source, src_w);
        let pad = src_w.saturating_sub(crate::wrap::width(&source));
        writeln!(
            out,
            "{:<id_w$}  {}{}  {:<16}  {:>6}  {:>4}  {}",
            a.id,
            source,
            " ".repeat(pad),
            a.date
                .map(|d| d.iso().replace('T', " "))
                .unwrap_or_else(|| "-".to_string()),
            a.words,
            a.body_passages().count(),
            a.title
        )
        .context("cannot write to stdout")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct PassageOut<'a> {
    index: usize,
    text: &'a str,
    boilerplate: bool,
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    debris: Option<&'static str>,
    start: usize,
    end: usize,
    spans: Vec<SpanOut>,
}

/// A highlight in `read --json`: offsets are characters into the passage's text.
#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
    kind: &'static str,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    concept: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concept_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<crate::analysis::quantities::Value>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    heuristic: bool,
}

fn span_out(article_text: &str, passage_start: usize, span: &Span, matcher: &Matcher) -> SpanOut {
    let text = article_text.get(span.range.clone()).unwrap_or("");
    let before = article_text
        .get(passage_start..span.range.start)
        .unwrap_or("");
    let start = before.chars().count();
    let mut out = SpanOut {
        start,
        end: start + text.chars().count(),
        kind: span.kind.name(),
        text: text.to_string(),
        concept: None,
        concept_kind: None,
        variant: None,
        used_by: None,
        entity: None,
        value: span.value.clone(),
        heuristic: span.heuristic,
    };
    match span.target {
        Some(Target::Variant { concept, variant }) => {
            if let Some(c) = matcher.lexicon.concepts.get(concept) {
                out.concept = Some(c.id.clone());
                out.concept_kind = Some(c.kind.name());
                if let Some(v) = c.variants.get(variant) {
                    out.variant = Some(v.term.clone());
                    out.used_by = Some(v.used_by.clone());
                }
            }
        }
        Some(Target::Entity(e)) => {
            out.entity = matcher.lexicon.entities.get(e).map(|e| e.name.clone())
        }
        None => {}
    }
    out
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    date: Option<String>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    label: Option<&'a str>,
    path: &'a str,
    words: usize,
    passages: Vec<PassageOut<'a>>,
}

fn role_name(role: Role) -> (&'static str, Option<&'static str>) {
    match role {
        Role::Body => ("body", None),
        Role::Title => ("title", None),
        Role::Header => ("header", None),
        Role::Debris(kind) => ("debris", Some(kind.describe())),
    }
}

fn print_article(a: &Article, matcher: &Matcher, json: bool, all: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let text = a.text();
    if json {
        let spans = annotate(a, matcher);
        let passages = a
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (role, debris) = role_name(p.role);
                PassageOut {
                    index: i + 1,
                    text: p.text(&text),
                    boilerplate: p.role.is_boilerplate(),
                    role,
                    debris,
                    start: p.char_start(),
                    end: p.char_end(),
                    spans: spans
                        .passages
                        .get(i)
                        .map(|list| {
                            list.iter()
                                .map(|s| span_out(&text, p.range().start, s, matcher))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let doc = ArticleOut {
            id: &a.id,
            title: &a.title,
            source: &a.source,
            date: a.date.map(|d| d.iso()),
            author: a.author.as_deref(),
            url: a.url.as_deref(),
            label: a.label.as_deref(),
            path: &a.path,
            words: a.words,
            passages,
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", a.title)?;
    let mut meta = vec![a.source.clone()];
    if let Some(d) = a.date {
        meta.push(d.iso().replace('T', " "));
    }
    if let Some(author) = &a.author {
        meta.push(format!("by {author}"));
    }
    meta.push(format!("{} words", a.words));
    writeln!(out, "{}", meta.join(" · "))?;
    let hidden = a.boilerplate_count();
    for (i, p) in a.passages.iter().enumerate() {
        let boilerplate = p.role.is_boilerplate() || p.role == Role::Title;
        if boilerplate && !all {
            continue;
        }
        let mark = match role_name(p.role) {
            (_, Some(debris)) => format!("[{} · {debris}] ", i + 1),
            ("body", None) => format!("[{}] ", i + 1),
            (role, None) => format!("[{} · {role}] ", i + 1),
        };
        writeln!(out, "\n{mark}{}", p.text(&text))?;
    }
    if !all && hidden > 0 {
        writeln!(
            out,
            "\n({hidden} boilerplate passage(s) not shown; --all shows them)"
        )?;
    }
    Ok(())
}

fn print_terms(report: &TermsReport, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    if report.concepts.is_empty() {
        writeln!(
            out,
            "No contested term of the lexicon appears in these articles."
        )?;
        return Ok(());
    }
    for concept in &report.concepts {
        writeln!(out, "{} ({}, {})", concept.label, concept.id, concept.kind)?;
        for (source, variants) in &concept.usage {
            let used: Vec<String> = variants.iter().map(|(v, n)| format!("{v} ×{n}")).collect();
            writeln!(out, "  {source}: {}", used.join(", "))?;
        }
    }
    Ok(())
}
