//! A child not brought to health appointments again and again, with
//! nothing to show the health agency telling anyone: missed appointments
//! read as the child's own non-attendance rather than a sign of neglect.

use super::RuleInfo;
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "was-not-brought",
    name: "Child not brought, not followed up",
    description: "A child was not brought to several health appointments in a few months and \
         nothing shows the health agency telling the health visitor, the GP, social care or \
         anyone else involved with the child.",
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Kinds of agency whose appointments count.
    pub kinds: Vec<String>,
    /// The indicators that say a child was not brought.
    pub indicators: Vec<String>,
    /// How many missed appointments make a pattern.
    pub min_missed: usize,
    /// Missed appointments this many days apart or less belong to one
    /// pattern.
    pub within_days: i64,
    /// Telling another agency anything about the child between the first
    /// missed appointment and this many days after the last counts.
    pub notice_days: i64,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[was-not-brought]
enabled = true
# Agency kinds whose appointments count.
kinds = ["gp", "hospital", "health_visiting"]
# What says a child was not brought.
indicators = ["missed-health-appointment"]
# Two missed appointments within six months make a pattern.
min_missed = 2
within_days = 183
# Telling another agency anything about the child from the first missed
# appointment to this many days after the last counts (10 working days).
notice_days = 14
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.was_not_brought.clone();
    let kinds: Vec<AgencyKind> = s.kinds.iter().filter_map(|k| k.parse().ok()).collect();
    let wanted: Vec<u32> = s
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // (agency, child) → the positions of its missed appointments, in order.
    let mut missed: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind) || ctx.received(i) {
            continue;
        }
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !wanted.contains(&ind) {
                continue;
            }
            for child in a.about(i, ind) {
                if ctx.child_set.contains(&child) {
                    let v = missed.entry((r.agency_id, child)).or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
    }
    for ((agency, child), positions) in missed {
        // Split into patterns: misses no more than `within_days` apart.
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        for p in positions {
            let lo = span(&a.records[p]).lo;
            match patterns.last_mut() {
                Some(last)
                    if last
                        .last()
                        .is_some_and(|q| lo - span(&a.records[*q]).lo <= s.within_days * DAY) =>
                {
                    last.push(p)
                }
                _ => patterns.push(vec![p]),
            }
        }
        for pattern in patterns
            .into_iter()
            .filter(|p| p.len() >= s.min_missed.max(1))
        {
            let (Some(&first), Some(&last)) = (pattern.first(), pattern.last()) else {
                continue;
            };
            let from = span(&a.records[first]).lo;
            let to = span(&a.records[last]).lo + s.notice_days * DAY;
            if ctx.shared_anything(agency, from, to, child) {
                continue;
            }
            let r = &a.records[last];
            let who = ctx.name(agency);
            let subject = ctx.subjects_label(&[child]);
            let involved: Vec<String> = ctx
                .involved(child, from - 90 * DAY, to, agency)
                .into_iter()
                .map(|x| ctx.name(x))
                .collect();
            let dates: Vec<String> = pattern.iter().map(|p| uk_date(&a.records[*p])).collect();
            let mut explanation = format!(
                "{subject} was not brought to {} appointments with {who} ({}; last: {}). No record \
                 shows {who} telling another agency within {} days of the last",
                pattern.len(),
                list(&dates),
                ctx.quote(&r.text),
                s.notice_days,
            );
            if involved.is_empty() {
                explanation.push('.');
            } else {
                explanation.push_str(&format!(
                    ", while {} {} involved with {subject}.",
                    list(&involved),
                    if involved.len() == 1 { "was" } else { "were" }
                ));
            }
            let evidence: Vec<i64> = pattern.iter().map(|p| a.records[*p].id).collect();
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &subject,
                agency: who.clone(),
                subject: subject.clone(),
                severity: Severity::Medium,
                title: format!(
                    "{subject} not brought to {} appointments; not followed up",
                    pattern.len()
                ),
                explanation,
                evidence: evidence.clone(),
                held_by: vec![HeldBy {
                    agency: who,
                    since: a.records[first].when.start_iso(),
                    indicator: "missed-health-appointment".to_string(),
                    records: evidence,
                }],
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
            .agency("Brackley Surgery", "gp")
            .agency("Brackley Health Visiting", "health_visiting")
            .record(
                "Brackley Health Visiting",
                "02/01/2021",
                "Lily Farrow",
                "New birth visit. Lily Farrow seen.",
            )
            .record(
                "Brackley Surgery",
                "15/01/2021",
                "Lily Farrow",
                "8 week immunisations: DNA.",
            )
            .record(
                "Brackley Surgery",
                "29/01/2021",
                "Lily Farrow",
                "Immunisations: was not brought again.",
            )
            .record(
                "Brackley Surgery",
                "12/02/2021",
                "Lily Farrow",
                "DNA 3rd time. Standard letter.",
            )
    }

    /// Three immunisation appointments missed in four weeks; the practice
    /// sends a letter and tells no one: one flag, at the last, citing all
    /// three.
    #[test]
    fn repeated_missed_appointments_kept_by_the_practice_are_one_flag() {
        let flags = case().flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Brackley Surgery");
        assert!(flags[0].at.starts_with("2021-02-12"));
        assert_eq!(flags[0].evidence.len(), 3);
        assert!(flags[0].explanation.contains("Brackley Health Visiting"));
    }

    /// The practice tells the health visitor after the third.
    #[test]
    fn missed_appointments_passed_on_are_not_flagged() {
        let flags = case().outcome("HV informed by task.").flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// One missed appointment is not a pattern.
    #[test]
    fn one_missed_appointment_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Brackley Surgery", "gp")
            .record(
                "Brackley Surgery",
                "15/01/2021",
                "Lily Farrow",
                "8 week immunisations: DNA.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
