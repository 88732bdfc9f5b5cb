//! The reviewer's notes on records: kept beside the record (which never
//! changes), listed with who wrote them, audited, removable, and printed
//! under their record in the report's chronology when asked, anonymised
//! with the rest.

mod support;

use support::*;

fn review_with_a_record(dir: &std::path::Path) -> (std::path::PathBuf, i64) {
    let review = new_review(dir);
    let r = review.to_str().unwrap();
    let csv = dir.join("school.csv");
    std::fs::write(
        &csv,
        "Date,Details\n01/02/2021,Bruise to Tyler Brooks's cheek seen in class; DSL informed.\n",
    )
    .unwrap();
    ok(&[
        "import",
        r,
        csv.to_str().unwrap(),
        "--agency",
        "Oakfield School",
    ]);
    ok(&[
        "person",
        "add",
        r,
        "Tyler Brooks",
        "--role",
        "child",
        "--alias",
        "Tyler",
    ]);
    let records = json(&ok(&["records", r, "--json"]));
    let id = records[0]["id"].as_i64().unwrap();
    (review, id)
}

#[test]
fn notes_are_kept_listed_audited_and_removable_and_the_record_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (review, id) = review_with_a_record(dir.path());
    let r = review.to_str().unwrap();
    let before = ok(&["records", r, "--json"]);
    let rid = id.to_string();

    ok(&[
        "note",
        "add",
        r,
        &rid,
        "The DSL's referral was by phone; see the school's log.",
    ]);
    ok(&[
        "note",
        "add",
        r,
        &rid,
        "Panel to ask CSC whether the call was logged.",
    ]);
    let notes = json(&ok(&["note", "list", r, "--json"]));
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["record"].as_i64(), Some(id));
    assert!(notes[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("The DSL's referral"));
    assert!(!notes[0]["by"].as_str().unwrap().is_empty());
    assert_eq!(
        ok(&["records", r, "--json"]),
        before,
        "the record itself never changes"
    );

    // Refused: an empty note, a record that does not exist; nothing changes.
    let err = fails(&["note", "add", r, &rid, "   "]);
    assert!(err.contains("empty"), "{err}");
    let err = fails(&["note", "add", r, "999999", "About nothing"]);
    assert!(err.contains("no record 999999"), "{err}");

    let first = notes[0]["id"].as_i64().unwrap().to_string();
    ok(&["note", "remove", r, &first]);
    let left = json(&ok(&["note", "list", r, "--json"]));
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert!(left[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Panel to ask"));

    let trail = json(&ok(&["audit", r, "--json"]));
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "record.note").count(),
        2,
        "{actions:?}"
    );
    assert!(actions.contains(&"record.note_remove"), "{actions:?}");
    ok(&["verify", r]);
}

#[test]
fn the_report_carries_notes_when_asked_and_anonymises_them() {
    let dir = tempfile::tempdir().unwrap();
    let (review, id) = review_with_a_record(dir.path());
    let r = review.to_str().unwrap();
    ok(&[
        "note",
        "add",
        r,
        &id.to_string(),
        "Tyler Brooks was seen alone by the DSL that afternoon.",
    ]);

    let plain = dir.path().join("plain.pdf");
    ok(&["export", r, "--pdf", plain.to_str().unwrap()]);
    let text = pdftotext(&plain);
    assert!(!text.contains("Reviewer's note"), "notes only when asked");

    let with = dir.path().join("notes.pdf");
    ok(&["export", r, "--pdf", with.to_str().unwrap(), "--notes"]);
    let text = pdftotext(&with)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Reviewer's note"), "{text}");
    assert!(
        text.contains("seen alone by the DSL that afternoon"),
        "{text}"
    );

    let anon = dir.path().join("anon.pdf");
    ok(&[
        "export",
        r,
        "--pdf",
        anon.to_str().unwrap(),
        "--notes",
        "--anonymise",
    ]);
    let text = pdftotext(&anon)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("seen alone by the DSL that afternoon"),
        "{text}"
    );
    assert!(
        !text.contains("Tyler"),
        "the note is anonymised with the rest"
    );
}
