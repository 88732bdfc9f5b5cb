//! Visits where no one answered, the visit was cancelled or the worker was
//! turned away, again and again, with the child not seen in between: a
//! pattern of no access that may hide what is happening to the child.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "no-access",
    name: "Repeated no access",
    description: "An agency recorded several visits in a short time with no access to the child \
         (no answer, cancelled, refused at the door), no record of the child seen in between, \
         and no record of the pattern escalated (to a manager, a strategy discussion, a police \
         welfare check).",
    severity: "High when the child was under one (by date of birth, or as the records describe the child: newborn, weeks or months old); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "min_visits",
            meaning: "visits without access that make a pattern",
            basis: Basis::LocalProcedure,
            source: "local no-access procedures; NSPCC briefing on disguised compliance",
        },
        Threshold {
            setting: "window_days",
            meaning: "days within which the visits fall",
            basis: Basis::LocalProcedure,
            source: "local no-access procedures",
        },
        Threshold {
            setting: "unseen_days",
            meaning: "days without the agency seeing the child after which two visits without \
                      access make a pattern",
            basis: Basis::LocalProcedure,
            source: "local no-access procedures (child seen within four weeks)",
        },
        Threshold {
            setting: "escalation_days",
            meaning: "days after the last visit without access within which an escalation counts",
            basis: Basis::SightlineDefault,
            source: "local no-access procedures ask for a manager to be told within 24 hours",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose visits count.
    pub kinds: Vec<String>,
    /// How many visits without access make a pattern.
    pub min_visits: usize,
    /// Visits without access this many days apart or less belong to one
    /// pattern.
    pub window_days: i64,
    /// After this many days without the agency seeing the child, two
    /// visits without access make a pattern.
    #[serde(default = "default_unseen_days")]
    pub unseen_days: i64,
    /// Patterns (regular expressions, case-insensitive) that say a visit
    /// had no access.
    pub no_access: Vec<String>,
    /// Patterns that say a call was about the property, not the child (a
    /// gas safety check, a repair): no access to it is not a child unseen.
    pub not_visits: Vec<String>,
    /// Patterns that say the agency escalated the lack of access.
    pub escalated: Vec<String>,
    /// An escalation this many days after the last visit or sooner counts.
    pub escalation_days: i64,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[no-access]
enabled = true
# Agency kinds whose visits count.
kinds = ["childrens_social_care", "health_visiting", "school", "housing", "voluntary"]
# Three visits without access in 90 days, the child not seen in between, make
# a pattern (NSPCC briefing on disguised compliance; local no-access
# procedures).
# Basis: local procedure (local no-access procedures; NSPCC briefing on
# disguised compliance).
min_visits = 3
window_days = 90
# Two visits without access make a pattern when the agency has not seen the
# child for this many days (four weeks unseen).
# Basis: local procedure (local no-access procedures).
unseen_days = 28
# What says a visit had no access (regular expressions).
no_access = [
    '\bno access\b',
    '\bunable to (?:gain|get) access\b',
    '\bcould not (?:gain|get) access\b',
    '\bno (?:answer|reply)\b',
    '\bdoor (?:was )?not answered\b',
    '\bnot at home\b',
    '\bnobody (?:home|in)\b',
    '\bno one (?:home|in)\b',
    '\b(?:refused|declined|denied) (?:entry|access)\b',
    '\brefused at the door\b',
    '\b(?:visit|appointment) cancelled\b',
    '\bcancelled (?:the |by )?(?:visit|mum|mother|dad|father|family)\b',
    '\b(?:asked|wanted|requested) to (?:move|rearrange|reschedule|cancel|postpone) (?:the |today.s )?(?:visit|appointment|session)\b',
    '\b(?:visit|appointment|session) (?:was )?(?:rearranged|rescheduled|postponed|moved)\b',
    '\b(?:still|were|was|are|is|staying) (?:at|with) (?:their |his |her )?(?:nan|nana|nanna|gran|granny|grandma|grandmother|grandparents|PGM|MGM|aunt|auntie|relatives?)\b',
]
# Calls about the property, not the child: a landlord's gas safety check,
# a repair or an inspection finding no one in is not a child unseen.
not_visits = [
    '\bgas (?:safety|service|servicing|check|engineer|inspection)\b',
    '\b(?:boiler|repairs?|meter|electrical|damp|pest control|property inspection|stock condition)\b',
]
# What says the agency escalated the pattern: then it is not flagged.
escalated = [
    '\bescalat(?:ed|ion|e)\b',
    '\b(?:discussed|raised) with (?:the |my |line |team )?(?:manager|TM|team manager|supervisor|DSL|safeguarding lead)\b',
    '\bmanagement (?:oversight|discussion|decision)\b',
    '\bstrategy (?:discussion|meeting)\b',
    '\b(?:police )?welfare check\b',
    '\blegal (?:planning|gateway)\b',
]
# An escalation within 7 days of the last visit without access counts.
# Basis: Sightline default (local no-access procedures ask for a manager to
# be told within 24 hours).
escalation_days = 3
"#;

/// Days unseen, when a stored rules file predates the setting.
fn default_unseen_days() -> i64 {
    28
}

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.no_access.clone();
    let kinds: Vec<AgencyKind> = agency_kinds(&s.kinds);
    let Some(no_access) = Patterns::new(&s.no_access) else {
        return;
    };
    let not_visits = Patterns::new(&s.not_visits);
    // (agency, child) → the current pattern's records, and its flag.
    let mut pattern: HashMap<(i64, i64), (Vec<usize>, Option<usize>)> = HashMap::new();
    // (agency, child) → when the agency last saw the child.
    let mut last_seen: HashMap<(i64, i64), i64> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind)
            || ctx.received(i)
            || not_visits.as_ref().is_some_and(|p| {
                p.in_record(r) || r.event_type.as_deref().is_some_and(|t| p.in_text(t))
            })
        {
            continue;
        }
        let f = &a.facts[i];
        let children: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|c| ctx.child_set.contains(c))
            .collect();
        let refused = no_access.in_record(r);
        // "Children seen by Brightwater at PGM's" is another's seeing, as
        // the family tells it.
        let seen =
            matches!(f.child_seen, ChildSeen::Seen | ChildSeen::SeenAlone) && !seen_by_another(r);
        // The sentences saying who was not there, and the children they name.
        let away: Vec<&str> = written(r)
            .flat_map(|t| t.split(['.', ';', '\n']))
            .filter(|sentence| no_access.in_text(sentence))
            .collect();
        for child in children {
            let key = (r.agency_id, child);
            // Where the sentence of no access names children, it is about
            // them alone ("Tommy seen; Mason and Lily-Mae still at PGM's").
            let names_child = |sentence: &str, c: i64| {
                let lower = sentence.to_lowercase();
                a.subjects.subject(c as usize).is_some_and(|x| {
                    x.names
                        .iter()
                        .filter_map(|n| n.text.split_whitespace().next())
                        .any(|first| first.len() >= 3 && lower.contains(&first.to_lowercase()))
                })
            };
            // A sentence of no access naming no child, in a record of the
            // child seen ("Leo seen alone at school. Was at nan's after
            // school yesterday"), tells of another time.
            let refused = refused
                && (away.iter().any(|s| names_child(s, child))
                    || (!seen
                        && !away
                            .iter()
                            .any(|s| ctx.children.iter().any(|&c| names_child(s, c)))));
            let seen = seen && !refused;
            if seen && !refused {
                // Seen: the pattern ends.
                pattern.remove(&key);
                last_seen.insert(key, span(r).lo);
                continue;
            }
            if !refused {
                continue;
            }
            let at = span(r).lo;
            let entry = pattern.entry(key).or_insert_with(|| (Vec::new(), None));
            let stale = entry
                .0
                .last()
                .is_some_and(|&p| at - span(&a.records[p]).lo > s.window_days * DAY);
            if stale {
                *entry = (Vec::new(), None);
            }
            entry.0.push(i);
            // Two visits without access, and the child not seen by the
            // agency for weeks, are a pattern too.
            let long_unseen = entry.0.len() >= 2
                && last_seen
                    .get(&key)
                    .is_some_and(|&seen| at - seen >= s.unseen_days * DAY);
            if entry.0.len() < s.min_visits.max(1) && !long_unseen {
                continue;
            }
            match entry.1 {
                // The pattern goes on: the flag moves to cite this visit too.
                Some(flag) => {
                    if let Some(fl) = ctx.out.get_mut(flag) {
                        if !fl.evidence.contains(&r.id) {
                            fl.evidence.push(r.id);
                        }
                    }
                }
                None => {
                    let visits = entry.0.clone();
                    // Escalated: from the first visit to a week after this one.
                    let from = span(&a.records[visits[0]]).lo;
                    let escalated = Patterns::new(&s.escalated).is_some_and(|p| {
                        a.records.iter().any(|x| {
                            let lo = span(x).lo;
                            x.agency_id == r.agency_id
                                && lo >= from
                                && lo <= at + s.escalation_days * DAY
                                && p.in_record(x)
                        })
                    });
                    if escalated {
                        continue;
                    }
                    let dates: Vec<String> =
                        visits.iter().map(|p| uk_date(&a.records[*p])).collect();
                    let who = ctx.name(r.agency_id);
                    let subject = ctx.subjects_label(&[child]);
                    let (severity, age) = ctx.severity_by_age(&[child], at);
                    let explanation = format!(
                        "{who} recorded {} visits without access to {subject} ({}; last: {}), \
                         with no record of {subject} seen in between.{age}",
                        visits.len(),
                        list(&dates),
                        ctx.quote(&r.text),
                    );
                    let before = ctx.out.len();
                    ctx.push(NewFlag {
                        rule: INFO.id,
                        anchor: r,
                        about: &subject,
                        agency: who,
                        subject: subject.clone(),
                        severity,
                        title: format!("{} visits without access to {subject}", visits.len()),
                        explanation,
                        evidence: visits.iter().map(|p| a.records[*p].id).collect(),
                        held_by: Vec::new(),
                    });
                    if ctx.out.len() > before {
                        if let Some(e) = pattern.get_mut(&key) {
                            e.1 = Some(before);
                        }
                    }
                }
            }
        }
    }
}

/// Whether a record's seeing of the child is another's, as told to it
/// ("Gary said Jo from Brightwater saw them", "seen by Brightwater at
/// PGM's"): "seen by" and someone other than the writer's own staff.
fn seen_by_another(r: &Record) -> bool {
    written(r).any(|t| {
        let lower = t.to_lowercase();
        lower.match_indices("seen by ").any(|(k, m)| {
            let next = lower[k + m.len()..]
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty() && *w != "the")
                .unwrap_or("");
            let own: &[&str] = match r.agency_kind {
                AgencyKind::ChildrensSocialCare => &["sw", "social", "duty", "tm"],
                AgencyKind::HealthVisiting => &["hv", "health", "nursery", "cnn"],
                AgencyKind::School => &["dsl", "teacher", "class", "staff", "school"],
                AgencyKind::Voluntary => &["worker", "family", "project"],
                _ => &[],
            };
            !matches!(next, "me" | "writer" | "worker" | "this" | "us") && !own.contains(&next)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn visits(third: &str) -> Scenario {
        Scenario::new()
            .agency("Lowfield Children's Services", "childrens_social_care")
            .record(
                "Lowfield Children's Services",
                "01/03/2023",
                "Kai Dunn",
                "Home visit. No answer. Card left.",
            )
            .record(
                "Lowfield Children's Services",
                "08/03/2023",
                "Kai Dunn",
                "Home visit cancelled by mum by text.",
            )
            .record(
                "Lowfield Children's Services",
                "15/03/2023",
                "Kai Dunn",
                third,
            )
    }

    /// Three visits in a fortnight without access: one flag, at the third.
    #[test]
    fn three_visits_without_access_are_one_flag() {
        let flags = visits("Home visit: refused at the door by mum.").flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-03-15"));
        assert_eq!(flags[0].evidence.len(), 3);
    }

    /// A landlord's gas safety appointments finding no one in are about the
    /// property: three of them are no pattern of a child unseen.
    #[test]
    fn gas_safety_appointments_without_access_are_not_visits_to_the_child() {
        let flags = Scenario::new()
            .agency("Lowfield Homes", "housing")
            .record(
                "Lowfield Homes",
                "01/03/2023",
                "Kai Dunn",
                "Gas safety check - no access, card left.",
            )
            .record(
                "Lowfield Homes",
                "15/03/2023",
                "Kai Dunn",
                "2nd gas safety appointment - no access.",
            )
            .record(
                "Lowfield Homes",
                "29/03/2023",
                "Kai Dunn",
                "Annual gas service: no answer. Warning letter.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The third no-access visit discussed with the team manager, who
    /// asked for a police welfare check: escalated, not flagged.
    #[test]
    fn a_pattern_escalated_is_not_flagged() {
        let flags =
            visits("Home visit: no answer. Discussed with TM; police welfare check requested.")
                .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The child seen at the third visit: no pattern. Nor when the record
    /// of seeing him tells where he was the day before.
    #[test]
    fn a_child_seen_in_between_breaks_the_pattern() {
        let flags =
            visits("Home visit. Kai seen and spoken to alone in his room.").flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
        let flags = visits("Kai seen alone at school. Was at nan's after school yesterday.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Seen on 26/07, then no answer on 08/08 and the children "still at
    /// nan's" on 28/08: two visits after four weeks unseen are a pattern,
    /// flagged at the second. Told by the father that another agency saw
    /// them is no seeing by this one.
    #[test]
    fn two_visits_after_four_weeks_unseen_are_a_pattern() {
        let case = |last: &str| {
            Scenario::new()
                .agency("Lowfield Children's Services", "childrens_social_care")
                .record(
                    "Lowfield Children's Services",
                    "26/07/2024",
                    "Mason Whitlam",
                    "Home visit. Mason seen alone in the garden.",
                )
                .record(
                    "Lowfield Children's Services",
                    "08/08/2024",
                    "Mason Whitlam",
                    "Home visit. No reply. Calling card left.",
                )
                .record(
                    "Lowfield Children's Services",
                    "09/08/2024",
                    "Mason Whitlam",
                    "Dad rang back: Mason seen by Brightwater at his nan's on Tuesday, fine.",
                )
                .record(
                    "Lowfield Children's Services",
                    "28/08/2024",
                    "Mason Whitlam",
                    last,
                )
                .flags_of(INFO.id)
        };
        let flags = case("Home visit. Dad seen at the door; Mason still at his nan's.");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-08-28"), "{}", flags[0].at);
        let flags = case("Home visit. Mason seen alone in his room.");
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
