//! JSON reader tests: the interchange document and a bare array of records,
//! the agency a file declares, and malformed or deeply nested files refused
//! without a panic.

use super::*;

fn rows(bytes: &[u8]) -> Vec<GridRow> {
    let grid = read(bytes).unwrap();
    assert_eq!(grid.sheet, None);
    grid.rows.collect::<Result<Vec<_>, _>>().unwrap()
}

fn texts(row: &GridRow) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

const DOCUMENT: &str = r#"{
        "sightline": "interchange/1",
        "agency": { "name": "Northshire Police", "kind": "police" },
        "records": [
            { "when": { "start": "2015-03-12", "end": null, "precision": "day", "qualifier": "exact" },
              "description": "Home visit", "seq": 1, "flagged": true },
            { "when": { "start": "2015-03", "precision": "month", "qualifier": "approx" },
              "description": "Call", "shared_with": ["GP", "School"], "extra": null },
            { "zeta": 1.5, "when": { "start": "2015-03-02", "end": "2015-03-08", "qualifier": "between" },
              "source": { "file": "a.csv", "row": 4 } },
            { "when": { "start": "2015-04-01T09:30:00+01:00", "qualifier": "before" } },
            { "when": { "start": "2015-05-01", "qualifier": "after" } }
        ]
    }"#;

#[test]
fn interchange_document() {
    let rows = rows(DOCUMENT.as_bytes());
    assert_eq!(rows[0].number, 0);
    assert_eq!(
        texts(&rows[0]),
        [
            "when",
            "description",
            "seq",
            "flagged",
            "shared_with",
            "extra",
            "zeta",
            "source"
        ]
    );
    assert_eq!(rows[1].number, 1);
    assert_eq!(
        texts(&rows[1]),
        ["2015-03-12", "Home visit", "1", "true", "", "", "", ""]
    );
    assert_eq!(
        texts(&rows[2]),
        ["approx. 2015-03", "Call", "", "", "GP; School", "", "", ""]
    );
    assert_eq!(
        texts(&rows[3]),
        [
            "between 2015-03-02 and 2015-03-08",
            "",
            "",
            "",
            "",
            "",
            "1.5",
            r#"{"file":"a.csv","row":4}"#
        ]
    );
    assert_eq!(rows[4].cells[0].text, "before 2015-04-01T09:30:00+01:00");
    assert_eq!(rows[5].cells[0].text, "after 2015-05-01");
    assert_eq!(rows[5].number, 5);
}

#[test]
fn agency_declared() {
    assert_eq!(
        agency(DOCUMENT.as_bytes()),
        Some(("Northshire Police".into(), Some("police".into())))
    );
    assert_eq!(
        agency(br#"{"agency": "GP", "records": []}"#),
        Some(("GP".into(), None))
    );
    assert_eq!(agency(br#"[{"a": 1}]"#), None);
    assert_eq!(agency(b"not json"), None);
}

#[test]
fn bare_array_with_bom() {
    let rows =
        rows("\u{feff}[{\"b\": 2, \"a\": [1, null, \"x\"]}, {\"c\": [{\"d\": 1}]}]".as_bytes());
    assert_eq!(texts(&rows[0]), ["b", "a", "c"]);
    assert_eq!(texts(&rows[1]), ["2", "1; ; x", ""]);
    assert_eq!(texts(&rows[2]), ["", "", r#"[{"d":1}]"#]);
}

#[test]
fn odd_when_objects_stay_json() {
    let rows = rows(br#"[{"w": {"start": "2015", "qualifier": "between"}}, {"w": {"start": "2015", "qualifier": "soon"}}]"#);
    assert_eq!(
        rows[1].cells[0].text,
        r#"{"start":"2015","qualifier":"between"}"#
    );
    assert_eq!(
        rows[2].cells[0].text,
        r#"{"start":"2015","qualifier":"soon"}"#
    );
}

#[test]
fn record_not_object() {
    let err = read(br#"[{"a": 1}, {"a": 2}, 3]"#).err();
    assert_eq!(
        err,
        Some(ReadError::Json(
            "record 3 is not an object (it is a number)".into()
        ))
    );
}

#[test]
fn wrong_shapes() {
    assert!(
        matches!(read(br#"{"a": 1}"#), Err(ReadError::Json(m)) if m.contains("not Sightline interchange"))
    );
    assert!(matches!(read(b"42"), Err(ReadError::Json(_))));
    assert!(
        matches!(read(br#"{"records": {}}"#), Err(ReadError::Json(m)) if m.contains("should be an array"))
    );
    assert!(matches!(
        read(br#"{"sightline": "interchange/2", "records": []}"#),
        Err(ReadError::Json(m)) if m.contains("interchange/2")
    ));
    assert_eq!(read(b"").err(), Some(ReadError::Empty));
}

#[test]
fn empty_records() {
    let rows = rows(br#"{"sightline": "interchange/1", "records": []}"#);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].cells.is_empty());
}

#[test]
fn malformed_json_quotes_position() {
    let err = read(b"[{\"a\": 1},\n {\"a\": }]").err();
    assert!(
        matches!(&err, Some(ReadError::Json(m)) if m.contains("line 2 column")),
        "{err:?}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    assert!(matches!(read(deep.as_bytes()), Err(ReadError::Json(_))));
    let deep_closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        matches!(read(deep_closed.as_bytes()), Err(ReadError::Json(m)) if m.contains("recursion limit")),
    );
    let deep_objects = "{\"a\":".repeat(100_000);
    assert!(matches!(
        read(deep_objects.as_bytes()),
        Err(ReadError::Json(_))
    ));
    let nested_ok = format!("[{{\"a\": {}1{}}}]", "[".repeat(100), "]".repeat(100));
    assert!(read(nested_ok.as_bytes()).is_ok());
}

#[test]
fn never_panics_on_prefixes() {
    let bytes = DOCUMENT.as_bytes();
    for end in 0..=bytes.len() {
        if let Ok(grid) = read(&bytes[..end]) {
            grid.rows.for_each(drop);
        }
        let _ = agency(&bytes[..end]);
    }
}

#[test]
fn a_long_number_keeps_every_digit_the_file_wrote() {
    let rows = rows(
        br#"[{"date": "12/03/2021", "nhs": 12345678901234567890123, "ratio": 0.10, "n": -7e2}]"#,
    );
    assert_eq!(
        texts(&rows[1]),
        ["12/03/2021", "12345678901234567890123", "0.10", "-7e2"]
    );
}

#[test]
fn a_repeated_key_keeps_both_values_in_columns_of_their_own() {
    let rows = rows(
        br#"[{"date": "12/03/2021", "details": "first", "details": "second"},
            {"date": "13/03/2021", "details": "only"}]"#,
    );
    assert_eq!(texts(&rows[0]), ["date", "details", "details (2)"]);
    assert_eq!(texts(&rows[1]), ["12/03/2021", "first", "second"]);
    assert_eq!(texts(&rows[2]), ["13/03/2021", "only", ""]);
}
