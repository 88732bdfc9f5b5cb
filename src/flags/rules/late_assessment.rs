//! A single assessment by children's social care that took longer than the
//! standard from its start to its conclusion, or is still recorded as open
//! past it.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "late-assessment",
    name: "Assessment over its timescale",
    description: "Children's social care's assessment of a child (a single or child and \
         family assessment) was concluded later than the standard after it started, or was \
         recorded as still open or extended past it.",
    severity: "Medium: the assessment went on; the child waited for its conclusion.",
    thresholds: &[Threshold {
        setting: "working_days",
        meaning: "working days from the start of an assessment to its conclusion",
        basis: Basis::NationalGuidance,
        source: "Working Together 2023",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose assessments are timed.
    pub kinds: Vec<String>,
    /// Working days allowed from start to conclusion.
    pub working_days: u32,
    /// What says an assessment started (regular expressions).
    pub started: Vec<String>,
    /// What says it was concluded (regular expressions).
    pub concluded: Vec<String>,
    /// What says it is still open past its time (regular expressions).
    pub still_open: Vec<String>,
    /// Assessments that are not the one timed: enquiries, medicals, risk
    /// assessments (regular expressions).
    pub other: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[late-assessment]
enabled = true
# Agency kinds whose assessments are timed.
kinds = ["childrens_social_care"]
# An assessment concluded within 45 working days of its start.
# Basis: national guidance (Working Together 2023).
working_days = 45
# What says an assessment started (regular expressions, case-insensitive).
started = [
    '\b(?:single |child and family |C&F |CIN |s17 )?assessment (?:was )?(?:started|commenced|opened|begun|initiated|allocated|to commence|to start|underway)\b',
    '\b(?:start(?:ed)?|commenc(?:e|ed|ing)|open(?:ed)?|began|initiated|allocated for|progress(?:ed)? to|proceed(?:ed)? to|accepted for|stepped up to) (?:a |an |the )?(?:single |child and family |C&F |CIN |s17 )?assessment\b',
    '\b(?:SA|CFA) (?:started|commenced|opened|allocated)\b',
]
# What says it was concluded (regular expressions).
concluded = [
    '\b(?:single |child and family |C&F |CIN |s17 )?assessment (?:was |now )?(?:completed|concluded|complete|finalised|authorised|signed off|ended)\b',
    '\b(?:completed|concluded|finalised|authorised|signed off) (?:the |a |her |his )?(?:single |child and family |C&F )?assessment\b',
    '\b(?:SA|CFA) (?:completed|concluded|authorised|signed off)\b',
    '\b(?:assessment outcome|outcome of (?:the )?(?:single )?assessment)\b',
]
# What says it is still open past its time (regular expressions).
still_open = [
    '\bassessment (?:remains |still )?(?:open|ongoing|extended|continuing|overdue|out of timescale)\b',
    '\b(?:extension|extended) (?:to|of) (?:the )?(?:single )?assessment\b',
    '\b(?:SA|CFA|assessment)\b[^.;]{0,30}\bnot (?:yet )?(?:completed|complete|concluded|finished|signed off)\b',
]
# Other assessments, not timed here (regular expressions).
other = [
    '\b(?:s\.? ?47|section 47|enquir(?:y|ies)|medical|risk assessment|DASH|health assessment|parenting assessment|viability)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.late_assessment.clone();
    let kinds = agency_kinds(&s.kinds);
    let (Some(started), Some(concluded)) = (Patterns::new(&s.started), Patterns::new(&s.concluded))
    else {
        return;
    };
    let still_open = Patterns::new(&s.still_open);
    let other = Patterns::new(&s.other);
    let limit = s.working_days as i64;
    // (agency, child) → the open assessment's start, and whether it was
    // flagged as still open.
    let mut open: HashMap<(i64, i64), (usize, bool)> = HashMap::new();
    // The day a conclusion says its assessment opened ("authorised
    // (opened 15/01/2024)"), by the conclusion's position, when no record
    // of the start came before it.
    let mut written_start: HashMap<usize, NaiveDate> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind) || other.as_ref().is_some_and(|p| p.in_record(r)) {
            continue;
        }
        let ends = concluded.in_record(r);
        let begins = !ends && started.in_record(r);
        let overdue = !ends && !begins && still_open.as_ref().is_some_and(|p| p.in_record(r));
        if !(ends || begins || overdue) {
            continue;
        }
        for child in ctx.children_of(i) {
            let key = (r.agency_id, child);
            if begins {
                // A start long after an earlier one never concluded is a new
                // assessment.
                let stale = open
                    .get(&key)
                    .is_some_and(|&(p, _)| span(r).lo - span(&a.records[p]).lo > 183 * DAY);
                if stale || !open.contains_key(&key) {
                    open.insert(key, (i, false));
                }
                continue;
            }
            if ends && !open.contains_key(&key) {
                if let Some(d) = start_written(r) {
                    written_start.insert(i, d);
                    open.insert(key, (i, false));
                }
            }
            let Some(&(start, flagged)) = open.get(&key) else {
                continue;
            };
            let s0 = &a.records[start];
            let from = written_start
                .get(&start)
                .copied()
                .or_else(|| local_date(span(s0).lo));
            let (Some(from), Some(to)) = (from, local_date(span(r).lo)) else {
                continue;
            };
            let taken = ctx.days.working_days_between(from, to);
            if ends {
                open.remove(&key);
            }
            if taken <= limit || (overdue && flagged) {
                continue;
            }
            if overdue {
                open.insert(key, (start, true));
            } else if flagged {
                // Already flagged while open: the conclusion adds nothing new.
                continue;
            }
            let who = ctx.name(r.agency_id);
            let subject = ctx.subjects_label(&[child]);
            let due = ctx.days.add_working_days(from, limit as u32);
            let (title, what) = if ends {
                (
                    format!("Assessment concluded {taken} working days after it started"),
                    format!(
                        "was concluded on {}, {taken} working days later",
                        uk_date(r)
                    ),
                )
            } else {
                (
                    format!("Assessment still open {taken} working days after it started"),
                    format!(
                        "was still open on {} ({}), {taken} working days later",
                        uk_date(r),
                        ctx.quote(&r.text)
                    ),
                )
            };
            let explanation = format!(
                "{who}'s assessment of {subject} started on {} ({}) and {what}; the standard \
                 is {limit} working days (by {}).",
                from.format("%d/%m/%Y"),
                ctx.quote(&s0.text),
                due.format("%d/%m/%Y"),
            );
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &subject,
                agency: who,
                subject: subject.clone(),
                severity: Severity::Medium,
                title,
                explanation,
                evidence: vec![r.id, s0.id],
                held_by: Vec::new(),
            });
        }
    }
}

/// The day a record says its assessment opened: "(opened 15/01/2024)",
/// "started 15/01/24", "commenced on 15 January".
fn start_written(r: &Record) -> Option<NaiveDate> {
    let on = r.when.day()?;
    written(r).find_map(|t| {
        let lower = t.to_lowercase();
        ["opened", "started", "commenced", "began", "begun"]
            .iter()
            .filter_map(|w| lower.find(w).map(|k| k + w.len()))
            .find_map(|k| {
                let after: String = t.get(k..)?.chars().take(24).collect();
                let after = after.trim_start().trim_start_matches("on ");
                crate::when::days_mentioned(after, on).first().copied()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn assessment(end_date: &str, end: &str) -> Scenario {
        Scenario::new()
            .agency("Lowfield Children's Services", "childrens_social_care")
            .record(
                "Lowfield Children's Services",
                "06/03/2023",
                "Riley Hart",
                "MASH decision: threshold met, progress to single assessment. Allocated to SW.",
            )
            .record(
                "Lowfield Children's Services",
                "14/03/2023",
                "Riley Hart",
                "Home visit as part of the single assessment. Riley seen alone.",
            )
            .record("Lowfield Children's Services", end_date, "Riley Hart", end)
    }

    /// Concluded 62 working days after it started: flagged at the
    /// conclusion.
    #[test]
    fn an_assessment_concluded_past_45_working_days_is_flagged() {
        let flags = assessment(
            "01/06/2023",
            "Single assessment completed and authorised by TM. Outcome: CIN plan.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-06-01"));
        assert!(flags[0].explanation.contains("45 working days"));
    }

    /// Concluded within the standard: no flag.
    #[test]
    fn an_assessment_concluded_in_time_is_not_flagged() {
        let flags = assessment(
            "28/04/2023",
            "Single assessment completed and authorised by TM. Outcome: CIN plan.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A section 47 enquiry concluded long after is not the assessment's
    /// conclusion; nor is an assessment that has not concluded.
    #[test]
    fn an_enquiry_concluded_is_not_the_assessment() {
        let flags = assessment(
            "01/06/2023",
            "s47 enquiries concluded; not substantiated. Assessment not yet complete.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// No record says the assessment started, but its conclusion says when
    /// it opened: 57 working days before.
    #[test]
    fn a_conclusion_that_says_when_it_opened_is_timed_from_that_day() {
        let flags = Scenario::new()
            .agency("Calderholme Children's Services", "childrens_social_care")
            .record(
                "Calderholme Children's Services",
                "15/01/2024",
                "Kaiden Pryce",
                "HV rang Front Door about Kaiden (10m): weight loss, home conditions poor.",
            )
            .record(
                "Calderholme Children's Services",
                "18/03/2024",
                "Kaiden Pryce",
                "SA at 45 working days, not completed. TM agreed extension.",
            )
            .record(
                "Calderholme Children's Services",
                "05/04/2024",
                "Kaiden Pryce",
                "Single Assessment authorised by TM (opened 15/01/2024). Analysis: neglect.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-04-05"), "{}", flags[0].at);
        assert!(
            flags[0].explanation.contains("15/01/2024"),
            "{}",
            flags[0].explanation
        );
    }
}
