//! Tests of people found in third-person prose, with no subject column:
//! the way agencies write chronologies for a review.

use super::tests::{by_label, link, no_decisions, rec, who};
use super::*;

const POLICE: i64 = 1;
const CSC: i64 = 2;
const HOSPITAL: i64 = 3;
const GP: i64 = 4;
const NURSERY: i64 = 5;

/// Asserts that no subject goes by any of `names`.
fn assert_no_one_named(res: &Resolution, names: &[&str]) {
    for nobody in names {
        assert!(
            !res.subjects
                .iter()
                .any(|s| s.names.iter().any(|v| v.text == *nobody)),
            "{nobody} is no one of the family: {res:#?}"
        );
    }
}

/// Resolves a first record about the titled child (`first`) and then one
/// record of `agency` for each text.
fn resolve_after_title(title: &str, first: &str, agency: i64, texts: &[&str]) -> Resolution {
    let inputs: Vec<_> = std::iter::once(rec(1, GP, &[title], None, first))
        .chain(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| rec(i as i64 + 2, agency, &[title], None, t)),
        )
        .collect();
    resolve(&inputs, &no_decisions())
}

fn labels(res: &Resolution) -> Vec<&str> {
    let mut l: Vec<&str> = res.subjects.iter().map(|s| s.label.as_str()).collect();
    l.sort_unstable();
    l
}

/// A child given with an age after a comma, a mother and her partner known
/// only by title and surname in two agencies' records, the partner's
/// initials spelt out once.
#[test]
fn prose_yields_the_child_and_the_adults_of_the_household() {
    let inputs = vec![
        rec(
            1,
            HOSPITAL,
            &[],
            None,
            "ED nurse R. Okoro: Jamie Hartley, 4, brought by mother. Fell down stairs at \
             partner's home. Fracture of left forearm.",
        ),
        rec(
            2,
            POLICE,
            &[],
            None,
            "Call from hospital re Jamie. Ms Hartley says Mr Voss was at the address.",
        ),
        rec(
            3,
            POLICE,
            &[],
            None,
            "GV (Gareth Voss): previous convictions for violence.",
        ),
        rec(
            4,
            CSC,
            &[],
            None,
            "Home visit (SW T. Quinn): spoke with Ms Hartley and Mr Voss on the doorstep.",
        ),
        rec(
            5,
            CSC,
            &[],
            None,
            "Strategy discussion with police. Jamie's injuries noted.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let child = who(&res, "Jamie Hartley");
    assert_eq!(child.label, "Child A");
    assert_eq!(who(&res, "Jamie").id, child.id);
    let mother = who(&res, "Ms Hartley");
    assert!(
        !matches!(mother.role, Role::Child | Role::Sibling),
        "{res:#?}"
    );
    assert_ne!(mother.id, child.id);
    let partner = who(&res, "Gareth Voss");
    assert_eq!(who(&res, "Mr Voss").id, partner.id);
    // No professional is taken for one of the family.
    for v in ["R. Okoro", "Okoro", "T. Quinn", "Quinn"] {
        assert!(
            !res.subjects
                .iter()
                .any(|s| s.names.iter().any(|n| fold(&n.text) == fold(v))),
            "{v} taken for a subject: {res:#?}"
        );
    }
    assert!(link(&res, 4, mother.id).is_some());
}

/// A titled name one agency writes once, or only ever beside a
/// professional's word, is not taken for the family.
#[test]
fn staff_with_titles_are_not_the_family() {
    let inputs = vec![
        rec(
            1,
            NURSERY,
            &[],
            None,
            "Mrs Penrose (nursery manager) spoke to mum.",
        ),
        rec(2, NURSERY, &[], None, "Bruise seen. Mrs Penrose informed."),
        rec(
            3,
            GP,
            &[],
            None,
            "Letter from Mrs Penrose, nursery manager.",
        ),
        rec(4, NURSERY, &[], None, "Mrs Ambler informed."),
    ];
    let res = resolve(&inputs, &no_decisions());
    for s in &res.subjects {
        for n in &s.names {
            let f = fold(&n.text);
            assert!(!f.contains("penrose") && !f.contains("ambler"), "{res:#?}");
        }
    }
}

/// A nationality or a language written beside a person ("male visitor
/// approx 30s, Vietnamese") is no one's name.
#[test]
fn a_nationality_is_no_name() {
    let inputs = vec![
        rec(1, HOSPITAL, &["TRAN Van Long"], None, "Arrived by small boat, 43 POB. Claims to be 15. No ID docs. Vietnamese."),
        rec(2, GP, &[], None, "Short screening interview, Vietnamese interpreter (tel). Says 'my cousin arranged it'."),
        rec(3, NURSERY, &["TRAN Van Long"], None, "Resident left site 17:20 with male visitor approx 30s, Vietnamese, who told reception he was the resident's 'cousin'."),
        rec(4, GP, &[], None, "Referral: young Vietnamese male in adult hotel, claims 15."),
        rec(5, NURSERY, &[], None, "Interpreter booked. Albanian."),
        rec(6, HOSPITAL, &[], None, "Seen with mum. Albanian."),
    ];
    let res = resolve(&inputs, &no_decisions());
    for s in &res.subjects {
        for n in &s.names {
            let f = fold(&n.text);
            assert!(
                !f.contains("vietnamese") && !f.contains("albanian"),
                "{res:#?}"
            );
        }
    }
}

/// Records that open with a given name and a dash are about that person,
/// and a given name written often, alone, mid-sentence, is a person; when
/// nothing else marks anyone as a child, the one named most is the child.
#[test]
fn leading_and_frequent_given_names_are_people() {
    let inputs = vec![
        rec(1, GP, &[], None, "Tobi – flu vaccine given. Well child."),
        rec(2, NURSERY, &[], None, "Settling-in. Tobi settled quickly."),
        rec(
            3,
            NURSERY,
            &[],
            None,
            "Bruise on Tobi's cheek. Mum said he fell.",
        ),
        rec(
            4,
            NURSERY,
            &[],
            None,
            "Existing injury: scratch on Tobi's neck.",
        ),
        rec(5, GP, &[], None, "Telephone: mum reports Tobi has a cough."),
        rec(6, GP, &[], None, "Nadia – repeat prescription."),
        rec(7, GP, &[], None, "Nadia – review of asthma."),
        rec(
            8,
            GP,
            &[],
            None,
            "Moved to 12 Fenwick Road. Fenwick Road flat damp. Fenwick estate.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(who(&res, "Tobi").label, "Child A");
    assert!(res
        .subjects
        .iter()
        .any(|s| s.names.iter().any(|n| n.text == "Nadia")));
    // Words that only start sentences, and places, are nobody.
    for s in &res.subjects {
        for n in &s.names {
            assert!(
                !["Existing", "Fenwick", "Settling"].contains(&n.text.as_str()),
                "{res:#?}"
            );
        }
    }
}

/// A review template's subject column: codes and roles. Child A and
/// Child B stay two children labelled by their codes; "Mother" and
/// "Father", with no names found for them, are people of their own.
#[test]
fn template_codes_and_roles_in_the_subject_column() {
    let inputs = vec![
        rec(
            1,
            HOSPITAL,
            &["Child A"],
            None,
            "Fell in PE, sprained wrist.",
        ),
        rec(2, HOSPITAL, &["Child B"], None, "Pulled elbow, reduced."),
        rec(
            3,
            HOSPITAL,
            &["Mother"],
            None,
            "Scald to forearm from the kettle.",
        ),
        rec(
            4,
            HOSPITAL,
            &["Father"],
            None,
            "Back strain lifting at work.",
        ),
        rec(5, CSC, &["Child A"], None, "Seen at school."),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(labels(&res), vec!["Child A", "Child B", "Father", "Mother"]);
    let mother = by_label(&res, "Mother");
    assert_eq!(mother.role, Role::Parent);
    assert_eq!(
        link(&res, 3, mother.id).map(|l| l.1),
        Some(LinkSource::Column)
    );
    assert!(link(&res, 3, by_label(&res, "Child A").id).is_none());
    assert_eq!(
        link(&res, 5, by_label(&res, "Child A").id).map(|l| l.1),
        Some(LinkSource::Column)
    );
}

/// Police write a person's surname in capitals ("Nathan LOWRY"); an adult
/// given with an age after a comma is a person ("Megan Lambert, 19,"); a
/// full name carrying the family's surname is one of the family. A rank
/// before a name in capitals is a professional's.
#[test]
fn police_style_names_adult_ages_and_family_surnames() {
    let inputs = vec![
        rec(
            1,
            POLICE,
            &[],
            None,
            "999 call from Ella LOWRY (9). Officers attended: Rebecca LOWRY with swollen lip.",
        ),
        rec(
            2,
            POLICE,
            &[],
            None,
            "Nathan LOWRY interviewed by DS Karen FELL, denies. Charged.",
        ),
        rec(
            3,
            CSC,
            &[],
            None,
            "Referral from midwife: Megan Carr, 19, care leaver, 29 weeks pregnant.",
        ),
        rec(
            4,
            HOSPITAL,
            &[],
            None,
            "Ella attended with Gail Lowry (grandmother) after a fall.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    for name in [
        "Ella LOWRY",
        "Rebecca LOWRY",
        "Nathan LOWRY",
        "Megan Carr",
        "Gail Lowry",
    ] {
        who(&res, name);
    }
    assert_eq!(who(&res, "Ella LOWRY").label, "Child A");
    assert_ne!(who(&res, "Rebecca LOWRY").id, who(&res, "Nathan LOWRY").id);
    assert!(
        !res.subjects
            .iter()
            .any(|s| s.names.iter().any(|n| fold(&n.text).contains("fell"))),
        "an officer taken for the family: {res:#?}"
    );
}

/// The mother written before her children in a police record carries the
/// family's surname as much as one written after them.
#[test]
fn a_family_surname_counts_wherever_the_children_are_named() {
    let inputs = vec![rec(
        1,
        POLICE,
        &[],
        None,
        "Officers attended. Chloe PRICE returned as officers arrived, said she had popped to the shop. Jayden PRICE (3) and Skye PRICE (1) seen in bed.",
    )];
    let res = resolve(&inputs, &no_decisions());
    let chloe = who(&res, "Chloe PRICE");
    assert_ne!(chloe.id, who(&res, "Jayden PRICE").id);
    assert_ne!(chloe.id, who(&res, "Skye PRICE").id);
}

/// An age with its unit written on it ("Ella (11m)") marks a child.
#[test]
fn an_age_written_with_its_unit_attached_marks_a_child() {
    let inputs = vec![
        rec(
            1,
            HOSPITAL,
            &[],
            None,
            "Handover call from the previous HV about Ella (11m), CIN plan.",
        ),
        rec(
            2,
            CSC,
            &[],
            None,
            "Joint visit at the refuge: Riley seen alone; Ella seen, well.",
        ),
        rec(
            3,
            HOSPITAL,
            &[],
            None,
            "Clinic: Mum brought Ella for weight. Thriving.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let ella = who(&res, "Ella");
    assert!(
        matches!(ella.role, Role::Child | Role::Sibling),
        "{ella:#?}"
    );
}

/// A zero-width space or a direction mark inside a name does not make a
/// second person.
#[test]
fn invisible_characters_inside_a_name_do_not_split_a_person() {
    let inputs = vec![
        rec(
            1,
            POLICE,
            &["Zoë Fairbairn"],
            None,
            "Zoë Fairbairn (4) seen at home.",
        ),
        rec(
            2,
            CSC,
            &["Zo\u{200b}ë Fairbairn"],
            None,
            "Zo\u{200b}ë Fairbairn (4) seen alone.",
        ),
        rec(3, CSC, &["Zoë Fair\u{202e}bairn"], None, "Visit."),
    ];
    let res = resolve(&inputs, &no_decisions());
    let children: Vec<_> = res
        .subjects
        .iter()
        .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
        .collect();
    assert_eq!(children.len(), 1, "{res:#?}");
}

/// Staff written with their rank or role, a numbered list of actions, a
/// woman with her pregnancy's weeks and a parent's brother: none is a child
/// of the family, and no professional is one of it.
#[test]
fn ranks_actions_pregnancy_and_a_parents_brother_are_read_for_what_they_are() {
    let inputs = vec![
        rec(
            1,
            CSC,
            &["Ruby Pryce"],
            None,
            "Present: A. Osei (SW), DS M. Heeley (CAIT). Actions: (1) SW to visit. \
             (2) SW to inform HV.",
        ),
        rec(
            2,
            CSC,
            &["Ruby Pryce"],
            None,
            "Intel summary from DS Heeley: caution 2019.",
        ),
        rec(
            3,
            CSC,
            &["Ruby Pryce"],
            None,
            "DS Heeley: CPS NFA. Bail cancelled.",
        ),
        rec(
            4,
            CSC,
            &["Ruby Pryce"],
            None,
            "SW Osei visited. Ruby seen. Heeley updated.",
        ),
        rec(
            5,
            CSC,
            &["Unborn / Sophie Tranter"],
            None,
            "Referral from midwife: Sophie 27/40, history of CP plan.",
        ),
        rec(
            6,
            CSC,
            &["Ruby Pryce"],
            None,
            "Home visit. Mum's brother Kyle present.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    for v in ["Heeley", "Osei", "Actions"] {
        assert!(
            !res.subjects
                .iter()
                .any(|s| s.names.iter().any(|n| fold(&n.text) == fold(v))),
            "{v} taken for a subject: {res:#?}"
        );
    }
    let sophie = who(&res, "Sophie Tranter");
    assert!(
        !matches!(sophie.role, Role::Child | Role::Sibling),
        "{res:#?}"
    );
    let kyle = who(&res, "Kyle");
    assert!(
        !matches!(kyle.role, Role::Child | Role::Sibling),
        "{res:#?}"
    );
}

/// A baby's weeks written after the name ("Harley 4/52") make a child; a
/// police log's surname in capitals first ("ROLFE Jayden (12)") is the
/// same boy as "Jayden ROLFE"; a familiar form with another first letter
/// ("Millie") is the child whose full name has it ("Amelia Kowalczyk").
#[test]
fn a_babys_weeks_a_surname_first_and_a_familiar_form() {
    let inputs = vec![
        rec(
            1,
            GP,
            &[],
            None,
            "Mum (Chelsea) re Harley 4/52: unsettled since weekend.",
        ),
        rec(
            2,
            GP,
            &[],
            None,
            "Harley 6-8 wk check booked. Harley weighed.",
        ),
        rec(
            8,
            GP,
            &[],
            None,
            "Notification: Harley admitted to PICU 10/12/22.",
        ),
        rec(
            3,
            POLICE,
            &[],
            None,
            "Group at the Rec incl. Jayden ROLFE (12) and two older males.",
        ),
        rec(
            4,
            POLICE,
            &[],
            None,
            "ROLFE Jayden (12) stopped at Stallham bus station.",
        ),
        rec(5, HOSPITAL, &["Amelia Kowalczyk 1y10m"], None, "Fever 2/7."),
        rec(
            6,
            HOSPITAL,
            &["Millie Kowalczyk 2y"],
            None,
            "Torn frenulum.",
        ),
        rec(
            7,
            NURSERY,
            &["Amelia Kowalczyk"],
            None,
            "Millie happy in setting.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert!(
        matches!(who(&res, "Harley").role, Role::Child | Role::Sibling),
        "{res:#?}"
    );
    let jayden = who(&res, "Jayden ROLFE");
    assert!(
        jayden.names.iter().any(|v| v.text == "ROLFE Jayden"),
        "{res:#?}"
    );
    let amelia = who(&res, "Amelia Kowalczyk");
    assert!(
        amelia.names.iter().any(|v| v.text == "Millie Kowalczyk"),
        "{res:#?}"
    );
    assert!(matches!(amelia.role, Role::Child | Role::Sibling));
    // A date after a word is no baby's age: the unit is no one.
    assert!(
        !res.subjects
            .iter()
            .any(|s| s.names.iter().any(|v| v.text == "PICU")),
        "{res:#?}"
    );
}

/// A surname written alone belongs to the family member of that name the
/// record names in full, else to the one its agency names most: a police
/// log about a boy calls him "ROLFE", not his mother.
#[test]
fn bare_surname_follows_the_record_and_its_agency() {
    let inputs = vec![
        rec(
            1,
            CSC,
            &["Jayden Rolfe"],
            None,
            "Mum Stacey Rolfe seen at home. Front Door: NFA.",
        ),
        rec(
            2,
            CSC,
            &["Stacey Rolfe"],
            None,
            "Rolfe said she would move back to Brantwick.",
        ),
        rec(
            3,
            POLICE,
            &[],
            None,
            "Youths dispersed incl. Jayden ROLFE (12). ROLFE taken home.",
        ),
        rec(
            4,
            POLICE,
            &[],
            None,
            "ROLFE Jayden (12) stopped at the bus station with an older male.",
        ),
        rec(
            5,
            POLICE,
            &[],
            None,
            "Intel log: ROLFE associating with a county line.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let jayden = who(&res, "Jayden Rolfe").id;
    let stacey = who(&res, "Stacey Rolfe").id;
    assert!(link(&res, 3, jayden).is_some(), "{res:#?}");
    assert!(link(&res, 3, stacey).is_none(), "{res:#?}");
    assert!(link(&res, 5, jayden).is_some(), "{res:#?}");
    assert!(link(&res, 5, stacey).is_none(), "{res:#?}");
    // Social care's own "Rolfe said she…" stays with the mother.
    assert!(link(&res, 2, stacey).is_some(), "{res:#?}");
    // "Front Door" is social care's, not a person.
    assert!(
        !res.subjects
            .iter()
            .any(|s| s.names.iter().any(|v| v.text.contains("Door"))),
        "{res:#?}"
    );
}

/// A count after a comma is no child's age, and the makes of cars and
/// phones police and schools note are no one.
#[test]
fn counts_and_makes_are_no_one() {
    let inputs = vec![
        rec(
            1,
            HOSPITAL,
            &["Jaydon Marsh 15y"],
            None,
            "Wound L buttock. Irrigated, 4 sutures.",
        ),
        rec(
            2,
            NURSERY,
            &["Jayden Marsh"],
            None,
            "Collected by two older males in a grey VW Golf. HoY told. Second phone (Nokia) found.",
        ),
        rec(
            3,
            NURSERY,
            &["Jayden Marsh"],
            None,
            "Kacey, 4, collected by Mum.",
        ),
        rec(
            4,
            GP,
            &["Jayden Marsh"],
            None,
            "Recall 6/12. Retry 1/52. Op Encompass Mon-Tue.",
        ),
        rec(
            5,
            NURSERY,
            &["Jayden Marsh"],
            None,
            "Revisit 2/52. Reweigh 4/52.",
        ),
        rec(
            6,
            GP,
            &["Jayden Marsh"],
            None,
            "Immunisation – WNB (L. Fox PN). PoP: 'a friend'. Denies relationship.",
        ),
        rec(
            7,
            NURSERY,
            &["Jayden Marsh"],
            None,
            "Granddaughter Kacey (13) with her on SGO since 2019. Office visit.",
        ),
        rec(
            8,
            GP,
            &["Jayden Marsh"],
            None,
            "Admin (Docman) 111 Post Event Message 06/12 - fever. Dr Khan - Correspondence [MOTHER'S RECORD] Filed.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    for word in [
        "Docman",
        "Post Event Message",
        "Correspondence",
        "RECORD",
        "Irrigated",
        "Golf",
        "HoY",
        "Nokia",
        "Recall",
        "Retry",
        "Revisit",
        "Reweigh",
        "Immunisation",
        "Granddaughter",
        "Office",
        "PoP",
        "Denies",
        "Encompass",
        "Mon",
    ] {
        assert!(
            !res.subjects
                .iter()
                .any(|s| s.names.iter().any(|v| v.text.contains(word))),
            "{word}: {res:#?}"
        );
    }
    assert!(
        matches!(who(&res, "Kacey").role, Role::Child | Role::Sibling),
        "{res:#?}"
    );
}

/// A GP journal: the child named in the title, called by her nickname in
/// the entries; each entry opens with the doctor's name and a dash; a
/// police extract names a class of drug before the mother's surname.
#[test]
fn journal_author_nickname_and_drug_class_are_read_rightly() {
    let title = "Amelia-Rose HART (child, from the file's title)";
    let inputs = vec![
        rec(
            1,
            GP,
            &[title],
            None,
            "Dr Anjali Pillai - Face to face\nMillie seen with Mum Chloe. Cough.",
        ),
        rec(
            2,
            GP,
            &[title],
            None,
            "Dr Anjali Pillai - Correspondence\nED letter: Millie swallowed a sweet.",
        ),
        rec(
            3,
            GP,
            &[title],
            None,
            "Dr Anjali Pillai - Telephone\nMum says Millie is fine now.",
        ),
        rec(
            4,
            POLICE,
            &[],
            None,
            "Warrant executed. Jordan MACE arrested PWITS class B. HART spoken to at \
             scene, Millie asleep upstairs.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let child = who(&res, "Amelia-Rose HART");
    assert!(
        child.names.iter().any(|v| v.text == "Millie"),
        "the nickname is the child's: {res:#?}"
    );
    assert_no_one_named(&res, &["Anjali Pillai", "Pillai", "B. HART", "B HART"]);
    assert_eq!(
        res.subjects
            .iter()
            .filter(|s| s.role == Role::Child)
            .count(),
        1,
        "{res:#?}"
    );
}

/// A hospital unit in capitals after a role word ("child's PICU
/// admission") is no child; a nurse named with her role in brackets ("A
/// Birks (Named Nurse)") is staff however often she is written alone.
#[test]
fn a_hospital_unit_and_a_named_nurse_are_no_one_of_the_family() {
    let title = "Tyler BRENNAN (child, from the file's title)";
    let texts = [
        "Intubated in resus, admitted PICU. Mum and partner present. Mum said Tyler 'never really took it'.",
        "A Birks (Named Nurse) and PICU team: safeguarding referral to Stoke-on-Trent CSC (4 attendances).",
        "Attended by A Birks. CSC chair, police, school DSL, GP (report). S47 agreed.",
        "Hospital (A Birks) phoned – T in PICU since Sat. Confirmed spare inhaler use and absences.",
        "Info request from Stoke-on-Trent CSC following child's PICU admission. Record shared 22/02.",
    ];
    let res = resolve_after_title(title, "Tyler seen with Mum.", HOSPITAL, &texts);
    assert_no_one_named(&res, &["PICU", "Birks", "A Birks"]);
}

/// A language after "speak" or "limited", or before "interpreter", and a
/// medicine's brand name are no people however often they are written.
#[test]
fn languages_and_medicines_are_no_one() {
    let title = "Kacper Nowak (child, from the file's title)";
    let texts = [
        "Mum phoned (v limited English) - K off, cough.",
        "K had to phone the council for his dad because dad can't speak English good.",
        "Polish interpreter booked; English speaking aunt attended.",
        "Clenil 100mcg bd via spacer. Dietitian.",
        "Mum says Clenil not helping. Salbutamol PRN.",
        "Clenil increased. Review 3/12.",
    ];
    let res = resolve_after_title(title, "Kacper seen with Mum.", GP, &texts);
    assert_no_one_named(&res, &["English", "Clenil", "Polish"]);
}

/// The mother known by her given name alone ("Mum (Danielle)") is the "Ms
/// Kershaw" a closure letter is sent to, where the child is a Kershaw.
#[test]
fn a_titled_surname_of_the_child_joins_the_mother_known_by_her_given_name() {
    let title = "Maisie Kershaw (child, from the file's title)";
    let inputs = vec![
        rec(
            1,
            CSC,
            &[title],
            None,
            "Home visit. Mum Danielle present, Maisie seen alone.",
        ),
        rec(2, CSC, &[title], None, "Phoned mum Danielle re attendance."),
        rec(
            3,
            CSC,
            &[title],
            None,
            "Closure letters sent to Ms Kershaw and school. Case closed.",
        ),
        rec(
            4,
            POLICE,
            &[],
            None,
            "Ms Kershaw reports her partner shouting; Maisie Kershaw present.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let mother = by_label(&res, "Mother");
    assert!(
        mother.names.iter().any(|v| v.text == "Ms Kershaw"),
        "{res:#?}"
    );
    assert!(
        !res.subjects.iter().any(|s| s.label.starts_with("Adult")),
        "{res:#?}"
    );
}
