//! A child back from a missing episode with no return home interview within
//! 72 hours: done late, or not at all.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "missing-no-return-interview",
    name: "Return home interview late or not done",
    description: "A child came back from a missing episode and no record shows a return home \
         interview offered or done within the standard after the return: it was done late, or \
         attempted and closed, or never recorded while the chronologies run on.",
    severity: "High when exploitation was recorded about the child in the episode (older \
         associates, drugs, cash, sexual exploitation); otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "hours",
            meaning: "hours after the child's return within which the interview is offered",
            basis: Basis::Statutory,
            source: "DfE statutory guidance on children who run away or go missing from home \
                     or care (2014)",
        },
        Threshold {
            setting: "window_days",
            meaning: "days after the return that the records are searched for the interview",
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
    /// Hours after the return within which the interview is offered.
    pub hours: i64,
    /// Days after the return that are searched for the interview.
    pub window_days: i64,
    /// What says a child was found or came back (regular expressions).
    pub returned: Vec<String>,
    /// What says the child had not come back ("not returned home"): set
    /// aside before `returned` is looked for (regular expressions).
    pub still_missing: Vec<String>,
    /// What names a return home interview (regular expressions).
    pub interview: Vec<String>,
    /// What says the interview was offered or done, refused included
    /// (regular expressions).
    pub done: Vec<String>,
    /// What says it was not done (regular expressions); these win over
    /// `done`.
    pub not_done: Vec<String>,
    /// What says it was given up (regular expressions): the flag is put on
    /// the record that says so.
    pub dropped: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[missing-no-return-interview]
enabled = true
# A return home interview offered within 72 hours of the child's return.
# Basis: statutory (DfE statutory guidance on children who run away or go
# missing from home or care, 2014).
hours = 72
# The records up to this many days after the return are searched for the
# interview (or up to the next missing episode, if sooner).
# Basis: Sightline default.
window_days = 28
# What says the child was found or came back (regular expressions).
returned = [
    '\b(?:found|located|traced|recovered)(?: (?:on )?\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)?(?: (?:at )?\d{1,2}[:.]?\d{2})? (?:safe|well|at|in|by|with|on|near|walking|hiding|outside|asleep|sleeping|and)\b',
    '\b(?:child|he|she|they) (?:was |were )?(?:found|located|traced)\b',
    '\b(?:returned|came|come|was brought|brought|walked) (?:home|back)\b',
    '\breturned (?:to|of (?:his|her|their) own accord|safe|at|by)\b',
    '\b(?:safe and well|home safe|back home|now home)\b',
]
# What says the child had not come back: set aside before `returned` is
# looked for (regular expressions).
still_missing = [
    '\b(?:not|never|yet to|failed to|did not|didn.t|has not|had not|hasn.t|hadn.t)\s+(?:been\s+)?(?:return(?:ed)?|come|came|found|located|traced)(?:\s+(?:home|back))?\b',
]
# What names a return home interview (regular expressions).
interview = [
    '\bRHIs?\b',
    '\breturn(?: home)? (?:interview|conversation|meeting)s?\b',
    '\breturn to home interview\b',
]
# What says it was offered or done; a refusal is an offer (regular
# expressions).
done = [
    '\b(?:completed|undertaken|carried out|took place|conducted|done|held|offered|declined|refused)\b',
    '\bseen (?:alone|at|by|in)\b',
    '\bsaw\b',
    '\b(?:RHI|return (?:home )?interview) (?:at|in|with)\b',
    '\b(?:disclosed|said|says)\b',
    '\bspoke (?:to|with)\b',
]
# What says it was not done (regular expressions); these win over `done`.
not_done = [
    '\b(?:not|never|no)\b[^.;]{0,25}\b(?:completed|undertaken|done|offered|held|arranged|attempted)\b',
    '\bno RHI\b',
    '\bunable to (?:engage|contact|complete|reach|arrange)\b',
    '\b(?:outstanding|overdue|not yet)\b',
    '\b(?:requested|commissioned|referred for|booked|arranged for|attempted|attempt|asked for)\b',
    '\bto be (?:completed|arranged|offered|done|held|undertaken)\b',
]
# What says it was given up: the flag is put on the record that says so
# (regular expressions).
dropped = [
    '\b(?:not completed|not done|unable to (?:engage|contact|complete)|no engagement|did not engage|closed|dropped)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.return_interview.clone();
    let (Some(missing), Some(returned), Some(interview), Some(done)) = (
        a.indicator_index("missing-episode"),
        Patterns::new(&s.returned),
        Patterns::new(&s.interview),
        Patterns::new(&s.done),
    ) else {
        return;
    };
    let not_done = Patterns::new(&s.not_done);
    let dropped = Patterns::new(&s.dropped);
    let still_missing = Patterns::new(&s.still_missing);
    let exploitation = a.indicator_index("exploitation");
    let Some(last_record) = a.records.iter().map(|r| span(r).lo).max() else {
        return;
    };
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    // The records telling of a child's return, and child → the positions
    // of records naming an interview, in timeline order.
    let mut returns: Vec<(usize, Vec<i64>)> = Vec::new();
    let mut interviews: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, r) in a.records.iter().enumerate() {
        let f = &a.facts[i];
        if interview.in_record(r) {
            for child in ctx.children_of(i) {
                interviews.entry(child).or_default().push(i);
            }
            // A notice of the return that asks for the interview is a
            // record of the return too; a report of the interview is not.
            if done.in_record(r) && !not_done.as_ref().is_some_and(|n| n.in_record(r)) {
                continue;
            }
        }
        let is_missing = f.indicators.iter().any(|h| h.indicator as u32 == missing);
        // "Not returned home" is no return: such words are set aside first.
        let back = written(r).any(|field| {
            let mut t = field.to_string();
            for re in still_missing.as_ref().map_or(&[][..], |p| p.each()) {
                t = re.replace_all(&t, " ").into_owned();
            }
            returned.in_text(&t)
        });
        if !is_missing || !back {
            continue;
        }
        let children: Vec<i64> = a
            .about(i, missing)
            .into_iter()
            .filter(|c| ctx.child_set.contains(c))
            .collect();
        if !children.is_empty() {
            returns.push((i, children));
        }
    }
    // One episode per return: the same return recorded again within two
    // days, or by another agency within a week (the notification of it),
    // is the same episode. Its children are those every record of it is about.
    let mut episodes: Vec<(usize, Vec<i64>)> = Vec::new();
    for (i, children) in returns {
        let lo = span(&a.records[i]).lo;
        let same = episodes.last().is_some_and(|(q, _)| {
            let first = &a.records[*q];
            let gap = lo - span(first).lo;
            // A later record that gives the episode's date ("re missing
            // episode 14/05/22") tells of the same one.
            let names_it = local_date(span(first).lo).is_some_and(|d| {
                let day = d.format("%d/%m").to_string();
                written(&a.records[i]).any(|t| t.contains(&day))
            });
            gap <= 2 * DAY
                || (gap <= 7 * DAY && (first.agency_id != a.records[i].agency_id || names_it))
        });
        match episodes.last_mut() {
            Some((_, theirs)) if same => {
                let common: Vec<i64> = theirs
                    .iter()
                    .copied()
                    .filter(|c| children.contains(c))
                    .collect();
                if !common.is_empty() {
                    *theirs = common;
                }
            }
            _ => episodes.push((i, children)),
        }
    }
    let mut by_child: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, children) in &episodes {
        for c in children {
            by_child.entry(*c).or_default().push(*i);
        }
    }
    for (child, episodes) in by_child {
        let theirs = interviews.get(&child).cloned().unwrap_or_default();
        for (k, &e) in episodes.iter().enumerate() {
            let back = &a.records[e];
            let at = span(back).lo;
            let next = episodes
                .get(k + 1)
                .map_or(i64::MAX, |&q| span(&a.records[q]).lo);
            let until = (at + s.window_days * DAY).min(next);
            // The chronologies must run past the standard for an absence to
            // mean anything.
            let due = at + s.hours * 3600;
            if last_record <= due + DAY {
                continue;
            }
            let said: Vec<usize> = theirs
                .iter()
                .copied()
                .filter(|&p| {
                    let lo = span(&a.records[p]).lo;
                    lo >= at - DAY && lo < until
                })
                .collect();
            let offered = said.iter().copied().find(|&p| {
                let r = &a.records[p];
                done.in_record(r) && !not_done.as_ref().is_some_and(|n| n.in_record(r))
            });
            // Late when the day it was offered is past the day the standard
            // falls due (times are rarely written on both).
            let late = |p: usize| {
                let (Some(d), Some(by)) = (local_date(span(&a.records[p]).lo), local_date(due))
                else {
                    return false;
                };
                d > by
            };
            let exploited = exploitation.is_some_and(|x| {
                a.records.iter().enumerate().any(|(i, r)| {
                    let lo = span(r).lo;
                    lo >= at - 7 * DAY
                        && lo <= at + 7 * DAY
                        && a.facts[i]
                            .indicators
                            .iter()
                            .any(|h| h.indicator as u32 == x)
                        && a.about(i, x).contains(&child)
                })
            });
            let subject = ctx.subjects_label(&[child]);
            let (anchor, agency, title, what) = match offered {
                Some(p) if !late(p) => continue,
                Some(p) => {
                    let r = &a.records[p];
                    let days = (span(r).lo - at) / DAY;
                    (
                        r,
                        r.agency_id,
                        format!("Return home interview {days} days after {subject}'s return"),
                        format!(
                            "The first record of a return home interview offered or done is \
                             {}'s of {} ({}), {days} days after the return; the standard is \
                             within {} hours.",
                            ctx.name(r.agency_id),
                            uk_date(r),
                            ctx.quote(&r.text),
                            s.hours
                        ),
                    )
                }
                None => {
                    // Attempted and closed: the last record of it; never
                    // recorded: the return, at the local authority's door.
                    // The record where it was dropped ("not completed",
                    // "closed"), else the last word of it.
                    let last = said
                        .iter()
                        .rev()
                        .find(|&&p| dropped.as_ref().is_some_and(|d| d.in_record(&a.records[p])))
                        .or(said.last());
                    match last {
                        Some(&p) => {
                            let r = &a.records[p];
                            (
                                r,
                                r.agency_id,
                                format!("No return home interview done for {subject}"),
                                format!(
                                    "No record shows a return home interview offered or done; \
                                     the last word of it is {}'s of {} ({}).",
                                    ctx.name(r.agency_id),
                                    uk_date(r),
                                    ctx.quote(&r.text)
                                ),
                            )
                        }
                        None => {
                            let Some(&la) = csc.first() else {
                                continue;
                            };
                            (
                                back,
                                la,
                                format!("No return home interview recorded for {subject}"),
                                format!(
                                    "No agency's records mention a return home interview in the \
                                     {} days after it, or before the next missing episode.",
                                    s.window_days
                                ),
                            )
                        }
                    }
                }
            };
            let who = ctx.name(agency);
            let mut explanation = format!(
                "{subject} came back from a missing episode, recorded by {} on {} ({}). {what}",
                ctx.name(back.agency_id),
                uk_date(back),
                ctx.quote(&back.text),
            );
            if exploited {
                explanation.push_str(" Exploitation was recorded about the child in the episode.");
            }
            let mut evidence = vec![anchor.id, back.id];
            evidence.extend(said.iter().map(|&p| a.records[p].id));
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor,
                about: &format!("{child}-{}", back.id),
                agency: who,
                subject,
                severity: if exploited {
                    Severity::High
                } else {
                    Severity::Medium
                },
                title,
                explanation,
                evidence,
                held_by: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn episode(interview_date: &str, interview: &str) -> Scenario {
        Scenario::new()
            .agency("Lowfield Police", "police")
            .agency("Lowfield Children's Services", "childrens_social_care")
            .record(
                "Lowfield Police",
                "03/03/2023",
                "Kai Dunn",
                "Kai reported missing by mum at 21:00. Found at 02:10 in a flat in Dunmere with \
                 older males and cash; returned home.",
            )
            .record(
                "Lowfield Children's Services",
                "06/03/2023",
                "Kai Dunn",
                "Missing notification received from police. Allocated to the missing team.",
            )
            .record(
                "Lowfield Children's Services",
                interview_date,
                "Kai Dunn",
                interview,
            )
            .record(
                "Lowfield Children's Services",
                "31/03/2023",
                "Kai Dunn",
                "CIN visit. Kai seen alone in his room.",
            )
    }

    /// Offered nine days after the return: one flag, at the interview.
    #[test]
    fn an_interview_nine_days_after_the_return_is_flagged() {
        let flags = episode(
            "12/03/2023",
            "RHI completed by the missing team worker; Kai seen alone.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-03-12"), "{}", flags[0].at);
        assert_eq!(flags[0].agency, "Lowfield Children's Services");
        assert!(flags[0].explanation.contains("72 hours"));
    }

    /// Offered the day after the return: within 72 hours, no flag.
    #[test]
    fn an_interview_offered_within_72_hours_is_not_flagged() {
        let flags = episode(
            "04/03/2023",
            "RHI offered by the missing team; Kai declined to talk.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A report that the child has not come back is no return: the
    /// interview is timed from the return, recorded later.
    #[test]
    fn a_child_not_yet_returned_is_not_back() {
        let flags = Scenario::new()
            .agency("Lowfield Police", "police")
            .agency("Lowfield Children's Services", "childrens_social_care")
            .record(
                "Lowfield Police",
                "01/03/2023",
                "Kai Dunn",
                "Mum reports Kai missing - not returned home after school.",
            )
            .record(
                "Lowfield Police",
                "05/03/2023",
                "Kai Dunn",
                "Kai found safe and well at a friend's address and returned home.",
            )
            .record(
                "Lowfield Children's Services",
                "07/03/2023",
                "Kai Dunn",
                "RHI completed by the missing team; Kai seen alone.",
            )
            .record(
                "Lowfield Children's Services",
                "31/03/2023",
                "Kai Dunn",
                "CIN visit. Kai seen alone.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Attempted and closed without it done: flagged, at the closure.
    #[test]
    fn an_interview_never_completed_is_flagged_where_it_was_dropped() {
        let flags = episode(
            "14/03/2023",
            "RHI not completed - unable to engage after two calls. Closed to the missing team.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2023-03-14"));
        assert!(flags[0].title.starts_with("No return home interview done"));
    }
}
