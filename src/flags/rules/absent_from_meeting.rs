//! An involved agency was missing from a strategy discussion or conference.
//! Where the record says it was not invited (or not available, or "nobody
//! from" it), the point is the convening agency's: social care held the
//! meeting without it.

use super::RuleInfo;
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "absent-from-meeting",
    name: "Agency absent from a meeting",
    description: "An agency is recorded as not present at a strategy discussion or child \
         protection conference, so it learned nothing there of what the others knew.",
    severity: "High when the absent agency had recorded a concern of harm about the child in the three months before the meeting; otherwise medium.",
    thresholds: &[],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[absent-from-meeting]
enabled = true
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let kinds = [
        MeetingKind::StrategyDiscussion,
        MeetingKind::InitialCpConference,
        MeetingKind::ReviewCpConference,
        MeetingKind::CpConference,
    ];
    let mut done_events = BTreeSet::new();
    for (i, r) in a.records.iter().enumerate() {
        if !is_meeting(ctx, i, &kinds) {
            continue;
        }
        let day = local_date(span(r).lo);
        let Some(SharingKind::Meeting { attendees, absent }) = a
            .sharings
            .iter()
            .find(|s| s.record == r.id && matches!(s.kind, SharingKind::Meeting { .. }))
            .map(|s| &s.kind)
        else {
            continue;
        };
        let meeting = a.facts[i].meeting.as_ref().map(|m| m.kind);
        let name = match meeting {
            Some(MeetingKind::StrategyDiscussion) => "strategy discussion",
            Some(MeetingKind::InitialCpConference) => "initial child protection conference",
            Some(MeetingKind::ReviewCpConference) => "review child protection conference",
            _ => "child protection conference",
        };
        let subject = ctx.subjects_label(&a.record_subjects[i]);
        let uninvited: Vec<&str> = a.facts[i]
            .meeting
            .as_ref()
            .map(|m| {
                m.absent
                    .iter()
                    .filter(|x| not_asked(&r.text, &x.text))
                    .map(|x| x.text.as_str())
                    .collect()
            })
            .unwrap_or_default();
        // Social care convenes: the record's own agency, or social care
        // among those present.
        let convenor = std::iter::once(r.agency_id)
            .chain(attendees.iter().copied())
            .find(|id| {
                a.agency(*id)
                    .is_some_and(|x| x.kind == AgencyKind::ChildrensSocialCare)
            });
        for &missing in absent {
            // One flag per agency per meeting, however many records tell it.
            if !done_events.insert((day, missing)) {
                continue;
            }
            let who = ctx.name(missing);
            let present: Vec<String> = attendees.iter().map(|x| ctx.name(*x)).collect();
            let not_invited = a.facts[i].meeting.as_ref().is_some_and(|m| {
                m.absent.iter().any(|x| {
                    uninvited.contains(&x.text.as_str())
                        && a.agencies
                            .iter()
                            .any(|g| g.id == missing && g.kind == x.kind)
                })
            });
            // Not invited: the convening team's point; invited and absent:
            // the absent agency's.
            let (agency, title, explanation) = match (not_invited, convenor) {
                (true, Some(convenor)) => {
                    let by = ctx.name(convenor);
                    (
                        by.clone(),
                        format!("{by} held the {name} without {who}"),
                        format!(
                            "{} recorded a {name} about {subject} on {} ({}). {who} is recorded \
                             as not invited or not available: the {name} went ahead with {} \
                             only, without what {who} knew, and {who} learned nothing there of \
                             what they knew.",
                            ctx.name(r.agency_id),
                            uk_date(r),
                            ctx.quote(&r.text),
                            list(&present)
                        ),
                    )
                }
                _ => (
                    who.clone(),
                    format!("{who} not present at the {name}"),
                    format!(
                        "{} {name} about {subject} on {} ({}). {who} is recorded as not present; \
                         it learned nothing there of what {} knew.",
                        ctx.name(r.agency_id),
                        uk_date(r),
                        ctx.quote(&r.text),
                        list(&present)
                    ),
                ),
            };
            // What the absent agency held that the meeting went without.
            let at = span(r).lo;
            let held = ctx
                .children_of(i)
                .into_iter()
                .filter_map(|c| ctx.harm_recorded(Some(missing), c, at - 91 * DAY, at))
                .min();
            let (severity, explanation) = match held {
                Some(p) => (
                    Severity::High,
                    format!(
                        "{explanation} {who} had recorded on {}: {}.",
                        uk_date(&a.records[p]),
                        ctx.quote(&a.records[p].text)
                    ),
                ),
                None => (Severity::Medium, explanation),
            };
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &who,
                agency,
                subject: subject.clone(),
                severity,
                title,
                explanation,
                evidence: vec![r.id],
                held_by: Vec::new(),
            });
        }
    }
}

/// Words saying an agency was not asked to a meeting, or could not come.
const NOT_ASKED: &[&str] = &[
    "not invited",
    "wasn't invited",
    "weren't invited",
    "no invitation",
    "not asked",
    "not contacted",
    "not consulted",
    "unavailable",
    "not available",
    "nobody from",
    "no one from",
    "no-one from",
    "to be informed",
    "to be emailed",
    "would be emailed",
    "informed by email",
];

/// Whether the sentence of `text` naming `agency` (as written) says it was
/// not asked to the meeting or could not come.
fn not_asked(text: &str, agency: &str) -> bool {
    let agency = agency.to_lowercase();
    if agency.is_empty() {
        return false;
    }
    text.split(['.', ';', '\n'])
        .map(|s| s.to_lowercase())
        .filter(|s| s.contains(&agency))
        .any(|s| NOT_ASKED.iter().any(|cue| s.contains(cue)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// The police are recorded as not present at a strategy discussion.
    #[test]
    fn an_agency_recorded_as_absent_is_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Police", "police")
            .agency("Harwick Health Visiting", "health_visiting")
            .record("Harwick Police", "25/02/2021", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh.")
            .record("Harwick Health Visiting", "26/02/2021", "Ellie Marsh", "Home visit, Ellie Marsh seen.")
            .record("Harwick Children's Social Care", "02/03/2021 11:00", "Ellie Marsh", "Strategy discussion about Ellie Marsh held with health visiting. Police not present. Threshold met for section 47 enquiries.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Harwick Police");
        // The police held the incident the discussion went without.
        assert_eq!(flags[0].severity, Severity::High);
        assert!(
            flags[0]
                .explanation
                .contains("Harwick Police had recorded on 25/02/2021"),
            "{}",
            flags[0].explanation
        );
    }

    /// An absent agency that had recorded nothing of harm about the child:
    /// the meeting lost less, and the flag is medium.
    #[test]
    fn an_absent_agency_that_held_no_concern_is_medium() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Police", "police")
            .agency("Harwick Health Visiting", "health_visiting")
            .record("Harwick Police", "25/02/2021", "Ellie Marsh", "Call from neighbour about noise at the home of Ellie Marsh; music turned down, no concerns.")
            .record("Harwick Children's Social Care", "02/03/2021 11:00", "Ellie Marsh", "Strategy discussion about Ellie Marsh held with health visiting. Police not present. Threshold met for section 47 enquiries.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::Medium, "{flags:#?}");
    }

    /// Health not invited: the point is social care's, which held the
    /// discussion without it.
    #[test]
    fn an_agency_not_invited_is_the_convenors_point() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Police", "police")
            .agency("Harwick Health Visiting", "health_visiting")
            .record("Harwick Health Visiting", "26/02/2021", "Ellie Marsh", "Home visit, Ellie Marsh seen.")
            .record("Harwick Children's Social Care", "02/03/2021 11:00", "Ellie Marsh", "Strategy discussion about Ellie Marsh with police. Health not invited. Threshold met for section 47 enquiries.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Harwick Children's Social Care");
        assert!(
            flags[0].title.contains("without Harwick Health Visiting"),
            "{}",
            flags[0].title
        );
    }

    /// Everyone attended: nothing to flag.
    #[test]
    fn a_meeting_everyone_attended_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Police", "police")
            .record("Harwick Police", "25/02/2021", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh.")
            .record("Harwick Children's Social Care", "02/03/2021 11:00", "Ellie Marsh", "Strategy discussion about Ellie Marsh held with police and health. Threshold met for section 47 enquiries.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
