//! The timeline as a screen shows it: only the visible window, fast at a
//! million records.
//!
//! A [`TimelineIndex`] is read once from the review's `records_window` index
//! (no record text is read): per agency, every record's span of time sorted
//! by its start, and every record's place in the merged order. A window
//! query then costs a binary search and a walk over what overlaps the
//! window: items when there are few enough to draw one by one, counts in
//! equal-width buckets when there are not. The chronology table pages
//! through the merged order the same way.

mod stored;

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::RecordSet;
use crate::model::{AgencyKind, Record};
use crate::store::Review;
use crate::when::{UNBOUNDED_FUTURE, UNBOUNDED_PAST};
use crate::Result;

pub use stored::StoredIndex;
use stored::{decode, encode, STORED_FORMAT, STORED_NAME};

/// How a record is drawn: a shape for the kind of event it records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Glyph {
    /// A phone call, letter, email or other contact.
    Contact,
    /// A home visit.
    Visit,
    /// A referral, or a contact to a front door (MASH).
    Referral,
    /// A meeting or conference.
    Meeting,
    /// An incident, call-out or crime report.
    Incident,
    /// An appointment, attendance or admission in health.
    Health,
    /// School attendance, exclusions, education.
    Education,
    /// Tenancy, repairs, housing.
    Housing,
    /// Anything else.
    Other,
}

impl Glyph {
    /// Every glyph, in the order their stored codes give them.
    const ALL: [Glyph; 9] = [
        Glyph::Contact,
        Glyph::Visit,
        Glyph::Referral,
        Glyph::Meeting,
        Glyph::Incident,
        Glyph::Health,
        Glyph::Education,
        Glyph::Housing,
        Glyph::Other,
    ];

    fn code(self) -> u8 {
        Glyph::ALL.iter().position(|g| *g == self).unwrap_or(8) as u8
    }

    /// The glyph for an agency's own event type, or its kind when the agency
    /// gave none or the type says nothing recognisable.
    pub fn classify(event_type: Option<&str>, kind: AgencyKind) -> Glyph {
        const WORDS: &[(&str, Glyph)] = &[
            ("strategy", Glyph::Meeting),
            ("conference", Glyph::Meeting),
            ("meeting", Glyph::Meeting),
            ("core group", Glyph::Meeting),
            ("marac", Glyph::Meeting),
            ("mdt", Glyph::Meeting),
            ("referral", Glyph::Referral),
            ("mash", Glyph::Referral),
            ("visit", Glyph::Visit),
            ("incident", Glyph::Incident),
            ("occurrence", Glyph::Incident),
            ("crime", Glyph::Incident),
            ("arrest", Glyph::Incident),
            ("domestic", Glyph::Incident),
            ("call-out", Glyph::Incident),
            ("attendance", Glyph::Health),
            ("appointment", Glyph::Health),
            ("admission", Glyph::Health),
            ("consultation", Glyph::Health),
            ("clinic", Glyph::Health),
            ("immunisation", Glyph::Health),
            ("a&e", Glyph::Health),
            ("emergency", Glyph::Health),
            ("absence", Glyph::Education),
            ("exclusion", Glyph::Education),
            ("school", Glyph::Education),
            ("tenancy", Glyph::Housing),
            ("repair", Glyph::Housing),
            ("rent", Glyph::Housing),
            ("phone", Glyph::Contact),
            ("telephone", Glyph::Contact),
            ("call", Glyph::Contact),
            ("letter", Glyph::Contact),
            ("email", Glyph::Contact),
            ("contact", Glyph::Contact),
        ];
        if let Some(t) = event_type {
            let t = t.to_lowercase();
            if let Some((_, g)) = WORDS.iter().find(|(w, _)| t.contains(w)) {
                // School attendance is education, not a health attendance.
                if *g == Glyph::Health && kind == AgencyKind::School {
                    return Glyph::Education;
                }
                return *g;
            }
        }
        match kind {
            AgencyKind::Police => Glyph::Incident,
            AgencyKind::HealthVisiting | AgencyKind::Gp | AgencyKind::Hospital => Glyph::Health,
            AgencyKind::School => Glyph::Education,
            AgencyKind::Housing => Glyph::Housing,
            AgencyKind::ChildrensSocialCare | AgencyKind::Probation => Glyph::Contact,
            AgencyKind::Voluntary | AgencyKind::Other => Glyph::Other,
        }
    }
}

/// One agency's lane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LaneInfo {
    /// The agency's id.
    pub agency_id: i64,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: AgencyKind,
    /// Its records.
    pub records: usize,
}

/// One lane's records, sorted by start.
#[derive(Debug, PartialEq)]
struct Lane {
    info: LaneInfo,
    lo: Vec<i64>,
    hi: Vec<i64>,
    id: Vec<i64>,
    glyph: Vec<Glyph>,
    approx: Vec<bool>,
    /// The longest bounded span in the lane: a record that overlaps a window
    /// starts no earlier than this before it.
    max_span: i64,
    /// Positions of records with an open end ("before 2019", "after …"):
    /// few, so checked one by one.
    open: Vec<usize>,
}

/// Every record's place on the timeline, read once from the review.
#[derive(Debug, PartialEq)]
pub struct TimelineIndex {
    lanes: Vec<Lane>,
    /// Every record id in merged order (as [`super::sort`]).
    order: Vec<i64>,
    extent: Option<(i64, i64)>,
    /// What the review was when the index was read (see `store/derived.rs`).
    stamp: Option<String>,
}

/// What to show.
#[derive(Clone, Debug)]
pub struct WindowQuery {
    /// Start of the window (UTC seconds).
    pub from: i64,
    /// End of the window (UTC seconds, exclusive).
    pub to: i64,
    /// Buckets across the window when a lane has too many items to draw.
    pub buckets: usize,
    /// A lane with more matching items than this gets buckets instead.
    pub max_items: usize,
    /// Only these agencies (all when `None`).
    pub agencies: Option<Vec<i64>>,
}

/// A record as the timeline draws it.
#[derive(Clone, Debug, Serialize)]
pub struct WindowItem {
    /// The record.
    pub id: i64,
    /// Start of its span (UTC seconds; clamped to the review's extent when
    /// open-ended).
    pub lo: i64,
    /// End of its span (UTC seconds, exclusive).
    pub hi: i64,
    /// Its shape.
    pub glyph: Glyph,
    /// Its date is not an exact day or time: draw the span.
    pub approx: bool,
    /// A flag cites it.
    pub flagged: bool,
    /// A short label: the agency's event type, or the start of the text.
    pub label: String,
}

/// One lane of a window.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneWindow {
    /// The agency.
    pub agency_id: i64,
    /// Matching records overlapping the window.
    pub count: usize,
    /// The records, when there are no more than `max_items`.
    pub items: Option<Vec<WindowItem>>,
    /// Otherwise, counts in equal-width buckets (by where each record
    /// starts within the window).
    pub buckets: Option<Vec<u32>>,
}

/// What is visible.
#[derive(Clone, Debug, Serialize)]
pub struct Window {
    /// Start (UTC seconds).
    pub from: i64,
    /// End (UTC seconds).
    pub to: i64,
    /// Matching records in the window, over all lanes.
    pub total: usize,
    /// One per agency, in the index's lane order.
    pub lanes: Vec<LaneWindow>,
}

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The longest label an item carries.
const LABEL_CHARS: usize = 80;

impl TimelineIndex {
    /// Reads the index from a review: one pass over its `records_window`
    /// index and a sort.
    pub fn build(review: &Review) -> Result<TimelineIndex> {
        let agencies = review.agencies()?;
        let mut lanes: Vec<Lane> = Vec::with_capacity(agencies.len());
        let mut lane_of: HashMap<i64, usize> = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            lane_of.insert(a.id, i);
            lanes.push(Lane {
                info: LaneInfo {
                    agency_id: a.id,
                    name: a.name.clone(),
                    kind: a.kind,
                    records: 0,
                },
                lo: Vec::new(),
                hi: Vec::new(),
                id: Vec::new(),
                glyph: Vec::new(),
                approx: Vec::new(),
                max_span: 0,
                open: Vec::new(),
            });
        }
        // (lo, hi, lane, id): the merged order's key, as [`super::sort`]
        // gives it with (source, seq) in place of the id. Records are never
        // deleted and each import inserts its files in turn and each file's
        // rows in order, so ids rise in (source, seq) order: the same order,
        // without reading the records' own pages for those two columns.
        let mut merged: Vec<(i64, i64, u32, i64)> = Vec::new();
        let mut glyphs: HashMap<(usize, Option<String>), Glyph> = HashMap::new();
        review.for_each_window_row(|row| {
            let Some(&l) = lane_of.get(&row.agency_id) else {
                return;
            };
            let lane = &mut lanes[l];
            let glyph = *glyphs
                .entry((l, row.event_type.clone()))
                .or_insert_with(|| Glyph::classify(row.event_type.as_deref(), lane.info.kind));
            let approx = !(row.qualifier == "exact"
                && (row.precision == "instant" || row.precision == "day"));
            if row.lo <= UNBOUNDED_PAST || row.hi >= UNBOUNDED_FUTURE {
                lane.open.push(lane.lo.len());
            } else {
                lane.max_span = lane.max_span.max(row.hi - row.lo);
            }
            lane.lo.push(row.lo);
            lane.hi.push(row.hi);
            lane.id.push(row.id);
            lane.glyph.push(glyph);
            lane.approx.push(approx);
            merged.push((row.lo, row.hi, l as u32, row.id));
        })?;
        for lane in &mut lanes {
            lane.info.records = lane.id.len();
        }
        // Lanes are in name order, so the lane number sorts as the name does.
        merged.sort_unstable();
        let order = merged.iter().map(|m| m.3).collect();
        // An open-ended date ("before 2021") counts as a day at its bounded end.
        let extent = merged
            .iter()
            .map(|m| {
                let lo = if m.0 <= UNBOUNDED_PAST {
                    m.1 - DAY
                } else {
                    m.0
                };
                let hi = if m.1 >= UNBOUNDED_FUTURE {
                    m.0 + DAY
                } else {
                    m.1
                };
                (lo.min(hi), hi.max(lo))
            })
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        Ok(TimelineIndex {
            lanes,
            order,
            extent,
            stamp: None,
        })
    }

    /// The index as the review keeps it between sessions ([`TimelineIndex::store`]),
    /// or built from the records when the review has none or has changed
    /// since. The `bool` says whether it was built (and so is worth storing).
    pub fn open(review: &Review) -> Result<(TimelineIndex, bool)> {
        // The stamp is read before the records: an import that lands in
        // between makes the stored index look older than it is, never newer.
        let stamp = review.records_stamp()?;
        if let Some(data) = review.derived(STORED_NAME, STORED_FORMAT, &stamp)? {
            if let Some(index) = decode(&data, &review.agencies()?, stamp.clone()) {
                return Ok((index, false));
            }
        }
        let mut index = TimelineIndex::build(review)?;
        index.stamp = Some(stamp);
        Ok((index, true))
    }

    /// Keeps the index in the review for the next [`TimelineIndex::open`].
    /// An index not made by `open` has no stamp and is not stored.
    pub fn store(&self, review: &Review) -> Result<()> {
        match self.snapshot() {
            Some(stored) => stored.save(review),
            None => Ok(()),
        }
    }

    /// The index as it will be stored, to save later (on another thread,
    /// with another connection) while this one is in use.
    pub fn snapshot(&self) -> Option<StoredIndex> {
        Some(StoredIndex {
            stamp: self.stamp.clone()?,
            data: encode(self),
        })
    }

    /// The lanes, one per agency, in the order windows give them.
    pub fn lanes(&self) -> Vec<LaneInfo> {
        self.lanes.iter().map(|l| l.info.clone()).collect()
    }

    /// From the earliest to the latest bounded time of any record.
    pub fn extent(&self) -> Option<(i64, i64)> {
        self.extent
    }

    /// Records in the index.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when the review has no records.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The records of a window, without labels (see [`window`] for the
    /// whole answer). `only` limits it to a set of records; `flagged` marks
    /// the records flags cite.
    pub fn query(
        &self,
        q: &WindowQuery,
        only: Option<&RecordSet>,
        flagged: Option<&RecordSet>,
    ) -> Window {
        let from = q.from;
        let to = q.to.max(from + 1);
        let buckets = q.buckets.clamp(1, 10_000);
        let width = (to - from) as f64 / buckets as f64;
        let (ext_lo, ext_hi) = self.extent.unwrap_or((from, to));
        let mut total = 0;
        let lanes = self
            .lanes
            .iter()
            .map(|lane| {
                let wanted = q
                    .agencies
                    .as_ref()
                    .is_none_or(|a| a.contains(&lane.info.agency_id));
                if !wanted {
                    return LaneWindow {
                        agency_id: lane.info.agency_id,
                        count: 0,
                        items: Some(Vec::new()),
                        buckets: None,
                    };
                }
                let mut hits: Vec<usize> = Vec::new();
                let start = lane
                    .lo
                    .partition_point(|&lo| lo < from.saturating_sub(lane.max_span));
                let end = lane.lo.partition_point(|&lo| lo < to);
                let keep = |i: usize| {
                    lane.hi[i] > from
                        && lane.lo[i] < to
                        && only.is_none_or(|s| s.contains(lane.id[i]))
                };
                for i in start..end {
                    if keep(i) {
                        hits.push(i);
                    }
                }
                for &i in &lane.open {
                    if (i < start || i >= end) && keep(i) {
                        hits.push(i);
                    }
                }
                total += hits.len();
                let count = hits.len();
                if count <= q.max_items {
                    hits.sort_unstable();
                    let items = hits
                        .into_iter()
                        .map(|i| WindowItem {
                            id: lane.id[i],
                            lo: lane.lo[i].clamp(ext_lo.min(from), ext_hi.max(to)),
                            hi: lane.hi[i].clamp(ext_lo.min(from), ext_hi.max(to)),
                            glyph: lane.glyph[i],
                            approx: lane.approx[i],
                            flagged: flagged.is_some_and(|f| f.contains(lane.id[i])),
                            label: String::new(),
                        })
                        .collect();
                    LaneWindow {
                        agency_id: lane.info.agency_id,
                        count,
                        items: Some(items),
                        buckets: None,
                    }
                } else {
                    let mut counts = vec![0u32; buckets];
                    for i in hits {
                        let at = lane.lo[i].max(from);
                        let b = (((at - from) as f64) / width) as usize;
                        counts[b.min(buckets - 1)] += 1;
                    }
                    LaneWindow {
                        agency_id: lane.info.agency_id,
                        count,
                        items: None,
                        buckets: Some(counts),
                    }
                }
            })
            .collect();
        Window {
            from,
            to,
            total,
            lanes,
        }
    }

    /// Record ids in merged order, limited to `only`: the `offset`-th and up
    /// to `limit` after it, with how many there are in all.
    pub fn page(&self, only: Option<&RecordSet>, offset: usize, limit: usize) -> (usize, Vec<i64>) {
        match only {
            None => {
                let end = offset.saturating_add(limit).min(self.order.len());
                let ids = self.order.get(offset..end).unwrap_or(&[]).to_vec();
                (self.order.len(), ids)
            }
            Some(set) => {
                let mut total = 0;
                let mut ids = Vec::new();
                for &id in &self.order {
                    if set.contains(id) {
                        if total >= offset && ids.len() < limit {
                            ids.push(id);
                        }
                        total += 1;
                    }
                }
                (total, ids)
            }
        }
    }

    /// Every record of the given agencies.
    pub fn agency_records(&self, agencies: &[i64]) -> RecordSet {
        RecordSet::from_ids(
            self.lanes
                .iter()
                .filter(|l| agencies.contains(&l.info.agency_id))
                .flat_map(|l| l.id.iter().copied()),
        )
    }

    /// Where a record stands in the merged order limited to `only`.
    pub fn position(&self, only: Option<&RecordSet>, id: i64) -> Option<usize> {
        let mut n = 0;
        for &r in &self.order {
            if only.is_none_or(|s| s.contains(r)) {
                if r == id {
                    return Some(n);
                }
                n += 1;
            }
        }
        None
    }
}

/// A window with each item's label read from the review.
pub fn window(
    review: &Review,
    index: &TimelineIndex,
    q: &WindowQuery,
    only: Option<&RecordSet>,
    flagged: Option<&RecordSet>,
) -> Result<Window> {
    let mut w = index.query(q, only, flagged);
    let ids: Vec<i64> = w
        .lanes
        .iter()
        .flat_map(|l| l.items.iter().flatten().map(|i| i.id))
        .collect();
    let labels = review.record_labels(&ids, LABEL_CHARS)?;
    for lane in &mut w.lanes {
        for item in lane.items.iter_mut().flatten() {
            if let Some(l) = labels.get(&item.id) {
                item.label.clone_from(l);
            }
        }
    }
    Ok(w)
}

/// A page of the merged chronology: the records themselves, in order.
pub fn chronology(
    review: &Review,
    index: &TimelineIndex,
    only: Option<&RecordSet>,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Record>)> {
    let (total, ids) = index.page(only, offset, limit.min(5_000));
    Ok((total, review.records_by_id(&ids)?))
}

#[cfg(test)]
mod tests;
