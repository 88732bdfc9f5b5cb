//! The panel's findings, as stored: a title, the finding in the panel's
//! words, and the key practice episodes and flags it rests on.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{audit, now, Review};
use crate::{Error, Result};

/// The most characters a finding's text may hold.
const MAX_TEXT_CHARS: usize = 20_000;

/// One of the panel's findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Its number in the review.
    pub id: i64,
    /// A short title ("Information about the mother's partner stayed with
    /// probation").
    pub title: String,
    /// The finding, in the panel's words.
    pub text: String,
    /// The key practice episodes it rests on, by number.
    pub episodes: Vec<i64>,
    /// The flags it rests on, by id.
    pub flags: Vec<String>,
}

/// What a reviewer writes of a finding: any part left out is kept as it
/// was (or empty, for a new finding).
#[derive(Clone, Debug, Default)]
pub struct FindingDraft {
    /// The title.
    pub title: Option<String>,
    /// The finding.
    pub text: Option<String>,
    /// The episodes it rests on.
    pub episodes: Option<Vec<i64>>,
    /// The flags it rests on.
    pub flags: Option<Vec<String>>,
}

impl FindingDraft {
    /// The draft written over `base`, checked: a title, a text of a sane
    /// length, each episode and flag once.
    fn over(&self, base: Finding) -> Result<Finding> {
        let mut f = Finding {
            id: base.id,
            title: self.title.clone().unwrap_or(base.title).trim().to_string(),
            text: self.text.clone().unwrap_or(base.text).trim().to_string(),
            episodes: self.episodes.clone().unwrap_or(base.episodes),
            flags: self.flags.clone().unwrap_or(base.flags),
        };
        if f.title.is_empty() {
            return Err(Error::Invalid("a finding needs a title".into()));
        }
        if f.text.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::Invalid(format!(
                "the finding is longer than {MAX_TEXT_CHARS} characters"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        f.episodes.retain(|e| seen.insert(*e));
        let mut seen = std::collections::BTreeSet::new();
        f.flags.retain(|x| seen.insert(x.clone()));
        Ok(f)
    }
}

const COLUMNS: &str = "id, title, text, episodes, flags";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Finding> {
    let episodes: String = r.get(3)?;
    let flags: String = r.get(4)?;
    Ok(Finding {
        id: r.get(0)?,
        title: r.get(1)?,
        text: r.get(2)?,
        episodes: serde_json::from_str(&episodes).unwrap_or_default(),
        flags: serde_json::from_str(&flags).unwrap_or_default(),
    })
}

/// Finding `id` as stored, or an error naming it.
fn finding_in(conn: &rusqlite::Connection, id: i64) -> Result<Finding> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM findings WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::Invalid(format!("there is no finding {id}")))
}

/// Refuses episodes the review does not hold.
fn check_episodes(conn: &rusqlite::Connection, episodes: &[i64]) -> Result<()> {
    for e in episodes {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM episodes WHERE id = ?1", [e], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(Error::Invalid(format!("there is no episode {e}")));
        }
    }
    Ok(())
}

/// Takes episode `id` from every finding resting on it (in the caller's
/// transaction, when the episode is removed).
pub(super) fn forget_episode(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    let mut stmt = conn.prepare("SELECT id, episodes FROM findings")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (finding, episodes) in rows {
        let mut list: Vec<i64> = serde_json::from_str(&episodes).unwrap_or_default();
        let before = list.len();
        list.retain(|e| *e != id);
        if list.len() != before {
            conn.execute(
                "UPDATE findings SET episodes = ?2 WHERE id = ?1",
                params![finding, json(&list)],
            )?;
        }
    }
    Ok(())
}

fn json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl Review {
    /// Every finding, in the order they were made.
    pub fn findings(&self) -> Result<Vec<Finding>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLUMNS} FROM findings ORDER BY id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds a finding; it needs a title, and rests only on episodes the
    /// review holds (flags are checked by the caller, who knows them).
    pub fn add_finding(&mut self, draft: &FindingDraft) -> Result<Finding> {
        let f = draft.over(Finding {
            id: 0,
            title: String::new(),
            text: String::new(),
            episodes: Vec::new(),
            flags: Vec::new(),
        })?;
        let actor = self.actor();
        let at = now();
        let tx = self.conn_mut().transaction()?;
        check_episodes(&tx, &f.episodes)?;
        tx.execute(
            "INSERT INTO findings (title, text, episodes, flags, created_at, created_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
            params![f.title, f.text, json(&f.episodes), json(&f.flags), at, actor],
        )?;
        let f = Finding {
            id: tx.last_insert_rowid(),
            ..f
        };
        audit::append(
            &tx,
            &actor,
            "finding.add",
            &serde_json::to_value(&f).unwrap_or_default(),
        )?;
        tx.commit()?;
        Ok(f)
    }

    /// Changes a finding: the parts the draft gives.
    pub fn edit_finding(&mut self, id: i64, draft: &FindingDraft) -> Result<Finding> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let before = finding_in(&tx, id)?;
        let f = draft.over(before.clone())?;
        check_episodes(&tx, &f.episodes)?;
        tx.execute(
            "UPDATE findings SET title = ?2, text = ?3, episodes = ?4, flags = ?5, updated_at = ?6
             WHERE id = ?1",
            params![
                id,
                f.title,
                f.text,
                json(&f.episodes),
                json(&f.flags),
                now()
            ],
        )?;
        audit::append(
            &tx,
            &actor,
            "finding.edit",
            &serde_json::json!({ "from": before, "to": f }),
        )?;
        tx.commit()?;
        Ok(f)
    }

    /// Removes a finding (the audit log keeps what it said).
    pub fn remove_finding(&mut self, id: i64) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let before = finding_in(&tx, id)?;
        tx.execute("DELETE FROM findings WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &actor,
            "finding.remove",
            &serde_json::to_value(&before).unwrap_or_default(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
