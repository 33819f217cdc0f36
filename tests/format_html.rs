//! Saved web pages: reader-mode extraction and page metadata on hand-written pages in the shape
//! of real news sites, HTML fragments as feeds carry them, and never panicking on tag soup.

use parallax::corpus::formats::html::{fragment_text, parse};
use parallax::corpus::formats::{Document, FormatError};
use parallax::corpus::meta::parse_date;
use proptest::prelude::*;
use std::time::Instant;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parsed(name: &str) -> Document {
    parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.text.split("\n\n").collect()
}

fn assert_absent(doc: &Document, debris: &[&str]) {
    for piece in debris {
        assert!(
            !doc.text.contains(piece),
            "{piece:?} leaked into the text:\n{}",
            doc.text
        );
    }
}

#[test]
fn news_article_with_json_ld_and_open_graph() {
    let doc = parsed("newsarticle_jsonld.html");
    let f = &doc.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("Baku and Yerevan resume border talks in Brussels after months of delay")
    );
    assert_eq!(f.source.as_deref(), Some("The Caucasus Ledger"));
    assert_eq!(f.author.as_deref(), Some("Anna Petrosyan, Rauf Mammadov"));
    assert_eq!(f.date.as_deref(), Some("2023-09-19T14:05:00+04:00"));
    assert_eq!(
        f.url.as_deref(),
        Some("https://caucasusledger.example/en/2023/09/19/border-talks-brussels")
    );
    assert_eq!(f.label, None);
    assert_eq!(
        f.date.as_deref().and_then(parse_date).map(|d| d.iso()),
        Some("2023-09-19T14:05".to_string())
    );
    assert_eq!(doc.locator, None);
    assert_eq!(doc.id, None);

    let ps = paragraphs(&doc);
    assert_eq!(
        ps,
        vec![
            "Baku and Yerevan resume border talks in Brussels after months of delay",
            "Delegations met for six hours on Tuesday, the first session since the spring.",
            "By Anna Petrosyan and Rauf Mammadov",
            "19 September 2023, 14:05",
            "The two delegations at the European Council building. Photo: Ledger",
            "Armenian and Azerbaijani officials sat down in Brussels on Tuesday for the first \
             round of border delimitation talks since April, the European Council said in a \
             statement.",
            "The meeting, chaired by an EU envoy, lasted six hours. Neither delegation spoke to \
             reporters afterwards, but a diplomat familiar with the talks described the mood as \
             \u{201c}businesslike\u{201d}.",
            "What is on the table",
            "Both sides say they want a peace treaty by the end of the year. The main obstacles \
             are the sequencing of border demarcation, the status of enclaves, and transit \
             routes through Syunik, which Baku calls the Zangezur corridor.",
            "\u{201c}We are closer than we have ever been, and further than we would like,\u{201d} \
             the diplomat said.",
            "The next round is expected in October, in Granada.",
        ]
    );
    assert_absent(
        &doc,
        &[
            "Skip to content",
            "Conflict",
            "Search the Ledger",
            "Share on",
            "Copy link",
            "Advertisement",
            "Corrections?",
            "Related",
            "Granada summit",
            "Tavush",
            "All rights reserved",
            "Privacy",
            "dataLayer",
            "Politics",
        ],
    );
}

#[test]
fn title_tag_and_bare_article() {
    let doc = parsed("title_and_article.html");
    let f = &doc.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("Ceasefire holds in Karabakh as convoys resume")
    );
    assert_eq!(f.source.as_deref(), Some("South Caucasus Wire"));
    assert_eq!(f.author, None);
    assert_eq!(f.date, None);
    assert_eq!(f.url, None);

    let ps = paragraphs(&doc);
    assert_eq!(ps.len(), 3, "{ps:#?}");
    assert!(ps[0].starts_with("The ceasefire announced on Wednesday held through the night"));
    assert_eq!(
        ps[2],
        "Residents of Stepanakert, which Azerbaijan calls Khankendi, queued for bread from early \
         morning."
    );
    // The <h1> sits outside the <article>: the loader gets the title from the fields only.
    assert!(!doc.text.contains("Ceasefire holds"));
    assert_absent(&doc, &["Home", "World", "South Caucasus Wire 2023"]);
}

#[test]
fn wordpress_page_with_sidebar_read_also_comments_and_footer() {
    let doc = parsed("wordpress.html");
    let f = &doc.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("Displaced families return to Shusha")
    );
    assert_eq!(f.source.as_deref(), Some("Karabakh Herald"));
    assert_eq!(f.author.as_deref(), Some("Leyla Hasanova"));
    assert_eq!(f.date.as_deref(), Some("2022-11-08T09:12:44+00:00"));
    assert_eq!(
        f.url.as_deref(),
        Some("https://karabakhherald.example/2022/11/displaced-families-return-to-shusha/")
    );

    let ps = paragraphs(&doc);
    assert_eq!(ps.len(), 5, "{ps:#?}");
    assert_eq!(ps[0], "Displaced families return to Shusha");
    assert!(ps[1].starts_with("The first twenty families to move back to Shusha since 1992"));
    assert!(ps[2].ends_with(
        "\u{201c}I left as a schoolgirl and I come back as a grandmother,\u{201d} said one of \
         them, Sevinj Aliyeva, 41."
    ));
    assert!(ps[3].contains("\u{201c}Great Return\u{201d} programme"));
    assert_eq!(
        ps[4],
        "Demining remains the main obstacle: officials estimate that clearing the land will take \
         at least another decade."
    );
    assert_absent(
        &doc,
        &[
            "COMMENT_DEBRIS",
            "SIDEBAR_DEBRIS",
            "FOOTER_DEBRIS",
            "STYLE_DEBRIS",
            "Skip to content",
            "News from the region",
            "Menu",
            "Read also",
            "Reconstruction of Aghdam",
            "Landmines kill",
            "Share this",
            "Twitter",
            "Posted in",
            "Tagged",
            "Post navigation",
            "Previous:",
            "thoughts on",
            "Leave a Reply",
            "Your email address",
            "Post Comment",
            "Recent Posts",
            "Archives",
            "Proudly powered",
        ],
    );
}

#[test]
fn scoring_finds_the_body_div_without_article_markup() {
    let doc = parsed("scored_div.html");
    let f = &doc.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("ARMENIA: Parliament debates the border commission")
    );
    assert_eq!(f.source.as_deref(), Some("Yerevan Daily Digest"));
    assert_eq!(f.date.as_deref(), Some("2021-05-12"));
    assert_eq!(f.author, None);

    let ps = paragraphs(&doc);
    assert_eq!(ps.len(), 4, "{ps:#?}");
    assert!(ps[0].starts_with("Members of the National Assembly spent most of Wednesday"));
    assert_eq!(ps[3], "The vote is scheduled for next week.");
    assert_absent(
        &doc,
        &[
            "Top stories",
            "Opposition calls a rally",
            "Dram falls",
            "Do you follow",
            "Karabakh veterans",
            "Veterans of the 2020 war",
            "Wine exports",
            "Copyright",
            "Archive",
        ],
    );
}

#[test]
fn malformed_json_ld_is_ignored_and_the_tags_used() {
    let doc = parsed("malformed_jsonld.html");
    let f = &doc.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("Haut-Karabakh : l'exode vers l'Arménie se poursuit")
    );
    assert_eq!(f.source.as_deref(), Some("Journal du Sud-Caucase"));
    assert_eq!(f.author.as_deref(), Some("Claire Dumas"));
    assert_eq!(f.date.as_deref(), Some("2023-09-28"));
    assert_eq!(
        f.url.as_deref(),
        Some("https://jsc.example/fr/exode-karabakh")
    );

    let ps = paragraphs(&doc);
    assert_eq!(ps.len(), 3, "{ps:#?}");
    assert!(ps[0].starts_with("Le flot de voitures ne tarit pas sur la route de Goris."));
    assert_eq!(
        ps[1],
        "« Nous ne reviendrons pas », dit Anahit, 67 ans, assise à l'arrière d'un camion avec \
         ses petits-enfants."
    );
    assert!(ps[2].ends_with("sont déjà saturés."));
    assert_absent(&doc, &["WRONG", "ALSO BROKEN", "@context"]);
}

#[test]
fn scripts_styles_and_hidden_parts_never_reach_the_text() {
    let doc = parsed("scripts_styles.html");
    assert_eq!(
        doc.fields.title.as_deref(),
        Some("Drone strikes reported near Jermuk")
    );
    assert_eq!(doc.fields.source, None);
    let ps = paragraphs(&doc);
    assert_eq!(
        ps,
        vec![
            "Drone strikes reported near Jermuk",
            "Armenia's defence ministry said on Tuesday that Azerbaijani drones had struck \
             positions near the spa town of Jermuk overnight.",
            "Azerbaijan's defence ministry denied the report and accused Armenian forces of \
             firing at its positions in the Kalbajar district.",
            "Independent confirmation was not possible.",
        ]
    );
    assert_absent(
        &doc,
        &[
            "MUST_NOT_APPEAR",
            "Fake paragraph",
            "Please enable JavaScript",
            "font-family",
            "color: red",
            "Subscribe to read more",
            "__NEXT_DATA__",
        ],
    );
}

#[test]
fn escape_sequences_and_bidi_controls_pass_through_for_the_loader_to_sanitise() {
    let doc = parsed("escapes.html");
    let ps = paragraphs(&doc);
    assert_eq!(ps.len(), 6, "{ps:#?}");
    assert_eq!(ps[0], "Escape sequences in the wild");
    assert_eq!(
        ps[1],
        "A paragraph that turns the terminal red: \u{1b}[31mRED\u{1b}[0m and back."
    );
    assert!(ps[2].contains("\u{1b}[2J clears the screen"));
    assert!(ps[3].contains("\u{202e}gnirts desrever\u{202c}"));
    assert!(ps[3].contains("\u{2066}inside\u{2069}"));
    assert!(ps[4].contains("Zero width\u{200b}joiner"));
    assert!(ps[4].contains("\u{1b}]0;title\u{7}"));
    assert!(ps[5].contains("\u{9b}31m"));
}

#[test]
fn pages_without_text_are_reported() {
    let err = parse(
        "<!DOCTYPE html><html><head><title>Gallery</title></head>\
         <body><nav><a href=/>Home</a></nav><img src=a.jpg><img src=b.jpg></body></html>",
    )
    .unwrap_err();
    assert_eq!(
        err,
        FormatError::NoArticles {
            format: "HTML",
            message: "no article text found (the page has 0 paragraphs)".to_string(),
        }
    );
    let err = parse(
        "<html><body><div id=comments><p>Only a comment here.</p><p>And another.</p></div></body></html>",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("the page's 2 paragraphs are all in navigation, sidebars, comments"),
        "{err}"
    );
}

#[test]
fn feed_fragments() {
    let content = r#"<figure><img src="https://x.example/a.jpg" alt="Convoy"><figcaption>A convoy near Goris.</figcaption></figure>
<p>The first convoy crossed <a href="https://x.example/lachin">the Lachin road</a> on Sunday.</p>
<p>Officials said more would follow.<br/>
Aid groups were <em>cautious</em>.</p>
<ul><li>Flour</li><li>Fuel</li></ul>
<div class="sharedaddy"><a href="?share=x">Share on X</a></div>
<script>track()</script>
<p>The post <a href="https://x.example/post">Convoy crosses</a> appeared first on X News.</p>"#;
    assert_eq!(
        fragment_text(content),
        "A convoy near Goris.\n\n\
         The first convoy crossed the Lachin road on Sunday.\n\n\
         Officials said more would follow. Aid groups were cautious.\n\n\
         Flour\n\nFuel\n\n\
         The post Convoy crosses appeared first on X News."
    );

    let escaped = "&lt;p&gt;Talks resumed in &lt;b&gt;Brussels&lt;/b&gt;.&lt;/p&gt;\
                   &lt;p&gt;Next round &amp;amp; venue: Granada.&lt;/p&gt;";
    assert_eq!(
        fragment_text(escaped),
        "Talks resumed in Brussels.\n\nNext round & venue: Granada."
    );

    assert_eq!(
        fragment_text("Plain summary, no markup.\n\nSecond paragraph\nwrapped."),
        "Plain summary, no markup.\n\nSecond paragraph wrapped."
    );
    assert_eq!(fragment_text("   \n\t "), "");
    assert_eq!(
        fragment_text("Text with \u{1b}[31m escape"),
        "Text with \u{1b}[31m escape"
    );
}

/// A page of about a megabyte, shaped like a long live blog with a heavy sidebar: the whole
/// body comes through and nothing of the sidebar. Run with `--nocapture` to see the time.
#[test]
fn a_megabyte_page_is_extracted_in_one_pass() {
    let entry = "<p>Update: officials in Baku and Yerevan, speaking separately, said the talks \
                 would continue, and that the monitors would stay in place until the spring.</p>";
    let sidebar = "<li><a href=\"/x\">Another headline from the sidebar list</a></li>";
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Live: border talks | Ledger</title></head><body>\
         <aside><ul>",
    );
    html.push_str(&sidebar.repeat(2_000));
    html.push_str("</ul></aside><article><div class=\"entries\">");
    let entries = 6_000;
    for i in 0..entries {
        html.push_str(&format!("<div class=\"entry\" id=\"e{i}\">{entry}</div>"));
    }
    html.push_str("</div></article><footer>Footer</footer></body></html>");
    assert!(html.len() > 1_000_000, "{}", html.len());

    let started = Instant::now();
    let doc = parse(&html).expect("a megabyte page");
    eprintln!(
        "parse of a {} byte page: {:?}",
        html.len(),
        started.elapsed()
    );
    assert_eq!(paragraphs(&doc).len(), entries);
    assert!(!doc.text.contains("sidebar list"));
    assert_eq!(doc.fields.title.as_deref(), Some("Live: border talks"));
    assert_eq!(doc.fields.source.as_deref(), Some("Ledger"));
}

#[test]
fn a_page_nested_twenty_thousand_deep_loads_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = format!(
        "<html><head><title>Deep page | Wire</title></head><body><article>{}\
         <p>The ceasefire held through the night, officials said.</p>{}</article></body></html>",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    std::fs::write(dir.path().join("deep.html"), page).expect("write");
    std::fs::write(
        dir.path().join("plain.txt"),
        "Other story\n\nA second article loads beside it.\n",
    )
    .expect("write");
    let (articles, diagnostics) = parallax::corpus::load(
        &[parallax::corpus::Input::Path(dir.path().to_path_buf())],
        &parallax::corpus::LoadOptions::default(),
    );
    assert_eq!(articles.len(), 2);
    let deep = articles
        .iter()
        .find(|a| a.title == "Deep page")
        .expect("the deep page");
    assert!(deep.text().contains("The ceasefire held through the night"));
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].contains("deep.html")
            && shown[0].contains("nested deeper than 512 levels were flattened"),
        "{shown:?}"
    );
}

/// Tag soup from a vocabulary of the elements, attributes and entities extraction cares about.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"content\">".to_string()),
        Just("<div class=\"comments\">".to_string()),
        Just("</div>".to_string()),
        Just("<article>".to_string()),
        Just("</article>".to_string()),
        Just("<h1>".to_string()),
        Just("</h1>".to_string()),
        Just("<a href=\"/x\">".to_string()),
        Just("</a>".to_string()),
        Just("<br>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("</td><td>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<style>".to_string()),
        Just("<template>".to_string()),
        Just("<svg><title>".to_string()),
        Just("<span hidden>".to_string()),
        Just("<header>".to_string()),
        Just("<nav>".to_string()),
        Just("<!-- c -->".to_string()),
        Just("&amp;".to_string()),
        Just("&#27;".to_string()),
        Just("&#x202e;".to_string()),
        Just("&lt;p&gt;".to_string()),
        Just("<meta property=\"og:title\" content=\"T | S\">".to_string()),
        Just("<title>A - b.com</title>".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":[\"NewsArticle\"],\"author\":[{\"@id\":\"x\"},3]"
                .to_string()
        ),
        "[ -~\u{a0}\u{1b}\u{202e}é€\n]{0,24}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_and_fragment_never_panic_on_any_string(s in "\\PC{0,400}") {
        let _ = parse(&s);
        let _ = fragment_text(&s);
    }

    #[test]
    fn parse_and_fragment_never_panic_on_tag_soup(soup in tag_soup()) {
        if let Ok(doc) = parse(&soup) {
            prop_assert!(!doc.text.trim().is_empty());
            prop_assert!(!doc.text.contains("\n\n\n"));
            prop_assert!(doc.text.split("\n\n").all(|p| !p.trim().is_empty()));
        }
        let text = fragment_text(&soup);
        prop_assert!(!text.contains("\n\n\n"));
        prop_assert!(!text.starts_with('\n') && !text.ends_with('\n'));
    }
}
