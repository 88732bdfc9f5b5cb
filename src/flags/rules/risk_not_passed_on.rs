//! A man whose history an agency held (domestic abuse, a risk to children,
//! drug misuse) was recorded by that agency as now living with, or caring
//! for, a child — and the agency is not shown telling the children's
//! agencies. The history was in its files; the new household was news.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "risk-not-passed-on",
    name: "Known risk with a child, not passed on",
    description: "An agency held a man's history of domestic abuse, harm or risk to children, \
         or drug misuse, and then recorded him living with, staying with or caring for a \
         child (a new partner with a baby, a child he sees every weekend), and no record shows \
         it telling children's social care, the health visitor or the school within the window.",
    severity: "High when the history was a risk to children (a conviction for harming a child, \
         a sexual offence, a suspected non-accidental injury) or the child was under one; \
         otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "history_days",
            meaning: "days before the new household within which the agency's record of the \
                      man's history counts",
            basis: Basis::SightlineDefault,
            source: "",
        },
        Threshold {
            setting: "share_days",
            meaning: "days after recording him with the child within which telling a \
                      children's agency counts as passing it on",
            basis: Basis::SightlineDefault,
            source: "after the Child Safeguarding Practice Review Panel, The Myth of \
                     Invisible Men (2021)",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The indicators that make a man's history a risk to a child.
    pub history: Vec<String>,
    /// How far back the agency's record of his history counts, in days.
    pub history_days: i64,
    /// Days after recording him with the child within which telling a
    /// children's agency counts.
    pub share_days: i64,
    /// Patterns (regular expressions, case-insensitive) that place a man
    /// with a child or in a household with children.
    pub with_child: Vec<String>,
    /// Words just before a placing phrase that deny it ("not to live with",
    /// "no contact with children").
    pub denied: Vec<String>,
    /// The kinds of agency whose records are looked at: those that work
    /// with the adult (the children's own agencies see the household
    /// already; what they hold is for never-shared).
    pub kinds: Vec<String>,
    /// Kinds of agency that concerns are sent to: their own record of him
    /// with the child means they knew.
    pub destinations: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[risk-not-passed-on]
enabled = true
# What in the agency's own records makes a man's history a risk to a child.
history = ["adult-risk-to-children", "domestic-abuse", "suspected-nai", "sexual-abuse", "substance-misuse"]
# His history counts when the agency recorded it within this many days
# before it recorded him with a child.
# Basis: Sightline default.
history_days = 1826
# Telling children's social care, the health visitor or the school within
# this many days of recording him with the child counts as passing it on.
# Basis: Sightline default (after the Child Safeguarding Practice Review
# Panel, The Myth of Invisible Men (2021)).
share_days = 14
# What places him with a child or in a household with children (regular
# expressions).
with_child = [
    '\b(?:lives?|living|stays?|staying|stopping|resid(?:es|ing)|sleeps?|sleeping) (?:with|at) (?:(?:his|a|her|the|their) )?(?:new )?(?:partner|girlfriend|woman|female|family|her\b|them\b|(?-i:[A-Z]))',
    '\bmov(?:ed|ing|es) in\b',
    '\b(?:live|lives|living) together\b',
    '\bcohabit\w*',
    '\bnew (?:partner|girlfriend|relationship)\b',
    '\bsame address\b',
    '\bsame as (?-i:[A-Z])',
    '\blodg(?:er|ing) (?:with|at)\b',
    '\b(?:newborn|new-born|new baby|pregnan\w*|unborn|expecting a baby)\b',
    '\b(?:partner|girlfriend|her|their)(?:.s)? (?:children|kids|son|daughter|baby|child|toddler|boys?|girls?)\b',
    '\b(?:seeing|sees|contact with|looking after|looks after|caring for|babysit\w*|minding|picks? up|collect(?:s|ing)?) (?:the |her |his |their |partner.s |girlfriend.s )?(?:children|kids|child|son|daughter|baby|toddler)\b',
    '\bwith (?:the |her |his |their )?(?:children|kids|baby|toddler)\b',
]
# A placing phrase after these words is denied ("not to live with a child",
# "no contact with children", "must not have unsupervised contact").
denied = [
    '\b(?:no|not|never|without|nor|cannot|can.t|must not|prohibit\w*|restrict\w*|condition\w*|barred|ban\w*|den(?:y|ies|ied|ying))\b[^.;:]{0,24}$',
]
# The agencies that work with the adult, whose records are looked at.
kinds = ["police", "probation", "housing", "gp", "hospital", "voluntary", "other"]
# Children's social care is where concerns are sent: a record of its own
# placing him with the child in the three months before means it knew.
destinations = ["childrens_social_care"]
"#;

/// The agencies meant to hear of a risk to a child: social care, the
/// health visitor and the school.
const CHILDRENS_AGENCIES: &[AgencyKind] = &[
    AgencyKind::ChildrensSocialCare,
    AgencyKind::HealthVisiting,
    AgencyKind::School,
];

/// Days either side within which another agency's record about the child
/// makes it involved.
const INVOLVED_DAYS: i64 = 90;

/// Days within which a record of his history and the record placing him
/// with a child are one incident.
const SAME_EVENT_DAYS: i64 = 7;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.risk_not_passed_on.clone();
    let Some(with_child) = Patterns::new(&s.with_child) else {
        return;
    };
    let denied = Patterns::new(&s.denied);
    let history: Vec<u32> = s
        .history
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    let kinds = agency_kinds(&s.kinds);
    let men = crate::flags::men::men(a);
    if men.is_empty() || history.is_empty() {
        return;
    }
    let history_days = s.history_days;
    let reading = Reading {
        settings: s,
        history,
        with_child,
        denied,
    };
    let history = &reading.history;
    let placed = |r: &Record| placing(r, &reading.with_child, reading.denied.as_ref());
    // Per (agency, man): the agency's records of his history, by time.
    let mut held: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    // Per (agency, man): the first record placing him with a child.
    let mut first_placed: HashMap<(i64, i64), usize> = HashMap::new();
    let mut done: HashSet<(i64, i64)> = HashSet::default();
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind) || !a.names_subjects[i] {
            continue;
        }
        let here: Vec<i64> = a.record_subjects[i]
            .iter()
            .copied()
            .filter(|m| men.contains_key(m))
            .collect();
        if here.is_empty() {
            continue;
        }
        // What was said at a meeting held was shared with whoever came.
        let meeting = a.facts[i].meeting.as_ref().is_some_and(|m| m.held);
        let risk_here = a.facts[i]
            .indicators
            .iter()
            .any(|h| history.contains(&(h.indicator as u32)));
        let placed_here = !meeting && placed(r);
        let at = span(r);
        for m in here {
            let key = (r.agency_id, m);
            if done.contains(&key) {
                continue;
            }
            let since = at.lo - history_days * DAY;
            let earlier: Vec<usize> = held
                .get(&key)
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&p| span(&a.records[p]).lo >= since)
                        .collect()
                })
                .unwrap_or_default();
            let placed_before = first_placed.get(&key).copied();
            if risk_here {
                held.entry(key).or_default().push(i);
            }
            if placed_here && placed_before.is_none() {
                first_placed.insert(key, i);
            }
            if meeting {
                continue;
            }
            // Both known now, and one of them known before: the news met
            // the history. (A record holding both alone is a concern of
            // its own, for never-shared.) The history and the news are apart: records of one incident
            // within a few days are that incident's concern.
            let apart = |x: usize, y: usize| {
                (span(&a.records[y]).lo - span(&a.records[x]).lo).abs() > SAME_EVENT_DAYS * DAY
            };
            // A history learned after the news counts while the news is
            // fresh, and when the news held no history of its own (a
            // disclosure that is itself the concern, for never-shared).
            let held_at = |x: usize| {
                a.facts[x]
                    .indicators
                    .iter()
                    .any(|h| history.contains(&(h.indicator as u32)))
            };
            let recent = |x: usize, y: usize| {
                span(&a.records[y]).lo - span(&a.records[x]).lo <= INVOLVED_DAYS * DAY
            };
            let (history_records, placing_record) = match (placed_here, risk_here) {
                (true, _) if earlier.iter().any(|&p| apart(p, i)) => {
                    (earlier.into_iter().filter(|&p| apart(p, i)).collect(), i)
                }
                (_, true)
                    if placed_before
                        .is_some_and(|p| apart(p, i) && recent(p, i) && !held_at(p)) =>
                {
                    (vec![i], placed_before.unwrap_or(i))
                }
                _ => continue,
            };
            if let Some(f) = judge(ctx, &reading, i, m, &history_records, placing_record) {
                done.insert(key);
                ctx.push(NewFlag {
                    rule: INFO.id,
                    anchor: r,
                    about: &f.about,
                    agency: f.agency,
                    subject: f.subject,
                    severity: f.severity,
                    title: f.title,
                    explanation: f.explanation,
                    evidence: f.evidence,
                    held_by: f.held_by,
                });
            }
        }
    }
}

/// The rule's settings, with its patterns compiled.
struct Reading {
    settings: Settings,
    history: Vec<u32>,
    with_child: Patterns,
    denied: Option<Patterns>,
}

/// Whether record `r` places a man with a child: a placing phrase not
/// denied by the words just before it.
fn placing(r: &Record, with_child: &Patterns, denied: Option<&Patterns>) -> bool {
    written(r).any(|text| {
        with_child.each().iter().any(|re| {
            re.find_iter(text).any(|m| {
                let mut lo = m.start().saturating_sub(40);
                while !text.is_char_boundary(lo) {
                    lo += 1;
                }
                let before = &text[lo..m.start()];
                !denied.is_some_and(|d| d.in_text(before))
            })
        })
    })
}

/// A flag found, before it is anchored.
struct Found {
    agency: String,
    subject: String,
    about: String,
    severity: Severity,
    title: String,
    explanation: String,
    evidence: Vec<i64>,
    held_by: Vec<HeldBy>,
}

/// The flag for man `m` at record `i`, unless the agency passed it on,
/// social care already knew him to be with the child, or no other agency
/// was involved with the child.
fn judge(
    ctx: &Context<'_>,
    reading: &Reading,
    i: usize,
    m: i64,
    history_records: &[usize],
    placing_record: usize,
) -> Option<Found> {
    let s = &reading.settings;
    let history = &reading.history;
    let a = ctx.a;
    let r = &a.records[i];
    let at = span(r);
    let share = s.share_days * DAY;
    let children = ctx.children_of(i);
    if children.is_empty() {
        return None;
    }
    // Passed on: anything about him or the children to a children's agency
    // from the first record of his history to the end of the window.
    let from = history_records
        .iter()
        .map(|&p| span(&a.records[p]).lo)
        .min()
        .unwrap_or(at.lo)
        .max(at.lo - share);
    let told = std::iter::once(m).chain(children.iter().copied()).any(|x| {
        ctx.shared_with_kinds(
            r.agency_id,
            from,
            at.lo + share,
            x,
            Some(CHILDRENS_AGENCIES),
        )
    });
    if told {
        return None;
    }
    // Social care already knew him to be with the child: its own record
    // placed him there, in the three months before or the window after.
    let destinations = agency_kinds(&s.destinations);
    let knew = a.records.iter().enumerate().any(|(j, x)| {
        let lo = span(x).lo;
        destinations.contains(&x.agency_kind)
            && lo < at.lo + share
            && lo >= at.lo - INVOLVED_DAYS * DAY
            && a.record_subjects[j].contains(&m)
            && placing(x, &reading.with_child, reading.denied.as_ref())
    });
    if knew {
        return None;
    }
    let window = INVOLVED_DAYS * DAY;
    let mut unaware: BTreeSet<i64> = BTreeSet::new();
    for &c in &children {
        unaware.extend(ctx.involved(c, at.lo - window, at.lo + window, r.agency_id));
    }
    if unaware.is_empty() {
        return None;
    }
    let who = ctx.name(r.agency_id);
    let him = a.subject_label(m).to_string();
    let subject = ctx.subjects_label(&children);
    let first = &a.records[history_records[0]];
    let kinds: Vec<u32> = {
        let mut v: Vec<u32> = history_records
            .iter()
            .flat_map(|&p| a.facts[p].indicators.iter().map(|h| h.indicator as u32))
            .filter(|x| history.contains(x))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let labels: Vec<String> = kinds
        .iter()
        .map(|x| a.indicator_label(*x).to_lowercase())
        .collect();
    let placing = &a.records[placing_record];
    let names: Vec<String> = unaware.iter().map(|z| ctx.name(*z)).collect();
    let mut explanation = format!(
        "{who} held {him}'s history since {} ({}: {}).",
        uk_date(first),
        list(&labels),
        ctx.quote(&first.text)
    );
    explanation.push_str(&format!(
        " On {} {who} recorded him with {subject}'s household ({}).",
        uk_date(placing),
        ctx.quote(&placing.text)
    ));
    explanation.push_str(&format!(
        " No record shows {who} passing this on to children's social care, the health visitor \
         or the school within {} days, while {} {} involved with {subject}.",
        s.share_days,
        list(&names),
        if names.len() == 1 { "was" } else { "were" }
    ));
    let serious = kinds.iter().any(|x| {
        matches!(
            a.indicator_id(*x),
            "adult-risk-to-children" | "suspected-nai" | "sexual-abuse"
        )
    });
    let (by_age, why) = ctx.severity_by_age(&children, at.lo);
    let severity = if serious { Severity::High } else { by_age };
    explanation.push_str(&why);
    let mut evidence = vec![r.id];
    for p in history_records.iter().copied().chain([placing_record]) {
        let id = a.records[p].id;
        if !evidence.contains(&id) {
            evidence.push(id);
        }
    }
    let records: Vec<i64> = history_records.iter().map(|&p| a.records[p].id).collect();
    let held_by = ctx.held_since(&who, first, &kinds, &records);
    Some(Found {
        title: format!(
            "{him}'s history, held by {who}, not passed on when he was recorded with {subject}"
        ),
        agency: who,
        subject,
        about: him,
        severity,
        explanation,
        evidence,
        held_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const POLICE: &str = "Eastfield Police";
    const HV: &str = "Eastfield 0-19 Service";
    const CSC: &str = "Eastfield Children's Social Care";
    const PROBATION: &str = "Eastfield Probation";

    /// Police hold a man's assault on a former partner; a year on they
    /// learn he lives with a new partner and her newborn (`news`), while
    /// the health visitor sees the baby. `then` follows a day later.
    fn case(news: &str, then: &str) -> Scenario {
        Scenario::new()
            .agency(POLICE, "police")
            .agency(HV, "health_visiting")
            .agency(CSC, "childrens_social_care")
            .record(
                POLICE,
                "12/03/2022",
                "",
                "DA incident. Kirsty BAIN reports her partner Ryan TOLLEY punched her in the \
                 face. TOLLEY arrested, charged with assault.",
            )
            .record(
                HV,
                "01/08/2023",
                "Alfie Marsh",
                "New birth visit. Alfie seen with Mum Chelsea Marsh. Feeding well.",
            )
            .record(
                CSC,
                "10/01/2023",
                "",
                "Enquiry from housing about a tenancy. Not known. No action.",
            )
            .record(POLICE, "18/08/2023", "", news)
            .record(POLICE, "19/08/2023", "", then)
            .record(HV, "30/08/2023", "Alfie Marsh", "Clinic weigh. Mum well.")
    }

    const NEWS: &str = "Intelligence: Ryan TOLLEY living with new partner Chelsea MARSH and \
                        her newborn Alfie at Farrier Close. Filed.";

    /// The history met the news and stayed with the police: flagged on
    /// the news, citing both, high for a newborn.
    #[test]
    fn a_violent_man_recorded_with_a_newborn_and_kept_is_flagged() {
        let flags = case(NEWS, "Address marker added.").flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        let f = &flags[0];
        assert_eq!(f.agency, POLICE);
        assert!(f.at.starts_with("2023-08-18"), "{}", f.at);
        assert!(
            f.explanation.contains("since 12/03/2022"),
            "{}",
            f.explanation
        );
        assert!(f.explanation.contains(HV), "{}", f.explanation);
        assert!(!f.explanation.contains("failed"), "{}", f.explanation);
        assert_eq!(f.severity, Severity::High);
    }

    /// A referral to social care the next day passed it on.
    #[test]
    fn passed_on_to_social_care_is_not_flagged() {
        let flags = case(
            NEWS,
            "PPN submitted to Eastfield MASH re Alfie Marsh: Tolley's DA history.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Social care had itself recorded him living with the child: it knew.
    /// Knowing only his history, it did not know where he now lived.
    #[test]
    fn a_household_social_care_already_knew_is_not_flagged() {
        let knew = case(NEWS, "Address marker added.")
            .record(
                CSC,
                "02/08/2023",
                "Alfie Marsh",
                "Pre-birth assessment closed. Mum living with partner Ryan TOLLEY; police \
                 checks show his DA history.",
            )
            .flags_of(INFO.id);
        assert!(knew.is_empty(), "{knew:#?}");
        let history_only = case(NEWS, "Address marker added.")
            .record(
                CSC,
                "02/05/2022",
                "",
                "Contact from police re DA: Ryan TOLLEY assaulted ex-partner. No children. NFA.",
            )
            .flags_of(INFO.id);
        assert_eq!(history_only.len(), 1, "{history_only:#?}");
    }

    /// A licence condition forbidding it places him with no child.
    #[test]
    fn a_condition_not_to_live_with_children_places_no_one() {
        let flags = Scenario::new()
            .agency(PROBATION, "probation")
            .agency(HV, "health_visiting")
            .record(
                PROBATION,
                "11/03/2024",
                "",
                "Released on licence. Mr Dean Whitlock: DA conviction (ABH on partner).",
            )
            .record(
                HV,
                "15/03/2024",
                "Poppy Barnes",
                "Poppy seen at home with Mum. Well.",
            )
            .record(
                PROBATION,
                "25/03/2024",
                "",
                "Licence conditions explained to Mr Whitlock: not to live with children, \
                 no contact with children without approval.",
            )
            .record(
                PROBATION,
                "08/04/2024",
                "",
                "Mr Whitlock attended. Job searching.",
            )
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// His denial places him with no child ("Denies staying at Kayleigh's");
    /// his telling that he is living there does.
    #[test]
    fn a_denial_places_no_one_and_his_telling_does() {
        let denied = case(
            "Ryan TOLLEY seen at the station re bail. Denies staying at Chelsea MARSH's flat.",
            "Address marker added.",
        )
        .flags_of(INFO.id);
        assert!(denied.is_empty(), "{denied:#?}");
        let told = case(
            "Ryan TOLLEY seen at the station re bail. Says he is basically living at Chelsea MARSH's flat.",
            "Address marker added.",
        )
        .flags_of(INFO.id);
        assert_eq!(told.len(), 1, "{told:#?}");
    }
}
