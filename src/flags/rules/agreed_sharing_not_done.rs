//! Sharing agreed at a meeting or in a plan ("IDVA to inform midwife and
//! HV", "school to be told of the plan") that no record shows happening:
//! the agency that was to be told went on without it.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "agreed-sharing-not-done",
    name: "Agreed sharing not carried out",
    description: "A record agrees or plans that one agency will tell another (an action from \
         a MARAC, strategy discussion, conference or plan: \"IDVA to inform midwife and HV\"), \
         and no record shows that agency told, within the standard or before it next acted: no \
         referral, call, letter or meeting reaching it. A call that reached nobody (\"no \
         answer, voicemail left\") tells nothing.",
    severity: "High when the action was agreed at a multi-agency meeting; otherwise medium.",
    thresholds: &[Threshold {
        setting: "working_days",
        meaning: "working days after the agreement within which the agency is told",
        basis: Basis::SightlineDefault,
        source: "after local procedures' five working days for telling involved agencies of \
                 a change (notification and transfer of information)",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Working days after the agreement within which the agency is told.
    pub working_days: u32,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[agreed-sharing-not-done]
enabled = true
# The agency to be told is told within 5 working days of the agreement.
# Basis: Sightline default, after local procedures' five working days for
# telling involved agencies of a change.
working_days = 5
"#;

/// Days within which the same action recorded by several agencies (the
/// minutes and the owner's own note) is one action.
const SAME_ACTION_DAYS: i64 = 10;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let limit = ctx.rules.agreed_sharing_not_done.working_days;
    let Some(last) = a.records.iter().map(|r| span(r).lo).max() else {
        return;
    };
    // (owner, recipient) → when the last action between them was agreed.
    let mut agreed: HashMap<(i64, i64), i64> = HashMap::new();
    for plan in &a.plans {
        let r = &a.records[plan.position];
        if r.when.day().is_none() {
            // "October 2011": no day to count the standard from.
            continue;
        }
        let t = span(r).lo;
        let Some(day) = local_date(t) else {
            continue;
        };
        let due = ctx.days.add_working_days(day, limit);
        let due_end = end_of_day(due);
        if due_end > last {
            // The chronologies stop before the action fell due.
            continue;
        }
        let at_meeting = a.facts[plan.position]
            .meeting
            .as_ref()
            .is_some_and(|m| m.held);
        let mut untold = Vec::new();
        for &to in &plan.to {
            let key = (plan.by, to);
            if agreed
                .get(&key)
                .is_some_and(|&before| t - before <= SAME_ACTION_DAYS * DAY)
            {
                continue;
            }
            agreed.insert(key, t);
            // The recipient's own chronology must run past the due date,
            // or it cannot show what reached it. Told late, but before the
            // recipient next recorded anything, the action was carried out;
            // a recipient that went on in the meantime went on without it.
            let own = |lo: i64| {
                a.records
                    .iter()
                    .filter(|x| x.agency_id == to && span(x).lo > lo)
                    .map(|x| span(x).lo)
                    .min()
            };
            if own(due_end).is_none() {
                continue;
            }
            let lo = t - DAY / 2;
            if told(ctx, to, lo, due_end, &plan.subjects).is_some() {
                continue;
            }
            // Told a little late (within the standard again), with nothing
            // recorded by the recipient in the meantime: carried out.
            let grace = end_of_day(ctx.days.add_working_days(due, limit));
            let first = told(ctx, to, lo, i64::MAX, &plan.subjects);
            if let Some(when) = first {
                let acted = own(t + DAY / 2).is_some_and(|next| next < when - DAY / 2);
                if when <= grace && !acted {
                    continue;
                }
            }
            untold.push((to, first));
        }
        if !untold.is_empty() {
            flag(ctx, plan, &untold, due, at_meeting);
        }
    }
}

/// When anybody first told `to` anything about `subjects` in [lo, hi).
fn told(ctx: &Context<'_>, to: i64, lo: i64, hi: i64, subjects: &[i64]) -> Option<i64> {
    let a = ctx.a;
    a.agencies
        .iter()
        .filter(|x| x.id != to)
        .filter_map(|x| ctx.first_route(x.id, to, lo, hi, subjects))
        .filter_map(|rec| a.position.get(&rec).map(|&p| span(&a.records[p]).lo))
        .min()
}

/// Raises the flag for one agreed action: at the owner's first record
/// after the agreement (what it did instead), or at the agreement.
fn flag(
    ctx: &mut Context<'_>,
    plan: &crate::analysis::Plan,
    untold: &[(i64, Option<i64>)],
    due: NaiveDate,
    at_meeting: bool,
) {
    let a = ctx.a;
    let r = &a.records[plan.position];
    let t = span(r).lo;
    let due_end = end_of_day(due);
    // On the agreement when the owner recorded it; otherwise on the
    // owner's next record up to the due date (what it did instead).
    let next = (plan.position + 1..a.records.len()).find(|&j| {
        let x = &a.records[j];
        x.agency_id == plan.by && span(x).lo <= due_end
    });
    let anchor = match next {
        Some(j) if r.agency_id != plan.by && span(&a.records[j]).lo > t => &a.records[j],
        _ => r,
    };
    let owner = ctx.name(plan.by);
    let names: Vec<String> = untold.iter().map(|(x, _)| ctx.name(*x)).collect();
    let recipient = list(&names);
    let either = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => recipient.clone(),
    };
    let children: Vec<i64> = plan
        .subjects
        .iter()
        .copied()
        .filter(|s| ctx.child_set.contains(s))
        .collect();
    let subject = ctx.subjects_label(if children.is_empty() {
        &plan.subjects
    } else {
        &children
    });
    let mut explanation =
        format!(
        "On {} {} recorded an agreed action ({}): {owner} to tell {recipient}. No record shows \
         {either} told anything about {subject} by anyone within {} working days (by {}), \
         though {} chronology runs on past that date.",
        uk_date(r),
        ctx.name(r.agency_id),
        ctx.quote(plan_words(r, &plan.phrase)),
        ctx.rules.agreed_sharing_not_done.working_days,
        due.format("%d/%m/%Y"),
        if untold.len() == 1 { "its own" } else { "each one's own" },
    );
    for (to, first) in untold {
        if let Some(when) = first.and_then(local_date) {
            explanation.push_str(&format!(
                " {} was first told on {}.",
                ctx.name(*to),
                when.format("%d/%m/%Y")
            ));
        }
    }
    if !std::ptr::eq(anchor, r) {
        explanation.push_str(&format!(
            " {owner}'s next record, on {}: {}.",
            uk_date(anchor),
            ctx.quote(&anchor.text)
        ));
    }
    let severity = if at_meeting {
        Severity::High
    } else {
        Severity::Medium
    };
    // What was to be passed on: the concerns the agreement's record names.
    let held_by: Vec<HeldBy> = a.facts[plan.position]
        .indicators
        .first()
        .map(|hit| HeldBy {
            agency: owner.clone(),
            since: r.when.canonical(),
            indicator: hit.id.clone(),
            records: vec![r.id],
        })
        .into_iter()
        .collect();
    let mut evidence = vec![anchor.id];
    if anchor.id != r.id {
        evidence.push(r.id);
    }
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor,
        about: &recipient,
        agency: owner.clone(),
        subject,
        severity,
        title: format!(
            "Agreed that {owner} would tell {recipient}; no record of it within {} working days",
            ctx.rules.agreed_sharing_not_done.working_days
        ),
        explanation,
        evidence,
        held_by,
    });
}

/// The words of record `r` that agree the action: from the start of the
/// item or sentence holding the plan's phrase ("(2) SW to inform HV ...").
fn plan_words<'r>(r: &'r Record, phrase: &str) -> &'r str {
    let field = match r.outcome.as_deref() {
        Some(o) if !r.text.contains(phrase) && o.contains(phrase) => o,
        _ => &r.text,
    };
    let Some(at) = field.find(phrase) else {
        return field;
    };
    let item = field[..at].rfind(['.', ';', '(']).map_or(0, |k| {
        if field[k..].starts_with('(') {
            k
        } else {
            k + 1
        }
    });
    field[item..].trim_start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const IDVA: &str = "Northbrook Domestic Abuse Service";
    const HV: &str = "Northbrook 0-19 Service";
    const POLICE: &str = "Northbrook Police";

    /// A MARAC gives the IDVA an action to tell the health visitor; what
    /// follows is `after`, recorded by `agency` on 29/09/2023.
    fn marac(agency: &str, after: &str) -> Scenario {
        Scenario::new()
            .agency(POLICE, "police")
            .agency(IDVA, "voluntary")
            .agency(HV, "health_visiting")
            .record(
                POLICE,
                "21/09/2023",
                "Mia Dunn",
                "MARAC held. Present: Police, CSC, IDVA, Housing. No health rep. \
                 Actions: 1) Police - DA flag on address. 2) IDVA - inform HV of MARAC and risk.",
            )
            .record(
                IDVA,
                "22/09/2023",
                "Mia Dunn",
                "Safety plan reviewed with Mum by phone.",
            )
            .record(agency, "29/09/2023", "Mia Dunn", after)
            .record(
                HV,
                "16/10/2023",
                "Mia Dunn",
                "Routine 1 year review at home. Mum well.",
            )
    }

    /// Nobody told the HV: flagged, at the IDVA service that had the action.
    #[test]
    fn an_action_to_tell_the_hv_with_no_record_of_it_done_is_flagged() {
        let flags = marac(IDVA, "Rang HV team, no answer. Voicemail left.").flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, IDVA);
        assert!(flags[0].at.starts_with("2023-09-22"), "{}", flags[0].at);
        assert!(
            flags[0].explanation.contains(HV),
            "{}",
            flags[0].explanation
        );
        assert_eq!(flags[0].severity, Severity::High);
    }

    /// The HV's own record of the call, or the IDVA's record of telling:
    /// no flag.
    #[test]
    fn an_action_carried_out_is_not_flagged() {
        let told = marac(IDVA, "HV informed of MARAC by phone, spoke to HV duty.");
        assert!(
            told.flags_of(INFO.id).is_empty(),
            "{:#?}",
            told.flags_of(INFO.id)
        );
        let received = marac(HV, "Call from IDVA re MARAC and DA risk. Added to records.");
        assert!(
            received.flags_of(INFO.id).is_empty(),
            "{:#?}",
            received.flags_of(INFO.id)
        );
    }

    /// Chronologies that stop before the action fell due, or a recipient
    /// with no record after it: nothing to show it was not done.
    #[test]
    fn an_action_not_yet_due_or_unseen_by_the_recipient_is_not_flagged() {
        let early = Scenario::new()
            .agency(POLICE, "police")
            .agency(HV, "health_visiting")
            .record(HV, "01/09/2023", "Mia Dunn", "New birth visit.")
            .record(
                POLICE,
                "21/09/2023",
                "Mia Dunn",
                "MARAC. Actions: IDVA to inform HV.",
            )
            .record(POLICE, "22/09/2023", "Mia Dunn", "DA flag added.");
        assert!(
            early.flags_of(INFO.id).is_empty(),
            "{:#?}",
            early.flags_of(INFO.id)
        );
    }
}
