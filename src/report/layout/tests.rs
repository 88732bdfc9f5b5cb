//! Tests of the whole layout. PDFs are written to a temporary directory and
//! read back with poppler's `pdftotext`, `pdfinfo` and `pdffonts` and with
//! `qpdf`; a test whose tool is missing says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::TimeZone;

use super::flow;
use super::paginate::paginate;
use super::*;

fn meta() -> Metadata {
    Metadata {
        title: "Child Safeguarding Practice Review: Child A".into(),
        subject: "Merged chronology".into(),
        author: "Northshire Safeguarding Partnership".into(),
        created: chrono::Utc
            .with_ymd_and_hms(2025, 3, 14, 9, 30, 0)
            .single()
            .unwrap_or_default(),
    }
}

/// Whether `tool` can be run; says so when it cannot.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .or_else(|_| Command::new(tool).arg("--version").output())
        .is_ok();
    if !ok {
        eprintln!("skipping: {tool} is not installed");
    }
    ok
}

/// Renders `doc` into a new temporary directory.
fn write(doc: &Document) -> (tempfile::TempDir, PathBuf, RenderedPdf) {
    let rendered = doc.render().expect("the document renders");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &rendered.bytes).expect("the PDF is written");
    (dir, path, rendered)
}

/// Each page's text as `pdftotext` reads it (physical layout kept when
/// `layout` is set).
fn pages_text(path: &Path, layout: bool) -> Vec<String> {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"]);
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(path).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("pdftotext writes UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // The text ends with a form feed: drop the empty piece after it.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The non-blank lines of a page, trimmed.
fn lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn pdfinfo(path: &Path) -> String {
    let out = Command::new("pdfinfo")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    assert!(out.status.success(), "pdfinfo failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn qpdf_check(path: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "qpdf --check failed:\n{said}");
    assert!(
        said.contains("No syntax or stream encoding errors found"),
        "{said}"
    );
    assert!(!said.to_lowercase().contains("warning"), "{said}");
}

fn qpdf_json(path: &Path) -> serde_json::Value {
    let out = Command::new("qpdf")
        .args(["--json=2"])
        .arg(path)
        .output()
        .expect("qpdf runs");
    assert!(out.status.success(), "qpdf --json failed: {out:?}");
    serde_json::from_slice(&out.stdout).expect("qpdf writes JSON")
}

const ACCENTED: &str = "Victoria Climbié and Zoë’s ‘key worker’ said “not seen” – twice — £250… Łódź, Şule, Ørsted, Ñandú";

/// A chronology table of `n` rows, each with a unique reference in the first
/// column and a multi-line event that starts and ends with unique words.
fn chronology(n: usize) -> Table {
    let mut t = Table::new(vec![
        Column::new("Ref", 0.09),
        Column::new("Date", 0.12),
        Column::new("Agency", 0.16),
        Column::new("What happened", 0.45),
        Column::new("Outcome", 0.18),
    ]);
    for i in 0..n {
        let words = 5 + (i * 7) % 40;
        let event = format!(
            "Start{i:03} {} End{i:03}",
            "the family was visited and the child was seen alone ".repeat(words / 10 + 1)
        );
        t.row([
            format!("R{i:03}"),
            format!("{:02}/03/2024", i % 28 + 1),
            [
                "Police",
                "Children’s social care",
                "Health visiting",
                "School",
            ][i % 4]
                .to_string(),
            event,
            "No further action".to_string(),
        ]);
    }
    t
}

#[test]
fn accented_text_extracts_exactly() {
    if !have("pdftotext") {
        return;
    }
    let mut doc = Document::new(meta());
    doc.heading(1, "Zoë and Climbié");
    doc.paragraph(ACCENTED);
    doc.styled_paragraph(ACCENTED, TextStyle::body().bold());
    let mut t = Table::new(vec![Column::new("Name", 1.0)]);
    t.row([ACCENTED]);
    doc.table(t.zebra(false));
    let (_dir, path, _) = write(&doc);
    let text = pages_text(&path, false).concat();
    assert!(text.contains("Zoë and Climbié"), "{text}");
    // The paragraph fits on one line at body size; the table cell wraps, so
    // only its words are checked.
    assert_eq!(text.matches(ACCENTED).count(), 2, "{text}");
    for word in ACCENTED.split(' ') {
        assert!(text.matches(word).count() >= 3, "{word:?} in {text}");
    }
}

#[test]
fn fonts_are_embedded() {
    if !have("pdffonts") {
        return;
    }
    let mut doc = Document::new(meta());
    doc.heading(1, "Bold");
    doc.paragraph("Regular");
    let (_dir, path, _) = write(&doc);
    let out = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts runs");
    let said = String::from_utf8_lossy(&out.stdout);
    let fonts: Vec<&str> = said.lines().skip(2).collect();
    assert_eq!(fonts.len(), 2, "{said}");
    for f in fonts {
        // name, type (CID TrueType), encoding, emb, sub, uni
        let cols: Vec<&str> = f.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(cols[n - 5..n - 2], ["yes", "no", "yes"][..], "{f}");
    }
}

#[test]
fn a_long_table_repeats_its_header_and_never_splits_a_row() {
    if !have("pdftotext") {
        return;
    }
    let mut doc = Document::new(meta());
    doc.heading(1, "Merged chronology");
    doc.table(chronology(300));
    let (_dir, path, rendered) = write(&doc);
    let pages = pages_text(&path, true);
    assert_eq!(pages.len(), rendered.page_count);
    assert!(pages.len() >= 5, "300 rows on {} pages", pages.len());

    let is_header = |l: &str| {
        let cols: Vec<&str> = l
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cols == ["Ref", "Date", "Agency", "What happened", "Outcome"]
    };
    for (i, page) in pages.iter().enumerate() {
        let ls = lines(page);
        assert_eq!(ls[0], DEFAULT_MARKING, "page {}", i + 1);
        let header_at = if i == 0 {
            assert_eq!(ls[1], "Merged chronology");
            2
        } else {
            1
        };
        assert!(
            is_header(ls[header_at]),
            "page {}: {:?}",
            i + 1,
            ls[header_at]
        );
        assert_eq!(ls.iter().filter(|l| is_header(l)).count(), 1);
    }
    // Which pages each word is on.
    let mut pages_of: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, p) in pages.iter().enumerate() {
        for w in p.split_whitespace() {
            let on = pages_of.entry(w).or_default();
            if on.last() != Some(&i) {
                on.push(i);
            }
        }
    }
    for r in 0..300 {
        let (id, start, end) = (
            format!("R{r:03}"),
            format!("Start{r:03}"),
            format!("End{r:03}"),
        );
        for token in [&id, &start, &end] {
            let on = pages_of.get(token.as_str()).cloned().unwrap_or_default();
            assert_eq!(on.len(), 1, "{token} is on pages {on:?}");
        }
        // The row's first and last words are on the same page: not split.
        assert_eq!(pages_of[start.as_str()], pages_of[end.as_str()], "row {r}");
        assert_eq!(pages_of[id.as_str()], pages_of[end.as_str()], "row {r}");
    }
}

#[test]
fn pages_are_numbered_x_of_y() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let mut doc = Document::new(meta());
    doc.contents("Contents");
    for s in 0..4 {
        doc.heading(1, format!("Part {s}"));
        for _ in 0..12 {
            doc.paragraph(ACCENTED.repeat(4));
        }
    }
    let (_dir, path, rendered) = write(&doc);
    let info = pdfinfo(&path);
    let n = rendered.page_count;
    assert!(info.contains(&format!("Pages:           {n}")), "{info}");
    assert!(n >= 4);
    let pages = pages_text(&path, true);
    assert_eq!(pages.len(), n);
    for (i, page) in pages.iter().enumerate() {
        let ls = lines(page);
        let footer = ls.last().copied().unwrap_or_default();
        assert!(
            footer.ends_with(&format!("Page {} of {n}", i + 1)),
            "page {}: {footer:?}",
            i + 1
        );
        assert!(footer.contains(DEFAULT_MARKING), "{footer}");
        assert!(
            footer.starts_with("Child Safeguarding Practice Review"),
            "{footer}"
        );
    }
}

/// A document with a contents page, and headings whose text is found
/// nowhere else.
fn sectioned() -> Document {
    let mut doc = Document::new(meta());
    doc.contents("Contents");
    for s in 0..9 {
        doc.heading(1, format!("Section {s} — Ünïcode"));
        doc.paragraph(ACCENTED.repeat(1 + s % 3));
        for k in 0..(s % 4 + 1) {
            doc.heading(2, format!("Subsection {s}.{k}"));
            for _ in 0..(3 + (s * k) % 7) {
                doc.paragraph(
                    "Health visiting recorded the concern but did not share it with the \
                     GP or with children’s social care. ",
                );
            }
        }
    }
    doc
}

#[test]
fn headings_are_on_the_pages_recorded() {
    if !have("pdftotext") {
        return;
    }
    let (_dir, path, rendered) = write(&sectioned());
    let pages = pages_text(&path, false);
    assert_eq!(
        rendered.headings.len(),
        9 + (0..9).map(|s| s % 4 + 1).sum::<usize>()
    );
    // The contents page is page 1: every heading is listed there.
    for h in &rendered.headings {
        assert!(pages[0].contains(&h.text), "{} not in contents", h.text);
        let on: Vec<usize> = pages
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, p)| p.lines().any(|l| l.trim() == h.text))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(on, vec![h.page], "{}", h.text);
    }
    // The contents page gives the same numbers.
    let layout = pages_text(&path, true);
    for h in &rendered.headings {
        let line = layout[0]
            .lines()
            .find(|l| l.trim_start().starts_with(&h.text))
            .expect("a contents line");
        assert!(
            line.trim_end().ends_with(&format!(" {}", h.page)),
            "{line:?} should end with {}",
            h.page
        );
    }
}

#[test]
fn bookmarks_and_contents_links_point_at_the_headings() {
    if !have("qpdf") {
        return;
    }
    let (_dir, path, rendered) = write(&sectioned());
    qpdf_check(&path);
    let json = qpdf_json(&path);
    let page_objects: Vec<String> = json["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["object"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(page_objects.len(), rendered.page_count);

    // Outline: level 1 at the top, level 2 under its level-1 heading, in
    // reading order, each to its heading's page.
    let outlines = json["outlines"].as_array().expect("outlines");
    let level1: Vec<&PlacedHeading> = rendered.headings.iter().filter(|h| h.level == 1).collect();
    assert_eq!(outlines.len(), level1.len());
    let mut all = rendered.headings.iter();
    for o in outlines {
        let h = all.next().expect("a heading");
        assert_eq!(h.level, 1);
        assert_eq!(o["title"], h.text.as_str());
        assert_eq!(o["destpageposfrom1"], h.page);
        for kid in o["kids"].as_array().expect("kids") {
            let h = all.next().expect("a heading");
            assert_eq!(h.level, 2);
            assert_eq!(kid["title"], h.text.as_str());
            assert_eq!(kid["destpageposfrom1"], h.page);
        }
    }
    assert!(all.next().is_none());

    // The contents page's links go to the headings' pages, in order.
    let objects = &json["qpdf"][1];
    let contents_page = &objects[format!("obj:{}", page_objects[0])]["value"];
    let annots = contents_page["/Annots"].as_array().expect("annotations");
    assert_eq!(annots.len(), rendered.headings.len());
    for (a, h) in annots.iter().zip(&rendered.headings) {
        let key = format!("obj:{}", a.as_str().unwrap_or_default());
        let annot = if a.is_object() {
            a
        } else {
            &objects[key]["value"]
        };
        assert_eq!(annot["/Subtype"], "/Link");
        let dest = &annot["/A"]["/D"];
        assert_eq!(annot["/A"]["/S"], "/GoTo");
        assert_eq!(dest[0], page_objects[h.page - 1].as_str(), "{}", h.text);
    }
}

#[test]
fn metadata_is_title_subject_author_and_dates_only() {
    if !have("pdfinfo") {
        return;
    }
    let mut doc = Document::new(meta());
    doc.paragraph("x");
    let (_dir, path, _) = write(&doc);
    let info = pdfinfo(&path);
    assert!(
        info.contains("Title:           Child Safeguarding Practice Review: Child A"),
        "{info}"
    );
    assert!(
        info.contains("Subject:         Merged chronology"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Northshire Safeguarding Partnership"),
        "{info}"
    );
    assert!(info.contains("Creator:         Sightline"), "{info}");
    assert!(info.contains("Producer:        Sightline"), "{info}");
    assert!(
        info.contains("CreationDate:") && info.contains("2025"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Fri Mar 14 09:30:00 2025 UTC"),
        "{info}"
    );
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    // Nothing else: no keywords, no custom keys, no PDF/X claim.
    assert!(!info.contains("Keywords"), "{info}");
    assert!(info.contains("Custom Metadata: no"), "{info}");
    assert!(!info.contains("PDF/X"), "{info}");
}

#[test]
fn the_same_document_makes_the_same_file() {
    let a = everything().render().expect("renders");
    let b = everything().render().expect("renders");
    assert!(a.bytes == b.bytes, "two renderings differ");
}

#[test]
fn qpdf_accepts_every_kind_of_block() {
    if !have("qpdf") {
        return;
    }
    let (_dir, path, _) = write(&everything());
    qpdf_check(&path);
}

/// A document with one of everything.
fn everything() -> Document {
    let mut doc = Document::new(meta());
    doc.set_marking("OFFICIAL-SENSITIVE");
    doc.contents("Contents");
    doc.heading(1, "Sources");
    doc.paragraph(
        "Four agencies submitted chronologies. Each file is listed with its SHA-256 \
         digest so that the panel can confirm it is the file the agency sent.",
    );
    doc.key_values(&[
        ("Review", "Child A (Northshire)"),
        ("Date range", "3 January 2022 – 14 February 2024"),
        ("Generated", "14 March 2025, 09:30"),
    ]);
    let mut t = chronology(12);
    t.push(
        Row::spanning("No agency contact for 4 months (3 May – 2 September 2023)")
            .fill(Colour::rgb8(0xfd, 0xf3, 0xdc)),
    );
    t.push(Row::new(["Total", "", "", "12 rows", ""]).bold());
    doc.table(t);
    doc.heading(1, "Agency involvement");
    let mut d = Drawing::new(doc.content_width(), 120.0);
    for (i, agency) in ["Police", "Health", "School"].iter().enumerate() {
        let y = 10.0 + i as f32 * 35.0;
        d.fill_rect(0.0, y, doc.content_width(), 30.0, Colour::ZEBRA);
        d.text(4.0, y + 18.0, *agency, 8.0, Colour::TEXT, Align::Left);
        d.line(
            80.0,
            y + 15.0,
            400.0,
            y + 15.0,
            Stroke::dashed(0.8, Colour::ACCENT, 3.0, 2.0),
        );
        d.rect(
            100.0 + i as f32 * 60.0,
            y + 8.0,
            14.0,
            14.0,
            Some(Colour::ACCENT),
            Some(Stroke::solid(0.5, Colour::BLACK)),
        );
    }
    d.bold_text(
        doc.content_width(),
        118.0,
        "2022–2024",
        7.5,
        Colour::MUTED,
        Align::Right,
    );
    doc.drawing(d);
    doc.heading(2, "Flags");
    doc.paragraph("Domestic abuse was not shared in time.");
    doc.space(30.0);
    doc.page_break();
    doc.heading(1, "Appendix");
    doc.styled_paragraph("A note on hindsight bias.", TextStyle::small());
    doc
}

#[test]
fn a_row_taller_than_a_page_is_split_at_lines_and_marked_continued() {
    if !have("pdftotext") {
        return;
    }
    let mut t = Table::new(vec![Column::new("Ref", 0.2), Column::new("Text", 0.8)]);
    t.row(["before", "a short row"]);
    let words: Vec<String> = (0..3000).map(|i| format!("w{i:04}")).collect();
    t.row(["TALL".to_string(), words.join(" ")]);
    t.row(["after", "another short row"]);
    let mut doc = Document::new(meta());
    doc.table(t);
    let (_dir, path, rendered) = write(&doc);
    assert!(rendered.page_count >= 3);
    let pages = pages_text(&path, true);
    for (i, page) in pages.iter().enumerate() {
        let ls = lines(page);
        assert!(
            ls[1].starts_with("Ref") && ls[1].ends_with("Text"),
            "{:?}",
            ls[1]
        );
        // Every page after the first carries on the tall row.
        if i > 0 && page.split_whitespace().any(|w| w.starts_with('w')) {
            assert!(
                ls[2].starts_with("(continued)"),
                "page {}: {:?}",
                i + 1,
                ls[2]
            );
        }
    }
    // Every word once, in order.
    let all: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.split_whitespace())
        .filter(|w| w.starts_with('w') && w.len() == 5)
        .collect();
    assert_eq!(all.len(), 3000);
    assert!(all.windows(2).all(|p| p[0] < p[1]));
}

#[test]
fn nothing_panics_on_silly_input() {
    let huge_word = "x".repeat(20_000);
    let cell = "Zoë ".repeat(2_500);
    let mut doc = Document::new(Metadata {
        title: String::new(),
        subject: "\u{0}\u{7}".into(),
        author: huge_word.clone(),
        created: chrono::DateTime::<chrono::Utc>::MIN_UTC,
    });
    doc.set_marking("");
    doc.set_running_title(huge_word.clone());
    doc.heading(0, "");
    doc.heading(9, &huge_word);
    doc.paragraph("");
    doc.paragraph(&huge_word);
    doc.paragraph("\n\n\n\t\r\u{FEFF}\u{E000}\u{1F600}");
    doc.styled_paragraph(
        "odd sizes",
        TextStyle {
            size: f32::NAN,
            bold: true,
            colour: Colour {
                r: f32::INFINITY,
                g: -1.0,
                b: f32::NAN,
            },
            leading: f32::NEG_INFINITY,
        },
    );
    doc.key_values(&[("", ""), (huge_word.as_str(), cell.as_str())]);
    doc.table(Table::new(Vec::new()));
    let mut t = Table::new(vec![
        Column::new("", f32::NAN),
        Column::new(huge_word.clone(), 0.0),
        Column::new("c", -1.0),
    ]);
    t.size = f32::INFINITY;
    t.row(Vec::<String>::new());
    t.row([
        cell.clone(),
        huge_word.clone(),
        cell.clone(),
        "extra".into(),
    ]);
    t.push(Row::spanning(""));
    doc.table(t);
    let mut t = Table::new(vec![Column::new("a", 0.0), Column::new("b", 0.0)]);
    t.row([cell.as_str(), ""]);
    doc.table(t);
    let mut d = Drawing::new(f32::NAN, 1e9);
    d.line(
        f32::NAN,
        0.0,
        1e30,
        -5.0,
        Stroke::dashed(f32::NAN, Colour::BLACK, -1.0, 0.0),
    );
    d.rect(0.0, 0.0, -50.0, -50.0, Some(Colour::RULE), None);
    d.rect(0.0, 0.0, 10.0, 10.0, None, None);
    d.text(0.0, 0.0, "\n", 0.0, Colour::BLACK, Align::Centre);
    doc.drawing(d);
    doc.drawing(Drawing::new(1e6, 1e6));
    doc.space(f32::NAN).space(1e9).page_break().page_break();
    doc.contents("");
    let rendered = doc.render().expect("renders");
    assert!(rendered.page_count > 1);

    // A silly page setup and an empty document.
    let mut doc = Document::new(meta());
    doc.set_page_setup(PageSetup {
        width: 0.0,
        height: f32::NAN,
        margin_top: 1e9,
        margin_right: -4.0,
        margin_bottom: f32::INFINITY,
        margin_left: 0.0,
    });
    assert_eq!(doc.render().expect("renders").page_count, 1);
    doc.table(chronology(3));
    doc.render().expect("renders");

    let mut doc = Document::new(meta());
    doc.set_page_setup(PageSetup {
        width: 100.0,
        height: 100.0,
        margin_top: 25.0,
        margin_right: 25.0,
        margin_bottom: 25.0,
        margin_left: 25.0,
    });
    let mut t = chronology(2);
    t.columns[0].title = huge_word.clone();
    // Small, as every line of it is a page here.
    t.row([cell.chars().take(400).collect::<String>()]);
    doc.table(t);
    doc.render().expect("renders");

    if have("qpdf") {
        let mut doc = Document::new(meta());
        doc.heading(1, &huge_word);
        let mut t = Table::new(vec![Column::new("Cell", 1.0)]);
        t.row([cell.as_str()]);
        t.row([huge_word.as_str()]);
        doc.table(t);
        let (_dir, path, _) = write(&doc);
        qpdf_check(&path);
    }
}

#[test]
fn a_heading_is_never_last_on_its_page() {
    // Push a heading down the page a line at a time: it must always share
    // its page with the start of what follows it.
    for filler in 0..70 {
        for next in 0..3 {
            let mut doc = Document::new(meta());
            for _ in 0..filler {
                doc.paragraph("One line of filler.");
            }
            doc.heading(1, "The heading");
            doc.heading(2, "A subheading");
            match next {
                0 => doc.paragraph(ACCENTED.repeat(3)),
                1 => doc.table(chronology(3)),
                _ => doc.drawing(Drawing::new(100.0, 5000.0)),
            };
            let setup = doc.page_setup();
            let flow = flow::build(&doc);
            let laid = paginate(&flow, setup.margin_top, setup.height - setup.margin_bottom);
            for (i, u) in flow.units.iter().enumerate() {
                if u.keep_with_next {
                    if let Some(next) = laid.unit_pages.get(i + 1) {
                        assert_eq!(laid.unit_pages[i], *next, "filler {filler}, unit {i}");
                    }
                }
            }
            // Every heading's page has the unit after the headings on it.
            let (page, _) = laid.anchors[1].expect("placed");
            let after = flow
                .units
                .iter()
                .rposition(|u| u.anchor == Some(1))
                .map(|i| i + 1);
            assert_eq!(after.map(|a| laid.unit_pages[a]), Some(page));
        }
    }
}

#[test]
fn paragraphs_leave_no_widows_or_orphans() {
    for filler in 0..60 {
        let mut doc = Document::new(meta());
        for _ in 0..filler {
            doc.paragraph("Filler.");
        }
        doc.paragraph(ACCENTED.repeat(5));
        let setup = doc.page_setup();
        let flow = flow::build(&doc);
        let laid = paginate(&flow, setup.margin_top, setup.height - setup.margin_bottom);
        let n = flow.units.len();
        let p = &laid.unit_pages[filler..n];
        assert!(p.len() >= 4);
        assert_eq!(p[0], p[1], "orphan with {filler} filler lines");
        assert_eq!(
            p[p.len() - 2],
            p[p.len() - 1],
            "widow with {filler} filler lines"
        );
    }
}

#[test]
fn rows_fill_the_page_before_breaking() {
    // A page break only happens when the next row does not fit.
    let mut doc = Document::new(meta());
    doc.table(chronology(120));
    let setup = doc.page_setup();
    let flow = flow::build(&doc);
    let bottom = setup.height - setup.margin_bottom;
    let laid = paginate(&flow, setup.margin_top, bottom);
    for (p, items) in laid.pages.iter().enumerate().take(laid.pages.len() - 1) {
        let lowest = items
            .iter()
            .filter_map(|it| match it {
                flow::Item::Line { y1, .. } => Some(*y1),
                _ => None,
            })
            .fold(0.0f32, f32::max);
        assert!(lowest <= bottom + 0.01, "page {p} overflows");
        let next_row = flow
            .units
            .iter()
            .zip(&laid.unit_pages)
            .find(|(_, &up)| up == p + 1)
            .map(|(u, _)| u.height)
            .expect("a row on the next page");
        assert!(
            lowest + next_row > bottom,
            "page {p} had room for the next row"
        );
    }
}

/// Writes a sample PDF of every kind of block to the path in
/// `SIGHTLINE_LAYOUT_SAMPLE`, for looking at.
#[test]
#[ignore = "writes a sample PDF for a person to look at"]
fn write_sample() {
    let Ok(path) = std::env::var("SIGHTLINE_LAYOUT_SAMPLE") else {
        return;
    };
    let mut doc = everything();
    doc.heading(1, "Merged chronology");
    doc.table(chronology(60));
    doc.heading(2, "A very long entry");
    let mut t = Table::new(vec![Column::new("Ref", 0.15), Column::new("Text", 0.85)]);
    t.row(["R999", &format!("{ACCENTED} ").repeat(100)]);
    doc.table(t);
    let rendered = doc.render().expect("renders");
    std::fs::write(path, rendered.bytes).expect("written");
}
