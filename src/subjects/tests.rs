//! Tests of subject resolution over the demo family's name variants.

use super::*;

const CSC: i64 = 1;
const POLICE: i64 = 2;
const HOSPITAL: i64 = 3;
const SCHOOL: i64 = 4;
const HOUSING: i64 = 5;
const PROBATION: i64 = 6;

pub(super) fn rec(
    record: i64,
    agency: i64,
    names: &[&str],
    dob: Option<&str>,
    text: &str,
) -> SubjectInput<'static> {
    SubjectInput {
        record,
        agency,
        adults_named: false,
        names: names.iter().map(|s| s.to_string()).collect(),
        dob: dob.map(str::to_string),
        text: text.to_string().into(),
    }
}

/// The demo family as agencies write it.
fn demo() -> Vec<SubjectInput<'static>> {
    vec![
        rec(1, CSC, &["Tyler Brooks (and unborn sibling)"], None,
            "PPN received 25/01/2021 re verbal argument between mum Kayleigh Brooks and partner \
             Dean Marsh. Tyler (3) present, asleep. Mum approx 13 wks pregnant."),
        rec(2, CSC, &["Tyler Brooks"], Some("03/05/2017"),
            "Unannounced home visit 24/03/2021. Kayleigh seen alone. Tyler at nursery - not seen. \
             Kayleigh says Dean has moved back to his mum's."),
        rec(3, CSC, &["Tyler Brooks; Mia Brooks"], None,
            "Home visit 23/09/2021. Kayleigh, Tyler and Mia seen. Tyler said he likes it when Nan \
             comes. Mia (8 wks) seen, well presented."),
        rec(4, CSC, &["Tyler Brooks"], None,
            "Tel call 05/10/2021 to Maureen Hollis (MGM) - supportive, visits most days."),
        rec(5, CSC, &["Tyler Brooks"], None,
            "Referral 18/11/2021: Tyler said 'Deano squeezed my ears'. Allegation against mum's \
             partner Dean Marsh. Jade Okafor (SW) to visit; Dr Hannah Greaves to examine."),
        rec(6, CSC, &["Mia Brooks"], Some("26/07/2021"),
            "Referral 20/07/2022: Mia (11 mths) attended ED with bruising. Mum says Tyler pushed \
             her."),
        rec(7, POLICE, &["BROOKS, Tyler"], Some("03/05/2017"),
            "23/01/2021: Child Tyler BROOKS (3) asleep in his bedroom. Partner Dean MARSH \
             arrested."),
        rec(8, POLICE, &["BROOKS, Kayleigh"], Some("11/02/1998"),
            "18/09/2021: 999 call from Kayleigh BROOKS. Partner Dean MARSH intoxicated, threatened \
             to kill her while she held baby Mia (7 wks)."),
        rec(9, POLICE, &["MARSH, Dean"], Some("30/10/1994"),
            "19/11/2021: MARSH interviewed, no comment. Suspect Dean MARSH (mum's partner)."),
        rec(10, POLICE, &["HOLLIS, Maureen"], Some("22/08/1971"),
            "19/02/2022: Call from Maureen HOLLIS (maternal grandmother): believes Dean MARSH is \
             living at the address."),
        rec(11, HOSPITAL, &["Tyler BROOKES"], Some("03/05/2017"),
            "06/03/2021: Tyler (3) brought by mother and mother's partner. Fell against coffee \
             table."),
        rec(12, HOSPITAL, &["T. Brookes"], None, "14/06/2021: seen in ED with mum."),
        rec(13, SCHOOL, &["Ty"], None,
            "10/02/2021: Ty arrived with a bruise. Mum (Kayley) said he fell off the sofa."),
        rec(14, SCHOOL, &["TB"], None, "15/09/2021: TB collected by nan. Said he was hungry."),
        rec(15, SCHOOL, &["Tyler Brooks"], None,
            "19/11/2021: Tyler brought to school by Nan (Maureen). Mrs Walsh informed."),
        rec(16, HOUSING, &[], None, "11/01/2021: Ms Brooks called: UC payment delayed."),
        rec(17, HOUSING, &[], None,
            "12/10/2021: Annual tenancy audit. Door answered by Mr Dean Marsh who said he lives \
             here. Ms Brooks and baby present."),
        rec(18, HOUSING, &[], None,
            "05/11/2021: Neighbour reports shouting, male voice 'sounded like Deano'."),
        rec(19, PROBATION, &["Dean Marsh"], None,
            "11/01/2021: DM reports living with his mum at 22 Ashby Road."),
        rec(20, PROBATION, &["DM"], None, "22/02/2021: DM says Kayleigh has 'dropped it'."),
        rec(21, SCHOOL, &["Tyler Brooks"], None, "Mum did not attend the appointment."),
        rec(22, SCHOOL, &["Tyler Brooks"], None, "MGM attended parents' evening with Tyler."),
        rec(23, SCHOOL, &["Tyler Brooks"], None, "Mum's partner collected Tyler at 3pm."),
        rec(24, CSC, &["Mum"], None, "Telephone call, no answer."),
        rec(25, HOSPITAL, &["Mia MARSH"], Some("26/07/2021"),
            "19/07/2022: Mia (11 mths) brought by mother; bruising to both cheeks."),
        rec(26, HOUSING, &[], None, "Ms K Brooks sent arrears letter. Kaleigh Brooks rang back."),
        rec(27, POLICE, &["MARSH, Dean"], None, "Arrested at 22 Ashby Road (mother's address)."),
    ]
}

pub(super) fn no_decisions() -> Decisions {
    Decisions::default()
}

/// The subject that has this name variant (compared folded).
pub(super) fn who<'a>(res: &'a Resolution, variant: &str) -> &'a Subject {
    let f = fold(variant);
    let found: Vec<&Subject> = res
        .subjects
        .iter()
        .filter(|s| s.names.iter().any(|v| fold(&v.text) == f))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "variant {variant:?} in {} subjects: {res:#?}",
        found.len()
    );
    found[0]
}

pub(super) fn by_label<'a>(res: &'a Resolution, label: &str) -> &'a Subject {
    res.subjects
        .iter()
        .find(|s| s.label == label)
        .unwrap_or_else(|| panic!("no subject labelled {label}: {res:#?}"))
}

pub(super) fn link(res: &Resolution, record: i64, subject: usize) -> Option<(f32, LinkSource)> {
    res.links
        .iter()
        .find(|l| l.0 == record && l.1 == subject)
        .map(|l| (l.2, l.3))
}

#[test]
fn demo_variants_cluster_into_five_people() {
    let res = resolve(&demo(), &no_decisions());
    assert_eq!(res.subjects.len(), 5, "{res:#?}");
    let tyler = who(&res, "Tyler Brooks").id;
    for v in [
        "BROOKS, Tyler",
        "Tyler BROOKES",
        "T. Brookes",
        "Ty",
        "TB",
        "Tyler",
    ] {
        assert_eq!(who(&res, v).id, tyler, "{v}");
    }
    let kayleigh = who(&res, "Kayleigh Brooks").id;
    for v in [
        "BROOKS, Kayleigh",
        "Kayley",
        "Ms Brooks",
        "Kayleigh",
        "Ms K Brooks",
        "Kaleigh Brooks",
    ] {
        assert_eq!(who(&res, v).id, kayleigh, "{v}");
    }
    let dean = who(&res, "Dean Marsh").id;
    for v in ["MARSH, Dean", "Deano", "DM", "Dean", "MARSH"] {
        assert_eq!(who(&res, v).id, dean, "{v}");
    }
    let maureen = who(&res, "Maureen Hollis").id;
    for v in ["HOLLIS, Maureen", "Maureen"] {
        assert_eq!(who(&res, v).id, maureen, "{v}");
    }
    let mia = who(&res, "Mia Brooks").id;
    assert_eq!(
        who(&res, "Mia MARSH").id,
        mia,
        "same given name and date of birth"
    );
    let ids: std::collections::BTreeSet<usize> = [tyler, kayleigh, dean, maureen, mia].into();
    assert_eq!(ids.len(), 5);
    // Professionals named in the text are nobody's variant.
    for v in ["Jade Okafor", "Hannah Greaves", "Mrs Walsh", "Walsh"] {
        assert!(res
            .subjects
            .iter()
            .all(|s| s.names.iter().all(|n| fold(&n.text) != fold(v))));
    }
}

#[test]
fn ids_follow_first_appearance() {
    let res = resolve(&demo(), &no_decisions());
    for (i, s) in res.subjects.iter().enumerate() {
        assert_eq!(s.id, i);
    }
    assert_eq!(res.subjects[0].id, who(&res, "Tyler Brooks").id);
}

#[test]
fn ty_joins_tyler_alone() {
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], None, ""),
        rec(2, SCHOOL, &["Ty"], None, "Ty was upset."),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 1);
    let ty = res.subjects[0]
        .names
        .iter()
        .find(|v| v.text == "Ty")
        .unwrap();
    assert!((0.6..=0.8).contains(&ty.confidence), "{ty:?}");
}

#[test]
fn gaz_joins_gary() {
    let inputs = vec![
        rec(1, CSC, &["Tia Crowther"], None, ""),
        rec(2, CSC, &["Gary Tillotson"], None, ""),
        rec(3, SCHOOL, &["Gaz"], None, "Gaz shouted at mum."),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(
        who(&res, "Gaz").id,
        who(&res, "Gary Tillotson").id,
        "{res:#?}"
    );
}

#[test]
fn nickname_stays_apart_when_ambiguous() {
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], None, ""),
        rec(2, CSC, &["Tyrone Brooks"], None, ""),
        rec(3, SCHOOL, &["Ty"], None, ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 3);
}

#[test]
fn initial_and_spelling_join_tyler() {
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], None, ""),
        rec(2, CSC, &["Tyler Brooks"], None, ""),
        rec(3, HOSPITAL, &["T. Brookes"], None, ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 1, "{res:#?}");
    let s = &res.subjects[0];
    let exact = s.names.iter().find(|v| v.text == "Tyler Brooks").unwrap();
    let initial = s.names.iter().find(|v| v.text == "T. Brookes").unwrap();
    assert_eq!(exact.confidence, 1.0);
    assert!(
        initial.confidence < 0.8 && initial.confidence >= 0.5,
        "{initial:?}"
    );
    assert_eq!(initial.agencies, vec![HOSPITAL]);
}

#[test]
fn sibling_does_not_join_tyler() {
    let res = resolve(&demo(), &no_decisions());
    assert_ne!(who(&res, "Mia Brooks").id, who(&res, "Tyler Brooks").id);
    // Even with nothing else to go on.
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], None, ""),
        rec(2, CSC, &["Mia Brooks"], None, ""),
        rec(3, CSC, &["M. Brooks"], None, ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 2);
    assert_eq!(who(&res, "M. Brooks").id, who(&res, "Mia Brooks").id);
}

#[test]
fn different_dates_of_birth_never_merge() {
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], Some("03/05/2017"), ""),
        rec(2, POLICE, &["BROOKS, Tyler"], Some("01/01/2010"), ""),
        rec(3, HOSPITAL, &["Tyler BROOKES"], Some("2010-01-01"), ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 2, "{res:#?}");
    let a = link(&res, 1, 0).is_some();
    assert!(a);
    assert_eq!(
        res.links.iter().find(|l| l.0 == 2).unwrap().1,
        res.links.iter().find(|l| l.0 == 3).unwrap().1
    );
    assert_ne!(
        res.links.iter().find(|l| l.0 == 1).unwrap().1,
        res.links.iter().find(|l| l.0 == 2).unwrap().1
    );
    let dobs: Vec<Option<String>> = res.subjects.iter().map(|s| s.dob.clone()).collect();
    assert_eq!(
        dobs,
        vec![Some("03/05/2017".into()), Some("01/01/2010".into())]
    );
}

#[test]
fn names_in_one_column_are_different_people() {
    let inputs = vec![
        rec(1, CSC, &["Daniel Brooks; Danny Brooks"], None, ""),
        rec(2, CSC, &["Dan Brooks"], None, ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_ne!(who(&res, "Daniel Brooks").id, who(&res, "Danny Brooks").id);
}

#[test]
fn title_and_surname_attach_to_the_mother() {
    let res = resolve(&demo(), &no_decisions());
    let mother = by_label(&res, "Mother");
    assert_eq!(who(&res, "Ms Brooks").id, mother.id);
    assert_eq!(who(&res, "Kayleigh Brooks").id, mother.id);
    assert_eq!(res.label_for("Ms Brooks"), Some("Mother"));
    assert_eq!(res.label_for("MRS BROOKS"), Some("Mother"));
    let ms = mother.names.iter().find(|v| v.text == "Ms Brooks").unwrap();
    assert!((0.5..=0.7).contains(&ms.confidence), "{ms:?}");
    assert_eq!(ms.agencies, vec![HOUSING]);
    // The housing records link to her through the title.
    assert_eq!(
        link(&res, 16, mother.id).map(|l| l.1),
        Some(LinkSource::TextName)
    );
    assert_eq!(res.label_for("Mr Marsh"), Some("Mother's partner"));
}

#[test]
fn title_picks_the_adult_of_the_right_gender() {
    let inputs = vec![
        rec(
            1,
            CSC,
            &["Tyler Brooks"],
            None,
            "mum Kayleigh Brooks and dad Lee Brooks present.",
        ),
        rec(2, HOUSING, &[], None, "Mr Brooks called."),
        rec(3, HOUSING, &[], None, "Ms Brooks called."),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(who(&res, "Mr Brooks").id, by_label(&res, "Father").id);
    assert_eq!(who(&res, "Ms Brooks").id, by_label(&res, "Mother").id);
}

#[test]
fn role_words_link_to_the_right_subject() {
    let res = resolve(&demo(), &no_decisions());
    let mother = by_label(&res, "Mother").id;
    let partner = by_label(&res, "Mother's partner").id;
    let mgm = by_label(&res, "Maternal grandmother").id;
    assert_eq!(
        link(&res, 21, mother).map(|l| l.1),
        Some(LinkSource::TextRole)
    );
    assert_eq!(link(&res, 22, mgm).map(|l| l.1), Some(LinkSource::TextRole));
    assert_eq!(
        link(&res, 14, mgm).map(|l| l.1),
        Some(LinkSource::TextRole),
        "nan"
    );
    // "Mum's partner" is the partner, not the mother.
    assert_eq!(
        link(&res, 23, partner).map(|l| l.1),
        Some(LinkSource::TextRole)
    );
    assert_eq!(link(&res, 23, mother), None);
    // "his mum" is the partner's mother, nobody in the review; so is
    // "mother" in a record about the partner alone.
    assert_eq!(link(&res, 19, mother), None);
    assert_eq!(link(&res, 27, mother), None);
    assert_eq!(
        link(&res, 27, partner).map(|l| l.1),
        Some(LinkSource::Column)
    );
    // A role in the subject column.
    assert_eq!(
        link(&res, 24, mother).map(|l| l.1),
        Some(LinkSource::Column)
    );
    // Names in the text.
    assert_eq!(
        link(&res, 18, partner).map(|l| l.1),
        Some(LinkSource::TextName),
        "Deano"
    );
    assert_eq!(
        link(&res, 20, mother).map(|l| l.1),
        Some(LinkSource::TextName),
        "Kayleigh"
    );
    let (c, src) = link(&res, 1, by_label(&res, "Child A").id).unwrap();
    assert_eq!((c, src), (1.0, LinkSource::Column));
    // One link per record and subject.
    let mut seen = std::collections::HashSet::new();
    assert!(res.links.iter().all(|l| seen.insert((l.0, l.1))));
}

#[test]
fn labels_and_roles() {
    let res = resolve(&demo(), &no_decisions());
    let expect = [
        ("Tyler Brooks", "Child A", Role::Child),
        ("Mia Brooks", "Child B", Role::Sibling),
        ("Kayleigh Brooks", "Mother", Role::Parent),
        ("Dean Marsh", "Mother's partner", Role::Partner),
        ("Maureen Hollis", "Maternal grandmother", Role::OtherAdult),
    ];
    for (name, label, role) in expect {
        let s = who(&res, name);
        assert_eq!((s.label.as_str(), s.role), (label, role), "{name}");
        assert_eq!(res.label_for(name), Some(label));
    }
    assert_eq!(who(&res, "Tyler Brooks").dob.as_deref(), Some("03/05/2017"));
    let json = serde_json::to_value(&res.subjects[0]).unwrap();
    assert_eq!(json["role"], "child");
    assert_eq!(
        serde_json::to_string(&Role::OtherAdult).unwrap(),
        "\"other_adult\""
    );
    assert_eq!(
        serde_json::to_string(&LinkSource::TextRole).unwrap(),
        "\"text_role\""
    );
}

#[test]
fn adults_without_role_words_are_adult_a_b() {
    let inputs = vec![
        rec(
            1,
            CSC,
            &["Tyler Brooks"],
            Some("03/05/2017"),
            "Visit 01/02/2021.",
        ),
        rec(2, CSC, &["Tyler Brooks"], None, "Visit 02/02/2021."),
        rec(
            3,
            POLICE,
            &["Gary Stone"],
            Some("01/01/1980"),
            "Seen 03/02/2021.",
        ),
        rec(
            4,
            POLICE,
            &["Lisa Moss"],
            Some("01/01/1985"),
            "Seen 04/02/2021.",
        ),
        rec(5, CSC, &["Amy Brooks"], Some("01/06/2019"), ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    let labels: Vec<(&str, Role)> = res
        .subjects
        .iter()
        .map(|s| (s.label.as_str(), s.role))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("Child A", Role::Child),
            ("Adult A", Role::OtherAdult),
            ("Adult B", Role::OtherAdult),
            ("Child B", Role::Sibling),
        ]
    );
}

/// The subject one of whose names is `name`, as written.
fn named<'r>(res: &'r Resolution, name: &str) -> Option<&'r Subject> {
    res.subjects
        .iter()
        .find(|s| s.names.iter().any(|n| n.text == name))
}

/// A name a GP's subject column gives ("Jade Stroud - consultation"),
/// with no sign of age, may be a parent's: it is not taken for the child.
/// The same name in a school's subject column is a child's.
#[test]
fn a_name_only_in_a_gps_subject_column_is_not_taken_for_a_child() {
    let gp = |record: i64, names: &[&str]| SubjectInput {
        adults_named: true,
        ..rec(record, 7, names, None, "Low mood. PHQ-9 14.")
    };
    let inputs = vec![
        rec(
            1,
            SCHOOL,
            &["Noah Stroud (7)"],
            None,
            "Noah settled in class.",
        ),
        gp(2, &["Jade Stroud"]),
        gp(3, &["Jade Stroud"]),
        gp(4, &["Jade Stroud"]),
    ];
    let res = resolve(&inputs, &no_decisions());
    let role = |name: &str| named(&res, name).map(|s| s.role);
    assert_eq!(role("Noah Stroud"), Some(Role::Child));
    assert!(!matches!(
        role("Jade Stroud"),
        Some(Role::Child | Role::Sibling) | None
    ));
    let inputs = vec![
        rec(
            1,
            SCHOOL,
            &["Noah Stroud (7)"],
            None,
            "Noah settled in class.",
        ),
        rec(2, SCHOOL, &["Mia Stroud"], None, "Mia in reception."),
    ];
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(
        named(&res, "Mia Stroud").map(|s| s.role),
        Some(Role::Sibling)
    );
}

/// The main child bears another surname: the one adult who shares her
/// brother's is taken for the mother.
#[test]
fn the_adult_with_a_brothers_surname_is_the_mother_when_no_one_else_is() {
    let police = |record: i64, text: &'static str| SubjectInput {
        adults_named: true,
        ..rec(record, POLICE, &["Shannon Ridley"], None, text)
    };
    let inputs = vec![
        rec(1, SCHOOL, &["Ava Costello"], None, "Ava weighed, well."),
        rec(2, SCHOOL, &["Ava Costello"], None, "Ava seen at clinic."),
        rec(
            3,
            SCHOOL,
            &["Leo Ridley (8)"],
            None,
            "Leo settled in class.",
        ),
        police(4, "Verbal argument with partner Dean Costello."),
        police(5, "Victim contact by phone."),
    ];
    let res = resolve(&inputs, &no_decisions());
    let all: Vec<_> = res
        .subjects
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                s.names.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        named(&res, "Shannon Ridley").map(|s| (s.label.clone(), s.role)),
        Some(("Mother".to_string(), Role::Parent)),
        "{all:?}"
    );
}

/// No one is called the mother, but the adult who shares the child's
/// surname, and is no one else of the family, is taken for her.
#[test]
fn the_adult_with_the_childs_surname_is_the_mother_when_no_one_else_is() {
    let police = |record: i64, text: &'static str| SubjectInput {
        adults_named: true,
        ..rec(record, POLICE, &["Kirsty Fenwick"], None, text)
    };
    let inputs = vec![
        rec(
            1,
            SCHOOL,
            &["Ruby Fenwick (7)"],
            None,
            "Ruby settled in class.",
        ),
        police(2, "999 call: partner Dean Ashworth pushed her."),
        police(3, "Victim contact by phone."),
        rec(
            4,
            SCHOOL,
            &["Ruby Fenwick"],
            None,
            "MGM Sandra Fenwick collected Ruby.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let label = |name: &str| named(&res, name).map(|s| (s.label.clone(), s.role));
    let all: Vec<_> = res
        .subjects
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                s.names.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        label("Kirsty Fenwick"),
        Some(("Mother".to_string(), Role::Parent)),
        "{all:?}"
    );
    assert_ne!(
        label("Sandra Fenwick").map(|l| l.0),
        Some("Mother".to_string()),
        "{all:?}"
    );
}

#[test]
fn split_separates_and_survives_reanalysis() {
    let decisions = Decisions {
        splits: vec![("Tyler Brooks".into(), "T. Brookes".into())],
        ..Decisions::default()
    };
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], None, ""),
        rec(2, CSC, &["Tyler Brooks"], None, ""),
        rec(3, HOSPITAL, &["T. Brookes"], None, ""),
        rec(4, HOSPITAL, &["Tyler BROOKES"], None, ""),
    ];
    let before = resolve(&inputs, &no_decisions());
    assert_eq!(before.subjects.len(), 1);
    let after = resolve(&inputs, &decisions);
    assert_eq!(after.subjects.len(), 2, "{after:#?}");
    assert_ne!(who(&after, "Tyler Brooks").id, who(&after, "T. Brookes").id);
    // New records shift the ids; the split still holds, and it holds even
    // against a reviewer's merge.
    let mut more = vec![rec(0, POLICE, &["Zara Quinn"], None, "")];
    more.extend(inputs.clone());
    let mut d2 = decisions.clone();
    d2.merges.push(("BROOKS, Tyler".into(), "T Brookes".into()));
    let again = resolve(&more, &d2);
    assert_eq!(again.subjects.len(), 3);
    assert_eq!(who(&again, "Zara Quinn").id, 0);
    assert_ne!(who(&again, "Tyler Brooks").id, who(&again, "T. Brookes").id);
    // On the full demo too.
    let res = resolve(&demo(), &decisions);
    assert_ne!(who(&res, "Tyler Brooks").id, who(&res, "T. Brookes").id);
    assert_eq!(who(&res, "Tyler Brooks").label, "Child A");
}

#[test]
fn merge_joins_two_clusters() {
    let inputs = vec![
        rec(1, CSC, &["Jayden Cole"], None, ""),
        rec(2, POLICE, &["J. Smith"], Some("02/02/2015"), ""),
        rec(3, POLICE, &["Jay Smith"], None, ""),
    ];
    let before = resolve(&inputs, &no_decisions());
    assert_eq!(before.subjects.len(), 2);
    let decisions = Decisions {
        merges: vec![("jayden cole".into(), "SMITH, J.".into())],
        ..Decisions::default()
    };
    let after = resolve(&inputs, &decisions);
    assert_eq!(after.subjects.len(), 1, "{after:#?}");
    let s = &after.subjects[0];
    assert!(s
        .names
        .iter()
        .any(|v| v.text == "J. Smith" && v.confidence == 1.0));
    // A merge also overrides different dates of birth.
    let inputs = vec![
        rec(1, CSC, &["Tyler Brooks"], Some("03/05/2017"), ""),
        rec(2, POLICE, &["Tyler Brooks"], Some("05/03/2017"), ""),
    ];
    assert_eq!(resolve(&inputs, &no_decisions()).subjects.len(), 2);
    let d = Decisions {
        merges: vec![("Tyler Brooks".into(), "Tyler Brooks".into())],
        ..Decisions::default()
    };
    // Same name on both sides: nothing to merge by name; still two.
    assert_eq!(resolve(&inputs, &d).subjects.len(), 2);
}

#[test]
fn label_decision_renames() {
    let decisions = Decisions {
        labels: vec![
            ("Maureen HOLLIS".into(), "Grandmother".into(), None),
            ("Deano".into(), "Stepfather".into(), None),
            ("Mia".into(), "Child A".into(), Some(Role::Child)),
        ],
        ..Decisions::default()
    };
    let res = resolve(&demo(), &decisions);
    let m = who(&res, "Maureen Hollis");
    assert_eq!(
        (m.label.as_str(), m.role),
        ("Grandmother", Role::OtherAdult)
    );
    let d = who(&res, "Dean Marsh");
    assert_eq!((d.label.as_str(), d.role), ("Stepfather", Role::Partner));
    let mia = who(&res, "Mia Brooks");
    assert_eq!((mia.label.as_str(), mia.role), ("Child A", Role::Child));
    let tyler = who(&res, "Tyler Brooks");
    assert_eq!(
        (tyler.label.as_str(), tyler.role),
        ("Child B", Role::Sibling)
    );
    assert_eq!(res.label_for("Maureen"), Some("Grandmother"));
    // Role words follow the reviewer's labels.
    assert_eq!(
        link(&res, 14, m.id).map(|l| l.1),
        Some(LinkSource::TextRole)
    );
    assert_eq!(
        link(&res, 23, d.id).map(|l| l.1),
        Some(LinkSource::TextRole)
    );
}

#[test]
fn replacements_cover_every_variant_longest_first() {
    let res = resolve(&demo(), &no_decisions());
    let reps = res.replacements();
    for w in reps.windows(2) {
        assert!(w[0].0.chars().count() >= w[1].0.chars().count(), "{w:?}");
    }
    let get = |v: &str| {
        reps.iter()
            .find(|(t, _)| t.to_lowercase() == v.to_lowercase())
            .or_else(|| reps.iter().find(|(t, _)| fold(t) == fold(v)))
            .map(|(_, l)| l.as_str())
    };
    let expect = [
        ("Tyler Brooks", "Child A"),
        ("BROOKS, Tyler", "Child A"),
        ("Tyler BROOKES", "Child A"),
        ("T. Brookes", "Child A"),
        ("Tyler", "Child A"),
        ("Ty", "Child A"),
        ("TB", "Child A"),
        ("Mia", "Child B"),
        ("Mia MARSH", "Child B"),
        ("Kayleigh", "Mother"),
        ("Kayley", "Mother"),
        ("Kaleigh Brooks", "Mother"),
        ("Ms Brooks", "Mother"),
        ("Miss Brooks", "Mother"),
        ("Ms K Brooks", "Mother"),
        ("Dean", "Mother's partner"),
        ("Deano", "Mother's partner"),
        ("Dean Marsh", "Mother's partner"),
        ("Mr Marsh", "Mother's partner"),
        ("DM", "Mother's partner"),
        ("Hollis", "Maternal grandmother"),
        ("Maureen", "Maternal grandmother"),
        ("Brookes", "Child A"),
        ("T. Brooks", "Child A"),
        ("T Brooks", "Child A"),
        ("Brooks", "Mother"),
        ("Marsh", "Mother's partner"),
    ];
    for (v, l) in expect {
        assert_eq!(get(v), Some(l), "{v}");
    }
    // A family surname is replaced (by its one adult bearer), never left in
    // clear.
    assert_eq!(res.label_for("brooks"), Some("Mother"));
    // Every variant of every subject is in the list.
    for s in &res.subjects {
        for v in &s.names {
            assert!(get(&v.text).is_some(), "{v:?}");
        }
    }
    // Nothing of the professionals.
    assert_eq!(get("Okafor"), None);
    assert_eq!(res.label_for("Jade Okafor"), None);
}

#[test]
fn middle_names_her_partner_and_mothers_day() {
    let mut inputs = demo();
    inputs.push(rec(
        101,
        7,
        &[],
        None,
        "Tyler James Brooks (3): eczema. Mum says no other concerns.",
    ));
    inputs.push(rec(102, 7, &[], None, "Told nurse her partner pushed her."));
    inputs.push(rec(
        103,
        7,
        &[],
        None,
        "Made a Mother's Day card. Dean Smith (locum) saw Mia.",
    ));
    let res = resolve(&inputs, &no_decisions());
    let tyler = who(&res, "Tyler Brooks").id;
    assert_eq!(who(&res, "Tyler James Brooks").id, tyler);
    assert_eq!(
        link(&res, 101, tyler).map(|l| l.1),
        Some(LinkSource::TextName)
    );
    let partner = by_label(&res, "Mother's partner").id;
    assert_eq!(
        link(&res, 102, partner).map(|l| l.1),
        Some(LinkSource::TextRole)
    );
    let mother = by_label(&res, "Mother").id;
    assert_eq!(link(&res, 103, mother), None, "Mother's Day");
    assert_eq!(link(&res, 103, partner), None, "another Dean");
    assert!(link(&res, 103, who(&res, "Mia Brooks").id).is_some());
}

#[test]
fn text_only_people_need_a_role_word() {
    let inputs = vec![
        rec(
            1,
            CSC,
            &["Tyler Brooks"],
            None,
            "Visit 01/03/2021 with maternal grandmother Maureen Hollis. Jade Okafor (SW) and \
             Dr Hannah Greaves present. Mrs Walsh informed.",
        ),
        rec(
            2,
            PROBATION,
            &["Dean Marsh"],
            Some("30/10/1994"),
            "His mother (Mrs Pat Marsh) said he stays at his girlfriend's. Partner agencies \
             informed.",
        ),
        rec(
            3,
            CSC,
            &["Tyler Brooks"],
            None,
            "Maureen visited; Tyler (3) well.",
        ),
    ];
    let res = resolve(&inputs, &no_decisions());
    let labels: Vec<&str> = res.subjects.iter().map(|s| s.label.as_str()).collect();
    // Dean's mother carries the family's surname: one of the family (so an
    // anonymised report hides her too), not Dean.
    assert_eq!(
        labels,
        vec!["Child A", "Maternal grandmother", "Adult A", "Adult B"],
        "{res:#?}"
    );
    assert_ne!(who(&res, "Mrs Pat Marsh").id, who(&res, "Dean Marsh").id);
    assert_eq!(who(&res, "Maureen").id, who(&res, "Maureen Hollis").id);
    assert_eq!(link(&res, 3, 1).map(|l| l.1), Some(LinkSource::TextName));
    for v in ["Jade Okafor", "Okafor", "Walsh", "Mrs Walsh", "Greaves"] {
        assert_eq!(res.label_for(v), None, "{v}");
    }
    // "Marsh" after another given name is someone else.
    assert_eq!(link(&res, 2, 2).map(|l| l.1), Some(LinkSource::Column));
}

#[test]
fn deterministic() {
    let d = Decisions {
        splits: vec![("Ty".into(), "Tyler Brooks".into())],
        labels: vec![("Dean Marsh".into(), "Mother's partner".into(), None)],
        ..Decisions::default()
    };
    let a = resolve(&demo(), &d);
    for _ in 0..3 {
        let b = resolve(&demo(), &d);
        assert_eq!(a, b);
        assert_eq!(a.replacements(), b.replacements());
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }
}

#[test]
fn hundred_thousand_records_resolve() {
    let base = demo();
    let mut inputs = Vec::with_capacity(100_000);
    for i in 0..100_000usize {
        // Each copy keeps its agency: a name one agency writes (the school's
        // "Mrs Walsh") stays that agency's.
        let mut r = base[i % base.len()].clone();
        r.record = i as i64 + 1;
        inputs.push(r);
    }
    let res = resolve(&inputs, &no_decisions());
    assert_eq!(res.subjects.len(), 5);
    assert!(res.links.len() >= 100_000);
    assert_eq!(by_label(&res, "Child A").id, who(&res, "Tyler Brooks").id);
}

#[test]
fn odd_input_never_panics() {
    let nasty = [
        "",
        " ",
        "28é (Zoë Fairbairn)",
        "3Ä (Ab Cd) – x",
        "Child É",
        "Sibling ½",
        "4Ω (Ab Cd)",
        "7中 (Ab Cd)",
        "Child 中",
        "ÉÉ (Éa Éb)",
        "Zoë – ",
        "x, 4,",
        ", aged",
        "(",
        ")",
        "((((",
        "))",
        ";;;",
        ",",
        ", ,",
        "'",
        "’s",
        "-",
        "--a",
        "Ms",
        "Mr Mr",
        "T.",
        "A B C D E F G H",
        "Ünïcödé Çhâr",
        "日本 語",
        "\u{0130}\u{0307}",
        "O'Brien-Smith's",
        "BROOKS,",
        ",Tyler",
        "Tyler (3",
        "Mum (",
        "mum's",
        "&",
        "/ /",
        "unborn",
        "Zoë Climbié",
        "99999999999999999999",
        "(7 wks)",
        "[x]",
        "a\u{0}b",
        "\u{FEFF}Tyler",
    ];
    let mut inputs = Vec::new();
    for (i, n) in nasty.iter().enumerate() {
        inputs.push(rec(
            i as i64,
            i as i64 % 3,
            &[n, nasty[(i * 7) % nasty.len()]],
            Some(nasty[(i * 3) % nasty.len()]),
            &format!(
                "{n} mum {n}'s partner ({n}) Ms {n} nan ({}) {n} (3)",
                nasty[(i * 5) % nasty.len()]
            ),
        ));
    }
    let d = Decisions {
        merges: vec![("".into(), "(".into()), ("Ms".into(), "Zoë Climbié".into())],
        splits: vec![(")".into(), "".into())],
        labels: vec![
            ("".into(), "".into(), None),
            ("Zoë Climbié".into(), "Child A".into(), None),
        ],
    };
    let res = resolve(&inputs, &d);
    let _ = res.replacements();
    let _ = res.label_for("");
    let _ = resolve(&[], &Decisions::default());
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_input_resolves(
            names in proptest::collection::vec("[A-Za-z .,;()'&/é-]{0,24}", 0..4),
            text in "[A-Za-z0-9 .,;:()'’/é-]{0,120}",
            dob in proptest::option::of("[0-9/ -]{0,12}"),
        ) {
            let inputs = vec![
                SubjectInput { record: 1, agency: 1, adults_named: false, names: names.clone(), dob: dob.clone(), text: text.clone().into() },
                SubjectInput { record: 2, agency: 2, adults_named: false, names, dob, text: text.into() },
            ];
            let res = resolve(&inputs, &Decisions::default());
            for s in &res.subjects {
                for v in &s.names {
                    prop_assert!((0.0..=1.0).contains(&v.confidence));
                }
            }
            prop_assert!(res.links.iter().all(|l| l.1 < res.subjects.len()));
        }
    }
}

/// Manual scale check: `cargo test --release --lib subjects::tests::scale_ --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn scale_million_records_manual() {
    let base = demo();
    let inputs: Vec<SubjectInput> = (0..1_000_000usize)
        .map(|i| {
            let mut r = base[i % base.len()].clone();
            r.record = i as i64;
            r
        })
        .collect();
    let t = std::time::Instant::now();
    let res = resolve(&inputs, &no_decisions());
    println!("1M records: {:?}, {} links", t.elapsed(), res.links.len());
}

/// Manual scale check with many distinct names.
#[test]
#[ignore]
fn scale_many_names_manual() {
    // A thematic review: 100,000 records about 20,000 different children.
    let firsts = [
        "Tyler", "Mia", "Jack", "Amelia", "Oliver", "Isla", "Harry", "Ava", "Leo", "Lily", "Noah",
        "Ella", "Alfie", "Grace", "Charlie", "Freya", "George", "Evie", "Oscar", "Poppy",
    ];
    let a = [
        "Ash", "Brook", "Car", "Dal", "El", "Fen", "Gar", "Hol", "Ing", "Jar",
    ];
    let b = [
        "ton", "ley", "wood", "field", "by", "ford", "ham", "well", "stone", "ridge",
    ];
    let c = ["", "s", "er", "en", "ing", "e", "an", "ick", "ot", "ay"];
    let lasts: Vec<String> = (0..1000)
        .map(|i| format!("{}{}{}", a[i % 10], b[(i / 10) % 10], c[i / 100]))
        .collect();
    let inputs: Vec<SubjectInput> = (0..100_000usize)
        .map(|i| {
            let child = i % 20_000;
            let name = format!("{} {}", firsts[child % 20], lasts[child / 20]);
            let text = format!(
                "Visit 0{}/02/2021: {} seen with mum; {} (3) well. Nan present.",
                1 + i % 9,
                name,
                firsts[child % 20]
            );
            rec(i as i64, (i % 5) as i64, &[&name], None, &text)
        })
        .collect();
    let t = std::time::Instant::now();
    let res = resolve(&inputs, &no_decisions());
    println!(
        "100k records, 20k names: {:?}, {} subjects",
        t.elapsed(),
        res.subjects.len()
    );
    let big = res.subjects.iter().map(|s| s.names.len()).max();
    println!("largest variant list: {big:?}");
}

/// A subject column that holds what the entry was as well as, or instead
/// of, whom it was about ("Jade STROUD - consultation", "MASH information
/// request", "Closure", "PPNs") yields the people only.
#[test]
fn a_subject_column_of_entry_kinds_yields_only_the_people() {
    let inputs = vec![
        rec(1, CSC, &["Jade STROUD - consultation"], None, ""),
        rec(2, CSC, &["Noah STROUD - asthma review"], None, ""),
        rec(3, CSC, &["MASH information request"], None, ""),
        rec(4, CSC, &["Strategy discussion invite"], None, ""),
        rec(5, CSC, &["Closure"], None, ""),
        rec(6, CSC, &["PPNs"], None, ""),
        rec(7, CSC, &["Ana de Souza"], None, ""),
    ];
    let res = resolve(&inputs, &no_decisions());
    let mut names: Vec<String> = res
        .subjects
        .iter()
        .map(|s| s.names[0].text.clone())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Ana de Souza", "Jade STROUD", "Noah STROUD"],
        "{res:#?}"
    );
}

/// A police system's labels before the names ("SUSP:", "VIC:", "CHILDREN
/// PRESENT:") are no part of them.
#[test]
fn labels_before_names_in_a_subject_column_are_dropped() {
    let inputs = vec![rec(
        1,
        CSC,
        &["SUSP: HALE Lee; VIC: HALE Nicola; CHILDREN PRESENT: HALE Connor (10), HALE Ruby (3)"],
        None,
        "",
    )];
    let res = resolve(&inputs, &no_decisions());
    let names: Vec<&str> = res
        .subjects
        .iter()
        .flat_map(|s| s.names.iter().map(|n| n.text.as_str()))
        .collect();
    assert!(names.iter().all(|n| !n.contains(':')), "{names:?}");
    for who in ["HALE Lee", "HALE Nicola", "HALE Connor", "HALE Ruby"] {
        assert!(names.contains(&who), "{who}: {names:?}");
    }
}

/// "KW, MW" in a subject column is two children's initials, not a surname
/// and a given name: no one subject holds both.
#[test]
fn two_sets_of_initials_are_two_people() {
    let inputs = vec![
        rec(
            1,
            POLICE,
            &["KW, MW"],
            None,
            "Strategy discussion attended.",
        ),
        rec(
            2,
            POLICE,
            &["KW, MW"],
            None,
            "Police report for ICPC submitted.",
        ),
        rec(3, POLICE, &["KW"], None, "KW seen at home."),
    ];
    let r = resolve(&inputs, &Decisions::default());
    let holds = |s: &Subject, n: &str| s.names.iter().any(|v| v.text == n);
    assert!(
        !r.subjects
            .iter()
            .any(|s| holds(s, "KW, MW") || (holds(s, "KW") && holds(s, "MW"))),
        "{:#?}",
        r.subjects
    );
}
