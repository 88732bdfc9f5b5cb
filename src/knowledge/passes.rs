//! The two passes over the sharings: certain knowledge in one pass in
//! time order, possible knowledge by a search on the earliest start.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::hash::{FastMap, FastSet};
use super::shares::{
    certain_rank, own, possible_rank, selectors, Flow, Held, Selector, Served, Share,
};
use super::{AgencyId, Arrival, Fact, Key, Observation, RecordId, Span, Via};

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
pub(super) fn certain_pass(
    observations: &[Observation],
    shares: &[Share],
) -> FastMap<Fact, Arrival> {
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
pub(super) fn possible_pass(
    observations: &[Observation],
    shares: &[Share],
) -> FastMap<Fact, Arrival> {
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
