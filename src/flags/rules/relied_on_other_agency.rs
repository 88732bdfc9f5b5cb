//! An agency held back ("CSC dealing", "police aware") because another
//! agency was taken to be acting, when the records show that agency had
//! closed, had not seen the child, or had not been told.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "relied-on-other-agency",
    name: "Relied on another agency",
    description: "An agency held back or closed because another agency was taken to be dealing \
         (\"CSC dealing\", \"police aware\"), when on that date the other agency had closed, had \
         not seen the child, or had not been told what the first agency recorded.",
    severity: "High when the agency relied on had closed, or did not hold suspected significant harm that the relying agency knew; otherwise medium.",
    thresholds: &[
        Threshold {
            setting: "unseen_days",
            meaning: "days without seeing the child after which the other agency counts as not having seen the child",
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
    /// The other agency had not seen the child for at least this many days.
    pub unseen_days: i64,
    /// Patterns (regular expressions, case-insensitive) that say another
    /// agency is acting; the group named `agency` is its name as written.
    pub relied: Vec<String>,
    /// Patterns that say the agency held back: visits on hold, no
    /// referral, no further action.
    pub held_back: Vec<String>,
    /// The kind of agency each name stands for (names as written, lower
    /// case).
    pub names: BTreeMap<String, String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[relied-on-other-agency]
enabled = true
# The other agency had not seen the child for this many days or more
# (Sightline default).
# Basis: Sightline default.
unseen_days = 14
# What says another agency is acting (regular expressions; the group named
# "agency" is the agency's name as written).
relied = [
    '\b(?P<agency>csc|social care|children.s services|social services|social worker|sw|mash|police|hv|health visitor|health visiting|gp|school|nursery)\b (?:are |is |were |was |already )?(?:dealing|aware|involved|leading|following up|(?:will|to) follow (?:it |this )?up)\b',
    '\b(?:known to|open to|allocated (?:to|in)|being dealt with by|left (?:it )?(?:with|to)) (?:the )?(?P<agency>csc|social care|children.s services|social services|police|hv|health visitor|health visiting|gp|school)\b',
    '\bseen by (?:the )?(?P<agency>hv|health visitor|gp|sw|social worker|school nurse) (?:yesterday|today|recently|last week|this week|earlier)\b',
    '\b(?P<agency>gp|hv|health visitor|school nurse|paediatrician|hospital|dietitian) (?:is |are |was |were )?(?:monitoring|weighing|keeping an eye|reviewing (?:her|his|the) weight)\b',
]
# What says the agency held back (regular expressions).
held_back = [
    '\bon hold\b',
    '\bno (?:further )?action\b',
    '\bnfa\b',
    '\bno (?:mash |marac |csc |formal |new |further )?(?:ppn|referral|notification)\b',
    '\bnot (?:referred|informed|notified|told|passed on|shared)\b',
    '\bwords of advice\b',
    '\b(?:case )?closed\b',
    '\bdischarged?\b',
    '\bnot (?:required|needed|necessary)\b',
    '\bno need\b',
    '\bawait',
    '\b(?:weight|wt) (?:not (?:recorded|done|taken|checked)|n/?d)\b',
    '\bnot weighed\b',
]
[relied-on-other-agency.names]
csc = "childrens_social_care"
"social care" = "childrens_social_care"
"children's services" = "childrens_social_care"
"social services" = "childrens_social_care"
"social worker" = "childrens_social_care"
sw = "childrens_social_care"
mash = "childrens_social_care"
police = "police"
hv = "health_visiting"
"health visitor" = "health_visiting"
"health visiting" = "health_visiting"
"school nurse" = "health_visiting"
gp = "gp"
paediatrician = "hospital"
hospital = "hospital"
dietitian = "hospital"
school = "school"
nursery = "school"
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.relied_on_other_agency.clone();
    let (Some(relied), Some(held_back), Some(no_access)) = (
        Patterns::new(&s.relied),
        Patterns::new(&s.held_back),
        Patterns::new(&ctx.rules.no_access.no_access),
    ) else {
        return;
    };
    // Each agency's records in timeline order, for looking back.
    let mut by_agency: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        by_agency.entry(r.agency_id).or_default().push(i);
    }
    for (i, r) in a.records.iter().enumerate() {
        // Most records say nothing of the kind: ask the set first.
        if !relied.in_record(r) {
            continue;
        }
        // The kinds of agency relied on, with the words that say so.
        let mut on: Vec<(AgencyKind, String)> = Vec::new();
        for t in written(r) {
            for re in relied.each() {
                for c in re.captures_iter(t) {
                    let (Some(whole), Some(name)) = (c.get(0), c.name("agency")) else {
                        continue;
                    };
                    // "crew recorded police aware": what an earlier record
                    // said, read back in a review of it.
                    let reported = t[..whole.start()]
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| {
                            matches!(
                                w.to_lowercase().as_str(),
                                "recorded" | "documented" | "wrote" | "written"
                            )
                        });
                    // "Asked whether any social worker was involved":
                    // a question, not an answer; "no social worker
                    // involved" says none is.
                    let sentence = t[..whole.start()]
                        .rsplit(['.', ';', '\n', '?'])
                        .next()
                        .unwrap_or("")
                        .to_lowercase();
                    let asked = sentence.split_whitespace().any(|w| w == "whether")
                        || sentence.contains("asked if")
                        || sentence.contains("enquired if")
                        || sentence
                            .split_whitespace()
                            .last()
                            .is_some_and(|w| w == "any" || w == "no");
                    if reported || asked {
                        continue;
                    }
                    let key = fold_name(name.as_str());
                    let Some(kind) = s.names.get(&key).and_then(|k| k.parse().ok()) else {
                        continue;
                    };
                    if kind != r.agency_kind && !on.iter().any(|(k, _)| *k == kind) {
                        on.push((kind, whole.as_str().to_string()));
                    }
                }
            }
        }
        if on.is_empty() {
            continue;
        }
        let held = held_back.in_record(r)
            || a.facts[i]
                .decision
                .as_ref()
                .is_some_and(|d| d.kinds.iter().any(closes));
        if !held {
            continue;
        }
        let children = ctx.children_of(i);
        if children.is_empty() {
            continue;
        }
        let at = span(r);
        // A strategy discussion or a conference held is the agencies acting
        // together, whatever it says of each.
        if a.facts[i]
            .meeting
            .as_ref()
            .is_some_and(|m| m.held && !matches!(m.kind, MeetingKind::OtherMeeting))
        {
            continue;
        }
        // What this record holds first-hand about the children.
        let own: Vec<usize> = a
            .concerns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.position == i && children.contains(&c.subject))
            .map(|(c, _)| c)
            .collect();
        let mut reasons = Vec::new();
        let mut said = Vec::new();
        let mut evidence = vec![r.id];
        let mut serious = false;
        for (kind, words) in &on {
            let before_kind = reasons.len();
            for z in ctx.agencies_of_kind(*kind) {
                let Some(zrecords) = by_agency.get(&z) else {
                    continue;
                };
                let zname = ctx.name(z);
                let before: Vec<usize> = zrecords
                    .iter()
                    .copied()
                    .filter(|&p| {
                        span(&a.records[p]).lo < at.lo
                            && a.record_subjects[p].iter().any(|x| children.contains(x))
                    })
                    .collect();
                let mut why = Vec::new();
                // Closed: its latest record before is a closure.
                if let Some(&last) = before.last() {
                    if a.facts[last]
                        .decision
                        .as_ref()
                        .is_some_and(|d| d.kinds.iter().any(closes))
                    {
                        why.push(format!("had closed on {}", uk_date(&a.records[last])));
                        evidence.push(a.records[last].id);
                        serious = true;
                    }
                }
                // Not seen: when it last saw the child, and visits without
                // access since.
                let last_seen = before.iter().copied().rev().find(|&p| {
                    matches!(
                        a.facts[p].child_seen,
                        ChildSeen::Seen | ChildSeen::SeenAlone
                    )
                });
                let unseen_since = last_seen.map_or(i64::MIN, |p| span(&a.records[p]).lo);
                // Never seen: counted from the first record of its present
                // involvement, after its last closure (a referral taken
                // yesterday is no agency that left the children unseen).
                let opened = before
                    .iter()
                    .rposition(|&p| {
                        a.facts[p]
                            .decision
                            .as_ref()
                            .is_some_and(|d| d.kinds.iter().any(closes))
                    })
                    .map_or(before.first(), |k| before.get(k + 1));
                let involved_since = last_seen
                    .or(opened.copied())
                    .map_or(i64::MIN, |p| span(&a.records[p]).lo);
                let refused: Vec<usize> = before
                    .iter()
                    .copied()
                    .filter(|&p| span(&a.records[p]).lo > unseen_since)
                    .filter(|&p| no_access.in_record(&a.records[p]))
                    .collect();
                let long =
                    at.lo.saturating_sub(involved_since) >= s.unseen_days.saturating_mul(DAY);
                if !before.is_empty() && (long || !refused.is_empty()) {
                    let mut w = match last_seen {
                        Some(p) => format!(
                            "had not seen {} since {}",
                            ctx.subjects_label(&children),
                            uk_date(&a.records[p])
                        ),
                        None => {
                            format!("had no record of seeing {}", ctx.subjects_label(&children))
                        }
                    };
                    if !refused.is_empty() {
                        let n = refused.len();
                        w.push_str(&format!(
                            " and had recorded {n} visit{} without access",
                            if n == 1 { "" } else { "s" }
                        ));
                        evidence.extend(refused.iter().map(|&p| a.records[p].id));
                    }
                    why.push(w);
                }
                if before.is_empty() {
                    why.push(format!(
                        "had no record about {}",
                        ctx.subjects_label(&children)
                    ));
                }
                // Not told: what this record holds had not reached it.
                let untold: Vec<usize> = own
                    .iter()
                    .copied()
                    .filter(|&c| {
                        let concern = a.concerns[c];
                        let key = Key {
                            subject: concern.subject,
                            indicator: c as u32,
                        };
                        let later = Span::new(at.lo, at.hi.saturating_add(3 * DAY));
                        a.concern_knowledge.knew_before(z, key, later) == Certainty::No
                    })
                    .collect();
                if !untold.is_empty() {
                    let mut labels: Vec<String> = untold
                        .iter()
                        .map(|&c| a.indicator_label(a.concerns[c].indicator).to_lowercase())
                        .collect();
                    labels.dedup();
                    serious |= untold.iter().any(|&c| {
                        a.indicators
                            .get(a.concerns[c].indicator as usize)
                            .is_some_and(|d| d.serious)
                    });
                    why.push(format!(
                        "was not told of what {} recorded ({})",
                        ctx.name(r.agency_id),
                        list(&labels)
                    ));
                }
                if !why.is_empty() {
                    reasons.push(format!("{zname} {}", why.join("; it ")));
                }
            }
            if reasons.len() > before_kind {
                said.push(format!("“{words}”"));
            }
        }
        if reasons.is_empty() {
            continue;
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&children);
        // Quote the words that held back (often the outcome), else the text.
        let holding = written(r).find(|t| held_back.in_text(t)).unwrap_or(&r.text);
        let explanation = format!(
            "{who} recorded on {} that another agency was acting ({}) and held back ({}). \
             On that date {}.",
            uk_date(r),
            list(&said),
            ctx.quote(holding),
            list(&reasons)
        );
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: "",
            agency: who.clone(),
            subject,
            severity: if serious {
                Severity::High
            } else {
                Severity::Medium
            },
            title: format!("{who} relied on another agency that was not acting on what it knew"),
            explanation,
            evidence,
            held_by: Vec::new(),
        });
    }
}

/// An agency's name as the settings list it: lower case, curly apostrophes
/// made straight, spaces collapsed.
fn fold_name(name: &str) -> String {
    name.to_lowercase()
        .replace(['\u{2019}', '`'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    const CSC: &str = "Aldermoor Children's Services";
    const HV: &str = "Aldermoor Health Visiting";
    const POLICE: &str = "Aldermoor Police";

    fn csc_unseen() -> Scenario {
        Scenario::new()
            .agency(CSC, "childrens_social_care")
            .agency(HV, "health_visiting")
            .agency(POLICE, "police")
            .record(
                CSC,
                "24/02/2023",
                "Jayden Price",
                "Home visit. Jayden Price seen, playing in his room.",
            )
            .record(
                CSC,
                "01/03/2023",
                "Jayden Price",
                "Home visit. No answer. Card left.",
            )
            .record(
                CSC,
                "08/03/2023",
                "Jayden Price",
                "Home visit. No answer, curtains drawn.",
            )
    }

    /// The health visitor puts visits on hold because "CSC dealing" while
    /// social care itself has had no access: flagged, with the visits.
    #[test]
    fn holding_back_on_an_agency_without_access_is_flagged() {
        let flags = csc_unseen()
            .record(
                HV,
                "10/03/2023",
                "Jayden Price",
                "Home visit, no access. Rang SW duty line: 'CSC dealing'.",
            )
            .outcome("HV visits on hold – CSC dealing.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        let f = &flags[0];
        assert_eq!(f.agency, HV);
        assert!(f.at.starts_with("2023-03-10"), "{}", f.at);
        assert!(
            f.explanation.contains("held back (“HV visits on hold"),
            "{}",
            f.explanation
        );
        assert!(
            f.explanation
                .contains("had not seen Child A since 24/02/2023")
                && f.explanation.contains("2 visits without access"),
            "{}",
            f.explanation
        );
    }

    /// The same words in a review of an earlier record ("crew recorded
    /// police aware"), said at a strategy discussion, or asked as a
    /// question ("asked whether any social worker was involved") are not
    /// holding back.
    #[test]
    fn reliance_read_back_or_said_at_a_strategy_discussion_is_not_flagged() {
        for text in [
            "Safeguarding review: previous visit found - no referral, HV recorded CSC dealing.",
            "Strategy discussion held. SW, police and HV present. CSC dealing; HV to continue visits, no further action by HV.",
            "Home visit, no access. Asked Mum by phone whether any social worker was involved - she said 'no'. No further action.",
            "Home visit, no access. Mum says no social worker involved. No further action.",
        ] {
            let flags = csc_unseen()
                .record(HV, "10/03/2023", "Jayden Price", text)
                .flags_of(INFO.id);
            assert!(flags.is_empty(), "{text}: {flags:#?}");
        }
    }

    /// The police find the children left alone, rely on "CSC dealing" and
    /// tell nobody: social care was not told, and that is said.
    #[test]
    fn relying_on_an_agency_that_was_never_told_is_flagged() {
        let flags = csc_unseen()
            .record(
                POLICE,
                "18/03/2023 20:40",
                "Jayden Price",
                "Neighbour call: Jayden Price (3) left alone at home crying for over an hour.",
            )
            .outcome("Words of advice. Officer aware children on CP plans – CSC dealing. No PPN.")
            .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("was not told of what Aldermoor Police recorded (neglect)"),
            "{}",
            flags[0].explanation
        );
    }

    /// Social care has a record of the child but none of seeing him: said
    /// so (and no arithmetic on a time that never was). Relied on the day
    /// after it took the referral, it had not yet had the time to see him.
    #[test]
    fn relying_on_an_agency_that_never_saw_the_child_is_flagged() {
        let case = |held_back: &str| {
            Scenario::new()
                .agency(CSC, "childrens_social_care")
                .agency(HV, "health_visiting")
                .record(
                    CSC,
                    "01/03/2023",
                    "Jayden Price",
                    "Referral about Jayden Price allocated to SW.",
                )
                .record(
                    HV,
                    held_back,
                    "Jayden Price",
                    "Phoned mother about Jayden Price's weight.",
                )
                .outcome("HV visits on hold – CSC dealing.")
                .flags_of(INFO.id)
        };
        assert!(case("02/03/2023").is_empty());
        let flags = case("20/03/2023");
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert!(
            flags[0]
                .explanation
                .contains("had no record of seeing Child A"),
            "{}",
            flags[0].explanation
        );
    }

    /// The GP does not weigh a toddler whose weight has fallen because her
    /// father says the health visitor is weighing her; the health visitor
    /// last saw her a month before.
    #[test]
    fn not_weighing_because_another_agency_is_said_to_be_weighing_is_flagged() {
        let case = |gp: &str| {
            Scenario::new()
                .agency(HV, "health_visiting")
                .agency("Fernhill Surgery", "gp")
                .record(
                    HV,
                    "03/05/2023",
                    "Poppy Hart",
                    "Attended with Dad. Poppy seen, weight below 2nd centile.",
                )
                .record("Fernhill Surgery", "02/06/2023", "Poppy Hart", gp)
                .flags_of(INFO.id)
        };
        let flags = case(
            "Sore nappy area. Brought by Dad. Dad says 'HV is weighing her'. Weight not recorded.",
        );
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Fernhill Surgery");
        assert!(case(
            "Sore nappy area. Brought by Dad. Dad says 'HV is weighing her'. Weighed: 9.9 kg."
        )
        .is_empty());
    }

    /// Near miss: social care saw the child two days before and the visit
    /// was on hold for good reason.
    #[test]
    fn relying_on_an_agency_that_had_just_seen_the_child_is_not_flagged() {
        let flags = Scenario::new()
            .agency(CSC, "childrens_social_care")
            .agency(HV, "health_visiting")
            .record(
                CSC,
                "08/03/2023",
                "Jayden Price",
                "Home visit. Jayden Price seen and spoken to alone.",
            )
            .record(
                HV,
                "10/03/2023",
                "Jayden Price",
                "Phoned mother: Jayden Price well. SW visited on 08/03.",
            )
            .outcome("HV visit on hold until core group – CSC dealing.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// Negation: saying the other agency is *not* aware is no reliance on it.
    #[test]
    fn saying_the_other_agency_is_not_aware_is_not_reliance() {
        let flags = csc_unseen()
            .record(
                HV,
                "10/03/2023",
                "Jayden Price",
                "Home visit, no access. CSC not aware of HV concerns.",
            )
            .outcome("Referred to CSC today; HV visits continue, no further action needed from GP.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
