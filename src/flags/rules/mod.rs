//! The rules, one file each. A rule's file holds everything about it: its
//! [`RuleInfo`] (id, name and plain-English description, read by the report,
//! the command line and the app), its settings with their defaults and what
//! each threshold means (its section of the rules file), the function that
//! raises its flags, and its own scenario tests.
//!
//! [`Rules`] gathers every rule's settings: the bundled rules file is the
//! rules' default sections put together ([`default_rules_toml`]); a review
//! can carry its own edited copy. `docs/rules.md` describes every rule and
//! threshold with its basis.

pub mod absent_from_meeting;
pub mod agreed_sharing_not_done;
pub mod assessment_not_revisited;
pub mod child_not_seen;
pub mod closed_despite_indicators;
pub mod decision_without_information;
pub mod escalation_not_used;
pub mod explanation_accepted;
pub mod family_concern_closed;
pub mod fragmented_picture;
pub mod late_assessment;
pub mod late_conference;
pub mod late_core_group;
pub mod late_sharing;
pub mod moved_without_transfer;
pub mod never_shared;
pub mod no_access;
pub mod no_strategy_discussion;
pub mod not_in_school;
pub mod private_fostering;
pub mod relied_on_other_agency;
pub mod repeated_referrals;
pub mod return_interview;
pub mod risk_not_passed_on;
pub mod social_worker_not_told;
pub mod threshold;
pub mod unseen_male_carer;
pub mod was_not_brought;

#[cfg(test)]
pub(crate) mod scenario;

use serde::Serialize;

pub use self::threshold::{Basis, Threshold};
use super::context::Context;
use crate::store::{Review, Setting};
use crate::Error;

/// What a rule is, in words a panel reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// The rule's id, as in flags and in the rules file.
    pub id: &'static str,
    /// Its name in words ("Late sharing").
    pub name: &'static str,
    /// What it looks for, in a sentence or two.
    pub description: &'static str,
    /// How it sets a flag's severity, in a sentence a panel can defend.
    pub severity: &'static str,
    /// Its thresholds, each with where its figure comes from.
    pub thresholds: &'static [Threshold],
}

/// One rule: what it is, whether the settings turn it on, and what it does.
pub(crate) struct Rule {
    /// What the rule is.
    pub info: &'static RuleInfo,
    /// Whether it runs under these settings.
    pub enabled: fn(&Rules) -> bool,
    /// Raises its flags.
    pub run: fn(&mut Context<'_>),
}

/// Every rule, in the order they run and the report presents them.
pub(crate) const ALL: [Rule; 27] = [
    Rule {
        info: &decision_without_information::INFO,
        enabled: |r| r.decision_without_information.enabled,
        run: decision_without_information::run,
    },
    Rule {
        info: &never_shared::INFO,
        enabled: |r| r.never_shared.enabled,
        run: never_shared::run,
    },
    Rule {
        info: &late_sharing::INFO,
        enabled: |r| r.late_sharing.enabled,
        run: late_sharing::run,
    },
    Rule {
        info: &no_strategy_discussion::INFO,
        enabled: |r| r.no_strategy_discussion.enabled,
        run: no_strategy_discussion::run,
    },
    Rule {
        info: &absent_from_meeting::INFO,
        enabled: |r| r.absent_from_meeting.enabled,
        run: absent_from_meeting::run,
    },
    Rule {
        info: &late_conference::INFO,
        enabled: |r| r.late_conference.enabled,
        run: late_conference::run,
    },
    Rule {
        info: &late_assessment::INFO,
        enabled: |r| r.late_assessment.enabled,
        run: late_assessment::run,
    },
    Rule {
        info: &late_core_group::INFO,
        enabled: |r| r.late_core_group.enabled,
        run: late_core_group::run,
    },
    Rule {
        info: &return_interview::INFO,
        enabled: |r| r.return_interview.enabled,
        run: return_interview::run,
    },
    Rule {
        info: &child_not_seen::INFO,
        enabled: |r| r.child_not_seen.enabled,
        run: child_not_seen::run,
    },
    Rule {
        info: &closed_despite_indicators::INFO,
        enabled: |r| r.closed_despite_indicators.enabled,
        run: closed_despite_indicators::run,
    },
    Rule {
        info: &fragmented_picture::INFO,
        enabled: |r| r.fragmented_picture.enabled,
        run: fragmented_picture::run,
    },
    Rule {
        info: &was_not_brought::INFO,
        enabled: |r| r.was_not_brought.enabled,
        run: was_not_brought::run,
    },
    Rule {
        info: &not_in_school::INFO,
        enabled: |r| r.not_in_school.enabled,
        run: not_in_school::run,
    },
    Rule {
        info: &private_fostering::INFO,
        enabled: |r| r.private_fostering.enabled,
        run: private_fostering::run,
    },
    Rule {
        info: &explanation_accepted::INFO,
        enabled: |r| r.explanation_accepted.enabled,
        run: explanation_accepted::run,
    },
    Rule {
        info: &no_access::INFO,
        enabled: |r| r.no_access.enabled,
        run: no_access::run,
    },
    Rule {
        info: &repeated_referrals::INFO,
        enabled: |r| r.repeated_referrals.enabled,
        run: repeated_referrals::run,
    },
    Rule {
        info: &escalation_not_used::INFO,
        enabled: |r| r.escalation_not_used.enabled,
        run: escalation_not_used::run,
    },
    Rule {
        info: &unseen_male_carer::INFO,
        enabled: |r| r.unseen_male_carer.enabled,
        run: unseen_male_carer::run,
    },
    Rule {
        info: &risk_not_passed_on::INFO,
        enabled: |r| r.risk_not_passed_on.enabled,
        run: risk_not_passed_on::run,
    },
    Rule {
        info: &social_worker_not_told::INFO,
        enabled: |r| r.social_worker_not_told.enabled,
        run: social_worker_not_told::run,
    },
    Rule {
        info: &relied_on_other_agency::INFO,
        enabled: |r| r.relied_on_other_agency.enabled,
        run: relied_on_other_agency::run,
    },
    Rule {
        info: &assessment_not_revisited::INFO,
        enabled: |r| r.assessment_not_revisited.enabled,
        run: assessment_not_revisited::run,
    },
    Rule {
        info: &family_concern_closed::INFO,
        enabled: |r| r.family_concern_closed.enabled,
        run: family_concern_closed::run,
    },
    Rule {
        info: &moved_without_transfer::INFO,
        enabled: |r| r.moved_without_transfer.enabled,
        run: moved_without_transfer::run,
    },
    Rule {
        info: &agreed_sharing_not_done::INFO,
        enabled: |r| r.agreed_sharing_not_done.enabled,
        run: agreed_sharing_not_done::run,
    },
];

/// What every rule is, in the order the report presents them.
pub fn infos() -> impl Iterator<Item = &'static RuleInfo> {
    ALL.iter().map(|r| r.info)
}

/// What the rule with this id is, if there is one.
pub fn info(id: &str) -> Option<&'static RuleInfo> {
    infos().find(|i| i.id == id)
}

/// A rule's name in words: its [`RuleInfo`] name, or for an id no rule has
/// (a flag kept from an older version), the id in words.
pub fn name(id: &str) -> String {
    match info(id) {
        Some(i) => i.name.to_string(),
        None => {
            let words = id.replace(['-', '_'], " ");
            let mut c = words.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        }
    }
}

/// The opening of the rules file, before the rules' sections.
const HEADER: &str = "\
# Sightline rules and thresholds.
#
# Each rule flags a point where information held by one agency, had it
# reached another, could have changed what happened. A flag is evidence for
# the panel, not a verdict. Change a threshold here (or in the review's own
# copy) and re-run the analysis; reviewer decisions on flags are kept.
";

/// The bundled rules file: every rule's default section, in order.
pub fn default_rules_toml() -> String {
    let sections = [
        decision_without_information::DEFAULTS,
        never_shared::DEFAULTS,
        late_sharing::DEFAULTS,
        no_strategy_discussion::DEFAULTS,
        absent_from_meeting::DEFAULTS,
        late_conference::DEFAULTS,
        late_assessment::DEFAULTS,
        late_core_group::DEFAULTS,
        return_interview::DEFAULTS,
        child_not_seen::DEFAULTS,
        closed_despite_indicators::DEFAULTS,
        fragmented_picture::DEFAULTS,
        was_not_brought::DEFAULTS,
        not_in_school::DEFAULTS,
        private_fostering::DEFAULTS,
        explanation_accepted::DEFAULTS,
        no_access::DEFAULTS,
        repeated_referrals::DEFAULTS,
        escalation_not_used::DEFAULTS,
        unseen_male_carer::DEFAULTS,
        risk_not_passed_on::DEFAULTS,
        social_worker_not_told::DEFAULTS,
        relied_on_other_agency::DEFAULTS,
        assessment_not_revisited::DEFAULTS,
        family_concern_closed::DEFAULTS,
        moved_without_transfer::DEFAULTS,
        agreed_sharing_not_done::DEFAULTS,
    ];
    let mut text = String::from(HEADER);
    for s in sections {
        text.push('\n');
        text.push_str(s);
    }
    text
}

/// Settings that earlier versions wrote and that no rule reads any more: a
/// review's stored copy that still has them is read without them.
const RETIRED: [(&str, &str); 2] = [
    (absent_from_meeting::INFO.id, "expected_kinds"),
    (absent_from_meeting::INFO.id, "involvement_days"),
];

/// Every rule and its settings: one section of the rules file per rule,
/// named by the rule's id.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// See [`decision_without_information`].
    pub decision_without_information: decision_without_information::Settings,
    /// See [`never_shared`].
    pub never_shared: never_shared::Settings,
    /// See [`late_sharing`].
    pub late_sharing: late_sharing::Settings,
    /// See [`no_strategy_discussion`].
    pub no_strategy_discussion: no_strategy_discussion::Settings,
    /// See [`absent_from_meeting`].
    pub absent_from_meeting: absent_from_meeting::Settings,
    /// See [`late_conference`].
    pub late_conference: late_conference::Settings,
    /// See [`late_assessment`].
    pub late_assessment: late_assessment::Settings,
    /// See [`late_core_group`].
    pub late_core_group: late_core_group::Settings,
    /// See [`return_interview`].
    pub return_interview: return_interview::Settings,
    /// See [`child_not_seen`].
    pub child_not_seen: child_not_seen::Settings,
    /// See [`closed_despite_indicators`].
    pub closed_despite_indicators: closed_despite_indicators::Settings,
    /// See [`fragmented_picture`].
    pub fragmented_picture: fragmented_picture::Settings,
    /// See [`was_not_brought`].
    pub was_not_brought: was_not_brought::Settings,
    /// See [`not_in_school`].
    pub not_in_school: not_in_school::Settings,
    /// See [`private_fostering`].
    pub private_fostering: private_fostering::Settings,
    /// See [`explanation_accepted`].
    pub explanation_accepted: explanation_accepted::Settings,
    /// See [`no_access`].
    pub no_access: no_access::Settings,
    /// See [`repeated_referrals`].
    pub repeated_referrals: repeated_referrals::Settings,
    /// See [`escalation_not_used`].
    pub escalation_not_used: escalation_not_used::Settings,
    /// See [`unseen_male_carer`].
    pub unseen_male_carer: unseen_male_carer::Settings,
    /// See [`risk_not_passed_on`].
    pub risk_not_passed_on: risk_not_passed_on::Settings,
    /// See [`social_worker_not_told`].
    pub social_worker_not_told: social_worker_not_told::Settings,
    /// See [`relied_on_other_agency`].
    pub relied_on_other_agency: relied_on_other_agency::Settings,
    /// See [`assessment_not_revisited`].
    pub assessment_not_revisited: assessment_not_revisited::Settings,
    /// See [`family_concern_closed`].
    pub family_concern_closed: family_concern_closed::Settings,
    /// See [`moved_without_transfer`].
    pub moved_without_transfer: moved_without_transfer::Settings,
    /// See [`agreed_sharing_not_done`].
    pub agreed_sharing_not_done: agreed_sharing_not_done::Settings,
}

/// Takes a rule's section out of a rules file and reads its settings.
fn section<S: serde::de::DeserializeOwned>(
    table: &mut toml::Table,
    info: &RuleInfo,
) -> Result<S, String> {
    let value = table
        .remove(info.id)
        .ok_or_else(|| format!("rules file: missing the [{}] section", info.id))?;
    S::deserialize(value).map_err(|e| format!("rules file: [{}]: {}", info.id, e.message()))
}

impl Rules {
    /// The bundled rules.
    pub fn default_rules() -> Rules {
        // The bundled file is tested to parse.
        Rules::from_toml(&default_rules_toml())
            .unwrap_or_else(|e| panic!("bundled rules file: {e}"))
    }

    /// Reads a rules file.
    pub fn from_toml(text: &str) -> Result<Rules, String> {
        let mut table: toml::Table =
            toml::from_str(text).map_err(|e| format!("rules file: {}", e.message()))?;
        for (rule, key) in RETIRED {
            if let Some(toml::Value::Table(t)) = table.get_mut(rule) {
                t.remove(key);
            }
        }
        // A copy stored before a rule or a setting existed reads with the
        // bundled defaults for what it lacks (the bundled file is tested to
        // parse).
        if let Ok(defaults) = default_rules_toml().parse::<toml::Table>() {
            for (rule, section) in defaults {
                match (table.get_mut(&rule), section) {
                    (None, section) => {
                        table.insert(rule, section);
                    }
                    (Some(toml::Value::Table(t)), toml::Value::Table(d)) => {
                        for (k, v) in d {
                            t.entry(k).or_insert(v);
                        }
                    }
                    _ => {}
                }
            }
        }
        let rules = Rules {
            decision_without_information: section(&mut table, &decision_without_information::INFO)?,
            never_shared: section(&mut table, &never_shared::INFO)?,
            late_sharing: section(&mut table, &late_sharing::INFO)?,
            no_strategy_discussion: section(&mut table, &no_strategy_discussion::INFO)?,
            absent_from_meeting: section(&mut table, &absent_from_meeting::INFO)?,
            late_conference: section(&mut table, &late_conference::INFO)?,
            late_assessment: section(&mut table, &late_assessment::INFO)?,
            late_core_group: section(&mut table, &late_core_group::INFO)?,
            return_interview: section(&mut table, &return_interview::INFO)?,
            child_not_seen: section(&mut table, &child_not_seen::INFO)?,
            closed_despite_indicators: section(&mut table, &closed_despite_indicators::INFO)?,
            fragmented_picture: section(&mut table, &fragmented_picture::INFO)?,
            was_not_brought: section(&mut table, &was_not_brought::INFO)?,
            not_in_school: section(&mut table, &not_in_school::INFO)?,
            private_fostering: section(&mut table, &private_fostering::INFO)?,
            explanation_accepted: section(&mut table, &explanation_accepted::INFO)?,
            no_access: section(&mut table, &no_access::INFO)?,
            repeated_referrals: section(&mut table, &repeated_referrals::INFO)?,
            escalation_not_used: section(&mut table, &escalation_not_used::INFO)?,
            unseen_male_carer: section(&mut table, &unseen_male_carer::INFO)?,
            risk_not_passed_on: section(&mut table, &risk_not_passed_on::INFO)?,
            social_worker_not_told: section(&mut table, &social_worker_not_told::INFO)?,
            relied_on_other_agency: section(&mut table, &relied_on_other_agency::INFO)?,
            assessment_not_revisited: section(&mut table, &assessment_not_revisited::INFO)?,
            family_concern_closed: section(&mut table, &family_concern_closed::INFO)?,
            moved_without_transfer: section(&mut table, &moved_without_transfer::INFO)?,
            agreed_sharing_not_done: section(&mut table, &agreed_sharing_not_done::INFO)?,
        };
        match table.keys().next() {
            Some(unknown) => Err(format!("rules file: there is no rule \"{unknown}\"")),
            None => Ok(rules),
        }
    }

    /// The rules file in force in a review: its own copy, or the bundled one.
    pub fn text_of_review(review: &Review) -> crate::Result<String> {
        Ok(review
            .setting(Setting::Rules)?
            .unwrap_or_else(default_rules_toml))
    }

    /// The rules in force in a review.
    pub fn of_review(review: &Review) -> crate::Result<Rules> {
        Rules::from_toml(&Rules::text_of_review(review)?).map_err(Error::Invalid)
    }

    /// Stores an edited rules file in the review, after checking it.
    pub fn store_in(review: &mut Review, text: &str) -> crate::Result<()> {
        Rules::from_toml(text).map_err(Error::Invalid)?;
        review.set_setting(Setting::Rules, text)
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
        let r = Rules::from_toml(&default_rules_toml()).unwrap();
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
        let bad = default_rules_toml().replace("working_days = 15", "workingdays = 15");
        let e = Rules::from_toml(&bad).unwrap_err();
        assert!(e.contains("workingdays"), "{e}");
    }

    #[test]
    fn an_unknown_rule_section_is_an_error_naming_it() {
        let extra = format!("{}\n[never-share]\nenabled = true\n", default_rules_toml());
        let e = Rules::from_toml(&extra).unwrap_err();
        assert!(e.contains("no rule \"never-share\""), "{e}");
        let misspelt = default_rules_toml().replace("[late-conference]", "[late-conferences]");
        let e = Rules::from_toml(&misspelt).unwrap_err();
        assert!(e.contains("late-conferences"), "{e}");
    }

    /// A review's copy written before a rule or a setting existed reads,
    /// keeping what the panel set and taking the defaults for the rest.
    #[test]
    fn a_stored_copy_from_before_a_rule_or_setting_existed_reads() {
        let mut table: toml::Table = default_rules_toml().parse().unwrap();
        table.remove("moved-without-transfer");
        if let Some(toml::Value::Table(t)) = table.get_mut("no-access") {
            t.remove("escalated");
            t.insert("min_visits".into(), toml::Value::Integer(4));
        }
        let r = Rules::from_toml(&toml::to_string(&table).unwrap()).unwrap();
        assert_eq!(r.no_access.min_visits, 4, "the panel's figure kept");
        assert!(!r.no_access.escalated.is_empty(), "the default filled in");
        assert_eq!(
            r.moved_without_transfer,
            Rules::default_rules().moved_without_transfer
        );
    }

    #[test]
    fn a_stored_copy_with_retired_settings_still_reads() {
        let old = default_rules_toml().replace(
            "[absent-from-meeting]\nenabled = true\n",
            "[absent-from-meeting]\nenabled = false\nexpected_kinds = [\"police\"]\ninvolvement_days = 90\n",
        );
        let r = Rules::from_toml(&old).unwrap();
        assert!(!r.absent_from_meeting.enabled);
    }

    /// `docs/rules.md` describes every rule and every threshold, with its
    /// basis: a new rule or setting without its description fails here.
    #[test]
    fn the_rules_document_describes_every_rule_and_setting() {
        let doc = include_str!("../../../docs/rules.md");
        let table: toml::Table = default_rules_toml().parse().unwrap();
        for (rule, settings) in &table {
            let info = info(rule).unwrap();
            assert!(
                doc.contains(&format!("## {} — {}", info.id, info.name)),
                "docs/rules.md has no heading for {rule}"
            );
            for key in settings.as_table().unwrap().keys() {
                assert!(
                    doc.contains(&format!("`{key}`")),
                    "docs/rules.md does not describe {rule}.{key}"
                );
            }
        }
    }

    #[test]
    fn every_rule_has_a_section_a_name_and_a_description() {
        let table: toml::Table = default_rules_toml().parse().unwrap();
        for info in infos() {
            assert!(table.contains_key(info.id), "{} has no section", info.id);
            assert!(
                !info.name.is_empty() && info.description.len() > 40,
                "{}",
                info.id
            );
        }
        assert_eq!(table.len(), ALL.len());
    }
}
