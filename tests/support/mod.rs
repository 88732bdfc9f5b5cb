//! Shared helpers for the end-to-end tests: run the real `sightline` binary
//! against real review files in a temporary directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The passphrase every test review is encrypted with.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Runs `sightline ARGS` with the test passphrase.
pub fn sightline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(args)
        .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run sightline")
}

/// Runs `sightline ARGS` and insists it succeeds; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = sightline(args);
    assert!(
        out.status.success(),
        "sightline {:?} failed: {}\n{}",
        args,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Runs `sightline ARGS` and insists it fails; returns stderr.
pub fn fails(args: &[&str]) -> String {
    let out = sightline(args);
    assert!(
        !out.status.success(),
        "sightline {:?} should have failed; stdout: {}",
        args,
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).expect("utf-8 stderr")
}

/// A fresh encrypted review in a temporary directory.
pub fn new_review(dir: &Path) -> PathBuf {
    let path = dir.join("case.sightline");
    ok(&["new", path.to_str().unwrap(), "--title", "Test review"]);
    path
}

/// A raw connection to an encrypted test review, past the library: for
/// tampering with it or reading what it stores.
#[allow(dead_code)]
pub fn raw(review: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(review).expect("open review");
    conn.pragma_update(None, "key", PASSPHRASE).expect("key");
    conn
}

/// Every row of every table of the review, as text: two reviews with the
/// same content give the same dump.
pub fn dump(review: &Path) -> String {
    let conn = raw(review);
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_search%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(b) => format!("blob:{}", hex::encode(b)),
                })
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

/// Parses stdout as JSON.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Runs an external tool (poppler's `pdftotext`, `qpdf`, …) and insists it
/// succeeds; returns its stdout.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} could not be run (install poppler-utils and qpdf): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PDF's text, as poppler's `pdftotext` reads it (UTF-8).
pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}
