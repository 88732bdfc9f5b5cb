//! A child protection conference later than the standard: the initial
//! conference after the strategy discussion that started enquiries, the
//! first review after the initial conference, each later review after the
//! one before.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use regex::Regex;
use std::sync::LazyLock;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "late-conference",
    name: "Late child protection conference",
    description: "A child protection conference was held later than the standard: the initial \
         conference after the strategy discussion that started section 47 enquiries, the \
         first review conference after the initial one, or a later review after the one \
         before.",
    severity: "Medium: the conference was held, late.",
    thresholds: &[
        Threshold {
            setting: "working_days",
            meaning: "working days from the strategy discussion to the initial conference",
            basis: Basis::NationalGuidance,
            source: "Working Together 2023",
        },
        Threshold {
            setting: "first_review_months",
            meaning: "months from the initial conference to the first review conference",
            basis: Basis::NationalGuidance,
            source: "Working Together 2023",
        },
        Threshold {
            setting: "review_months",
            meaning: "months from one review conference to the next",
            basis: Basis::NationalGuidance,
            source: "Working Together 2023",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Working days allowed.
    pub working_days: u32,
    /// Months from the initial conference to the first review conference.
    pub first_review_months: u32,
    /// Months from one review conference to the next.
    pub review_months: u32,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[late-conference]
enabled = true
# Initial child protection conference after the strategy discussion that
# started section 47 enquiries. Basis: national guidance (Working Together
# 2023).
working_days = 15
# The first review conference within 3 months of the initial conference,
# then each within 6 months of the one before. Basis: national guidance
# (Working Together 2023).
first_review_months = 3
review_months = 6
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let limit = ctx.rules.late_conference.working_days as i64;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let mut open: Vec<(usize, i64)> = Vec::new(); // strategy discussions awaiting a conference
                                                  // The last conference about each child: (record position, initial?).
    let mut last: HashMap<i64, (usize, bool)> = HashMap::new();
    let first_months = ctx.rules.late_conference.first_review_months;
    let review_months = ctx.rules.late_conference.review_months;
    for i in 0..a.records.len() {
        let r = &a.records[i];
        if is_meeting(ctx, i, &[MeetingKind::ReviewCpConference])
            && (csc.is_empty() || csc.contains(&r.agency_id))
        {
            late_review(ctx, i, &mut last, first_months, review_months);
            continue;
        }
        if is_meeting(ctx, i, &[MeetingKind::StrategyDiscussion]) {
            let t = format!("{} {}", r.text, r.outcome.as_deref().unwrap_or("")).to_lowercase();
            let s47 = starts_enquiries(&t);
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
        for s in &subjects {
            last.insert(*s, (i, true));
        }
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

/// A review conference (record `i`) held later than the standard after the
/// conference before it about the same children; updates `last`.
/// A mention of section 47 enquiries ("S47", "s.47", "section 47").
static S47: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bs(?:ection)?\s?\.?\s?47\b").expect("valid"));

/// Section 47 written as not started: "S47 threshold not met", "no S47",
/// "below S47 threshold", "NFA S47", "S47 not required".
static NOT_S47: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:no|not|nfa|below|without)\s+(?:for\s+|the\s+|a\s+)?s(?:ection)?\s?\.?\s?47\b
        | \bs(?:ection)?\s?\.?\s?47\s+(?:threshold\s+|enquir(?:y|ies)\s+)?(?:not|nfa|unmet|declined)\b",
    )
    .expect("valid")
});

/// Whether a strategy discussion's (lowercased) text starts section 47
/// enquiries: it names them, and not only to say they were not started.
fn starts_enquiries(t: &str) -> bool {
    S47.find_iter(t).count() > NOT_S47.find_iter(t).count()
}

fn late_review(
    ctx: &mut Context<'_>,
    i: usize,
    last: &mut HashMap<i64, (usize, bool)>,
    first_months: u32,
    review_months: u32,
) {
    let a = ctx.a;
    let r = &a.records[i];
    let subjects = a.record_subjects[i].clone();
    // The latest conference before this one about any of its children (the
    // same review recorded twice the same day is not a second review).
    let before = subjects
        .iter()
        .filter_map(|s| last.get(s).copied())
        .filter(|(j, _)| local_date(span(&a.records[*j]).lo) != local_date(span(r).lo))
        .max_by_key(|(j, _)| span(&a.records[*j]).lo);
    for s in &subjects {
        let keep = last
            .get(s)
            .is_some_and(|(j, _)| local_date(span(&a.records[*j]).lo) == local_date(span(r).lo));
        if !keep {
            last.insert(*s, (i, false));
        }
    }
    let Some((j, initial)) = before else {
        return;
    };
    let p = &a.records[j];
    let (Some(from), Some(to)) = (local_date(span(p).lo), local_date(span(r).lo)) else {
        return;
    };
    let months = if initial { first_months } else { review_months };
    let Some(due) = from.checked_add_months(chrono::Months::new(months)) else {
        return;
    };
    if to <= due {
        return;
    }
    let which = if initial {
        "initial child protection conference"
    } else {
        "review conference"
    };
    let subject = ctx.subjects_label(&subjects);
    let weeks = (to - from).num_days() / 7;
    let explanation = format!(
        "The {which} about {subject} was held on {}. The next review conference was held on {}, {weeks} weeks later; the standard is within {months} months (by {}).",
        uk_date(p),
        uk_date(r),
        due.format("%d/%m/%Y")
    );
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: r,
        about: "review",
        agency: ctx.name(r.agency_id),
        subject,
        severity: Severity::Medium,
        title: format!("Review conference {weeks} weeks after the {which}"),
        explanation,
        evidence: vec![p.id],
        held_by: Vec::new(),
    });
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

    /// A CSE strategy discussion finds the section 47 threshold not met;
    /// a month later another starts enquiries, and the conference follows
    /// it within fifteen working days: nothing is late.
    #[test]
    fn a_discussion_that_found_section_47_not_met_awaits_no_conference() {
        let flags = Scenario::new()
            .agency("Northvale Children's Services", "childrens_social_care")
            .record("Northvale Children's Services", "09/03/2022 10:00", "Leah Donnelly", "Strategy discussion (CSE) with police, DSL and school nurse. S47 threshold not met - CIN + CSE plan.")
            .record("Northvale Children's Services", "07/04/2022 10:00", "Leah Donnelly", "Strategy discussion with police, school and probation. S47 both children. ICPC to be convened.")
            .record("Northvale Children's Services", "28/04/2022 10:00", "Leah Donnelly", "Initial child protection conference held. Leah Donnelly made subject of a child protection plan.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
        assert!(starts_enquiries("threshold met for section 47 enquiries"));
        assert!(!starts_enquiries("no s47 - nfa"));
        assert!(!starts_enquiries("below s.47 threshold; cin"));
    }

    /// The first review conference four months after the initial one is
    /// late; the next, five months after it, is within six.
    #[test]
    fn a_review_conference_later_than_three_months_after_the_initial_is_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2024 10:00", "Ellie Marsh", "Initial child protection conference held. Ellie Marsh made subject of a child protection plan.")
            .record("Harwick Children's Social Care", "30/05/2024", "Ellie Marsh", "Review conference booked for today cancelled - chair sick.")
            .record("Harwick Children's Social Care", "04/07/2024 10:00", "Ellie Marsh", "Review child protection conference held. Plan continues.")
            .record("Harwick Children's Social Care", "02/12/2024 10:00", "Ellie Marsh", "Review child protection conference held. Plan continues.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-07-04"), "{}", flags[0].at);
        assert!(
            flags[0]
                .explanation
                .contains("within 3 months (by 01/06/2024)"),
            "{}",
            flags[0].explanation
        );
    }

    /// Reviews on time: nothing to flag.
    #[test]
    fn review_conferences_on_time_are_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2024 10:00", "Ellie Marsh", "Initial child protection conference held. Ellie Marsh made subject of a child protection plan.")
            .record("Harwick Children's Social Care", "28/05/2024 10:00", "Ellie Marsh", "Review child protection conference held. Plan continues.")
            .record("Harwick Children's Social Care", "20/11/2024 10:00", "Ellie Marsh", "RCPC held. Plan continues.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
