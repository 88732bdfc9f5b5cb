//! Crash safety (SECURITY.md): a crash at any moment leaves the review as it
//! was before the interrupted operation or as it is after it, never between.
//!
//! Each test runs the real `sightline` binary on a copy of a review and kills
//! it with SIGKILL (`Child::kill`) after a random delay between zero and the
//! operation's duration, measured once on an uninterrupted run. After every
//! kill, `sightline verify` must pass and the review must hold exactly the
//! state before the operation (every table's rows identical) or exactly the
//! state the uninterrupted run left (identical once times and hashes, which
//! differ from run to run, are masked). The operations: an import of a
//! generated 50,000-row CSV file, dismissing a flag, labelling a subject, and
//! changing the passphrase (`rekey`, which replaces the file).
//!
//! The normal suite makes 12 kills in all (a kill counts when it lands while
//! the command is running; one drawn after the command has finished is drawn
//! again). For the full run set `SIGHTLINE_CRASH_KILLS` (the total, shared
//! out across the four operations as 4 : 3 : 2 : 3):
//!
//! ```text
//! SIGHTLINE_CRASH_KILLS=120 cargo test --test crash -- --nocapture
//! ```
//!
//! The delays come from a xorshift generator seeded with
//! `SIGHTLINE_CRASH_SEED` (a number; a fixed seed by default), printed with
//! each failure so that a failing run can be repeated.
//!
//! SIGKILL stops the process; it does not cut the power, so data the
//! process handed to the operating system still reaches the disk. What a
//! power cut would lose is what SQLite had not yet synced; with WAL and
//! `synchronous = FULL` every commit is synced before it returns.

mod support;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

/// Rows in the generated import file.
const ROWS: usize = 50_000;

const NEW_PASSPHRASE: &str = "the passphrase after the rekey";

/// A small, seeded pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A duration between zero and `max`.
    fn below(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % micros)
    }
}

fn seed() -> u64 {
    std::env::var("SIGHTLINE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2024_c0de_0001)
}

/// This operation's share of the kills: `twelfths` of the total (at least one).
fn kills(twelfths: usize) -> usize {
    let total = std::env::var("SIGHTLINE_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(12);
    (total * twelfths).div_ceil(12).max(1)
}

/// What a review holds, in two forms: every row as it is, and every row with
/// the values that differ between two runs of the same operation (times, hashes
/// and the name of the copy it ran on) masked.
#[derive(Clone, PartialEq)]
struct State {
    exact: String,
    masked: String,
    records: i64,
    sources: i64,
    audit: Vec<String>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} records, {} sources, {} audit entries ({:?})",
            self.records,
            self.sources,
            self.audit.len(),
            self.audit.last()
        )
    }
}

/// True when `passphrase` opens the review.
fn opens(review: &Path, passphrase: &str) -> bool {
    let conn = rusqlite::Connection::open(review).expect("open");
    conn.pragma_update(None, "key", passphrase).expect("key");
    // A wrong key is an expected answer here: keep SQLCipher from logging it.
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .expect("log level");
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .is_ok()
}

fn state(review: &Path, passphrase: &str) -> State {
    let time = regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z").unwrap();
    let hash = regex::Regex::new(r"\b[0-9a-f]{64}\b").unwrap();
    let stem = review
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a review named in UTF-8");
    let conn = rusqlite::Connection::open(review).expect("open");
    conn.pragma_update(None, "key", passphrase).expect("key");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_search%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut exact = String::new();
    let mut masked = String::new();
    for t in &tables {
        let _ = writeln!(exact, "## {t}");
        let _ = writeln!(masked, "## {t}");
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let start = exact.len();
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => exact.push_str("NULL"),
                    rusqlite::types::ValueRef::Integer(v) => {
                        let _ = write!(exact, "{v}");
                    }
                    rusqlite::types::ValueRef::Real(v) => {
                        let _ = write!(exact, "{v}");
                    }
                    rusqlite::types::ValueRef::Text(s) => {
                        exact.push_str(&String::from_utf8_lossy(s))
                    }
                    rusqlite::types::ValueRef::Blob(b) => {
                        use sha2::Digest;
                        let _ = write!(exact, "blob:{}", hex::encode(sha2::Sha256::digest(b)));
                    }
                }
                exact.push('|');
            }
            exact.push('\n');
            let row = &exact[start..];
            if t == "records" {
                // Nothing in a record depends on when it was imported.
                masked.push_str(row);
            } else {
                let row = time.replace_all(row, "<time>");
                let row = hash.replace_all(&row, "<hash>");
                // Each run works on a copy with its own name, and what it
                // writes (the exported PDF) is named after that copy.
                masked.push_str(&row.replace(stem, "<review>"));
            }
        }
    }
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let audit = conn
        .prepare("SELECT hash FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    State {
        exact,
        masked,
        records: count("SELECT count(*) FROM records"),
        sources: count("SELECT count(*) FROM sources"),
        audit,
    }
}

/// The arguments of a command, given the review it runs on.
type Args = Box<dyn Fn(&Path) -> Vec<String>>;

/// One operation to interrupt.
struct Operation {
    /// Its name, for messages.
    name: &'static str,
    /// The review it starts from (closed, its log folded in).
    base: PathBuf,
    /// The command's arguments, given the review to run on.
    args: Args,
    /// The passphrase the review opens with after the operation.
    after_passphrase: &'static str,
    /// What the uninterrupted operation adds: (records, sources, audit entries).
    adds: (i64, i64, usize),
}

fn command(op: &Operation, review: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sightline"));
    cmd.args((op.args)(review))
        .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
        .env("SIGHTLINE_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn verify(review: &Path, passphrase: &str) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .arg("verify")
        .arg(review)
        .env("SIGHTLINE_PASSPHRASE", passphrase)
        .output()
        .expect("run verify");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Runs `op` uninterrupted once, then `kills` times killed at random
/// moments, and checks the review after each kill.
fn interrupt(op: &Operation, kills: usize, work: &Path) {
    let seed = seed()
        ^ op.name
            .bytes()
            .fold(0u64, |h, b| h.rotate_left(7) ^ u64::from(b));
    let mut rng = Rng::new(seed);
    let before = state(&op.base, PASSPHRASE);

    // The uninterrupted run: how long it takes and what it leaves.
    let reference = work.join(format!("{}-reference.sightline", op.name));
    std::fs::copy(&op.base, &reference).unwrap();
    let started = Instant::now();
    let out = command(op, &reference).output().unwrap();
    let duration = started.elapsed();
    assert!(
        out.status.success(),
        "{}: the uninterrupted run failed: {}",
        op.name,
        String::from_utf8_lossy(&out.stderr)
    );
    verify(&reference, op.after_passphrase).unwrap();
    let after = state(&reference, op.after_passphrase);
    assert_eq!(
        (
            after.records - before.records,
            after.sources - before.sources,
            after.audit.len() - before.audit.len()
        ),
        op.adds,
        "{}: the uninterrupted run",
        op.name
    );
    assert_eq!(&after.audit[..before.audit.len()], &before.audit[..]);

    // A kill counts when it lands while the command runs. When the command
    // had already finished (the machine may be less busy than when the
    // duration was measured), the kill is tried again, with later delays
    // drawn below the one it outlasted; up to four times as many tries.
    let mut span = duration;
    let (mut as_before, mut as_after, mut interrupted, mut attempts) = (0, 0, 0, 0);
    while interrupted < kills && attempts < kills * 4 {
        let k = attempts;
        attempts += 1;
        let review = work.join(format!("{}-{k}.sightline", op.name));
        std::fs::copy(&op.base, &review).unwrap();
        let delay = rng.below(span);
        let mut child = command(op, &review).spawn().unwrap();
        std::thread::sleep(delay);
        let running = child.try_wait().unwrap().is_none();
        if running {
            interrupted += 1;
        } else {
            span = delay;
        }
        child.kill().unwrap_or(()); // SIGKILL; a no-op if it had finished
        child.wait().unwrap();
        let context = format!(
            "{} kill {k} after {delay:?} of {duration:?} (seed {seed:#x}, {})",
            op.name,
            if running {
                "interrupted"
            } else {
                "it had finished"
            }
        );

        // Exactly one passphrase opens it: the one before or the one after.
        let old = opens(&review, PASSPHRASE);
        let new = op.after_passphrase != PASSPHRASE && opens(&review, op.after_passphrase);
        assert!(
            old != new || op.after_passphrase == PASSPHRASE,
            "{context}: old {old}, new {new}"
        );
        assert!(old || new, "{context}: no passphrase opens the review");
        let passphrase = if old { PASSPHRASE } else { op.after_passphrase };
        if let Err(e) = verify(&review, passphrase) {
            panic!("{context}: verify failed:\n{e}");
        }
        let now = state(&review, passphrase);
        if old && now.exact == before.exact {
            as_before += 1;
        } else if now.masked == after.masked && now.audit[..before.audit.len()] == before.audit[..]
        {
            assert_eq!(now.records, after.records, "{context}");
            assert_eq!(now.sources, after.sources, "{context}");
            as_after += 1;
        } else {
            panic!(
                "{context}: the review is neither as before nor as after:\n  before: {before:?}\n  after:  {after:?}\n  found:  {now:?}"
            );
        }
        for suffix in ["", "-wal", "-shm", ".rekey", ".rekey-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", review.display()));
        }
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{}: {interrupted} kills while running ({attempts} tries; {} finished first) within {duration:?}: {as_before} left it as before, {as_after} as after",
        op.name,
        attempts - interrupted
    );
    assert!(
        interrupted > 0,
        "{}: only {interrupted} of {attempts} kills landed while the command ran",
        op.name
    );
}

/// A review with the demo case in it, closed with its log folded in.
fn demo_base(dir: &Path) -> PathBuf {
    ok(&["demo", dir.to_str().unwrap()]);
    let review = dir.join("demo.sightline");
    let conn = rusqlite::Connection::open(&review).unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    assert!(!PathBuf::from(format!("{}-wal", review.display())).exists());
    review
}

/// A chronology of `rows` rows, each with its own text and date.
fn write_csv(path: &Path, rows: usize) {
    let mut out = String::with_capacity(rows * 130);
    out.push_str("Date,Time,Details,Action/outcome,Practitioner,Child\n");
    for i in 0..rows {
        let _ = writeln!(
            out,
            "{:02}/{:02}/{},{:02}:{:02},Contact {i}: home visit; child seen and spoken to alone about school,Letter sent,Worker {},Child {}",
            1 + i % 28,
            1 + (i / 28) % 12,
            2015 + (i / 336) % 8,
            i % 24,
            i % 60,
            i % 7,
            i % 13
        );
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn an_interrupted_import_leaves_all_of_the_file_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    let csv = dir.path().join("youth_service.csv");
    write_csv(&csv, ROWS);
    let op = Operation {
        name: "import",
        base,
        args: Box::new(move |review: &Path| {
            vec![
                "import".into(),
                review.display().to_string(),
                csv.display().to_string(),
                "--agency".into(),
                "Harwick Youth Service".into(),
                "--kind".into(),
                "voluntary".into(),
            ]
        }),
        after_passphrase: PASSPHRASE,
        adds: (ROWS as i64, 1, 1),
    };
    interrupt(&op, kills(4), dir.path());
}

#[test]
fn an_interrupted_flag_dismissal_is_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    let flags = json(&ok(&["flags", base.to_str().unwrap(), "--json"]));
    let id = flags[0]["id"].as_str().unwrap().to_string();
    let op = Operation {
        name: "flag-dismiss",
        base,
        args: Box::new(move |review: &Path| {
            vec![
                "flag".into(),
                "dismiss".into(),
                review.display().to_string(),
                id.clone(),
                "--reason".into(),
                "Explained by the agency's later record".into(),
            ]
        }),
        after_passphrase: PASSPHRASE,
        adds: (0, 0, 1),
    };
    interrupt(&op, kills(3), dir.path());
}

#[test]
fn an_interrupted_subject_label_is_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    let op = Operation {
        name: "subject-label",
        base,
        args: Box::new(|review: &Path| {
            vec![
                "subject".into(),
                "label".into(),
                review.display().to_string(),
                "Dean Marsh".into(),
                "Mother's partner (DM)".into(),
                "--role".into(),
                "partner".into(),
            ]
        }),
        after_passphrase: PASSPHRASE,
        adds: (0, 0, 1),
    };
    interrupt(&op, kills(2), dir.path());
}

#[test]
fn an_interrupted_rekey_leaves_one_passphrase_that_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    // A bigger review, so that the rewrite takes long enough to interrupt.
    let csv = dir.path().join("youth_service.csv");
    write_csv(&csv, ROWS / 2);
    ok(&[
        "import",
        base.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--agency",
        "Harwick Youth Service",
    ]);
    let op = Operation {
        name: "rekey",
        base,
        args: Box::new(|review: &Path| vec!["rekey".into(), review.display().to_string()]),
        after_passphrase: NEW_PASSPHRASE,
        adds: (0, 0, 1),
    };
    interrupt(&op, kills(3), dir.path());
}

#[test]
fn an_interrupted_export_leaves_the_review_whole_and_no_half_written_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    let op = Operation {
        name: "export",
        base,
        args: Box::new(|review: &Path| {
            let pdf = review.with_extension("pdf");
            // Each run writes its own file; an earlier run's is not in the way.
            let _ = std::fs::remove_file(&pdf);
            vec![
                "export".into(),
                review.display().to_string(),
                "--pdf".into(),
                pdf.display().to_string(),
            ]
        }),
        after_passphrase: PASSPHRASE,
        adds: (0, 0, 1),
    };
    interrupt(&op, kills(2), dir.path());
    // Whatever was killed, a PDF left behind is a whole one.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            if let Ok(out) = Command::new("qpdf").arg("--check").arg(&path).output() {
                assert!(
                    out.status.success(),
                    "{} is not a whole PDF: {}",
                    path.display(),
                    String::from_utf8_lossy(&out.stdout)
                );
            }
        }
    }
}

#[test]
fn an_interrupted_analysis_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(&dir.path().join("base"));
    let op = Operation {
        name: "analysis",
        base,
        args: Box::new(|review: &Path| {
            vec![
                "flags".into(),
                review.display().to_string(),
                "--json".into(),
            ]
        }),
        after_passphrase: PASSPHRASE,
        adds: (0, 0, 0),
    };
    interrupt(&op, kills(1), dir.path());
}
