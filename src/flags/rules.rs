//! The rules file: which rules run and their thresholds (DESIGN.md §3).
//! The default ships with the library (`rules.toml` beside this file); a
//! review can carry its own edited copy.

use serde::{Deserialize, Serialize};

/// The bundled default rules file.
pub const DEFAULT_RULES: &str = include_str!("rules.toml");

/// Every rule and its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// See the rules file.
    #[serde(rename = "decision-without-information")]
    pub decision_without_information: DecisionWithoutInformation,
    /// See the rules file.
    #[serde(rename = "never-shared")]
    pub never_shared: NeverShared,
    /// See the rules file.
    #[serde(rename = "late-sharing")]
    pub late_sharing: LateSharing,
    /// See the rules file.
    #[serde(rename = "no-strategy-discussion")]
    pub no_strategy_discussion: NoStrategyDiscussion,
    /// See the rules file.
    #[serde(rename = "absent-from-meeting")]
    pub absent_from_meeting: AbsentFromMeeting,
    /// See the rules file.
    #[serde(rename = "late-conference")]
    pub late_conference: LateConference,
    /// See the rules file.
    #[serde(rename = "child-not-seen")]
    pub child_not_seen: ChildNotSeen,
    /// See the rules file.
    #[serde(rename = "closed-despite-indicators")]
    pub closed_despite_indicators: ClosedDespiteIndicators,
    /// See the rules file.
    #[serde(rename = "fragmented-picture")]
    pub fragmented_picture: FragmentedPicture,
}

/// decision-without-information.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionWithoutInformation {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Information older than this is not cited (0 = any age).
    pub lookback_days: i64,
    /// Indicators that are not cited.
    pub ignore_indicators: Vec<String>,
}

/// never-shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeverShared {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Involvement window, in days either side.
    pub involvement_days: i64,
    /// Indicators considered.
    pub indicators: Vec<String>,
    /// Passing information about the person to another agency within this
    /// many days counts as sharing it.
    pub share_days: i64,
}

/// late-sharing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateSharing {
    /// Whether the rule runs.
    pub enabled: bool,
    /// When the school day starts, HH:MM.
    pub school_day_starts: String,
    /// Hours within which social care should hear of a missing child.
    pub missing_to_social_care_hours: i64,
    /// Working days for a referral decision.
    pub referral_decision_working_days: u32,
}

/// no-strategy-discussion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoStrategyDiscussion {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Working days allowed.
    pub working_days: u32,
    /// Indicator ids meaning suspected significant harm.
    pub indicators: Vec<String>,
}

/// absent-from-meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsentFromMeeting {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds expected at every meeting.
    pub expected_kinds: Vec<String>,
    /// Involvement window before the meeting, in days.
    pub involvement_days: i64,
}

/// late-conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateConference {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Working days allowed.
    pub working_days: u32,
}

/// child-not-seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildNotSeen {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose contacts are checked.
    pub kinds: Vec<String>,
}

/// closed-despite-indicators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedDespiteIndicators {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Days before the closure considered.
    pub days: i64,
    /// Indicator ids considered serious.
    pub indicators: Vec<String>,
}

/// fragmented-picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FragmentedPicture {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Events that make a pattern.
    pub min_events: usize,
    /// Within this many days.
    pub window_days: i64,
    /// Across at least this many agencies.
    pub min_agencies: usize,
    /// Indicator ids whose repetition is a pattern.
    pub indicators: Vec<String>,
    /// Of those, the ones whose pattern is about the household (any of its
    /// members), not one child.
    pub household_indicators: Vec<String>,
}

impl Rules {
    /// The bundled rules.
    pub fn default_rules() -> Rules {
        // The bundled file is tested to parse.
        Rules::from_toml(DEFAULT_RULES).unwrap_or_else(|e| panic!("bundled rules.toml: {e}"))
    }

    /// Reads a rules file.
    pub fn from_toml(text: &str) -> Result<Rules, String> {
        toml::from_str(text).map_err(|e| format!("rules file: {}", e.message()))
    }

    /// The school day's start as (hour, minute).
    pub fn school_day_start(&self) -> (u32, u32) {
        let s = &self.late_sharing.school_day_starts;
        let mut parts = s.split(':').map(|p| p.trim().parse::<u32>().ok());
        match (parts.next().flatten(), parts.next().flatten()) {
            (Some(h), Some(m)) if h < 24 && m < 60 => (h, m),
            _ => (9, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_parse_with_the_design_thresholds() {
        let r = Rules::from_toml(DEFAULT_RULES).unwrap();
        assert_eq!(r.never_shared.involvement_days, 90);
        assert_eq!(r.no_strategy_discussion.working_days, 3);
        assert_eq!(r.late_conference.working_days, 15);
        assert_eq!(r.closed_despite_indicators.days, 30);
        assert_eq!(r.fragmented_picture.min_events, 3);
        assert_eq!(r.fragmented_picture.window_days, 180);
        assert_eq!(r.late_sharing.missing_to_social_care_hours, 24);
        assert_eq!(r.school_day_start(), (9, 0));
    }

    #[test]
    fn a_misspelt_setting_is_an_error() {
        let bad = DEFAULT_RULES.replace("working_days = 15", "workingdays = 15");
        let e = Rules::from_toml(&bad).unwrap_err();
        assert!(e.contains("workingdays"), "{e}");
    }
}
