//! Who knew what, and when: earliest arrival of knowledge over sharing events.
//!
//! This module is pure and format-blind: callers build [`Observation`]s (an
//! agency learned a fact first-hand, in its own record) and [`Sharing`]s
//! (information moved between agencies) from the review's records, and
//! [`propagate`] works out, for every (agency, subject, indicator), when the
//! agency *certainly* knew it and when it *possibly* knew it.
//!
//! # Rules
//!
//! Every time is a [`Span`]: the half-open stretch of real time `[lo, hi)` in
//! which the event could have happened (a day-precision record spans its
//! whole day). Knowledge held over a span `K` and a sharing over span `S`:
//!
//! * **Certain transfer** when `K.hi <= S.lo`: the sender knew the fact
//!   before the sharing began, whatever the exact times were. The receivers
//!   then know it from the sharing's span `S`.
//! * **Possible transfer** when `K.lo < S.hi` (the two could be in either
//!   order, e.g. a day-precision fact and a day-precision referral on the
//!   same day). The receivers possibly know it from
//!   `[max(K.lo, S.lo), S.hi)`: never before the sender itself could have
//!   known it. Possible knowledge is passed on only as possible.
//! * **The record itself**: when a directed sharing's own record is also the
//!   sender's first-hand record of the fact (a police log entry "attended
//!   domestic abuse incident, referred to children's social care"), the
//!   record shows the fact was part of what was shared, so that transfer is
//!   certain even though the two spans coincide. Meetings get no such
//!   exception: an attendee's note of a meeting may record what it *learned*
//!   there.
//! * A directed sharing passes the sender's facts about the listed subjects
//!   (`None`: every subject) to every recipient; a meeting passes each
//!   attendee's facts to every other attendee in one step; an agency listed
//!   as absent (even if also listed as attending) neither gives nor learns.
//!
//! Among several certain arrivals the one with the smallest `hi` (then
//! `lo`) is kept: it is the one that makes the agency certainly know soonest.
//! Among possible arrivals the one with the smallest `lo` is kept.
//!
//! # Algorithm
//!
//! Certain knowledge is computed in one pass over the sharings in order of
//! `(lo, hi, record)` (see `certain_pass` for why one pass suffices), and
//! possible knowledge by a Dijkstra-style search on `lo` (a sweep by `lo`
//! would miss transfers through overlapping sharings). Both index facts by
//! (agency, subject) and sharings by (sender, receiver, subject) channel, so
//! a sharing about one subject touches only that subject's facts, and a
//! channel used again passes on only what the sender learned since. The
//! cost is `O((sharings + observations) log n + facts moved)`. The sharing
//! events also form a [`petgraph`] graph (agencies and meeting hubs as
//! nodes, sharings as edges), which [`Knowledge::path`] walks to give the
//! chain of sharing records through which an agency came to know a fact.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

/// An agency's id (the review's agency row id).
pub type AgencyId = i64;
/// A record's id (the review's record row id).
pub type RecordId = i64;
/// A resolved subject's id.
pub type SubjectId = i64;
/// An indicator's id in the taxonomy.
pub type IndicatorId = u32;

/// The span of real time an event could have happened in: UTC Unix seconds,
/// half-open `[lo, hi)`, as given by [`crate::when::When::bounds`].
///
/// A span always has `hi > lo`; [`propagate`] normalises any span with
/// `hi <= lo` to `[lo, lo + 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// The earliest second the event could have happened in.
    pub lo: i64,
    /// The first second after the latest the event could have happened in.
    pub hi: i64,
}

impl Span {
    /// A span from `lo` to `hi`, normalised so that `hi > lo`.
    pub fn new(lo: i64, hi: i64) -> Span {
        Span { lo, hi }.normalised()
    }

    /// This span with `hi <= lo` replaced by `hi = lo + 1` (a one-second
    /// span; at the very end of time, the last second).
    pub fn normalised(self) -> Span {
        if self.hi > self.lo {
            self
        } else if self.lo == i64::MAX {
            Span {
                lo: i64::MAX - 1,
                hi: i64::MAX,
            }
        } else {
            Span {
                lo: self.lo,
                hi: self.lo + 1,
            }
        }
    }

    /// Whether everything in this span certainly happened before `other`
    /// started: `self.hi <= other.lo`.
    pub fn certainly_before(self, other: Span) -> bool {
        self.hi <= other.lo
    }

    /// Whether something in this span could have happened before `other`
    /// ended: `self.lo < other.hi`.
    pub fn possibly_before(self, other: Span) -> bool {
        self.lo < other.hi
    }
}

impl From<(i64, i64)> for Span {
    /// A normalised span from a `(lo, hi)` pair such as
    /// [`crate::when::When::bounds`] returns.
    fn from((lo, hi): (i64, i64)) -> Span {
        Span::new(lo, hi)
    }
}

/// What a fact is about: one indicator about one subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    /// The subject the fact is about.
    pub subject: SubjectId,
    /// The indicator (injury, missing episode, …).
    pub indicator: IndicatorId,
}

/// An agency learned a fact first-hand, in one of its own records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Observation {
    /// The agency that learned it.
    pub agency: AgencyId,
    /// What it learned.
    pub key: Key,
    /// When (the record's span).
    pub at: Span,
    /// The agency's record.
    pub record: RecordId,
}

/// Information moving between agencies: one record of a referral,
/// notification, letter, phone call, email or meeting.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sharing {
    /// The record of the sharing.
    pub record: RecordId,
    /// When it happened.
    pub at: Span,
    /// Who shared with whom.
    pub kind: SharingKind,
    /// The subjects it was about; `None` means every subject.
    pub subjects: Option<Vec<SubjectId>>,
}

/// Who took part in a [`Sharing`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingKind {
    /// One agency told others (referral, notification, letter, fax, phone
    /// call, email): every `to` agency learns what `from` certainly knew
    /// before it.
    Directed {
        /// The agency that shared.
        from: AgencyId,
        /// The agencies told.
        to: Vec<AgencyId>,
    },
    /// A meeting (strategy discussion, child protection conference, core
    /// group): every attendee learns what every other attendee certainly
    /// knew before it; absent agencies learn nothing and give nothing.
    Meeting {
        /// The agencies present.
        attendees: Vec<AgencyId>,
        /// The agencies recorded as absent (they win over `attendees`).
        absent: Vec<AgencyId>,
    },
}

/// How an agency came to know a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// First-hand, in its own record.
    Own,
    /// Through a sharing event.
    Shared {
        /// The sharing's record.
        record: RecordId,
        /// The agency that held the fact and passed it on (for a meeting,
        /// the attendee who held it).
        from: AgencyId,
    },
}

/// When and how a fact reached an agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Arrival {
    /// The span in which it arrived: the observation's span for
    /// [`Via::Own`], the sharing's span for [`Via::Shared`] (for a merely
    /// possible transfer, starting no earlier than the sender could have
    /// known it).
    pub at: Span,
    /// How it arrived.
    pub via: Via,
    /// The first-hand record the fact came from.
    pub origin: RecordId,
    /// The agency whose first-hand record that is.
    pub origin_agency: AgencyId,
}

/// Whether an agency knew a fact before some moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// It certainly knew: the fact certainly arrived before the moment.
    Yes,
    /// It may have known: the fact could have arrived before the moment,
    /// but the order of events is not certain.
    Maybe,
    /// It cannot have known.
    No,
}

/// A node of the sharing graph ([`Knowledge::graph`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GraphNode {
    /// An agency.
    Agency(AgencyId),
    /// A meeting: a hub with an edge from and to every attendee.
    Meeting {
        /// The meeting's record.
        record: RecordId,
        /// When it happened.
        at: Span,
    },
}

/// An edge of the sharing graph ([`Knowledge::graph`]): one sharing event
/// from one agency to another (or between an attendee and a meeting hub).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GraphEdge {
    /// The sharing's record.
    pub record: RecordId,
    /// When it happened.
    pub at: Span,
}

/// One agency's knowledge of one fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    certain: Option<Arrival>,
    possible: Arrival,
}

/// Who knew what, and when: the result of [`propagate`].
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    /// Every (agency, key) known certainly or possibly, sorted by it.
    slots: Vec<(Fact, Slot)>,
    /// For each key, the agencies that certainly knew it, by arrival.
    holders: FastMap<Key, Vec<AgencyId>>,
    /// The sharing graph.
    graph: DiGraph<GraphNode, GraphEdge>,
    /// Each agency's node.
    agency_nodes: FastMap<AgencyId, NodeIndex>,
    /// The edges each sharing record put in the graph.
    sharing_edges: FastMap<RecordId, Vec<EdgeIndex>>,
}

type Fact = (AgencyId, Key);

/// A fast, non-cryptographic hasher for the integer keys of the passes
/// (the Fx hash of rustc). The inputs are the reviewer's own data, so
/// resistance to hash flooding is not needed.
#[derive(Clone, Copy, Default)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// The order arrivals are compared in (smaller is better); the tail makes
/// ties deterministic.
type Rank = (i64, i64, u8, RecordId, AgencyId, RecordId, AgencyId);

fn via_parts(via: Via) -> (u8, RecordId, AgencyId) {
    match via {
        Via::Own => (0, 0, 0),
        Via::Shared { record, from } => (1, record, from),
    }
}

/// Certain arrivals: soonest certainly known (`hi`) first.
fn certain_rank(a: &Arrival) -> Rank {
    let (v, r, f) = via_parts(a.via);
    (a.at.hi, a.at.lo, v, r, f, a.origin, a.origin_agency)
}

/// Possible arrivals: soonest possibly known (`lo`) first.
fn possible_rank(a: &Arrival) -> Rank {
    let (v, r, f) = via_parts(a.via);
    (a.at.lo, a.at.hi, v, r, f, a.origin, a.origin_agency)
}

fn own(o: &Observation) -> Arrival {
    Arrival {
        at: o.at,
        via: Via::Own,
        origin: o.record,
        origin_agency: o.agency,
    }
}

/// Which subjects a sharing is about.
#[derive(Clone, Debug)]
enum Subjects {
    All,
    /// Sorted, without duplicates.
    Only(Vec<SubjectId>),
}

impl Subjects {
    fn covers(&self, subject: SubjectId) -> bool {
        match self {
            Subjects::All => true,
            Subjects::Only(list) => list.binary_search(&subject).is_ok(),
        }
    }
}

/// Who a normalised sharing moves facts between.
#[derive(Clone, Debug)]
enum Flow {
    /// `to` is sorted, without duplicates and without `from`.
    Directed { from: AgencyId, to: Vec<AgencyId> },
    /// Sorted, without duplicates and without absent agencies.
    Meeting { attendees: Vec<AgencyId> },
}

/// A [`Sharing`] normalised for propagation.
#[derive(Clone, Debug)]
struct Share {
    record: RecordId,
    at: Span,
    subjects: Subjects,
    flow: Flow,
}

fn sorted_unique(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v.dedup();
    v
}

impl Share {
    fn new(s: &Sharing) -> Share {
        let subjects = match &s.subjects {
            None => Subjects::All,
            Some(list) => Subjects::Only(sorted_unique(list.clone())),
        };
        let flow = match &s.kind {
            SharingKind::Directed { from, to } => Flow::Directed {
                from: *from,
                to: sorted_unique(to.iter().copied().filter(|a| a != from).collect()),
            },
            SharingKind::Meeting { attendees, absent } => {
                let absent = sorted_unique(absent.clone());
                Flow::Meeting {
                    attendees: sorted_unique(
                        attendees
                            .iter()
                            .copied()
                            .filter(|a| absent.binary_search(a).is_err())
                            .collect(),
                    ),
                }
            }
        };
        Share {
            record: s.record,
            at: s.at.normalised(),
            subjects,
            flow,
        }
    }

    /// The agencies whose knowledge this sharing passes on.
    fn senders(&self) -> &[AgencyId] {
        match &self.flow {
            Flow::Directed { from, .. } => std::slice::from_ref(from),
            Flow::Meeting { attendees } => attendees,
        }
    }

    /// The agencies that learn what `sender` passes on.
    fn receivers(&self, sender: AgencyId) -> impl Iterator<Item = AgencyId> + '_ {
        let list = match &self.flow {
            Flow::Directed { to, .. } => to.as_slice(),
            Flow::Meeting { attendees } => attendees.as_slice(),
        };
        list.iter().copied().filter(move |&a| a != sender)
    }
}

/// Which facts a channel carries: those about one subject, or all of them.
type Selector = Option<SubjectId>;

/// The subject selectors a sharing's facts travel under.
fn selectors(subjects: &Subjects) -> Vec<Selector> {
    match subjects {
        Subjects::All => vec![None],
        Subjects::Only(list) => list.iter().map(|&s| Some(s)).collect(),
    }
}

/// A held fact: its key and where it came from (a held arrival is final).
type HeldFact = (Key, RecordId, AgencyId);

/// Facts an agency certainly knew before the current point of the certain
/// pass, in the order they became certain (lists only grow).
#[derive(Default)]
struct Held {
    /// Agency → every fact it holds.
    all: FastMap<AgencyId, Vec<HeldFact>>,
    /// (agency, subject) → the facts it holds about the subject.
    by_subject: FastMap<(AgencyId, SubjectId), Vec<HeldFact>>,
}

impl Held {
    fn insert(&mut self, agency: AgencyId, key: Key, arrival: &Arrival) {
        let fact = (key, arrival.origin, arrival.origin_agency);
        self.all.entry(agency).or_default().push(fact);
        self.by_subject
            .entry((agency, key.subject))
            .or_default()
            .push(fact);
    }

    /// The facts `agency` holds under `selector`, in the order it came to
    /// hold them.
    fn facts(&self, agency: AgencyId, selector: Selector) -> &[HeldFact] {
        let list = match selector {
            None => self.all.get(&agency),
            Some(subject) => self.by_subject.get(&(agency, subject)),
        };
        list.map_or(&[], Vec::as_slice)
    }
}

/// How far a (sender, receiver, selector) channel has been served in the
/// certain pass: the sender's first `sent` held facts have been offered to
/// the receiver with arrivals ending no later than `hi`.
#[derive(Clone, Copy)]
struct Served {
    sent: usize,
    hi: i64,
}

/// Earliest certain arrival of every fact.
///
/// Sharings are taken once each, in order of `(lo, hi, record)`. A fact
/// becomes *held* by an agency once the pass reaches a sharing starting at
/// or after its best certain arrival's `hi`; only held facts are passed on,
/// which is exactly the rule `K.hi <= S.lo`.
///
/// Why one pass suffices: every arrival a sharing `S` delivers has
/// `hi = S.hi > S.lo`. A sharing `T` processed before `S` has
/// `T.lo <= S.lo < S.hi`, so nothing `S` delivers could ever certainly
/// precede `T`: no earlier-processed sharing would have had to pass it on.
/// Conversely, everything that certainly precedes `S` (`hi <= S.lo`) was
/// either observed first-hand or delivered by a sharing `T` with
/// `T.hi <= S.lo`, hence `T.lo < S.lo`, processed before `S`. And a held
/// fact is final: every later candidate comes from a sharing `U` with
/// `U.lo >= S.lo >= hi`, so its `hi = U.hi > U.lo` is larger.
///
/// Facts moved: a sharing passes on, along each (sender, receiver, subject
/// selector) channel, only the facts the sender came to hold since that
/// channel was last served, because an earlier sharing `T` on the channel
/// (processed first, so `(T.lo, T.hi, T.record)` is no greater) already
/// offered the older facts with an arrival at least as good, provided
/// `T.hi <= S.hi`. When `S.hi` is smaller (a sharing dated within the span
/// of an earlier, vaguer one) the channel is served again in full.
fn certain_pass(observations: &[Observation], shares: &[Share]) -> FastMap<Fact, Arrival> {
    let mut best: FastMap<Fact, Arrival> =
        FastMap::with_capacity_and_hasher(observations.len(), Default::default());
    let mut pending: BinaryHeap<Reverse<(i64, AgencyId, Key)>> = BinaryHeap::new();
    let mut by_record: FastMap<RecordId, Vec<&Observation>> = FastMap::default();
    for o in observations {
        offer_certain(&mut best, &mut pending, o.agency, o.key, own(o));
        by_record.entry(o.record).or_default().push(o);
    }

    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by_key(|&i| (shares[i].at.lo, shares[i].at.hi, shares[i].record, i));

    let mut settled: FastSet<Fact> = FastSet::default();
    let mut held = Held::default();
    let mut channels: FastMap<(AgencyId, AgencyId, Selector), Served> = FastMap::default();
    let mut moves: Vec<(AgencyId, Key, Arrival)> = Vec::new();
    for i in order {
        let s = &shares[i];
        // Hold everything certainly known before this sharing began.
        while let Some(&Reverse((hi, agency, key))) = pending.peek() {
            if hi > s.at.lo {
                break;
            }
            pending.pop();
            if settled.insert((agency, key)) {
                if let Some(arrival) = best.get(&(agency, key)) {
                    held.insert(agency, key, arrival);
                }
            }
        }

        // What each sender certainly knew before the sharing.
        moves.clear();
        let selectors = selectors(&s.subjects);
        for &from in s.senders() {
            let via = Via::Shared {
                record: s.record,
                from,
            };
            for to in s.receivers(from) {
                for &selector in &selectors {
                    let facts = held.facts(from, selector);
                    let len = facts.len();
                    let served = channels.entry((from, to, selector)).or_insert(Served {
                        sent: 0,
                        hi: i64::MAX,
                    });
                    let start = if s.at.hi >= served.hi { served.sent } else { 0 };
                    *served = Served {
                        sent: len,
                        hi: s.at.hi,
                    };
                    for &(key, origin, origin_agency) in facts.get(start..).unwrap_or(&[]) {
                        moves.push((
                            to,
                            key,
                            Arrival {
                                at: s.at,
                                via,
                                origin,
                                origin_agency,
                            },
                        ));
                    }
                }
            }
        }

        // The sharing's own record, if it is also the sender's first-hand
        // record of a fact.
        if let (Flow::Directed { from, .. }, Some(list)) = (&s.flow, by_record.get(&s.record)) {
            for o in list {
                if o.agency == *from && s.subjects.covers(o.key.subject) && o.at.lo < s.at.hi {
                    let arrival = Arrival {
                        at: Span {
                            lo: o.at.lo.max(s.at.lo),
                            hi: s.at.hi,
                        },
                        via: Via::Shared {
                            record: s.record,
                            from: *from,
                        },
                        origin: o.record,
                        origin_agency: *from,
                    };
                    for to in s.receivers(*from) {
                        moves.push((to, o.key, arrival));
                    }
                }
            }
        }

        for &(to, key, arrival) in &moves {
            if !settled.contains(&(to, key)) {
                offer_certain(&mut best, &mut pending, to, key, arrival);
            }
        }
    }
    best
}

fn offer_certain(
    best: &mut FastMap<Fact, Arrival>,
    pending: &mut BinaryHeap<Reverse<(i64, AgencyId, Key)>>,
    agency: AgencyId,
    key: Key,
    arrival: Arrival,
) {
    let slot = best.entry((agency, key)).or_insert(arrival);
    if *slot == arrival || certain_rank(&arrival) < certain_rank(slot) {
        *slot = arrival;
        pending.push(Reverse((arrival.at.hi, agency, key)));
    }
}

/// A minimum segment tree over a fixed list of values.
struct MinTree {
    len: usize,
    width: usize,
    tree: Vec<i64>,
}

impl MinTree {
    fn new(values: &[i64]) -> MinTree {
        let width = values.len().next_power_of_two().max(1);
        let mut tree = vec![i64::MAX; 2 * width];
        tree[width..width + values.len()].copy_from_slice(values);
        for node in (1..width).rev() {
            tree[node] = tree[2 * node].min(tree[2 * node + 1]);
        }
        MinTree {
            len: values.len(),
            width,
            tree,
        }
    }

    /// The first index at or after `from` whose value is at most `bound`.
    fn first_at_most(&self, from: usize, bound: i64) -> Option<usize> {
        self.descend(1, 0, self.width, from, bound)
    }

    fn descend(&self, node: usize, lo: usize, hi: usize, from: usize, bound: i64) -> Option<usize> {
        if hi <= from || lo >= self.len || *self.tree.get(node)? > bound {
            return None;
        }
        if hi - lo == 1 {
            return Some(lo);
        }
        let mid = lo + (hi - lo) / 2;
        self.descend(2 * node, lo, mid, from, bound)
            .or_else(|| self.descend(2 * node + 1, mid, hi, from, bound))
    }
}

/// The sharings from one agency to another under one selector, indexed for
/// the possible pass.
struct Channel {
    to: AgencyId,
    /// `(hi, record, lo, share)`, sorted.
    by_hi: Vec<(i64, RecordId, i64, usize)>,
    /// The `lo` of each entry of `by_hi`.
    lo_tree: MinTree,
    /// `(lo, hi, record, share)`, sorted.
    by_lo: Vec<(i64, i64, RecordId, usize)>,
}

impl Channel {
    fn new(to: AgencyId, shares: &[Share], indices: &[usize]) -> Channel {
        let mut by_hi: Vec<_> = indices
            .iter()
            .map(|&i| (shares[i].at.hi, shares[i].record, shares[i].at.lo, i))
            .collect();
        by_hi.sort_unstable();
        let mut by_lo: Vec<_> = indices
            .iter()
            .map(|&i| (shares[i].at.lo, shares[i].at.hi, shares[i].record, i))
            .collect();
        by_lo.sort_unstable();
        let lo_tree = MinTree::new(&by_hi.iter().map(|e| e.2).collect::<Vec<_>>());
        Channel {
            to,
            by_hi,
            lo_tree,
            by_lo,
        }
    }

    /// The sharing through which a fact possibly held from `l` reaches the
    /// receiver best: arriving at `max(l, S.lo)`, then ending soonest, then
    /// by record. A sharing under way at `l` (`S.lo <= l < S.hi`) arrives
    /// at `l` itself, before any sharing starting later.
    fn best_after(&self, l: i64) -> Option<usize> {
        let p = self.by_hi.partition_point(|e| e.0 <= l);
        if let Some(i) = self.lo_tree.first_at_most(p, l) {
            return self.by_hi.get(i).map(|e| e.3);
        }
        let q = self.by_lo.partition_point(|e| e.0 <= l);
        self.by_lo.get(q).map(|e| e.3)
    }
}

/// Facts waiting to be settled in the possible pass, by `(lo, hi)`.
type Frontier = BinaryHeap<Reverse<(i64, i64, AgencyId, Key)>>;

/// Earliest possible arrival of every fact: Dijkstra on `lo`.
///
/// A fact possibly held from `L` passes through a sharing `S` when
/// `L < S.hi`, arriving at `max(L, S.lo)`, which is never below `L`; so
/// facts can be settled in increasing order of `lo`. The sharings are
/// grouped into (sender, receiver, subject selector) channels, and a
/// settled fact asks each of its holder's channels only for its best
/// sharing ([`Channel::best_after`], `O(log n)`), so the cost is
/// `O(facts × receivers × log n)`. (The certain pass's single sweep by
/// `S.lo` would miss transfers through overlapping sharings, e.g. a
/// referral dated only by its day and a fact learned at 15:00 that day.)
/// The order of settling, and so the result, depends only on the values
/// given, never on their order in the input.
fn possible_pass(observations: &[Observation], shares: &[Share]) -> FastMap<Fact, Arrival> {
    let mut grouped: BTreeMap<(AgencyId, Selector, AgencyId), Vec<usize>> = BTreeMap::new();
    for (i, s) in shares.iter().enumerate() {
        let selectors = selectors(&s.subjects);
        for &from in s.senders() {
            for to in s.receivers(from) {
                for &selector in &selectors {
                    grouped.entry((from, selector, to)).or_default().push(i);
                }
            }
        }
    }
    let mut channels: Vec<Channel> = Vec::with_capacity(grouped.len());
    let mut outgoing: FastMap<(AgencyId, Selector), Vec<usize>> = FastMap::default();
    for ((from, selector, to), indices) in grouped {
        outgoing
            .entry((from, selector))
            .or_default()
            .push(channels.len());
        channels.push(Channel::new(to, shares, &indices));
    }

    let mut best: FastMap<Fact, Arrival> =
        FastMap::with_capacity_and_hasher(observations.len(), Default::default());
    let mut frontier: Frontier = BinaryHeap::new();
    for o in observations {
        offer_possible(&mut best, &mut frontier, o.agency, o.key, own(o));
    }
    let mut settled: FastSet<Fact> = FastSet::default();
    while let Some(Reverse((_, _, from, key))) = frontier.pop() {
        // The first time a fact comes off the heap it carries its best
        // `(lo, hi)`; later copies are stale. A candidate with the same
        // `(lo, hi)` offered after it is settled is not taken: among equal
        // spans the arrival kept is the best one offered before.
        if !settled.insert((from, key)) {
            continue;
        }
        let Some(&known) = best.get(&(from, key)) else {
            continue;
        };
        for selector in [Some(key.subject), None] {
            let Some(list) = outgoing.get(&(from, selector)) else {
                continue;
            };
            for &c in list {
                let Some(channel) = channels.get(c) else {
                    continue;
                };
                if settled.contains(&(channel.to, key)) {
                    continue;
                }
                let Some(s) = channel.best_after(known.at.lo).and_then(|i| shares.get(i)) else {
                    continue;
                };
                let arrival = Arrival {
                    at: Span {
                        lo: known.at.lo.max(s.at.lo),
                        hi: s.at.hi,
                    },
                    via: Via::Shared {
                        record: s.record,
                        from,
                    },
                    origin: known.origin,
                    origin_agency: known.origin_agency,
                };
                offer_possible(&mut best, &mut frontier, channel.to, key, arrival);
            }
        }
    }
    best
}

fn offer_possible(
    best: &mut FastMap<Fact, Arrival>,
    frontier: &mut Frontier,
    agency: AgencyId,
    key: Key,
    arrival: Arrival,
) {
    let slot = best.entry((agency, key)).or_insert(arrival);
    if *slot == arrival || possible_rank(&arrival) < possible_rank(slot) {
        *slot = arrival;
        frontier.push(Reverse((arrival.at.lo, arrival.at.hi, agency, key)));
    }
}

/// Works out who knew what, and when, from first-hand observations and the
/// sharing events between agencies. Never panics; spans with `hi <= lo` are
/// normalised (see [`Span::normalised`]).
pub fn propagate(observations: &[Observation], sharings: &[Sharing]) -> Knowledge {
    let observations: Vec<Observation> = observations
        .iter()
        .map(|o| Observation {
            at: o.at.normalised(),
            ..*o
        })
        .collect();
    let shares: Vec<Share> = sharings.iter().map(Share::new).collect();

    let mut certain = certain_pass(&observations, &shares);
    let possible = possible_pass(&observations, &shares);

    let mut slots: Vec<(Fact, Slot)> = Vec::with_capacity(possible.len());
    for (fact, p) in possible {
        let c = certain.remove(&fact);
        // Every certain transfer is also a possible one, so `p.at.lo` is at
        // most the certain arrival's `lo`; on a tie the certain arrival is
        // the better account of it.
        let possible = match c {
            Some(c) if c.at.lo <= p.at.lo => c,
            _ => p,
        };
        slots.push((
            fact,
            Slot {
                certain: c,
                possible,
            },
        ));
    }
    // Defensive: a certain arrival without a possible one cannot happen.
    for (fact, c) in certain {
        slots.push((
            fact,
            Slot {
                certain: Some(c),
                possible: c,
            },
        ));
    }
    slots.sort_unstable_by_key(|(fact, _)| *fact);

    let mut ranked: FastMap<Key, Vec<(Rank, AgencyId)>> = FastMap::default();
    for ((agency, key), slot) in &slots {
        if let Some(c) = &slot.certain {
            ranked
                .entry(*key)
                .or_default()
                .push((certain_rank(c), *agency));
        }
    }
    let holders = ranked
        .into_iter()
        .map(|(key, mut agencies)| {
            agencies.sort_unstable();
            (key, agencies.into_iter().map(|(_, a)| a).collect())
        })
        .collect();

    let mut knowledge = Knowledge {
        slots,
        holders,
        ..Knowledge::default()
    };
    knowledge.build_graph(&observations, &shares);
    knowledge
}

impl Knowledge {
    fn slot(&self, agency: AgencyId, key: Key) -> Option<&Slot> {
        self.slots
            .binary_search_by_key(&(agency, key), |(fact, _)| *fact)
            .ok()
            .and_then(|i| self.slots.get(i))
            .map(|(_, slot)| slot)
    }

    fn build_graph(&mut self, observations: &[Observation], shares: &[Share]) {
        let mut agencies: BTreeSet<AgencyId> = observations.iter().map(|o| o.agency).collect();
        for s in shares {
            match &s.flow {
                Flow::Directed { from, to } => {
                    agencies.insert(*from);
                    agencies.extend(to.iter().copied());
                }
                Flow::Meeting { attendees } => agencies.extend(attendees.iter().copied()),
            }
        }
        for a in agencies {
            let node = self.graph.add_node(GraphNode::Agency(a));
            self.agency_nodes.insert(a, node);
        }
        for s in shares {
            let edge = GraphEdge {
                record: s.record,
                at: s.at,
            };
            let mut added = Vec::new();
            match &s.flow {
                Flow::Directed { from, to } => {
                    if let Some(&f) = self.agency_nodes.get(from) {
                        for t in to {
                            if let Some(&t) = self.agency_nodes.get(t) {
                                added.push(self.graph.add_edge(f, t, edge));
                            }
                        }
                    }
                }
                Flow::Meeting { attendees } => {
                    let hub = self.graph.add_node(GraphNode::Meeting {
                        record: s.record,
                        at: s.at,
                    });
                    for a in attendees {
                        if let Some(&a) = self.agency_nodes.get(a) {
                            added.push(self.graph.add_edge(a, hub, edge));
                            added.push(self.graph.add_edge(hub, a, edge));
                        }
                    }
                }
            }
            self.sharing_edges
                .entry(s.record)
                .or_default()
                .extend(added);
        }
    }

    /// The earliest certain arrival of `key` at `agency`: the arrival whose
    /// span ends soonest, so that the agency certainly knew it from then on.
    pub fn certain(&self, agency: AgencyId, key: Key) -> Option<&Arrival> {
        self.slot(agency, key).and_then(|s| s.certain.as_ref())
    }

    /// The earliest possible arrival of `key` at `agency`: the arrival whose
    /// span starts soonest, counting transfers whose order is uncertain. It
    /// is the certain arrival when nothing earlier was possible.
    pub fn possible(&self, agency: AgencyId, key: Key) -> Option<&Arrival> {
        self.slot(agency, key).map(|s| &s.possible)
    }

    /// Whether `agency` knew `key` before the event at `at` (e.g. a
    /// decision): [`Certainty::Yes`] if it certainly arrived before `at`
    /// began; [`Certainty::Maybe`] if it could have arrived before `at`
    /// ended; otherwise [`Certainty::No`].
    pub fn knew_before(&self, agency: AgencyId, key: Key, at: Span) -> Certainty {
        let at = at.normalised();
        let Some(slot) = self.slot(agency, key) else {
            return Certainty::No;
        };
        if slot.certain.is_some_and(|c| c.at.certainly_before(at)) {
            Certainty::Yes
        } else if slot.possible.at.possibly_before(at)
            || slot.certain.is_some_and(|c| c.at.possibly_before(at))
        {
            Certainty::Maybe
        } else {
            Certainty::No
        }
    }

    /// The agencies that certainly knew `key` before `at` began, soonest
    /// first (by arrival, then agency id).
    pub fn holders(&self, key: Key, at: Span) -> Vec<(AgencyId, &Arrival)> {
        let at = at.normalised();
        let Some(agencies) = self.holders.get(&key) else {
            return Vec::new();
        };
        agencies
            .iter()
            .filter_map(|&a| self.certain(a, key).map(|arrival| (a, arrival)))
            .take_while(|(_, arrival)| arrival.at.certainly_before(at))
            .collect()
    }

    /// Every (agency, key) certainly known by time `t` (the arrival's span
    /// ended at or before `t`), in order of agency, then key.
    pub fn as_at(&self, t: i64) -> Vec<(AgencyId, Key, &Arrival)> {
        self.entries().filter(|(_, _, a)| a.at.hi <= t).collect()
    }

    /// Every (agency, key) ever certainly known, with its earliest certain
    /// arrival, in order of agency, then key.
    pub fn entries(&self) -> impl Iterator<Item = (AgencyId, Key, &Arrival)> {
        self.slots
            .iter()
            .filter_map(|((agency, key), s)| s.certain.as_ref().map(|a| (*agency, *key, a)))
    }

    /// Every (agency, key) ever certainly or possibly known, with its
    /// earliest possible arrival, in order of agency, then key.
    pub fn possible_entries(&self) -> impl Iterator<Item = (AgencyId, Key, &Arrival)> {
        self.slots
            .iter()
            .map(|((agency, key), s)| (*agency, *key, &s.possible))
    }

    /// The sharing records through which `agency` first certainly came to
    /// know `key`, from the one nearest the first-hand record to the one
    /// that reached `agency`. Empty when it knew first-hand, or never
    /// certainly knew.
    pub fn path(&self, agency: AgencyId, key: Key) -> Vec<RecordId> {
        let mut records = Vec::new();
        let mut at = agency;
        // Every step goes to an arrival ending strictly sooner, so the chain
        // is finite; the bound only guards against the impossible.
        for _ in 0..=self.slots.len() {
            let Some(arrival) = self.certain(at, key) else {
                break;
            };
            let Via::Shared { record, from } = arrival.via else {
                break;
            };
            if !self.shared_between(from, at, record) {
                break;
            }
            records.push(record);
            if arrival.origin == record && arrival.origin_agency == from {
                // The sharing's own record was the first-hand record.
                break;
            }
            at = from;
        }
        records.reverse();
        records
    }

    /// Whether sharing `record` is an edge of the graph from agency `from`
    /// to agency `to` (directly, or through a meeting hub).
    fn shared_between(&self, from: AgencyId, to: AgencyId, record: RecordId) -> bool {
        let (Some(&f), Some(&t)) = (self.agency_nodes.get(&from), self.agency_nodes.get(&to))
        else {
            return false;
        };
        let Some(edges) = self.sharing_edges.get(&record) else {
            return false;
        };
        edges.iter().any(|&e| match self.graph.edge_endpoints(e) {
            Some((a, b)) if a == f && b == t => true,
            Some((a, hub)) if a == f => {
                matches!(self.graph.node_weight(hub), Some(GraphNode::Meeting { .. }))
                    && self.graph.find_edge(hub, t).is_some()
            }
            _ => false,
        })
    }

    /// The temporal graph of sharing events: one node per agency and per
    /// meeting, one edge per directed sharing from sender to each
    /// recipient, and for a meeting an edge from each attendee to the
    /// meeting and back. Each edge carries its record and span.
    pub fn graph(&self) -> &DiGraph<GraphNode, GraphEdge> {
        &self.graph
    }

    /// The graph node of `agency`, if it appeared in any input.
    pub fn agency_node(&self, agency: AgencyId) -> Option<NodeIndex> {
        self.agency_nodes.get(&agency).copied()
    }
}

/// One (agency, key) as [`Knowledge`] serialises it.
#[derive(Serialize)]
struct EntryOut<'a> {
    agency: AgencyId,
    subject: SubjectId,
    indicator: IndicatorId,
    certain: Option<&'a Arrival>,
    possible: &'a Arrival,
    path: Vec<RecordId>,
}

impl Serialize for Knowledge {
    /// An array of `{ agency, subject, indicator, certain, possible, path }`
    /// in order of agency, then key; `certain` is `null` when the agency
    /// only possibly knew.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.slots.len()))?;
        for &((agency, key), ref slot) in &self.slots {
            seq.serialize_element(&EntryOut {
                agency,
                subject: key.subject,
                indicator: key.indicator,
                certain: slot.certain.as_ref(),
                possible: &slot.possible,
                path: self.path(agency, key),
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::{parse_when, UNBOUNDED_FUTURE, UNBOUNDED_PAST};
    use chrono::{Months, NaiveDate, TimeZone};
    use chrono_tz::Europe::London;
    use proptest::collection::vec;
    use proptest::prelude::*;

    const POLICE: AgencyId = 1;
    const CSC: AgencyId = 2;
    const SCHOOL: AgencyId = 3;
    const HEALTH: AgencyId = 4;
    const GP: AgencyId = 5;

    const CHILD: SubjectId = 1;
    const SIBLING: SubjectId = 2;

    /// Domestic abuse incident concerning the child.
    const DA: Key = Key {
        subject: CHILD,
        indicator: 7,
    };
    /// Injury to the child.
    const INJURY: Key = Key {
        subject: CHILD,
        indicator: 3,
    };

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// UK local time to UTC Unix seconds.
    fn london(day: NaiveDate, h: u32, m: u32) -> i64 {
        London
            .from_local_datetime(&day.and_hms_opt(h, m, 0).expect("valid time"))
            .single()
            .expect("unambiguous local time")
            .timestamp()
    }

    /// A day-precision date: London midnight to midnight.
    fn day(y: i32, m: u32, d: u32) -> Span {
        let first = date(y, m, d);
        let next = first.succ_opt().expect("next day");
        Span::new(london(first, 0, 0), london(next, 0, 0))
    }

    /// An instant (date and time): one second.
    fn instant(y: i32, m: u32, d: u32, h: u32, mi: u32) -> Span {
        let t = london(date(y, m, d), h, mi);
        Span::new(t, t + 1)
    }

    /// A month-precision date: the whole month, London time.
    fn month(y: i32, m: u32) -> Span {
        let first = date(y, m, 1);
        let next = first.checked_add_months(Months::new(1)).expect("month");
        Span::new(london(first, 0, 0), london(next, 0, 0))
    }

    fn obs(agency: AgencyId, key: Key, at: Span, record: RecordId) -> Observation {
        Observation {
            agency,
            key,
            at,
            record,
        }
    }

    fn tell(record: RecordId, at: Span, from: AgencyId, to: &[AgencyId]) -> Sharing {
        Sharing {
            record,
            at,
            kind: SharingKind::Directed {
                from,
                to: to.to_vec(),
            },
            subjects: None,
        }
    }

    fn about(sharing: Sharing, subjects: &[SubjectId]) -> Sharing {
        Sharing {
            subjects: Some(subjects.to_vec()),
            ..sharing
        }
    }

    fn meeting(record: RecordId, at: Span, attendees: &[AgencyId], absent: &[AgencyId]) -> Sharing {
        Sharing {
            record,
            at,
            kind: SharingKind::Meeting {
                attendees: attendees.to_vec(),
                absent: absent.to_vec(),
            },
            subjects: None,
        }
    }

    fn shared(record: RecordId, from: AgencyId) -> Via {
        Via::Shared { record, from }
    }

    #[test]
    fn spans_match_when_bounds() {
        let bounds =
            |d: &str, t: Option<&str>| Span::from(parse_when(d, t).expect("date").bounds());
        assert_eq!(day(2021, 3, 1), bounds("01/03/2021", None));
        assert_eq!(day(2021, 3, 28), bounds("28/03/2021", None)); // clocks go forward
        assert_eq!(
            instant(2021, 3, 2, 10, 0),
            bounds("02/03/2021", Some("10:00"))
        );
        assert_eq!(month(2021, 3), bounds("March 2021", None));
    }

    #[test]
    fn chain_monday_then_wednesday() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 2, 26), 10)],
            &[
                tell(20, day(2021, 3, 1), POLICE, &[CSC]),
                tell(21, day(2021, 3, 3), CSC, &[SCHOOL]),
            ],
        );
        let school = *k.certain(SCHOOL, DA).expect("school knew");
        assert_eq!(
            school,
            Arrival {
                at: day(2021, 3, 3),
                via: shared(21, CSC),
                origin: 10,
                origin_agency: POLICE,
            }
        );
        assert_eq!(k.possible(SCHOOL, DA), Some(&school));
        assert_eq!(k.certain(CSC, DA).map(|a| a.at), Some(day(2021, 3, 1)));
        assert_eq!(k.certain(POLICE, DA).map(|a| a.via), Some(Via::Own));
        assert_eq!(k.path(SCHOOL, DA), vec![20, 21]);
        assert_eq!(k.path(CSC, DA), vec![20]);
        assert!(k.path(POLICE, DA).is_empty());

        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 2, 12, 0)),
            Certainty::No
        );
        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 3, 12, 0)),
            Certainty::Maybe
        );
        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 4, 9, 0)),
            Certainty::Yes
        );
        assert_eq!(k.knew_before(SCHOOL, DA, day(2021, 3, 4)), Certainty::Yes);
    }

    #[test]
    fn chain_out_of_order_in_time_passes_nothing() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 2, 26), 10)],
            &[
                tell(21, day(2021, 3, 1), CSC, &[SCHOOL]),
                tell(20, day(2021, 3, 3), POLICE, &[CSC]),
            ],
        );
        assert_eq!(k.certain(CSC, DA).map(|a| a.at), Some(day(2021, 3, 3)));
        assert_eq!(k.certain(SCHOOL, DA), None);
        assert_eq!(k.possible(SCHOOL, DA), None);
        assert_eq!(k.knew_before(SCHOOL, DA, day(2022, 1, 1)), Certainty::No);
        assert!(k.path(SCHOOL, DA).is_empty());
    }

    #[test]
    fn meeting_shares_among_attendees_and_not_with_absentees() {
        let k = propagate(
            &[
                obs(POLICE, DA, day(2021, 3, 1), 10),
                obs(HEALTH, INJURY, day(2021, 3, 2), 11),
            ],
            &[meeting(
                30,
                instant(2021, 3, 4, 14, 0),
                &[POLICE, HEALTH, CSC, GP],
                &[SCHOOL, GP],
            )],
        );
        let at = instant(2021, 3, 4, 14, 0);
        let arrival = |agency, key| k.certain(agency, key).map(|a| (a.at, a.via));
        assert_eq!(arrival(CSC, DA), Some((at, shared(30, POLICE))));
        assert_eq!(arrival(CSC, INJURY), Some((at, shared(30, HEALTH))));
        assert_eq!(arrival(HEALTH, DA), Some((at, shared(30, POLICE))));
        assert_eq!(arrival(POLICE, INJURY), Some((at, shared(30, HEALTH))));
        assert_eq!(arrival(POLICE, DA).map(|a| a.1), Some(Via::Own));
        // Absent (GP is listed as both: absent wins) learns nothing.
        for agency in [SCHOOL, GP] {
            for key in [DA, INJURY] {
                assert_eq!(k.possible(agency, key), None);
            }
        }
        assert_eq!(k.path(CSC, INJURY), vec![30]);
    }

    #[test]
    fn meeting_does_not_pass_on_what_it_taught() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 3, 1), 10)],
            &[
                meeting(30, day(2021, 3, 4), &[POLICE, CSC, SCHOOL], &[]),
                // CSC phones health the same afternoon: the meeting has no
                // time, so the order is unknown.
                tell(31, instant(2021, 3, 4, 16, 0), CSC, &[HEALTH]),
                // A core group without the police, days later.
                meeting(32, day(2021, 3, 8), &[CSC, GP], &[POLICE]),
            ],
        );
        // Everyone at the meeting learned it from the police, not from one
        // another at the same meeting.
        for agency in [CSC, SCHOOL] {
            let a = k.certain(agency, DA).expect("attendee knew");
            assert_eq!((a.at, a.via), (day(2021, 3, 4), shared(30, POLICE)));
            assert_eq!(k.path(agency, DA), vec![30]);
        }
        assert_eq!(k.certain(HEALTH, DA), None);
        assert_eq!(
            k.possible(HEALTH, DA).map(|a| (a.at, a.via)),
            Some((instant(2021, 3, 4, 16, 0), shared(31, CSC)))
        );
        let gp = k.certain(GP, DA).expect("gp knew");
        assert_eq!((gp.at, gp.via), (day(2021, 3, 8), shared(32, CSC)));
        assert_eq!(k.path(GP, DA), vec![30, 32]);
        let holders: Vec<AgencyId> = k
            .holders(DA, day(2021, 3, 9))
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(holders, vec![POLICE, CSC, SCHOOL, GP]);
    }

    #[test]
    fn sharing_just_before_or_after_a_decision() {
        let decision = instant(2021, 3, 2, 10, 30);
        let fact = obs(POLICE, DA, day(2021, 3, 1), 10);

        let before = propagate(
            &[fact],
            &[tell(20, instant(2021, 3, 2, 10, 0), POLICE, &[CSC])],
        );
        assert_eq!(before.knew_before(CSC, DA, decision), Certainty::Yes);
        let holders: Vec<AgencyId> = before
            .holders(DA, decision)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(holders, vec![POLICE, CSC]);

        let after = propagate(
            &[fact],
            &[tell(20, instant(2021, 3, 2, 11, 0), POLICE, &[CSC])],
        );
        assert_eq!(after.knew_before(CSC, DA, decision), Certainty::No);
        assert_eq!(after.knew_before(POLICE, DA, decision), Certainty::Yes);
        let holders: Vec<AgencyId> = after
            .holders(DA, decision)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(holders, vec![POLICE]);

        // Shared in the same minute (same second) as the decision: unknown.
        let same = propagate(&[fact], &[tell(20, decision, POLICE, &[CSC])]);
        assert_eq!(same.knew_before(CSC, DA, decision), Certainty::Maybe);
    }

    #[test]
    fn same_day_records_without_times_are_only_possible() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 3, 1), 10)],
            &[
                tell(20, day(2021, 3, 1), POLICE, &[CSC]),
                tell(21, day(2021, 3, 3), CSC, &[SCHOOL]),
            ],
        );
        // The referral may have been sent before the incident was known.
        assert_eq!(k.certain(CSC, DA), None);
        let csc = k.possible(CSC, DA).expect("possibly known");
        assert_eq!((csc.at, csc.via), (day(2021, 3, 1), shared(20, POLICE)));
        assert_eq!(
            k.knew_before(CSC, DA, instant(2021, 3, 2, 10, 0)),
            Certainty::Maybe
        );
        assert_eq!(
            k.knew_before(CSC, DA, instant(2021, 3, 1, 10, 0)),
            Certainty::Maybe
        );
        assert_eq!(
            k.knew_before(CSC, DA, instant(2021, 2, 28, 10, 0)),
            Certainty::No
        );
        assert_eq!(
            k.knew_before(POLICE, DA, instant(2021, 3, 2, 10, 0)),
            Certainty::Yes
        );
        // Passed on later, it is still only possible.
        assert_eq!(k.certain(SCHOOL, DA), None);
        assert_eq!(
            k.possible(SCHOOL, DA).map(|a| (a.at, a.via, a.origin)),
            Some((day(2021, 3, 3), shared(21, CSC), 10))
        );
        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 4, 9, 0)),
            Certainty::Maybe
        );
        let certain: Vec<AgencyId> = k.entries().map(|(a, _, _)| a).collect();
        assert_eq!(certain, vec![POLICE]);
        assert_eq!(k.possible_entries().count(), 3);
    }

    #[test]
    fn month_precision_is_certain_only_after_the_month() {
        let k = propagate(
            &[obs(POLICE, DA, month(2021, 3), 10)],
            &[
                tell(20, day(2021, 3, 10), POLICE, &[CSC]),
                tell(21, day(2021, 4, 2), POLICE, &[SCHOOL]),
            ],
        );
        assert_eq!(k.certain(CSC, DA), None);
        assert_eq!(k.possible(CSC, DA).map(|a| a.at), Some(day(2021, 3, 10)));
        assert_eq!(k.knew_before(CSC, DA, day(2021, 3, 20)), Certainty::Maybe);
        assert_eq!(k.certain(SCHOOL, DA).map(|a| a.at), Some(day(2021, 4, 2)));
        assert_eq!(k.knew_before(SCHOOL, DA, day(2021, 4, 3)), Certainty::Yes);

        // A fact from 10 March shared "in March": possible, but never
        // before the 10th.
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 3, 10), 10)],
            &[tell(20, month(2021, 3), POLICE, &[CSC])],
        );
        assert_eq!(k.certain(CSC, DA), None);
        assert_eq!(
            k.possible(CSC, DA).map(|a| a.at),
            Some(Span::new(day(2021, 3, 10).lo, month(2021, 3).hi))
        );
        assert_eq!(k.knew_before(CSC, DA, day(2021, 3, 5)), Certainty::No);
        assert_eq!(k.knew_before(CSC, DA, day(2021, 3, 10)), Certainty::Maybe);
    }

    #[test]
    fn certain_keeps_soonest_end_and_possible_soonest_start() {
        let k = propagate(
            &[
                obs(POLICE, DA, month(2021, 3), 10),
                obs(POLICE, DA, day(2021, 3, 10), 11),
            ],
            &[],
        );
        assert_eq!(k.certain(POLICE, DA).map(|a| a.origin), Some(11));
        assert_eq!(k.possible(POLICE, DA).map(|a| a.origin), Some(10));
        assert_eq!(k.knew_before(POLICE, DA, day(2021, 2, 20)), Certainty::No);
        assert_eq!(k.knew_before(POLICE, DA, day(2021, 3, 5)), Certainty::Maybe);
        assert_eq!(k.knew_before(POLICE, DA, day(2021, 3, 12)), Certainty::Yes);

        // "before 10/03/2021" is certainly known from the 10th.
        let k = propagate(
            &[obs(
                POLICE,
                DA,
                Span::new(UNBOUNDED_PAST, day(2021, 3, 10).lo),
                10,
            )],
            &[tell(20, day(2021, 3, 10), POLICE, &[CSC])],
        );
        assert_eq!(k.certain(CSC, DA).map(|a| a.at), Some(day(2021, 3, 10)));
    }

    #[test]
    fn sharing_about_one_subject_passes_nothing_about_another() {
        let sibling = Key {
            subject: SIBLING,
            ..DA
        };
        let k = propagate(
            &[
                obs(POLICE, DA, day(2021, 3, 1), 10),
                obs(POLICE, sibling, day(2021, 3, 1), 11),
            ],
            &[
                about(tell(20, day(2021, 3, 2), POLICE, &[CSC]), &[CHILD]),
                tell(21, day(2021, 3, 2), POLICE, &[SCHOOL]),
                about(tell(22, day(2021, 3, 2), POLICE, &[HEALTH]), &[]),
            ],
        );
        assert!(k.certain(CSC, DA).is_some());
        assert_eq!(k.possible(CSC, sibling), None);
        assert!(k.certain(SCHOOL, DA).is_some());
        assert!(k.certain(SCHOOL, sibling).is_some());
        assert_eq!(k.possible(HEALTH, DA), None);
        assert_eq!(k.possible(HEALTH, sibling), None);
    }

    #[test]
    fn a_referral_record_passes_on_what_it_records() {
        // Police log: "attended DA incident, referred to CSC" — one record,
        // both the first-hand fact and the sharing.
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 3, 1), 10)],
            &[tell(10, day(2021, 3, 1), POLICE, &[CSC])],
        );
        let csc = k.certain(CSC, DA).expect("referral carried it");
        assert_eq!(
            (csc.at, csc.via, csc.origin),
            (day(2021, 3, 1), shared(10, POLICE), 10)
        );
        assert_eq!(k.path(CSC, DA), vec![10]);

        // An attendee's own note of a meeting may record what it learned
        // there: no such exception for meetings.
        let k = propagate(
            &[obs(HEALTH, INJURY, day(2021, 3, 5), 40)],
            &[meeting(40, day(2021, 3, 5), &[HEALTH, CSC], &[])],
        );
        assert_eq!(k.certain(CSC, INJURY), None);
        assert!(k.possible(CSC, INJURY).is_some());
    }

    #[test]
    fn overlapping_sharings_make_onward_transfer_possible() {
        // CSC's referral to school is dated only by its day; the police told
        // CSC at 15:00 that day. School may or may not have been told.
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 2, 26), 10)],
            &[
                tell(21, day(2021, 3, 1), CSC, &[SCHOOL]),
                tell(20, instant(2021, 3, 1, 15, 0), POLICE, &[CSC]),
            ],
        );
        assert_eq!(
            k.certain(CSC, DA).map(|a| a.at),
            Some(instant(2021, 3, 1, 15, 0))
        );
        assert_eq!(k.certain(SCHOOL, DA), None);
        assert_eq!(
            k.possible(SCHOOL, DA).map(|a| (a.at, a.via)),
            Some((
                Span::new(instant(2021, 3, 1, 15, 0).lo, day(2021, 3, 1).hi),
                shared(21, CSC)
            ))
        );
        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 1, 14, 0)),
            Certainty::No
        );
        assert_eq!(
            k.knew_before(SCHOOL, DA, instant(2021, 3, 2, 9, 0)),
            Certainty::Maybe
        );
    }

    #[test]
    fn as_at_and_entries_are_sorted_and_filtered() {
        let k = propagate(
            &[
                obs(SCHOOL, INJURY, day(2021, 3, 5), 12),
                obs(POLICE, DA, day(2021, 3, 1), 10),
                obs(POLICE, INJURY, day(2021, 3, 8), 11),
            ],
            &[tell(20, day(2021, 3, 3), POLICE, &[CSC])],
        );
        let entries: Vec<(AgencyId, Key)> = k.entries().map(|(a, key, _)| (a, key)).collect();
        assert_eq!(
            entries,
            vec![(POLICE, INJURY), (POLICE, DA), (CSC, DA), (SCHOOL, INJURY)]
        );
        let on = |d| -> Vec<(AgencyId, Key)> {
            k.as_at(day(2021, 3, d).lo)
                .into_iter()
                .map(|(a, key, _)| (a, key))
                .collect()
        };
        assert!(on(1).is_empty());
        assert_eq!(on(2), vec![(POLICE, DA)]);
        assert_eq!(on(4), vec![(POLICE, DA), (CSC, DA)]);
        assert_eq!(on(9), entries);
    }

    #[test]
    fn degenerate_input_never_panics() {
        let key = Key {
            subject: i64::MIN,
            indicator: u32::MAX,
        };
        let odd = [
            Span { lo: 5, hi: 5 },
            Span { lo: 9, hi: -3 },
            Span {
                lo: i64::MAX,
                hi: i64::MAX,
            },
            Span {
                lo: i64::MIN,
                hi: i64::MIN,
            },
            Span {
                lo: UNBOUNDED_PAST,
                hi: UNBOUNDED_FUTURE,
            },
            Span {
                lo: i64::MIN,
                hi: i64::MAX,
            },
        ];
        let mut observations = Vec::new();
        let mut sharings = Vec::new();
        for (i, &at) in odd.iter().enumerate() {
            let i = i as i64;
            observations.push(obs(i, key, at, i));
            observations.push(obs(i64::MAX, DA, at, i64::MIN));
            sharings.push(tell(i, at, i, &[i, i, i + 1, i64::MIN]));
            sharings.push(tell(i64::MIN, at, i64::MAX, &[]));
            sharings.push(meeting(i, at, &[i, i, i + 2, i64::MAX], &[i + 2]));
            sharings.push(about(meeting(i, at, &[], &[]), &[]));
            sharings.push(about(tell(i, at, i, &[i + 3]), &[i64::MIN, i64::MIN]));
        }
        let k = propagate(&observations, &sharings);
        for &at in &odd {
            assert!(at.normalised().hi > at.normalised().lo);
            for agency in -1..10 {
                for key in [key, DA] {
                    let _ = k.knew_before(agency, key, at);
                    let _ = k.path(agency, key);
                    let _ = k.holders(key, at);
                }
            }
            let _ = k.as_at(at.lo);
        }
        assert!(k.certain(0, key).is_some());
        assert!(serde_json::to_string(&k).is_ok());
        let empty = propagate(&[], &[]);
        assert_eq!(empty.entries().count(), 0);
        assert_eq!(empty.knew_before(1, DA, day(2021, 3, 1)), Certainty::No);
    }

    #[test]
    fn serialises_entries_with_paths() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 2, 26), 10)],
            &[tell(20, day(2021, 3, 1), POLICE, &[CSC])],
        );
        let json = serde_json::to_value(&k).expect("json");
        let rows = json.as_array().expect("array");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["agency"], POLICE);
        assert_eq!(rows[0]["certain"]["via"], "own");
        assert_eq!(rows[1]["agency"], CSC);
        assert_eq!(rows[1]["subject"], CHILD);
        assert_eq!(rows[1]["indicator"], DA.indicator);
        assert_eq!(rows[1]["certain"]["via"]["shared"]["record"], 20);
        assert_eq!(rows[1]["certain"]["origin"], 10);
        assert_eq!(rows[1]["path"], serde_json::json!([20]));
        assert_eq!(
            serde_json::to_value(Certainty::Maybe).expect("json"),
            "maybe"
        );
    }

    #[test]
    fn graph_has_agencies_meetings_and_sharing_edges() {
        let k = propagate(
            &[obs(POLICE, DA, day(2021, 2, 26), 10)],
            &[
                tell(20, day(2021, 3, 1), POLICE, &[CSC, SCHOOL]),
                meeting(30, day(2021, 3, 2), &[CSC, HEALTH], &[GP]),
            ],
        );
        let g = k.graph();
        // Police, CSC, school, health, and the meeting hub.
        assert_eq!(g.node_count(), 5);
        assert_eq!(g.edge_count(), 2 + 4);
        let police = k.agency_node(POLICE).expect("node");
        let csc = k.agency_node(CSC).expect("node");
        assert_eq!(g.find_edge(police, csc).map(|e| g[e].record), Some(20));
        assert_eq!(k.agency_node(GP), None);
        assert_eq!(k.path(HEALTH, DA), vec![20, 30]);
    }

    /// A deterministic generator for the size test.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn twenty_thousand_observations_and_five_thousand_sharings_propagate() {
        const DAY: i64 = 86_400;
        let base = day(2020, 1, 1).lo;
        let mut rng = Lcg(0x2545_f491_4f6c_dd1d);
        let span = |rng: &mut Lcg| {
            let d = base + rng.below(730) as i64 * DAY;
            if rng.below(2) == 0 {
                Span::new(d, d + DAY)
            } else {
                let t = d + rng.below(DAY as u64) as i64;
                Span::new(t, t + 1)
            }
        };
        let agencies = 8;
        let mut observations = Vec::new();
        for record in 0..20_000 {
            let key = Key {
                subject: rng.below(400) as i64,
                indicator: rng.below(12) as u32,
            };
            let agency = rng.below(agencies) as i64 + 1;
            observations.push(obs(agency, key, span(&mut rng), record));
        }
        let mut sharings = Vec::new();
        for record in 20_000..25_000 {
            let at = span(&mut rng);
            let from = rng.below(agencies) as i64 + 1;
            let roll = rng.below(100);
            let subjects = vec![rng.below(400) as i64, rng.below(400) as i64];
            let sharing = if roll < 85 {
                let to: Vec<AgencyId> = (0..1 + rng.below(2))
                    .map(|_| rng.below(agencies) as i64 + 1)
                    .collect();
                about(tell(record, at, from, &to), &subjects)
            } else if roll < 95 {
                let attendees: Vec<AgencyId> = (0..3 + rng.below(3))
                    .map(|_| rng.below(agencies) as i64 + 1)
                    .collect();
                about(meeting(record, at, &attendees, &[]), &subjects[..1])
            } else {
                tell(record, at, from, &[rng.below(agencies) as i64 + 1])
            };
            sharings.push(sharing);
        }
        let k = propagate(&observations, &sharings);
        for o in &observations {
            assert!(k.certain(o.agency, o.key).is_some());
        }
        let first_hand: HashSet<Fact> = observations.iter().map(|o| (o.agency, o.key)).collect();
        assert!(k.entries().count() > first_hand.len());
        assert!(k.possible_entries().count() >= k.entries().count());
    }

    // ---- properties -------------------------------------------------

    /// 2021-03-01T00:00:00Z.
    const BASE: i64 = 1_614_556_800;
    const DAY: i64 = 86_400;

    fn span_strategy() -> impl Strategy<Value = Span> {
        prop_oneof![
            4 => (0i64..6).prop_map(|d| Span::new(BASE + d * DAY, BASE + (d + 1) * DAY)),
            4 => (0i64..6, prop::sample::select(vec![0i64, 9, 10, 15])).prop_map(|(d, h)| {
                let t = BASE + d * DAY + h * 3600;
                Span::new(t, t + 1)
            }),
            1 => (0i64..6).prop_map(|d| Span::new(BASE + d * DAY, BASE + (d + 4) * DAY)),
            1 => (0i64..6).prop_map(|d| Span::new(UNBOUNDED_PAST, BASE + d * DAY)),
            1 => (0i64..6).prop_map(|d| Span::new(BASE + d * DAY, UNBOUNDED_FUTURE)),
        ]
    }

    fn key_strategy() -> impl Strategy<Value = Key> {
        (1i64..=2, 1u32..=2).prop_map(|(subject, indicator)| Key { subject, indicator })
    }

    fn observation_strategy(n: i64) -> impl Strategy<Value = Observation> {
        (1..=n, key_strategy(), span_strategy(), 0i64..16)
            .prop_map(|(agency, key, at, record)| obs(agency, key, at, record))
    }

    fn sharing_strategy(n: i64) -> impl Strategy<Value = Sharing> {
        let kind = prop_oneof![
            3 => (1..=n, vec(1..=n, 0..3)).prop_map(|(from, to)| SharingKind::Directed { from, to }),
            1 => (vec(1..=n, 0..5), vec(1..=n, 0..2))
                .prop_map(|(attendees, absent)| SharingKind::Meeting { attendees, absent }),
        ];
        (
            0i64..16,
            span_strategy(),
            kind,
            prop::option::weighted(0.5, vec(1i64..=2, 0..3)),
        )
            .prop_map(|(record, at, kind, subjects)| Sharing {
                record,
                at,
                kind,
                subjects,
            })
    }

    type Case = (Vec<Observation>, Vec<Sharing>, Sharing);

    fn case_strategy() -> impl Strategy<Value = Case> {
        (2i64..=6).prop_flat_map(|n| {
            (
                vec(observation_strategy(n), 0..10),
                vec(sharing_strategy(n), 0..12),
                sharing_strategy(n),
            )
        })
    }

    /// `later` (with more sharings) knows everything `earlier` knows, no
    /// later, certainly or possibly.
    fn never_later(earlier: &Knowledge, later: &Knowledge) -> Result<(), TestCaseError> {
        for (agency, key, c) in earlier.entries() {
            let c2 = later.certain(agency, key);
            prop_assert!(c2.is_some(), "{agency} {key:?} no longer certain");
            prop_assert!(c2.is_some_and(|c2| c2.at.hi <= c.at.hi));
        }
        for (agency, key, p) in earlier.possible_entries() {
            let p2 = later.possible(agency, key);
            prop_assert!(p2.is_some(), "{agency} {key:?} no longer possible");
            prop_assert!(p2.is_some_and(|p2| p2.at.lo <= p.at.lo));
            for probe in [p.at, Span::new(p.at.hi, p.at.hi + 1)] {
                let (a, b) = (
                    earlier.knew_before(agency, key, probe),
                    later.knew_before(agency, key, probe),
                );
                let strength = |c| match c {
                    Certainty::No => 0,
                    Certainty::Maybe => 1,
                    Certainty::Yes => 2,
                };
                prop_assert!(strength(b) >= strength(a));
            }
        }
        Ok(())
    }

    type Reference = (HashMap<Fact, (i64, i64)>, HashMap<Fact, i64>);

    /// The rules applied naively until nothing changes: certain `(hi, lo)`
    /// and possible `lo` for every fact.
    fn reference(observations: &[Observation], sharings: &[Sharing]) -> Reference {
        let observations: Vec<Observation> = observations
            .iter()
            .map(|o| Observation {
                at: o.at.normalised(),
                ..*o
            })
            .collect();
        let shares: Vec<Share> = sharings.iter().map(Share::new).collect();
        let mut certain: HashMap<Fact, (i64, i64)> = HashMap::new();
        let mut possible: HashMap<Fact, i64> = HashMap::new();
        fn improve<T: Ord + Copy>(map: &mut HashMap<Fact, T>, fact: Fact, value: T) -> bool {
            match map.get(&fact) {
                Some(old) if *old <= value => false,
                _ => {
                    map.insert(fact, value);
                    true
                }
            }
        }
        for o in &observations {
            improve(&mut certain, (o.agency, o.key), (o.at.hi, o.at.lo));
            improve(&mut possible, (o.agency, o.key), o.at.lo);
        }
        loop {
            let mut changed = false;
            for s in &shares {
                for &from in s.senders() {
                    let c: Vec<(Key, i64, i64)> = certain
                        .iter()
                        .filter(|((a, k), _)| *a == from && s.subjects.covers(k.subject))
                        .map(|(&(_, k), &(hi, lo))| (k, hi, lo))
                        .collect();
                    for (key, hi, _) in c {
                        if hi <= s.at.lo {
                            for to in s.receivers(from) {
                                changed |= improve(&mut certain, (to, key), (s.at.hi, s.at.lo));
                            }
                        }
                    }
                    if let Flow::Directed { .. } = s.flow {
                        for o in &observations {
                            if o.record == s.record
                                && o.agency == from
                                && s.subjects.covers(o.key.subject)
                                && o.at.lo < s.at.hi
                            {
                                for to in s.receivers(from) {
                                    changed |= improve(
                                        &mut certain,
                                        (to, o.key),
                                        (s.at.hi, o.at.lo.max(s.at.lo)),
                                    );
                                }
                            }
                        }
                    }
                    let p: Vec<(Key, i64)> = possible
                        .iter()
                        .filter(|((a, k), _)| *a == from && s.subjects.covers(k.subject))
                        .map(|(&(_, k), &lo)| (k, lo))
                        .collect();
                    for (key, lo) in p {
                        if lo < s.at.hi {
                            for to in s.receivers(from) {
                                changed |= improve(&mut possible, (to, key), lo.max(s.at.lo));
                            }
                        }
                    }
                }
            }
            if !changed {
                return (certain, possible);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn agrees_with_the_rules_applied_naively((observations, sharings, _) in case_strategy()) {
            let k = propagate(&observations, &sharings);
            let (certain, possible) = reference(&observations, &sharings);
            let got: HashMap<Fact, (i64, i64)> =
                k.entries().map(|(a, key, c)| ((a, key), (c.at.hi, c.at.lo))).collect();
            prop_assert_eq!(got, certain);
            let got: HashMap<Fact, i64> =
                k.possible_entries().map(|(a, key, p)| ((a, key), p.at.lo)).collect();
            prop_assert_eq!(got, possible);
        }

        #[test]
        fn adding_a_sharing_never_makes_anyone_know_later(
            (observations, mut sharings, extra) in case_strategy()
        ) {
            let before = propagate(&observations, &sharings);
            sharings.push(extra);
            let after = propagate(&observations, &sharings);
            never_later(&before, &after)?;
        }

        #[test]
        fn removing_a_sharing_never_makes_anyone_know_earlier(
            (observations, mut sharings, extra) in case_strategy(),
            index in any::<prop::sample::Index>(),
        ) {
            sharings.push(extra);
            let full = propagate(&observations, &sharings);
            sharings.remove(index.index(sharings.len()));
            let reduced = propagate(&observations, &sharings);
            never_later(&reduced, &full)?;
        }

        #[test]
        fn input_order_does_not_matter((mut observations, mut sharings, _) in case_strategy()) {
            let k = propagate(&observations, &sharings);
            observations.reverse();
            sharings.reverse();
            let r = propagate(&observations, &sharings);
            prop_assert!(k.entries().eq(r.entries()));
            prop_assert!(k.possible_entries().eq(r.possible_entries()));
            for (agency, key, _) in k.entries() {
                prop_assert_eq!(k.path(agency, key), r.path(agency, key));
            }
        }

        #[test]
        fn every_certain_arrival_has_a_path_that_respects_time(
            (observations, sharings, _) in case_strategy()
        ) {
            let k = propagate(&observations, &sharings);
            for (agency, key, arrival) in k.entries() {
                prop_assert!(k.possible(agency, key).is_some_and(|p| p.at.lo <= arrival.at.lo));
                let path = k.path(agency, key);
                // Walk back through the arrivals the path names.
                let mut at = agency;
                let mut current = *arrival;
                for &record in path.iter().rev() {
                    let Via::Shared { record: r, from } = current.via else {
                        return Err(TestCaseError::fail("path longer than the chain"));
                    };
                    prop_assert_eq!(r, record);
                    let sender = *k.certain(from, key).expect("sender knew");
                    let exception = current.origin == record && current.origin_agency == from;
                    let fits = sharings.iter().map(Share::new).any(|s| {
                        s.record == record
                            && s.senders().contains(&from)
                            && s.receivers(from).any(|t| t == at)
                            && s.at.hi == current.at.hi
                            && (exception || sender.at.hi <= s.at.lo)
                    });
                    prop_assert!(fits, "no sharing {record} from {from} to {at} fits");
                    if exception {
                        prop_assert_eq!(record, path[0]);
                        break;
                    }
                    at = from;
                    current = sender;
                }
                if path.is_empty() || current.via == Via::Own {
                    prop_assert_eq!(current.origin, arrival.origin);
                }
            }
        }
    }
}
