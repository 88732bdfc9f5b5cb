//! Derived data kept in the review between sessions, so that a large
//! review opens without recomputing it.
//!
//! Never authoritative: each entry carries the stamp of what it was derived
//! from (see [`Review::records_stamp`]) and is used only while the review
//! still matches that stamp; otherwise it is rebuilt from the records and
//! replaced. Losing the table loses nothing but time. It is not audited: it
//! records nobody's decision.

use rusqlite::{params, OptionalExtension};

use super::Review;
use crate::Result;

impl Review {
    /// What the records and agencies are now, as derived data is keyed:
    /// the newest record id (records are only ever added, with rising ids)
    /// and every agency's id, name and kind.
    pub(crate) fn records_stamp(&self) -> Result<String> {
        let newest: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(id), 0) FROM records", [], |r| r.get(0))?;
        let mut stamp = format!("records {newest}");
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, kind FROM agencies ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, kind): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            stamp.push_str(&format!("\n{id}\t{name}\t{kind}"));
        }
        Ok(stamp)
    }

    /// The stored entry `name`, when it was written in `format` for `stamp`.
    pub(crate) fn derived(&self, name: &str, format: i64, stamp: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT data FROM derived WHERE name = ?1 AND format = ?2 AND stamp = ?3",
                params![name, format, stamp],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores (or replaces) the entry `name`.
    pub(crate) fn store_derived(
        &self,
        name: &str,
        format: i64,
        stamp: &str,
        data: &[u8],
    ) -> Result<()> {
        self.conn().execute(
            "INSERT OR REPLACE INTO derived (name, format, stamp, data) VALUES (?1, ?2, ?3, ?4)",
            params![name, format, stamp, data],
        )?;
        Ok(())
    }
}
