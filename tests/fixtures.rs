//! The demo and control fixtures import as agencies sent them: every file
//! with auto-mapping (the housing file with its profile), every row, with
//! provenance and the original cells verbatim.

mod support;

use serde_json::Value;
use support::*;

/// (file, agency, kind, rows, extra arguments)
const DEMO: &[(&str, &str, &str, usize, &[&str])] = &[
    ("police.csv", "Harwick Police", "police", 58, &[]),
    (
        "childrens_social_care.xlsx",
        "Harwick Children's Social Care",
        "childrens_social_care",
        105,
        &[],
    ),
    (
        "health_visiting.docx",
        "Harwick Health Visiting",
        "health_visiting",
        62,
        &[],
    ),
    ("gp.csv", "Elm Street Surgery", "gp", 50, &[]),
    (
        "hospital.xlsx",
        "Harwick General Hospital",
        "hospital",
        22,
        &[],
    ),
    ("school.json", "Oakfield Primary School", "school", 93, &[]),
    (
        "housing.csv",
        "Harwick Homes",
        "housing",
        37,
        &["--mapping", "fixtures/demo/housing.mapping.toml"],
    ),
    (
        "probation.xlsx",
        "Harwick Probation Delivery Unit",
        "probation",
        40,
        &[],
    ),
];

fn import_all(review: &str, dir: &str, files: &[(&str, &str, &str, usize, &[&str])]) {
    for (file, agency, kind, rows, extra) in files {
        let path = fixture(&format!("{dir}/{file}"));
        let mut args = vec![
            "import",
            review,
            path.to_str().unwrap(),
            "--agency",
            agency,
            "--kind",
            kind,
            "--json",
        ];
        args.extend_from_slice(extra);
        let report = json(&ok(&args));
        assert_eq!(report["rows_read"], *rows, "{file}: rows read");
        assert_eq!(report["imported"], *rows, "{file}: rows imported");
        assert_eq!(report["rejected"], serde_json::json!([]), "{file}");
    }
}

fn find<'a>(records: &'a [Value], file: &str, row: u64) -> &'a Value {
    records
        .iter()
        .find(|r| r["source"]["file"] == file && r["source"]["row"] == row)
        .unwrap_or_else(|| panic!("no record from {file} row {row}"))
}

fn cell<'a>(record: &'a Value, column: &str) -> &'a str {
    record["original"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == column)
        .unwrap_or_else(|| panic!("no column {column} in {record}"))["value"]
        .as_str()
        .unwrap()
}

#[test]
fn every_demo_file_imports_with_auto_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    import_all(r, "demo", DEMO);
    let records = json(&ok(&["records", r, "--json"]));
    assert_eq!(records.as_array().unwrap().len(), 467);
}

/// No header of the housing diary is a synonym: with no profile its date
/// and description are read from what the columns hold, and import says
/// so; the other roles ("Passed to" as shared with) need its profile.
#[test]
fn the_housing_file_is_read_by_content_without_its_profile() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let path = fixture("demo/housing.csv");
    let out = ok(&[
        "import",
        r,
        path.to_str().unwrap(),
        "--agency",
        "Harwick Homes",
    ]);
    assert!(out.contains("37 of 37 rows imported"), "{out}");
    assert!(
        out.contains("read column \"When logged\" as the date from what it holds")
            && out.contains("read column \"Officer remarks\" as the description"),
        "{out}"
    );
    let records = json(&ok(&["records", r, "--json"]));
    let first = &records.as_array().unwrap()[0];
    assert!(first["text"]
        .as_str()
        .unwrap()
        .starts_with("Rent account in arrears"));
    assert_eq!(first["when"]["start"], "2021-01-19T10:14:00+00:00");
}

#[test]
fn every_control_file_imports_with_auto_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let control: &[(&str, &str, &str, usize, &[&str])] = &[
        ("police.csv", "Fenbridge Police", "police", 14, &[]),
        (
            "childrens_social_care.xlsx",
            "Fenbridge Children's Social Care",
            "childrens_social_care",
            31,
            &[],
        ),
        ("school.csv", "Kingsmead Primary School", "school", 15, &[]),
        ("gp.csv", "Riverside Medical Practice", "gp", 10, &[]),
    ];
    import_all(r, "control", control);
}

#[test]
fn demo_builds_in_one_command_and_keeps_provenance_and_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&["demo", dir.path().to_str().unwrap()]);
    assert!(
        out.contains("467 records from 8 agencies in 8 files"),
        "{out}"
    );
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    ok(&["verify", r]);
    let records = json(&ok(&["records", r, "--json"]));
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 467);
    for rec in records {
        for key in ["id", "agency", "when", "text", "outcome", "source"] {
            assert!(rec.get(key).is_some(), "{key} missing in {rec}");
        }
        for key in ["start", "end", "precision", "qualifier"] {
            assert!(
                rec["when"].get(key).is_some(),
                "when.{key} missing in {rec}"
            );
        }
        assert!(rec["source"]["row"].as_u64().unwrap() >= 1);
    }

    // Windows-1252, semicolons, month names: verbatim cells and a day.
    let gp = find(records, "gp.csv", 6);
    assert_eq!(gp["agency"], "Elm Street Surgery");
    assert_eq!(cell(gp, "Date of contact"), "08-Mar-2021");
    assert_eq!(gp["when"]["start"], "2021-03-08");
    assert_eq!(gp["when"]["precision"], "day");
    let accents = records
        .iter()
        .filter(|r| r["source"]["file"] == "gp.csv")
        .any(|r| {
            r["text"].as_str().unwrap().contains("Zoë")
                || r["author"].as_str().unwrap_or("").contains("Zoë")
        });
    assert!(accents, "Zoë did not survive the Windows-1252 decoding");

    // A workbook with its header on row 4: sheet and row as Excel shows them.
    let csc = find(records, "childrens_social_care.xlsx", 15);
    assert_eq!(csc["source"]["sheet"], "Chronology");
    assert_eq!(csc["when"]["start"], "2021-04-09");
    assert_eq!(cell(csc, "Event ref"), "E0011");

    // A Word table, day-first dates with dots.
    let hv = find(records, "health_visiting.docx", 5);
    assert_eq!(hv["source"]["sheet"], "Table 1");
    assert_eq!(cell(hv, "Date"), "27.01.21");
    assert_eq!(hv["when"]["start"], "2021-01-27");
    assert_eq!(hv["outcome"], "Universal service. NFA by HV.");

    // JSON interchange with a separate time: GMT in February.
    let school = find(records, "school.json", 8);
    assert_eq!(school["agency"], "Oakfield Primary School");
    assert_eq!(school["when"]["start"], "2021-02-10T08:55:00+00:00");
    assert_eq!(cell(school, "category"), "Physical injury");

    // Date and time in one cell under an unrecognised header: BST in June.
    let housing = find(records, "housing.csv", 9);
    assert_eq!(cell(housing, "When logged"), "04/06/2021 14:22");
    assert_eq!(housing["when"]["start"], "2021-06-04T14:22:00+01:00");

    // The chronology on a workbook's second sheet, 12-hour text times.
    let probation = find(records, "probation.xlsx", 2);
    assert_eq!(probation["source"]["sheet"], "Contacts");
    assert_eq!(cell(probation, "Time"), "10:30am");
    assert_eq!(probation["when"]["start"], "2021-01-11T10:30:00+00:00");

    // Excel date-time cells.
    let ed = find(records, "hospital.xlsx", 2);
    assert_eq!(ed["when"]["start"], "2021-03-06T18:52:00+00:00");
    assert_eq!(cell(ed, "Name"), "Tyler BROOKES");

    // Police names are written surname first, and kept whole.
    let police = find(records, "police.csv", 12);
    assert_eq!(police["subjects"], serde_json::json!(["BROOKS, Tyler"]));
    assert_eq!(cell(police, "Occurrence ref"), "HP/21/010244");

    // Every precision and qualifier the fixtures use came through.
    let has = |precision: &str, qualifier: &str| {
        records
            .iter()
            .any(|r| r["when"]["precision"] == precision && r["when"]["qualifier"] == qualifier)
    };
    assert!(has("instant", "exact"));
    assert!(has("day", "exact"));
    assert!(has("month", "exact"));
    assert!(has("day", "approx"));
    assert!(has("day", "before"));
    assert!(has("day", "between"));
}

#[test]
fn demo_rebuild_replaces_the_previous_demo() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let out = ok(&["demo", dir.path().to_str().unwrap()]);
    assert!(out.contains("467 records"), "{out}");
}
