//! The review's glossary: names (mostly professionals') and the codes that
//! replace them in an anonymised report ("Jade Okafor" → "SW1"). Every change
//! is entered in the audit log in the same transaction as the change.

use std::fmt;
use std::str::FromStr;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{audit, now, Review};
use crate::{Error, Result};

/// What a glossary name is the name of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GlossaryKind {
    /// A practitioner of one of the agencies.
    Professional,
    /// Anyone else (a neighbour, a relative the subjects do not cover).
    Person,
    /// A place: a street, an estate, a school.
    Place,
}

impl GlossaryKind {
    /// Every kind.
    pub const ALL: [GlossaryKind; 3] = [
        GlossaryKind::Professional,
        GlossaryKind::Person,
        GlossaryKind::Place,
    ];

    /// The identifier used on the command line, in JSON and in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            GlossaryKind::Professional => "professional",
            GlossaryKind::Person => "person",
            GlossaryKind::Place => "place",
        }
    }
}

impl fmt::Display for GlossaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GlossaryKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().to_lowercase();
        GlossaryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "\"{s}\" is not a glossary kind; use professional, person or place"
                ))
            })
    }
}

/// One entry of the glossary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    /// The entry's id within the review.
    pub id: i64,
    /// The name as the reviewer entered it ("DS Nathan Cole").
    pub name: String,
    /// The code that replaces it ("DS1").
    pub code: String,
    /// What it names.
    pub kind: GlossaryKind,
    /// When it was added (UTC, ISO-8601).
    pub created_at: String,
    /// Who added it.
    pub created_by: String,
}

/// A name or code, trimmed; an error naming `what` when empty.
fn non_empty(value: &str, what: &str) -> Result<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        return Err(Error::Invalid(format!("the glossary {what} is empty")));
    }
    Ok(v)
}

impl Review {
    /// Every glossary entry, in the order they were added.
    pub fn glossary(&self) -> Result<Vec<GlossaryEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, code, kind, created_at, created_by FROM glossary ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(3)?;
            out.push(GlossaryEntry {
                id: r.get(0)?,
                name: r.get(1)?,
                code: r.get(2)?,
                kind: kind.parse().unwrap_or(GlossaryKind::Person),
                created_at: r.get(4)?,
                created_by: r.get(5)?,
            });
        }
        Ok(out)
    }

    /// Adds a name and its code to the glossary, audited. Returns the new
    /// entry. A name already in the glossary (compared case-insensitively)
    /// is refused: change its code with [`Review::glossary_set`] instead.
    pub fn glossary_add(
        &mut self,
        name: &str,
        code: &str,
        kind: GlossaryKind,
    ) -> Result<GlossaryEntry> {
        let name = non_empty(name, "name")?;
        let code = non_empty(code, "code")?;
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM glossary WHERE lower(name) = lower(?1)",
                [&name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Err(Error::Invalid(format!(
                "\"{name}\" is already in the glossary (entry {id}); change it with `glossary set`"
            )));
        }
        let (at, by) = (now(), actor.as_str());
        tx.execute(
            "INSERT INTO glossary (name, code, kind, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, code, kind.as_str(), at, by],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &actor,
            "glossary.add",
            &serde_json::json!({ "id": id, "name": name, "code": code, "kind": kind.as_str() }),
        )?;
        tx.commit()?;
        Ok(GlossaryEntry {
            id,
            name,
            code,
            kind,
            created_at: at,
            created_by: by.to_string(),
        })
    }

    /// Changes the name and/or the code of a glossary entry, audited with
    /// the values before and after.
    pub fn glossary_set(
        &mut self,
        id: i64,
        name: Option<&str>,
        code: Option<&str>,
    ) -> Result<GlossaryEntry> {
        if name.is_none() && code.is_none() {
            return Err(Error::Invalid(
                "nothing to change: give a new name (--name) or code (--code)".into(),
            ));
        }
        let name = name.map(|n| non_empty(n, "name")).transpose()?;
        let code = code.map(|c| non_empty(c, "code")).transpose()?;
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let old: Option<(String, String)> = tx
            .query_row("SELECT name, code FROM glossary WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((old_name, old_code)) = old else {
            return Err(Error::Invalid(format!("there is no glossary entry {id}")));
        };
        let new_name = name.unwrap_or_else(|| old_name.clone());
        let new_code = code.unwrap_or_else(|| old_code.clone());
        tx.execute(
            "UPDATE glossary SET name = ?1, code = ?2 WHERE id = ?3",
            params![new_name, new_code, id],
        )?;
        audit::append(
            &tx,
            &actor,
            "glossary.set",
            &serde_json::json!({
                "id": id,
                "from": { "name": old_name, "code": old_code },
                "to": { "name": new_name, "code": new_code },
            }),
        )?;
        tx.commit()?;
        self.glossary()?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| Error::Invalid(format!("there is no glossary entry {id}")))
    }

    /// Removes a glossary entry, audited with what it held.
    pub fn glossary_remove(&mut self, id: i64) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        let old: Option<(String, String, String)> = tx
            .query_row(
                "SELECT name, code, kind FROM glossary WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((name, code, kind)) = old else {
            return Err(Error::Invalid(format!("there is no glossary entry {id}")));
        };
        tx.execute("DELETE FROM glossary WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &actor,
            "glossary.remove",
            &serde_json::json!({ "id": id, "name": name, "code": code, "kind": kind }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
