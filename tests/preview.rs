//! The import wizard's preview: the guessed mapping, how dates were read and
//! every bad row, found without writing anything.

mod support;

use sightline::import::mapping::{ColumnRole, Profile};
use sightline::import::{preview, ImportFile, ImportOptions};

#[test]
fn a_bad_row_is_shown_with_its_column_and_value_and_good_rows_with_their_dates() {
    let file = ImportFile::read(&support::fixture("bad/unreadable-date.csv")).unwrap();
    let p = preview(&file, &ImportOptions::default(), 200).unwrap();
    assert_eq!(p.format, "csv");
    assert_eq!(p.header_row, 1);
    assert_eq!(p.rows_read, 3);
    let roles: Vec<(&str, &ColumnRole)> = p
        .mapping
        .iter()
        .map(|c| (c.column.as_str(), &c.role))
        .collect();
    assert_eq!(roles[0], ("Date", &ColumnRole::Date));
    assert_eq!(roles[2], ("Details", &ColumnRole::Description));
    assert_eq!(p.errors.len(), 1);
    let e = &p.errors[0];
    assert_eq!(
        (e.row, e.column.as_deref(), e.value.as_str()),
        (3, Some("Date"), "next Tuesday")
    );
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.rows[0].when.as_deref(), Some("12/03/2021 09:15"));
    assert!(p.rows[1].error.is_some() && p.rows[1].when.is_none());
    assert_eq!(p.rows[1].cells[0], "next Tuesday");
}

#[test]
fn a_changed_mapping_changes_what_is_read() {
    let file = ImportFile::read(&support::fixture("bad/unreadable-date.csv")).unwrap();
    // The reviewer says the Outcome column is the description and Details is extra.
    let profile = Profile::from_toml(
        "wizard",
        "[columns]\n\"Details\" = \"extra\"\n\"Outcome\" = \"description\"\n",
    )
    .unwrap();
    let opts = ImportOptions {
        profile: Some(profile),
        ..Default::default()
    };
    let p = preview(&file, &opts, 1).unwrap();
    let role = |h: &str| {
        p.mapping
            .iter()
            .find(|c| c.column == h)
            .unwrap()
            .role
            .clone()
    };
    assert_eq!(role("Details"), ColumnRole::Extra);
    assert_eq!(role("Outcome"), ColumnRole::Description);
    assert_eq!(p.rows.len(), 1, "limited to what was asked");
    assert_eq!(p.errors.len(), 1, "errors from the whole file");
}
