//! Working papers: the merged chronology as an XLSX workbook in the column
//! layout panels use, one row per record in timeline order, with the flags
//! citing each record and the reviewers' notes; anonymised, it holds no
//! name of the family or of a glossary entry in any cell.

mod support;

use calamine::{Reader, Xlsx};
use support::*;

fn cells(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("the workbook opens");
    let names = book.sheet_names().to_vec();
    assert_eq!(names, ["Chronology"]);
    let range = book.worksheet_range("Chronology").expect("the sheet reads");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_chronology_as_a_workbook_with_flags_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let records = json(&ok(&["records", r, "--json"]));
    let n = records.as_array().unwrap().len();
    let first = records[0]["id"].as_i64().unwrap().to_string();
    ok(&[
        "note",
        "add",
        r,
        &first,
        "Panel: check this against the police log.",
    ]);

    let out = dir.path().join("papers.xlsx");
    ok(&["export", r, "--xlsx", out.to_str().unwrap()]);
    let rows = cells(&out);
    assert_eq!(
        rows[0],
        [
            "Date",
            "Time",
            "Agency",
            "Event",
            "Outcome",
            "Source",
            "Flags",
            "Reviewer's notes"
        ]
    );
    assert_eq!(rows.len(), n + 1, "one row per record");
    let flagged = rows
        .iter()
        .skip(1)
        .filter(|r| r[6].starts_with('F'))
        .count();
    assert!(flagged > 0, "the flags citing records are listed");
    assert!(
        rows.iter()
            .any(|r| r[7].contains("Panel: check this against the police log.")),
        "the note is on its record's row"
    );
    assert!(rows
        .iter()
        .skip(1)
        .all(|r| !r[0].is_empty() && !r[5].is_empty()));
    // The export is in the audit log.
    let trail = json(&ok(&["audit", r, "--json"]));
    assert!(trail
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "report.export" && e["detail"].as_str().unwrap().contains("xlsx")));

    // Never over the review itself.
    let err = fails(&["export", r, "--xlsx", r]);
    assert!(err.contains("not a workbook"), "{err}");
    ok(&["verify", r]);
}

#[test]
fn the_anonymised_workbook_names_no_one_in_any_cell() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    ok(&["glossary", "add", r, "Jade Okafor", "SW1"]);
    let out = dir.path().join("anon.xlsx");
    ok(&["export", r, "--xlsx", out.to_str().unwrap(), "--anonymise"]);
    let text: String = cells(&out)
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    // Every name of every subject the review resolved, and the glossary's.
    let subjects = json(&ok(&["subjects", r, "--json"]));
    let mut names: Vec<String> = vec!["Jade Okafor".into(), "Okafor".into()];
    for s in subjects.as_array().unwrap() {
        for n in s["names"].as_array().unwrap() {
            for w in n.as_str().unwrap().split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphabetic());
                if w.len() >= 4 && w.chars().next().is_some_and(char::is_uppercase) {
                    names.push(w.to_string());
                }
            }
        }
    }
    assert!(names.iter().any(|n| n == "Tyler"), "{names:?}");
    for name in &names {
        let hit = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == name.as_str());
        assert!(!hit, "{name} is still in the anonymised working papers");
    }
    assert!(text.contains("Child A"), "the codes are there instead");
}

/// The text of a Word document's body, read from its XML.
fn docx_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_chronology_as_a_word_table_reads_back_as_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let n = json(&ok(&["records", r, "--json"]))
        .as_array()
        .unwrap()
        .len();
    let out = dir.path().join("papers.docx");
    ok(&["export", r, "--docx", out.to_str().unwrap()]);
    let xml = docx_text(&out);
    assert!(
        xml.contains("<w:tblHeader/>"),
        "the header row repeats on every page"
    );
    assert!(xml.contains("Reviewer&apos;s notes"));

    // Imported as any agency's Word chronology, it gives back every record.
    let back = new_review(dir.path());
    let b = back.to_str().unwrap();
    ok(&["import", b, out.to_str().unwrap()]);
    let again = json(&ok(&["records", b, "--json"]));
    assert_eq!(
        again.as_array().unwrap().len(),
        n,
        "one table row per record"
    );

    // Anonymised, no family name is left in it.
    let anon = dir.path().join("anon.docx");
    ok(&["export", r, "--docx", anon.to_str().unwrap(), "--anonymise"]);
    let xml = docx_text(&anon);
    for name in ["Tyler", "Kayleigh", "Brooks", "Dean Marsh"] {
        assert!(
            !xml.contains(name),
            "{name} is still in the anonymised document"
        );
    }
    assert!(xml.contains("Child A"));
}

#[test]
fn an_anonymised_export_of_a_review_with_no_child_identified_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let csv = dir.path().join("hv.csv");
    std::fs::write(
        &csv,
        "Date,Details\n01/02/2021,Home visit. The girl seen with her carer; weight fine.\n",
    )
    .unwrap();
    ok(&[
        "import",
        r,
        csv.to_str().unwrap(),
        "--agency",
        "Harwick Health Visiting",
    ]);
    for (flag, name) in [
        ("--pdf", "a.pdf"),
        ("--xlsx", "a.xlsx"),
        ("--docx", "a.docx"),
    ] {
        let out = dir.path().join(name);
        let err = fails(&["export", r, flag, out.to_str().unwrap(), "--anonymise"]);
        assert!(err.contains("no child has been identified"), "{err}");
        assert!(err.contains("--role child"), "{err}");
        assert!(!out.exists(), "{name} was written");
    }
    // Declared, the export goes ahead.
    ok(&[
        "person",
        "add",
        r,
        "Amy Brook",
        "--role",
        "child",
        "--alias",
        "the girl",
    ]);
    let out = dir.path().join("b.pdf");
    ok(&["export", r, "--pdf", out.to_str().unwrap(), "--anonymise"]);
}

#[test]
fn the_redaction_check_lists_names_left_until_they_are_in_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let words = |out: &str| -> Vec<String> {
        json(out)
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["word"].as_str().unwrap().to_string())
            .collect()
    };
    let before = words(&ok(&["export", r, "--anonymise", "--check", "--json"]));
    // A professional's name the anonymiser does not know is listed; the
    // family (replaced by codes) and ordinary words are not.
    assert!(before.iter().any(|w| w == "Pritchard"), "{before:?}");
    for w in [
        "Tyler", "Kayleigh", "Brooks", "Child", "Home", "Police", "March",
    ] {
        assert!(!before.iter().any(|x| x == w), "{w} listed: {before:?}");
    }
    // Nothing is written by a check.
    assert!(!dir.path().join("report.pdf").exists());

    ok(&["glossary", "add", r, "Sarah Pritchard", "HV1"]);
    let after = words(&ok(&["export", r, "--anonymise", "--check", "--json"]));
    assert!(
        !after.iter().any(|w| w == "Pritchard" || w == "Sarah"),
        "{after:?}"
    );
    assert!(after.len() < before.len());

    // A check without --anonymise is refused by the command line.
    let err = fails(&["export", r, "--check"]);
    assert!(err.contains("--anonymise"), "{err}");
}

/// Converts `file` to PDF with LibreOffice (headless, a profile of its own)
/// and returns the PDF's text.
fn through_libreoffice(file: &std::path::Path, dir: &std::path::Path) -> String {
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_str().unwrap()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.join("lo"))
        .arg(file)
        .output()
        .expect("LibreOffice (soffice) runs; scripts/test.sh installs it");
    assert!(
        out.status.success(),
        "LibreOffice could not convert {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir
        .join("lo")
        .join(file.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF for {}",
        file.display()
    );
    pdftotext(&pdf)
}

#[test]
fn the_working_papers_open_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let xlsx = dir.path().join("papers.xlsx");
    let docx = dir.path().join("papers.docx");
    ok(&["export", r, "--xlsx", xlsx.to_str().unwrap()]);
    ok(&["export", r, "--docx", docx.to_str().unwrap()]);
    let flat = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for file in [&xlsx, &docx] {
        let text = flat(through_libreoffice(file, dir.path()));
        // The column headings panels use, and a record's own words.
        for heading in ["Date", "Agency", "Outcome", "Source"] {
            assert!(text.contains(heading), "{heading} in {}", file.display());
        }
        assert!(
            text.contains("Harwick Police"),
            "a record's agency in {}",
            file.display()
        );
        assert!(
            text.contains("Tyler"),
            "a record's text in {}",
            file.display()
        );
    }
}
