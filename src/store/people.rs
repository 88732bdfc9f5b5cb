//! The family the reviewer declares, as stored: one row per person. The
//! subjects layer reads them as the people resolution starts from.

use rusqlite::params;

use super::{audit, now, Review};
use crate::Result;

/// A declared person, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    /// The person's name.
    pub name: String,
    /// child, sibling, parent, mother, father, partner or other.
    pub role: String,
    /// Other names the person goes by.
    pub aliases: Vec<String>,
    /// The date of birth, as written.
    pub dob: Option<String>,
}

impl Review {
    /// Every declared person, in the order declared.
    pub fn person_rows(&self) -> Result<Vec<PersonRow>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name, role, aliases, dob FROM people ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let aliases: String = r.get(2)?;
            Ok(PersonRow {
                name: r.get(0)?,
                role: r.get(1)?,
                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                dob: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Stores a declared person (checked by the caller) with its audit
    /// entry, in one transaction.
    pub fn add_person_row(&mut self, row: &PersonRow) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO people (name, role, aliases, dob, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                row.name,
                row.role,
                serde_json::to_string(&row.aliases).unwrap_or_default(),
                row.dob,
                now(),
                actor.as_str()
            ],
        )?;
        audit::append(
            &tx,
            &actor,
            "person.add",
            &serde_json::json!({
                "name": row.name, "role": row.role, "aliases": row.aliases, "dob": row.dob
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
