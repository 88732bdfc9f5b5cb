//! A child recorded as living with someone who is not a parent or close
//! relative (a private fostering arrangement), with nothing to show the
//! agency told children's social care, which must be notified; and a
//! notification children's social care received with no visit to the child
//! within the statutory time.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::flags::kept::{flag_kept, Kept};

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "private-fostering",
    name: "Private fostering not notified",
    description: "An agency recorded a child living with someone who is not a parent or close \
         relative, and nothing shows it telling children's social care, which must be notified \
         of a private fostering arrangement; or children's social care was notified of one and \
         no record shows the child visited and seen within the statutory time.",
    severity: "Medium.",
    thresholds: &[
        Threshold {
            setting: "within_days",
            meaning: "days within which telling children's social care counts",
            basis: Basis::SightlineDefault,
            source: "the local authority visits within 7 working days of a notification (Children (Private Arrangements for Fostering) Regulations 2005)",
        },
        Threshold {
            setting: "repeat_days",
            meaning: "days after which the same agency recording it again is a new occasion",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "visit_working_days",
            meaning: "working days after a notification within which children's social care visits and sees the child",
            basis: Basis::Statutory,
            source: "Children (Private Arrangements for Fostering) Regulations 2005, reg 4",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The indicators that say a child lives with a non-relative.
    pub indicators: Vec<String>,
    /// Telling children's social care anything about the child within this
    /// many days counts.
    pub within_days: i64,
    /// The same agency recording it again this many days after its last
    /// flag is a new occasion.
    pub repeat_days: i64,
    /// Working days after a notification within which children's social
    /// care visits and sees the child.
    pub visit_working_days: u32,
    /// What says children's social care was notified of an arrangement
    /// (regular expressions).
    pub notified: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[private-fostering]
enabled = true
# What says a child lives with someone who is not a parent or close relative.
indicators = ["private-fostering"]
# Telling children's social care anything about the child within this many
# days counts (the local authority visits within 7 working days of being
# notified).
# Basis: Sightline default (the local authority visits within 7 working days
# of a notification (Children (Private Arrangements for Fostering) Regulations
# 2005)).
within_days = 7
# The same agency recording it again this many days after its last flag is
# a new occasion.
# Basis: Sightline default.
repeat_days = 90
# Notified of an arrangement, children's social care visits and sees the
# child within 7 working days.
# Basis: statutory (Children (Private Arrangements for Fostering)
# Regulations 2005, reg 4).
visit_working_days = 7
# What says children's social care was notified of an arrangement (regular
# expressions).
notified = [
    '\bprivate fostering (?:notification|notified|referral)\b',
    '\b(?:notification|notified|notifying|referral) (?:of|re|about|regarding) (?:a |the )?private fostering\b',
    '\bPF (?:notification|referral)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let s = ctx.rules.private_fostering.clone();
    let to_kinds = ["childrens_social_care".to_string()];
    flag_kept(
        ctx,
        &Kept {
            rule: INFO.id,
            indicators: &s.indicators,
            to_kinds: &to_kinds,
            to_words: &[],
            within_days: s.within_days,
            repeat_days: s.repeat_days,
            severity: Severity::Medium,
            what: "a child living with someone who is not a parent or close relative",
            should_reach: "children's social care",
            duty_kinds: &[],
            duty: &[],
            duty_met: &[],
        },
    );
    unvisited(ctx, &s);
}

/// Notifications children's social care received with no visit seeing the
/// child within the statutory working days.
fn unvisited(ctx: &mut Context<'_>, s: &Settings) {
    let a = ctx.a;
    let Some(notified) = Patterns::new(&s.notified) else {
        return;
    };
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let Some(last_record) = a.records.iter().map(|r| span(r).lo).max() else {
        return;
    };
    let mut flagged: Vec<i64> = Vec::new();
    for (i, r) in a.records.iter().enumerate() {
        if !csc.contains(&r.agency_id) || !notified.in_record(r) {
            continue;
        }
        let Some(day) = local_date(span(r).lo) else {
            continue;
        };
        let due = end_of_day(ctx.days.add_working_days(day, s.visit_working_days));
        if last_record <= due {
            continue;
        }
        for child in ctx.children_of(i) {
            if flagged.contains(&child) {
                continue;
            }
            let seen = a.records.iter().enumerate().any(|(j, x)| {
                let lo = span(x).lo;
                x.agency_id == r.agency_id
                    && lo >= span(r).lo
                    && lo <= due
                    && matches!(
                        a.facts[j].child_seen,
                        ChildSeen::Seen | ChildSeen::SeenAlone
                    )
                    && ctx.children_of(j).contains(&child)
            });
            if seen {
                continue;
            }
            flagged.push(child);
            let who = ctx.name(r.agency_id);
            let subject = ctx.subjects_label(&[child]);
            let explanation = format!(
                "{who} was notified on {} of a private fostering arrangement for {subject} ({}). \
                 No record shows {subject} visited and seen by {} ({} working days).",
                uk_date(r),
                ctx.quote(&r.text),
                ctx.days
                    .add_working_days(day, s.visit_working_days)
                    .format("%d/%m/%Y"),
                s.visit_working_days,
            );
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: "visit",
                agency: who,
                subject: subject.clone(),
                severity: Severity::Medium,
                title: format!("Private fostering notification with no visit to {subject}"),
                explanation,
                evidence: vec![r.id],
                held_by: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn case() -> Scenario {
        Scenario::new()
            .agency("Hollins Surgery", "gp")
            .agency("Hollins Children's Services", "childrens_social_care")
            .record(
                "Hollins Children's Services",
                "01/06/2019",
                "Joy Mensima",
                "Contact from school re Joy Mensima. Advice given.",
            )
            .record(
                "Hollins Surgery",
                "24/09/2019",
                "Joy Mensima",
                "Joy Mensima (12) registered. Living with a family friend; mother abroad.",
            )
    }

    /// The practice records a twelve-year-old living with a family friend
    /// and tells no one.
    #[test]
    fn an_arrangement_not_notified_is_flagged() {
        let flags = case().flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Hollins Surgery");
        assert!(flags[0].explanation.contains("Hollins Children's Services"));
    }

    /// Children's social care notified, and the child not visited in the
    /// seven working days after; then a notification followed by a visit
    /// seeing the child.
    #[test]
    fn a_notification_with_no_visit_is_flagged() {
        let notified = || {
            Scenario::new()
                .agency("Hollins Children's Services", "childrens_social_care")
                .record(
                    "Hollins Children's Services",
                    "02/10/2019",
                    "Joy Mensima",
                    "Private fostering notification from Hollins Surgery: Joy living with a family friend.",
                )
        };
        let late = notified()
            .record(
                "Hollins Children's Services",
                "25/10/2019",
                "Joy Mensima",
                "PF assessment visit. Joy seen alone.",
            )
            .flags_of(INFO.id);
        assert_eq!(late.len(), 1, "{late:#?}");
        assert!(late[0].at.starts_with("2019-10-02"));
        assert!(late[0].explanation.contains("by 11/10/2019"));
        let visited = notified()
            .record(
                "Hollins Children's Services",
                "08/10/2019",
                "Joy Mensima",
                "Visit to the carer's home. Joy seen alone in her room.",
            )
            .record(
                "Hollins Children's Services",
                "25/10/2019",
                "Joy Mensima",
                "Case note.",
            )
            .flags_of(INFO.id);
        assert!(visited.is_empty(), "{visited:#?}");
    }

    /// A child said not to be privately fostered raises nothing.
    #[test]
    fn a_child_not_privately_fostered_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Hollins Surgery", "gp")
            .agency("Hollins Children's Services", "childrens_social_care")
            .record(
                "Hollins Children's Services",
                "01/06/2019",
                "Joy Mensima",
                "Contact from school re Joy Mensima. Advice given.",
            )
            .record(
                "Hollins Surgery",
                "24/09/2019",
                "Joy Mensima",
                "Joy Mensima (12) registered. Lives with mum; not privately fostered.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Notified the same day.
    #[test]
    fn an_arrangement_notified_is_not_flagged() {
        let flags = case()
            .outcome("Private fostering notification sent to Hollins Children's Services.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
