//! An injury to a child recorded with a carer's account of it ("Mum said he
//! fell", "told that he had burned his neck on the bath") or judged
//! accidental, and nothing more done: no referral, no strategy discussion,
//! nothing passed to another agency within two working days.

use super::{Basis, RuleInfo, Threshold};
use crate::flags::context::*;

/// What the rule is, for the report, the command line and the app.
pub const INFO: RuleInfo = RuleInfo {
    id: "explanation-accepted",
    name: "Explanation accepted",
    description: "An agency recorded an injury to a child with a carer's account of it, or judged \
         it accidental, and nothing shows a referral, a strategy discussion or anything passed \
         to another agency within two working days.",
    severity: "High when the child was under one (by date of birth, or as the records describe the child: newborn, weeks or months old); an injury to a baby who cannot move about is the gravest. Otherwise medium.",
    thresholds: &[Threshold {
        setting: "working_days",
        meaning: "working days within which the agency acts on the injury",
        basis: Basis::SightlineDefault,
        source:
            "after the Child Safeguarding Practice Review Panel (2020) on professional curiosity",
    }],
};

/// The rule's settings (its section of the rules file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Whether the rule runs.
    pub enabled: bool,
    /// The indicators that are injuries.
    pub indicators: Vec<String>,
    /// Patterns (regular expressions, case-insensitive) that say an account
    /// was given or the injury judged accidental.
    pub accounts: Vec<String>,
    /// Passing anything about the child to children's social care or the
    /// police within this many working days counts as acting on it.
    pub working_days: i64,
    /// Patterns that say the agency acted on the injury itself (a child
    /// protection medical, a skeletal survey, a referral to social care),
    /// in the record or its own records within `working_days`.
    pub acting: Vec<String>,
    /// Patterns that say, in the record itself, that someone other than
    /// the carer giving the account saw the injury happen, or that the
    /// agency screened it for harm (a safeguarding checklist completed):
    /// the account was tested, not just accepted.
    pub tested: Vec<String>,
}

/// The rule's section of the bundled rules file: its defaults, with what
/// each threshold means.
pub(crate) const DEFAULTS: &str = r#"[explanation-accepted]
enabled = true
# The indicators that are injuries.
indicators = ["injury", "suspected-nai"]
# What says a carer gave an account of the injury, or it was judged an
# accident (regular expressions, case-insensitive).
accounts = [
    '\b(?:mum|mother|dad|father|parents?|carers?|partner|stepdad|stepfather|nan|gran|grandmother|m[rs]s? \w+)\b[^.;]{0,40}\b(?:said|says|stated|states|explained|explains|reported|reports|thought|believes|told (?:staff|us|the \w+|her|him))\b',
    '\b(?:explanation|account|history)\b[^.;]{0,40}\b(?:accepted|consistent|plausible|fits|given)\b',
    '\b(?:accepted|considered|deemed|judged|felt|thought|assessed) (?:to be |as )?(?:accidental|an accident)\b',
    '\bconsistent with (?:the |a )?(?:history|explanation|account|mechanism|fall)\b',
    '\b(?:was |were )?(?:told|informed) that \w+ had\b',
    '\bper (?:the )?history\b',
]
# Acting on it: anything about the child passed to children's social care or
# the police, or a strategy discussion, within this many working days (Panel
# 2020 on professional curiosity). A routine letter to the GP is not acting
# on it.
# Basis: Sightline default (after the Child Safeguarding Practice Review Panel
# (2020) on professional curiosity).
working_days = 2
# Acting on it within the same time, in the agency's own records: a child
# protection medical, a skeletal survey, a referral to social care (regular
# expressions). Not a strategy discussion: one that concludes the injury
# was accidental is where the account was accepted.
acting = [
    '\b(?:cp|child protection) medical\b',
    '\bskeletal survey\b',
    '\b(?:referral|referred|phoned|reported) (?:\w+ ){0,3}(?:to )?(?:the )?(?:mash|csc|children\W?s (?:social care|services)|social care|front door|edt|police)\b',
    '\bsafeguarding referral\b',
    '\b(?:discussed with|consulted|advice from|referred to) (?:the )?(?:named (?:nurse|doctor|gp)|safeguarding (?:lead|team|nurse|advisor)|paediatrician|paediatric (?:team|registrar|consultant)|on-call paediatrics?)\b',
]
# The account tested in the record itself: the injury seen happening by
# someone other than the carer giving the account, or screened for harm (a
# safeguarding checklist completed). Not flagged (regular expressions).
tested = [
    '\bwitnessed (?:by|fall|incident|accident)\b',
    '\b(?:fall|incident|accident|injury) (?:was )?witnessed\b',
    '\bsafeguarding (?:checklist|screen|screening|proforma|assessment|questions) (?:was |were |has been |have been )?(?:completed|done|undertaken)\b',
]
"#;

/// Runs the rule over the analysis in `ctx`, pushing its flags.
pub(crate) fn run(ctx: &mut Context<'_>) {
    let a = ctx.a;
    let s = ctx.rules.explanation_accepted.clone();
    // The rules file is checked when stored; a pattern that does not
    // compile leaves the rule silent rather than failing the analysis.
    let Some(accounts) = Patterns::new(&s.accounts) else {
        return;
    };
    let acting = Patterns::new(&s.acting);
    let tested = Patterns::new(&s.tested);
    let protectors: Vec<i64> = ctx
        .agencies_of_kind(AgencyKind::ChildrensSocialCare)
        .into_iter()
        .chain(ctx.agencies_of_kind(AgencyKind::Police))
        .collect();
    let wanted: Vec<u32> = s
        .indicators
        .iter()
        .filter_map(|id| a.indicator_index(id))
        .collect();
    // (agency, first child) → (when the flagged injury was recorded, flag):
    // the same injury written up again within a week is one point.
    let mut last: HashMap<(i64, i64), (i64, usize)> = HashMap::new();
    for (i, r) in a.records.iter().enumerate() {
        if ctx.received(i) {
            continue;
        }
        let mut children: Vec<i64> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        for h in &a.facts[i].indicators {
            let ind = h.indicator as u32;
            if !wanted.contains(&ind) {
                continue;
            }
            for c in a.about(i, ind) {
                if ctx.child_set.contains(&c) && !children.contains(&c) {
                    children.push(c);
                }
            }
            let l = a.indicator_label(ind).to_lowercase();
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        if children.is_empty() {
            continue;
        }
        let text = match &r.outcome {
            Some(o) => format!("{}\n{}", r.text, o),
            None => r.text.clone(),
        };
        if !accounts.in_text(&text) || tested.as_ref().is_some_and(|p| p.in_text(&text)) {
            continue;
        }
        let at = span(r);
        let Some(day) = local_date(at.lo) else {
            continue;
        };
        let until = end_of_day(
            ctx.days
                .add_working_days(day, u32::try_from(s.working_days.max(0)).unwrap_or(0)),
        );
        // Passing the injury to those who act on harm: a routine letter to
        // the GP ("discharge letter generated (auto)") is not acting on it.
        let acted = children.iter().any(|c| {
            protectors.iter().any(|&x| {
                x != r.agency_id
                    && ctx
                        .first_route(r.agency_id, x, at.lo, until, &[*c])
                        .is_some()
            })
        }) || {
            // This record, and the agency's own records up to `until`
            // (records are in time order): acting on it, or the account
            // tested there (the same attendance's checklist completed).
            std::iter::once(r)
                .chain(
                    a.records[i + 1..]
                        .iter()
                        .take_while(|x| span(x).lo <= until)
                        .filter(|x| x.agency_id == r.agency_id),
                )
                .any(|x| {
                    acting.as_ref().is_some_and(|p| p.in_record(x))
                        || tested.as_ref().is_some_and(|p| p.in_record(x))
                })
        };
        if acted {
            continue;
        }
        let key = (r.agency_id, children[0]);
        if let Some(&(then, flag)) = last.get(&key) {
            if at.lo - then <= 7 * DAY {
                if let Some(f) = ctx.out.get_mut(flag) {
                    if !f.evidence.contains(&r.id) {
                        f.evidence.push(r.id);
                    }
                }
                continue;
            }
        }
        let who = ctx.name(r.agency_id);
        let subject = ctx.subjects_label(&children);
        let when = uk_date(r);
        // "on 16/08/2020", "in August 2020".
        let on = if when.starts_with(|c: char| c.is_ascii_digit()) {
            "on"
        } else {
            "in"
        };
        let (severity, age) = ctx.severity_by_age(&children, at.lo);
        let explanation = format!(
            "{who} recorded {} to {subject} {on} {when} with an account of it or a judgement \
             that it was accidental ({}). No record shows a referral, a strategy discussion or \
             anything passed to another agency within {} working days.{age}",
            list(&labels),
            ctx.quote(&r.text),
            s.working_days,
        );
        let before = ctx.out.len();
        ctx.push(NewFlag {
            rule: INFO.id,
            anchor: r,
            about: &subject,
            agency: who,
            subject: subject.clone(),
            severity,
            title: format!("Account of an injury to {subject} accepted"),
            explanation,
            evidence: vec![r.id],
            held_by: Vec::new(),
        });
        if ctx.out.len() > before {
            last.insert(key, (at.lo, before));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::rules::scenario::Scenario;

    fn case(text: &str) -> Scenario {
        Scenario::new()
            .agency("Dunmore Health Visiting", "health_visiting")
            .agency("Dunmore Children's Services", "childrens_social_care")
            .record(
                "Dunmore Children's Services",
                "01/06/2010",
                "Kacper Nowak",
                "Contact: advice given about housing.",
            )
            .record(
                "Dunmore Health Visiting",
                "15/07/2010",
                "Kacper Nowak",
                text,
            )
    }

    /// A bruise, the mother's account, nothing more.
    #[test]
    fn an_account_taken_and_nothing_done_is_flagged() {
        let flags = case(
            "HV noted a bruise to the side of Kacper's head. Mum explained he had fallen over.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].agency, "Dunmore Health Visiting");
        assert!(flags[0].explanation.contains("Mum explained"), "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::Medium, "no age known");
    }

    /// The same account of a bruise to a baby of ten weeks: the gravest
    /// case, and the flag says why.
    #[test]
    fn an_account_of_a_bruise_to_a_baby_is_high() {
        let flags = case(
            "HV noted a bruise to the cheek of Kacper, 10 weeks old. Mum explained he had rolled against the cot.",
        )
        .flags_of(INFO.id);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::High);
        assert!(
            flags[0].explanation.contains("was under one."),
            "{}",
            flags[0].explanation
        );
    }

    /// The account taken at triage, and the same attendance's safeguarding
    /// checklist completed an hour later: the account was tested.
    #[test]
    fn an_account_tested_by_the_checklist_of_the_same_attendance_is_not_flagged() {
        let flags = case(
            "HV noted a bruise to the side of Kacper's head. Mum explained he had fallen over.",
        )
        .record(
            "Dunmore Health Visiting",
            "15/07/2010",
            "Kacper Nowak",
            "Kacper examined. The under-2 safeguarding checklist was completed.",
        )
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// The same bruise, referred to social care that day.
    #[test]
    fn an_account_taken_and_referred_is_not_flagged() {
        let flags = case(
            "HV noted a bruise to the side of Kacper's head. Mum explained he had fallen over.",
        )
        .outcome("Referred to Dunmore Children's Services.")
        .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A hospital that hears the parents' account and arranges a child
    /// protection medical and skeletal survey has not accepted it, even
    /// when its own referral is recorded elsewhere (by social care).
    #[test]
    fn an_account_heard_and_a_cp_medical_arranged_is_not_flagged() {
        let flags = case("ED: bruise to Kacper's cheek. Mum said his brother hit him with a toy.")
            .outcome("Admitted. CP medical and skeletal survey arranged.")
            .flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }

    /// A bruise with no account given is for other rules.
    #[test]
    fn an_injury_with_no_account_is_not_this_rule() {
        let flags = case("HV noted a bruise to the side of Kacper's head.").flags_of(INFO.id);
        assert!(flags.is_empty(), "{flags:#?}");
    }
}
