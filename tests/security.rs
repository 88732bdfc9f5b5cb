//! Security promises (SECURITY.md): the review file is
//! unreadable without its passphrase and no name appears in its bytes; a
//! wrong passphrase changes nothing; the passphrase can be changed (and an
//! unencrypted review encrypted) with the change audited; a backup stays
//! encrypted with the same passphrase; and Sightline works with no network
//! and holds no network code.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sightline::store::Protection;
use sightline::Review;
use support::*;

/// The names of the demo case's people: none may appear in the file's bytes.
const NAMES: &[&str] = &[
    "Tyler",
    "Brooks",
    "BROOKS",
    "Kayleigh",
    "Maureen",
    "Hollis",
    "HOLLIS",
    "Dean Marsh",
    "MARSH",
];

const NEW_PASSPHRASE: &str = "a different and longer passphrase";
const WRONG: &str = "not the passphrase";

const CSV: &str = "Date,Details,Child\n\
12/03/2021,Home visit. Tyler Brooks seen with mum Kayleigh. Bruise to left cheek,Tyler Brooks\n\
14/03/2021,Dean Marsh present at the visit,Tyler Brooks\n";

/// Runs the binary with exactly these passphrases in its environment.
fn run(args: &[&str], pass: Option<&str>, new_pass: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sightline"));
    cmd.args(args)
        .env_remove("SIGHTLINE_PASSPHRASE")
        .env_remove("SIGHTLINE_NEW_PASSPHRASE");
    if let Some(p) = pass {
        cmd.env("SIGHTLINE_PASSPHRASE", p);
    }
    if let Some(p) = new_pass {
        cmd.env("SIGHTLINE_NEW_PASSPHRASE", p);
    }
    cmd.output().expect("run sightline")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn succeeded(args: &[&str], out: &Output) {
    assert!(
        out.status.success(),
        "sightline {args:?} failed: {}\n{}",
        stderr(out),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Builds the demo review in `dir` and returns its path.
fn demo(dir: &Path) -> PathBuf {
    ok(&["demo", dir.to_str().unwrap()]);
    dir.join("demo.sightline")
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file in `dir` with its bytes.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Opens a review file directly (not through Sightline) with `key`.
fn connect(path: &Path, key: Option<&str>) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(k) = key {
        conn.pragma_update(None, "key", k).unwrap();
    }
    conn
}

/// Every table's rows as text, by table.
fn tables(path: &Path, key: Option<&str>) -> BTreeMap<String, Vec<String>> {
    let conn = connect(path, key);
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_search%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in names {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Real(v) => v.to_string(),
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        rusqlite::types::ValueRef::Blob(b) => format!("blob:{}", hex::encode(b)),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.insert(t, rows);
    }
    out
}

/// The audit log: (action, detail), oldest first.
fn audit(path: &Path, key: Option<&str>) -> Vec<(String, String)> {
    let conn = connect(path, key);
    let mut stmt = conn
        .prepare("SELECT action, detail FROM audit_log ORDER BY seq")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

/// Asserts that a review changed only by one more audit entry (and the
/// meta rows that follow the log): every other table is identical.
fn same_but_one_more_entry(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (t, rows) in before {
        match t.as_str() {
            "meta" => {}
            "audit_log" => {
                assert_eq!(after[t].len(), rows.len() + 1, "one more audit entry");
                assert_eq!(&after[t][..rows.len()], &rows[..], "the old entries kept");
            }
            _ => assert_eq!(&after[t], rows, "table {t} changed"),
        }
    }
}

fn sqlite3_shell_refuses(path: &Path) {
    match Command::new("sqlite3")
        .arg(path)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output()
    {
        Ok(out) => {
            assert!(!out.status.success(), "sqlite3 read {}", path.display());
            let err = stderr(&out);
            assert!(err.contains("file is not a database"), "{err}");
        }
        Err(e) => eprintln!("note: the sqlite3 shell is not installed ({e}); skipped that check"),
    }
}

#[test]
fn the_demo_review_is_unreadable_without_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    // The names really are in the review (so their absence below means something).
    let text = tables(&review, Some(PASSPHRASE))["records"].join("\n");
    for name in NAMES {
        assert!(text.contains(name), "{name} is not in the demo records");
    }
    let wal = PathBuf::from(format!("{}-wal", review.display()));
    let shm = PathBuf::from(format!("{}-shm", review.display()));

    // Every file of the review as it is on disk, then with the log folded in.
    let scan = |when: &str| {
        for path in [&review, &wal, &shm] {
            if let Ok(bytes) = std::fs::read(path) {
                for name in NAMES {
                    assert!(
                        !contains(&bytes, name),
                        "{name} is readable in {} ({when})",
                        path.display()
                    );
                }
            }
        }
    };
    scan("as written");
    // Hold the review open so the log stays beside it, write to it, and
    // look at the log before folding it in.
    {
        let conn = connect(&review, Some(PASSPHRASE));
        conn.query_row("PRAGMA journal_mode", [], |_| Ok(()))
            .unwrap();
        conn.execute(
            "INSERT INTO annotations (target_kind, target_id, text, created_at, created_by)
             VALUES ('review', '1', 'Tyler Brooks seen by Maureen Hollis', 'now', 'test')",
            [],
        )
        .unwrap();
        assert!(
            std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0,
            "the write-ahead log should hold the write"
        );
        scan("write-ahead log in use");
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        scan("after a checkpoint");
    }
    scan("closed");
    let bytes = std::fs::read(&review).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    sqlite3_shell_refuses(&review);

    // Without a passphrase, the command line says how to give one.
    let out = run(&["records", review.to_str().unwrap()], None, None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("SIGHTLINE_PASSPHRASE"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_wrong_passphrase_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let csv = elsewhere.path().join("new.csv");
    std::fs::write(&csv, CSV).unwrap();
    let out_file = dir.path().join("copy.sightline");
    let before = files_in(dir.path());

    let commands: Vec<Vec<&str>> = vec![
        vec!["records", r],
        vec!["flags", r],
        vec!["verify", r],
        vec!["import", r, csv.to_str().unwrap(), "--agency", "Elsewhere"],
        vec!["flag", "dismiss", r, "F-0000000000", "--reason", "test"],
        vec!["subject", "label", r, "Tyler", "Child Z"],
        vec!["rekey", r],
        vec!["rekey", r, "--no-encryption"],
        vec!["backup", r, out_file.to_str().unwrap()],
    ];
    for args in &commands {
        let out = run(args, Some(WRONG), Some(NEW_PASSPHRASE));
        assert!(!out.status.success(), "sightline {args:?} succeeded");
        let err = stderr(&out);
        assert!(
            err.contains("cannot open the review: the passphrase is wrong"),
            "sightline {args:?}: {err}"
        );
        assert!(
            files_in(dir.path()) == before,
            "sightline {args:?} with a wrong passphrase changed the review's directory"
        );
    }
    // And the right passphrase still opens it, whole.
    ok(&["verify", r]);
}

#[test]
fn rekey_changes_the_passphrase_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let before = tables(&review, Some(PASSPHRASE));
    // What an interrupted earlier attempt would have left: cleared away.
    std::fs::write(dir.path().join("demo.sightline.rekey"), b"half a file").unwrap();
    std::fs::write(dir.path().join("demo.sightline.rekey-journal"), b"junk").unwrap();

    let out = run(&["rekey", r], Some(PASSPHRASE), Some(NEW_PASSPHRASE));
    succeeded(&["rekey", r], &out);

    // The old passphrase no longer opens it; the new one does, and it is whole.
    let old = run(&["records", r], Some(PASSPHRASE), None);
    assert!(!old.status.success());
    assert!(
        stderr(&old).contains("passphrase is wrong"),
        "{}",
        stderr(&old)
    );
    let verify = run(&["verify", r], Some(NEW_PASSPHRASE), None);
    succeeded(&["verify", r], &verify);
    assert!(!std::fs::read(&review)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    sqlite3_shell_refuses(&review);

    // Nothing but the audit entry changed, and the entry holds no secret.
    let after = tables(&review, Some(NEW_PASSPHRASE));
    same_but_one_more_entry(&before, &after);
    let log = audit(&review, Some(NEW_PASSPHRASE));
    let (action, detail) = log.last().unwrap();
    assert_eq!(action, "review.rekey");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(detail).unwrap(),
        serde_json::json!({"from": "encrypted", "to": "encrypted"})
    );
    let everything = after
        .values()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!everything.contains(PASSPHRASE));
    assert!(!everything.contains(NEW_PASSPHRASE));
    // Nothing left beside it.
    let names: Vec<String> = files_in(dir.path()).into_keys().collect();
    assert_eq!(names, vec!["demo.sightline".to_string()]);

    // The same passphrase again is refused, and changes nothing.
    let bytes = std::fs::read(&review).unwrap();
    let out = run(&["rekey", r], Some(NEW_PASSPHRASE), Some(NEW_PASSPHRASE));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("same as the current one"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes, std::fs::read(&review).unwrap());
}

#[test]
fn rekey_with_a_wrong_current_passphrase_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let before = files_in(dir.path());
    let out = run(&["rekey", r], Some(WRONG), Some(NEW_PASSPHRASE));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot open the review: the passphrase is wrong"),
        "{}",
        stderr(&out)
    );
    assert!(files_in(dir.path()) == before);
    // Neither passphrase given as new ones opens it; the old one still does.
    assert!(!run(&["verify", r], Some(NEW_PASSPHRASE), None)
        .status
        .success());
    ok(&["verify", r]);
}

#[test]
fn rekey_needs_the_new_passphrase_from_the_environment_or_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let before = files_in(dir.path());
    // No SIGHTLINE_NEW_PASSPHRASE and no terminal: told how, nothing changed.
    let out = run(&["rekey", r], Some(PASSPHRASE), None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("SIGHTLINE_NEW_PASSPHRASE"),
        "{}",
        stderr(&out)
    );
    assert!(files_in(dir.path()) == before);
    // The new passphrase is never an argument.
    let out = run(&["rekey", r, NEW_PASSPHRASE], Some(PASSPHRASE), None);
    assert!(!out.status.success());
    assert!(files_in(dir.path()) == before);
}

#[test]
fn encryption_is_removed_only_when_asked_for_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let bytes = std::fs::read(&review).unwrap();

    // The library refuses to rekey to "no protection".
    {
        let mut open = Review::open(&review, &Protection::Passphrase(PASSPHRASE.into())).unwrap();
        let e = open.rekey(&Protection::None).unwrap_err().to_string();
        assert!(
            e.contains("refusing to store the review unencrypted"),
            "{e}"
        );
        let e = open
            .rekey(&Protection::Passphrase(String::new()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty"), "{e}");
    }
    assert_eq!(bytes, std::fs::read(&review).unwrap());

    // Asked for by name, it is done, audited, and the file is plain SQLite.
    let r = review.to_str().unwrap();
    let before = tables(&review, Some(PASSPHRASE));
    let out = run(&["rekey", r, "--no-encryption"], Some(PASSPHRASE), None);
    succeeded(&["rekey", "--no-encryption"], &out);
    assert!(std::fs::read(&review)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    let after = tables(&review, None);
    same_but_one_more_entry(&before, &after);
    let (action, detail) = audit(&review, None).pop().unwrap();
    assert_eq!(action, "review.rekey");
    assert!(detail.contains(r#""to":"unencrypted""#), "{detail}");
    let verify = run(&["verify", r], None, None);
    succeeded(&["verify", r], &verify);
}

#[test]
fn an_unencrypted_review_can_be_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("open.sightline");
    let r = review.to_str().unwrap();
    let csv = dir.path().join("hv.csv");
    std::fs::write(&csv, CSV).unwrap();
    let out = run(&["new", r, "--no-encryption"], None, None);
    succeeded(&["new"], &out);
    let out = run(
        &["import", r, csv.to_str().unwrap(), "--agency", "HV"],
        None,
        None,
    );
    succeeded(&["import"], &out);
    {
        // Fold the log in: the plain file shows the names.
        let conn = connect(&review, None);
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    assert!(contains(&std::fs::read(&review).unwrap(), "Tyler"));
    let before = tables(&review, None);

    // A rekey with no passphrase needed for the current, plain file.
    let out = run(&["rekey", r], None, Some(NEW_PASSPHRASE));
    succeeded(&["rekey"], &out);
    let bytes = std::fs::read(&review).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    for name in ["Tyler", "Brooks", "Kayleigh", "Dean Marsh", "Bruise"] {
        assert!(!contains(&bytes, name), "{name} readable after encryption");
    }
    sqlite3_shell_refuses(&review);
    let after = tables(&review, Some(NEW_PASSPHRASE));
    same_but_one_more_entry(&before, &after);
    let (action, detail) = audit(&review, Some(NEW_PASSPHRASE)).pop().unwrap();
    assert_eq!(action, "review.rekey");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&detail).unwrap(),
        serde_json::json!({"from": "unencrypted", "to": "encrypted"})
    );
    assert!(after["meta"].iter().any(|m| m == "encrypted | true"));
    let verify = run(&["verify", r], Some(NEW_PASSPHRASE), None);
    succeeded(&["verify", r], &verify);
    let records = run(&["records", r, "--json"], Some(NEW_PASSPHRASE), None);
    succeeded(&["records"], &records);
    assert_eq!(
        json(&String::from_utf8_lossy(&records.stdout))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn through_the_library_a_rekeyed_review_stays_open_and_usable() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let mut open = Review::open(&review, &Protection::Passphrase(PASSPHRASE.into())).unwrap();
    let records = open.summary().unwrap().records;
    let new = Protection::Passphrase(NEW_PASSPHRASE.into());
    open.rekey(&new).unwrap();
    // The same Review reads and writes the re-keyed file.
    assert_eq!(open.summary().unwrap().records, records);
    assert!(open.verify().unwrap().ok());
    let copy = dir.path().join("copy.sightline");
    let e = open
        .backup(&copy, &Protection::Passphrase(PASSPHRASE.into()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("passphrase is wrong"), "{e}");
    let report = open.backup(&copy, &new).unwrap();
    assert!(report.encrypted && report.pages > 0);
    let missing = dir.path().join("no such folder").join("copy.sightline");
    let e = open.backup(&missing, &new).unwrap_err().to_string();
    assert!(e.contains("no such folder"), "{e}");
    drop(open);
    let actions: Vec<String> = audit(&review, Some(NEW_PASSPHRASE))
        .into_iter()
        .map(|(a, _)| a)
        .rev()
        .take(2)
        .collect();
    assert_eq!(actions, vec!["review.backup", "review.rekey"]);
    assert!(Review::open(&copy, &new).unwrap().verify().unwrap().ok());
}

#[test]
fn rekey_is_refused_while_the_review_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let conn = connect(&review, Some(PASSPHRASE));
    let n: i64 = conn
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap();
    assert!(n > 0);
    let out = run(&["rekey", r], Some(PASSPHRASE), Some(NEW_PASSPHRASE));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("open in another program"),
        "{}",
        stderr(&out)
    );
    drop(conn);
    // Unchanged: the old passphrase opens it, nothing is left beside it.
    ok(&["verify", r]);
    assert!(!dir.path().join("demo.sightline.rekey").exists());
}

#[test]
fn a_backup_stays_encrypted_with_the_same_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let before = tables(&review, Some(PASSPHRASE));
    let out_dir = tempfile::tempdir().unwrap();
    let copy = out_dir.path().join("copy.sightline");
    let c = copy.to_str().unwrap();

    std::fs::write(
        out_dir.path().join(".copy.sightline.1-0.partial"),
        b"half a file",
    )
    .unwrap();
    let stdout = ok(&["backup", r, c]);
    assert!(
        stdout.contains("encrypted with the review's passphrase"),
        "{stdout}"
    );
    let bytes = std::fs::read(&copy).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "the backup is not encrypted"
    );
    for name in NAMES {
        assert!(!contains(&bytes, name), "{name} readable in the backup");
    }
    sqlite3_shell_refuses(&copy);
    // Only the backup file was written there.
    let names: Vec<String> = files_in(out_dir.path()).into_keys().collect();
    assert_eq!(names, vec!["copy.sightline".to_string()]);
    // It opens with the same passphrase, passes verify, and holds the review
    // as it was when it was taken.
    ok(&["verify", c]);
    assert_eq!(tables(&copy, Some(PASSPHRASE)), before);
    let wrong = run(&["records", c], Some(WRONG), None);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("passphrase is wrong"));

    // The review's log records it: file name, pages, and the file's sha256.
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    let (action, detail) = audit(&review, Some(PASSPHRASE)).pop().unwrap();
    assert_eq!(action, "review.backup");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["file"], "copy.sightline");
    assert_eq!(detail["sha256"], sha.as_str());
    assert_eq!(detail["encrypted"], true);
    assert!(detail["pages"].as_i64().unwrap() > 10);
    assert!(
        (bytes.len() as i64) / 4096 >= detail["pages"].as_i64().unwrap(),
        "{detail}"
    );
    ok(&["verify", r]);
}

#[test]
fn a_backup_never_overwrites_and_is_never_unencrypted() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let r = review.to_str().unwrap();
    let existing = dir.path().join("existing.sightline");
    std::fs::write(&existing, b"someone else's file").unwrap();
    let before = files_in(dir.path());
    let err = fails(&["backup", r, existing.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    assert!(files_in(dir.path()) == before);

    // The library refuses an unencrypted backup of an encrypted review, and
    // a backup under another passphrase.
    let open = Review::open(&review, &Protection::Passphrase(PASSPHRASE.into())).unwrap();
    let plain = dir.path().join("plain.sightline");
    let e = open
        .backup(&plain, &Protection::None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("its backup must be too"), "{e}");
    let e = open
        .backup(&plain, &Protection::Passphrase(WRONG.into()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("passphrase is wrong"), "{e}");
    drop(open);
    assert!(files_in(dir.path()) == before);
}

#[test]
fn commands_work_without_a_network() {
    let probe = Command::new("unshare").args(["-n", "true"]).output();
    match probe {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            eprintln!(
                "note: skipped: `unshare -n true` failed ({}); the offline run needs root or user namespaces",
                stderr(&out).trim()
            );
            return;
        }
        Err(e) => {
            eprintln!("note: skipped: `unshare` is not available ({e})");
            return;
        }
    }
    // The namespace really has no way out: only the loopback device.
    let out = Command::new("unshare")
        .args(["-n", "cat", "/proc/net/dev"])
        .output()
        .unwrap();
    let devices: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next().map(|d| d.trim().to_string()))
        .collect();
    assert_eq!(devices, vec!["lo".to_string()], "the sandbox has a network");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let backup = dir.path().join("backup.sightline");
    let offline = |args: &[&str]| -> String {
        let out = Command::new("unshare")
            .arg("-n")
            .arg(env!("CARGO_BIN_EXE_sightline"))
            .args(args)
            .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
            .output()
            .unwrap();
        succeeded(args, &out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let demo = offline(&["demo", d]);
    assert!(demo.contains("records from 8 agencies"), "{demo}");
    let flags = offline(&["flags", r, "--json"]);
    assert!(!json(&flags).as_array().unwrap().is_empty());
    let verify = offline(&["verify", r]);
    assert!(verify.contains("audit log"), "{verify}");
    offline(&["knowledge", r]);
    offline(&["backup", r, backup.to_str().unwrap()]);
}

/// The code of a Rust source file with its comments blanked out, line by
/// line. String literals are kept: a URL in a string is code.
fn code_lines(src: &str) -> Vec<String> {
    let c: Vec<char> = src.chars().collect();
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        match c[i] {
            '/' if next == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if c[i] == '\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            '"' => {
                out.push('"');
                i += 1;
                while i < c.len() {
                    let ch = c[i];
                    out.push(ch);
                    i += 1;
                    if ch == '\\' && i < c.len() {
                        out.push(c[i]);
                        i += 1;
                    } else if ch == '"' {
                        break;
                    }
                }
            }
            'r' if (i == 0 || !ident(c[i - 1]) || matches!(c[i - 1], 'b' | 'c'))
                && matches!(next, Some('"') | Some('#')) =>
            {
                // A raw string r"…", r#"…"#, … (or a raw identifier r#name).
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body: String = c[j + 1..].iter().collect();
                let end = body
                    .find(&close)
                    .map(|e| e + close.len())
                    .unwrap_or(body.len());
                out.push('r');
                out.push_str(&"#".repeat(hashes));
                out.push('"');
                out.push_str(&body[..end]);
                i = j + 1 + body[..end].chars().count();
            }
            '\'' => {
                // A char literal ('a', '\n', '"') or a lifetime ('a).
                if next == Some('\\') {
                    let start = i;
                    i += 2;
                    while i < c.len() && c[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                    out.extend(&c[start..i.min(c.len())]);
                } else if c.get(i + 2) == Some(&'\'') {
                    out.extend(&c[i..i + 3]);
                    i += 3;
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out.split('\n').map(str::to_string).collect()
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, into);
        } else if p.extension().is_some_and(|x| x == "rs") {
            into.push(p);
        }
    }
}

/// XML namespace names the importers and the report must write and match:
/// identifiers in the OOXML, PDF and XMP formats, never fetched.
const NAMESPACE_HOSTS: &[&str] = &[
    "schemas.openxmlformats.org",
    "schemas.microsoft.com",
    "purl.oclc.org",
    "purl.org",
    "www.w3.org",
    "ns.adobe.com",
];

#[test]
fn the_code_has_no_network_access() {
    // The scanner itself: comments go, strings stay.
    let sample = "let a = \"http://x\"; // http://comment\n/* https://b */ let c = '\"'; let d = r#\"https://e\"#;\nlet f: &'static str = \"g\";";
    let lines = code_lines(sample);
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("http://x") && !lines[0].contains("comment"));
    assert!(!lines[1].contains("https://b") && lines[1].contains("https://e"));
    assert!(lines[2].contains("'static") && lines[2].contains("\"g\""));

    let forbidden = [
        (
            regex::Regex::new(r"\bstd\s*::\s*net\b").unwrap(),
            "std::net",
        ),
        (
            regex::Regex::new(r"\bstd\s*::\s*\{[^}]*\bnet\b").unwrap(),
            "std::net",
        ),
        (
            regex::Regex::new(r"\b(TcpStream|TcpListener|UdpSocket|ToSocketAddrs|SocketAddr)\b")
                .unwrap(),
            "a socket",
        ),
        (
            regex::Regex::new(r"\b(reqwest|hyper|ureq|isahc|attohttpc|curl)\s*::").unwrap(),
            "an HTTP client",
        ),
        (
            regex::Regex::new(r"\b(reqwest|hyper|ureq)\b").unwrap(),
            "an HTTP client",
        ),
    ];
    let url = regex::Regex::new(r#"(?i)\b(https?|ftp|wss?)://([^/\s"'<>)}]+)"#).unwrap();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    // The desktop shell too: it only translates to the library.
    rust_files(&root().join("src-tauri").join("src"), &mut files);
    let build = root().join("build.rs");
    if build.exists() {
        files.push(build);
    }
    files.sort();
    assert!(files.len() > 10, "found only {} source files", files.len());
    let mut found = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        for (n, line) in code_lines(&src).iter().enumerate() {
            for (re, what) in &forbidden {
                if let Some(m) = re.find(line) {
                    found.push(format!("{rel}:{}: {what}: {}", n + 1, m.as_str()));
                }
            }
            for cap in url.captures_iter(line) {
                let host = cap[2].to_ascii_lowercase();
                if !NAMESPACE_HOSTS.contains(&host.as_str()) {
                    found.push(format!("{rel}:{}: a URL: {}", n + 1, &cap[0]));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "network code in the source:\n{}",
        found.join("\n")
    );
}

/// Crates that speak a network protocol or open sockets.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "tiny_http",
    "tungstenite",
    "tokio-tungstenite",
    "websocket",
    "socket2",
    "mio",
    "quinn",
    "native-tls",
    "rustls",
    "trust-dns-resolver",
    "hickory-resolver",
    "lettre",
    "actix-web",
    "awc",
    "axum",
    "warp",
    "tonic",
];

#[test]
fn no_dependency_speaks_a_network_protocol() {
    // The direct dependencies, every kind and target.
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut direct = Vec::new();
    let mut collect = |t: &toml::Table| {
        for kind in ["dependencies", "dev-dependencies", "build-dependencies"] {
            if let Some(deps) = t.get(kind).and_then(|d| d.as_table()) {
                direct.extend(deps.keys().cloned());
            }
        }
    };
    collect(&manifest);
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        for t in targets.values().filter_map(|t| t.as_table()) {
            collect(t);
        }
    }
    assert!(direct.contains(&"rusqlite".to_string()));
    for d in &direct {
        assert!(
            !NETWORK_CRATES.contains(&d.as_str()),
            "Cargo.toml depends on {d}, a network crate"
        );
    }

    // Everything they pull in, as cargo builds it for this machine (the
    // lock file also lists dependencies of other targets, such as wasm, that
    // are never compiled here).
    let out = Command::new(env!("CARGO"))
        .current_dir(root())
        .args([
            "tree",
            "-p",
            "sightline",
            "-e",
            "normal,build",
            "--locked",
            "--prefix",
            "depth",
            "-f",
            "{p}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut seen = std::collections::BTreeSet::new();
    let mut path: BTreeMap<String, String> = BTreeMap::new();
    let mut stack: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let depth: usize = line
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        let name = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        stack.truncate(depth);
        if let Some(parent) = stack.last() {
            path.entry(name.clone()).or_insert_with(|| parent.clone());
        }
        stack.push(name.clone());
        seen.insert(name);
    }
    assert!(seen.len() > 20, "only {} crates in the closure", seen.len());
    for n in &seen {
        assert!(
            !NETWORK_CRATES.contains(&n.as_str()),
            "sightline depends (through {}) on {n}, a network crate",
            path.get(n).map(String::as_str).unwrap_or("?")
        );
    }
}
