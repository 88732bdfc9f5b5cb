//! A case closed or no further action soon after a serious indicator.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "closed-despite-indicators",
    name: "Closed despite indicators",
    description: "A case was closed, or no further action taken, soon after a serious indicator \
         was recorded.",
    severity: "High: a case closed soon after a serious indicator.",
    thresholds: &[Threshold {
        setting: "days",
        meaning: "days after a serious indicator within which a closure is flagged",
        basis: Basis::SightlineDefault,
        source: "",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Days before the closure considered.
    pub days: i64,
    /// Agency kinds whose closures count.
    #[serde(default = "default_kinds")]
    pub kinds: Vec<String>,
    /// Indicator ids considered serious.
    pub indicators: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) by which a closing
    /// record says an assessment was completed. A closure so worded, by an
    /// agency that held every indicator itself, saw the child and consulted
    /// another agency since, is the outcome of an assessment, not a closure
    /// despite it.
    pub assessed: Vec<String>,
    /// Patterns by which a record says the agency made checks with others.
    pub checks: Vec<String>,
    /// Patterns by which the closing agency records an injury judged
    /// accidental or consistent with the account given. A closure on
    /// injuries alone (no suspected abuse, no allegation) so judged, after
    /// checks with another agency, is the outcome of those checks.
    #[serde(default)]
    pub judged_accidental: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[closed-despite-indicators]
enabled = true
# A closure or no further action this soon after a serious indicator.
# Basis: Sightline default.
days = 30
# Agency kinds whose closures count. Take "police" out to leave the police's
# no further action on a crime to the other rules.
kinds = ["childrens_social_care", "police", "health_visiting", "gp", "hospital", "school", "probation", "housing", "voluntary", "other"]
indicators = ["injury", "suspected-nai", "allegation", "sexual-abuse", "domestic-abuse", "missing-episode", "forced-marriage", "fgm", "fabricated-illness"]
# A closure that says an assessment was completed, by an agency that held
# the indicators itself, saw the child and consulted another agency after
# them, is the outcome of that assessment and is not flagged (regular
# expressions). What another agency held and it did not know still counts.
assessed = [
    '\bassessments? (?:was |were |has been |have been )?(?:completed|concluded|finalised|signed off)\b',
    '\b(?:completed|concluded|finalised) (?:the |a |her |his )?(?:single |c&f |child and family |full |s17 |s47 |section 17 |section 47 )?assessment\b',
    '\bassessment (?:outcome|conclusion)\b',
]
checks = [
    '\bchecks?\b',
    '\bconsulted\b',
    '\bspoke (?:to|with) (?:the )?(?:hv|gp|school|police|health visitor|dsl|cpn|nursery)\b',
]
# An injury judged accidental or consistent with the account, recorded by
# the closing agency: a closure on injuries alone so judged, after checks
# with another agency, is not flagged (regular expressions). "Inconsistent"
# and "not consistent" are not consistent.
judged_accidental = [
    '\bconsistent (?:explanation|history|account|mechanism)\b',
    '\b(?:explanation|history|account|mechanism|injury|injuries|pattern) (?:is |was |were |are )?consistent\b',
    '\bconsistent with (?:an? |the )?(?:accident\w*|history|account|explanation|mechanism|developmental stage|(?:his |her |their )?(?:age|mobility))\b',
    '\b(?:judged|deemed|considered|assessed as|felt to be|thought to be|reviewed)\W+(?:to be )?(?:accidental|an accident)\b',
]
"#;

/// The agency kinds whose closures count, when a stored rules file
/// predates the setting: every kind.
fn default_kinds() -> Vec<String> {
    [
        "childrens_social_care",
        "police",
        "health_visiting",
        "gp",
        "hospital",
        "school",
        "probation",
        "housing",
        "voluntary",
        "other",
    ]
    .iter()
    .map(|k| k.to_string())
    .collect()
}

/// Days before a closure within which the agency's checks with others
/// count as made for it.
const CHECK_DAYS: i64 = 14;

/// The first and last times of the records that held the indicators.
fn held_span(a: &Analysis, held: &BTreeMap<(i64, u32), Vec<i64>>) -> Option<(i64, i64)> {
    let times = held
        .values()
        .flatten()
        .filter_map(|id| a.record(*id))
        .map(|x| span(x).lo);
    let (lo, hi) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    (lo <= hi).then_some((lo, hi))
}

/// Whether any of the `records` (time, position) from `from` on saw one of
/// the children `about`.
fn saw_child(a: &Analysis, records: &[(i64, usize)], from: i64, about: &[i64]) -> bool {
    records.iter().any(|&(lo, p)| {
        lo >= from
            && matches!(
                a.facts[p].child_seen,
                ChildSeen::Seen | ChildSeen::SeenAlone
            )
            && a.record_subjects[p].iter().any(|s| about.contains(s))
    })
}

/// The agency's records (time, position) from `from` to `to`, inclusive.
fn own_between(
    by_agency: &HashMap<i64, Vec<(i64, usize)>>,
    agency: i64,
    from: i64,
    to: i64,
) -> &[(i64, usize)] {
    by_agency.get(&agency).map_or(&[][..], |v| {
        let start = v.partition_point(|(lo, _)| *lo < from);
        let end = v.partition_point(|(lo, _)| *lo <= to);
        &v[start..end]
    })
}

/// Whether the closure at `i` followed checks: after the last record of
/// the indicators, and in the fortnight before the closure, the agency
/// received information about the children from two other agencies or
/// more, among them every other agency that held one of the indicators,
/// and it saw the child itself since the first of them. A closure so made
/// weighed what the others knew; it is not a closure despite it. The
/// referral that carried the concern is no check: a check comes after it.
fn checked_with_holders(
    ctx: &Context<'_>,
    i: usize,
    held: &BTreeMap<(i64, u32), Vec<i64>>,
    about: &[i64],
    by_agency: &HashMap<i64, Vec<(i64, usize)>>,
) -> bool {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    let Some((first, last)) = held_span(a, held) else {
        return false;
    };
    let from = (at - CHECK_DAYS * DAY).max(last + DAY);
    if from > at {
        return false;
    }
    let heard_from: BTreeSet<i64> = a
        .agencies
        .iter()
        .map(|x| x.id)
        .filter(|&x| x != r.agency_id)
        .filter(|&x| {
            ctx.first_route(x, r.agency_id, from, at + 1, about)
                .is_some()
        })
        .collect();
    let holders: BTreeSet<i64> = held
        .keys()
        .map(|(agency, _)| *agency)
        .filter(|&x| x != r.agency_id)
        .collect();
    if heard_from.len() < 2 || !holders.is_subset(&heard_from) {
        return false;
    }
    saw_child(
        a,
        own_between(by_agency, r.agency_id, first, at),
        first,
        about,
    )
}

/// Whether the closure at `i` is on injuries alone that the closing agency
/// recorded as judged accidental or consistent with the account, having
/// made checks with another agency since the first of them (Scald seen at
/// the emergency department, consultant: accidental; social care's checks
/// with the health visitor clear; no further action).
fn judged_accidental(
    ctx: &Context<'_>,
    i: usize,
    held: &BTreeMap<(i64, u32), Vec<i64>>,
    by_agency: &HashMap<i64, Vec<(i64, usize)>>,
    (judged, checks): (Option<&Patterns>, Option<&Patterns>),
) -> bool {
    let a = ctx.a;
    let (Some(judged), Some(checks)) = (judged, checks) else {
        return false;
    };
    let Some(injury) = a.indicator_index("injury") else {
        return false;
    };
    if held.keys().any(|(_, ind)| *ind != injury) {
        return false;
    }
    let r = &a.records[i];
    let Some((first, _)) = held_span(a, held) else {
        return false;
    };
    let own = own_between(by_agency, r.agency_id, first, span(r).lo);
    let doubted = |x: &Record| {
        written(x).any(|t| {
            let t = t.to_lowercase();
            t.contains("inconsistent")
                || t.contains("not consistent")
                || t.contains("non-accidental")
        })
    };
    if own.iter().any(|&(_, p)| doubted(&a.records[p])) {
        return false;
    }
    own.iter().any(|&(_, p)| judged.in_record(&a.records[p]))
        && own.iter().any(|&(_, p)| checks.in_record(&a.records[p]))
}

/// Whether the closure at `i` ends a child protection enquiry: after the
/// first of the indicators the closing agency held (or joined) a strategy
/// discussion about the children, and saw the child after it — or, for a
/// partner agency, social care's enquiry saw the child. What was found in the
/// enquiry (a medical, a visit) is its evidence, not a new concern left
/// behind; whether the discussion had what others held is for the rules on
/// meetings and decisions.
fn enquiry_made(
    ctx: &Context<'_>,
    i: usize,
    held: &BTreeMap<(i64, u32), Vec<i64>>,
    about: &[i64],
    by_agency: &HashMap<i64, Vec<(i64, usize)>>,
) -> bool {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    let Some((first, _)) = held_span(a, held) else {
        return false;
    };
    let own = own_between(by_agency, r.agency_id, first, at);
    let Some(discussed) = own.iter().find(|&&(_, p)| {
        a.facts[p]
            .meeting
            .as_ref()
            .is_some_and(|m| m.held && m.kind == MeetingKind::StrategyDiscussion)
            && a.record_subjects[p].iter().any(|s| about.contains(s))
    }) else {
        return false;
    };
    if saw_child(a, own, discussed.0, about) {
        return true;
    }
    // A partner agency in social care's enquiry: the enquiry saw the child
    // (whoever's record says so) before the agency closed.
    r.agency_kind != AgencyKind::ChildrensSocialCare
        && (0..a.records.len()).any(|p| {
            let lo = span(&a.records[p]).lo;
            lo >= discussed.0
                && lo <= at
                && a.records[p].agency_kind == AgencyKind::ChildrensSocialCare
                && saw_child(a, &[(lo, p)], discussed.0, about)
        })
}

/// Days within which records of domestic abuse are one incident told by
/// several agencies.
const ONE_INCIDENT_DAYS: i64 = 3;

/// Words by which a record grades domestic abuse as serious.
const SERIOUS_ABUSE: &[&str] = &[
    "high risk",
    "dash high",
    "high-risk",
    "marac",
    "strangl",
    "weapon",
    "knife",
    "pregnan",
];

/// Whether what was held is one first incident of domestic abuse, not
/// graded serious (high risk, MARAC, strangulation, a weapon, pregnancy, an
/// injury): every indicator is domestic abuse, recorded within a few days,
/// with no record of domestic abuse about the household in the year
/// before. No further action on a first standard notification is the
/// ordinary outcome; the pattern the rule looks for is closure after
/// closure, or after harm.
fn first_incident(
    ctx: &Context<'_>,
    held: &BTreeMap<(i64, u32), Vec<i64>>,
    about: &[i64],
    by_subject: &HashMap<i64, Vec<(i64, usize, u32)>>,
) -> bool {
    let a = ctx.a;
    let Some(da) = a.indicator_index("domestic-abuse") else {
        return false;
    };
    if held.keys().any(|(_, ind)| *ind != da) {
        return false;
    }
    let records: Vec<&Record> = held
        .values()
        .flatten()
        .filter_map(|id| a.record(*id))
        .collect();
    let (Some(first), Some(last)) = (
        records.iter().map(|r| span(r).lo).min(),
        records.iter().map(|r| span(r).lo).max(),
    ) else {
        return false;
    };
    if last - first > ONE_INCIDENT_DAYS * DAY {
        return false;
    }
    // Graded serious in words, or with an injury recorded (not "no
    // injuries").
    let hurt: Vec<u32> = ["injury", "suspected-nai"]
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let serious = records.iter().any(|r| {
        let text = written(r).collect::<Vec<_>>().join(" ").to_lowercase();
        SERIOUS_ABUSE.iter().any(|w| text.contains(w))
            || a.position.get(&r.id).is_some_and(|&p| {
                a.facts[p]
                    .indicators
                    .iter()
                    .any(|h| hurt.contains(&(h.indicator as u32)))
            })
    });
    if serious {
        return false;
    }
    // Earlier first-hand records of domestic abuse about the household.
    let earlier = about.iter().any(|s| {
        by_subject.get(s).is_some_and(|v| {
            v.iter()
                .any(|&(lo, _, ind)| ind == da && lo < first && lo >= first - 365 * DAY)
        })
    });
    !earlier
}

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let window = ctx.rules.closed_despite_indicators.days * DAY;
    let serious: Vec<u32> = ctx
        .rules
        .closed_despite_indicators
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // Household concerns (domestic abuse) count about anyone in the
    // household; the others (injuries, missing episodes) about children.
    let household: Vec<u32> = ctx
        .rules
        .fragmented_picture
        .household_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let children: HashSet<i64> = a.children().into_iter().collect();
    let kinds: Vec<AgencyKind> = agency_kinds(&ctx.rules.closed_despite_indicators.kinds);
    let assessed = Patterns::new(&ctx.rules.closed_despite_indicators.assessed);
    let checks = Patterns::new(&ctx.rules.closed_despite_indicators.checks);
    let judged = Patterns::new(&ctx.rules.closed_despite_indicators.judged_accidental);
    // Each agency's records, (start, position), in time order.
    let mut by_agency: HashMap<i64, Vec<(i64, usize)>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        by_agency
            .entry(r.agency_id)
            .or_default()
            .push((span(r).lo, i));
    }
    for v in by_agency.values_mut() {
        v.sort_unstable();
    }
    // Per subject: (lo, position, indicator) of every serious indicator.
    let mut by_subject: HashMap<i64, Vec<(i64, usize, u32)>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if ctx.received(i) {
            continue;
        }
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if serious.contains(&ind) {
                for s in a.record_subjects[i]
                    .iter()
                    .filter(|s| household.contains(&ind) || children.contains(s))
                {
                    by_subject.entry(*s).or_default().push((span(r).lo, i, ind));
                }
            }
        }
    }
    for v in by_subject.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    let mut raised: Vec<Raised> = Vec::new();
    for (i, r) in a.records.iter().enumerate() {
        let Some(d) = &a.facts[i].decision else {
            continue;
        };
        if !ctx.own_decision(i) || !kinds.contains(&r.agency_kind) {
            continue;
        }
        if !d.kinds.iter().any(closes) {
            continue;
        }
        let at = span(r);
        let mut held: BTreeMap<(i64, u32), Vec<i64>> = BTreeMap::new();
        let mut about = Vec::new();
        for &subject in &a.record_subjects[i] {
            let Some(v) = by_subject.get(&subject) else {
                continue;
            };
            let start = v.partition_point(|(lo, _, _)| *lo < at.lo - window);
            for &(lo, p, ind) in &v[start..] {
                if lo >= at.lo || p == i {
                    break;
                }
                let rec = &a.records[p];
                held.entry((rec.agency_id, ind)).or_default().push(rec.id);
                if !about.contains(&subject) {
                    about.push(subject);
                }
            }
        }
        if held.is_empty() {
            continue;
        }
        // The closure concludes an assessment: the agency saw the child and
        // consulted another agency between the first indicator and now.
        // Only for what the agency itself held: an indicator held by another
        // agency and not known to this one is never answered by its own
        // assessment.
        let concluded = held.keys().all(|(agency, _)| *agency == r.agency_id)
            && assessed.as_ref().is_some_and(|p| p.in_record(r))
            && {
                let first = held_span(a, &held).map_or(at.lo, |(first, _)| first);
                // Checks may come first (a referral checked with others the day
                // it arrived), the child seen after the concern.
                let own = |from: i64| own_between(&by_agency, r.agency_id, from, at.lo);
                let seen = saw_child(a, own(first), first, &about);
                let consulted = own(first.min(at.lo - window)).iter().any(|&(_, p)| {
                    ctx.received(p)
                        || !a.facts[p].sharing.is_empty()
                        || checks.as_ref().is_some_and(|c| c.in_record(&a.records[p]))
                });
                seen && consulted
            };
        if concluded
            || judged_accidental(
                ctx,
                i,
                &held,
                &by_agency,
                (judged.as_ref(), checks.as_ref()),
            )
            || checked_with_holders(ctx, i, &held, &about, &by_agency)
            || enquiry_made(ctx, i, &held, &about, &by_agency)
            || first_incident(ctx, &held, &about, &by_subject)
        {
            continue;
        }
        // A closure that holds nothing new since a closure of the same
        // agency already flagged is that decision again (the contact's
        // "NFA", then the missing team's "RHI declined - close"): one
        // point, told once, with each later closure named.
        let ids: BTreeSet<i64> = held.values().flatten().copied().collect();
        if let Some(earlier) = raised.iter_mut().rev().find(|c| {
            a.records[c.at].agency_id == r.agency_id
                && at.lo - span(&a.records[c.at]).lo <= window
                && ids.is_subset(&c.ids)
                && about.iter().all(|s| c.about.contains(s))
        }) {
            earlier.again.push(i);
            earlier.ids.insert(r.id);
            continue;
        }
        // The closure's own record (the missing notification it screened)
        // is nothing new to a closure after it.
        let mut ids = ids;
        ids.insert(r.id);
        raised.push(Raised {
            at: i,
            held,
            ids,
            about,
            again: Vec::new(),
        });
    }
    for c in raised {
        push_flag(ctx, c);
    }
}

/// A closure to be flagged: the record, what was held before it, the
/// records known to it (those held and the closures themselves), about
/// whom, and the same agency's later closures that held nothing new.
struct Raised {
    at: usize,
    held: BTreeMap<(i64, u32), Vec<i64>>,
    ids: BTreeSet<i64>,
    about: Vec<i64>,
    again: Vec<usize>,
}

/// Pushes the flag of one closure, naming the later closures folded in.
fn push_flag(ctx: &mut Context<'_>, mut c: Raised) {
    let a = ctx.a;
    let r = &a.records[c.at];
    let Some(d) = &a.facts[c.at].decision else {
        return;
    };
    let who = ctx.name(r.agency_id);
    let subject = ctx.subjects_label(&c.about);
    let Cited {
        mut evidence,
        parts,
        held_by,
    } = ctx.cite_held(&mut c.held, |ind, agency, since| {
        format!("{ind} ({agency} since {since})")
    });
    let mut explanation = format!(
        "{who} {} about {subject} ({}), within {} days of: {}.",
        decision_text(r, d.kind),
        ctx.quote(&r.text),
        ctx.rules.closed_despite_indicators.days,
        list(&parts)
    );
    if !c.again.is_empty() {
        let later: Vec<String> = c
            .again
            .iter()
            .map(|&p| {
                let x = &a.records[p];
                format!("{} ({})", uk_date(x), ctx.quote(&x.text))
            })
            .collect();
        explanation.push_str(&format!(
            " It closed again, with nothing new held, on {}.",
            list(&later)
        ));
        evidence.extend(c.again.iter().map(|&p| a.records[p].id));
    }
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: r,
        about: "",
        agency: who.clone(),
        subject,
        severity: Severity::High,
        title: format!("{who} closed or took no further action soon after serious indicators"),
        explanation,
        evidence,
        held_by,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Social care closes a week after recording a child's injury.
    #[test]
    fn a_closure_soon_after_an_injury_is_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Ellie Marsh seen at home with a bruise to her forehead; mother says she fell.",
            )
            .record(
                "Harwick Children's Social Care",
                "08/03/2021",
                "Ellie Marsh",
                "Ellie Marsh: single assessment concluded.",
            )
            .outcome("Case closed.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-03-08"));
    }

    /// A scald the emergency department's consultant judged accidental,
    /// told to social care, which checked with the health visitor and
    /// closed: the outcome of those checks. Without the checks, or with the
    /// account doubted, the closure is flagged.
    #[test]
    fn a_closure_on_an_injury_judged_accidental_after_checks_is_not_flagged() {
        let case = |judged: &str, checked: &str| {
            Scenario::new()
                .agency("Plymouth Children's Social Care", "childrens_social_care")
                .agency("Derriford Hospital", "hospital")
                .record(
                    "Derriford Hospital",
                    "12/03/2024 16:48",
                    "Alfie Dunne",
                    "Alfie 20/12, scald L forearm; pulled a mug of tea off the table.",
                )
                .record(
                    "Plymouth Children's Social Care",
                    "12/03/2024 17:05",
                    "Alfie Dunne",
                    "Call from ED: Alfie Dunne in ED with a scald to his arm from a mug of tea.",
                )
                .record(
                    "Plymouth Children's Social Care",
                    "12/03/2024 20:15",
                    "Alfie Dunne",
                    judged,
                )
                .record(
                    "Plymouth Children's Social Care",
                    "13/03/2024 09:40",
                    "Alfie Dunne",
                    checked,
                )
                .outcome("NFA - contact closed.")
                .flags_of(INFO.id)
        };
        let judged = "Outcome: consultant reviewed the burn - accidental, consistent history from both parents.";
        let checked = "Checks with HV and CP-IS clear, no previous concerns. No role for CSC.";
        assert!(case(judged, checked).is_empty());
        assert_eq!(case(judged, "No role for CSC.").len(), 1);
        assert_eq!(
            case(
                "Consultant: burn pattern not consistent with the account.",
                checked
            )
            .len(),
            1
        );
    }

    /// No further action at the end of a child protection enquiry that a
    /// strategy discussion began, with the child seen, is the enquiry's
    /// outcome: not flagged, though the medical and the visit recorded the
    /// mark again.
    #[test]
    fn a_closure_ending_an_enquiry_after_a_strategy_discussion_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Elm Surgery", "gp")
            .agency("Harwick General Hospital", "hospital")
            .record("Elm Surgery", "12/05/2025 10:45", "Lena Nowak", "Blue-grey mark on Lena Nowak's arm, possible bruise on a non-mobile baby. Phoned MASH 11:05.")
            .record("Harwick Children's Social Care", "12/05/2025 11:05", "Lena Nowak", "Phone referral from GP: possible bruise on Lena Nowak's arm, non-mobile baby.")
            .record("Harwick Children's Social Care", "12/05/2025 14:00", "Lena Nowak", "Strategy discussion with police, GP and paediatrics. S47 agreed; CP medical tomorrow.")
            .record("Harwick Children's Social Care", "12/05/2025 16:30", "Lena Nowak", "Home visit: Lena Nowak seen, mark on arm seen.")
            .record("Harwick General Hospital", "13/05/2025", "Lena Nowak", "CP medical: the mark is a birthmark, no bruising, no injuries.")
            .record("Harwick Children's Social Care", "13/05/2025 12:15", "Lena Nowak", "Paediatric opinion: birthmark.")
            .outcome("S47 concluded, not substantiated. NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// No further action on a first, standard-risk notification of domestic
    /// abuse is the ordinary outcome; on the second within a year, or on
    /// one graded high risk, it is flagged.
    #[test]
    fn a_first_standard_abuse_notification_closed_is_not_flagged_a_second_is() {
        let case = |earlier: Option<&str>, grading: &str| {
            let mut s = Scenario::new()
                .agency("Harwick Police", "police")
                .agency("Harwick Children's Social Care", "childrens_social_care");
            if let Some(d) = earlier {
                s = s.record("Harwick Police", d, "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh: verbal argument, standard risk.");
            }
            s.record("Harwick Police", "19/03/2022 20:15", "Ellie Marsh", &format!("Domestic abuse incident at the home of Ellie Marsh: verbal argument between mother and partner, {grading}. PPN submitted to Harwick Children's Social Care."))
                .record("Harwick Children's Social Care", "21/03/2022", "Ellie Marsh", "DA PPN about Ellie Marsh reviewed.")
                .outcome("NFA. Letter to Mum with support information.")
                .flags_of(INFO.id)
        };
        assert!(case(None, "standard risk").is_empty());
        assert_eq!(case(Some("10/01/2022 22:00"), "standard risk").len(), 1);
        assert_eq!(case(None, "DASH high risk, MARAC referral").len(), 1);
    }

    /// A closure at the end of an assessment in which social care made
    /// checks with other agencies and saw the child is that assessment's
    /// outcome, not a closure despite the concern.
    #[test]
    fn a_closure_concluding_an_assessment_with_checks_and_the_child_seen_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Anonymous caller reports Ellie Marsh had a bruise to her forehead.",
            )
            .outcome("MASH checks same day with HV, GP and school.")
            .record(
                "Harwick Children's Social Care",
                "04/03/2021",
                "Ellie Marsh",
                "Home visit. Ellie Marsh seen and spoken to alone; bruise healing, consistent with a fall from her scooter.",
            )
            .record(
                "Harwick Children's Social Care",
                "22/03/2021",
                "Ellie Marsh",
                "Ellie Marsh: single assessment completed; needs met.",
            )
            .outcome("NFA - case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A closure long after the last serious indicator is not flagged.
    #[test]
    fn a_closure_long_after_the_indicator_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Ellie Marsh seen at home with a bruise to her forehead; mother says she fell.",
            )
            .record(
                "Harwick Children's Social Care",
                "01/09/2021",
                "Ellie Marsh",
                "Ellie Marsh: single assessment concluded.",
            )
            .outcome("Case closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A front door's "NFA" on a missing child's notification and, next
    /// day, its missing team's "RHI declined - close" are one decision told
    /// twice: one flag, naming the second closure. A closure after a new
    /// missing episode is a new point.
    #[test]
    fn closing_again_with_nothing_new_is_one_flag() {
        let case = |again: bool| {
            let mut s = Scenario::new()
                .agency("Lowmoor Police", "police")
                .agency("Lowmoor Children's Services", "childrens_social_care")
                .record("Lowmoor Police", "30/09/2022 23:10", "Tia Kerr", "Tia Kerr reported missing; found 04:30 in a car with an adult male.")
                .record("Lowmoor Children's Services", "03/10/2022", "Tia Kerr", "Missing notification for Tia Kerr screened. Refer missing team for return interview.")
                .outcome("NFA front door.")
                .record("Lowmoor Children's Services", "04/10/2022", "Tia Kerr", "Return interview offer for Tia Kerr: phoned Mum, declined.")
                .outcome("Case closed.");
            if again {
                s = s
                    .record(
                        "Lowmoor Police",
                        "20/10/2022 21:00",
                        "Tia Kerr",
                        "Tia Kerr reported missing again, found at an adult male's flat.",
                    )
                    .record(
                        "Lowmoor Children's Services",
                        "22/10/2022",
                        "Tia Kerr",
                        "Second missing notification for Tia Kerr screened.",
                    )
                    .outcome("NFA - case closed.");
            }
            s.flags_of(INFO.id)
        };
        let flags = case(false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2022-10-03"), "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("closed again, with nothing new held, on 04/10/2022"),
            "{}",
            flags[0].explanation
        );
        let flags = case(true);
        assert_eq!(flags.len(), 2, "{flags:#?}");
        assert!(flags[1].at.starts_with("2022-10-22"), "{flags:#?}");
    }
}
