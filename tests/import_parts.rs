//! A file whose chronology runs over several sheets or tables: never read
//! as if it held one. Without `--sheet` the import is refused with every
//! sheet named; each then comes in with `--sheet`, and none is refused as
//! already imported.

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

#[test]
fn a_workbook_with_chronologies_on_two_sheets_is_never_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let book = dir.path().join("chronology.xlsx");
    two_sheet_workbook(&book);
    let b = book.to_str().unwrap();
    let before = dump(&review);

    let err = fails(&["import", r, b, "--agency", "Harwick Health Visiting"]);
    assert!(err.contains("2 sheets"), "{err}");
    assert!(
        err.contains("\"2021\"") && err.contains("\"2022\""),
        "{err}"
    );
    assert!(err.contains("--sheet"), "{err}");
    assert_eq!(dump(&review), before, "a refused import wrote something");

    ok(&[
        "import",
        r,
        b,
        "--agency",
        "Harwick Health Visiting",
        "--sheet",
        "2021",
    ]);
    ok(&[
        "import",
        r,
        b,
        "--agency",
        "Harwick Health Visiting",
        "--sheet",
        "2022",
    ]);
    let records = json(&ok(&["records", r, "--json"]));
    assert_eq!(records.as_array().unwrap().len(), 2);
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
