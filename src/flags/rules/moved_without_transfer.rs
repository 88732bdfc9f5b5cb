//! A family that moved area, or a child who changed GP or school, while
//! children's social care was involved or soon after it closed, with
//! nothing to show the agency that knew passing the history on.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "moved-without-transfer",
    name: "Moved without the history",
    description: "An agency recorded that the family moved to another area, or that the child \
         changed GP or school, while children's social care was involved or within months of it \
         closing, and nothing shows that agency telling the receiving authority, GP or school, \
         or passing its records on, within the standard.",
    severity: "High when the child was the subject of a child protection conference in the \
         months before the move; otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "working_days",
            meaning:
                "working days after the move is recorded within which the history is passed on",
            basis: Basis::LocalProcedure,
            source: "local procedures on the notification and transfer of information when a \
                     family moves",
        },
        Threshold {
            setting: "involved_days",
            meaning:
                "days before the move within which children's social care's involvement counts",
            basis: Basis::LocalProcedure,
            source: "local guidance on families who move: a case open or closed within six months",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose records of a move are judged.
    pub kinds: Vec<String>,
    /// Working days after the move is recorded to pass the history on.
    pub working_days: u32,
    /// Children's social care's involvement counts this many days before.
    pub involved_days: i64,
    /// What says the family moved area or the child changed GP or school
    /// (regular expressions).
    pub moved: Vec<String>,
    /// What says a move is only talked of, or did not happen (regular
    /// expressions).
    pub not_moved: Vec<String>,
    /// What says the history was passed on (regular expressions).
    pub transferred: Vec<String>,
    /// What says it was not (regular expressions); these win.
    pub not_transferred: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[moved-without-transfer]
enabled = true
# Agency kinds whose records of a move are judged.
kinds = ["childrens_social_care", "health_visiting", "school", "gp", "housing"]
# The receiving authority, GP or school told within 5 working days.
# Basis: local procedure (local procedures on the notification and transfer
# of information when a family moves).
working_days = 5
# Children's social care involved with the child (a case open, or closed)
# in the 6 months before the move.
# Basis: local procedure (local guidance on families who move).
involved_days = 183
# What says the family moved area or the child changed GP or school
# (regular expressions, case-insensitive).
moved = [
    '\bmoved (?:out of|away from) (?:the )?(?:area|borough|county|authority|LA|city|town|district)\b',
    '\b(?:moved|moving|relocated|relocating|fled|rehoused|re-housed|transferred) (?:to|into) (?:another|a different|a new) (?:area|local authority|authority|LA|borough|county|city|town|district)\b',
    '\b(?:moved|relocated|rehoused|re-housed|placed) (?:out of area|out of borough|out of county|out of the area)\b',
    '\bout of (?:area|borough|county) (?:move|placement|address|accommodation|TA)\b',
    '\b(?:moved|relocated|gone|left) (?:away|abroad)\b',
    '\bleft the (?:area|borough|county|country)\b',
    '\bwhereabouts (?:are |now )?unknown\b',
    '\bno longer (?:resident|living|lives) in (?:the )?(?:area|borough|county|city)\b',
    '\b(?:registered|registering|re-registered) (?:with|at) (?:a )?(?:new|another) (?:GP|practice|surgery|school)\b',
    '\b(?:deregistered|de-registered|removed from (?:the )?(?:practice )?list|left the practice)\b',
    '\bnew (?:GP|school|address) in\b',
    '\bout of (?:the )?(?:area|borough|county)\b',
    '\bmove (?:out of|away from)\b',
    '\bnow (?:resident|living|lives|residing) in\b[^.;]{0,40}\b(?:area|borough|county|council|LA)\b',
    '\bnew (?:LA|local authority|authority|area)\b',
    '\b(?:placed|moved|housed|rehoused|re-housed) (?:in|into|to) (?:TA|temporary accommodation|emergency accommodation|B&B|bed and breakfast|a hostel|hostel|a refuge|refuge)\b',
    '\btransfer(?:red|ring)?[- ]out\b',
]
not_moved = [
    '\b(?:not|never|no plans? to|plan(?:s|ning)? to|considering|may|might|hop(?:e|es|ing) to|wants? to|wanted to|if (?:they|she|he|the family)|intend(?:s|ing)? to|thinking (?:of|about)|asked to|request(?:ed|ing)? to|applied to|waiting to) (?:have |has |be )?(?:mov|relocat|leav|rehous|re-hous|register|go )',
]
# What says the history was passed on (regular expressions).
transferred = [
    '\btransfer(?:red|ring)?\b[^.;]{0,40}\b(?:records?|file|case|notes|information|plan|summary|chronology)\b',
    '\b(?:records?|file|case|notes|information|plan|summary|chronology)\b[^.;]{0,30}\b(?:sent|transferred|forwarded|passed|shared|handed over|emailed|posted|requested)\b',
    '\b(?:sent|forwarded|passed|shared|emailed)\b[^.;]{0,40}\b(?:records?|file|plan|assessment|chronology|summary|case notes)\b',
    '\b(?:hand ?over|handed over|handover)\b',
    '\bGP2GP\b',
    '\btransfer[- ]in\b',
    '\binter-?authority\b',
    '\b(?:informed|notified|told|phoned|rang|called|emailed|contacted|alerted|wrote to|letter to|spoke (?:to|with))\b[^.;]{0,50}\b(?:new|receiving|local|their|the|allocated|her|his) (?:children.?s services|children.?s social care|CSC|MASH|social care|local authority|LA|GP|practice|school|health visit\w*|HV|0-19|team|authority|SW|social worker)\b',
    '\b(?:informed|notified|told|phoned|rang|called|emailed|contacted|alerted) (?:SW|social worker|CSC|MASH)\b',
    '\b(?:referral|referred) to\b[^.;]{0,40}\b(?:children.?s services|CSC|MASH|social care|local authority|LA|children missing education|CME|education welfare|EWO)\b',
    '\b(?:CME|children missing education|education welfare|EWO) (?:referral|officer|team|form|notified|informed|told)\b',
    '\bs\.?\s?208 (?:notice|notification)\b',
]
not_transferred = [
    '\b(?:not|no|never|without|failed to)\b[^.;]{0,20}\b(?:transfer|sent|send|handover|hand over|handed|informed|notified|told|forwarded|passed)',
    '\b(?:notification|notify|transfer|handover)\b[^.;]{0,20}\b(?:to do|outstanding|pending|not yet)\b',
    '\b(?:notification|transfer|handover|records?|file|notes)\b[^.;]{0,40}\bto be (?:completed|done|sent|arranged|actioned|made)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.moved_without_transfer.clone();
    let kinds = agency_kinds(&s.kinds);
    let (Some(moved), Some(transferred)) = (Patterns::new(&s.moved), Patterns::new(&s.transferred))
    else {
        return;
    };
    let not_moved = Patterns::new(&s.not_moved);
    let not_transferred = Patterns::new(&s.not_transferred);
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let passed_on = |r: &Record| {
        transferred.in_record(r) && !not_transferred.as_ref().is_some_and(|p| p.in_record(r))
    };
    // (agency, child) → its records of moves, grouped: a record within six
    // weeks of the one before is the same move.
    let mut moves: BTreeMap<(i64, i64), Vec<Vec<usize>>> = BTreeMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind)
            || !moved.in_record(r)
            || not_moved.as_ref().is_some_and(|p| p.in_record(r))
        {
            continue;
        }
        for child in ctx.children_of(i) {
            let groups = moves.entry((r.agency_id, child)).or_default();
            match groups.last_mut() {
                Some(g)
                    if g.last()
                        .is_some_and(|&q| span(r).lo - span(&a.records[q]).lo <= 42 * DAY) =>
                {
                    g.push(i)
                }
                _ => groups.push(vec![i]),
            }
        }
    }
    for ((agency, child), groups) in moves {
        for group in groups {
            let first = &a.records[group[0]];
            let at = span(first).lo;
            let Some(day) = local_date(at) else {
                continue;
            };
            let due = end_of_day(ctx.days.add_working_days(day, s.working_days));
            // Where the agency closed on the move, by the day the history was
            // due, the flag is put there; a closure after it is no longer the
            // point where the history should have gone, the move is.
            let anchor = group
                .iter()
                .copied()
                .rev()
                .find(|&p| {
                    span(&a.records[p]).lo <= due
                        && a.facts[p].decision.as_ref().is_some_and(|d| {
                            d.kinds
                                .iter()
                                .any(|k| closes(k) || *k == DecisionKind::Discharged)
                        })
                })
                .unwrap_or(group[0]);
            let i = anchor;
            let r = &a.records[anchor];
            // Children's social care involved in the months before.
            let involved: Vec<usize> = a
                .records
                .iter()
                .enumerate()
                .filter(|(j, x)| {
                    let lo = span(x).lo;
                    csc.contains(&x.agency_id)
                        && lo <= span(r).lo
                        && lo >= at - s.involved_days * DAY
                        && ctx.children_of(*j).contains(&child)
                })
                .map(|(j, _)| j)
                .collect();
            if involved.is_empty() {
                continue;
            }
            // Its own records from a fortnight before the move to the due
            // date.
            let told_in_words = a.records.iter().any(|x| {
                let lo = span(x).lo;
                x.agency_id == agency && lo >= at - 14 * DAY && lo <= due && passed_on(x)
            });
            // Or it passed something about the child to an agency that had
            // not known the child before (the receiving one).
            let told_newcomer = a.agencies.iter().any(|x| {
                x.id != agency
                    && !ctx
                        .involved(child, i64::MIN, at - 14 * DAY, agency)
                        .contains(&x.id)
                    && ctx
                        .first_route(agency, x.id, at - 14 * DAY, due, &[child])
                        .is_some()
            });
            if told_in_words || told_newcomer {
                continue;
            }
            // Passed on later: when.
            let later = a.records.iter().find(|x| {
                let lo = span(x).lo;
                x.agency_id == agency
                    && lo > due
                    && lo <= at + s.involved_days * DAY
                    && passed_on(x)
            });
            let conference = involved.iter().any(|&j| {
                is_meeting(
                    ctx,
                    j,
                    &[
                        MeetingKind::InitialCpConference,
                        MeetingKind::ReviewCpConference,
                        MeetingKind::CpConference,
                    ],
                )
            });
            let who = ctx.name(agency);
            let subject = ctx.subjects_label(&[child]);
            let last_csc = &a.records[*involved.last().unwrap_or(&i)];
            let closed = if anchor == group[0] {
                String::new()
            } else {
                format!(" It closed on {} ({}).", uk_date(r), ctx.quote(&r.text))
            };
            let told = if csc.contains(&agency) {
                "the receiving authority, GP or school"
            } else {
                "children's social care, the receiving authority, GP or school"
            };
            let mut explanation = format!(
                "{who} recorded on {} that {subject}'s family had moved or the child had changed \
                 GP or school ({}).{closed} Children's social care was involved with {subject} in \
                 the months before (its last record: {}). No record of {who} shows {told} \
                 told, or its records passed on, by {} ({} working days).",
                uk_date(first),
                ctx.quote(&first.text),
                uk_date(last_csc),
                ctx.days
                    .add_working_days(day, s.working_days)
                    .format("%d/%m/%Y"),
                s.working_days,
            );
            if let Some(x) = later {
                let taken =
                    local_date(span(x).lo).map_or(0, |to| ctx.days.working_days_between(day, to));
                explanation.push_str(&format!(
                    " The first record of it passed on is of {} ({}), {taken} working days after.",
                    uk_date(x),
                    ctx.quote(&x.text)
                ));
            }
            let mut evidence = vec![r.id];
            evidence.extend(group.iter().map(|&p| a.records[p].id));
            if last_csc.id != r.id {
                evidence.push(last_csc.id);
            }
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &subject,
                agency: who,
                subject: subject.clone(),
                severity: if conference {
                    Severity::High
                } else {
                    Severity::Medium
                },
                title: format!("{subject}'s move with no record of the history passed on"),
                explanation,
                evidence,
                held_by: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// CSC involved with Noah; on 20/03/2023 the HV hears `heard`.
    fn heard(heard: &str) -> Scenario {
        Scenario::new()
            .agency("Lowfield Children's Services", "childrens_social_care")
            .agency("Lowfield 0-19 Service", "health_visiting")
            .record(
                "Lowfield Children's Services",
                "06/03/2023",
                "Noah Pike",
                "CIN review. Plan continues; parental drug use.",
            )
            .record("Lowfield 0-19 Service", "20/03/2023", "Noah Pike", heard)
    }

    /// The family moved out of the area; what the HV did three days later
    /// is `then`.
    fn moved(then: &str) -> Scenario {
        heard("Mum phoned: family have moved out of the area to Saltfleet last week.")
            .record("Lowfield 0-19 Service", "23/03/2023", "Noah Pike", then)
            .record(
                "Lowfield 0-19 Service",
                "28/04/2023",
                "Noah Pike",
                "Admin: case closed on the system.",
            )
    }

    /// The HV hears of the move while CSC is involved, and closes: one
    /// flag, at the closure, dating the move from when it heard.
    #[test]
    fn a_move_with_nothing_passed_on_is_flagged_where_the_agency_closed() {
        let flags = moved("Closed to the 0-19 service - moved away.").flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Lowfield 0-19 Service");
        assert!(flags[0].at.starts_with("2023-03-23"), "{}", flags[0].at);
        assert!(flags[0].explanation.contains("recorded on 20/03/2023"));
        assert!(flags[0].explanation.contains("by 27/03/2023"));
    }

    /// Records sent to the receiving service within days: no flag.
    #[test]
    fn a_move_with_the_records_sent_is_not_flagged() {
        let flags = moved(
            "Records and safeguarding summary transferred to Saltfleet 0-19 service; handover call with their HV.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A move talked of is not a move.
    #[test]
    fn a_move_only_planned_is_not_flagged() {
        let flags =
            heard("Mum says she is thinking of moving out of the area to be near her sister.")
                .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A transfer out written as still to be done is no transfer: the
    /// records went six weeks later, and the flag says so.
    #[test]
    fn a_transfer_out_still_to_be_completed_is_flagged_with_when_it_went() {
        let flags = heard("Mum confirmed moved to Saltfleet 18/03. Transfer out to Saltfleet 0-19 to be completed.")
            .record(
                "Lowfield 0-19 Service",
                "02/05/2023",
                "Noah Pike",
                "Data quality report: out-of-area address. Transfer-out form and records sent to Saltfleet 0-19.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-03-20"), "{}", flags[0].at);
        assert!(
            flags[0].explanation.contains("02/05/2023"),
            "{}",
            flags[0].explanation
        );
    }
}
