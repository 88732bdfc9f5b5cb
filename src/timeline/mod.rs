//! The merged timeline: every agency's records in one order, the periods when
//! no agency had contact, and the events that several agencies recorded.
//!
//! Order respects precision: records are ordered by the start of the span of
//! time their date can denote, then by its end (so "March 2021" comes before
//! the days of March, as a heading would, and is never treated as the 1st),
//! then by agency and the agency's own order, so ties keep it.
//!
//! Linking duplicates never deletes anything: records that look like one
//! event seen by two agencies (close in time, similar words, no conflicting
//! subjects) are grouped into an [`Event`] with several sources. Candidate
//! pairs are found by blocking on the day and on shared words, so the work
//! grows with the number of records, not its square.

mod set;
pub mod window;

pub use set::RecordSet;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde::Serialize;

use crate::model::Record;
use crate::when::{Precision, Qualifier, UNBOUNDED_FUTURE, UNBOUNDED_PAST};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Settings of the merged timeline.
#[derive(Clone, Debug)]
pub struct TimelineOptions {
    /// A period with no agency contact longer than this many days is reported.
    pub gap_days: i64,
    /// How similar two records' words must be (0–1) to be linked as one event.
    pub duplicate_similarity: f64,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            gap_days: 42,
            duplicate_similarity: 0.34,
        }
    }
}

/// A period when no agency recorded any contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// The last record before the gap.
    pub after_record: i64,
    /// The first record after it.
    pub before_record: i64,
    /// Start of the gap (ISO-8601 date).
    pub from: String,
    /// End of the gap (ISO-8601 date).
    pub to: String,
    /// Whole days without contact.
    pub days: i64,
}

/// One event recorded by more than one agency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Position of the event among the linked events, from 1.
    pub id: usize,
    /// The records that describe it, in timeline order (never fewer than two,
    /// always from at least two agencies).
    pub records: Vec<i64>,
    /// How similar the linked records' words are (0–1; the weakest link).
    pub similarity: f64,
}

/// The merged timeline.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    /// Record ids in merged order.
    pub order: Vec<i64>,
    /// Periods of no contact.
    pub gaps: Vec<Gap>,
    /// Events recorded by several agencies.
    pub events: Vec<Event>,
}

/// Sorts records into the merged order, in place.
pub fn sort(records: &mut [Record]) {
    records.sort_by_cached_key(|r| {
        let (lo, hi) = r.when.bounds();
        (lo, hi, r.agency.clone(), r.source_id, r.seq)
    });
}

/// Builds the merged timeline from records in any order.
pub fn build(records: &mut [Record], opts: &TimelineOptions) -> Timeline {
    sort(records);
    of_sorted(records, opts)
}

/// The merged timeline of records already in merged order ([`sort`]).
pub fn of_sorted(records: &[Record], opts: &TimelineOptions) -> Timeline {
    Timeline {
        order: records.iter().map(|r| r.id).collect(),
        gaps: gaps(records, opts.gap_days),
        events: link_events(records, opts.duplicate_similarity),
    }
}

/// Periods longer than `min_days` between the end of all contact so far and
/// the next record. `records` must be in merged order. Open-ended dates
/// ("before …", "after …") do not close or open a gap.
pub fn gaps(records: &[Record], min_days: i64) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut reach: Option<(i64, i64)> = None; // (latest end so far, its record)
    for r in records {
        let (lo, hi) = r.when.bounds();
        if lo <= UNBOUNDED_PAST || hi >= UNBOUNDED_FUTURE {
            continue;
        }
        if let Some((end, last)) = reach {
            let days = (lo - end) / DAY;
            if days > min_days {
                out.push(Gap {
                    after_record: last,
                    before_record: r.id,
                    from: iso_date(end),
                    to: iso_date(lo),
                    days,
                });
            }
        }
        reach = match reach {
            Some((end, last)) if end >= hi => Some((end, last)),
            _ => Some((hi, r.id)),
        };
    }
    out
}

fn iso_date(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| {
            d.with_timezone(&chrono_tz::Europe::London)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default()
}

/// Words that say nothing about which event a record describes.
const STOPWORDS: &[&str] = &[
    "the", "and", "was", "were", "with", "for", "from", "that", "this", "has", "had", "have",
    "not", "but", "are", "his", "her", "she", "him", "they", "their", "them", "who", "which",
    "into", "onto", "there", "been", "also", "said", "told", "about", "after", "before", "then",
    "when", "what", "would", "could", "should", "will", "all", "any", "out", "one", "two", "via",
];

/// A folded word, as a 64-bit hash: records are compared by their sets of
/// words, and hashes compare without allocating (two different words sharing
/// a hash is vanishingly unlikely, and would only make two records look a
/// little more alike).
type WordId = u64;

fn word_id(w: &str) -> WordId {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x5147_4854_4c49_4e45).hash_one(w)
}

/// Adds the content words of a text, folded, to `out` (unsorted).
fn add_words(text: &str, out: &mut Vec<WordId>) {
    let folded = crate::text::fold(text);
    out.extend(
        folded
            .split(' ')
            .filter(|w| w.len() >= 3 && !STOPWORDS.contains(w))
            .map(word_id),
    );
}

/// Sorted, without repeats.
fn into_set(mut v: Vec<WordId>) -> Vec<WordId> {
    v.sort_unstable();
    v.dedup();
    v
}

/// How many members two sorted sets share.
fn shared(a: &[WordId], b: &[WordId]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice's coefficient of two sorted word sets (0 when either is empty).
fn similarity(a: &[WordId], b: &[WordId]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    shared(a, b) as f64 / (a.len() + b.len()) as f64 * 2.0
}

/// Folded first-name tokens of a record's subjects, to rule out linking
/// records about different people (sorted, without repeats).
fn subject_tokens(r: &Record) -> Vec<WordId> {
    into_set(
        r.subjects
            .iter()
            .filter_map(|s| {
                crate::text::fold(s)
                    .split(' ')
                    .next()
                    .filter(|t| t.len() >= 2)
                    .map(word_id)
            })
            .collect(),
    )
}

/// A day number for blocking, for records dated to a day or an instant.
fn day_of(r: &Record) -> Option<i64> {
    match (r.when.precision(), r.when.qualifier) {
        (Precision::Day | Precision::Instant, Qualifier::Exact | Qualifier::Approx) => {
            let (lo, _) = r.when.bounds();
            Some(lo.div_euclid(DAY))
        }
        _ => None,
    }
}

/// Groups records that describe one event seen by several agencies.
/// `records` must be in merged order.
pub fn link_events(records: &[Record], min_similarity: f64) -> Vec<Event> {
    // Block by day: only records on the same or the next day are compared,
    // and within a day only pairs that share a word that is not common that
    // day and, when both name people, a person. Words are read for two days
    // at a time, so memory follows the day in hand, not the review.
    let mut by_day: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(d) = day_of(r) {
            by_day.entry(d).or_default().push(i);
        }
    }
    let features = |i: usize| {
        let r = &records[i];
        let mut w = Vec::new();
        add_words(&r.text, &mut w);
        if let Some(o) = &r.outcome {
            add_words(o, &mut w);
        }
        (into_set(w), subject_tokens(r))
    };
    type Features = (Vec<WordId>, Vec<WordId>);
    let mut cache: HashMap<usize, (i64, Features)> = HashMap::new();
    let mut parent: Vec<usize> = (0..records.len()).collect();
    let mut weakest: HashMap<usize, f64> = HashMap::new();
    for (&day, today) in &by_day {
        cache.retain(|_, (d, _)| *d >= day);
        let mut window: Vec<usize> = today.clone();
        if let Some(next) = by_day.get(&(day + 1)) {
            window.extend(next);
        }
        for (k, &i) in window.iter().enumerate() {
            let d = if k < today.len() { day } else { day + 1 };
            cache.entry(i).or_insert_with(|| (d, features(i)));
        }
        let cache = &cache;
        let feat = |i: usize| &cache[&i].1;
        // Word → records in the window having it; person → records naming
        // them; records naming nobody may pair with anyone.
        let mut index: HashMap<WordId, Vec<usize>> = HashMap::new();
        let mut by_person: HashMap<WordId, Vec<usize>> = HashMap::new();
        let mut nameless: Vec<usize> = Vec::new();
        for &i in &window {
            let (w, p) = feat(i);
            for &x in w {
                index.entry(x).or_default().push(i);
            }
            if p.is_empty() {
                nameless.push(i);
            }
            for &x in p {
                by_person.entry(x).or_default().push(i);
            }
        }
        let common = (window.len() / 5).max(8);
        let rare = |w: &WordId| index.get(w).is_some_and(|v| v.len() <= common);
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        let mut candidates: Vec<usize> = Vec::new();
        for &i in today {
            let (wi, pi) = feat(i);
            candidates.clear();
            if pi.is_empty() {
                for w in wi {
                    if let Some(others) = index.get(w).filter(|v| v.len() <= common) {
                        candidates.extend(others);
                    }
                }
            } else {
                for p in pi {
                    candidates.extend(by_person.get(p).into_iter().flatten());
                }
                candidates.extend(&nameless);
            }
            for &j in &candidates {
                let (a, b) = (i.min(j), i.max(j));
                if a == b || seen.contains(&(a, b)) {
                    continue;
                }
                let (wj, pj) = feat(j);
                if !pi.is_empty() && !pj.is_empty() && shared(pi, pj) == 0 {
                    continue;
                }
                if !wi.iter().any(|w| wj.binary_search(w).is_ok() && rare(w)) {
                    continue;
                }
                seen.insert((a, b));
                let (ra, rb) = (&records[a], &records[b]);
                if ra.agency_id == rb.agency_id {
                    continue;
                }
                let (alo, ahi) = ra.when.bounds();
                let (blo, bhi) = rb.when.bounds();
                if alo.max(blo) - ahi.min(bhi) > DAY {
                    continue;
                }
                let sim = similarity(&feat(a).0, &feat(b).0);
                if sim >= min_similarity {
                    let (x, y) = (find(&mut parent, a), find(&mut parent, b));
                    let w = [weakest.get(&x), weakest.get(&y)]
                        .into_iter()
                        .flatten()
                        .fold(sim, |m, v| m.min(*v));
                    parent[y] = x;
                    weakest.insert(x, w);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut events: Vec<(f64, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(root, m)| (weakest.get(&root).copied().unwrap_or(1.0), m))
        .collect();
    events.sort_by_key(|(_, m)| m[0]);
    events
        .into_iter()
        .enumerate()
        .map(|(n, (similarity, members))| Event {
            id: n + 1,
            records: members.iter().map(|&i| records[i].id).collect(),
            similarity: (similarity * 100.0).round() / 100.0,
        })
        .collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}
