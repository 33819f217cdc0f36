//! The user's intents that keys can be bound to, each with the description the help screen shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    First,
    Last,
    Open,
    NextArticle,
    PrevArticle,
    SortList,
    ReverseSort,
    GroupBySource,
    FilterList,
    FocusNext,
    FocusPrev,
    FocusList,
    FocusReader,
    FocusSide,
    ToggleBoilerplate,
    Search,
    Bookmark,
    Select,
    Annotate,
    EditNote,
    ShowNotes,
    NextMatch,
    PrevMatch,
    NextHighlight,
    PrevHighlight,
    CycleLens,
    LayerTerms,
    LayerPeople,
    LayerPlaces,
    LayerOrgs,
    LayerDates,
    LayerNumbers,
    LayerQuotes,
    NextTab,
    PrevTab,
    JumpBack,
    Parallel,
    ShowMessages,
    Reload,
    Help,
    Cancel,
    Quit,
}

/// Groups for the help screen, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Panes,
    List,
    Reading,
    Highlights,
    App,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Moving",
            Group::Panes => "Panes",
            Group::List => "The article list",
            Group::Reading => "Reading",
            Group::Highlights => "Highlights and naming",
            Group::App => "Parallax",
        }
    }
}

impl Action {
    /// The highlight layer an action toggles.
    pub fn layer(self) -> Option<crate::analysis::spans::SpanKind> {
        use crate::analysis::spans::SpanKind;
        Some(match self {
            Action::LayerTerms => SpanKind::Term,
            Action::LayerPeople => SpanKind::Person,
            Action::LayerPlaces => SpanKind::Place,
            Action::LayerOrgs => SpanKind::Org,
            Action::LayerDates => SpanKind::Date,
            Action::LayerNumbers => SpanKind::Number,
            Action::LayerQuotes => SpanKind::ScareQuote,
            _ => return None,
        })
    }

    /// Every action, in help-screen order.
    pub const ALL: [Action; 48] = [
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::First,
        Action::Last,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusList,
        Action::FocusReader,
        Action::FocusSide,
        Action::SortList,
        Action::ReverseSort,
        Action::GroupBySource,
        Action::FilterList,
        Action::Open,
        Action::NextArticle,
        Action::PrevArticle,
        Action::ToggleBoilerplate,
        Action::Search,
        Action::Bookmark,
        Action::Select,
        Action::Annotate,
        Action::EditNote,
        Action::ShowNotes,
        Action::NextMatch,
        Action::PrevMatch,
        Action::NextHighlight,
        Action::PrevHighlight,
        Action::CycleLens,
        Action::LayerTerms,
        Action::LayerPeople,
        Action::LayerPlaces,
        Action::LayerOrgs,
        Action::LayerDates,
        Action::LayerNumbers,
        Action::LayerQuotes,
        Action::NextTab,
        Action::PrevTab,
        Action::JumpBack,
        Action::Parallel,
        Action::ShowMessages,
        Action::Reload,
        Action::Help,
        Action::Cancel,
        Action::Quit,
    ];

    pub fn group(self) -> Group {
        use Action::*;
        match self {
            MoveDown | MoveUp | PageDown | PageUp | HalfPageDown | HalfPageUp | First | Last => {
                Group::Move
            }
            FocusNext | FocusPrev | FocusList | FocusReader | FocusSide | NextTab | PrevTab => {
                Group::Panes
            }
            SortList | ReverseSort | GroupBySource | FilterList => Group::List,
            JumpBack | Parallel => Group::Reading,
            Open | NextArticle | PrevArticle | ToggleBoilerplate | Search | NextMatch
            | PrevMatch | Bookmark | Select | Annotate | EditNote | ShowNotes => Group::Reading,
            NextHighlight | PrevHighlight | CycleLens | LayerTerms | LayerPeople | LayerPlaces
            | LayerOrgs | LayerDates | LayerNumbers | LayerQuotes => Group::Highlights,
            ShowMessages | Reload | Help | Cancel | Quit => Group::App,
        }
    }

    pub fn description(self) -> &'static str {
        use Action::*;
        match self {
            MoveDown => "Down: next article, next passage, or scroll the panel",
            MoveUp => "Up: previous article, previous passage, or scroll the panel",
            PageDown => "Page down",
            PageUp => "Page up",
            HalfPageDown => "Half a page down",
            HalfPageUp => "Half a page up",
            First => "First article, top of the article or panel",
            Last => "Last article, end of the article or panel",
            FocusNext => "Focus the next pane",
            FocusPrev => "Focus the previous pane",
            FocusList => "Focus the article list",
            FocusReader => "Focus the reader",
            FocusSide => "Focus the side panel",
            Open => "Open the selected article; in the side panel, jump to the selected line",
            NextArticle => "Next article, from any pane",
            PrevArticle => "Previous article, from any pane",
            SortList => "Sort the list: load order, date, source, title, length, notes",
            ReverseSort => "Reverse the list's sort",
            GroupBySource => "Group the list by source, or stop grouping",
            FilterList => "Filter the list by typing (title, source, author, date)",
            ToggleBoilerplate => "Show or hide scraper debris and header lines",
            Search => "Search every source (fuzzy; Esc goes back)",
            Bookmark => "Bookmark the passage under the cursor, or remove its bookmark",
            Select => "Select by sentence (j/k extend it); again to cancel",
            Annotate => "Annotate the selection, or the passage: a note with tags",
            EditNote => "Edit the note on the passage under the cursor",
            ShowNotes => "All notes and bookmarks: filter, jump, edit, delete",
            NextMatch => "Next match of the last search in this article",
            PrevMatch => "Previous match of the last search in this article",
            NextHighlight => "Next highlight in the article; the side panel inspects it",
            PrevHighlight => "Previous highlight in the article",
            CycleLens => "Naming lens: render contested terms as each side names them",
            LayerTerms => "Show or hide contested terms",
            LayerPeople => "Show or hide people",
            LayerPlaces => "Show or hide places",
            LayerOrgs => "Show or hide organisations",
            LayerDates => "Show or hide dates",
            LayerNumbers => "Show or hide numbers",
            LayerQuotes => "Show or hide scare quotes",
            NextTab => "Next side-panel tab; in the parallel view, the next other source",
            PrevTab => "Previous side-panel tab; in the parallel view, the previous source",
            JumpBack => "Back to where the last jump came from",
            Parallel => "Parallel view: another source beside this one, aligned passages level",
            ShowMessages => "Show what loading reported (skipped files, warnings)",
            Reload => "Reload the corpus from disk",
            Help => "Show or close this help",
            Cancel => "Back: close the overlay, leave the highlight, or go back to the list",
            Quit => "Quit",
        }
    }

    /// The name used in the config file.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_action_once() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a), "{a:?} twice");
            assert!(!a.description().is_empty());
        }
        assert_eq!(Action::MoveDown.name(), "move_down");
        assert_eq!(Action::ToggleBoilerplate.name(), "toggle_boilerplate");
    }
}
