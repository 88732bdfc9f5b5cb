//! Stage "concerns": each first-hand record of an indicator about a person
//! is one piece of information, a concern, for the rules that ask whether a
//! particular piece of information reached an agency. Information the
//! record tells of receiving, what an agency's note of a strategy
//! discussion or conference records (said there, to everyone present), and
//! indicators of low severity are not concerns.
//!
//! A record that tells of an event already recorded, naming its day ("low
//! mood since the DA incident 03/06"), holds the earlier concern again
//! rather than a new one: the agency learned of that event, and whoever
//! already knew of it was told nothing new. So does a police record of a
//! step in the investigation of an incident it recorded (an interview, the
//! CPS's advice, a court's outcome).

use foldhash::HashMap;

use crate::extract::{MeetingKind, RecordFacts};
use crate::knowledge::{self, Key, Observation};
use crate::model::{AgencyKind, Record, Severity};
use crate::when::days_mentioned;

use super::{Concern, IndicatorInfo};

/// What [`first_hand`] finds.
pub(super) struct Concerns {
    /// The concerns, one per new piece of information.
    pub concerns: Vec<Concern>,
    /// Their observations keyed by concern (its index as the indicator id),
    /// for a second propagation; a record telling of an earlier event
    /// observes that event's concern.
    pub observations: Vec<Observation>,
    /// (record position, indicator, subject) → the concern the record holds.
    pub held: HashMap<(usize, knowledge::IndicatorId, i64), knowledge::IndicatorId>,
}

/// The concerns among `observations` (see the module's description).
pub(super) fn first_hand(
    records: &[Record],
    facts: &[RecordFacts],
    observations: &[Observation],
    position: &HashMap<i64, usize>,
    received: &[bool],
    indicators: &[IndicatorInfo],
) -> Concerns {
    let mut out = Concerns {
        concerns: Vec::new(),
        observations: Vec::new(),
        held: HashMap::default(),
    };
    // (subject, indicator, day) → the first concern recorded that day.
    let mut by_day: HashMap<(i64, knowledge::IndicatorId, chrono::NaiveDate), u32> =
        HashMap::default();
    let mut mentions: HashMap<usize, Vec<chrono::NaiveDate>> = HashMap::default();
    let mut retold = Vec::new();
    // (police agency, subject, indicator) → when its last concern was
    // recorded, and the concern.
    let mut last_police: HashMap<
        (i64, i64, knowledge::IndicatorId),
        (i64, knowledge::IndicatorId),
    > = HashMap::default();
    for o in observations {
        let Some(&p) = position.get(&o.record) else {
            continue;
        };
        let worth = indicators
            .get(o.key.indicator as usize)
            .is_some_and(|d| d.severity != Severity::Low);
        let meeting = facts.get(p).and_then(|f| f.meeting.as_ref());
        let said_at_meeting =
            meeting.is_some_and(|m| m.held && m.kind != MeetingKind::OtherMeeting);
        if received[p] || !worth || said_at_meeting {
            continue;
        }
        let r = &records[p];
        let day = r.when.day();
        let named = mentions.entry(p).or_insert_with(|| match day {
            Some(on) => {
                let mut v = days_mentioned(&r.text, on);
                if let Some(outcome) = &r.outcome {
                    v.extend(days_mentioned(outcome, on));
                }
                // "Mark on lower back found by HV": another's finding of
                // that day or the day before, told again.
                if credits_another(&r.text) {
                    v.push(on);
                    v.extend(on.pred_opt());
                }
                v
            }
            None => Vec::new(),
        });
        if !named.is_empty() {
            retold.push((o, p, named.clone()));
            continue;
        }
        // A police record of a step in the investigation of an incident it
        // recorded ("interviewed – denies", "CPS advice: NFA", "convicted at
        // magistrates") holds that incident's concern.
        let key = (o.agency, o.key.subject, o.key.indicator);
        if r.agency_kind == AgencyKind::Police && investigation_step(r) {
            if let Some(&(then, c)) = last_police.get(&key) {
                if o.at.lo - then <= INVESTIGATION_DAYS * 86_400 {
                    hold(&mut out, o, p, c);
                    continue;
                }
            }
        }
        let c = new_concern(&mut out, o, p);
        if r.agency_kind == AgencyKind::Police {
            last_police.insert(key, (o.at.lo, c));
        }
        if let Some(day) = day {
            by_day
                .entry((o.key.subject, o.key.indicator, day))
                .or_insert(c);
        }
    }
    // A record naming an earlier day holds the concern recorded that day,
    // if there is one; otherwise its own.
    // A record naming an earlier day that holds no concern of that day
    // is a new concern of its own day, which a later record of the same
    // day may tell again.
    for (o, p, named) in retold {
        let earlier = named
            .iter()
            .find_map(|d| by_day.get(&(o.key.subject, o.key.indicator, *d)).copied());
        match earlier {
            Some(c) => hold(&mut out, o, p, c),
            None => {
                let c = new_concern(&mut out, o, p);
                if let Some(day) = records[p].when.day() {
                    by_day
                        .entry((o.key.subject, o.key.indicator, day))
                        .or_insert(c);
                }
            }
        }
    }
    out
}

/// Records that the observation `o` (of the record at position `p`) holds
/// the earlier concern `c` again, rather than a new one.
fn hold(out: &mut Concerns, o: &Observation, p: usize, c: knowledge::IndicatorId) {
    out.observations.push(Observation {
        key: Key {
            subject: o.key.subject,
            indicator: c,
        },
        ..*o
    });
    out.held.insert((p, o.key.indicator, o.key.subject), c);
}

/// Days after a police incident within which a record of a step in its
/// investigation holds the incident's concern.
const INVESTIGATION_DAYS: i64 = 90;

/// True when a police record tells of a step in an investigation (an
/// interview, the CPS's advice, bail, a charge, a court's outcome, the
/// victim updated) and not of a new call or incident.
fn investigation_step(r: &Record) -> bool {
    static STEP: std::sync::OnceLock<Option<(regex::Regex, regex::Regex)>> =
        std::sync::OnceLock::new();
    let Some((step, incident)) = STEP
        .get_or_init(|| {
            let step = regex::Regex::new(
                r"(?i)\b(?:interview(?:ed)?|CPS|charged|charge|bail(?:ed)?|remand(?:ed)?|magistrates|crown court|court|convicted|sentenced|released under investigation|RUI|insufficient evidence|victim updated|retraction|caution(?:ed)?|summons|pleaded|plea)\b",
            )
            .ok()?;
            let incident = regex::Regex::new(
                r"(?i)\b(?:999|101|attended|call(?:ed)? (?:from|to)|calls? received|report(?:s|ed)? (?:of|that|by)|incident at|on arrival|new incident|further incident|assault(?:ed)? (?:on|by) .{0,20}(?:today|tonight|last night))\b",
            )
            .ok()?;
            Some((step, incident))
        })
        .as_ref()
    else {
        return false;
    };
    let text = match &r.outcome {
        Some(o) => format!("{} {o}", r.text),
        None => r.text.clone(),
    };
    step.is_match(&text) && !incident.is_match(&text)
}

/// Adds the observation `o` (of the record at position `p`) as a new
/// concern, returning its id.
fn new_concern(out: &mut Concerns, o: &Observation, p: usize) -> knowledge::IndicatorId {
    let c = out.concerns.len() as knowledge::IndicatorId;
    out.observations.push(Observation {
        key: Key {
            subject: o.key.subject,
            indicator: c,
        },
        ..*o
    });
    out.concerns.push(Concern {
        position: p,
        indicator: o.key.indicator,
        subject: o.key.subject,
    });
    out.held.insert((p, o.key.indicator, o.key.subject), c);
    c
}

/// Whether a record credits what it records to someone else's finding
/// ("mark on lower back found by HV", "bruise noticed by nursery staff").
fn credits_another(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "found by",
        "noticed by",
        "identified by",
        "observed by",
        "spotted by",
        "seen by the hv",
        "seen by hv",
        "raised by",
        "reported by",
    ]
    .iter()
    .any(|w| lower.contains(w))
}
