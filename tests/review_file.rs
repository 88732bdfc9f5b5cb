//! The review file and the command line: creating, importing, reading back,
//! verifying, and keeping the file encrypted.

mod support;

use std::process::Command;

use support::*;

const HV_CSV: &str = "\u{feff}Harwick Health Visiting — chronology\n\
\n\
Date,Time,Details,Action/outcome,Practitioner,Child,Shared with\n\
12/03/2021,09:15,\"Home visit. Tyler seen with mum, Zoë. Bruise to left cheek, mum said he fell.\",Discussed with safeguarding lead,HV Patel,Tyler Brooks,\n\
March 2021,,Tyler not brought to 2-year review,Letter sent,HV Patel,Tyler Brooks,GP\n\
?20/04/2021,,Mum phoned; reports she has left Dean,Advice given,HV Patel,Tyler Brooks; Mia Brooks,\n\
31/10/2021,01:30,Call from police out of hours re: DV incident,Visit booked,HV Patel,Tyler,\n";

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn imported_records_come_back_with_when_text_and_verbatim_cells() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    let report = json(&ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Harwick Health Visiting",
        "--kind",
        "health_visiting",
        "--json",
    ]));
    assert_eq!(report["source"], "hv.csv");
    assert_eq!(report["rows_read"], 4);
    assert_eq!(report["imported"], 4);
    assert_eq!(report["rejected"], serde_json::json!([]));
    assert_eq!(report["header_row"], 3);

    let records = json(&ok(&["records", r, "--json"]));
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 4);
    let first = &records[0];
    assert_eq!(first["agency"], "Harwick Health Visiting");
    assert_eq!(first["agency_kind"], "health_visiting");
    assert_eq!(
        first["when"],
        serde_json::json!({"start": "2021-03-12T09:15:00+00:00", "end": null,
                           "precision": "instant", "qualifier": "exact", "ambiguous": false})
    );
    assert_eq!(
        first["text"],
        "Home visit. Tyler seen with mum, Zoë. Bruise to left cheek, mum said he fell."
    );
    assert_eq!(first["outcome"], "Discussed with safeguarding lead");
    assert_eq!(
        first["source"],
        serde_json::json!({"file": "hv.csv", "sheet": null, "row": 4})
    );
    assert!(first["id"].is_i64());
    // The original cells, verbatim and in order.
    let original: Vec<(String, String)> = first["original"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["column"].as_str().unwrap().to_string(),
                c["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(original[0], ("Date".into(), "12/03/2021".into()));
    assert_eq!(original[1], ("Time".into(), "09:15".into()));
    assert_eq!(
        original[3],
        (
            "Action/outcome".into(),
            "Discussed with safeguarding lead".into()
        )
    );

    assert_eq!(records[1]["when"]["precision"], "month");
    assert_eq!(records[1]["when"]["start"], "2021-03");
    assert_eq!(records[1]["shared_with"], serde_json::json!(["GP"]));
    assert_eq!(records[2]["when"]["qualifier"], "approx");
    assert_eq!(records[2]["when"]["precision"], "day");
    assert_eq!(
        records[2]["subjects"],
        serde_json::json!(["Tyler Brooks", "Mia Brooks"])
    );
    // 01:30 on 31/10/2021 happened twice: kept, marked, BST reading.
    assert_eq!(records[3]["when"]["ambiguous"], true);
    assert_eq!(records[3]["when"]["start"], "2021-10-31T01:30:00+01:00");
}

#[test]
fn verify_names_a_source_whose_bytes_were_altered() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    let out = ok(&["verify", r]);
    assert!(out.contains("ok   source 1 (hv.csv)"), "{out}");

    // Alter the stored bytes behind Sightline's back.
    {
        let conn = raw(&review);
        conn.execute_batch(
            "DROP TRIGGER source_files_immutable;
             UPDATE source_files SET content = CAST(replace(CAST(content AS TEXT), 'Bruise', 'Graze') AS BLOB) WHERE source_id = 1;",
        )
        .unwrap();
    }
    let stderr = fails(&["verify", r]);
    assert!(
        stderr.contains("source 1 (hv.csv) has been altered"),
        "{stderr}"
    );
}

#[test]
fn verify_names_an_altered_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    {
        let conn = raw(&review);
        conn.execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit_log SET actor = 'someone else' WHERE seq = 1;",
        )
        .unwrap();
    }
    let stderr = fails(&["verify", r]);
    assert!(stderr.contains("audit log entry 1"), "{stderr}");
    assert!(stderr.contains("altered"), "{stderr}");
}

#[test]
fn records_cannot_be_changed_once_imported() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    let conn = raw(&review);
    let e = conn
        .execute("UPDATE records SET text = 'edited' WHERE id = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("immutable"), "{e}");
    let e = conn.execute("DELETE FROM records", []).unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
}

#[test]
fn encrypted_review_is_unreadable_without_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    // Fold the write-ahead log into the file so every byte is in one place.
    {
        let conn = raw(&review);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let bytes = std::fs::read(&review).unwrap();
    for needle in ["Tyler", "Brooks", "Bruise", "SQLite format 3"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} is readable in the review file"
        );
    }
    // A wrong passphrase is refused with a clear message, and changes nothing.
    let before = std::fs::read(&review).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["records", r])
        .env("SIGHTLINE_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("passphrase is wrong"), "{stderr}");
    assert_eq!(before, std::fs::read(&review).unwrap());
    // No passphrase and no terminal: told how to give one.
    let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["records", r])
        .env_remove("SIGHTLINE_PASSPHRASE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SIGHTLINE_PASSPHRASE"));
    // The sqlite3 shell, if present, cannot read it either.
    if let Ok(out) = Command::new("sqlite3")
        .arg(&review)
        .arg("SELECT * FROM records;")
        .output()
    {
        assert!(!out.status.success() || out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a database"));
    }
}

#[test]
fn unencrypted_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open.sightline");
    ok(&["new", path.to_str().unwrap(), "--no-encryption"]);
    let head = std::fs::read(&path).unwrap();
    assert!(head.starts_with(b"SQLite format 3\0"));
    // And a passphrase-protected one does not start with the SQLite header.
    let enc = new_review(dir.path());
    assert!(!std::fs::read(enc)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
}

#[test]
fn the_same_file_is_not_imported_twice() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    let before = dump(&review);
    let stderr = fails(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    assert!(stderr.contains("already imported"), "{stderr}");
    assert_eq!(before, dump(&review));
}

#[test]
fn several_files_are_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let good = write(dir.path(), "hv.csv", HV_CSV);
    let bad = fixture("bad/feb-31.csv");
    let before = dump(&review);
    let stderr = fails(&[
        "import",
        r,
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--agency",
        "HV",
    ]);
    assert!(stderr.contains("feb-31.csv"), "{stderr}");
    assert_eq!(before, dump(&review), "the good file was written alone");
}

#[test]
fn a_composite_chronology_is_split_by_its_agency_column() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(
        dir.path(),
        "composite.csv",
        "Seq;Agency;Date;Event;Outcome\n\
         1;Harwick Police;14/06/2021 23:40;DV incident at home address;DASH medium\n\
         2;Oakfield Primary School;15/06/2021;Tyler tired and withdrawn;Logged\n\
         3;Harwick Police;16/06/2021;Op Encompass notification sent to school;Sent\n",
    );
    let report = json(&ok(&["import", r, file.to_str().unwrap(), "--json"]));
    assert_eq!(report["imported"], 3);
    assert_eq!(report["agency"], serde_json::Value::Null);
    let records = json(&ok(&["records", r, "--json"]));
    let agencies: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["agency"].as_str().unwrap())
        .collect();
    assert_eq!(
        agencies,
        [
            "Harwick Police",
            "Oakfield Primary School",
            "Harwick Police"
        ]
    );
    assert_eq!(records[0]["agency_kind"], "police");
    assert_eq!(records[1]["agency_kind"], "school");
    assert_eq!(records[0]["sequence"], "1");
    let police = json(&ok(&["records", r, "--agency", "harwick police", "--json"]));
    assert_eq!(police.as_array().unwrap().len(), 2);
}

#[test]
fn a_guessed_mapping_can_be_saved_edited_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(
        dir.path(),
        "housing.csv",
        "When logged\tOfficer remarks\tTicket status\n03/02/2022\tRent arrears visit, children present\tLetter\n",
    );
    let profile = dir.path().join("housing.toml");
    // Unknown headers: the date and description are read by what the
    // columns hold, and the guess is saved for editing.
    let out = ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Harwick Homes",
        "--save-mapping",
        profile.to_str().unwrap(),
    ]);
    assert!(
        out.contains("read column \"When logged\" as the date from what it holds"),
        "{out}"
    );
    let template = std::fs::read_to_string(&profile).unwrap();
    assert!(
        template.contains("\"When logged\" = \"date\""),
        "{template}"
    );
    assert!(
        template.contains("\"Ticket status\" = \"extra\""),
        "{template}"
    );
    // The reviewer names the role content could not show, and the next
    // review reads the file with it.
    std::fs::write(
        &profile,
        "[columns]\n\"When logged\" = \"date\"\n\"Officer remarks\" = \"description\"\n\"Ticket status\" = \"outcome\"\n",
    )
    .unwrap();
    let second = dir.path().join("second");
    std::fs::create_dir(&second).unwrap();
    let review2 = new_review(&second);
    let report = json(&ok(&[
        "import",
        review2.to_str().unwrap(),
        file.to_str().unwrap(),
        "--agency",
        "Harwick Homes",
        "--mapping",
        profile.to_str().unwrap(),
        "--json",
    ]));
    let records = json(&ok(&["records", review2.to_str().unwrap(), "--json"]));
    assert_eq!(records[0]["outcome"], "Letter");
    assert_eq!(report["imported"], 1);
    // Saving a guess writes a profile that reads back to the same mapping.
    let hv = write(dir.path(), "hv.csv", HV_CSV);
    let saved = dir.path().join("hv.toml");
    ok(&[
        "import",
        r,
        hv.to_str().unwrap(),
        "--agency",
        "HV",
        "--save-mapping",
        saved.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"Action/outcome\" = \"outcome\""), "{text}");
    assert!(text.contains("Date = \"date\""), "{text}");
}

#[test]
fn a_new_review_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let before = std::fs::read(&review).unwrap();
    let stderr = fails(&["new", review.to_str().unwrap()]);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(before, std::fs::read(&review).unwrap());
}

#[cfg(unix)]
#[test]
fn a_new_review_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let mode = std::fs::metadata(&review).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {:o}", mode & 0o777);
}

#[test]
fn a_wrong_passphrase_is_reported_once_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["verify", review.to_str().unwrap()])
        .env("SIGHTLINE_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("passphrase is wrong"), "{stderr}");
}

#[test]
fn a_review_whose_files_were_stored_in_sources_is_moved_on_and_still_verifies() {
    // A review as format 6 wrote it: each file's bytes in `sources.content`.
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    {
        let conn = raw(&review);
        conn.execute_batch(
            "DROP TRIGGER sources_immutable;
             UPDATE sources SET content = (SELECT content FROM source_files WHERE source_id = sources.id);
             CREATE TRIGGER sources_immutable BEFORE UPDATE OF content, sha256, file_name ON sources
             BEGIN SELECT RAISE(ABORT, 'a source file is immutable after import'); END;
             DROP TABLE source_files;
             DROP TABLE people;
             DROP TABLE episodes;
             DROP TABLE corrections;
             DROP TABLE findings;
             DELETE FROM schema_migrations WHERE version >= 7;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    // Opened by this version: the bytes move to `source_files`, unchanged.
    let out = ok(&["verify", r]);
    assert!(out.contains("ok   source 1 (hv.csv)"), "{out}");
    let conn = raw(&review);
    let (left, moved): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT length(content) FROM sources WHERE id = 1),
                    (SELECT length(content) FROM source_files WHERE source_id = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((left, moved), (0, HV_CSV.len() as i64));
}

/// Pages overwritten behind Sightline's back: `verify` says the file is
/// damaged, in words, never with SQLite's message alone.
#[test]
fn verify_says_in_words_that_a_damaged_file_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("plain.sightline");
    let r = review.to_str().unwrap();
    ok(&["new", r, "--title", "T", "--no-encryption"]);
    let file = write(dir.path(), "hv.csv", HV_CSV);
    ok(&["import", r, file.to_str().unwrap(), "--agency", "HV"]);
    // Overwrite every page after the first with bytes of another kind.
    let mut bytes = std::fs::read(&review).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i.wrapping_mul(2_654_435_761) >> 13) as u8;
    }
    std::fs::write(&review, &bytes).unwrap();
    for wal in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{r}{wal}"));
    }
    let stderr = fails(&["verify", r]);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.contains("backup"), "{stderr}");
}
