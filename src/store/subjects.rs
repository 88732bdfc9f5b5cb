//! The reviewer's decisions about subjects (merge, split, label), stored by
//! name so that they survive re-analysis.

use rusqlite::params;

use super::{actor, audit, now, Review};
use crate::subjects::{Decisions, Role};
use crate::{Error, Result};

/// A decision about subjects.
#[derive(Clone, Debug)]
pub enum SubjectDecision {
    /// These two names are one person.
    Merge(String, String),
    /// These two names are different people.
    Split(String, String),
    /// The person with this name has this label (and role).
    Label(String, String, Option<Role>),
}

impl Review {
    /// Every subject decision, oldest first, as the resolver takes them.
    pub fn subject_decisions(&self) -> Result<Decisions> {
        let mut d = Decisions::default();
        let mut stmt = self
            .conn()
            .prepare("SELECT kind, a, b, role FROM subject_decisions ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            let a: String = r.get(1)?;
            let b: String = r.get(2)?;
            let role: Option<String> = r.get(3)?;
            match kind.as_str() {
                "merge" => d.merges.push((a, b)),
                "split" => d.splits.push((a, b)),
                _ => d.labels.push((
                    a,
                    b,
                    role.and_then(|x| serde_json::from_value(serde_json::json!(x)).ok()),
                )),
            }
        }
        Ok(d)
    }

    /// Records a subject decision, audited.
    pub fn add_subject_decision(&mut self, decision: &SubjectDecision) -> Result<()> {
        let (kind, a, b, role) = match decision {
            SubjectDecision::Merge(a, b) => ("merge", a, b, None),
            SubjectDecision::Split(a, b) => ("split", a, b, None),
            SubjectDecision::Label(a, b, r) => ("label", a, b, r.map(|r| r.as_str())),
        };
        if a.trim().is_empty() || b.trim().is_empty() {
            return Err(Error::Invalid(
                "a subject decision needs two non-empty names".into(),
            ));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO subject_decisions (kind, a, b, role, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![kind, a, b, role, now(), actor()],
        )?;
        audit::append(
            &tx,
            &format!("subject.{kind}"),
            &serde_json::json!({ "a": a, "b": b, "role": role }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
