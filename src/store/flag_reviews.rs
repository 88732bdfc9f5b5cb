//! The reviewer's decisions and notes on flags, as stored: by flag id, with
//! a snapshot of the flag as it was decided. The flags layer reads these
//! rows back onto freshly computed flags.

use rusqlite::{params, OptionalExtension};

use super::{audit, now, Review};
use crate::Result;

/// A note on a flag, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagNoteRow {
    /// The flag's id.
    pub flag_id: String,
    /// The note.
    pub text: String,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub by: String,
}

/// A decision on a flag, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagReviewRow {
    /// The flag's id.
    pub flag_id: String,
    /// `open`, `accepted` or `dismissed`.
    pub status: String,
    /// The reason given.
    pub reason: Option<String>,
    /// The flag as it was when first decided (JSON).
    pub snapshot: String,
}

impl Review {
    /// Every note on a flag, oldest first.
    pub fn flag_note_rows(&self) -> Result<Vec<FlagNoteRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT target_id, text, created_at, created_by FROM annotations
             WHERE target_kind = 'flag' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FlagNoteRow {
                flag_id: r.get(0)?,
                text: r.get(1)?,
                at: r.get(2)?,
                by: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every decision on a flag, by flag id.
    pub fn flag_review_rows(&self) -> Result<Vec<FlagReviewRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT flag_id, status, reason, snapshot FROM flag_reviews ORDER BY flag_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FlagReviewRow {
                flag_id: r.get(0)?,
                status: r.get(1)?,
                reason: r.get(2)?,
                snapshot: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Stores a decision on a flag (the snapshot is kept from the first
    /// decision), with its audit entry, in one transaction. `detail` gets
    /// the flag's previous status, if it had one, and gives the audit
    /// entry's details.
    pub fn store_flag_decision(
        &mut self,
        row: &FlagReviewRow,
        action: &str,
        detail: impl FnOnce(Option<String>) -> serde_json::Value,
    ) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let previous: Option<String> = tx
            .query_row(
                "SELECT status FROM flag_reviews WHERE flag_id = ?1",
                [&row.flag_id],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO flag_reviews (flag_id, status, reason, snapshot, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(flag_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![
                row.flag_id,
                row.status,
                row.reason,
                row.snapshot,
                now(),
                actor.as_str()
            ],
        )?;
        audit::append(&tx, &actor, action, &detail(previous))?;
        tx.commit()?;
        Ok(())
    }

    /// Stores a note on a flag, with its audit entry, in one transaction. A
    /// flag noted before any decision is kept (open, with `snapshot`), so
    /// the note is never lost when the flag is no longer raised.
    pub fn store_flag_note(
        &mut self,
        flag_id: &str,
        text: &str,
        snapshot: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO annotations (target_kind, target_id, text, created_at, created_by)
             VALUES ('flag', ?1, ?2, ?3, ?4)",
            params![flag_id, text, now(), actor.as_str()],
        )?;
        let exists: Option<String> = tx
            .query_row(
                "SELECT flag_id FROM flag_reviews WHERE flag_id = ?1",
                [flag_id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            tx.execute(
                "INSERT INTO flag_reviews (flag_id, status, reason, snapshot, updated_at, updated_by)
                 VALUES (?1, 'open', NULL, ?2, ?3, ?4)",
                params![flag_id, snapshot, now(), actor.as_str()],
            )?;
        }
        audit::append(&tx, &actor, "flag.annotate", detail)?;
        tx.commit()?;
        Ok(())
    }
}
