//! What every rule works from: the analysis, the thresholds, indexes built
//! once for all rules (who was involved with whom and when, which agencies
//! shared with which), and the helpers that word a flag. A rule reads the
//! [`Context`] and pushes [`NewFlag`]s; the context gives each its id.

pub(crate) use std::collections::{BTreeMap, BTreeSet};

pub(crate) use foldhash::{HashMap, HashMapExt, HashSet};

pub(crate) use chrono::{NaiveDate, TimeZone};
pub(crate) use chrono_tz::Europe::London;
pub(crate) use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(crate) use super::rules::Rules;
pub(crate) use super::{Flag, HeldBy, Severity, Status};
pub(crate) use crate::analysis::Analysis;
pub(crate) use crate::calendar::WorkingDays;
pub(crate) use crate::extract::{ChildSeen, ContactKind, DecisionKind, Direction, MeetingKind};
pub(crate) use crate::knowledge::{Certainty, Key, SharingKind, Span};
pub(crate) use crate::model::{AgencyKind, Record};

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

/// Information held elsewhere, as a flag cites it.
#[derive(Default)]
pub(crate) struct Cited {
    /// Every record, group by group, in timeline order within a group.
    pub evidence: Vec<i64>,
    /// Each group in words.
    pub parts: Vec<String>,
    /// Each group as the `held_by` of the flag.
    pub held_by: Vec<HeldBy>,
}

/// A flag as a rule raises it; the context adds its id, its status and the
/// date of its anchor record.
pub(crate) struct NewFlag<'r> {
    /// The rule's id.
    pub rule: &'static str,
    /// The record the flag is anchored on (its date is the flag's date).
    pub anchor: &'r Record,
    /// What tells this flag apart from others of the same rule on the same
    /// record (part of the flag's id; empty when there is only one).
    pub about: &'r str,
    /// The agency the flag is about.
    pub agency: String,
    /// About whom ("Child A").
    pub subject: String,
    /// How much it matters.
    pub severity: Severity,
    /// One line for lists.
    pub title: String,
    /// The paragraph a panel can paste into its report.
    pub explanation: String,
    /// The records that show it (the anchor is put first).
    pub evidence: Vec<i64>,
    /// What was held elsewhere, by whom and since when.
    pub held_by: Vec<HeldBy>,
}

/// Puts record ids in merged-timeline order, each once: a record about two
/// of the flag's people is gathered once for each of them.
pub(crate) fn in_merged_order(a: &Analysis, records: &mut Vec<i64>) {
    records.sort_by_key(|id| (a.position.get(id).copied().unwrap_or(usize::MAX), *id));
    records.dedup();
}

/// UK-style date of a record for explanations: "12/03/2021" or
/// "12/03/2021 14:30", with "approx." and month/year precision as written.
pub fn uk_date(r: &Record) -> String {
    crate::when::uk_text(&r.when)
}

/// A record's text as a short quotation, cut at 110 characters.
pub(crate) fn quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= 110 {
        format!("\u{201c}{t}\u{201d}")
    } else {
        let s: String = t.chars().take(107).collect();
        format!("\u{201c}{}…\u{201d}", s.trim_end())
    }
}

/// A flag's stable id: a hash of its rule, anchor record and what it is
/// about, so re-running the analysis gives the same id.
pub(crate) fn flag_id(rule: &str, anchor: i64, about: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(anchor.to_le_bytes());
    h.update([0]);
    h.update(about.as_bytes());
    let hex = hex::encode(h.finalize());
    format!("F-{}", &hex[..10])
}

/// The UK calendar day of an instant.
pub(crate) fn local_date(t: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&London).date_naive())
}

/// An instant from a UK calendar day and a UK clock time.
pub(crate) fn local_instant(d: NaiveDate, h: u32, m: u32) -> i64 {
    d.and_hms_opt(h, m, 0)
        .and_then(|n| London.from_local_datetime(&n).earliest())
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

/// The first instant after a UK calendar day.
pub(crate) fn end_of_day(d: NaiveDate) -> i64 {
    d.succ_opt()
        .map(|n| local_instant(n, 0, 0))
        .unwrap_or(i64::MAX / 4)
}

/// What a record says in words: its text, then its outcome if it has one.
pub(crate) fn written(r: &Record) -> impl Iterator<Item = &str> {
    std::iter::once(r.text.as_str()).chain(r.outcome.as_deref())
}

/// Whether a record tells that another already referred the children
/// ("referral already made by NWAS", "already referred by school").
pub(crate) fn tells_already_referred(r: &Record) -> bool {
    static WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:referral|ppn|safeguarding referral|notification)s? (?:has |had |was )?(?:already|previously) (?:been )?(?:made|sent|submitted|raised|done)\b|\balready (?:been )?referred\b",
        )
        .expect("valid")
    });
    written(r).any(|t| WORDS.is_match(t))
}

/// A rule's patterns (regular expressions from its settings), matched
/// case-insensitively: as one set, to ask whether any matches, and one by
/// one, for where and with what groups.
pub(crate) struct Patterns {
    set: regex::RegexSet,
    each: Vec<regex::Regex>,
}

impl Patterns {
    /// The patterns compiled, or None when one of them does not compile
    /// (the rule then raises nothing).
    pub(crate) fn new(list: &[String]) -> Option<Patterns> {
        let sources: Vec<String> = list.iter().map(|p| format!("(?i){p}")).collect();
        Some(Patterns {
            set: regex::RegexSet::new(&sources).ok()?,
            each: sources
                .iter()
                .map(|p| regex::Regex::new(p).ok())
                .collect::<Option<Vec<_>>>()?,
        })
    }

    /// Whether any pattern matches `text`.
    pub(crate) fn in_text(&self, text: &str) -> bool {
        self.set.is_match(text)
    }

    /// Whether any pattern matches the record's text or outcome.
    pub(crate) fn in_record(&self, r: &Record) -> bool {
        written(r).any(|t| self.in_text(t))
    }

    /// Each pattern, in the settings' order.
    pub(crate) fn each(&self) -> &[regex::Regex] {
        &self.each
    }
}

/// The span of real time a record's date can denote.
pub(crate) fn span(r: &Record) -> Span {
    Span::from(r.when.bounds()).normalised()
}

/// "A", "A and B", "A, B and C".
pub(crate) fn list(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// A sharing between two agencies: its start, its record, and whom it was
/// about (`None` for everyone).
pub(crate) type Route = (i64, i64, Option<Vec<i64>>);

/// A (subject, indicator) series of events: (start, record position).
pub(crate) type Series = ((i64, u32), Vec<(i64, usize)>);

/// Shared context of the rules.
pub(crate) struct Context<'a> {
    pub(crate) a: &'a Analysis,
    /// Applied to record text before it is quoted (and cut short), so that
    /// an anonymised report never quotes half a name.
    pub(crate) redact: Option<&'a dyn Fn(&str) -> String>,
    pub(crate) rules: &'a Rules,
    pub(crate) days: WorkingDays,
    /// Per subject: (lo, agency) of every record about it, sorted.
    pub(crate) involvement: HashMap<i64, Vec<(i64, i64)>>,
    /// (from, to) → sorted (lo, record, subjects) of sharings between them.
    pub(crate) routes: HashMap<(i64, i64), Vec<Route>>,
    /// Position of each record's linked event, for deduplication.
    pub(crate) event_of: HashMap<i64, usize>,
    /// The review's children, in subject order, and as a set.
    pub(crate) children: Vec<i64>,
    pub(crate) child_set: HashSet<i64>,
    pub(crate) out: Vec<Flag>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        a: &'a Analysis,
        rules: &'a Rules,
        redact: Option<&'a dyn Fn(&str) -> String>,
    ) -> Context<'a> {
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
        Context {
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
    pub(crate) fn quote(&self, text: &str) -> String {
        match self.redact {
            Some(r) => quote(&r(text)),
            None => quote(text),
        }
    }

    pub(crate) fn name(&self, agency: i64) -> String {
        self.a.agency_name(agency).to_string()
    }

    pub(crate) fn subjects_label(&self, subjects: &[i64]) -> String {
        let labels: Vec<String> = subjects
            .iter()
            .map(|s| self.a.subject_label(*s).to_string())
            .collect();
        list(&labels)
    }

    /// What `agency` held of each indicator of `inds` since record `since`,
    /// in `records`: a flag's `held_by`.
    pub(crate) fn held_since(
        &self,
        agency: &str,
        since: &Record,
        inds: &[u32],
        records: &[i64],
    ) -> Vec<HeldBy> {
        inds.iter()
            .map(|x| HeldBy {
                agency: agency.to_string(),
                since: since.when.start_iso(),
                indicator: self.a.indicator_id(*x).to_string(),
                records: records.to_vec(),
            })
            .collect()
    }

    /// Whether any of `inds` is suspected significant harm (an indicator
    /// the taxonomy marks serious).
    pub(crate) fn any_serious(&self, inds: &[u32]) -> bool {
        inds.iter().any(|x| {
            self.a
                .indicators
                .get(*x as usize)
                .is_some_and(|d| d.serious)
        })
    }

    pub(crate) fn agencies_of_kind(&self, kind: AgencyKind) -> Vec<i64> {
        self.a
            .agencies
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| x.id)
            .collect()
    }

    /// Agencies other than `except` with a record about `subject` in
    /// [from, to).
    pub(crate) fn involved(&self, subject: i64, from: i64, to: i64, except: i64) -> BTreeSet<i64> {
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

    /// The sharing from `from` to `to` starting in [lo, hi) about any of
    /// `about` (or about everyone), in time order; any sharing at all when
    /// `about` is empty. Each is the record that passed it on.
    pub(crate) fn routes_between<'s>(
        &'s self,
        from: i64,
        to: i64,
        lo: i64,
        hi: i64,
        about: &'s [i64],
    ) -> impl Iterator<Item = i64> + 's {
        let v = self.routes.get(&(from, to)).map_or(&[][..], |v| &v[..]);
        let start = v.partition_point(|(l, _, _)| *l < lo);
        v[start..]
            .iter()
            .take_while(move |(l, _, _)| *l < hi)
            .filter(move |(_, _, subjects)| match subjects {
                Some(list) if !about.is_empty() => about.iter().any(|s| list.contains(s)),
                _ => true,
            })
            .map(|(_, rec, _)| *rec)
    }

    /// The first sharing from `from` to `to` starting in [lo, hi) about any
    /// of `about` (or about everyone); any sharing at all when `about` is
    /// empty.
    pub(crate) fn first_route(
        &self,
        from: i64,
        to: i64,
        lo: i64,
        hi: i64,
        about: &[i64],
    ) -> Option<i64> {
        self.routes_between(from, to, lo, hi, about).next()
    }

    /// The children a record is about: those it names, or every child of
    /// the review when it names none (an incident recorded against the
    /// adults of a household is about its children).
    pub(crate) fn children_of(&self, i: usize) -> Vec<i64> {
        let named = self.named_children(i);
        if named.is_empty() {
            self.children.clone()
        } else {
            named
        }
    }

    /// The children a record names.
    pub(crate) fn named_children(&self, i: usize) -> Vec<i64> {
        self.a.record_subjects[i]
            .iter()
            .copied()
            .filter(|s| self.child_set.contains(s))
            .collect()
    }

    /// Whether `school` recorded taking one of `children` (any child, when
    /// empty) off its roll between `lo` and `hi` (the patterns `off_roll`,
    /// not-in-school's `duty`): from then it no longer holds the child as a
    /// pupil.
    pub(crate) fn took_off_roll(
        &self,
        off_roll: &Patterns,
        school: i64,
        children: &[i64],
        lo: i64,
        hi: i64,
    ) -> bool {
        let recs = &self.a.records;
        let start = recs.partition_point(|x| span(x).lo < lo);
        recs[start..]
            .iter()
            .enumerate()
            .take_while(|(_, x)| span(x).lo <= hi)
            .any(|(k, x)| {
                x.agency_id == school
                    && off_roll.in_record(x)
                    && (children.is_empty()
                        || self
                            .named_children(start + k)
                            .iter()
                            .any(|c| children.contains(c)))
            })
    }

    /// Whether `from` passed anything about `subject` to any agency in
    /// [lo, hi).
    pub(crate) fn shared_anything(&self, from: i64, lo: i64, hi: i64, subject: i64) -> bool {
        self.shared_with_kinds(from, lo, hi, subject, None)
    }

    /// Whether agency `from` passed anything about `subject` to an agency of
    /// one of `kinds` (any agency, for `None`) between `lo` and `hi`.
    pub(crate) fn shared_with_kinds(
        &self,
        from: i64,
        lo: i64,
        hi: i64,
        subject: i64,
        kinds: Option<&[AgencyKind]>,
    ) -> bool {
        self.a
            .agencies
            .iter()
            .filter(|x| x.id != from)
            .filter(|x| kinds.is_none_or(|k| k.contains(&x.kind)))
            .any(|x| self.first_route(from, x.id, lo, hi, &[subject]).is_some())
    }

    /// Whether agency `from` recorded, from `lo` to `hi`, passing something
    /// about `subject` to an agency of one of the `kinds` that is not part of
    /// the review ("liaison form sent to Filip's health visitor", where no
    /// health visiting service sent a chronology): passed on, though no
    /// route to a review agency shows it.
    pub(crate) fn shared_outside(
        &self,
        from: i64,
        lo: i64,
        hi: i64,
        subject: i64,
        kinds: &[AgencyKind],
    ) -> bool {
        let a = self.a;
        let outside = |k: AgencyKind| kinds.contains(&k) && !a.agencies.iter().any(|x| x.kind == k);
        a.records.iter().enumerate().any(|(p, r)| {
            let at = span(r).lo;
            r.agency_id == from
                && at >= lo
                && at <= hi
                && a.record_subjects[p].contains(&subject)
                && a.facts[p].sharing.iter().any(|m| {
                    m.direction == Direction::Outgoing
                        && !m.nothing_held
                        && m.counterparts.iter().any(|c| outside(c.kind))
                })
        })
    }

    /// Adds a flag, unless the same rule already flagged the same record
    /// about the same thing (the flag id would be the same). The anchor
    /// record comes first in the evidence, and every record is cited once.
    pub(crate) fn push(&mut self, flag: NewFlag<'_>) {
        let NewFlag {
            rule,
            anchor,
            about,
            agency,
            subject,
            severity,
            title,
            explanation,
            mut evidence,
            held_by,
        } = flag;
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
            also: Vec::new(),
            corrections: Vec::new(),
        });
    }

    /// What was held elsewhere, grouped by (agency, indicator), as a flag
    /// cites it: each group's records put in timeline order, all of them as
    /// evidence, a `HeldBy` per group, and each group in words by `word`
    /// (the indicator's label, the agency, since when).
    pub(crate) fn cite_held(
        &self,
        held: &mut BTreeMap<(i64, u32), Vec<i64>>,
        word: impl Fn(&str, &str, &str) -> String,
    ) -> Cited {
        let a = self.a;
        let mut cited = Cited::default();
        for ((agency, ind), records) in held.iter_mut() {
            in_merged_order(a, records);
            cited.evidence.extend(records.iter().copied());
            let first = records.first().and_then(|x| a.record(*x));
            cited.parts.push(word(
                &a.indicator_label(*ind).to_lowercase(),
                &self.name(*agency),
                &first.map(uk_date).unwrap_or_default(),
            ));
            cited.held_by.push(HeldBy {
                agency: self.name(*agency),
                since: first.map(|x| x.when.start_iso()).unwrap_or_default(),
                indicator: a.indicator_id(*ind).to_string(),
                records: records.clone(),
            });
        }
        cited
    }

    /// True when the record tells of information received from another
    /// agency ("letter from CSC", "PPN received"), not something the agency
    /// saw or decided itself.
    pub(crate) fn received(&self, i: usize) -> bool {
        self.a.received.get(i).copied().unwrap_or(false)
    }

    /// True when the record's decision is the agency's own: the record
    /// does not tell of information received, or it does but the decision
    /// is written in its outcome ("Police notification … | Screened: NFA"),
    /// after the writer's "Plan:" or "Outcome:", or is the record's last
    /// sentence and nothing else ("Re MIU letter. … KJ not seen. NFA.").
    pub(crate) fn own_decision(&self, i: usize) -> bool {
        self.own_decision_by(i, true)
    }

    /// [`Context::own_decision`], but a closing "NFA" of a record telling
    /// of information received is not taken for the writer's own: only one
    /// written in the outcome or after the writer's own "Plan:" or
    /// "Outcome:" is.
    pub(crate) fn own_stated_decision(&self, i: usize) -> bool {
        self.own_decision_by(i, false)
    }

    fn own_decision_by(&self, i: usize, closing: bool) -> bool {
        let text = &self.a.records[i].text;
        !self.received(i)
            || self.a.facts[i].decision.as_ref().is_some_and(|d| {
                d.hits.iter().any(|h| {
                    h.field == crate::extract::Field::Outcome
                        || (h.field == crate::extract::Field::Text
                            && (text.get(..h.start).is_some_and(own_plan_before)
                                || (closing && closing_word(text, h.start, h.end))))
                })
            })
    }

    /// True when `child` was under one year old at `at`: by the date of
    /// birth the records or the reviewer give, or, with none, as the
    /// child's own records of the year before describe them ("newborn",
    /// "6 weeks old", "4/12"). The rules' severity reads it: harm to a baby
    /// who cannot move about or speak is the gravest.
    pub(crate) fn under_one(&self, child: i64, at: i64) -> bool {
        let born = self.birth_date(child);
        if let (Some(born), Some(day)) = (born, local_date(at)) {
            return born <= day && day < born + chrono::Months::new(12);
        }
        // "Leo born 23/10/23": a birth day written in a record about the
        // child alone.
        let day = local_date(at);
        let born_on = |r: &Record| -> Option<NaiveDate> {
            let on = r.when.day()?;
            written(r).find_map(|t| {
                let lower = t.to_lowercase();
                let k = lower.find("born ")?;
                let after: String = t.get(k..)?.chars().take(24).collect();
                crate::when::days_mentioned(&after, on.succ_opt()?)
                    .first()
                    .copied()
            })
        };
        let infant = infant_words();
        self.a.records.iter().enumerate().any(|(i, r)| {
            let lo = span(r).lo;
            // A record about a baby of under one at `at` is from the year
            // before it.
            if lo > at || lo <= at - 365 * DAY || self.named_children(i) != [child] {
                return false;
            }
            if let (Some(b), Some(d)) = (born_on(r), day) {
                return b <= d && d < b + chrono::Months::new(12);
            }
            written(r).any(|t| describes_infant(infant, t))
        })
    }

    /// The child's date of birth, as the records or the reviewer give it.
    fn birth_date(&self, child: i64) -> Option<NaiveDate> {
        self.a
            .subjects
            .subject(child as usize)
            .and_then(|s| s.dob.as_deref())
            .and_then(crate::subjects::birth_date)
    }

    /// True when `child` was too young at `at` to be spoken to alone: under
    /// one (see [`Context::under_one`]), under three by the date of birth,
    /// or, with none, described as a toddler or as one or two years old in
    /// the child's own records of the year before ("Oscar (2)", "2-yr
    /// review", "18 months old"). Seen is what can be asked of a visit to
    /// such a child.
    pub(crate) fn too_young_to_be_alone(&self, child: i64, at: i64) -> bool {
        if self.under_one(child, at) {
            return true;
        }
        let born = self.birth_date(child);
        if let (Some(born), Some(day)) = (born, local_date(at)) {
            return born <= day && day < born + chrono::Months::new(36);
        }
        let young = toddler_words();
        self.a.records.iter().enumerate().any(|(i, r)| {
            let lo = span(r).lo;
            lo <= at
                && lo > at - 365 * DAY
                && self.named_children(i) == [child]
                && written(r).any(|t| young.is_match(t))
        })
    }

    /// High, with a sentence saying why, when any of `children` was under
    /// one at `at` (see [`Context::under_one`]); otherwise medium and no
    /// sentence.
    pub(crate) fn severity_by_age(&self, children: &[i64], at: i64) -> (Severity, String) {
        let babies: Vec<i64> = children
            .iter()
            .copied()
            .filter(|c| self.under_one(*c, at))
            .collect();
        if babies.is_empty() {
            (Severity::Medium, String::new())
        } else {
            let was = if babies.len() == 1 { "was" } else { "were" };
            (
                Severity::High,
                format!(" {} {was} under one.", self.subjects_label(&babies)),
            )
        }
    }

    /// True when children's social care had a record about `child` in the
    /// `days` before `at`: the child was known to it.
    pub(crate) fn known_to_social_care(&self, child: i64, at: i64, days: i64) -> bool {
        let csc = self.agencies_of_kind(AgencyKind::ChildrensSocialCare);
        self.involved(child, at - days * DAY, at + 1, -1)
            .iter()
            .any(|x| csc.contains(x))
    }

    /// The position of the first record in which an agency (`by`, or any)
    /// recorded first-hand a concern of harm (an indicator the taxonomy
    /// rates above low) about `child` in [lo, hi].
    pub(crate) fn harm_recorded(
        &self,
        by: Option<i64>,
        child: i64,
        lo: i64,
        hi: i64,
    ) -> Option<usize> {
        self.a
            .concerns
            .iter()
            .filter(|c| {
                let r = &self.a.records[c.position];
                let at = span(r).lo;
                c.subject == child
                    && by.is_none_or(|x| x == r.agency_id)
                    && at >= lo
                    && at <= hi
                    && self
                        .a
                        .indicators
                        .get(c.indicator as usize)
                        .is_some_and(|d| d.severity != crate::extract::Severity::Low)
            })
            .map(|c| c.position)
            .min()
    }

    /// True when, in the fortnight before `at`, another agency that held
    /// `key` passed information about the subject to `agency`: what the
    /// agency records about it then is most likely what it was told.
    pub(crate) fn learned_elsewhere(&self, agency: i64, key: Key, at: Span) -> bool {
        self.learned_within(agency, key, at, 14)
    }

    /// True when, in the `days` before `at`, another agency that held `key`
    /// passed information about the subject to `agency`.
    pub(crate) fn learned_within(&self, agency: i64, key: Key, at: Span, days: i64) -> bool {
        self.a.agencies.iter().filter(|f| f.id != agency).any(|f| {
            let Some(v) = self.routes.get(&(f.id, agency)) else {
                return false;
            };
            let start = v.partition_point(|(lo, _, _)| *lo < at.lo - days * DAY);
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

/// Whether the text before a decision holds the writer's own heading for
/// what it did ("UTC notification: … Plan: phoned Mum … NFA"): the
/// decision after it is the writer's, though the record tells of news.
/// True when the decision at `start..end` is the record's last sentence
/// and nothing else ("… KJ not seen. NFA."): the writer's own conclusion,
/// not another agency's decision it was told of ("Police: NFA").
fn closing_word(text: &str, start: usize, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    let before = text.get(..start).unwrap_or("").trim_end();
    after.chars().all(|c| !c.is_alphanumeric())
        && (before.is_empty() || before.ends_with(['.', ';', '!', '?']))
}

fn own_plan_before(before: &str) -> bool {
    let lower = before.to_lowercase();
    [
        "plan:",
        "outcome:",
        "action:",
        "actions:",
        "decision:",
        "action taken:",
        "analysis:",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

/// Whether `text` describes a baby by the infant words, where a fraction
/// ("4/12", "6/52") is an age and not an interval or a duration: "Recall
/// 6/12", "review in 3/12", "cough 2/52", "2/52 ago" are none.
fn describes_infant(infant: &regex::Regex, text: &str) -> bool {
    const INTERVAL_BEFORE: &[&str] = &[
        "recall",
        "review",
        "rv",
        "r/v",
        "f/u",
        "fu",
        "follow",
        "follow-up",
        "tca",
        "in",
        "for",
        "after",
        "every",
        "within",
        "repeat",
        "next",
        "over",
        "past",
        "last",
        "since",
        "approx",
        "x",
        "cough",
        "fever",
        "symptoms",
        "hx",
        "h/o",
        "duration",
        "appt",
        "due",
        "until",
        "another",
        "further",
        "each",
    ];
    infant.find_iter(text).any(|m| {
        let found = m.as_str();
        if !found.contains('/') {
            return true;
        }
        let before = text[..m.start()]
            .split_whitespace()
            .last()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
                    .to_lowercase()
            })
            .unwrap_or_default();
        let after = text[m.end()..]
            .split_whitespace()
            .next()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default();
        let ago = after == "ago" || found.trim_end().ends_with("ago");
        !INTERVAL_BEFORE.contains(&before.as_str()) && !ago
    })
}

/// Words that say a child is a baby in its first year: "newborn", "new
/// birth visit", "neonatal", "6 weeks old", "4-month-old", "aged 3 months",
/// "Leo (3m)", "4/12" or "6/52" as health records write ages (never part
/// of a date: "6/12/2023").
fn infant_words() -> &'static regex::Regex {
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(?:new-?born|new[- ]birth|neo-?natal|neonate|\d{1,2}[- ](?:days?|weeks?|wks?)[- ]old|(?:[1-9]|1[01])[- ](?:months?|mths?)[- ]old|aged? (?:\d{1,2} ?(?:days?|weeks?|wks?)|(?:[1-9]|1[01]) ?(?:months?|mths?)))\b|\((?:\d{1,2} ?(?:wks?|weeks?)|(?:[1-9]|1[01]) ?(?:m|mths?|months?))\)|(?:^|[^/\d])(?:(?:[1-9]|1[01])/12|\d{1,2}/52)(?:$|[^/\d])",
        )
        .expect("the infant words are a valid pattern")
    })
}

/// Words that describe a child of one or two: "toddler", "18 months old",
/// "2 years old", "aged 2", "2-yr review", "2-2.5 yr review", "(2)", "(2y)",
/// "(20m)".
fn toddler_words() -> &'static regex::Regex {
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(?:toddler|(?:1[2-9]|2\d|3[0-5])[- ]?(?:months?|mths?)[- ]old|[12][- ]?(?:yrs?|years?)[- ]old|aged? [12](?: ?(?:yrs?|years?))?|[12](?:-[0-9.]+)?[- ]?(?:yr|year)[- ](?:review|check))\b|\((?:[12] ?(?:y|yrs?)?|1[2-9] ?m|2\d ?m)\)",
        )
        .expect("the toddler words are a valid pattern")
    })
}

/// Whether record `i` says its injury was seen happening by someone other
/// than the carer (`witnessed`: a rule's patterns, "witnessed by coach"), in
/// the record or in the agency's other record of the same attendance that
/// day ("As above … seen by coach"): an accident, no concern.
pub(crate) fn seen_happen(a: &Analysis, i: usize, witnessed: &Patterns) -> bool {
    let r = &a.records[i];
    let day = local_date(span(r).lo);
    let same_attendance = |j: usize| {
        let x = &a.records[j];
        x.agency_id == r.agency_id && a.record_subjects[j] == a.record_subjects[i]
    };
    // Records are in time order: the day's others are beside this one.
    let near = |j: usize| day.is_some() && local_date(span(&a.records[j]).lo) == day;
    witnessed.in_record(r)
        || (0..i)
            .rev()
            .take_while(|&j| near(j))
            .chain((i + 1..a.records.len()).take_while(|&j| near(j)))
            .any(|j| same_attendance(j) && witnessed.in_record(&a.records[j]))
}

/// The kinds of agency a rule's setting names ("gp", "health_visiting");
/// a name that is no kind is left out.
pub(crate) fn agency_kinds(names: &[String]) -> Vec<AgencyKind> {
    names.iter().filter_map(|k| k.parse().ok()).collect()
}

/// Whether a decision ends the agency's involvement: a closure, no further
/// action, threshold not met, a step down.
pub(crate) fn closes(kind: &DecisionKind) -> bool {
    matches!(
        kind,
        DecisionKind::CaseClosed
            | DecisionKind::NoFurtherAction
            | DecisionKind::ThresholdNotMet
            | DecisionKind::StepDown
    )
}

/// What a decision did, in words, with its date: "closed the case on
/// 12/03/2021".
pub(crate) fn decision_text(r: &Record, kind: DecisionKind) -> String {
    let what = match kind {
        DecisionKind::CaseClosed => "closed the case",
        DecisionKind::NoFurtherAction => "decided on no further action",
        DecisionKind::Discharged => "discharged",
        DecisionKind::AssessmentConcluded => "concluded an assessment",
        DecisionKind::ThresholdNotMet => "decided the threshold was not met",
        DecisionKind::ReturnedHome => "decided on a return home",
        DecisionKind::RiskGradedLow => "graded the risk as low or standard",
        DecisionKind::StepDown => "stepped the case down",
        DecisionKind::Excluded => "excluded the child from school",
        DecisionKind::ContactAllowed => "approved an adult to collect the child",
        DecisionKind::PartTimeTimetable => "set or kept the child on a part-time timetable",
        DecisionKind::Eviction => "moved to end the family's tenancy",
    };
    format!("{what} on {}", uk_date(r))
}

/// A record that decides on a referral: a decision, a strategy discussion,
/// or words to that effect ("MASH decision", "threshold met") that are not
/// still awaited ("awaiting MASH decision").
pub(crate) fn is_decision_point(ctx: &Context<'_>, i: usize) -> bool {
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

pub(crate) fn is_meeting(ctx: &Context<'_>, i: usize, kinds: &[MeetingKind]) -> bool {
    ctx.a.facts[i]
        .meeting
        .as_ref()
        .is_some_and(|m| m.held && kinds.contains(&m.kind))
}

#[cfg(test)]
mod tests {
    use super::{describes_infant, infant_words, own_plan_before};

    #[test]
    fn an_age_is_not_an_interval() {
        let infant = infant_words();
        for baby in [
            "Leo (3m) seen with Mum",
            "Baby 4/12, weight 6.1kg",
            "6/52 check, all well",
            "new birth visit",
            "aged 7 weeks",
        ] {
            assert!(describes_infant(infant, baby), "{baby}");
        }
        for not in [
            "Caries-free. Brushing advice. Recall 6/12",
            "Review in 3/12",
            "Cough 2/52, chest clear",
            "Seen 2/52 ago at the surgery",
            "TCA 4/12",
        ] {
            assert!(!describes_infant(infant, not), "{not}");
        }
    }

    #[test]
    fn a_plan_after_news_is_the_writers() {
        assert!(own_plan_before(
            "UTC under-5 notification: 18/03 buckle # L wrist. Plan: Phoned Mum - Ellie fine. Explanation plausible. "
        ));
        assert!(!own_plan_before(
            "Police notification: DA incident 12/03, police "
        ));
    }
}
