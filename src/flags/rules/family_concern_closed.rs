//! A concern raised by a relative, a neighbour or an anonymous caller,
//! closed within days without the child seen and without any other agency
//! asked: national reviews keep finding that families' and neighbours'
//! worries were weighed less than professionals' and closed on the
//! parents' word.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "family-concern-closed",
    name: "Family's or neighbour's concern closed unchecked",
    description: "A concern raised by a relative, a neighbour or an anonymous caller was closed \
         within a few working days with no record of the child seen by the agency and no other \
         agency asked what it knew. High when the concern named a harm (an injury, neglect, \
         abuse), medium when it was a worry in general.",
    severity: "High when the concern was of harm (anything the taxonomy reads as an indicator: an injury, neglect, abuse); medium when it was a general worry.",
    thresholds: &[
        Threshold {
            setting: "working_days",
            meaning: "working days after the concern within which a closure is flagged",
            basis: Basis::SightlineDefault,
            source: "after the Child Safeguarding Practice Review Panel, Child Protection in England (2022)",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose closures count.
    pub kinds: Vec<String>,
    /// A closure within this many working days of the concern.
    pub working_days: u32,
    /// What says the concern came from a relative, a neighbour or an
    /// anonymous caller (regular expressions, case-insensitive).
    pub raised_by: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[family-concern-closed]
enabled = true
# Agency kinds whose closures count.
kinds = ["childrens_social_care", "housing"]
# A closure within this many working days of the concern (national learning:
# the Child Safeguarding Practice Review Panel, Child Protection in England,
# 2022; the 10 days are a Sightline default).
# Basis: Sightline default (after the Child Safeguarding Practice Review
# Panel, Child Protection in England (2022)).
working_days = 10
# What says a concern came from a relative, a neighbour or an anonymous
# caller (regular expressions, case-insensitive).
raised_by = [
    '\banonymous(?:ly)?\b',
    '\bmember of the public\b',
    '\bconcerned (?:relative|neighbou?r|family member|grandparent)\b',
    '\b(?:call|referral|report|concerns?|complaint|contact|email|letter|allegation|information)s? (?:received )?from (?:a |the |their |her |his |mum.s |mother.s |father.s |dad.s )?(?:neighbou?rs?|relatives?|family members?|(?:maternal |paternal )?(?:grandmother|grandfather|grandparents?|great.grandmother|aunt|uncle|nan|nana|gran|grandma|grandad|cousin)|mgm|pgm|mgf|pgf)\b',
    '\b(?:neighbou?rs?|mgm|pgm|mgf|pgf|(?:maternal |paternal )?(?:grandmother|grandfather|grandparents|aunt|uncle|nan|gran|grandma))\b (?:has |have )?(?:rang|rung|called|phoned|telephoned|emailed|contacted|reported|raised|complained|alleged|came in|attended)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.family_concern_closed.clone();
    let kinds = agency_kinds(&s.kinds);
    let Some(raised_by) = Patterns::new(&s.raised_by) else {
        return;
    };
    // Per agency: the start of every sharing it took part in, sorted, to
    // ask whether it spoke to anyone between a concern and its closure.
    let mut spoke: HashMap<i64, Vec<i64>> = HashMap::new();
    for sh in &a.sharings {
        let parties: Vec<i64> = match &sh.kind {
            SharingKind::Directed { from, to } => {
                std::iter::once(*from).chain(to.iter().copied()).collect()
            }
            SharingKind::Meeting { attendees, .. } => attendees.clone(),
        };
        for p in parties {
            spoke.entry(p).or_default().push(sh.at.lo);
        }
    }
    for v in spoke.values_mut() {
        v.sort_unstable();
    }
    let mut closed: BTreeSet<usize> = BTreeSet::new();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind) || !raised(&raised_by, r) {
            continue;
        }
        let children: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|c| ctx.child_set.contains(c))
            .collect();
        if children.is_empty() {
            continue;
        }
        let Some(day) = local_date(span(r).lo) else {
            continue;
        };
        let deadline = ctx.days.add_working_days(day, s.working_days);
        // The agency's closure of it: this record or a later one of the
        // agency about the same child, by the deadline.
        let mut seen = false;
        let mut closure = None;
        for (j, x) in a.records.iter().enumerate().skip(i) {
            if local_date(span(x).lo).is_none_or(|d| d > deadline) {
                break;
            }
            if x.agency_id != r.agency_id
                || !a.record_subjects[j].iter().any(|c| children.contains(c))
            {
                continue;
            }
            let f = &a.facts[j];
            seen |= matches!(f.child_seen, ChildSeen::Seen | ChildSeen::SeenAlone);
            if f.decision.as_ref().is_some_and(|d| {
                d.kinds.iter().any(|k| {
                    closes(k)
                        || matches!(
                            k,
                            DecisionKind::ThresholdNotMet | DecisionKind::NoFurtherAction
                        )
                })
            }) {
                closure = Some(j);
                break;
            }
        }
        let Some(j) = closure else { continue };
        // A closure that concludes an assessment closed a piece of work,
        // not an unchecked concern.
        let assessed = a.facts[j]
            .decision
            .as_ref()
            .is_some_and(|d| d.kinds.contains(&DecisionKind::AssessmentConcluded));
        if seen || assessed || closed.contains(&j) {
            continue;
        }
        // Anyone asked between the concern and the closure (the concern's
        // own day included: checks made on receipt).
        let from = span(r).lo;
        let to = span(&a.records[j]).hi;
        let asked = spoke.get(&r.agency_id).is_some_and(|v| {
            let k = v.partition_point(|t| *t < from);
            v.get(k).is_some_and(|t| *t < to)
        });
        if asked {
            continue;
        }
        closed.insert(j);
        push(ctx, i, j, &children);
    }
}

/// Whether a record says a relative, a neighbour or an anonymous caller
/// raised a concern, not that none did ("no concerns from neighbours").
fn raised(patterns: &Patterns, r: &Record) -> bool {
    written(r).any(|t| {
        patterns.each().iter().any(|re| {
            re.find_iter(t).any(|m| {
                let before = &t[..m.start()];
                let clause = before
                    .rsplit(['.', ';', '\n'])
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                !["no ", "not ", "nil ", "without ", "denies "]
                    .iter()
                    .any(|cue| clause.contains(cue))
            })
        })
    })
}

/// One flag on the closure, citing the concern.
fn push(ctx: &mut Context<'_>, concern: usize, closure: usize, children: &[i64]) {
    let a = ctx.a;
    let c = &a.records[concern];
    let r = &a.records[closure];
    let who = ctx.name(r.agency_id);
    let subject = ctx.subjects_label(children);
    // A concern naming a harm (an injury, neglect, abuse) rather than a
    // worry in general.
    let serious = !a.facts[concern].indicators.is_empty();
    let when = if closure == concern {
        "the same day".to_string()
    } else {
        format!("on {}", uk_date(r))
    };
    let explanation = format!(
        "{who} recorded a concern about {subject} raised by a relative, a neighbour or an \
         anonymous caller on {} ({}), and closed it {when} ({}). No record of {who} in between \
         shows {subject} seen, or another agency asked what it knew.",
        uk_date(c),
        ctx.quote(&c.text),
        ctx.quote(&r.text),
    );
    let mut evidence = vec![r.id];
    if c.id != r.id {
        evidence.push(c.id);
    }
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: r,
        about: &subject,
        agency: who.clone(),
        subject: subject.clone(),
        severity: if serious {
            Severity::High
        } else {
            Severity::Medium
        },
        title: format!("{who} closed a family's or neighbour's concern about {subject} unchecked"),
        explanation,
        evidence,
        held_by: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const CSC: &str = "Harwick Children's Social Care";
    const SCHOOL: &str = "Harwick Primary School";

    /// A grandmother's call closed on the mother's word two days later.
    #[test]
    fn a_grandmothers_concern_closed_on_a_phone_call_is_flagged() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .agency(SCHOOL, "school")
            .record(SCHOOL, "01/03/2023", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record(CSC, "06/03/2023 10:00", "Ellie Marsh", "Call from maternal grandmother: Ellie Marsh has a bruise to her ear and says mum's boyfriend did it.")
            .record(CSC, "08/03/2023", "Ellie Marsh", "Mother spoken to by phone; says Ellie fell at the park.")
            .outcome("NFA - threshold not met. Case closed.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, CSC);
        assert!(flags[0].at.starts_with("2023-03-08"), "{}", flags[0].at);
        assert_eq!(flags[0].severity, Severity::High, "an injury alleged");
    }

    /// The same call, but the school was asked and the child seen at home:
    /// nothing to flag.
    #[test]
    fn a_concern_checked_with_the_school_and_the_child_seen_is_not_flagged() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .agency(SCHOOL, "school")
            .record(
                CSC,
                "06/03/2023 10:00",
                "Ellie Marsh",
                "Call from maternal grandmother: Ellie Marsh has a bruise to her ear.",
            )
            .record(
                CSC,
                "07/03/2023",
                "Ellie Marsh",
                "Checks: rang Harwick Primary School, who report no concerns.",
            )
            .record(
                CSC,
                "08/03/2023",
                "Ellie Marsh",
                "Home visit: Ellie Marsh seen alone, no marks seen.",
            )
            .outcome("NFA. Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// An assessment that began with an anonymous call, concluded and
    /// closed: a piece of work closed, not a concern left unchecked.
    #[test]
    fn an_assessment_concluded_after_an_anonymous_call_is_not_flagged() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .record(CSC, "06/03/2023", "Ellie Marsh", "C&F assessment completed in 27 working days following the anonymous call. Needs met.")
            .outcome("Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// "No concerns from neighbours": nobody raised anything.
    #[test]
    fn no_concern_from_the_neighbours_is_no_concern_raised() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .record(
                CSC,
                "06/03/2023 10:00",
                "Ellie Marsh",
                "Housing officer's update: no concerns from neighbours about Ellie Marsh's family.",
            )
            .outcome("NFA. Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A professional's referral closed the same way is another rule's
    /// business, not this one's.
    #[test]
    fn a_schools_referral_is_not_a_family_concern() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .record(
                CSC,
                "06/03/2023 10:00",
                "Ellie Marsh",
                "Referral from the school: Ellie Marsh has a bruise to her ear.",
            )
            .record(
                CSC,
                "08/03/2023",
                "Ellie Marsh",
                "Mother spoken to by phone.",
            )
            .outcome("NFA. Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
