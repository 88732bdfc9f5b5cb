//! Stage "sharing": each record's first-hand observations (an indicator
//! about a person, at a time, by an agency) and the sharing events it
//! records (referrals, notifications, meetings), with the agencies the text
//! names mapped to the review's agencies.

use std::collections::BTreeMap;

use crate::extract::{AgencyRef, Direction, Field, RecordFacts};
use crate::knowledge::{self, Key, Observation, Sharing, SharingKind, Span};
use crate::model::{AgencyInfo, AgencyKind, Record};
use crate::text::fold;

/// Hours within which an agency's records of the same day are one contact.
const CONTACT_HOURS: i64 = 3;

/// The children named by the records of record `i`'s agency in the
/// [`CONTACT_HOURS`] before it on the same day: one contact written over
/// several rows.
fn same_contact_children(
    records: &[Record],
    record_subjects: &[Vec<i64>],
    attribution: &super::people::Attribution,
    i: usize,
) -> Vec<i64> {
    let r = &records[i];
    let (lo, _) = r.when.bounds();
    let mut out = Vec::new();
    if r.when.day().is_none() {
        return out;
    }
    for j in (0..i).rev() {
        let x = &records[j];
        let (xlo, _) = x.when.bounds();
        if xlo < lo.saturating_sub(CONTACT_HOURS * 3600) {
            break;
        }
        if x.agency_id != r.agency_id || x.when.day() != r.when.day() {
            continue;
        }
        for s in &record_subjects[j] {
            if attribution.is_child(*s) && !out.contains(s) {
                out.push(*s);
            }
        }
    }
    out
}

/// Sharing a record agrees or plans ("IDVA to inform midwife and HV"),
/// with the agencies it names mapped to the review's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Position of the record in `Analysis::records`.
    pub position: usize,
    /// The agency that is to do the telling (the record's own when the
    /// plan names none).
    pub by: i64,
    /// The agencies to be told.
    pub to: Vec<i64>,
    /// Whom what is to be passed on is about.
    pub subjects: Vec<i64>,
    /// The words of the plan.
    pub phrase: String,
}

/// What every record observed, every sharing it records and every sharing
/// it plans, in record order.
pub(super) fn observe(
    records: &[Record],
    facts: &[RecordFacts],
    record_subjects: &[Vec<i64>],
    agencies: &[AgencyInfo],
    attribution: &super::people::Attribution,
) -> (Vec<Observation>, Vec<Sharing>, Vec<Plan>) {
    let resolver = AgencyResolver::new(agencies);
    let mut observations = Vec::new();
    let mut sharings = Vec::new();
    let mut plans = Vec::new();
    // Meetings held, for joining each agency's record of the same one.
    let mut meetings = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let at: Span = r.when.bounds().into();
        let at = at.normalised();
        let f = &facts[i];
        let mut seen = Vec::new();
        for hit in &f.indicators {
            if seen.contains(&hit.indicator) {
                continue;
            }
            seen.push(hit.indicator);
            for subject in
                attribution.about_record(i, &record_subjects[i], hit.indicator as u32, at.hi - 1)
            {
                observations.push(Observation {
                    agency: r.agency_id,
                    key: Key {
                        subject,
                        indicator: hit.indicator as knowledge::IndicatorId,
                    },
                    at,
                    record: r.id,
                });
            }
        }
        // What is passed on is about everyone the record is about, and
        // about whoever its concerns are about (the children of a household
        // whose adults' domestic abuse it records).
        let about = if record_subjects[i].is_empty() {
            None
        } else {
            let mut about = record_subjects[i].clone();
            for hit in &f.indicators {
                for s in attribution.about_record(
                    i,
                    &record_subjects[i],
                    hit.indicator as u32,
                    at.hi - 1,
                ) {
                    if !about.contains(&s) {
                        about.push(s);
                    }
                }
            }
            // A record naming no child that goes on from the same agency's
            // record of a child minutes before ("Seen with a burn to the
            // hand" then "Task sent to HV: burn R hand") passes on what that
            // contact was about.
            if !about.iter().any(|s| attribution.is_child(*s)) {
                for c in same_contact_children(records, record_subjects, attribution, i) {
                    if !about.contains(&c) {
                        about.push(c);
                    }
                }
            }
            Some(about)
        };
        for p in &f.planned {
            let by = if p.by.is_empty() {
                Some(r.agency_id)
            } else {
                resolver.resolve_all(&p.by, -1).first().copied()
            };
            let Some(by) = by else {
                continue;
            };
            // "Message left for HV to call SW" asks to be told: only a
            // meeting's action to tell the writer's own agency is a plan.
            let meeting = f.meeting.as_ref().is_some_and(|m| m.held);
            let to: Vec<i64> = resolver
                .resolve_all(&p.to, by)
                .into_iter()
                .filter(|a| meeting || *a != r.agency_id)
                .collect();
            if to.is_empty() {
                continue;
            }
            plans.push(Plan {
                position: i,
                by,
                to,
                subjects: about.clone().unwrap_or_default(),
                phrase: p.phrase.clone(),
            });
        }
        for m in &f.sharing {
            // A reviewer's correction may date the sharing apart from the record.
            let at = m.on.map(|b| Span::from(b).normalised()).unwrap_or(at);
            // The field it was read from, and the record's shared-with
            // cells, which name whom an outcome's "Emailed to SW" reached.
            let cells = r.shared_with.join("; ");
            let written = match m.field {
                Field::Text => r.text.clone(),
                Field::Outcome => format!("{} {cells}", r.outcome.as_deref().unwrap_or("")),
                Field::SharedWith => cells,
                _ => String::new(),
            };
            let others = resolver.resolve_all_in(&m.counterparts, r.agency_id, &written);
            if others.is_empty() {
                continue;
            }
            // "Reply to SW: no safeguarding concerns on GP record" passes
            // on none of what the teller held.
            let carried = if m.nothing_held {
                Some(Vec::new())
            } else {
                about.clone()
            };
            let kind = match m.direction {
                Direction::Outgoing => SharingKind::Directed {
                    from: r.agency_id,
                    to: others,
                },
                Direction::Incoming => {
                    for from in others {
                        sharings.push(Sharing {
                            record: r.id,
                            at,
                            kind: SharingKind::Directed {
                                from,
                                to: vec![r.agency_id],
                            },
                            subjects: carried.clone(),
                        });
                    }
                    continue;
                }
                Direction::Mutual => {
                    let mut attendees = others;
                    attendees.push(r.agency_id);
                    SharingKind::Meeting {
                        attendees,
                        absent: Vec::new(),
                    }
                }
                Direction::Between => {
                    let by = resolver.resolve_all(&m.by, -1);
                    match by.first() {
                        Some(&from) => SharingKind::Directed {
                            from,
                            to: others.into_iter().filter(|a| *a != from).collect(),
                        },
                        None => continue,
                    }
                }
            };
            sharings.push(Sharing {
                record: r.id,
                at,
                kind,
                subjects: carried,
            });
        }
        if let Some(meeting) = f.meeting.as_ref().filter(|m| m.held) {
            let absent = resolver.resolve_all(&meeting.absent, -1);
            let mut attendees = resolver.resolve_all(&meeting.present, -1);
            if !absent.contains(&r.agency_id) {
                attendees.push(r.agency_id);
            }
            attendees.retain(|a| !absent.contains(a));
            attendees.sort_unstable();
            attendees.dedup();
            if let Some(day) = r.when.day() {
                meetings.push((sharings.len(), day, meeting.kind));
            }
            sharings.push(Sharing {
                record: r.id,
                at,
                kind: SharingKind::Meeting { attendees, absent },
                subjects: about.clone(),
            });
        }
    }
    same_meeting(&mut sharings, &meetings);
    (observations, sharings, plans)
}

/// Records of the same kind of meeting held on the same day by different
/// agencies about the same people ("CIN review attended" at the school,
/// "CIN review – step down agreed" at social care, "Attended. Step-down
/// agreed." at the health visitor) are one meeting: each agency that wrote
/// one was there, whether or not any record lists who came.
fn same_meeting(
    sharings: &mut [Sharing],
    meetings: &[(usize, chrono::NaiveDate, crate::extract::MeetingKind)],
) {
    let mut by_day: BTreeMap<(chrono::NaiveDate, crate::extract::MeetingKind), Vec<usize>> =
        BTreeMap::new();
    for &(k, day, kind) in meetings {
        by_day.entry((day, kind)).or_default().push(k);
    }
    let overlap = |a: &Option<Vec<i64>>, b: &Option<Vec<i64>>| match (a, b) {
        (Some(x), Some(y)) => x.iter().any(|s| y.contains(s)),
        _ => true,
    };
    for group in by_day.values().filter(|g| g.len() > 1) {
        for &k in group {
            let mut joined: Vec<i64> = Vec::new();
            for &j in group {
                if overlap(&sharings[k].subjects, &sharings[j].subjects) {
                    if let SharingKind::Meeting { attendees, absent } = &sharings[j].kind {
                        joined.extend(attendees.iter().filter(|a| !absent.contains(a)));
                    }
                }
            }
            if let SharingKind::Meeting { attendees, absent } = &mut sharings[k].kind {
                attendees.extend(joined.into_iter().filter(|a| !absent.contains(a)));
                attendees.sort_unstable();
                attendees.dedup();
            }
        }
    }
}

/// Whether a setting written in text and a review's agency of the school
/// kind can be one: a nursery named in the text is not the review's one
/// academy, nor a school its one day nursery.
fn same_stage(text: &str, name: &str) -> bool {
    const EARLY: &[&str] = &[
        "nursery",
        "pre-school",
        "preschool",
        "playgroup",
        "childminder",
        "childminding",
        "creche",
    ];
    const SCHOOL: &[&str] = &[
        "school",
        "academy",
        "college",
        "primary",
        "secondary",
        "high",
    ];
    let words = |s: &str| -> (bool, bool) {
        let f = fold(s);
        let ws: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .collect();
        (
            ws.iter().any(|w| EARLY.contains(w)),
            ws.iter().any(|w| SCHOOL.contains(w)),
        )
    };
    let (t_early, t_school) = words(text);
    let (n_early, n_school) = words(name);
    // Only one stage on each side, and they differ: not the same setting.
    let text_stage = (t_early != t_school).then_some(t_early);
    let name_stage = (n_early != n_school).then_some(n_early);
    !matches!((text_stage, name_stage), (Some(a), Some(b)) if a != b)
}

/// Words of agency names that any agency's name could use: they name no
/// agency apart from the others.
const COMMON: &[&str] = &[
    "children",
    "childrens",
    "social",
    "care",
    "services",
    "service",
    "council",
    "county",
    "borough",
    "city",
    "team",
    "health",
    "hospital",
    "hospitals",
    "police",
    "constabulary",
    "school",
    "primary",
    "academy",
    "trust",
    "foundation",
    "front",
    "door",
    "early",
    "help",
    "safeguarding",
    "practice",
    "surgery",
    "medical",
    "centre",
    "group",
    "community",
    "family",
    "families",
    "young",
    "people",
    "youth",
    "justice",
    "probation",
    "public",
    "nursing",
    "visiting",
    "general",
    "university",
    "district",
    "metropolitan",
    "north",
    "south",
    "east",
    "west",
    "central",
    "upon",
];

/// Whether `text` names the agency `id` of `agencies` apart from every
/// other agency of the review: a word of its name (four letters or more)
/// that no other agency's name has and that is not a word any agency's
/// name could use ("York" for City of York Children's Social Care beside
/// North Yorkshire Police), or capitals that begin its initials and no
/// other's ("CYC SW").
pub(crate) fn names_apart(agencies: &[AgencyInfo], id: i64, text: &str) -> bool {
    let all: Vec<(i64, String)> = agencies
        .iter()
        .map(|a| (a.id, format!(" {} ", fold(&a.name))))
        .collect();
    names_padded_apart(&all, id, text)
}

/// [`names_apart`] over the agencies' folded names, padded with spaces.
fn names_padded_apart(all: &[(i64, String)], id: i64, text: &str) -> bool {
    let Some((_, name)) = all.iter().find(|(x, _)| *x == id) else {
        return false;
    };
    let folded = format!(" {} ", fold(text));
    let by_word = name.split(' ').any(|w| {
        w.len() >= 4
            && !COMMON.contains(&w)
            && folded.contains(&format!(" {w} "))
            && !all
                .iter()
                .any(|(x, n)| *x != id && n.contains(&format!(" {w} ")))
    });
    by_word
        || text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_lowercase)
            .any(|acr| {
                initials(name).starts_with(acr.as_str())
                    && !all
                        .iter()
                        .any(|(x, n)| *x != id && initials(n).starts_with(acr.as_str()))
            })
}

/// Teams every kind of agency has: whose one is, is told by the words
/// before.
const SHARED_TEAMS: &[&str] = &["safeguarding team", "safeguarding hub", "safeguarding lead"];

/// The initials of a folded agency name's words, leaving out "and", "of",
/// "the" and "for" ("yos" for "youth offending service").
fn initials(name: &str) -> String {
    name.split(' ')
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "of" | "the" | "for"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Maps agencies named in text ("CSC", "the school", "DS Cole (Police)") to
/// the review's agencies: by kind when the review has one agency of that
/// kind, by name when it has several.
pub(super) struct AgencyResolver {
    by_kind: BTreeMap<AgencyKind, Vec<(i64, String)>>,
    /// Every agency's folded name, padded with spaces for whole-word search.
    all: Vec<(i64, String)>,
}

impl AgencyResolver {
    pub(super) fn new(agencies: &[AgencyInfo]) -> AgencyResolver {
        let mut by_kind: BTreeMap<AgencyKind, Vec<(i64, String)>> = BTreeMap::new();
        for a in agencies {
            by_kind
                .entry(a.kind)
                .or_default()
                .push((a.id, fold(&a.name)));
        }
        let all = agencies
            .iter()
            .map(|a| (a.id, format!(" {} ", fold(&a.name))))
            .collect();
        AgencyResolver { by_kind, all }
    }

    pub(super) fn resolve(&self, r: &AgencyRef) -> Option<i64> {
        self.resolve_shared_team(r)
            .or_else(|| self.resolve_by_kind(r))
            .or_else(|| self.resolve_by_name(r))
    }

    /// A team every kind of agency has, after words naming one agency of
    /// the review apart from the rest ("NEAS Safeguarding Team" beside
    /// North East Ambulance Service, "the Trust's safeguarding team"): that
    /// agency's, whatever kind the team's words suggest.
    fn resolve_shared_team(&self, r: &AgencyRef) -> Option<i64> {
        let text = fold(&r.text);
        let team = SHARED_TEAMS.iter().find(|t| text.ends_with(*t))?;
        let words: Vec<&str> = r.text.split_whitespace().collect();
        let keep = words.len().checked_sub(team.split(' ').count())?;
        if keep == 0 {
            return None;
        }
        let before = words[..keep].join(" ");
        let named: Vec<i64> = self
            .all
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| names_padded_apart(&self.all, *id, &before))
            .collect();
        (named.len() == 1).then(|| named[0])
    }

    /// The one agency whose name holds the words written, whatever its kind
    /// ("Education Welfare" is "Elmfield Education Welfare", recorded as
    /// another kind of agency).
    fn resolve_by_name(&self, r: &AgencyRef) -> Option<i64> {
        let text = fold(&r.text);
        if text.len() < 5 || !text.contains(' ') {
            return None;
        }
        let needle = format!(" {text} ");
        let mut found = self.all.iter().filter(|(_, name)| name.contains(&needle));
        match (found.next(), found.next()) {
            (Some((id, _)), None) => Some(*id),
            _ => None,
        }
    }

    fn resolve_by_kind(&self, r: &AgencyRef) -> Option<i64> {
        let list = self.by_kind.get(&r.kind)?;
        // "Other" says nothing of what an agency is: "Adult Social Care" is
        // not the review's one other agency, a mental health trust, unless
        // their names share a word that is not the place's.
        if r.kind == AgencyKind::Other {
            let text = fold(&r.text);
            let named: Vec<i64> = list
                .iter()
                .filter(|(_, name)| {
                    // "YOS" for "Youth Offending Service".
                    (text.len() >= 2 && initials(name).contains(text.as_str()))
                        || text.split(' ').filter(|w| w.len() >= 4).any(|w| {
                            name.split(' ').any(|n| n == w)
                                && self
                                    .all
                                    .iter()
                                    .filter(|(_, x)| x.contains(&format!(" {w} ")))
                                    .count()
                                    == 1
                        })
                })
                .map(|(id, _)| *id)
                .collect();
            return (named.len() == 1).then(|| named[0]);
        }
        if list.len() == 1 {
            return list
                .first()
                .filter(|(_, name)| r.kind != AgencyKind::School || same_stage(&r.text, name))
                .map(|(id, _)| *id);
        }
        let text = fold(&r.text);
        let named: Vec<i64> = list
            .iter()
            .filter(|(_, name)| {
                !text.is_empty()
                    && (name.contains(&text)
                        || text
                            .split(' ')
                            .filter(|w| w.len() >= 4)
                            .any(|w| name.split(' ').any(|n| n == w)))
            })
            .map(|(id, _)| *id)
            .collect();
        (named.len() == 1).then(|| named[0])
    }

    /// Where the review has several agencies of a counterpart's kind and
    /// its own words name none of them ("PPN (child) submitted"), the one of
    /// that kind the field it was read from names apart from every other
    /// agency ("… Sent to City of York Children's Front Door"; see
    /// [`names_apart`]).
    fn resolve_in_field(&self, r: &AgencyRef, field: &str) -> Option<i64> {
        let list = self.by_kind.get(&r.kind)?;
        if list.len() < 2 || field.is_empty() {
            return None;
        }
        let named: Vec<i64> = list
            .iter()
            .filter(|(id, _)| names_padded_apart(&self.all, *id, field))
            .map(|(id, _)| *id)
            .collect();
        (named.len() == 1).then(|| named[0])
    }

    /// [`Self::resolve_all`], with the field the references were read from
    /// to tell apart several agencies of one kind.
    pub(super) fn resolve_all_in(&self, refs: &[AgencyRef], exclude: i64, field: &str) -> Vec<i64> {
        let mut out: Vec<i64> = refs
            .iter()
            .filter_map(|r| self.resolve(r).or_else(|| self.resolve_in_field(r, field)))
            .filter(|id| *id != exclude)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub(super) fn resolve_all(&self, refs: &[AgencyRef], exclude: i64) -> Vec<i64> {
        let mut out: Vec<i64> = refs
            .iter()
            .filter_map(|r| self.resolve(r))
            .filter(|id| *id != exclude)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A review with two agencies of children's social care: a PPN
    /// "submitted" names neither, and the cell it was read from names one.
    #[test]
    fn the_cell_tells_apart_two_agencies_of_one_kind() {
        let agency = |id, name: &str, kind| AgencyInfo {
            id,
            name: name.to_string(),
            kind,
        };
        let resolver = AgencyResolver::new(&[
            agency(1, "North Yorkshire Police", AgencyKind::Police),
            agency(
                2,
                "North Yorkshire Council LADO",
                AgencyKind::ChildrensSocialCare,
            ),
            agency(
                3,
                "City of York Children's Social Care",
                AgencyKind::ChildrensSocialCare,
            ),
        ]);
        let ppn = [AgencyRef {
            kind: AgencyKind::ChildrensSocialCare,
            text: "PPN (child) submitted".to_string(),
        }];
        assert!(resolver.resolve_all(&ppn, 1).is_empty());
        let cell =
            "PPN (child) submitted. Sent to City of York Children's Front Door 13/11/2023 08:10.";
        assert_eq!(resolver.resolve_all_in(&ppn, 1, cell), vec![3]);
        // Capitals that begin one agency's initials and no other's.
        let sw = [AgencyRef {
            kind: AgencyKind::ChildrensSocialCare,
            text: "SW".to_string(),
        }];
        assert_eq!(
            resolver.resolve_all_in(&sw, 1, "Emailed to SW K Anstey. CYC SW"),
            vec![3]
        );
        assert!(resolver
            .resolve_all_in(&sw, 1, "Emailed to SW. NY SW")
            .is_empty());
        // A place both share, or none named: still no one.
        assert!(resolver
            .resolve_all_in(&ppn, 1, "PPN (child) submitted to North Yorkshire.")
            .is_empty());
    }

    /// "NEAS Safeguarding Team" is the ambulance service's own team, not
    /// social care's; "the safeguarding team" alone is social care's, as
    /// before.
    #[test]
    fn a_safeguarding_team_is_the_agency_named_before_it() {
        let agency = |id, name: &str, kind| AgencyInfo {
            id,
            name: name.to_string(),
            kind,
        };
        let resolver = AgencyResolver::new(&[
            agency(1, "North East Ambulance Service", AgencyKind::Other),
            agency(
                2,
                "Hartlepool Children's Services",
                AgencyKind::ChildrensSocialCare,
            ),
            agency(3, "University Hospital of North Tees", AgencyKind::Hospital),
        ]);
        let team = |text: &str| {
            resolver.resolve(&AgencyRef {
                kind: AgencyKind::ChildrensSocialCare,
                text: text.to_string(),
            })
        };
        assert_eq!(team("NEAS Safeguarding Team"), Some(1));
        assert_eq!(team("Tees safeguarding team"), Some(3));
        assert_eq!(team("safeguarding team"), Some(2));
    }

    #[test]
    fn a_nursery_is_not_the_reviews_academy() {
        assert!(!same_stage("nursery", "Brackley Park Academy"));
        assert!(!same_stage("school", "Little Acorns Day Nursery"));
        assert!(same_stage("school", "Brackley Park Academy"));
        assert!(same_stage("DSL", "Brackley Park Academy"));
        assert!(same_stage("nursery", "Little Acorns Day Nursery"));
        assert!(same_stage("school", "Hill Top Nursery School"));
    }
}
