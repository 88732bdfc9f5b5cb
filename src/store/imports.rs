//! Writing an import: every statement an import runs, in the one
//! transaction that makes it all or nothing. The import pipeline decides
//! what to write; this module is how it is written (agencies, records,
//! rejected rows, the source row and the file's bytes, the audit entry).

use std::io::Write;

use rusqlite::{params, OptionalExtension, Statement, Transaction};

use super::{audit, now, Review};
use crate::error::RowError;
use crate::when::{Precision, Qualifier, When};
use crate::{Error, Result};

/// The page cache during an import, in KiB (negative, as SQLite takes it).
const IMPORT_CACHE_KIB: i64 = -64 * 1024;

/// One import in progress. Dropped without [`ImportTransaction::commit`],
/// it writes nothing.
pub struct ImportTransaction<'r> {
    tx: Transaction<'r>,
    /// Who is importing, for the audit entry.
    actor: String,
}

/// A record to write, as the pipeline read it from one row.
pub struct NewRecord<'a> {
    /// The source it comes from.
    pub source_id: i64,
    /// The agency that recorded it.
    pub agency_id: i64,
    /// Its place in its file (1, 2, …, blank rows not counted).
    pub seq: i64,
    /// The row as the file shows it.
    pub row: i64,
    /// When.
    pub when: &'a When,
    /// What happened.
    pub text: &'a str,
    /// Outcome or action.
    pub outcome: Option<&'a str>,
    /// The agency's own event type.
    pub event_type: Option<&'a str>,
    /// Who wrote it.
    pub author: Option<&'a str>,
    /// The agency's reference.
    pub reference: Option<&'a str>,
    /// The agency's sequence number.
    pub sequence: Option<&'a str>,
    /// The people the row names in its subject column.
    pub subjects: &'a [String],
    /// Their date of birth, as written.
    pub subject_dob: Option<&'a str>,
    /// The agencies it says it was shared with.
    pub shared_with: &'a [String],
    /// Every cell of the row, verbatim.
    pub cells: &'a [&'a str],
}

/// A source to write once its records are written.
pub struct NewSource<'a> {
    /// Its id (from [`ImportTransaction::next_source_id`]).
    pub id: i64,
    /// The file's name.
    pub file_name: &'a str,
    /// The file's sha256, hex.
    pub sha256: &'a str,
    /// The file's bytes, exactly as received.
    pub bytes: &'a [u8],
    /// The importer used ("csv", "xlsx", …).
    pub importer: &'a str,
    /// The text encoding, for text formats.
    pub encoding: Option<&'a str>,
    /// The sheet or table read.
    pub sheet: Option<&'a str>,
    /// The header row.
    pub header_row: i64,
    /// The headers, verbatim.
    pub headers: &'a [String],
    /// The role of each column.
    pub roles: &'a [&'a str],
    /// The agency, when one agency sent the whole file.
    pub agency_id: Option<i64>,
    /// Data rows read.
    pub rows_read: i64,
    /// Records written.
    pub imported: i64,
    /// Rows skipped.
    pub rejected: i64,
}

impl Review {
    /// Runs an import with a page cache big enough that most of a large
    /// import's index pages stay in memory until the commit (instead of
    /// being spilled, and encrypted, to the log again and again), and with
    /// the rollback journal when nobody else has the file open; the usual
    /// settings come back after.
    pub fn with_import_settings<T>(
        &mut self,
        f: impl FnOnce(&mut Review) -> Result<T>,
    ) -> Result<T> {
        let cache: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn()
            .pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let result = self.with_rollback_journal(f);
        self.conn().pragma_update(None, "cache_size", cache)?;
        result
    }

    /// Starts an import's transaction.
    pub fn import_transaction(&mut self) -> Result<ImportTransaction<'_>> {
        let actor = self.actor();
        Ok(ImportTransaction {
            tx: self.conn_mut().transaction()?,
            actor,
        })
    }
}

impl<'r> ImportTransaction<'r> {
    /// An agency of the review by name (any case): its id and kind.
    pub fn agency(&self, name: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id, kind FROM agencies WHERE name = ?1 COLLATE NOCASE",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Adds an agency; its id.
    pub fn add_agency(&self, name: &str, kind: &str) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO agencies (name, kind) VALUES (?1, ?2)",
            params![name, kind],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// When this sheet or table (`None` for a file of one) of a file with
    /// this sha256 was imported, and by which agency (or "several
    /// agencies"), if it was.
    pub fn previous_import(
        &self,
        sha256: &str,
        sheet: Option<&str>,
    ) -> Result<Option<(String, String)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT s.imported_at, coalesce(a.name, 'several agencies') FROM sources s
                 LEFT JOIN agencies a ON a.id = s.agency_id
                 WHERE s.sha256 = ?1 AND s.sheet IS ?2 LIMIT 1",
                rusqlite::params![sha256, sheet],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The id the next source will get. Its records are written before it
    /// (a source row is written once, with its counts known, and never
    /// updated: an update would rewrite the file's bytes stored in it), so
    /// foreign keys are checked at the commit from here on.
    pub fn next_source_id(&self) -> Result<i64> {
        let id = self
            .tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM sources", [], |r| {
                r.get(0)
            })?;
        self.tx.pragma_update(None, "defer_foreign_keys", true)?;
        Ok(id)
    }

    /// Statements for a file's records and rejected rows, prepared once.
    pub fn writer(&self) -> Result<RecordWriter<'_>> {
        Ok(RecordWriter {
            insert: self.tx.prepare(
                "INSERT INTO records (source_id, agency_id, seq, row, when_start, when_end, precision,
                              qualifier, ambiguous, when_text, lo, hi, text, outcome, event_type,
                              author, reference, sequence, subjects, subject_dob, shared_with, cells)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                         ?18, ?19, ?20, ?21, ?22)",
            )?,
            reject: self.tx.prepare(
                "INSERT INTO rejected_rows (source_id, sheet, row, col, value, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
        })
    }

    /// Writes a source row, then the file's bytes by incremental blob I/O
    /// in pieces, so a large file is not copied once more into a bound
    /// parameter (the placeholder is the row's last column, so SQLite keeps
    /// it as a count).
    pub fn add_source(&self, s: &NewSource<'_>) -> Result<()> {
        self.tx.execute(
            "INSERT INTO sources (id, file_name, sha256, size, content, importer, encoding, sheet,
                              header_row, headers, mapping, agency_id, imported_at, imported_by,
                              rows_read, imported, rejected)
             VALUES (?1, ?2, ?3, ?4, X'', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                s.id,
                s.file_name,
                s.sha256,
                s.bytes.len() as i64,
                s.importer,
                s.encoding,
                s.sheet,
                s.header_row,
                serde_json::to_string(s.headers).unwrap_or_default(),
                serde_json::to_string(s.roles).unwrap_or_default(),
                s.agency_id,
                now(),
                self.actor.as_str(),
                s.rows_read,
                s.imported,
                s.rejected,
            ],
        )?;
        self.tx.execute(
            "INSERT INTO source_files (source_id, content) VALUES (?1, zeroblob(?2))",
            params![s.id, s.bytes.len() as i64],
        )?;
        let mut blob = self
            .tx
            .blob_open("main", "source_files", "content", s.id, false)?;
        for piece in s.bytes.chunks(1 << 20) {
            blob.write_all(piece)
                .map_err(|e| Error::io(std::path::Path::new(s.file_name), e))?;
        }
        Ok(())
    }

    /// Adds the import's audit entry.
    pub fn audit(&self, detail: &serde_json::Value) -> Result<()> {
        audit::append(&self.tx, &self.actor, "import", detail).map(|_| ())
    }

    /// Makes the import permanent.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// Writes a file's records and rejected rows.
pub struct RecordWriter<'t> {
    insert: Statement<'t>,
    reject: Statement<'t>,
}

impl RecordWriter<'_> {
    /// Writes one record.
    pub fn record(&mut self, r: &NewRecord<'_>) -> Result<()> {
        let (lo, hi) = r.when.bounds();
        self.insert.execute(params![
            r.source_id,
            r.agency_id,
            r.seq,
            r.row,
            r.when.start_iso(),
            r.when.end_iso(),
            precision_name(r.when),
            qualifier_name(r.when),
            r.when.ambiguous,
            r.when.canonical(),
            lo,
            hi,
            r.text,
            r.outcome,
            r.event_type,
            r.author,
            r.reference,
            r.sequence,
            serde_json::to_string(r.subjects).unwrap_or_default(),
            r.subject_dob,
            serde_json::to_string(r.shared_with).unwrap_or_default(),
            serde_json::to_string(r.cells).unwrap_or_default(),
        ])?;
        Ok(())
    }

    /// Records a row that was skipped, and why.
    pub fn rejected(&mut self, source_id: i64, e: &RowError) -> Result<()> {
        self.reject.execute(params![
            source_id,
            e.sheet,
            e.row as i64,
            e.column,
            e.value,
            e.error
        ])?;
        Ok(())
    }
}

fn precision_name(w: &When) -> &'static str {
    match w.precision() {
        Precision::Instant => "instant",
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

fn qualifier_name(w: &When) -> &'static str {
    match w.qualifier {
        Qualifier::Exact => "exact",
        Qualifier::Approx => "approx",
        Qualifier::Before => "before",
        Qualifier::After => "after",
        Qualifier::Between => "between",
    }
}
