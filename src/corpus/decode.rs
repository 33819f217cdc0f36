//! Bytes to text: BOMs, UTF-16, lossy UTF-8, and refusing binary files.

/// The result of decoding one file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text {
        text: String,
        /// How many invalid byte sequences were replaced with U+FFFD (0 for clean input).
        replaced: usize,
        /// "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE".
        encoding: &'static str,
    },
    /// Not text: the name of what it looks like ("PNG image", "NUL-heavy binary data").
    Binary(&'static str),
    /// Empty or only whitespace once decoded.
    Empty,
}

/// How much of the start of a file the binary heuristics look at; enough to be confident,
/// small enough that a 20 MB file costs nothing extra.
const SNIFF: usize = 8 * 1024;

/// The name used for binary files recognised by their NUL bytes rather than a signature.
pub const NUL_HEAVY: &str = "NUL-heavy binary data";
/// The name used for files full of C0 control bytes that no text would contain.
pub const CONTROL_HEAVY: &str = "binary data (control bytes)";

pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Decoded::Empty;
    }
    // UTF-32 BOMs are tested before UTF-16 because FF FE 00 00 also starts with the
    // UTF-16LE BOM, and reading UTF-32 as UTF-16 would interleave NULs into the text.
    let (text, replaced, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        let (t, r) = decode_utf32(rest, u32::from_le_bytes);
        (t, r, "UTF-32LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        let (t, r) = decode_utf32(rest, u32::from_be_bytes);
        (t, r, "UTF-32BE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if let Some(kind) = sniff_controls(rest) {
            return Decoded::Binary(kind);
        }
        let (t, r) = decode_utf8(rest);
        (t, r, "UTF-8")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, r) = decode_utf16(rest, u16::from_le_bytes);
        (t, r, "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, r) = decode_utf16(rest, u16::from_be_bytes);
        (t, r, "UTF-16BE")
    } else {
        if let Some(kind) = magic(bytes) {
            return Decoded::Binary(kind);
        }
        // Windows tools sometimes write UTF-16 without a BOM; its NULs would otherwise make
        // a perfectly good text file look like binary data.
        match bomless_utf16(bytes) {
            Some(Utf16::Le) => {
                let (t, r) = decode_utf16(bytes, u16::from_le_bytes);
                (t, r, "UTF-16LE")
            }
            Some(Utf16::Be) => {
                let (t, r) = decode_utf16(bytes, u16::from_be_bytes);
                (t, r, "UTF-16BE")
            }
            None => {
                if let Some(kind) = sniff_controls(bytes) {
                    return Decoded::Binary(kind);
                }
                let (t, r) = decode_utf8(bytes);
                (t, r, "UTF-8")
            }
        }
    };
    if encoding != "UTF-8" {
        // A BOM is two bytes any binary file could start with, so the decoded text gets the
        // same control-character check the bytes of a UTF-8 file get.
        if let Some(kind) = sniff_decoded(&text) {
            return Decoded::Binary(kind);
        }
    }
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        return Decoded::Empty;
    }
    Decoded::Text {
        text,
        replaced,
        encoding,
    }
}

/// UTF-8 with each maximal invalid subsequence replaced by one U+FFFD, as
/// `String::from_utf8_lossy` does, but counting the replacements so that U+FFFD already
/// present in the file is not reported as damage.
fn decode_utf8(bytes: &[u8]) -> (String, usize) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), 0);
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            replaced += 1;
        }
    }
    (text, replaced)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2 + 4);
    let mut replaced = 0;
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                text.push(char::REPLACEMENT_CHARACTER);
                replaced += 1;
            }
        }
    }
    if !bytes.len().is_multiple_of(2) {
        // A truncated final code unit.
        text.push(char::REPLACEMENT_CHARACTER);
        replaced += 1;
    }
    (text, replaced)
}

fn decode_utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len() / 4 + 4);
    let mut replaced = 0;
    for q in bytes.chunks_exact(4) {
        match char::from_u32(unit([q[0], q[1], q[2], q[3]])) {
            Some(c) => text.push(c),
            None => {
                text.push(char::REPLACEMENT_CHARACTER);
                replaced += 1;
            }
        }
    }
    if !bytes.len().is_multiple_of(4) {
        text.push(char::REPLACEMENT_CHARACTER);
        replaced += 1;
    }
    (text, replaced)
}

enum Utf16 {
    Le,
    Be,
}

/// UTF-16 without a BOM: mostly-Latin text has a NUL in nearly every other byte, always on
/// the same side, and almost never on the other.
fn bomless_utf16(bytes: &[u8]) -> Option<Utf16> {
    let sample = &bytes[..bytes.len().min(SNIFF) & !1];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // 60% on one side tolerates a fair amount of non-Latin text; 2% on the other side
    // tolerates a few U+0100-multiple code points.
    let heavy = |n: usize| n * 10 >= pairs * 6;
    let light = |n: usize| n * 50 <= pairs;
    if heavy(odd) && light(even) {
        Some(Utf16::Le)
    } else if heavy(even) && light(odd) {
        Some(Utf16::Be)
    } else {
        None
    }
}

/// Binary data without a known signature: NULs or C0 controls no text file contains.
fn sniff_controls(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(SNIFF)];
    let (mut nul, mut control) = (0usize, 0usize);
    for &b in sample {
        match b {
            0 => nul += 1,
            // Tab, line feed, VT, FF, CR and ESC turn up in real (if messy) text files;
            // the sanitiser deals with them.
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B => {}
            0x01..=0x1F => control += 1,
            _ => {}
        }
    }
    classify_counts(sample.len(), nul, control)
}

fn sniff_decoded(text: &str) -> Option<&'static str> {
    let (mut total, mut nul, mut control) = (0usize, 0usize, 0usize);
    for c in text.chars().take(SNIFF) {
        total += 1;
        match c {
            '\0' => nul += 1,
            '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{1B}' => {}
            '\u{01}'..='\u{1F}' => control += 1,
            _ => {}
        }
    }
    classify_counts(total, nul, control)
}

fn classify_counts(total: usize, nul: usize, control: usize) -> Option<&'static str> {
    // More than 1% NULs: one stray NUL in a real article is noise the sanitiser removes,
    // while binary formats are full of them. More than 5% other C0 controls: random or
    // compressed bytes have about 10%, text essentially none.
    if nul > 0 && nul * 100 > total {
        Some(NUL_HEAVY)
    } else if control > 0 && control * 20 > total {
        Some(CONTROL_HEAVY)
    } else {
        None
    }
}

/// File signatures of formats people are likely to point a reader at by mistake.
fn magic(b: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| b.starts_with(sig);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some("PNG image");
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Some("JPEG image");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("GIF image");
    }
    if starts(b"%PDF-") {
        return Some("PDF document");
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Some(zip_kind(b));
    }
    if starts(&[0x1F, 0x8B]) {
        return Some("gzip archive");
    }
    if is_bzip2(b) {
        return Some("bzip2 archive");
    }
    if starts(&[0xFD, b'7', b'z', b'X', b'Z', 0x00]) {
        return Some("xz archive");
    }
    if starts(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return Some("zstd archive");
    }
    if starts(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        return Some("7z archive");
    }
    if starts(b"Rar!\x1a\x07") {
        return Some("RAR archive");
    }
    if starts(b"\x7fELF") {
        return Some("ELF executable");
    }
    if starts(&[0xFE, 0xED, 0xFA, 0xCE])
        || starts(&[0xFE, 0xED, 0xFA, 0xCF])
        || starts(&[0xCE, 0xFA, 0xED, 0xFE])
        || starts(&[0xCF, 0xFA, 0xED, 0xFE])
    {
        return Some("Mach-O executable");
    }
    if starts(&[0xCA, 0xFE, 0xBA, 0xBE]) {
        return Some("Mach-O universal binary or Java class");
    }
    if starts(b"SQLite format 3\0") {
        return Some("SQLite database");
    }
    if starts(b"\0asm") {
        return Some("WebAssembly module");
    }
    if starts(b"OggS\0") {
        return Some("Ogg media");
    }
    if let Some(kind) = riff_kind(b) {
        return Some(kind);
    }
    // "ID3" alone could begin an English sentence; the version bytes after it cannot.
    if b.len() >= 5 && starts(b"ID3") && (2..=4).contains(&b[3]) && b[4] == 0 {
        return Some("MP3 audio");
    }
    if starts(&[0xFF, 0xFB]) || starts(&[0xFF, 0xF3]) || starts(&[0xFF, 0xF2]) {
        return Some("MP3 audio");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some("TIFF image");
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some("legacy Microsoft Office document");
    }
    // "MZ" is also how plenty of words start, so only a NUL-heavy file counts as a program.
    if starts(b"MZ") && sniff_controls(b) == Some(NUL_HEAVY) {
        return Some("Windows executable");
    }
    None
}

fn zip_kind(b: &[u8]) -> &'static str {
    // The first local file header's name starts at offset 30.
    let name = b.get(30..).unwrap_or_default();
    if name.starts_with(b"mimetypeapplication/epub+zip") {
        return "EPUB e-book";
    }
    if name.starts_with(b"mimetypeapplication/vnd.oasis.opendocument") {
        return "OpenDocument file";
    }
    let head = &b[..b.len().min(SNIFF)];
    if contains(head, b"word/") {
        "Word document (docx)"
    } else if contains(head, b"xl/") {
        "Excel workbook (xlsx)"
    } else if contains(head, b"ppt/") {
        "PowerPoint presentation (pptx)"
    } else {
        "ZIP archive"
    }
}

fn is_bzip2(b: &[u8]) -> bool {
    // "BZh" starts real words; the block-size digit and block magic rule that out.
    b.len() >= 10
        && b.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&b[3])
        && (b[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || b[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
}

fn riff_kind(b: &[u8]) -> Option<&'static str> {
    if b.len() < 12 || !b.starts_with(b"RIFF") {
        return None;
    }
    match &b[8..12] {
        b"WAVE" => Some("WAV audio"),
        b"AVI " => Some("AVI video"),
        b"WEBP" => Some("WebP image"),
        _ if b[4..8].iter().any(|&x| x == 0 || x >= 0x80) => Some("RIFF media"),
        _ => None,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> (String, usize, &'static str) {
        match d {
            Decoded::Text {
                text,
                replaced,
                encoding,
            } => (text, replaced, encoding),
            other => panic!("expected text, got {other:?}"),
        }
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFE, 0xFF] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    #[test]
    fn plain_utf8() {
        assert_eq!(
            text(decode("Xankəndi İşıq".as_bytes())),
            ("Xankəndi İşıq".to_string(), 0, "UTF-8")
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (t, r, e) = text(decode(b"\xEF\xBB\xBFHello"));
        assert_eq!((t.as_str(), r, e), ("Hello", 0, "UTF-8"));
    }

    #[test]
    fn invalid_utf8_is_counted() {
        let (t, r, _) = text(decode(b"a\xFFb\xC3c\xE2\x82"));
        assert_eq!(t, "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(r, 3);
    }

    #[test]
    fn existing_replacement_chars_are_not_counted() {
        let (t, r, _) = text(decode("x \u{FFFD} y".as_bytes()));
        assert_eq!(t, "x \u{FFFD} y");
        assert_eq!(r, 0);
        let (_, r, _) = text(decode(b"\xEF\xBF\xBD \xFE"));
        assert_eq!(r, 1);
    }

    #[test]
    fn matches_std_lossy_decoding() {
        let samples: [&[u8]; 5] = [
            b"\xF0\x9F\x98",
            b"\xED\xA0\x80xyz",
            b"ok\xC0\x80ok",
            b"\xF4\x90\x80\x80!",
            b"caf\xE9 cr\xE8me",
        ];
        for s in samples {
            let (t, r, _) = text(decode(s));
            assert_eq!(t, String::from_utf8_lossy(s));
            assert_eq!(r, t.matches('\u{FFFD}').count(), "{s:?}");
        }
    }

    #[test]
    fn utf16_with_bom() {
        let s = "Qarabağ — «Şuşa» 😀";
        assert_eq!(
            text(decode(&utf16le(s, true))),
            (s.to_string(), 0, "UTF-16LE")
        );
        assert_eq!(
            text(decode(&utf16be(s, true))),
            (s.to_string(), 0, "UTF-16BE")
        );
    }

    #[test]
    fn utf16_unpaired_surrogates_are_replaced_and_counted() {
        let mut b = vec![0xFF, 0xFE];
        b.extend_from_slice(&u16::to_le_bytes('A' as u16));
        b.extend_from_slice(&0xD800u16.to_le_bytes());
        b.extend_from_slice(&u16::to_le_bytes('B' as u16));
        b.extend_from_slice(&0xDC00u16.to_le_bytes());
        b.push(b'x'); // odd trailing byte
        let (t, r, e) = text(decode(&b));
        assert_eq!(t, "A\u{FFFD}B\u{FFFD}\u{FFFD}");
        assert_eq!(r, 3);
        assert_eq!(e, "UTF-16LE");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let s = "Plain English text written by a Windows tool.\r\nSecond line.";
        assert_eq!(
            text(decode(&utf16le(s, false))),
            (s.to_string(), 0, "UTF-16LE")
        );
        assert_eq!(
            text(decode(&utf16be(s, false))),
            (s.to_string(), 0, "UTF-16BE")
        );
    }

    #[test]
    fn utf32_with_bom() {
        let mut b = vec![0xFF, 0xFE, 0, 0];
        for c in "Ağdam".chars() {
            b.extend_from_slice(&(c as u32).to_le_bytes());
        }
        assert_eq!(text(decode(&b)), ("Ağdam".to_string(), 0, "UTF-32LE"));
        let mut b = vec![0, 0, 0xFE, 0xFF];
        for c in "Ağdam".chars() {
            b.extend_from_slice(&(c as u32).to_be_bytes());
        }
        b.extend_from_slice(&0x11_0000u32.to_be_bytes());
        assert_eq!(
            text(decode(&b)),
            ("Ağdam\u{FFFD}".to_string(), 1, "UTF-32BE")
        );
    }

    #[test]
    fn empty_and_whitespace() {
        assert_eq!(decode(b""), Decoded::Empty);
        assert_eq!(decode(b"   \n\r\n\t "), Decoded::Empty);
        assert_eq!(decode(b"\xEF\xBB\xBF"), Decoded::Empty);
        assert_eq!(decode(b"\xEF\xBB\xBF \n"), Decoded::Empty);
        assert_eq!(decode(&[0xFF, 0xFE]), Decoded::Empty);
        assert_eq!(decode(&utf16be("  \n", true)), Decoded::Empty);
        assert_eq!(decode("\u{A0}\u{3000}\n".as_bytes()), Decoded::Empty);
    }

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], &str)] = &[
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "JPEG image"),
            (b"GIF89a\x01\0\x01\0", "GIF image"),
            (b"%PDF-1.7\n%\xE2\xE3", "PDF document"),
            (b"PK\x03\x04\x14\0\0\0", "ZIP archive"),
            (b"\x1F\x8B\x08\0", "gzip archive"),
            (b"BZh91AY&SY\0\0", "bzip2 archive"),
            (b"\xFD7zXZ\0\0\x04", "xz archive"),
            (b"\x28\xB5\x2F\xFD\x04\0", "zstd archive"),
            (b"7z\xBC\xAF\x27\x1C\0\x04", "7z archive"),
            (b"Rar!\x1A\x07\x01\0", "RAR archive"),
            (b"\x7FELF\x02\x01\x01\0", "ELF executable"),
            (b"\xCF\xFA\xED\xFE\x07\0\0\x01", "Mach-O executable"),
            (b"SQLite format 3\0\x10\0", "SQLite database"),
            (b"\0asm\x01\0\0\0", "WebAssembly module"),
            (b"OggS\0\x02\0\0", "Ogg media"),
            (b"RIFF\x24\x08\0\0WAVEfmt ", "WAV audio"),
            (b"RIFF\x24\x08\0\0WEBPVP8 ", "WebP image"),
            (b"ID3\x04\0\0\0\0\x0F", "MP3 audio"),
            (b"II*\0\x08\0\0\0", "TIFF image"),
            (b"MM\0*\0\0\0\x08", "TIFF image"),
        ];
        for (bytes, kind) in cases {
            assert_eq!(decode(bytes), Decoded::Binary(kind), "{kind}");
        }
    }

    #[test]
    fn office_and_epub_zips_are_named() {
        let mut epub = b"PK\x03\x04".to_vec();
        epub.resize(30, 0);
        epub.extend_from_slice(b"mimetypeapplication/epub+zip");
        assert_eq!(decode(&epub), Decoded::Binary("EPUB e-book"));
        let mut docx = b"PK\x03\x04".to_vec();
        docx.resize(30, 0);
        docx.extend_from_slice(b"word/document.xml");
        assert_eq!(decode(&docx), Decoded::Binary("Word document (docx)"));
    }

    #[test]
    fn signature_lookalikes_in_text_stay_text() {
        for s in [
            "MZ is a country code.",
            "ID3 tags label music files.",
            "BZh, said nobody.",
            "RIFF raff and riff-raff.",
            "PK the photographer wrote this.",
            "OggSomething",
        ] {
            assert!(matches!(decode(s.as_bytes()), Decoded::Text { .. }), "{s}");
        }
    }

    #[test]
    fn mz_needs_nuls_to_be_an_executable() {
        let mut pe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
        pe.resize(512, 0);
        assert_eq!(decode(&pe), Decoded::Binary("Windows executable"));
    }

    #[test]
    fn nul_heavy_is_binary() {
        let mut b = b"some header".to_vec();
        for i in 0..2000u32 {
            b.extend_from_slice(&i.to_le_bytes());
        }
        assert_eq!(decode(&b), Decoded::Binary(NUL_HEAVY));
    }

    #[test]
    fn one_stray_nul_in_a_big_file_is_text() {
        let mut b = "An ordinary paragraph of news text. "
            .repeat(100)
            .into_bytes();
        b.insert(500, 0);
        let (t, r, _) = text(decode(&b));
        assert!(t.contains('\0'));
        assert_eq!(r, 0);
    }

    #[test]
    fn control_heavy_is_binary() {
        let b: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 31 + 1) as u8).collect();
        assert_eq!(decode(&b), Decoded::Binary(CONTROL_HEAVY));
    }

    #[test]
    fn escape_sequences_alone_do_not_make_binary() {
        let s = "\x1b[1;31mRed\x1b[0m and \x1b]0;title\x07 text\r\n";
        assert!(matches!(decode(s.as_bytes()), Decoded::Text { .. }));
    }

    #[test]
    fn utf16_bom_followed_by_binary_is_binary() {
        let mut b = vec![0xFF, 0xFE];
        b.extend(std::iter::repeat_n(0u8, 400));
        assert_eq!(decode(&b), Decoded::Binary(NUL_HEAVY));
    }

    #[test]
    fn seeds_decode_as_clean_utf8() {
        for seed in [
            include_str!("../../assets/corpus/000_c7578c60d21c174b.txt"),
            include_str!("../../assets/corpus/001_88d79b41f7afebc8.txt"),
            include_str!("../../assets/corpus/002_ef07ea4504f32489.txt"),
            include_str!("../../assets/corpus/003_47cd471fb8d6deea.txt"),
            include_str!("../../assets/corpus/004_4e6cf89af3c18a31.txt"),
        ] {
            assert_eq!(
                text(decode(seed.as_bytes())),
                (seed.to_string(), 0, "UTF-8")
            );
        }
    }

    #[test]
    fn large_input_is_handled_whole() {
        let mut b = "Lorem ipsum dolor sit amet, ağ şə İı. "
            .repeat(500_000)
            .into_bytes();
        b.push(0xFF);
        let (t, r, _) = text(decode(&b));
        assert_eq!(r, 1);
        assert!(t.len() > 19_000_000);
    }
}
