//! Information reached an agency later than the standard for its kind.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "late-sharing",
    name: "Late sharing",
    description: "Information was passed on, but later than the expected time: Operation \
         Encompass before the next school day, missing-child reports to children's \
         social care, referral decisions, and a reply to a request for information (a \
         safeguarding enquiry, a school's child protection file); or an incident's Operation \
         Encompass notice never reached the child's school.",
    severity: "Medium: the information did travel, late, or went to social care and not to the school.",
    thresholds: &[
        Threshold {
            setting: "school_day_starts",
            meaning: "the hour the school day starts, by which the school is told of a domestic abuse incident",
            basis: Basis::Statutory,
            source: "Victims and Prisoners Act 2024 (Operation Encompass); the hour is a Sightline default",
        },
        Threshold {
            setting: "missing_to_social_care_hours",
            meaning: "hours within which the police tell children's social care of a child reported missing (when those hours run into a weekend or bank holiday, midday of the next working day)",
            basis: Basis::LocalProcedure,
            source: "no national figure was found",
        },
        Threshold {
            setting: "referral_decision_working_days",
            meaning: "working days within which children's social care decides on a referral",
            basis: Basis::NationalGuidance,
            source: "Working Together 2023",
        },
        Threshold {
            setting: "reply_working_days",
            meaning: "working days within which an agency replies to a request for information about a child",
            basis: Basis::LocalProcedure,
            source: "information-sharing protocols set their own times (often one to five working days); a child protection file follows a pupil within 5 school days (Keeping children safe in education)",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// When the school day starts, HH:MM.
    pub school_day_starts: String,
    /// Hours within which social care should hear of a missing child.
    pub missing_to_social_care_hours: i64,
    /// Working days for a referral decision.
    pub referral_decision_working_days: u32,
    /// Working days within which an agency replies to a request for
    /// information about a child.
    pub reply_working_days: u32,
    /// Patterns for a request for information received by the agency.
    pub requested: Vec<String>,
    /// Patterns for the agency's reply to it.
    pub replied: Vec<String>,
    /// Patterns saying part of a reply is still to come ("CP file to
    /// follow"): a reply with one is not the whole answer.
    #[serde(default)]
    pub to_follow: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[late-sharing]
enabled = true
# Operation Encompass: police tell the school of a domestic abuse incident
# before the start of the next school day. Basis: statutory (Victims and
# Prisoners Act 2024); the hour is a Sightline default.
school_day_starts = "09:00"
# A child reported missing: police tell children's social care within this
# many hours (when they run into a weekend or bank holiday, by midday of the
# next working day). Basis: local procedure; no national figure was found.
missing_to_social_care_hours = 24
# A referral to children's social care: decision within this many working
# days. Basis: national guidance (Working Together 2023).
referral_decision_working_days = 1
# A request for information about a child (a safeguarding enquiry, a request
# for a school's child protection file): the agency replies within this many
# working days.
# Basis: local procedure (information-sharing protocols set their own times,
# often one to five working days; a child protection file follows a pupil
# within 5 school days (Keeping children safe in education)).
reply_working_days = 5
# What says the agency received a request (regular expressions).
requested = [
    '\b(?:information|info|records?|safeguarding|MASH|agency|transfer|file)\s+(?:request|enquiry|check)s?\s+(?:received|from)\b',
    '\breceived (?:a |an )?(?:request|enquiry|information request|safeguarding enquiry|records request)\b',
    '\brequest(?:ed)? (?:received )?from \w+(?: \w+){0,4} (?:for|re|regarding) (?:information|info|records|(?:the |his |her )?(?:CP|child protection|safeguarding) file|(?:the )?CTF|a report|(?:the |a |their )?(?:full |complete |whole )?(?:case )?(?:file|chronology))\b',
    '\brecords requested\b',
    '\b(?:asked|requested) (?:for )?(?:\w+.s |the |our )?(?:records|school records|CP file|child protection file|safeguarding file|CTF)\b',
    '\b(?:email|letter|call|phone call|message)\s+from\b[^.;]{0,60}\b(?:asking|requesting|seeking|enquiring)\b',
]
# What says the agency replied (regular expressions).
replied = [
    '\b(?:reply|response|records|information|info|file|CTF|CP file|safeguarding file|report|summary)\s+(?:was |were )?(?:sent|shared|provided|emailed|returned|forwarded|uploaded|posted)\b',
    '\b(?:replied|responded)\b',
    '^\W*(?:reply|response) (?:to|sent|given)\b',
    '\bsent (?:the )?(?:reply|response|records|CTF|CP file|safeguarding file|file|information|summary)\b',
    '^\W*sent to\b',
    '\b(?:CP|child protection|safeguarding|pupil|school) (?:files?|records?)\b[^.;]{0,30}\b(?:sent|posted|emailed|forwarded|transferred|handed over)\b',
]
# What says part of the reply is still to come ("CP file to follow"): a
# reply with it is not the whole answer (regular expressions).
to_follow = [
    '\bto follow\b',
    '\b(?:will|to) be (?:sent|forwarded|posted|emailed|shared)\b',
    '\b(?:DSL|SW|TM|manager|admin|records team) to (?:send|forward|post|email)\b',
    '\bnot (?:yet )?(?:located|found|available|sent)\b',
]
"#;

/// Requests for information answered late: the agency's own record of the
/// request, then its first record of replying, more than the working days
/// after. A request answered in the record that tells of it is answered.
fn late_replies(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = &ctx.rules.late_sharing;
    let (Some(requested), Some(replied)) = (Patterns::new(&s.requested), Patterns::new(&s.replied))
    else {
        return;
    };
    let to_follow = Patterns::new(&s.to_follow);
    let partly = |r: &Record| to_follow.as_ref().is_some_and(|p| p.in_record(r));
    let due_days = s.reply_working_days;
    // Replies already flagged: a chaser of the same request is no new one.
    let mut flagged: Vec<usize> = Vec::new();
    for (i, r) in a.records.iter().enumerate() {
        if !requested.in_record(r) {
            continue;
        }
        // Answered in the record that tells of it, unless part of the answer
        // is still to come; then the flag is put on that record, where the
        // agency held the rest back.
        let part_sent = replied.in_record(r);
        if part_sent && !partly(r) {
            continue;
        }
        let at = span(r).lo;
        let about = ctx.children_of(i);
        let reply = a
            .records
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(|(_, x)| span(x).lo <= at + 90 * DAY)
            .find(|(j, x)| {
                x.agency_id == r.agency_id
                    && span(x).lo >= at
                    && replied.in_record(x)
                    && !(part_sent && partly(x))
                    && ctx.children_of(*j).iter().any(|c| about.contains(c))
            });
        let Some((k, x)) = reply else {
            continue;
        };
        if flagged.contains(&k) {
            continue;
        }
        let (Some(asked), Some(answered)) = (local_date(at), local_date(span(x).lo)) else {
            continue;
        };
        let took = ctx.days.working_days_between(asked, answered);
        if took <= i64::from(due_days) {
            continue;
        }
        flagged.push(k);
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&about);
        let (anchor, explanation) = if part_sent {
            (
                r,
                format!(
                    "{who} received a request for information about {subject} on {} and sent \
                     part of it, the rest to follow ({}). The rest is recorded as sent on {} \
                     ({}), {took} working days later; the expected time is {due_days} working \
                     days.",
                    uk_date(r),
                    ctx.quote(&r.text),
                    uk_date(x),
                    ctx.quote(&x.text),
                ),
            )
        } else {
            (
                x,
                format!(
                    "{who} received a request for information about {subject} on {} ({}). Its \
                     reply is recorded on {} ({}), {took} working days later; the expected time \
                     is {due_days} working days.",
                    uk_date(r),
                    ctx.quote(&r.text),
                    uk_date(x),
                    ctx.quote(&x.text),
                ),
            )
        };
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor,
            about: "reply",
            agency: who.clone(),
            subject,
            severity: Severity::Medium,
            title: format!("{who} replied to a request for information {took} working days later"),
            explanation,
            evidence: if part_sent {
                vec![r.id, x.id]
            } else {
                vec![x.id, r.id]
            },
            held_by: Vec::new(),
        });
    }
}

/// Days after a police record of domestic abuse within which the same
/// force's records of it are the same incident.
const INCIDENT_DAYS: i64 = 3;

/// Days before a police incident within which a school's record of a child
/// shows the child at that school.
const AT_SCHOOL_DAYS: i64 = 180;

/// A domestic abuse incident recorded by the police at `i` whose
/// notification never reached `school`, where the school held records of
/// one of the children in the half-year before (so it was the child's
/// school) and had not taken the child off its roll since: the school was
/// not told under Operation Encompass.
fn never_told(
    ctx: &mut Context<'_>,
    i: usize,
    school: i64,
    about: &[i64],
    pupil_records: &HashMap<(i64, i64), Vec<i64>>,
) {
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r).lo;
    let off_roll = Patterns::new(&ctx.rules.not_in_school.duty);
    let pupils: Vec<i64> = about
        .iter()
        .copied()
        .filter(|c| {
            pupil_records.get(&(school, *c)).is_some_and(|v| {
                let from = v.partition_point(|lo| *lo < at - AT_SCHOOL_DAYS * DAY);
                v.get(from).is_some_and(|lo| *lo <= at + DAY)
            }) && !off_roll
                .as_ref()
                .is_some_and(|p| ctx.took_off_roll(p, school, &[*c], at - AT_SCHOOL_DAYS * DAY, at))
        })
        .collect();
    if pupils.is_empty() {
        return;
    }
    let from = ctx.name(r.agency_id);
    let to = ctx.name(school);
    let subject = ctx.subjects_label(&pupils);
    let explanation = format!(
        "Domestic abuse incident recorded by {from} on {} ({}). Under Operation Encompass the \
         school is told before the start of the next school day; no record shows the \
         notification reaching {to}, where {subject} was a pupil.",
        uk_date(r),
        ctx.quote(&r.text),
    );
    push_told(
        ctx,
        Told {
            incident: r,
            anchor: r,
            indicator: "domestic-abuse",
            about: format!("encompass:{to}"),
            subject,
            title: format!("No Operation Encompass notification reached {to}"),
            explanation,
        },
    );
}

/// What one flag of the rule says: `incident` (the record that held
/// `indicator`) reached the other agency late, or never.
struct Told<'r> {
    incident: &'r Record,
    /// The record the flag is on: the late notification, or the incident.
    anchor: &'r Record,
    indicator: &'static str,
    about: String,
    subject: String,
    title: String,
    explanation: String,
}

/// Pushes the flag `t` describes, held by the incident's agency since it.
fn push_told(ctx: &mut Context<'_>, t: Told<'_>) {
    let from = ctx.name(t.incident.agency_id);
    let held = vec![HeldBy {
        agency: from.clone(),
        since: t.incident.when.start_iso(),
        indicator: t.indicator.into(),
        records: vec![t.incident.id],
    }];
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: t.anchor,
        about: &t.about,
        agency: from,
        subject: t.subject,
        severity: Severity::Medium,
        title: t.title,
        explanation: t.explanation,
        evidence: vec![t.incident.id],
        held_by: held,
    });
}

/// Days within which a police force's second record of a child missing is
/// the same episode written up again, when social care was told of the
/// first.
const EPISODE_DAYS: i64 = 3;

/// The hour of the next working day by which a missing report made over a
/// weekend or bank holiday reaches social care (its morning).
const NEXT_WORKING_DAY_BY_HOUR: u32 = 12;

/// When social care should have heard of a child reported missing at
/// `reported`: `hours` later, or, when those hours run into a weekend or a
/// bank holiday, the morning of the next working day after the report (a
/// Saturday-night report reaches the MASH on Monday morning).
fn missing_deadline(ctx: &mut Context<'_>, reported: i64, hours: i64) -> i64 {
    let by_hours = reported + hours * 3600;
    let (Some(day), Some(due)) = (local_date(reported), local_date(by_hours)) else {
        return by_hours;
    };
    if ctx.days.is_working_day(day) && ctx.days.is_working_day(due) {
        return by_hours;
    }
    let next = ctx.days.next_working_day(day);
    by_hours.max(local_instant(next, NEXT_WORKING_DAY_BY_HOUR, 0))
}

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    late_replies(ctx);
    let a = ctx.a;
    let police = ctx.agencies_of_kind(AgencyKind::Police);
    let schools = ctx.agencies_of_kind(AgencyKind::School);
    // (school, child) → when the school recorded the child, in time order.
    let mut pupil_records: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    for (p, x) in a.records.iter().enumerate() {
        if schools.contains(&x.agency_id) {
            for c in &a.record_subjects[p] {
                pupil_records
                    .entry((x.agency_id, *c))
                    .or_default()
                    .push(span(x).lo);
            }
        }
    }
    for v in pupil_records.values_mut() {
        v.sort_unstable();
    }
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let da = a.indicator_index("domestic-abuse");
    let missing = a.indicator_index("missing-episode");
    let (sh, sm) = ctx.rules.school_day_start();
    let missing_hours = ctx.rules.late_sharing.missing_to_social_care_hours;
    let referral_days = ctx.rules.late_sharing.referral_decision_working_days;
    let horizon = 30 * DAY;

    for (i, r) in a.records.iter().enumerate() {
        if !police.contains(&r.agency_id) {
            continue;
        }
        let has = |ind: Option<u32>| {
            ind.is_some_and(|x| {
                a.facts[i]
                    .indicators
                    .iter()
                    .any(|h| h.indicator as u32 == x)
            })
        };
        let at = span(r);
        // The notification that counts is one about the same children.
        let about = ctx.children_of(i);
        // Operation Encompass: the school before the next school day.
        // An incident, not the police's part in a meeting about one.
        let meeting = a.facts[i].meeting.as_ref().is_some_and(|m| m.held);
        // The incident's first record: a charge, an interview or a crime
        // review in the days after is the same incident.
        let follow_up = da.is_some_and(|d| {
            a.records[..i]
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, x)| span(x).lo >= at.lo - INCIDENT_DAYS * DAY)
                .any(|(j, x)| {
                    x.agency_id == r.agency_id
                        && a.facts[j]
                            .indicators
                            .iter()
                            .any(|h| h.indicator as u32 == d)
                        && ctx.children_of(j).iter().any(|c| about.contains(c))
                })
        });
        // A court's outcome or a charge weeks later holds the incident's own
        // concern: no new incident for the school to hear of.
        let earlier_incident = da.is_some_and(|d| {
            !about.is_empty()
                && about.iter().all(|c| {
                    a.concern_held
                        .get(&(i, d as crate::knowledge::IndicatorId, *c))
                        .and_then(|k| a.concerns.get(*k as usize))
                        .is_some_and(|k| k.position < i)
                })
        });
        if has(da) && !ctx.received(i) && !meeting && !follow_up && !earlier_incident {
            for &school in &schools {
                let Some(day) = local_date(at.lo) else {
                    continue;
                };
                let mut start = local_instant(day, sh, sm);
                if !(ctx.days.is_working_day(day) && at.hi <= start) {
                    start = local_instant(ctx.days.next_working_day(day), sh, sm);
                }
                let Some(sent) =
                    ctx.first_route(r.agency_id, school, at.lo, at.lo + horizon, &about)
                else {
                    never_told(ctx, i, school, &about, &pupil_records);
                    continue;
                };
                let Some(s) = a.record(sent) else { continue };
                if span(s).lo < start {
                    continue;
                }
                // A notification after a later incident is that incident's.
                // (Records are in time order: look only between the two.)
                let later_incident = a.records[i + 1..]
                    .iter()
                    .enumerate()
                    .map(|(k, x)| (i + 1 + k, x))
                    .take_while(|(_, x)| span(x).lo < span(s).lo)
                    .any(|(j, x)| {
                        x.agency_id == r.agency_id
                            && span(x).lo > at.lo + INCIDENT_DAYS * DAY
                            && a.facts[j]
                                .indicators
                                .iter()
                                .any(|h| Some(h.indicator as u32) == da)
                            && a.facts[j].sharing.is_empty()
                            && !a.facts[j].meeting.as_ref().is_some_and(|m| m.held)
                    });
                if later_incident {
                    continue;
                }
                let deadline = local_date(start)
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default();
                let from = ctx.name(r.agency_id);
                let to = ctx.name(school);
                let subject = ctx.subjects_label(&a.record_subjects[i]);
                let explanation = format!(
                    "Domestic abuse incident recorded by {from} on {} ({}). Under Operation Encompass the school is told before the start of the next school day ({deadline}); the notification reached {to} on {}.",
                    uk_date(r),
                    ctx.quote(&r.text),
                    uk_date(s)
                );
                push_told(
                    ctx,
                    Told {
                        incident: r,
                        anchor: s,
                        indicator: "domestic-abuse",
                        about: format!("encompass:{to}"),
                        subject,
                        title: format!(
                            "Operation Encompass notification reached {to} after the next school day"
                        ),
                        explanation,
                    },
                );
            }
        }
        // A missing child: children's social care within the standard.
        if has(missing) {
            // The same episode written up again (a screening two days after
            // the child was found): its report was the earlier record, and
            // social care was told of it since.
            let earlier = a.records[..i]
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, x)| span(x).lo >= at.lo - EPISODE_DAYS * DAY)
                .find(|(j, x)| {
                    x.agency_id == r.agency_id
                        && a.facts[*j]
                            .indicators
                            .iter()
                            .any(|h| Some(h.indicator as u32) == missing)
                        && a.record_subjects[*j].iter().any(|c| about.contains(c))
                })
                .map(|(_, x)| span(x).lo);
            for &social in &csc {
                if earlier.is_some_and(|lo| {
                    ctx.first_route(r.agency_id, social, lo, at.lo + 1, &about)
                        .is_some()
                }) {
                    continue;
                }
                let Some(sent) =
                    ctx.first_route(r.agency_id, social, at.lo, at.lo + horizon, &about)
                else {
                    continue;
                };
                let Some(s) = a.record(sent) else { continue };
                if span(s).lo <= missing_deadline(ctx, at.hi, missing_hours) {
                    continue;
                }
                let from = ctx.name(r.agency_id);
                let to = ctx.name(social);
                let hours = (span(s).lo - at.lo) / 3600;
                // The child who went missing, not everyone the report names.
                let mut gone: Vec<i64> = missing
                    .map(|m| a.about(i, m))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|x| ctx.child_set.contains(x))
                    .collect();
                if gone.is_empty() {
                    gone = about.clone();
                }
                let subject = ctx.subjects_label(&gone);
                let explanation = format!(
                    "{subject} was reported missing to {from} on {} ({}). {to} was told on {}, about {hours} hours later; the standard is {missing_hours} hours.",
                    uk_date(r),
                    ctx.quote(&r.text),
                    uk_date(s)
                );
                push_told(
                    ctx,
                    Told {
                        incident: r,
                        anchor: s,
                        indicator: "missing-episode",
                        about: format!("missing:{to}"),
                        subject,
                        title: format!(
                            "{to} told of a missing episode after {missing_hours} hours"
                        ),
                        explanation,
                    },
                );
            }
        }
    }

    // Referral decisions: one working day from receipt.
    for (i, r) in a.records.iter().enumerate() {
        if !csc.contains(&r.agency_id) {
            continue;
        }
        let received = a.facts[i].sharing.iter().any(|m| {
            matches!(m.direction, crate::extract::Direction::Incoming)
                && matches!(
                    m.method,
                    crate::extract::SharingMethod::Referral
                        | crate::extract::SharingMethod::Notification
                )
        });
        if !received || is_decision_point(ctx, i) {
            continue;
        }
        let at = span(r);
        let Some(day) = local_date(at.lo) else {
            continue;
        };
        let deadline_day = ctx.days.add_working_days(day, referral_days);
        let deadline = end_of_day(deadline_day);
        // Past ten working days, a later decision may be about something else.
        let decision_horizon = end_of_day(ctx.days.add_working_days(day, 10));
        let subjects = &a.record_subjects[i];
        let next = a.records[i + 1..]
            .iter()
            .enumerate()
            .map(|(k, x)| (i + 1 + k, x))
            .take_while(|(_, x)| span(x).lo < decision_horizon)
            .find(|(k, x)| {
                x.agency_id == r.agency_id
                    && a.record_subjects[*k].iter().any(|s| subjects.contains(s))
                    && is_decision_point(ctx, *k)
            });
        let Some((_, d)) = next else { continue };
        if span(d).lo < deadline {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(subjects);
        let taken = ctx
            .days
            .working_days_between(day, local_date(span(d).lo).unwrap_or(day));
        let explanation = format!(
            "{who} received a referral about {subject} on {} ({}). The decision on it is recorded on {} ({}), {taken} working days later; the standard is {referral_days} working day{}.",
            uk_date(r),
            ctx.quote(&r.text),
            uk_date(d),
            ctx.quote(&d.text),
            if referral_days == 1 { "" } else { "s" }
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: d,
            about: "referral-decision",
            agency: who,
            subject,
            severity: Severity::Medium,
            title: format!("Referral decision {taken} working days after receipt"),
            explanation,
            evidence: vec![r.id],
            held_by: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    /// Operation Encompass: Ellie's school hears of her incident three days
    /// on, while a notification about another child of the same school was
    /// on time.
    #[test]
    fn a_timely_notification_about_another_child_does_not_hide_a_late_one() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Oakfield Primary School", "school")
            .record("Harwick Police", "01/03/2021 20:00", "Jack Smith", "Domestic abuse incident at the home of Jack Smith. Verbal argument between mother and her partner; Jack present.")
            .record("Harwick Police", "01/03/2021 22:00", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh. Mother assaulted by partner; Ellie present.")
            .record("Harwick Police", "02/03/2021 08:00", "Jack Smith", "Operation Encompass notification sent to Oakfield Primary School about Jack Smith.")
            .record("Harwick Police", "05/03/2021 10:00", "Ellie Marsh", "Operation Encompass notification sent to Oakfield Primary School about Ellie Marsh.")
            .record("Oakfield Primary School", "15/02/2021", "Ellie Marsh", "Ellie Marsh settled in class.")
            .record("Oakfield Primary School", "15/02/2021", "Jack Smith", "Jack Smith settled in class.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0].explanation.contains("Ellie Marsh"),
            "{}",
            flags[0].explanation
        );
        assert!(
            flags[0].explanation.contains("05/03/2021"),
            "{}",
            flags[0].explanation
        );
        assert!(flags[0].at.starts_with("2021-03-05"));
    }

    /// A notification sent in time after a second incident belongs to that
    /// incident; it is not a late notification of the first (whose own is
    /// missing, a matter for never-shared), nor is the police's attendance
    /// at a strategy discussion an incident.
    #[test]
    fn a_timely_notification_after_a_later_incident_is_not_late_for_the_earlier_one() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Oakfield Primary School", "school")
            .record("Harwick Police", "01/03/2021 20:00", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh. Mother assaulted by partner; Ellie present.")
            .record("Harwick Police", "10/03/2021 10:00", "Ellie Marsh", "DS Carver attended strategy discussion about Ellie Marsh following disclosure of domestic abuse.")
            .record("Harwick Police", "20/03/2021 21:00", "Ellie Marsh", "Domestic abuse incident at the home of Ellie Marsh. Partner arrested for assault; Ellie present.")
            .record("Harwick Police", "21/03/2021 07:30", "Ellie Marsh", "Operation Encompass notification sent to Oakfield Primary School about Ellie Marsh.")
            .record("Oakfield Primary School", "15/02/2021", "Ellie Marsh", "Ellie Marsh settled in class.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// An incident after which no notification reached the child's school
    /// at all (the record says "Op Encompass: not sent") is flagged at the
    /// incident, once: the charge two days later is the same incident. A
    /// school that holds no record of the child is not the child's school.
    #[test]
    fn an_incident_no_notification_ever_reached_the_school_about_is_flagged() {
        let case = |pupil: bool| {
            let mut s = Scenario::new()
                .agency("Harwick Police", "police")
                .agency("Oakfield Primary School", "school")
                .record("Harwick Police", "27/04/2024 22:15", "Mason Whitlock", "Domestic abuse incident: partner grabbed Mason Whitlock's mother by the throat; Mason present and called 999.")
                .outcome("PPN submitted 28/04. Op Encompass: not sent - school not recorded.")
                .record("Harwick Police", "29/04/2024 18:00", "Mason Whitlock", "Partner interviewed about the domestic abuse incident; denies.");
            if pupil {
                s = s.record(
                    "Oakfield Primary School",
                    "15/04/2024",
                    "Mason Whitlock",
                    "Mason Whitlock settled in class.",
                );
            }
            s.flags_of(INFO.id)
        };
        let flags = case(true);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2024-04-27"), "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("no record shows the notification reaching Oakfield Primary School"),
            "{}",
            flags[0].explanation
        );
        assert!(case(false).is_empty());
    }

    /// A school that took the child off its roll before the incident is no
    /// longer the child's school: no notification was owed to it.
    #[test]
    fn a_school_the_child_had_left_is_owed_no_notification() {
        let case = |left: bool| {
            let mut s = Scenario::new()
                .agency("Harwick Police", "police")
                .agency("Oakfield Primary School", "school")
                .record(
                    "Oakfield Primary School",
                    "01/03/2024",
                    "Mason Whitlock",
                    "Mason Whitlock settled in class.",
                );
            if left {
                s = s.record(
                    "Oakfield Primary School",
                    "12/03/2024",
                    "Mason Whitlock",
                    "Mason Whitlock removed from roll - family moved to Leeds, CTF sent.",
                );
            }
            s.record("Harwick Police", "25/04/2024 22:15", "Mason Whitlock", "Domestic abuse incident: partner grabbed Mason Whitlock's mother by the throat; Mason present.")
                .outcome("PPN submitted 26/04.")
                .flags_of(INFO.id)
        };
        assert_eq!(case(false).len(), 1, "{:#?}", case(false));
        assert!(case(true).is_empty(), "{:#?}", case(true));
    }

    /// A safeguarding enquiry received in February and answered a month
    /// later: flagged at the reply. Answered in two days, or in the record
    /// that tells of it, it is in time.
    #[test]
    fn a_request_for_information_answered_late_is_flagged_at_the_reply() {
        let case = |reply_on: &str| {
            Scenario::new()
                .agency("Tarrowby Children's Services", "childrens_social_care")
                .record(
                    "Tarrowby Children's Services",
                    "19/02/2024",
                    "Alfie Dunn",
                    "Safeguarding enquiry received from Greyhaven re Alfie Dunn and his father's previous child.",
                )
                .record(
                    "Tarrowby Children's Services",
                    reply_on,
                    "Alfie Dunn",
                    "Reply sent to Greyhaven: father's previous child subject to care proceedings 2019.",
                )
                .flags_of(INFO.id)
        };
        let late = case("20/03/2024");
        assert_eq!(late.len(), 1, "{late:#?}");
        assert!(late[0].at.starts_with("2024-03-20"));
        assert!(
            late[0].explanation.contains("22 working days later"),
            "{}",
            late[0].explanation
        );
        assert!(case("21/02/2024").is_empty());
        let same = Scenario::new()
            .agency("Tarrowby Children's Services", "childrens_social_care")
            .record(
                "Tarrowby Children's Services",
                "19/02/2024",
                "Alfie Dunn",
                "Safeguarding enquiry received from Greyhaven re Alfie Dunn; replied the same day.",
            )
            .record(
                "Tarrowby Children's Services",
                "20/03/2024",
                "Alfie Dunn",
                "Records sent to archive.",
            )
            .flags_of(INFO.id);
        assert!(same.is_empty(), "{same:#?}");
        // An emailed request, and a reply that opens by saying so.
        let emailed = Scenario::new()
            .agency("Wendmoor 0-19 Service", "health_visiting")
            .record(
                "Wendmoor 0-19 Service",
                "10/01/2024",
                "Alfie Dunn",
                "Email from Wendmoor Front Door requesting health information re Alfie Dunn, response requested within 24 hours.",
            )
            .record(
                "Wendmoor 0-19 Service",
                "25/01/2024",
                "Alfie Dunn",
                "Reply to Front Door email of 10/01 (delayed). Shared: weight drop, WNB x2.",
            )
            .flags_of(INFO.id);
        assert_eq!(emailed.len(), 1, "{emailed:#?}");
        assert!(emailed[0].at.starts_with("2024-01-25"));
    }

    /// A school asked for a pupil's records sends the CTF at once and the
    /// child protection file "to follow"; five weeks later it posts it. The
    /// flag is put where the file was held back. Sent within the week, it
    /// is in time.
    #[test]
    fn a_child_protection_file_held_back_from_a_request_is_flagged_where_it_was_held() {
        let case = |posted_on: &str| {
            Scenario::new()
                .agency("Brookfield Primary School", "school")
                .record(
                    "Brookfield Primary School",
                    "12/03/2024",
                    "Tyler Draper",
                    "Email from Fernhill Primary: TJ started there 11/03, records requested. CTF sent via S2S. CP file to follow - DSL to send.",
                )
                .record(
                    "Brookfield Primary School",
                    "15/03/2024",
                    "Tyler Draper",
                    "Fernhill chased. Told them it will be sent this week.",
                )
                .record(
                    "Brookfield Primary School",
                    posted_on,
                    "Tyler Draper",
                    "DSL back. CP file for TJ posted recorded delivery to Fernhill Primary DSL.",
                )
                .flags_of(INFO.id)
        };
        let late = case("19/04/2024");
        assert_eq!(late.len(), 1, "{late:#?}");
        assert!(late[0].at.starts_with("2024-03-12"), "{late:#?}");
        assert!(
            late[0].explanation.contains("the rest to follow")
                && late[0].explanation.contains("19/04/2024"),
            "{}",
            late[0].explanation
        );
        assert!(case("18/03/2024").is_empty());
    }

    /// A missing child: social care hears of Ellie's episode 60 hours on;
    /// of Jack's the next morning.
    #[test]
    fn a_missing_episode_told_after_the_standard_is_flagged_with_the_delay() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record("Harwick Police", "01/03/2021 20:00", "Jack Smith", "Jack Smith reported missing by his mother. Found safe at a friend's house at 23:00.")
            .record("Harwick Police", "01/03/2021 22:00", "Ellie Marsh", "Ellie Marsh reported missing from home by her mother. Returned home 23:30.")
            .record("Harwick Police", "02/03/2021 08:00", "Jack Smith", "Missing episode notification sent to children's social care about Jack Smith.")
            .record("Harwick Police", "04/03/2021 10:00", "Ellie Marsh", "Missing episode notification sent to children's social care about Ellie Marsh.")
            .record("Harwick Children's Social Care", "15/02/2021", "Ellie Marsh", "Contact from school about Ellie Marsh's attendance.")
            .record("Harwick Children's Social Care", "15/02/2021", "Jack Smith", "Contact from school about Jack Smith's attendance.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0].explanation.contains("Ellie Marsh"),
            "{}",
            flags[0].explanation
        );
        assert!(
            flags[0].explanation.contains("about 60 hours later"),
            "{}",
            flags[0].explanation
        );
    }

    /// Reported missing on a Saturday evening, the girl is in social care's
    /// hands on Monday morning: the next working day is in time. The boy
    /// reported on the Monday is told of on the Wednesday: late.
    #[test]
    fn a_weekend_report_told_on_the_next_working_day_is_in_time() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "01/12/2022",
                "Ellie Marsh",
                "Contact from school about Ellie Marsh's attendance.",
            )
            .record(
                "Harwick Children's Social Care",
                "01/12/2022",
                "Jack Smith",
                "Contact from school about Jack Smith's attendance.",
            )
            .record(
                "Harwick Police",
                "17/12/2022 19:45",
                "Ellie Marsh",
                "Ellie Marsh reported missing by her mother. Found 23:10 at a friend's.",
            )
            .record(
                "Harwick Police",
                "19/12/2022 09:40",
                "Ellie Marsh",
                "Missing episode notification sent to children's social care about Ellie Marsh.",
            )
            .record(
                "Harwick Police",
                "19/12/2022 20:00",
                "Jack Smith",
                "Jack Smith reported missing by his mother. Returned 22:00.",
            )
            .record(
                "Harwick Police",
                "21/12/2022 11:00",
                "Jack Smith",
                "Missing episode notification sent to children's social care about Jack Smith.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0].explanation.contains("Jack Smith"),
            "{}",
            flags[0].explanation
        );
    }

    /// The police tell social care of the missing boy the morning after;
    /// their screening two days later writes the same episode up again and
    /// is no new report told late.
    #[test]
    fn the_same_episode_written_up_again_is_no_new_report() {
        let flags = Scenario::new()
            .agency("Harwick Police", "police")
            .agency("Harwick Children's Social Care", "childrens_social_care")
            .record(
                "Harwick Children's Social Care",
                "15/01/2024",
                "Kacper Nowak",
                "Contact from school about Kacper Nowak.",
            )
            .record(
                "Harwick Police",
                "19/01/2024 23:35",
                "Kacper Nowak",
                "Mum reports Kacper Nowak (15) missing, not home since school.",
            )
            .record(
                "Harwick Police",
                "20/01/2024 15:45",
                "Kacper Nowak",
                "Kacper found. Missing episode notification sent to children's social care about Kacper Nowak.",
            )
            .record(
                "Harwick Police",
                "22/01/2024 09:30",
                "Kacper Nowak",
                "CCE screening: missing overnight, found with older males.",
            )
            .record(
                "Harwick Police",
                "06/02/2024 11:20",
                "Kacper Nowak",
                "Knife found at school; information shared with children's social care.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The school heard of the incident before school the next morning; the
    /// guilty plea five weeks on, which names the same incident's day, is
    /// no new incident for it to hear of.
    #[test]
    fn a_court_outcome_of_an_incident_already_notified_is_no_new_incident() {
        let flags = Scenario::new()
            .agency("Wexley Police", "police")
            .agency("Greenbank Infant School", "school")
            .record("Greenbank Infant School", "05/09/2023", "Lily Mottram", "Lily Mottram started Y2.")
            .record("Wexley Police", "14/10/2023 23:02", "Lily Mottram", "Domestic abuse incident: mother slapped by partner; Lily Mottram present. Partner arrested.")
            .record("Wexley Police", "16/10/2023 07:40", "Lily Mottram", "Operation Encompass notification sent to Greenbank Infant School about Lily Mottram.")
            .record("Wexley Police", "20/11/2023 14:30", "Lily Mottram", "Partner pleaded guilty common assault (DA 14/10). Community order.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
