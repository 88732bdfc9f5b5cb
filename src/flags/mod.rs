//! Flags: the points where information held by one agency, had it reached
//! another, could have changed what happened (DESIGN.md §3).
//!
//! Every rule reads an [`Analysis`] and its thresholds from [`Rules`]. A flag
//! is evidence, not a verdict: explanations say "held by X since D; not
//! known to Y when Y decided Z on E", never that anyone failed. Flag ids are
//! a hash of the rule, the record the flag is anchored on and what it is
//! about, so re-running the analysis gives the same ids and the reviewer's
//! decisions stay with their flags ([`review`]).

pub mod review;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use rules::Rules;

use crate::analysis::Analysis;
use crate::calendar::WorkingDays;
use crate::extract::{ChildSeen, ContactKind, DecisionKind, MeetingKind};
use crate::knowledge::{Certainty, Key, SharingKind, Span};
use crate::model::{AgencyKind, Record};

const DAY: i64 = 86_400;

/// How much a flag matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Suspected significant harm, or a decision taken without it.
    High,
    /// A concern that should have travelled.
    Medium,
    /// A practice point.
    Low,
}

/// The reviewer's view of a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet decided.
    Open,
    /// Accepted as a point for the review.
    Accepted,
    /// Dismissed, with a reason.
    Dismissed,
}

impl Status {
    /// The identifier used in JSON and in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Accepted => "accepted",
            Status::Dismissed => "dismissed",
        }
    }
}

/// Information that existed elsewhere when the flagged point happened.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct HeldBy {
    /// The agency that held it.
    pub agency: String,
    /// Since when (ISO-8601).
    pub since: String,
    /// What (an indicator id).
    pub indicator: String,
    /// The records that show it.
    pub records: Vec<i64>,
}

/// A reviewer's note on a flag.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Note {
    /// The note.
    pub text: String,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub by: String,
}

/// One flag (the `flags --json` contract of DESIGN.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Flag {
    /// Stable identifier.
    pub id: String,
    /// The rule id.
    pub rule: String,
    /// high, medium or low.
    pub severity: Severity,
    /// The agency the flag is about.
    pub agency: String,
    /// When (ISO-8601 date or date-time).
    pub at: String,
    /// About whom ("Child A").
    pub subject: String,
    /// One line for lists.
    pub title: String,
    /// A paragraph a panel can paste into its report.
    pub explanation: String,
    /// The records that show it, the flagged record first.
    pub evidence: Vec<i64>,
    /// What was held elsewhere, by whom and since when.
    pub held_by: Vec<HeldBy>,
    /// open, accepted or dismissed.
    pub status: Status,
    /// Why it was dismissed (or accepted).
    pub reason: Option<String>,
    /// The reviewer's notes.
    pub notes: Vec<Note>,
    /// False for a flag the reviewer acted on that the current analysis no
    /// longer raises (kept, never silently dropped).
    pub raised: bool,
}

impl<'de> serde::Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "high" => Ok(Severity::High),
            "medium" => Ok(Severity::Medium),
            _ => Ok(Severity::Low),
        }
    }
}

/// Puts record ids in merged-timeline order, each once: a record about two
/// of the flag's people is gathered once for each of them.
fn in_merged_order(a: &Analysis, records: &mut Vec<i64>) {
    records.sort_by_key(|id| (a.position.get(id).copied().unwrap_or(usize::MAX), *id));
    records.dedup();
}

/// UK-style date of a record for explanations: "12/03/2021" or
/// "12/03/2021 14:30", with "approx." and month/year precision as written.
pub fn uk_date(r: &Record) -> String {
    crate::when::uk_text(&r.when)
}

fn quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= 110 {
        format!("\u{201c}{t}\u{201d}")
    } else {
        let s: String = t.chars().take(107).collect();
        format!("\u{201c}{}…\u{201d}", s.trim_end())
    }
}

fn flag_id(rule: &str, anchor: i64, about: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(anchor.to_le_bytes());
    h.update([0]);
    h.update(about.as_bytes());
    let hex = hex::encode(h.finalize());
    format!("F-{}", &hex[..10])
}

fn local_date(t: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&London).date_naive())
}

fn local_instant(d: NaiveDate, h: u32, m: u32) -> i64 {
    d.and_hms_opt(h, m, 0)
        .and_then(|n| London.from_local_datetime(&n).earliest())
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

fn end_of_day(d: NaiveDate) -> i64 {
    d.succ_opt()
        .map(|n| local_instant(n, 0, 0))
        .unwrap_or(i64::MAX / 4)
}

fn span(r: &Record) -> Span {
    Span::from(r.when.bounds()).normalised()
}

fn list(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// A sharing between two agencies: its start, its record, and whom it was
/// about (`None` for everyone).
type Route = (i64, i64, Option<Vec<i64>>);

/// One rule: reads the analysis in the context, pushes its flags.
type Rule = fn(&mut Ctx<'_>);

/// A (subject, indicator) series of events: (start, record position).
type Series = ((i64, u32), Vec<(i64, usize)>);

/// Shared context of the rules.
struct Ctx<'a> {
    a: &'a Analysis,
    /// Applied to record text before it is quoted (and cut short), so that
    /// an anonymised report never quotes half a name.
    redact: Option<&'a dyn Fn(&str) -> String>,
    rules: &'a Rules,
    days: WorkingDays,
    /// Per subject: (lo, agency) of every record about it, sorted.
    involvement: HashMap<i64, Vec<(i64, i64)>>,
    /// (from, to) → sorted (lo, record, subjects) of sharings between them.
    routes: HashMap<(i64, i64), Vec<Route>>,
    /// Position of each record's linked event, for deduplication.
    event_of: HashMap<i64, usize>,
    /// The review's children, in subject order, and as a set.
    children: Vec<i64>,
    child_set: HashSet<i64>,
    out: Vec<Flag>,
}

impl<'a> Ctx<'a> {
    fn new(
        a: &'a Analysis,
        rules: &'a Rules,
        redact: Option<&'a dyn Fn(&str) -> String>,
    ) -> Ctx<'a> {
        let mut involvement: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for (i, r) in a.records.iter().enumerate() {
            let lo = span(r).lo;
            for s in &a.record_subjects[i] {
                involvement.entry(*s).or_default().push((lo, r.agency_id));
            }
        }
        for v in involvement.values_mut() {
            v.sort_unstable();
        }
        let mut routes: HashMap<(i64, i64), Vec<Route>> = HashMap::new();
        for s in &a.sharings {
            let pairs: Vec<(i64, i64)> = match &s.kind {
                SharingKind::Directed { from, to } => to.iter().map(|t| (*from, *t)).collect(),
                SharingKind::Meeting { attendees, .. } => attendees
                    .iter()
                    .flat_map(|x| {
                        attendees
                            .iter()
                            .filter(move |y| *y != x)
                            .map(move |y| (*x, *y))
                    })
                    .collect(),
            };
            for p in pairs {
                routes
                    .entry(p)
                    .or_default()
                    .push((s.at.lo, s.record, s.subjects.clone()));
            }
        }
        for v in routes.values_mut() {
            v.sort_by_key(|(lo, rec, _)| (*lo, *rec));
        }
        let mut event_of = HashMap::new();
        for e in &a.timeline.events {
            for r in &e.records {
                event_of.insert(*r, e.id);
            }
        }
        Ctx {
            a,
            redact,
            rules,
            days: WorkingDays::new(),
            involvement,
            routes,
            event_of,
            child_set: a.children().into_iter().collect(),
            children: a.children(),
            out: Vec::new(),
        }
    }

    /// A short quotation of record text, redacted first when anonymising.
    fn quote(&self, text: &str) -> String {
        match self.redact {
            Some(r) => quote(&r(text)),
            None => quote(text),
        }
    }

    fn name(&self, agency: i64) -> String {
        self.a.agency_name(agency).to_string()
    }

    fn subjects_label(&self, subjects: &[i64]) -> String {
        let labels: Vec<String> = subjects
            .iter()
            .map(|s| self.a.subject_label(*s).to_string())
            .collect();
        list(&labels)
    }

    fn agencies_of_kind(&self, kind: AgencyKind) -> Vec<i64> {
        self.a
            .agencies
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| x.id)
            .collect()
    }

    /// Agencies other than `except` with a record about `subject` in
    /// [from, to).
    fn involved(&self, subject: i64, from: i64, to: i64, except: i64) -> BTreeSet<i64> {
        let Some(v) = self.involvement.get(&subject) else {
            return BTreeSet::new();
        };
        let start = v.partition_point(|(lo, _)| *lo < from);
        v[start..]
            .iter()
            .take_while(|(lo, _)| *lo < to)
            .map(|(_, a)| *a)
            .filter(|a| *a != except)
            .collect()
    }

    /// The first sharing from `from` to `to` starting in [lo, hi) about any
    /// of `about` (or about everyone); any sharing at all when `about` is
    /// empty.
    fn first_route(&self, from: i64, to: i64, lo: i64, hi: i64, about: &[i64]) -> Option<i64> {
        let v = self.routes.get(&(from, to))?;
        let start = v.partition_point(|(l, _, _)| *l < lo);
        v[start..]
            .iter()
            .take_while(|(l, _, _)| *l < hi)
            .find(|(_, _, subjects)| match subjects {
                Some(list) if !about.is_empty() => about.iter().any(|s| list.contains(s)),
                _ => true,
            })
            .map(|(_, rec, _)| *rec)
    }

    /// The children a record is about: those it names, or every child of
    /// the review when it names none (an incident recorded against the
    /// adults of a household is about its children).
    fn children_of(&self, i: usize) -> Vec<i64> {
        let named = self.named_children(i);
        if named.is_empty() {
            self.children.clone()
        } else {
            named
        }
    }

    /// The children a record names.
    fn named_children(&self, i: usize) -> Vec<i64> {
        self.a.record_subjects[i]
            .iter()
            .copied()
            .filter(|s| self.child_set.contains(s))
            .collect()
    }

    /// Whether `from` passed anything about `subject` to any agency in
    /// [lo, hi).
    fn shared_anything(&self, from: i64, lo: i64, hi: i64, subject: i64) -> bool {
        self.a
            .agencies
            .iter()
            .filter(|x| x.id != from)
            .any(|x| self.first_route(from, x.id, lo, hi, &[subject]).is_some())
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &str,
        anchor: &Record,
        about: &str,
        agency: String,
        subject: String,
        severity: Severity,
        title: String,
        explanation: String,
        mut evidence: Vec<i64>,
        held_by: Vec<HeldBy>,
    ) {
        let id = flag_id(rule, anchor.id, about);
        if self.out.iter().any(|f| f.id == id) {
            return;
        }
        evidence.retain(|e| *e != anchor.id);
        evidence.insert(0, anchor.id);
        let mut seen = BTreeSet::new();
        evidence.retain(|e| seen.insert(*e));
        self.out.push(Flag {
            id,
            rule: rule.to_string(),
            severity,
            agency,
            at: anchor.when.start_iso(),
            subject,
            title,
            explanation,
            evidence,
            held_by,
            status: Status::Open,
            reason: None,
            notes: Vec::new(),
            raised: true,
        });
    }

    /// True when the record tells of information received from another
    /// agency ("letter from CSC", "PPN received"), not something the agency
    /// saw or decided itself.
    fn received(&self, i: usize) -> bool {
        self.a.received.get(i).copied().unwrap_or(false)
    }

    /// True when, in the fortnight before `at`, another agency that held
    /// `key` passed information about the subject to `agency`: what the
    /// agency records about it then is most likely what it was told.
    fn learned_elsewhere(&self, agency: i64, key: Key, at: Span) -> bool {
        self.a.agencies.iter().filter(|f| f.id != agency).any(|f| {
            let Some(v) = self.routes.get(&(f.id, agency)) else {
                return false;
            };
            let start = v.partition_point(|(lo, _, _)| *lo < at.lo - 14 * DAY);
            v[start..]
                .iter()
                .take_while(|(lo, _, _)| *lo < at.hi)
                .filter(|(_, _, subjects)| {
                    subjects.as_ref().is_none_or(|s| s.contains(&key.subject))
                })
                .any(|(lo, _, _)| {
                    self.a
                        .knowledge
                        .knew_before(f.id, key, Span::new(*lo, *lo + 1))
                        != Certainty::No
                })
        })
    }
}

/// The flags of a review: computed with the bundled rules, with the
/// reviewer's decisions and notes applied, and decided flags that are no
/// longer raised kept.
pub fn for_review(review: &crate::Review, a: &Analysis) -> crate::Result<Vec<Flag>> {
    for_review_redacted(review, a, None)
}

/// [`for_review`], with record text passed through `redact` before it is
/// quoted in explanations (for the anonymised report).
pub fn for_review_redacted(
    review: &crate::Review,
    a: &Analysis,
    redact: Option<&dyn Fn(&str) -> String>,
) -> crate::Result<Vec<Flag>> {
    let mut flags = evaluate_redacted(a, &review.rules()?, redact);
    review.apply_flag_reviews(&mut flags)?;
    Ok(flags)
}

/// Runs every enabled rule and returns the flags in timeline order.
pub fn evaluate(a: &Analysis, rules: &Rules) -> Vec<Flag> {
    evaluate_redacted(a, rules, None)
}

/// [`evaluate`], with record text redacted before it is quoted.
pub fn evaluate_redacted(
    a: &Analysis,
    rules: &Rules,
    redact: Option<&dyn Fn(&str) -> String>,
) -> Vec<Flag> {
    let mut ctx = Ctx::new(a, rules, redact);
    let every: [(bool, Rule); 9] = [
        (
            rules.decision_without_information.enabled,
            decision_without_information,
        ),
        (rules.never_shared.enabled, never_shared),
        (rules.late_sharing.enabled, late_sharing),
        (rules.no_strategy_discussion.enabled, no_strategy_discussion),
        (rules.absent_from_meeting.enabled, absent_from_meeting),
        (rules.late_conference.enabled, late_conference),
        (rules.child_not_seen.enabled, child_not_seen),
        (
            rules.closed_despite_indicators.enabled,
            closed_despite_indicators,
        ),
        (rules.fragmented_picture.enabled, fragmented_picture),
    ];
    for (enabled, rule) in every {
        if enabled {
            rule(&mut ctx);
        }
    }
    let mut flags = ctx.out;
    flags.sort_by_key(|f| {
        (
            a.position
                .get(&f.evidence[0])
                .copied()
                .unwrap_or(usize::MAX),
            f.rule.clone(),
            f.id.clone(),
        )
    });
    flags
}

fn decision_text(r: &Record, kind: DecisionKind) -> String {
    let what = match kind {
        DecisionKind::CaseClosed => "closed the case",
        DecisionKind::NoFurtherAction => "decided on no further action",
        DecisionKind::Discharged => "discharged",
        DecisionKind::AssessmentConcluded => "concluded an assessment",
        DecisionKind::ThresholdNotMet => "decided the threshold was not met",
        DecisionKind::ReturnedHome => "decided on a return home",
        DecisionKind::RiskGradedLow => "graded the risk as low or standard",
        DecisionKind::StepDown => "stepped the case down",
    };
    format!("{what} on {}", uk_date(r))
}

/// An agency decided about a child while a concern about that child was
/// held elsewhere and had not reached it. Judged concern by concern: each
/// first-hand record of a concern is one piece of information, and it
/// reached the deciding agency only along time-respecting sharing.
fn decision_without_information(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let lookback = ctx.rules.decision_without_information.lookback_days * DAY;
    let ignored: Vec<u32> = ctx
        .rules
        .decision_without_information
        .ignore_indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // Concerns by subject, in time order.
    let mut by_subject: HashMap<i64, Vec<(i64, usize)>> = HashMap::new();
    for (c, concern) in a.concerns.iter().enumerate() {
        let lo = span(&a.records[concern.position]).lo;
        by_subject.entry(concern.subject).or_default().push((lo, c));
    }
    for v in by_subject.values_mut() {
        v.sort_unstable();
    }
    let children: HashSet<i64> = a.children().into_iter().collect();
    for (i, r) in a.records.iter().enumerate() {
        let Some(decision) = &a.facts[i].decision else {
            continue;
        };
        let deciding = decision
            .kinds
            .iter()
            .any(|k| !matches!(k, DecisionKind::Discharged | DecisionKind::ReturnedHome));
        if !deciding || ctx.received(i) || !a.names_subjects[i] {
            continue;
        }
        let at = span(r);
        // (holder, indicator) → records, in time order.
        let mut held: BTreeMap<(i64, u32), Vec<i64>> = BTreeMap::new();
        let mut about = Vec::new();
        let mut serious = false;
        for &subject in a.record_subjects[i].iter().filter(|s| children.contains(s)) {
            let Some(v) = by_subject.get(&subject) else {
                continue;
            };
            let from = if lookback > 0 {
                at.lo - lookback
            } else {
                i64::MIN
            };
            let start = v.partition_point(|(lo, _)| *lo < from);
            for &(_, c) in v[start..].iter().take_while(|(lo, _)| *lo < at.lo) {
                let concern = a.concerns[c];
                let origin = &a.records[concern.position];
                if origin.agency_id == r.agency_id
                    || ignored.contains(&concern.indicator)
                    || !span(origin).certainly_before(at)
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
        if held.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&about);
        let mut parts = Vec::new();
        let mut held_by = Vec::new();
        let mut evidence = Vec::new();
        for ((agency, ind), records) in &mut held {
            in_merged_order(a, records);
            evidence.extend(records.iter().copied());
            let first = records.first().and_then(|x| a.record(*x));
            parts.push(format!(
                "{} (held by {} since {})",
                a.indicator_label(*ind).to_lowercase(),
                ctx.name(*agency),
                first.map(uk_date).unwrap_or_default()
            ));
            held_by.push(HeldBy {
                agency: ctx.name(*agency),
                since: first.map(|x| x.when.start_iso()).unwrap_or_default(),
                indicator: a.indicator_id(*ind).to_string(),
                records: records.clone(),
            });
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
        ctx.push(
            "decision-without-information",
            r,
            "",
            who,
            subject,
            if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title,
            explanation,
            evidence,
            held_by,
        );
    }
}

/// An indicator stayed with the agency that recorded it, while another
/// agency was actively involved with the same person. Judged record by
/// record: a first-hand record of a concern that the agency is not shown
/// passing to anyone in the window, while others were involved.
fn never_shared(ctx: &mut Ctx<'_>) {
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
    // (agency, subject, indicator) → (end of the flagged episode, flag index).
    let mut episodes: HashMap<(i64, i64, u32), (i64, usize)> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if ctx.received(i) {
            continue;
        }
        let at = span(r);
        let mut inds: Vec<u32> = a.facts[i]
            .indicators
            .iter()
            .map(|h| h.indicator as u32)
            .filter(|x| wanted.contains(x))
            .collect();
        inds.sort_unstable();
        inds.dedup();
        if inds.is_empty() {
            continue;
        }
        let mut new_inds = Vec::new();
        let mut subjects = Vec::new();
        let mut unaware: BTreeSet<i64> = BTreeSet::new();
        // A concern recorded about a child is about the child; the adults
        // named beside it are the child's family.
        let named_children = ctx.named_children(i);
        let concerned = if named_children.is_empty() {
            a.record_subjects[i].clone()
        } else {
            named_children
        };
        for &subject in &concerned {
            if ctx.shared_anything(r.agency_id, at.lo, at.lo + share, subject) {
                continue;
            }
            let involved = ctx.involved(subject, at.lo - window, at.lo + window, r.agency_id);
            if involved.is_empty() {
                continue;
            }
            for &ind in &inds {
                // Told of this concern (about anyone in the record) in the
                // fortnight before: the record restates it.
                let told = a.record_subjects[i].iter().any(|s| {
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
                    Some(&(until, flag)) if at.lo < until => {
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
        }
        if new_inds.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let labels: Vec<String> = new_inds
            .iter()
            .map(|x| a.indicator_label(*x).to_lowercase())
            .collect();
        let subj = ctx.subjects_label(&subjects);
        let names: Vec<String> = unaware.iter().map(|z| ctx.name(*z)).collect();
        let explanation = format!(
            "Held by {who} since {} ({}: {}). No record shows {who} passing this on to another agency within {} days, while {} {} involved with {subj}.",
            uk_date(r),
            list(&labels),
            ctx.quote(&r.text),
            ctx.rules.never_shared.share_days,
            list(&names),
            if names.len() == 1 { "was" } else { "were" }
        );
        let title = format!("{} about {subj} stayed with {who}", list(&labels));
        let held = new_inds
            .iter()
            .map(|x| HeldBy {
                agency: who.clone(),
                since: r.when.start_iso(),
                indicator: a.indicator_id(*x).to_string(),
                records: vec![r.id],
            })
            .collect();
        let serious = new_inds
            .iter()
            .any(|x| a.indicators.get(*x as usize).is_some_and(|d| d.serious));
        let before = ctx.out.len();
        ctx.push(
            "never-shared",
            r,
            "",
            who,
            subj,
            if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title,
            explanation,
            vec![r.id],
            held,
        );
        if ctx.out.len() > before {
            for &subject in &subjects {
                for &ind in &new_inds {
                    episodes.insert((r.agency_id, subject, ind), (at.lo + window, before));
                }
            }
        }
    }
}

/// Information reached an agency later than the standard for its kind.
fn late_sharing(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let police = ctx.agencies_of_kind(AgencyKind::Police);
    let schools = ctx.agencies_of_kind(AgencyKind::School);
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
        if has(da) && a.facts[i].sharing.is_empty() {
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
                    continue;
                };
                let Some(s) = a.record(sent) else { continue };
                if span(s).lo < start {
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
                let held = vec![HeldBy {
                    agency: from.clone(),
                    since: r.when.start_iso(),
                    indicator: "domestic-abuse".into(),
                    records: vec![r.id],
                }];
                ctx.push(
                    "late-sharing",
                    s,
                    &format!("encompass:{to}"),
                    from,
                    subject,
                    Severity::Medium,
                    format!(
                        "Operation Encompass notification reached {to} after the next school day"
                    ),
                    explanation,
                    vec![r.id],
                    held,
                );
            }
        }
        // A missing child: children's social care within the standard.
        if has(missing) {
            for &social in &csc {
                let Some(sent) =
                    ctx.first_route(r.agency_id, social, at.lo, at.lo + horizon, &about)
                else {
                    continue;
                };
                let Some(s) = a.record(sent) else { continue };
                if span(s).lo <= at.hi + missing_hours * 3600 {
                    continue;
                }
                let from = ctx.name(r.agency_id);
                let to = ctx.name(social);
                let hours = (span(s).lo - at.lo) / 3600;
                let subject = ctx.subjects_label(&a.record_subjects[i]);
                let explanation = format!(
                    "{subject} was reported missing to {from} on {} ({}). {to} was told on {}, about {hours} hours later; the standard is {missing_hours} hours.",
                    uk_date(r),
                    ctx.quote(&r.text),
                    uk_date(s)
                );
                let held = vec![HeldBy {
                    agency: from.clone(),
                    since: r.when.start_iso(),
                    indicator: "missing-episode".into(),
                    records: vec![r.id],
                }];
                ctx.push(
                    "late-sharing",
                    s,
                    &format!("missing:{to}"),
                    from,
                    subject,
                    Severity::Medium,
                    format!("{to} told of a missing episode after {missing_hours} hours"),
                    explanation,
                    vec![r.id],
                    held,
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
        ctx.push(
            "late-sharing",
            d,
            "referral-decision",
            who,
            subject,
            Severity::Medium,
            format!("Referral decision {taken} working days after receipt"),
            explanation,
            vec![r.id],
            Vec::new(),
        );
    }
}

/// A record that decides on a referral: a decision, a strategy discussion,
/// or words to that effect ("MASH decision", "threshold met") that are not
/// still awaited ("awaiting MASH decision").
fn is_decision_point(ctx: &Ctx<'_>, i: usize) -> bool {
    let f = &ctx.a.facts[i];
    if f.decision.is_some()
        || f.meeting
            .as_ref()
            .is_some_and(|m| m.held && m.kind == MeetingKind::StrategyDiscussion)
    {
        return true;
    }
    let r = &ctx.a.records[i];
    [
        r.event_type.as_deref(),
        Some(r.text.as_str()),
        r.outcome.as_deref(),
    ]
    .into_iter()
    .flatten()
    .any(|field| {
        let t = field.to_lowercase();
        let decided = ["decision", "decided", "threshold"]
            .iter()
            .any(|w| t.contains(w));
        let pending = ["awaiting", "pending", "await ", "to be decided"]
            .iter()
            .any(|w| t.contains(w));
        decided && !pending
    })
}

fn is_meeting(ctx: &Ctx<'_>, i: usize, kinds: &[MeetingKind]) -> bool {
    ctx.a.facts[i]
        .meeting
        .as_ref()
        .is_some_and(|m| m.held && kinds.contains(&m.kind))
}

/// Suspected significant harm known to children's social care with no
/// strategy discussion within the standard.
fn no_strategy_discussion(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let harm: Vec<u32> = ctx
        .rules
        .no_strategy_discussion
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let days = ctx.rules.no_strategy_discussion.working_days;
    let children: HashSet<i64> = a.children().into_iter().collect();
    // Strategy discussions, by subject.
    let mut strategy: HashMap<i64, Vec<i64>> = HashMap::new();
    for i in 0..a.records.len() {
        if is_meeting(ctx, i, &[MeetingKind::StrategyDiscussion]) {
            for s in &a.record_subjects[i] {
                strategy.entry(*s).or_default().push(span(&a.records[i]).lo);
            }
        }
    }
    let mut flagged_until: HashMap<i64, i64> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if !csc.contains(&r.agency_id) || a.facts[i].meeting.is_some() {
            continue;
        }
        let hits: Vec<u32> = a.facts[i]
            .indicators
            .iter()
            .map(|h| h.indicator as u32)
            .filter(|x| harm.contains(x))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let at = span(r);
        let Some(day) = local_date(at.lo) else {
            continue;
        };
        let deadline = end_of_day(ctx.days.add_working_days(day, days));
        let mut about = Vec::new();
        let mut next_held: Option<i64> = None;
        for &subject in a.record_subjects[i].iter().filter(|s| children.contains(s)) {
            if flagged_until.get(&subject).is_some_and(|u| at.lo < *u) {
                continue;
            }
            let list = strategy.get(&subject);
            // A strategy discussion in the weeks before (enquiries already
            // under way) or within the standard answers the concern.
            if list.is_some_and(|v| v.iter().any(|lo| *lo >= at.lo - 90 * DAY && *lo < deadline)) {
                continue;
            }
            about.push(subject);
            flagged_until.insert(subject, at.lo + 30 * DAY);
            let next = list
                .and_then(|v| v.iter().copied().filter(|lo| *lo >= deadline).min())
                .filter(|lo| *lo < at.lo + 120 * DAY);
            next_held = match (next_held, next) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
        }
        if about.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subj = ctx.subjects_label(&about);
        let labels: Vec<String> = hits
            .iter()
            .map(|x| a.indicator_label(*x).to_lowercase())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let when_held = match next_held.and_then(local_date) {
            Some(d) => format!(
                "the next strategy discussion about {subj} is recorded on {}",
                d.format("%d/%m/%Y")
            ),
            None => format!("no strategy discussion about {subj} is recorded"),
        };
        let explanation = format!(
            "{who} recorded {} concerning {subj} on {} ({}). A strategy discussion is expected within {days} working days; {when_held}.",
            list(&labels),
            uk_date(r),
            ctx.quote(&r.text)
        );
        ctx.push(
            "no-strategy-discussion",
            r,
            "",
            who,
            subj,
            Severity::High,
            format!(
                "No strategy discussion within {days} working days of suspected significant harm"
            ),
            explanation,
            vec![r.id],
            Vec::new(),
        );
    }
}

/// An involved agency was missing from a strategy discussion or conference.
fn absent_from_meeting(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let kinds = [
        MeetingKind::StrategyDiscussion,
        MeetingKind::InitialCpConference,
        MeetingKind::ReviewCpConference,
        MeetingKind::CpConference,
    ];
    let mut done_events = BTreeSet::new();
    for (i, r) in a.records.iter().enumerate() {
        if !is_meeting(ctx, i, &kinds) {
            continue;
        }
        let day = local_date(span(r).lo);
        let Some(SharingKind::Meeting { attendees, absent }) = a
            .sharings
            .iter()
            .find(|s| s.record == r.id && matches!(s.kind, SharingKind::Meeting { .. }))
            .map(|s| &s.kind)
        else {
            continue;
        };
        let meeting = a.facts[i].meeting.as_ref().map(|m| m.kind);
        let name = match meeting {
            Some(MeetingKind::StrategyDiscussion) => "strategy discussion",
            Some(MeetingKind::InitialCpConference) => "initial child protection conference",
            Some(MeetingKind::ReviewCpConference) => "review child protection conference",
            _ => "child protection conference",
        };
        let subject = ctx.subjects_label(&a.record_subjects[i]);
        for &missing in absent {
            // One flag per agency per meeting, however many records tell it.
            if !done_events.insert((day, missing)) {
                continue;
            }
            let who = ctx.name(missing);
            let present: Vec<String> = attendees.iter().map(|x| ctx.name(*x)).collect();
            let explanation = format!(
                "{} {name} about {subject} on {} ({}). {who} is recorded as not present; it learned nothing there of what {} knew.",
                ctx.name(r.agency_id),
                uk_date(r),
                ctx.quote(&r.text),
                list(&present)
            );
            ctx.push(
                "absent-from-meeting",
                r,
                &who,
                who.clone(),
                subject.clone(),
                Severity::Medium,
                format!("{who} not present at the {name}"),
                explanation,
                vec![r.id],
                Vec::new(),
            );
        }
    }
}

/// An initial child protection conference later than the standard after
/// the strategy discussion that started enquiries.
fn late_conference(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let limit = ctx.rules.late_conference.working_days as i64;
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let mut open: Vec<(usize, i64)> = Vec::new(); // strategy discussions awaiting a conference
    for i in 0..a.records.len() {
        let r = &a.records[i];
        if is_meeting(ctx, i, &[MeetingKind::StrategyDiscussion]) {
            let t = format!("{} {}", r.text, r.outcome.as_deref().unwrap_or("")).to_lowercase();
            let s47 = t.contains("s47")
                || t.contains("s.47")
                || t.contains("section 47")
                || t.contains("s 47");
            let day = local_date(span(r).lo);
            // The same discussion recorded again (by another agency, or
            // later the same day), or one about the same people already
            // awaiting its conference. A discussion the same day about other
            // children is another discussion.
            let known = open.iter().any(|(j, _)| {
                let theirs = &a.record_subjects[*j];
                let mine = &a.record_subjects[i];
                theirs == mine
                    || (local_date(span(&a.records[*j]).lo) == day
                        && theirs.iter().any(|s| mine.contains(s)))
            });
            if s47 && !known {
                open.push((i, span(r).lo));
            }
            continue;
        }
        if !is_meeting(ctx, i, &[MeetingKind::InitialCpConference])
            || (!csc.is_empty() && !csc.contains(&r.agency_id))
        {
            continue;
        }
        let subjects = a.record_subjects[i].clone();
        let Some(k) = open
            .iter()
            .position(|(j, _)| a.record_subjects[*j].iter().any(|s| subjects.contains(s)))
        else {
            continue;
        };
        let (j, lo) = open.remove(k);
        let (Some(from), Some(to)) = (local_date(lo), local_date(span(r).lo)) else {
            continue;
        };
        let taken = ctx.days.working_days_between(from, to);
        if taken <= limit {
            continue;
        }
        let s = &a.records[j];
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&subjects);
        let due = ctx.days.add_working_days(from, limit as u32);
        let explanation = format!(
            "The strategy discussion of {} started section 47 enquiries about {subject}. The initial child protection conference was held on {}, {taken} working days later; the standard is {limit} working days (by {}).",
            uk_date(s),
            uk_date(r),
            due.format("%d/%m/%Y")
        );
        ctx.push(
            "late-conference",
            r,
            "",
            who,
            subject,
            Severity::Medium,
            format!("Initial conference {taken} working days after the strategy discussion"),
            explanation,
            vec![s.id],
            Vec::new(),
        );
    }
}

/// An assessment, visit or closure with no record of the child seen (or,
/// for assessments and closures, seen alone).
fn child_not_seen(ctx: &mut Ctx<'_>) {
    let a = ctx.a;
    let kinds: Vec<AgencyKind> = ctx
        .rules
        .child_not_seen
        .kinds
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect();
    let children: HashSet<i64> = a.children().into_iter().collect();
    let not_seen = a.indicator_index("child-not-seen");
    // Per (agency, child): times the child was recorded seen alone.
    let mut seen_alone: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        let contradicted = a.facts[i]
            .indicators
            .iter()
            .any(|h| not_seen == Some(h.indicator as u32));
        if a.facts[i].child_seen == ChildSeen::SeenAlone && !contradicted {
            for s in &a.record_subjects[i] {
                seen_alone
                    .entry((r.agency_id, *s))
                    .or_default()
                    .push(span(r).lo);
            }
        }
    }
    for (i, r) in a.records.iter().enumerate() {
        let f = &a.facts[i];
        if !kinds.contains(&r.agency_kind)
            || !f.requires_child_seen
            || ctx.received(i)
            || f.meeting.as_ref().is_some_and(|m| m.held)
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
        let about: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|s| children.contains(s))
            .collect();
        if about.is_empty() {
            continue;
        }
        let at = span(r);
        let strict = concluded;
        let flagged = match f.child_seen {
            _ if said_not_seen => true,
            ChildSeen::NotSeen => true,
            ChildSeen::SeenAlone => false,
            ChildSeen::Seen | ChildSeen::Unknown => {
                strict
                    && about.iter().all(|s| {
                        !seen_alone.get(&(r.agency_id, *s)).is_some_and(|v| {
                            v.iter().any(|lo| *lo <= at.lo && *lo >= at.lo - 60 * DAY)
                        })
                    })
            }
        };
        if !flagged {
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
        let explanation = format!(
            "{who} recorded a {what} on {} ({}); {seen}.",
            uk_date(r),
            ctx.quote(&r.text)
        );
        ctx.push(
            "child-not-seen",
            r,
            "",
            who,
            subject,
            Severity::Medium,
            format!("{what} with no record of the child seen alone"),
            explanation,
            vec![r.id],
            Vec::new(),
        );
    }
}

/// A case closed or no further action soon after a serious indicator.
fn closed_despite_indicators(ctx: &mut Ctx<'_>) {
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
    for (i, r) in a.records.iter().enumerate() {
        let Some(d) = &a.facts[i].decision else {
            continue;
        };
        if ctx.received(i) {
            continue;
        }
        let closing = d.kinds.iter().any(|k| {
            matches!(
                k,
                DecisionKind::CaseClosed
                    | DecisionKind::NoFurtherAction
                    | DecisionKind::ThresholdNotMet
                    | DecisionKind::StepDown
            )
        });
        if !closing {
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
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&about);
        let mut evidence = Vec::new();
        let mut parts = Vec::new();
        let mut held_by = Vec::new();
        for ((agency, ind), records) in &mut held {
            in_merged_order(a, records);
            evidence.extend(records.iter().copied());
            let first = records.first().and_then(|x| a.record(*x));
            let since = first.map(uk_date).unwrap_or_default();
            parts.push(format!(
                "{} ({} since {since})",
                a.indicator_label(*ind).to_lowercase(),
                ctx.name(*agency)
            ));
            held_by.push(HeldBy {
                agency: ctx.name(*agency),
                since: first.map(|x| x.when.start_iso()).unwrap_or_default(),
                indicator: a.indicator_id(*ind).to_string(),
                records: records.clone(),
            });
        }
        let explanation = format!(
            "{who} {} about {subject} ({}), within {} days of: {}.",
            decision_text(r, d.kind),
            ctx.quote(&r.text),
            ctx.rules.closed_despite_indicators.days,
            list(&parts)
        );
        ctx.push(
            "closed-despite-indicators",
            r,
            "",
            who.clone(),
            subject,
            Severity::High,
            format!("{who} closed or took no further action soon after serious indicators"),
            explanation,
            evidence,
            held_by,
        );
    }
}

/// A pattern spread across agencies so that no single agency saw it whole.
fn fragmented_picture(ctx: &mut Ctx<'_>) {
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
                    !ctx.learned_elsewhere(
                        r.agency_id,
                        Key {
                            subject: *s,
                            indicator: ind,
                        },
                        at,
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
                let same_day = last
                    .1
                    .iter()
                    .any(|q| a.records[*q].agency_id == r.agency_id && (lo - last.0).abs() < DAY);
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
            let saw_whole = a.agencies.iter().any(|ag| {
                win.iter().all(|(lo, ps)| {
                    ps.iter().any(|p| {
                        let rec = &a.records[*p];
                        rec.agency_id == ag.id
                            || ctx
                                .first_route(rec.agency_id, ag.id, *lo, window_end, about)
                                .is_some()
                    })
                })
            });
            if saw_whole {
                continue;
            }
            let anchor = &a.records[merged[end].1[0]];
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
            let explanation = format!(
                "{} records of {label} about {subj} within {} days, held across {} agencies: {}. No single agency held them all.",
                win.len(),
                cfg.window_days,
                recorders.len(),
                list(&parts)
            );
            let who = ctx.name(anchor.agency_id);
            ctx.push(
                "fragmented-picture",
                anchor,
                a.indicator_id(ind),
                who,
                subj.clone(),
                Severity::High,
                format!(
                    "Repeated {label} about {subj} spread across {} agencies",
                    recorders.len()
                ),
                explanation,
                evidence,
                held_by,
            );
            // The next pattern needs events of its own.
            start = end + 1;
        }
    }
}
