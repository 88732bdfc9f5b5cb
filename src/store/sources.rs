//! What the report needs to say about a review's imported files, the rows
//! they refused, and the audit entry of an export.

use std::path::Path;

use serde::Serialize;

use super::{audit, Review};
use crate::Result;

/// One imported file, as the report's Sources section shows it.
#[derive(Clone, Debug, Serialize)]
pub struct SourceInfo {
    /// Its id in the review.
    pub id: i64,
    /// The file's name as imported.
    pub file_name: String,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The agency that submitted it (`None` for a file holding several).
    pub agency: Option<String>,
    /// That agency's kind.
    pub kind: Option<String>,
    /// The reader used ("csv", "xlsx", …).
    pub importer: String,
    /// When it was imported (UTC, ISO-8601).
    pub imported_at: String,
    /// Data rows read.
    pub rows_read: i64,
    /// Rows imported as records.
    pub imported: i64,
    /// Rows refused.
    pub rejected: i64,
}

/// A row an import skipped, and why.
#[derive(Clone, Debug, Serialize)]
pub struct RejectedRow {
    /// The file it was in.
    pub file_name: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// The row number in the file.
    pub row: i64,
    /// The column at fault, if one.
    pub column: Option<String>,
    /// The value at fault.
    pub value: String,
    /// What was wrong.
    pub error: String,
}

impl Review {
    /// How many files have been imported.
    pub fn source_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM sources", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every imported file, in import order.
    pub fn sources(&self) -> Result<Vec<SourceInfo>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.id, s.file_name, s.sha256, s.size, s.sheet, a.name, a.kind, s.importer,
                    s.imported_at, s.rows_read, s.imported, s.rejected
             FROM sources s LEFT JOIN agencies a ON a.id = s.agency_id
             ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SourceInfo {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                size: r.get(3)?,
                sheet: r.get(4)?,
                agency: r.get(5)?,
                kind: r.get(6)?,
                importer: r.get(7)?,
                imported_at: r.get(8)?,
                rows_read: r.get(9)?,
                imported: r.get(10)?,
                rejected: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every row an import skipped, by file and row.
    pub fn rejected_rows(&self) -> Result<Vec<RejectedRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.file_name, j.sheet, j.row, j.col, j.value, j.error
             FROM rejected_rows j JOIN sources s ON s.id = j.source_id
             ORDER BY j.source_id, j.row, j.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RejectedRow {
                file_name: r.get(0)?,
                sheet: r.get(1)?,
                row: r.get(2)?,
                column: r.get(3)?,
                value: r.get(4)?,
                error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Enters an export of the review report in the audit log (where it was
    /// written, the SHA-256 of what was written, and the options used),
    /// then calls `publish` to put the report in place. The entry is
    /// committed first, so no report is ever out without one: if the entry
    /// cannot be written, `publish` is never called; if `publish` fails, a
    /// second entry (`report.export_failed`) says the report did not
    /// appear. A crash between the two leaves an entry and no report.
    pub fn record_export(
        &mut self,
        path: &Path,
        sha256: &str,
        format: &str,
        marking: &str,
        anonymised: bool,
        publish: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        let actor = self.actor();
        let entry = |action: &str, tx: &rusqlite::Transaction<'_>| {
            audit::append(
                tx,
                &actor,
                action,
                &serde_json::json!({
                    "path": path.display().to_string(),
                    "sha256": sha256,
                    "format": format,
                    "marking": marking,
                    "anonymised": anonymised,
                }),
            )
        };
        let tx = self.conn_mut().transaction()?;
        entry("report.export", &tx)?;
        tx.commit()?;
        if let Err(e) = publish() {
            let tx = self.conn_mut().transaction()?;
            entry("report.export_failed", &tx)?;
            tx.commit()?;
            return Err(e);
        }
        Ok(())
    }
}
