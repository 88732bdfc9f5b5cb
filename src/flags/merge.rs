//! One point, one flag: flags of several rules on the same decision (the
//! same record, about the same agency) become one flag that gives every
//! reason. The most severe rule leads (on a tie, the one listed first in
//! [`super::rules::ALL`]); the others are listed in [`Flag::also`], their
//! explanations follow the leading one, and the evidence and what was held
//! elsewhere are the union of all.

use std::collections::HashMap;

use super::{Flag, Reason};

/// The flags with those that share a point merged, in the order the first
/// flag of each point came.
pub(crate) fn one_per_point(flags: Vec<Flag>) -> Vec<Flag> {
    let order = |rule: &str| {
        super::rules::ALL
            .iter()
            .position(|r| r.info.id == rule)
            .unwrap_or(usize::MAX)
    };
    // (anchor record, agency) → the flags of that point.
    let mut groups: Vec<Vec<Flag>> = Vec::new();
    let mut at: HashMap<(i64, String), usize> = HashMap::new();
    for f in flags {
        let Some(&anchor) = f.evidence.first() else {
            groups.push(vec![f]);
            continue;
        };
        match at.get(&(anchor, f.agency.clone())) {
            Some(&g) => groups[g].push(f),
            None => {
                at.insert((anchor, f.agency.clone()), groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|mut group| {
            group.sort_by_key(|f| (f.severity, order(&f.rule), f.id.clone()));
            let mut rest = group.into_iter();
            let lead = rest.next()?;
            Some(rest.fold(lead, absorb))
        })
        .collect()
}

/// `lead` with `other`'s reason, evidence, holders and subject added.
fn absorb(mut lead: Flag, other: Flag) -> Flag {
    if other.rule != lead.rule || !lead.explanation.contains(&other.explanation) {
        lead.explanation.push_str("\n\nAlso: ");
        lead.explanation.push_str(&other.explanation);
    }
    for e in other.evidence {
        if !lead.evidence.contains(&e) {
            lead.evidence.push(e);
        }
    }
    for h in other.held_by {
        if !lead.held_by.contains(&h) {
            lead.held_by.push(h);
        }
    }
    let mut people = labels(&lead.subject);
    for p in labels(&other.subject) {
        if !people.contains(&p) {
            people.push(p);
        }
    }
    lead.subject = match people.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    };
    lead.also.push(Reason {
        rule: other.rule,
        severity: other.severity,
        title: other.title,
        id: other.id,
    });
    lead.also.extend(other.also);
    lead
}

/// The people a flag's subject names ("Child A, Mother and Child B" →
/// Child A, Mother, Child B).
fn labels(subject: &str) -> Vec<String> {
    subject
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::{Severity, Status};

    fn flag(id: &str, rule: &str, severity: Severity, agency: &str, evidence: &[i64]) -> Flag {
        Flag {
            id: id.into(),
            rule: rule.into(),
            severity,
            agency: agency.into(),
            at: "2021-03-12".into(),
            subject: "Child A".into(),
            title: format!("{rule} title"),
            explanation: format!("{rule} explanation."),
            evidence: evidence.to_vec(),
            held_by: Vec::new(),
            status: Status::Open,
            reason: None,
            notes: Vec::new(),
            raised: true,
            also: Vec::new(),
            corrections: Vec::new(),
        }
    }

    #[test]
    fn rules_on_one_decision_become_one_flag_with_every_reason() {
        let flags = vec![
            flag("a", "child-not-seen", Severity::Medium, "CSC", &[7, 3]),
            flag(
                "b",
                "closed-despite-indicators",
                Severity::High,
                "CSC",
                &[7, 4],
            ),
            flag(
                "c",
                "decision-without-information",
                Severity::High,
                "CSC",
                &[7, 5],
            ),
            // Another agency's point on the same record stays apart.
            flag("d", "absent-from-meeting", Severity::Medium, "Police", &[7]),
            flag("e", "never-shared", Severity::Medium, "CSC", &[9]),
        ];
        let merged = one_per_point(flags);
        assert_eq!(merged.len(), 3);
        let lead = &merged[0];
        // The most severe leads; on a tie, the rule listed first.
        assert_eq!(lead.rule, "decision-without-information");
        assert_eq!(lead.id, "c");
        let also: Vec<&str> = lead.also.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(also, vec!["closed-despite-indicators", "child-not-seen"]);
        assert_eq!(lead.evidence, vec![7, 5, 4, 3]);
        assert!(lead
            .explanation
            .starts_with("decision-without-information explanation."));
        assert!(lead
            .explanation
            .contains("Also: closed-despite-indicators explanation."));
        assert!(lead
            .explanation
            .contains("Also: child-not-seen explanation."));
        assert_eq!(lead.subject, "Child A");
        assert_eq!(merged[1].rule, "absent-from-meeting");
        assert_eq!(merged[2].rule, "never-shared");
    }

    #[test]
    fn the_people_of_merged_flags_are_named_once() {
        let mut a = flag(
            "a",
            "decision-without-information",
            Severity::High,
            "CSC",
            &[7],
        );
        a.subject = "Child A and Child B".into();
        let mut b = flag("b", "repeated-referrals", Severity::High, "CSC", &[7]);
        b.subject = "Child B".into();
        let mut c = flag("c", "repeated-referrals", Severity::High, "CSC", &[7]);
        c.subject = "Mother, Child A".into();
        let merged = one_per_point(vec![a, b, c]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].subject, "Child A, Child B and Mother");
        assert_eq!(
            merged[0].rule_names(),
            "Decision without information + Repeated referrals closed afresh"
        );
    }
}
