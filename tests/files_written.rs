//! The files Sightline writes for the reviewer: an export never replaces
//! anything but an earlier report (never the review itself), appears only
//! with its audit entry, and leaves nothing half-written behind; reports,
//! backups and reviews are readable by their owner only; an empty file is
//! never taken for a review.

mod support;

use std::path::Path;

use sightline::session::{ExportOptions, FlagDecision, Session};
use sightline::store::Protection;
use sightline::{demo, Review};
use support::*;

/// The names of the files in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The audit log's actions, oldest first.
fn actions(review: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(review).unwrap();
    let mut stmt = conn
        .prepare("SELECT action FROM audit_log ORDER BY seq")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_export_never_overwrites_the_review_or_any_file_that_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join(demo::FILE_NAME);
    let r = review.to_str().unwrap();
    let before = std::fs::read(&review).unwrap();

    let err = fails(&["export", r, "--pdf", r]);
    assert!(err.contains("is not a PDF"), "{err}");
    assert!(err.contains(r), "the message names the file: {err}");
    assert_eq!(std::fs::read(&review).unwrap(), before);
    ok(&["verify", r]);

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, b"the panel's notes").unwrap();
    let err = fails(&["export", r, "--pdf", notes.to_str().unwrap()]);
    assert!(err.contains("is not a PDF"), "{err}");
    assert_eq!(std::fs::read(&notes).unwrap(), b"the panel's notes");

    // An earlier report may be replaced.
    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    let first = std::fs::read(&pdf).unwrap();
    ok(&[
        "export",
        r,
        "--pdf",
        pdf.to_str().unwrap(),
        "--marking",
        "OFFICIAL-SENSITIVE: DRAFT",
    ]);
    assert_ne!(std::fs::read(&pdf).unwrap(), first);
    let mut expected = vec![
        "demo.sightline".to_string(),
        "notes.txt".to_string(),
        "report.pdf".to_string(),
    ];
    for wal in ["demo.sightline-shm", "demo.sightline-wal"] {
        if dir.path().join(wal).exists() {
            expected.push(wal.to_string());
        }
    }
    expected.sort();
    assert_eq!(
        names_in(dir.path()),
        expected,
        "nothing half-written is left"
    );
}

#[cfg(unix)]
#[test]
fn reports_backups_and_reviews_are_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join(demo::FILE_NAME);
    let r = review.to_str().unwrap();
    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap(), "--anonymise"]);
    let copy = dir.path().join("copy.sightline");
    ok(&["backup", r, copy.to_str().unwrap()]);
    let fresh = dir.path().join("fresh.sightline");
    ok(&["new", fresh.to_str().unwrap(), "--title", "New"]);
    for file in [&review, &pdf, &copy, &fresh] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    // A changed passphrase leaves the review owner-only too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["rekey", r])
        .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
        .env("SIGHTLINE_NEW_PASSPHRASE", "another long passphrase here")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&review), 0o600);
}

#[test]
fn an_export_whose_audit_entry_cannot_be_written_leaves_no_report() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo::build(dir.path(), &Protection::None).unwrap());
    let review = dir.path().join(demo::FILE_NAME);
    let before = actions(&review);
    let mut session = Session::open(&review, Protection::None).unwrap();

    // Another program holds the review's write lock for longer than
    // Sightline waits, so the export's audit entry cannot be written.
    let blocker = rusqlite::Connection::open(&review).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let pdf = dir.path().join("report.pdf");
    let err = session
        .export_pdf(&pdf, &ExportOptions::default(), &mut |_| {})
        .unwrap_err();
    assert!(!err.to_string().is_empty());
    assert!(!pdf.exists(), "an unaudited report was left in place");
    assert!(
        names_in(dir.path())
            .iter()
            .all(|n| !n.ends_with(".partial")),
        "{:?}",
        names_in(dir.path())
    );
    blocker.execute_batch("ROLLBACK").unwrap();
    drop(blocker);
    drop(session);
    assert_eq!(actions(&review), before);
}

#[test]
fn an_empty_file_is_not_taken_for_a_review() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sightline");
    std::fs::write(&empty, b"").unwrap();
    let e = empty.to_str().unwrap();
    for args in [vec!["verify", e], vec!["records", e], vec!["flags", e]] {
        let err = fails(&args);
        assert!(err.contains("not a Sightline review"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
    assert_eq!(names_in(dir.path()), vec!["empty.sightline".to_string()]);
    let lib = Review::open(&empty, &Protection::None);
    assert!(lib.is_err());
}

#[test]
fn a_new_review_never_takes_over_an_existing_file_or_link() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.txt");
    std::fs::write(&other, b"keep").unwrap();
    #[cfg(unix)]
    {
        let link = dir.path().join("case.sightline");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        let err = fails(&["new", link.to_str().unwrap(), "--title", "T"]);
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&other).unwrap(), b"keep");
    }
    let err = fails(&["new", other.to_str().unwrap(), "--title", "T"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), b"keep");
}

/// A decision is moved out of the write-ahead log as soon as it is made:
/// bytes flipped in the log while the app is still open cannot drop it.
#[test]
fn a_decision_never_lives_in_the_write_ahead_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo::build(dir.path(), &Protection::None).unwrap());
    let path = dir.path().join(demo::FILE_NAME);
    let mut session = Session::open(&path, Protection::None).unwrap();
    let first = session.analysed().unwrap().flags[0].id.clone();
    session
        .decide_flag(&first, &FlagDecision::Dismiss("Known by phone".into()))
        .unwrap();
    let wal = dir.path().join(format!("{}-wal", demo::FILE_NAME));
    let in_log = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(in_log, 0, "the decision is still in the write-ahead log");
    drop(session);
    let mut again = Session::open(&path, Protection::None).unwrap();
    let flag = again.analysed().unwrap().flag(&first).cloned().unwrap();
    assert_eq!(flag.reason.as_deref(), Some("Known by phone"));
}
