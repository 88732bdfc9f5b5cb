//! A serious concern about a child reached an agency that knew the child
//! had a social worker — it had been in touch with that children's social
//! care about the child, or its own record named the child's social worker
//! there — and the child's social care did not learn of it, from that
//! agency or anyone else. The agency knew whom the concern was for, whoever
//! else it told.

use super::{Basis, RuleInfo, Threshold};
use crate::analysis::names_apart;
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "social-worker-not-told",
    name: "The child's social worker not told",
    description: "An agency held a serious concern about a child (an allegation against someone \
         who works with children, sexual abuse, a suspected non-accidental injury, domestic \
         abuse, exploitation) while its own records showed the child had a social worker — it \
         had been in touch with that children's social care about the child, or a record named \
         the child's social worker there — and no record shows the child's social care learning \
         of it, from that agency or any other, within the window.",
    severity: "High when the concern was suspected significant harm (an allegation, sexual \
         abuse, a suspected non-accidental injury); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "known_days",
            meaning: "days before the concern within which the agency's contact with social \
                      care about the child, or its record naming the child's social worker, \
                      shows it knew the child had one",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "share_days",
            meaning: "days after the concern within which social care learning of it, from \
                      anyone, counts",
            basis: Basis::SightlineDefault,
            source: "after Working Together to Safeguard Children (2023), on sharing \
                     information with the child's lead practitioner",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The concerns a child's social worker is to hear of.
    pub indicators: Vec<String>,
    /// How far back the agency's contact with social care about the child,
    /// or its record naming the child's social worker, counts, in days.
    pub known_days: i64,
    /// Days after the concern within which social care learning of it
    /// counts.
    pub share_days: i64,
    /// Patterns (regular expressions, case-insensitive) by which a record
    /// says the child has a social worker or a plan ("SW Kelly Anstey",
    /// "Child in Need", "open to CSC"): with the social care agency named,
    /// the agency knew.
    pub worker: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) for the name of a
    /// social care agency that is no front door for concerns about a child
    /// (a LADO): a concern passed only there has not gone to social care.
    pub not_front_door: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[social-worker-not-told]
enabled = true
# The concerns a child's social worker is to hear of.
indicators = ["allegation", "sexual-abuse", "suspected-nai", "domestic-abuse", "exploitation", "adult-risk-to-children", "fgm", "forced-marriage", "cuckooing", "physical-chastisement", "belief-abuse"]
# The agency knew the child had a social worker when, within this many days
# before the concern, it had been in touch with that social care about the
# child or one of its records about the child named the social worker there.
# Basis: Sightline default.
known_days = 180
# Social care learning of the concern, from anyone, within this many days
# counts.
# Basis: Sightline default (after Working Together to Safeguard Children
# (2023), on sharing information with the child's lead practitioner).
share_days = 7
# What says the child has a social worker or a plan (regular expressions).
worker = [
    '\b(?:SW|social worker|allocated worker|CIN|child in need|CP plan|child protection plan|on a plan|open to|known to|allocated to)\b',
]
# Social care agencies, by name, that are no front door for concerns about
# a child: a concern passed to another area's social care (where the family
# now lives) went to social care, one passed only to these did not.
not_front_door = [
    '\bLADO\b',
    '\bdesignated officer\b',
]
"#;

/// Days within which the agency's later records of the same concern about
/// the same child are the flagged episode's.
const EPISODE_DAYS: i64 = 30;

/// Days before a record within which what social care sent the agency is
/// taken to be what the record tells of.
const TOLD_BY_DAYS: i64 = 14;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = &ctx.rules.social_worker_not_told;
    let wanted: Vec<u32> = s
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let Some(worker) = Patterns::new(&s.worker) else {
        return;
    };
    let not_front_door = Patterns::new(&s.not_front_door);
    let known = s.known_days * DAY;
    let share = s.share_days * DAY;
    let social_care = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    if social_care.is_empty() || wanted.is_empty() {
        return;
    }
    // (child, indicator) → (when first recorded, concern), each concern of
    // that kind about that child.
    let mut recent: HashMap<(i64, u32), Vec<(i64, crate::knowledge::IndicatorId)>> = HashMap::new();
    for (k, concern) in a.concerns.iter().enumerate() {
        if let Some(r) = a.records.get(concern.position) {
            recent
                .entry((concern.subject, concern.indicator))
                .or_default()
                .push((span(r).lo, k as crate::knowledge::IndicatorId));
        }
    }
    // (agency, child, social care) → end of the flagged episode.
    let mut episodes: HashMap<(i64, i64, i64), i64> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        // What was said at a meeting held was shared with whoever came.
        if a.facts[i].meeting.as_ref().is_some_and(|m| m.held) {
            continue;
        }
        let at = span(r);
        let mut concerned: Vec<(i64, u32)> = Vec::new();
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !wanted.contains(&ind) {
                continue;
            }
            for c in a.about(i, ind) {
                if ctx.child_set.contains(&c) && !concerned.contains(&(c, ind)) {
                    concerned.push((c, ind));
                }
            }
        }
        if concerned.is_empty() {
            continue;
        }
        for &b in &social_care {
            if b == r.agency_id {
                continue;
            }
            let mut children: Vec<i64> = Vec::new();
            let mut inds: Vec<u32> = Vec::new();
            let mut knew_by: Option<Knew> = None;
            for &(c, ind) in &concerned {
                if episodes
                    .get(&(r.agency_id, c, b))
                    .is_some_and(|&until| at.lo < until)
                {
                    continue;
                }
                // Social care was working with the child.
                if !ctx
                    .involved(c, at.lo - known, at.lo + DAY, r.agency_id)
                    .contains(&b)
                {
                    continue;
                }
                // It learned of the concern, from anyone, in the window.
                let learned = a
                    .concern_held
                    .get(&(i, ind as crate::knowledge::IndicatorId, c))
                    .is_some_and(|&k| {
                        a.concern_knowledge.knew_before(
                            b,
                            Key {
                                subject: c,
                                indicator: k,
                            },
                            Span::new(at.lo, at.lo + share),
                        ) != Certainty::No
                    });
                // Social care knew of a concern of this kind about the
                // child first recorded in the month before (the incident a
                // police PPN told it of, followed by the police's own later
                // records of it): the record is that episode's. (One first
                // recorded long before — an allegation about another man a
                // year earlier — is no news of this one.)
                let kind = Key {
                    subject: c,
                    indicator: ind,
                };
                let window = Span::new(at.lo, at.lo + share);
                let kind_known = recent
                    .get(&(c, ind))
                    .into_iter()
                    .flatten()
                    .filter(|(t, _)| *t >= at.lo - EPISODE_DAYS * DAY && *t < at.lo + share)
                    .any(|&(_, k)| {
                        a.concern_knowledge.knew_before(
                            b,
                            Key {
                                subject: c,
                                indicator: k,
                            },
                            window,
                        ) != Certainty::No
                    });
                // In touch with social care about the child in the days
                // before (a strategy discussion yesterday): the record is
                // that episode's, which social care is part of.
                let about = [c];
                let in_touch = ctx
                    .first_route(r.agency_id, b, at.lo - share, at.lo, &about)
                    .or_else(|| ctx.first_route(b, r.agency_id, at.lo - share, at.lo, &about))
                    .is_some();
                // Told it by social care itself (its closure letter
                // telling of the incident it assessed): social care knew.
                let from_social_care = ctx
                    .first_route(
                        b,
                        r.agency_id,
                        at.lo - TOLD_BY_DAYS * DAY,
                        at.hi + 1,
                        &about,
                    )
                    .is_some()
                    && a.knowledge
                        .knew_before(b, kind, Span::new(at.hi, at.hi + 1))
                        != Certainty::No;
                // Passed to another children's social care (the front
                // door of the area the family now lives in): it went to
                // social care, whose part it is to find the worker.
                let to_other_social_care = ctx
                    .agencies_of_kind(AgencyKind::ChildrensSocialCare)
                    .iter()
                    .filter(|&&z| {
                        z != b
                            && !not_front_door
                                .as_ref()
                                .is_some_and(|p| p.in_text(&ctx.name(z)))
                    })
                    .any(|&z| {
                        ctx.first_route(r.agency_id, z, at.lo - DAY, at.lo + share, &about)
                            .is_some()
                    });
                if learned
                    || kind_known
                    || in_touch
                    || from_social_care
                    || to_other_social_care
                    || ctx
                        .first_route(r.agency_id, b, at.lo, at.lo + share, &[c])
                        .is_some()
                {
                    continue;
                }
                let Some(k) = knew_of_worker(ctx, i, b, c, known, &worker) else {
                    continue;
                };
                knew_by = knew_by.or(Some(k));
                if !children.contains(&c) {
                    children.push(c);
                }
                if !inds.contains(&ind) {
                    inds.push(ind);
                }
            }
            let Some(k) = knew_by else {
                continue;
            };
            push(ctx, i, b, k, &children, &inds);
            for &c in &children {
                episodes.insert((r.agency_id, c, b), at.lo + EPISODE_DAYS * DAY);
            }
        }
    }
}

/// How the agency knew the child had a social worker: the position of the
/// record that shows it.
#[derive(Clone, Copy)]
enum Knew {
    /// Its own record named the social worker there.
    Named(usize),
    /// It had been in touch with that social care about the child.
    InTouch(usize),
}

/// The record that shows the agency of record `i` knew child `c` had a
/// social worker at social care `b`: a record of its own about the child,
/// from `known` before to the concern, that names `b` apart from every
/// other agency and says the child has a worker or a plan ("Child in Need,
/// City of York Council, SW Kelly Anstey"); or, failing one, its last
/// contact with `b` about the child in that time.
fn knew_of_worker(
    ctx: &Context<'_>,
    i: usize,
    b: i64,
    c: i64,
    known: i64,
    worker: &Patterns,
) -> Option<Knew> {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    let from = at - known;
    let named = a.records[..=i]
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, x)| span(x).lo >= from)
        .find(|(p, x)| {
            x.agency_id == r.agency_id
                && (a.record_subjects[*p].contains(&c) || *p == i)
                && written(x).any(|t| worker.in_text(t) && names_apart(&a.agencies, b, t))
        })
        .map(|(p, _)| Knew::Named(p));
    if named.is_some() {
        return named;
    }
    let about = [c];
    let to = ctx.routes_between(r.agency_id, b, from, at, &about);
    let back = ctx.routes_between(b, r.agency_id, from, at, &about);
    to.chain(back)
        .filter_map(|id| a.position.get(&id).copied())
        .filter(|&p| p != i)
        .max_by_key(|&p| span(&a.records[p]).lo)
        .map(Knew::InTouch)
}

/// Pushes the flag for the concern of record `i` that social care `b`
/// (whose work with the child the agency knew of, as `knew` shows) did not
/// learn.
fn push(ctx: &mut Context<'_>, i: usize, b: i64, knew: Knew, children: &[i64], inds: &[u32]) {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    let who = ctx.name(r.agency_id);
    let sw = ctx.name(b);
    let subj = ctx.subjects_label(children);
    let labels: Vec<String> = inds
        .iter()
        .map(|x| a.indicator_label(*x).to_lowercase())
        .collect();
    let (how, k) = match knew {
        Knew::Named(k) if k == i => (
            "this record itself names the child's social worker there".to_string(),
            k,
        ),
        Knew::Named(k) => (
            format!(
                "its record of {} names the child's social worker there ({})",
                uk_date(&a.records[k]),
                ctx.quote(&a.records[k].text)
            ),
            k,
        ),
        Knew::InTouch(k) => (
            format!(
                "it had been in touch with {sw} about {subj} on {} ({})",
                uk_date(&a.records[k]),
                ctx.quote(&a.records[k].text)
            ),
            k,
        ),
    };
    let source = if ctx.received(i) {
        format!("told to {who}")
    } else {
        format!("held by {who}")
    };
    let mut explanation = format!(
        "{} since {} ({}: {}). {who} knew {subj} had a social worker at {sw}: {how}. No \
         record shows {sw} learning of it within {} days.",
        capitalise(&source),
        uk_date(r),
        list(&labels),
        ctx.quote(&r.text),
        ctx.rules.social_worker_not_told.share_days,
    );
    if let Some((p, from)) = first_learned(ctx, i, b, children, inds) {
        // The record that carried it ("CIN review: present SW, HV, school
        // DSL") says how, better than naming one of those who were there.
        let days = (span(&a.records[p]).lo - at) / DAY;
        explanation.push_str(&format!(
            " The first record by which it could have reached {sw} is {}'s of {} ({}), {days} days later.",
            ctx.name(from),
            uk_date(&a.records[p]),
            ctx.quote(&a.records[p].text),
        ));
    }
    let serious = ctx.any_serious(inds);
    let held_by = ctx.held_since(&who, r, inds, &[r.id]);
    // The concern's record first: the point the flag is on.
    let mut evidence = vec![r.id];
    if k != i {
        evidence.push(a.records[k].id);
    }
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: r,
        about: "",
        agency: who.clone(),
        subject: subj.clone(),
        severity: if serious {
            Severity::High
        } else {
            Severity::Medium
        },
        title: format!("{} about {subj} did not reach {sw}", list(&labels)),
        explanation,
        evidence,
        held_by,
    });
}

/// The first record, in the year after the concern of record `i`, by which
/// another agency that knew it passed something about the children to
/// social care `b`: (that record, the agency).
fn first_learned(
    ctx: &Context<'_>,
    i: usize,
    b: i64,
    children: &[i64],
    inds: &[u32],
) -> Option<(usize, i64)> {
    let a = ctx.a;
    let at = span(&a.records[i]).lo;
    let keys: Vec<Key> = children
        .iter()
        .flat_map(|&c| {
            inds.iter().filter_map(move |&ind| {
                a.concern_held
                    .get(&(i, ind as crate::knowledge::IndicatorId, c))
                    .map(|&k| Key {
                        subject: c,
                        indicator: k,
                    })
            })
        })
        .collect();
    a.agencies
        .iter()
        .filter(|f| f.id != b)
        .filter_map(|f| {
            ctx.routes_between(f.id, b, at, at + 365 * DAY, children)
                .filter_map(|id| a.position.get(&id).copied())
                .find(|&p| {
                    let lo = span(&a.records[p]).lo;
                    keys.iter().any(|&key| {
                        a.concern_knowledge
                            .knew_before(f.id, key, Span::new(lo, lo + 1))
                            != Certainty::No
                    })
                })
                .map(|p| (p, f.id))
        })
        .min_by_key(|&(p, _)| span(&a.records[p]).lo)
}

/// `s` with its first letter in capitals.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const SCHOOL: &str = "Kirkby Moor High School";
    const LADO: &str = "North Yorkshire Council LADO";
    const YORK: &str = "City of York Children's Social Care";
    const POLICE: &str = "North Yorkshire Police";

    fn review() -> Scenario {
        Scenario::new()
            .agency(SCHOOL, "school")
            .agency(LADO, "childrens_social_care")
            .agency(YORK, "childrens_social_care")
            .agency(POLICE, "police")
            .record(
                YORK,
                "06/12/2023",
                "Chloe Whitfield",
                "CIN meeting. Chloe Whitfield: CIN plan agreed (neglect, parental alcohol). SW visits 4-weekly.",
            )
    }

    /// The LADO receives an allegation about a child whose referral form
    /// names her social worker in York, and York never hears of it: flagged
    /// at the LADO, saying how it knew. Told to York within the week, or
    /// with no word of a social worker, it is not.
    #[test]
    fn an_allegation_received_about_a_child_whose_social_worker_was_named_is_flagged() {
        let case = |form: &str, told: bool| {
            let mut s = review()
                .record(
                    LADO,
                    "11/03/2024 16:40",
                    "Chloe Whitfield",
                    &format!("LADO referral form from HT, Kirkby Moor High. Allegation against teacher: grooming of Chloe Whitfield (14). {form}"),
                )
                .record(
                    SCHOOL,
                    "11/03/2024 13:05",
                    "Chloe Whitfield",
                    "Allegation: teacher messaging Chloe Whitfield at night, kissed her in his car. Referred to LADO.",
                );
            if told {
                s = s.record(
                    LADO,
                    "13/03/2024",
                    "Chloe Whitfield",
                    "Email to City of York Children's Social Care: allegation about Chloe Whitfield, strategy meeting held.",
                );
            }
            s.flags_of(INFO.id)
                .into_iter()
                .filter(|f| f.agency == LADO)
                .collect::<Vec<_>>()
        };
        let named = "Is the child known to CSC? YES - Child in Need, City of York Council, SW Kelly Anstey.";
        let flags = case(named, false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        let f = &flags[0];
        assert!(f.at.starts_with("2024-03-11"), "{}", f.at);
        assert!(
            f.explanation.contains(
                "knew Child A had a social worker at City of York Children's Social Care"
            ) && f.explanation.contains(
                "No record shows City of York Children's Social Care learning of it within 7 days"
            ),
            "{}",
            f.explanation
        );
        assert!(case(named, true).is_empty());
        assert!(case("Is the child known to CSC? Not known.", false).is_empty());
    }

    /// A family that moved: the school, which knew of the social worker in
    /// York, phones the new area's front door about a disclosure. It went
    /// to social care; finding the worker is social care's part.
    #[test]
    fn a_concern_passed_to_the_new_areas_social_care_is_not_flagged() {
        const HANTS: &str = "Hampshire Children's Services";
        let case = |told: &str| {
            review()
                .agency(HANTS, "childrens_social_care")
                .record(
                    HANTS,
                    "01/02/2024",
                    "Chloe Whitfield",
                    "Closure summary from York received. Chloe Whitfield NFA.",
                )
                .record(
                    SCHOOL,
                    "10/01/2024",
                    "Chloe Whitfield",
                    "Transfer file from York: Chloe Whitfield, CIN, SW Kelly Anstey at City of York Children's Social Care.",
                )
                .record(
                    SCHOOL,
                    "14/02/2024 10:05",
                    "Chloe Whitfield",
                    &format!("Chloe Whitfield disclosed dad pushed mum down the stairs at the weekend. {told}"),
                )
                .flags_of(INFO.id)
        };
        assert_eq!(case("Logged.").len(), 1, "{:#?}", case("Logged."));
        let told = case("DSL phoned Hampshire MASH 10:40, IRF submitted.");
        assert!(told.is_empty(), "{told:#?}");
    }

    /// What social care itself told the agency (its closure letter telling
    /// of the incident it assessed months before) is no concern social care
    /// never learned of.
    #[test]
    fn a_concern_told_by_the_social_worker_is_not_flagged() {
        let flags = review()
            .record(
                SCHOOL,
                "17/10/2023",
                "Chloe Whitfield",
                "Chloe Whitfield disclosed mum drinking every night. Referral to City of York Children's Social Care (online form).",
            )
            .record(
                YORK,
                "10/01/2024",
                "Chloe Whitfield",
                "Domestic abuse incident 09/01: mum's partner pushed mum; Chloe present. Assessment started.",
            )
            .record(
                SCHOOL,
                "12/03/2024",
                "Chloe Whitfield",
                "Letter from City of York Children's Social Care received: assessment concluded, DA incident 09/01 - partner pushed mum; NFA.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A school that referred the child to York itself months before passes
    /// a new allegation only to the LADO: flagged at the school, saying when
    /// it had been in touch. Told to York within the week, or in touch with
    /// York only years before, it is not.
    #[test]
    fn a_school_in_touch_with_the_social_worker_passing_a_concern_elsewhere_is_flagged() {
        let case = |referred: &str, told: bool| {
            let s = review()
                .record(
                    LADO,
                    "12/03/2024",
                    "",
                    "Allegations strategy meeting held (Teams). HT, DSL and police present.",
                )
                .record(
                    SCHOOL,
                    referred,
                    "Chloe Whitfield",
                    "Chloe Whitfield disclosed mum drinking every night. Referral to City of York Children's Social Care (online form).",
                )
                .record(
                    SCHOOL,
                    "11/03/2024 13:05",
                    "Chloe Whitfield",
                    "Allegation: teacher messaging Chloe Whitfield at night, kissed her in his car.",
                );
            let s = if told {
                s.outcome(
                    "HT phoned LADO 13:05. Emailed City of York Children's Social Care 14:00.",
                )
            } else {
                s.outcome("HT phoned LADO 13:05.")
            };
            s.flags_of(INFO.id)
        };
        let flags = case("17/10/2023", false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, SCHOOL);
        assert!(
            flags[0].explanation.contains("it had been in touch with City of York Children's Social Care about Child A on 17/10/2023"),
            "{}",
            flags[0].explanation
        );
        assert!(case("17/10/2023", true).is_empty());
        assert!(case("17/10/2021", false).is_empty());
    }
}
