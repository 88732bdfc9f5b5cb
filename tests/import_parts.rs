//! A file whose chronology runs over several sheets or tables: never read
//! as if it held one. Without `--sheet` each sheet or table holding a
//! chronology comes in as its own part; with `--sheet` the one named does.

mod support;

use support::*;

/// A workbook with a cover sheet and a chronology on each of two sheets.
fn two_sheet_workbook(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let cover = book.add_worksheet();
    cover.set_name("Cover").unwrap();
    cover
        .write(0, 0, "Chronology for the review panel")
        .unwrap();
    for (name, rows) in [
        ("2021", [("12/03/2021", "Home visit. Tyler seen.")]),
        (
            "2022",
            [("02/02/2022", "Bruise to Tyler's cheek seen at nursery.")],
        ),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        sheet.write(0, 0, "Date").unwrap();
        sheet.write(0, 1, "Details").unwrap();
        for (i, (date, text)) in rows.iter().enumerate() {
            sheet.write(i as u32 + 1, 0, *date).unwrap();
            sheet.write(i as u32 + 1, 1, *text).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// Without `--sheet`, each sheet holding a chronology comes in as its own
/// part (the cover sheet, holding none, is left), and the report names each;
/// the file comes in once.
#[test]
fn a_workbook_with_chronologies_on_two_sheets_comes_in_sheet_by_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let book = dir.path().join("chronology.xlsx");
    two_sheet_workbook(&book);
    let b = book.to_str().unwrap();

    let report = json(&ok(&[
        "import",
        r,
        b,
        "--agency",
        "Harwick Health Visiting",
        "--json",
    ]));
    let sheets: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(sheets, ["2021", "2022"]);
    let records = json(&ok(&["records", r, "--json"]));
    let texts: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Home visit. Tyler seen.",
            "Bruise to Tyler's cheek seen at nursery."
        ]
    );
    let before = dump(&review);
    let again = fails(&["import", r, b, "--agency", "Harwick Health Visiting"]);
    assert!(again.contains("already"), "{again}");
    assert_eq!(dump(&review), before, "a refused import wrote something");
}

/// One sheet can still be named, and then only it comes in; the other
/// follows with its own `--sheet`.
#[test]
fn a_named_sheet_comes_in_alone() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let book = dir.path().join("chronology.xlsx");
    two_sheet_workbook(&book);
    let b = book.to_str().unwrap();
    for sheet in ["2021", "2022"] {
        ok(&[
            "import",
            r,
            b,
            "--agency",
            "Harwick Health Visiting",
            "--sheet",
            sheet,
        ]);
        let records = json(&ok(&["records", r, "--json"]));
        let n = if sheet == "2021" { 1 } else { 2 };
        assert_eq!(records.as_array().unwrap().len(), n);
    }
    let again = fails(&[
        "import",
        r,
        b,
        "--agency",
        "Harwick Health Visiting",
        "--sheet",
        "2022",
    ]);
    assert!(again.contains("already"), "{again}");
}
