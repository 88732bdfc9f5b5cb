//! A child of school age recorded as not in school — no school place, not
//! on roll, not registered — by an agency that is not the school or the
//! local authority, with nothing to show it told them.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::flags::kept::{flag_kept, Kept};

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "not-in-school",
    name: "Not in school, not passed on",
    description: "An agency recorded a child not in school (no school place, not on roll, \
         missing education) and nothing shows it telling the local authority, the school or \
         children's social care.",
    severity: "Medium.",
    thresholds: &[
        Threshold {
            setting: "within_days",
            meaning:
                "days within which telling the school, the local authority or social care counts",
            basis: Basis::SightlineDefault,
            source: "",
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
    /// The indicators that say a child is not in school.
    pub indicators: Vec<String>,
    /// Kinds of agency that should be told.
    pub to_kinds: Vec<String>,
    /// Words in the names of other agencies that should be told.
    pub to_names: Vec<String>,
    /// Telling one of them anything about the child within this many days
    /// counts.
    pub within_days: i64,
    /// The same agency recording it again this many days after its last
    /// flag is a new occasion.
    pub repeat_days: i64,
    /// Kinds of agency told of a child not in school that must themselves
    /// tell the local authority when they take a child off roll.
    pub duty_kinds: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) for a record of
    /// taking a child off roll.
    pub duty: Vec<String>,
    /// Patterns that say, in the same record, that the child went on to
    /// another school (the duty met): such a removal is not flagged.
    pub duty_met: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[not-in-school]
enabled = true
# What says a child is not in school.
indicators = ["missing-education"]
# Who should be told: the school, children's social care, and any agency
# whose name has one of these words (a children-missing-education team,
# education welfare, admissions).
to_kinds = ["school", "childrens_social_care"]
to_names = ["education", "admissions", "attendance"]
# Telling one of them anything about the child within this many days counts.
# Basis: Sightline default.
within_days = 14
# The same agency recording it again this many days after its last flag is
# a new occasion.
# Basis: Sightline default.
repeat_days = 28
# A school that deletes a pupil from its roll tells the local authority
# (statutory guidance on children missing education): a school's own record
# of doing so, with nothing to show the local authority or social care told
# within the days above, is flagged too.
duty_kinds = ["school"]
duty = [
    '\b(?:removed|deleted|taken|came|come) (?:off|from) (?:the |school )?roll\b',
    '\boff[- ]rolled\b',
    '\b(?:removal|deletion) from (?:the |school )?roll\b',
]
# A removal that says the child went on to another school (the destination
# confirmed, the child started there) meets the duty. A common transfer file
# alone does not: with no destination it goes to the lost pupils database.
duty_met = [
    '\bdestination (?:school )?(?:confirmed|known)\b',
    '\b(?:started|starting|enrolled|admitted) (?:at|there)\b',
    '\bstart (?:date )?confirmed\b',
    '\bconfirmed (?:that )?\w+ (?:had |has )?started\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let s = ctx.rules.not_in_school.clone();
    flag_kept(
        ctx,
        &Kept {
            rule: INFO.id,
            indicators: &s.indicators,
            to_kinds: &s.to_kinds,
            to_words: &s.to_names,
            within_days: s.within_days,
            repeat_days: s.repeat_days,
            severity: Severity::Medium,
            what: "a child not in school",
            should_reach: "the local authority, the school or children's social care",
            duty_kinds: &s.duty_kinds,
            duty: &s.duty,
            duty_met: &s.duty_met,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn case() -> Scenario {
        Scenario::new()
            .agency("Elmfield Health Visiting", "health_visiting")
            .agency("Elmfield Education Welfare", "other")
            .record(
                "Elmfield Education Welfare",
                "01/02/2023",
                "Radu Ionescu",
                "Radu Ionescu on the register of children in the area.",
            )
            .record(
                "Elmfield Health Visiting",
                "02/05/2023",
                "Radu Ionescu",
                "Home visit for the baby. Radu Ionescu (7) at home; mum says he has no school place.",
            )
    }

    /// The health visitor sees a seven-year-old at home with no school
    /// place, and tells no one.
    #[test]
    fn a_child_with_no_school_place_kept_by_health_is_flagged() {
        let flags = case().flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Elmfield Health Visiting");
        assert!(flags[0].at.starts_with("2023-05-02"));
        assert!(flags[0].explanation.contains("Elmfield Education Welfare"));
    }

    /// A school deletes a pupil from its roll and tells the local authority
    /// only on its monthly return five weeks later.
    #[test]
    fn a_school_that_takes_a_child_off_roll_and_tells_no_one_is_flagged() {
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu removed from roll: left area, destination school unknown.",
            )
            .record(
                "Elmfield Primary School",
                "22/03/2023",
                "Radu Ionescu",
                "Monthly return emailed to Elmfield Education Welfare including Radu Ionescu.",
            )
            .flags_of(INFO.id);
        assert!(
            flags
                .iter()
                .any(|f| f.agency == "Elmfield Primary School" && f.at.starts_with("2023-02-16")),
            "{flags:#?}"
        );
        // A removal that says where the child went on to meets the duty.
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu removed from roll: started at Hillside Primary 13/02, destination confirmed, CTF sent.",
            )
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| f.agency != "Elmfield Primary School"),
            "{flags:#?}"
        );
        // A school's attendance worries are not this duty.
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu: poor attendance, 84% this term. Letter to parents.",
            )
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| f.agency != "Elmfield Primary School"),
            "{flags:#?}"
        );
    }

    /// The same visit, referred to education welfare that day.
    #[test]
    fn a_child_referred_to_education_is_not_flagged() {
        let flags = case()
            .outcome("Referred to Elmfield Education Welfare.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
