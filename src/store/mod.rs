//! The review file: one SQLite database per review, encrypted with SQLCipher.
//!
//! Every connection to a review is opened by [`Review::connect`] and nowhere
//! else: it applies the key, checks that the passphrase opened the file, sets
//! the journal (WAL, full sync, foreign keys) and brings the schema up to date.
//! Everything written to a review goes through a [`Review`], and every change
//! a reviewer makes is entered in the audit log ([`audit`]) in the same
//! transaction as the change itself.

pub mod audit;
mod backup;
mod corrections;
mod derived;
mod episodes;
mod findings;
mod flag_reviews;
mod glossary;
mod imports;
mod notes;
mod people;
mod records;
pub mod schema;
mod search;
mod settings;
mod sources;
mod subjects;
mod verify;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

pub use backup::BackupReport;
pub use corrections::{Change, Correction, Fact, Flow};
pub use episodes::{Episode, EpisodeDraft};
pub use findings::{Finding, FindingDraft};
pub use flag_reviews::{FlagNoteRow, FlagReviewRow};
pub use glossary::{GlossaryEntry, GlossaryKind};
pub use imports::{ImportTransaction, NewRecord, NewSource, RecordWriter};
pub use notes::RecordNote;
pub use people::PersonRow;
pub use records::{RecordFilter, WindowRow};
pub use search::{fts_query, SearchHits};
pub use settings::Setting;
pub use sources::{RejectedRow, SourceInfo};
pub use subjects::SubjectDecisionRow;
pub use verify::{Check, VerifyReport};

use crate::{Error, Result};

/// The first 16 bytes of every unencrypted SQLite file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How a review file is protected.
#[derive(Clone, Debug)]
pub enum Protection {
    /// Encrypted with a key derived from this passphrase.
    Passphrase(String),
    /// Not encrypted (only ever on request: `new --no-encryption`).
    None,
}

/// An open review file.
pub struct Review {
    conn: Connection,
    path: PathBuf,
    /// The reviewer's name for the audit log, when one was given.
    reviewer: Option<String>,
}

/// What a review holds, in numbers.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Summary {
    /// The review's title.
    pub title: String,
    /// Per agency: name, kind, number of records.
    pub agencies: Vec<AgencySummary>,
    /// Number of imported files.
    pub sources: i64,
    /// Number of records.
    pub records: i64,
    /// Rows skipped at import (with `--skip-bad-rows`).
    pub rejected: i64,
    /// Earliest record start (ISO-8601), if any.
    pub first: Option<String>,
    /// Latest record start (ISO-8601), if any.
    pub last: Option<String>,
}

/// One agency's line in a [`Summary`].
#[derive(Clone, Debug, serde::Serialize)]
pub struct AgencySummary {
    /// The agency's name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// How many records it submitted.
    pub records: i64,
}

impl Review {
    /// Creates a new review file at `path`. Refuses to overwrite anything.
    pub fn create(path: &Path, title: &str, protection: &Protection) -> Result<Review> {
        Review::create_by(path, title, protection, None)
    }

    /// Creates a new review file at `path`, its first audit entry made by
    /// `reviewer` (see [`Review::set_reviewer`]) when given.
    pub fn create_by(
        path: &Path,
        title: &str,
        protection: &Protection,
        reviewer: Option<&str>,
    ) -> Result<Review> {
        // Made here, exclusively and owner-only, before SQLite opens it: no
        // one else's file (or link) is ever taken for the new review.
        match crate::files::create_private(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::AlreadyExists {
                    path: path.to_owned(),
                })
            }
            Err(e) => return Err(Error::io(path, e)),
        }
        let made = Review::connect(path, protection, true).and_then(|mut review| {
            if let Some(name) = reviewer {
                review.set_reviewer(name)?;
            }
            review.initialise(title, protection)
        });
        if made.is_err() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = fs::remove_file(crate::files::with_suffix(path, suffix));
            }
        }
        made
    }

    /// A review held in memory only: unencrypted, never written anywhere,
    /// gone when dropped. For checks that need a review but no file (the
    /// rules' scenario tests).
    pub fn in_memory(title: &str) -> Result<Review> {
        Review::connect(Path::new(":memory:"), &Protection::None, true)?
            .initialise(title, &Protection::None)
    }

    /// Writes a new review's metadata and its first audit entry.
    fn initialise(mut self, title: &str, protection: &Protection) -> Result<Review> {
        let actor = self.actor();
        let review = &mut self;
        let now = now();
        let tx = review.conn.transaction()?;
        {
            let mut put = tx.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
            put.execute(params!["title", title])?;
            put.execute(params!["created_at", now])?;
            put.execute(params!["created_by_version", crate::VERSION])?;
            put.execute(params!["written_by_version", crate::VERSION])?;
            put.execute(params![
                "encrypted",
                matches!(protection, Protection::Passphrase(_)).to_string()
            ])?;
        }
        audit::append(
            &tx,
            &actor,
            "review.create",
            &serde_json::json!({ "title": title, "encrypted": matches!(protection, Protection::Passphrase(_)) }),
        )?;
        tx.commit()?;
        Ok(self)
    }

    /// Opens an existing review.
    pub fn open(path: &Path, protection: &Protection) -> Result<Review> {
        if !path.is_file() {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such review file"),
            ));
        }
        // SQLite would take an empty file for a new database; a review file
        // is never empty.
        if fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false) {
            return Err(Error::NotAReview {
                path: path.to_owned(),
            });
        }
        Review::connect(path, protection, false)
    }

    /// True when the file at `path` is encrypted (so opening it needs a
    /// passphrase). An unencrypted SQLite file starts with a known header;
    /// an encrypted one is indistinguishable from random bytes.
    pub fn is_encrypted(path: &Path) -> Result<bool> {
        let mut head = [0u8; 16];
        let mut f = fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let n = f.read(&mut head).map_err(|e| Error::io(path, e))?;
        Ok(!(n == 16 && &head == SQLITE_MAGIC))
    }

    /// The one place a connection to a review is made.
    fn connect(path: &Path, protection: &Protection, create: bool) -> Result<Review> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags)?;
        // SQLCipher would otherwise write its own lines to stderr on a wrong
        // passphrase; Sightline says it once, in words.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        if let Protection::Passphrase(p) = protection {
            if p.is_empty() {
                return Err(Error::Invalid("the passphrase is empty".into()));
            }
            conn.pragma_update(None, "key", p)?;
        }
        // The first read proves the key: SQLCipher reports a wrong key as
        // "file is not a database".
        let probe: rusqlite::Result<i64> =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
        match probe {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(Error::WrongPassphrase {
                    path: path.to_owned(),
                })
            }
            Err(e) => return Err(e.into()),
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;

        let version = schema::file_version(&conn)?;
        if version == 0 && !create {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(Error::NotAReview {
                    path: path.to_owned(),
                });
            }
        }
        if version > schema::current_version() {
            let written_by = conn
                .query_row(
                    "SELECT value FROM meta WHERE key = 'written_by_version'",
                    [],
                    |r| r.get(0),
                )
                .unwrap_or_else(|_| "unknown".to_string());
            return Err(Error::NewerFormat {
                path: path.to_owned(),
                found: version,
                supported: schema::current_version(),
                written_by,
            });
        }
        schema::migrate(&mut conn, &now())?;
        let reviewer = std::env::var(REVIEWER_VARIABLE)
            .ok()
            .and_then(|name| reviewer_name(&name).ok());
        Ok(Review {
            conn,
            path: path.to_owned(),
            reviewer,
        })
    }

    /// Moves everything committed from the write-ahead log into the file
    /// and empties the log. A committed change then never lives in the log
    /// alone, where one damaged frame would make SQLite drop it and every
    /// change after it without a word. Best effort: while another
    /// connection is reading, the log is emptied at a later call.
    pub fn settle(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The review's agencies, by name.
    pub fn agencies(&self) -> Result<Vec<crate::model::AgencyInfo>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, kind FROM agencies ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok(crate::model::AgencyInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: kind.parse().unwrap_or(crate::model::AgencyKind::Other),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The file this review lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names the reviewer whose changes this connection makes: every audit
    /// entry from now on records the name beside the operating-system user.
    /// Without one, the name in `SIGHTLINE_REVIEWER` is used when set, and
    /// otherwise the user alone. See [`reviewer_name`] for what is refused.
    pub fn set_reviewer(&mut self, name: &str) -> Result<()> {
        self.reviewer = Some(reviewer_name(name)?);
        Ok(())
    }

    /// The audit log, oldest first.
    pub fn audit_trail(&self) -> Result<Vec<audit::Entry>> {
        audit::entries(&self.conn)
    }

    /// The reviewer named for this connection, if any.
    pub fn reviewer(&self) -> Option<&str> {
        self.reviewer.as_deref()
    }

    /// Who is acting, as the audit log records it: "Jane Doe (user jdoe)",
    /// or the operating-system user alone when no reviewer was named.
    pub fn actor(&self) -> String {
        match &self.reviewer {
            Some(name) => format!("{name} (user {})", os_user()),
            None => os_user(),
        }
    }

    /// The name of the reviewer who last changed this review (from its
    /// audit log), to offer when someone opens it again.
    pub fn last_reviewer(&self) -> Result<Option<String>> {
        let actor: Option<String> = self
            .conn
            .query_row(
                "SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(actor.and_then(|a| a.rsplit_once(" (user ").map(|(name, _)| name.to_string())))
    }

    /// The underlying connection, for modules of this library that read.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, for modules of this library that write in
    /// one transaction.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs one large write (an import) with SQLite's rollback journal in
    /// place of the write-ahead log, when no other connection has the file
    /// open; otherwise (the desktop app's reader may hold it) as usual.
    ///
    /// Both journals make a transaction all-or-nothing across a crash. With
    /// the write-ahead log every page of a large import is written (and
    /// encrypted) twice, to the log and then to the file; the rollback
    /// journal keeps only the few pages the import changes in place, and the
    /// pages it appends are written once. The write-ahead log is back when
    /// `write` returns, whatever it returned.
    pub(crate) fn with_rollback_journal<T>(
        &mut self,
        write: impl FnOnce(&mut Review) -> Result<T>,
    ) -> Result<T> {
        // Leaving the write-ahead log needs the file to itself: ask once,
        // without waiting for other connections to go.
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let switched = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let result = write(self);
        if switched {
            let back = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            // What was written stays written; the next connection to open
            // the file turns the write-ahead log on again in any case.
            if let Err(e) = back {
                tracing::warn!("could not return to the write-ahead log: {e}");
            }
        }
        result
    }

    /// A value from the review's `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// The review's title.
    pub fn title(&self) -> Result<String> {
        Ok(self.meta("title")?.unwrap_or_default())
    }

    /// Counts of what the review holds.
    pub fn summary(&self) -> Result<Summary> {
        let mut stmt = self.conn.prepare(
            "SELECT a.name, a.kind, count(r.id) FROM agencies a
             LEFT JOIN records r ON r.agency_id = a.id
             GROUP BY a.id ORDER BY a.name",
        )?;
        let agencies = stmt
            .query_map([], |r| {
                Ok(AgencySummary {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    records: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (records, first, last): (i64, Option<String>, Option<String>) = self.conn.query_row(
            "SELECT count(*),
                    (SELECT when_start FROM records WHERE qualifier != 'before'
                     ORDER BY lo LIMIT 1),
                    (SELECT coalesce(when_end, when_start) FROM records WHERE qualifier != 'after'
                     ORDER BY hi DESC LIMIT 1)
             FROM records",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let sources = self
            .conn
            .query_row("SELECT count(*) FROM sources", [], |r| r.get(0))?;
        let rejected = self
            .conn
            .query_row("SELECT count(*) FROM rejected_rows", [], |r| r.get(0))?;
        Ok(Summary {
            title: self.title()?,
            agencies,
            sources,
            records,
            rejected,
            first,
            last,
        })
    }
}

/// How long a connection waits for another to finish writing.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Makes a new review file readable and writable by its owner only.
/// The current time as the review records it: UTC, ISO-8601, to the second.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The operating-system user, for the audit log.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The environment variable naming the reviewer for the audit log.
pub const REVIEWER_VARIABLE: &str = "SIGHTLINE_REVIEWER";

/// The most characters a reviewer's name may have.
const MAX_REVIEWER_CHARS: usize = 100;

/// A reviewer's name as the audit log keeps it: trimmed, inner white space
/// made single spaces; refused when empty, too long, or holding control
/// or invisible characters.
pub fn reviewer_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::Invalid("the reviewer's name is empty".into()));
    }
    if name.chars().count() > MAX_REVIEWER_CHARS {
        return Err(Error::Invalid(format!(
            "the reviewer's name is longer than {MAX_REVIEWER_CHARS} characters"
        )));
    }
    if name
        .chars()
        .any(|c| c.is_control() || crate::text::is_invisible(c))
    {
        return Err(Error::Invalid(
            "the reviewer's name holds a control or invisible character".into(),
        ));
    }
    Ok(name)
}
