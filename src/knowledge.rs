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
//! `(lo, hi, record)`, and possible knowledge by a Dijkstra-style search on
//! `lo`; both touch only the facts about the subjects a sharing is about, so
//! the cost is `O((sharings + observations) log n + facts moved)`. The
//! sharing events also form a [`petgraph`] graph (agencies and meeting hubs
//! as nodes, sharings as edges), which [`Knowledge::path`] walks to give the
//! chain of sharing records through which an agency came to know a fact.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

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
    /// Every (agency, key) known certainly or possibly, in order.
    slots: BTreeMap<Fact, Slot>,
    /// For each key, the agencies that certainly knew it, by arrival.
    holders: HashMap<Key, Vec<AgencyId>>,
    /// The sharing graph.
    graph: DiGraph<GraphNode, GraphEdge>,
    /// Each agency's node.
    agency_nodes: HashMap<AgencyId, NodeIndex>,
    /// The edges each sharing record put in the graph.
    sharing_edges: HashMap<RecordId, Vec<EdgeIndex>>,
}

type Fact = (AgencyId, Key);

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

/// Facts an agency certainly knew before the current point of the certain
/// pass: agency → subject → indicators.
type Held = HashMap<AgencyId, HashMap<SubjectId, Vec<IndicatorId>>>;

/// Earliest certain arrival of every fact.
///
/// Sharings are taken once each, in order of `(lo, hi, record)`. A fact
/// becomes *settled* ("held") for an agency once the pass reaches a sharing
/// starting at or after its best certain arrival's `hi`; only settled facts
/// are passed on, which is exactly the rule `K.hi <= S.lo`.
///
/// Why one pass suffices: every arrival a sharing `S` delivers has
/// `hi = S.hi > S.lo`. A sharing `T` processed before `S` has
/// `T.lo <= S.lo < S.hi`, so nothing `S` delivers could ever certainly
/// precede `T`: no earlier-processed sharing would have had to pass it on.
/// Conversely, everything that certainly precedes `S` (`hi <= S.lo`) was
/// either observed first-hand or delivered by a sharing `T` with
/// `T.hi <= S.lo`, hence `T.lo < S.lo`, processed before `S`. And a settled
/// fact is final: every later candidate comes from a sharing `U` with
/// `U.lo >= S.lo >= hi`, so its `hi = U.hi > U.lo` is larger.
fn certain_pass(observations: &[Observation], shares: &[Share]) -> HashMap<Fact, Arrival> {
    let mut best: HashMap<Fact, Arrival> = HashMap::with_capacity(observations.len());
    let mut pending: BinaryHeap<Reverse<(i64, AgencyId, Key)>> = BinaryHeap::new();
    let mut by_record: HashMap<RecordId, Vec<&Observation>> = HashMap::new();
    for o in observations {
        offer_certain(&mut best, &mut pending, o.agency, o.key, own(o));
        by_record.entry(o.record).or_default().push(o);
    }

    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by_key(|&i| (shares[i].at.lo, shares[i].at.hi, shares[i].record, i));

    let mut settled: HashSet<Fact> = HashSet::new();
    let mut held: Held = HashMap::new();
    let mut moves: Vec<(AgencyId, Key, Arrival)> = Vec::new();
    for i in order {
        let s = &shares[i];
        // Settle everything certainly known before this sharing began.
        while let Some(&Reverse((hi, agency, key))) = pending.peek() {
            if hi > s.at.lo {
                break;
            }
            pending.pop();
            if settled.insert((agency, key)) {
                held.entry(agency)
                    .or_default()
                    .entry(key.subject)
                    .or_default()
                    .push(key.indicator);
            }
        }

        // What each sender certainly knew before the sharing.
        moves.clear();
        for &from in s.senders() {
            let Some(by_subject) = held.get(&from) else {
                continue;
            };
            let via = Via::Shared {
                record: s.record,
                from,
            };
            let mut send = |subject: SubjectId, indicators: &[IndicatorId]| {
                for &indicator in indicators {
                    let key = Key { subject, indicator };
                    if let Some(a) = best.get(&(from, key)) {
                        moves.push((
                            from,
                            key,
                            Arrival {
                                at: s.at,
                                via,
                                origin: a.origin,
                                origin_agency: a.origin_agency,
                            },
                        ));
                    }
                }
            };
            match &s.subjects {
                Subjects::All => {
                    for (&subject, indicators) in by_subject {
                        send(subject, indicators);
                    }
                }
                Subjects::Only(list) => {
                    for subject in list {
                        if let Some(indicators) = by_subject.get(subject) {
                            send(*subject, indicators);
                        }
                    }
                }
            }
        }

        // The sharing's own record, if it is also the sender's first-hand
        // record of a fact.
        if let (Flow::Directed { from, .. }, Some(list)) = (&s.flow, by_record.get(&s.record)) {
            for o in list {
                if o.agency == *from && s.subjects.covers(o.key.subject) && o.at.lo < s.at.hi {
                    moves.push((
                        *from,
                        o.key,
                        Arrival {
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
                        },
                    ));
                }
            }
        }

        for &(from, key, arrival) in &moves {
            for to in s.receivers(from) {
                if !settled.contains(&(to, key)) {
                    offer_certain(&mut best, &mut pending, to, key, arrival);
                }
            }
        }
    }
    best
}

fn offer_certain(
    best: &mut HashMap<Fact, Arrival>,
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

type Frontier = BinaryHeap<Reverse<(Rank, AgencyId, Key)>>;

/// Earliest possible arrival of every fact: Dijkstra on `lo`.
///
/// A fact possibly held from `L` passes through a sharing `S` when
/// `L < S.hi`, arriving at `max(L, S.lo)`, which is never below `L`; so
/// facts can be settled in increasing order of `lo`. The sharings an agency
/// sends about a subject are kept sorted by `hi`, so a settled fact looks
/// only at the sharings it actually passes through. (The certain pass's
/// single sweep by `S.lo` would miss transfers through overlapping sharings,
/// e.g. a referral dated only by its day and an earlier-settled fact learned
/// at 15:00 that same day.)
fn possible_pass(observations: &[Observation], shares: &[Share]) -> HashMap<Fact, Arrival> {
    let mut outgoing: HashMap<(AgencyId, Option<SubjectId>), Vec<(i64, usize)>> = HashMap::new();
    for (i, s) in shares.iter().enumerate() {
        for &from in s.senders() {
            match &s.subjects {
                Subjects::All => outgoing.entry((from, None)).or_default().push((s.at.hi, i)),
                Subjects::Only(list) => {
                    for &subject in list {
                        outgoing
                            .entry((from, Some(subject)))
                            .or_default()
                            .push((s.at.hi, i));
                    }
                }
            }
        }
    }
    for list in outgoing.values_mut() {
        list.sort_unstable();
    }

    let mut best: HashMap<Fact, Arrival> = HashMap::with_capacity(observations.len());
    let mut frontier: Frontier = BinaryHeap::new();
    for o in observations {
        offer_possible(&mut best, &mut frontier, o.agency, o.key, own(o));
    }
    let mut settled: HashSet<Fact> = HashSet::new();
    while let Some(Reverse((_, from, key))) = frontier.pop() {
        // The first time a fact comes off the heap it carries its best
        // arrival; later copies are stale.
        if !settled.insert((from, key)) {
            continue;
        }
        let Some(&known) = best.get(&(from, key)) else {
            continue;
        };
        let via_of = |record| Via::Shared { record, from };
        for selector in [Some(key.subject), None] {
            let Some(list) = outgoing.get(&(from, selector)) else {
                continue;
            };
            let start = list.partition_point(|&(hi, _)| hi <= known.at.lo);
            for &(_, i) in &list[start..] {
                let s = &shares[i];
                let arrival = Arrival {
                    at: Span {
                        lo: known.at.lo.max(s.at.lo),
                        hi: s.at.hi,
                    },
                    via: via_of(s.record),
                    origin: known.origin,
                    origin_agency: known.origin_agency,
                };
                for to in s.receivers(from) {
                    if !settled.contains(&(to, key)) {
                        offer_possible(&mut best, &mut frontier, to, key, arrival);
                    }
                }
            }
        }
    }
    best
}

fn offer_possible(
    best: &mut HashMap<Fact, Arrival>,
    frontier: &mut Frontier,
    agency: AgencyId,
    key: Key,
    arrival: Arrival,
) {
    let slot = best.entry((agency, key)).or_insert(arrival);
    if *slot == arrival || possible_rank(&arrival) < possible_rank(slot) {
        *slot = arrival;
        frontier.push(Reverse((possible_rank(&arrival), agency, key)));
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

    let mut slots = BTreeMap::new();
    for (fact, p) in possible {
        let c = certain.remove(&fact);
        // Every certain transfer is also a possible one, so `p.at.lo` is at
        // most the certain arrival's `lo`; on a tie the certain arrival is
        // the better account of it.
        let possible = match c {
            Some(c) if c.at.lo <= p.at.lo => c,
            _ => p,
        };
        slots.insert(
            fact,
            Slot {
                certain: c,
                possible,
            },
        );
    }
    // Defensive: a certain arrival without a possible one cannot happen.
    for (fact, c) in certain {
        slots.insert(
            fact,
            Slot {
                certain: Some(c),
                possible: c,
            },
        );
    }

    let mut holders: HashMap<Key, Vec<AgencyId>> = HashMap::new();
    for (&(agency, key), slot) in &slots {
        if slot.certain.is_some() {
            holders.entry(key).or_default().push(agency);
        }
    }
    for (key, agencies) in holders.iter_mut() {
        agencies.sort_by_cached_key(|a| {
            let rank = slots
                .get(&(*a, *key))
                .and_then(|s| s.certain.as_ref())
                .map(certain_rank);
            (rank, *a)
        });
    }

    let mut knowledge = Knowledge {
        slots,
        holders,
        ..Knowledge::default()
    };
    knowledge.build_graph(&observations, &shares);
    knowledge
}

impl Knowledge {
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
        self.slots
            .get(&(agency, key))
            .and_then(|s| s.certain.as_ref())
    }

    /// The earliest possible arrival of `key` at `agency`: the arrival whose
    /// span starts soonest, counting transfers whose order is uncertain. It
    /// is the certain arrival when nothing earlier was possible.
    pub fn possible(&self, agency: AgencyId, key: Key) -> Option<&Arrival> {
        self.slots.get(&(agency, key)).map(|s| &s.possible)
    }

    /// Whether `agency` knew `key` before the event at `at` (e.g. a
    /// decision): [`Certainty::Yes`] if it certainly arrived before `at`
    /// began; [`Certainty::Maybe`] if it could have arrived before `at`
    /// ended; otherwise [`Certainty::No`].
    pub fn knew_before(&self, agency: AgencyId, key: Key, at: Span) -> Certainty {
        let at = at.normalised();
        let Some(slot) = self.slots.get(&(agency, key)) else {
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
            .filter_map(|(&(agency, key), s)| s.certain.as_ref().map(|a| (agency, key, a)))
    }

    /// Every (agency, key) ever certainly or possibly known, with its
    /// earliest possible arrival, in order of agency, then key.
    pub fn possible_entries(&self) -> impl Iterator<Item = (AgencyId, Key, &Arrival)> {
        self.slots
            .iter()
            .map(|(&(agency, key), s)| (agency, key, &s.possible))
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
        edges
            .iter()
            .any(|&e| match self.graph.edge_endpoints(e) {
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
        for (&(agency, key), slot) in &self.slots {
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
