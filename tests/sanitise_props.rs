//! Property tests for the untrusted-text pipeline: decode, clean, sanitize_inline, segment.

use parallax::corpus::clean::{clean, sanitize_inline};
use parallax::corpus::decode::{Decoded, decode};
use parallax::corpus::segment::{Layout, MAX_PASSAGE_CHARS, Segmented, segment, sentences};
use proptest::prelude::*;

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{AD}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// Pieces that exercise every rule of the sanitiser, and text around them.
fn nasty_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Escape sequences, whole and truncated.
        Just("\x1b[31m".to_string()),
        Just("\x1b[0m".to_string()),
        Just("\x1b[2J\x1b[H".to_string()),
        Just("\x1b[?1049h".to_string()),
        Just("\x1b[".to_string()),
        Just("\x1b]0;pwned\x07".to_string()),
        Just("\x1b]8;;http://x\x1b\\".to_string()),
        Just("\x1b]2;unterminated".to_string()),
        Just("\x1bP1$r\x1b\\".to_string()),
        Just("\x1b_APC".to_string()),
        Just("\x1b(B".to_string()),
        Just("\x1b7".to_string()),
        Just("\x1b".to_string()),
        Just("\x1b\\".to_string()),
        // 8-bit C1 forms and other C1 controls.
        Just("\u{9B}1;2H".to_string()),
        Just("\u{9D}0;t\u{9C}".to_string()),
        Just("\u{90}dcs".to_string()),
        Just("\u{9C}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{80}\u{93}\u{9F}".to_string()),
        // Line breaks, tabs, C0 and DEL.
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\t".to_string()),
        Just("\u{0B}\u{0C}".to_string()),
        Just("\u{2028}\u{2029}".to_string()),
        Just("\0\x01\x07\x08\x7F".to_string()),
        // Bidi and invisible characters.
        Just("\u{202E}".to_string()),
        Just("\u{2066}\u{2069}".to_string()),
        Just("\u{200E}\u{200F}\u{61C}".to_string()),
        Just("\u{FEFF}\u{AD}\u{FFFB}\u{E0041}\u{FFFF}".to_string()),
        // Text that must survive, with sentence punctuation and markup.
        Just("Mr. Smith said 5.93. ".to_string()),
        Just("“Quoted.” Next! ".to_string()),
        Just("Xankəndi İşıq şəhər. ".to_string()),
        Just("Հայաստան։ 中文。😀\u{200D}👩 ".to_string()),
        Just("# Heading\n".to_string()),
        Just("- item *em* **b** `c` [l](u) ".to_string()),
        Just("```\ncode\n".to_string()),
        Just("> quote <!-- c --> ".to_string()),
        Just("snake_case * lone ".to_string()),
        Just(" ".to_string()),
        Just("\u{A0}".to_string()),
        "[a-zA-Z .,!?]{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

fn nasty_string() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_piece(), 0..40).prop_map(|v| v.concat())
}

/// Long strings, to reach the overlong-paragraph splitting.
fn long_string() -> impl Strategy<Value = String> {
    (nasty_string(), 1usize..600).prop_map(|(s, n)| s.repeat(n))
}

fn check_clean_text(t: &str) {
    for c in t.chars() {
        assert!(c == '\n' || !c.is_control(), "control {c:?} in {t:?}");
        assert!(!is_bidi(c), "bidi {c:?} in {t:?}");
        assert!(!is_hidden(c), "hidden {c:?} in {t:?}");
        assert!(!matches!(c, '\u{2028}' | '\u{2029}'), "separator in {t:?}");
    }
    assert!(!t.contains(['\x1b', '\t', '\r', '\x7f']));
}

fn check_segmented(s: &Segmented) {
    let mut last_end = 0;
    for (i, r) in s.paragraphs.iter().enumerate() {
        assert!(r.start < r.end, "empty paragraph {i}");
        assert!(r.end <= s.text.len());
        assert!(i == 0 || r.start > last_end, "overlap or disorder at {i}");
        assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
        let p = &s.text[r.clone()];
        assert_eq!(p, p.trim(), "untrimmed paragraph {i}");
        assert!(
            p.chars().count() <= MAX_PASSAGE_CHARS,
            "overlong paragraph {i}"
        );
        if i > 0 {
            assert_eq!(&s.text[last_end..r.start], "\n\n");
        }
        last_end = r.end;
        let mut at = r.start;
        for x in sentences(&s.text, r.clone()) {
            assert!(
                x.start >= at && x.start < x.end && x.end <= r.end,
                "sentence {x:?} in {r:?}"
            );
            assert!(s.text.is_char_boundary(x.start) && s.text.is_char_boundary(x.end));
            let t = &s.text[x.clone()];
            assert_eq!(t, t.trim());
            at = x.end;
        }
    }
    assert_eq!(last_end, s.text.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        match decode(&bytes) {
            Decoded::Text { text, replaced, .. } => {
                prop_assert!(!text.trim().is_empty());
                prop_assert!(replaced <= bytes.len() + 1);
            }
            Decoded::Binary(kind) => prop_assert!(!kind.is_empty()),
            Decoded::Empty => {}
        }
    }

    #[test]
    fn decode_of_valid_utf8_is_lossless(s in "\\PC{0,200}") {
        if let Decoded::Text { text, replaced, .. } = decode(s.as_bytes()) {
            prop_assert_eq!(replaced, 0);
            prop_assert_eq!(text.as_str(), s.strip_prefix('\u{FEFF}').unwrap_or(&s));
        }
    }

    #[test]
    fn decode_then_clean_is_safe(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Decoded::Text { text, .. } = decode(&bytes) {
            check_clean_text(&clean(&text).text);
        }
    }

    #[test]
    fn clean_removes_every_control(s in nasty_string()) {
        check_clean_text(&clean(&s).text);
    }

    #[test]
    fn clean_of_arbitrary_text_is_safe(s in any::<String>()) {
        check_clean_text(&clean(&s).text);
    }

    #[test]
    fn clean_is_idempotent(s in nasty_string()) {
        let once = clean(&s);
        let twice = clean(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(twice.removed(), 0);
    }

    #[test]
    fn clean_keeps_ordinary_text(s in "[a-zA-Z0-9 .,;:!?'\"()əışİçöüğ中😀\u{A0}\u{200D}\n-]{0,200}") {
        let c = clean(&s);
        prop_assert_eq!(c.removed(), 0);
        prop_assert_eq!(c.text, s);
    }

    #[test]
    fn inline_has_no_controls(s in nasty_string()) {
        let t = sanitize_inline(&s);
        prop_assert!(!t.chars().any(|c| c.is_control()), "{:?}", t);
        let bad = t.chars().any(|c| is_bidi(c) || is_hidden(c) || matches!(c, '\u{2028}' | '\u{2029}'));
        prop_assert!(!bad, "{:?}", t);
        let again = sanitize_inline(&t);
        prop_assert_eq!(t.as_ref(), again.as_ref());
    }

    #[test]
    fn segment_keeps_its_invariants(s in nasty_string()) {
        let cleaned = clean(&s).text;
        check_segmented(&segment(&cleaned, Layout::Plain));
        check_segmented(&segment(&cleaned, Layout::Markdown));
    }

    #[test]
    fn segment_of_raw_input_keeps_its_invariants(s in nasty_string()) {
        check_segmented(&segment(&s, Layout::Plain));
        check_segmented(&segment(&s, Layout::Markdown));
    }

    #[test]
    fn segment_of_arbitrary_text_keeps_its_invariants(s in any::<String>()) {
        check_segmented(&segment(&s, Layout::Plain));
        check_segmented(&segment(&s, Layout::Markdown));
    }

    #[test]
    fn sentences_never_panic_on_any_range(s in nasty_string(), a in 0usize..400, b in 0usize..400) {
        let ranges = sentences(&s, a.min(b)..a.max(b));
        let mut at = a.min(b);
        for r in ranges {
            prop_assert!(r.start >= at && r.start < r.end && r.end <= a.max(b));
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            at = r.end;
        }
    }
}

proptest! {
    // Fewer cases: each input is up to a few hundred kilobytes.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn long_input_splits_within_limits(s in long_string()) {
        let cleaned = clean(&s).text;
        check_segmented(&segment(&cleaned, Layout::Plain));
        check_segmented(&segment(&cleaned, Layout::Markdown));
    }

    #[test]
    fn long_unbroken_lines_split_within_limits(word in "[a-zə.!? ]{1,30}", n in 1usize..2000) {
        let line = word.repeat(n);
        check_segmented(&segment(&line, Layout::Plain));
    }
}

#[test]
fn osc_title_is_removed() {
    let c = clean("\x1b]0;pwned\x07Title");
    assert_eq!(c.text, "Title");
    assert_eq!(c.escapes, 1);
    assert_eq!(sanitize_inline("\x1b]0;pwned\x07Title"), "Title");
}

#[test]
fn screen_clearing_is_removed() {
    let c = clean("\x1b[2J\x1b[H");
    assert_eq!(c.text, "");
    assert_eq!(c.escapes, 2);
    assert!(segment(&c.text, Layout::Plain).paragraphs.is_empty());
}

#[test]
fn right_to_left_override_is_removed() {
    let c = clean("a\u{202E}b");
    assert_eq!(c.text, "ab");
    assert_eq!(c.bidi, 1);
    assert_eq!(sanitize_inline("a\u{202E}b"), "ab");
}

#[test]
fn file_name_spoofing_is_defused() {
    // "invoice\u{202E}fdp.exe" displays as "invoiceexe.pdf".
    assert_eq!(sanitize_inline("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    assert_eq!(sanitize_inline("a\nb\r\nc"), "a b c");
}

#[test]
fn binary_files_are_refused() {
    assert_eq!(
        decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Decoded::Binary("PNG image")
    );
    assert_eq!(decode(b"%PDF-1.4\n"), Decoded::Binary("PDF document"));
    assert!(matches!(decode(&[0u8; 100]), Decoded::Binary(_)));
    assert_eq!(decode(b"  \n\t"), Decoded::Empty);
}

#[test]
fn unterminated_osc_spares_the_next_line() {
    let c = clean("\x1b]0;no end\nKept line");
    assert_eq!(c.text, "\nKept line");
    let s = segment(&c.text, Layout::Plain);
    assert_eq!(s.text, "Kept line");
}

#[test]
fn twenty_megabyte_line_segments() {
    let line = "Word word, word. ".repeat(1_200_000);
    let s = segment(&line, Layout::Plain);
    assert!(s.paragraphs.len() > 5000);
    check_segmented(&s);
}
