//! A man in the child's household, recorded by one agency, never named in
//! the records of another agency before it assessed or closed: the
//! "invisible men" of national learning.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::subjects::Role;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "unseen-male-carer",
    name: "Man in the household unseen",
    description: "A man linked to the child's household (a partner, father, stepfather or \
         lodger) was recorded by one agency, and the agency that assessed or closed had never \
         named him in its own records, or named him only as not involved, before it decided.",
    severity: "High: a man in the household unknown to the agency deciding.",
    thresholds: &[
        Threshold {
            setting: "days",
            meaning: "days before the decision that another agency's record of the man counts",
            basis: Basis::SightlineDefault,
            source: "after the Child Safeguarding Practice Review Panel, The Myth of Invisible Men (2021): 12 months",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// How far before the decision another agency's record of the man
    /// counts, in days.
    pub days: i64,
    /// The kinds of agency whose assessments and closures are looked at:
    /// those that assess the child's household.
    pub deciding_kinds: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) that place an
    /// adult in the household, for adults whose role does not already.
    pub household: Vec<String>,
    /// Patterns that name a man only to say he is absent ("not involved",
    /// "not in her life"): such a record does not count as seeing him.
    pub absent: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[unseen-male-carer]
enabled = true
# Another agency's record of the man counts this many days before the
# decision (the Panel, "The Myth of Invisible Men", 2021: 12 months).
# Basis: Sightline default (after the Child Safeguarding Practice Review
# Panel, The Myth of Invisible Men (2021): 12 months).
days = 365
# Agencies that assess the household, whose decisions are looked at.
deciding_kinds = ["childrens_social_care", "health_visiting"]
# What places an adult of no known family role in the household
# (regular expressions).
household = [
    '\b(?:partner|boyfriend|step-?father|step-?dad|lodger|husband)\b',
    '\b(?:lives?|living|stays?|staying|resident|residing) (?:with|at)\b',
    '\bmov(?:ed|ing) in\b',
    '\b(?:household|cohabit)',
]
# What names a man only as absent (regular expressions).
absent = [
    '\bnot (?:really )?involved\b',
    '\bnot in (?:her|his|their|the child.s|the baby.s) li(?:fe|ves)\b',
    '\bno (?:contact|involvement)\b',
    '\b(?:not|no longer|does not|doesn.t) (?:live|living|lives|reside)',
    '\b(?:left|has left) the (?:family|home|household)\b',
    '\bseparated\b',
    '\bwhereabouts (?:not known|unknown)\b',
    '\bnot (?:present|known|around)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.unseen_male_carer.clone();
    let (Some(household), Some(absent)) = (Patterns::new(&s.household), Patterns::new(&s.absent))
    else {
        return;
    };
    let deciding: Vec<AgencyKind> = agency_kinds(&s.deciding_kinds);
    let men = crate::flags::men::men(a);
    if men.is_empty() {
        return;
    }
    // Per man: each record naming him, by time, with whether it names him
    // only as absent and whether it places him in the household; and when
    // each agency first named him, and first named him as present.
    struct Mention {
        lo: i64,
        position: usize,
        absent: bool,
        household: bool,
    }
    let mut naming: HashMap<i64, Vec<Mention>> = HashMap::new();
    let mut first_named: HashMap<(i64, i64), i64> = HashMap::new();
    let mut first_present: HashMap<(i64, i64), i64> = HashMap::new();
    for (i, subjects) in a.record_subjects.iter().enumerate() {
        if !a.names_subjects[i] {
            continue;
        }
        let x = &a.records[i];
        let lo = span(x).lo;
        for &m in subjects.iter().filter(|m| men.contains_key(*m)) {
            let absent = absent.in_record(x);
            let first = first_named.entry((m, x.agency_id)).or_insert(lo);
            *first = (*first).min(lo);
            if !absent {
                let first = first_present.entry((m, x.agency_id)).or_insert(lo);
                *first = (*first).min(lo);
            }
            naming.entry(m).or_default().push(Mention {
                lo,
                position: i,
                absent,
                household: household.in_record(x),
            });
        }
    }
    for list in naming.values_mut() {
        list.sort_by_key(|m| (m.lo, m.position));
    }
    let window = s.days.saturating_mul(DAY);
    let mut done: HashSet<(i64, i64)> = HashSet::default();
    for (i, r) in a.records.iter().enumerate() {
        let Some(d) = &a.facts[i].decision else {
            continue;
        };
        let decides = d
            .kinds
            .iter()
            .any(|k| closes(k) || matches!(k, DecisionKind::AssessmentConcluded));
        if !decides || !ctx.own_decision(i) || !deciding.contains(&r.agency_kind) {
            continue;
        }
        let children = ctx.children_of(i);
        if children.is_empty() {
            continue;
        }
        let at = span(r);
        for (&man, &role) in &men {
            if done.contains(&(r.agency_id, man)) {
                continue;
            }
            let Some(mentions) = naming.get(&man) else {
                continue;
            };
            // The deciding agency named him, as present, before deciding.
            if first_present
                .get(&(man, r.agency_id))
                .is_some_and(|lo| *lo <= at.lo)
            {
                continue;
            }
            // Another agency recorded him, in the household, in the window.
            let mut held: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            let from = mentions.partition_point(|m| m.lo < at.lo.saturating_sub(window));
            for m in mentions[from..].iter().take_while(|m| m.lo < at.lo) {
                let x = &a.records[m.position];
                if x.agency_id == r.agency_id
                    || !span(x).certainly_before(at)
                    || m.absent
                    || (role == Role::OtherAdult && !m.household)
                {
                    continue;
                }
                held.entry(x.agency_id).or_default().push(x.id);
            }
            if held.is_empty() {
                continue;
            }
            done.insert((r.agency_id, man));
            let who = ctx.name(r.agency_id);
            let him = a.subject_label(man).to_string();
            let mut evidence = vec![r.id];
            let mut parts = Vec::new();
            let mut held_by = Vec::new();
            for (agency, records) in held.iter_mut() {
                in_merged_order(a, records);
                evidence.extend(records.iter().copied());
                let first = records.first().and_then(|x| a.record(*x));
                let since = first.map(uk_date).unwrap_or_default();
                // The record that places him in the household says most.
                let telling = records
                    .iter()
                    .filter_map(|x| a.record(*x))
                    .find(|x| household.in_record(x))
                    .or(first);
                let quote = telling.map(|x| ctx.quote(&x.text)).unwrap_or_default();
                parts.push(format!("{} since {since} ({quote})", ctx.name(*agency)));
                held_by.push(HeldBy {
                    agency: ctx.name(*agency),
                    since: first.map(|x| x.when.start_iso()).unwrap_or_default(),
                    indicator: "man-in-household".to_string(),
                    records: records.clone(),
                });
            }
            let mentioned = first_named
                .get(&(man, r.agency_id))
                .is_some_and(|lo| *lo <= at.lo);
            let own = if mentioned {
                format!("{who}'s records before then name him only as absent or not involved")
            } else {
                format!("no record of {who} before then names him")
            };
            let subject = ctx.subjects_label(&children);
            let explanation = format!(
                "{him}, a man linked to {subject}'s household, was recorded by {}. {who} {} \
                 about {subject} ({}); {own}: its decision was taken without him in view.",
                list(&parts),
                decision_text(r, d.kind),
                ctx.quote(&r.text),
            );
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &him,
                agency: who.clone(),
                subject,
                severity: Severity::High,
                title: format!("{who} decided without the man in the household ({him}) in view"),
                explanation,
                evidence,
                held_by,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const CSC: &str = "Southmoor Children's Social Care";
    const PROBATION: &str = "Southmoor Probation";

    fn base() -> Scenario {
        Scenario::new()
            .agency(PROBATION, "probation")
            .agency(CSC, "childrens_social_care")
            .record(PROBATION, "08/01/2021", "", "Mother's partner Kyle Brennan sentenced to a community order for assault by beating of his ex-partner.")
            .record(PROBATION, "13/04/2021", "", "Kyle Brennan reports he has moved in with Megan Lambert and her son Freddie Lambert (2) at 5 Beacon House.")
    }

    /// Probation records the man moving in with the child's mother; social
    /// care's assessment closes without ever naming him: flagged, citing
    /// probation.
    #[test]
    fn a_closure_with_the_man_never_named_is_flagged() {
        let flags = base()
            .record(CSC, "30/03/2021", "Freddie Lambert", "Home visit. Megan Lambert seen with Freddie Lambert. Flat adequate.")
            .record(CSC, "14/05/2021", "Freddie Lambert", "Assessment of Freddie Lambert concluded: Megan Lambert managing well, good support from the midwife.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        let f = &flags[0];
        assert_eq!(f.agency, CSC);
        assert!(f.at.starts_with("2021-05-14"), "{}", f.at);
        assert_eq!(f.held_by[0].agency, PROBATION);
        assert!(
            f.explanation
                .contains(&format!("{PROBATION} since 08/01/2021")),
            "{}",
            f.explanation
        );
    }

    /// Social care's own records name him only to say he is not involved:
    /// that is not seeing him, so it is still flagged, and says so.
    #[test]
    fn a_man_named_only_as_not_involved_is_still_unseen() {
        let flags = base()
            .record(
                CSC,
                "30/03/2021",
                "Freddie Lambert",
                "Megan Lambert says Kyle Brennan is not involved and not in her life.",
            )
            .record(
                CSC,
                "14/05/2021",
                "Freddie Lambert",
                "Assessment of Freddie Lambert concluded. No safeguarding concerns.",
            )
            .outcome("Closed NFA.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("only as absent or not involved"),
            "{}",
            flags[0].explanation
        );
    }

    /// Near miss: social care visited and spoke to him before it closed.
    #[test]
    fn a_man_the_deciding_agency_saw_is_not_flagged() {
        let flags = base()
            .record(CSC, "20/04/2021", "Freddie Lambert", "Home visit: Kyle Brennan present, he was spoken to about his order and the BBR programme.")
            .record(CSC, "14/05/2021", "Freddie Lambert", "Assessment of Freddie Lambert concluded. Case closed.")
            .outcome("NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Near miss: the other agency's record of him is more than a year old.
    #[test]
    fn a_record_of_him_older_than_the_window_is_not_flagged() {
        let flags = base()
            .record(
                CSC,
                "14/08/2022",
                "Freddie Lambert",
                "Assessment of Freddie Lambert concluded. Megan Lambert coping well.",
            )
            .outcome("Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A woman in the household is not this rule's concern.
    #[test]
    fn a_woman_is_not_taken_for_a_man() {
        let flags = Scenario::new()
            .agency(PROBATION, "probation")
            .agency(CSC, "childrens_social_care")
            .record(PROBATION, "13/04/2021", "", "Ms Dawn Pike reports she has moved in with her partner Megan Lambert and her son Freddie Lambert (2).")
            .record(CSC, "14/05/2021", "Freddie Lambert", "Assessment of Freddie Lambert concluded: Megan Lambert managing well.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
