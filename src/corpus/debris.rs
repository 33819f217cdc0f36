//! Scraper debris: link lists, subscription and comment-form lines, repeated headlines and
//! site chrome, recognised by shape and wording (never by per-file rules).

use super::DebrisKind;
use super::meta::{is_timestamp, squashed};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// Widget and form lines are short; a paragraph longer than this is somebody's prose even
/// when it says "subscribe" or "comment".
const MAX_PHRASE_CHARS: usize = 150;
/// Longest line a link list's entry (a headline, perhaps with its teaser) may have.
const MAX_HEADLINE_CHARS: usize = 200;
/// Prose that ends a link list: several sentences past this length...
const PROSE_CHARS: usize = 200;
/// ...or this many words, since a headline with a teaser sentence is rarely that wordy...
const PROSE_WORDS: usize = 25;
/// ...or any paragraph longer than this.
const LONG_CHARS: usize = 300;
/// Fewer (headline, timestamp) groups than this without a heading can be coincidence.
const MIN_UNHEADED_GROUPS: usize = 3;

/// One paragraph, measured once.
struct Para<'a> {
    /// Whitespace squashed, as written.
    text: Cow<'a, str>,
    /// Lowercase words of letters and digits, single-spaced: for comparing wording.
    key: String,
    chars: usize,
    words: usize,
    sentences: usize,
    timestamp: bool,
}

impl<'a> Para<'a> {
    fn new(raw: &'a str) -> Self {
        let text = squashed(raw);
        let key = key_of(&text);
        Self {
            chars: text.chars().count(),
            words: key.split(' ').filter(|w| !w.is_empty()).count(),
            sentences: sentence_count(&text),
            timestamp: is_timestamp(&text),
            key,
            text,
        }
    }

    /// Running text, which ends any list.
    fn is_prose(&self) -> bool {
        (self.sentences >= 2 && (self.chars > PROSE_CHARS || self.words >= PROSE_WORDS))
            || self.chars > LONG_CHARS
    }

    /// A short one-sentence line, as headlines in lists are.
    fn is_headline(&self) -> bool {
        self.chars > 0
            && self.chars <= MAX_HEADLINE_CHARS
            && self.sentences <= 1
            && !self.timestamp
            && self.text.chars().any(char::is_alphabetic)
    }
}

fn key_of(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        // Apostrophes vanish rather than split, so "Editor's" and "Editors" compare equal.
        if matches!(c, '\'' | '’' | '‘') {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                key.push(c.to_ascii_lowercase());
            } else {
                key.extend(c.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
    key
}

fn sentence_count(text: &str) -> usize {
    static END: LazyLock<Regex> = LazyLock::new(|| static_regex(r#"[.!?…]+["'”’)\]]*(?:\s|$)"#));
    let ends = END.find_iter(text).count();
    // A line without final punctuation (a headline) is still one sentence.
    let open = text
        .trim_end_matches(['"', '\'', '”', '’', ')', ']'])
        .ends_with(['.', '!', '?', '…']);
    ends + usize::from(!open && text.chars().any(char::is_alphanumeric))
}

fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex {pattern:?}: {e}"))
}

/// One regex matching where any of `patterns` does. Every regex keeps a matching cache per
/// thread that ever ran it, for as long as the program runs: one regex for a list instead of a
/// regex per pattern keeps the loader's lasting memory to a few hundred KiB instead of MiBs.
fn one_of<S: AsRef<str>>(patterns: &[S]) -> Regex {
    let alternatives: Vec<String> = patterns
        .iter()
        .map(|p| format!("(?:{})", p.as_ref()))
        .collect();
    static_regex(&alternatives.join("|"))
}

/// Headings of "other articles" lists, compared as keys.
const STRONG_TRIGGERS: &[&str] = &[
    "read also",
    "also read",
    "read more",
    "see also",
    "related articles",
    "related news",
    "related stories",
    "related posts",
    "related content",
    "related coverage",
    "latest news",
    "more news",
    "more stories",
    "more articles",
    "most read",
    "most viewed",
    "most popular",
    "top stories",
    "top news",
    "editors picks",
    "editor picks",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "recommended for you",
    "recommended articles",
    "trending now",
    "trending stories",
    "read next",
    "what to read next",
    "more on this story",
    "other news",
];

/// Headings that could also be a real subheading, so they need list lines under them.
const WEAK_TRIGGERS: &[&str] = &["related", "latest", "popular", "recommended", "trending"];

enum Trigger {
    Strong,
    Weak,
}

fn trigger(p: &Para) -> Option<Trigger> {
    if p.chars > 60 {
        return inline_trigger(p).then_some(Trigger::Strong);
    }
    let key = p.key.as_str();
    if STRONG_TRIGGERS.contains(&key) {
        return Some(Trigger::Strong);
    }
    let more_from = key
        .strip_prefix("more from ")
        .is_some_and(|rest| !rest.is_empty() && rest.split(' ').count() <= 4);
    if more_from {
        return Some(Trigger::Strong);
    }
    if WEAK_TRIGGERS.contains(&key) {
        return Some(Trigger::Weak);
    }
    inline_trigger(p).then_some(Trigger::Strong)
}

/// "Read also: Some other article's headline" on one line.
fn inline_trigger(p: &Para) -> bool {
    static INLINE: LazyLock<Regex> = LazyLock::new(|| {
        static_regex(
            r"(?i)^(?:read also|also read|read more|see also|related|more|latest)\s*[:\-–—|]\s*\S",
        )
    });
    p.chars <= MAX_HEADLINE_CHARS && p.sentences <= 1 && INLINE.is_match(&p.text)
}

static SUBSCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    one_of(&[
        r"^(?:please )?subscribe\b",
        r"^(?:please )?(?:sign up|signup|register)\b.*\b(?:newsletters?|updates|alerts|emails?|inbox|our|free|today|now)\b",
        r"^(?:follow|find|like) us\b",
        r"^join (?:us|our)\b.*\b(?:channel|group|community|newsletter|telegram|whatsapp|mailing list|followers|subscribers|readers)\b",
        r"^get (?:the latest|our|breaking|daily|weekly|the best|top)\b.*\b(?:inbox|email|newsletter|updates|alerts|notifications)\b",
        r"^(?:stay|keep) (?:informed|updated|up to date|connected)\b.*\b(?:newsletter|subscribe|inbox|follow|channel|telegram|app)\b",
        r"^(?:dont|never) miss\b.*\b(?:newsletter|subscribe|inbox|follow|channel|telegram|stories|news|updates)\b",
        r"\bsubscribe to (?:our|the) (?:newsletters?|channel|telegram|youtube|podcast|mailing list|feed)\b",
        r"^(?:download|get) (?:our|the) (?:free )?app\b",
        r"^(?:enable|turn on|allow) (?:push )?notifications\b",
    ])
});

static COMMENT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    one_of(&[
        r"^please enter (?:your|a|a valid) (?:comment|name|email|e mail)",
        r"^leave (?:a|your) (?:reply|comment|response)\b",
        r"^your email address will not be published\b",
        r"^required fields are marked\b",
        r"^(?:post|add|submit|write|show|view|load|hide|read) (?:a |your |the |all )?(?:comments?|reply|replies)(?: [0-9]+)?$",
        r"^comments?(?: [0-9]+)?$",
        r"^[0-9]+ (?:comments?|replies)$",
        r"^no comments(?: yet)?$",
        r"^(?:you must be )?logged in to (?:post|leave|write) a comment",
        r"^save my name email and website\b",
        r"^cancel reply$",
        r"^(?:be the first to comment|join the discussion|join the conversation)\b",
    ])
});

static CHROME_KEYS: LazyLock<Regex> = LazyLock::new(|| {
    const NETWORKS: &str = "facebook|twitter|x|telegram|whatsapp|linkedin|reddit|pinterest|vk|ok|flipboard|messenger|email|e mail|mail|print|copy link|copy|link|sms|viber|threads|bluesky";
    one_of(&[
        r"^this is (?:interesting|important|useful|helpful|amazing|funny|sad|shocking|outrageous|great|bad|good)$".to_string(),
        r"^(?:like|dislike|likes|dislikes)(?: [0-9]+)?$".to_string(),
        format!(r"^(?:share|tweet|share this|share on|share via)?(?: ?(?:{NETWORKS}|share|tweet))*$"),
        r"^share (?:this|the) (?:article|story|post|page|video|link)\b".to_string(),
        r"^(?:advertisement|advertising|sponsored|sponsored content|promoted|promoted content|paid content|partner content|scroll to continue(?: with content)?|continue reading(?: below)?|skip to (?:main )?content|back to top|go to top)$".to_string(),
        r"\b(?:we|this (?:website|site)|our (?:website|site)) uses? cookies\b".to_string(),
        r"^(?:accept|reject|manage) (?:all )?cookies\b".to_string(),
        r"^cookies? (?:policy|settings|preferences|consent|notice)\b".to_string(),
        r"\ball rights reserved\b".to_string(),
        r"^copyright (?:c )?[0-9]{4}\b".to_string(),
        r"^(?:click|tap) here\b".to_string(),
        r"^(?:print|email|save|download) (?:this )?(?:article|story|page|pdf)$".to_string(),
        r"^(?:font size|text size|listen to (?:this )?article)$".to_string(),
    ])
});

/// Copyright lines and tag lists, which keys cannot see.
static CHROME_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    one_of(&[
        r"^(?:©|\(c\)|Ⓒ)",
        r"(?i)^(?:tags?|topics?|filed under|categories)\s*:",
    ])
});

/// A counter widget: "usr: 1", "Views: 1203" (a word of up to 15 letters, a colon, up to seven
/// digits). By hand: as a regex, fifteen repeats of every Unicode letter make an automaton of
/// a megabyte and a matching cache as big for each thread that runs it.
fn counter_widget(text: &str) -> bool {
    let Some((label, count)) = text.split_once(':') else {
        return false;
    };
    let label = label.trim_end();
    let count = count.trim_start();
    (1..=15).contains(&label.chars().count())
        && label.chars().all(|c| c.is_alphabetic() || c == '_')
        && (1..=7).contains(&count.len())
        && count.bytes().all(|b| b.is_ascii_digit())
}

/// The debris kind a line's wording alone gives it, if it is short enough to be a widget.
pub(crate) fn phrase_kind(line: &str) -> Option<DebrisKind> {
    phrase_kind_of(&Para::new(line))
}

fn phrase_kind_of(p: &Para) -> Option<DebrisKind> {
    if p.chars == 0 || p.chars >= MAX_PHRASE_CHARS || p.sentences > 2 {
        return None;
    }
    let key = p.key.as_str();
    if COMMENT_FORM.is_match(key) {
        return Some(DebrisKind::CommentForm);
    }
    if SUBSCRIPTION.is_match(key) {
        return Some(DebrisKind::Subscription);
    }
    // An empty key is punctuation only, which the share-row pattern would accept.
    if !key.is_empty() && CHROME_KEYS.is_match(key) {
        return Some(DebrisKind::SiteChrome);
    }
    if counter_widget(&p.text) || CHROME_TEXT.is_match(&p.text) {
        return Some(DebrisKind::SiteChrome);
    }
    None
}

/// One verdict per paragraph: `Some(kind)` for debris. `title` is the article's headline
/// paragraph index, when it has one, so repeats of it can be recognised.
pub fn detect(
    text: &str,
    paragraphs: &[Range<usize>],
    title: Option<usize>,
) -> Vec<Option<DebrisKind>> {
    let paras: Vec<Para> = paragraphs
        .iter()
        .map(|r| Para::new(text.get(r.clone()).unwrap_or("")))
        .collect();
    let n = paras.len();
    let mut verdicts: Vec<Option<DebrisKind>> = paras.iter().map(phrase_kind_of).collect();
    if let Some(t) = title.filter(|&t| t < n) {
        verdicts[t] = None;
    }
    let free = |i: usize| Some(i) != title;

    let mark = |verdicts: &mut [Option<DebrisKind>], range: Range<usize>| {
        for i in range.filter(|&i| free(i)) {
            verdicts[i].get_or_insert(DebrisKind::LinkList);
        }
    };

    // Link lists under a heading: the heading and every list-like line after it.
    let mut i = 0;
    while i < n {
        let Some(kind) = trigger(&paras[i]).filter(|_| free(i)) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < n && free(end) && !paras[end].is_prose() {
            end += 1;
        }
        // "Latest" over prose is a subheading; "Read also" is never prose.
        if matches!(kind, Trigger::Strong) || end > i + 1 || end == n {
            mark(&mut verdicts, i..end);
        }
        i = end.max(i + 1);
    }

    // Link lists without a heading: runs of headline-and-timestamp groups.
    let mut i = 0;
    while i < n {
        let end = timestamp_groups(&paras, i, free);
        if end > i {
            mark(&mut verdicts, i..end);
            i = end;
        } else {
            i += 1;
        }
    }

    mark_repeats(&paras, title, &mut verdicts);
    verdicts
}

/// The end of a run of at least `MIN_UNHEADED_GROUPS` groups starting at `start`, each of
/// 1–3 headline lines and one timestamp line (in either order), or `start` when there is none.
fn timestamp_groups(paras: &[Para], start: usize, free: impl Fn(usize) -> bool) -> usize {
    let usable = |i: usize| i < paras.len() && free(i);
    let headlines = |from: usize| {
        let mut k = from;
        while k - from < 3 && usable(k) && paras[k].is_headline() {
            k += 1;
        }
        k
    };
    let stamp = |i: usize| usable(i) && paras[i].timestamp;
    let mut best = start;
    // Headline first ("Title", "28 September 2023 - 17:10") or timestamp first.
    for stamp_first in [false, true] {
        let mut end = start;
        let mut groups = 0;
        loop {
            let next = if stamp_first {
                if !stamp(end) {
                    break;
                }
                let after = headlines(end + 1);
                if after == end + 1 {
                    break;
                }
                after
            } else {
                let after = headlines(end);
                if after == end || !stamp(after) {
                    break;
                }
                after + 1
            };
            end = next;
            groups += 1;
        }
        if groups >= MIN_UNHEADED_GROUPS {
            best = best.max(end);
        }
    }
    best
}

/// A short headline-like line printed again: the same as an earlier paragraph (or the title),
/// or as the start of the next paragraph, where scrapers glue a teaser's title to its text.
fn mark_repeats(paras: &[Para], title: Option<usize>, verdicts: &mut [Option<DebrisKind>]) {
    let mut seen: HashSet<&str> = HashSet::new();
    if let Some(t) = title.and_then(|t| paras.get(t)) {
        seen.insert(t.key.as_str());
    }
    for (i, p) in paras.iter().enumerate() {
        let candidate = Some(i) != title
            && verdicts[i].is_none()
            && p.is_headline()
            && p.words >= 3
            && !p
                .text
                .trim_end_matches(['"', '\'', '”', '’'])
                .ends_with('.');
        if candidate {
            let again = seen.contains(p.key.as_str());
            let glued = p.words >= 4
                && paras.get(i + 1).is_some_and(|next| {
                    next.key.len() > p.key.len()
                        && next.key.starts_with(&p.key)
                        && next.key.as_bytes().get(p.key.len()) == Some(&b' ')
                });
            if again || glued {
                verdicts[i] = Some(DebrisKind::RepeatedHeadline);
            }
        }
        if p.chars <= MAX_HEADLINE_CHARS && !p.key.is_empty() {
            seen.insert(p.key.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DebrisKind::*;

    fn doc(lines: &[&str]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut ranges = Vec::new();
        for line in lines {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(line);
            ranges.push(start..text.len());
        }
        (text, ranges)
    }

    fn run(lines: &[&str], title: Option<usize>) -> Vec<Option<DebrisKind>> {
        let (text, ps) = doc(lines);
        detect(&text, &ps, title)
    }

    const PROSE: &str = "The meeting took place in the city on Thursday, officials said, and lasted for \
        several hours. Both delegations described the talks as constructive, although no joint \
        statement was issued afterwards and several questions remain open.";
    const PROSE2: &str = "Residents said the roads were quiet on Friday morning. Shops reopened \
        slowly, and buses ran to a reduced timetable while engineers checked the bridges for \
        damage left by the storm earlier in the week.";

    #[test]
    fn empty_input() {
        assert!(detect("", &[], None).is_empty());
        assert_eq!(run(&[""], None), vec![None]);
    }

    #[test]
    fn clean_article_has_no_debris() {
        let lines = [
            "Talks resume in Brussels",
            "A short dek that explains the story in one line",
            PROSE,
            "Anti-terror operation",
            PROSE2,
            "Widening crack in Armenia and Russia relations",
            PROSE,
            "\u{201c}We will be back,\u{201d} she said.",
            "With AFP",
        ];
        assert_eq!(run(&lines, Some(0)), vec![None; lines.len()]);
    }

    #[test]
    fn read_also_list_with_timestamps() {
        let v = run(
            &[
                "Headline",
                PROSE,
                "Read also",
                "Some other story about a pipeline",
                "28 September 2023 - 17:10",
                "Another story about talks Subtitle line",
                "27 September 2023 - 14:44",
                "Latest news",
                "Spain fines consulting firms",
                "28 September 2023 - 22:01",
                "All news",
            ],
            Some(0),
        );
        assert_eq!(&v[..2], &[None, None]);
        assert!(v[2..].iter().all(|k| *k == Some(LinkList)), "{v:?}");
    }

    #[test]
    fn link_list_stops_at_prose() {
        let v = run(
            &[
                "Related articles",
                "One headline here",
                "Two headline here",
                PROSE2,
                "Tail",
            ],
            None,
        );
        assert_eq!(
            v,
            vec![Some(LinkList), Some(LinkList), Some(LinkList), None, None]
        );
    }

    #[test]
    fn triggers_ignore_case_and_punctuation() {
        for heading in [
            "READ ALSO:",
            "See also",
            "Related",
            "Related Stories",
            "Latest",
            "More news",
            "More stories",
            "Most read",
            "Most Popular",
            "Popular",
            "Recommended",
            "You may also like…",
            "Trending",
            "Top stories",
            "Editor’s picks",
            "Editor's Picks",
            "More from Reuters",
            "Read more »",
        ] {
            let v = run(
                &[
                    PROSE,
                    heading,
                    "A headline of another article",
                    "Another headline",
                ],
                None,
            );
            assert_eq!(v[0], None, "{heading}");
            assert!(
                v[1..].iter().all(|k| *k == Some(LinkList)),
                "{heading}: {v:?}"
            );
        }
    }

    #[test]
    fn weak_trigger_over_prose_is_a_subheading() {
        let v = run(&[PROSE, "Latest", PROSE2], None);
        assert_eq!(v, vec![None, None, None]);
        let v = run(&[PROSE, "Read also", PROSE2], None);
        assert_eq!(v, vec![None, Some(LinkList), None]);
        let v = run(&[PROSE, "Popular"], None);
        assert_eq!(v, vec![None, Some(LinkList)]);
    }

    #[test]
    fn inline_read_also() {
        let v = run(
            &[
                PROSE,
                "Read also: Talks resume in Brussels after a pause",
                PROSE2,
            ],
            None,
        );
        assert_eq!(v, vec![None, Some(LinkList), None]);
    }

    #[test]
    fn unheaded_timestamp_pairs() {
        let v = run(
            &[
                PROSE,
                "First headline here",
                "28 September 2023 - 22:01",
                "Second headline here",
                "A subtitle for it",
                "28 September 2023 - 21:02",
                "Third headline here",
                "3 hours ago",
                PROSE2,
            ],
            None,
        );
        assert_eq!(v[0], None);
        assert!(v[1..8].iter().all(|k| *k == Some(LinkList)), "{v:?}");
        assert_eq!(v[8], None);
    }

    #[test]
    fn unheaded_timestamp_first_pairs() {
        let v = run(
            &[
                PROSE,
                "2023-09-28 17:10",
                "A",
                "2023-09-28 17:00",
                "B b",
                "2023-09-28 16:50",
                "C c",
            ],
            None,
        );
        assert!(v[1..].iter().all(|k| *k == Some(LinkList)), "{v:?}");
    }

    #[test]
    fn two_pairs_are_not_a_list() {
        let v = run(
            &[
                PROSE,
                "First headline",
                "28 September 2023",
                "Second headline",
                "29 September 2023",
                PROSE2,
            ],
            None,
        );
        assert_eq!(v, vec![None; 6]);
    }

    #[test]
    fn subscription_prompts() {
        for line in [
            "Subscribe to our Telegram channel",
            "SUBSCRIBE",
            "Sign up for our newsletter",
            "Follow us on Twitter and Facebook",
            "Join our WhatsApp channel for breaking news",
            "Get the latest news delivered to your inbox",
            "Stay informed: subscribe to our daily newsletter",
            "Don't miss our top stories — follow us",
            "Download our app",
        ] {
            assert_eq!(
                run(&[PROSE, line, PROSE2], None)[1],
                Some(Subscription),
                "{line}"
            );
        }
    }

    #[test]
    fn comment_forms() {
        for line in [
            "Please enter your comment!",
            "Please enter your name here",
            "Leave a Reply",
            "Leave a comment",
            "Your email address will not be published. Required fields are marked *",
            "Post Comment",
            "Add a comment",
            "Comments (12)",
            "Comments",
            "5 comments",
            "Save my name, email, and website in this browser for the next time I comment.",
        ] {
            assert_eq!(run(&[PROSE, line], None)[1], Some(CommentForm), "{line}");
        }
    }

    #[test]
    fn counter_widgets_are_a_short_word_a_colon_and_a_count() {
        for yes in [
            "usr: 1",
            "Views: 1203",
            "Просмотры:42",
            "read_count : 1234567",
        ] {
            assert!(counter_widget(yes), "{yes}");
        }
        for no in [
            "Views: 12345678",
            "Views: ",
            ": 12",
            "Death toll: 1,200",
            "Two sides: 2 ",
            "A very long label indeed: 3",
            "usr: 1 more",
            "a:b:1",
        ] {
            assert!(!counter_widget(no), "{no}");
        }
    }

    #[test]
    fn site_chrome() {
        for line in [
            "usr: 1",
            "Views: 1203",
            "This is interesting!",
            "Share",
            "Share this article",
            "Share on Facebook",
            "Facebook Twitter WhatsApp Telegram",
            "Tweet",
            "Print",
            "Advertisement",
            "We use cookies to improve your experience.",
            "Cookie policy",
            "© 2023 Example Media. All rights reserved.",
            "All rights reserved",
            "Copyright 2021 Example",
            "Click here to read the full report",
            "Tags: Azerbaijan, Armenia",
        ] {
            assert_eq!(
                run(&[PROSE, line, PROSE2], None)[1],
                Some(SiteChrome),
                "{line}"
            );
        }
    }

    #[test]
    fn phrases_in_prose_are_not_debris() {
        for line in [
            "Readers who subscribe to the paper's newsletter have grown in number, the editor said.",
            "The ministry declined to comment on the report.",
            "Please enter your comment, the sign on the door read, and the crowd laughed at it. Then they left. It rained.",
            "Photo: Alexander Nemenov, AFP",
            "Share prices fell sharply on Monday after the announcement.",
            "The cookies were handed out to soldiers at the checkpoint.",
            "Follow-up talks are planned for next week, officials said.",
            "Latest figures show the exodus continues.",
            "Source: officials",
            "Time: 13 hours",
        ] {
            assert_eq!(run(&[PROSE, line, PROSE2], None)[1], None, "{line}");
        }
        let long = format!("Subscribe to our channel. {PROSE}");
        assert_eq!(run(&[&long], None), vec![None]);
    }

    #[test]
    fn repeated_headline_glued_to_next_paragraph() {
        let glued = format!("Armenia cedes disputed land to Azerbaijan in peace deal {PROSE}");
        let v = run(
            &[
                "Main title of the article",
                PROSE,
                "Armenia cedes disputed land to Azerbaijan in peace deal",
                &glued,
            ],
            Some(0),
        );
        assert_eq!(v, vec![None, None, Some(RepeatedHeadline), None]);
    }

    #[test]
    fn repeated_headline_identical_to_earlier_or_title() {
        let v = run(
            &[
                "Talks resume in Brussels",
                PROSE,
                "talks  resume in BRUSSELS",
                PROSE2,
                "Fresh clashes near border",
                PROSE,
                "Fresh clashes near border",
            ],
            Some(0),
        );
        assert_eq!(
            v,
            vec![
                None,
                None,
                Some(RepeatedHeadline),
                None,
                None,
                None,
                Some(RepeatedHeadline)
            ]
        );
    }

    #[test]
    fn repeats_need_headline_shape() {
        // Short subheadings and sentences that happen to recur are left alone.
        let v = run(
            &[
                "Burned houses",
                PROSE,
                "Burned houses",
                "Burned houses were seen in the village.",
            ],
            None,
        );
        assert_eq!(v, vec![None, None, None, None]);
        let v = run(&["It was over.", PROSE, "It was over."], None);
        assert_eq!(v, vec![None, None, None]);
        let v = run(
            &[
                "Anti-terror operation",
                "Anti-terror operation began on Tuesday morning.",
            ],
            None,
        );
        assert_eq!(v, vec![None, None]);
    }

    #[test]
    fn title_is_never_debris() {
        let v = run(&["Subscribe to our Telegram channel", PROSE], Some(0));
        assert_eq!(v, vec![None, None]);
        let v = run(&["Read also", "x"], Some(0));
        assert_eq!(v[0], None);
    }

    #[test]
    fn specific_kinds_beat_link_list() {
        let v = run(
            &[
                PROSE,
                "Read also",
                "Some headline",
                "Subscribe to our Telegram channel",
            ],
            None,
        );
        assert_eq!(
            v,
            vec![None, Some(LinkList), Some(LinkList), Some(Subscription)]
        );
    }

    #[test]
    fn out_of_range_title_is_ignored() {
        assert_eq!(run(&["usr: 1"], Some(7)), vec![Some(SiteChrome)]);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn one_verdict_per_paragraph_and_never_the_title(
                lines in prop::collection::vec("\\PC{0,120}", 0..12),
                title in prop::option::of(0usize..12),
            ) {
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                let (text, ps) = doc(&refs);
                let v = detect(&text, &ps, title);
                prop_assert_eq!(v.len(), ps.len());
                if let Some(t) = title.filter(|&t| t < v.len()) {
                    prop_assert_eq!(v[t], None);
                }
            }
        }
    }

    #[test]
    fn keys_and_sentences() {
        assert_eq!(key_of("Editor’s  Picks!"), "editors picks");
        assert_eq!(key_of("Nagorno - Karabakh"), key_of("Nagorno-Karabakh"));
        assert_eq!(sentence_count("A headline"), 1);
        assert_eq!(sentence_count("One. Two! Three?"), 3);
        assert_eq!(sentence_count(""), 0);
    }
}
