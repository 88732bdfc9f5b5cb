//! Filters shared by the timeline and the chronology: by agency, subject,
//! indicator, words and flags, evaluated once into a [`RecordSet`] that a
//! window query or a page of the chronology checks in constant time.

use serde::Deserialize;

use crate::analysis::Analysis;
use crate::flags::Flag;
use crate::store::Review;
use crate::Result;

/// A set of record ids, one bit per id (ids are dense from 1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordSet {
    bits: Vec<u64>,
    len: usize,
}

impl RecordSet {
    /// The set of these ids.
    pub fn from_ids(ids: impl IntoIterator<Item = i64>) -> RecordSet {
        let mut s = RecordSet::default();
        for id in ids {
            s.insert(id);
        }
        s
    }

    /// Adds an id (negative ids are never records and are ignored).
    pub fn insert(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        let (w, b) = (i / 64, i % 64);
        if w >= self.bits.len() {
            self.bits.resize(w + 1, 0);
        }
        if self.bits[w] & (1 << b) == 0 {
            self.bits[w] |= 1 << b;
            self.len += 1;
        }
    }

    /// Whether the set holds `id`.
    pub fn contains(&self, id: i64) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.bits.get(i / 64).map(|w| w & (1 << (i % 64)) != 0))
            .unwrap_or(false)
    }

    /// How many ids it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ids in both sets.
    pub fn intersect(&self, other: &RecordSet) -> RecordSet {
        let bits: Vec<u64> = self
            .bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| a & b)
            .collect();
        let len = bits.iter().map(|w| w.count_ones() as usize).sum();
        RecordSet { bits, len }
    }
}

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

#[cfg(test)]
mod tests {
    use super::RecordSet;

    #[test]
    fn sets_hold_what_was_put_in_and_intersect() {
        let a = RecordSet::from_ids([1, 5, 64, 65, 1000, 5]);
        assert_eq!(a.len(), 5);
        assert!(a.contains(64) && a.contains(1000) && !a.contains(2) && !a.contains(-1));
        assert!(!a.contains(100_000));
        let b = RecordSet::from_ids([5, 65, 2]);
        let c = a.intersect(&b);
        assert_eq!(c.len(), 2);
        assert!(c.contains(5) && c.contains(65) && !c.contains(1));
    }
}
