//! Sharing events as the passes see them: who passes what to whom, the
//! facts an agency holds, and the order arrivals are ranked in.

use super::hash::FastMap;
use super::{
    AgencyId, Arrival, Key, Observation, RecordId, Sharing, SharingKind, Span, SubjectId, Via,
};

/// The order arrivals are compared in (smaller is better); the tail makes
/// ties deterministic.
pub(super) type Rank = (i64, i64, u8, RecordId, AgencyId, RecordId, AgencyId);

fn via_parts(via: Via) -> (u8, RecordId, AgencyId) {
    match via {
        Via::Own => (0, 0, 0),
        Via::Shared { record, from } => (1, record, from),
    }
}

/// Certain arrivals: soonest certainly known (`hi`) first.
pub(super) fn certain_rank(a: &Arrival) -> Rank {
    let (v, r, f) = via_parts(a.via);
    (a.at.hi, a.at.lo, v, r, f, a.origin, a.origin_agency)
}

/// Possible arrivals: soonest possibly known (`lo`) first.
pub(super) fn possible_rank(a: &Arrival) -> Rank {
    let (v, r, f) = via_parts(a.via);
    (a.at.lo, a.at.hi, v, r, f, a.origin, a.origin_agency)
}

pub(super) fn own(o: &Observation) -> Arrival {
    Arrival {
        at: o.at,
        via: Via::Own,
        origin: o.record,
        origin_agency: o.agency,
    }
}

/// Which subjects a sharing is about.
#[derive(Clone, Debug)]
pub(super) enum Subjects {
    All,
    /// Sorted, without duplicates.
    Only(Vec<SubjectId>),
}

impl Subjects {
    pub(super) fn covers(&self, subject: SubjectId) -> bool {
        match self {
            Subjects::All => true,
            Subjects::Only(list) => list.binary_search(&subject).is_ok(),
        }
    }
}

/// Who a normalised sharing moves facts between.
#[derive(Clone, Debug)]
pub(super) enum Flow {
    /// `to` is sorted, without duplicates and without `from`.
    Directed { from: AgencyId, to: Vec<AgencyId> },
    /// Sorted, without duplicates and without absent agencies.
    Meeting { attendees: Vec<AgencyId> },
}

/// A [`Sharing`] normalised for propagation.
#[derive(Clone, Debug)]
pub(super) struct Share {
    pub(super) record: RecordId,
    pub(super) at: Span,
    pub(super) subjects: Subjects,
    pub(super) flow: Flow,
}

fn sorted_unique(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v.dedup();
    v
}

impl Share {
    pub(super) fn new(s: &Sharing) -> Share {
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
    pub(super) fn senders(&self) -> &[AgencyId] {
        match &self.flow {
            Flow::Directed { from, .. } => std::slice::from_ref(from),
            Flow::Meeting { attendees } => attendees,
        }
    }

    /// The agencies that learn what `sender` passes on.
    pub(super) fn receivers(&self, sender: AgencyId) -> impl Iterator<Item = AgencyId> + '_ {
        let list = match &self.flow {
            Flow::Directed { to, .. } => to.as_slice(),
            Flow::Meeting { attendees } => attendees.as_slice(),
        };
        list.iter().copied().filter(move |&a| a != sender)
    }
}

/// Which facts a channel carries: those about one subject, or all of them.
pub(super) type Selector = Option<SubjectId>;

/// The subject selectors a sharing's facts travel under.
pub(super) fn selectors(subjects: &Subjects) -> Vec<Selector> {
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
pub(super) struct Held {
    /// Agency → every fact it holds.
    all: FastMap<AgencyId, Vec<HeldFact>>,
    /// (agency, subject) → the facts it holds about the subject.
    by_subject: FastMap<(AgencyId, SubjectId), Vec<HeldFact>>,
}

impl Held {
    pub(super) fn insert(&mut self, agency: AgencyId, key: Key, arrival: &Arrival) {
        let fact = (key, arrival.origin, arrival.origin_agency);
        self.all.entry(agency).or_default().push(fact);
        self.by_subject
            .entry((agency, key.subject))
            .or_default()
            .push(fact);
    }

    /// The facts `agency` holds under `selector`, in the order it came to
    /// hold them.
    pub(super) fn facts(&self, agency: AgencyId, selector: Selector) -> &[HeldFact] {
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
pub(super) struct Served {
    pub(super) sent: usize,
    pub(super) hi: i64,
}
