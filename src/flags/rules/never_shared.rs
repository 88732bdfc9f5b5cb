//! An indicator stayed with the agency that recorded it, while another
//! agency was actively involved with the same person. Judged record by
//! record: a first-hand record of a concern that the agency is not shown
//! passing to anyone in the window, while others were involved.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "never-shared",
    name: "Concern never shared",
    description: "An agency recorded a concern that should travel, another agency was involved \
         with the child at the time, and nothing shows the concern being passed on.",
    severity: "High when the concern kept was suspected significant harm (a suspected non-accidental injury or an allegation of abuse); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "involvement_days",
            meaning: "days within which another agency counts as involved with the child",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "share_days",
            meaning: "days within which passing anything about the person on counts as sharing",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "known_abuse_days",
            meaning: "days within which the agency's own record of domestic abuse in the household makes an adult's injury it records a possible assault",
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
    /// Involvement window, in days either side.
    pub involvement_days: i64,
    /// Indicators considered.
    pub indicators: Vec<String>,
    /// Passing information about the person to another agency within this
    /// many days counts as sharing it.
    pub share_days: i64,
    /// Patterns (regular expressions, case-insensitive) by which a record
    /// says it kept the concern ("not shared outside the Health Board", "no
    /// referral made"): then what else the agency passed on does not count.
    pub kept: Vec<String>,
    /// An injury to an adult of the household, recorded by an agency that
    /// had itself recorded domestic abuse about the household within this
    /// many days before, is a possible assault: a concern about the
    /// children.
    pub known_abuse_days: i64,
    /// Patterns for an adult's injury that the record places away from the
    /// household ("punched by unknown male outside the pub", "fell at
    /// work"): no sign of abuse at home, whatever the agency knew.
    pub away_from_home: Vec<String>,
    /// Patterns for an injury the agency's own staff saw happen ("caught
    /// his hand on the wheelchair tray. Witnessed by J Morley", "accident
    /// form completed"): an accident in its care, no concern it holds.
    pub witnessed: Vec<String>,
    /// Kinds of agency that concerns are sent to: what they hold has
    /// reached the agency meant to act on it.
    pub destinations: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[never-shared]
enabled = true
# Another agency counts as involved if it recorded contact about the same
# child within this many days of the information.
# Basis: Sightline default.
involvement_days = 90
# The agency counts as having passed the concern on if it passed anything
# about the person to another agency within this many days.
# Basis: Sightline default.
share_days = 14
# The concerns that should travel. A parent's substance misuse or mental
# health crisis, and an adult who poses a risk to children, are concerns
# about the children of the household; a child's own self-harm or overdose
# is a concern about that child.
indicators = ["injury", "suspected-nai", "allegation", "sexual-abuse", "domestic-abuse", "neglect", "missing-episode", "exploitation", "substance-misuse", "mental-health-crisis", "adult-risk-to-children", "forced-marriage", "fgm", "fabricated-illness", "self-harm", "young-carer", "cuckooing", "physical-chastisement", "belief-abuse"]
# A record that says it kept the concern is evidence of that, whatever else
# the agency passed on about the child (regular expressions).
kept = [
    '\bnot (?:been )?(?:shared|passed on|passed to|forwarded|disclosed) (?:outside|beyond|with|to)\b',
    '\bnot (?:shared|passed on)\b',
    '\bno (?:referral|notification|onward referral) (?:was )?(?:made|sent|submitted)\b',
    '\b(?:was|were) not (?:told|informed|notified)\b',
    '\bnot (?:referred|reported) (?:to|on)\b',
    '\bno (?:child |children.?s? )?(?:PPN|MASH referral|CSC referral|safeguarding referral|referral to (?:CSC|MASH|children.s services|social care))\b',
    '\b(?:PPN|referral|notification) not (?:submitted|made|sent|completed|required|needed)\b',
    '\bnot disseminated\b',
    '\b(?:Op(?:eration)?\.? )?Encompass\b[^.;]{0,30}\bnot (?:sent|made|done|completed|submitted)\b',
    '\bno referral to (?:MASH|CSC|police|children.s services|social care|social services)\b',
]
# Children's social care is where concerns are sent: a concern it holds has
# reached the agency meant to act on it (what it then decides is for the
# decision rules).
destinations = ["childrens_social_care"]
# An injury to an adult of the household, recorded by an agency that had
# itself recorded domestic abuse about the household within this many days
# before ("says slipped against the bath", seven weeks after she told the GP
# of coercive control), is a possible assault: a concern about the children.
# Basis: Sightline default.
known_abuse_days = 183
# An adult's injury the record places away from the household - a stranger,
# a pub or the street, work, the road - is no sign of abuse at home.
away_from_home = [
    '\b(?:unknown|unidentified|unfamiliar) (?:male|man|men|person|persons|female|woman|youths?|group|assailants?|offenders?)\b',
    '\b(?:a )?strangers?\b',
    '\b(?:outside|in|at|near) (?:the |a )?(?:pub|club|nightclub|bar|shop|takeaway|town cent(?:re|er)|bus station|street)\b',
    '\b(?:at|from) work\b',
    '\b(?:work|workplace|industrial|building site) (?:accident|injury|incident)\b',
    '\b(?:RTC|road traffic (?:collision|accident)|car accident)\b',
]
# A child's injury the agency's own staff saw happen, or recorded on its
# accident form, is an accident in its care: no concern it holds (a
# suspected non-accidental injury still is).
witnessed = [
    '\bwitnessed by (?:staff|a member of staff|(?:\w+ )?(?:staff|teacher|TA|LSA|MDA|MSA|midday assistant|key ?worker|carer|coach|referee|instructor|lifeguard)|(?:(?-i:[A-Z]{2,5}) )?(?-i:[A-Z]\.? [A-Z][a-z]+))\b',
    # A sports injury an independent adult saw happen ("inversion injury in
    # a tackle, seen by coach").
    '\b(?:seen|witnessed) by (?:the |team |club |football |PE )?(?:coach|referee|instructor|lifeguard|PE teacher)\b',
    '\b(?:staff|TA|teacher|key ?worker|carer|lunchtime supervisor|midday supervisor) (?:saw|witnessed)\b',
    '\baccident (?:form|book|report|record|slip)\b',
]
"#;

/// The agencies a concern about children reaches when an adult's record is
/// passed on: social care, health visiting, schools and the police.
const CHILDRENS_AGENCIES: &[AgencyKind] = &[
    AgencyKind::ChildrensSocialCare,
    AgencyKind::HealthVisiting,
    AgencyKind::School,
    AgencyKind::Police,
];

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let window = ctx.rules.never_shared.involvement_days * DAY;
    let share = ctx.rules.never_shared.share_days * DAY;
    let wanted: Vec<u32> = ctx
        .rules
        .never_shared
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let kept = Patterns::new(&ctx.rules.never_shared.kept);
    let away = Patterns::new(&ctx.rules.never_shared.away_from_home);
    let witnessed = Patterns::new(&ctx.rules.never_shared.witnessed);
    let destinations: Vec<AgencyKind> = agency_kinds(&ctx.rules.never_shared.destinations);
    let recorded = recorded_by(a, &wanted);
    let injury = a.indicator_index("injury");
    let domestic = a.indicator_index("domestic-abuse");
    let known_days = ctx.rules.never_shared.known_abuse_days;
    // The concern each record holds, by (record position, indicator, subject).
    let concern_of = &a.concern_held;
    // (agency, subject, indicator) → (end of the flagged episode, flag index).
    let mut episodes: HashMap<(i64, i64, u32), (i64, usize)> = HashMap::new();
    // agency → its latest flag, to join what it recorded in the days just
    // after (the crisis call, then the next day's assessment).
    let mut latest: HashMap<i64, Joined> = HashMap::new();
    answered_nothing(ctx, &wanted);
    let referred_already: Vec<(i64, i64)> = a
        .records
        .iter()
        .filter(|r| tells_already_referred(r))
        .map(|r| (r.agency_id, span(r).lo))
        .collect();
    for (i, r) in a.records.iter().enumerate() {
        // What was said at a strategy discussion, conference or core group
        // held in this record was shared there, with whoever came.
        let meeting = a.facts[i]
            .meeting
            .as_ref()
            .is_some_and(|m| m.held && m.kind != MeetingKind::OtherMeeting);
        if ctx.received(i) || meeting || destinations.contains(&r.agency_kind) {
            continue;
        }
        let at = span(r);
        // "Referral already made by NWAS": the concern is with social care
        // already, by the agency that referred it; so is what the agency's
        // other notes of that attendance, within the day, tell.
        if referred_already
            .iter()
            .any(|&(agency, t)| agency == r.agency_id && (t - at.lo).abs() <= DAY)
        {
            continue;
        }
        let mut inds: Vec<u32> = a.facts[i]
            .indicators
            .iter()
            .map(|h| h.indicator as u32)
            .filter(|x| wanted.contains(x))
            .collect();
        inds.sort_unstable();
        inds.dedup();
        let seen_happen = witnessed.as_ref().is_some_and(|p| seen_happen(a, i, p));
        if seen_happen {
            inds.retain(|x| Some(*x) != injury);
        }
        if inds.is_empty() {
            continue;
        }
        let mut new_inds = Vec::new();
        let mut subjects = Vec::new();
        let mut unaware: BTreeSet<i64> = BTreeSet::new();
        // Whom each concern is about: the children it is recorded about, the
        // household's children for harm between adults, never a child for an
        // adult's own injury.
        let mut concerned: Vec<(i64, u32)> = Vec::new();
        for &ind in &inds {
            for subject in a.about(i, ind) {
                if ctx.child_set.contains(&subject) && !concerned.contains(&(subject, ind)) {
                    concerned.push((subject, ind));
                }
            }
        }
        // An adult's own injury where the agency already knew of domestic
        // abuse in the household: a possible assault.
        let mut injured_victim = false;
        if let (Some(injury), Some(da)) = (injury, domestic) {
            let hurt = if inds.contains(&injury) {
                a.about(i, injury)
            } else {
                Vec::new()
            };
            let adult_injury = !hurt.is_empty()
                && !hurt.iter().any(|s| ctx.child_set.contains(s))
                && !away.as_ref().is_some_and(|p| p.in_record(r));
            // The agency knew of domestic abuse against this adult: an
            // injury to another adult of the house (the new partner's fall
            // at work) is no sign of it.
            let known = adult_injury
                && a.records.iter().enumerate().any(|(p, x)| {
                    let lo = span(x).lo;
                    x.agency_id == r.agency_id
                        && lo < at.lo
                        && lo >= at.lo - known_days * DAY
                        && a.facts[p]
                            .indicators
                            .iter()
                            .any(|h| h.indicator as u32 == da)
                        && hurt
                            .iter()
                            .any(|h| a.record_subjects[p].contains(h) || a.about(p, da).contains(h))
                });
            if adult_injury && known {
                injured_victim = true;
                for &c in &ctx.children {
                    if !concerned.contains(&(c, da)) {
                        concerned.push((c, da));
                    }
                }
            }
        }
        // The record says the concern stayed with the agency.
        let said_kept = kept
            .as_ref()
            .is_some_and(|k| k.in_record(r) || r.shared_with.iter().any(|c| k.in_text(c)));
        let mut checked: HashMap<(i64, u32), BTreeSet<i64>> = HashMap::new();
        for &(subject, ind) in &concerned {
            let involved = match checked.get(&(subject, ind)) {
                Some(v) => v.clone(),
                None => {
                    // Passed on to any agency but the GP; to the GP only
                    // when the passing-on record tells this concern itself (a
                    // letter about a father's medication passes on nothing of
                    // what he said about the baby). A record about the adults
                    // alone (the mother's overdose) passed to adults'
                    // services has told no one about the children: only a
                    // children's agency counts.
                    let adults_only = !a.record_subjects[i].contains(&subject);
                    let about = [subject];
                    // A route to the GP counts when its record tells this
                    // concern itself.
                    let tells = |route: &i64| {
                        a.position.get(route).is_some_and(|&p| {
                            a.facts[p]
                                .indicators
                                .iter()
                                .any(|h| h.indicator as u32 == ind)
                        })
                    };
                    // A concern that is only ever about the children (a
                    // child caring for a parent) told to the family's GP
                    // in a note about the parent reached the child's GP.
                    let childs_own = a.indicators.get(ind as usize).is_some_and(|d| d.household);
                    let shared = !said_kept
                        && (ctx.shared_outside(
                            r.agency_id,
                            at.lo,
                            at.lo + share,
                            subject,
                            CHILDRENS_AGENCIES,
                        ) || if adults_only {
                            // A record about the adults alone told the
                            // children's agencies, or the family's GP in
                            // words that tell this concern about the child
                            // ("told Dr H that son appears to be caring for
                            // dad").
                            ctx.shared_with_kinds(
                                r.agency_id,
                                at.lo,
                                at.lo + share,
                                subject,
                                Some(CHILDRENS_AGENCIES),
                            ) || (childs_own
                                && a.agencies.iter().filter(|z| z.kind == AgencyKind::Gp).any(
                                    |z| {
                                        ctx.routes_between(
                                            r.agency_id,
                                            z.id,
                                            at.lo,
                                            at.lo + share,
                                            &about,
                                        )
                                        .any(|route| tells(&route))
                                    },
                                ))
                        } else {
                            a.agencies.iter().filter(|z| z.id != r.agency_id).any(|z| {
                                ctx.routes_between(r.agency_id, z.id, at.lo, at.lo + share, &about)
                                    .any(|route| z.kind != AgencyKind::Gp || tells(&route))
                            })
                        });
                    let v = if shared {
                        BTreeSet::new()
                    } else {
                        ctx.involved(subject, at.lo - window, at.lo + window, r.agency_id)
                    };
                    checked.insert((subject, ind), v.clone());
                    v
                }
            };
            // An agency that knew this concern within the window (it
            // reached it, or it recorded the same concern about the child
            // itself within a few days) was not kept in the dark.
            let involved: BTreeSet<i64> = involved
                .into_iter()
                .filter(|&z| {
                    let reached = concern_of.get(&(i, ind, subject)).is_some_and(|&c| {
                        a.concern_knowledge.knew_before(
                            z,
                            Key {
                                subject,
                                indicator: c,
                            },
                            Span::new(at.lo, at.lo + share),
                        ) != Certainty::No
                    });
                    // An agency the record was passed to was told, whatever
                    // it made of it.
                    let told = ctx
                        .first_route(r.agency_id, z, at.lo, at.lo + share, &[subject])
                        .is_some();
                    !reached
                        && !told
                        && !recorded_near(&recorded, z, subject, ind, at.lo, SAME_EVENT_DAYS * DAY)
                })
                .collect();
            if involved.is_empty() {
                continue;
            }
            // Told of this concern (about anyone in the record) in the
            // fortnight before: the record restates it.
            let told = a.record_subjects[i]
                .iter()
                .chain(std::iter::once(&subject))
                .any(|s| {
                    ctx.learned_elsewhere(
                        r.agency_id,
                        Key {
                            subject: *s,
                            indicator: ind,
                        },
                        at,
                    )
                });
            if told {
                continue;
            }
            let key = (r.agency_id, subject, ind);
            match episodes.get(&key) {
                // A record that says the agency kept the concern ("No PPN")
                // is a decision of its own, not more of the episode.
                Some(&(until, flag)) if at.lo < until && !said_kept => {
                    if let Some(f) = ctx.out.get_mut(flag) {
                        if !f.evidence.contains(&r.id) {
                            f.evidence.push(r.id);
                        }
                    }
                }
                _ => {
                    if !new_inds.contains(&ind) {
                        new_inds.push(ind);
                    }
                    if !subjects.contains(&subject) {
                        subjects.push(subject);
                    }
                    unaware.extend(involved.iter().copied());
                }
            }
        }
        if new_inds.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let labels: Vec<String> = new_inds
            .iter()
            .map(|x| {
                let label = a.indicator_label(*x).to_lowercase();
                if injured_victim && Some(*x) == domestic && !inds.contains(x) {
                    format!(
                        "{label} (an injury to an adult of the household, recorded after {} itself \
                         recorded domestic abuse there)",
                        ctx.name(r.agency_id)
                    )
                } else {
                    label
                }
            })
            .collect();
        let subj = ctx.subjects_label(&subjects);
        let names: Vec<String> = unaware.iter().map(|z| ctx.name(*z)).collect();
        let mut explanation = format!(
            "Held by {who} since {} ({}: {}). No record shows {who} passing this on to another agency within {} days, while {} {} involved with {subj}.",
            uk_date(r),
            list(&labels),
            ctx.quote(&r.text),
            ctx.rules.never_shared.share_days,
            list(&names),
            if names.len() == 1 { "was" } else { "were" }
        );
        if let Some((then, to)) = passed_on_later(ctx, r.agency_id, &subjects, at.lo) {
            let days = (span(&a.records[then]).lo - at.lo) / DAY;
            if days < ctx.rules.never_shared.share_days {
                // Within the fortnight only to the GP, and not this.
                explanation.push_str(&format!(
                    " What it sent {} on {} (“{}”) does not tell of it.",
                    ctx.name(to),
                    uk_date(&a.records[then]),
                    ctx.quote(&a.records[then].text)
                ));
            } else {
                explanation.push_str(&format!(
                    " It was first passed on, to {}, on {} ({days} days after).",
                    ctx.name(to),
                    uk_date(&a.records[then]),
                ));
            }
        }
        let held = ctx.held_since(&who, r, &new_inds, &[r.id]);
        let serious = ctx.any_serious(&new_inds);
        // One point, one flag: what the agency recorded within a few days
        // of a concern it kept, about other things, joins that flag.
        let joins = latest.get(&r.agency_id).is_some_and(|j| {
            !said_kept && !j.said_kept && at.lo - j.lo <= JOIN_DAYS * DAY && j.flag < ctx.out.len()
        });
        if let (true, Some(j)) = (joins, latest.get_mut(&r.agency_id)) {
            for l in &labels {
                if !j.labels.contains(l) {
                    j.labels.push(l.clone());
                }
            }
            for &s in &subjects {
                if !j.subjects.contains(&s) {
                    j.subjects.push(s);
                }
            }
            let subj = ctx.subjects_label(&j.subjects);
            let title = format!("{} about {subj} stayed with {who}", list(&j.labels));
            let also = format!(
                " On {} it also recorded {} ({}), which no record shows passed on either.",
                uk_date(r),
                list(&labels),
                ctx.quote(&r.text)
            );
            let flag = j.flag;
            let f = &mut ctx.out[flag];
            f.title = title;
            f.subject = subj;
            f.explanation.push_str(&also);
            if !f.evidence.contains(&r.id) {
                f.evidence.push(r.id);
            }
            for h in held {
                if !f.held_by.contains(&h) {
                    f.held_by.push(h);
                }
            }
            if serious {
                f.severity = Severity::High;
            }
            for &subject in &subjects {
                for &ind in &new_inds {
                    episodes.insert(
                        (r.agency_id, subject, ind),
                        (at.lo + EPISODE_DAYS * DAY, flag),
                    );
                }
            }
            continue;
        }
        let title = format!("{} about {subj} stayed with {who}", list(&labels));
        let before = ctx.out.len();
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who,
            subject: subj,
            severity: if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title,
            explanation,
            evidence: vec![r.id],
            held_by: held,
        });
        if ctx.out.len() > before {
            latest.insert(
                r.agency_id,
                Joined {
                    lo: at.lo,
                    flag: before,
                    labels,
                    subjects: subjects.clone(),
                    said_kept,
                },
            );
            for &subject in &subjects {
                for &ind in &new_inds {
                    episodes.insert(
                        (r.agency_id, subject, ind),
                        (at.lo + EPISODE_DAYS * DAY, before),
                    );
                }
            }
        }
    }
}

/// An agency's latest never-shared flag, which what it records in the next
/// [`JOIN_DAYS`] joins.
struct Joined {
    /// When the flagged record was.
    lo: i64,
    /// The flag's index in the context's output.
    flag: usize,
    /// The concerns the flag names.
    labels: Vec<String>,
    /// Whom they are about.
    subjects: Vec<i64>,
    /// The flagged record said the concern stayed with the agency.
    said_kept: bool,
}

/// Records of one agency this many days after a concern it kept are the
/// same point: their concerns join that flag.
const JOIN_DAYS: i64 = 2;

/// How long before an answer of "nothing held" a concern the answering
/// agency came to know still counts as held by it.
const ANSWER_HELD_DAYS: i64 = 365;

/// Answers that said nothing was held ("GP - no safeguarding concerns
/// known", "Informed SW: nil of note") given while the agency held one of
/// the concerns that should travel, which the agency it answered did not
/// know: asked, it did not pass the concern on.
fn answered_nothing(ctx: &mut Context<'_>, wanted: &[u32]) {
    let a = ctx.a;
    for (i, r) in a.records.iter().enumerate() {
        // The agency's own answer: a "nothing held" received from another
        // agency tells of what that one held.
        let said_nothing = a.facts[i]
            .sharing
            .iter()
            .any(|m| m.nothing_held && m.direction == crate::extract::Direction::Outgoing);
        if !said_nothing {
            continue;
        }
        let at = span(r);
        // The agency answered: the other party of the sharing that carried
        // nothing.
        let answered: Vec<i64> = a
            .sharings
            .iter()
            .filter(|s| s.record == r.id && s.subjects.as_ref().is_some_and(|v| v.is_empty()))
            .filter_map(|s| match &s.kind {
                SharingKind::Directed { from, to } if *from == r.agency_id => to.first().copied(),
                _ => None,
            })
            .filter(|z| *z != r.agency_id)
            .collect();
        let Some(&asker) = answered.first() else {
            continue;
        };
        let children = ctx.children_of(i);
        // The concerns the agency held about the children, and the asker
        // did not: (indicator, since, first-hand record).
        let mut held: Vec<(u32, &crate::knowledge::Arrival, i64)> = Vec::new();
        for (k, c) in a.concerns.iter().enumerate() {
            let ind = c.indicator;
            if !wanted.contains(&ind) || !children.contains(&c.subject) {
                continue;
            }
            let key = Key {
                subject: c.subject,
                indicator: k as crate::knowledge::IndicatorId,
            };
            let Some(arrival) = a.concern_knowledge.certain(r.agency_id, key) else {
                continue;
            };
            if !arrival.at.certainly_before(at) || arrival.at.lo < at.lo - ANSWER_HELD_DAYS * DAY {
                continue;
            }
            if a.concern_knowledge.knew_before(asker, key, at) != Certainty::No {
                continue;
            }
            // The record by which the agency came to hold it.
            let via = match arrival.via {
                crate::knowledge::Via::Shared { record, .. } => record,
                crate::knowledge::Via::Own => a.records[c.position].id,
            };
            match held.iter_mut().find(|(x, _, _)| *x == ind) {
                Some(h) if arrival.at.lo < h.1.at.lo => *h = (ind, arrival, via),
                Some(_) => {}
                None => held.push((ind, arrival, via)),
            }
        }
        if held.is_empty() {
            continue;
        }
        held.sort_by_key(|(_, arrival, _)| arrival.at.lo);
        let who = ctx.name(r.agency_id);
        let to = ctx.name(asker);
        let subjects: Vec<i64> = children
            .iter()
            .copied()
            .filter(|c| {
                a.concerns.iter().enumerate().any(|(k, x)| {
                    x.subject == *c
                        && held.iter().any(|(ind, _, _)| *ind == x.indicator)
                        && a.concern_knowledge
                            .certain(
                                r.agency_id,
                                Key {
                                    subject: *c,
                                    indicator: k as crate::knowledge::IndicatorId,
                                },
                            )
                            .is_some()
                })
            })
            .collect();
        let subj = ctx.subjects_label(&subjects);
        let mut parts = Vec::new();
        let mut evidence = vec![r.id];
        let mut held_by = Vec::new();
        for (ind, _, via) in &held {
            let Some(x) = a.record(*via) else { continue };
            let label = a.indicator_label(*ind).to_lowercase();
            parts.push(format!(
                "{label}, since {} ({})",
                uk_date(x),
                ctx.quote(&x.text)
            ));
            if !evidence.contains(via) {
                evidence.push(*via);
            }
            held_by.push(HeldBy {
                agency: who.clone(),
                since: x.when.start_iso(),
                indicator: a.indicator_id(*ind).to_string(),
                records: vec![*via],
            });
        }
        let explanation = format!(
            "On {} {who} told {to} it held nothing of concern about {subj} ({}). It held {}; \
             {to} did not know of it.",
            uk_date(r),
            ctx.quote(&r.text),
            list(&parts),
        );
        let serious = held
            .iter()
            .any(|(x, _, _)| a.indicators.get(*x as usize).is_some_and(|d| d.serious));
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "answer",
            agency: who.clone(),
            subject: subj.clone(),
            severity: if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title: format!("{who} answered {to} that it held nothing of concern about {subj}"),
            explanation,
            evidence,
            held_by,
        });
    }
}

/// Two agencies recording the same concern about a child this many days
/// apart or less are taken to record the same event (the police and the
/// hospital on the night of an injury).
const SAME_EVENT_DAYS: i64 = 3;

/// The same agency recording the same concern about the same child within
/// this many days of a flag adds to that flag; later, it is a new point.
const EPISODE_DAYS: i64 = 30;

/// For each (subject, indicator) of `wanted`, when each agency recorded it
/// about the subject (start of the record's span, agency), in time order.
fn recorded_by(a: &Analysis, wanted: &[u32]) -> HashMap<(i64, u32), Vec<(i64, i64)>> {
    let mut out: HashMap<(i64, u32), Vec<(i64, i64)>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        let lo = span(r).lo;
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !wanted.contains(&ind) {
                continue;
            }
            for subject in a.about(i, ind) {
                out.entry((subject, ind))
                    .or_default()
                    .push((lo, r.agency_id));
            }
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    out
}

/// Whether `agency` recorded `indicator` about `subject` within `within` of
/// `at`, either side.
fn recorded_near(
    recorded: &HashMap<(i64, u32), Vec<(i64, i64)>>,
    agency: i64,
    subject: i64,
    indicator: u32,
    at: i64,
    within: i64,
) -> bool {
    let Some(v) = recorded.get(&(subject, indicator)) else {
        return false;
    };
    let start = v.partition_point(|(lo, _)| *lo < at - within);
    v[start..]
        .iter()
        .take_while(|(lo, _)| *lo <= at + within)
        .any(|(_, z)| *z == agency)
}

/// Days after a concern within which a later passing-on is told in the
/// flag ("first passed on … 20 days after").
const LATER_DAYS: i64 = 90;

/// The first record (position) of `from` passing anything about `about` to
/// another agency from `lo` to [`LATER_DAYS`] after, and to whom.
fn passed_on_later(ctx: &Context<'_>, from: i64, about: &[i64], lo: i64) -> Option<(usize, i64)> {
    let a = ctx.a;
    a.agencies
        .iter()
        .filter(|x| x.id != from)
        .filter_map(|x| {
            let rec = ctx.first_route(from, x.id, lo, lo + LATER_DAYS * DAY, about)?;
            Some((*a.position.get(&rec)?, x.id))
        })
        .min_by_key(|&(p, _)| (span(&a.records[p]).lo, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// The school sees a bruise while social care is working with the
    /// child, and tells no one.
    #[test]
    fn a_concern_kept_while_another_agency_was_involved_is_flagged() {
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Home visit to Ellie Marsh. Ellie seen.",
            )
            .record(
                "Oakfield Primary School",
                "08/03/2021",
                "Ellie Marsh",
                "Ellie Marsh came in with a bruise to her cheek. Said she fell.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Oakfield Primary School");
        assert!(flags[0].at.starts_with("2021-03-08"));
        assert!(!flags[0].explanation.contains("first passed on"));
    }

    /// A kinship carers' group hears a grandmother say she hit her
    /// granddaughter with a hairbrush, in a note about the grandmother
    /// alone, while social care works with the girl: kept, it is a concern
    /// about the girl.
    #[test]
    fn a_carers_telling_of_hitting_the_child_kept_is_flagged_about_the_child() {
        let flags = Scenario::new()
            .agency("Kinship Carers Network", "voluntary")
            .agency("Wrexham Children's Services", "childrens_social_care")
            .record(
                "Wrexham Children's Services",
                "01/11/2023",
                "Kacey Dunn",
                "SGO support visit. Kacey seen.",
            )
            .record(
                "Kinship Carers Network",
                "08/11/2023",
                "Patricia Dunn",
                "Pat: 'I gave her a crack with the hairbrush last week when she swore at me.'",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Kinship Carers Network");
        assert!(
            flags[0].title.contains("Child A") || flags[0].title.contains("Kacey"),
            "{}",
            flags[0].title
        );
    }

    /// An emergency department's note of a mother's drinking, with her
    /// children at home, that says the ambulance crew had already referred
    /// them is no concern kept; the same note without it is.
    #[test]
    fn a_concern_another_already_referred_is_not_kept() {
        let case = |ed: &str| {
            Scenario::new()
                .agency("Royal Blackburn ED", "hospital")
                .agency("Pathways Recovery", "other")
                .record(
                    "Pathways Recovery",
                    "20/12/2023",
                    "Jayden Ashworth",
                    "Keywork with Kerry.",
                )
                .record(
                    "Royal Blackburn ED",
                    "27/12/2023 23:52",
                    "Jayden Ashworth",
                    ed,
                )
                .record(
                    "Royal Blackburn ED",
                    "28/12/2023 03:40",
                    "Jayden Ashworth",
                    "Lac closed. AUDIT-C 12, alcohol dependent. Discharged home.",
                )
                .flags_of(INFO.id)
        };
        assert_eq!(
            case("Mother intoxicated, fall. Dependants: 2 children at home.").len(),
            1
        );
        assert!(case("Mother intoxicated, fall. Dependants: 2 children at home. Referral already made by NWAS.").is_empty());
    }

    /// Police intelligence on a child running drugs, "not disseminated",
    /// while the school and social care worked with him: kept, and flagged,
    /// though the police sent social care something else about him the
    /// next day.
    /// A pharmacy's note about a father says his twelve-year-old son is
    /// caring for him: kept, it is flagged; phoned through to the family's
    /// GP in those words, it reached the child's GP.
    #[test]
    fn a_young_carer_told_to_the_family_gp_was_shared() {
        let case = |told: &str| {
            Scenario::new()
                .agency("Bentilee Pharmacy", "other")
                .agency("Hulton Lane Surgery", "gp")
                .agency("Meir Brook Academy", "school")
                .record(
                    "Meir Brook Academy",
                    "30/09/2024",
                    "Tyler Grainger",
                    "Tyler Grainger late again, tired.",
                )
                .record(
                    "Hulton Lane Surgery",
                    "12/09/2024",
                    "Lee Grainger",
                    "Review of liver disease. Bloods taken.",
                )
                .record(
                    "Bentilee Pharmacy",
                    "01/10/2024",
                    "Lee Grainger",
                    &format!(
                        "Son (12) in school uniform came to collect dad's diazepam; appears to be caring for dad. {told}"
                    ),
                )
                .flags_of(INFO.id)
        };
        let kept = case("Lactulose given to son.");
        assert_eq!(kept.len(), 1, "{kept:#?}");
        assert!(
            kept[0].explanation.contains("young carer"),
            "{}",
            kept[0].explanation
        );
        let told = case("11:40 phoned Hulton Lane Surgery, spoke Dr Hussain.");
        assert!(told.is_empty(), "{told:#?}");
    }

    #[test]
    fn intelligence_not_disseminated_is_a_concern_kept() {
        let flags = Scenario::new()
            .agency("Midshire Police", "police")
            .agency("Harrowby Children's Services", "childrens_social_care")
            .agency("The Northgate Centre", "school")
            .record(
                "The Northgate Centre",
                "01/02/2023",
                "Callum Whitfield",
                "Callum Whitfield attended the morning session.",
            )
            .record(
                "Midshire Police",
                "09/02/2023 16:00",
                "Callum Whitfield",
                "Download of handset attributed to 'Kez' line: contact saved 'Cal W', msgs re 'shifts'. Assessed as Callum Whitfield.",
            )
            .outcome("Retained for Op FALCON. Not disseminated.")
            .record(
                "Midshire Police",
                "10/02/2023",
                "Callum Whitfield",
                "Callum Whitfield's school timetable emailed to Harrowby Children's Services.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Midshire Police");
        assert!(flags[0].at.starts_with("2023-02-09"));
    }

    /// Asked by social care, the practice answers that it holds nothing of
    /// concern while it holds the school nurse's letter about a perplexing
    /// presentation: flagged at the answer. An answer given when it held
    /// nothing is not.
    #[test]
    fn an_answer_of_nothing_held_while_holding_a_concern_is_flagged() {
        let scenario = |letter: bool| {
            let mut s = Scenario::new()
                .agency("Moorside Medical Practice", "gp")
                .agency("Calderbridge 0-19 Service", "health_visiting")
                .agency("Calderbridge Children's Services", "childrens_social_care");
            if letter {
                s = s
                    .record(
                        "Calderbridge 0-19 Service",
                        "24/10/2022",
                        "Tyler Haworth",
                        "Tyler Haworth: discrepancy between reported allergies and presentation in school. Letter sent to GP.",
                    )
                    .record(
                        "Moorside Medical Practice",
                        "26/10/2022",
                        "Tyler Haworth",
                        "Letter from school nurse re Tyler Haworth: discrepancy between reported allergies and presentation in school.",
                    );
            }
            s.record(
                "Calderbridge Children's Services",
                "14/11/2022",
                "Tyler Haworth",
                "Contact from grandmother about Tyler Haworth's absences.",
            )
            .record(
                "Moorside Medical Practice",
                "15/11/2022",
                "Tyler Haworth",
                "Call from Calderbridge MASH re Tyler Haworth. Informed: food allergies, under the allergy clinic. Not aware of any safeguarding concerns from practice.",
            )
            .flags_of(INFO.id)
        };
        let flags = scenario(true);
        let answer: Vec<_> = flags
            .iter()
            .filter(|f| f.at.starts_with("2022-11-15"))
            .collect();
        assert_eq!(answer.len(), 1, "{flags:#?}");
        assert_eq!(answer[0].agency, "Moorside Medical Practice");
        assert!(
            answer[0].explanation.contains("since 24/10/2022"),
            "{}",
            answer[0].explanation
        );
        assert!(scenario(false).is_empty());
    }

    /// The police's notice of a domestic abuse call-out waits in a review
    /// queue and reaches social care twenty days later: the flag says when
    /// it was passed on.
    #[test]
    fn a_concern_passed_on_weeks_later_says_when() {
        let flags = Scenario::new()
            .agency("Northmoor Police", "police")
            .agency("Harrowfield Children's Services", "childrens_social_care")
            .record(
                "Harrowfield Children's Services",
                "01/09/2023",
                "Alfie Marsh",
                "Pre-birth assessment closed, Alfie seen at home.",
            )
            .record(
                "Northmoor Police",
                "09/09/2023 22:57",
                "Alfie Marsh",
                "DA call-out: shouting, baby screaming, mirror broken.",
            )
            .outcome("PPN to be submitted.")
            .record(
                "Northmoor Police",
                "29/09/2023 16:48",
                "Alfie Marsh",
                "PPN reviewed (backlog).",
            )
            .outcome("PPN sent to Harrowfield MASH.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("first passed on, to Harrowfield Children's Services, on 29/09/2023 16:48 (19 days after)"),
            "{}",
            flags[0].explanation
        );
    }

    /// The hospital treats the mother's overdose and sends its letter to
    /// her GP: her crisis is a concern about the children at home, and the
    /// health visitor working with the baby was not told. Told by phone,
    /// the health visitor knew.
    #[test]
    fn a_parents_overdose_told_only_to_her_gp_is_a_concern_kept_from_the_childrens_agencies() {
        let case = |hv_told: bool| {
            let outcome = if hv_told {
                "Discharge letter to GP. HV phoned re children."
            } else {
                "Discharge letter to GP."
            };
            Scenario::new()
                .agency("Harwick General Hospital", "hospital")
                .agency("Elm Surgery", "gp")
                .agency("Harwick Health Visiting", "health_visiting")
                .record("Harwick Health Visiting", "01/02/2024", "Poppy Lane", "Poppy Lane seen at home, 14 months, well.")
                .record("Harwick General Hospital", "11/02/2024", "Kirsty Lane", "Kirsty Lane assessed after an overdose of paracetamol. Lives with partner and two children.")
                .outcome(outcome)
                .flags_of(INFO.id)
        };
        let flags = case(false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Harwick General Hospital");
        assert!(
            flags[0].explanation.contains("Harwick Health Visiting"),
            "{}",
            flags[0].explanation
        );
        assert!(case(true).is_empty());
    }

    /// The practice hears of coercive control in January and in March
    /// treats the mother's bruised ribs as a fall, telling no one: a
    /// possible assault, a concern about the children. With no domestic
    /// abuse known before, the mother's injury is her own.
    #[test]
    fn an_injury_to_a_known_victim_of_domestic_abuse_is_a_concern_for_the_children() {
        let case = |disclosed: bool| {
            let mut c = Scenario::new()
                .agency("Harbourside Surgery", "gp")
                .agency("Harbourside Primary School", "school")
                .record(
                    "Harbourside Primary School",
                    "08/01/2024",
                    "Jacob Wallace",
                    "Jacob Wallace in class, settled.",
                );
            if disclosed {
                c = c.record(
                    "Harbourside Surgery",
                    "15/01/2024",
                    "Mum",
                    "Low mood. Says husband controlling - checks her phone, has her bank card. Domestic abuse service number given.",
                );
            }
            c.record(
                "Harbourside Surgery",
                "04/03/2024",
                "Mum",
                "Left chest wall pain. Says slipped and fell against edge of bath. Bruise 6cm over ribs. Co-codamol.",
            )
            .flags_of(INFO.id)
        };
        let flags = case(true);
        let march: Vec<_> = flags
            .iter()
            .filter(|f| f.at.starts_with("2024-03-04"))
            .collect();
        assert_eq!(march.len(), 1, "{flags:#?}");
        assert!(
            march[0]
                .explanation
                .contains("an injury to an adult of the household"),
            "{}",
            march[0].explanation
        );
        let flags = case(false);
        assert!(
            flags.iter().all(|f| !f.at.starts_with("2024-03-04")),
            "{flags:#?}"
        );
        // Another adult's injury (her new partner's fall at work) is no
        // sign of the abuse she disclosed.
        let flags = Scenario::new()
            .agency("Harbourside Surgery", "gp")
            .agency("Harbourside Primary School", "school")
            .record("Harbourside Primary School", "08/01/2024", "Jacob Wallace", "Jacob Wallace in class, settled.")
            .record("Harbourside Surgery", "15/01/2024", "Mum", "Low mood. Says husband controlling - checks her phone, has her bank card. Domestic abuse service number given.")
            .record("Harbourside Surgery", "04/03/2024", "Tomasz Nowak", "Tomasz Nowak fell from a ladder at work, fracture of the right ankle. Fit note.")
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| !f.at.starts_with("2024-03-04")),
            "{flags:#?}"
        ); // Her own injury, placed by the record away from home (a stranger
           // outside a pub), is no sign of it either.
        let flags = Scenario::new()
            .agency("Harbourside Surgery", "gp")
            .agency("Harbourside Primary School", "school")
            .record("Harbourside Primary School", "08/01/2024", "Jacob Wallace", "Jacob Wallace in class, settled.")
            .record("Harbourside Surgery", "15/01/2024", "Mum", "Low mood. Says husband controlling - checks her phone, has her bank card. Domestic abuse service number given.")
            .record("Harbourside Surgery", "04/03/2024", "Mum", "Says punched by an unknown male outside the pub on Saturday. Cut lip, bruised cheek. Reported to police.")
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| !f.at.starts_with("2024-03-04")),
            "{flags:#?}"
        );
    }

    /// Housing hears of children left alone in August and finds them in a
    /// squalid home in November: two points, not one. A second record of
    /// the same thing the next week adds to the first flag.
    #[test]
    fn the_same_concern_months_later_is_a_new_point() {
        let flags = Scenario::new()
            .agency("Harwick Homes", "housing")
            .agency("Oakfield Primary School", "school")
            .record("Oakfield Primary School", "01/08/2024", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record("Harwick Homes", "14/08/2024", "Ellie Marsh", "Neighbour complains Ellie Marsh is left home alone at night.")
            .record("Harwick Homes", "21/08/2024", "Ellie Marsh", "Second complaint: Ellie Marsh left home alone again.")
            .record("Oakfield Primary School", "01/10/2024", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record("Harwick Homes", "05/11/2024", "Ellie Marsh", "Forced entry for gas check: dog faeces on the floor, no food in the house, Ellie Marsh in soiled clothes.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 2, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-08-14"));
        assert_eq!(flags[0].evidence.len(), 2, "{flags:#?}");
        assert!(flags[1].at.starts_with("2024-11-05"));
    }

    /// A crisis team hears a mother's drinking one night and assesses her
    /// crisis the next day, telling no one either time: one point, one flag
    /// naming both; a bruise to the child a week later is a point of its own.
    #[test]
    fn what_an_agency_records_the_next_day_joins_the_flag() {
        let crisis = "Fylde Crisis Team";
        let flags = Scenario::new()
            .agency(crisis, "other")
            .agency("Oakfield Primary School", "school")
            .record("Oakfield Primary School", "01/09/2024", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record(crisis, "14/09/2024", "Kerry Marsh", "Call from Kerry Marsh, mother of Ellie Marsh: drinking heavily tonight, two bottles of wine, Ellie Marsh asleep upstairs.")
            .record(crisis, "15/09/2024", "Kerry Marsh", "Home assessment of Kerry Marsh: acute mental health crisis, suicidal thoughts. Ellie Marsh lives with her.")
            .record(crisis, "23/09/2024", "Ellie Marsh", "Ellie Marsh seen at home with a bruise to her cheek, said she fell.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 2, "{flags:#?}");
        let first = &flags[0];
        assert!(first.at.starts_with("2024-09-14"), "{flags:#?}");
        assert_eq!(first.evidence.len(), 2, "{flags:#?}");
        let title = first.title.to_lowercase();
        assert!(
            title.contains("substance misuse") && title.contains("mental health crisis"),
            "{flags:#?}"
        );
        assert!(
            first.explanation.contains("On 15/09/2024 it also recorded"),
            "{flags:#?}"
        );
        assert!(flags[1].at.starts_with("2024-09-23"), "{flags:#?}");
    }

    /// The same bruise, referred to social care that day.
    /// A concern recorded in the minutes of a child protection conference
    /// was shared at the conference: not flagged as kept.
    #[test]
    fn a_concern_recorded_at_a_conference_is_not_flagged() {
        let csc = "Harwick Children's Social Care";
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .agency(csc, "childrens_social_care")
            .record("Oakfield Primary School", "01/03/2021", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record(csc, "08/03/2021", "Ellie Marsh", "Initial child protection conference held. Ellie Marsh made subject to a CP plan under neglect: home conditions poor, no food in the house.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A dog bite treated at the emergency department, passed on by a
    /// liaison form to the child's health visitor, whose service sent no
    /// chronology: passed on. Without the form, the bite stayed there.
    #[test]
    fn a_concern_passed_to_an_agency_outside_the_review_is_not_flagged() {
        let case = |liaison: bool| {
            let mut s = Scenario::new()
                .agency("Derby Children's Social Care", "childrens_social_care")
                .agency("Royal Derby Hospital", "hospital")
                .record(
                    "Derby Children's Social Care",
                    "02/05/2024",
                    "Filip Dobson",
                    "CIN visit. Filip seen.",
                )
                .record(
                    "Royal Derby Hospital",
                    "14/05/2024 18:32",
                    "Filip Dobson",
                    "Filip (19 months): dog bite, 2cm laceration to the cheek. Wounds glued.",
                );
            if liaison {
                s = s.record(
                    "Royal Derby Hospital",
                    "15/05/2024 10:05",
                    "Filip Dobson",
                    "Liaison nurse reviewed the attendance and sent a liaison form to Filip's health visitor and GP.",
                );
            }
            s.flags_of(INFO.id)
        };
        assert!(case(true).is_empty(), "{:#?}", case(true));
        assert_eq!(case(false).len(), 1);
    }

    #[test]
    fn a_concern_passed_on_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Home visit to Ellie Marsh. Ellie seen.",
            )
            .record(
                "Oakfield Primary School",
                "08/03/2021",
                "Ellie Marsh",
                "Ellie Marsh came in with a bruise to her cheek. Said she fell.",
            )
            .outcome("Referred to Harwick Children's Social Care by phone.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Police find three children home alone and the next morning send a
    /// PPN "re 'Eva Farrelly' and siblings": the concern about her brother
    /// was passed on too.
    #[test]
    fn a_notice_about_a_child_and_siblings_passes_on_the_concern_for_all() {
        let flags = Scenario::new()
            .agency("Eastmoor Constabulary", "police")
            .agency(
                "Kestlebridge Children's Social Care",
                "childrens_social_care",
            )
            .record(
                "Kestlebridge Children's Social Care",
                "20/11/2023",
                "",
                "Contact re Connor Farrelly and Eva Farrelly from school. NFA.",
            )
            .record(
                "Eastmoor Constabulary",
                "25/11/2023",
                "",
                "Officers attended: Connor Farrelly (10) and Eva Farrelly (7) left alone, \
                 house cold, no electricity, little food.",
            )
            .record(
                "Eastmoor Constabulary",
                "26/11/2023",
                "",
                "Child concern PPN submitted re 'Eva FARRELLY' and siblings: children left \
                 alone, no electricity. Sent to Kestlebridge Children's Social Care.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A father tells his mental health team of thoughts of shaking his
    /// baby; the team writes to the GP only about his medication, while the
    /// health visitor sees the baby: the concern stayed with the team.
    #[test]
    fn a_letter_about_something_else_passes_on_nothing() {
        let case = |letter: &str| {
            Scenario::new()
                .agency("Wexley Health Visiting", "health_visiting")
                .agency("Wexley Community Mental Health Team", "other")
                .agency("Brookside Surgery", "gp")
                .record(
                    "Brookside Surgery",
                    "01/10/2023",
                    "Kyle Ashworth",
                    "Kyle reviewed, sertraline continued.",
                )
                .record(
                    "Wexley Health Visiting",
                    "01/11/2023",
                    "Freya Ashworth",
                    "Home visit, Freya Ashworth seen, weight 5.1kg.",
                )
                .record(
                    "Wexley Community Mental Health Team",
                    "07/11/2023",
                    "Kyle Ashworth",
                    "Kyle said baby Freya Ashworth's crying is unbearable and described thoughts of shaking her.",
                )
                .record(
                    "Wexley Community Mental Health Team",
                    "09/11/2023",
                    "Kyle Ashworth",
                    letter,
                )
                .flags_of(INFO.id)
        };
        let flags = case(
            "Letter to GP re Kyle and baby Freya Ashworth: stopped sertraline, increased stress.",
        );
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-11-07"), "{}", flags[0].at);
        assert!(
            flags[0]
                .explanation
                .contains("What it sent Brookside Surgery on 09/11/2023"),
            "{}",
            flags[0].explanation
        );
        let flags = case("Letter to GP re baby Freya Ashworth: Kyle has thoughts of shaking her.");
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A first letter to the GP about medication, then within the fortnight
    /// a second that tells of the thoughts of shaking the baby: the second
    /// passed the concern on.
    #[test]
    fn a_later_letter_in_the_fortnight_that_tells_it_passes_it_on() {
        let flags = Scenario::new()
            .agency("Wexley Health Visiting", "health_visiting")
            .agency("Wexley Community Mental Health Team", "other")
            .agency("Brookside Surgery", "gp")
            .record("Brookside Surgery", "01/10/2023", "Kyle Ashworth", "Kyle reviewed, sertraline continued.")
            .record("Wexley Health Visiting", "01/11/2023", "Freya Ashworth", "Home visit, Freya Ashworth seen, weight 5.1kg.")
            .record("Wexley Community Mental Health Team", "07/11/2023", "Kyle Ashworth", "Kyle said baby Freya Ashworth's crying is unbearable and described thoughts of shaking her.")
            .record("Wexley Community Mental Health Team", "09/11/2023", "Kyle Ashworth", "Letter to GP re Kyle and baby Freya Ashworth: stopped sertraline, increased stress.")
            .record("Wexley Community Mental Health Team", "14/11/2023", "Kyle Ashworth", "Letter to GP re baby Freya Ashworth: Kyle has thoughts of shaking her.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Probation hears a father on licence admit daily heroin use in a home
    /// with two young children; the school is involved with the elder;
    /// nobody is told.
    #[test]
    fn a_parents_drug_use_kept_by_probation_is_flagged() {
        let flags = Scenario::new()
            .agency("Eastmarsh Probation", "probation")
            .agency("Eastmarsh Primary School", "school")
            .record("Eastmarsh Primary School", "18/09/2023", "Ellie-Mae Tranter", "Ellie-Mae Tranter late and tired, uniform dirty.")
            .record("Eastmarsh Probation", "15/08/2023", "", "Office supervision. Lee Tranter admits daily heroin use and smoking crack when the kids are in bed. Lives with partner and daughter Ellie-Mae Tranter (6).")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Eastmarsh Probation");
    }

    /// Children's social care is where concerns go: a bruise it records is
    /// not a concern it kept from others.
    #[test]
    fn a_concern_children_s_social_care_holds_is_not_flagged() {
        let csc = "Harwick Children's Social Care";
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .agency(csc, "childrens_social_care")
            .record("Oakfield Primary School", "01/03/2021", "Ellie Marsh", "Ellie Marsh in class, settled.")
            .record(csc, "08/03/2021", "Ellie Marsh", "Single assessment concluded. Ellie Marsh has a bruise to her cheek; DA between mother and partner.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The police and the hospital both record the baby's head injury on
    /// the day: the hospital knew it already, so the police kept nothing
    /// from it.
    #[test]
    fn a_concern_the_involved_agency_recorded_itself_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Northshire Police", "police")
            .agency("Northshire General Hospital", "hospital")
            .record("Northshire General Hospital", "02/02/2021", "Ellie Marsh", "Ellie Marsh (6 weeks) admitted with a subdural haematoma and bruising to the chest.")
            .record("Northshire Police", "03/02/2021", "Ellie Marsh", "Ellie Marsh (6 weeks) in hospital with a subdural haematoma and bruising. Father arrested.")
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| f.agency != "Northshire Police"),
            "{flags:#?}"
        );
    }

    /// What a doctor phones through is information received, not a concern
    /// the school saw and kept.
    #[test]
    fn a_concern_a_doctor_phoned_through_is_not_the_recipients_to_share() {
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "14/11/2023", "Amelia Kerr", "Amelia Kerr seen alone at school. S47 enquiries.")
            .record("Oakfield Primary School", "15/11/2023", "Amelia Kerr", "Dr Allen phoned: CP medical - linear bruising to the backs of both thighs consistent with a belt.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A graze the respite staff saw happen, on their accident form, is an
    /// accident in their care; a bruise a neighbour saw is still held.
    #[test]
    fn an_injury_staff_saw_happen_is_no_concern_held() {
        let case = |text: &str| {
            Scenario::new()
                .agency("Little Oaks Short Breaks", "voluntary")
                .agency("Carrow Primary School", "school")
                .record(
                    "Carrow Primary School",
                    "10/10/2022",
                    "Ollie Reid",
                    "Ollie in class, settled.",
                )
                .record("Little Oaks Short Breaks", "14/10/2022", "Ollie Reid", text)
                .flags_of(INFO.id)
        };
        assert!(case("Small graze to R hand when hand caught on wheelchair tray. Witnessed by J Morley. Accident form signed by Mum.").is_empty());
        assert!(case(
            "Fell from climbing frame at break - witnessed by MDA P Greaves. Graze R knee."
        )
        .is_empty());
        assert_eq!(
            case("Bruise to Ollie's cheek, witnessed by a neighbour, Mum says he fell.").len(),
            1
        );
    }

    /// A football sprain the coach saw happen, written in the hospital's
    /// second record of the attendance: no concern held, in either record.
    #[test]
    fn a_sports_injury_the_coach_saw_is_no_concern_held() {
        let flags = Scenario::new()
            .agency("Castlebrook General Hospital", "hospital")
            .agency("Fenwick Lane Academy", "school")
            .record(
                "Fenwick Lane Academy",
                "11/09/2023",
                "Jayden Marsh",
                "Jayden in class.",
            )
            .record(
                "Castlebrook General Hospital",
                "16/09/2023",
                "Jayden Marsh",
                "R ankle injury playing football. Triage cat 4. Accompanied by Mum and team coach.",
            )
            .record(
                "Castlebrook General Hospital",
                "16/09/2023",
                "Jayden Marsh",
                "Inversion injury in a tackle, seen by coach. Soft tissue sprain. No concerns.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The police pass a domestic abuse incident to social care the next
    /// morning; their record of interviewing the suspect that afternoon
    /// tells of the same incident, already passed on.
    #[test]
    fn a_police_record_of_a_step_in_the_investigation_is_the_same_incident() {
        let case = |step: &str| {
            Scenario::new()
                .agency("Caddonshire Constabulary", "police")
                .agency("Caddonshire Children's Services", "childrens_social_care")
                .agency("Wexcombe Primary School", "school")
                .record("Wexcombe Primary School", "01/09/2023", "Tyler Ormerod", "Tyler in class.")
                .record(
                    "Caddonshire Children's Services",
                    "01/09/2023",
                    "Tyler Ormerod",
                    "Early help closed, needs met.",
                )
                .record(
                    "Caddonshire Constabulary",
                    "02/09/2023",
                    "Tyler Ormerod",
                    "999 call. DA incident at the address, Tyler present. Partner arrested for assault on Mum.",
                )
                .record(
                    "Caddonshire Constabulary",
                    "03/09/2023",
                    "Tyler Ormerod",
                    "Child PPN submitted to Caddonshire Children's Services re DA incident, Tyler present.",
                )
                .record("Caddonshire Constabulary", "04/09/2023", "Tyler Ormerod", step)
                .flags_of(INFO.id)
        };
        let flags = case("Partner interviewed - denies assault. CPS advice sought. Bailed.");
        assert!(
            flags.iter().all(|f| !f.at.starts_with("2023-09-04")),
            "{flags:#?}"
        );
        // A new call the next day is a new incident.
        let flags = case(
            "999 call from neighbour: further DA incident tonight, Tyler present, Mum assaulted.",
        );
        assert!(
            flags.iter().any(|f| f.at.starts_with("2023-09-04")),
            "{flags:#?}"
        );
    }
}
