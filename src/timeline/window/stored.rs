//! The timeline index as stored in the review's derived data, so that
//! opening a large review does not rebuild it: its encoding and decoding.

use super::{Glyph, Lane, LaneInfo, TimelineIndex};
use crate::store::Review;
use crate::Result;

/// A [`TimelineIndex`] encoded for the review's derived data.
pub struct StoredIndex {
    pub(super) stamp: String,
    pub(super) data: Vec<u8>,
}

impl StoredIndex {
    /// Writes it into the review (replacing an older one).
    pub fn save(&self, review: &Review) -> Result<()> {
        review.store_derived(STORED_NAME, STORED_FORMAT, &self.stamp, &self.data)
    }
}

/// The stored index's entry in the review's derived data.
pub(super) const STORED_NAME: &str = "timeline_index";

/// The stored index's encoding; a change to it, or to how glyphs are
/// chosen, is a new number (older entries are then rebuilt).
pub(super) const STORED_FORMAT: i64 = 1;

/// The index as bytes, little-endian: per lane its agency, records, longest
/// span, then its columns (starts, ends, ids, glyph codes, approximate
/// marks) and open-ended positions; then the merged order and the extent.
pub(super) fn encode(index: &TimelineIndex) -> Vec<u8> {
    let n = index.order.len();
    let mut out = Vec::with_capacity(64 + n * 34);
    let put = |out: &mut Vec<u8>, v: i64| out.extend_from_slice(&v.to_le_bytes());
    put(&mut out, index.lanes.len() as i64);
    for lane in &index.lanes {
        put(&mut out, lane.info.agency_id);
        put(&mut out, lane.id.len() as i64);
        put(&mut out, lane.max_span);
        for column in [&lane.lo, &lane.hi, &lane.id] {
            for &v in column.iter() {
                put(&mut out, v);
            }
        }
        out.extend(lane.glyph.iter().map(|g| g.code()));
        out.extend(lane.approx.iter().map(|&a| u8::from(a)));
        put(&mut out, lane.open.len() as i64);
        for &p in &lane.open {
            put(&mut out, p as i64);
        }
    }
    put(&mut out, n as i64);
    for &id in &index.order {
        put(&mut out, id);
    }
    let (flag, lo, hi) = index.extent.map_or((0, 0, 0), |(lo, hi)| (1, lo, hi));
    for v in [flag, lo, hi] {
        put(&mut out, v);
    }
    out
}

/// Reads bytes [`encode`] wrote, for lanes of exactly `agencies` (in name
/// order); `None` when anything does not fit, and the index is rebuilt.
pub(super) fn decode(
    data: &[u8],
    agencies: &[crate::model::AgencyInfo],
    stamp: String,
) -> Option<TimelineIndex> {
    struct Reader<'a>(&'a [u8]);
    impl Reader<'_> {
        fn bytes(&mut self, n: usize) -> Option<&[u8]> {
            if n > self.0.len() {
                return None;
            }
            let (head, rest) = self.0.split_at(n);
            self.0 = rest;
            Some(head)
        }
        fn int(&mut self) -> Option<i64> {
            Some(i64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
        }
        fn count(&mut self) -> Option<usize> {
            usize::try_from(self.int()?)
                .ok()
                .filter(|&n| n <= self.0.len())
        }
        fn ints(&mut self, n: usize) -> Option<Vec<i64>> {
            let raw = self.bytes(n.checked_mul(8)?)?;
            Some(
                raw.chunks_exact(8)
                    .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                    .collect(),
            )
        }
    }
    let mut r = Reader(data);
    if r.count()? != agencies.len() {
        return None;
    }
    let mut lanes = Vec::with_capacity(agencies.len());
    for agency in agencies {
        if r.int()? != agency.id {
            return None;
        }
        let n = r.count()?;
        let max_span = r.int()?;
        let lo = r.ints(n)?;
        let hi = r.ints(n)?;
        let id = r.ints(n)?;
        let glyph = r
            .bytes(n)?
            .iter()
            .map(|&c| Glyph::ALL.get(usize::from(c)).copied())
            .collect::<Option<Vec<_>>>()?;
        let approx = r.bytes(n)?.iter().map(|&a| a != 0).collect();
        let open_len = r.count()?;
        let open = r
            .ints(open_len)?
            .into_iter()
            .map(|p| usize::try_from(p).ok().filter(|&p| p < n))
            .collect::<Option<Vec<_>>>()?;
        lanes.push(Lane {
            info: LaneInfo {
                agency_id: agency.id,
                name: agency.name.clone(),
                kind: agency.kind,
                records: n,
            },
            lo,
            hi,
            id,
            glyph,
            approx,
            max_span,
            open,
        });
    }
    let n = r.count()?;
    let order = r.ints(n)?;
    if order.len() != lanes.iter().map(|l| l.id.len()).sum::<usize>() {
        return None;
    }
    let (flag, lo, hi) = (r.int()?, r.int()?, r.int()?);
    if !r.0.is_empty() {
        return None;
    }
    Some(TimelineIndex {
        lanes,
        order,
        extent: (flag == 1).then_some((lo, hi)),
        stamp: Some(stamp),
    })
}
