//! Tests of who knew what and when, over hand-built reviews and random ones.

use super::shares::{Flow, Share};
use super::*;
use crate::when::{parse_when, UNBOUNDED_FUTURE, UNBOUNDED_PAST};
use chrono::{Months, NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

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
    let bounds = |d: &str, t: Option<&str>| Span::from(parse_when(d, t).expect("date").bounds());
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
