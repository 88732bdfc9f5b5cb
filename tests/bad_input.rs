//! Every malformed file in `fixtures/bad/` is refused with its own clear
//! error, a non-zero exit, and the review left exactly as it was.

mod support;

use std::collections::BTreeSet;

use support::*;

/// Imports `file` (with `extra` arguments) into a review that already holds
/// one good import, and checks the error and that nothing changed.
fn refused(file: &str, extra: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let good = fixture("bad/header-only.csv");
    // A first, good import so the review is not empty.
    let seed = dir.path().join("seed.csv");
    std::fs::write(
        &seed,
        "Date,Details,Outcome\n01/02/2021,Referral received from school,Strategy discussion\n",
    )
    .unwrap();
    ok(&[
        "import",
        r,
        seed.to_str().unwrap(),
        "--agency",
        "Seed Agency",
    ]);
    assert!(good.exists());
    let before = dump(&review);

    let path = fixture(&format!("bad/{file}"));
    let mut args = vec!["import", r, path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let stderr = fails(&args);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("sightline: "),
        "{file}: the reason should be one line on stderr: {stderr}"
    );
    for want in expected {
        assert!(
            stderr.contains(want),
            "{file}: expected {want:?} in the error, got: {stderr}"
        );
    }
    assert_eq!(before, dump(&review), "{file}: the review changed");
    ok(&["verify", r]);
}

macro_rules! bad {
    ($name:ident, $file:expr, [$($arg:expr),*], [$($want:expr),+ $(,)?]) => {
        #[test]
        fn $name() {
            refused($file, &[$($arg),*], &[$($want),+]);
        }
    };
}

const AG: &str = "--agency";
const NAME: &str = "Test Agency";

bad!(
    empty_file,
    "empty.csv",
    [AG, NAME],
    ["empty.csv: the file is empty"]
);
bad!(
    binary_junk_named_csv,
    "binary-junk.csv",
    [AG, NAME],
    ["binary-junk.csv", "is not text"]
);
bad!(
    nul_bytes_in_text,
    "nul-bytes.csv",
    [AG, NAME],
    ["nul-bytes.csv", "is not text"]
);
bad!(
    utf16_without_bom,
    "utf16-no-bom.csv",
    [AG, NAME],
    ["utf16-no-bom.csv", "UTF-16"]
);
bad!(
    header_only,
    "header-only.csv",
    [AG, NAME],
    ["header row (row 1) but no rows"]
);
bad!(
    blank_lines_only,
    "blank-lines-only.csv",
    [AG, NAME],
    ["holds no rows"]
);
bad!(
    no_date_column,
    "no-date-column.csv",
    [AG, NAME],
    [
        "no date column",
        "\"Practitioner\", \"Details\", \"Outcome\"",
        "--mapping"
    ]
);
bad!(
    no_description_column,
    "no-description-column.csv",
    [AG, NAME],
    ["no description column"]
);
bad!(
    no_header_row,
    "no-header.csv",
    [AG, NAME],
    ["no header row was found in the first 30 rows"]
);
bad!(
    truncated_xlsx,
    "truncated.xlsx",
    [AG, NAME],
    ["truncated.xlsx", "damaged or incomplete"]
);
bad!(
    truncated_docx,
    "truncated.docx",
    [AG, NAME],
    ["truncated.docx", "damaged or incomplete"]
);
bad!(
    html_named_xlsx,
    "html-named.xlsx",
    [AG, NAME],
    ["html-named.xlsx", "should be a ZIP archive"]
);
bad!(
    zip_that_is_not_office,
    "zip-not-office.xlsx",
    [AG, NAME],
    ["not an Excel workbook or Word document"]
);
bad!(
    docx_with_broken_xml,
    "broken-xml.docx",
    [AG, NAME],
    ["broken-xml.docx", "not well-formed"]
);
bad!(
    docx_without_table,
    "no-table.docx",
    [AG, NAME],
    ["holds no table"]
);
bad!(
    password_protected_xlsx,
    "password-protected.xlsx",
    [AG, NAME],
    ["protected with a password", "remove the password"]
);
bad!(
    old_binary_xls,
    "old-format.xls",
    [AG, NAME],
    ["old-style", "save it as .xlsx"]
);
bad!(
    malformed_json,
    "malformed.json",
    [AG, NAME],
    ["malformed.json", "not valid JSON", "line 1 column"]
);
bad!(
    deeply_nested_json,
    "deeply-nested.json",
    [AG, NAME],
    ["deeply-nested.json", "not valid JSON"]
);
bad!(
    json_record_not_object,
    "record-not-object.json",
    [AG, NAME],
    ["record 2 is not an object"]
);
bad!(
    json_without_records,
    "no-records.json",
    [AG, NAME],
    ["\"records\""]
);
bad!(
    bad_mapping_profile,
    "bad-profile.csv",
    [
        AG,
        NAME,
        "--mapping",
        "fixtures/bad/bad-profile.mapping.toml"
    ],
    ["bad-profile.mapping.toml", "\"when\" is not a column role"]
);
bad!(
    thirty_first_of_february,
    "feb-31.csv",
    [AG, NAME],
    [
        "feb-31.csv",
        "row 3",
        "column \"Date\"",
        "\"31/02/2015\"",
        "February 2015 has 28 days",
        "nothing was written"
    ]
);
bad!(
    time_25_61,
    "time-25-61.csv",
    [AG, NAME],
    ["row 3", "column \"Time\"", "\"25:61\"", "not a time of day"]
);
bad!(
    time_skipped_by_clocks_going_forward,
    "clocks-forward.csv",
    [AG, NAME],
    ["row 3", "28/03/2021 01:30", "did not exist"]
);
bad!(
    month_thirteen,
    "month-13.csv",
    [AG, NAME],
    ["\"12/13/2021\"", "no month 13"]
);
bad!(
    empty_date,
    "empty-date.csv",
    [AG, NAME],
    ["row 3", "the date is empty"]
);
bad!(
    unreadable_date,
    "unreadable-date.csv",
    [AG, NAME],
    ["\"next Tuesday\"", "not a date"]
);
bad!(
    period_ending_before_it_starts,
    "end-before-start.csv",
    [AG, NAME],
    ["row 3", "column \"End date\"", "ends before it starts"]
);
bad!(
    ragged_row,
    "ragged-row.csv",
    [AG, NAME],
    [
        "row 3",
        "column 6 (no header)",
        "\"extra\"",
        "7 cells but the header has 5 columns"
    ]
);
bad!(
    ten_megabyte_cell,
    "huge-cell.csv",
    [AG, NAME],
    ["row 3", "column \"Details\"", "10.0 MB", "at most 1 MB"]
);
bad!(
    row_without_text,
    "no-text.csv",
    [AG, NAME],
    ["row 3", "no description"]
);
bad!(
    year_overflow,
    "year-overflow.csv",
    [AG, NAME],
    ["\"12/03/99999999\""]
);
bad!(
    formula_cell,
    "formula.xlsx",
    [AG, NAME],
    ["Chronology, row 3", "=TODAY()", "formula"]
);
bad!(
    orphan_shared_formula_cell,
    "orphan-shared-formula.xlsx",
    [AG, NAME],
    ["Chronology, row 3", "shared formula", "paste it as values"]
);
bad!(
    text_in_excel_date_column,
    "text-date.xlsx",
    [AG, NAME],
    ["Chronology, row 3", "\"TBC\""]
);
bad!(
    composite_row_without_agency,
    "composite-no-agency.csv",
    [],
    ["row 3", "column \"Agency\"", "the agency is empty"]
);

/// Every file in `fixtures/bad/` has a test above.
#[test]
fn every_bad_fixture_is_tested() {
    let src = std::fs::read_to_string(root().join("tests/bad_input.rs")).unwrap();
    let mut missing = BTreeSet::new();
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") {
            continue;
        }
        if !src.contains(&format!("\"{name}\"")) {
            missing.insert(name);
        }
    }
    assert!(missing.is_empty(), "untested bad fixtures: {missing:?}");
    assert!(
        std::fs::read_dir(fixture("bad")).unwrap().count() >= 30,
        "the bad-input corpus should hold at least 30 files"
    );
}

/// With --skip-bad-rows the good rows go in and every skipped row is kept
/// with its reason.
#[test]
fn skip_bad_rows_imports_the_rest_and_records_why() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = fixture("bad/feb-31.csv");
    let out = ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Test Agency",
        "--skip-bad-rows",
        "--json",
    ]);
    let report = json(&out);
    assert_eq!(report["source"], "feb-31.csv");
    assert_eq!(report["rows_read"], 3);
    assert_eq!(report["imported"], 2);
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["row"], 3);
    assert_eq!(rejected[0]["column"], "Date");
    assert_eq!(rejected[0]["value"], "31/02/2015");
    assert!(rejected[0]["error"].as_str().unwrap().contains("28 days"));
    // The skipped row is recorded in the review itself.
    let d = dump(&review);
    assert!(d.contains("31/02/2015"), "rejected row not stored: {d}");
    let records = json(&ok(&["records", r, "--json"]));
    assert_eq!(records.as_array().unwrap().len(), 2);
}

/// A refused import lists every bad row, not just the first.
#[test]
fn refusal_lists_every_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let file = dir.path().join("several.csv");
    std::fs::write(
        &file,
        "Date,Details\n31/02/2021,a\n01/03/2021,b\n,c\n32/01/2021,d\n",
    )
    .unwrap();
    let stderr = fails(&[
        "import",
        review.to_str().unwrap(),
        file.to_str().unwrap(),
        "--agency",
        "A",
    ]);
    assert!(stderr.contains("3 rows could not be read"), "{stderr}");
    for row in ["row 2,", "row 4,", "row 5,"] {
        assert!(stderr.contains(row), "{row} missing: {stderr}");
    }
    assert!(!stderr.contains("row 3,"), "{stderr}");
}

/// A sheet name and a cell holding terminal escape sequences (clear the
/// screen, retitle the window) are shown, not acted on: refused or skipped,
/// the messages print them as visible `\u{1b}`, and so does `records`.
#[test]
fn escape_sequences_from_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = fixture(&format!("bad/{}", "terminal-escapes.xlsx"));
    let f = file.to_str().unwrap();
    let refused = sightline(&["import", r, f, "--agency", "X"]);
    let skipped = sightline(&["import", r, f, "--agency", "X", "--skip-bad-rows"]);
    let records = sightline(&["records", r]);
    for out in [&refused, &skipped, &records] {
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.contains(&0x1b) && !stream.contains(&0x07),
                "a raw control character reached the terminal: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
    let refused = String::from_utf8_lossy(&refused.stderr);
    assert!(
        refused.contains("Log\\u{1b}]0;pwned\\u{7}, row 3, column \"Date\""),
        "{refused}"
    );
    assert!(String::from_utf8_lossy(&skipped.stdout).contains("skipped Log\\u{1b}"));
}

/// A device that never ends, or a folder, is refused at once, not read
/// until memory runs out.
#[cfg(unix)]
#[test]
fn a_device_or_a_folder_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let err = fails(&["import", r, "/dev/zero", "--agency", "X"]);
    assert!(err.contains("not a file"), "{err}");
    let err = fails(&["import", r, dir.path().to_str().unwrap(), "--agency", "X"]);
    assert!(err.contains("not a file"), "{err}");
}

/// A year no chronology holds (1066, 9999) is imported as written, with a
/// warning naming the row, column and value.
#[test]
fn an_implausible_year_is_imported_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = dir.path().join("years.csv");
    std::fs::write(
        &file,
        "Date,Details\n12/03/2021,Home visit\n14/10/1066,Home visit\n01/01/9999,Call\n",
    )
    .unwrap();
    let out = ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    assert!(out.contains("3 of 3 rows imported"), "{out}");
    for (row, value) in [("row 3", "14/10/1066"), ("row 4", "01/01/9999")] {
        let line = out
            .lines()
            .find(|l| l.contains("warning") && l.contains(row))
            .unwrap_or_else(|| panic!("no warning for {row}: {out}"));
        assert!(line.contains(value) && line.contains("Date"), "{line}");
    }
    assert!(
        !out.lines()
            .any(|l| l.contains("warning") && l.contains("row 2,")),
        "{out}"
    );
}

/// A row whose date cell holds only a dash has no date the timeline can
/// place: it is left out and listed with its row, column and value, and the
/// rest comes in.
#[test]
fn a_row_dated_with_a_dash_is_left_out_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = dir.path().join("rhi.csv");
    std::fs::write(
        &file,
        "Date,Details\n12/03/2021,RHI offered by phone\n—,RHI not completed - young person declined\n19/03/2021,RHI done\n",
    )
    .unwrap();
    let out = ok(&["import", r, file.to_str().unwrap(), "--agency", "Compass"]);
    assert!(out.contains("2 of 3 rows imported"), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("left out") && l.contains("row 3"))
        .unwrap_or_else(|| panic!("row 3 not listed: {out}"));
    assert!(
        line.contains("Date") && line.contains('—') && line.contains("no date"),
        "{line}"
    );
    let records = json(&ok(&["records", r, "--json"]));
    assert_eq!(records.as_array().unwrap().len(), 2);
}
