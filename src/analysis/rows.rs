//! The "who knew what, when" matrix as rows: the `knowledge --json`
//! contract, certain and possible.

use serde::Serialize;

use crate::knowledge::{self, Key};

use super::Analysis;

/// One row of `knowledge --json` (README, "JSON shapes").
#[derive(Clone, Debug, Serialize)]
pub struct KnowledgeRow {
    /// The agency that knew.
    pub agency: String,
    /// About whom ("Child A").
    pub subject: String,
    /// What (an indicator id).
    pub indicator: String,
    /// The indicator's label.
    pub indicator_label: String,
    /// When the agency first certainly knew it (ISO-8601); for a row that
    /// is only possible, when it could first have known it.
    pub first_known: String,
    /// `"own"`, or the id of the sharing record through which it learned.
    pub via: serde_json::Value,
    /// True when the agency certainly knew it by then; false for a row of
    /// [`Analysis::knowledge_rows_with_possible`] that is only possible.
    pub certain: bool,
    /// The first-hand record the information came from.
    pub origin: i64,
    /// The agency that recorded it first-hand.
    pub origin_agency: String,
    /// The sharing records from the origin to this agency.
    pub path: Vec<i64>,
}

impl Analysis {
    /// The "who knew what, when" matrix as at time `t` (UTC seconds): every
    /// (agency, subject, indicator) certainly known by then, with the date
    /// it was first known and how.
    pub fn knowledge_rows(&self, as_at: Option<i64>) -> Vec<KnowledgeRow> {
        self.knowledge_rows_where(as_at, |_| true)
    }

    /// [`Analysis::knowledge_rows`] about these subjects only.
    pub fn knowledge_rows_about(&self, as_at: Option<i64>, subjects: &[i64]) -> Vec<KnowledgeRow> {
        self.knowledge_rows_where(as_at, |s| subjects.contains(&s))
    }

    /// [`Analysis::knowledge_rows`], followed by every (agency, subject,
    /// indicator) the agency only *possibly* knew by `t`: the information
    /// could have reached it by then (a sharing on the same day as the
    /// first-hand record, neither with a time), but did not certainly.
    /// Those rows have `certain: false` and the date it could first have
    /// arrived.
    pub fn knowledge_rows_with_possible(&self, as_at: Option<i64>) -> Vec<KnowledgeRow> {
        let mut rows = self.knowledge_rows(as_at);
        let possible = self
            .knowledge
            .possible_entries()
            .filter(|(agency, key, p)| {
                let certain_by_then = self
                    .knowledge
                    .certain(*agency, *key)
                    .is_some_and(|c| as_at.is_none_or(|t| c.at.hi <= t));
                !certain_by_then && as_at.is_none_or(|t| p.at.lo < t)
            });
        rows.extend(
            possible.map(|(agency, key, arrival)| self.knowledge_row(agency, key, arrival, false)),
        );
        rows
    }

    fn knowledge_rows_where(
        &self,
        as_at: Option<i64>,
        about: impl Fn(i64) -> bool,
    ) -> Vec<KnowledgeRow> {
        self.knowledge
            .entries()
            .filter(|(_, key, a)| about(key.subject) && as_at.is_none_or(|t| a.at.hi <= t))
            .map(|(agency, key, arrival)| self.knowledge_row(agency, key, arrival, true))
            .collect()
    }

    fn knowledge_row(
        &self,
        agency: i64,
        key: Key,
        arrival: &knowledge::Arrival,
        certain: bool,
    ) -> KnowledgeRow {
        let (via_record, via) = match arrival.via {
            knowledge::Via::Own => (arrival.origin, serde_json::json!("own")),
            knowledge::Via::Shared { record, .. } => (record, serde_json::json!(record)),
        };
        let first_known = self
            .record(via_record)
            .map(|r| r.when.start_iso())
            .unwrap_or_default();
        KnowledgeRow {
            agency: self.agency_name(agency).to_string(),
            subject: self.subject_label(key.subject).to_string(),
            indicator: self.indicator_id(key.indicator).to_string(),
            indicator_label: self.indicator_label(key.indicator).to_string(),
            first_known,
            via,
            certain,
            origin: arrival.origin,
            origin_agency: self.agency_name(arrival.origin_agency).to_string(),
            path: if certain {
                self.knowledge.path(agency, key)
            } else {
                Vec::new()
            },
        }
    }
}
