//! An assessment, visit or closure with no record of the child seen (or,
//! for assessments and closures, seen alone).

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "child-not-seen",
    name: "Child not seen",
    description: "An assessment, visit or closure with no record of the child being seen (or, \
         for assessments and closures, seen alone); or the police closing a report that a \
         child was hurt without seeing the child.",
    severity: "High when the child was under one (by date of birth, a birth day in a record about the child — \"Leo born 23/10/23\" — or as the records describe the child: newborn, \"new birth visit\", weeks or months old, \"Leo (3m)\"); otherwise medium.",
    thresholds: &[Threshold {
        setting: "report_days",
        meaning: "days before a police closure within which a report of harm to a child is the one it closes",
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
    /// Agency kinds whose contacts are checked.
    pub kinds: Vec<String>,
    /// Agency kinds (the police) whose closure of a report that a child was
    /// hurt needs the child seen.
    pub report_kinds: Vec<String>,
    /// A report of harm to a child recorded by the agency this many days
    /// before its closure (or in it) is the report it closes.
    pub report_days: i64,
    /// Indicators that make a report of harm to a child.
    pub report_indicators: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[child-not-seen]
enabled = true
# Agency kinds whose assessments, visits and closures should record the
# child as seen (and, for assessments and closures, seen alone).
kinds = ["childrens_social_care", "health_visiting"]
# The police closing a report that a child was hurt ("son told him Mum's
# boyfriend pushed him into a door") with no record of the child seen
# ("children asleep, declined to wake them"): the report recorded this many
# days before the closure, or in it.
# Basis: Sightline default.
report_kinds = ["police"]
report_days = 3
report_indicators = ["injury", "suspected-nai", "allegation", "sexual-abuse"]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let kinds: Vec<AgencyKind> = agency_kinds(&ctx.rules.child_not_seen.kinds);
    let children: HashSet<i64> = a.children().into_iter().collect();
    let not_seen = a.indicator_index("child-not-seen");
    // Per (agency, child): times the child was recorded seen alone, and
    // seen at all (a baby cannot be spoken to alone: seen is enough).
    let mut seen_alone: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    let mut seen_at_all: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        let contradicted = a.facts[i]
            .indicators
            .iter()
            .any(|h| not_seen == Some(h.indicator as u32));
        if contradicted {
            continue;
        }
        let seen = a.facts[i].child_seen;
        for s in &a.record_subjects[i] {
            if seen == ChildSeen::SeenAlone {
                seen_alone
                    .entry((r.agency_id, *s))
                    .or_default()
                    .push(span(r).lo);
            }
            if matches!(seen, ChildSeen::SeenAlone | ChildSeen::Seen) {
                seen_at_all
                    .entry((r.agency_id, *s))
                    .or_default()
                    .push(span(r).lo);
            }
        }
    }
    for (i, r) in a.records.iter().enumerate() {
        let f = &a.facts[i];
        // A meeting is no visit; but a conference that ends the plan ("removed
        // from the register", "stepped down") closes the agency's work with
        // the child, and the child's being seen alone in the time before it
        // counts as for any closure.
        let ends_plan = f
            .decision
            .as_ref()
            .is_some_and(|d| d.kinds.iter().any(closes));
        // Social care closing a contact it received ("PPN received … NFA")
        // screened it, which is done without seeing the child; a closing
        // "NFA" after another agency's own call to the family is its own.
        let own = if r.agency_kind == AgencyKind::ChildrensSocialCare {
            ctx.own_stated_decision(i)
        } else {
            ctx.own_decision(i)
        };
        if !kinds.contains(&r.agency_kind)
            || !f.requires_child_seen
            || !own
            || (f.meeting.as_ref().is_some_and(|m| m.held) && !ends_plan)
        {
            continue;
        }
        let concluded = f.decision.as_ref().is_some_and(|d| {
            d.kinds
                .iter()
                .any(|k| !matches!(k, DecisionKind::ReturnedHome))
        });
        let visit = f.contacts.contains(&ContactKind::HomeVisit);
        if !visit && !concluded {
            // The start of an assessment, not its end.
            continue;
        }
        let said_not_seen = f
            .indicators
            .iter()
            .any(|h| not_seen == Some(h.indicator as u32));
        let mut about: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|s| children.contains(s))
            .collect();
        let at = span(r);
        if said_not_seen && !concluded {
            // The children the sentence saying so names ("Tyler at Nan's
            // for tea – not seen today"), not every child of the visit.
            let named = named_where_not_seen(ctx, i, not_seen, &about);
            if !named.is_empty() {
                about = named;
            }
            // A child the agency saw in the days after (at school the next
            // morning) was followed up.
            about.retain(|c| {
                !seen_at_all.get(&(r.agency_id, *c)).is_some_and(|v| {
                    v.iter()
                        .any(|lo| *lo > at.lo && *lo <= at.lo + FOLLOW_UP_DAYS * DAY)
                })
            });
        }
        if about.is_empty() {
            continue;
        }
        let strict = concluded;
        let within = |v: &Vec<i64>| v.iter().any(|lo| *lo <= at.lo && *lo >= at.lo - 60 * DAY);
        let flagged = match f.child_seen {
            _ if said_not_seen => true,
            ChildSeen::NotSeen => true,
            ChildSeen::SeenAlone => false,
            ChildSeen::Seen | ChildSeen::Unknown => {
                strict
                    && about.iter().all(|s| {
                        let baby = ctx.too_young_to_be_alone(*s, at.lo);
                        let seen = if baby { &seen_at_all } else { &seen_alone };
                        let seen_now = baby && f.child_seen == ChildSeen::Seen;
                        !(seen_now || seen.get(&(r.agency_id, *s)).is_some_and(within))
                    })
            }
        };
        if !flagged {
            continue;
        }
        // A visit that found the child away, passed to children's social
        // care that day ("older children not seen - email to SW"), is told.
        if !concluded
            && said_not_seen
            && r.agency_kind != AgencyKind::ChildrensSocialCare
            && ctx
                .agencies_of_kind(AgencyKind::ChildrensSocialCare)
                .iter()
                .any(|&csc| {
                    about.iter().any(|&c| {
                        ctx.first_route(r.agency_id, csc, at.lo - DAY / 2, at.lo + DAY, &[c])
                            .is_some()
                    })
                })
        {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&about);
        let what = if f.contacts.contains(&ContactKind::Closure) {
            "closure"
        } else if f.contacts.contains(&ContactKind::Assessment) {
            "assessment"
        } else {
            "visit"
        };
        let seen = match f.child_seen {
            _ if said_not_seen => format!("the record says {subject} was not seen, or not seen alone"),
            ChildSeen::NotSeen => format!("the record says {subject} was not seen"),
            _ => format!(
                "no record in this entry or in the previous 60 days shows {subject} seen or spoken to alone"
            ),
        };
        let (severity, age) = ctx.severity_by_age(&about, at.lo);
        let explanation = format!(
            "{who} recorded a {what} on {} ({}); {seen}.{age}",
            uk_date(r),
            ctx.quote(&r.text)
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who,
            subject,
            severity,
            title: format!("{what} with no record of the child seen alone"),
            explanation,
            evidence: vec![r.id],
            held_by: Vec::new(),
        });
    }
    reports_closed_unseen(ctx);
}

/// Days after a visit at which a child was not seen within which the
/// agency seeing the child is the visit followed up.
const FOLLOW_UP_DAYS: i64 = 3;

/// The children of `about` named in the sentences of record `i` that say
/// a child was not seen.
fn named_where_not_seen(
    ctx: &Context<'_>,
    i: usize,
    not_seen: Option<u32>,
    about: &[i64],
) -> Vec<i64> {
    use crate::extract::Field;
    let a = ctx.a;
    let r = &a.records[i];
    let mut named = Vec::new();
    for h in &a.facts[i].indicators {
        if not_seen != Some(h.indicator as u32) {
            continue;
        }
        let field = match h.field {
            Field::Text => r.text.as_str(),
            Field::Outcome => r.outcome.as_deref().unwrap_or(""),
            _ => continue,
        };
        let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let lo = field
            .get(..h.start)
            .and_then(|t| t.rfind(is_end))
            .map_or(0, |k| k + 1);
        let hi = field
            .get(h.end..)
            .and_then(|t| t.find(is_end))
            .map_or(field.len(), |k| h.end + k);
        let sentence = format!(" {} ", crate::text::fold(field.get(lo..hi).unwrap_or("")));
        for &c in about {
            let Some(x) = usize::try_from(c).ok().and_then(|k| a.subjects.subject(k)) else {
                continue;
            };
            let says = x.names.iter().any(|n| {
                let name = crate::text::fold(&n.text);
                !name.is_empty() && sentence.contains(&format!(" {name} "))
            });
            if says && !named.contains(&c) {
                named.push(c);
            }
        }
    }
    named
}

/// The police (kinds in `report_kinds`) closing a report that a named
/// child was hurt, recorded by them in the days before or in the closure,
/// with no record of theirs showing the child seen in that time.
fn reports_closed_unseen(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = &ctx.rules.child_not_seen;
    let kinds = agency_kinds(&s.report_kinds);
    let days = s.report_days;
    let wanted: Vec<u32> = s
        .report_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let not_seen = a.indicator_index("child-not-seen");
    let mut out: Vec<(usize, Vec<i64>, Vec<i64>)> = Vec::new();
    for (i, r) in a.records.iter().enumerate() {
        let f = &a.facts[i];
        let closes_it = f.decision.as_ref().is_some_and(|d| {
            d.kinds
                .iter()
                .any(|k| matches!(k, DecisionKind::NoFurtherAction | DecisionKind::CaseClosed))
        });
        if !kinds.contains(&r.agency_kind) || !closes_it || !ctx.own_decision(i) {
            continue;
        }
        let at = span(r).lo;
        // The agency's records of the report: this one and those of the
        // days before.
        let window: Vec<usize> = (0..=i)
            .rev()
            .take_while(|&j| span(&a.records[j]).lo >= at - days * DAY)
            .filter(|&j| a.records[j].agency_id == r.agency_id)
            .collect();
        let mut hurt: Vec<i64> = Vec::new();
        let mut reports: Vec<i64> = Vec::new();
        for &j in &window {
            for h in &a.facts[j].indicators {
                let ind = h.indicator as u32;
                if !wanted.contains(&ind) {
                    continue;
                }
                for c in a.about(j, ind) {
                    if ctx.child_set.contains(&c) && ctx.named_children(j).contains(&c) {
                        if !hurt.contains(&c) {
                            hurt.push(c);
                        }
                        if !reports.contains(&a.records[j].id) {
                            reports.push(a.records[j].id);
                        }
                    }
                }
            }
        }
        if hurt.is_empty() {
            continue;
        }
        // Seen: a record of the agency in the window saying the child was
        // seen, and not that it was not.
        let seen = window.iter().any(|&j| {
            matches!(
                a.facts[j].child_seen,
                ChildSeen::Seen | ChildSeen::SeenAlone
            ) && !a.facts[j]
                .indicators
                .iter()
                .any(|h| not_seen == Some(h.indicator as u32))
        });
        if seen {
            continue;
        }
        out.push((i, hurt, reports));
    }
    for (i, hurt, reports) in out {
        let r = &a.records[i];
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&hurt);
        let report = a
            .records
            .iter()
            .find(|x| Some(&x.id) == reports.last())
            .map(|x| format!("{} ({})", uk_date(x), ctx.quote(&x.text)))
            .unwrap_or_default();
        let (severity, age) = ctx.severity_by_age(&hurt, span(r).lo);
        let explanation = format!(
            "{who} closed on {} ({}) a report that {subject} had been hurt, recorded on {report}; \
             no record of {who} shows {subject} seen.{age}",
            uk_date(r),
            ctx.quote(&r.text),
        );
        let mut evidence = vec![r.id];
        evidence.extend(reports);
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "report",
            agency: who,
            subject,
            severity,
            title: "Report of harm to a child closed with the child not seen".to_string(),
            explanation,
            evidence,
            held_by: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// A home visit where the child was not seen.
    #[test]
    fn a_visit_without_the_child_seen_is_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Children's Social Care", "01/03/2021", "Ellie Marsh", "Home visit to Ellie Marsh. Ellie was at her grandmother's; not seen. Spoke with mother.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// A health visitor, sent a minor injuries unit's letter about a burn,
    /// phones the mother and closes: the closing "NFA" is the health
    /// visitor's own, and the child was not seen.
    #[test]
    fn a_closure_by_phone_after_a_letter_received_is_the_agencys_own() {
        let flags = Scenario::new()
            .agency("Lincs Health Visiting", "health_visiting")
            .agency("Grantham Minor Injuries Unit", "hospital")
            .record(
                "Grantham Minor Injuries Unit",
                "15/09/2024",
                "KJ Preston",
                "Burn L hand, touched hair straighteners. Dressed. Letter to HV.",
            )
            .record(
                "Lincs Health Visiting",
                "01/10/2024",
                "KJ Preston",
                "J Cartwright (HV) - Telephone (Mum) Re MIU letter. Mum says healing well, accident - she left straighteners on floor. No concerns identified. KJ not seen. NFA.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
    }

    /// At a home visit one child is seen alone and the other is at his
    /// nan's, not seen: flagged for him alone, unless the social worker
    /// sees him at school the next morning.
    #[test]
    fn a_child_away_at_a_visit_and_seen_the_next_day_was_followed_up() {
        let csc = "Harwick Children's Social Care";
        let scenario = |next_day: bool| {
            let mut s = Scenario::new()
                .agency(csc, "childrens_social_care")
                .record(csc, "01/06/2024", "Tyler Marsden", "Tyler Marsden on CP plan.")
                .record(csc, "01/06/2024", "Leah Marsden", "Leah Marsden on CP plan.")
                .record(
                    csc,
                    "25/06/2024 16:15",
                    "Leah Marsden",
                    "Home visit. Leah Marsden seen alone in her bedroom, happier. Tyler Marsden at Nan's for tea – not seen today.",
                );
            if next_day {
                s = s.record(
                    csc,
                    "26/06/2024 10:15",
                    "Tyler Marsden",
                    "Tyler Marsden seen alone in the nurture room at school.",
                );
            }
            s.flags_of(INFO.id)
        };
        let flags = scenario(false);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(!flags[0].subject.contains(" and "), "{}", flags[0].subject);
        assert!(scenario(true).is_empty());
    }

    /// A referral received and closed on the phone, its decision in the
    /// outcome: the decision is social care's own, and the child was not
    /// seen. A referral received with nothing decided is not a closure.
    #[test]
    fn a_referral_closed_in_its_outcome_without_the_child_seen_is_flagged() {
        let csc = "Harwick Children's Social Care";
        let flags = Scenario::new()
            .agency(csc, "childrens_social_care")
            .agency("Oakfield Primary School", "school")
            .record(
                csc,
                "03/05/2021",
                "Riley Fisk",
                "School: Riley Fisk came in with a bruise on his neck.",
            )
            .outcome("Phone call to Mum. Threshold not met. NFA. Child not seen.")
            .record(
                csc,
                "03/06/2021",
                "Riley Fisk",
                "School: Riley Fisk late again.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-05-03"), "{}", flags[0].at);
    }

    /// A baby of six weeks not seen on a visit: the gravest case, and the
    /// flag says why. A child with no age recorded is medium.
    #[test]
    fn a_baby_not_seen_is_high() {
        let csc = "Harwick Children's Social Care";
        let flags = Scenario::new()
            .agency(csc, "childrens_social_care")
            .record(csc, "01/03/2021", "Ava Marsh", "Birth notification: Ava Marsh, born 18/01/2021, now 6 weeks old.")
            .record(csc, "03/03/2021", "Ava Marsh", "Home visit to Ava Marsh. Ava was with her grandmother; not seen. Spoke with mother.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::High);
        assert!(
            flags[0].explanation.contains("was under one."),
            "{}",
            flags[0].explanation
        );
        let older = Scenario::new()
            .agency(csc, "childrens_social_care")
            .record(
                csc,
                "03/03/2021",
                "Ellie Marsh",
                "Home visit to Ellie Marsh. Ellie was at her grandmother's; not seen.",
            )
            .flags_of(INFO.id);
        assert_eq!(older[0].severity, Severity::Medium, "{older:#?}");
    }

    /// A baby cannot be spoken to alone: a closure seven weeks after the
    /// social worker saw him is not flagged. A ten-year-old seen with his
    /// mother, and not alone, is.
    #[test]
    fn a_baby_seen_is_seen_an_older_child_must_be_seen_alone() {
        let case = |who: &str, seen: &str| {
            Scenario::new()
                .agency("Harwick Children's Social Care", "childrens_social_care")
                .record(
                    "Harwick Children's Social Care",
                    "23/01/2024",
                    "Leo Kerr",
                    &format!("Home visit. {who} at home with Mum; Leo seen, smiling."),
                )
                .record(
                    "Harwick Children's Social Care",
                    "15/03/2024",
                    "Leo Kerr",
                    seen,
                )
                .outcome("Case closed.")
                .flags_of(INFO.id)
        };
        let baby = case("Leo (3m)", "Closure summary sent to HV and GP.");
        assert!(baby.is_empty(), "{baby:#?}");
        // A child of two cannot be spoken to alone either: seen is enough.
        let toddler = case("Leo (2)", "Closure summary sent to HV and GP.");
        assert!(toddler.is_empty(), "{toddler:#?}");
        let review = case("2-yr review: Leo", "Closure summary sent to HV and GP.");
        assert!(review.is_empty(), "{review:#?}");
        assert_eq!(
            case("Leo (10)", "Closure summary sent to HV and GP.").len(),
            1
        );
        // A birth day written in the record makes him a baby.
        let born = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "30/10/2023",
                "Leo Kerr",
                "Referral from maternity: Leo born 23/10/23 to Shannon Kerr.",
            )
            .record(
                "Harwick Children's Social Care",
                "23/01/2024",
                "Leo Kerr",
                "Home visit. Leo seen, smiling.",
            )
            .record(
                "Harwick Children's Social Care",
                "15/03/2024",
                "Leo Kerr",
                "Closure summary sent to HV and GP.",
            )
            .outcome("Case closed.")
            .flags_of(INFO.id);
        assert!(born.is_empty(), "{born:#?}");
    }

    /// A review conference that ends the plan closes the work with the
    /// child: with no record of him seen alone before it, it is flagged. A
    /// strategy discussion is no closure.
    #[test]
    fn a_conference_ending_the_plan_without_the_child_seen_alone_is_flagged() {
        let case = |text: &str| {
            Scenario::new()
                .agency("Harwick Children's Social Care", "childrens_social_care")
                .record(
                    "Harwick Children's Social Care",
                    "01/03/2021",
                    "Logan Hale",
                    "Home visit. Logan Hale seen with his mother and stepfather.",
                )
                .record(
                    "Harwick Children's Social Care",
                    "15/06/2021",
                    "Logan Hale",
                    text,
                )
                .flags_of(INFO.id)
        };
        let ended = case("Review child protection conference: Logan Hale removed from the child protection plan. Case stepped down.");
        assert_eq!(ended.len(), 1, "{ended:#?}");
        assert!(ended[0].at.starts_with("2021-06-15"));
        assert!(case("Strategy discussion held with police about Logan Hale.").is_empty());
    }

    /// A child "seen and spoken to alone" was seen.
    #[test]
    fn a_child_seen_and_spoken_to_alone_is_not_flagged() {
        let flags = Scenario::new()
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/03/2021",
                "Ellie Marsh",
                "Home visit to Ellie Marsh. Ellie seen and spoken to alone in her bedroom.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A father reports that his son was pushed into a door; officers
    /// speak to the mother at the door, do not see the children, and close
    /// it as a civil matter.
    fn report(closure: &str) -> Scenario {
        Scenario::new()
            .agency("Lowmoor Constabulary", "police")
            .record(
                "Lowmoor Constabulary",
                "24/01/2025",
                "Leo Garside",
                "Call from father: son Leo told him Mum's boyfriend pushed Leo into a door, bruise on his back.",
            )
            .record("Lowmoor Constabulary", "25/01/2025", "", closure)
    }

    #[test]
    fn the_police_closing_a_report_of_a_child_hurt_without_seeing_the_child_are_flagged() {
        let flags = report(
            "Attended. Mum at door: children asleep, declined to wake them. Civil matter. NFA.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Lowmoor Constabulary");
        assert!(flags[0].at.starts_with("2025-01-25"));
        assert!(
            flags[0].explanation.contains("24/01/2025"),
            "{}",
            flags[0].explanation
        );
    }

    /// Near miss: the officers saw Leo and checked the bruise.
    #[test]
    fn the_police_closing_a_report_after_seeing_the_child_are_not_flagged() {
        let flags = report(
            "Attended. Leo seen and spoken to alone, small bruise, consistent with rough play. NFA.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Negation: the report was of an assault on an adult outside a pub;
    /// no child was said to be hurt.
    #[test]
    fn a_police_closure_of_an_adults_assault_is_not_a_report_about_a_child() {
        let flags = Scenario::new()
            .agency("Lowmoor Constabulary", "police")
            .record(
                "Lowmoor Constabulary",
                "04/01/2025",
                "Leo Garside",
                "Leo Garside at school all day.",
            )
            .record(
                "Lowmoor Constabulary",
                "05/01/2025",
                "Shane Tolley",
                "Shane Tolley reports being punched by unknown male outside the pub. Cut lip. No suspect. NFA.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A health visitor's visit that found the older children away is
    /// flagged, unless she told social care the same day.
    #[test]
    fn a_visit_finding_children_away_told_to_social_care_that_day_is_not_flagged() {
        let case = |told: bool| {
            let mut s = Scenario::new()
                .agency("Lowfield Children's Services", "childrens_social_care")
                .agency("Lowfield 0-19 Service", "health_visiting")
                .record(
                    "Lowfield Children's Services",
                    "01/08/2024",
                    "Mason Whitlam",
                    "CP plan review. Mason and Lily-Mae seen alone.",
                )
                .record(
                    "Lowfield 0-19 Service",
                    "12/08/2024",
                    "Mason Whitlam",
                    "Home visit. Mum and Tommy seen. Mason and Lily-Mae at nan's - not seen.",
                );
            if told {
                s = s.outcome("Email to SW 14:20 - older children not seen.");
            }
            s.flags_of(INFO.id)
                .into_iter()
                .filter(|f| f.agency == "Lowfield 0-19 Service")
                .collect::<Vec<_>>()
        };
        assert_eq!(case(false).len(), 1, "{:#?}", case(false));
        assert!(case(true).is_empty(), "{:#?}", case(true));
    }
}
