//! The reviewer's corrections to what the analysis read in a record: a fact
//! added or removed ("this record is about the mother, not the child",
//! "this was a referral to the school", "the GP did attend", "that is not
//! an injury"). Each is kept beside the record (which never changes), one
//! per fact of a record, audited with who made it, and withdrawn to give
//! back the machine's reading.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{audit, now, Review};
use crate::{Error, Result};

/// The most characters a correction's reason may hold.
const MAX_REASON_CHARS: usize = 2_000;

/// Which way information moved, seen from the record's own agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// The record's agency told the other.
    To,
    /// The other agency told the record's.
    From,
    /// Both learned (a conversation, a meeting).
    With,
}

impl Flow {
    /// The word used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::To => "to",
            Flow::From => "from",
            Flow::With => "with",
        }
    }
}

/// One fact of a record, as a reviewer states it. Names (indicators,
/// agencies, people, kinds) are kept as written and checked when the
/// correction is made; the analysis applies each on every run, and one that
/// no longer fits (an indicator taken out of the taxonomy) is reported, not
/// applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// An indicator of the taxonomy, about the people named (none: whoever
    /// the analysis judges it is about).
    Indicator {
        /// The indicator's id ("injury").
        indicator: String,
        /// Whom it is about (names or labels); empty for the analysis's
        /// own judgement.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        about: Vec<String>,
    },
    /// Information moving between the record's agency and another.
    Sharing {
        /// Which way.
        flow: Flow,
        /// The other agency (one of the review's, by name).
        agency: String,
        /// How ("phone", "referral"; a taxonomy sharing method).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<String>,
        /// When, if not the record's own date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<NaiveDate>,
    },
    /// An agency present at (or absent from) the meeting the record is
    /// about.
    Attendance {
        /// The agency (one of the review's, by name).
        agency: String,
        /// True: it attended; false: it was absent.
        present: bool,
    },
    /// The record is a meeting of this kind, held.
    Meeting {
        /// The kind ("strategy_discussion").
        kind: String,
    },
    /// A decision of this kind.
    Decision {
        /// The kind ("no_further_action").
        kind: String,
    },
    /// A person the record is about.
    About {
        /// The person (a name or label).
        person: String,
    },
    /// Whether the child was seen ("seen_alone", "seen", "not_seen").
    Seen {
        /// The answer.
        seen: String,
    },
}

impl Fact {
    /// Which fact of a record this is about: a record holds one correction
    /// per target, and a new one on the same target replaces the old.
    pub fn target(&self) -> String {
        let key = |s: &str| crate::text::fold(s);
        match self {
            Fact::Indicator { indicator, .. } => format!("indicator:{}", key(indicator)),
            Fact::Sharing { flow, agency, .. } => {
                format!("sharing:{}:{}", flow.as_str(), key(agency))
            }
            Fact::Attendance { agency, .. } => format!("attendance:{}", key(agency)),
            Fact::Meeting { .. } => "meeting".into(),
            Fact::Decision { kind } => format!("decision:{}", key(kind)),
            Fact::About { person } => format!("about:{}", key(person)),
            Fact::Seen { .. } => "seen".into(),
        }
    }

    /// The fact in a few words ("indicator injury about Mother", "sharing
    /// to Harbridge Primary School by phone on 2023-03-04").
    pub fn describe(&self) -> String {
        match self {
            Fact::Indicator { indicator, about } if about.is_empty() => {
                format!("indicator {indicator}")
            }
            Fact::Indicator { indicator, about } => {
                format!("indicator {indicator} about {}", about.join(", "))
            }
            Fact::Sharing {
                flow,
                agency,
                method,
                on,
            } => {
                let mut s = format!("information shared {} {agency}", flow.as_str());
                if let Some(m) = method {
                    s.push_str(&format!(" by {}", m.replace('_', " ")));
                }
                if let Some(d) = on {
                    s.push_str(&format!(" on {}", d.format("%d/%m/%Y")));
                }
                s
            }
            Fact::Attendance {
                agency,
                present: true,
            } => format!("{agency} attended the meeting"),
            Fact::Attendance {
                agency,
                present: false,
            } => format!("{agency} absent from the meeting"),
            Fact::Meeting { kind } => format!("a {} held", kind.replace('_', " ")),
            Fact::Decision { kind } => format!("decision: {}", kind.replace('_', " ")),
            Fact::About { person } => format!("about {person}"),
            Fact::Seen { seen } => format!("child {}", seen.replace('_', " ")),
        }
    }
}

/// Whether a correction adds a fact the analysis did not read, or removes
/// one it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The record says this, whatever was read.
    Add,
    /// The record does not say this, whatever was read.
    Remove,
}

impl Change {
    /// "add" or "remove".
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Add => "add",
            Change::Remove => "remove",
        }
    }
}

/// A reviewer's correction to what was read in a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The correction's number in the review.
    pub id: i64,
    /// The record it corrects.
    pub record: i64,
    /// Added or removed.
    pub change: Change,
    /// The fact.
    pub fact: Fact,
    /// The reviewer's reason (may be empty).
    pub reason: String,
    /// When (UTC, ISO-8601).
    pub at: String,
    /// Who (as the audit log records them).
    pub by: String,
}

impl Correction {
    /// The correction in a few words ("removed: indicator injury").
    pub fn describe(&self) -> String {
        match self.change {
            Change::Add => format!("added: {}", self.fact.describe()),
            Change::Remove => format!("removed: {}", self.fact.describe()),
        }
    }
}

const COLUMNS: &str = "id, record_id, change, fact, reason, created_at, created_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Correction> {
    let change: String = r.get(2)?;
    let fact: String = r.get(3)?;
    let fact = serde_json::from_str(&fact).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Correction {
        id: r.get(0)?,
        record: r.get(1)?,
        change: if change == "remove" {
            Change::Remove
        } else {
            Change::Add
        },
        fact,
        reason: r.get(4)?,
        at: r.get(5)?,
        by: r.get(6)?,
    })
}

impl Review {
    /// Records a correction to record `record`. A correction already made on
    /// the same fact of the record is replaced (the audit log keeps both).
    /// Refuses a record the review does not hold and an overlong reason;
    /// the fact's names are checked by the caller, who knows the analysis.
    pub fn correct(
        &mut self,
        record: i64,
        change: Change,
        fact: &Fact,
        reason: &str,
    ) -> Result<Correction> {
        let reason = reason.trim();
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(Error::Invalid(format!(
                "the reason is longer than {MAX_REASON_CHARS} characters"
            )));
        }
        let actor = self.actor();
        let at = now();
        let target = fact.target();
        let json = serde_json::to_string(fact).map_err(|e| Error::Invalid(e.to_string()))?;
        let tx = self.conn_mut().transaction()?;
        super::notes::record_held(&tx, record)?;
        let replaced: Option<Correction> = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM corrections WHERE record_id = ?1 AND target = ?2"),
                params![record, target],
                row,
            )
            .optional()?;
        if let Some(old) = &replaced {
            tx.execute("DELETE FROM corrections WHERE id = ?1", [old.id])?;
        }
        tx.execute(
            "INSERT INTO corrections (record_id, target, change, fact, reason, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![record, target, change.as_str(), json, reason, at, actor],
        )?;
        let id = tx.last_insert_rowid();
        let made = Correction {
            id,
            record,
            change,
            fact: fact.clone(),
            reason: reason.to_string(),
            at,
            by: actor.clone(),
        };
        audit::append(
            &tx,
            &actor,
            "record.correct",
            &serde_json::json!({ "correction": made, "replaces": replaced }),
        )?;
        tx.commit()?;
        Ok(made)
    }

    /// Withdraws correction `id`: the record is read as the analysis reads
    /// it again (the audit log keeps what the correction said).
    pub fn withdraw_correction(&mut self, id: i64) -> Result<Correction> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let old: Option<Correction> = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM corrections WHERE id = ?1"),
                [id],
                row,
            )
            .optional()?;
        let Some(old) = old else {
            return Err(Error::Invalid(format!("there is no correction {id}")));
        };
        tx.execute("DELETE FROM corrections WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &actor,
            "record.correct_withdraw",
            &serde_json::json!(old),
        )?;
        tx.commit()?;
        Ok(old)
    }

    /// Every correction, by record then oldest first.
    pub fn corrections(&self) -> Result<Vec<Correction>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM corrections ORDER BY record_id, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_on_different_agencies_or_directions_are_different_targets() {
        let to = |agency: &str| Fact::Sharing {
            flow: Flow::To,
            agency: agency.into(),
            method: None,
            on: None,
        };
        assert_ne!(to("School").target(), to("GP").target());
        assert_eq!(to("School").target(), to("school").target());
        let from = Fact::Sharing {
            flow: Flow::From,
            agency: "School".into(),
            method: None,
            on: None,
        };
        assert_ne!(to("School").target(), from.target());
    }
}
