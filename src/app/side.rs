//! What the side panel says about the open article and the passage under the cursor, as plain
//! styled text lines; the UI maps the styles to colours.

use super::App;
use crate::analysis::names::NameKind;
use crate::corpus::{Origin, Role};
use crate::wrap::wrap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Label,
    Text,
    Source,
    Date,
    Dim,
    Warning,
}

/// One line of the panel: styled pieces, already wrapped to the panel width.
pub type SideLine = Vec<(Tone, String)>;

const LABEL_WIDTH: usize = 9;
/// Names shown per kind before "and N more".
const NAMES_PER_KIND: usize = 8;

fn origin_note(origin: Origin) -> &'static str {
    match origin {
        Origin::Manifest => " (manifest)",
        Origin::FrontMatter => " (front matter)",
        Origin::Text => "",
        Origin::FileName => " (file name)",
    }
}

fn field(out: &mut Vec<SideLine>, label: &str, value: &str, tone: Tone, width: usize) {
    let value_width = width.saturating_sub(LABEL_WIDTH).max(8);
    for (i, line) in wrap(value, value_width).into_iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        out.push(vec![
            (Tone::Label, format!("{label:<LABEL_WIDTH$}")),
            (tone, line.into_owned()),
        ]);
    }
}

fn paragraph(out: &mut Vec<SideLine>, text: &str, tone: Tone, width: usize) {
    for line in wrap(text, width) {
        out.push(vec![(tone, line.into_owned())]);
    }
}

/// The panel's lines at a width.
pub fn content(app: &App, width: usize) -> Vec<SideLine> {
    let mut out: Vec<SideLine> = Vec::new();
    let Some(article) = app.current_article() else {
        out.push(vec![(Tone::Dim, "No article open.".to_string())]);
        return out;
    };
    out.push(vec![(Tone::Heading, "Article".to_string())]);
    field(
        &mut out,
        "Title",
        &format!("{}{}", article.title, origin_note(article.title_origin)),
        Tone::Text,
        width,
    );
    field(
        &mut out,
        "Source",
        &format!("{}{}", article.source, origin_note(article.source_origin)),
        Tone::Source,
        width,
    );
    field(
        &mut out,
        "Date",
        &article
            .date
            .map(|d| d.iso())
            .unwrap_or_else(|| "unknown".to_string()),
        Tone::Date,
        width,
    );
    if let Some(author) = &article.author {
        field(&mut out, "Author", author, Tone::Text, width);
    }
    if let Some(label) = &article.label {
        field(&mut out, "Label", label, Tone::Text, width);
    }
    if let Some(url) = &article.url {
        field(&mut out, "URL", url, Tone::Dim, width);
    }
    field(&mut out, "File", &article.path, Tone::Dim, width);
    let body = article.body_passages().count();
    field(
        &mut out,
        "Length",
        &format!("{} words, {} passages", article.words, body),
        Tone::Text,
        width,
    );
    let hidden = article.boilerplate_count();
    if hidden > 0 {
        let state = if app.reader.show_boilerplate {
            "shown dimmed"
        } else {
            "hidden"
        };
        let key = app
            .config
            .keymap
            .hint(super::action::Action::ToggleBoilerplate);
        field(
            &mut out,
            "Debris",
            &format!("{hidden} boilerplate passage(s) {state} ({key} toggles)"),
            Tone::Dim,
            width,
        );
    }

    if let Some((index, passage)) = app.cursor_passage() {
        out.push(Vec::new());
        let heading = match app.cursor_rank() {
            Some((rank, shown)) => format!("Passage {rank} of {shown} (¶{})", index + 1),
            None => format!("Passage ¶{}", index + 1),
        };
        out.push(vec![(Tone::Heading, heading)]);
        let text = passage.text(&article.text);
        let role = match passage.role {
            Role::Body => "body".to_string(),
            Role::Title => "headline".to_string(),
            Role::Header => "header line (metadata)".to_string(),
            Role::Debris(kind) => format!("scraper debris: {}", kind.describe()),
        };
        field(
            &mut out,
            "Kind",
            &role,
            if passage.role == Role::Body {
                Tone::Text
            } else {
                Tone::Warning
            },
            width,
        );
        field(
            &mut out,
            "Length",
            &format!(
                "{} words, {} sentence(s)",
                crate::corpus::count_words(text),
                passage.sentences.len()
            ),
            Tone::Text,
            width,
        );
        field(
            &mut out,
            "Offsets",
            &format!("chars {}–{}", passage.char_start, passage.char_end),
            Tone::Dim,
            width,
        );
        out.push(Vec::new());
        paragraph(&mut out, text, Tone::Text, width);
    }

    out.push(Vec::new());
    out.push(vec![(Tone::Heading, "Names in this article".to_string())]);
    match &app.names {
        Some((i, names)) if Some(*i) == app.reader.article => {
            if names.is_empty() {
                out.push(vec![(Tone::Dim, "none found".to_string())]);
            }
            for kind in [
                NameKind::Person,
                NameKind::Place,
                NameKind::Org,
                NameKind::Other,
            ] {
                let of_kind: Vec<_> = names.iter().filter(|n| n.kind == kind).collect();
                if of_kind.is_empty() {
                    continue;
                }
                out.push(vec![(Tone::Label, kind.label().to_string())]);
                for name in of_kind.iter().take(NAMES_PER_KIND) {
                    let count = format!(" ×{}", name.count);
                    let room = width.saturating_sub(2 + count.len());
                    out.push(vec![
                        (
                            Tone::Text,
                            format!("  {}", crate::wrap::truncate(&name.text, room)),
                        ),
                        (Tone::Dim, count),
                    ]);
                }
                if of_kind.len() > NAMES_PER_KIND {
                    out.push(vec![(
                        Tone::Dim,
                        format!("  and {} more", of_kind.len() - NAMES_PER_KIND),
                    )]);
                }
            }
        }
        _ => out.push(vec![(Tone::Dim, "finding names…".to_string())]),
    }
    out
}
