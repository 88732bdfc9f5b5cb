//! A child recorded as living with someone who is not a parent or close
//! relative (a private fostering arrangement), with nothing to show the
//! agency told children's social care, which must be notified.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::flags::kept::{flag_kept, Kept};

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "private-fostering",
    name: "Private fostering not notified",
    description: "An agency recorded a child living with someone who is not a parent or close \
         relative, and nothing shows it telling children's social care, which must be notified \
         of a private fostering arrangement.",
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

    /// Notified the same day.
    #[test]
    fn an_arrangement_notified_is_not_flagged() {
        let flags = case()
            .outcome("Private fostering notification sent to Hollins Children's Services.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
