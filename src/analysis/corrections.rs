//! Stage "corrections": the reviewer's corrections to what was read
//! (`store::Correction`), applied to each record's facts and people before
//! anything is built on them, so that every later stage — sharing,
//! knowledge, concerns, the flags — works from the corrected reading. A
//! correction that no longer fits (an indicator taken out of the taxonomy,
//! a person no longer resolved, a meeting's attendance on a record that is
//! not a meeting) is kept and reported with the reason, never applied in
//! part.

use foldhash::HashMap;
use serde::Serialize;

use crate::extract::{
    AgencyRef, ChildSeen, Decision, DecisionHit, DecisionKind, Direction, Extractor, Field,
    IndicatorHit, Meeting, MeetingKind, RecordFacts, SharingMention, SharingMethod,
};
use crate::model::{AgencyInfo, Record};
use crate::store::{Change, Correction, Fact, Flow};
use crate::subjects::Resolution;
use crate::text::fold;

use super::sharing::AgencyResolver;

/// A correction and whether the analysis could apply it.
#[derive(Clone, Debug, Serialize)]
pub struct AppliedCorrection {
    /// The correction, as the reviewer made it.
    #[serde(flatten)]
    pub correction: Correction,
    /// True when it was applied to this analysis.
    pub applied: bool,
    /// Why it was not, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// What the corrections change besides each record's facts and people:
/// whom a record's indicator is about, where the reviewer said so.
pub(super) type AboutOverrides = HashMap<(usize, u32), Vec<i64>>;

/// The machine's own reading of each record a reviewer corrected (its
/// facts and people as read), by position.
pub(super) type MachineReading = HashMap<usize, (RecordFacts, Vec<i64>)>;

/// What applying the corrections gives: each correction with whether it
/// was applied, whom the reviewer said indicators are about, and the
/// machine's reading of the records corrected.
pub(super) struct Corrected {
    pub applied: Vec<AppliedCorrection>,
    pub about: AboutOverrides,
    pub read: MachineReading,
}

/// The subject a name or label stands for ("Child A", "Mother", "Kayla",
/// "Ms Brooks"), compared without case, accents or punctuation.
pub fn subject_named(subjects: &Resolution, name: &str) -> Option<i64> {
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    let by_label = |label: &str| {
        subjects
            .subjects
            .iter()
            .find(|s| fold(&s.label) == fold(label))
            .map(|s| s.id as i64)
    };
    by_label(name)
        .or_else(|| subjects.label_for(name).and_then(by_label))
        .or_else(|| {
            subjects
                .subjects
                .iter()
                .find(|s| s.names.iter().any(|v| fold(&v.text) == folded))
                .map(|s| s.id as i64)
        })
}

/// The review's agency a name stands for: the one whose name it is, or
/// the only one whose name holds it.
pub fn agency_named<'a>(agencies: &'a [AgencyInfo], name: &str) -> Option<&'a AgencyInfo> {
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    if let Some(a) = agencies.iter().find(|a| fold(&a.name) == folded) {
        return Some(a);
    }
    let padded = format!(" {folded} ");
    let mut holding = agencies
        .iter()
        .filter(|a| format!(" {} ", fold(&a.name)).contains(&padded));
    match (holding.next(), holding.next()) {
        (Some(a), None) => Some(a),
        _ => None,
    }
}

/// A kind written by a reviewer ("no further action", "NFA-style" kinds are
/// not guessed) read as the taxonomy's identifier ("no_further_action").
fn kind<T: serde::de::DeserializeOwned>(written: &str) -> Option<T> {
    let id: String = written
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    serde_json::from_value(serde_json::Value::String(id)).ok()
}

/// Reads a decision kind as a reviewer writes it.
pub fn decision_kind(written: &str) -> Option<DecisionKind> {
    kind(written)
}

/// Reads a meeting kind as a reviewer writes it.
pub fn meeting_kind(written: &str) -> Option<MeetingKind> {
    kind(written)
}

/// Reads a sharing method as a reviewer writes it.
pub fn sharing_method(written: &str) -> Option<SharingMethod> {
    kind(written)
}

/// Reads whether the child was seen as a reviewer writes it.
pub fn child_seen(written: &str) -> Option<ChildSeen> {
    match kind::<String>(written)?.as_str() {
        "seen_alone" | "alone" => Some(ChildSeen::SeenAlone),
        "seen" => Some(ChildSeen::Seen),
        "not_seen" | "unseen" => Some(ChildSeen::NotSeen),
        _ => None,
    }
}

/// Everything the corrections stage works on.
pub(super) struct Reading<'a> {
    pub records: &'a [Record],
    pub position: &'a HashMap<i64, usize>,
    pub facts: &'a mut [RecordFacts],
    pub record_subjects: &'a mut [Vec<i64>],
    pub subjects: &'a Resolution,
    pub agencies: &'a [AgencyInfo],
    pub extractor: &'a Extractor,
}

/// Applies every correction to the records' facts and people.
pub(super) fn apply(corrections: &[Correction], mut reading: Reading<'_>) -> Corrected {
    let resolver = AgencyResolver::new(reading.agencies);
    let mut about = AboutOverrides::default();
    let mut read = MachineReading::default();
    let applied = corrections
        .iter()
        .map(|c| {
            if let Some(&p) = reading.position.get(&c.record) {
                read.entry(p).or_insert_with(|| {
                    (reading.facts[p].clone(), reading.record_subjects[p].clone())
                });
            }
            let problem = apply_one(c, &mut reading, &resolver, &mut about).err();
            AppliedCorrection {
                correction: c.clone(),
                applied: problem.is_none(),
                problem,
            }
        })
        .collect();
    Corrected {
        applied,
        about,
        read,
    }
}

/// Applies one correction, or says why it cannot be.
fn apply_one(
    c: &Correction,
    x: &mut Reading<'_>,
    resolver: &AgencyResolver,
    about: &mut AboutOverrides,
) -> Result<(), String> {
    let Some(&p) = x.position.get(&c.record) else {
        return Err(format!("record {} is not in the review", c.record));
    };
    let own = x.records[p].agency_id;
    let agency = |name: &str| {
        agency_named(x.agencies, name).ok_or_else(|| format!("no agency is called {name}"))
    };
    let person = |name: &str| {
        subject_named(x.subjects, name).ok_or_else(|| format!("no person is called {name}"))
    };
    let facts = &mut x.facts[p];
    match (&c.fact, c.change) {
        (
            Fact::Indicator {
                indicator,
                about: who,
            },
            change,
        ) => {
            let Some(i) = x
                .extractor
                .taxonomy()
                .indicators
                .iter()
                .position(|d| d.id == *indicator)
            else {
                return Err(format!("the taxonomy has no indicator {indicator}"));
            };
            if change == Change::Remove {
                facts.indicators.retain(|h| h.indicator != i);
                return Ok(());
            }
            let people = who
                .iter()
                .map(|n| person(n))
                .collect::<Result<Vec<i64>, String>>()?;
            if !facts.indicators.iter().any(|h| h.indicator == i) {
                facts.indicators.push(IndicatorHit {
                    indicator: i,
                    id: indicator.clone(),
                    field: Field::Reviewer,
                    matched: String::new(),
                    start: 0,
                    end: 0,
                    negated_by: None,
                });
            }
            if !people.is_empty() {
                let subjects = &mut x.record_subjects[p];
                for s in &people {
                    if !subjects.contains(s) {
                        subjects.push(*s);
                    }
                }
                subjects.sort_unstable();
                about.insert((p, i as u32), people);
            }
            Ok(())
        }
        (
            Fact::Sharing {
                flow,
                agency: name,
                method,
                on,
            },
            change,
        ) => {
            let other = agency(name)?;
            let direction = match flow {
                Flow::To => Direction::Outgoing,
                Flow::From => Direction::Incoming,
                Flow::With => Direction::Mutual,
            };
            if change == Change::Remove {
                // "X told Y" as read is this agency's telling when X is it.
                let same_way = |d: Direction| {
                    d == direction || (direction == Direction::Outgoing && d == Direction::Between)
                };
                for m in facts.sharing.iter_mut().filter(|m| same_way(m.direction)) {
                    m.counterparts
                        .retain(|r| resolver.resolve(r) != Some(other.id));
                }
                facts.sharing.retain(|m| !m.counterparts.is_empty());
                return Ok(());
            }
            if other.id == own {
                return Err(format!("{name} is the record's own agency"));
            }
            let method = match method {
                Some(m) => {
                    sharing_method(m).ok_or_else(|| format!("no way of sharing is called {m}"))?
                }
                None => SharingMethod::Unspecified,
            };
            let on = match on {
                Some(d) => Some(
                    crate::when::parse_when(&d.to_string(), None)
                        .map_err(|e| e.to_string())?
                        .bounds(),
                ),
                None => None,
            };
            facts.sharing.push(SharingMention {
                method,
                direction,
                counterparts: vec![reference(other)],
                by: Vec::new(),
                field: Field::Reviewer,
                phrase: String::new(),
                start: 0,
                end: 0,
                on,
                nothing_held: false,
            });
            Ok(())
        }
        (
            Fact::Attendance {
                agency: name,
                present,
            },
            change,
        ) => {
            let other = agency(name)?;
            let Some(meeting) = facts.meeting.as_mut() else {
                return Err("the record is not read as a meeting".into());
            };
            let not_it = |r: &AgencyRef| resolver.resolve(r) != Some(other.id);
            meeting.present.retain(not_it);
            meeting.absent.retain(not_it);
            if change == Change::Add {
                if *present {
                    meeting.present.push(reference(other));
                } else {
                    meeting.absent.push(reference(other));
                }
            }
            Ok(())
        }
        (Fact::Meeting { kind }, change) => {
            let k = meeting_kind(kind).ok_or_else(|| format!("no meeting is called {kind}"))?;
            match change {
                Change::Remove => facts.meeting = None,
                Change::Add => match facts.meeting.as_mut() {
                    Some(m) => {
                        m.kind = k;
                        m.held = true;
                    }
                    None => {
                        facts.meeting = Some(Meeting {
                            kind: k,
                            held: true,
                            present: Vec::new(),
                            absent: Vec::new(),
                            phrase: String::new(),
                        })
                    }
                },
            }
            Ok(())
        }
        (Fact::Decision { kind }, change) => {
            let k = decision_kind(kind).ok_or_else(|| format!("no decision is called {kind}"))?;
            match change {
                Change::Remove => {
                    if let Some(d) = facts.decision.as_mut() {
                        d.kinds.retain(|x| *x != k);
                        d.hits.retain(|h| h.kind != k);
                    }
                    if let Some(first) = facts.decision.as_ref().and_then(|d| d.kinds.first()) {
                        let first = *first;
                        if let Some(d) = facts.decision.as_mut() {
                            d.kind = first;
                        }
                    } else {
                        facts.decision = None;
                    }
                }
                Change::Add => {
                    let hit = DecisionHit {
                        kind: k,
                        field: Field::Reviewer,
                        phrase: String::new(),
                        start: 0,
                        end: 0,
                    };
                    match facts.decision.as_mut() {
                        Some(d) => {
                            if !d.kinds.contains(&k) {
                                d.kinds.insert(0, k);
                                d.hits.push(hit);
                            }
                        }
                        None => {
                            facts.decision = Some(Decision {
                                kind: k,
                                kinds: vec![k],
                                hits: vec![hit],
                            })
                        }
                    }
                }
            }
            Ok(())
        }
        (Fact::About { person: name }, change) => {
            let s = person(name)?;
            let subjects = &mut x.record_subjects[p];
            match change {
                Change::Add => {
                    if !subjects.contains(&s) {
                        subjects.push(s);
                        subjects.sort_unstable();
                    }
                }
                Change::Remove => subjects.retain(|x| *x != s),
            }
            Ok(())
        }
        (Fact::Seen { seen }, change) => {
            let answer = child_seen(seen)
                .ok_or_else(|| format!("'{seen}' is not seen_alone, seen or not_seen"))?;
            facts.child_seen = match change {
                Change::Add => answer,
                Change::Remove if facts.child_seen == answer => ChildSeen::Unknown,
                Change::Remove => facts.child_seen,
            };
            Ok(())
        }
    }
}

/// An agency of the review as a reference the later stages resolve.
fn reference(a: &AgencyInfo) -> AgencyRef {
    AgencyRef {
        kind: a.kind,
        text: a.name.clone(),
    }
}

/// The closest of `names` to `written`, when one is close enough to
/// suggest.
fn closest<'a>(written: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    names
        .map(|n| (strsim::jaro_winkler(&fold(written), &fold(n)), n))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// "; did you mean X?" when one is close, else the whole list.
fn hint<'a>(written: &str, names: impl Iterator<Item = &'a str> + Clone) -> String {
    match closest(written, names.clone()) {
        Some(n) => format!("; did you mean {n}?"),
        None => format!(" (one of: {})", names.collect::<Vec<_>>().join(", ")),
    }
}

impl super::Analysis {
    /// A correction's fact checked against this analysis and written in
    /// its canonical terms: the record exists; the indicator is in the
    /// taxonomy; agencies are the review's (by their full names); people are
    /// the review's (by the name they are written by most often); kinds are
    /// the taxonomy's identifiers. The error names what did not fit and
    /// what would.
    pub fn check_correction(&self, record: i64, fact: &Fact) -> crate::Result<Fact> {
        let invalid = |m: String| crate::Error::Invalid(m);
        let Some(&p) = self.position.get(&record) else {
            return Err(invalid(format!("there is no record {record}")));
        };
        let agency = |name: &str| {
            agency_named(&self.agencies, name)
                .map(|a| a.name.clone())
                .ok_or_else(|| {
                    invalid(format!(
                        "no agency of the review is called \"{name}\"{}",
                        hint(name, self.agencies.iter().map(|a| a.name.as_str()))
                    ))
                })
        };
        let person = |name: &str| {
            subject_named(&self.subjects, name)
                .map(|s| self.subject_name(s).to_string())
                .ok_or_else(|| {
                    invalid(format!(
                        "no person of the review is called \"{name}\"{}",
                        hint(
                            name,
                            self.subjects.subjects.iter().map(|s| s.label.as_str())
                        )
                    ))
                })
        };
        let unknown = |what: &str, written: &str, ids: Vec<&'static str>| {
            invalid(format!(
                "no {what} is called \"{written}\"{}",
                hint(written, ids.into_iter())
            ))
        };
        Ok(match fact {
            Fact::Indicator { indicator, about } => {
                let Some(d) = self
                    .indicators
                    .iter()
                    .find(|d| d.id == *indicator || fold(&d.label) == fold(indicator))
                else {
                    return Err(invalid(format!(
                        "the taxonomy has no indicator \"{indicator}\"{}",
                        hint(indicator, self.indicators.iter().map(|d| d.id.as_str()))
                    )));
                };
                Fact::Indicator {
                    indicator: d.id.clone(),
                    about: about
                        .iter()
                        .map(|n| person(n))
                        .collect::<crate::Result<Vec<_>>>()?,
                }
            }
            Fact::Sharing {
                flow,
                agency: name,
                method,
                on,
            } => {
                let agency = agency(name)?;
                if self.agency_name(self.records[p].agency_id) == agency {
                    return Err(invalid(format!(
                        "{agency} is the record's own agency: sharing is with another"
                    )));
                }
                let method = match method {
                    Some(m) => Some(
                        sharing_method(m)
                            .ok_or_else(|| {
                                unknown(
                                    "way of sharing",
                                    m,
                                    SHARING_METHODS.iter().map(|m| m.as_str()).collect(),
                                )
                            })?
                            .as_str()
                            .to_string(),
                    ),
                    None => None,
                };
                Fact::Sharing {
                    flow: *flow,
                    agency,
                    method,
                    on: *on,
                }
            }
            Fact::Attendance {
                agency: name,
                present,
            } => Fact::Attendance {
                agency: agency(name)?,
                present: *present,
            },
            Fact::Meeting { kind } => Fact::Meeting {
                kind: meeting_kind(kind)
                    .ok_or_else(|| {
                        unknown(
                            "meeting",
                            kind,
                            MEETINGS.iter().map(|m| m.as_str()).collect(),
                        )
                    })?
                    .as_str()
                    .to_string(),
            },
            Fact::Decision { kind } => Fact::Decision {
                kind: decision_kind(kind)
                    .ok_or_else(|| {
                        unknown(
                            "decision",
                            kind,
                            DecisionKind::ALL.iter().map(|m| m.as_str()).collect(),
                        )
                    })?
                    .as_str()
                    .to_string(),
            },
            Fact::About { person: name } => Fact::About {
                person: person(name)?,
            },
            Fact::Seen { seen } => {
                let answer = child_seen(seen).ok_or_else(|| {
                    unknown("answer", seen, vec!["seen_alone", "seen", "not_seen"])
                })?;
                Fact::Seen {
                    seen: match answer {
                        ChildSeen::SeenAlone => "seen_alone",
                        ChildSeen::Seen => "seen",
                        _ => "not_seen",
                    }
                    .into(),
                }
            }
        })
    }
}

/// Every way of sharing a reviewer may name.
const SHARING_METHODS: [SharingMethod; 9] = [
    SharingMethod::Referral,
    SharingMethod::Notification,
    SharingMethod::Letter,
    SharingMethod::Fax,
    SharingMethod::Phone,
    SharingMethod::Email,
    SharingMethod::Meeting,
    SharingMethod::InformationRequest,
    SharingMethod::Conversation,
];

/// Every kind of meeting a reviewer may name.
const MEETINGS: [MeetingKind; 6] = [
    MeetingKind::StrategyDiscussion,
    MeetingKind::InitialCpConference,
    MeetingKind::ReviewCpConference,
    MeetingKind::CpConference,
    MeetingKind::CoreGroup,
    MeetingKind::OtherMeeting,
];
