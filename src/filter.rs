//! Filters shared by the timeline and the chronology: by agency, subject,
//! indicator, words and flags, evaluated once into a [`RecordSet`] that a
//! window query or a page of the chronology checks in constant time. A
//! filter reads the analysis and the flags, so it sits above both.

use serde::Deserialize;

use crate::analysis::Analysis;
use crate::flags::Flag;
use crate::store::Review;
use crate::timeline::RecordSet;
use crate::Result;

/// What a reviewer asked to see. Every part given must hold (an empty list
/// is the same as none given).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Filter {
    /// Only these agencies' records.
    pub agencies: Option<Vec<i64>>,
    /// Only records about any of these subjects.
    pub subjects: Option<Vec<i64>>,
    /// Only records showing any of these indicators (taxonomy ids).
    pub indicators: Option<Vec<String>>,
    /// Only records matching these words (see [`Review::search`]).
    pub search: Option<String>,
    /// Only records a flag cites.
    pub flagged_only: bool,
}

impl Filter {
    /// True when the filter needs the analysis (subjects or indicators).
    pub fn needs_analysis(&self) -> bool {
        self.subjects.as_ref().is_some_and(|s| !s.is_empty())
            || self.indicators.as_ref().is_some_and(|s| !s.is_empty())
    }

    /// The agencies to show, or `None` for all.
    pub fn agencies(&self) -> Option<Vec<i64>> {
        self.agencies.clone().filter(|a| !a.is_empty())
    }

    /// The records the filter lets through, apart from the agency filter
    /// (which lanes apply themselves); `None` when it lets every record
    /// through. `analysis` is needed for subjects and indicators, `flags`
    /// for `flagged_only`.
    pub fn evaluate(
        &self,
        review: &mut Review,
        analysis: Option<&Analysis>,
        flags: &[Flag],
    ) -> Result<Option<RecordSet>> {
        let mut sets: Vec<RecordSet> = Vec::new();
        if let Some(q) = self.search.as_deref().filter(|q| !q.trim().is_empty()) {
            sets.push(RecordSet::from_ids(review.search(q)?.ids));
        }
        if self.flagged_only {
            sets.push(flagged(flags));
        }
        if let Some(a) = analysis {
            if let Some(subjects) = self.subjects.as_ref().filter(|s| !s.is_empty()) {
                sets.push(RecordSet::from_ids(
                    a.record_subjects
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.iter().any(|x| subjects.contains(x)))
                        .map(|(p, _)| a.records[p].id),
                ));
            }
            if let Some(ind) = self.indicators.as_ref().filter(|s| !s.is_empty()) {
                sets.push(RecordSet::from_ids(
                    a.facts
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.indicators.iter().any(|h| ind.contains(&h.id)))
                        .map(|(p, _)| a.records[p].id),
                ));
            }
        }
        Ok(sets.into_iter().reduce(|a, b| a.intersect(&b)))
    }
}

/// The records at which raised flags stand (the first of each flag's
/// evidence).
pub fn flagged(flags: &[Flag]) -> RecordSet {
    RecordSet::from_ids(
        flags
            .iter()
            .filter(|f| f.raised)
            .flat_map(|f| f.evidence.first().copied()),
    )
}

/// The records of a key practice episode: those whose date meets its
/// period (London days, inclusive), of its agencies when it names any, in
/// timeline order.
pub fn episode_records(a: &Analysis, episode: &crate::store::Episode) -> Vec<i64> {
    let lo = london_midnight(episode.starts);
    let hi = episode
        .ends
        .succ_opt()
        .map(london_midnight)
        .unwrap_or(i64::MAX);
    let named: Vec<String> = episode
        .agencies
        .iter()
        .map(|n| crate::text::fold(n))
        .collect();
    a.records
        .iter()
        .filter(|r| {
            let (from, to) = r.when.bounds();
            from < hi
                && to >= lo
                && (named.is_empty() || named.contains(&crate::text::fold(&r.agency)))
        })
        .map(|r| r.id)
        .collect()
}

/// The flags of a key practice episode: those raised on its records.
pub fn episode_flags(flags: &[Flag], records: &[i64]) -> Vec<String> {
    flags
        .iter()
        .filter(|f| f.evidence.first().is_some_and(|id| records.contains(id)))
        .map(|f| f.id.clone())
        .collect()
}

/// Midnight at the start of a day, London time, as seconds.
fn london_midnight(day: chrono::NaiveDate) -> i64 {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono_tz::Europe::London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or_else(|| midnight.and_utc().timestamp())
}
