//! The panel's key practice episodes, as stored: a title, a period, the
//! agencies involved, and the panel's summary, analysis and learning.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{audit, now, Review};
use crate::{Error, Result};

/// A key practice episode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Episode {
    /// Its number in the review.
    pub id: i64,
    /// A short title ("The January 2021 strategy discussion").
    pub title: String,
    /// The first day of its period.
    pub starts: NaiveDate,
    /// The last day of its period (inclusive).
    pub ends: NaiveDate,
    /// The agencies involved, by name; empty for every agency.
    pub agencies: Vec<String>,
    /// What happened.
    pub summary: String,
    /// The panel's analysis of why.
    pub analysis: String,
    /// The learning.
    pub learning: String,
}

/// What a reviewer writes of an episode: any part left out is kept as it
/// was (or empty, for a new episode).
#[derive(Clone, Debug, Default)]
pub struct EpisodeDraft {
    /// The title.
    pub title: Option<String>,
    /// The first day.
    pub starts: Option<NaiveDate>,
    /// The last day.
    pub ends: Option<NaiveDate>,
    /// The agencies involved.
    pub agencies: Option<Vec<String>>,
    /// What happened.
    pub summary: Option<String>,
    /// The panel's analysis.
    pub analysis: Option<String>,
    /// The learning.
    pub learning: Option<String>,
}

impl EpisodeDraft {
    /// The draft written over `base`, checked: a title, and a period that
    /// does not end before it starts.
    fn over(&self, base: Episode) -> Result<Episode> {
        let e = Episode {
            id: base.id,
            title: self.title.clone().unwrap_or(base.title).trim().to_string(),
            starts: self.starts.unwrap_or(base.starts),
            ends: self.ends.unwrap_or(base.ends),
            agencies: self.agencies.clone().unwrap_or(base.agencies),
            summary: self.summary.clone().unwrap_or(base.summary),
            analysis: self.analysis.clone().unwrap_or(base.analysis),
            learning: self.learning.clone().unwrap_or(base.learning),
        };
        if e.title.is_empty() {
            return Err(Error::Invalid("an episode needs a title".into()));
        }
        if e.ends < e.starts {
            return Err(Error::Invalid(format!(
                "the episode ends ({}) before it starts ({})",
                e.ends.format("%d/%m/%Y"),
                e.starts.format("%d/%m/%Y")
            )));
        }
        Ok(e)
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Episode> {
    let date = |i: usize| -> rusqlite::Result<NaiveDate> {
        let s: String = r.get(i)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let agencies: String = r.get(4)?;
    Ok(Episode {
        id: r.get(0)?,
        title: r.get(1)?,
        starts: date(2)?,
        ends: date(3)?,
        agencies: serde_json::from_str(&agencies).unwrap_or_default(),
        summary: r.get(5)?,
        analysis: r.get(6)?,
        learning: r.get(7)?,
    })
}

const COLUMNS: &str = "id, title, starts, ends, agencies, summary, analysis, learning";

/// Episode `id` as stored, or an error naming it.
fn episode_in(conn: &rusqlite::Connection, id: i64) -> Result<Episode> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM episodes WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::Invalid(format!("there is no episode {id}")))
}

impl Review {
    /// Every episode, in the order of their periods.
    pub fn episodes(&self) -> Result<Vec<Episode>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM episodes ORDER BY starts, ends, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds an episode; it needs a title and a period.
    pub fn add_episode(&mut self, draft: &EpisodeDraft) -> Result<Episode> {
        let (Some(starts), Some(ends)) = (draft.starts, draft.ends) else {
            return Err(Error::Invalid(
                "an episode needs a period: the first and the last day".into(),
            ));
        };
        let e = draft.over(Episode {
            id: 0,
            title: String::new(),
            starts,
            ends,
            agencies: Vec::new(),
            summary: String::new(),
            analysis: String::new(),
            learning: String::new(),
        })?;
        let actor = self.actor();
        let at = now();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO episodes (title, starts, ends, agencies, summary, analysis, learning,
                                   created_at, created_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)",
            params![
                e.title,
                e.starts.to_string(),
                e.ends.to_string(),
                serde_json::to_string(&e.agencies).unwrap_or_default(),
                e.summary,
                e.analysis,
                e.learning,
                at,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        let e = Episode { id, ..e };
        audit::append(
            &tx,
            &actor,
            "episode.add",
            &serde_json::to_value(&e).unwrap_or_default(),
        )?;
        tx.commit()?;
        Ok(e)
    }

    /// Changes an episode: the parts the draft gives.
    pub fn edit_episode(&mut self, id: i64, draft: &EpisodeDraft) -> Result<Episode> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let before = episode_in(&tx, id)?;
        let e = draft.over(before.clone())?;
        tx.execute(
            "UPDATE episodes SET title = ?2, starts = ?3, ends = ?4, agencies = ?5, summary = ?6,
                                 analysis = ?7, learning = ?8, updated_at = ?9
             WHERE id = ?1",
            params![
                id,
                e.title,
                e.starts.to_string(),
                e.ends.to_string(),
                serde_json::to_string(&e.agencies).unwrap_or_default(),
                e.summary,
                e.analysis,
                e.learning,
                now()
            ],
        )?;
        audit::append(
            &tx,
            &actor,
            "episode.edit",
            &serde_json::json!({ "from": before, "to": e }),
        )?;
        tx.commit()?;
        Ok(e)
    }

    /// Removes an episode, and takes it from the findings resting on it
    /// (the audit log keeps what it said).
    pub fn remove_episode(&mut self, id: i64) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let before = episode_in(&tx, id)?;
        tx.execute("DELETE FROM episodes WHERE id = ?1", [id])?;
        // A finding resting on it rests on it no longer.
        super::findings::forget_episode(&tx, id)?;
        audit::append(
            &tx,
            &actor,
            "episode.remove",
            &serde_json::to_value(&before).unwrap_or_default(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
