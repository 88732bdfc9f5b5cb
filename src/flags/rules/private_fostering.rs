//! A child recorded as living with someone who is not a parent or close
//! relative (a private fostering arrangement), with nothing to show the
//! agency told children's social care, which must be notified; and a
//! notification children's social care received with no visit to the child
//! within the statutory time; and a carer whose relationship to the child
//! one agency records differently from another ("aunt" in one, "family
//! friend" or "mum" in another).

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;
use crate::flags::kept::{flag_kept, Kept};
use crate::subjects::Role;
use regex::Regex;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "private-fostering",
    name: "Private fostering not notified",
    description: "An agency recorded a child living with someone who is not a parent or close \
         relative, and nothing shows it telling children's social care, which must be notified \
         of a private fostering arrangement; or children's social care was notified of one and \
         no record shows the child visited and seen within the statutory time; or agencies \
         record a carer's relationship to the child differently (\"aunt\" in one, \"family \
         friend\" or \"mum\" in another) and no notification shows the arrangement checked.",
    severity: "High when any agency recorded a concern of harm about the child (an injury, neglect, abuse) in the three months before or after, or when one agency records as the child's parent a carer another records as someone else; otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "within_days",
            meaning: "days within which telling children's social care counts",
            basis: Basis::SightlineDefault,
            source: "the local authority visits within 7 working days of a notification (Children (Private Arrangements for Fostering) Regulations 2005)",
        },
        Threshold {
            setting: "repeat_days",
            meaning: "days after which the same agency recording it again is a new occasion",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "visit_working_days",
            meaning: "working days after a notification within which children's social care visits and sees the child",
            basis: Basis::Statutory,
            source: "Children (Private Arrangements for Fostering) Regulations 2005, reg 4",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The indicators that say a child lives with a non-relative.
    pub indicators: Vec<String>,
    /// Telling children's social care anything about the child within this
    /// many days counts.
    pub within_days: i64,
    /// The same agency recording it again this many days after its last
    /// flag is a new occasion.
    pub repeat_days: i64,
    /// Working days after a notification within which children's social
    /// care visits and sees the child.
    pub visit_working_days: u32,
    /// What says children's social care was notified of an arrangement
    /// (regular expressions).
    pub notified: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[private-fostering]
enabled = true
# What says a child lives with someone who is not a parent or close relative.
indicators = ["private-fostering"]
# Telling children's social care anything about the child within this many
# days counts (the local authority visits within 7 working days of being
# notified).
# Basis: Sightline default (the local authority visits within 7 working days
# of a notification (Children (Private Arrangements for Fostering) Regulations
# 2005)).
within_days = 7
# The same agency recording it again this many days after its last flag is
# a new occasion.
# Basis: Sightline default.
repeat_days = 90
# Notified of an arrangement, children's social care visits and sees the
# child within 7 working days.
# Basis: statutory (Children (Private Arrangements for Fostering)
# Regulations 2005, reg 4).
visit_working_days = 7
# What says children's social care was notified of an arrangement (regular
# expressions).
notified = [
    '\bprivate fostering (?:notification|notified|referral)\b',
    '\b(?:notification|notified|notifying|referral) (?:of|re|about|regarding) (?:a |the )?private fostering\b',
    '\bPF (?:notification|referral)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let s = ctx.rules.private_fostering.clone();
    let to_kinds = ["childrens_social_care".to_string()];
    flag_kept(
        ctx,
        &Kept {
            rule: INFO.id,
            indicators: &s.indicators,
            to_kinds: &to_kinds,
            to_words: &[],
            within_days: s.within_days,
            repeat_days: s.repeat_days,
            severity: harm_around,
            what: "a child living with someone who is not a parent or close relative",
            should_reach: "children's social care",
            duty_kinds: &[],
            duty: &[],
            duty_met: &[],
            social_worker_days: 0,
        },
    );
    unvisited(ctx, &s);
    relation_differs(ctx, &s);
}

/// Words naming a parent: a sentence holding one before "his brother" is
/// about the parent.
static PARENT_WORDS: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mr|mrs|ms|dad|father|mum|mother|mam|tata|papa|mama|stepdad|stepfather|partner|parents?)\b")
        .expect("valid")
});

/// A carer's relationship to a child as agencies write it, in kinds: the
/// close relatives of the Children Act 1989 (s105: parent, step-parent,
/// grandparent, brother, sister, uncle, aunt) and those who are not (a
/// cousin, a great-aunt, a family friend).
const RELATION: &str = r"(?:great[- ]?)?(?:aunt(?:ie|y)?|uncle|nan(?:a|na|ny)?|gran(?:ny|dma|dmother|dad|dpa|dfather)?|grandmother|grandfather|grandma|grandad|grandpa|mgm|pgm|mgf|pgf|step-?(?:mum|mother|dad|father)|mum|mom|mam|mother|dad|father|sister|brother|cousin|(?:family )?friend|neighbour|neighbor|god-?(?:mother|father|parent)|childminder)";

/// Words between a possessive and a relation ("the child's", "maternal").
const QUALIFIERS: &str =
    r"(?:(?:the|a|an|child's|childs|his|her|their|CA's|maternal|paternal)\s+)*";

/// The kind of relationship a relation word names, read from the child;
/// `of_parent` when it is written as a parent's ("mum's sister" is an aunt).
fn relation_kind(word: &str, of_parent: Option<&str>) -> Option<&'static str> {
    let w = word.to_lowercase().replace(['-', ' '], "");
    let great = w.starts_with("great");
    let w = w.trim_start_matches("great");
    let kind = match w {
        "aunt" | "auntie" | "aunty" => "aunt",
        "uncle" => "uncle",
        "nan" | "nana" | "nanna" | "nanny" | "gran" | "granny" | "grandma" | "grandmother"
        | "mgm" | "pgm" => "grandmother",
        "grandad" | "grandpa" | "grandfather" | "mgf" | "pgf" => "grandfather",
        "stepmum" | "stepmother" | "stepdad" | "stepfather" => "step-parent",
        "mum" | "mom" | "mam" | "mother" => "mother",
        "dad" | "father" => "father",
        "sister" | "brother" => "sibling",
        "cousin" => "cousin",
        "friend" | "familyfriend" => "family friend",
        "neighbour" | "neighbor" => "neighbour",
        "godmother" | "godfather" | "godparent" => "godparent",
        "childminder" => "childminder",
        _ => return None,
    };
    let kind = match (of_parent.is_some(), kind) {
        (false, k) => k,
        (true, "sibling") => "aunt or uncle",
        (true, "aunt" | "uncle") => "great-aunt or great-uncle",
        (true, "mother") => "grandmother",
        (true, "father") => "grandfather",
        (true, "cousin") => "cousin",
        (true, "family friend" | "neighbour") => "family friend",
        (true, _) => return None,
    };
    Some(match (great, kind) {
        (false, k) => k,
        (true, "aunt" | "uncle") => "great-aunt or great-uncle",
        (true, "grandmother" | "grandfather") => "great-grandparent",
        (true, _) => return None,
    })
}

/// The same carer's relationship to a child recorded differently by two
/// agencies, where the records show the child living with or cared for by
/// them, or one agency takes them for the parent, and no notification of a
/// private fostering arrangement came before: flagged at the later record.
fn relation_differs(ctx: &mut Context<'_>, s: &Settings) {
    let a = ctx.a;
    let notified = Patterns::new(&s.notified);
    // Every carer's names, folded → the carers (subject positions) who go by
    // them; the patterns are compiled once over all of them and each record
    // read once.
    let mut carers: Vec<usize> = Vec::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut written_names: Vec<String> = Vec::new();
    for (k, adult) in a.subjects.subjects.iter().enumerate() {
        if !matches!(adult.role, Role::OtherAdult | Role::Partner | Role::Parent) {
            continue;
        }
        let names = carer_names(adult);
        if names.is_empty() {
            continue;
        }
        carers.push(k);
        for n in names {
            let escaped = regex::escape(&n);
            if !written_names.contains(&escaped) {
                written_names.push(escaped);
            }
            let list = by_name.entry(crate::text::fold(&n)).or_default();
            if !list.contains(&k) {
                list.push(k);
            }
        }
    }
    if carers.is_empty() {
        return;
    }
    written_names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names = format!(r"(?P<name>\b(?:{})\b)", written_names.join("|"));
    // Patterns over every carer's names: room for the lazy DFA's states,
    // so that a long list of names does not fall back to slower engines.
    let big = |p: &str| {
        regex::RegexBuilder::new(p)
            .dfa_size_limit(64 << 20)
            .size_limit(64 << 20)
            .build()
    };
    let (Ok(before), Ok(after), Ok(stated), Ok(living)) = (
        // "maternal aunt Sharon", "Mum's friend (Sharon Jones)".
        big(&format!(
            r"(?i)\b(?:(?P<parent>mum|mother|mam|dad|father)['’]?s\s+)?{QUALIFIERS}(?P<rel>{RELATION})\s*\(?\s*{names}"
        )),
        // "Sharon Jones (aunt)", "Sharon - family friend -"; after a comma
        // only as an aside ("Sharon, MGM, rang"), never a list ("Sharon,
        // Mum and Tyler").
        big(&format!(
            r"(?i){names}\s*[(,\-–—]\s*{QUALIFIERS}(?:(?P<parent>mum|mother|mam|dad|father)['’]?s\s+)?{QUALIFIERS}(?P<rel>{RELATION})\b(?:\s*[),.;:\-–—]|\s*$)"
        )),
        // "Sharon, who is the child's aunt", "Sharon says she is mum's
        // cousin".
        big(&format!(
            r"(?i){names}(?:\s*,)?\s+(?:who\s+)?(?:is|was|described as|stated to be|reported to be|says (?:she|he) is|says (?:she|he)'s|claims to be|believed to be|(?:identified|introduced|presented) (?:herself |himself )?as)\s+{QUALIFIERS}(?:(?P<parent>mum|mother|mam|dad|father)['’]?s\s+)?{QUALIFIERS}(?P<rel>{RELATION})\b"
        )),
        // Living with, or caring for: the words, then a name within 40
        // characters of them (each side read separately, so that the names
        // are looked for only near the words).
        big(&format!(r"(?i)^[^.;]{{0,40}}?{names}")),
    ) else {
        return;
    };
    let (Ok(lives_with), Ok(cares_for), Ok(name_before)) = (
        Regex::new(
            r"(?i)\b(?:living|lives|live|staying|stays|resides|residing|moved in|placed|cared for|looked after|care of)\b",
        ),
        Regex::new(r"(?i)\b(?:caring for|looking after|has care of|main carer|carer)\b"),
        big(&format!(r"(?i){names}[^.;]{{0,40}}?$")),
    ) else {
        return;
    };
    let who = |c: &regex::Captures<'_>, group: &str| -> Vec<usize> {
        c.name(group)
            .and_then(|m| by_name.get(&crate::text::fold(m.as_str())))
            .cloned()
            .unwrap_or_default()
    };
    // Per carer: (position, kind, words) of each record that says what the
    // carer is; and the carers the records show caring for the child.
    let mut said_of: HashMap<usize, Vec<(usize, &'static str, String)>> = HashMap::new();
    let mut caring: HashSet<usize> = HashSet::default();
    for (i, r) in a.records.iter().enumerate() {
        for t in written(r) {
            for m in lives_with.find_iter(t) {
                let window: String = t[m.end()..].chars().take(60).collect();
                if let Some(c) = living.captures(&window) {
                    caring.extend(who(&c, "name"));
                }
            }
            for m in cares_for.find_iter(t) {
                let skip = t[..m.start()].chars().count().saturating_sub(60);
                let window: String = t[..m.start()].chars().skip(skip).collect();
                if let Some(c) = name_before.captures(&window) {
                    caring.extend(who(&c, "name"));
                }
            }
            for re in [&before, &after, &stated] {
                for c in re.captures_iter(t) {
                    let of_parent = c.name("parent").map(|m| m.as_str());
                    // "her mother Debbie": whose mother? The child's, or the
                    // mother's own; a parent so written is no evidence
                    // either way.
                    let someone_elses = c.name("rel").is_some_and(|m| {
                        t[c.get(0).map_or(0, |z| z.start())..m.start()]
                            .split_whitespace()
                            .any(|w| matches!(w.to_lowercase().as_str(), "his" | "her" | "their"))
                    });
                    let Some(k) = c
                        .name("rel")
                        .and_then(|m| relation_kind(m.as_str(), of_parent))
                    else {
                        continue;
                    };
                    // "Mr N to stay with his brother Piotr": in a sentence
                    // about a parent, "his" or "her" relation is the
                    // parent's, whatever it is.
                    let about_parent = someone_elses && {
                        let at = c.get(0).map_or(0, |z| z.start());
                        let sentence = t[..at].rsplit(['.', ';', '\n']).next().unwrap_or("");
                        PARENT_WORDS.is_match(sentence)
                    };
                    if about_parent || (someone_elses && (k == "mother" || k == "father")) {
                        continue;
                    }
                    // "mother Brenda" in a record about an adult is the
                    // adult's mother: "mother" or "father" is the child's
                    // only when the record says so ("the child's mother");
                    // "Mum", "Dad" are.
                    let formal = c.name("rel").is_some_and(|m| {
                        matches!(m.as_str().to_lowercase().as_str(), "mother" | "father")
                    });
                    let childs = c
                        .get(0)
                        .is_some_and(|m| m.as_str().to_lowercase().contains("child"));
                    if formal && of_parent.is_none() && !childs {
                        continue;
                    }
                    for carer in who(&c, "name") {
                        let said = said_of.entry(carer).or_default();
                        if !said.iter().any(|(p, x, _)| *p == i && *x == k) {
                            said.push((i, k, c[0].trim().to_string()));
                        }
                    }
                }
            }
        }
    }
    for &k in &carers {
        let adult = &a.subjects.subjects[k];
        let said = said_of.remove(&k).unwrap_or_default();
        let cares = caring.contains(&k);
        let parent = |k: &str| k == "mother" || k == "father";
        let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
        // The first record of one agency that says other than an earlier
        // record of another agency, where the agency did not pass what it
        // recorded to children's social care (which then held it): that
        // agency's point. Children's social care's own record is its own.
        let differs = said.iter().enumerate().find_map(|(n, later)| {
            let l = &a.records[later.0];
            let earlier = said[..n].iter().find(|earlier| {
                a.records[earlier.0].agency_id != l.agency_id
                    && earlier.1 != later.1
                    && span(&a.records[earlier.0]).lo <= span(l).lo
            })?;
            let at = span(l).lo;
            let passed = !csc.contains(&l.agency_id)
                && csc.iter().any(|&x| {
                    ctx.first_route(
                        l.agency_id,
                        x,
                        at,
                        at + s.within_days * DAY,
                        &ctx.children_of(later.0),
                    )
                    .is_some()
                });
            (!passed).then_some((earlier, later))
        });
        let Some((earlier, later)) = differs else {
            continue;
        };
        let taken_for_parent = parent(earlier.1) != parent(later.1);
        if !cares && !taken_for_parent {
            continue;
        }
        let (e, l) = (&a.records[earlier.0], &a.records[later.0]);
        let checked = notified.as_ref().is_some_and(|p| {
            a.records
                .iter()
                .any(|x| span(x).lo <= span(l).hi && p.in_record(x))
        });
        if checked {
            continue;
        }
        let children = ctx.children_of(later.0);
        if children.is_empty() {
            continue;
        }
        let carer = ctx.subjects_label(&[adult.id as i64]);
        let subject = ctx.subjects_label(&children);
        let (held, who) = (ctx.name(e.agency_id), ctx.name(l.agency_id));
        let harm = children
            .iter()
            .any(|c| harm_around(ctx, *c, span(l).lo).0 == Severity::High);
        let severity = if taken_for_parent || harm {
            Severity::High
        } else {
            Severity::Medium
        };
        let explanation = format!(
            "Held by {held} since {}: {carer} recorded as {subject}'s {} ({}). {who} recorded \
             {carer} as {subject}'s {} on {} ({}). A child living with someone who is not a \
             parent or close relative is privately fostered, and children's social care must \
             be notified; no record shows the arrangement notified or the relationship checked.",
            uk_date(e),
            earlier.1,
            ctx.quote(&earlier.2),
            later.1,
            uk_date(l),
            ctx.quote(&later.2),
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: l,
            about: &format!("relation:{carer}"),
            agency: who.clone(),
            subject,
            severity,
            title: format!(
                "{carer}'s relationship to the child recorded differently by {held} and {who}"
            ),
            explanation,
            evidence: vec![l.id, e.id],
            held_by: vec![HeldBy {
                agency: held,
                since: e.when.start_iso(),
                indicator: "private-fostering".to_string(),
                records: vec![e.id],
            }],
        });
    }
}

/// The carer's names: every variant with a given name (a title and surname
/// alone, "Ms Jones", may be another of the family); none when there is
/// none.
fn carer_names(adult: &crate::subjects::Subject) -> Vec<String> {
    let titles = ["mr", "mrs", "ms", "miss", "dr", "mx"];
    adult
        .names
        .iter()
        .map(|v| v.text.trim())
        .filter(|t| t.chars().count() >= 3 && t.chars().next().is_some_and(char::is_uppercase))
        .filter(|t| {
            let first = t
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('.');
            !titles.contains(&first.to_lowercase().as_str()) && relation_kind(first, None).is_none()
        })
        .map(str::to_string)
        .collect()
}

/// Notifications children's social care received with no visit seeing the
/// child within the statutory working days.
fn unvisited(ctx: &mut Context<'_>, s: &Settings) {
    let a = ctx.a;
    let Some(notified) = Patterns::new(&s.notified) else {
        return;
    };
    let csc = ctx.agencies_of_kind(AgencyKind::ChildrensSocialCare);
    let Some(last_record) = a.records.iter().map(|r| span(r).lo).max() else {
        return;
    };
    let mut flagged: Vec<i64> = Vec::new();
    for (i, r) in a.records.iter().enumerate() {
        if !csc.contains(&r.agency_id) || !notified.in_record(r) {
            continue;
        }
        let Some(day) = local_date(span(r).lo) else {
            continue;
        };
        let due = end_of_day(ctx.days.add_working_days(day, s.visit_working_days));
        if last_record <= due {
            continue;
        }
        for child in ctx.children_of(i) {
            if flagged.contains(&child) {
                continue;
            }
            let seen = a.records.iter().enumerate().any(|(j, x)| {
                let lo = span(x).lo;
                x.agency_id == r.agency_id
                    && lo >= span(r).lo
                    && lo <= due
                    && matches!(
                        a.facts[j].child_seen,
                        ChildSeen::Seen | ChildSeen::SeenAlone
                    )
                    && ctx.children_of(j).contains(&child)
            });
            if seen {
                continue;
            }
            flagged.push(child);
            let who = ctx.name(r.agency_id);
            let subject = ctx.subjects_label(&[child]);
            let (severity, why) = harm_around(ctx, child, span(r).lo);
            let explanation = format!(
                "{who} was notified on {} of a private fostering arrangement for {subject} ({}). \
                 No record shows {subject} visited and seen by {} ({} working days).{why}",
                uk_date(r),
                ctx.quote(&r.text),
                ctx.days
                    .add_working_days(day, s.visit_working_days)
                    .format("%d/%m/%Y"),
                s.visit_working_days,
            );
            ctx.push(NewFlag {
                rule: INFO.id,
                anchor: r,
                about: "visit",
                agency: who,
                subject: subject.clone(),
                severity,
                title: format!("Private fostering notification with no visit to {subject}"),
                explanation,
                evidence: vec![r.id],
                held_by: Vec::new(),
            });
        }
    }
}

/// High when any agency recorded a concern of harm about the child in the
/// three months either side of `at`: a child in an unassessed household
/// that someone was already worried about.
fn harm_around(ctx: &Context<'_>, child: i64, at: i64) -> (Severity, String) {
    if ctx
        .harm_recorded(None, child, at - 91 * DAY, at + 91 * DAY)
        .is_some()
    {
        (
            Severity::High,
            format!(
                " A concern of harm about {} was recorded in the three months before or after.",
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

    /// Joy, known to social care, registered at the practice with what
    /// the practice wrote of her home.
    fn joy(registered: &str) -> Scenario {
        Scenario::new()
            .agency("Hollins Surgery", "gp")
            .agency("Hollins Children's Services", "childrens_social_care")
            .record(
                "Hollins Children's Services",
                "01/06/2019",
                "Joy Mensima",
                "Contact from school re Joy Mensima. Advice given.",
            )
            .record("Hollins Surgery", "24/09/2019", "Joy Mensima", registered)
    }

    fn case() -> Scenario {
        joy("Joy Mensima (12) registered. Living with a family friend; mother abroad.")
    }

    /// Kai, whom the school records in September as living with his aunt
    /// Sharon Keane.
    fn kai() -> Scenario {
        Scenario::new()
            .agency("Hollins Surgery", "gp")
            .agency("Hollins Academy", "school")
            .agency("Hollins Children's Services", "childrens_social_care")
            .record(
                "Hollins Academy",
                "05/09/2022",
                "Kai Doyle",
                "Kai Doyle started Y7. Contact details changed: Kai now lives with his aunt Sharon Keane.",
            )
    }

    /// The practice records a twelve-year-old living with a family friend
    /// and tells no one.
    #[test]
    fn an_arrangement_not_notified_is_flagged() {
        let flags = case().flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Hollins Surgery");
        assert!(flags[0].explanation.contains("Hollins Children's Services"));
    }

    /// Children's social care notified, and the child not visited in the
    /// seven working days after; then a notification followed by a visit
    /// seeing the child.
    #[test]
    fn a_notification_with_no_visit_is_flagged() {
        let notified = || {
            Scenario::new()
                .agency("Hollins Children's Services", "childrens_social_care")
                .record(
                    "Hollins Children's Services",
                    "02/10/2019",
                    "Joy Mensima",
                    "Private fostering notification from Hollins Surgery: Joy living with a family friend.",
                )
        };
        let late = notified()
            .record(
                "Hollins Children's Services",
                "25/10/2019",
                "Joy Mensima",
                "PF assessment visit. Joy seen alone.",
            )
            .flags_of(INFO.id);
        assert_eq!(late.len(), 1, "{late:#?}");
        assert!(late[0].at.starts_with("2019-10-02"));
        assert!(late[0].explanation.contains("by 11/10/2019"));
        let visited = notified()
            .record(
                "Hollins Children's Services",
                "08/10/2019",
                "Joy Mensima",
                "Visit to the carer's home. Joy seen alone in her room.",
            )
            .record(
                "Hollins Children's Services",
                "25/10/2019",
                "Joy Mensima",
                "Case note.",
            )
            .flags_of(INFO.id);
        assert!(visited.is_empty(), "{visited:#?}");
    }

    /// A child said not to be privately fostered raises nothing.
    #[test]
    fn a_child_not_privately_fostered_is_not_flagged() {
        let flags = joy("Joy Mensima (12) registered. Lives with mum; not privately fostered.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A carer the school records as the child's aunt and the practice as
    /// a family friend, the child living with her: flagged at the later
    /// record, citing the earlier.
    #[test]
    fn a_carer_recorded_as_aunt_and_as_family_friend_is_flagged() {
        let flags = kai()
            .record(
                "Hollins Surgery",
                "14/11/2022",
                "Kai Doyle",
                "New patient registration for Kai Doyle, brought by Sharon Keane (family friend). Mum in Ireland.",
            )
            .flags_of(INFO.id);
        let differs: Vec<_> = flags
            .iter()
            .filter(|f| f.title.contains("relationship"))
            .collect();
        assert_eq!(differs.len(), 1, "{flags:#?}");
        assert_eq!(differs[0].agency, "Hollins Surgery");
        assert!(differs[0].at.starts_with("2022-11-14"));
        assert!(
            differs[0]
                .explanation
                .contains("Held by Hollins Academy since 05/09/2022"),
            "{}",
            differs[0].explanation
        );
        assert!(
            differs[0].explanation.contains("aunt")
                && differs[0].explanation.contains("family friend")
        );
        assert_eq!(differs[0].severity, Severity::Medium);
    }

    /// The father's brother, written "his brother" in a note about the
    /// father and "Uncle Piotr" by the school: one relationship, nothing
    /// differs.
    #[test]
    fn a_parents_brother_written_as_his_brother_is_the_childs_uncle() {
        let flags = Scenario::new()
            .agency("Hollins Academy", "school")
            .agency("Hollins Children's Services", "childrens_social_care")
            .record(
                "Hollins Children's Services",
                "23/09/2024",
                "Zofia Nowak",
                "Safety plan agreed - Mr Nowak to stay with his brother Piotr Nowak in Dogsthorpe.",
            )
            .record(
                "Hollins Academy",
                "24/09/2024",
                "Zofia Nowak",
                "Mum at drop off - Tata staying with his brother (Uncle Piotr Nowak) for now.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A woman one agency takes for the child's mother and another records
    /// as his great-aunt: who the child lives with is in doubt, and the
    /// flag is high.
    #[test]
    fn a_carer_taken_for_the_mother_by_one_agency_is_high() {
        let flags = Scenario::new()
            .agency("Hollins Academy", "school")
            .agency("Hollins Health Visiting", "health_visiting")
            .record(
                "Hollins Health Visiting",
                "10/01/2023",
                "Ama Boateng",
                "Home visit. Ama Boateng (4) cared for by Efua Mensah, great aunt; parents in Ghana.",
            )
            .record(
                "Hollins Academy",
                "02/02/2023",
                "Ama Boateng",
                "Reception admission meeting for Ama Boateng. Mum (Efua Mensah) attended, signed forms.",
            )
            .flags_of(INFO.id);
        let differs: Vec<_> = flags
            .iter()
            .filter(|f| f.title.contains("relationship"))
            .collect();
        assert_eq!(differs.len(), 1, "{flags:#?}");
        assert_eq!(differs[0].agency, "Hollins Academy");
        assert_eq!(differs[0].severity, Severity::High);
    }

    /// The same relationship written two ways ("aunt", "auntie") is no
    /// difference; and a difference children's social care was notified of
    /// as a private fostering arrangement has been checked.
    #[test]
    fn the_same_relationship_or_a_notified_arrangement_is_not_flagged() {
        let same = kai()
            .record(
                "Hollins Surgery",
                "14/11/2022",
                "Kai Doyle",
                "New patient registration for Kai Doyle, brought by Sharon Keane (auntie).",
            )
            .flags_of(INFO.id);
        assert!(
            same.iter().all(|f| !f.title.contains("relationship")),
            "{same:#?}"
        );
        let notified = kai()
            .record(
                "Hollins Children's Services",
                "20/09/2022",
                "Kai Doyle",
                "Private fostering notification from Hollins Academy: Kai living with Sharon Keane.",
            )
            .record(
                "Hollins Surgery",
                "14/11/2022",
                "Kai Doyle",
                "New patient registration for Kai Doyle, brought by Sharon Keane (family friend).",
            )
            .flags_of(INFO.id);
        assert!(
            notified.iter().all(|f| !f.title.contains("relationship")),
            "{notified:#?}"
        );
    }

    /// Notified the same day.
    #[test]
    fn an_arrangement_notified_is_not_flagged() {
        let flags = case()
            .outcome("Private fostering notification sent to Hollins Children's Services.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
