//! `verify`: is the review file whole, are its sources the bytes that were
//! imported, and is the audit chain unbroken?

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{audit, Review};
use crate::Result;

/// One check and its outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// What was checked.
    pub name: String,
    /// Whether it passed.
    pub ok: bool,
    /// What was found, in a sentence.
    pub detail: String,
}

/// The outcome of every check.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    /// The checks, in the order they ran.
    pub checks: Vec<Check>,
}

impl VerifyReport {
    /// True when every check passed.
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }
}

impl Review {
    /// Checks the file's integrity, every source against its recorded
    /// sha256, and the audit chain.
    ///
    /// A file so damaged that SQLite stops reading it ("database disk image
    /// is malformed", or a page from another file that reads as nonsense)
    /// fails verification with that said in words, never with SQLite's
    /// message alone.
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut checks = Vec::new();
        match self.run_checks(&mut checks) {
            Ok(()) => {}
            Err(crate::Error::Sqlite(e)) => checks.push(Check {
                name: "readable".into(),
                ok: false,
                detail: format!(
                    "the file is damaged: SQLite stopped reading it after {} check(s) ({e}); \
                     restore the review from a backup",
                    checks.len()
                ),
            }),
            Err(e) => return Err(e),
        }
        Ok(VerifyReport { checks })
    }

    /// The checks, in order, each pushed as it completes.
    fn run_checks(&self, checks: &mut Vec<Check>) -> Result<()> {
        let conn = self.conn();

        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        let whole = problems.len() == 1 && problems[0] == "ok";
        checks.push(Check {
            name: "database integrity".into(),
            ok: whole,
            detail: if whole {
                "the SQLite integrity check found no problem".into()
            } else {
                format!(
                    "the SQLite integrity check reports: {}",
                    problems.join("; ")
                )
            },
        });

        let orphans: i64 =
            conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        checks.push(Check {
            name: "references".into(),
            ok: orphans == 0,
            detail: if orphans == 0 {
                "every record points at an existing source and agency".into()
            } else {
                format!("{orphans} rows point at a source or agency that does not exist")
            },
        });

        let mut stmt = conn.prepare(
            "SELECT s.id, s.file_name, s.sha256, f.content FROM sources s
                 LEFT JOIN source_files f ON f.source_id = s.id ORDER BY s.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let file: String = row.get(1)?;
            let recorded: String = row.get(2)?;
            let content = row.get_ref(3)?.as_bytes().unwrap_or_default();
            let actual = hex::encode(Sha256::digest(content));
            let ok = actual == recorded;
            checks.push(Check {
                name: format!("source {id} ({file})"),
                ok,
                detail: if ok {
                    format!("the stored bytes match sha256 {recorded}")
                } else {
                    format!(
                        "source {id} ({file}) has been altered: its stored bytes hash to {actual}, but {recorded} was recorded at import"
                    )
                },
            });
        }

        let chain = audit::check_chain(conn)?;
        let count = audit::entries(conn)?.len();
        checks.push(Check {
            name: "audit log".into(),
            ok: chain.is_none(),
            detail: chain.unwrap_or_else(|| format!("the chain of {count} entries is unbroken")),
        });
        Ok(())
    }
}
