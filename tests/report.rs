//! The review report: the real binary exports the demo review as a PDF, and
//! the PDF is checked with poppler and qpdf as a reader would see it —
//! valid, titled, every section present and where the contents page says,
//! every record's source and every flag's explanation in it, the marking on
//! every page, the export audited.

mod support;

use std::path::Path;

use serde_json::Value;
use support::*;

/// The report's level-1 headings (the contents page's own title aside).
const SECTIONS: &[&str] = &[
    "About this report",
    "Sources",
    "Agency involvement",
    "Flags",
    "Who knew what, when",
    "Merged chronology",
    "Appendix",
];

/// Runs a PDF tool and returns its stdout; panics with its stderr.
/// Text with every run of white space (line breaks included) made one space.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `needle` occurs in `hay` not followed by a digit (so "row 4"
/// is not found inside "row 40").
fn contains_whole(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        !hay[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// A record's source reference as the report writes it.
fn source_ref(r: &Value) -> String {
    let file = r["source"]["file"].as_str().unwrap();
    let row = r["source"]["row"].as_u64().unwrap();
    match r["source"]["sheet"].as_str() {
        Some(sheet) if !sheet.is_empty() => format!("{file}, sheet {sheet}, row {row}"),
        _ => format!("{file}, row {row}"),
    }
}

fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf)
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            "-",
        ],
    )
}

#[test]
fn demo_report_is_complete_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let review_s = review.to_str().unwrap();
    let pdf = dir.path().join("report.pdf");
    let pdf_s = pdf.to_str().unwrap();
    let out = ok(&["export", review_s, "--pdf", pdf_s]);
    assert!(out.contains("pages"), "{out}");

    // A valid PDF.
    let check = tool("qpdf", &["--check", pdf_s]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    // Title and page count.
    let info = tool("pdfinfo", &[pdf_s]);
    let title = sightline::demo::TITLE;
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.contains(title)),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let reported: usize = out
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the export says how many pages");
    assert_eq!(pages, reported, "{out}");
    assert!(pages > 20, "{pages} pages");

    let text = pdf_text(&pdf);
    let flat = norm(&text);

    // The marking on every page (pdftotext ends each page with a form feed).
    let page_texts: Vec<&str> = text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), pages);
    for (i, p) in page_texts.iter().enumerate() {
        assert!(
            p.contains("OFFICIAL-SENSITIVE"),
            "page {} has no marking",
            i + 1
        );
        assert!(
            p.contains(&format!("Page {} of {pages}", i + 1)),
            "page {} has no page number",
            i + 1
        );
    }

    // Every section, and each where the contents page says it is.
    for s in SECTIONS {
        assert!(text.lines().any(|l| l.trim() == *s), "no heading {s:?}");
    }
    let contents = tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", "-f", "2", "-l", "2", pdf_s, "-"],
    );
    assert!(contents.contains("Contents"), "{contents}");
    for s in SECTIONS {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{s} ")))
            .unwrap_or_else(|| panic!("{s:?} is not on the contents page:\n{contents}"));
        let page: usize = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number in {line:?}"));
        let on_page = page_text(&pdf, page);
        assert!(
            on_page.lines().any(|l| l.trim() == *s),
            "contents says {s:?} is on page {page}, but it is not there"
        );
    }

    // Every record's source reference.
    let records: Value = serde_json::from_str(&ok(&["records", review_s, "--json"])).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 467);
    for r in records {
        let reference = source_ref(r);
        assert!(
            contains_whole(&flat, &reference),
            "no source reference {reference:?} for record {}",
            r["id"]
        );
    }

    // Every flag's explanation, in full. Lines may break after a slash or a
    // hyphen as well as at spaces, and pdftotext joins "non-" + "accidental"
    // at a line end into one word, so white space and hyphens are ignored.
    // A flag taller than a page is split at a line boundary: the text is read
    // as it flows, without each page's running header and footer (the
    // marking; the running title, the marking and the page number) and
    // without the repeated heading above "(continued)" where a split row goes
    // on.
    let keep = |c: &char| !c.is_whitespace() && *c != '-';
    let flowing: String = page_texts
        .iter()
        .map(|p| {
            let mut lines: Vec<&str> = p.lines().filter(|l| !l.trim().is_empty()).collect();
            lines.truncate(lines.len().saturating_sub(3));
            if !lines.is_empty() {
                lines.remove(0);
            }
            if let Some(k) = lines.iter().take(6).position(|l| l.trim() == "(continued)") {
                lines.drain(..=k);
            }
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bare: String = flowing.chars().filter(keep).collect();
    let flags: Value = serde_json::from_str(&ok(&["flags", review_s, "--json"])).unwrap();
    let flags = flags.as_array().unwrap();
    assert!(!flags.is_empty());
    for f in flags {
        let explanation: String = f["explanation"]
            .as_str()
            .unwrap()
            .chars()
            .filter(keep)
            .collect();
        assert!(
            bare.contains(&explanation),
            "flag {} explanation missing: {explanation}",
            f["id"]
        );
    }

    // The export is audited, with its hash and options.
    let dump = dump(&review);
    assert!(
        dump.contains("report.export"),
        "no audit entry of the export"
    );
    let sha = out.split("sha256 ").nth(1).map(str::trim).unwrap_or("");
    assert_eq!(sha.len(), 64, "{out}");
    assert!(dump.contains(sha), "the audit entry lacks the PDF's sha256");
    ok(&["verify", review_s]);
}

/// What an agency only possibly knew is in the matrix, its date marked
/// "?": the same date `knowledge --possible` gives. The police record a
/// domestic incident on a day, with no time, and tell the school at 09:00
/// that day: whether the incident came before the notification is unknown.
#[test]
fn possible_knowledge_is_marked_in_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let review_s = review.to_str().unwrap();
    let police = dir.path().join("police.csv");
    std::fs::write(
        &police,
        "Date,Subject,Description,Shared with\n\
         12/03/2022,Ava TERN (6),Domestic abuse incident at the family home; Ava present.,\n\
         12/03/2022 09:00,Ava TERN (6),Notification sent to the school re Ava.,Oak Lane Primary School\n",
    )
    .unwrap();
    let school = dir.path().join("school.csv");
    std::fs::write(
        &school,
        "Date,Subject,Description\n20/03/2022,Ava TERN (6),Ava settled in class.\n",
    )
    .unwrap();
    ok(&[
        "import",
        review_s,
        police.to_str().unwrap(),
        "--agency",
        "Oak Police",
        "--kind",
        "police",
    ]);
    ok(&[
        "import",
        review_s,
        school.to_str().unwrap(),
        "--agency",
        "Oak Lane Primary School",
        "--kind",
        "school",
    ]);
    let pdf = dir.path().join("report.pdf");
    ok(&["export", review_s, "--pdf", pdf.to_str().unwrap()]);
    let text = pdf_text(&pdf);
    // What an agency only possibly knew is in the matrix, its date marked
    // "?": the same date `knowledge --possible` gives.
    let knowledge = json(&ok(&["knowledge", review_s, "--possible", "--json"]));
    let possible: Vec<&Value> = knowledge
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["certain"] == false)
        .collect();
    assert!(!possible.is_empty(), "the school possibly knew");
    for k in possible {
        let iso = k["first_known"].as_str().unwrap();
        let day = format!("{}/{}/{}?", &iso[8..10], &iso[5..7], &iso[2..4]);
        assert!(text.contains(&day), "{k} is not in the matrix as {day}");
    }
}

#[test]
fn marking_is_printed_as_given() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let pdf = dir.path().join("marked.pdf");
    ok(&[
        "export",
        review.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
        "--marking",
        "OFFICIAL – PANEL ONLY",
    ]);
    let text = pdf_text(&pdf);
    for (i, p) in text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        assert!(
            p.contains("OFFICIAL – PANEL ONLY"),
            "page {} lacks the marking",
            i + 1
        );
        assert!(
            !p.contains("OFFICIAL-SENSITIVE"),
            "page {} has the default marking",
            i + 1
        );
    }
}

#[test]
fn anonymised_report_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let pdf = dir.path().join("anonymised.pdf");
    let pdf_s = pdf.to_str().unwrap();
    ok(&[
        "export",
        review.to_str().unwrap(),
        "--pdf",
        pdf_s,
        "--anonymise",
    ]);
    tool("qpdf", &["--check", pdf_s]);
    let text = format!("{}\n{}", pdf_text(&pdf), tool("pdfinfo", &[pdf_s])).to_lowercase();
    // The demo family's names, in any case, and one professional's.
    for name in [
        "tyler",
        "kayleigh",
        "brooks",
        "dean marsh",
        "maureen",
        "hollis",
    ] {
        assert!(
            !text.contains(name),
            "the anonymised report contains {name:?}"
        );
    }
    assert!(text.contains("child a"));
    assert!(text.contains("anonymised"));
    assert!(dump(&review).contains("\"anonymised\":true"));
}

/// Folds a text for searching: lower case, accents removed, any other
/// character a space, so that whole words can be looked for.
fn folded_words(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars() {
        let c = sightline::text::strip_accent(c);
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

#[test]
fn anonymised_report_has_no_name_in_any_form() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    // The reviewer codes the professionals Sightline proposes.
    let proposals = json(&ok(&["glossary", "propose", r, "--json"]));
    let mut professionals = Vec::new();
    for p in proposals.as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let code = p["code"].as_str().unwrap();
        if ok_or_skip(&["glossary", "add", r, name, code]) {
            professionals.push(name.to_string());
        }
    }
    assert!(professionals.iter().any(|n| n == "Jade Okafor"));
    let pdf = dir.path().join("anonymised.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap(), "--anonymise"]);
    let text = folded_words(&format!(
        "{}\n{}",
        pdf_text(&pdf),
        tool("pdfinfo", &[pdf.to_str().unwrap()])
    ));

    // Every word of every name and alias of every subject, and of every
    // coded professional: in any case, with or without accents, possessive
    // or not (the folding makes "Tyler’s" the word "tyler" then "s").
    let subjects = json(&ok(&["subjects", r, "--json"]));
    let mut words = std::collections::BTreeSet::new();
    for s in subjects.as_array().unwrap() {
        for n in s["names"].as_array().unwrap() {
            for w in folded_words(n.as_str().unwrap()).split_whitespace() {
                words.insert(w.to_string());
            }
        }
    }
    for n in &professionals {
        for w in folded_words(n).split_whitespace() {
            words.insert(w.to_string());
        }
    }
    // Titles and single letters are not names; nor is a word the agencies
    // also write in lower case as an ordinary word ("a mark on his arm").
    let not_names = [
        "mr", "mrs", "ms", "miss", "dr", "pc", "ds", "dc", "sw", "hv", "gp",
    ];
    let records = json(&ok(&["records", r, "--json"]));
    let ordinary: std::collections::BTreeSet<String> = records
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|rec| {
            format!(
                "{} {}",
                rec["text"].as_str().unwrap_or(""),
                rec["outcome"].as_str().unwrap_or("")
            )
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_lowercase()))
            .map(str::to_string)
            .collect::<Vec<_>>()
        })
        .collect();
    let leaked: Vec<&String> = words
        .iter()
        .filter(|w| w.len() >= 2 && !not_names.contains(&w.as_str()) && !ordinary.contains(*w))
        .filter(|w| text.contains(&format!(" {w} ")))
        .collect();
    for w in [
        "tyler", "brookes", "ty", "kayley", "deano", "maureen", "hollis", "mia", "okafor",
    ] {
        assert!(
            words.contains(w),
            "{w} is not among the names checked: {words:?}"
        );
    }
    assert!(
        leaked.is_empty(),
        "the anonymised report still names: {leaked:?}"
    );
    assert!(text.contains(" child a "));
    assert!(text.contains(" sw1 "));
}

/// Runs a command that may be refused for a good reason (a duplicate
/// glossary name); true when it succeeded.
fn ok_or_skip(args: &[&str]) -> bool {
    sightline(args).status.success()
}

/// In the merged chronology no row is split across pages: each record's
/// source reference and the start of its text are on one and the same page.
#[test]
fn chronology_rows_are_never_split_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let texts: Vec<String> = (1..=pages).map(|p| norm(&page_text(&pdf, p))).collect();
    // The chronology runs from its heading to the appendix.
    let start = texts
        .iter()
        .position(|t| t.contains("Merged chronology") && !t.contains("Contents"))
        .expect("chronology heading");
    let end = texts
        .iter()
        .rposition(|t| {
            t.starts_with("OFFICIAL-SENSITIVE Appendix") || t.contains(" Appendix Data quality")
        })
        .unwrap_or(pages);
    let chronology = &texts[start..end.max(start + 1)];
    let records = json(&ok(&["records", r, "--json"]));
    let mut checked = 0;
    for rec in records.as_array().unwrap() {
        let reference = source_ref(rec);
        let on: Vec<usize> = chronology
            .iter()
            .enumerate()
            .filter(|(_, t)| contains_whole(t, &reference))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(on.len(), 1, "{reference} is on chronology pages {on:?}");
        let first_words: String = norm(rec["text"].as_str().unwrap())
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        if first_words.chars().count() >= 8 {
            assert!(
                chronology[on[0]].contains(&first_words),
                "the text of {reference} ({first_words:?}) is not on the page of its source"
            );
            checked += 1;
        }
    }
    assert!(checked > 400, "only {checked} rows checked");
}
