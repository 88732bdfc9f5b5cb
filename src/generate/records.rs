//! The records of a generated review: routine contacts and minor concerns,
//! and the planted cases built so that each rule must raise a flag.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::families::{Agency, Family};
use super::ExpectedFlag;
use crate::flags::rules::{
    absent_from_meeting, child_not_seen, closed_despite_indicators, decision_without_information,
    fragmented_picture, late_conference, late_sharing, never_shared, no_strategy_discussion,
};
use crate::model::AgencyKind;

#[derive(Clone, Debug)]
pub(super) struct Row {
    pub(super) day: NaiveDate,
    pub(super) time: Option<NaiveTime>,
    pub(super) family: u32,
    pub(super) body: Body,
}

#[derive(Clone, Debug)]
pub(super) enum Body {
    /// A routine entry from the kind's pool.
    Routine { concern: bool, template: u16 },
    /// A planted entry: event type, text, outcome, shared with (agency index).
    Planted {
        event: &'static str,
        text: String,
        outcome: String,
        shared: Option<usize>,
    },
}

/// (event type, text, outcome) of routine entries; `{C}` is the child's
/// first name, `{M}` the mother's full name, `{his}` the child's pronoun.
type Template = (&'static str, &'static str, &'static str);

pub(super) fn routine(kind: AgencyKind, concern: bool) -> &'static [Template] {
    use AgencyKind::*;
    match (kind, concern) {
        (Police, false) => &[
            ("Call", "Call from {M} asking for advice about a dispute with a neighbour over parking. No offences disclosed.", "Advice given. No further police action."),
            ("Community", "PCSO patrol of the estate after reports of youths gathering. Spoke with {M} at the door; no issues raised.", "Logged."),
            ("Call", "{M} reported her bicycle stolen from the communal hallway.", "Crime reference issued."),
        ],
        (Police, true) => &[
            ("Domestic incident", "Verbal argument reported by a neighbour at the home address of {M}; officers attended, no injuries, {C} asleep upstairs.", "Advice given to both parties."),
        ],
        (ChildrensSocialCare, false) => &[
            ("Home visit", "Home visit by SW. {C} seen alone in {his} bedroom, chatty and relaxed. Home warm and clean.", "Plan reviewed with {M}."),
            ("Telephone call", "Telephone call with {M} to arrange the next visit and talk about nursery hours.", "Visit booked."),
            ("Supervision", "Case discussed in supervision. Family engaging well with the plan.", "Continue plan."),
            ("Family support", "Family support worker session with {M} on routines and bedtimes. {C} seen and spoken to alone; happy.", "Next session in two weeks."),
        ],
        (ChildrensSocialCare, true) => &[
            ("Contact", "{M} asked for help with housing damp affecting {C}'s room. No safeguarding concerns identified.", "Signposted to the landlord."),
        ],
        (School, false) => &[
            ("Attendance", "{C} absent – {M} phoned to say {he} has a cold.", "Absence authorised (illness)."),
            ("Pastoral", "{C} settled well in class, enjoyed the reading session and played with friends at lunch.", ""),
            ("Parent meeting", "Parents' evening with {M}. {C} making expected progress in reading and maths.", ""),
            ("Attendance", "{C} arrived late (09:20) – {M} said the bus was late.", "Late mark recorded."),
        ],
        (School, true) => &[
            ("First aid", "{C} grazed {his} knee in the playground; first aid given and bruise noted on shin from the fall.", "Note sent home to {M}."),
        ],
        (HealthVisiting, false) => &[
            ("Developmental review", "Developmental review at clinic. {C} seen; growth on the 50th centile, speech age-appropriate.", "Universal service continues."),
            ("Home visit", "Home visit. {C} seen, well and playing; {M} reports no worries. Home tidy.", "Next contact at the next review."),
            ("Telephone call", "Telephone call with {M} about sleep routines. Advice given.", ""),
        ],
        (HealthVisiting, true) => &[
            ("Clinic", "{M} did not bring {C} to the clinic appointment today.", "Appointment rebooked."),
        ],
        (Gp, false) => &[
            ("Face to face", "{C} seen with {M}: cough and runny nose for three days. Chest clear.", "Self-care advice."),
            ("Telephone", "Telephone consultation with {M} about {C}'s eczema.", "Emollient prescribed."),
            ("Immunisation", "{C} attended for routine immunisations with {M}.", "Given. Next due in one year."),
        ],
        (Gp, true) => &[
            ("Did not attend", "{C} not brought to the booked appointment.", "Letter sent to {M}."),
        ],
        (Hospital, false) => &[
            ("ED attendance", "{C} brought to ED by {M} with a high temperature; viral illness diagnosed.", "Discharged home with advice."),
            ("Outpatients", "{C} seen in paediatric outpatients for asthma review with {M}.", "Inhaler technique reviewed."),
        ],
        (Hospital, true) => &[
            ("ED attendance", "{C} brought to ED by {M} with a sprained wrist after falling off a scooter; mechanism consistent.", "Discharged with advice."),
        ],
        (Housing, _) => &[
            ("Repairs", "Repair reported by {M}: kitchen tap leaking.", "Job raised with the repairs hub."),
            ("Tenancy visit", "Annual tenancy visit with {M}. Property in good condition.", ""),
            ("Rent", "Rent account in arrears (two weeks); {M} agreed a payment plan.", "Payment plan set up."),
        ],
        (Probation, _) => &[
            ("Supervision", "Supervision appointment attended by {P}. Discussed employment and training.", "Next appointment booked."),
            ("Supervision", "{P} attended on time; reports stable accommodation and work at a warehouse.", ""),
        ],
        _ => &[
            ("Session", "Parenting group session attended by {M}.", "Next session next week."),
            ("Telephone call", "Check-in call with {M}; things are going well at home.", ""),
        ],
    }
}

/// Whether a planted case starting on Monday `base` has no bank holiday
/// in the stretches whose working days it counts.
pub(super) fn clear_of_bank_holidays(base: NaiveDate) -> bool {
    let mut holidays = crate::calendar::bank_holidays(base.year());
    holidays.extend(crate::calendar::bank_holidays(base.year() + 1));
    [(19, 22), (25, 31), (36, 39), (43, 51)]
        .iter()
        .all(|&(from, to)| {
            !holidays
                .iter()
                .any(|h| *h >= base + Duration::days(from) && *h <= base + Duration::days(to))
        })
}

/// Writes one planted family's rows and the flags they must raise; returns
/// the rows written. `base` is a Monday in early September: the whole case
/// falls between then and mid December, clear of bank holidays.
pub(super) fn plant(
    agencies: &[Agency],
    fam: &Family,
    case: usize,
    base: NaiveDate,
    rows: &mut [Vec<Row>],
    expected: &mut Vec<ExpectedFlag>,
) -> usize {
    let find = |k: AgencyKind| {
        agencies
            .iter()
            .position(|a| a.area == 0 && a.kind == k)
            .expect("the first area has every core kind")
    };
    let police = find(AgencyKind::Police);
    let csc = find(AgencyKind::ChildrensSocialCare);
    let school = find(AgencyKind::School);
    let hv = find(AgencyKind::HealthVisiting);
    let gp = find(AgencyKind::Gp);
    let hospital = find(AgencyKind::Hospital);
    let name = |i: usize| agencies[i].name.clone();
    let c = &fam.child;
    let cf = &fam.child_first;
    let m = &fam.mother;
    let p = &fam.partner;
    let (he, his) = if fam.girl {
        ("she", "her")
    } else {
        ("he", "his")
    };
    let mut n = 0;
    let mut add = |ai: usize,
                   day: i64,
                   time: Option<(u32, u32)>,
                   event: &'static str,
                   text: String,
                   outcome: &str,
                   shared: Option<usize>| {
        rows[ai].push(Row {
            day: base + Duration::days(day),
            time: time.and_then(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0)),
            family: fam.id,
            body: Body::Planted {
                event,
                text,
                outcome: outcome.to_string(),
                shared,
            },
        });
        n += 1;
    };
    // Three injuries at three agencies in eight days, none passed on.
    add(
        school,
        0,
        Some((8, 50)),
        "Pastoral",
        format!("{cf} arrived with a bruise to {his} left cheek. {m} said {he} fell off the sofa."),
        "Logged on the safeguarding record (DSL aware).",
        None,
    );
    add(csc, 1, Some((9, 30)), "Assessment",
        format!("Single assessment started (s17) after {m} asked for help with {cf}'s behaviour at home."),
        "Allocated to SW.", None);
    add(hospital, 4, Some((15, 0)), "ED attendance",
        format!("{c} brought to ED by {m} with a 2cm laceration to the forehead; {m} said {he} fell against the coffee table."),
        "Wound glued. Discharged home.", None);
    add(
        gp,
        8,
        None,
        "Face to face",
        format!("{c} seen with {m}: burn to right palm, {m} says {he} touched the oven door."),
        "Dressing applied. Review in one week.",
        None,
    );
    add(csc, 9, Some((14, 0)), "Home visit",
        format!("Announced home visit. {m} and {cf} seen. {m} present throughout. Home conditions adequate."),
        "Assessment to be concluded.", None);
    add(csc, 11, None, "Assessment",
        format!("Single assessment concluded. {cf} was not seen alone or spoken to alone during the assessment. Management oversight: TM agrees closure."),
        "Case closed – NFA.", None);
    add(
        hv,
        15,
        Some((10, 0)),
        "Home visit",
        format!("Routine home visit. {cf} not seen – {m} said {he} was napping."),
        "Universal service. NFA by HV.",
        None,
    );
    // A missing episode told to social care after 63 hours.
    add(police, 19, Some((19, 10)), "Missing person",
        format!("{c} reported missing by {m} at 19:10 after leaving the flat; found 21:05 in the park by officers."),
        "Returned home. Missing episode recorded.", None);
    add(
        police,
        22,
        Some((10, 40)),
        "Notification",
        format!(
            "Notification sent to {} re the missing episode of {c} on Saturday.",
            name(csc)
        ),
        "Sent.",
        Some(csc),
    );
    // Domestic abuse on a Friday night; the school told the next Thursday.
    add(police, 25, Some((22, 30)), "Domestic incident",
        format!("DA incident at the home address: {p} assaulted {m}, pushing her into a wall. {c} present and witnessed it."),
        "Arrested. DASH medium risk.", None);
    add(police, 31, Some((9, 50)), "Operation Encompass",
        format!("Operation Encompass notification sent to {} re the DA incident on Friday ({c} present).", name(school)),
        "Sent.", Some(school));
    // A referral decided three working days after receipt.
    add(
        csc,
        36,
        Some((11, 30)),
        "Referral",
        format!("Referral from HV: {cf} not seen by HV since the summer; {m} not answering calls."),
        "To MASH.",
        None,
    );
    add(
        csc,
        39,
        Some((10, 0)),
        "MASH decision",
        format!("Threshold met for single assessment – neglect concerns about {cf}."),
        "Allocated to SW.",
        None,
    );
    // Suspected NAI: strategy discussion 8 working days later, GP absent;
    // conference 30 working days after that, GP absent again.
    add(school, 43, Some((10, 15)), "Safeguarding",
        format!("{cf} came in with yellowing bruises to {his} left cheek and jaw and a circular mark on {his} right forearm (?burn). DSL concerned the injuries are non-accidental."),
        "Referred to children's social care.", Some(csc));
    add(csc, 43, Some((10, 30)), "Referral",
        format!("Telephone referral from DSL, {}: {cf} has yellowing bruises to left cheek and jaw and a circular mark on right forearm (?burn). DSL concerned the injuries are non-accidental.", name(school)),
        "To MASH TM.", None);
    add(
        csc,
        43,
        Some((12, 15)),
        "MASH decision",
        "Suspected NAI. Strategy discussion to be convened.".to_string(),
        "TM to arrange.",
        None,
    );
    add(csc, 51, Some((11, 0)), "Strategy discussion",
        format!("Strategy discussion held about {c}. Present: TM (chair), SW, DS Cole ({}), HV ({}), DSL ({}). Not present: GP (not invited). Decision: s47 joint enquiry.", name(police), name(hv), name(school)),
        "s47 enquiries started.", None);
    add(csc, 93, Some((10, 0)), "Initial child protection conference",
        format!("ICPC held about {c}. Chair: IRO. Present: {m}; SW; TM; {}; {}; {}. Not present: GP (no report received). Decision: {cf} – CP plan, category physical abuse.", name(police), name(hv), name(school)),
        "CP plan.", None);

    let day = |d: i64| (base + Duration::days(d)).format("%Y-%m-%d").to_string();
    let mut exp = |rule: &str, ai: usize, d: i64, why: &str| {
        expected.push(ExpectedFlag {
            rule: rule.into(),
            agency: name(ai),
            date: day(d),
            subject: c.clone(),
            case,
            why: why.into(),
        })
    };
    exp(never_shared::INFO.id, school, 0, "bruise to cheek recorded by the school and passed to no one while social care was involved");
    exp(
        fragmented_picture::INFO.id,
        gp,
        8,
        "three injuries in eight days at school, hospital and GP",
    );
    exp(
        decision_without_information::INFO.id,
        csc,
        11,
        "assessment closed while the injuries held elsewhere had not reached social care",
    );
    exp(
        child_not_seen::INFO.id,
        csc,
        11,
        "assessment concluded without the child seen alone",
    );
    exp(
        closed_despite_indicators::INFO.id,
        csc,
        11,
        "closed within 30 days of three injuries",
    );
    exp(
        child_not_seen::INFO.id,
        hv,
        15,
        "home visit: child not seen",
    );
    exp(
        late_sharing::INFO.id,
        police,
        22,
        "missing episode told to social care after 63 hours",
    );
    exp(
        late_sharing::INFO.id,
        police,
        31,
        "Operation Encompass notification after the next school day",
    );
    exp(
        late_sharing::INFO.id,
        csc,
        39,
        "referral decided three working days after receipt",
    );
    exp(
        no_strategy_discussion::INFO.id,
        csc,
        43,
        "suspected NAI; strategy discussion 8 working days later",
    );
    exp(
        absent_from_meeting::INFO.id,
        csc,
        51,
        "strategy discussion held without the GP, not invited",
    );
    exp(
        late_conference::INFO.id,
        csc,
        93,
        "conference 30 working days after the strategy discussion",
    );
    exp(
        absent_from_meeting::INFO.id,
        gp,
        93,
        "GP absent from the conference",
    );
    n
}
