//! The review's own copies of the rules file and the taxonomy. A review
//! starts with the bundled ones; a panel that edits a threshold or a term
//! stores its copy in the review, so the analysis is the same on every
//! laptop that opens the file. Every change is audited. The store keeps the
//! text; the layers that read it (`flags::rules`, `extract`) check and parse it.

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::{audit, Review};
use crate::Result;

/// A file the review can carry its own copy of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The rules file (which rules run, their thresholds).
    Rules,
    /// The taxonomy (indicators, sharing, meetings, decisions).
    Taxonomy,
}

impl Setting {
    fn key(self) -> &'static str {
        match self {
            Setting::Rules => "rules_toml",
            Setting::Taxonomy => "taxonomy_toml",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Setting::Rules => "settings.rules",
            Setting::Taxonomy => "settings.taxonomy",
        }
    }
}

impl Review {
    /// The review's own copy of a settings file, if it has one.
    pub fn setting(&self, which: Setting) -> Result<Option<String>> {
        self.meta(which.key())
    }

    /// Stores the review's own copy of a settings file (checked by the
    /// caller), with its audit entry, in one transaction.
    pub fn set_setting(&mut self, which: Setting, text: &str) -> Result<()> {
        let actor = self.actor();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![which.key(), text],
        )?;
        audit::append(
            &tx,
            &actor,
            which.action(),
            &serde_json::json!({ "sha256": hex::encode(Sha256::digest(text.as_bytes())) }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
