//! What was read in one record, fact by fact, with the words each was read
//! from, beside what the reviewer changed: the `facts` command and the
//! app's record panel show it, and each line carries the fact in the terms
//! a correction takes, so a reviewer can remove it or put it back.

use serde::Serialize;

use crate::extract::{ChildSeen, Direction, Field, RecordFacts};
use crate::store::{Change, Fact, Flow};

use super::sharing::AgencyResolver;
use super::{Analysis, AppliedCorrection};

/// Where in a record a fact was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Words {
    /// The field: text, outcome, event type or shared-with cell.
    pub field: Field,
    /// Byte offset in the field.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The words, as written.
    pub text: String,
}

/// One fact of a record.
#[derive(Clone, Debug, Serialize)]
pub struct FactLine {
    /// The fact, as a correction states it (send it back to add or
    /// remove it).
    pub fact: Fact,
    /// The fact in words ("Injury, about Child A").
    pub label: String,
    /// Where it was read (empty for a fact only the reviewer gave).
    pub words: Vec<Words>,
    /// The machine read it.
    pub read: bool,
    /// The analysis holds it now, corrections applied.
    pub now: bool,
    /// The reviewer's correction on this fact, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<i64>,
}

/// One record's reading.
#[derive(Clone, Debug, Serialize)]
pub struct RecordReading {
    /// The record.
    pub record: i64,
    /// Every fact read or given, the machine's first.
    pub facts: Vec<FactLine>,
    /// The reviewer's corrections on the record, with whether each applied.
    pub corrections: Vec<AppliedCorrection>,
}

/// A fact of one reading, with its target.
struct Found {
    target: String,
    fact: Fact,
    label: String,
    words: Vec<Words>,
}

impl Analysis {
    /// What was read in the record with this id, and what the reviewer
    /// changed; None for a record the analysis does not hold.
    pub fn reading(&self, record: i64) -> Option<RecordReading> {
        let p = *self.position.get(&record)?;
        let now_people = &self.record_subjects[p];
        let (read_facts, read_people) = match self.read.get(&p) {
            Some((f, s)) => (f, s.as_slice()),
            None => (&self.facts[p], now_people.as_slice()),
        };
        let read = self.found(p, read_facts, read_people);
        let now = self.found(p, &self.facts[p], now_people);
        let corrections: Vec<AppliedCorrection> = self.corrections_of(record).cloned().collect();
        let correction_on = |target: &str| {
            corrections
                .iter()
                .find(|c| c.correction.fact.target() == target)
                .map(|c| c.correction.id)
        };
        let mut lines: Vec<FactLine> = Vec::new();
        for f in &read {
            let current = now.iter().find(|n| n.target == f.target);
            lines.push(FactLine {
                fact: f.fact.clone(),
                label: current.map(|n| n.label.clone()).unwrap_or(f.label.clone()),
                words: f.words.clone(),
                read: true,
                now: current.is_some(),
                correction: correction_on(&f.target),
            });
        }
        for n in now
            .iter()
            .filter(|n| !read.iter().any(|f| f.target == n.target))
        {
            lines.push(FactLine {
                fact: n.fact.clone(),
                label: n.label.clone(),
                words: n.words.clone(),
                read: false,
                now: true,
                correction: correction_on(&n.target),
            });
        }
        // A correction that removed something never read, or could not be
        // applied, still shows as a line.
        for c in &corrections {
            let target = c.correction.fact.target();
            if c.correction.change == Change::Remove
                && !lines.iter().any(|l| l.fact.target() == target)
            {
                lines.push(FactLine {
                    fact: c.correction.fact.clone(),
                    label: c.correction.fact.describe(),
                    words: Vec::new(),
                    read: false,
                    now: false,
                    correction: Some(c.correction.id),
                });
            }
        }
        Some(RecordReading {
            record,
            facts: lines,
            corrections,
        })
    }

    /// Every fact of one reading of the record at `p`, in the terms a
    /// correction takes.
    fn found(&self, p: usize, facts: &RecordFacts, people: &[i64]) -> Vec<Found> {
        let resolver = AgencyResolver::new(&self.agencies);
        let own = self.records[p].agency_id;
        let mut out: Vec<Found> = Vec::new();
        let mut push = |fact: Fact, label: String, words: Option<Words>| {
            let target = fact.target();
            match out.iter_mut().find(|f| f.target == target) {
                Some(f) => f.words.extend(words),
                None => out.push(Found {
                    target,
                    fact,
                    label,
                    words: words.into_iter().collect(),
                }),
            }
        };
        let words = |field: Field, start: usize, end: usize, text: &str| {
            (field != Field::Reviewer).then(|| Words {
                field,
                start,
                end,
                text: text.to_string(),
            })
        };
        for hit in &facts.indicators {
            let about: Vec<&str> = self
                .about(p, hit.indicator as u32)
                .iter()
                .map(|s| self.subject_label(*s))
                .collect();
            let label = self
                .indicators
                .get(hit.indicator)
                .map(|d| d.label.as_str())
                .unwrap_or(hit.id.as_str());
            push(
                Fact::Indicator {
                    indicator: hit.id.clone(),
                    about: Vec::new(),
                },
                if about.is_empty() {
                    label.to_string()
                } else {
                    format!("{label}, about {}", about.join(", "))
                },
                words(hit.field, hit.start, hit.end, &hit.matched),
            );
        }
        for m in &facts.sharing {
            let flow = match m.direction {
                Direction::Outgoing | Direction::Between => Flow::To,
                Direction::Incoming => Flow::From,
                Direction::Mutual => Flow::With,
            };
            for c in &m.counterparts {
                let agency = match resolver.resolve(c) {
                    Some(id) if id == own => continue,
                    Some(id) => self.agency_name(id).to_string(),
                    None => c.text.clone(),
                };
                let fact = Fact::Sharing {
                    flow,
                    agency,
                    method: Some(m.method.as_str().to_string()),
                    on: None,
                };
                let label = {
                    let mut l = fact.describe();
                    if let Some(first) = l.get(..1) {
                        l = first.to_uppercase() + &l[1..];
                    }
                    l
                };
                push(fact, label, words(m.field, m.start, m.end, &m.phrase));
            }
        }
        if let Some(meeting) = &facts.meeting {
            let kind = meeting.kind.as_str().to_string();
            let name = kind.replace('_', " ");
            push(
                Fact::Meeting { kind },
                if meeting.held {
                    format!("A {name}, held")
                } else {
                    format!("A {name}, not held (yet)")
                },
                None,
            );
            for (list, present) in [(&meeting.present, true), (&meeting.absent, false)] {
                for r in list {
                    let agency = resolver
                        .resolve(r)
                        .map(|id| self.agency_name(id).to_string())
                        .unwrap_or(r.text.clone());
                    let fact = Fact::Attendance { agency, present };
                    let label = fact.describe();
                    push(fact, label, None);
                }
            }
        }
        if let Some(d) = &facts.decision {
            for kind in &d.kinds {
                let fact = Fact::Decision {
                    kind: kind.as_str().to_string(),
                };
                let label = format!("Decision: {}", kind.as_str().replace('_', " "));
                let mut first = true;
                for h in d.hits.iter().filter(|h| h.kind == *kind) {
                    push(
                        fact.clone(),
                        label.clone(),
                        words(h.field, h.start, h.end, &h.phrase),
                    );
                    first = false;
                }
                if first {
                    push(fact, label, None);
                }
            }
        }
        if facts.child_seen != ChildSeen::Unknown {
            let seen = match facts.child_seen {
                ChildSeen::SeenAlone => "seen_alone",
                ChildSeen::Seen => "seen",
                _ => "not_seen",
            };
            let fact = Fact::Seen { seen: seen.into() };
            let label = format!("Child {}", seen.replace('_', " "));
            push(fact, label, None);
        }
        for s in people {
            let label = self.subject_label(*s).to_string();
            push(
                Fact::About {
                    person: self.subject_name(*s).to_string(),
                },
                format!("About {label}"),
                None,
            );
        }
        out
    }
}
