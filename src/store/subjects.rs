//! The reviewer's decisions about subjects (merge, split, label), stored by
//! name so that they survive re-analysis. The store keeps the rows; the
//! subjects layer reads them as decisions.

use rusqlite::params;

use super::{audit, now, Review};
use crate::Result;

/// A decision about subjects, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectDecisionRow {
    /// `merge`, `split` or `label`.
    pub kind: String,
    /// The first name (for a label, the person's name).
    pub a: String,
    /// The second name (for a label, the label).
    pub b: String,
    /// For a label, the role given, if any.
    pub role: Option<String>,
}

impl Review {
    /// Every subject decision, oldest first.
    pub fn subject_decision_rows(&self) -> Result<Vec<SubjectDecisionRow>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT kind, a, b, role FROM subject_decisions ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(SubjectDecisionRow {
                kind: r.get(0)?,
                a: r.get(1)?,
                b: r.get(2)?,
                role: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Stores a subject decision (checked by the caller) with its audit
    /// entry, in one transaction.
    pub fn add_subject_decision_row(&mut self, row: &SubjectDecisionRow) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO subject_decisions (kind, a, b, role, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![row.kind, row.a, row.b, row.role, now(), actor.as_str()],
        )?;
        audit::append(
            &tx,
            &actor,
            &format!("subject.{}", row.kind),
            &serde_json::json!({ "a": row.a, "b": row.b, "role": row.role }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
