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
    /// For a row of [`Analysis::concern_rows`]: the one piece of
    /// information it is about (this injury, recorded on this date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concern: Option<ConcernRef>,
}

/// One concern as `knowledge --json --by-concern` names it: the first-hand
/// record of one indicator about one person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConcernRef {
    /// The first-hand record.
    pub record: i64,
    /// When it was recorded (ISO-8601).
    pub recorded: String,
    /// The agency that recorded it.
    pub agency: String,
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

    /// "Who knew *this*": per concern (one first-hand record of one
    /// indicator about one person: this injury, on this date), every agency
    /// that certainly knew it by `as_at`, when and how. An agency that knew
    /// of another injury has no row for this one. Concerns in timeline
    /// order, agencies by name within each.
    pub fn concern_rows(&self, as_at: Option<i64>) -> Vec<KnowledgeRow> {
        let mut rows: Vec<(usize, KnowledgeRow)> = self
            .concern_knowledge
            .entries()
            .filter(|(_, _, a)| as_at.is_none_or(|t| a.at.hi <= t))
            .filter_map(|(agency, key, arrival)| {
                let index = key.indicator as usize;
                let concern = self.concerns.get(index)?;
                let record = self.records.get(concern.position)?;
                let shown = Key {
                    subject: concern.subject,
                    indicator: concern.indicator,
                };
                // Built as a possible row (no path looked up in the
                // per-indicator knowledge), then given the concern's own.
                let mut row = self.knowledge_row(agency, shown, arrival, false);
                row.certain = true;
                row.path = self.concern_knowledge.path(agency, key);
                row.concern = Some(ConcernRef {
                    record: record.id,
                    recorded: record.when.start_iso(),
                    agency: self.agency_name(record.agency_id).to_string(),
                });
                Some((concern.position, row))
            })
            .collect();
        rows.sort_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| a.agency.cmp(&b.agency)));
        rows.into_iter().map(|(_, r)| r).collect()
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
            concern: None,
        }
    }
}

/// One cell of the knowledge matrix (indicator × agency): when the agency
/// first knew of that indicator, about one subject or any of them.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixCell {
    /// The indicator's id.
    pub indicator: String,
    /// The agency's id.
    pub agency_id: i64,
    /// When it first knew (ISO-8601), or could first have known.
    pub first_known: String,
    /// The same, in UTC seconds (`i64::MAX` when the date has no day).
    pub at: i64,
    /// The sharing record it learned through, or `None` for its own record.
    pub shared: Option<i64>,
    /// The first-hand record the information came from.
    pub origin: i64,
    /// False when the agency only possibly knew.
    pub certain: bool,
}

impl Analysis {
    /// The knowledge matrix as at `as_at`: per (indicator, agency), the
    /// earliest arrival over `subject` (or every subject), what an agency
    /// certainly knew before what it only possibly knew; cells in indicator
    /// then agency order.
    pub fn knowledge_matrix(&self, as_at: Option<i64>, subject: Option<i64>) -> Vec<MatrixCell> {
        let label = subject.map(|s| self.subject_label(s).to_string());
        let agency_id: std::collections::HashMap<&str, i64> = self
            .agencies
            .iter()
            .map(|x| (x.name.as_str(), x.id))
            .collect();
        let mut best: std::collections::BTreeMap<(String, i64), MatrixCell> = Default::default();
        for row in self.knowledge_rows_with_possible(as_at) {
            if label.as_deref().is_some_and(|l| l != row.subject) {
                continue;
            }
            let Some(&agency) = agency_id.get(row.agency.as_str()) else {
                continue;
            };
            let at = crate::when::iso_seconds(&row.first_known).unwrap_or(i64::MAX);
            let key = (row.indicator.clone(), agency);
            if best
                .get(&key)
                .is_some_and(|c| (!c.certain, c.at) <= (!row.certain, at))
            {
                continue;
            }
            best.insert(
                key,
                MatrixCell {
                    indicator: row.indicator,
                    agency_id: agency,
                    first_known: row.first_known,
                    at,
                    shared: row.via.as_i64(),
                    origin: row.origin,
                    certain: row.certain,
                },
            );
        }
        best.into_values().collect()
    }
}
