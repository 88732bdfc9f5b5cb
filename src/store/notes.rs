//! The reviewer's notes on records: comments kept beside a record (which
//! itself never changes), each with who wrote it and when, in the
//! review's annotations.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{audit, now, Review};
use crate::{Error, Result};

/// The most characters a note may hold.
const MAX_NOTE_CHARS: usize = 10_000;

/// A reviewer's note on a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordNote {
    /// The note's number in the review.
    pub id: i64,
    /// The record it is about.
    pub record: i64,
    /// What the reviewer wrote.
    pub text: String,
    /// When (UTC, ISO-8601).
    pub at: String,
    /// Who wrote it (as the audit log records them).
    pub by: String,
}

/// Refuses a record the review does not hold (in the caller's transaction).
pub(super) fn record_held(conn: &rusqlite::Connection, record: i64) -> Result<()> {
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM records WHERE id = ?1", [record], |r| {
            r.get(0)
        })
        .optional()?;
    match exists {
        Some(_) => Ok(()),
        None => Err(Error::Invalid(format!("there is no record {record}"))),
    }
}

impl Review {
    /// Adds a note to record `record`; refuses an empty or overlong note and
    /// a record the review does not hold.
    pub fn add_record_note(&mut self, record: i64, text: &str) -> Result<RecordNote> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Invalid("the note is empty".into()));
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            return Err(Error::Invalid(format!(
                "the note is longer than {MAX_NOTE_CHARS} characters"
            )));
        }
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        record_held(&tx, record)?;
        let at = now();
        tx.execute(
            "INSERT INTO annotations (target_kind, target_id, text, created_at, created_by)
             VALUES ('record', ?1, ?2, ?3, ?4)",
            params![record.to_string(), text, at, actor],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &actor,
            "record.note",
            &serde_json::json!({ "record": record, "note": id, "text": text }),
        )?;
        tx.commit()?;
        Ok(RecordNote {
            id,
            record,
            text: text.to_string(),
            at,
            by: actor,
        })
    }

    /// Removes note `id` (the audit log keeps what it said).
    pub fn remove_record_note(&mut self, id: i64) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let note: Option<(String, String)> = tx
            .query_row(
                "SELECT target_id, text FROM annotations WHERE id = ?1 AND target_kind = 'record'",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((record, text)) = note else {
            return Err(Error::Invalid(format!("there is no note {id}")));
        };
        tx.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &actor,
            "record.note_remove",
            &serde_json::json!({ "record": record.parse::<i64>().unwrap_or(0), "note": id, "text": text }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every note on a record, by record then oldest first.
    pub fn record_notes(&self) -> Result<Vec<RecordNote>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, target_id, text, created_at, created_by FROM annotations
             WHERE target_kind = 'record'
             ORDER BY CAST(target_id AS INTEGER), id",
        )?;
        let rows = stmt.query_map([], |r| {
            let target: String = r.get(1)?;
            Ok(RecordNote {
                id: r.get(0)?,
                record: target.parse().unwrap_or(0),
                text: r.get(2)?,
                at: r.get(3)?,
                by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
