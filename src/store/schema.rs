//! The review file's schema, as an append-only list of migrations.
//!
//! A migration, once released, is never edited: a change to the schema is a
//! new entry at the end of [`MIGRATIONS`]. Each applied migration is recorded
//! in `schema_migrations` with the Sightline version that applied it, and
//! `PRAGMA user_version` holds the newest one, so a file written by a newer
//! Sightline is recognised and refused rather than misread.

use rusqlite::{params, Connection};

use crate::Result;

/// One step of the schema.
pub struct Migration {
    /// Format version this step brings the file to.
    pub version: i64,
    /// What it does, in a few words.
    pub name: &'static str,
    /// The SQL, run in the same transaction as its record.
    pub sql: &'static str,
}

/// Every migration, oldest first. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "review, agencies, sources, records, subjects, annotations, audit log",
        sql: r#"
CREATE TABLE schema_migrations (
    version           INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    applied_at        TEXT NOT NULL,
    sightline_version TEXT NOT NULL
);

-- Key/value facts about the review: title, created_at, created_by_version,
-- written_by_version, audit_head, audit_count.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE agencies (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL
);

-- One imported file. `content` is the file's bytes as received, so that
-- `verify` can check them against `sha256` and the records against both.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    importer    TEXT NOT NULL,
    encoding    TEXT,
    sheet       TEXT,
    header_row  INTEGER NOT NULL,
    headers     TEXT NOT NULL,  -- JSON array of the header cells, verbatim
    mapping     TEXT NOT NULL,  -- JSON array of the role given to each column
    agency_id   INTEGER REFERENCES agencies(id),  -- NULL for a composite file
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    imported    INTEGER NOT NULL,
    rejected    INTEGER NOT NULL
);
CREATE INDEX sources_sha256 ON sources(sha256);

-- One entry of an agency's chronology. Immutable after import.
-- `lo`/`hi` are the span of real time the date could denote (UTC seconds,
-- half-open), for ordering and range queries.
CREATE TABLE records (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    seq         INTEGER NOT NULL,
    row         INTEGER NOT NULL,
    when_start  TEXT NOT NULL,
    when_end    TEXT,
    precision   TEXT NOT NULL,
    qualifier   TEXT NOT NULL,
    ambiguous   INTEGER NOT NULL DEFAULT 0,
    when_text   TEXT NOT NULL,  -- canonical form, read back by when::parse_when
    lo          INTEGER NOT NULL,
    hi          INTEGER NOT NULL,
    text        TEXT NOT NULL,
    outcome     TEXT,
    event_type  TEXT,
    author      TEXT,
    reference   TEXT,
    sequence    TEXT,
    subjects    TEXT NOT NULL DEFAULT '[]',  -- JSON array of names as written
    subject_dob TEXT,
    shared_with TEXT NOT NULL DEFAULT '[]',  -- JSON array as written
    cells       TEXT NOT NULL   -- JSON array of the row's cells, verbatim
);
CREATE INDEX records_lo ON records(lo, hi);
CREATE INDEX records_agency ON records(agency_id, lo);
CREATE INDEX records_source ON records(source_id, seq);

CREATE TRIGGER records_immutable BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are immutable after import'); END;
CREATE TRIGGER records_undeletable BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;
CREATE TRIGGER sources_immutable BEFORE UPDATE OF content, sha256, file_name ON sources
BEGIN SELECT RAISE(ABORT, 'a source file is immutable after import'); END;

-- Rows an import skipped (only with --skip-bad-rows), and why.
CREATE TABLE rejected_rows (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    sheet     TEXT,
    row       INTEGER NOT NULL,
    col       TEXT,
    value     TEXT NOT NULL,
    error     TEXT NOT NULL
);

-- People the review is about, resolved across agencies.
CREATE TABLE subjects (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    role       TEXT NOT NULL,
    dob        TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE subject_names (
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    name       TEXT NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subject_id, name)
);

-- The reviewer's own notes, kept apart from the records.
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,   -- record, flag, subject, episode, review
    target_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- Append-only, hash-chained log of everything done to the review.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    },
    Migration {
        version: 2,
        name: "reviewer decisions on flags and subjects",
        sql: r#"
-- The reviewer's decision on a flag, with the flag as it was when decided,
-- so a decided flag is never silently lost when the analysis changes.
CREATE TABLE flag_reviews (
    flag_id    TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    reason     TEXT,
    snapshot   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- The reviewer's merge, split and label decisions about subjects, keyed by
-- name variants so they survive re-analysis.
CREATE TABLE subject_decisions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,   -- merge, split, label
    a          TEXT NOT NULL,
    b          TEXT NOT NULL,   -- the other name, or the label
    role       TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
"#,
    },
    Migration {
        version: 3,
        name: "glossary of names and their codes for anonymised reports",
        sql: r#"
-- Names the reviewer wants replaced in an anonymised report (mostly
-- professionals), each with its code ("SW1", "GP1"). Subjects' labels come
-- from the subjects themselves and are not kept here.
CREATE TABLE glossary (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL,   -- professional, person, place
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
"#,
    },
    Migration {
        version: 4,
        name: "timeline window index, full-text search index",
        sql: r#"
-- What the timeline draws, readable from the index alone: a window of a
-- million-record review is found without reading records' text.
CREATE INDEX records_window ON records(agency_id, lo, hi, precision, qualifier, event_type);

-- Full-text search over what agencies wrote. External content: the words
-- are indexed, the text stays in `records`. Filled incrementally by record
-- id (records are immutable and never deleted), up to meta 'search_indexed'.
CREATE VIRTUAL TABLE records_search USING fts5(
    text, outcome, author, event_type, reference,
    content = 'records', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"#,
    },
    Migration {
        version: 5,
        name: "drop records_agency (records_window begins with the same columns)",
        sql: r#"
-- records_window (agency_id, lo, hi, …) answers every query records_agency
-- (agency_id, lo) did; keeping both cost every import a fourth index.
DROP INDEX records_agency;
"#,
    },
    Migration {
        version: 6,
        name: "derived data kept between sessions",
        sql: r#"
-- Data derived from the records (the timeline's index), kept so that a large
-- review opens quickly. Used only while `stamp` still describes the records
-- and agencies; rebuilt otherwise. Never authoritative, not audited.
CREATE TABLE derived (
    name   TEXT PRIMARY KEY,
    format INTEGER NOT NULL,
    stamp  TEXT NOT NULL,
    data   BLOB NOT NULL
);
"#,
    },
    Migration {
        version: 7,
        name: "source files' bytes in a table of their own",
        sql: r#"
-- The bytes of each imported file, moved out of `sources`. As the last
-- column of its row, an import's zeroblob() placeholder stays a count
-- instead of being built in memory (twice) at the file's full size; the
-- bytes are then written in by incremental blob I/O.
CREATE TABLE source_files (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id),
    content   BLOB NOT NULL
);
CREATE TRIGGER source_files_immutable BEFORE UPDATE ON source_files
BEGIN SELECT RAISE(ABORT, 'a source file is immutable after import'); END;
CREATE TRIGGER source_files_undeletable BEFORE DELETE ON source_files
BEGIN SELECT RAISE(ABORT, 'a source file is never deleted'); END;

INSERT INTO source_files (source_id, content) SELECT id, content FROM sources;
DROP TRIGGER sources_immutable;
UPDATE sources SET content = X'';
CREATE TRIGGER sources_immutable BEFORE UPDATE OF content, sha256, file_name ON sources
BEGIN SELECT RAISE(ABORT, 'a source file is immutable after import'); END;
"#,
    },
    Migration {
        version: 8,
        name: "the family the reviewer declares",
        sql: r#"
-- The people the review is about, as the reviewer declares them at the start:
-- a name, a role (child, sibling, parent, mother, father, partner, other),
-- other names they go by (a JSON array) and a date of birth as written.
-- Subject resolution starts from them. Kept apart from the records.
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    aliases    TEXT NOT NULL,
    dob        TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
"#,
    },
    Migration {
        version: 9,
        name: "key practice episodes",
        sql: r#"
-- The panel's key practice episodes (SCIE "Learning Together"): a title, a
-- period (ISO dates, inclusive), the agencies involved (a JSON array of
-- names; empty for all), what happened, the panel's analysis of why, and
-- the learning. The records and flags of an episode are those of its period.
CREATE TABLE episodes (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    agencies   TEXT NOT NULL,
    summary    TEXT NOT NULL,
    analysis   TEXT NOT NULL,
    learning   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#,
    },
    Migration {
        version: 10,
        name: "corrections to what was read, and findings",
        sql: r#"
-- The reviewer's corrections to what the analysis read in a record: a fact
-- (an indicator and whom it is about, a sharing event, attendance at a
-- meeting, a meeting, a decision, a person the record is about, whether the
-- child was seen) added or removed. The fact is JSON; `target` says which
-- fact of the record it is about, so that a record holds one correction per
-- target. The record itself never changes. Numbers are never reused, so a
-- flag's note of the corrections it rests on never names another.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id  INTEGER NOT NULL REFERENCES records(id),
    target     TEXT NOT NULL,
    change     TEXT NOT NULL CHECK (change IN ('add', 'remove')),
    fact       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (record_id, target)
);

-- The panel's findings, each resting on key practice episodes (a JSON array
-- of episode ids) and flags (a JSON array of flag ids).
CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    episodes   TEXT NOT NULL,
    flags      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#,
    },
];

/// The newest format version this build writes and reads.
pub fn current_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// The file's format version (`PRAGMA user_version`).
pub fn file_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every migration newer than the file, each in its own transaction
/// together with its record, so a crash leaves the file at a whole version.
pub fn migrate(conn: &mut Connection, now: &str) -> Result<()> {
    let have = file_version(conn)?;
    for m in MIGRATIONS.iter().filter(|m| m.version > have) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at, sightline_version)
             VALUES (?1, ?2, ?3, ?4)",
            params![m.version, m.name, now, crate::VERSION],
        )?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}
