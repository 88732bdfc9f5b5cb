//! An agency recorded that it disagreed with another agency's decision (no
//! further action, a closure, threshold not met) and then recorded no
//! escalation: the disagreement stayed in its own file.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "escalation-not-used",
    name: "Escalation not used",
    description: "An agency recorded that it disagreed with a decision about the child, and \
         recorded no escalation of it (a professional challenge, the resolution procedure) in \
         the days after.",
    severity: "High when the agency went on to record a new concern of harm about the child after it disagreed; otherwise medium.",
    thresholds: &[Threshold {
        setting: "days",
        meaning: "days after a disagreement within which an escalation counts",
        basis: Basis::LocalProcedure,
        source: "the Working Together 2023 escalation duty, as local policies quote it",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Days after the disagreement within which an escalation counts.
    pub days: i64,
    /// Patterns (regular expressions, case-insensitive) that say the
    /// agency disagreed with a decision.
    pub disagreed: Vec<String>,
    /// Patterns that say the agency escalated it.
    pub escalated: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[escalation-not-used]
enabled = true
# An escalation recorded this many days after the disagreement or sooner
# counts (Working Together 2023 escalation duty, as local policies quote it).
# Basis: local procedure (the Working Together 2023 escalation duty, as local
# policies quote it).
days = 30
# What says the agency disagreed with a decision (regular expressions).
disagreed = [
    '\b(?:does|do|did) not agree\b',
    '\b(?:doesn|don|didn).t agree\b',
    '\bdisagree',
    '\bnot in agreement\b',
    '\b(?:unhappy|not happy|not satisfied|dissatisfied) with (?:the )?(?:decision|outcome|response|nfa)\b',
    '\b(?:questions?|questioned|challenges?) (?:the )?(?:nfa|decision|outcome|threshold)\b',
    # Frustration at a decision made again ("EH closure letter (3rd). DSL
    # frustrated, 3rd time").
    '\bfrustrat\w*[^.;]{0,30}\b(?:\d(?:st|nd|rd|th)\b|third|second|again|closure|closed|decision|nfa|stepped down|step down)',
    '\b(?:closure|closed|decision|nfa|stepped down|step down)\b[^.;]{0,40}\bfrustrat',
]
# What says it escalated (regular expressions).
escalated = [
    '\bescalat',
    '\bprofessional challenge\b',
    '\b(?:resolution|escalation|dispute) (?:policy|procedure|protocol|process)\b',
    '\bchallenged? (?:the )?(?:decision|nfa|outcome)\b.*\b(?:manager|tm|team manager|head of service)\b',
    '\braised (?:it |this |concerns? )?with (?:the )?(?:team manager|tm|service manager|head of service)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.escalation_not_used.clone();
    let (Some(disagreed), Some(escalated)) =
        (Patterns::new(&s.disagreed), Patterns::new(&s.escalated))
    else {
        return;
    };
    let escalates = |r: &Record| {
        written(r).any(|t| {
            escalated
                .each()
                .iter()
                .any(|re| re.find_iter(t).any(|m| !negated(t, m.start())))
        })
    };
    // Each agency's records in timeline order, for looking ahead.
    let mut by_agency: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        by_agency.entry(r.agency_id).or_default().push(i);
    }
    for (i, r) in a.records.iter().enumerate() {
        if !disagreed.in_record(r) || escalates(r) {
            continue;
        }
        let at = span(r).lo;
        let after: Vec<usize> = by_agency
            .get(&r.agency_id)
            .map(|list| {
                list.iter()
                    .copied()
                    .filter(|&p| p != i)
                    .filter(|&p| {
                        let lo = span(&a.records[p]).lo;
                        lo >= at && lo - at <= s.days * DAY
                    })
                    .collect()
            })
            .unwrap_or_default();
        if after.iter().any(|&p| escalates(&a.records[p])) {
            continue;
        }
        let children: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|c| ctx.child_set.contains(c))
            .collect();
        // A new concern about the child that the agency then recorded
        // first-hand: the point where escalating was most plainly due.
        let new_concern = after.iter().copied().find(|&p| {
            !ctx.received(p)
                && a.record_subjects[p].iter().any(|c| children.contains(c))
                && a.facts[p].indicators.iter().any(|h| {
                    a.indicators
                        .get(h.indicator)
                        .is_some_and(|d| d.severity != crate::extract::Severity::Low)
                })
        });
        let who = ctx.name(r.agency_id);
        let subject = if children.is_empty() {
            String::new()
        } else {
            ctx.subjects_label(&children)
        };
        let about = if subject.is_empty() {
            String::new()
        } else {
            format!(" about {subject}")
        };
        let then = match new_concern {
            Some(p) => format!(
                " On {} it recorded a new concern{about} ({}).",
                uk_date(&a.records[p]),
                ctx.quote(&a.records[p].text)
            ),
            None => String::new(),
        };
        let explanation = format!(
            "{who} recorded on {} that it disagreed with a decision{about} ({}).{then} No \
             record of {who} in the {} days after shows the disagreement escalated (a \
             professional challenge, the resolution procedure).",
            uk_date(r),
            ctx.quote(&r.text),
            s.days,
        );
        let anchor = new_concern.map_or(r, |p| &a.records[p]);
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor,
            about: "",
            agency: who.clone(),
            subject,
            severity: if new_concern.is_some() {
                Severity::High
            } else {
                Severity::Medium
            },
            title: format!("{who} disagreed with a decision; no escalation recorded"),
            explanation,
            evidence: vec![anchor.id, r.id],
            held_by: Vec::new(),
        });
    }
}

/// Whether the words just before byte `at` of `text` negate what follows
/// ("Not escalated", "no escalation", "did not escalate").
fn negated(text: &str, at: usize) -> bool {
    let mut start = at.saturating_sub(16);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = text[start..at].to_lowercase();
    let words: Vec<&str> = before.split_whitespace().collect();
    words
        .iter()
        .rev()
        .take(2)
        .any(|w| matches!(*w, "not" | "no" | "never" | "without" | "nor") || w.ends_with("n't"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const SCHOOL: &str = "Larkrise Primary School";

    /// The DSL disagrees with social care's no further action and nothing
    /// more is recorded: flagged, on the disagreement.
    #[test]
    fn a_disagreement_left_there_is_flagged() {
        let flags = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "06/05/2021",
                "Riley Quinn",
                "MASH outcome NFA (phone call to Mum). DSL does not agree - Riley not seen.",
            )
            .record(
                SCHOOL,
                "20/05/2021",
                "Riley Quinn",
                "Riley in good spirits at lunch.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-05-06"));
        assert!(flags[0].explanation.contains("No record of"));
        assert_eq!(flags[0].severity, Severity::Medium);
        // "Not escalated" says the opposite of an escalation.
        let flags = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "06/05/2021",
                "Riley Quinn",
                "MASH outcome NFA. DSL does not agree - Riley not seen.",
            )
            .outcome("Logged. Not escalated.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        // Frustration at the third closure is a disagreement too.
        let flags = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "18/01/2024",
                "Riley Quinn",
                "Early Help closure letter (3rd) - 'unable to engage family'.",
            )
            .outcome("DSL spoke to manager - frustrated, 3rd time. Continue to monitor.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// A new injury seen after the disagreement, still with no escalation:
    /// the flag is on the new concern, citing the disagreement.
    #[test]
    fn a_new_concern_after_the_disagreement_carries_the_flag() {
        let flags = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "18/01/2024",
                "Lola Reed",
                "CSC email: NFA. DSL does not agree.",
            )
            .record(
                SCHOOL,
                "05/02/2024",
                "Lola Reed",
                "Bruise on Lola's lower back seen in PE. Lola said 'Wayne pushed me'.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-02-05"), "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::High, "a new concern of harm");
        assert_eq!(flags[0].evidence.len(), 2);
        assert!(flags[0]
            .explanation
            .contains("On 05/02/2024 it recorded a new concern"));
    }

    /// An escalation recorded within the window, or in the same entry, is
    /// the disagreement used.
    #[test]
    fn an_escalated_disagreement_is_not_flagged() {
        let later = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "06/05/2021",
                "Riley Quinn",
                "MASH outcome NFA. DSL does not agree - Riley not seen.",
            )
            .record(
                SCHOOL,
                "10/05/2021",
                "Riley Quinn",
                "DSL escalated to the CSC team manager under the resolution procedure.",
            )
            .flags_of(INFO.id);
        assert!(later.is_empty(), "{later:#?}");
        let same = Scenario::new()
            .agency(SCHOOL, "school")
            .record(
                SCHOOL,
                "06/05/2021",
                "Riley Quinn",
                "DSL disagrees with the NFA; professional challenge made to the TM.",
            )
            .flags_of(INFO.id);
        assert!(same.is_empty(), "{same:#?}");
    }
}
