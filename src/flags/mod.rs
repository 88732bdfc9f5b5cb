//! Flags: the points where information held by one agency, had it reached
//! another, could have changed what happened (docs/rules.md).
//!
//! Every rule (one file each in [`rules`]) reads an [`Analysis`] and its
//! thresholds from [`Rules`]. A flag
//! is evidence, not a verdict: explanations say "held by X since D; not
//! known to Y when Y decided Z on E", never that anyone failed. Flag ids are
//! a hash of the rule, the record the flag is anchored on and what it is
//! about, so re-running the analysis gives the same ids and the reviewer's
//! decisions stay with their flags ([`review`]).

mod context;
mod kept;
mod men;
mod merge;
pub mod review;
pub mod rules;

use serde::Serialize;

pub use crate::model::Severity;
pub use context::uk_date;
pub use rules::{RuleInfo, Rules};

use crate::analysis::Analysis;
use context::Context;

/// The reviewer's view of a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet decided.
    Open,
    /// Accepted as a point for the review.
    Accepted,
    /// Dismissed, with a reason.
    Dismissed,
}

impl Status {
    /// The identifier used in JSON and in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Accepted => "accepted",
            Status::Dismissed => "dismissed",
        }
    }
}

/// Information that existed elsewhere when the flagged point happened.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct HeldBy {
    /// The agency that held it.
    pub agency: String,
    /// Since when (ISO-8601).
    pub since: String,
    /// What (an indicator id).
    pub indicator: String,
    /// The records that show it.
    pub records: Vec<i64>,
}

/// A reviewer's note on a flag.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Note {
    /// The note.
    pub text: String,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub by: String,
}

/// One flag (the `flags --json` shape: README, "JSON shapes").
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Flag {
    /// Stable identifier.
    pub id: String,
    /// The rule id.
    pub rule: String,
    /// high, medium or low.
    pub severity: Severity,
    /// The agency the flag is about.
    pub agency: String,
    /// When (ISO-8601 date or date-time).
    pub at: String,
    /// About whom ("Child A").
    pub subject: String,
    /// One line for lists.
    pub title: String,
    /// A paragraph a panel can paste into its report.
    pub explanation: String,
    /// The records that show it, the flagged record first.
    pub evidence: Vec<i64>,
    /// What was held elsewhere, by whom and since when.
    pub held_by: Vec<HeldBy>,
    /// open, accepted or dismissed.
    pub status: Status,
    /// Why it was dismissed (or accepted).
    pub reason: Option<String>,
    /// The reviewer's notes.
    pub notes: Vec<Note>,
    /// False for a flag the reviewer acted on that the current analysis no
    /// longer raises (kept, never silently dropped).
    pub raised: bool,
    /// The other rules that found the same point (the same decision of the
    /// same agency), most severe first; their explanations follow this
    /// flag's own. Empty when one rule found it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Reason>,
    /// The reviewer's corrections to what was read that the flag rests on
    /// (their ids), in the records it cites. Empty when it rests on the
    /// records as read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<i64>,
}

/// Another rule's reason for a flag (see [`Flag::also`]).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Reason {
    /// The rule id.
    pub rule: String,
    /// How much the rule rates it.
    pub severity: Severity,
    /// The rule's one line for it.
    pub title: String,
    /// The id the rule's own flag would have had (a decision taken on it
    /// before the flags were merged still applies).
    pub id: String,
}

impl Flag {
    /// Whether this rule raised the flag, leading or among its other
    /// reasons.
    pub fn has_rule(&self, rule: &str) -> bool {
        self.rule == rule || self.also.iter().any(|r| r.rule == rule)
    }

    /// The names of every rule that raised it, the leading one first
    /// ("Decision without information + Child not seen").
    pub fn rule_names(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for rule in
            std::iter::once(self.rule.as_str()).chain(self.also.iter().map(|r| r.rule.as_str()))
        {
            let name = rules::name(rule);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(" + ")
    }
}

/// The flags of a review: computed with the bundled rules, with the
/// reviewer's decisions and notes applied, and decided flags that are no
/// longer raised kept.
pub fn for_review(review: &crate::Review, a: &Analysis) -> crate::Result<Vec<Flag>> {
    for_review_redacted(review, a, None)
}

/// [`for_review`], with record text passed through `redact` before it is
/// quoted in explanations (for the anonymised report).
pub fn for_review_redacted(
    review: &crate::Review,
    a: &Analysis,
    redact: Option<&dyn Fn(&str) -> String>,
) -> crate::Result<Vec<Flag>> {
    let mut flags = evaluate_redacted(a, &Rules::of_review(review)?, redact);
    review.apply_flag_reviews(&mut flags)?;
    Ok(flags)
}

/// Runs every enabled rule and returns the flags in timeline order, one
/// per point (several rules on one decision make one flag with every
/// reason).
pub fn evaluate(a: &Analysis, rules: &Rules) -> Vec<Flag> {
    evaluate_redacted(a, rules, None)
}

/// [`evaluate`], with record text redacted before it is quoted.
pub fn evaluate_redacted(
    a: &Analysis,
    rules: &Rules,
    redact: Option<&dyn Fn(&str) -> String>,
) -> Vec<Flag> {
    let mut flags = merge::one_per_point(each_rule(a, rules, redact));
    note_corrections(a, &mut flags, redact);
    flags
}

/// Says, on every flag that cites a record whose reading the reviewer
/// corrected, which corrections it rests on.
fn note_corrections(a: &Analysis, flags: &mut [Flag], redact: Option<&dyn Fn(&str) -> String>) {
    if !a.corrections.iter().any(|c| c.applied) {
        return;
    }
    for f in flags {
        let mut records: Vec<i64> = f.evidence.clone();
        records.extend(f.held_by.iter().flat_map(|h| h.records.iter().copied()));
        let mut seen = std::collections::BTreeSet::new();
        records.retain(|r| seen.insert(*r));
        let used: Vec<&crate::analysis::AppliedCorrection> = records
            .iter()
            .flat_map(|r| a.corrections_of(*r).filter(|c| c.applied))
            .collect();
        if used.is_empty() {
            continue;
        }
        f.corrections = used.iter().map(|c| c.correction.id).collect();
        let words: Vec<String> = used
            .iter()
            .map(|c| {
                format!(
                    "record {} ({})",
                    c.correction.record,
                    c.correction.describe()
                )
            })
            .collect();
        let sentence = format!(
            " It rests on the reviewer's corrections to what was read: {}.",
            words.join("; ")
        );
        match redact {
            Some(r) => f.explanation.push_str(&r(&sentence)),
            None => f.explanation.push_str(&sentence),
        }
    }
}

/// Every enabled rule's own flags, in timeline order, before flags on one
/// point are merged (for a rule's scenario tests).
pub(crate) fn each_rule(
    a: &Analysis,
    rules: &Rules,
    redact: Option<&dyn Fn(&str) -> String>,
) -> Vec<Flag> {
    let mut ctx = Context::new(a, rules, redact);
    for rule in rules::ALL.iter().filter(|r| (r.enabled)(rules)) {
        (rule.run)(&mut ctx);
    }
    let mut flags = ctx.out;
    flags.sort_by_key(|f| {
        (
            a.position
                .get(&f.evidence[0])
                .copied()
                .unwrap_or(usize::MAX),
            f.rule.clone(),
            f.id.clone(),
        )
    });
    flags
}
