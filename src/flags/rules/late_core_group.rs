//! The first core group of a child protection plan held later than the
//! standard after the initial conference that made the plan.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "late-core-group",
    name: "Late first core group",
    description: "The first core group meeting after an initial child protection conference \
         was held later than the standard, so the plan went on for weeks without the agencies \
         that carry it meeting.",
    severity: "Medium: the plan's first meeting was held, late.",
    thresholds: &[Threshold {
        setting: "working_days",
        meaning: "working days from the initial conference to the first core group",
        basis: Basis::NationalGuidance,
        source: "Working Together 2023, as quoted in local procedures",
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
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[late-core-group]
enabled = true
# The first core group within 10 working days of the initial conference.
# Basis: national guidance (Working Together 2023, as quoted in local
# procedures).
working_days = 10
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let limit = ctx.rules.late_core_group.working_days as i64;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    // child → the initial conference awaiting its first core group.
    let mut waiting: HashMap<i64, usize> = HashMap::new();
    for i in 0..a.records.len() {
        let r = &a.records[i];
        if is_meeting(ctx, i, &[MeetingKind::InitialCpConference]) {
            for child in ctx.children_of(i) {
                // The same conference recorded by several agencies: the first.
                let same = waiting
                    .get(&child)
                    .is_some_and(|&j| span(r).lo - span(&a.records[j]).lo <= 3 * DAY);
                if !same {
                    waiting.insert(child, i);
                }
            }
            continue;
        }
        if !is_meeting(ctx, i, &[MeetingKind::CoreGroup]) {
            continue;
        }
        let children: Vec<i64> = ctx
            .children_of(i)
            .into_iter()
            .filter(|c| waiting.contains_key(c))
            .collect();
        let Some(&j) = children.first().and_then(|c| waiting.get(c)) else {
            continue;
        };
        for c in &children {
            waiting.remove(c);
        }
        let icpc = &a.records[j];
        let (Some(from), Some(to)) = (local_date(span(icpc).lo), local_date(span(r).lo)) else {
            continue;
        };
        let taken = ctx.days.working_days_between(from, to);
        if taken <= limit {
            continue;
        }
        let agency = if csc.contains(&r.agency_id) {
            r.agency_id
        } else {
            csc.first().copied().unwrap_or(r.agency_id)
        };
        let subject = ctx.subjects_label(&children);
        let due = ctx.days.add_working_days(from, limit as u32);
        let explanation = format!(
            "The initial child protection conference about {subject} was held on {}. The first \
             core group recorded was on {} ({}), {taken} working days later; the standard is \
             {limit} working days (by {}).",
            uk_date(icpc),
            uk_date(r),
            ctx.quote(&r.text),
            due.format("%d/%m/%Y"),
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: ctx.name(agency),
            subject,
            severity: Severity::Medium,
            title: format!("First core group {taken} working days after the initial conference"),
            explanation,
            evidence: vec![r.id, icpc.id],
            held_by: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn plan(core_group_date: &str, text: &str) -> Scenario {
        Scenario::new()
            .agency("Lowfield Children's Services", "childrens_social_care")
            .agency("Lowfield Primary School", "school")
            .record(
                "Lowfield Children's Services",
                "06/03/2023",
                "Ava Hart",
                "ICPC held. Ava made subject of a CP plan under the category of neglect.",
            )
            .record("Lowfield Primary School", core_group_date, "Ava Hart", text)
    }

    /// Twenty working days after the conference: flagged, at social care.
    #[test]
    fn a_first_core_group_four_weeks_after_the_conference_is_flagged() {
        let flags = plan(
            "03/04/2023",
            "DSL attended the first core group meeting. Plan reviewed.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Lowfield Children's Services");
        assert!(flags[0].at.starts_with("2023-04-03"));
    }

    /// Within ten working days: no flag.
    #[test]
    fn a_core_group_within_ten_working_days_is_not_flagged() {
        let flags = plan("16/03/2023", "DSL attended the core group meeting.").flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A core group that did not take place is not the first core group.
    #[test]
    fn a_core_group_cancelled_is_not_held() {
        let flags = plan(
            "03/04/2023",
            "Core group meeting cancelled - SW off sick. Not rearranged.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
