//! Reading the result: what an agency certainly or possibly knew at a time,
//! who held a fact, the chain of sharing records behind it, the sharing
//! graph, and its stored form.

use std::collections::BTreeSet;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::shares::{Flow, Share};
use super::{
    AgencyId, Arrival, Certainty, GraphEdge, GraphNode, IndicatorId, Key, Knowledge, Observation,
    RecordId, Slot, Span, SubjectId, Via,
};

impl Knowledge {
    fn slot(&self, agency: AgencyId, key: Key) -> Option<&Slot> {
        self.slots
            .binary_search_by_key(&(agency, key), |(fact, _)| *fact)
            .ok()
            .and_then(|i| self.slots.get(i))
            .map(|(_, slot)| slot)
    }

    pub(super) fn build_graph(&mut self, observations: &[Observation], shares: &[Share]) {
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
