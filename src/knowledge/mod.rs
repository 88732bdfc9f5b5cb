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

mod hash;
mod passes;
mod query;
mod shares;
#[cfg(test)]
mod tests;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use hash::FastMap;
use passes::{certain_pass, possible_pass};
use shares::{certain_rank, Rank, Share};

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
