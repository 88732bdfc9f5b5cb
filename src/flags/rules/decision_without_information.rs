//! An agency decided about a child while a concern about that child was
//! held elsewhere and had not reached it. Judged concern by concern: each
//! first-hand record of a concern is one piece of information, and it
//! reached the deciding agency only along time-respecting sharing.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use regex::Regex;
use std::sync::LazyLock;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "decision-without-information",
    name: "Decision without information",
    description: "An agency took a decision (a closure, an assessment outcome, no further action) \
         while information about the child that bore on it was held by another agency \
         and had not reached it.",
    severity: "High when what the agency did not know was suspected significant harm (a suspected non-accidental injury or an allegation of abuse); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "lookback_days",
            meaning: "days back that information held elsewhere is cited (0 = any age)",
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
    /// Information older than this is not cited (0 = any age).
    pub lookback_days: i64,
    /// Indicators that are not cited.
    pub ignore_indicators: Vec<String>,
    /// Indicators cited whatever their age: a person's history of risk to
    /// children bears on a decision however long ago it was recorded.
    #[serde(default)]
    pub lasting_indicators: Vec<String>,
    /// Ignored indicators still cited to social care's decisions when one
    /// agency recorded them at least twice in the lookback: a pattern of
    /// appointments the child was not brought to bears on an assessment of
    /// the child's care.
    #[serde(default)]
    pub repeated_for_social_care: Vec<String>,
    /// What counts against a hospital sending a newborn home, besides
    /// suspected significant harm: harm or risk from the people of the
    /// household (not its housing or money).
    #[serde(default = "newborn_default")]
    pub newborn_indicators: Vec<String>,
    /// Indicators not cited against a landlord ending the family's home:
    /// the home's own state and the threat of losing it are what the
    /// landlord decides on, not information it lacked.
    #[serde(default = "eviction_default")]
    pub eviction_ignore_indicators: Vec<String>,
}

/// The default of [`Settings::eviction_ignore_indicators`].
fn eviction_default() -> Vec<String> {
    vec!["unsuitable-accommodation".to_string()]
}

/// The default of [`Settings::newborn_indicators`].
fn newborn_default() -> Vec<String> {
    [
        "domestic-abuse",
        "substance-misuse",
        "mental-health-crisis",
        "adult-risk-to-children",
    ]
    .map(String::from)
    .to_vec()
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[decision-without-information]
enabled = true
# Information held elsewhere older than this is not cited (0 = any age).
# Basis: Sightline default.
lookback_days = 365
# Indicators not cited as missing information for a decision.
ignore_indicators = ["child-not-seen", "retraction", "missed-health-appointment"]
# Indicators cited whatever their age (national reviews keep finding a
# man's or a parent's history of risk to children unconnected to a later
# decision; Sightline default).
lasting_indicators = ["adult-risk-to-children"]
# Ignored indicators cited to social care's decisions all the same when one
# agency recorded them twice or more in the lookback (a child not brought
# to appointments again and again; Sightline default).
repeated_for_social_care = ["missed-health-appointment"]
# What counts against a hospital sending a newborn home, besides suspected
# significant harm: harm or risk from the people of the household, not its
# housing or money (Sightline default).
newborn_indicators = ["domestic-abuse", "substance-misuse", "mental-health-crisis", "adult-risk-to-children"]
# Indicators not cited against a landlord ending the family's home (a
# warrant sought, a notice served): the home's state and the threat of
# losing it are what it decides on (Sightline default).
eviction_ignore_indicators = ["unsuitable-accommodation"]
"#;

/// Days within which an injury recorded again, telling of nothing new, is
/// the same injury the deciding agency already knew of.
const EPISODE_DAYS: i64 = 14;

/// Whether a record tells of something new ("a new bruise", "further
/// marks", "another injury").
fn tells_new(r: &Record) -> bool {
    let text = r.text.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "new"
                | "further"
                | "another"
                | "fresh"
                | "second"
                | "again"
                | "more"
                | "different"
                | "other"
        )
    })
}

/// An agency's decisions this many days after one flagged are the same
/// point: they join that flag.
const JOIN_DAYS: i64 = 7;

/// Days before a police decision within which what another agency (not
/// social care) recorded bears on it, unless it was suspected harm.
const POLICE_RECENT_DAYS: i64 = 28;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let lookback = ctx.rules.decision_without_information.lookback_days * DAY;
    let ignored: Vec<u32> = ctx
        .rules
        .decision_without_information
        .ignore_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let lasting: Vec<u32> = ctx
        .rules
        .decision_without_information
        .lasting_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // An injury another's staff saw happen (the coach at a match) is an
    // accident, no concern to have known of (never-shared's `witnessed`).
    let witnessed = Patterns::new(&ctx.rules.never_shared.witnessed);
    let injury = a.indicator_index("injury");
    let repeated: Vec<u32> = ctx
        .rules
        .decision_without_information
        .repeated_for_social_care
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let newborn: Vec<u32> = ctx
        .rules
        .decision_without_information
        .newborn_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let landlords_own: Vec<u32> = ctx
        .rules
        .decision_without_information
        .eviction_ignore_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // First-hand records of the repeated indicators, by subject: (position,
    // indicator), in record order; read once for every decision.
    let mut repeated_by_subject: HashMap<i64, Vec<(usize, u32)>> = HashMap::new();
    for (j, f) in a.facts.iter().enumerate() {
        if ctx.received(j) {
            continue;
        }
        for h in &f.indicators {
            let ind = h.indicator as u32;
            if repeated.contains(&ind) {
                for subject in a.about(j, ind) {
                    let v = repeated_by_subject.entry(subject).or_default();
                    if !v.contains(&(j, ind)) {
                        v.push((j, ind));
                    }
                }
            }
        }
    }
    // Concerns by subject, in time order; and those of lasting indicators
    // alone, cited before the lookback too.
    let mut by_subject: HashMap<i64, Vec<(i64, usize)>> = HashMap::new();
    let mut lasting_by_subject: HashMap<i64, Vec<(i64, usize)>> = HashMap::new();
    for (c, concern) in a.concerns.iter().enumerate() {
        let lo = span(&a.records[concern.position]).lo;
        by_subject.entry(concern.subject).or_default().push((lo, c));
        if lasting.contains(&concern.indicator) {
            lasting_by_subject
                .entry(concern.subject)
                .or_default()
                .push((lo, c));
        }
    }
    for v in by_subject
        .values_mut()
        .chain(lasting_by_subject.values_mut())
    {
        v.sort_unstable();
    }
    let children: HashSet<i64> = a.children().into_iter().collect();
    // Injuries, seen again in the days after: one episode.
    let episodic: Vec<u32> = ["injury", "suspected-nai"]
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // agency → (when, index) of its latest flag, which its decisions in the
    // next JOIN_DAYS join.
    let mut latest: HashMap<i64, (i64, usize)> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        let Some(decision) = &a.facts[i].decision else {
            continue;
        };
        // Only a landlord or a housing authority ends a tenancy: another
        // agency's note of the warrant tells of the landlord's decision.
        let housing = r.agency_kind == AgencyKind::Housing;
        if !housing && decision.kinds.iter().all(|k| *k == DecisionKind::Eviction) {
            continue;
        }
        let deciding = decision
            .kinds
            .iter()
            .any(|k| !matches!(k, DecisionKind::Discharged | DecisionKind::ReturnedHome));
        // A hospital sending a baby home is a decision about the baby's
        // safety: it counts when what was held elsewhere was harm or risk
        // in the household the baby went home to.
        let baby_home = !deciding
            && r.agency_kind == AgencyKind::Hospital
            && decision.kinds.contains(&DecisionKind::Discharged)
            && birth_before(ctx, i);
        // A parent discharged with a judgement on the children's safety
        // ("Safeguarding: no concerns identified, baby appeared well cared
        // for"): a decision about them, weighed as social care's is.
        let judged_safe = !deciding
            && decision.kinds.contains(&DecisionKind::Discharged)
            && judges_children_safe(r);
        let deciding = deciding || judged_safe;
        // A landlord ending the family's home decides where every child of
        // the household will live, whether its record names them or not.
        let evicting = housing && decision.kinds.contains(&DecisionKind::Eviction);
        if !(deciding || baby_home) || !ctx.own_decision(i) || !(a.names_subjects[i] || evicting) {
            continue;
        }
        // A decision about a pregnant mother naming no child ("does not
        // meet threshold for pre-birth referral") is a decision about the
        // baby to come: weighed as a baby sent home is.
        let unborn = deciding
            && !a.record_subjects[i].iter().any(|s| children.contains(s))
            && tells_pregnancy(r);
        let baby_home = baby_home || unborn;
        // The police decide on incidents: a call-out that records no concern
        // ("child lost in the park, found, no concerns") is no decision about
        // the child's safety.
        if r.agency_kind == AgencyKind::Police && a.facts[i].indicators.is_empty() {
            continue;
        }
        if after_leaving_roll(ctx, i) {
            continue;
        }
        // "Adult with dependants – referral already made by NWAS – no
        // further action": a decision not to refer again, the children's
        // safety left with social care, which was told.
        if r.agency_kind != AgencyKind::ChildrensSocialCare && tells_already_referred(r) {
            continue;
        }
        let at = span(r);
        // An adult approved to collect the child: what bears on that
        // decision is what was held about the adults it names (a partner's
        // convictions), not every concern about the child.
        let allowing = decision
            .kinds
            .iter()
            .all(|k| *k == DecisionKind::ContactAllowed);
        let adults: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|s| !children.contains(s))
            .collect();
        // (holder, indicator) → records, in time order.
        let mut held: BTreeMap<(i64, u32), Vec<i64>> = BTreeMap::new();
        let mut about = Vec::new();
        let mut serious = false;
        // A baby sent home: what bears on any child of the family (a
        // father's harm to an earlier child) bears on the baby.
        // A decision recorded about the adults that tells of a child there
        // ("Child heard crying inside – not seen. NFA") is about the
        // review's children, as a judgement on their safety is.
        let named_children = a.record_subjects[i].iter().any(|s| children.contains(s));
        let subjects: Vec<i64> =
            if baby_home || evicting || ((judged_safe || tells_of_a_child(r)) && !named_children) {
                ctx.children.clone()
            } else {
                a.record_subjects[i]
                    .iter()
                    .copied()
                    .filter(|s| children.contains(s))
                    .collect()
            };
        for &subject in &subjects {
            let Some(v) = by_subject.get(&subject) else {
                continue;
            };
            let from = if lookback > 0 {
                at.lo - lookback
            } else {
                i64::MIN
            };
            let start = v.partition_point(|(lo, _)| *lo < from);
            let older = lasting_by_subject
                .get(&subject)
                .map_or(&[][..], |l| &l[..l.partition_point(|(lo, _)| *lo < from)]);
            for &(_, c) in older
                .iter()
                .chain(v[start..].iter().take_while(|(lo, _)| *lo < at.lo))
            {
                let concern = a.concerns[c];
                let origin = &a.records[concern.position];
                if origin.agency_id == r.agency_id
                    || (allowing
                        && !a.record_subjects[concern.position]
                            .iter()
                            .any(|s| adults.contains(s)))
                    || ignored.contains(&concern.indicator)
                    || (evicting && landlords_own.contains(&concern.indicator))
                    || !span(origin).certainly_before(at)
                    || (Some(concern.indicator) == injury
                        && witnessed
                            .as_ref()
                            .is_some_and(|p| seen_happen(a, concern.position, p)))
                {
                    continue;
                }
                // The police decide on an incident, with the checks they can
                // make then: social care's record, and what bears on the
                // incident itself (suspected harm, or what another agency
                // recorded in the month before). A school's note of months
                // ago is not what an officer grading a call weighs.
                if r.agency_kind == AgencyKind::Police
                    && origin.agency_kind != AgencyKind::ChildrensSocialCare
                    && span(origin).lo < at.lo - POLICE_RECENT_DAYS * DAY
                    && !a
                        .indicators
                        .get(concern.indicator as usize)
                        .is_some_and(|d| d.serious)
                {
                    continue;
                }
                let key = Key {
                    subject,
                    indicator: c as u32,
                };
                if a.concern_knowledge.knew_before(r.agency_id, key, at) != Certainty::No {
                    continue;
                }
                // An injury recorded within a fortnight of one the agency
                // already knew of, about the same child, that tells of
                // nothing new ("bruise fading (yellow)" three days after the
                // referral of it) is the same injury seen again.
                if episodic.contains(&concern.indicator)
                    && !tells_new(origin)
                    && v.iter().chain(older.iter()).any(|&(lo, c2)| {
                        let known = a.concerns[c2];
                        c2 != c
                            && known.indicator == concern.indicator
                            && lo <= span(origin).lo
                            && lo >= span(origin).lo - EPISODE_DAYS * DAY
                            && a.concern_knowledge.knew_before(
                                r.agency_id,
                                Key {
                                    subject,
                                    indicator: c2 as u32,
                                },
                                at,
                            ) != Certainty::No
                    })
                {
                    continue;
                }
                // Another agency's account of history ("DA x4 2018-2020,
                // historic") tells nothing new to an agency that already
                // held that kind of concern about the family's children.
                if tells_history(origin)
                    && children.iter().any(|&child| {
                        let kind = Key {
                            subject: child,
                            indicator: concern.indicator,
                        };
                        a.knowledge.knew_before(r.agency_id, kind, at) != Certainty::No
                    })
                {
                    continue;
                }
                held.entry((origin.agency_id, concern.indicator))
                    .or_default()
                    .push(origin.id);
                serious |= a
                    .indicators
                    .get(concern.indicator as usize)
                    .is_some_and(|d| d.serious);
                if !about.contains(&subject) {
                    about.push(subject);
                }
            }
        }
        if r.agency_kind == AgencyKind::ChildrensSocialCare {
            for &subject in &subjects {
                let held_there = repeated_by_subject
                    .get(&subject)
                    .map_or(&[][..], Vec::as_slice);
                for (holder, ind, records) in
                    repeated_elsewhere(ctx, held_there, i, subject, lookback)
                {
                    let v = held.entry((holder, ind)).or_default();
                    for id in records {
                        if !v.contains(&id) {
                            v.push(id);
                        }
                    }
                    if !about.contains(&subject) {
                        about.push(subject);
                    }
                }
            }
        }
        if baby_home {
            held.retain(|(_, ind), _| {
                newborn.contains(ind) || a.indicators.get(*ind as usize).is_some_and(|d| d.serious)
            });
        }
        if held.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&about);
        let Cited {
            evidence,
            parts,
            held_by,
        } = ctx.cite_held(&mut held, |ind, agency, since| {
            format!("{ind} (held by {agency} since {since})")
        });
        // One point, one flag: the agency's decision again within a few
        // days of one flagged (the warrant approved, then applied for; the
        // case closed, then the closure letter) joins that flag.
        if let Some(&(lo, flag)) = latest.get(&r.agency_id) {
            if at.lo - lo <= JOIN_DAYS * DAY {
                let again = format!(
                    "{} too ({})",
                    decision_text(r, decision.kind),
                    ctx.quote(&r.text)
                );
                if let Some(f) = ctx.out.get_mut(flag) {
                    let new: Vec<&String> = parts
                        .iter()
                        .filter(|p| !f.explanation.contains(p.as_str()))
                        .collect();
                    let also = if new.is_empty() {
                        "still without that information".to_string()
                    } else {
                        format!(
                            "without that information, nor {}",
                            list(&new.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                        )
                    };
                    f.explanation.push_str(&format!(" It {again}, {also}."));
                    for e in std::iter::once(r.id).chain(evidence) {
                        if !f.evidence.contains(&e) {
                            f.evidence.push(e);
                        }
                    }
                    for h in held_by {
                        if !f.held_by.contains(&h) {
                            f.held_by.push(h);
                        }
                    }
                    if serious {
                        f.severity = Severity::High;
                    }
                    continue;
                }
            }
        }
        let holders: BTreeSet<String> = held_by.iter().map(|h| h.agency.clone()).collect();
        let explanation = format!(
            "{who} {} about {subject} ({}). At that time information bearing on {subject} was held elsewhere and had not reached {who}: {}.",
            decision_text(r, decision.kind),
            ctx.quote(&r.text),
            list(&parts)
        );
        let title = format!(
            "{who} {} without information held by {}",
            decision_text(r, decision.kind),
            list(&holders.into_iter().collect::<Vec<_>>())
        );
        let before = ctx.out.len();
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who,
            subject,
            severity: if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title,
            explanation,
            evidence,
            held_by,
        });
        if ctx.out.len() > before {
            latest.insert(r.agency_id, (at.lo, before));
        }
    }
}

/// For social care's decision at position `i` about `subject`: each other
/// agency that recorded one of the repeated indicators about the child
/// (`held_there`: the first-hand records of them about the child, with the
/// indicator) at least twice in the `lookback` before it, when social care
/// had learned of none of them, with those records (a child not brought to
/// appointment after appointment, held by the hospital alone).
fn repeated_elsewhere(
    ctx: &Context<'_>,
    held_there: &[(usize, u32)],
    i: usize,
    subject: i64,
    lookback: i64,
) -> Vec<(i64, u32, Vec<i64>)> {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r);
    let from = if lookback > 0 {
        at.lo - lookback
    } else {
        i64::MIN
    };
    let mut by_holder: BTreeMap<(i64, u32), Vec<i64>> = BTreeMap::new();
    for &(j, ind) in held_there {
        let origin = &a.records[j];
        if origin.agency_id == r.agency_id
            || span(origin).lo < from
            || !span(origin).certainly_before(at)
        {
            continue;
        }
        let v = by_holder.entry((origin.agency_id, ind)).or_default();
        if !v.contains(&origin.id) {
            v.push(origin.id);
        }
    }
    by_holder
        .into_iter()
        .filter(|(_, records)| records.len() >= 2)
        .filter(|((_, ind), _)| {
            let key = Key {
                subject,
                indicator: *ind,
            };
            a.knowledge.knew_before(r.agency_id, key, at) == Certainty::No
        })
        .map(|((holder, ind), records)| (holder, ind, records))
        .collect()
}

/// Days before a school's closure within which its record of the child
/// leaving its roll makes the closure its last act for a former pupil.
const LEFT_ROLL_DAYS: i64 = 14;

/// True for a school's closure of its own case on a child who had left its
/// roll: its record of taking the child off roll (the patterns of
/// `not-in-school`'s `duty`) in the fortnight before, or in the same
/// record. Its file on a former pupil closes; it decides nothing about the
/// child's safety.
fn after_leaving_roll(ctx: &Context<'_>, i: usize) -> bool {
    let a = ctx.a;
    let r = &a.records[i];
    if r.agency_kind != AgencyKind::School {
        return false;
    }
    let Some(off_roll) = Patterns::new(&ctx.rules.not_in_school.duty) else {
        return false;
    };
    let at = span(r).lo;
    ctx.took_off_roll(
        &off_roll,
        r.agency_id,
        &ctx.named_children(i),
        at - LEFT_ROLL_DAYS * DAY,
        at,
    )
}

/// Whether the hospital of record `i` recorded a birth in the fortnight
/// before it ("SVD live female", "born 19/05"): its discharge sends a
/// newborn home.
fn birth_before(ctx: &Context<'_>, i: usize) -> bool {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    (0..=i)
        .rev()
        .map(|j| &a.records[j])
        .take_while(|x| at - span(x).lo <= 14 * DAY)
        .any(|x| {
            x.agency_id == r.agency_id
                && written(x).any(|t| {
                    let t = t.to_lowercase();
                    [
                        "svd",
                        "born",
                        "birth of",
                        "delivered",
                        "lscs",
                        "caesarean",
                        "newborn",
                    ]
                    .iter()
                    .any(|w| t.contains(w))
                })
        })
}

/// Whether a record judges the children safe ("Safeguarding: no concerns
/// identified", "no safeguarding concerns", "baby appeared well cared for").
fn judges_children_safe(r: &Record) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:safeguarding(?: concerns)?\s*[:\-–]\s*(?:no concerns|none|nil|no)\b|no safeguarding concerns|(?:baby|child|children) (?:appeared|appears|seemed|is|was|were) well cared for)",
        )
        .expect("valid")
    });
    written(r).any(|t| WORDS.is_match(t))
}

/// Whether a record tells of a child without naming one ("Child heard
/// crying inside", "kids in the living room", "baby asleep upstairs"), or
/// of a child's time with a parent ("s7 report filed: contact to move to
/// the community, alternate weekends, handovers at McDonald's").
fn tells_of_a_child(r: &Record) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:child|children|kids|baby|toddler|infant|child arrangements|s\.?\s?7 report|section 7 report|handovers?|overnights?|alternate weekends|(?:supervised|unsupervised|overnight|direct|indirect|community|staying) contact|contact (?:to|will|should) (?:move|progress|continue|resume|increase|be))\b",
        )
        .expect("valid")
    });
    written(r).any(|t| WORDS.is_match(t))
}

/// Whether a record is about a pregnancy ("pre-birth", "unborn",
/// "antenatal", "29/40", "EDD").
fn tells_pregnancy(r: &Record) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:pre-?birth|unborn|ante-?natal|anc|pregnan\w*|gestation|edd|booking appointment|\d{1,2}/40|\d{1,2}\s?(?:wks|weeks) pregnant)\b",
        )
        .expect("valid")
    });
    written(r).any(|t| WORDS.is_match(t))
}

/// Whether a record tells of history rather than of something new: it
/// says so ("historic", "history", "previous", "prior") or spans years
/// ("DA x4 2018-2020").
fn tells_history(r: &Record) -> bool {
    let text = r.text.to_lowercase();
    ["historic", "history", "previous", "prior "]
        .iter()
        .any(|w| text.contains(w))
        || text.as_bytes().windows(9).any(|w| {
            w[..4].iter().all(u8::is_ascii_digit)
                && (w[4] == b'-' || w[4] == b'/')
                && w[5..].iter().all(u8::is_ascii_digit)
                && w[..2] == w[5..7]
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Asserts one flag, at `agency`, whose explanation says `says`, with
    /// `holder` first among the agencies holding what it lacked.
    fn assert_one_flag(flags: &[Flag], agency: &str, says: &str, holder: &str) {
        assert_eq!(flags.len(), 1, "{flags:#?}");
        let f = &flags[0];
        assert_eq!(f.agency, agency);
        assert!(f.explanation.contains(says), "{}", f.explanation);
        assert_eq!(f.held_by[0].agency, holder);
    }

    /// A crisis team discharges a mother judging the baby safe, while the
    /// health visitor held her telling that the baby was "the wrong one":
    /// flagged at the discharge, whether or not the discharge note names
    /// her (a team's note naming nobody is about its client). With no
    /// judgement on the children it is a discharge like any other, not
    /// flagged.
    #[test]
    fn a_parent_discharged_as_no_safeguarding_concern_without_what_was_held() {
        let case = |judged: &str, named: &str| {
            Scenario::new()
                .agency("Newport Crisis Team", "other")
                .agency("Newport Health Visiting", "health_visiting")
                .record(
                    "Newport Health Visiting",
                    "14/11/2023",
                    "Oscar Reid",
                    "Home visit. Kayleigh alone with Oscar (6 wks). Says baby is 'the wrong one', hearing voices at night. Mental health crisis.",
                )
                .record(
                    "Newport Crisis Team",
                    "08/11/2023",
                    "Kayleigh Morgan",
                    "Referral accepted from ward. Postpartum psychosis. Lives with partner and baby Oscar.",
                )
                .record(
                    "Newport Crisis Team",
                    "24/11/2023",
                    named,
                    &format!("Discharged from crisis team to CMHT. {judged} Letters to GP and CMHT."),
                )
                .flags_of(INFO.id)
        };
        let judged = "Safeguarding: no concerns identified, baby appeared well cared for.";
        for named in ["Kayleigh Morgan", ""] {
            let flags = case(judged, named);
            assert_eq!(flags.len(), 1, "{named:?}: {flags:#?}");
            assert_eq!(flags[0].agency, "Newport Crisis Team");
            assert!(flags[0].at.starts_with("2023-11-24"), "{}", flags[0].at);
        }
        assert!(case("Meds reviewed.", "Kayleigh Morgan").is_empty());
    }

    /// An emergency department's "no further action" because the ambulance
    /// crew had already referred the children is no decision on their
    /// safety: not flagged, though a drug service held the mother's
    /// drinking. The same note without the referral is.
    #[test]
    fn no_further_action_as_another_already_referred_is_not_flagged() {
        let case = |ed: &str| {
            Scenario::new()
                .agency("Pathways Recovery", "other")
                .agency("Royal Blackburn ED", "hospital")
                .record(
                    "Pathways Recovery",
                    "05/12/2023",
                    "Jayden Ashworth",
                    "Keywork. Kerry drinking 3L cider a day, alcohol dependent. Jayden (13) doing the shopping.",
                )
                .record("Royal Blackburn ED", "27/12/2023", "Jayden Ashworth", ed)
                .flags_of(INFO.id)
        };
        assert!(case("Mother intoxicated, fall. Dependants: 2 children at home. Referral already made by NWAS - no further action.").is_empty());
        assert_eq!(
            case("Mother intoxicated, fall. Dependants: 2 children at home. No further action.")
                .len(),
            1
        );
    }

    /// Social care closes a case while the police hold a domestic abuse
    /// incident about the child that never reached it.

    #[test]
    fn a_closure_without_what_the_police_held_is_flagged_with_the_holder() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Police", "02/03/2021 22:10", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh (4). Mother assaulted by her partner; Ellie present and crying.")
            .record("Harwick Children's Social Care", "20/02/2021", "Ellie Marsh", "Contact from nursery about Ellie Marsh's attendance.")
            .record("Harwick Children's Social Care", "10/03/2021", "Ellie Marsh", "Single assessment of Ellie Marsh concluded. Mother engaging.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert_one_flag(
            &flags,
            "Harwick Children's Social Care",
            "held by Harwick Police since 02/03/2021",
            "Harwick Police",
        );
        assert!(flags[0].at.starts_with("2021-03-10"), "{}", flags[0].at);
    }

    /// A court adviser's report recommending overnight contact, in a
    /// record naming only the grandmother who will drive, decides about
    /// the child's time with her father: made without the police's record
    /// of his assault at a handover, it is flagged.
    #[test]
    fn a_contact_recommendation_naming_no_child_is_a_decision_about_the_child() {
        let flags = Scenario::new()
            .agency("South Yorkshire Police", "police")
            .agency("Cafcass", "other")
            .record("Cafcass", "01/03/2024", "Poppy Harrington", "Safeguarding letter: Poppy Harrington, checks with police and CSC requested.")
            .record("South Yorkshire Police", "04/05/2024 15:10", "Poppy Harrington", "Assault at contact handover, McDonald's car park: father Jordan Pike pushed mother Chloe Harrington, Poppy Harrington present and crying. Domestic abuse, father smelt of alcohol.")
            .record("Cafcass", "09/05/2024", "Sandra Pike", "s7 report filed. Recommendation: contact to move to the community with handovers at McDonald's (paternal grandmother Sandra Pike to drive), alternate weekends from 01/06. Risk assessed as low.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Cafcass");
        assert!(flags[0].at.starts_with("2024-05-09"), "{flags:#?}");
        assert_eq!(flags[0].held_by[0].agency, "South Yorkshire Police");
    }

    /// A school adding the mother's new partner as the child's authorised
    /// collector decides who may take the child: taken without the
    /// partner's convictions the probation service held, it is flagged;
    /// the child's own low weight, held by the GP, does not bear on it.
    #[test]
    fn an_adult_approved_to_collect_without_what_was_held_about_him_is_flagged() {
        let case = |held: &str| {
            Scenario::new()
                .agency("Eastvale Probation", "probation")
                .agency("Ash Surgery", "gp")
                .agency("St Barnabas Primary School", "school")
                .record("St Barnabas Primary School", "06/09/2023", "Tyler Brennan", "Start of year data check for Tyler Brennan. Contacts: Mum (Kayleigh Brennan).")
                .record(held.split('|').next().unwrap(), "13/09/2023", held.split('|').nth(1).unwrap(), held.split('|').nth(2).unwrap())
                .record("St Barnabas Primary School", "21/11/2023", "Tyler Brennan", "Mum Kayleigh Brennan asked for her partner Danny Roscoe to be added for collection of Tyler Brennan.")
                .outcome("Added to SIMS as authorised collector (partner). No concerns.")
                .flags_of(INFO.id)
        };
        let flags = case("Eastvale Probation|Danny Roscoe|Danny Roscoe, registered sex offender on licence, discloses a relationship with Kayleigh Brennan, who has a son Tyler Brennan (7).");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-11-21"), "{}", flags[0].at);
        assert!(
            flags[0]
                .explanation
                .contains("approved an adult to collect the child"),
            "{}",
            flags[0].explanation
        );
        let flags = case("Ash Surgery|Tyler Brennan|Tyler Brennan weighed: below the 2nd centile, weight faltering. Dietitian referral.");
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// One point, one flag: the agency's decision again within the week
    /// (the closure, then the closure letter) joins the first flag as its
    /// evidence; a decision a fortnight on is a point of its own.
    #[test]
    fn the_same_agency_deciding_again_within_the_week_is_one_flag() {
        let case = |again: &str| {
            Scenario::new()
                .agency("Harwick Police", "police")
                .agency("Harwick Children's Social Care", "childrens_social_care")
                .record("Harwick Police", "02/03/2021 22:10", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh (4). Mother assaulted by her partner; Ellie present and crying.")
                .record("Harwick Children's Social Care", "20/02/2021", "Ellie Marsh", "Contact from nursery about Ellie Marsh's attendance.")
                .record("Harwick Children's Social Care", "10/03/2021", "Ellie Marsh", "Single assessment of Ellie Marsh concluded. Mother engaging.")
                .outcome("Case closed. NFA.")
                .record("Harwick Children's Social Care", again, "Ellie Marsh", "Closure letter to mother. Case closed to CSC.")
                .flags_of(INFO.id)
        };
        let flags = case("12/03/2021");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-03-10"), "{}", flags[0].at);
        assert_eq!(flags[0].evidence.len(), 3, "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("closed the case on 12/03/2021 too"),
            "{}",
            flags[0].explanation
        );
        assert_eq!(case("24/03/2021").len(), 2);
    }

    /// A landlord applying for a warrant to evict decides where the
    /// household's children will live, though its checklist names none of
    /// them: taken without the threats the money adviser held, it is
    /// flagged; the arrears and the notice the adviser also held are the
    /// landlord's own business, no information it lacked.
    #[test]
    fn an_eviction_without_what_was_held_about_the_household_is_flagged() {
        let case = |held: &str| {
            Scenario::new()
                .agency("Ringland Money Advice", "other")
                .agency("Cartref Housing", "housing")
                .agency("Llanwern High School", "school")
                .record("Llanwern High School", "04/03/2024", "Cerys Pryce", "Cerys Pryce (14) in Y9, attendance 95%.")
                .record("Ringland Money Advice", "11/06/2024", "Sian Pryce", held)
                .record("Cartref Housing", "19/09/2024", "", "Pre-eviction vulnerability checklist: household 2 adults + 2 children. Known vulnerabilities: none recorded. Approved by Income Manager - apply for warrant.")
                .flags_of(INFO.id)
        };
        let flags = case("Mrs Pryce upset. A man came to the door at night demanding money her husband borrowed, said he knows where the kids go to school.");
        assert_one_flag(
            &flags,
            "Cartref Housing",
            "end the family's tenancy",
            "Ringland Money Advice",
        );
        let flags = case("Mrs Pryce: rent arrears £2,300, notice seeking possession received, eviction threatened. Budget done.");
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A school's exclusion is a decision about the child: taken without
    /// the self-harm the GP held, it is flagged.
    #[test]
    fn an_exclusion_without_what_the_gp_held_is_flagged() {
        let flags = Scenario::new()
            .agency("Elm Surgery", "gp")
            .agency("Harwood High School", "school")
            .record("Elm Surgery", "04/03/2024", "Harvey Lomax", "Harvey Lomax (15) seen alone. Low mood, self-harm by cutting forearms, suicidal thoughts. CAMHS referral.")
            .record("Harwood High School", "01/02/2024", "Harvey Lomax", "Harvey Lomax late to lessons. Detention.")
            .record("Harwood High School", "26/04/2024", "Harvey Lomax", "Headteacher decision: permanent exclusion after assault on a pupil. No safeguarding concerns on file.")
            .flags_of(INFO.id);
        assert_one_flag(
            &flags,
            "Harwood High School",
            "excluded the child from school",
            "Elm Surgery",
        );
        // A sprain the coach saw happen is no concern the school lacked.
        let flags = Scenario::new()
            .agency("Castlebrook Hospital", "hospital")
            .agency("Harwood High School", "school")
            .record(
                "Castlebrook Hospital",
                "16/09/2023",
                "Jayden Cole",
                "Jayden Cole (15): ankle sprain at football, witnessed by coach. Mum present.",
            )
            .record(
                "Harwood High School",
                "01/09/2023",
                "Jayden Cole",
                "Jayden Cole started Year 11.",
            )
            .record(
                "Harwood High School",
                "08/11/2023",
                "Jayden Cole",
                "Fight in canteen. Fixed-term suspension 5 days.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A health visitor's record of the incident social care already knew
    /// of ("re DA incident 03/06"), and a GP's note of the strategy
    /// discussion it attended, tell social care nothing new: its decision
    /// is not flagged for them.
    #[test]
    fn the_same_incident_told_again_and_a_meeting_note_are_not_missing_information() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Health Visiting", "health_visiting")
            .agency("Elm Surgery", "gp")
            .record("Harwick Police", "03/06/2023 23:40", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh (2). Mother assaulted by her partner, cut lip.")
            .record("Harwick Police", "04/06/2023 01:50", "Ellie Marsh", "PPN submitted to Harwick Children's Social Care about Ellie Marsh.")
            .record("Harwick Health Visiting", "05/06/2023", "Ellie Marsh", "MASH request re DA incident 03/06. Health information shared same day.")
            .record("Elm Surgery", "06/06/2023 10:00", "Ellie Marsh", "Strategy discussion attended. Mother's injury from the assault discussed.")
            .record("Harwick Children's Social Care", "06/06/2023 10:00", "Ellie Marsh", "Strategy discussion held with police, health visitor and GP.")
            .record("Harwick Children's Social Care", "14/06/2023", "Ellie Marsh", "Single assessment of Ellie Marsh concluded. Mother protective.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The bruise the health visitor referred, seen again fading three days
    /// later, is the injury social care already knew of; a new bruise is
    /// new information.
    #[test]
    fn an_injury_seen_again_is_no_new_information() {
        let case = |again: &str| {
            Scenario::new()
                .agency("Norfolk Health Visiting", "health_visiting")
                .agency("Norfolk Children's Services", "childrens_social_care")
                .record("Norfolk Health Visiting", "11/06/2024 10:30", "Ruby Marsh", "Ruby Marsh (7/12) non-mobile: bruise to L ear, approx 1cm.")
                .record("Norfolk Health Visiting", "11/06/2024 11:05", "Ruby Marsh", "Rang Norfolk Children's Services MASH: bruise to Ruby Marsh's ear, referral made.")
                .record("Norfolk Health Visiting", "14/06/2024 10:00", "Ruby Marsh", again)
                .record("Norfolk Children's Services", "19/06/2024 14:30", "Ruby Marsh", "Single assessment of Ruby Marsh completed. Case closed.")
                .flags_of(INFO.id)
        };
        let flags = case("Ruby Marsh seen. Bruise fading (yellow). Feeding well.");
        assert!(flags.is_empty(), "{flags:#?}");
        let flags = case("Ruby Marsh seen. New bruise to her upper arm, 2cm.");
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// A new incident the health visitor heard of, on another day, is new
    /// information: the decision is flagged with it.
    #[test]
    fn a_new_incident_named_on_another_day_is_still_missing_information() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .agency("Harwick Health Visiting", "health_visiting")
            .record("Harwick Police", "03/06/2023 23:40", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh (2). Mother assaulted by her partner, cut lip.")
            .record("Harwick Police", "04/06/2023 01:50", "Ellie Marsh", "PPN submitted to Harwick Children's Social Care about Ellie Marsh.")
            .record("Harwick Health Visiting", "12/06/2023", "Ellie Marsh", "Mum disclosed a further DA incident on 10/06: partner pushed her down the stairs.")
            .record("Harwick Children's Social Care", "14/06/2023", "Ellie Marsh", "Single assessment of Ellie Marsh concluded. Mother protective.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].held_by[0].agency, "Harwick Health Visiting");
    }

    /// The same closure after the police passed the incident on: nothing
    /// was missing, so nothing is flagged.
    #[test]
    fn a_closure_after_the_information_arrived_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Police", "02/03/2021 22:10", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh (4). Mother assaulted by her partner; Ellie present and crying.")
            .record("Harwick Police", "03/03/2021 09:00", "Ellie Marsh", "PPN submitted to Harwick Children's Social Care about Ellie Marsh.")
            .record("Harwick Children's Social Care", "20/02/2021", "Ellie Marsh", "Contact from nursery about Ellie Marsh's attendance.")
            .record("Harwick Children's Social Care", "10/03/2021", "Ellie Marsh", "Single assessment of Ellie Marsh concluded. Mother engaging.")
            .outcome("Case closed. NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The police close a call-out that records no concern (a child lost
    /// in a park and found): no decision about the child's safety, whatever
    /// the school held.
    #[test]
    fn a_police_call_out_with_no_concern_is_no_decision_about_the_child() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Primary School", "school")
            .record("Harwick Primary School", "05/03/2024", "Josh Marsh", "Josh Marsh came in hungry and unwashed again; neglect concerns logged.")
            .record("Harwick Police", "18/05/2024 15:42", "Josh Marsh", "Call from mother: Josh Marsh (5) wandered from her in the park and was found by park staff 20 minutes later, unharmed.")
            .outcome("Closed - no further police action. No concerns.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A school closes its attendance case the day after a parent's notice
    /// of home education took the child off its roll: its file on a former
    /// pupil closes, whatever others held.
    #[test]
    fn a_school_closing_its_file_on_a_child_it_took_off_roll_is_no_decision() {
        let closing = |off_roll: bool| {
            let mut c = Scenario::new()
                .agency("Kelbrook Police", "police")
                .agency("Harrowby Academy", "school")
                .record(
                    "Kelbrook Police",
                    "02/02/2024",
                    "Callum Whitby",
                    "DA incident at the address, Callum (13) present. Partner arrested for assault on Mum.",
                );
            if off_roll {
                c = c.record(
                    "Harrowby Academy",
                    "24/09/2024",
                    "Callum Whitby",
                    "Callum removed from roll - EHE (written notice from parent). EHE team notified.",
                );
            }
            c.record(
                "Harrowby Academy",
                "25/09/2024",
                "Callum Whitby",
                "Attendance and pastoral case reviewed. Case closed, NFA.",
            )
            .flags_of(INFO.id)
        };
        let flags = closing(true);
        assert!(flags.is_empty(), "{flags:#?}");
        // The same closure on a pupil still on its roll decides.
        let flags = closing(false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// A maternity unit sending a newborn home while probation held the
    /// father's risk to children decides without it; sending a pregnant
    /// mother home from triage decides nothing about a baby.
    #[test]
    fn a_newborn_sent_home_without_what_was_held_is_flagged() {
        let case = |births: bool| {
            let mut s = Scenario::new()
                .agency("Lowmoor Probation", "probation")
                .agency("Calder Maternity", "hospital")
                .record(
                    "Lowmoor Probation",
                    "14/11/2023",
                    "Shannon Ridley",
                    "JP on licence, RoSH high to children. Partner Shannon Ridley pregnant.",
                );
            if births {
                s = s.record(
                    "Calder Maternity",
                    "19/05/2024",
                    "Shannon Ridley",
                    "SVD live female 2.41kg.",
                );
            }
            s.record(
                "Calder Maternity",
                "22/05/2024",
                "Shannon Ridley",
                "Discharged home with both parents. Safeguarding checklist: no concerns.",
            )
            .agency("Lowmoor Health Visiting", "health_visiting")
            .record(
                "Lowmoor Health Visiting",
                "28/05/2024",
                "Ava-Rose Ridley",
                "New birth visit. Ava-Rose (9 days) seen, feeding well.",
            )
            .flags_of(INFO.id)
        };
        let flags = case(true);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Calder Maternity");
        assert!(flags[0].at.starts_with("2024-05-22"), "{}", flags[0].at);
        let flags = case(false);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Midwifery decides at the pregnant mother's vulnerability review that
    /// no pre-birth referral is needed while the police held a domestic
    /// assault on her: a decision about the baby to come, made without it.
    #[test]
    fn a_pre_birth_decision_without_what_was_held_is_flagged() {
        let flags = Scenario::new()
            .agency("Northfield Constabulary", "police")
            .agency("Northfield Maternity", "hospital")
            .record(
                "Northfield Constabulary",
                "12/10/2023",
                "Chantelle Hughes",
                "DA - Chantelle Hughes assaulted by partner Reece Dawson, bruising to arm.",
            )
            .record(
                "Northfield Maternity",
                "12/12/2023",
                "Chantelle Hughes",
                "Pre-birth vulnerability review: no DA disclosed. Does not meet threshold for pre-birth referral.",
            )
            .record(
                "Northfield Maternity",
                "08/02/2024",
                "Leo Dawson",
                "SVD live male 3.02kg. Baby Leo well.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Northfield Maternity");
        assert!(flags[0].at.starts_with("2023-12-12"), "{}", flags[0].at);
    }

    /// What early help held of the household's rent arrears is no risk a
    /// maternity unit weighs in sending a newborn home.
    #[test]
    fn rent_arrears_held_elsewhere_do_not_count_against_a_newborn_going_home() {
        let flags = Scenario::new()
            .agency("Northshire Early Help", "other")
            .agency("Northshire Maternity", "hospital")
            .record(
                "Northshire Early Help",
                "26/01/2023",
                "Chloe Barnes",
                "First home visit. Needs: baby equipment, rent arrears of approx £310, UC claim.",
            )
            .record(
                "Northshire Maternity",
                "14/03/2023",
                "Chloe Barnes",
                "SVD live female 3.3kg.",
            )
            .record(
                "Northshire Maternity",
                "16/03/2023",
                "Chloe Barnes",
                "Discharged home with baby. Mixed feeding.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The police's account of a mother's abuse years ago tells a health
    /// visitor who already recorded that history nothing new.
    #[test]
    fn history_already_held_is_nothing_new() {
        let case = |hv_knew: bool| {
            let mut s = Scenario::new()
                .agency("Westshire Police", "police")
                .agency("Westerleigh Health Visiting", "health_visiting")
                .record(
                    "Westshire Police",
                    "18/04/2024",
                    "Freya Ellison",
                    "PNC and local checks. Lee MARSH - DA x4 2018-2020 against the mother; historic.",
                );
            if hv_knew {
                s = s.record(
                    "Westerleigh Health Visiting",
                    "15/04/2024",
                    "Freya Ellison",
                    "Antenatal contact. History: domestic abuse by ex-partner 2018-2020.",
                );
            }
            s.record(
                "Westerleigh Health Visiting",
                "22/05/2024",
                "Freya Ellison",
                "Universal plus. Case closed to targeted work.",
            )
            .flags_of(INFO.id)
        };
        assert_eq!(case(false).len(), 1, "{:#?}", case(false));
        assert!(case(true).is_empty(), "{:#?}", case(true));
    }

    /// Social care closes its assessment after the GP's reply "no
    /// safeguarding concerns on GP record", while the hospital had recorded
    /// the child not brought twice and discharged: flagged, citing the
    /// hospital. One missed appointment, or a reply that passed the missed
    /// appointments on, is not flagged.
    #[test]
    fn a_closure_without_a_pattern_of_missed_appointments_held_elsewhere_is_flagged() {
        let case = |misses: &[&str], reply: &str| {
            let mut s = Scenario::new()
                .agency("Carrow Children's Services", "childrens_social_care")
                .agency("Northfold Hospital", "hospital")
                .agency("Thornbury Surgery", "gp")
                .record(
                    "Carrow Children's Services",
                    "22/01/2024",
                    "Kacey Tranter",
                    "PPN from police: DA at home, Kacey present. Single assessment opened.",
                );
            for day in misses {
                s = s.record(
                    "Northfold Hospital",
                    day,
                    "Kacey Tranter",
                    "Paediatric dentistry: Kacey not brought.",
                );
            }
            s.record("Thornbury Surgery", "08/03/2024", "Kacey Tranter", reply)
                .record(
                    "Carrow Children's Services",
                    "19/03/2024",
                    "Kacey Tranter",
                    "Single assessment completed. Mum engaging. Outcome: NFA.",
                )
                .flags_of(INFO.id)
        };
        let reply =
            "Reply to SW: registered, imms up to date, no safeguarding concerns on GP record.";
        let flags = case(&["06/02/2024", "27/02/2024"], reply);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Carrow Children's Services");
        assert!(
            flags[0]
                .explanation
                .contains("missed health appointment (held by Northfold Hospital"),
            "{}",
            flags[0].explanation
        );
        assert!(case(&["06/02/2024"], reply).is_empty());
        let told = "Reply to SW: not brought to dentistry twice in February.";
        assert!(case(&["06/02/2024", "27/02/2024"], told).is_empty());
    }

    /// The health visitor recorded domestic abuse; social care steps the
    /// case down at a child in need review. When the health visitor's own
    /// record shows it at the same review that day, it was there: nothing
    /// is flagged. With no such record, social care decided without it.
    #[test]
    fn each_agency_s_record_of_the_same_review_is_one_meeting() {
        let case = |hv_there: bool| {
            let mut s = Scenario::new()
                .agency("Wexley Children's Social Care", "childrens_social_care")
                .agency("Wexley Health Visiting", "health_visiting")
                .record(
                    "Wexley Health Visiting",
                    "17/10/2023",
                    "Oscar Fairley",
                    "Spoke to Mum: shaken after the DA incident at the weekend.",
                )
                .record(
                    "Wexley Children's Social Care",
                    "21/02/2024",
                    "Oscar Fairley",
                    "CIN review. No further incidents. Step down to early help agreed.",
                );
            if hv_there {
                s = s.record(
                    "Wexley Health Visiting",
                    "21/02/2024",
                    "Oscar Fairley",
                    "CIN review attended. Step-down agreed.",
                );
            }
            s.flags_of(INFO.id)
        };
        assert!(case(true).is_empty(), "{:#?}", case(true));
        assert_eq!(case(false).len(), 1, "{:#?}", case(false));
    }
}
