//! The reviewer's decisions on flags: accept, dismiss (with a reason) and
//! annotate. Decisions are stored by flag id with a snapshot of the flag as
//! it was, so they survive re-analysis, and a decided flag the analysis no
//! longer raises is still listed (`raised: false`). Every decision is entered
//! in the audit log in the same transaction.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use super::{Flag, Note, Status};
use crate::store::{actor, audit, now, Review};
use crate::{Error, Result};

impl Review {
    /// Applies the stored decisions and notes to freshly computed flags, and
    /// appends decided flags that are no longer raised.
    pub fn apply_flag_reviews(&self, flags: &mut Vec<Flag>) -> Result<()> {
        let conn = self.conn();
        let mut notes: HashMap<String, Vec<Note>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT target_id, text, created_at, created_by FROM annotations
             WHERE target_kind = 'flag' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            notes.entry(r.get(0)?).or_default().push(Note {
                text: r.get(1)?,
                at: r.get(2)?,
                by: r.get(3)?,
            });
        }
        let mut stmt = conn.prepare(
            "SELECT flag_id, status, reason, snapshot FROM flag_reviews ORDER BY flag_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut index: HashMap<String, usize> = flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let status: String = r.get(1)?;
            let reason: Option<String> = r.get(2)?;
            let status = match status.as_str() {
                "accepted" => Status::Accepted,
                "dismissed" => Status::Dismissed,
                _ => Status::Open,
            };
            match index.get(&id) {
                Some(&i) => {
                    flags[i].status = status;
                    flags[i].reason = reason;
                }
                None => {
                    let snapshot: String = r.get(3)?;
                    if let Ok(mut f) = serde_json::from_str::<Flag>(&snapshot) {
                        f.status = status;
                        f.reason = reason;
                        f.raised = false;
                        index.insert(id, flags.len());
                        flags.push(f);
                    }
                }
            }
        }
        for f in flags.iter_mut() {
            if let Some(n) = notes.remove(&f.id) {
                f.notes = n;
            }
        }
        Ok(())
    }

    /// Records a decision on a flag (accept, dismiss with a reason, or
    /// reopen). A dismissal needs a reason.
    pub fn decide_flag(&mut self, flag: &Flag, status: Status, reason: Option<&str>) -> Result<()> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if status == Status::Dismissed && reason.is_none() {
            return Err(Error::Invalid(format!(
                "flag {}: give a reason for dismissing it (--reason)",
                flag.id
            )));
        }
        let tx = self.conn_mut().transaction()?;
        let previous: Option<String> = tx
            .query_row(
                "SELECT status FROM flag_reviews WHERE flag_id = ?1",
                [&flag.id],
                |r| r.get(0),
            )
            .optional()?;
        let mut snapshot = flag.clone();
        snapshot.notes.clear();
        tx.execute(
            "INSERT INTO flag_reviews (flag_id, status, reason, snapshot, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(flag_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![
                flag.id,
                status.as_str(),
                reason,
                serde_json::to_string(&snapshot).unwrap_or_default(),
                now(),
                actor()
            ],
        )?;
        audit::append(
            &tx,
            &format!("flag.{}", status.as_str()),
            &serde_json::json!({
                "flag": flag.id,
                "rule": flag.rule,
                "agency": flag.agency,
                "at": flag.at,
                "from": previous.unwrap_or_else(|| "open".into()),
                "to": status.as_str(),
                "reason": reason,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a note to a flag.
    pub fn annotate_flag(&mut self, flag: &Flag, text: &str) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Invalid("the note is empty".into()));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO annotations (target_kind, target_id, text, created_at, created_by)
             VALUES ('flag', ?1, ?2, ?3, ?4)",
            params![flag.id, text, now(), actor()],
        )?;
        let exists: Option<String> = tx
            .query_row(
                "SELECT flag_id FROM flag_reviews WHERE flag_id = ?1",
                [&flag.id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            let mut snapshot = flag.clone();
            snapshot.notes.clear();
            tx.execute(
                "INSERT INTO flag_reviews (flag_id, status, reason, snapshot, updated_at, updated_by)
                 VALUES (?1, 'open', NULL, ?2, ?3, ?4)",
                params![
                    flag.id,
                    serde_json::to_string(&snapshot).unwrap_or_default(),
                    now(),
                    actor()
                ],
            )?;
        }
        audit::append(
            &tx,
            "flag.annotate",
            &serde_json::json!({ "flag": flag.id, "rule": flag.rule, "note": text }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
