//! Suspected significant harm known to children's social care with no
//! strategy discussion within the standard.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "no-strategy-discussion",
    name: "No strategy discussion",
    description: "Suspected significant harm was known to children's social care and no \
         strategy discussion is recorded within the expected working days.",
    severity:
        "High: it is raised only on suspected significant harm known to children's social care.",
    thresholds: &[Threshold {
        setting: "working_days",
        meaning: "working days from suspected significant harm to a strategy discussion",
        basis: Basis::LocalProcedure,
        source: "national guidance says only \"as soon as possible\"",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Working days allowed.
    pub working_days: u32,
    /// Indicator ids meaning suspected significant harm.
    pub indicators: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[no-strategy-discussion]
enabled = true
# Suspected significant harm known to children's social care: a strategy
# discussion within this many working days. Basis: local procedure; national
# guidance says only "as soon as possible".
working_days = 3
# Indicators that mean suspected significant harm.
indicators = ["suspected-nai", "allegation", "sexual-abuse", "exploitation"]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let harm: Vec<u32> = ctx
        .rules
        .no_strategy_discussion
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let days = ctx.rules.no_strategy_discussion.working_days;
    let children: HashSet<i64> = a.children().into_iter().collect();
    // Strategy discussions, by subject.
    let mut strategy: HashMap<i64, Vec<i64>> = HashMap::new();
    for i in 0..a.records.len() {
        if is_meeting(ctx, i, &[MeetingKind::StrategyDiscussion]) {
            for s in &a.record_subjects[i] {
                strategy.entry(*s).or_default().push(span(&a.records[i]).lo);
            }
        }
    }
    let mut flagged_until: HashMap<i64, i64> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !csc.contains(&r.agency_id) || a.facts[i].meeting.is_some() {
            continue;
        }
        let hits: Vec<u32> = a.facts[i]
            .indicators
            .iter()
            .map(|h| h.indicator as u32)
            .filter(|x| harm.contains(x))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let at = span(r);
        let Some(day) = local_date(at.lo) else {
            continue;
        };
        let deadline = end_of_day(ctx.days.add_working_days(day, days));
        let mut about = Vec::new();
        let mut next_held: Option<i64> = None;
        for &subject in a.record_subjects[i].iter().filter(|s| children.contains(s)) {
            if flagged_until.get(&subject).is_some_and(|u| at.lo < *u) {
                continue;
            }
            let list = strategy.get(&subject);
            // A strategy discussion in the weeks before (enquiries already
            // under way) or within the standard answers the concern.
            if list.is_some_and(|v| v.iter().any(|lo| *lo >= at.lo - 90 * DAY && *lo < deadline)) {
                continue;
            }
            about.push(subject);
            flagged_until.insert(subject, at.lo + 30 * DAY);
            let next = list
                .and_then(|v| v.iter().copied().filter(|lo| *lo >= deadline).min())
                .filter(|lo| *lo < at.lo + 120 * DAY);
            next_held = match (next_held, next) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
        }
        if about.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subj = ctx.subjects_label(&about);
        let labels: Vec<String> = hits
            .iter()
            .map(|x| a.indicator_label(*x).to_lowercase())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let when_held = match next_held.and_then(local_date) {
            Some(d) => format!(
                "the next strategy discussion about {subj} is recorded on {}",
                d.format("%d/%m/%Y")
            ),
            None => format!("no strategy discussion about {subj} is recorded"),
        };
        let explanation = format!(
            "{who} recorded {} concerning {subj} on {} ({}). A strategy discussion is expected within {days} working days; {when_held}.",
            list(&labels),
            uk_date(r),
            ctx.quote(&r.text)
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who,
            subject: subj,
            severity: Severity::High,
            title: format!(
                "No strategy discussion within {days} working days of suspected significant harm"
            ),
            explanation,
            evidence: vec![r.id],
            held_by: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Social care hears of suspected non-accidental injury and no strategy
    /// discussion follows.
    #[test]
    fn suspected_harm_with_no_strategy_discussion_is_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2021 10:00", "Ellie Marsh", "Referral from Harwick General: Ellie Marsh (4) has bruising to both ears, suspected non-accidental injury.")
            .record("Harwick Children's Social Care", "20/03/2021", "Ellie Marsh", "Home visit to Ellie Marsh. Ellie seen.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Harwick Children's Social Care");
    }

    /// The same referral, with a strategy discussion the next day.
    #[test]
    fn a_strategy_discussion_within_the_standard_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2021 10:00", "Ellie Marsh", "Referral from Harwick General: Ellie Marsh (4) has bruising to both ears, suspected non-accidental injury.")
            .record("Harwick Children's Social Care", "02/03/2021 11:00", "Ellie Marsh", "Strategy discussion held with police and health about Ellie Marsh. Threshold met for section 47 enquiries.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
