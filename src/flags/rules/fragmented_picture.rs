//! A pattern spread across agencies so that no single agency saw it whole.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "fragmented-picture",
    name: "Fragmented picture",
    description: "Several agencies each saw part of a pattern (injuries, missing episodes, \
         domestic abuse, missed appointments) within a short period, and no single \
         agency held all of it.",
    severity: "High: a pattern no single agency could see.",
    thresholds: &[
        Threshold {
            setting: "min_events",
            meaning: "events that make a pattern",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "window_days",
            meaning: "days within which the events fall",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "min_agencies",
            meaning: "agencies the events are spread across",
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

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[fragmented-picture]
enabled = true
# Basis: Sightline default.
min_events = 3
window_days = 180
min_agencies = 2
# The patterns looked for.
indicators = ["injury", "missing-episode", "domestic-abuse", "missed-health-appointment"]
# Patterns about the whole household rather than one child.
household_indicators = ["domestic-abuse"]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let cfg = ctx.rules.fragmented_picture.clone();
    let window = cfg.window_days * DAY;
    let inds: Vec<u32> = cfg
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // (subject, indicator) → events: (lo, position, event key).
    let household: Vec<u32> = cfg
        .household_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let children: HashSet<i64> = a.children().into_iter().collect();
    // (subject, indicator) → first-hand events (lo, position). Patterns of a
    // household indicator (domestic abuse) are one series for the whole
    // household (subject -1); the others are per child.
    let mut series: BTreeMap<(i64, u32), Vec<(i64, usize)>> = BTreeMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if ctx.received(i) {
            continue;
        }
        let at = span(r);
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !inds.contains(&ind) {
                continue;
            }
            let first_hand: Vec<i64> = a.record_subjects[i]
                .iter()
                .copied()
                .filter(|s| {
                    // What the agency had been told of lately is most likely
                    // what it records: not a new event. Harm in the
                    // household (domestic abuse) is retold for months after
                    // an agency hears of it; an injury or a missed
                    // appointment is itself a new event after a fortnight.
                    let days = if household.contains(&ind) {
                        cfg.window_days
                    } else {
                        14
                    };
                    !ctx.learned_within(
                        r.agency_id,
                        Key {
                            subject: *s,
                            indicator: ind,
                        },
                        at,
                        days,
                    )
                })
                .collect();
            if household.contains(&ind) {
                if !first_hand.is_empty() {
                    series.entry((-1, ind)).or_default().push((at.lo, i));
                }
            } else {
                for s in first_hand.iter().filter(|s| children.contains(s)) {
                    series.entry((*s, ind)).or_default().push((at.lo, i));
                }
            }
        }
    }
    let mut anchored: BTreeSet<(i64, u32)> = BTreeSet::new();
    // Children first, so a pattern seen about a child and an adult is
    // reported about the child.
    let mut series: Vec<Series> = series.into_iter().collect();
    series.sort_by_key(|((s, ind), _)| (!children.contains(s), *ind, *s));
    for ((subject, ind), mut events) in series {
        events.sort_unstable();
        events.dedup();
        // Collapse records of one linked event, and same-agency records of
        // the same day, into one event with several recorders.
        let mut merged: Vec<(i64, Vec<usize>)> = Vec::new();
        for (lo, p) in events {
            let r = &a.records[p];
            let ev = ctx.event_of.get(&r.id).copied();
            if let Some(last) = merged.last_mut() {
                let same_event = ev.is_some()
                    && last
                        .1
                        .iter()
                        .any(|q| ctx.event_of.get(&a.records[*q].id).copied() == ev);
                // Harm between adults told by several agencies the same night
                // (the police call-out, the emergency department) is one
                // incident; an injury to a child seen twice in a day may be
                // two.
                let same_day = (lo - last.0).abs() < DAY
                    && (subject < 0
                        || last
                            .1
                            .iter()
                            .any(|q| a.records[*q].agency_id == r.agency_id));
                if same_event || same_day {
                    last.1.push(p);
                    continue;
                }
            }
            merged.push((lo, vec![p]));
        }
        let mut start = 0;
        for end in 0..merged.len() {
            while start <= end && merged[end].0 - merged[start].0 > window {
                start += 1;
            }
            if start > end || end + 1 - start < cfg.min_events {
                continue;
            }
            let win = &merged[start..=end];
            let recorders: BTreeSet<i64> = win
                .iter()
                .flat_map(|(_, ps)| ps.iter().map(|p| a.records[*p].agency_id))
                .collect();
            if recorders.len() < cfg.min_agencies {
                continue;
            }
            let window_end = merged[end].0 + DAY;
            let about: &[i64] = if subject >= 0 {
                std::slice::from_ref(&subject)
            } else {
                &[]
            };
            // An agency saw the pattern when it held every piece, or a
            // pattern's worth of them with less than a pattern's worth
            // missing: social care, told of six call-outs, saw the domestic
            // abuse though housing's neighbour report never reached it.
            // (pieces held, agency) of the best-informed agency.
            let mut best: (usize, i64) = (0, 0);
            let saw = a.agencies.iter().any(|ag| {
                let known = win
                    .iter()
                    .filter(|(lo, ps)| {
                        ps.iter().any(|p| {
                            let rec = &a.records[*p];
                            rec.agency_id == ag.id
                                || ctx
                                    .first_route(rec.agency_id, ag.id, *lo, window_end, about)
                                    .is_some()
                        })
                    })
                    .count();
                if known > best.0 {
                    best = (known, ag.id);
                }
                let missing = win.len() - known;
                missing == 0 || (known >= cfg.min_events && missing < cfg.min_events)
            });
            if saw {
                continue;
            }
            let anchor = &a.records[merged[end].1[0]];
            // The last piece passed straight to social care or the police
            // (a same-day referral from the emergency department): the
            // pattern reached an agency that protects, whose own decisions
            // on it are weighed there.
            let passed_on = a.agencies.iter().any(|ag| {
                ag.id != anchor.agency_id
                    && matches!(
                        ag.kind,
                        AgencyKind::ChildrensSocialCare | AgencyKind::Police
                    )
                    && ctx
                        .first_route(
                            anchor.agency_id,
                            ag.id,
                            merged[end].0,
                            merged[end].0 + 2 * DAY,
                            about,
                        )
                        .is_some()
            });
            if passed_on {
                continue;
            }
            if !anchored.insert((anchor.id, ind)) {
                start = end + 1;
                continue;
            }
            let label = a.indicator_label(ind).to_lowercase();
            let subj = if subject < 0 {
                let mut all: Vec<i64> = win
                    .iter()
                    .flat_map(|(_, ps)| {
                        ps.iter()
                            .flat_map(|p| a.record_subjects[*p].iter().copied())
                    })
                    .collect();
                all.sort_unstable();
                all.dedup();
                ctx.subjects_label(&all)
            } else {
                a.subject_label(subject).to_string()
            };
            let mut parts = Vec::new();
            let mut evidence = Vec::new();
            let mut held_by = Vec::new();
            for (_, ps) in win {
                let rec = &a.records[ps[0]];
                let names: BTreeSet<String> = ps
                    .iter()
                    .map(|p| ctx.name(a.records[*p].agency_id))
                    .collect();
                let names: Vec<String> = names.into_iter().collect();
                parts.push(format!("{} ({})", uk_date(rec), list(&names)));
                for p in ps {
                    evidence.push(a.records[*p].id);
                }
                held_by.push(HeldBy {
                    agency: list(&names),
                    since: rec.when.start_iso(),
                    indicator: a.indicator_id(ind).to_string(),
                    records: ps.iter().map(|p| a.records[*p].id).collect(),
                });
            }
            let most = if best.0 > 1 {
                format!(
                    " The most any agency held was {} of them ({}).",
                    best.0,
                    ctx.name(best.1)
                )
            } else {
                String::new()
            };
            let explanation = format!(
                "{} records of {label} about {subj} within {} days, held across {} agencies: {}. No single agency held them all.{most}",
                win.len(),
                cfg.window_days,
                recorders.len(),
                list(&parts)
            );
            let who = ctx.name(anchor.agency_id);
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor,
                about: a.indicator_id(ind),
                agency: who,
                subject: subj.clone(),
                severity: Severity::High,
                title: format!(
                    "Repeated {label} about {subj} spread across {} agencies",
                    recorders.len()
                ),
                explanation,
                evidence,
                held_by,
            });
            // The next pattern needs events of its own.
            start = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Three injuries in two months, each seen by a different agency.
    #[test]
    fn injuries_seen_by_three_agencies_are_one_pattern() {
        let flags = Scenario::new()
            .agency("Elm Street Surgery", "gp")
            .agency("Harwick General Hospital", "hospital")
            .agency("Oakfield Primary School", "school")
            .record(
                "Elm Street Surgery",
                "01/03/2021",
                "Ellie Marsh",
                "Ellie Marsh brought by mother with a burn to her hand; says she touched the oven.",
            )
            .record(
                "Harwick General Hospital",
                "20/03/2021",
                "Ellie Marsh",
                "Ellie Marsh attended ED with a fractured wrist after a fall from the sofa.",
            )
            .record(
                "Oakfield Primary School",
                "15/04/2021",
                "Ellie Marsh",
                "Ellie Marsh has bruising to her upper arm. Says she bumped it.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// The last injury, seen at the emergency department, went to social
    /// care by phone that morning: the pattern reached an agency that
    /// protects, and is not flagged at the department.
    #[test]
    fn a_last_piece_passed_straight_to_social_care_is_not_flagged_there() {
        let case = |referral: Option<&str>| {
            let mut c = Scenario::new()
                .agency("Elm Street Surgery", "gp")
                .agency("Harwick General Hospital", "hospital")
                .agency("Oakfield Primary School", "school")
                .agency("Harwick Children's Social Care", "childrens_social_care")
                .record("Oakfield Primary School", "01/03/2021", "Ellie Marsh", "Ellie Marsh has bruising to her upper arm. Says she bumped it.")
                .record("Elm Street Surgery", "20/03/2021", "Ellie Marsh", "Ellie Marsh brought by mother with a burn to her hand; says she touched the oven.")
                .record("Harwick General Hospital", "15/04/2021 07:40", "Ellie Marsh", "Ellie Marsh attended ED with a fractured wrist after a fall from the sofa.");
            if let Some(text) = referral {
                c = c.record(
                    "Harwick Children's Social Care",
                    "15/04/2021 09:10",
                    "Ellie Marsh",
                    text,
                );
            }
            c.flags_of(INFO.id)
        };
        let told = case(Some(
            "Phone referral from Harwick General Hospital ED: Ellie Marsh, fractured wrist.",
        ));
        assert!(
            !told.iter().any(|f| f.agency == "Harwick General Hospital"),
            "{told:#?}"
        );
        let kept = case(None);
        assert_eq!(kept.len(), 1, "{kept:#?}");
        assert_eq!(kept[0].agency, "Harwick General Hospital");
    }

    /// Social care, told by the police of three call-outs, saw the domestic
    /// abuse though housing's neighbour report never reached it; the
    /// pieces it did not hold (housing, the emergency department, the GP)
    /// are a pattern of their own, flagged at the last.
    #[test]
    fn an_agency_told_of_most_pieces_saw_the_pattern() {
        let case = |later: bool| {
            let mut c = Scenario::new()
                .agency("Harwick Police", "police")
                .agency("Harwick Children's Social Care", "childrens_social_care")
                .agency("Harwick Homes", "housing")
                .agency("Harwick General Hospital", "hospital")
                .agency("Elm Street Surgery", "gp");
            for day in ["23/01/2021", "12/03/2021", "06/04/2021"] {
                c = c
                    .record("Harwick Police", &format!("{day} 22:00"), "Kayleigh Brooks", "DA incident: partner assaulted Kayleigh Brooks. PPN to Harwick Children's Social Care.")
                    .record("Harwick Children's Social Care", &format!("{day} 23:00"), "Kayleigh Brooks", "PPN received from Harwick Police: domestic abuse, Kayleigh Brooks assaulted by partner.");
            }
            c = c.record("Harwick Homes", "04/06/2021", "Kayleigh Brooks", "Neighbour reports man shouting, woman screaming at Kayleigh Brooks's flat: domestic abuse suspected.");
            if later {
                c = c
                    .record("Harwick General Hospital", "19/06/2021", "Kayleigh Brooks", "Kayleigh Brooks disclosed her partner pushed her against the worktop. Domestic abuse.")
                    .record("Elm Street Surgery", "02/07/2021", "Kayleigh Brooks", "Fingertip bruising to arms, says partner grabbed her. Domestic abuse.");
            }
            c.flags_of(INFO.id)
        };
        let seen = case(false);
        assert!(seen.is_empty(), "{seen:#?}");
        let flags = case(true);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Elm Street Surgery");
        assert!(
            flags[0]
                .explanation
                .contains("The most any agency held was 3 of them"),
            "{}",
            flags[0].explanation
        );
    }

    /// The same injuries spread over three years are not a pattern.
    #[test]
    fn injuries_years_apart_are_not_a_pattern() {
        let flags = Scenario::new()
            .agency("Elm Street Surgery", "gp")
            .agency("Harwick General Hospital", "hospital")
            .agency("Oakfield Primary School", "school")
            .record(
                "Elm Street Surgery",
                "01/03/2019",
                "Ellie Marsh",
                "Ellie Marsh brought by mother with a burn to her hand; says she touched the oven.",
            )
            .record(
                "Harwick General Hospital",
                "20/03/2020",
                "Ellie Marsh",
                "Ellie Marsh attended ED with a fractured wrist after a fall from the sofa.",
            )
            .record(
                "Oakfield Primary School",
                "15/04/2021",
                "Ellie Marsh",
                "Ellie Marsh has bruising to her upper arm. Says she bumped it.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
