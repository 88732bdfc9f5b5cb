//! The review's own copies of the rules file and the taxonomy. A review
//! starts with the bundled ones; a panel that edits a threshold or a term
//! stores its copy in the review, so the analysis is the same on every
//! laptop that opens the file. Every change is audited.

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::{audit, Review};
use crate::extract::{Taxonomy, DEFAULT_TAXONOMY_TOML};
use crate::flags::rules::{Rules, DEFAULT_RULES};
use crate::{Error, Result};

const RULES_KEY: &str = "rules_toml";
const TAXONOMY_KEY: &str = "taxonomy_toml";

impl Review {
    /// The rules file in force: the review's copy, or the bundled one.
    pub fn rules_toml(&self) -> Result<String> {
        Ok(self
            .meta(RULES_KEY)?
            .unwrap_or_else(|| DEFAULT_RULES.to_string()))
    }

    /// The rules in force.
    pub fn rules(&self) -> Result<Rules> {
        Rules::from_toml(&self.rules_toml()?).map_err(Error::Invalid)
    }

    /// The taxonomy in force: the review's copy, or the bundled one.
    pub fn taxonomy_toml(&self) -> Result<String> {
        Ok(self
            .meta(TAXONOMY_KEY)?
            .unwrap_or_else(|| DEFAULT_TAXONOMY_TOML.to_string()))
    }

    /// The taxonomy in force.
    pub fn taxonomy(&self) -> Result<Taxonomy> {
        Taxonomy::from_toml(&self.taxonomy_toml()?)
            .map_err(|e| Error::Invalid(format!("taxonomy: {e}")))
    }

    /// Stores an edited rules file in the review, after checking it.
    pub fn set_rules(&mut self, text: &str) -> Result<()> {
        Rules::from_toml(text).map_err(Error::Invalid)?;
        self.set_setting(RULES_KEY, "settings.rules", text)
    }

    /// Stores an edited taxonomy in the review, after checking that it
    /// parses and compiles.
    pub fn set_taxonomy(&mut self, text: &str) -> Result<()> {
        Taxonomy::from_toml(text)
            .and_then(|t| t.compile().map(|_| ()))
            .map_err(|e| Error::Invalid(format!("taxonomy: {e}")))?;
        self.set_setting(TAXONOMY_KEY, "settings.taxonomy", text)
    }

    fn set_setting(&mut self, key: &str, action: &str, text: &str) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, text],
        )?;
        audit::append(
            &tx,
            action,
            &serde_json::json!({ "sha256": hex::encode(Sha256::digest(text.as_bytes())) }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
