//! Where each threshold comes from, and the rules as a panel sees and edits
//! them: each rule with its description, its severity in words, whether it
//! is on, and each threshold's value in force with its basis.
//!
//! A threshold's basis is written three times and tested to agree: in its
//! rule's [`RuleInfo`](super::RuleInfo) (read by the report and the app), in
//! the comment above it in the rules file ("Basis: …") and in
//! `docs/rules.md`.

use serde::Serialize;

use super::{infos, Rules};
use crate::Error;

/// Where a threshold's figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// In law or statutory guidance.
    Statutory,
    /// *Working Together to Safeguard Children* (2023) or other national
    /// guidance, as quoted in local procedures.
    NationalGuidance,
    /// A figure some local safeguarding partnerships use; an area's own may
    /// differ.
    LocalProcedure,
    /// A working figure of Sightline's, to be changed freely.
    SightlineDefault,
}

impl Basis {
    /// The basis in words, as the rules file, `docs/rules.md`, the report and
    /// the app write it.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Statutory => "statutory",
            Basis::NationalGuidance => "national guidance",
            Basis::LocalProcedure => "local procedure",
            Basis::SightlineDefault => "Sightline default",
        }
    }
}

/// One threshold of a rule: a figure a panel may change for its area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// The setting's key in the rule's section of the rules file.
    pub setting: &'static str,
    /// What the figure means, in a phrase ("working days from the strategy
    /// discussion to the initial conference").
    pub meaning: &'static str,
    /// Where the figure comes from.
    pub basis: Basis,
    /// The source, in words ("Working Together 2023"); empty when there is
    /// none beyond the basis.
    pub source: &'static str,
}

/// A threshold as it stands in a review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdState {
    /// What the threshold is.
    #[serde(flatten)]
    pub threshold: Threshold,
    /// Its value in force, as written in the rules file.
    pub value: String,
    /// Its bundled default, as written in the bundled rules file.
    pub default: String,
}

impl ThresholdState {
    /// Where the figure comes from, with its source when there is one:
    /// "national guidance: Working Together 2023".
    pub fn basis_in_words(&self) -> String {
        let t = &self.threshold;
        if t.source.is_empty() {
            t.basis.label().to_string()
        } else {
            format!("{}: {}", t.basis.label(), t.source)
        }
    }

    /// Whether the review's value differs from the bundled default.
    pub fn changed(&self) -> bool {
        self.value != self.default
    }
}

/// A rule as it stands in a review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleState {
    /// The rule's id.
    pub id: &'static str,
    /// Its name in words.
    pub name: &'static str,
    /// What it looks for.
    pub description: &'static str,
    /// How it sets a flag's severity, in words.
    pub severity: &'static str,
    /// Whether it runs.
    pub enabled: bool,
    /// Its thresholds, with their values in force.
    pub thresholds: Vec<ThresholdState>,
}

/// Every rule as it stands under the rules file `text`, in the order the
/// report presents them.
pub fn catalogue(text: &str) -> crate::Result<Vec<RuleState>> {
    Rules::from_toml(text).map_err(Error::Invalid)?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::Invalid(format!("rules file: {}", e.message())))?;
    let defaults: toml::Table = super::default_rules_toml()
        .parse()
        .map_err(|e: toml::de::Error| Error::Invalid(format!("rules file: {}", e.message())))?;
    let value = |t: &toml::Table, rule: &str, key: &str| -> String {
        t.get(rule)
            .and_then(|s| s.get(key))
            .map(show)
            .unwrap_or_default()
    };
    Ok(infos()
        .map(|info| RuleState {
            id: info.id,
            name: info.name,
            description: info.description,
            severity: info.severity,
            enabled: table
                .get(info.id)
                .and_then(|s| s.get("enabled"))
                .and_then(toml::Value::as_bool)
                .unwrap_or(true),
            thresholds: info
                .thresholds
                .iter()
                .map(|t| ThresholdState {
                    threshold: *t,
                    value: value(&table, info.id, t.setting),
                    default: value(&defaults, info.id, t.setting),
                })
                .collect(),
        })
        .collect())
}

/// A TOML value as plain text.
fn show(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A change a panel makes to one rule for its area.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Switch the rule on or off.
    Enabled(bool),
    /// Set one of its thresholds (by its setting's key) to a value as typed.
    Threshold(String, String),
}

/// The rules file `text` with one rule changed, its comments and layout
/// kept. Refuses a rule or threshold that does not exist, and a value that
/// is not of the threshold's kind (a whole number where one is expected, a
/// time of day as "HH:MM"), naming it.
pub fn change(text: &str, rule: &str, change: &Change) -> crate::Result<String> {
    let info =
        super::info(rule).ok_or_else(|| Error::Invalid(format!("there is no rule \"{rule}\"")))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::Invalid(format!("rules file: {e}")))?;
    let section = doc
        .get_mut(rule)
        .and_then(toml_edit::Item::as_table_mut)
        .ok_or_else(|| Error::Invalid(format!("rules file: missing the [{rule}] section")))?;
    match change {
        Change::Enabled(on) => {
            section["enabled"] = toml_edit::value(*on);
        }
        Change::Threshold(key, typed) => {
            let t = info
                .thresholds
                .iter()
                .find(|t| t.setting == key)
                .ok_or_else(|| {
                    Error::Invalid(format!("the rule {} has no threshold \"{key}\"", info.name))
                })?;
            let typed = typed.trim();
            let bad = || {
                Error::Invalid(format!(
                    "{} — {}: \"{typed}\" is not a value for {}",
                    info.name, t.setting, t.meaning
                ))
            };
            let item = match section.get(key).and_then(toml_edit::Item::as_value) {
                Some(toml_edit::Value::Integer(_)) => {
                    let n: i64 = typed.parse().map_err(|_| bad())?;
                    if n < 0 {
                        return Err(bad());
                    }
                    toml_edit::value(n)
                }
                Some(toml_edit::Value::Float(_)) => {
                    let n: f64 = typed.parse().map_err(|_| bad())?;
                    if !n.is_finite() || n < 0.0 {
                        return Err(bad());
                    }
                    toml_edit::value(n)
                }
                Some(toml_edit::Value::String(_)) => toml_edit::value(typed),
                _ => return Err(bad()),
            };
            // Keep the comment above the setting.
            let decor = section
                .key(key)
                .map(|k| k.leaf_decor().clone())
                .unwrap_or_default();
            section[key.as_str()] = item;
            if let Some(mut k) = section.key_mut(key) {
                *k.leaf_decor_mut() = decor;
            }
        }
    }
    let out = doc.to_string();
    Rules::from_toml(&out).map_err(Error::Invalid)?;
    if let Change::Threshold(key, _) = change {
        // A value the rule itself reads wrongly ("25:00") is refused too.
        if key == "school_day_starts" {
            let v = doc[rule][key.as_str()].as_str().unwrap_or("");
            let ok = v.split_once(':').is_some_and(|(h, m)| {
                h.trim().parse::<u32>().is_ok_and(|h| h < 24)
                    && m.trim().parse::<u32>().is_ok_and(|m| m < 60)
            });
            if !ok {
                return Err(Error::Invalid(format!(
                    "{} — {key}: \"{v}\" is not a time of day (HH:MM)",
                    info.name
                )));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{default_rules_toml, ALL};
    use super::*;

    /// Every figure in the bundled rules file (a number, or the school day's
    /// start) is a described threshold of its rule, and every described
    /// threshold is in the file.
    #[test]
    fn every_figure_in_the_rules_file_has_a_basis() {
        let table: toml::Table = default_rules_toml().parse().unwrap();
        for info in infos() {
            let section = table[info.id].as_table().unwrap();
            for (key, v) in section {
                let figure = v.is_integer() || v.is_float() || key == "school_day_starts";
                let described = info.thresholds.iter().any(|t| t.setting == key);
                assert_eq!(
                    figure, described,
                    "{}.{key}: a figure must be a described threshold, and only a figure",
                    info.id
                );
            }
            for t in info.thresholds {
                assert!(section.contains_key(t.setting), "{}.{}", info.id, t.setting);
                assert!(t.meaning.len() > 10, "{}.{}", info.id, t.setting);
            }
        }
    }

    /// The comment above each threshold in the rules file names the same
    /// basis as the rule's description of it, and so does `docs/rules.md`.
    #[test]
    fn the_rules_file_and_the_document_name_each_thresholds_basis() {
        let text = default_rules_toml();
        let doc = include_str!("../../../docs/rules.md");
        for info in infos() {
            let start = text.find(&format!("[{}]", info.id)).unwrap();
            let end = text[start + 1..]
                .find("\n[")
                .map_or(text.len(), |e| start + 1 + e);
            let lines: Vec<&str> = text[start..end].lines().collect();
            let dstart = doc
                .find(&format!("## {} — ", info.id))
                .unwrap_or_else(|| panic!("docs/rules.md has no section for {}", info.id));
            let dend = doc[dstart + 1..]
                .find("\n## ")
                .map_or(doc.len(), |e| dstart + 1 + e);
            let dsection = &doc[dstart..dend];
            assert!(
                dsection.contains(&format!("**Severity.** {}", info.severity)),
                "docs/rules.md [{}] should say how it sets severity: {}",
                info.id,
                info.severity
            );
            for t in info.thresholds {
                let at = lines
                    .iter()
                    .position(|l| l.starts_with(&format!("{} =", t.setting)))
                    .unwrap();
                // The comment block above the setting, or above the run of
                // settings it belongs to.
                let mut i = at;
                while i > 0 && !lines[i - 1].starts_with('#') {
                    i -= 1;
                    if lines[i].trim().is_empty() {
                        break;
                    }
                }
                let mut comment = String::new();
                while i > 0 && lines[i - 1].starts_with('#') {
                    i -= 1;
                    comment = format!("{} {comment}", lines[i].trim_start_matches('#').trim());
                }
                let want = format!("Basis: {}", t.basis.label());
                assert!(
                    comment.contains(&want),
                    "rules file [{}] {}: the comment above it should say \"{want}\", it says: {comment}",
                    info.id,
                    t.setting
                );
                let row = dsection
                    .lines()
                    .find(|l| l.starts_with(&format!("| `{}` |", t.setting)))
                    .unwrap_or_else(|| {
                        panic!("docs/rules.md [{}] has no row for {}", info.id, t.setting)
                    });
                assert!(
                    row.to_lowercase().contains(&t.basis.label().to_lowercase()),
                    "docs/rules.md [{}] {}: the row should name its basis ({}): {row}",
                    info.id,
                    t.setting,
                    t.basis.label()
                );
            }
        }
        assert_eq!(infos().count(), ALL.len());
    }

    #[test]
    fn every_rule_says_how_it_sets_severity() {
        for info in infos() {
            assert!(
                info.severity.starts_with("High") || info.severity.starts_with("Medium"),
                "{}: {}",
                info.id,
                info.severity
            );
        }
    }

    /// The catalogue shows a threshold changed for the area beside its
    /// default, and a rule switched off.
    #[test]
    fn a_panel_changes_a_threshold_and_switches_a_rule_off_keeping_the_comments() {
        let text = default_rules_toml();
        let text = change(
            &text,
            "no-strategy-discussion",
            &Change::Threshold("working_days".into(), "1".into()),
        )
        .unwrap();
        let text = change(&text, "fragmented-picture", &Change::Enabled(false)).unwrap();
        assert!(
            text.contains("# Suspected significant harm known to children's social care"),
            "comments kept"
        );
        let c = catalogue(&text).unwrap();
        let nsd = c.iter().find(|r| r.id == "no-strategy-discussion").unwrap();
        let wd = &nsd.thresholds[0];
        assert_eq!((wd.value.as_str(), wd.default.as_str()), ("1", "3"));
        assert_eq!(wd.threshold.basis, Basis::LocalProcedure);
        assert!(
            !c.iter()
                .find(|r| r.id == "fragmented-picture")
                .unwrap()
                .enabled
        );
        assert!(c.iter().find(|r| r.id == "never-shared").unwrap().enabled);
        let rules = Rules::from_toml(&text).unwrap();
        assert_eq!(rules.no_strategy_discussion.working_days, 1);
        assert!(!rules.fragmented_picture.enabled);
    }

    #[test]
    fn a_change_that_does_not_fit_is_refused_naming_it() {
        let text = default_rules_toml();
        let e = change(
            &text,
            "late-conference",
            &Change::Threshold("working_days".into(), "fifteen".into()),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("fifteen") && e.contains("Late child protection conference"),
            "{e}"
        );
        let e = change(
            &text,
            "late-conference",
            &Change::Threshold("kinds".into(), "3".into()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no threshold \"kinds\""), "{e}");
        let e = change(&text, "late-conferences", &Change::Enabled(false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no rule"), "{e}");
        let e = change(
            &text,
            "late-sharing",
            &Change::Threshold("school_day_starts".into(), "25:00".into()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("25:00"), "{e}");
        let e = change(
            &text,
            "never-shared",
            &Change::Threshold("share_days".into(), "-3".into()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("-3"), "{e}");
    }
}
