//! An assessment or a plan was settled (a step down, an assessment
//! concluded, no further action), then new serious information about the
//! child reached the same agency and nothing shows it revisiting: no new
//! assessment, strategy discussion or conference, and no decision on it;
//! the plan simply went on.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "assessment-not-revisited",
    name: "Assessment not revisited",
    description: "After an agency settled a child's case (a step down, an assessment \
         concluded, no further action), new serious information about the child reached it \
         and nothing shows the assessment revisited within the standard: no new assessment, \
         strategy discussion or conference, and no decision on the new information.",
    severity: "High: serious new information after a decision that settled the case.",
    thresholds: &[
        Threshold {
            setting: "horizon_days",
            meaning: "days after the decision that new information counts",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "working_days",
            meaning: "working days within which the agency revisits",
            basis: Basis::SightlineDefault,
            source: "after the Child Safeguarding Practice Review Panel annual report 2020",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Kinds of agency whose assessments are judged.
    pub kinds: Vec<String>,
    /// The decisions that settle a case.
    pub decisions: Vec<String>,
    /// New information counts for this many days after the decision.
    pub horizon_days: i64,
    /// The indicators that make new information serious.
    pub indicators: Vec<String>,
    /// Working days the agency has to revisit after the information
    /// arrives.
    pub working_days: i64,
    /// Patterns (regular expressions) that say the agency revisited: a new
    /// assessment, a strategy discussion, stepping up.
    pub revisit: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[assessment-not-revisited]
enabled = true
# Agencies whose assessments are judged.
kinds = ["childrens_social_care"]
# The decisions that settle a case (the taxonomy's decision kinds).
decisions = ["step_down", "assessment_concluded", "threshold_not_met", "no_further_action", "case_closed"]
# New information counts for this many days after the decision (Sightline
# default).
# Basis: Sightline default.
horizon_days = 183
# What makes new information serious.
indicators = ["injury", "suspected-nai", "allegation", "sexual-abuse", "domestic-abuse", "neglect", "missing-episode", "exploitation", "substance-misuse", "mental-health-crisis", "adult-risk-to-children", "forced-marriage", "fgm", "fabricated-illness", "cuckooing", "physical-chastisement", "belief-abuse"]
# The agency revisits within this many working days of the information
# arriving (Panel annual report 2020: 10 working days).
# Basis: Sightline default (after the Child Safeguarding Practice Review Panel
# annual report 2020).
working_days = 10
# What says the agency revisited (regular expressions, case-insensitive).
revisit = [
    '\bre-?assess',
    '\b(?:new|updated|fresh|further) assessment\b',
    '\bassessment (?:re-?opened|started|commenced|updated)\b',
    '\bstep(?:ped)? up\b',
    '\bescalat',
    '\bre-?open',
    '\bs\.? ?47\b',
    '\bsection 47\b',
    '\bstrategy (?:discussion|meeting)\b',
    '\btransfer(?:red|ring)? (?:notification|in|out|to|of)\b',
    '\b(?:refer|referred|referral) (?:to|for)\b',
    '\bthreshold met\b',
    '\bassessment met\b',
    '\bcommissioned\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.assessment_not_revisited.clone();
    let kinds: Vec<AgencyKind> = agency_kinds(&s.kinds);
    let settle: Vec<DecisionKind> = s
        .decisions
        .iter()
        .filter_map(|d| DecisionKind::ALL.iter().find(|k| k.as_str() == d).copied())
        .collect();
    let wanted: Vec<u32> = s
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let Some(revisit) = Patterns::new(&s.revisit) else {
        return;
    };
    // Each agency's records in timeline order.
    let mut by_agency: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if kinds.contains(&r.agency_kind) {
            by_agency.entry(r.agency_id).or_default().push(i);
        }
    }
    for positions in by_agency.values() {
        let mut k = 0;
        while k < positions.len() {
            let d = positions[k];
            k += 1;
            let settled = ctx.own_decision(d)
                && a.facts[d]
                    .decision
                    .as_ref()
                    .is_some_and(|x| x.kinds.iter().any(|kind| settle.contains(kind)));
            if !settled {
                continue;
            }
            let children = ctx.children_of(d);
            let decided = span(&a.records[d]);
            // The agency's later records up to the horizon or its next
            // decision: the news among them not yet answered, and where the
            // plan carried on after it.
            let mut arrivals: Vec<usize> = Vec::new();
            let mut review: Option<usize> = None;
            let mut visit: Option<usize> = None;
            let mut late = false;
            for &p in &positions[k..] {
                let at = span(&a.records[p]);
                if at.lo > decided.lo + s.horizon_days * DAY {
                    break;
                }
                let settles = is_settling(ctx, p, &settle);
                if settles || is_response(ctx, p, &revisit) {
                    match arrivals.first() {
                        Some(&first) if !answered_in_time(ctx, first, p, s.working_days) => {
                            late = true;
                            break;
                        }
                        _ => {
                            // Answered in time: what follows is judged afresh.
                            arrivals.clear();
                            review = None;
                            visit = None;
                        }
                    }
                    if settles {
                        break;
                    }
                    continue;
                }
                if at.lo > decided.hi && news(ctx, p, &wanted, &children) {
                    arrivals.push(p);
                } else if !arrivals.is_empty() && goes_on(ctx, p) {
                    if a.facts[p].meeting.is_some() {
                        review = review.or(Some(p));
                    } else {
                        visit = visit.or(Some(p));
                    }
                }
            }
            let Some(&first) = arrivals.first() else {
                continue;
            };
            // Past the standard with nothing revisited: flag at the review
            // where the plan went on, or a visit, or the news itself when the
            // chronology runs past the standard.
            let due = due_by(ctx, first, s.working_days);
            let runs_past = late || a.records.iter().any(|r| span(r).lo > due);
            let anchor = match review.or(visit) {
                Some(p) => p,
                None if runs_past => first,
                None => continue,
            };
            push_flag(ctx, d, &arrivals, anchor, &children, s.working_days);
        }
    }
}

/// True when the record brings news of a serious concern about one of
/// `children`: information received, or a concern recorded first-hand.
fn news(ctx: &Context<'_>, p: usize, wanted: &[u32], children: &[i64]) -> bool {
    let a = ctx.a;
    a.facts[p].indicators.iter().any(|h| {
        let ind = h.indicator as u32;
        wanted.contains(&ind)
            && a.about(p, ind)
                .iter()
                .any(|x| children.contains(x) || ctx.child_set.contains(x))
    })
}

/// True when the record settles the case afresh: a decision of its own of
/// a settling kind.
fn is_settling(ctx: &Context<'_>, p: usize, settle: &[DecisionKind]) -> bool {
    ctx.own_decision(p)
        && ctx.a.facts[p]
            .decision
            .as_ref()
            .is_some_and(|x| x.kinds.iter().any(|k| settle.contains(k)))
}

/// True when the record acts on news: a strategy discussion or conference
/// held, an assessment or s47 started, words of revisiting, the news passed
/// on to another agency, or the child seen.
fn is_response(ctx: &Context<'_>, p: usize, revisit: &Patterns) -> bool {
    let f = &ctx.a.facts[p];
    let meeting = f.meeting.as_ref().is_some_and(|m| {
        m.held
            && matches!(
                m.kind,
                MeetingKind::StrategyDiscussion
                    | MeetingKind::InitialCpConference
                    | MeetingKind::CpConference
            )
    });
    // What the agency did is written in the outcome when there is one
    // ("she called the police herself" in the text is the mother's act).
    let has_outcome = ctx.a.records[p]
        .outcome
        .as_deref()
        .is_some_and(|o| !o.trim().is_empty());
    let passed_on = f.sharing.iter().any(|x| {
        x.direction == crate::extract::Direction::Outgoing
            && (!has_outcome || x.field == crate::extract::Field::Outcome)
    });
    let seen = matches!(
        f.child_seen,
        crate::extract::ChildSeen::Seen | crate::extract::ChildSeen::SeenAlone
    );
    meeting || passed_on || seen || revisit.in_record(&ctx.a.records[p])
}

/// True for a record of the agency carrying on with the child: a review, a
/// visit, a meeting (not information received).
fn goes_on(ctx: &Context<'_>, p: usize) -> bool {
    let f = &ctx.a.facts[p];
    !ctx.received(p) && (f.meeting.is_some() || !f.contacts.is_empty())
}

/// The end of the day `working_days` working days after the record at
/// `from` (as a time).
fn due_by(ctx: &mut Context<'_>, from: usize, working_days: i64) -> i64 {
    let lo = span(&ctx.a.records[from]).lo;
    let Some(day) = local_date(lo) else {
        return lo + working_days * DAY;
    };
    let due = ctx
        .days
        .add_working_days(day, u32::try_from(working_days.max(0)).unwrap_or(0));
    local_instant(due, 23, 59)
}

/// True when the record at `p` comes within `working_days` working days of
/// the news at `from`.
fn answered_in_time(ctx: &mut Context<'_>, from: usize, p: usize, working_days: i64) -> bool {
    let lo = span(&ctx.a.records[from]).lo;
    let at = span(&ctx.a.records[p]).lo;
    // Working days are at least calendar days: a quick bound first.
    if at <= lo + working_days * DAY {
        return true;
    }
    let (Some(a), Some(b)) = (local_date(lo), local_date(at)) else {
        return false;
    };
    ctx.days.working_days_between(a, b) <= working_days
}

/// Words the flag: the settling decision, the news after it, and where the
/// plan went on.
fn push_flag(
    ctx: &mut Context<'_>,
    d: usize,
    arrivals: &[usize],
    anchor: usize,
    children: &[i64],
    working_days: i64,
) {
    let a = ctx.a;
    let decision = &a.records[d];
    let kind = a.facts[d]
        .decision
        .as_ref()
        .map(|x| x.kind)
        .unwrap_or(DecisionKind::AssessmentConcluded);
    let who = ctx.name(decision.agency_id);
    let subject = ctx.subjects_label(children);
    let mut held: BTreeMap<(i64, u32), Vec<i64>> = BTreeMap::new();
    let mut parts: Vec<String> = Vec::new();
    for &p in arrivals {
        let r = &a.records[p];
        let labels: Vec<String> = a.facts[p]
            .indicators
            .iter()
            .map(|h| a.indicator_label(h.indicator as u32).to_lowercase())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        parts.push(format!(
            "{} ({}: {})",
            uk_date(r),
            list(&labels),
            ctx.quote(&r.text)
        ));
        if let Some(h) = a.facts[p].indicators.first() {
            held.entry((r.agency_id, h.indicator as u32))
                .or_default()
                .push(r.id);
        }
    }
    let anchor_r = &a.records[anchor];
    let went_on = if anchor == arrivals[0] {
        format!("nothing shows {who} revisiting the assessment within {working_days} working days")
    } else {
        format!(
            "on {} {who} went on without revisiting it ({})",
            uk_date(anchor_r),
            ctx.quote(&anchor_r.text)
        )
    };
    let explanation = format!(
        "{who} {} about {subject} ({}). After it, {who} had {}; {went_on}: no new assessment, \
         strategy discussion or conference, and no decision on the new information.",
        decision_text(decision, kind),
        ctx.quote(&decision.text),
        list(&parts),
    );
    let cited = ctx.cite_held(&mut held, |_, _, _| String::new());
    let mut evidence = vec![decision.id];
    evidence.extend(arrivals.iter().map(|&p| a.records[p].id));
    evidence.extend(cited.evidence);
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: anchor_r,
        about: "",
        agency: who,
        subject: subject.clone(),
        severity: Severity::High,
        title: format!("New information about {subject} after the assessment; not revisited"),
        explanation,
        evidence,
        held_by: cited.held_by,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const CSC: &str = "Aldermoor Children's Services";

    /// CP plans end on the mother's abstinence and the father's absence;
    /// a police notification says he has been staying there in breach of
    /// an order; the CIN review carries on unchanged.
    fn stepped_down() -> Scenario {
        Scenario::new()
            .agency(CSC, "childrens_social_care")
            .agency("Aldermoor Police", "police")
            .record(CSC, "14/02/2022", "Noah Whitfield", "Review CP conference. Sophie 10 weeks negative drug screens. Liam Carter not in household.")
            .outcome("CP plans ended - step down to CIN.")
            .record(CSC, "22/03/2022", "Noah Whitfield", "PPN received from Aldermoor Police: Liam Carter at the address in breach of the non-molestation order, argument, domestic abuse. Children in the flat.")
            .outcome("Logged to SW - discuss at CIN review 29/03.")
    }

    #[test]
    fn news_after_a_step_down_that_the_plan_carries_on_past_is_flagged_at_the_review() {
        let flags = stepped_down()
            .record(
                CSC,
                "29/03/2022",
                "Noah Whitfield",
                "CIN review: Sophie says Liam turned up and she did not let him in.",
            )
            .outcome("CIN plan continues unchanged.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2022-03-29"), "{flags:#?}");
        assert!(
            flags[0].explanation.contains("22/03/2022"),
            "{}",
            flags[0].explanation
        );
    }

    #[test]
    fn news_answered_with_a_strategy_discussion_is_not_flagged() {
        let flags = stepped_down()
            .record(
                CSC,
                "24/03/2022",
                "Noah Whitfield",
                "Strategy discussion held with police and health. S47 enquiries to start.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The family flees to a refuge in another area; the social worker
    /// tells the new area the same day.
    #[test]
    fn news_passed_on_the_same_day_is_not_flagged() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .record(CSC, "12/09/2022", "Riley Hart", "Single assessment concluded. DA by Jamie Hart towards Natasha; Jamie has left the home.")
            .outcome("CIN plan.")
            .record(CSC, "08/11/2022", "Riley Hart", "IDVA phoned: Natasha and Riley moved to a refuge after Jamie found their address (domestic abuse).")
            .outcome("Phoned Norbury MASH and emailed the transfer notification with the CIN plan and police DA history.")
            .record(CSC, "28/11/2022", "Riley Hart", "Transfer-in CIN meeting. Norbury accepted the case.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    #[test]
    fn news_with_nothing_after_it_past_the_standard_is_flagged_at_the_news() {
        let flags = stepped_down()
            .record(
                CSC,
                "30/05/2022",
                "Noah Whitfield",
                "Case note: file reviewed by TM.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2022-03-22"), "{flags:#?}");
    }
}
