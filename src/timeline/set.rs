//! A set of record ids, one bit per id, that a window query or a page of
//! the chronology checks in constant time (what a filter lets through,
//! which records are flagged).

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
