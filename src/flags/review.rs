//! The reviewer's decisions on flags: accept, dismiss (with a reason) and
//! annotate. Decisions are stored by flag id with a snapshot of the flag as
//! it was, so they survive re-analysis, and a decided flag the analysis no
//! longer raises is still listed (`raised: false`). Every decision is entered
//! in the audit log in the same transaction.

use std::collections::HashMap;

use super::{Flag, Note, Status};
use crate::store::{FlagReviewRow, Review};
use crate::{Error, Result};

/// A flag as stored with a decision: without its notes, which are kept
/// apart.
fn snapshot(flag: &Flag) -> String {
    let mut snapshot = flag.clone();
    snapshot.notes.clear();
    serde_json::to_string(&snapshot).unwrap_or_default()
}

impl Review {
    /// Applies the stored decisions and notes to freshly computed flags, and
    /// appends decided flags that are no longer raised.
    pub fn apply_flag_reviews(&self, flags: &mut Vec<Flag>) -> Result<()> {
        let mut notes: HashMap<String, Vec<Note>> = HashMap::new();
        for n in self.flag_note_rows()? {
            notes.entry(n.flag_id).or_default().push(Note {
                text: n.text,
                at: n.at,
                by: n.by,
            });
        }
        let mut index: HashMap<String, usize> = flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        // A decision taken on a rule's own flag before it was merged into
        // another's applies to the merged flag, unless that has its own.
        for (i, f) in flags.iter().enumerate() {
            for r in &f.also {
                index.entry(r.id.clone()).or_insert(i);
            }
        }
        for row in self.flag_review_rows()? {
            let status = match row.status.as_str() {
                "accepted" => Status::Accepted,
                "dismissed" => Status::Dismissed,
                _ => Status::Open,
            };
            match index.get(&row.flag_id) {
                Some(&i) => {
                    flags[i].status = status;
                    flags[i].reason = row.reason;
                }
                None => {
                    if let Ok(mut f) = serde_json::from_str::<Flag>(&row.snapshot) {
                        f.status = status;
                        f.reason = row.reason;
                        f.raised = false;
                        index.insert(row.flag_id, flags.len());
                        flags.push(f);
                    }
                }
            }
        }
        for f in flags.iter_mut() {
            if let Some(n) = notes.remove(&f.id) {
                f.notes = n;
            }
            for r in &f.also {
                if let Some(n) = notes.remove(&r.id) {
                    f.notes.extend(n);
                }
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
        let row = FlagReviewRow {
            flag_id: flag.id.clone(),
            status: status.as_str().to_string(),
            reason: reason.map(str::to_string),
            snapshot: snapshot(flag),
        };
        self.store_flag_decision(&row, &format!("flag.{}", status.as_str()), |previous| {
            serde_json::json!({
                "flag": flag.id,
                "rule": flag.rule,
                "agency": flag.agency,
                "at": flag.at,
                "from": previous.unwrap_or_else(|| "open".into()),
                "to": status.as_str(),
                "reason": reason,
            })
        })
    }

    /// Adds a note to a flag.
    pub fn annotate_flag(&mut self, flag: &Flag, text: &str) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Invalid("the note is empty".into()));
        }
        self.store_flag_note(
            &flag.id,
            text,
            &snapshot(flag),
            &serde_json::json!({ "flag": flag.id, "rule": flag.rule, "note": text }),
        )
    }
}
