//! Full-text search over what agencies wrote (SQLite FTS5).
//!
//! The index is filled lazily, by record id: records are immutable and never
//! deleted, so the records above the last indexed id are exactly the ones
//! still to index. Importing never pays for it; the first search (or the
//! desktop app, in the background, after opening a review) does, once.

use rusqlite::{params, OptionalExtension};

use super::Review;
use crate::{Error, Result};

/// Records indexed per transaction while catching up, so that progress can
/// be reported and an interruption loses little.
const INDEX_BATCH: i64 = 50_000;

/// What a search found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SearchHits {
    /// How many records match.
    pub total: usize,
    /// Matching record ids, ascending.
    pub ids: Vec<i64>,
}

impl Review {
    /// Records not yet in the search index.
    pub fn search_backlog(&self) -> Result<i64> {
        let done = self.search_indexed_up_to()?;
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM records WHERE id > ?1", [done], |r| {
                r.get(0)
            })?)
    }

    fn search_indexed_up_to(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM meta WHERE key = 'search_indexed'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Brings the search index up to date, calling `progress(done, total)`
    /// after each batch. Each batch is one transaction.
    pub fn update_search_index(&mut self, progress: &mut dyn FnMut(i64, i64)) -> Result<()> {
        let total = self.search_backlog()?;
        let mut done = 0;
        loop {
            let from = self.search_indexed_up_to()?;
            let tx = self.conn_mut().transaction()?;
            let upto: Option<i64> = tx.query_row(
                "SELECT max(id) FROM (SELECT id FROM records WHERE id > ?1 ORDER BY id LIMIT ?2)",
                params![from, INDEX_BATCH],
                |r| r.get(0),
            )?;
            let Some(upto) = upto else {
                return Ok(());
            };
            let n = tx.execute(
                "INSERT INTO records_search (rowid, text, outcome, author, event_type, reference)
                 SELECT id, text, outcome, author, event_type, reference
                 FROM records WHERE id > ?1 AND id <= ?2",
                params![from, upto],
            )?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('search_indexed', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [upto.to_string()],
            )?;
            tx.commit()?;
            done += n as i64;
            progress(done.min(total), total);
        }
    }

    /// Records whose text, outcome, author, event type or reference match
    /// `query`: words (all must appear, in any order, accents and case
    /// ignored), `"a phrase"`, and `word*` for a prefix. Anything else is
    /// taken literally, so a reviewer's typing never fails as syntax.
    pub fn search(&mut self, query: &str) -> Result<SearchHits> {
        self.update_search_index(&mut |_, _| {})?;
        let Some(expr) = fts_query(query) else {
            return Ok(SearchHits {
                total: 0,
                ids: Vec::new(),
            });
        };
        let mut stmt = self.conn().prepare(
            "SELECT rowid FROM records_search WHERE records_search MATCH ?1 ORDER BY rowid",
        )?;
        let ids = stmt
            .query_map([expr], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::from)?;
        Ok(SearchHits {
            total: ids.len(),
            ids,
        })
    }
}

/// Turns what a reviewer typed into an FTS5 expression: each word or quoted
/// phrase becomes a quoted string (so `AND`, `-` or `:` are just text), and a
/// trailing `*` on a word keeps its meaning as a prefix search.
pub fn fts_query(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            let phrase = after[..end].trim();
            if phrase.chars().any(char::is_alphanumeric) {
                terms.push(format!("\"{}\"", phrase.replace('"', "")));
            }
            rest = after.get(end + 1..).unwrap_or("").trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        let (stem, prefix) = match word.strip_suffix('*') {
            Some(s) => (s, true),
            None => (word, false),
        };
        // FTS5's tokenizer splits on punctuation anyway; keep the word whole
        // inside quotes so that "o'brien" or "a&e" mean what they say.
        let stem: String = stem.chars().filter(|c| *c != '"').collect();
        if !stem.chars().any(char::is_alphanumeric) {
            continue;
        }
        terms.push(if prefix {
            format!("\"{stem}\"*")
        } else {
            format!("\"{stem}\"")
        });
    }
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn operators_typed_by_a_reviewer_are_just_words() {
        assert_eq!(
            fts_query("bruise AND NOT school").as_deref(),
            Some("\"bruise\" AND \"AND\" AND \"NOT\" AND \"school\"")
        );
        assert_eq!(fts_query("  ").as_deref(), None);
        assert_eq!(fts_query("- : ()").as_deref(), None);
    }

    #[test]
    fn phrases_and_prefixes_are_kept() {
        assert_eq!(
            fts_query("\"home visit\" inj*").as_deref(),
            Some("\"home visit\" AND \"inj\"*")
        );
        assert_eq!(
            fts_query("\"unclosed phrase").as_deref(),
            Some("\"unclosed phrase\"")
        );
    }
}
