//! Dates and numbers in running text, normalised so outlets can be compared figure by figure.
//!
//! The text is cut into lines (a figure never spans a paragraph), each line into word, number
//! and punctuation tokens, and a hand-written scanner walks the tokens once. That keeps the
//! work linear and lets each rule look at its neighbours without regex backtracking.
//!
//! Rules, in the order the scanner tries them at a token:
//! - A hedge ("more than", "nearly", "about", "at least", ...) counts only when a number follows.
//! - Dates: `2023-09-28`, `1990s`, `[Weekday,] Month Day[, Year]`, `[Weekday] Day [of] Month
//!   [Year]`, `Month Year`, day ranges (`Tuesday 24 to Wednesday 25 November` gives two dates)
//!   and a trailing time (`28 September 2023 - 17:10`). Without a year a date is `--MM-DD`.
//!   A bare month ("in November") is not reported.
//! - Numbers: digits with thousands separators and decimals, scale words ("1.5 million",
//!   "5.93 mln", "50 thousand"), number words ("twenty-four", "a dozen", "half a million"),
//!   vague plurals ("hundreds of", "tens of thousands of") which carry their phrase as the
//!   hedge, ranges ("500-600", "200 to 300", "between 5 and 10"), percentages, and a unit: the
//!   noun after the number (one adjective may sit between) or a hyphenated unit ("44-day").
//! - A four-digit 1800–2100 with nothing making it a count (a closed-list unit such as
//!   "people" or "square kilometers", a scale word, a hedge with a unit, a range with a
//!   non-year) is a year.
//!
//! Precision over recall: digits glued to letters or other digits ("G7", "COVID-19", "A320",
//! "05:05", "10/11", "1.2.3"), numbers after a label ("Resolution 822", "Article 9"), bare
//! ordinals, "one" outside a clear count ("one of", "one last time"), number words
//! capitalised mid-sentence ("Big Four", "Two States"), runs of numbers with only spaces
//! between them (phone numbers), ratios ("1 in 3") and fractions ("two thirds") are all left
//! alone.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Byte range in the text, on char boundaries, covering hedge, number and unit.
    pub range: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    /// A calendar date, as precise as the text: "2020", "2020-11", "2020-11-10",
    /// "2023-09-28T17:10", a decade "1990s", or "--11-25" when the year is not given.
    Date { iso: String },
    /// A count or measure. For a range `value` is the low end and `low`/`high` are both set.
    Number {
        value: f64,
        low: Option<f64>,
        high: Option<f64>,
        /// How the text qualifies the figure, lowercased: "more than", "nearly", "hundreds of".
        hedge: Option<String>,
        /// The unit or counted noun, lowercased as written: "percent", "square kilometers",
        /// "people", "armenians", "day" (from "44-day"), "year-old".
        unit: Option<String>,
    },
}

/// Dates and numbers in `text`, sorted by start and non-overlapping.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let mut from = 0;
        while from < line.len() {
            let to = piece_end(line, from);
            let piece = line.get(from..to).unwrap_or("");
            if piece
                .bytes()
                .any(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
            {
                toks.clear();
                tokenize(piece, offset + from, &mut toks);
                let mut scan = Scanner {
                    text,
                    t: &toks,
                    out: &mut out,
                };
                scan.run();
            }
            from = to.max(from + 1);
        }
        offset += line.len() + 1;
    }
    out
}

/// Where to stop the piece of `line` starting at `from`. A very long line (a whole article
/// on one line) is cut at a sentence end so the token buffer stays small; figures do not
/// cross sentences, so nothing is lost.
fn piece_end(line: &str, from: usize) -> usize {
    const SOFT: usize = 32 * 1024;
    const HARD: usize = 64 * 1024;
    if line.len() - from <= HARD {
        return line.len();
    }
    let bytes = line.as_bytes();
    let window = from + SOFT..from + HARD;
    let sentence = window.clone().find(|&p| {
        matches!(bytes.get(p), Some(b'.' | b'!' | b'?'))
            && matches!(bytes.get(p + 1), Some(b' ' | b'\t'))
    });
    if let Some(p) = sentence {
        return p + 1;
    }
    if let Some(p) = window.clone().rev().find(|&p| bytes.get(p) == Some(&b' ')) {
        return p;
    }
    let mut p = window.end;
    while p > from && !line.is_char_boundary(p) {
        p -= 1;
    }
    p
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Word(Wc),
    /// `plain`: ASCII digits only (no separators or decimals); `digits`: length when plain.
    Num {
        plain: bool,
        digits: usize,
    },
    Punct(char),
}

/// What a word can do for the scanner, worked out once when the line is cut up.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wc {
    Other,
    /// May start a hedge phrase.
    Hedge,
    Between,
    /// Month number; `strict` names are also ordinary words and must be capitalised.
    Month(u8, bool),
    Weekday,
    /// one..nineteen
    Small(u32),
    /// twenty..ninety
    Tens(u32),
    Hundred,
    /// thousand, million, ...: the power of ten.
    Scale(i32),
    Dozen,
    A,
    Half,
    /// hundreds, thousands, millions, billions, dozens, tens: the value they stand for.
    Approx(f64),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// Whitespace (or the line start) comes before this token.
    gap: bool,
}

fn tokenize(line: &str, offset: usize, out: &mut Vec<Tok>) {
    let bytes = line.as_bytes();
    let mut p = 0;
    let mut gap = true;
    while let Some(c) = line.get(p..).and_then(|s| s.chars().next()) {
        let len = c.len_utf8();
        if c.is_whitespace() {
            gap = true;
            p += len;
            continue;
        }
        let start = p;
        let kind = if c.is_ascii_digit() {
            let (end, plain) = number_end(line, bytes, p);
            p = end;
            Kind::Num {
                plain,
                digits: end - start,
            }
        } else if c.is_alphabetic() {
            p += len;
            while let Some(d) = line.get(p..).and_then(|s| s.chars().next()) {
                if !d.is_alphabetic() {
                    break;
                }
                p += d.len_utf8();
            }
            Kind::Word(classify(line.get(start..p).unwrap_or("")))
        } else {
            p += len;
            Kind::Punct(c)
        };
        out.push(Tok {
            start: offset + start,
            end: offset + p,
            kind,
            gap,
        });
        gap = false;
    }
}

/// End of the number starting at `p` and whether it is digits only.
fn number_end(line: &str, bytes: &[u8], p: usize) -> (usize, bool) {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut e = p;
    while digit(e) {
        e += 1;
    }
    let mut plain = true;
    if e - p <= 3 {
        // Thousands groups: exactly three digits after each separator. A thin or no-break
        // space also separates groups in some outlets; an ordinary space does not, since
        // "page 5 100 people" is two numbers.
        loop {
            let sep_len = if bytes.get(e) == Some(&b',') {
                1
            } else {
                match line.get(e..).and_then(|s| s.chars().next()) {
                    Some('\u{a0}' | '\u{202f}' | '\u{2009}') => line
                        .get(e..)
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8),
                    _ => 0,
                }
            };
            let g = e + sep_len;
            if sep_len > 0 && digit(g) && digit(g + 1) && digit(g + 2) && !digit(g + 3) {
                e = g + 3;
                plain = false;
            } else {
                break;
            }
        }
    }
    if bytes.get(e) == Some(&b'.') && digit(e + 1) {
        e += 1;
        while digit(e) {
            e += 1;
        }
        plain = false;
    }
    (e, plain)
}

/// Lowercases a short ASCII word into `buf`; anything else is no keyword.
fn ascii_lower<'b>(s: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let b = s.as_bytes();
    if b.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let slot = buf.get_mut(..b.len())?;
    for (d, c) in slot.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    std::str::from_utf8(slot).ok()
}

fn classify(word: &str) -> Wc {
    let mut buf = [0u8; 16];
    let Some(w) = ascii_lower(word, &mut buf) else {
        return Wc::Other;
    };
    match w {
        "no" | "not" | "more" | "fewer" | "less" | "at" | "up" | "as" | "close" | "upwards"
        | "in" | "an" | "nearly" | "almost" | "about" | "around" | "approximately" | "approx"
        | "roughly" | "some" | "over" | "under" | "just" | "well" | "several" | "estimated" => {
            Wc::Hedge
        }
        "between" => Wc::Between,
        "january" | "jan" => Wc::Month(1, false),
        "february" | "feb" => Wc::Month(2, false),
        "march" | "mar" => Wc::Month(3, true),
        "april" | "apr" => Wc::Month(4, false),
        "may" => Wc::Month(5, true),
        "june" | "jun" => Wc::Month(6, false),
        "july" | "jul" => Wc::Month(7, false),
        "august" | "aug" => Wc::Month(8, false),
        "september" | "sep" | "sept" => Wc::Month(9, false),
        "october" | "oct" => Wc::Month(10, false),
        "november" | "nov" => Wc::Month(11, false),
        "december" | "dec" => Wc::Month(12, false),
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => {
            Wc::Weekday
        }
        "one" => Wc::Small(1),
        "two" => Wc::Small(2),
        "three" => Wc::Small(3),
        "four" => Wc::Small(4),
        "five" => Wc::Small(5),
        "six" => Wc::Small(6),
        "seven" => Wc::Small(7),
        "eight" => Wc::Small(8),
        "nine" => Wc::Small(9),
        "ten" => Wc::Small(10),
        "eleven" => Wc::Small(11),
        "twelve" => Wc::Small(12),
        "thirteen" => Wc::Small(13),
        "fourteen" => Wc::Small(14),
        "fifteen" => Wc::Small(15),
        "sixteen" => Wc::Small(16),
        "seventeen" => Wc::Small(17),
        "eighteen" => Wc::Small(18),
        "nineteen" => Wc::Small(19),
        "twenty" => Wc::Tens(20),
        "thirty" => Wc::Tens(30),
        "forty" => Wc::Tens(40),
        "fifty" => Wc::Tens(50),
        "sixty" => Wc::Tens(60),
        "seventy" => Wc::Tens(70),
        "eighty" => Wc::Tens(80),
        "ninety" => Wc::Tens(90),
        "hundred" => Wc::Hundred,
        "thousand" => Wc::Scale(3),
        "million" | "mln" => Wc::Scale(6),
        "billion" | "bln" | "bn" => Wc::Scale(9),
        "trillion" => Wc::Scale(12),
        "dozen" => Wc::Dozen,
        "a" => Wc::A,
        "half" => Wc::Half,
        "tens" => Wc::Approx(10.0),
        "dozens" => Wc::Approx(12.0),
        "hundreds" => Wc::Approx(100.0),
        "thousands" => Wc::Approx(1e3),
        "millions" => Wc::Approx(1e6),
        "billions" => Wc::Approx(1e9),
        _ => Wc::Other,
    }
}

/// Multi-word hedges, longest first so "no more than" wins over "more than".
const HEDGES: &[&[&str]] = &[
    &["no", "more", "than"],
    &["not", "more", "than"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["in", "excess", "of"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["more", "than"],
    &["fewer", "than"],
    &["less", "than"],
    &["at", "least"],
    &["at", "most"],
    &["up", "to"],
    &["close", "to"],
    &["upwards", "of"],
    &["an", "estimated"],
    &["just", "over"],
    &["just", "under"],
    &["well", "over"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["approximately"],
    &["approx"],
    &["roughly"],
    &["some"],
    &["over"],
    &["under"],
    &["estimated"],
    &["several"],
];

/// Units and counted nouns that make a four-digit number a count rather than a year, and
/// that are taken as the unit without further checks.
const UNITS: &[&str] = &[
    "percent",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "night",
    "nights",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "km",
    "mile",
    "miles",
    "meter",
    "meters",
    "metre",
    "metres",
    "hectare",
    "hectares",
    "acres",
    "kilogram",
    "kilograms",
    "kg",
    "tons",
    "tonnes",
    "barrels",
    "degrees",
    "feet",
    "dollar",
    "dollars",
    "euro",
    "euros",
    "pounds",
    "manat",
    "manats",
    "rubles",
    "roubles",
    "drams",
    "person",
    "people",
    "persons",
    "personnel",
    "troops",
    "soldiers",
    "servicemen",
    "civilians",
    "refugees",
    "residents",
    "peacekeepers",
    "migrants",
    "victims",
    "casualties",
    "children",
    "men",
    "women",
    "families",
    "households",
    "homes",
    "houses",
    "villages",
    "settlements",
    "towns",
    "cities",
    "districts",
    "regions",
    "buildings",
    "vehicles",
    "tanks",
    "buses",
    "trucks",
    "drones",
    "employees",
    "workers",
    "students",
    "members",
    "participants",
    "protesters",
    "votes",
    "voters",
    "deaths",
    "dead",
    "wounded",
    "injured",
    "prisoners",
    "hostages",
    "detainees",
    "cases",
    "countries",
    "police",
    "policemen",
    "staff",
    "fighters",
    "militants",
    "journalists",
];

/// Singular units that make "one" a count ("one year") rather than a pronoun ("one of").
const ONE_UNITS: &[&str] = &[
    "minute",
    "hour",
    "day",
    "night",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "kilometer",
    "kilometre",
    "km",
    "mile",
    "meter",
    "metre",
    "hectare",
    "kilogram",
    "kg",
    "dollar",
    "euro",
    "manat",
    "person",
    "percent",
];

/// Words after a hyphen that make the number a measure: "44-day", "53-year-old", "10-km".
const HYPHEN_UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "night",
    "week",
    "month",
    "year",
    "years",
    "decade",
    "century",
    "kilometer",
    "kilometre",
    "km",
    "mile",
    "meter",
    "metre",
    "member",
    "point",
    "storey",
    "story",
    "seat",
    "strong",
    "man",
    "person",
    "page",
];

/// Plural-looking words after a number that are not what it counts.
const NOT_PLURALS: &[&str] = &[
    "this",
    "thus",
    "was",
    "has",
    "does",
    "goes",
    "his",
    "hers",
    "its",
    "ours",
    "yours",
    "theirs",
    "plus",
    "minus",
    "versus",
    "whereas",
    "always",
    "perhaps",
    "besides",
    "unless",
    "across",
    "towards",
    "afterwards",
    "upwards",
    "downwards",
    "backwards",
    "sometimes",
    "nevertheless",
    "themselves",
    "ourselves",
    "yourselves",
    "various",
    "numerous",
    "previous",
    "serious",
    "says",
    "seems",
    "remains",
    "means",
    "makes",
    "takes",
    "gives",
    "comes",
    "shows",
    "includes",
    "becomes",
    "looks",
    "needs",
    "gets",
];

/// Words that cannot stand between a number and what it counts.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "but", "for", "with", "from", "into", "onto", "than", "then", "that", "this",
    "these", "those", "which", "who", "whom", "whose", "what", "when", "where", "while", "was",
    "were", "are", "been", "being", "have", "has", "had", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "did", "does", "not", "nor", "its", "his", "her",
    "their", "our", "your", "him", "them", "per", "after", "before", "since", "during", "until",
    "about", "over", "under", "more", "less", "most", "least", "also", "only", "just", "still",
    "even", "ago", "later", "earlier", "each", "every", "all", "both", "such", "out", "off",
    "again", "here", "there", "now", "yet", "very", "too", "already", "away", "back", "old",
    "last", "next", "first", "same", "other's", "another", "they", "she", "you", "how", "why",
    "whether", "because", "although", "though", "unless", "within", "without", "against", "among",
    "between", "across", "through", "toward", "towards", "upon", "via", "along", "around", "near",
    "since", "left", "went", "came", "got", "say", "said", "says",
];

/// Words before a number that make it a label, not a quantity: "Resolution 822".
const LABELS: &[&str] = &[
    "resolution",
    "resolutions",
    "article",
    "articles",
    "section",
    "sections",
    "chapter",
    "paragraph",
    "clause",
    "item",
    "page",
    "pages",
    "p",
    "pp",
    "no",
    "nos",
    "number",
    "vol",
    "volume",
    "issue",
    "flight",
    "route",
    "highway",
    "platform",
    "gate",
    "terminal",
    "room",
    "block",
    "apartment",
    "apt",
    "building",
    "division",
    "brigade",
    "battalion",
    "regiment",
    "corps",
    "phase",
    "stage",
    "round",
    "season",
    "episode",
    "part",
    "level",
    "grade",
    "class",
    "model",
    "type",
    "version",
    "protocol",
    "decree",
    "law",
    "code",
    "channel",
    "boeing",
    "airbus",
    "tel",
    "phone",
    "fax",
    "hotline",
    "usr",
];

/// Fraction words, which make the number before them a share.
const FRACTIONS: &[&str] = &[
    "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "sixths", "tenths",
];

/// Letters glued to a number that name its unit: "5km".
const GLUED_UNITS: &[&str] = &["km", "kg", "cm", "mm", "ha", "mw", "gw", "kw", "mph", "kmh"];

fn contains(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn days_in_month(m: u8) -> u8 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number part of a figure, before any range, unit or year decision.
#[derive(Debug, Clone)]
struct Core {
    value: f64,
    /// Token index just past it.
    end: usize,
    words: bool,
    year_like: bool,
    /// The power of ten a scale word applied, so "5 to 10 million" can scale the low end.
    scale: i32,
    /// Exactly the word "one", which counts only in a clear count.
    lone_one: bool,
    /// The phrase of a vague plural ("hundreds of"), which is reported as the hedge.
    hedge: Option<String>,
    unit: Option<String>,
}

struct Scanner<'a> {
    text: &'a str,
    t: &'a [Tok],
    out: &'a mut Vec<Quantity>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.t.len() {
            i = self.step(i).max(i + 1);
        }
    }

    fn step(&mut self, i: usize) -> usize {
        let Some(tok) = self.t.get(i) else {
            return i + 1;
        };
        match tok.kind {
            Kind::Word(Wc::Other) => i + 1,
            Kind::Word(Wc::Hedge | Wc::Between) => self
                .hedged(i)
                .or_else(|| self.number(i, None))
                .unwrap_or(i + 1),
            Kind::Word(Wc::Month(..) | Wc::Weekday) => self.date(i).unwrap_or(i + 1),
            Kind::Word(_) => self.number(i, None).unwrap_or(i + 1),
            Kind::Num { .. } => {
                if self.in_digit_run(i) {
                    let mut k = i + 1;
                    while self.is_num(k) && !self.glued(k) {
                        k += 1;
                    }
                    return k;
                }
                if let Some(next) = self.date(i).or_else(|| self.number(i, None)) {
                    next
                } else {
                    self.skip_label_list(i)
                }
            }
            Kind::Punct(c) if currency(c).is_some() => self.number(i, None).unwrap_or(i + 1),
            Kind::Punct(_) => i + 1,
        }
    }

    // ---- token helpers ----

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.t.get(i)
    }

    fn txt(&self, i: usize) -> &str {
        self.t
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn wc(&self, i: usize) -> Option<Wc> {
        match self.tok(i)?.kind {
            Kind::Word(c) => Some(c),
            _ => None,
        }
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.wc(i).is_some() && self.txt(i).eq_ignore_ascii_case(w)
    }

    fn word_in(&self, i: usize, list: &[&str]) -> bool {
        self.wc(i).is_some() && contains(list, self.txt(i))
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.tok(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    /// Token `i` touches the one before it.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.gap)
    }

    fn is_num(&self, i: usize) -> bool {
        matches!(self.tok(i).map(|t| t.kind), Some(Kind::Num { .. }))
    }

    fn plain_num(&self, i: usize, max_digits: usize) -> Option<u32> {
        match self.tok(i)?.kind {
            Kind::Num {
                plain: true,
                digits,
            } if digits <= max_digits => self.txt(i).parse().ok(),
            _ => None,
        }
    }

    fn span(&self, first: usize, last_excl: usize) -> Range<usize> {
        let start = self.tok(first).map_or(0, |t| t.start);
        let end = last_excl
            .checked_sub(1)
            .and_then(|l| self.tok(l))
            .map_or(start, |t| t.end);
        start..end.max(start)
    }

    fn push_date(&mut self, range: Range<usize>, iso: String) {
        self.out.push(Quantity {
            range,
            value: Value::Date { iso },
        });
    }

    /// Capitalised number words count only where a sentence or line starts.
    fn sentence_start(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let nl = self
            .tok(i - 1)
            .zip(self.tok(i))
            .and_then(|(a, b)| self.text.get(a.end..b.start))
            .is_some_and(|gap| gap.contains('\n'));
        nl || matches!(
            self.punct(i - 1),
            Some(
                '.' | '!'
                    | '?'
                    | ':'
                    | ';'
                    | '"'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{2018}'
                    | '('
                    | '['
                    | '\u{ab}'
                    | '\u{201e}'
                    | '\u{2026}'
            )
        )
    }

    /// Glued to something on the left that makes it part of an id, a time or a version.
    fn embedded_left(&self, i: usize) -> bool {
        if i == 0 || !self.glued(i) {
            return false;
        }
        match self.tok(i - 1).map(|t| t.kind) {
            Some(Kind::Word(_) | Kind::Num { .. }) => true,
            Some(Kind::Punct(c)) => match c {
                '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => {
                    // "mid-1990s", "pre-2020" are periods; "COVID-19", "Su-25" are names.
                    i >= 2
                        && self.glued(i - 1)
                        && matches!(
                            self.tok(i - 2).map(|t| t.kind),
                            Some(Kind::Word(_) | Kind::Num { .. })
                        )
                        && !self.word_in(i - 2, &["mid", "pre", "post", "early", "late"])
                }
                ':' | '/' | '\\' | '.' | ',' | '#' | '+' | '_' | '@' | '&' | '=' | '\u{2116}'
                | '\u{d7}' | '*' | '^' | '|' => true,
                _ => false,
            },
            None => false,
        }
    }

    /// Nothing glued on the right that would make token `i` part of a bigger code.
    fn clean_right(&self, i: usize) -> bool {
        let k = i + 1;
        if !self.glued(k) {
            return true;
        }
        match self.tok(k).map(|t| t.kind) {
            Some(Kind::Word(_) | Kind::Num { .. }) => false,
            Some(Kind::Punct(c)) => match c {
                ':' | '/' | '\\' | '_' | '@' | '=' | '%' | '\u{d7}' => false,
                '.' | ',' => !(self.glued(k + 1) && self.is_num(k + 1)),
                _ => true,
            },
            None => true,
        }
    }

    /// "978-3-16", "555-12-34": three or more numbers joined by dashes are a code.
    fn dash_chain(&self, j: usize) -> bool {
        let dash = |k: usize| self.punct(k) == Some('-') && self.glued(k) && self.glued(k + 1);
        dash(j + 1) && self.is_num(j + 2) && dash(j + 3) && self.is_num(j + 4)
    }

    /// Standalone numbers with only spaces between them ("+994 12 345 67 89") are a phone
    /// number or a code, not figures. A neighbour that is part of a time ("05:05 25 Nov")
    /// does not count.
    fn in_digit_run(&self, i: usize) -> bool {
        if self.glued(i) {
            return false;
        }
        let left = i > 0 && self.is_num(i - 1) && !self.glued(i - 1);
        let right = self.is_num(i + 1)
            && !self.glued(i + 1)
            && (!self.glued(i + 2) || matches!(self.punct(i + 2), Some(',' | '.' | ';' | ')')));
        left || right
    }

    /// A clock time "17:10" (optionally ":05"), returning hours, minutes and the end.
    fn clock(&self, i: usize) -> Option<((u32, u32), usize)> {
        let h = self.plain_num(i, 2)?;
        if self.punct(i + 1) != Some(':') || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let m = self.plain_num(i + 2, 2)?;
        if h > 23 || m > 59 || self.txt(i + 2).len() != 2 {
            return None;
        }
        let mut end = i + 3;
        if self.punct(end) == Some(':')
            && self.glued(end)
            && self.glued(end + 1)
            && self.plain_num(end + 1, 2).is_some()
        {
            end += 2;
        }
        Some(((h, m), end))
    }

    // ---- numbers ----

    fn hedged(&mut self, i: usize) -> Option<usize> {
        if self.wc(i) == Some(Wc::Between) {
            return self.number(i + 1, Some((None, i)));
        }
        let (phrase, next) = HEDGES.iter().find_map(|phrase| {
            let ok = phrase
                .iter()
                .enumerate()
                .all(|(k, w)| self.is_word(i + k, w));
            ok.then(|| (phrase.join(" "), i + phrase.len()))
        })?;
        self.number(next, Some((Some(phrase), i)))
    }

    /// A number (or, for a lone four-digit year, a date) starting at token `i`. `lead` is the
    /// hedge phrase and the token it starts at; `Some((None, k))` means "between" at `k`.
    fn number(&mut self, i: usize, lead: Option<(Option<String>, usize)>) -> Option<usize> {
        let (hedge, lead_at) = match lead {
            Some((Some(h), at)) => (Some(h), Some(at)),
            Some((None, at)) => (None, Some(at)),
            None => (None, None),
        };
        let is_between = lead_at.is_some() && hedge.is_none();
        let mut j = i;
        let mut money = None;
        if let Some(c) = self.punct(j) {
            let name = currency(c)?;
            if !(self.is_num(j + 1) && self.glued(j + 1)) {
                return None;
            }
            money = Some(name);
            j += 1;
        }
        let several = hedge.as_deref() == Some("several");
        if several && self.wc(j).is_none() {
            return None;
        }
        let mut core = self.core(j, hedge.is_some(), money.is_some(), several, false)?;
        // "one in five residents", "1 in 3 families": a ratio, which no field here can hold.
        if self.is_word(core.end, "in") && self.ratio_denominator(core.end + 1) {
            return Some(core.end + 2);
        }
        if core.lone_one && hedge.is_none() && !self.one_counts(core.end) {
            return None;
        }

        // Ranges.
        let mut low_high = None;
        let mut k = core.end;
        if core.hedge.is_none()
            && let Some((core2, after)) = self.range_tail(&core, is_between)
        {
            // "1992-1994", "1988–94", "from 1992 to 1994": two years, not a range of counts.
            let short_year = !core2.words
                && core2.value < 100.0
                && self.txt(core.end + 1).len() == 2
                && self.punct(core.end).is_some();
            let second = if core2.year_like {
                Some(core2.value)
            } else if short_year {
                Some((core.value / 100.0).floor() * 100.0 + core2.value)
            } else {
                None
            };
            let years = core.year_like
                && second.is_some_and(|y| y > core.value)
                && !self.counted_after(after);
            if let (true, Some(second)) = (years, second) {
                let first = self.span(j, core.end);
                self.push_date(first, format!("{:04}", core.value));
                let second_span = self.span(core.end + 1, after);
                self.push_date(second_span, format!("{second:04}"));
                return Some(after);
            } else {
                let mut low = core.value;
                let mut high = core2.value;
                if core2.scale > 0 && core.scale == 0 {
                    low = rescale(low, core2.scale);
                }
                if core2.scale == 0 && core.scale > 0 {
                    high = rescale(high, core.scale);
                }
                if high > low {
                    low_high = Some((low, high));
                    k = after;
                    core.year_like = false;
                    core.value = low;
                    if core.unit.is_none() {
                        core.unit = core2.unit.clone();
                    }
                }
            }
        }
        if is_between && low_high.is_none() {
            return None;
        }

        // Unit.
        let mut closed = false;
        let mut unit = core.unit.clone();
        if unit.is_some() {
            closed = true;
        } else if self.punct(k) == Some('%') && self.glued(k) {
            unit = Some("percent".to_string());
            closed = true;
            k += 1;
        } else if matches!(self.punct(k), Some('-' | '\u{2010}' | '\u{2011}'))
            && self.glued(k)
            && self.glued(k + 1)
            && self.wc(k + 1).is_some()
        {
            if self.word_in(k + 1, HYPHEN_UNITS) {
                let mut u = self.txt(k + 1).to_lowercase();
                k += 2;
                if self.punct(k) == Some('-') && self.glued(k) && self.is_word(k + 1, "old") {
                    u.push_str("-old");
                    k += 2;
                }
                unit = Some(u);
                closed = true;
            } else if core.words {
                // "one-way", "two-thirds", "three-party": a compound adjective, not a figure.
                return None;
            }
        } else if let Some((u, after, is_closed)) = self.unit_after(k)
            && (!core.year_like || is_closed)
        {
            // A loose plural after a year ("in 2020 elections") leaves it a year.
            unit = Some(u);
            k = after;
            closed = is_closed;
        }
        if unit.as_deref().is_some_and(|u| contains(FRACTIONS, u)) {
            // "two thirds", "three quarters": a share, not a count of thirds.
            return Some(k);
        }
        if core.lone_one && hedge.is_none() {
            let singular = unit.as_deref().is_some_and(|u| contains(ONE_UNITS, u));
            if !singular {
                return None;
            }
        }
        if unit.is_none() {
            unit = money.map(str::to_string);
        }

        if core.year_like && low_high.is_none() && !closed && money.is_none() {
            // Even "around 1900" is a year: the hedge then qualifies a date, which `Value`
            // cannot carry, so the date stands alone.
            let range = self.span(j, core.end);
            let year = format!("{:04}", core.value);
            self.push_date(range, year);
            return Some(core.end);
        }

        let start = lead_at.unwrap_or(i);
        let hedge = core.hedge.clone().or(hedge);
        self.out.push(Quantity {
            range: self.span(start, k),
            value: Value::Number {
                value: core.value,
                low: low_high.map(|(l, _)| l),
                high: low_high.map(|(_, h)| h),
                hedge,
                unit,
            },
        });
        Some(k)
    }

    /// A small number after "in" (not a year, as in "5 in 2020").
    fn ratio_denominator(&self, k: usize) -> bool {
        match self.tok(k).map(|t| t.kind) {
            Some(Kind::Num { plain, digits }) => plain && digits <= 3,
            Some(Kind::Word(Wc::Small(_) | Wc::Tens(_))) => true,
            _ => false,
        }
    }

    /// Whether "one" at the end of `end` is followed by a singular unit ("one year").
    fn one_counts(&self, end: usize) -> bool {
        self.word_in(end, ONE_UNITS)
            || (self.punct(end) == Some('-')
                && self.glued(end)
                && self.word_in(end + 1, HYPHEN_UNITS))
    }

    /// A closed-list unit right after `k`, which makes a four-digit number a count.
    fn counted_after(&self, k: usize) -> bool {
        self.unit_after(k).is_some_and(|(_, _, closed)| closed)
            || (self.punct(k) == Some('%') && self.glued(k))
    }

    fn core(
        &self,
        j: usize,
        hedged: bool,
        money: bool,
        bare_scale_ok: bool,
        range_end: bool,
    ) -> Option<Core> {
        let tok = *self.tok(j)?;
        match tok.kind {
            Kind::Num { plain, digits } => {
                if !range_end && !money && self.embedded_left(j) {
                    return None;
                }
                if !hedged && !money && !range_end && self.label_before(j) {
                    return None;
                }
                let s = self.txt(j);
                if plain && digits > 1 && s.starts_with('0') {
                    return None;
                }
                if self.clock(j).is_some() || self.is_time_suffix(j + 1) || self.dash_chain(j) {
                    return None;
                }
                let mut k = j + 1;
                let mut scale = 0;
                let mut unit = None;
                let mut value = parse_num(s)?;
                if self.glued(k) && self.wc(k).is_some() {
                    let suffix = self.txt(k);
                    if is_ordinal_suffix(suffix) {
                        // Ordinals are only figures when they count centuries.
                        if self.is_word(k + 1, "century") || self.is_word(k + 1, "centuries") {
                            unit = Some(self.txt(k + 1).to_lowercase());
                            return Some(Core {
                                value,
                                end: k + 2,
                                words: false,
                                year_like: false,
                                scale: 0,
                                lone_one: false,
                                hedge: None,
                                unit,
                            });
                        }
                        return None;
                    }
                    if let Some(Wc::Scale(p)) = self.wc(k) {
                        scale = p;
                        k += 1;
                    } else if money && suffix.eq_ignore_ascii_case("m") {
                        scale = 6;
                        k += 1;
                    } else if money && suffix.eq_ignore_ascii_case("k") {
                        scale = 3;
                        k += 1;
                    } else if contains(GLUED_UNITS, suffix) {
                        unit = Some(suffix.to_lowercase());
                        k += 1;
                    } else {
                        return None;
                    }
                } else if !self.clean_right(j) && self.punct(j + 1) != Some('%') {
                    return None;
                }
                if scale == 0
                    && unit.is_none()
                    && let Some(Wc::Scale(p)) = self.wc(k)
                {
                    scale = p;
                    k += 1;
                }
                // "5 March", "25 November": a day, which the date rules read.
                if scale == 0 && unit.is_none() && self.month_at(k).is_some() {
                    return None;
                }
                if scale > 0 {
                    value = scaled_num(s, scale)?;
                }
                let year_like = plain
                    && digits == 4
                    && scale == 0
                    && unit.is_none()
                    && !money
                    && (1800.0..=2100.0).contains(&value);
                Some(Core {
                    value,
                    end: k,
                    words: false,
                    year_like,
                    scale,
                    lone_one: false,
                    hedge: None,
                    unit,
                })
            }
            Kind::Word(wc) => {
                if money {
                    return None;
                }
                let capital = self.txt(j).chars().next().is_some_and(char::is_uppercase);
                if capital && !self.sentence_start(j) && !hedged {
                    return None;
                }
                let bare = |base: f64| match self.wc(j + 1) {
                    Some(Wc::Scale(q)) if base < 10f64.powi(q) => (base * 10f64.powi(q), j + 2, q),
                    _ => (base, j + 1, 0),
                };
                let (value, end, scale, lone_one, hedge) = match wc {
                    Wc::Approx(v) => {
                        if hedged {
                            return None;
                        }
                        let (v, end) = self.approx(j, v)?;
                        let phrase = (j..end)
                            .map(|x| self.txt(x).to_lowercase())
                            .collect::<Vec<_>>()
                            .join(" ");
                        (v, end, 0, false, Some(phrase))
                    }
                    Wc::Half => {
                        if self.wc(j + 1) != Some(Wc::A) {
                            return None;
                        }
                        let (v, end, p) = match self.wc(j + 2)? {
                            Wc::Dozen => (12.0, j + 3, 0),
                            Wc::Hundred => (100.0, j + 3, 2),
                            Wc::Scale(p) => (10f64.powi(p), j + 3, p),
                            _ => return None,
                        };
                        (v * 0.5, end, p, false, None)
                    }
                    // "several thousand", "several hundred thousand"
                    Wc::Scale(p) if bare_scale_ok => {
                        let (v, end, q) = bare(10f64.powi(p));
                        (v, end, q.max(p), false, None)
                    }
                    Wc::Hundred if bare_scale_ok => {
                        let (v, end, q) = bare(100.0);
                        (v, end, q.max(2), false, None)
                    }
                    Wc::Dozen if bare_scale_ok => {
                        let (v, end, q) = bare(12.0);
                        (v, end, q, false, None)
                    }
                    _ if bare_scale_ok => return None,
                    _ => {
                        let (v, end, scale, lone) = self.words(j)?;
                        (v, end, scale, lone, None)
                    }
                };
                Some(Core {
                    value,
                    end,
                    words: true,
                    year_like: false,
                    scale,
                    lone_one,
                    hedge,
                    unit: None,
                })
            }
            Kind::Punct(_) => None,
        }
    }

    /// "hundreds of", "tens of thousands of", "thousands": value and end.
    fn approx(&self, j: usize, v: f64) -> Option<(f64, usize)> {
        let mut value = v;
        let mut k = j + 1;
        if self.is_word(k, "of")
            && let Some(Wc::Approx(w)) = self.wc(k + 1)
            && w > v
            && w >= 1e3
        {
            value *= w;
            k += 2;
        } else if v == 10.0 {
            // "tens" alone is no figure.
            return None;
        }
        if self.is_word(k, "of") && self.wc(k + 1).is_some() {
            k += 1;
        }
        Some((value, k))
    }

    /// Number words from `j`: value, end, the smallest scale word's power of ten, and
    /// whether it is just the word "one".
    fn words(&self, j: usize) -> Option<(f64, usize, i32, bool)> {
        let mut total = 0.0;
        let mut k = j;
        let mut last_scale = i32::MAX;
        while let Some((group, after)) = self.under_thousand(k) {
            if let Some(Wc::Scale(p)) = self.wc(after)
                && p < last_scale
            {
                total += group * 10f64.powi(p);
                last_scale = p;
                k = after + 1;
                // "two thousand and five"
                if self.is_word(k, "and")
                    && let Some((g2, a2)) = self.under_thousand(k + 1)
                    && !matches!(self.wc(a2), Some(Wc::Scale(_)))
                    && g2 < 100.0
                {
                    total += g2;
                    k = a2;
                    break;
                }
                continue;
            }
            total += group;
            k = after;
            break;
        }
        if k == j {
            return None;
        }
        let lone_one = k == j + 1 && self.is_word(j, "one");
        let scale = if last_scale == i32::MAX {
            0
        } else {
            last_scale
        };
        Some((total, k, scale, lone_one))
    }

    /// One to 999 in words ("a hundred and five", "twenty-four", "two dozen").
    fn under_thousand(&self, j: usize) -> Option<(f64, usize)> {
        let mut k = j + 1;
        let mut v = match self.wc(j)? {
            Wc::Small(n) => f64::from(n),
            Wc::Tens(n) => {
                let mut v = f64::from(n);
                let hyphen = matches!(self.punct(k), Some('-' | '\u{2010}' | '\u{2011}'))
                    && self.glued(k)
                    && self.glued(k + 1);
                let next = if hyphen { k + 1 } else { k };
                if let Some(Wc::Small(m)) = self.wc(next)
                    && m < 10
                {
                    v += f64::from(m);
                    k = next + 1;
                }
                v
            }
            Wc::A => match self.wc(k)? {
                Wc::Hundred | Wc::Dozen | Wc::Scale(_) => 1.0,
                _ => return None,
            },
            _ => return None,
        };
        match self.wc(k) {
            Some(Wc::Hundred) if v < 10.0 => {
                v *= 100.0;
                k += 1;
                let mut r = k;
                if self.is_word(r, "and") {
                    r += 1;
                }
                if matches!(self.wc(r), Some(Wc::Small(_) | Wc::Tens(_)))
                    && let Some((rest, after)) = self.under_thousand(r)
                    && rest < 100.0
                {
                    v += rest;
                    k = after;
                }
            }
            Some(Wc::Dozen) if v < 10.0 => {
                v *= 12.0;
                k += 1;
            }
            _ => {}
        }
        Some((v, k))
    }

    /// "-600", "– 600", "to 300", "or three", "and 10" (after "between").
    fn range_tail(&self, core: &Core, between: bool) -> Option<(Core, usize)> {
        let k = core.end;
        let dash = matches!(
            self.punct(k),
            Some('-' | '\u{2013}' | '\u{2014}' | '\u{2010}')
        );
        let joined = if dash {
            let tight = self.glued(k) && self.glued(k + 1);
            let spaced = !self.glued(k) && !self.glued(k + 1);
            (tight || spaced) && !core.words
        } else if self.is_word(k, "to") || self.is_word(k, "or") {
            true
        } else {
            between && self.is_word(k, "and")
        };
        if !joined {
            return None;
        }
        let second = self.core(k + 1, true, false, false, true)?;
        if second.words != core.words || second.hedge.is_some() || second.lone_one {
            return None;
        }
        let end = second.end;
        Some((second, end))
    }

    /// The unit or counted noun at `k`: its text, the end, and whether it is a closed-list
    /// unit (strong enough to make "2000" a count).
    fn unit_after(&self, k: usize) -> Option<(String, usize, bool)> {
        self.wc(k)?;
        let w = self.txt(k);
        if w.eq_ignore_ascii_case("per") && self.is_word(k + 1, "cent") {
            return Some(("percent".to_string(), k + 2, true));
        }
        if w.eq_ignore_ascii_case("percentage")
            && (self.is_word(k + 1, "points") || self.is_word(k + 1, "point"))
        {
            return Some(("percentage points".to_string(), k + 2, true));
        }
        if (w.eq_ignore_ascii_case("square") || w.eq_ignore_ascii_case("cubic"))
            && self.word_in(k + 1, UNITS)
        {
            let u = format!("{} {}", w.to_lowercase(), self.txt(k + 1).to_lowercase());
            return Some((u, k + 2, true));
        }
        if contains(UNITS, w) && !self.hyphen_follows(k) {
            return Some((w.to_lowercase(), k + 1, true));
        }
        if plural_noun(w) && !self.hyphen_follows(k) {
            return Some((w.to_lowercase(), k + 1, false));
        }
        // One adjective may sit between: "23 separate locations", "200 Azerbaijani soldiers".
        if self.wc(k) == Some(Wc::Other)
            && !contains(FUNCTION_WORDS, w)
            && w.chars().count() >= 3
            && !self.glued(k + 1)
            && self.wc(k + 1).is_some()
            && !self.hyphen_follows(k + 1)
        {
            let n = self.txt(k + 1);
            if contains(UNITS, n) {
                return Some((n.to_lowercase(), k + 2, true));
            }
            if plural_noun(n) {
                return Some((n.to_lowercase(), k + 2, false));
            }
        }
        None
    }

    fn hyphen_follows(&self, k: usize) -> bool {
        matches!(self.punct(k + 1), Some('-' | '\u{2010}' | '\u{2011}'))
            && self.glued(k + 1)
            && self.glued(k + 2)
            && self.wc(k + 2).is_some()
    }

    /// "10 am", "10 p.m.", "1700 GMT": a time of day, not a figure.
    fn is_time_suffix(&self, k: usize) -> bool {
        let w = self.txt(k);
        if self.wc(k).is_none() {
            return false;
        }
        if ["am", "pm", "gmt", "utc", "hrs"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
        {
            return true;
        }
        (w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("p"))
            && self.punct(k + 1) == Some('.')
            && self.glued(k + 1)
            && self.is_word(k + 2, "m")
    }

    fn label_before(&self, j: usize) -> bool {
        if j == 0 {
            return false;
        }
        let mut p = j - 1;
        // "No. 5", "p. 12"
        if self.punct(p) == Some('.') && p > 0 {
            p -= 1;
        } else if self.is_word(p, "no") || self.is_word(p, "p") {
            // Without the full stop these are ordinary words ("no 5 people" is rare, but
            // "no more than" is handled as a hedge before we get here).
            return false;
        }
        self.word_in(p, LABELS)
    }

    /// Skips a number that counts for nothing, and after a label the whole list
    /// ("resolutions 822, 853, 874 and 884").
    fn skip_label_list(&self, i: usize) -> usize {
        if !self.label_before(i) {
            return i + 1;
        }
        let mut k = i + 1;
        loop {
            let sep = matches!(self.punct(k), Some(',' | '&' | '-' | '\u{2013}'))
                || self.is_word(k, "and")
                || self.is_word(k, "or");
            if sep && self.is_num(k + 1) {
                k += 2;
            } else {
                return k;
            }
        }
    }

    // ---- dates ----

    /// Month at `i` (and the token after it, past an abbreviation's full stop).
    fn month_at(&self, i: usize) -> Option<(u8, usize)> {
        let Some(Wc::Month(m, strict)) = self.wc(i) else {
            return None;
        };
        let w = self.txt(i);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let abbrev = w.len() <= 4
            && !w.eq_ignore_ascii_case("june")
            && !w.eq_ignore_ascii_case("july")
            && !w.eq_ignore_ascii_case("may");
        if (strict || abbrev) && !capital {
            return None;
        }
        let mut next = i + 1;
        if abbrev && self.punct(next) == Some('.') && self.glued(next) {
            next += 1;
        }
        Some((m, next))
    }

    /// A day of the month (with an ordinal suffix if any).
    fn day_at(&self, i: usize) -> Option<(u8, usize)> {
        self.day_after_dash(i, false)
    }

    /// `after_dash`: the second day of "9-10", whose glued dash is no sign of a code.
    fn day_after_dash(&self, i: usize, after_dash: bool) -> Option<(u8, usize)> {
        let d = self.plain_num(i, 2)?;
        if !(1..=31).contains(&d) || (!after_dash && self.embedded_left(i)) {
            return None;
        }
        let mut next = i + 1;
        if self.glued(next) && self.wc(next).is_some() {
            if !is_ordinal_suffix(self.txt(next)) {
                return None;
            }
            next += 1;
        }
        if self.glued(next)
            && !matches!(
                self.punct(next),
                Some(
                    ',' | '.'
                        | '-'
                        | '\u{2013}'
                        | ')'
                        | ';'
                        | '!'
                        | '?'
                        | '"'
                        | '\u{201d}'
                        | '\u{2019}'
                )
            )
        {
            return None;
        }
        if self.punct(next) == Some('.')
            && self.glued(next)
            && self.glued(next + 1)
            && self.is_num(next + 1)
        {
            return None;
        }
        u8::try_from(d).ok().map(|d| (d, next))
    }

    /// A year after a date's day or month: four digits that do not start a count.
    fn year_at(&self, i: usize) -> Option<(u32, usize)> {
        let y = self.plain_num(i, 4)?;
        if self.txt(i).len() != 4 || !(1000..=2999).contains(&y) || !self.clean_right(i) {
            return None;
        }
        if self.counted_after(i + 1) {
            return None;
        }
        Some((y, i + 1))
    }

    /// A time after a full date: "- 17:10", ", 13:48", "at 9:30".
    fn time_after(&self, k: usize) -> Option<((u32, u32), usize)> {
        if let Some(found) = self.clock(k) {
            return Some(found);
        }
        let sep = matches!(
            self.punct(k),
            Some('-' | '\u{2013}' | '\u{2014}' | ',' | '|' | '\u{b7}')
        ) || self.is_word(k, "at");
        if sep { self.clock(k + 1) } else { None }
    }

    fn date(&mut self, i: usize) -> Option<usize> {
        let mut j = i;
        if self.wc(j) == Some(Wc::Weekday) {
            j += 1;
            if self.punct(j) == Some(',') {
                j += 1;
            }
        }
        if j == i {
            if let Some(next) = self.iso_date(i) {
                return Some(next);
            }
            if let Some(next) = self.decade(i) {
                return Some(next);
            }
        }
        if let Some((m, k)) = self.month_at(j) {
            return self.month_first(i, m, k);
        }
        let (d, k) = self.day_at(j)?;
        self.day_first(i, d, k)
    }

    fn iso_date(&mut self, i: usize) -> Option<usize> {
        let y = self.plain_num(i, 4)?;
        if self.txt(i).len() != 4 || self.embedded_left(i) {
            return None;
        }
        let dash = |k: usize| self.punct(k) == Some('-') && self.glued(k) && self.glued(k + 1);
        if !dash(i + 1) || !dash(i + 3) {
            return None;
        }
        let m = self.plain_num(i + 2, 2)?;
        let d = self.plain_num(i + 4, 2)?;
        let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
        if self.txt(i + 2).len() != 2
            || self.txt(i + 4).len() != 2
            || !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(m)
        {
            return None;
        }
        let mut end = i + 5;
        let mut iso = format!("{y:04}-{m:02}-{d:02}");
        // "2023-09-28T17:10" or "2023-09-28 17:10"
        let t_glued = self.is_word(end, "T") && self.glued(end) && self.glued(end + 1);
        let clock_at = if t_glued { end + 1 } else { end };
        if let Some(((h, mi), after)) = self.clock(clock_at) {
            iso.push_str(&format!("T{h:02}:{mi:02}"));
            end = after;
        } else if !self.clean_right(i + 4) {
            return None;
        }
        let range = self.span(i, end);
        self.push_date(range, iso);
        Some(end)
    }

    /// "1990s"
    fn decade(&mut self, i: usize) -> Option<usize> {
        let y = self.plain_num(i, 4)?;
        if self.txt(i).len() != 4
            || y % 10 != 0
            || !(1000..=2090).contains(&y)
            || self.embedded_left(i)
            || !self.is_word(i + 1, "s")
            || !self.glued(i + 1)
            || !self.clean_right(i + 1)
        {
            return None;
        }
        let range = self.span(i, i + 2);
        self.push_date(range, format!("{y:04}s"));
        Some(i + 2)
    }

    fn month_first(&mut self, start: usize, m: u8, k: usize) -> Option<usize> {
        if let Some((d, mut k)) = self.day_at(k) {
            if d > days_in_month(m) {
                return None;
            }
            // "November 9-10"
            let mut second = None;
            if matches!(self.punct(k), Some('-' | '\u{2013}'))
                && self.glued(k)
                && self.glued(k + 1)
                && let Some((d2, k2)) = self.day_after_dash(k + 1, true)
                && d2 > d
                && d2 <= days_in_month(m)
            {
                second = Some((d2, k + 1, k2));
            }
            let first_end = k;
            if let Some((_, _, k2)) = second {
                k = k2;
            }
            let mut year = None;
            let comma = usize::from(self.punct(k) == Some(','));
            if let Some((y, after)) = self.year_at(k + comma) {
                year = Some(y);
                k = after;
            }
            let time = if year.is_some() && second.is_none() {
                self.time_after(k)
            } else {
                None
            };
            if let Some((_, after)) = time {
                k = after;
            }
            match second {
                Some((d2, s2, _)) => {
                    let first = self.span(start, first_end);
                    self.push_date(first, date_iso(year, m, d, None));
                    let second = self.span(s2, k);
                    self.push_date(second, date_iso(year, m, d2, None));
                }
                None => {
                    let range = self.span(start, k);
                    self.push_date(range, date_iso(year, m, d, time.map(|t| t.0)));
                }
            }
            return Some(k);
        }
        let (y, after) = self.year_at(k)?;
        if !(1800..=2100).contains(&y) {
            return None;
        }
        let range = self.span(start, after);
        self.push_date(range, format!("{y:04}-{m:02}"));
        Some(after)
    }

    fn day_first(&mut self, start: usize, d: u8, k: usize) -> Option<usize> {
        let of = usize::from(self.is_word(k, "of"));
        if let Some((m, after)) = self.month_at(k + of) {
            if d > days_in_month(m) {
                return None;
            }
            return Some(self.finish_day_month(start, d, m, after));
        }
        // "24 to Wednesday 25 November", "24-25 November"
        let dash = matches!(self.punct(k), Some('-' | '\u{2013}'));
        let word = ["to", "and", "until", "till"]
            .iter()
            .any(|w| self.is_word(k, w));
        if !dash && !word {
            return None;
        }
        let mut s2 = k + 1;
        let mut j = s2;
        if self.wc(j) == Some(Wc::Weekday) {
            j += 1;
            if self.punct(j) == Some(',') {
                j += 1;
            }
        }
        let (d2, k2) = self.day_after_dash(j, dash)?;
        let of = usize::from(self.is_word(k2, "of"));
        let (m, after) = self.month_at(k2 + of)?;
        if d2 <= d || d2 > days_in_month(m) {
            return None;
        }
        let (year, _) = self.date_tail(after);
        let first = self.span(start, k);
        self.push_date(first, date_iso(year, m, d, None));
        if dash && self.glued(k) {
            s2 = k + 1;
        }
        Some(self.finish_day_month(s2, d2, m, after))
    }

    /// The optional year (and, after it, time) following "Day Month".
    fn date_tail(&self, k: usize) -> (Option<u32>, usize) {
        let comma = usize::from(self.punct(k) == Some(','));
        match self.year_at(k + comma) {
            Some((y, after)) => (Some(y), after),
            None => (None, k),
        }
    }

    fn finish_day_month(&mut self, start: usize, d: u8, m: u8, after_month: usize) -> usize {
        let (year, mut k) = self.date_tail(after_month);
        let mut time = None;
        if year.is_some()
            && let Some((t, after)) = self.time_after(k)
        {
            time = Some(t);
            k = after;
        }
        let range = self.span(start, k);
        self.push_date(range, date_iso(year, m, d, time));
        k
    }
}

fn date_iso(year: Option<u32>, m: u8, d: u8, time: Option<(u32, u32)>) -> String {
    let mut s = match year {
        Some(y) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("--{m:02}-{d:02}"),
    };
    if let Some((h, mi)) = time {
        s.push_str(&format!("T{h:02}:{mi:02}"));
    }
    s
}

fn is_ordinal_suffix(s: &str) -> bool {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|x| s.eq_ignore_ascii_case(x))
}

fn currency(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("dollars"),
        '\u{20ac}' => Some("euros"),
        '\u{a3}' => Some("pounds"),
        '\u{20bc}' => Some("manat"),
        '\u{20bd}' => Some("rubles"),
        _ => None,
    }
}

/// Digits with separators removed, as a float.
fn parse_num(s: &str) -> Option<f64> {
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse().ok();
    }
    let clean: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    clean.parse().ok()
}

/// `s` times ten to the `p`, parsed in one go so "5.93 mln" is exactly 5930000.
fn scaled_num(s: &str, p: i32) -> Option<f64> {
    let clean: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    format!("{clean}e{p}").parse().ok()
}

fn rescale(v: f64, p: i32) -> f64 {
    format!("{v}e{p}").parse().unwrap_or(v * 10f64.powi(p))
}

/// A word that looks like a plural noun ("refugees", "Armenians", "locations").
fn plural_noun(w: &str) -> bool {
    let lower = w.to_lowercase();
    if lower.chars().count() < 4 || contains(NOT_PLURALS, &lower) {
        return false;
    }
    lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../assets/corpus/000_c7578c60d21c174b.txt");
    const SEED_001: &str = include_str!("../../assets/corpus/001_88d79b41f7afebc8.txt");
    const SEED_002: &str = include_str!("../../assets/corpus/002_ef07ea4504f32489.txt");
    const SEED_003: &str = include_str!("../../assets/corpus/003_47cd471fb8d6deea.txt");
    const SEED_004: &str = include_str!("../../assets/corpus/004_4e6cf89af3c18a31.txt");

    /// (covered text, value) pairs, for compact assertions.
    fn found(text: &str) -> Vec<(&str, Value)> {
        find_quantities(text)
            .into_iter()
            .map(|q| (&text[q.range], q.value))
            .collect()
    }

    fn date(iso: &str) -> Value {
        Value::Date {
            iso: iso.to_string(),
        }
    }

    fn num(value: f64, hedge: Option<&str>, unit: Option<&str>) -> Value {
        Value::Number {
            value,
            low: None,
            high: None,
            hedge: hedge.map(str::to_string),
            unit: unit.map(str::to_string),
        }
    }

    fn range(low: f64, high: f64, hedge: Option<&str>, unit: Option<&str>) -> Value {
        Value::Number {
            value: low,
            low: Some(low),
            high: Some(high),
            hedge: hedge.map(str::to_string),
            unit: unit.map(str::to_string),
        }
    }

    /// The value found for exactly `span` in `text`.
    fn at(text: &str, span: &str) -> Value {
        let all = found(text);
        all.iter()
            .find(|(s, _)| *s == span)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no quantity {span:?} in {all:?}"))
    }

    fn assert_none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    #[test]
    fn digits_separators_decimals_and_scales() {
        assert_eq!(at("It cost 15,000.", "15,000"), num(15000.0, None, None));
        assert_eq!(
            at("Some 120,000 people left.", "Some 120,000 people"),
            num(120000.0, Some("some"), Some("people"))
        );
        assert_eq!(at("a rate of 5.93 today", "5.93"), num(5.93, None, None));
        assert_eq!(
            at("exports of 5.93 mln tons", "5.93 mln tons"),
            num(5_930_000.0, None, Some("tons"))
        );
        assert_eq!(
            at("1.5 million voters", "1.5 million voters"),
            num(1_500_000.0, None, Some("voters"))
        );
        assert_eq!(
            at("50 thousand people", "50 thousand people"),
            num(50_000.0, None, Some("people"))
        );
        assert_eq!(
            at("a loan of $3bn was", "$3bn"),
            num(3e9, None, Some("dollars"))
        );
        // Plain spaces do not group thousands; such runs are phone numbers or codes.
        assert_none("call +994 12 345 67 89 or 1 234 567");
        assert_eq!(
            at("5\u{a0}000 people", "5\u{a0}000 people"),
            num(5000.0, None, Some("people"))
        );
    }

    #[test]
    fn number_words() {
        assert_eq!(
            at("in twenty-four hours", "twenty-four hours"),
            num(24.0, None, Some("hours"))
        );
        assert_eq!(
            at("forty-four days", "forty-four days"),
            num(44.0, None, Some("days"))
        );
        assert_eq!(
            at("the three countries", "three countries"),
            num(3.0, None, Some("countries"))
        );
        assert_eq!(
            at("ten months later", "ten months"),
            num(10.0, None, Some("months"))
        );
        assert_eq!(
            at("a dozen villages", "a dozen villages"),
            num(12.0, None, Some("villages"))
        );
        assert_eq!(
            at("two dozen eggs", "two dozen eggs"),
            num(24.0, None, Some("eggs"))
        );
        assert_eq!(
            at("at nine years of age", "nine years"),
            num(9.0, None, Some("years"))
        );
        assert_eq!(
            at("for two weeks", "two weeks"),
            num(2.0, None, Some("weeks"))
        );
        assert_eq!(
            at("for nearly three decades", "nearly three decades"),
            num(3.0, Some("nearly"), Some("decades"))
        );
        assert_eq!(
            at(
                "two hundred and fifty thousand refugees",
                "two hundred and fifty thousand refugees"
            ),
            num(250_000.0, None, Some("refugees"))
        );
        assert_eq!(
            at("Half a million refugees fled", "Half a million refugees"),
            num(500_000.0, None, Some("refugees"))
        );
        assert_eq!(
            at("about a million people", "about a million people"),
            num(1e6, Some("about"), Some("people"))
        );
        assert_eq!(
            at(
                "hundreds of Armenian soldiers",
                "hundreds of Armenian soldiers"
            ),
            num(100.0, Some("hundreds of"), Some("soldiers"))
        );
        assert_eq!(
            at("tens of thousands of people", "tens of thousands of people"),
            num(10_000.0, Some("tens of thousands of"), Some("people"))
        );
        assert_eq!(
            at("several thousand victims", "several thousand victims"),
            num(1000.0, Some("several"), Some("victims"))
        );
    }

    #[test]
    fn one_and_other_ordinary_words_are_left_alone() {
        assert_none("one of them, one another, no one, the one, once, one last time");
        assert_none("one anonymous soldier said so");
        assert_none("the Big Four firms; One Nation, Two States");
        assert_none("a one-way road and a two-thirds majority, half-eaten bread");
        assert_none("several different languages and a few more");
        assert_none("at least half of the population");
        assert_eq!(at("for one year", "one year"), num(1.0, None, Some("year")));
        assert_eq!(
            at("more than one", "more than one"),
            num(1.0, Some("more than"), None)
        );
    }

    #[test]
    fn ids_times_and_labels_are_not_numbers() {
        assert_none("The G7 met over COVID-19 in an A320 and a Su-25.");
        assert_none("at 05:05 and 17:10, at 10 pm, at 9 a.m.");
        assert_none("version 1.2.3 and 10/11/2020 and #5 and ISBN 978-3-16-148410-0");
        assert_none("one in five residents, 1 in 3 families, two thirds, three quarters of them");
        assert_none("UN Security Council resolutions 822, 853, 874 and 884 and Article 9");
        assert_none("the 5th Army and the 2nd round");
    }

    #[test]
    fn percentages_ranges_and_hyphen_units() {
        assert_eq!(
            at("rose 20 percent", "20 percent"),
            num(20.0, None, Some("percent"))
        );
        assert_eq!(
            at("rose 20% this year", "20%"),
            num(20.0, None, Some("percent"))
        );
        assert_eq!(
            at("about 20 per cent", "about 20 per cent"),
            num(20.0, Some("about"), Some("percent"))
        );
        assert_eq!(
            at("500-600 troops", "500-600 troops"),
            range(500.0, 600.0, None, Some("troops"))
        );
        assert_eq!(
            at("200 to 300 people", "200 to 300 people"),
            range(200.0, 300.0, None, Some("people"))
        );
        assert_eq!(
            at("between 5 and 10 km", "between 5 and 10 km"),
            range(5.0, 10.0, None, Some("km"))
        );
        assert_eq!(
            at("5 to 10 million", "5 to 10 million"),
            range(5e6, 1e7, None, None)
        );
        assert_eq!(
            at("two or three days", "two or three days"),
            range(2.0, 3.0, None, Some("days"))
        );
        assert_eq!(at("the 44-day war", "44-day"), num(44.0, None, Some("day")));
        assert_eq!(at("the 44-Day War", "44-Day"), num(44.0, None, Some("day")));
        assert_eq!(
            at("a 53-year-old mason", "53-year-old"),
            num(53.0, None, Some("year-old"))
        );
        assert_eq!(
            at("a three-day truce", "three-day"),
            num(3.0, None, Some("day"))
        );
        assert_eq!(
            at("the 12th century church", "12th century"),
            num(12.0, None, Some("century"))
        );
        assert_eq!(
            at(
                "an area of 4,400 square kilometers",
                "4,400 square kilometers"
            ),
            num(4400.0, None, Some("square kilometers"))
        );
        assert_eq!(
            at("approximately 500-suffered injuries", "approximately 500"),
            num(500.0, Some("approximately"), None)
        );
    }

    #[test]
    fn years_and_decades() {
        assert_eq!(found("in 1994, the war"), vec![("1994", date("1994"))]);
        assert_eq!(found("the 2020 war"), vec![("2020", date("2020"))]);
        assert_eq!(found("in the 1990s"), vec![("1990s", date("1990s"))]);
        assert_eq!(
            found("In 2020 elections were held"),
            vec![("2020", date("2020"))]
        );
        assert_eq!(
            at("sent 2000 peacekeepers", "2000 peacekeepers"),
            num(2000.0, None, Some("peacekeepers"))
        );
        assert_eq!(
            at("it had 4,400 people", "4,400 people"),
            num(4400.0, None, Some("people"))
        );
        assert_eq!(
            at("some 1,994 votes", "some 1,994 votes"),
            num(1994.0, Some("some"), Some("votes"))
        );
        assert_eq!(
            found("from 1992-1994 and 1988–94"),
            vec![
                ("1992", date("1992")),
                ("1994", date("1994")),
                ("1988", date("1988")),
                ("94", date("1994")),
            ]
        );
        assert_eq!(
            found("between 1992 and 1994"),
            vec![("1992", date("1992")), ("1994", date("1994"))]
        );
    }

    #[test]
    fn full_dates() {
        let cases = [
            ("as of December 1, 2020.", "December 1, 2020", "2020-12-01"),
            ("the 1 December 2020 deal", "1 December 2020", "2020-12-01"),
            (
                "the 10 November 2020 agreement",
                "10 November 2020",
                "2020-11-10",
            ),
            ("on November 10, 2020 it", "November 10, 2020", "2020-11-10"),
            (
                "Sunday, September 27, 2020, clashes",
                "Sunday, September 27, 2020",
                "2020-09-27",
            ),
            ("the September 9 elections", "September 9", "--09-09"),
            ("the October 30 rally", "October 30", "--10-30"),
            ("on the 25th of November", "25th of November", "--11-25"),
            ("held on 2023-09-28.", "2023-09-28", "2023-09-28"),
            (
                "at 2023-09-28T17:10 local",
                "2023-09-28T17:10",
                "2023-09-28T17:10",
            ),
            (
                "28 September 2023 - 17:10",
                "28 September 2023 - 17:10",
                "2023-09-28T17:10",
            ),
            ("in November 2020 the", "November 2020", "2020-11"),
            ("on Dec. 5, 1999 he", "Dec. 5, 1999", "1999-12-05"),
        ];
        for (text, span, iso) in cases {
            assert_eq!(found(text), vec![(span, date(iso))], "in {text:?}");
        }
        assert_eq!(
            found("on the night of Tuesday 24 to Wednesday 25 November, bordering"),
            vec![
                ("Tuesday 24", date("--11-24")),
                ("Wednesday 25 November", date("--11-25"))
            ]
        );
        assert_eq!(
            found("held November 9-10, 2020"),
            vec![
                ("November 9", date("2020-11-09")),
                ("10, 2020", date("2020-11-10"))
            ]
        );
        // A bare month, and "may"/"march" as ordinary words, are no dates.
        assert_none("in November the troops may march on");
        assert_eq!(
            found("from 24-25 November 2020"),
            vec![
                ("24", date("2020-11-24")),
                ("25 November 2020", date("2020-11-25"))
            ]
        );
        assert_eq!(at("they may 5 km", "5 km"), num(5.0, None, Some("km")));
    }

    #[test]
    fn never_panics_and_ranges_are_on_char_boundaries() {
        let nasty = [
            "",
            "\u{feff}",
            "99999999999999999999999 people",
            "1,000,000,000,000,000,000,000,000,000.5",
            "ü1ü2ü 3ü ü4",
            "٣ ١٢ 12٣",
            "5\u{a0}000 Menschen, 5\u{202f}000 personnes, 1\u{a0}",
            "-1 -- 2-- --3 4- 1-2-3-4 -",
            "$ $$1 €€ 5€ £",
            "December 99, 2020 and 31 February and 2023-13-45 and 2023-02-30",
            "1st 2nd 3rd 4th 11th 21st century 1900s 1990's 2020s",
            "half a half a a a a million a",
            "twenty-twenty-twenty-four hundred hundred thousand million billion trillion",
            "between between 5 and and 6 to to 7",
            "Tuesday 24 to Wednesday",
            "\n\n1\n2\n\n",
            "Ⅻ ½ ¾ 5½ 12³",
            "日本 2020年 10月 5日",
            "‘’“”«»„ 44-",
            "1.",
            "1,",
            "1,00",
            ".5",
        ];
        for text in nasty {
            let qs = find_quantities(text);
            let mut last = 0;
            for q in &qs {
                assert!(q.range.start >= last, "overlap in {text:?}: {qs:?}");
                assert!(q.range.start <= q.range.end && q.range.end <= text.len());
                assert!(text.is_char_boundary(q.range.start) && text.is_char_boundary(q.range.end));
                last = q.range.end;
            }
        }
        assert_eq!(
            at(
                "99999999999999999999999 people",
                "99999999999999999999999 people"
            ),
            num(1e23, None, Some("people"))
        );
    }

    #[test]
    fn a_very_long_line_is_read_in_pieces_without_losing_figures() {
        let sentence = "In 1994 about 5,000 people left. ";
        let text = sentence.repeat(10_000);
        let qs = find_quantities(&text);
        assert_eq!(qs.len(), 20_000);
        for (k, q) in qs.iter().enumerate() {
            let base = (k / 2) * sentence.len();
            let want = if k % 2 == 0 { 3..7 } else { 8..26 };
            assert_eq!(q.range, base + want.start..base + want.end);
        }
        let unspaced = "x".repeat(200_000) + " 5 people";
        assert_eq!(find_quantities(&unspaced).len(), 1);
    }

    #[test]
    fn seed_000() {
        let t = SEED_000;
        assert_eq!(
            at(t, "approximately 15,000 people"),
            num(15000.0, Some("approximately"), Some("people"))
        );
        assert_eq!(at(t, "about 70,000"), num(70000.0, Some("about"), None));
        assert_eq!(
            at(t, "no more than 30,000 Armenians"),
            num(30000.0, Some("no more than"), Some("armenians"))
        );
        assert_eq!(at(t, "31 October 2022 - 13:48"), date("2022-10-31T13:48"));
        assert_eq!(at(t, "October 30"), date("--10-30"));
        assert!(!found(t).iter().any(|(s, _)| s.contains("Four")));
    }

    #[test]
    fn seed_001() {
        let t = SEED_001;
        assert_eq!(at(t, "28 years"), num(28.0, None, Some("years")));
        assert_eq!(at(t, "44-Day"), num(44.0, None, Some("day")));
        assert_eq!(at(t, "December 1, 2020"), date("2020-12-01"));
        assert_eq!(
            at(t, "50 thousand people"),
            num(50000.0, None, Some("people"))
        );
        assert_eq!(at(t, "80 thousand"), num(80000.0, None, None));
        assert_eq!(at(t, "30 kilometers"), num(30.0, None, Some("kilometers")));
        assert_eq!(at(t, "10 kilometers"), num(10.0, None, Some("kilometers")));
        assert_eq!(at(t, "5 kilometers"), num(5.0, None, Some("kilometers")));
        assert_eq!(at(t, "10 November 2020"), date("2020-11-10"));
        assert_eq!(at(t, "November 10, 2020"), date("2020-11-10"));
        assert_eq!(at(t, "December 10, 1991"), date("1991-12-10"));
        assert_eq!(at(t, "Sunday, September 27, 2020"), date("2020-09-27"));
        assert_eq!(
            at(t, "about 20 percent"),
            num(20.0, Some("about"), Some("percent"))
        );
        assert_eq!(
            at(t, "4,400 square kilometers"),
            num(4400.0, None, Some("square kilometers"))
        );
        assert_eq!(
            at(t, "Half a million refugees"),
            num(500_000.0, None, Some("refugees"))
        );
        assert_eq!(
            at(t, "about a million people"),
            num(1e6, Some("about"), Some("people"))
        );
        assert_eq!(
            at(t, "26 thousand migrants"),
            num(26000.0, None, Some("migrants"))
        );
        assert_eq!(
            at(t, "23 separate locations"),
            num(23.0, None, Some("locations"))
        );
        assert_eq!(at(t, "1990s"), date("1990s"));
        assert_eq!(at(t, "1991"), date("1991"));
        // "One Nation, Two States" is a slogan, not a count.
        assert!(
            !found(t)
                .iter()
                .any(|(s, _)| s.contains("Two") || s.contains("One"))
        );
    }

    #[test]
    fn seed_002() {
        let t = SEED_002;
        assert_eq!(
            at(t, "More than 6,000 people"),
            num(6000.0, Some("more than"), Some("people"))
        );
        assert_eq!(
            at(t, "around 2,000 peacekeepers"),
            num(2000.0, Some("around"), Some("peacekeepers"))
        );
        assert_eq!(
            at(t, "nearly three decades"),
            num(3.0, Some("nearly"), Some("decades"))
        );
        assert_eq!(at(t, "24 hours"), num(24.0, None, Some("hours")));
        assert_eq!(at(t, "1994"), date("1994"));
        assert_eq!(at(t, "September 9"), date("--09-09"));
        assert_eq!(at(t, "44-day"), num(44.0, None, Some("day")));
    }

    #[test]
    fn seed_003() {
        let t = SEED_003;
        assert_eq!(
            at(t, "almost 7,000 military personnel"),
            num(7000.0, Some("almost"), Some("personnel"))
        );
        assert_eq!(at(t, "170 civilians"), num(170.0, None, Some("civilians")));
        assert_eq!(
            at(t, "nearly 120,000 Armenians"),
            num(120_000.0, Some("nearly"), Some("armenians"))
        );
        assert_eq!(
            at(t, "around 200 Azerbaijani soldiers"),
            num(200.0, Some("around"), Some("soldiers"))
        );
        assert_eq!(
            at(t, "approximately 500"),
            num(500.0, Some("approximately"), None)
        );
        assert_eq!(
            at(t, "under twenty-four hours"),
            num(24.0, Some("under"), Some("hours"))
        );
        assert_eq!(at(t, "1993"), date("1993"));
        assert_eq!(at(t, "1990s"), date("1990s"));
        assert_eq!(at(t, "ten months"), num(10.0, None, Some("months")));
        assert_eq!(at(t, "nine years"), num(9.0, None, Some("years")));
        assert_eq!(
            at(t, "hundreds of Armenian soldiers"),
            num(100.0, Some("hundreds of"), Some("soldiers"))
        );
        assert!(
            !found(t)
                .iter()
                .any(|(s, _)| s.starts_with("half") || s.starts_with("one"))
        );
    }

    #[test]
    fn seed_004() {
        let t = SEED_004;
        assert_eq!(
            at(t, "2,000 Russian peacekeepers"),
            num(2000.0, None, Some("peacekeepers"))
        );
        assert_eq!(
            at(t, "13,000 refugees"),
            num(13000.0, None, Some("refugees"))
        );
        assert_eq!(
            at(t, "121 settlements"),
            num(121.0, None, Some("settlements"))
        );
        assert_eq!(
            at(t, "nearly 30 years"),
            num(30.0, Some("nearly"), Some("years"))
        );
        assert_eq!(at(t, "25 years"), num(25.0, None, Some("years")));
        assert_eq!(at(t, "12th century"), num(12.0, None, Some("century")));
        assert_eq!(at(t, "November 25"), date("--11-25"));
        assert_eq!(at(t, "53-year-old"), num(53.0, None, Some("year-old")));
        assert_eq!(at(t, "Wednesday 25 November"), date("--11-25"));
        assert_eq!(at(t, "25\u{a0}november\u{a0} 2020"), date("2020-11-25"));
        assert_eq!(
            at(t, "several thousand victims"),
            num(1000.0, Some("several"), Some("victims"))
        );
        assert_eq!(
            at(t, "at least six houses"),
            num(6.0, Some("at least"), Some("houses"))
        );
        // The dateline's "05:05" is a time, and "one last time" is no count.
        assert!(
            !found(t)
                .iter()
                .any(|(s, _)| s.contains("05") || s.contains("last"))
        );
    }
}
