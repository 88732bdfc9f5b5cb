//! The audit log: append-only and hash-chained.
//!
//! Every entry's hash covers its own fields and the previous entry's hash, so
//! altering or removing any entry breaks the chain from there on. The head
//! hash and the entry count are also kept in `meta`, so that cutting entries
//! off the end is noticed too. Triggers in the schema refuse UPDATE and
//! DELETE on the table; [`check_chain`] catches what bypasses them.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Result;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the log.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (UTC, ISO-8601).
    pub at: String,
    /// Who: the reviewer's name and the operating-system user, as
    /// "Jane Doe (user jdoe)", or the user alone when no name was given.
    pub actor: String,
    /// What, as a dotted name (`review.create`, `import`, `flag.dismiss`, …).
    pub action: String,
    /// The particulars, as JSON.
    pub detail: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The hash of an entry's content chained to the previous hash.
pub fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    detail: &str,
    prev: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [seq.to_string().as_str(), at, actor, action, detail, prev] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends an entry inside the caller's transaction, made by `actor`
/// (see [`Review::actor`](super::Review::actor)).
pub fn append(
    conn: &Connection,
    actor: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<Entry> {
    let (seq, prev): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .map(|(s, h)| (s + 1, h))
        .unwrap_or((1, GENESIS.to_string()));
    let at = super::now();
    let actor = actor.to_string();
    let detail = detail.to_string();
    let hash = entry_hash(seq, &at, &actor, action, &detail, &prev);
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, actor, action, detail, prev, hash],
    )?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?1), ('audit_count', ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![hash, seq.to_string()],
    )?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('written_by_version', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![crate::VERSION],
    )?;
    Ok(Entry {
        seq,
        at,
        actor,
        action: action.to_string(),
        detail,
        prev_hash: prev,
        hash,
    })
}

/// Every entry, oldest first.
pub fn entries(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            detail: r.get(4)?,
            prev_hash: r.get(5)?,
            hash: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Recomputes the chain. `Ok(None)` when intact; otherwise a sentence naming
/// the first entry that was altered or removed.
pub fn check_chain(conn: &Connection) -> Result<Option<String>> {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    for e in entries(conn)? {
        if e.seq != expected_seq {
            return Ok(Some(format!(
                "audit log entry {expected_seq} has been removed (the next entry is {})",
                e.seq
            )));
        }
        if e.prev_hash != prev {
            return Ok(Some(format!(
                "audit log entry {} ({}) does not follow entry {}: an entry was altered or removed",
                e.seq,
                e.action,
                e.seq - 1
            )));
        }
        let h = entry_hash(e.seq, &e.at, &e.actor, &e.action, &e.detail, &e.prev_hash);
        if h != e.hash {
            return Ok(Some(format!(
                "audit log entry {} ({}, {}) has been altered",
                e.seq, e.action, e.at
            )));
        }
        prev = e.hash;
        expected_seq += 1;
    }
    let count = expected_seq - 1;
    let recorded: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'audit_count'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let recorded_count = recorded.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    if recorded_count > count {
        return Ok(Some(format!(
            "audit log entry {} has been removed (the log records {recorded_count} entries, {count} remain)",
            count + 1
        )));
    }
    let head: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if count > 0 && head.as_deref() != Some(prev.as_str()) {
        return Ok(Some(format!(
            "audit log entry {count} does not match the recorded head of the log: it was altered"
        )));
    }
    Ok(None)
}
