//! An initial child protection conference later than the standard after
//! the strategy discussion that started enquiries.

use super::RuleInfo;
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "late-conference",
    name: "Late initial child protection conference",
    description: "The initial child protection conference was held later than the expected \
         working days after the strategy discussion that started section 47 enquiries.",
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
pub(crate) const DEFAULTS: &str = r#"[late-conference]
enabled = true
# Initial child protection conference after the strategy discussion that
# started section 47 enquiries.
working_days = 15
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let limit = ctx.rules.late_conference.working_days as i64;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let mut open: Vec<(usize, i64)> = Vec::new(); // strategy discussions awaiting a conference
    for i in 0..a.records.len() {
        let r = &a.records[i];
        if is_meeting(ctx, i, &[MeetingKind::StrategyDiscussion]) {
            let t = format!("{} {}", r.text, r.outcome.as_deref().unwrap_or("")).to_lowercase();
            let s47 = t.contains("s47")
                || t.contains("s.47")
                || t.contains("section 47")
                || t.contains("s 47");
            let day = local_date(span(r).lo);
            // The same discussion recorded again (by another agency, or
            // later the same day), or one about the same people already
            // awaiting its conference. A discussion the same day about other
            // children is another discussion.
            let known = open.iter().any(|(j, _)| {
                let theirs = &a.record_subjects[*j];
                let mine = &a.record_subjects[i];
                theirs == mine
                    || (local_date(span(&a.records[*j]).lo) == day
                        && theirs.iter().any(|s| mine.contains(s)))
            });
            if s47 && !known {
                open.push((i, span(r).lo));
            }
            continue;
        }
        if !is_meeting(ctx, i, &[MeetingKind::InitialCpConference])
            || (!csc.is_empty() && !csc.contains(&r.agency_id))
        {
            continue;
        }
        let subjects = a.record_subjects[i].clone();
        let Some(k) = open
            .iter()
            .position(|(j, _)| a.record_subjects[*j].iter().any(|s| subjects.contains(s)))
        else {
            continue;
        };
        let (j, lo) = open.remove(k);
        let (Some(from), Some(to)) = (local_date(lo), local_date(span(r).lo)) else {
            continue;
        };
        let taken = ctx.days.working_days_between(from, to);
        if taken <= limit {
            continue;
        }
        let s = &a.records[j];
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&subjects);
        let due = ctx.days.add_working_days(from, limit as u32);
        let explanation = format!(
            "The strategy discussion of {} started section 47 enquiries about {subject}. The initial child protection conference was held on {}, {taken} working days later; the standard is {limit} working days (by {}).",
            uk_date(s),
            uk_date(r),
            due.format("%d/%m/%Y")
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who,
            subject,
            severity: Severity::Medium,
            title: format!("Initial conference {taken} working days after the strategy discussion"),
            explanation,
            evidence: vec![s.id],
            held_by: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Two strategy discussions on one day, about two children of different
    /// households, each start section 47 enquiries: each awaits its own
    /// initial conference, and the late one is flagged.
    #[test]
    fn same_day_strategy_discussions_about_different_children_each_await_a_conference() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2021 10:00", "Ellie Marsh", "Strategy discussion about Ellie Marsh held with police and health. Threshold met for section 47 enquiries.")
            .record("Harwick Children's Social Care", "01/03/2021 15:00", "Jack Smith", "Strategy discussion about Jack Smith held with police and health. Threshold met for section 47 enquiries.")
            .record("Harwick Children's Social Care", "15/03/2021 10:00", "Ellie Marsh", "Initial child protection conference held. Ellie Marsh made subject of a child protection plan.")
            .record("Harwick Children's Social Care", "20/04/2021 10:00", "Jack Smith", "Initial child protection conference held. Jack Smith made subject of a child protection plan.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-04-20"), "{}", flags[0].at);
        assert!(
            flags[0].explanation.contains("01/03/2021 15:00"),
            "{}",
            flags[0].explanation
        );
        assert!(
            flags[0].explanation.contains("34 working days"),
            "{}",
            flags[0].explanation
        );
    }
}
