//! Contact after contact about the same child, each closed on its own: the
//! "start again" pattern national reviews keep finding, where the history
//! of earlier referrals is not weighed when the next one is decided.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "repeated-referrals",
    name: "Repeated referrals closed afresh",
    description: "Children's social care closed, or took no further action, with several \
         contacts about the same child in the year before: each decision could have weighed the \
         ones before it.",
    severity: "High: each referral closed afresh.",
    thresholds: &[
        Threshold {
            setting: "min_contacts",
            meaning: "contacts about the child before the closure",
            basis: Basis::SightlineDefault,
            source: "after Brandon et al. (2008) on \"start again syndrome\"",
        },
        Threshold {
            setting: "window_days",
            meaning: "days before the closure the contacts fall in",
            basis: Basis::NationalGuidance,
            source: "DfE children-in-need statistics: a referral within 12 months of another is a re-referral",
        },
    ],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Agency kinds whose closures count.
    pub kinds: Vec<String>,
    /// How many contacts about one child, before a closure, make a
    /// pattern.
    pub min_contacts: usize,
    /// Within how many days.
    pub window_days: i64,
    /// Patterns (regular expressions, case-insensitive) that say a record
    /// is a contact or referral, besides information the record says it
    /// received.
    pub contact: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[repeated-referrals]
enabled = true
# Agency kinds whose closures count.
kinds = ["childrens_social_care"]
# A closure or no further action with three contacts about the child in the
# twelve months before it (Brandon et al. 2008 on "start again syndrome"; the
# DfE counts a referral within 12 months of another as a re-referral).
# Basis: Sightline default (after Brandon et al. (2008) on "start again
# syndrome").
min_contacts = 3
# Basis: national guidance (DfE children-in-need statistics: a referral within
# 12 months of another is a re-referral).
window_days = 365
# What says a record is a contact or a referral (regular expressions), besides
# a record of information received.
contact = [
    '\breferrals?\b',
    '\bre-referr',
    '\bcontacts?\b',
    '\bppns?\b',
    '\bmash\b',
    '\bnotification\b',
    '\bfront door\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.repeated_referrals.clone();
    let kinds: Vec<AgencyKind> = agency_kinds(&s.kinds);
    let min = s.min_contacts.max(2);
    let Some(contact_words) = Patterns::new(&s.contact) else {
        return;
    };
    // (agency, child) → its contacts, and its closing decisions, in
    // timeline order (one of each per day).
    let mut contacts: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    let mut closures: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    let once_a_day = |list: &mut Vec<usize>, i: usize| {
        if list
            .last()
            .is_none_or(|&p| uk_date(&a.records[p]) != uk_date(&a.records[i]))
        {
            list.push(i);
        }
    };
    for (i, r) in a.records.iter().enumerate() {
        if !kinds.contains(&r.agency_kind) {
            continue;
        }
        let contact = ctx.received(i) || contact_words.in_record(r) || from_an_agency(&r.text);
        let closing = a.facts[i].decision.as_ref().is_some_and(|d| {
            d.kinds
                .iter()
                .any(|k| closes(k) || *k == DecisionKind::AssessmentConcluded)
        });
        for &child in a.record_subjects[i]
            .iter()
            .filter(|c| ctx.child_set.contains(c))
        {
            if contact {
                once_a_day(contacts.entry((r.agency_id, child)).or_default(), i);
            }
            if closing {
                once_a_day(closures.entry((r.agency_id, child)).or_default(), i);
            }
        }
    }
    let window = s.window_days * DAY;
    for ((agency, child), list) in closures {
        let Some(received) = contacts.get(&(agency, child)) else {
            continue;
        };
        let episodes = episodes(received, &list, |p| span(&a.records[p]).lo);
        // The episodes closed in the window up to the k-th one's closure.
        let before = |k: usize| -> Vec<&Episode> {
            let at = span(&a.records[episodes[k].closure]).lo;
            episodes[..=k]
                .iter()
                .filter(|e| at - span(&a.records[e.contacts[0]]).lo <= window)
                .collect()
        };
        // A closure ending the `min`-th episode or more in the window
        // continues a pattern; the flag goes on the last closure of each
        // unbroken run, unless that episode went to a strategy discussion
        // (the history was weighed there).
        for k in 0..episodes.len() {
            let seen = before(k);
            if seen.len() < min {
                continue;
            }
            let ends = k + 1 == episodes.len() || before(k + 1).len() < min;
            if ends && !discussed(ctx, agency, child, &episodes[k]) {
                let firsts: Vec<usize> = seen.iter().map(|e| e.contacts[0]).collect();
                push(
                    ctx,
                    agency,
                    child,
                    episodes[k].closure,
                    &firsts,
                    s.window_days,
                );
            }
        }
    }
}

/// One contact and what followed it: the contacts about the child from one
/// closure to the next, and the closure that ended them.
struct Episode {
    /// The contacts, in time order (never empty).
    contacts: Vec<usize>,
    /// The closing decision.
    closure: usize,
}

/// The closed episodes among `contacts` and `closures` (positions, each in
/// time order; `at` gives a position's time): every closure that follows at
/// least one contact since the closure before it. Further records about the
/// same contact (checks, the decision itself) are one episode, not new
/// contacts.
fn episodes(contacts: &[usize], closures: &[usize], at: impl Fn(usize) -> i64) -> Vec<Episode> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut since = Vec::new();
    for &c in closures {
        while next < contacts.len() && at(contacts[next]) <= at(c) {
            since.push(contacts[next]);
            next += 1;
        }
        if !since.is_empty() {
            out.push(Episode {
                contacts: std::mem::take(&mut since),
                closure: c,
            });
        }
    }
    out
}

/// Whether the agency held a strategy discussion about the child in the
/// episode: the history was then weighed by several agencies together.
fn discussed(ctx: &Context<'_>, agency: i64, child: i64, e: &Episode) -> bool {
    let a = ctx.a;
    let from = span(&a.records[e.contacts[0]]).lo;
    let to = span(&a.records[e.closure]).lo;
    a.records.iter().enumerate().any(|(p, r)| {
        r.agency_id == agency
            && (from..=to).contains(&span(r).lo)
            && a.record_subjects[p].contains(&child)
            && a.facts[p]
                .meeting
                .as_ref()
                .is_some_and(|m| m.held && m.kind == MeetingKind::StrategyDiscussion)
    })
}

/// Whether a record opens with the agency it came from and a colon
/// ("School: Riley came in with a bruise", "Police PPN: …").
fn from_an_agency(text: &str) -> bool {
    let Some((lead, _)) = text.split_once(':') else {
        return false;
    };
    lead.split_whitespace().count() <= 4 && AgencyKind::guess_from_name(lead) != AgencyKind::Other
}

/// One flag, on the closure that ends a run, citing the first contact of
/// each episode in the window before it.
fn push(
    ctx: &mut Context<'_>,
    agency: i64,
    child: i64,
    closure: usize,
    contacts: &[usize],
    window_days: i64,
) {
    let a = ctx.a;
    let r = &a.records[closure];
    let who = ctx.name(agency);
    let subject = ctx.subjects_label(&[child]);
    let cited: Vec<String> = contacts
        .iter()
        .map(|&p| {
            let e = &a.records[p];
            format!("{} ({})", uk_date(e), ctx.quote(&e.text))
        })
        .collect();
    let explanation = format!(
        "{who} closed or took no further action about {subject} on {} ({}) with {} contacts \
         about {subject} in the {} days before it, each closed: {}. Each was decided on its own; \
         the history of those before it bore on the decision.",
        uk_date(r),
        ctx.quote(&r.text),
        contacts.len(),
        window_days,
        list(&cited),
    );
    let mut evidence = vec![r.id];
    evidence.extend(contacts.iter().rev().map(|&p| a.records[p].id));
    evidence.dedup();
    ctx.push(NewFlag {
        rule: INFO.id,
        anchor: r,
        about: &subject,
        agency: who.clone(),
        subject: subject.clone(),
        severity: Severity::High,
        title: format!(
            "{who} closed with {} contacts about {subject} in a year",
            contacts.len()
        ),
        explanation,
        evidence,
        held_by: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const CSC: &str = "Harwick Children's Social Care";

    fn contacts(dates: &[&str]) -> Scenario {
        let mut s = Scenario::new().agency(CSC, "childrens_social_care");
        for d in dates {
            s = s
                .record(
                    CSC,
                    d,
                    "Ellie Marsh",
                    "Contact from school about Ellie Marsh.",
                )
                .outcome("NFA - threshold not met.");
        }
        s
    }

    /// Four contacts closed in nine months: one flag, on the last, citing
    /// all four.
    #[test]
    fn contacts_closed_again_and_again_make_one_flag_on_the_last() {
        let flags =
            contacts(&["01/02/2021", "05/05/2021", "20/08/2021", "12/11/2021"]).flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(flags[0].at.starts_with("2021-11-12"), "{flags:#?}");
        assert_eq!(flags[0].evidence.len(), 4);
        assert!(flags[0].explanation.contains("with 4 contacts"));
        assert!(flags[0].explanation.contains("01/02/2021"));
        assert!(!flags[0].explanation.contains("failed"));
    }

    /// Two closures, or three spread over more than a year, are no pattern.
    #[test]
    fn fewer_or_further_apart_closures_are_not_flagged() {
        assert!(contacts(&["01/02/2021", "05/05/2021"])
            .flags_of(INFO.id)
            .is_empty());
        assert!(contacts(&["01/02/2020", "05/05/2021", "20/08/2022"])
            .flags_of(INFO.id)
            .is_empty());
    }

    /// One referral, its checks and its decision on three days are one
    /// contact closed once, not three.
    #[test]
    fn the_records_of_one_referral_are_one_contact() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .record(
                CSC,
                "15/07/2024",
                "Ellie Marsh",
                "Referral from midwife about Ellie Marsh's mother.",
            )
            .record(
                CSC,
                "16/07/2024",
                "Ellie Marsh",
                "MASH checks requested: police, HV, GP.",
            )
            .record(
                CSC,
                "17/07/2024",
                "Ellie Marsh",
                "Police: no trace. Contact continues.",
            )
            .record(
                CSC,
                "18/07/2024",
                "Ellie Marsh",
                "MASH decision: threshold not met.",
            )
            .outcome("NFA - contact closed.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A third contact taken to a strategy discussion was not closed
    /// afresh: the history was weighed there.
    #[test]
    fn a_contact_taken_to_a_strategy_discussion_is_not_flagged() {
        let flags = contacts(&["01/02/2021", "05/05/2021"])
            .record(
                CSC,
                "20/08/2021",
                "Ellie Marsh",
                "Contact from school about Ellie Marsh.",
            )
            .record(
                CSC,
                "21/08/2021",
                "Ellie Marsh",
                "Strategy discussion held with police and school.",
            )
            .record(CSC, "30/08/2021", "Ellie Marsh", "S47 enquiry concluded.")
            .outcome("NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A school's own closures are not social care's front door.
    #[test]
    fn other_agencies_closures_do_not_count() {
        let flags = Scenario::new()
            .agency("Oakfield Primary School", "school")
            .record(
                "Oakfield Primary School",
                "01/02/2021",
                "Ellie Marsh",
                "Logged.",
            )
            .outcome("NFA.")
            .record(
                "Oakfield Primary School",
                "01/03/2021",
                "Ellie Marsh",
                "Logged.",
            )
            .outcome("NFA.")
            .record(
                "Oakfield Primary School",
                "01/04/2021",
                "Ellie Marsh",
                "Logged.",
            )
            .outcome("NFA.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
