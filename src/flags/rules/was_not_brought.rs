//! A child not brought to health appointments again and again, with
//! nothing to show the health agency telling anyone: missed appointments
//! read as the child's own non-attendance rather than a sign of neglect.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "was-not-brought",
    name: "Child not brought, not followed up",
    description: "A child was not brought to several health appointments in a few months and \
         nothing shows the health agency telling the health visitor, the GP, social care or \
         anyone else involved with the child; or the service discharged the child after them \
         and nothing shows it telling the agency that had referred the child or raised a \
         concern with it.",
    severity: "High when the child was under one (by date of birth, or as the records describe the child: newborn, weeks or months old); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "min_missed",
            meaning: "missed appointments that make a pattern",
            basis: Basis::SightlineDefault,
            source: "after research on missed appointments: 2 in 6 months",
        },
        Threshold {
            setting: "within_days",
            meaning: "days within which the missed appointments fall",
            basis: Basis::SightlineDefault,
            source: "after research on missed appointments",
        },
        Threshold {
            setting: "notice_days",
            meaning: "days after the last missed appointment within which telling another agency counts (about 10 working days)",
            basis: Basis::LocalProcedure,
            source: "local procedures on missed appointments",
        },
    ],
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
    /// Words in the names of agencies of other kinds whose appointments
    /// count all the same (a CAMHS team or an NHS trust's service sent as
    /// "other").
    #[serde(default)]
    pub name_words: Vec<String>,
    /// Kinds of agency that, told a child was not brought elsewhere, should
    /// follow it up rather than file it.
    pub recipients: Vec<String>,
    /// Patterns (regular expressions) that say a notice was filed with no
    /// action.
    pub filed: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[was-not-brought]
enabled = true
# Agency kinds whose appointments count.
kinds = ["gp", "hospital", "health_visiting"]
# Agencies of other kinds whose names say they are health services.
name_words = ["CAMHS", "NHS", "clinic", "hospital", "paediatric", "therapy", "dental", "mental health"]
# What says a child was not brought.
indicators = ["missed-health-appointment"]
# Two missed appointments within six months make a pattern.
# Basis: Sightline default (after research on missed appointments: 2 in 6
# months).
min_missed = 2
within_days = 183
# Telling another agency anything about the child from the first missed
# appointment to this many days after the last counts (10 working days).
# Basis: local procedure (local procedures on missed appointments).
notice_days = 14
# Told by another service that a child was not brought (a discharge letter
# after missed appointments), these should follow it up, not file it.
recipients = ["gp", "health_visiting"]
# What says the notice was filed with nothing done (regular expressions).
filed = [
    '\bfiled\b',
    '\bno (?:further )?action (?:required|needed|taken)\b',
    '\bnoted\W*$',
    '\bscanned (?:to|onto) (?:notes|record)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.was_not_brought.clone();
    let kinds: Vec<AgencyKind> = agency_kinds(&s.kinds);
    let words: Vec<String> = s.name_words.iter().map(|w| w.to_lowercase()).collect();
    // The agencies whose appointments count: of the kinds, or named as a
    // health service.
    let health: Vec<i64> = a
        .agencies
        .iter()
        .filter(|x| {
            let name = x.name.to_lowercase();
            kinds.contains(&x.kind)
                || name
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| words.iter().any(|n| !n.contains(' ') && *n == w))
                || words
                    .iter()
                    .any(|n| n.contains(' ') && name.contains(n.as_str()))
        })
        .map(|x| x.id)
        .collect();
    let wanted: Vec<u32> = s
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // (agency, child) → the positions of its missed appointments, in order.
    let mut missed: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !health.contains(&r.agency_id) || ctx.received(i) || retold(ctx, i) {
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
            let mut anchor = last;
            let mut untold_referrers = String::new();
            if ctx.shared_anything(agency, from, to, child) {
                // Told someone: still a point when it discharged the child
                // and the agency that had referred the child was not told.
                match referrer_untold(ctx, agency, child, (from, to), s.notice_days) {
                    Some((discharge, words)) => {
                        anchor = discharge;
                        untold_referrers = words;
                    }
                    None => continue,
                }
            }
            // Brought and seen by the service within the notice days after
            // the last: the child was not lost to it.
            if !discharged(ctx, agency, child, (from, to))
                && seen_after(ctx, agency, child, last, s.notice_days)
            {
                continue;
            }
            let r = &a.records[anchor];
            let who = ctx.name(agency);
            let subject = ctx.subjects_label(&[child]);
            let involved: Vec<String> = ctx
                .involved(child, from - 90 * DAY, to, agency)
                .into_iter()
                .map(|x| ctx.name(x))
                .collect();
            let dates: Vec<String> = pattern.iter().map(|p| uk_date(&a.records[*p])).collect();
            let mut explanation = if untold_referrers.is_empty() {
                format!(
                    "{subject} was not brought to {} appointments with {who} ({}; last: {}). No \
                     record shows {who} telling another agency within {} days of the last",
                    pattern.len(),
                    list(&dates),
                    ctx.quote(&a.records[last].text),
                    s.notice_days,
                )
            } else {
                format!(
                    "{subject} was not brought to {} appointments with {who} ({}). {who} \
                     discharged {subject} on {} ({}); {untold_referrers}",
                    pattern.len(),
                    list(&dates),
                    uk_date(r),
                    ctx.quote(&r.text),
                )
            };
            if involved.is_empty() {
                explanation.push('.');
            } else {
                explanation.push_str(&format!(
                    ", while {} {} involved with {subject}.",
                    list(&involved),
                    if involved.len() == 1 { "was" } else { "were" }
                ));
            }
            let (severity, age) = ctx.severity_by_age(&[child], span(r).lo);
            explanation.push_str(&age);
            let evidence: Vec<i64> = pattern.iter().map(|p| a.records[*p].id).collect();
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &subject,
                agency: who.clone(),
                subject: subject.clone(),
                severity,
                title: if untold_referrers.is_empty() {
                    format!(
                        "{subject} not brought to {} appointments; not followed up",
                        pattern.len()
                    )
                } else {
                    format!(
                        "{subject} discharged after {} missed appointments; those who asked after {subject} not told",
                        pattern.len()
                    )
                },
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
    filed_notices(ctx, &s, &wanted);
}

/// Whether the service discharged the child in [`from`, `to`).
fn discharged(ctx: &Context<'_>, agency: i64, child: i64, span_of: (i64, i64)) -> bool {
    last_discharge(ctx, agency, child, span_of).is_some()
}

/// The position of the service's last discharge of the child in [`from`,
/// `to`): the one that ends its part.
fn last_discharge(
    ctx: &Context<'_>,
    agency: i64,
    child: i64,
    (from, to): (i64, i64),
) -> Option<usize> {
    let a = ctx.a;
    (0..a.records.len()).rev().find(|&i| {
        let r = &a.records[i];
        let lo = span(r).lo;
        r.agency_id == agency
            && lo >= from
            && lo < to
            && ctx.named_children(i).contains(&child)
            && a.facts[i]
                .decision
                .as_ref()
                .is_some_and(|d| d.kinds.contains(&DecisionKind::Discharged))
    })
}

/// Whether the service recorded `child` seen (brought, attended) in the
/// `days` after the missed appointment at position `last`, in a record that
/// is not itself a missed appointment.
fn seen_after(ctx: &Context<'_>, agency: i64, child: i64, last: usize, days: i64) -> bool {
    let a = ctx.a;
    let missed = a.indicator_index("missed-health-appointment");
    let at = span(&a.records[last]).lo;
    a.records.iter().enumerate().any(|(i, r)| {
        let lo = span(r).lo;
        let f = &a.facts[i];
        r.agency_id == agency
            && lo > at
            && lo <= at + days * DAY
            && {
                // A patient's record naming no child ("Attended with Mum")
                // is the child's next appointment.
                let named = ctx.named_children(i);
                named.is_empty() || named.contains(&child)
            }
            && !f
                .indicators
                .iter()
                .any(|h| Some(h.indicator as u32) == missed)
            && attended(ctx, i)
    })
}

/// Whether the record shows the child seen or brought: "Attended with
/// Mum", "Kacey brought by Mum", "seen with dad".
fn attended(ctx: &Context<'_>, i: usize) -> bool {
    matches!(
        ctx.a.facts[i].child_seen,
        ChildSeen::Seen | ChildSeen::SeenAlone
    ) || written(&ctx.a.records[i]).any(|t| {
        let t = t.to_lowercase();
        t.starts_with("attended") || t.contains("brought by") || t.contains("seen with")
    })
}

/// Whether missed appointments in record `i` are told again rather than
/// missed then: at a meeting ("Strategy discussion … 4 WNB across 2
/// depts") or when the child was brought that day ("Kacey brought by Mum
/// … dental discharge WNB x2 (Feb)").
fn retold(ctx: &Context<'_>, i: usize) -> bool {
    ctx.a.facts[i].meeting.as_ref().is_some_and(|m| m.held) || attended(ctx, i)
}

/// Days before the first missed appointment from which an agency that sent
/// the service anything about the child counts as one that asked after the
/// child.
const REFERRAL_DAYS: i64 = 365;

/// For a service that told someone of a child not brought: its last
/// discharge of the child in [`from`, `to`) and, in words, the agencies that
/// had sent it anything about the child (a referral, a concern) from a year
/// before the first missed appointment up to the discharge, and that nothing
/// shows told of the discharge within `notice_days` of it. A discharge after
/// missed appointments goes back to whoever asked for the child to be seen.
fn referrer_untold(
    ctx: &Context<'_>,
    agency: i64,
    child: i64,
    (from, to): (i64, i64),
    notice_days: i64,
) -> Option<(usize, String)> {
    let a = ctx.a;
    let discharge = last_discharge(ctx, agency, child, (from, to))?;
    let at = span(&a.records[discharge]).lo;
    let mut untold: Vec<String> = Vec::new();
    for x in &a.agencies {
        if x.id == agency {
            continue;
        }
        let told = |ctx: &Context<'_>| {
            ctx.first_route(agency, x.id, at - DAY, at + notice_days * DAY, &[child])
                .is_some()
        };
        let Some(rec) = ctx.first_route(x.id, agency, from - REFERRAL_DAYS * DAY, at + 1, &[child])
        else {
            // Social care working with the child when the service let the
            // child go: a discharge after missed appointments is for it to
            // weigh, whether or not it had asked for the child to be seen.
            if x.kind == AgencyKind::ChildrensSocialCare && !told(ctx) {
                if let Some(since) = working_with(ctx, x.id, child, from - OPEN_DAYS * DAY, at + 1)
                {
                    untold.push(format!(
                        "{} (working with {} since {since})",
                        ctx.name(x.id),
                        ctx.subjects_label(&[child])
                    ));
                }
            }
            continue;
        };
        if told(ctx) {
            continue;
        }
        let on = a
            .records
            .iter()
            .find(|r| r.id == rec)
            .map(uk_date)
            .unwrap_or_default();
        untold.push(format!(
            "{} (which had written or spoken to it about {} on {on})",
            ctx.name(x.id),
            ctx.subjects_label(&[child])
        ));
    }
    if untold.is_empty() {
        return None;
    }
    Some((
        discharge,
        format!(
            "no record shows it telling {} of the discharge within {notice_days} days",
            list(&untold)
        ),
    ))
}

/// Days before the first missed appointment from which social care's
/// records about the child count as it working with the child.
const OPEN_DAYS: i64 = 90;

/// The day social care agency `csc` first recorded anything about `child`
/// in [`from`, `to`), when it did and had not closed its work with the child
/// by `to`.
fn working_with(ctx: &Context<'_>, csc: i64, child: i64, from: i64, to: i64) -> Option<String> {
    let a = ctx.a;
    let mut first: Option<usize> = None;
    let mut open = false;
    for (i, r) in a.records.iter().enumerate() {
        let lo = span(r).lo;
        if r.agency_id != csc || lo < from || lo >= to || !ctx.children_of(i).contains(&child) {
            continue;
        }
        first.get_or_insert(i);
        open = !a.facts[i]
            .decision
            .as_ref()
            .is_some_and(|d| d.kinds.iter().any(closes));
    }
    first.filter(|_| open).map(|i| uk_date(&a.records[i]))
}

/// A notice from another service that the child was not brought (or
/// discharged after missed appointments), filed by a GP or health visitor
/// with nothing done: no record of the recipient telling anyone.
fn filed_notices(ctx: &mut Context<'_>, s: &Settings, wanted: &[u32]) {
    let a = ctx.a;
    let recipients: Vec<AgencyKind> = agency_kinds(&s.recipients);
    let Some(filed) = Patterns::new(&s.filed) else {
        return;
    };
    for (i, r) in a.records.iter().enumerate() {
        if !recipients.contains(&r.agency_kind) || !ctx.received(i) || !filed.in_record(r) {
            continue;
        }
        let children: Vec<i64> = a.facts[i]
            .indicators
            .iter()
            .filter(|h| wanted.contains(&(h.indicator as u32)))
            .flat_map(|h| a.about(i, h.indicator as u32))
            .filter(|x| ctx.child_set.contains(x))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let at = span(r);
        let kept: Vec<i64> = children
            .into_iter()
            .filter(|&c| !ctx.shared_anything(r.agency_id, at.lo, at.lo + s.notice_days * DAY, c))
            .collect();
        if kept.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&kept);
        let (severity, age) = ctx.severity_by_age(&kept, at.lo);
        let explanation = format!(
            "{who} was told on {} that {subject} had not been brought to appointments elsewhere \
             ({}) and recorded it as filed, with no action. No record shows {who} following it up \
             or telling another agency within {} days.{age}",
            uk_date(r),
            ctx.quote(&r.text),
            s.notice_days
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: &format!("filed:{subject}"),
            agency: who.clone(),
            subject: subject.clone(),
            severity,
            title: format!("Notice that {subject} was not brought filed by {who}"),
            explanation,
            evidence: vec![r.id],
            held_by: vec![HeldBy {
                agency: who,
                since: r.when.start_iso(),
                indicator: "missed-health-appointment".to_string(),
                records: vec![r.id],
            }],
        });
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

    /// The hospital discharges after two missed appointments and writes to
    /// the GP, who files the letter.
    #[test]
    fn a_discharge_letter_filed_with_no_action_is_flagged_at_the_gp() {
        let flags = Scenario::new()
            .agency("Brook Lane Surgery", "gp")
            .agency("Harrowdene Hospital", "hospital")
            .record("Harrowdene Hospital", "15/08/2023", "Kaiden Walsh", "Pre-op assessment: not brought for 2nd time. Removed from GA list. Letters to parents and GP.")
            .record("Brook Lane Surgery", "29/08/2023", "Kaiden Walsh", "Letter from Harrowdene Hospital dentistry: Kaiden not brought to pre-op 04/07 and 15/08, removed from GA list.")
            .outcome("Filed - no action required.")
            .flags_of(INFO.id);
        let gp: Vec<_> = flags
            .iter()
            .filter(|f| f.agency == "Brook Lane Surgery")
            .collect();
        assert_eq!(gp.len(), 1, "{flags:#?}");
        assert!(gp[0].explanation.contains("filed"), "{}", gp[0].explanation);
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

    /// The health visitor refers a toddler to audiology; the service
    /// discharges her to the GP after she is not brought three times, and
    /// tells only the GP. With the referrer told too, nothing is flagged.
    #[test]
    fn a_discharge_told_to_the_gp_but_not_the_referrer_is_flagged() {
        let case = |copy: &str| {
            Scenario::new()
                .agency("Harbridge Health Visiting", "health_visiting")
                .agency("Brackenfield Audiology", "hospital")
                .agency("Millbrook Surgery", "gp")
                .record(
                    "Millbrook Surgery",
                    "01/06/2023",
                    "Kacey Morrow",
                    "Ear infection, amoxicillin.",
                )
                .record(
                    "Harbridge Health Visiting",
                    "15/06/2023",
                    "Kacey Morrow",
                    "2-year review: few words, not responding to name.",
                )
                .record(
                    "Brackenfield Audiology",
                    "19/06/2023",
                    "Kacey Morrow",
                    "Referral from HV: ?hearing loss, speech delay.",
                )
                .record(
                    "Brackenfield Audiology",
                    "05/09/2023",
                    "Kacey Morrow",
                    "Not brought to hearing assessment.",
                )
                .record(
                    "Brackenfield Audiology",
                    "07/11/2023",
                    "Kacey Morrow",
                    "Second appointment, not brought.",
                )
                .record(
                    "Brackenfield Audiology",
                    "12/12/2023",
                    "Kacey Morrow",
                    "Not brought again.",
                )
                .record(
                    "Brackenfield Audiology",
                    "14/12/2023",
                    "Kacey Morrow",
                    "Discharged back to GP care after 3 WNB.",
                )
                .outcome(copy)
                .flags_of(INFO.id)
        };
        let flags = case("Discharge letter to GP and parent.");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Brackenfield Audiology");
        assert!(flags[0].at.starts_with("2023-12-14"), "{}", flags[0].at);
        assert!(
            flags[0]
                .explanation
                .contains("Harbridge Health Visiting (which had written or spoken to it"),
            "{}",
            flags[0].explanation
        );
        assert!(case("Discharge letter to GP and parent, copy to HV.").is_empty());
    }

    /// A CAMHS team sent as "other" is a health service by its name: its
    /// missed appointments kept to itself are flagged; a youth club's are
    /// not.
    #[test]
    fn a_health_service_of_another_kind_counts_by_its_name() {
        let case = |name: &str| {
            Scenario::new()
                .agency(name, "other")
                .record(
                    name,
                    "05/09/2024",
                    "Kian Pritchard",
                    "Kian Pritchard was not brought to his appointment.",
                )
                .record(
                    name,
                    "19/09/2024",
                    "Kian Pritchard",
                    "Kian Pritchard was not brought again.",
                )
                .flags_of(INFO.id)
        };
        assert_eq!(case("Lancashire NHS FT CAMHS").len(), 1);
        assert!(case("Darwen Youth Club").is_empty());
    }

    /// The second missed immunisation is rebooked when mum rings, and the
    /// child is brought twelve days later: not lost to the practice.
    #[test]
    fn a_child_brought_again_soon_after_is_not_flagged() {
        let case = |after: &str| {
            Scenario::new()
                .agency("Oakfield Medical Practice", "gp")
                .record(
                    "Oakfield Medical Practice",
                    "14/02/2023",
                    "Kacey Doyle",
                    "WNB for catch-up imms. Not brought.",
                )
                .record(
                    "Oakfield Medical Practice",
                    "12/06/2023",
                    "Kacey Doyle",
                    "WNB again for catch-up imms. Mum phoned - car broke down. Rebooked.",
                )
                .record(
                    "Oakfield Medical Practice",
                    "24/06/2023",
                    "Kacey Doyle",
                    after,
                )
                .flags_of(INFO.id)
        };
        assert!(case("Attended with Mum. MMR1 given. Well child.").is_empty());
        assert_eq!(case("Repeat prescription for Mum's inhaler.").len(), 1);
    }

    /// A family under a social care assessment: the eye clinic discharges
    /// the child to the GP after two missed appointments and tells only the
    /// GP. Social care, working with the child, is not told: flagged at the
    /// discharge. The missed appointments told again at the strategy
    /// discussion months later make no new pattern.
    fn under_assessment(copy: &str) -> Vec<crate::flags::Flag> {
        Scenario::new()
            .agency("Carrow Children's Services", "childrens_social_care")
            .agency("Northfold Hospital", "hospital")
            .agency("Thornbury Surgery", "gp")
            .record("Thornbury Surgery", "08/01/2024", "Kacey Tranter", "Toothache, advised dentist.")
            .record("Carrow Children's Services", "22/01/2024", "Kacey Tranter", "PPN from police: DA at home, Kacey present. Single assessment opened.")
            .record("Northfold Hospital", "12/12/2023", "Kacey Tranter", "Orthoptics: not brought.")
            .record("Northfold Hospital", "13/02/2024", "Kacey Tranter", "Orthoptics: not brought again. WNB 2. Discharged to GP.")
            .outcome(copy)
            .record("Carrow Children's Services", "20/02/2024", "Kacey Tranter", "Home visit, Kacey seen. Assessment continues.")
            .record("Northfold Hospital", "21/05/2024", "Kacey Tranter", "Strategy discussion attended. Review: 2 WNB at orthoptics, discharged without a safeguarding check.")
            .flags_of(INFO.id)
    }

    #[test]
    fn a_discharge_social_care_working_with_the_child_was_not_told_of_is_flagged() {
        let flags = under_assessment("Discharge letter to GP and parent.");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-02-13"), "{}", flags[0].at);
        assert!(
            flags[0]
                .explanation
                .contains("Carrow Children's Services (working with Child A since 22/01/2024)"),
            "{}",
            flags[0].explanation
        );
        assert!(under_assessment("Discharge letter to GP and parent, copy to SW.").is_empty());
    }
}
