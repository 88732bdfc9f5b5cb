//! A child of school age recorded as not in school — no school place, not
//! on roll, not registered — by an agency that is not the school or the
//! local authority, with nothing to show it told them; a school taking a
//! child off roll and telling no one; and a school's own marks of a child
//! absent without leave for ten school days in a row with nothing to show
//! the local authority told.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::flags::kept::{flag_kept, Kept};

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "not-in-school",
    name: "Not in school, not passed on",
    description: "An agency recorded a child not in school (no school place, not on roll, \
         missing education) and nothing shows it telling the local authority, the school or \
         children's social care; or a school recorded a child absent without leave for ten \
         school days in a row, or took the child off roll, and nothing shows it telling the \
         local authority; or a child of school age whom no record places at any school for \
         more than twenty school days, with nothing to show the local authority told.",
    severity: "High when the child was known to children's social care in the six months before; otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "within_days",
            meaning:
                "days within which telling the school, the local authority or social care counts",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "repeat_days",
            meaning: "days after which the same agency recording it again is a new occasion",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "absence_days",
            meaning: "school days in a row of absence without leave after which the school tells the local authority",
            basis: Basis::Statutory,
            source: "Children missing education, statutory guidance (2016): schools notify the local authority of a pupil absent without permission for a continuous period of 10 school days or more",
        },
        Threshold {
            setting: "social_worker_days",
            meaning: "days before a removal from roll within which a child recorded by children's social care has a social worker, whom the school tells itself",
            basis: Basis::SightlineDefault,
            source: "after Keeping children safe in education (2024) on children with a social worker removed for home education",
        },
        Threshold {
            setting: "absence_gap_days",
            meaning: "school days between two absence marks with no attendance recorded that still count as one run",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "no_school_days",
            meaning: "school days a child of school age may go without any record placing them at a school",
            basis: Basis::SightlineDefault,
            source: "After the Education (Pupil Registration) (England) Regulations 2006, reg. 8(1)(h): a pupil whose whereabouts are unknown after 20 school days of absence may leave the roll; school holidays are estimated, as term dates vary by area",
        },
        Threshold {
            setting: "school_age_from",
            meaning: "the age in years from which a child is of compulsory school age",
            basis: Basis::Statutory,
            source: "Education Act 1996, s.8: compulsory school age runs from the term after a child's fifth birthday",
        },
        Threshold {
            setting: "school_age_until",
            meaning: "the age in years at which compulsory school age ends",
            basis: Basis::Statutory,
            source: "Education Act 1996, s.8: to the last Friday in June of the school year in which a child turns sixteen",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The indicators that say a child is not in school.
    pub indicators: Vec<String>,
    /// Kinds of agency that should be told.
    pub to_kinds: Vec<String>,
    /// Words in the names of other agencies that should be told.
    pub to_names: Vec<String>,
    /// Telling one of them anything about the child within this many days
    /// counts.
    pub within_days: i64,
    /// The same agency recording it again this many days after its last
    /// flag is a new occasion.
    pub repeat_days: i64,
    /// Kinds of agency told of a child not in school that must themselves
    /// tell the local authority when they take a child off roll.
    pub duty_kinds: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) for a record of
    /// taking a child off roll.
    pub duty: Vec<String>,
    /// Patterns that say, in the same record, that the child went on to
    /// another school (the duty met): such a removal is not flagged.
    pub duty_met: Vec<String>,
    /// A child children's social care recorded in this many days before the
    /// school took the child off roll has a social worker: the school tells
    /// social care itself.
    pub social_worker_days: i64,
    /// School days in a row of absence without leave after which the
    /// school tells the local authority.
    pub absence_days: u32,
    /// School days between two absence marks, with no attendance recorded
    /// between them, that still count as one run.
    pub absence_gap_days: u32,
    /// Patterns for a school's mark or note of a child absent without
    /// leave.
    pub absent: Vec<String>,
    /// Patterns for an absence with leave (illness, an authorised
    /// absence): it breaks no run and starts none.
    pub authorised: Vec<String>,
    /// Patterns for a child in school: a run ends.
    pub present: Vec<String>,
    /// Patterns for a school's own record of telling the local authority
    /// (education welfare, attendance team, children missing education).
    pub told: Vec<String>,
    /// School days a child of school age may go with no record placing
    /// them at a school.
    pub no_school_days: u32,
    /// The age in years from which a child is of compulsory school age.
    pub school_age_from: u32,
    /// The age in years at which compulsory school age ends.
    pub school_age_until: u32,
    /// Patterns for a record that the child has left a school or has none
    /// ("no school place", "removed from roll", "moved away"): from it, no
    /// school is on record until one places the child at a school again.
    pub no_school: Vec<String>,
    /// Patterns for a record placing the child at a school ("started at",
    /// "on roll at", "Year 4", "DSL"), unless it also says the child has no
    /// school.
    pub at_school: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[not-in-school]
enabled = true
# What says a child is not in school.
indicators = ["missing-education"]
# Who should be told: the school, children's social care, and any agency
# whose name has one of these words (a children-missing-education team,
# education welfare, admissions).
to_kinds = ["school", "childrens_social_care"]
to_names = ["education", "admissions", "attendance"]
# Telling one of them anything about the child within this many days counts.
# Basis: Sightline default.
within_days = 14
# The same agency recording it again this many days after its last flag is
# a new occasion.
# Basis: Sightline default.
repeat_days = 28
# A school that deletes a pupil from its roll tells the local authority
# (statutory guidance on children missing education): a school's own record
# of doing so, with nothing to show the local authority or social care told
# within the days above, is flagged too.
duty_kinds = ["school"]
duty = [
    '\b(?:removed|deleted|taken|came|come) (?:off|from) (?:the |school )?roll\b',
    '\boff[- ]rolled\b',
    '\b(?:removal|deletion) from (?:the |school )?roll\b',
]
# A removal that says the child went on to another school (the destination
# confirmed, the child started there) meets the duty. A common transfer file
# alone does not: with no destination it goes to the lost pupils database.
duty_met = [
    '\bdestination (?:school )?(?:confirmed|known)\b',
    '\b(?:started|starting|enrolled|admitted) (?:at|there)\b',
    '\bstart (?:date )?confirmed\b',
    '\bconfirmed (?:that )?\w+ (?:had |has )?started\b',
]
# A child that children's social care recorded in this many days before the
# removal has a social worker: the school tells social care itself, not only
# the local authority's education team (a child with a social worker leaving
# for home education is one whose removal the school, the local authority
# and the social worker plan together).
# Basis: Sightline default (after Keeping children safe in education (2024) on
# children with a social worker removed for home education).
social_worker_days = 90
# A school's own marks of a child absent without leave for this many school
# days in a row (daily marks, "absent all week", "10 days absent"), with
# nothing to show the local authority told within the days above.
# Basis: statutory (Children missing education, statutory guidance (2016):
# schools notify the local authority of a pupil absent without permission
# for a continuous period of 10 school days or more).
absence_days = 10
# School days between two absence marks, with no attendance recorded between
# them, that still count as one run (schools often log only some days).
# Basis: Sightline default.
absence_gap_days = 3
absent = [
    '\bunauthori[sz]ed absen(?:ce|t)\b',
    '\babsent\b',
    '\b(?:N|O|G) (?:code|mark)\b',
    '\b(?:code|mark) (?:N|O|G)\b',
    '\bnot in (?:school|today)\b',
    '\bdid not (?:attend|arrive|come in)\b',
    '\bno contact from (?:home|parents?|mum|dad|family|carers?)\b',
]
authorised = [
    '\b(?:authori[sz]ed|I code|code I|medical (?:appointment|evidence)|illness|ill|unwell|sick|hospital)\b',
    '\babsent from (?:the )?(?:meeting|strategy|conference|core group)\b',
]
present = [
    '\b(?:present|in school|attended (?:school|today|all week|every day)|back in school|returned to school|arrived (?:late|at))\b',
    '\b(?:100|9\d)\s?% attendance\b',
]
told = [
    '\b(?:EWO|EWS|EWS?O|education welfare|attendance (?:officer|team|service)|CME|children missing education)\b',
    '\b(?:local authority|LA) (?:notified|informed|told)\b',
    '\b(?:notified|informed|told|referred to) (?:the )?(?:local authority|LA)\b',
]
# A child of school age whom no record places at any school for more than
# this many school days (weekdays outside the usual school holidays, which
# are estimated), counted from the record that says the child left a school
# or has none, or, for a child on no school's record at all, from the
# child's first record; with nothing to show the local authority or social
# care told. One flag, at the first record of the child after that.
# Basis: Sightline default, after the 20 school days of the Education
# (Pupil Registration) (England) Regulations 2006, reg. 8(1)(h).
no_school_days = 20
# Compulsory school age: from 5 until 16.
# Basis: statutory (Education Act 1996, s.8).
school_age_from = 5
school_age_until = 16
no_school = [
    '\bno school place\b',
    '\b(?:without|awaiting|waiting for|applied for|applying for) (?:a )?school (?:place|admission)\b',
    '\bnot (?:on (?:a |any |the )?(?:school )?roll|registered (?:with|at) (?:a |any )?school|attending any school|at any school|in any school)\b',
    '\b(?:is|was)n.?t (?:at|in) (?:a )?school (?:yet|at the moment|currently)\b',
    '\b(?:removed|deleted|taken|came|come) (?:off|from) (?:the |school )?roll\b',
    '\boff[- ]rolled\b',
    '\b(?:removal|deletion) from (?:the |school )?roll\b',
    '\b(?:left|leaving) (?:the )?school\b',
    '\b(?:moved|moving) (?:away|out of (?:the )?area|abroad|to \w+)\b.{0,60}\b(?:school|roll|CTF)\b',
    '\b(?:CTF|common transfer file) (?:sent|uploaded)\b.{0,40}\b(?:lost pupils?|no destination|destination unknown)\b',
    '\blost pupils? database\b',
    '\bhome[- ]?(?:educat\w*|school\w*)\b',
    '\bEHE\b',
]
at_school = [
    '\b(?:started|starting|enrolled|admitted|registered|on roll|attends|attending|attended|returned|back) (?:at|to|in|with) (?:\w+ ){0,3}(?:school|academy|primary|college)\b',
    '\b(?:school|academy|primary|college) (?:place )?(?:confirmed|started|start date)\b',
    '\b(?:Y(?:ea)?r ?\d{1,2}|reception class|year group)\b',
    '\b(?:DSL|SENCO|class teacher|head ?teacher|school nurse|form tutor)\b',
    '\b(?:in|at|from) (?:school|class)\b',
    '\bschool (?:reports?|says|states|raised|contacted|called|rang|emailed|referral|attendance)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let s = ctx.rules.not_in_school.clone();
    flag_kept(
        ctx,
        &Kept {
            rule: INFO.id,
            indicators: &s.indicators,
            to_kinds: &s.to_kinds,
            to_words: &s.to_names,
            within_days: s.within_days,
            repeat_days: s.repeat_days,
            severity: known_to_social_care,
            what: "a child not in school",
            should_reach: "the local authority, the school or children's social care",
            duty_kinds: &s.duty_kinds,
            duty: &s.duty,
            duty_met: &s.duty_met,
            social_worker_days: s.social_worker_days,
        },
    );
    absence_runs(ctx, &s);
    no_school_spans(ctx, &s);
}

/// A school's marks of a child absent without leave for `absence_days`
/// school days in a row, with nothing to show the local authority or
/// social care told: one flag per run, at the mark that reached the count.
fn absence_runs(ctx: &mut Context<'_>, s: &Settings) {
    let a = ctx.a;
    let (Some(absent), Some(told)) = (Patterns::new(&s.absent), Patterns::new(&s.told)) else {
        return;
    };
    let authorised = Patterns::new(&s.authorised);
    let present = Patterns::new(&s.present);
    let receivers = local_authority(ctx, s);
    // (school, child) → the run so far: (first day, last day, its marks).
    let mut runs: HashMap<(i64, i64), (NaiveDate, NaiveDate, Vec<usize>)> = HashMap::new();
    let mut flagged: BTreeSet<(i64, i64, NaiveDate)> = BTreeSet::new();
    for (i, r) in a.records.iter().enumerate() {
        if r.agency_kind != AgencyKind::School || ctx.received(i) {
            continue;
        }
        let Some(day) = local_date(span(r).lo) else {
            continue;
        };
        let is_absent = absent.in_record(r) && !authorised.as_ref().is_some_and(|p| p.in_record(r));
        let is_present = !is_absent && present.as_ref().is_some_and(|p| p.in_record(r));
        for child in ctx.named_children(i) {
            let key = (r.agency_id, child);
            if is_present {
                runs.remove(&key);
                continue;
            }
            if !is_absent {
                continue;
            }
            // A mark for a whole week counts its five days.
            let last = if written(r).any(week_mark) {
                ctx.days.add_working_days(day, 4)
            } else {
                day
            };
            let run = runs.entry(key).or_insert((day, last, Vec::new()));
            let gap = ctx.days.working_days_between(run.1, day);
            if gap > i64::from(s.absence_gap_days) + 1 {
                *run = (day, last, Vec::new());
            }
            run.1 = run.1.max(last);
            run.2.push(i);
            let length = ctx.days.working_days_between(run.0, run.1) + 1;
            if length < i64::from(s.absence_days) || flagged.contains(&(key.0, key.1, run.0)) {
                continue;
            }
            flagged.insert((key.0, key.1, run.0));
            let (first, marks) = (run.0, run.2.clone());
            // Told: a sharing to the local authority or social care, or the
            // school's own note of telling them, from the run's start to
            // the days after the count was reached.
            let lo = local_instant(first, 0, 0);
            let hi = span(r).lo + s.within_days * DAY;
            let shared = receivers.iter().any(|&x| {
                x != r.agency_id && ctx.first_route(r.agency_id, x, lo, hi, &[child]).is_some()
            });
            let noted = a.records.iter().any(|x| {
                let at = span(x).lo;
                x.agency_id == r.agency_id && at >= lo && at <= hi && told.in_record(x)
            });
            if shared || noted {
                continue;
            }
            let who = ctx.name(r.agency_id);
            let subject = ctx.subjects_label(&[child]);
            let (severity, why) = known_to_social_care(ctx, child, span(r).lo);
            let dates: Vec<String> = marks.iter().map(|p| uk_date(&a.records[*p])).collect();
            let explanation = format!(
                "{who} recorded {subject} absent without leave from {} to {}, {length} school \
                 days in a row ({}; last: {}). A school tells the local authority of a pupil \
                 absent without permission for {} school days in a row; no record shows {who} \
                 telling the local authority or children's social care within {} days.{why}",
                first.format("%d/%m/%Y"),
                run.1.format("%d/%m/%Y"),
                list(&dates),
                ctx.quote(&r.text),
                s.absence_days,
                s.within_days,
            );
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &format!("absent:{subject}"),
                agency: who.clone(),
                subject: subject.clone(),
                severity,
                title: format!(
                    "{subject} absent from school {length} days in a row; local authority not told"
                ),
                explanation,
                evidence: marks.iter().map(|p| a.records[*p].id).collect(),
                held_by: vec![HeldBy {
                    agency: who,
                    since: a.records[marks[0]].when.start_iso(),
                    indicator: "missing-education".to_string(),
                    records: marks.iter().map(|p| a.records[*p].id).collect(),
                }],
            });
        }
    }
}

/// A child of school age whom no record places at any school for more than
/// `no_school_days` school days: from a record that the child left a
/// school or has none, or, for a child no school has any record of and no
/// record places at a school, from the child's first record of school age.
/// Flagged once per span, at the first record of the child made after
/// that many school days, unless the local authority (an agency named for
/// education, admissions or attendance) or children's social care held a
/// record of the child having no school, or was told, within the span.
fn no_school_spans(ctx: &mut Context<'_>, s: &Settings) {
    let a = ctx.a;
    let (Some(no_school), Some(at_school)) =
        (Patterns::new(&s.no_school), Patterns::new(&s.at_school))
    else {
        return;
    };
    let receivers = local_authority(ctx, s);
    for child in ctx.children.clone() {
        let mine: Vec<usize> = (0..a.records.len())
            .filter(|&i| ctx.named_children(i).contains(&child))
            .collect();
        let says_none = |i: usize| no_school.in_record(&a.records[i]);
        let places = |i: usize| {
            let r = &a.records[i];
            !says_none(i) && (r.agency_kind == AgencyKind::School || at_school.in_record(r))
        };
        // A child on no school's record at all: the span runs from the
        // first record; otherwise spans start where a record says the
        // child has no school.
        let never = !mine.iter().any(|&i| places(i));
        let mut start: Option<usize> = None;
        let mut flagged = false;
        let mut aged: Option<bool> = None;
        for (n, &i) in mine.iter().enumerate() {
            let r = &a.records[i];
            let Some(day) = local_date(span(r).lo) else {
                continue;
            };
            if places(i) {
                start = None;
                continue;
            }
            if start.is_none() && (says_none(i) || (never && n == 0)) {
                start = Some(i);
                flagged = false;
                aged = None;
            }
            let Some(first) = start else {
                continue;
            };
            if flagged || ctx.received(i) || receivers.contains(&r.agency_id) {
                continue;
            }
            let Some(from) = local_date(span(&a.records[first]).lo) else {
                continue;
            };
            let gone = ctx.days.school_days_between(from, day);
            if gone <= i64::from(s.no_school_days) {
                continue;
            }
            // Whether the child was of school age, asked once per span.
            let of_age =
                *aged.get_or_insert_with(|| school_age(ctx, s, child, span(&a.records[first]).lo));
            if !of_age {
                continue;
            }
            // Told: the local authority or social care held a record of the
            // child having no school in the span, or an agency that did
            // passed anything about the child to them.
            let lo = span(&a.records[first]).lo;
            let hi = span(r).lo;
            let knew = mine.iter().any(|&j| {
                let at = span(&a.records[j]).lo;
                at >= lo && at <= hi && receivers.contains(&a.records[j].agency_id) && says_none(j)
            });
            let passed = mine.iter().filter(|&&j| says_none(j)).any(|&j| {
                let x = &a.records[j];
                let at = span(x).lo;
                at >= lo
                    && at <= hi
                    && receivers.iter().any(|&to| {
                        to != x.agency_id
                            && ctx
                                .first_route(x.agency_id, to, at, hi + DAY, &[child])
                                .is_some()
                    })
            });
            if knew || passed {
                flagged = true;
                continue;
            }
            let who = ctx.name(r.agency_id);
            // An agency this rule flagged about the child in the days
            // before has that flag; the span's flag goes to the next.
            let recent = local_date(hi - s.repeat_days * DAY).map(|d| d.to_string());
            if ctx.out.iter().any(|f| {
                f.rule == INFO.id
                    && f.agency == who
                    && f.subject == ctx.subjects_label(&[child])
                    && recent.as_deref().is_some_and(|d| f.at.get(..10) >= Some(d))
            }) {
                continue;
            }
            flagged = true;
            let subject = ctx.subjects_label(&[child]);
            let since = if says_none(first) {
                format!(
                    "{} recorded on {} that {subject} had no school ({})",
                    ctx.name(a.records[first].agency_id),
                    uk_date(&a.records[first]),
                    ctx.quote(&a.records[first].text)
                )
            } else {
                format!(
                    "No school holds any record of {subject}, and no record places {subject} at \
                     a school, from the first record on {}",
                    uk_date(&a.records[first])
                )
            };
            let (severity, why) = known_to_social_care(ctx, child, hi);
            let explanation = format!(
                "{since}. {who} recorded {subject}, of school age, on {} ({}), {gone} school days \
                 later, and no record in between places {subject} at any school. Nothing shows the \
                 local authority or children's social care told that {subject} had no school.{why}",
                uk_date(r),
                ctx.quote(&r.text),
            );
            let evidence: Vec<i64> = vec![r.id, a.records[first].id];
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: &format!("no-school:{subject}"),
                agency: who,
                subject: subject.clone(),
                severity,
                title: format!("{subject} on no school's record for {gone} school days"),
                explanation,
                evidence,
                held_by: vec![HeldBy {
                    agency: ctx.name(a.records[first].agency_id),
                    since: a.records[first].when.start_iso(),
                    indicator: "missing-education".to_string(),
                    records: vec![a.records[first].id],
                }],
            });
        }
    }
}

/// Whether `child` was of compulsory school age at `at`: by the date of
/// birth the records or the reviewer give, or, with none, by an age the
/// records write beside the child's name ("Tyler (9)", "Tyler, 9,", "Tyler
/// aged 9") or in a record about the child alone ("9-year-old", "aged 9").
fn school_age(ctx: &Context<'_>, s: &Settings, child: i64, at: i64) -> bool {
    let (from, until) = (s.school_age_from, s.school_age_until);
    let in_range = |years: i64| years >= i64::from(from) && years < i64::from(until);
    let Some(day) = local_date(at) else {
        return false;
    };
    let subject = ctx.a.subjects.subject(child as usize);
    if let Some(born) = subject
        .and_then(|x| x.dob.as_deref())
        .and_then(crate::subjects::birth_date)
    {
        return day
            .years_since(born)
            .is_some_and(|y| in_range(i64::from(y)));
    }
    let names: Vec<String> = subject
        .map(|x| {
            x.names
                .iter()
                .flat_map(|n| {
                    [
                        n.text.as_str(),
                        n.text.split_whitespace().next().unwrap_or(""),
                    ]
                })
                .filter(|n| n.chars().count() > 1)
                .map(regex::escape)
                .collect()
        })
        .unwrap_or_default();
    let beside = (!names.is_empty())
        .then(|| {
            regex::Regex::new(&format!(
                r"(?i)\b(?:{})\b,? ?\(?(?:aged? )?(\d{{1,2}})(?:\)|,| ?(?:yrs?|years?|y/?o)\b)",
                names.join("|")
            ))
            .ok()
        })
        .flatten();
    let alone =
        regex::Regex::new(r"(?i)\b(?:aged? (\d{1,2})\b|(\d{1,2})[- ]?(?:year|yr)s?[- ]old\b)").ok();
    ctx.a.records.iter().enumerate().any(|(i, r)| {
        let named = ctx.named_children(i);
        if !named.contains(&child) {
            return false;
        }
        let Some(on) = local_date(span(r).lo) else {
            return false;
        };
        let years = |c: regex::Captures<'_>| -> Option<u32> {
            c.iter().skip(1).flatten().next()?.as_str().parse().ok()
        };
        let found = written(r).find_map(|t| {
            beside
                .as_ref()
                .and_then(|p| p.captures(t))
                .and_then(years)
                .or_else(|| {
                    (named.len() == 1)
                        .then(|| alone.as_ref().and_then(|p| p.captures(t)).and_then(years))
                        .flatten()
                })
        });
        found.is_some_and(|y| {
            let elapsed = (day - on).num_days().div_euclid(365);
            in_range(i64::from(y) + elapsed)
        })
    })
}

/// The local authority's agencies that should hear of a child out of
/// school: children's social care, and any agency whose name has one of
/// `to_names` (a children-missing-education team, education welfare).
fn local_authority(ctx: &Context<'_>, s: &Settings) -> Vec<i64> {
    ctx.a
        .agencies
        .iter()
        .filter(|x| {
            let name = x.name.to_lowercase();
            x.kind == AgencyKind::ChildrensSocialCare
                || s.to_names.iter().any(|w| name.contains(&w.to_lowercase()))
        })
        .map(|x| x.id)
        .collect()
}

/// Whether a school's note covers a whole week ("absent all week", "w/c
/// 06/03: 0/10 sessions").
fn week_mark(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("all week") || t.contains("whole week") || t.contains("0/10") || t.starts_with("w/c")
}

/// High when children's social care had a record about the child in the
/// six months before: a child out of school and out of sight of the
/// agency working with the family.
fn known_to_social_care(ctx: &Context<'_>, child: i64, at: i64) -> (Severity, String) {
    if ctx.known_to_social_care(child, at, 183) {
        (
            Severity::High,
            format!(
                " {} was known to children's social care in the six months before.",
                ctx.subjects_label(&[child])
            ),
        )
    } else {
        (Severity::Medium, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn case() -> Scenario {
        Scenario::new()
            .agency("Elmfield Health Visiting", "health_visiting")
            .agency("Elmfield Education Welfare", "other")
            .record(
                "Elmfield Education Welfare",
                "01/02/2023",
                "Radu Ionescu",
                "Radu Ionescu on the register of children in the area.",
            )
            .record(
                "Elmfield Health Visiting",
                "02/05/2023",
                "Radu Ionescu",
                "Home visit for the baby. Radu Ionescu (7) at home; mum says he has no school place.",
            )
    }

    /// The health visitor sees a seven-year-old at home with no school
    /// place, and tells no one.
    #[test]
    fn a_child_with_no_school_place_kept_by_health_is_flagged() {
        let flags = case().flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Elmfield Health Visiting");
        assert!(flags[0].at.starts_with("2023-05-02"));
        assert!(flags[0].explanation.contains("Elmfield Education Welfare"));
        assert_eq!(flags[0].severity, Severity::Medium);
    }

    /// Marks every other school day from Monday 15/01/2024 to Friday
    /// 26/01/2024: ten school days.
    const TEN_DAYS: [&str; 6] = [
        "15/01/2024",
        "17/01/2024",
        "19/01/2024",
        "22/01/2024",
        "24/01/2024",
        "26/01/2024",
    ];

    /// A school's log of a child absent, day after day, from Monday
    /// 15/01/2024: marks on given days (every other day: schools log some
    /// days only) and a last note.
    fn absences(days: &[&str], last: &str) -> Scenario {
        let school = "Elmfield Academy";
        let mut c = Scenario::new()
            .agency(school, "school")
            .agency("Elmfield Education Welfare", "other")
            .record(
                "Elmfield Education Welfare",
                "04/09/2023",
                "Jayden Price",
                "Jayden Price on roll at Elmfield Academy.",
            );
        for d in days {
            c = c.record(
                school,
                d,
                "Jayden Price",
                "Jayden absent. No contact from home. N code.",
            );
        }
        c.record(school, "29/01/2024", "Jayden Price", last)
    }

    /// Absent without leave from 15/01 to 26/01, ten school days, and the
    /// school tells no one: flagged at the mark that reached ten.
    #[test]
    fn ten_school_days_absent_without_leave_untold_is_flagged() {
        let flags = absences(&TEN_DAYS, "Tutor: no reply on Mum's phone.").flags_of(INFO.id);
        let runs: Vec<_> = flags
            .iter()
            .filter(|f| f.title.contains("days in a row"))
            .collect();
        assert_eq!(runs.len(), 1, "{flags:#?}");
        assert_eq!(runs[0].agency, "Elmfield Academy");
        assert!(runs[0].at.starts_with("2024-01-26"), "{}", runs[0].at);
        assert!(
            runs[0]
                .explanation
                .contains("from 15/01/2024 to 26/01/2024, 10 school days"),
            "{}",
            runs[0].explanation
        );
        assert_eq!(runs[0].evidence.len(), 6);
    }

    /// Nine days, or a day in school between, or the absences referred to
    /// education welfare: nothing to flag.
    #[test]
    fn a_shorter_or_broken_or_referred_run_is_not_flagged() {
        let nine = [
            "15/01/2024",
            "17/01/2024",
            "19/01/2024",
            "22/01/2024",
            "25/01/2024",
        ];
        let flags = absences(&nine, "Tutor: no reply on Mum's phone.").flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| !f.title.contains("in a row")),
            "{flags:#?}"
        );
        let broken = absences(
            &["15/01/2024", "17/01/2024", "19/01/2024"],
            "Tutor: no reply.",
        )
        .record(
            "Elmfield Academy",
            "22/01/2024",
            "Jayden Price",
            "Jayden in school today, present all day.",
        )
        .record(
            "Elmfield Academy",
            "24/01/2024",
            "Jayden Price",
            "Jayden absent. N code.",
        )
        .record(
            "Elmfield Academy",
            "26/01/2024",
            "Jayden Price",
            "Jayden absent. N code.",
        )
        .flags_of(INFO.id);
        assert!(
            broken.iter().all(|f| !f.title.contains("in a row")),
            "{broken:#?}"
        );
        let referred =
            absences(&TEN_DAYS, "Referred to EWO: 10 days unauthorised absence.").flags_of(INFO.id);
        assert!(
            referred.iter().all(|f| !f.title.contains("in a row")),
            "{referred:#?}"
        );
    }

    /// Absences with leave, an illness reported, are no run.
    #[test]
    fn authorised_absences_are_not_flagged() {
        let mut c = Scenario::new().agency("Elmfield Academy", "school");
        for d in TEN_DAYS {
            c = c.record(
                "Elmfield Academy",
                d,
                "Jayden Price",
                "Jayden absent - illness reported by Mum (I code), authorised.",
            );
        }
        let flags = c.flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| !f.title.contains("in a row")),
            "{flags:#?}"
        );
    }

    /// The same child, known to children's social care in the months
    /// before: out of school and out of sight of the agency working with
    /// the family, and the flag says so.
    #[test]
    fn a_child_known_to_social_care_not_in_school_is_high() {
        let flags = case()
            .agency("Elmfield Children's Services", "childrens_social_care")
            .record(
                "Elmfield Children's Services",
                "14/03/2023",
                "Radu Ionescu",
                "Child in need review for Radu Ionescu.",
            )
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::High);
        assert!(
            flags[0]
                .explanation
                .contains("known to children's social care in the six months before"),
            "{}",
            flags[0].explanation
        );
    }

    /// A school deletes a pupil from its roll and tells the local authority
    /// only on its monthly return five weeks later.
    #[test]
    fn a_school_that_takes_a_child_off_roll_and_tells_no_one_is_flagged() {
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu removed from roll: left area, destination school unknown.",
            )
            .record(
                "Elmfield Primary School",
                "22/03/2023",
                "Radu Ionescu",
                "Monthly return emailed to Elmfield Education Welfare including Radu Ionescu.",
            )
            .flags_of(INFO.id);
        assert!(
            flags
                .iter()
                .any(|f| f.agency == "Elmfield Primary School" && f.at.starts_with("2023-02-16")),
            "{flags:#?}"
        );
        // A removal that says where the child went on to meets the duty.
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu removed from roll: started at Hillside Primary 13/02, destination confirmed, CTF sent.",
            )
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| f.agency != "Elmfield Primary School"),
            "{flags:#?}"
        );
        // A school's attendance worries are not this duty.
        let flags = case()
            .agency("Elmfield Primary School", "school")
            .record(
                "Elmfield Primary School",
                "16/02/2023",
                "Radu Ionescu",
                "Radu Ionescu: poor attendance, 84% this term. Letter to parents.",
            )
            .flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| f.agency != "Elmfield Primary School"),
            "{flags:#?}"
        );
    }

    /// The same visit, referred to education welfare that day.
    #[test]
    fn a_child_referred_to_education_is_not_flagged() {
        let flags = case()
            .outcome("Referred to Elmfield Education Welfare.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A nine-year-old who moved into the area: the GP, the police and the
    /// health visitor meet him over three months; no school has any record
    /// of him and no record places him at one.
    fn never_at_school(last: &str) -> Scenario {
        Scenario::new()
            .agency("Brackley Surgery", "gp")
            .agency("Northshire Police", "police")
            .agency("Brackley Health Visiting", "health_visiting")
            .record(
                "Brackley Surgery",
                "09/01/2024",
                "Kacper Nowak",
                "New patient registration. Kacper Nowak (9) registered with mum, moved from Luton.",
            )
            .record(
                "Northshire Police",
                "26/01/2024",
                "Kacper Nowak",
                "Noise complaint at the address; Kacper Nowak at home, words of advice.",
            )
            .record(
                "Brackley Health Visiting",
                "12/03/2024",
                "Kacper Nowak",
                last,
            )
    }

    /// Forty school days on from his first record, the health visitor
    /// finds him at home; nothing shows the local authority told.
    #[test]
    fn a_school_age_child_on_no_school_record_for_twenty_school_days_is_flagged() {
        let flags = never_at_school("Home visit re baby sister. Kacper Nowak at home playing.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Brackley Health Visiting");
        assert!(flags[0].at.starts_with("2024-03-12"));
        assert!(flags[0].title.contains("no school"), "{}", flags[0].title);
        assert!(
            flags[0].explanation.contains("09/01/2024"),
            "{}",
            flags[0].explanation
        );
    }

    /// A near miss: the same family, but the health visitor's record places
    /// him at a school; and a second near miss, a record within twenty
    /// school days only.
    #[test]
    fn a_child_placed_at_a_school_or_seen_within_twenty_school_days_is_not_flagged() {
        let placed = never_at_school(
            "Home visit re baby sister. Kacper Nowak started at Brackley Primary last month.",
        );
        assert!(placed.flags_of(INFO.id).is_empty());
        let soon = Scenario::new()
            .agency("Brackley Surgery", "gp")
            .agency("Northshire Police", "police")
            .record(
                "Brackley Surgery",
                "09/01/2024",
                "Kacper Nowak",
                "New patient registration. Kacper Nowak (9) registered with mum.",
            )
            .record(
                "Northshire Police",
                "26/01/2024",
                "Kacper Nowak",
                "Noise complaint at the address; Kacper Nowak at home, words of advice.",
            );
        assert!(soon.flags_of(INFO.id).is_empty());
    }

    /// A child with a social worker taken off roll for home education:
    /// telling the home-education team is not telling social care. Without
    /// a social worker, it is the duty met.
    #[test]
    fn off_roll_with_a_social_worker_must_reach_social_care_itself() {
        let case = |social_worker: bool| {
            let mut c = Scenario::new()
                .agency("Brackley Park Academy", "school")
                .agency("Harrowden Elective Home Education Service", "other")
                .agency("Harrowden Children's Social Care", "childrens_social_care");
            if social_worker {
                c = c.record(
                    "Harrowden Children's Social Care",
                    "05/12/2023",
                    "Maisie Thorne",
                    "Maisie Thorne seen alone at school. CIN plan.",
                );
            } else {
                c = c.record(
                    "Harrowden Children's Social Care",
                    "05/12/2022",
                    "Maisie Thorne",
                    "Maisie Thorne: contact, NFA.",
                );
            }
            c.record("Brackley Park Academy", "19/01/2024", "Maisie Thorne", "Maisie Thorne removed from roll - parent elected home education. Off-roll notification submitted to the LA EHE team.")
                .record("Harrowden Elective Home Education Service", "19/01/2024", "Maisie Thorne", "Off-roll notification from Brackley Park Academy: Maisie Thorne, home education.")
                .flags_of(INFO.id)
        };
        let flags = case(true);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Brackley Park Academy");
        assert!(
            flags[0]
                .explanation
                .contains("a child with a social worker"),
            "{}",
            flags[0].explanation
        );
        assert!(case(false).is_empty());
    }

    /// A negation: the school that took him off roll told the children
    /// missing education team, so the local authority knew; and a child
    /// under five is not of school age.
    #[test]
    fn a_span_the_local_authority_knew_of_or_a_child_under_five_is_not_flagged() {
        let told = Scenario::new()
            .agency("Brackley Primary School", "school")
            .agency("Northshire Children Missing Education", "other")
            .agency("Brackley Surgery", "gp")
            .record(
                "Brackley Primary School",
                "08/01/2024",
                "Kacper Nowak",
                "Kacper Nowak (9) removed from roll, mum says moving away. CME referral to Northshire Children Missing Education.",
            )
            .record(
                "Northshire Children Missing Education",
                "09/01/2024",
                "Kacper Nowak",
                "CME referral received from school: Kacper not on roll. Enquiries opened.",
            )
            .record(
                "Brackley Surgery",
                "12/03/2024",
                "Kacper Nowak",
                "Kacper Nowak seen with cough. Mum present.",
            );
        let flags = told.flags_of(INFO.id);
        assert!(
            flags.iter().all(|f| !f.title.contains("no school")),
            "{flags:#?}"
        );
        let young = Scenario::new()
            .agency("Brackley Surgery", "gp")
            .agency("Brackley Health Visiting", "health_visiting")
            .record(
                "Brackley Surgery",
                "09/01/2024",
                "Kacper Nowak",
                "New patient registration. Kacper Nowak (3) registered with mum.",
            )
            .record(
                "Brackley Health Visiting",
                "12/03/2024",
                "Kacper Nowak",
                "Home visit. Kacper Nowak at home playing.",
            );
        assert!(young.flags_of(INFO.id).is_empty());
    }
}
