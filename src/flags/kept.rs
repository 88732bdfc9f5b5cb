//! A concern that one agency recorded and that should have gone to agencies
//! of certain kinds (a child not in school to the local authority, a private
//! fostering arrangement to children's social care), with nothing to show it
//! went: what the rules that look for such concerns share.

use crate::flags::context::*;

/// What a rule looks for, and how its flags read.
pub(crate) struct Kept<'r> {
    /// The rule's id.
    pub rule: &'static str,
    /// The indicators that make up the concern.
    pub indicators: &'r [String],
    /// Kinds of the agencies that should be told.
    pub to_kinds: &'r [String],
    /// Words in the names of other agencies that should be told
    /// ("education" for a children-missing-education team).
    pub to_words: &'r [String],
    /// Passing anything about the child to one of them within this many
    /// days counts as passing the concern on.
    pub within_days: i64,
    /// A second record of the concern by the same agency more than this
    /// many days after its last flag is a new occasion.
    pub repeat_days: i64,
    /// Severity of a flag about a child recorded at a time, with a sentence
    /// saying why when it is high.
    pub severity: fn(&Context<'_>, i64, i64) -> (Severity, String),
    /// The concern in words ("a child not in school").
    pub what: &'r str,
    /// Whom it should have reached, in words ("the local authority or
    /// children's social care").
    pub should_reach: &'r str,
    /// Kinds of agency that are told, but that must themselves tell the
    /// others when one of their records says so (`duty`): a school that
    /// takes a pupil off its roll tells the local authority.
    pub duty_kinds: &'r [String],
    /// Patterns for a record of such a duty ("removed from roll").
    pub duty: &'r [String],
    /// Patterns for a record that says the duty was met in it ("started at
    /// another school", "CTF sent"): it is not flagged.
    pub duty_met: &'r [String],
    /// A child children's social care recorded in this many days before a
    /// duty's record has a social worker: the duty is to tell social care
    /// itself, not only the others (a school taking off roll a child with a
    /// social worker). 0: never.
    pub social_worker_days: i64,
}

/// The agencies of the review that should be told: of the kinds, or with
/// one of the words in their names.
fn receivers(ctx: &Context<'_>, kept: &Kept<'_>) -> Vec<i64> {
    let kinds: Vec<AgencyKind> = agency_kinds(kept.to_kinds);
    let words: Vec<String> = kept.to_words.iter().map(|w| w.to_lowercase()).collect();
    ctx.a
        .agencies
        .iter()
        .filter(|x| {
            let name = x.name.to_lowercase();
            kinds.contains(&x.kind) || words.iter().any(|w| name.contains(w.as_str()))
        })
        .map(|x| x.id)
        .collect()
}

/// Raises a flag for each occasion an agency recorded the concern about a
/// child and no record shows it telling any of the agencies that should be
/// told within the window. Agencies that should be told never flag their
/// own records.
pub(crate) fn flag_kept(ctx: &mut Context<'_>, kept: &Kept<'_>) {
    let a = ctx.a;
    let wanted: Vec<u32> = kept
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let to = receivers(ctx, kept);
    let social_care = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let within = kept.within_days * DAY;
    let duty_kinds: Vec<AgencyKind> = agency_kinds(kept.duty_kinds);
    let duty = Patterns::new(kept.duty);
    let duty_met = Patterns::new(kept.duty_met);
    // (agency, child) → when the last flag's occasion started, and its index.
    let mut last: HashMap<(i64, i64), (i64, usize)> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if ctx.received(i) {
            continue;
        }
        // An agency that should be told flags its own record only where it
        // has a duty to tell the others; then it is to tell agencies of
        // other kinds.
        let (to, bound): (Vec<i64>, bool) = if to.contains(&r.agency_id) {
            let bound = duty_kinds.contains(&r.agency_kind)
                && duty.as_ref().is_some_and(|p| p.in_record(r));
            if !bound || duty_met.as_ref().is_some_and(|p| p.in_record(r)) {
                continue;
            }
            let others = to
                .iter()
                .copied()
                .filter(|x| {
                    a.agencies
                        .iter()
                        .find(|y| y.id == *x)
                        .is_some_and(|y| y.kind != r.agency_kind)
                })
                .collect();
            (others, true)
        } else {
            (to.clone(), false)
        };
        let mut about: Vec<(i64, u32)> = Vec::new();
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !wanted.contains(&ind) {
                continue;
            }
            for s in a.about(i, ind) {
                if ctx.child_set.contains(&s) && !about.iter().any(|x| x.0 == s) {
                    about.push((s, ind));
                }
            }
        }
        let at = span(r);
        for (child, ind) in about {
            // A duty about a child with a social worker is to tell social
            // care itself.
            let social_worker = bound
                && kept.social_worker_days > 0
                && ctx.known_to_social_care(child, at.lo, kept.social_worker_days);
            let to: Vec<i64> = if social_worker {
                to.iter()
                    .copied()
                    .filter(|x| social_care.contains(x))
                    .collect()
            } else {
                to.clone()
            };
            let told = to.iter().any(|&x| {
                x != r.agency_id
                    && ctx
                        .first_route(r.agency_id, x, at.lo, at.lo + within, &[child])
                        .is_some()
            });
            if told {
                continue;
            }
            let key = (r.agency_id, child);
            if let Some(&(since, flag)) = last.get(&key) {
                if at.lo < since + kept.repeat_days * DAY {
                    if let Some(f) = ctx.out.get_mut(flag) {
                        if !f.evidence.contains(&r.id) {
                            f.evidence.push(r.id);
                        }
                    }
                    continue;
                }
            }
            let who = ctx.name(r.agency_id);
            let subject = ctx.subjects_label(&[child]);
            let reach: Vec<String> = to.iter().map(|x| ctx.name(*x)).collect();
            let should_reach = if social_worker {
                "children's social care"
            } else {
                kept.should_reach
            };
            let reach = if reach.is_empty() {
                should_reach.to_string()
            } else {
                format!("{should_reach} ({})", list(&reach))
            };
            let (severity, mut why) = (kept.severity)(ctx, child, at.lo);
            if social_worker {
                why = format!(
                    "{why} {subject} was recorded by children's social care in the {} days before: a child with a social worker, whom {who} tells itself, not only the local authority's education services.",
                    kept.social_worker_days,
                );
            }
            let explanation = format!(
                "Held by {who} since {}: {} ({}). No record shows {who} telling {reach} within {} days.{why}",
                uk_date(r),
                kept.what,
                ctx.quote(&r.text),
                kept.within_days,
            );
            let title = format!("{} recorded by {who}; not passed on", capitalise(kept.what));
            let before = ctx.out.len();
            ctx.push(NewFlag {
                rule: kept.rule,
                anchor: r,
                about: &subject,
                agency: who.clone(),
                subject: subject.clone(),
                severity,
                title,
                explanation,
                evidence: vec![r.id],
                held_by: vec![HeldBy {
                    agency: who,
                    since: r.when.start_iso(),
                    indicator: a.indicator_id(ind).to_string(),
                    records: vec![r.id],
                }],
            });
            if ctx.out.len() > before {
                last.insert(key, (at.lo, before));
            }
        }
    }
}

/// "a child not in school" → "A child not in school".
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
