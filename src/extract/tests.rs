//! Sentence-level tests, written the way practitioners write.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::model::AgencyKind;
use AgencyKind::*;

fn x() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| match Extractor::default_extractor() {
        Ok(x) => x,
        Err(e) => panic!("default taxonomy does not compile: {e}"),
    })
}

fn ids(text: &str) -> Vec<String> {
    let mut v: Vec<String> = x().indicators(text).into_iter().map(|h| h.id).collect();
    v.sort();
    v.dedup();
    v
}

/// Asserts that no sharing the agency sent says it held nothing.
fn assert_no_answer_of_nothing_held(v: &[crate::extract::SharingMention]) {
    assert!(
        v.iter()
            .filter(|m| m.direction == Direction::Outgoing)
            .all(|m| !m.nothing_held),
        "{v:#?}"
    );
}

/// Asserts that each text of `yes` reads as the indicator `id` and none of
/// `no` does.
fn reads_as(id: &str, yes: &[&str], no: &[&str]) {
    for text in yes {
        assert!(
            ids(text).iter().any(|i| i == id),
            "{id}: {text:?}: {:?}",
            ids(text)
        );
    }
    for text in no {
        assert!(
            !ids(text).iter().any(|i| i == id),
            "not {id}: {text:?}: {:?}",
            ids(text)
        );
    }
}

fn kinds(refs: &[AgencyRef]) -> Vec<AgencyKind> {
    let mut v: Vec<AgencyKind> = refs.iter().map(|r| r.kind).collect();
    v.sort();
    v.dedup();
    v
}

fn sorted(mut v: Vec<AgencyKind>) -> Vec<AgencyKind> {
    v.sort();
    v
}

// ---------------------------------------------------------------- taxonomy

#[test]
fn default_taxonomy_parses_and_compiles() {
    let t = Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML).expect("bundled taxonomy parses");
    assert_eq!(t, Taxonomy::default_taxonomy());
    assert!(t.indicators.len() >= 17);
    t.compile().expect("bundled taxonomy compiles");
    for id in [
        "injury",
        "suspected-nai",
        "neglect",
        "domestic-abuse",
        "missing-episode",
        "missing-education",
        "allegation",
        "retraction",
        "child-not-seen",
        "substance-misuse",
        "mental-health-crisis",
        "unsuitable-accommodation",
        "private-fostering",
        "missed-health-appointment",
        "self-harm",
        "sexual-abuse",
        "exploitation",
    ] {
        assert!(t.indicator(id).is_some(), "missing indicator {id}");
    }
    assert!(t.indicator("suspected-nai").is_some_and(|i| i.serious));
    assert!(t.indicator("allegation").is_some_and(|i| i.serious));
    assert!(t.indicator("injury").is_some_and(|i| !i.serious));
    assert_eq!(
        t.indicator("suspected-nai").map(|i| i.label.as_str()),
        Some("Suspected non-accidental injury")
    );
}

#[test]
fn taxonomy_round_trips_through_toml() {
    let t = Taxonomy::default_taxonomy();
    let text = t.to_toml();
    let back = Taxonomy::from_toml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, t);
    // And again, to be sure the writer is stable.
    assert_eq!(back.to_toml(), text);
}

#[test]
fn bad_regex_names_the_indicator_and_the_pattern() {
    let mut t = Taxonomy::default_taxonomy();
    t.indicators[1].patterns.push("(bruis".into());
    let err = Taxonomy::from_toml(&t.to_toml()).unwrap_err();
    assert!(err.contains("indicator \"suspected-nai\""), "{err}");
    assert!(err.contains("(bruis"), "{err}");
    assert!(err.contains("not a valid regular expression"), "{err}");
    let err = t.compile().unwrap_err();
    assert!(err.contains("suspected-nai"), "{err}");
}

#[test]
fn taxonomy_errors_are_clear() {
    let base = Taxonomy::default_taxonomy();

    let mut t = base.clone();
    t.indicators[0].exclude.push("[a-".into());
    let err = t.validate().unwrap_err();
    assert!(
        err.contains("indicator \"injury\": exclude pattern"),
        "{err}"
    );

    let mut t = base.clone();
    t.indicators[2].id = "Neglect Concerns".into();
    assert!(t.validate().unwrap_err().contains("kebab-case"));

    let mut t = base.clone();
    t.indicators[3].id = "injury".into();
    assert!(t.validate().unwrap_err().contains("used twice"));

    let mut t = base.clone();
    t.agencies[0].kinds = vec!["social".into()];
    let err = t.validate().unwrap_err();
    assert!(
        err.contains("agency entry 1") && err.contains("not an agency kind"),
        "{err}"
    );

    let err = Taxonomy::from_toml("version = 1\n[negation]\nwindow = 4\nwindwo = 3\n").unwrap_err();
    assert!(err.contains("windwo"), "{err}");

    let err = Taxonomy::from_toml("version = 2\n[negation]\nwindow = 4\n").unwrap_err();
    assert!(err.contains("version 2"), "{err}");

    let err = Taxonomy::from_toml("this is not toml").unwrap_err();
    assert!(err.starts_with("taxonomy file:"), "{err}");
}

#[test]
fn a_reviewer_can_add_a_term() {
    let mut t = Taxonomy::default_taxonomy();
    assert!(!ids("Tyler had a shiner on Monday.").contains(&"injury".to_string()));
    t.indicators[0].terms.push("shiner".into());
    let x = t.compile().unwrap();
    let hits = x.indicators("Tyler had a shiner on Monday.");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, "injury");
    assert_eq!(hits[0].matched, "shiner");
    assert_eq!(
        &"Tyler had a shiner on Monday."[hits[0].start..hits[0].end],
        "shiner"
    );
}

#[test]
fn extractor_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Extractor>();
    assert_send_sync::<Taxonomy>();
}

#[test]
fn empty_taxonomy_finds_nothing() {
    let x = Taxonomy::empty().compile().unwrap();
    let f = x.analyse(
        "Bruise to cheek. Referred to CSC. Case closed.",
        None,
        None,
        &[],
    );
    assert!(f.indicators.is_empty() && f.sharing.is_empty() && f.decision.is_none());
    assert_eq!(f.child_seen, ChildSeen::Unknown);
}

// -------------------------------------------------------------- indicators

#[test]
fn indicators_found_as_practitioners_write() {
    let cases: &[(&str, &str)] = &[
        ("Bruise to left cheek, no other injuries noted.", "injury"),
        ("Fingertip bruising to upper arms.", "injury"),
        ("X-ray shows fractured left femur.", "injury"),
        ("Scald to right hand, mum says from kettle.", "injury"),
        ("Cigarette burn to forearm.", "injury"),
        ("?NAI - skeletal survey requested.", "suspected-nai"),
        (
            "Paed: injuries inconsistent with the explanation given.",
            "suspected-nai",
        ),
        (
            "Unexplained bruising to ear in non-mobile baby.",
            "suspected-nai",
        ),
        (
            "Query non accidental injury, CP medical booked.",
            "suspected-nai",
        ),
        (
            "Home conditions poor, strong smell of urine, dog faeces on floor.",
            "neglect",
        ),
        (
            "Tyler arrived at nursery hungry and in soiled clothes.",
            "neglect",
        ),
        (
            "Tia said: 'Mummy goes out when we're in bed and Kayden looks after us'.",
            "neglect",
        ),
        (
            "Neighbour reports the children are left on their own till gone midnight.",
            "neglect",
        ),
        (
            "Dani rang: yesterday Jayden got hold of her Sunday take-home bottle, lid was off.",
            "neglect",
        ),
        (
            "Admitted PICU with suspected methadone ingestion.",
            "neglect",
        ),
        (
            "Mason sent intimate image to 'Ellie'. Demand £200 or image sent to his followers.",
            "sexual-abuse",
        ),
        (
            "Reece has nude pics of MH and says he will 'put them on Snap' if she finishes with him.",
            "sexual-abuse",
        ),
        (
            "In role play Poppy lay on top of another child and made thrusting movements.",
            "sexual-abuse",
        ),
        (
            "Sexualised play in home corner again; DSL informed.",
            "sexual-abuse",
        ),
        (
            "Ethan, 15 - admitted sexually assaulting a 12-year-old; lives with his sister, 6.",
            "adult-risk-to-children",
        ),
        (
            "Referral from police re Ethan - sexual assault child u13 (V1, 12).",
            "adult-risk-to-children",
        ),
        (
            "Outcome: NFA - no offence. Intel submitted (juvenile likely being used to run drugs - 'Kez' line).",
            "exploitation",
        ),
        (
            "Callum searched: £340 cash, 2 mobile phones (1 x basic handset).",
            "exploitation",
        ),
        (
            "Gate duty 15:20: Connor got into a grey Audi. Male driver approx 20, another older male in passenger seat.",
            "exploitation",
        ),
        (
            "Nasreen worried the trip to Pakistan is so she can marry her cousin.",
            "forced-marriage",
        ),
        (
            "Brother has taken her passport. School nurse aware of FM concern; FMU advice sought.",
            "forced-marriage",
        ),
        (
            "Leyla scared of 'bringing shame on the family'; fears honour-based abuse.",
            "forced-marriage",
        ),
        (
            "FGM clinic: Type 3 FGM confirmed, deinfibulation planned. Risk to the older daughters rated medium.",
            "fgm",
        ),
        (
            "Gran keeps asking when the girls will come home to be made clean.",
            "fgm",
        ),
        (
            "Discrepancy between reported allergies and presentation in school. ?perplexing presentation.",
            "fabricated-illness",
        ),
        (
            "She said she 'holds stuff' (drugs) and sometimes a shank for T, so 'I'm in debt to him'.",
            "exploitation",
        ),
        (
            "Said she has had sex with T 'and his mate, when T told me to'.",
            "exploitation",
        ),
        (
            "Mum reports daily seizures, never witnessed by staff; EEG normal. Consider FII.",
            "fabricated-illness",
        ),
        (
            "Mason in pyjamas. Mum said 'I'm taking him out, I'm going to teach him myself'.",
            "missing-education",
        ),
        (
            "Neighbour said the little lad is never at school these days.",
            "missing-education",
        ),
        (
            "Freya (15) took approx 24 x paracetamol after a row at home.",
            "self-harm",
        ),
        (
            "Nursing notes: multiple superficial healing linear cuts both forearms.",
            "self-harm",
        ),
        (
            "Police attended DV incident at home address; Tyler present.",
            "domestic-abuse",
        ),
        (
            "Mum's partner punched mum in front of the children.",
            "domestic-abuse",
        ),
        ("Dad arrested for assault on mum.", "domestic-abuse"),
        (
            "Mum reports partner has been violent towards her.",
            "domestic-abuse",
        ),
        ("DASH completed - medium risk.", "domestic-abuse"),
        (
            "Op Encompass notification received from police.",
            "domestic-abuse",
        ),
        (
            "Verbal domestic between mum and partner, no injuries.",
            "domestic-abuse",
        ),
        (
            "Tyler reported missing by mum at 22:00, located by police at 02:00.",
            "missing-episode",
        ),
        (
            "Absconded from placement overnight, found in Leeds.",
            "missing-episode",
        ),
        ("MFH report created.", "missing-episode"),
        ("Tyler not in school since 3rd March.", "missing-education"),
        (
            "Referred to CME officer - family not responding.",
            "missing-education",
        ),
        ("Attendance 78% this term.", "missing-education"),
        (
            "DSL review of log: hygiene, lice x2, dental pain.",
            "neglect",
        ),
        (
            "Tyler disclosed to his teacher that dad hit him with a belt.",
            "allegation",
        ),
        ("Tyler said mum's partner hurt him.", "allegation"),
        (
            "Tyler disclosed that mummy's boyfriend smacks him.",
            "allegation",
        ),
        ("Father denied the allegation.", "allegation"),
        (
            "Kacey said in circle time 'Lewis smacks me when I'm naughty, on my legs'.",
            "allegation",
        ),
        (
            "LADO informed of allegation against PE teacher.",
            "allegation",
        ),
        ("Mum retracted her statement.", "retraction"),
        (
            "Victim withdrew her statement and does not support a prosecution.",
            "retraction",
        ),
        ("Baby asleep upstairs - not seen.", "child-not-seen"),
        ("Home visit - no access.", "child-not-seen"),
        ("Strong smell of cannabis in the flat.", "substance-misuse"),
        ("Mum appeared intoxicated at handover.", "substance-misuse"),
        (
            "Mum says she has been drinking more since the birth.",
            "substance-misuse",
        ),
        (
            "Sectioned under s136 after threatening suicide.",
            "mental-health-crisis",
        ),
        ("Mum admitted to psychiatric unit.", "mental-health-crisis"),
        (
            "Family in B&B temporary accommodation, overcrowded.",
            "unsuitable-accommodation",
        ),
        (
            "Eviction notice served; rent arrears.",
            "unsuitable-accommodation",
        ),
        (
            "Tyler staying with a family friend for 6 weeks.",
            "private-fostering",
        ),
        (
            "Medication review: insulin glargine issued 3 times in 12 months.",
            "neglect",
        ),
        ("Epilim not collected since May.", "neglect"),
        (
            "SABA OVERUSE: 7 salbutamol inhalers since 06/09. No preventer collected since 14/08/23.",
            "neglect",
        ),
        (
            "Kelly said T has bad asthma, 'he won't use the brown one and I can't make him'.",
            "neglect",
        ),
        ("Preventer returned uncollected x3.", "neglect"),
        (
            "Wt 34.1kg, down 2.3kg since Sept, crossed two centiles.",
            "neglect",
        ),
        (
            "J said Trish 'isn't really my auntie, she's my mum's mate'.",
            "private-fostering",
        ),
        (
            "Appt booked by 'Mick (neighbour - looking after T)'. Staying at neighbour's 'for a bit'.",
            "private-fostering",
        ),
        ("Maja living with mum's friend Bev since Sept.", "private-fostering"),
        (
            "Says he lives with 'Trish, my mum's friend - she's not related'.",
            "private-fostering",
        ),
        ("Tyler DNA'd 8 month review.", "missed-health-appointment"),
        (
            "Was not brought to audiology appointment.",
            "missed-health-appointment",
        ),
        ("WNB x2 to dental clinic.", "missed-health-appointment"),
        (
            "Lily quiet and withdrawn in class; told TA she was scared at home.",
            "child-distress",
        ),
        (
            "Callum (7KM) said Stevie has \"touched me down there\" more than once.",
            "sexual-abuse",
        ),
        (
            "Followed a Year 7 pupil into the toilets and exposed himself.",
            "sexual-abuse",
        ),
        (
            "Niche shows his 2022 IIOC investigation.",
            "adult-risk-to-children",
        ),
        (
            "Liam has a daughter who was taken by social services and adopted.",
            "adult-risk-to-children",
        ),
        ("Kayla took an overdose of paracetamol.", "self-harm"),
        (
            "Superficial cuts to forearms, self-harm disclosed.",
            "self-harm",
        ),
        (
            "Concerns re sexualised behaviour in nursery.",
            "sexual-abuse",
        ),
        (
            "Concerns re CSE - seen getting into cars with older males.",
            "exploitation",
        ),
        ("Suspected county lines involvement.", "exploitation"),
        (
            "Mum's new partner is a Schedule 1 offender.",
            "adult-risk-to-children",
        ),
    ];
    for (text, id) in cases {
        let got = ids(text);
        assert!(
            got.iter().any(|g| g == id),
            "{text:?} should show {id}; got {got:?}"
        );
    }
}

#[test]
fn opposing_fgm_is_not_fgm() {
    for text in [
        "HM Government Statement Opposing FGM given to the family.",
        "Parents articulate clear opposition; both opposed to FGM.",
    ] {
        let got = ids(text);
        assert!(!got.iter().any(|g| g == "fgm"), "{text:?}: {got:?}");
    }
}

#[test]
fn negated_terms_do_not_count() {
    let cases: &[(&str, &str)] = &[
        ("No injuries seen.", "injury"),
        ("Child seen, no marks or bruises.", "injury"),
        ("Skin checked - no bruising noted.", "injury"),
        ("Injuries: none.", "injury"),
        ("No concerns about neglect.", "neglect"),
        ("Mum denied any DV.", "domestic-abuse"),
        ("No evidence of domestic abuse.", "domestic-abuse"),
        ("NAI ruled out by paediatrician.", "suspected-nai"),
        ("Paediatrician: NAI excluded.", "suspected-nai"),
        ("Alcohol: denies.", "substance-misuse"),
        ("Mum denies drug use.", "substance-misuse"),
        ("No signs of self-harm.", "self-harm"),
        ("Nil concerns re exploitation.", "exploitation"),
        (
            "Child seen alone, happy and not frightened.",
            "child-distress",
        ),
        ("No history of DV.", "domestic-abuse"),
        ("No known FGM in the family.", "fgm"),
    ];
    for (text, id) in cases {
        let got = ids(text);
        assert!(
            !got.iter().any(|g| g == id),
            "{text:?} should not show {id}; got {got:?}"
        );
        // The debugging view still shows the hit, with its cue.
        let all = x().indicators_with_negated(text);
        assert!(
            all.iter().any(|h| h.id == *id && h.negated_by.is_some()),
            "{text:?}: expected a negated {id} hit; got {all:?}"
        );
    }
}

/// A routine enquiry about domestic abuse that was answered "no" is not
/// domestic abuse, however the answer is written.
#[test]
fn a_routine_enquiry_answered_no_is_no_domestic_abuse() {
    for text in [
        "Jade seen alone for part of visit - DA enquiry no, EPDS 5.",
        "DA routine enquiry – Kirsty alone at time, denied.",
        "DA enquiry: negative.",
    ] {
        let got = ids(text);
        assert!(
            !got.iter().any(|g| g == "domestic-abuse"),
            "{text:?}: {got:?}"
        );
    }
    assert!(
        ids("DA routine enquiry – disclosed partner hit her last week.")
            .iter()
            .any(|g| g == "domestic-abuse")
    );
}

/// A child groomed online is exploitation, however the record puts it; a
/// professional asking for photographs of a room is not.
#[test]
fn a_child_groomed_online_is_exploitation() {
    for text in [
        "Mum says R had 'someone on the internet, a grown man we think' messaging him and sending him presents and asking for pics.",
        "Friend reports he asked her to send nudes.",
        "Asked for a topless photo in exchange for Robux.",
    ] {
        assert!(ids(text).iter().any(|g| g == "exploitation"), "{text}: {:?}", ids(text));
    }
    for text in [
        "SW asked for photos of the bedroom for the assessment.",
        "Adult male neighbour messaging mum about the shopping.",
    ] {
        assert!(
            !ids(text).iter().any(|g| g == "exploitation"),
            "{text}: {:?}",
            ids(text)
        );
    }
}

/// The review's own agencies are known by name and initials, though no
/// synonym of the taxonomy names them.
#[test]
fn the_reviews_agencies_are_known_by_name_and_initials() {
    let knowing = x()
        .knowing_agencies(&[
            ("Sherwood Homes".to_string(), Housing),
            ("Nottinghamshire Recovery Network".to_string(), Other),
        ])
        .expect("compiles");
    let v = knowing.sharing(
        "Emailed Sherwood Homes HO Tracy Bell – complaint re their tenant.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(kinds(&v[0].counterparts), vec![Housing]);
    let v = knowing.sharing(
        "Contact rec'd NRN: Mum disclosed men took her bank card.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].direction, Direction::Incoming);
    assert_eq!(kinds(&v[0].counterparts), vec![Other]);
    // Without them, neither is read.
    assert!(x()
        .sharing("Emailed Sherwood Homes about the tenancy.", None, None, &[])
        .is_empty());
}

/// A front door's log of a contact from the ambulance service, by its
/// initials, is information received from it.
#[test]
fn a_contact_received_from_the_ambulance_service_is_incoming() {
    let m = one("Contact rec'd NWAS safeguarding (SG-23-88121). Mother intoxicated.");
    assert_eq!(m.direction, Direction::Incoming, "{m:?}");
    assert_eq!(kinds(&m.counterparts), vec![Other]);
}

/// A carer hitting a child, in the carer's own words or another's, is
/// physical chastisement; "a crack with the hairbrush" is no crack cocaine.
#[test]
fn a_carer_hitting_a_child_is_physical_chastisement() {
    for text in [
        "Pat told group police came last week: 'I slapped her, I'm not ashamed'.",
        "Also 'I gave her a crack with the hairbrush last week when she called me a name'.",
        "Special guardian admitted slapping Kacey, red mark to cheek.",
        "Dad hit him with a belt.",
    ] {
        let got = ids(text);
        assert!(
            got.iter().any(|g| g == "physical-chastisement"),
            "{text}: {got:?}"
        );
        assert!(
            !got.iter().any(|g| g == "substance-misuse"),
            "{text}: {got:?}"
        );
    }
    assert!(ids("Dad uses crack daily.")
        .iter()
        .any(|g| g == "substance-misuse"));
}

/// A domestic abuse worker's title ("DA officer", "DV coordinator") is
/// someone's job, no incident; what the worker heard still is.
#[test]
fn a_domestic_abuse_workers_title_is_no_domestic_abuse() {
    for text in [
        "DA officer (PC 1902 ROWLANDS) phone attempt - no answer.",
        "DV coordinator on leave, message left.",
    ] {
        let got = ids(text);
        assert!(
            !got.iter().any(|g| g == "domestic-abuse"),
            "{text:?}: {got:?}"
        );
    }
    assert!(
        ids("DA officer visited: Mum disclosed further domestic abuse on Friday.")
            .iter()
            .any(|g| g == "domestic-abuse")
    );
}

/// A routine enquiry written "routine DA enquiry" that could not be asked is
/// no domestic abuse; a disclosure made in it still is.
#[test]
fn a_routine_da_enquiry_not_asked_is_no_domestic_abuse() {
    for text in [
        "Routine DA enquiry not possible – partner present throughout.",
        "Partner present; routine DA enquiry not asked.",
    ] {
        let got = ids(text);
        assert!(
            !got.iter().any(|g| g == "domestic-abuse"),
            "{text:?}: {got:?}"
        );
    }
    assert!(
        ids("Routine DA enquiry – disclosed partner hit her last week.")
            .iter()
            .any(|g| g == "domestic-abuse")
    );
}

#[test]
fn negation_keeps_its_scope() {
    let cases: &[(&str, &str)] = &[
        // The bruise is before the cue.
        ("Bruise to cheek, no other injuries.", "injury"),
        // A new clause after "but" is not negated.
        ("No concerns at visit but bruise noted to shin.", "injury"),
        (
            "Mum denies DV. However police attended a domestic incident on 3/4.",
            "domestic-abuse",
        ),
        // Too far from the cue.
        (
            "No answer at the door; later saw that Tyler had a black eye.",
            "injury",
        ),
        // Pseudo-negations.
        ("No one noticed the bruise until Monday.", "injury"),
        ("Mum not aware how Tyler got the bruise.", "injury"),
        ("No explanation for the injury given.", "suspected-nai"),
        ("No further action following DV incident.", "domestic-abuse"),
        ("DV not shared with school at the time.", "domestic-abuse"),
        ("Parents denied causing the injuries.", "injury"),
        (
            "Without any explanation, bruising appeared on his back.",
            "injury",
        ),
    ];
    for (text, id) in cases {
        let got = ids(text);
        assert!(
            got.iter().any(|g| g == id),
            "{text:?} should show {id}; got {got:?}"
        );
    }
}

#[test]
fn look_alikes_do_not_match() {
    let cases: &[(&str, &str)] = &[
        ("Advice given to mum re feeding.", "domestic-abuse"),
        (
            "No concerns about the home, which was clean and tidy.",
            "neglect",
        ),
        ("Advised re safe sleeping; dvd given.", "domestic-abuse"),
        (
            "Nail varnish on fingers. NAIL clinic appointment.",
            "suspected-nai",
        ),
        ("Missing paperwork from referral.", "missing-episode"),
        (
            "Form was missing information on siblings.",
            "missing-episode",
        ),
        (
            "Tyler was missing from school on Monday.",
            "missing-episode",
        ),
        ("Family moved from Burnley last year.", "injury"),
        (
            "DNA test results awaited (paternity).",
            "missed-health-appointment",
        ),
        ("DNACPR discussed with family.", "missed-health-appointment"),
        (
            "Police did not attend the strategy discussion.",
            "missed-health-appointment",
        ),
        ("Cuts to services mean no youth club.", "injury"),
        ("Mum disclosed she is pregnant.", "allegation"),
        ("Mum not seen, Tyler seen and happy.", "child-not-seen"),
        ("Dash cam footage reviewed.", "domestic-abuse"),
        (
            "Relationship breakdown between parents.",
            "mental-health-crisis",
        ),
        ("Alcohol hand gel used at the door.", "substance-misuse"),
        ("Tyler ran a good race at sports day.", "missing-episode"),
    ];
    for (text, id) in cases {
        let got = ids(text);
        assert!(
            !got.iter().any(|g| g == id),
            "{text:?} should not show {id}; got {got:?}"
        );
    }
}

#[test]
fn hits_carry_spans_and_indices() {
    let text = "Seen in ED with a spiral fracture; ?NAI.";
    let hits = x().indicators(text);
    assert!(!hits.is_empty());
    for h in &hits {
        assert_eq!(&text[h.start..h.end], h.matched);
        assert_eq!(
            x().indicator_def(h.indicator).map(|d| d.id.as_str()),
            Some(h.id.as_str())
        );
        assert_eq!(h.field, Field::Text);
        assert!(h.negated_by.is_none());
    }
    assert!(hits
        .iter()
        .any(|h| h.id == "injury" && h.matched == "fracture"));
    assert!(hits
        .iter()
        .any(|h| h.id == "suspected-nai" && h.matched == "?NAI"));
}

#[test]
fn case_sensitive_acronyms() {
    // "NAI" is matched with its case; "Nai" is a name.
    assert!(ids("Nai attended with her son.").is_empty());
    assert!(ids("Possible NAI.").contains(&"suspected-nai".to_string()));
    // "ED" is the emergency department, "Ed" a person.
    assert_eq!(
        kinds(&x().agencies_in("Ed rang.")),
        Vec::<AgencyKind>::new()
    );
    assert_eq!(kinds(&x().agencies_in("Seen in ED.")), vec![Hospital]);
    // The local authority's home-education team is not social care.
    assert_eq!(kinds(&x().agencies_in("LA EHE team")), vec![Other]);
    assert_eq!(
        kinds(&x().agencies_in("Form emailed to Education Access.")),
        vec![Other]
    );
}

// ----------------------------------------------------------------- sharing

fn one(text: &str) -> SharingMention {
    let v = x().sharing(text, None, None, &[]);
    assert_eq!(v.len(), 1, "{text:?}: expected one mention, got {v:#?}");
    v.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn outgoing_sharing() {
    let cases: &[(&str, SharingMethod, &[AgencyKind])] = &[
        (
            "Referred to CSC.",
            SharingMethod::Referral,
            &[ChildrensSocialCare],
        ),
        (
            "Referral made to MASH re bruising.",
            SharingMethod::Referral,
            &[ChildrensSocialCare],
        ),
        (
            "Referred to children's social care and police.",
            SharingMethod::Referral,
            &[ChildrensSocialCare, Police],
        ),
        // A place's name with its small words before the agency.
        (
            "SG-23-88121 quality checked and forwarded to Blackburn with Darwen Children's Services Front Door by secure email 08:15.",
            SharingMethod::Email,
            &[ChildrensSocialCare],
        ),
        (
            "Referral sent to Newcastle upon Tyne Children's Services.",
            SharingMethod::Referral,
            &[ChildrensSocialCare],
        ),
        // The recipients listed after a colon.
        (
            "Release notifications sent: Leeds CSC Front Door + WYP Public Protection Unit (MAPPA L2) – released to Elm Bank AP.",
            SharingMethod::Notification,
            &[ChildrensSocialCare, Police],
        ),
        ("Faxed to the hospital.", SharingMethod::Fax, &[Hospital]),
        ("Letter to GP.", SharingMethod::Letter, &[Gp]),
        (
            "Telephoned SW to share concerns about home conditions.",
            SharingMethod::Phone,
            &[ChildrensSocialCare],
        ),
        (
            "Emailed the allocated social worker and DSL.",
            SharingMethod::Email,
            &[ChildrensSocialCare, School],
        ),
        (
            "Op Encompass notification sent to school.",
            SharingMethod::Notification,
            &[School],
        ),
        ("Notified school.", SharingMethod::Notification, &[School]),
        ("School notified.", SharingMethod::Notification, &[School]),
        (
            "School and GP informed by letter.",
            SharingMethod::Letter,
            &[School, Gp],
        ),
        (
            "Copy sent to HV.",
            SharingMethod::Notification,
            &[HealthVisiting],
        ),
        (
            "Discharge summary sent to GP and HV.",
            SharingMethod::Letter,
            &[Gp, HealthVisiting],
        ),
        (
            "Concerns shared with school.",
            SharingMethod::Notification,
            &[School],
        ),
        (
            "PPN submitted.",
            SharingMethod::Notification,
            &[ChildrensSocialCare],
        ),
        ("Called 999.", SharingMethod::Phone, &[Police]),
        (
            "Mum referred to GP for low mood.",
            SharingMethod::Referral,
            &[Gp],
        ),
    ];
    for (text, method, want) in cases {
        let m = one(text);
        assert_eq!(m.direction, Direction::Outgoing, "{text:?}: {m:?}");
        assert_eq!(m.method, *method, "{text:?}: {m:?}");
        assert_eq!(
            kinds(&m.counterparts),
            sorted(want.to_vec()),
            "{text:?}: {m:?}"
        );
        assert_eq!(&text[m.start..m.end], m.phrase);
    }
}

#[test]
fn incoming_sharing() {
    let cases: &[(&str, SharingMethod, &[AgencyKind])] = &[
        (
            "Referral received from school re bruise to Tyler's arm.",
            SharingMethod::Referral,
            &[School],
        ),
        (
            "Call from police re DV incident overnight.",
            SharingMethod::Phone,
            &[Police],
        ),
        (
            "Op Encompass notification received.",
            SharingMethod::Notification,
            &[Police],
        ),
        (
            "Operation Encompass: DA incident at home Saturday 15/02, children present.",
            SharingMethod::Notification,
            &[Police],
        ),
        (
            "Information received from police that mum's partner was arrested.",
            SharingMethod::Notification,
            &[Police],
        ),
        (
            "Informed by police that Tyler was reported missing.",
            SharingMethod::Notification,
            &[Police],
        ),
        (
            "GP telephoned to say Tyler had not been brought to clinic.",
            SharingMethod::Phone,
            &[Gp],
        ),
        (
            "SW informed that mum has moved to a refuge.",
            SharingMethod::Notification,
            &[ChildrensSocialCare],
        ),
        (
            "Letter from paediatrician re weight faltering.",
            SharingMethod::Letter,
            &[Hospital],
        ),
        (
            "Email from DSL re attendance.",
            SharingMethod::Email,
            &[School],
        ),
        (
            "School rang to report a bruise.",
            SharingMethod::Phone,
            &[School],
        ),
    ];
    for (text, method, want) in cases {
        let m = one(text);
        assert_eq!(m.direction, Direction::Incoming, "{text:?}: {m:?}");
        assert_eq!(m.method, *method, "{text:?}: {m:?}");
        assert_eq!(
            kinds(&m.counterparts),
            sorted(want.to_vec()),
            "{text:?}: {m:?}"
        );
    }
}

#[test]
fn sharing_that_did_not_happen_is_not_sharing() {
    for text in [
        "No referral made to CSC.",
        "Referral to CSC not made.",
        "Police not informed.",
        "School was not notified of the incident.",
        "Did not inform school.",
        "Never shared with health.",
    ] {
        let v = x().sharing(text, None, None, &[]);
        assert!(v.is_empty(), "{text:?}: {v:#?}");
    }
    // Under a call's event type, "to police" after advice is still the
    // family's to do.
    let text = "Mrs P scared. Advised her to report to police on 101.";
    let v = x().sharing(text, None, Some("Phone call"), &[]);
    assert!(v.is_empty(), "{text:?}: {v:#?}");
}

#[test]
fn more_ways_of_saying_it() {
    let cases: &[(&str, SharingMethod, Direction, &[AgencyKind])] = &[
        (
            "MASH referral completed.",
            SharingMethod::Referral,
            Direction::Outgoing,
            &[ChildrensSocialCare],
        ),
        (
            "Referral to CSC faxed.",
            SharingMethod::Referral,
            Direction::Outgoing,
            &[ChildrensSocialCare],
        ),
        (
            "School referral received.",
            SharingMethod::Referral,
            Direction::Incoming,
            &[School],
        ),
        (
            "Message left for SW to call back.",
            SharingMethod::Phone,
            Direction::Outgoing,
            &[ChildrensSocialCare],
        ),
        (
            "SW returned call - discussed concerns.",
            SharingMethod::Phone,
            Direction::Incoming,
            &[ChildrensSocialCare],
        ),
        (
            "Police checks requested.",
            SharingMethod::InformationRequest,
            Direction::Outgoing,
            &[Police],
        ),
        (
            "Request for information from CSC received.",
            SharingMethod::InformationRequest,
            Direction::Incoming,
            &[ChildrensSocialCare],
        ),
        (
            "Health visitor informed by email.",
            SharingMethod::Email,
            Direction::Outgoing,
            &[HealthVisiting],
        ),
        (
            "Tyler's school informed of DV incident.",
            SharingMethod::Notification,
            Direction::Outgoing,
            &[School],
        ),
        (
            "Rang police to report mum missing.",
            SharingMethod::Phone,
            Direction::Outgoing,
            &[Police],
        ),
        (
            "Safeguarding referral submitted to MASH by ED staff.",
            SharingMethod::Referral,
            Direction::Between,
            &[ChildrensSocialCare],
        ),
    ];
    for (text, method, dir, want) in cases {
        let m = one(text);
        assert_eq!((m.method, m.direction), (*method, *dir), "{text:?}: {m:?}");
        assert_eq!(
            kinds(&m.counterparts),
            sorted(want.to_vec()),
            "{text:?}: {m:?}"
        );
    }
}

#[test]
fn conversations_and_meetings_are_mutual() {
    let m = one("Strategy discussion with police and CSC.");
    assert_eq!(
        (m.method, m.direction),
        (SharingMethod::Meeting, Direction::Mutual)
    );
    assert_eq!(
        kinds(&m.counterparts),
        sorted(vec![Police, ChildrensSocialCare])
    );
    let m = one("Liaised with ED re attendance.");
    assert_eq!(
        (m.method, m.direction),
        (SharingMethod::Conversation, Direction::Mutual)
    );
    assert_eq!(kinds(&m.counterparts), vec![Hospital]);
}

#[test]
fn family_and_self_are_not_agencies() {
    for text in [
        "Mum rang police.",
        "HV rang mum - no answer.",
        "Mum spoke to HV at clinic.",
        "Informed that police had attended the address.",
        "Tyler told teacher that dad hit him.",
        "Advised mum to contact GP.",
        "Advised her to report to police on 101.",
        "Mum encouraged to report to police.",
        "Advised to report to police and to contact Women's Aid.",
    ] {
        let v = x().sharing(text, None, None, &[]);
        assert!(v.is_empty(), "{text:?}: {v:#?}");
    }
}

#[test]
fn own_agency_resolves_two_named_sides() {
    let text = "Police informed HV that mum had been assaulted.";
    let m = one(text);
    assert_eq!(m.direction, Direction::Between);
    assert_eq!(kinds(&m.by), vec![Police]);
    assert_eq!(kinds(&m.counterparts), vec![HealthVisiting]);

    let hv = x().sharing_for(Some(HealthVisiting), text, None, None, &[]);
    assert_eq!(hv.len(), 1);
    assert_eq!(hv[0].direction, Direction::Incoming);
    assert_eq!(kinds(&hv[0].counterparts), vec![Police]);

    let police = x().sharing_for(Some(Police), text, None, None, &[]);
    assert_eq!(police[0].direction, Direction::Outgoing);
    assert_eq!(kinds(&police[0].counterparts), vec![HealthVisiting]);

    // "SW rang GP" in the social worker's own record is outgoing.
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "SW rang GP re immunisations.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].direction, kinds(&v[0].counterparts)),
        (Direction::Outgoing, vec![Gp])
    );

    // A referral to the record's own kind is internal.
    let v = x().sharing_for(
        Some(Hospital),
        "Referred to paediatrician.",
        None,
        None,
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn shared_with_cells_and_event_types() {
    let cells = vec![
        "Harwick Police".to_string(),
        "n/a".to_string(),
        "CSC".to_string(),
    ];
    let v = x().sharing("Home visit completed.", None, Some("Home visit"), &cells);
    assert_eq!(v.len(), 2, "{v:#?}");
    assert!(v
        .iter()
        .all(|m| m.direction == Direction::Outgoing && m.field == Field::SharedWith));
    assert_eq!(kinds(&v[0].counterparts), vec![Police]);
    assert_eq!(kinds(&v[1].counterparts), vec![ChildrensSocialCare]);

    // A cell that says nobody was told names no recipient, whatever agency
    // words it holds.
    for nobody in [
        "Not shared outside the Health Board.",
        "None",
        "No one",
        "not informed - CSC aware",
    ] {
        let v = x().sharing("Seen in ED.", None, None, &[nobody.to_string()]);
        assert!(v.is_empty(), "{nobody}: {v:#?}");
    }

    // A sentence of the cell saying who was not told names no recipient.
    let cell = "school nurse (St Aidan's). Not referred to CSC - parent collected".to_string();
    let v = x().sharing("Reviewed attendance.", None, None, &[cell]);
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(kinds(&v[0].counterparts), vec![HealthVisiting]);
    let cell =
        "Safeguarding: 'Mum protective - advice given'. No PPN submitted. School not informed."
            .to_string();
    let v = x().sharing("Advice given at the front counter.", None, None, &[cell]);
    assert!(v.is_empty(), "{v:#?}");

    // A cell that repeats the text's own referral is not counted twice.
    let v = x().sharing(
        "Referred to CSC.",
        None,
        None,
        &["Children's Social Care".to_string()],
    );
    assert_eq!(v.len(), 1, "{v:#?}");

    // The event type tells the method of a generic phrase.
    let v = x().sharing(
        "Informed SW of the bruise.",
        None,
        Some("Telephone call"),
        &[],
    );
    assert_eq!(v[0].method, SharingMethod::Phone);

    // ... and with "from X" alone, the direction.
    let v = x().sharing(
        "From police: mum arrested last night.",
        None,
        Some("Telephone call"),
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(
        (v[0].direction, kinds(&v[0].counterparts)),
        (Direction::Incoming, vec![Police])
    );

    // ... but a person taken to an agency is no information sent to it.
    let v = x().sharing(
        "Mum rang. Advised ring 111 / take to ED if any drowsiness.",
        None,
        Some("Telephone call"),
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");

    // The outcome is read too.
    let v = x().sharing(
        "Bruise to cheek seen at nursery.",
        Some("Referred to MASH"),
        None,
        &[],
    );
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].field, Field::Outcome);

    assert_eq!(kinds(&x().resolve_agency("Elm Street Surgery")), vec![Gp]);
    assert_eq!(
        kinds(&x().resolve_agency("St Mary's Hospital A&E")),
        vec![Hospital]
    );
    assert_eq!(
        kinds(&x().resolve_agency("School Nurse")),
        vec![HealthVisiting]
    );
    assert_eq!(
        kinds(&x().resolve_agency("Riverside Tenants Trust")),
        vec![Other]
    );
    assert!(x().resolve_agency(" - ").is_empty());
}

// ---------------------------------------------------------------- meetings

#[test]
fn meeting_attendance() {
    let m = x()
        .meeting(
            "Strategy discussion held. Present: SW, DS Cole (Police), HV. Not present: school.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::StrategyDiscussion);
    assert!(m.held);
    assert_eq!(
        kinds(&m.present),
        sorted(vec![ChildrensSocialCare, Police, HealthVisiting])
    );
    assert_eq!(kinds(&m.absent), vec![School]);

    let m = x()
        .meeting(
            "Attended by: SW, police; Apologies: GP",
            Some("Strategy meeting"),
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::StrategyDiscussion);
    assert!(m.held);
    assert_eq!(kinds(&m.present), sorted(vec![ChildrensSocialCare, Police]));
    assert_eq!(kinds(&m.absent), vec![Gp]);

    // "GP: not present" - an agency, a colon, then its attendance.
    let m = x()
        .meeting(
            "ICPC. Present: SW, DC (police), HV. GP: not present, no report received.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::InitialCpConference);
    assert_eq!(kinds(&m.absent), vec![Gp]);

    // "at present" in a sentence lists no one, and names no meeting.
    assert!(x()
        .meeting(
            "Mother reports a social worker is doing an assessment at present.",
            None
        )
        .is_none());

    let m = x()
        .meeting("Strat disc with CSC. Police did not attend.", None)
        .expect("a meeting");
    assert_eq!(kinds(&m.present), vec![ChildrensSocialCare]);
    assert_eq!(kinds(&m.absent), vec![Police]);

    let m = x()
        .meeting(
            "Strategy discussion held - no representative from health.",
            None,
        )
        .expect("a meeting");
    assert_eq!(kinds(&m.absent), sorted(vec![HealthVisiting, Gp, Hospital]));

    let m = x()
        .meeting("ICPC held — school and GP not invited.", None)
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::InitialCpConference);
    assert!(m.held);
    assert_eq!(kinds(&m.absent), sorted(vec![School, Gp]));

    let m = x()
        .meeting(
            "Core group meeting: HV, school nurse, SW attended. GP sent apologies.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::CoreGroup);
    assert_eq!(
        kinds(&m.present),
        sorted(vec![HealthVisiting, ChildrensSocialCare])
    );
    assert_eq!(kinds(&m.absent), vec![Gp]);

    let m = x()
        .meeting(
            "MARAC - case heard; police, IDVA and housing present.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::OtherMeeting);
    assert_eq!(kinds(&m.present), sorted(vec![Police, Voluntary, Housing]));

    // Explicit presence beats a generic absence.
    let m = x()
        .meeting(
            "RCPC held. HV attended; no representative from health otherwise.",
            None,
        )
        .expect("a meeting");
    assert_eq!(kinds(&m.present), vec![HealthVisiting]);
    assert!(!kinds(&m.absent).contains(&HealthVisiting));

    // "Police attended the address" is not attendance at the meeting.
    let m = x()
        .meeting(
            "RCPC held. Police attended the address later that day.",
            None,
        )
        .expect("a meeting");
    assert!(m.present.is_empty(), "{m:?}");
}

#[test]
fn meeting_held_or_not() {
    let cases: &[(&str, MeetingKind, bool)] = &[
        (
            "Strategy discussion held by phone between police and CSC.",
            MeetingKind::StrategyDiscussion,
            true,
        ),
        (
            "Strategy discussion requested by police.",
            MeetingKind::StrategyDiscussion,
            false,
        ),
        (
            "ICPC booked for 12/05.",
            MeetingKind::InitialCpConference,
            false,
        ),
        (
            "No strategy discussion held.",
            MeetingKind::StrategyDiscussion,
            false,
        ),
        (
            "Request for strat disc sent to police.",
            MeetingKind::StrategyDiscussion,
            false,
        ),
        (
            "Strategy discussion held and ICPC requested.",
            MeetingKind::StrategyDiscussion,
            true,
        ),
        (
            "RCPC took place; CP plan continues.",
            MeetingKind::ReviewCpConference,
            true,
        ),
        (
            "RCPC (was due 03/04). CP plans continue.",
            MeetingKind::ReviewCpConference,
            true,
        ),
        ("RCPC due 03/04.", MeetingKind::ReviewCpConference, false),
        (
            "Invitation to ICPC received.",
            MeetingKind::InitialCpConference,
            false,
        ),
    ];
    for (text, kind, held) in cases {
        let m = x()
            .meeting(text, None)
            .unwrap_or_else(|| panic!("{text:?}: no meeting"));
        assert_eq!((m.kind, m.held), (*kind, *held), "{text:?}: {m:?}");
    }
    assert!(x().meeting("Home visit, Tyler seen.", None).is_none());
    // The event type names the meeting.
    let m = x().meeting(
        "Police, CSC and HV present. s47 agreed.",
        Some("Strategy Discussion"),
    );
    assert!(m.is_some_and(|m| m.held && m.kind == MeetingKind::StrategyDiscussion));
}

// --------------------------------------------------------------- decisions

fn decided(text: &str) -> Vec<DecisionKind> {
    x().decision(text, None, None)
        .map(|d| d.kinds)
        .unwrap_or_default()
}

#[test]
fn decisions_found() {
    let cases: &[(&str, DecisionKind)] = &[
        ("Case closed.", DecisionKind::CaseClosed),
        ("Closed to CSC.", DecisionKind::CaseClosed),
        ("Outcome: closed.", DecisionKind::CaseClosed),
        (
            "DECISION: close to Attendance Support Service; school to continue its plan.",
            DecisionKind::CaseClosed,
        ),
        (
            "Approved by Income Manager - apply for warrant.",
            DecisionKind::Eviction,
        ),
        ("NOSP served today.", DecisionKind::Eviction),
        (
            "Served notice to quit on the tenant.",
            DecisionKind::Eviction,
        ),
        (
            "C&F assessment completed — closed.",
            DecisionKind::CaseClosed,
        ),
        (
            "C&F assessment completed — closed.",
            DecisionKind::AssessmentConcluded,
        ),
        ("NFA.", DecisionKind::NoFurtherAction),
        ("Police: no further action.", DecisionKind::NoFurtherAction),
        (
            "No further involvement from CSC.",
            DecisionKind::NoFurtherAction,
        ),
        (
            "Discharged from HV caseload to GP.",
            DecisionKind::Discharged,
        ),
        (
            "Does not meet threshold for CSC.",
            DecisionKind::ThresholdNotMet,
        ),
        ("Threshold not met for s47.", DecisionKind::ThresholdNotMet),
        (
            "Tyler returned home to mum's care.",
            DecisionKind::ReturnedHome,
        ),
        ("DASH standard risk.", DecisionKind::RiskGradedLow),
        ("Graded standard.", DecisionKind::RiskGradedLow),
        ("Stepped down to early help.", DecisionKind::StepDown),
        (
            "Referral closed at MASH with advice.",
            DecisionKind::CaseClosed,
        ),
        (
            "Headteacher decision: permanent exclusion - serious physical assault.",
            DecisionKind::Excluded,
        ),
        ("Suspended for 3 days for defiance.", DecisionKind::Excluded),
        ("5-day suspension issued.", DecisionKind::Excluded),
        (
            "Added to SIMS as authorised collector (partner). Password shared.",
            DecisionKind::ContactAllowed,
        ),
        (
            "Dad's partner added to the collection list.",
            DecisionKind::ContactAllowed,
        ),
        (
            "Reduced timetable agreed: mornings only 08:40-12:15.",
            DecisionKind::PartTimeTimetable,
        ),
        (
            "DECISION: continue mornings-only to Easter.",
            DecisionKind::PartTimeTimetable,
        ),
        (
            "The exploitation risk was reduced from HIGH to MEDIUM.",
            DecisionKind::StepDown,
        ),
        (
            "TM: open to EH. No change to level - YJS involvement will address offending.",
            DecisionKind::ThresholdNotMet,
        ),
        (
            "Plan: CNN speech & language follow-up in 3/12. Universal.",
            DecisionKind::NoFurtherAction,
        ),
        (
            "The HV stepped the family down from Universal Plus to Universal.",
            DecisionKind::StepDown,
        ),
        (
            "Discussed with TL - no harm confirmed. No safeguarding referral required.",
            DecisionKind::NoFurtherAction,
        ),
        (
            "No crime - civil matter, words of advice",
            DecisionKind::NoFurtherAction,
        ),
        (
            "Reviewed by sergeant, finalised as a civil matter.",
            DecisionKind::NoFurtherAction,
        ),
    ];
    for (text, kind) in cases {
        let got = decided(text);
        assert!(
            got.contains(kind),
            "{text:?} should be {kind:?}; got {got:?}"
        );
    }
    // A sentence suspended, or contact suspended with no days, is no
    // pupil's exclusion.
    assert!(
        decided("Stepped down from PICU to ward. Naloxone infusion stopped.").is_empty(),
        "{:?}",
        decided("Stepped down from PICU to ward. Naloxone infusion stopped.")
    );
    assert!(
        decided("Plan: fortnightly visits. Universal Plus.").is_empty(),
        "{:?}",
        decided("Plan: fortnightly visits. Universal Plus.")
    );
    // What police told the family is no decision of the writer's.
    assert!(
        !decided("Mrs P said the men came back; 'police said it's a civil matter'.")
            .contains(&DecisionKind::NoFurtherAction)
    );
    // A warning that a warrant will be sought is not yet one.
    assert!(
        !decided("2 payments missed. Warned warrant will be applied for.")
            .contains(&DecisionKind::Eviction)
    );
    for text in [
        "12 weeks suspended sentence.",
        "Contact suspended pending review.",
    ] {
        assert!(
            !decided(text).contains(&DecisionKind::Excluded),
            "{text:?}: {:?}",
            decided(text)
        );
    }
    let d = x()
        .decision("Closed - no further action", None, None)
        .unwrap_or_else(|| unreachable!());
    assert_eq!(d.kind, DecisionKind::CaseClosed);
    // The outcome and event type are read too.
    let d = x().decision("Home visit, Tyler seen.", Some("NFA"), None);
    assert!(d.is_some_and(
        |d| d.kind == DecisionKind::NoFurtherAction && d.hits[0].field == Field::Outcome
    ));
    let d = x().decision("Summary of involvement.", None, Some("Case closure"));
    assert!(d.is_some_and(|d| d.kind == DecisionKind::CaseClosed));
}

#[test]
fn not_decisions() {
    for text in [
        "Case not closed; remains open to CSC.",
        "Case remains open.",
        "Plan to close next month.",
        "Awaiting discharge.",
        "Tyler returned home of his own accord at 23:00.",
        "Not for NFA - further work required.",
        "Closed head injury noted on CT.",
        "School closed for half term.",
        "Closure to be considered at next review.",
        "DASH high risk - MARAC referral.",
        "Assessed on ITU step-down by the liaison consultant.",
        "Calderbridge accepts that the case was closed because of the move.",
    ] {
        let got = decided(text);
        assert!(
            got.is_empty(),
            "{text:?} should have no decision; got {got:?}"
        );
    }
}

// --------------------------------------------------------------- child seen

#[test]
fn child_seen() {
    let cases: &[(&str, ChildSeen)] = &[
        ("Tyler seen alone in his bedroom.", ChildSeen::SeenAlone),
        ("Child seen and spoken to alone.", ChildSeen::SeenAlone),
        ("Kayla spoken to alone at school.", ChildSeen::SeenAlone),
        (
            "Seen on own, said things are fine at home.",
            ChildSeen::SeenAlone,
        ),
        (
            "Home visit - Tyler seen, happy and playful.",
            ChildSeen::Seen,
        ),
        ("Child seen.", ChildSeen::Seen),
        ("Baby observed feeding well.", ChildSeen::Seen),
        ("Tyler not seen alone as mum refused.", ChildSeen::Seen),
        ("Mum not seen; Tyler seen with dad.", ChildSeen::Seen),
        (
            "No concerns, Tyler seen and observed playing.",
            ChildSeen::Seen,
        ),
        ("Child not seen.", ChildSeen::NotSeen),
        ("Baby asleep upstairs — not seen.", ChildSeen::NotSeen),
        ("Home visit: no access.", ChildSeen::NotSeen),
        ("Child at nursery so not seen.", ChildSeen::NotSeen),
        ("No children seen during visit.", ChildSeen::NotSeen),
        ("Mum seen alone.", ChildSeen::Unknown),
        ("Telephone call with mum.", ChildSeen::Unknown),
    ];
    for (text, want) in cases {
        assert_eq!(x().child_seen(text), *want, "{text:?}");
    }
}

#[test]
fn contacts_requiring_child_seen() {
    assert_eq!(
        x().contacts("Home visit completed.", None, None),
        vec![ContactKind::HomeVisit]
    );
    assert_eq!(
        x().contacts("Seen for 8 month review.", None, Some("Home visit")),
        vec![ContactKind::HomeVisit]
    );
    assert_eq!(
        x().contacts("Single assessment completed, case closed.", None, None),
        vec![ContactKind::Assessment, ContactKind::Closure]
    );
    assert_eq!(
        x().contacts("Home visit: no access.", None, None),
        vec![ContactKind::HomeVisit]
    );
    assert!(x()
        .contacts("Home visit cancelled by mum.", None, None)
        .is_empty());
    assert!(x()
        .contacts("Next home visit booked for 3/4.", None, None)
        .is_empty());
    assert!(x().is_contact_requiring_child_seen("Discharged from HV service.", None, None));
    assert!(!x().is_contact_requiring_child_seen(
        "Telephone call with mum re housing.",
        None,
        None
    ));
}

// ------------------------------------------------------------------ records

#[test]
fn analyse_a_whole_record() {
    let f = x().analyse_for(
        Some(School),
        "Tyler arrived with bruise to left cheek; said dad hit him. Tyler spoken to alone by DSL. \
         Referred to MASH; call from police later re DV incident at home.",
        Some("Referral made. Parents informed."),
        Some("Safeguarding concern"),
        &["Children's Social Care".to_string()],
    );
    let mut ids: Vec<&str> = f.indicators.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, vec!["allegation", "domestic-abuse", "injury"]);
    assert_eq!(f.child_seen, ChildSeen::SeenAlone);
    assert!(f.decision.is_none());
    assert!(f.meeting.is_none());
    let outgoing: Vec<_> = f
        .sharing
        .iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    let incoming: Vec<_> = f
        .sharing
        .iter()
        .filter(|m| m.direction == Direction::Incoming)
        .collect();
    assert_eq!(outgoing.len(), 1, "{:#?}", f.sharing);
    assert_eq!(kinds(&outgoing[0].counterparts), vec![ChildrensSocialCare]);
    assert_eq!(incoming.len(), 1, "{:#?}", f.sharing);
    assert_eq!(kinds(&incoming[0].counterparts), vec![Police]);
    // The facts serialise for the JSON contract.
    let json = serde_json::to_string(&f).unwrap_or_default();
    assert!(
        json.contains("\"childrens_social_care\"") && json.contains("\"seen_alone\""),
        "{json}"
    );
}

#[test]
fn throughput_twenty_thousand_sentences() {
    let parts = [
        "Home visit, Tyler seen alone.",
        "No injuries seen.",
        "Bruise to cheek; referred to MASH.",
        "Call from police re DV incident overnight.",
        "Strategy discussion held. Present: SW, police, HV. Apologies: GP.",
        "Case closed, NFA.",
        "Mum denied any DV; no concerns about home conditions.",
        "Tyler DNA'd 2 year review; letter to GP.",
        "Reported missing at 22:00, found by police.",
        "Attendance 81% — EWO informed.",
        "Routine contact, nothing of note.",
        "ICPC booked for 12/05; school and GP invited.",
    ];
    let mut n = 0usize;
    let mut found = 0usize;
    for i in 0..20_000 {
        let a = parts[i % parts.len()];
        let b = parts[(i * 7 + 3) % parts.len()];
        let text = format!("{a} {b} Ref {i}.");
        let f = x().analyse(&text, Some("Outcome noted"), Some("Contact"), &[]);
        found += f.indicators.len() + f.sharing.len();
        n += 1;
    }
    assert_eq!(n, 20_000);
    assert!(found > 20_000);
}

#[test]
fn never_panics_on_awkward_text() {
    let x = x();
    for text in [
        "",
        " ",
        ".",
        ":",
        "—",
        "no",
        "not seen",
        "Referred to",
        "by",
        "Present:",
        "Apologies:",
        "? ? ? NAI ?",
        "é’‘“”—–…\u{0}\u{feff}",
        "no no no no no no no no injury",
        "Referred to CSC CSC CSC CSC CSC by by by police police",
        "Strategy discussion strategy discussion strategy discussion held held",
        "ward 12 😀 A & E a&e A&E ED ed Ed",
        "closed closed: closed - closed — closed",
    ] {
        let _ = x.analyse(text, Some(text), Some(text), &[text.to_string()]);
        let _ = x.analyse_for(Some(Police), text, None, None, &[]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_random_strings(s in "\\PC{0,200}") {
        let f = x().analyse(&s, Some(&s), Some(&s), std::slice::from_ref(&s));
        for h in &f.indicators {
            prop_assert!(s.get(h.start..h.end).is_some());
        }
    }

    #[test]
    fn never_panics_on_random_practitioner_words(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "no", "not", "bruise", "DV", "referred", "to", "from", "CSC", "police", "HV",
                "SW", "school", "seen", "alone", "closed", "NFA", "strategy", "discussion",
                "held", "Present:", "Apologies:", "by", "mum", "informed", "call", ".", ",",
                ";", "—", "-", ":", "?", "NAI", "ruled", "out", "é", "’", "A&E", "ED",
            ]),
            0..40,
        ),
        own in proptest::option::of(proptest::sample::select(AgencyKind::ALL.to_vec())),
    ) {
        let text = words.join(" ");
        let f = x().analyse_for(own, &text, None, Some(&text), &[]);
        for m in &f.sharing {
            prop_assert!(!m.counterparts.is_empty());
            if let Some(o) = own {
                prop_assert!(m.counterparts.iter().all(|c| c.kind != o));
            }
        }
    }
}

/// An agency's own category for an entry ("MISPER", "Neglect; Food") says
/// what it is about, even when the text does not use the word.
#[test]
fn the_entrys_category_is_read_for_indicators() {
    let f = x().analyse(
        "Mother reports daughter (13) not back from a friend's house; phone off.",
        None,
        Some("MISPER"),
        &[],
    );
    let ids: Vec<&str> = f.indicators.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"missing-episode"), "{ids:?}");
    assert!(f
        .indicators
        .iter()
        .any(|h| h.id == "missing-episode" && h.field == Field::EventType));
    let plain = x().analyse(
        "Kaiden asked other children for food at lunch.",
        None,
        Some("Neglect; Food"),
        &[],
    );
    assert!(plain.indicators.iter().any(|h| h.id == "neglect"));
}

#[test]
fn a_breach_of_a_non_molestation_order_is_domestic_abuse() {
    assert!(
        ids("Liam CARTER at the address in breach of NMO, argument, neighbour called police.")
            .contains(&"domestic-abuse".to_string())
    );
}

/// A case closed because another area accepted it is handed over, not
/// closed on the child.
#[test]
fn a_case_closed_on_transfer_is_no_closure() {
    let f = x().analyse(
        "Attended Norbury transfer-in CIN meeting (handover). Norbury accepted case.",
        Some("Case closed to Calderbridge following acceptance by Norbury."),
        None,
        &[],
    );
    assert!(f.decision.is_none(), "{:?}", f.decision);
    let closed = x().analyse("Case closed to CSC.", Some("No further action."), None, &[]);
    assert!(closed.decision.is_some());
}

/// A health visitor keeping the family at the universal level after an
/// injury has decided on no further action.
#[test]
fn continue_universal_is_no_further_action() {
    let f = x().analyse(
        "Mason 8/12. Dressing to back of R hand. Mum explained he grabbed her hair straighteners.",
        Some("GP aware and treating. Home safety advice and leaflet given. Continue Universal."),
        None,
        &[],
    );
    assert!(
        f.decision
            .as_ref()
            .is_some_and(|d| d.kinds.contains(&DecisionKind::NoFurtherAction)),
        "{:?}",
        f.decision
    );
}

/// A health visitor planning no more visits ("Plan: universal, no further
/// HV contacts planned") has decided: a decision is read.
#[test]
fn no_further_visits_planned_is_a_decision() {
    for text in [
        "Home clean, adequate. No concerns. Plan: universal, no further HV contacts planned; 2-2.5yr review due.",
        "Weight on 25th. No further visits needed.",
    ] {
        let f = x().analyse(text, None, None, &[]);
        assert!(f.decision.is_some(), "{text}: {:?}", f.decision);
    }
    let f = x().analyse("Further visits planned weekly.", None, None, &[]);
    assert!(f.decision.is_none(), "{:?}", f.decision);
}

/// "IDVA phoned: …" tells of a call received from the IDVA, not one made
/// to it.
#[test]
fn an_agency_that_phoned_with_a_colon_is_the_sender() {
    let f = x().analyse(
        "IDVA (Lou Penrith) phoned: Natasha and the children moved to a refuge.",
        None,
        None,
        &[],
    );
    assert!(
        f.sharing.iter().all(|s| s.direction != Direction::Outgoing),
        "{:?}",
        f.sharing
    );
}

#[test]
fn cs_is_childrens_services_after_a_word_of_sharing_or_before_a_team() {
    let m = one("Missing notification to CS: located and returned home, safe and well.");
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
    let cell = x().resolve_agency("CS Missing Coordinator (email) 30/09/2024");
    assert_eq!(kinds(&cell), vec![ChildrensSocialCare]);
    // Alone, "CS" is as often a caesarean section.
    assert!(x()
        .agencies_in("Booked for elective CS at 39 weeks.")
        .is_empty());
}

#[test]
fn an_agency_before_a_notification_received_is_its_sender() {
    for text in [
        "Police notification rec'd: Connor W (15) missing 13/09 22:35, found 14/09 02:10.",
        "2nd police notification: missing 27/09 23:50, located 29/09 and returned home.",
    ] {
        let v = x().sharing_for(Some(ChildrensSocialCare), text, None, None, &[]);
        assert_eq!(v.len(), 1, "{text:?}: {v:#?}");
        assert_eq!(v[0].direction, Direction::Incoming, "{text:?}");
        assert_eq!(kinds(&v[0].counterparts), vec![Police], "{text:?}");
    }
}

#[test]
fn the_mash_health_nurse_is_the_mash_not_a_health_agency() {
    let v = x().sharing_for(
        Some(HealthVisiting),
        "Request from MASH health re Morrow children following police DA notification.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(kinds(&v[0].counterparts), vec![ChildrensSocialCare]);
}

#[test]
fn swelling_from_a_tooth_or_an_allergy_is_no_injury() {
    for text in [
        "Toothache and facial swelling 3 days. Dental abscess LR6.",
        "L cheek swollen, crying with toothache.",
        "Swollen glands, sore throat.",
    ] {
        let hits = x().indicators(text);
        assert!(
            !hits.iter().any(|h| h.id == "injury"),
            "{text:?}: {hits:#?}"
        );
    }
    let hits = x().indicators("Swelling to left cheek and a bruise under the eye.");
    assert!(hits.iter().any(|h| h.id == "injury"));
}

#[test]
fn a_birthmark_or_a_bruising_protocol_is_no_injury() {
    for text in [
        "Skin - blue-grey marks over sacrum (birthmarks).",
        "Skin: blue-grey marks over sacrum - Mum says hospital noted birthmarks.",
        "Non-mobile baby - bruising protocol followed and explained to parents.",
    ] {
        let hits = x().indicators(text);
        assert!(
            !hits.iter().any(|h| h.id == "injury"),
            "{text:?}: {hits:#?}"
        );
    }
    // A mark described, and not called a birthmark, is recorded.
    let hits = x().indicators("Undressed for weighing: 3x2cm blue-grey mark L lower back.");
    assert!(hits.iter().any(|h| h.id == "injury"), "{hits:#?}");
    // A test not needed is no suspicion.
    let hits = x().indicators("Full skin check clear. Skeletal survey not indicated.");
    assert!(!hits.iter().any(|h| h.id == "suspected-nai"), "{hits:#?}");
}

#[test]
fn an_offender_against_children_is_an_adult_posing_a_risk() {
    for text in [
        "PNC: on licence - markers violence, child cruelty.",
        "RoSH high to children; licence condition not to live with a child.",
    ] {
        let hits = x().indicators(text);
        assert!(
            hits.iter().any(|h| h.id == "adult-risk-to-children"),
            "{text:?}: {hits:#?}"
        );
    }
}

#[test]
fn a_call_that_reached_nobody_tells_nothing() {
    for text in [
        "Rang HV team, no answer. Voicemail left.",
        "Tel call to 0-19 duty line re Ruby-Mae. No answer. Voicemail left asking HV to call back.",
    ] {
        let v = x().sharing_for(Some(ChildrensSocialCare), text, None, None, &[]);
        assert!(v.is_empty(), "{text:?}: {v:#?}");
    }
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "Rang HV, discussed concerns.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
}

#[test]
fn apologies_sent_tell_nothing() {
    let v = x().sharing_for(
        Some(School),
        "Apologies sent to SW - update to follow.",
        None,
        None,
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = x().sharing_for(Some(School), "Update sent to SW.", None, None, &[]);
    assert_eq!(v.len(), 1, "{v:#?}");
}

/// Sharing only weighed ("Considered referral to CSC and/or sharing with
/// school ... not required") is no sharing; sharing done after weighing it
/// still is.
#[test]
fn sharing_considered_is_not_done() {
    for text in [
        "Considered referral to CSC and/or sharing with Poppy's school. Decision: not required.",
        "Manager considered a referral to MASH; parents engaged.",
    ] {
        let v = x().sharing_for(Some(Other), text, None, None, &[]);
        assert!(v.is_empty(), "{text:?}: {v:#?}");
    }
    let v = x().sharing_for(
        Some(Other),
        "Risk considered high. Referred to MASH by phone.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
}

/// A shared-with item naming a person of the family, or a way of telling
/// and a name, is no agency ("Letter Claire", "Mum (phone)"); a single
/// word alone may be an organisation and is kept.
#[test]
fn a_family_member_in_a_shared_with_cell_is_no_agency() {
    for cell in [
        "Letter Claire",
        "Mum (phone)",
        "copy to Mrs Reid",
        "parents",
        // A member of the writer's own staff alerted on its log.
        "Mrs A Norris (Head)",
        "Mr Khan",
        "Jo Platt",
        "J. Platt",
    ] {
        let v = x().sharing("Case closed.", None, None, &[cell.to_string()]);
        assert!(v.is_empty(), "{cell}: {v:#?}");
    }
    for cell in ["Cafcass", "Safe Lives", "Home Start"] {
        let v = x().sharing("Case closed.", None, None, &[cell.to_string()]);
        assert_eq!(v.len(), 1, "{cell}: {v:#?}");
    }
    // The child's teacher is the school's own.
    let v = x().sharing_for(
        Some(School),
        "Outcome: T's teacher informed.",
        None,
        None,
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// Checks written agency by agency are information received from each
/// agency that answered; an answer of nothing held passes nothing of
/// concern; an agency not asked ("Health - not checked") told nothing.
#[test]
fn checks_listed_agency_by_agency_are_received() {
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "Checks: Police - 2 previous DA (verbal) 2022, same couple. School (St Aldric's) - \
         attendance 89%, toothache. GP (Dr S Rahman) - no concerns re care. Health - not \
         checked at MASH.",
        None,
        None,
        &[],
    );
    let from: Vec<(AgencyKind, bool)> = v
        .iter()
        .filter(|m| m.direction == Direction::Incoming)
        .map(|m| (m.counterparts[0].kind, m.nothing_held))
        .collect();
    assert_eq!(
        from,
        [(Police, false), (School, false), (Gp, true)],
        "{v:#?}"
    );
    // One agency at the head of a sentence is no list of checks.
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "School - Kacey tired in class.",
        None,
        None,
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// A check still to be made ("School - email to Oakfield Lane not sent (to
/// do)") told nothing; what another agency answered to a check
/// ("Health - 0-19 MASH nurse: universal, nothing further") is no decision
/// of the writer's, while the writer's own decision after the checks is.
#[test]
fn a_check_not_made_tells_nothing_and_an_answer_decides_nothing() {
    let text = "Agency checks - L Tims SW. Police - nil further. Housing (M Webb, email): repairs \
                completed, family given advice. Health - 0-19 MASH nurse: universal, nothing \
                further. School - email to Oakfield Lane not sent (to do). GP/hospital - not \
                requested.";
    let v = x().sharing_for(Some(ChildrensSocialCare), text, None, None, &[]);
    let from: Vec<AgencyKind> = v
        .iter()
        .filter(|m| m.direction == Direction::Incoming)
        .map(|m| m.counterparts[0].kind)
        .collect();
    assert!(from.contains(&Police), "{v:#?}");
    assert!(!from.contains(&School), "{v:#?}");
    assert!(x().decision(text, None, None).is_none());
    let d = x().decision(&format!("{text} Decision: NFA."), None, None);
    assert_eq!(d.map(|d| d.kind), Some(DecisionKind::NoFurtherAction));
}

/// Time with a parent agreed without supervision is a plan; a child left
/// unsupervised is neglect.
#[test]
fn unsupervised_contact_is_no_neglect() {
    let neglect = |t: &str| x().indicators(t).iter().any(|h| h.id == "neglect");
    assert!(!neglect(
        "The review agreed unsupervised overnight stays with Ms Akinola."
    ));
    assert!(neglect(
        "Children aged 3 and 5 left unsupervised all evening."
    ));
}

#[test]
fn a_thing_not_brought_is_no_missed_appointment() {
    let hits = x().indicators("Attended with mum. Red book not brought; imms status unclear.");
    assert!(
        !hits.iter().any(|h| h.id == "missed-health-appointment"),
        "{hits:#?}"
    );
    let hits = x().indicators("Not brought to hearing assessment.");
    assert!(hits.iter().any(|h| h.id == "missed-health-appointment"));
}

#[test]
fn a_child_ppn_is_the_writers_own_notification() {
    let m = one("Child PPN submitted to CSC re DA incident.");
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
    let m = one("Adult referral sent to MASH.");
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
}

// ---------------------------------------------------------------- planned sharing

/// (teller kinds, recipient kinds) of the sharing a CSC record plans.
fn planned(text: &str) -> Vec<(Vec<AgencyKind>, Vec<AgencyKind>)> {
    x().planned_for(Some(ChildrensSocialCare), text, None)
        .iter()
        .map(|p| (kinds(&p.by), kinds(&p.to)))
        .collect()
}

#[test]
fn an_agreed_action_to_tell_an_agency_is_planned_not_done() {
    assert_eq!(
        planned("Action - IDVA to inform midwife."),
        vec![(vec![Voluntary], vec![Hospital])]
    );
    // A ward's own social worker is the hospital's, not social care's.
    assert_eq!(
        planned("Plan: ward SW to inform HV and Children's Services of discharge."),
        vec![(vec![Hospital], vec![ChildrensSocialCare, HealthVisiting])]
    );
    assert_eq!(
        planned("Strategy discussion: police to check partner on PNC; HV to be updated."),
        vec![(vec![], vec![HealthVisiting])]
    );
    assert_eq!(
        planned("School will be notified by SW."),
        vec![(vec![ChildrensSocialCare], vec![School])]
    );
    assert_eq!(
        planned("Plan agreed at CIN meeting: SW to send copy of plan to school and GP; HV will update GP."),
        vec![
            (vec![ChildrensSocialCare], sorted(vec![Gp, School])),
            (vec![HealthVisiting], vec![Gp]),
        ]
    );
    assert_eq!(planned("I will inform the GP."), vec![(vec![], vec![Gp])]);
    assert_eq!(
        planned("Parents not yet told - allocated SW to do this and to link with the midwife."),
        vec![(vec![ChildrensSocialCare], vec![Hospital])]
    );
    assert_eq!(
        planned("Discussed with HV who will inform the GP."),
        vec![(vec![HealthVisiting], vec![Gp])]
    );
}

/// An action owned by a worker's initials ("ACTION: AK to email SW") is
/// planned, as one owned by an agency is.
#[test]
fn an_action_owned_by_a_workers_initials_is_planned() {
    let plans = x().planned_for(
        Some(Voluntary),
        "Case discussed. Lapse to heroin, infant on CIN plan. ACTION: AK to email SW with update before CIN review.",
        None,
    );
    assert_eq!(plans.len(), 1, "{plans:#?}");
    assert_eq!(kinds(&plans[0].to), vec![ChildrensSocialCare]);
    // Initials after words of a sentence own no item ("Mum said DG to tell school").
    assert!(planned("Mum said DG to tell school.").is_empty());
}

/// A shared-with cell telling of apologies sent passes nothing about the
/// child.
#[test]
fn apologies_in_a_shared_with_cell_tell_nothing() {
    let v = x().sharing(
        "Unable to attend CIN review.",
        None,
        None,
        &["CSC (apologies only)".to_string()],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn a_list_of_actions_gives_each_item_its_owner() {
    let minutes = "Actions: 1) Police - maintain DA flag, expedite charging decision. \
        2) IDVA - continue safety planning; with KO's consent inform community midwife and HV \
        of MARAC and risk; midwife to complete routine enquiry only when KO seen alone. \
        3) Housing - sanctuary scheme assessment.";
    assert_eq!(
        planned(minutes),
        vec![(vec![Voluntary], sorted(vec![HealthVisiting, Hospital]))]
    );
    assert_eq!(
        planned(
            "IDVA actions: continue safety planning; inform community midwife and HV of MARAC."
        ),
        vec![(vec![Voluntary], sorted(vec![HealthVisiting, Hospital]))]
    );
}

#[test]
fn a_planned_referral_is_no_referral_made() {
    let text = "Agreed: SW to refer to CAMHS.";
    assert!(x()
        .sharing_for(Some(ChildrensSocialCare), text, None, None, &[])
        .is_empty());
    assert_eq!(
        planned(text),
        vec![(vec![ChildrensSocialCare], vec![Other])]
    );
    let text = "Referral to CAMHS to be made by GP.";
    assert!(x()
        .sharing_for(Some(ChildrensSocialCare), text, None, None, &[])
        .is_empty());
    assert_eq!(planned(text), vec![(vec![Gp], vec![Other])]);
    // A meeting's numbered actions written as things to send.
    let text = "MAPPA L2 review. Risk to children discussed. ACTIONS: (1) Disclosure to KB \
        re DR's convictions - Police with PO, by 03/11/23. (2) Referral to Eastvale MASH re TB \
        and EM - PO GL, by 26/10/23. (3) Police unannounced visits.";
    assert!(x()
        .sharing_for(Some(Probation), text, None, None, &[])
        .is_empty());
    assert_eq!(
        x().planned_for(Some(Probation), text, None)
            .iter()
            .map(|p| kinds(&p.to))
            .collect::<Vec<_>>(),
        vec![vec![ChildrensSocialCare]]
    );
}

#[test]
fn telling_done_or_telling_a_person_is_no_plan() {
    for text in [
        "Rang school to inform them of the plan.",
        "Went to school to tell DSL about the plan.",
        "School informed by phone.",
        "Outcome: NFA. School informed.",
        "SW to visit within 5 days.",
        "Mum to tell school herself.",
        "Advised she must tell school and give new address.",
        "Consent to share with GP. Young carer not explored further.",
    ] {
        assert!(planned(text).is_empty(), "{text}: {:?}", planned(text));
    }
    // Consent to checks is no check made.
    let text = "Safety plan agreed. Mum consents to checks with health.";
    assert!(x()
        .sharing_for(Some(ChildrensSocialCare), text, None, None, &[])
        .is_empty());
}

/// The place written before an agency's short name stays with it, so the
/// review's agency of that place can be told from others of its kind.
#[test]
fn the_place_before_an_agencys_short_name_is_part_of_it() {
    let m = one("Missing notification emailed to Lowmoor CS Front Door 07:40.");
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
    assert_eq!(m.counterparts[0].text, "Lowmoor CS Front Door");
    let m = one("Emailed to CSC.");
    assert_eq!(m.counterparts[0].text, "CSC");
}

/// A notice with its date and time before its recipient is sent to it.
#[test]
fn a_notice_dated_before_its_recipient_is_sent() {
    let m = one("PPN 11/03/24 07:40 to MASH; Encompass Hollins Park 11/03/24 07:45");
    assert_eq!(m.direction, Direction::Outgoing);
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
}

/// A reply to a request for information is sharing both ways; one whose
/// sentence says the teller held nothing of concern carries nothing, and a
/// letter named only in the outcome goes with the text.
#[test]
fn replies_and_replies_that_held_nothing() {
    let m = one("Reply from GP (Dr Marsh): both children registered, no safeguarding concerns on GP record.");
    assert_eq!(m.direction, Direction::Incoming);
    assert_eq!(kinds(&m.counterparts), vec![Gp]);
    assert!(m.nothing_held);
    // A police return to MASH of nothing held.
    let v = x().sharing_for(
        Some(Police),
        "Oldham MASH request re AYDIN Yusuf. Checked PPN system + intel: nil returns. Return sent to MASH 15:20: 'No police information held'.",
        None,
        None,
        &[],
    );
    assert!(
        v.iter()
            .any(|m| m.direction == Direction::Outgoing && m.nothing_held),
        "{v:#?}"
    );
    let m = one("Safeguarding note: MASH reply: previously CIN 2022 (missing), closed 01/2023.");
    assert_eq!(m.direction, Direction::Incoming);
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
    let m = one("Reply to SW: not brought to dentistry twice in February.");
    assert_eq!(m.direction, Direction::Outgoing);
    assert_eq!(kinds(&m.counterparts), vec![ChildrensSocialCare]);
    assert!(!m.nothing_held);
    // Police news passed on with a line about the GP's records elsewhere
    // still carries the news.
    let m = one("Referred to CSC re DA incident. GP: no concerns known.");
    assert!(!m.nothing_held);
    let v = x().sharing(
        "Reply re request for information: no concerns known.",
        Some("Email sent to SW."),
        None,
        &[],
    );
    assert!(v.iter().any(|m| m.nothing_held), "{v:#?}");
    // A referral whose form, in the outcome, answers its safeguarding
    // section "No" carries nothing of concern; one whose outcome says
    // only how it went still carries what the school held.
    let v = x().sharing(
        "Referral to CSC sent (attendance YTD 58.9%). Reason: EBSA.",
        Some("Referral form emailed. Section 6 (safeguarding) ticked No."),
        None,
        &[],
    );
    assert!(
        v.iter()
            .any(|m| m.direction == Direction::Outgoing && m.nothing_held),
        "{v:#?}"
    );
    let v = x().sharing(
        "Referral to MASH sent re bruise to arm.",
        Some("Referral form emailed."),
        None,
        &[],
    );
    assert_no_answer_of_nothing_held(&v);
}

/// A request received and answered in one record: the answer that says
/// nothing was held goes back to the asker and carries nothing; a request
/// with no answer, or an answer that tells something, adds no such reply.
#[test]
fn a_request_answered_with_nothing_held_is_a_reply_carrying_nothing() {
    let v = x().sharing_for(
        Some(Gp),
        "Call from Calderbridge MASH re Tyler. Informed: multiple food allergies, under allergy clinic. Not aware of any safeguarding concerns from practice.",
        None,
        None,
        &[],
    );
    let reply: Vec<_> = v
        .iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    assert_eq!(reply.len(), 1, "{v:#?}");
    assert!(reply[0].nothing_held);
    assert_eq!(kinds(&reply[0].counterparts), vec![ChildrensSocialCare]);
    for text in [
        "Call from Calderbridge MASH re Tyler. Not aware of any safeguarding concerns.",
        "Call from Calderbridge MASH re Tyler. Informed: seen twice for bruising, HV aware.",
    ] {
        let v = x().sharing_for(Some(Gp), text, None, None, &[]);
        assert!(
            !v.iter().any(|m| m.direction == Direction::Outgoing),
            "{text:?}: {v:#?}"
        );
    }
}

/// A GP's referral to maternity whose safeguarding section says "None
/// known": a sending to the hospital that carries nothing held.
#[test]
fn a_maternity_e_referral_with_none_known_carries_nothing() {
    let v = x().sharing_for(
        Some(Gp),
        "PT +ve. 7/40. Maternity e-referral done in consultation - safeguarding section: 'None known'.",
        None,
        None,
        &[],
    );
    let out: Vec<_> = v
        .iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    assert_eq!(out.len(), 1, "{v:#?}");
    assert_eq!(kinds(&out[0].counterparts), vec![Hospital]);
    assert!(out[0].nothing_held, "{v:#?}");
}

/// An adult arrested over sexual messages to a child online is a risk to
/// the children he lives with.
#[test]
fn an_adult_arrested_over_messages_to_a_girl_online_is_a_risk_to_children() {
    for text in [
        "Partner Craig arrested last month re 'messages to a girl online' - pt says it is a set up.",
        "Dad RUI for indecent images.",
    ] {
        let got = ids(text);
        assert!(got.iter().any(|g| g == "adult-risk-to-children"), "{text:?}: {got:?}");
    }
}

/// "Northfold Orthoptics 14/02/24: …" heads a clinic's letter: a hospital's.
#[test]
fn hospital_departments_are_the_hospital() {
    assert_eq!(
        kinds(&x().agencies_in("Orthoptics clinic letter.")),
        vec![Hospital]
    );
    assert_eq!(
        kinds(&x().agencies_in("Seen in audiology.")),
        vec![Hospital]
    );
}

/// A bare "to" after words of waiting is a sending still to come.
#[test]
fn a_sending_still_to_come_is_no_sharing() {
    let v = x().sharing(
        "PPN (child) created by PC Whitlow.",
        Some("Queued for DA supervisor review before sending to Harrowfield MASH."),
        Some("PPN"),
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = x().sharing(
        "PPN reviewed by PS Odell.",
        Some("PPN sent to Harrowfield MASH 29/09/23."),
        Some("PPN"),
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
}

/// A referral to a meeting is not the meeting.
#[test]
fn a_referral_to_a_meeting_is_no_meeting_held() {
    for text in ["MARAC referral. PPN to MASH.", "Referred to MARAC by IDVA."] {
        let m = x().meeting(text, None);
        assert!(m.as_ref().is_none_or(|m| !m.held), "{text:?}: {m:#?}");
    }
    assert!(x()
        .meeting("MARAC held. Actions agreed.", None)
        .is_some_and(|m| m.held));
}

/// "Both children seen, LM alone in her room": the older child seen alone.
#[test]
fn a_child_alone_in_her_room_is_seen_alone() {
    assert_eq!(
        x().child_seen("Home visit after school. Both children seen, LM alone in her room."),
        ChildSeen::SeenAlone
    );
    assert_ne!(
        x().child_seen("Children left alone in their room all evening."),
        ChildSeen::SeenAlone
    );
}

/// "Alleged perpetrator" names the adult of a domestic abuse incident: no
/// allegation of abuse of the child.
#[test]
fn an_alleged_perpetrator_is_no_allegation() {
    let text = "Strategy discussion not indicated - no disclosure of harm to the children, alleged perpetrator removed by bail.";
    assert!(
        !ids(text).contains(&"allegation".to_string()),
        "{:?}",
        ids(text)
    );
    assert!(ids("Lily alleged that Dad hit her.").contains(&"allegation".to_string()));
}

/// Secrecy asked of a child, in the child's words, is a sign of grooming.
#[test]
fn secrecy_asked_of_a_child_is_a_sexual_abuse_concern() {
    for text in [
        "Skye told TA: 'Uncle Gaz lets me watch films in his bed when Mummy's asleep, it's our secret'.",
        "Said he told her not to tell Mum.",
    ] {
        assert!(ids(text).contains(&"sexual-abuse".to_string()), "{text:?}: {:?}", ids(text));
    }
    assert!(!ids("Secret Santa at school; Skye excited.").contains(&"sexual-abuse".to_string()));
}

/// Sharing as police and MASH write it: the sender named before its PPN,
/// a notification "emailed to" two agencies with a name in brackets.
#[test]
fn a_ppn_from_its_sender_and_a_notification_emailed_to_agencies() {
    let got = x().sharing_for(
        Some(ChildrensSocialCare),
        "Police PPN re verbal DA 18/02/23 at 14 Larch Walk.",
        None,
        None,
        &[],
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].direction, Direction::Incoming);
    assert_eq!(kinds(&got[0].counterparts), vec![Police]);
    let got = x().sharing_for(
        Some(ChildrensSocialCare),
        "MASH triage: NFA. Notification emailed to school (Heathcote) and 0-19 service 20/02.",
        None,
        None,
        &[],
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].direction, Direction::Outgoing);
    assert_eq!(kinds(&got[0].counterparts), vec![HealthVisiting, School]);
}

/// Drinking told by its amount or its dependence is substance misuse:
/// "1 litre vodka daily", "30 units/wk", "alcohol dependence", a detox.
#[test]
fn drinking_told_by_amount_or_dependence_is_substance_misuse() {
    for text in [
        "Dani completed triage. Drinking 1 litre vodka daily, first drink around 10am, shakes without.",
        "Drinks approx 30 units/wk.",
        "Alcohol dependence, community detox planned.",
        "SADQ 34 (severe).",
    ] {
        assert!(
            ids(text).iter().any(|g| g == "substance-misuse"),
            "{text:?}: {:?}",
            ids(text)
        );
    }
    assert!(!ids("Denies drinking any vodka.")
        .iter()
        .any(|g| g == "substance-misuse"));
}

/// A drug debt worked off, a trap house and a named line are exploitation.
#[test]
fn a_drug_debt_worked_off_is_exploitation() {
    for text in [
        "TB disclosed he owes 'Reggie' £800 after 'a bag went missing', being sent to Northgate 'a few times' to work it off.",
        "Found in a trap house in Portmere.",
        "Stopped with the 'Tiny' line phone.",
    ] {
        assert!(
            ids(text).iter().any(|g| g == "exploitation"),
            "{text:?}: {:?}",
            ids(text)
        );
    }
    assert!(!ids("Mum owes £300 rent.")
        .iter()
        .any(|g| g == "exploitation"));
}

/// A father's telling of thoughts of shaking his baby is a risk to the
/// child, whatever he says of acting on it.
#[test]
fn thoughts_of_harming_the_baby_are_a_risk_to_her() {
    let text = "He described thoughts of 'shaking her to shut her up', which he said he would never act on.";
    assert!(
        ids(text).iter().any(|g| g == "adult-risk-to-children"),
        "{:?}",
        ids(text)
    );
}

/// A child's adult boyfriend, and a child found in an adult man's car, are
/// exploitation; a parent's boyfriend of any age is not.
#[test]
fn a_childs_adult_boyfriend_is_exploitation() {
    for text in [
        "GCS 15, alert. Says Craig is his boyfriend, 'he's 19'.",
        "Millie says her boyfriend (23) picks her up from school.",
        "Found at 02:15 in the car of an adult male, intoxicated.",
    ] {
        assert!(
            ids(text).iter().any(|g| g == "exploitation"),
            "{text:?}: {:?}",
            ids(text)
        );
    }
    for text in [
        "Mum's new boyfriend (28) was present.",
        "Mum has a new boyfriend, he's 34, living at the address.",
    ] {
        assert!(
            !ids(text).iter().any(|g| g == "exploitation"),
            "{text:?}: {:?}",
            ids(text)
        );
    }
}

/// A child's telling of someone hurting the mother is domestic abuse:
/// "Lee pushed mummy down the stairs", "Daddy is hurting Mummy", "Lee
/// squeezed mummy's neck".
#[test]
fn a_childs_telling_of_mum_hurt_is_domestic_abuse() {
    for text in [
        "Tyler told Mr Beckett: 'Lee pushed mummy and she fell down the stairs'.",
        "999 call from Ella (9) - 'Daddy is hurting Mummy'.",
        "He said 'Lee squeezed mummy's neck'.",
    ] {
        assert!(
            ids(text).iter().any(|g| g == "domestic-abuse"),
            "{text:?}: {:?}",
            ids(text)
        );
    }
    assert!(!ids("Mum pushed the buggy to nursery.")
        .iter()
        .any(|g| g == "domestic-abuse"));
}

/// Police notices as logs write them: a PPN with its kind bracketed, an
/// Encompass "to" the school, a copy of the PPN to the 0-19 service, police
/// information "shared into" the MASH.
#[test]
fn police_notices_as_logs_write_them() {
    for (text, want) in [
        (
            "Safeguarding referral: PPN (child concern) submitted 03.12.23 07:40 to Ashbourne Vale MASH.",
            vec![ChildrensSocialCare],
        ),
        (
            "PPN (child exploitation) to Hallowbridge MASH 19/01 21:05",
            vec![ChildrensSocialCare],
        ),
        (
            "Op Encompass to St Barnabas CE Primary 03.12.23 07:42",
            vec![School],
        ),
        (
            "Copy PPN to 0-19 Single Point of Access for HV (Mia).",
            vec![HealthVisiting],
        ),
        (
            "Police info shared into MASH triage (both occurrences).",
            vec![ChildrensSocialCare],
        ),
    ] {
        let got = x().sharing_for(Some(Police), text, None, None, &[]);
        assert_eq!(got.len(), 1, "{text:?}: {got:#?}");
        assert_eq!(got[0].direction, Direction::Outgoing, "{text:?}");
        assert_eq!(kinds(&got[0].counterparts), want, "{text:?}");
    }
    // Made, not yet sent: no sharing.
    let got = x().sharing_for(
        Some(Police),
        "PPN (child - Alfie MARSH) created by PC Whitlow.",
        Some("Queued for DA supervisor review before sending to Harwick MASH."),
        None,
        &[],
    );
    assert!(got.is_empty(), "{got:#?}");
}

/// A record of an agency naming another of its own kind by place ("Email
/// to City of York Children's Social Care" in a LADO's log) tells of
/// sharing with it; the kind's words alone ("SW visited", "Operation
/// Encompass" in a police log) are the writer itself.
#[test]
fn another_agency_of_the_writers_own_kind_named_by_place_is_a_counterpart() {
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "Email to City of York Children's Social Care: allegation about Chloe, police investigating.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].direction, Direction::Outgoing);
    assert_eq!(kinds(&v[0].counterparts), vec![ChildrensSocialCare]);
    assert!(v[0].counterparts[0].text.contains("York"), "{v:#?}");
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "Email to Children's Social Care duty team re Chloe.",
        None,
        None,
        &[],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = x().sharing_for(
        Some(Police),
        "Notifications to Darwen Moorside Academy (Kian) and St Barnabas CE Primary (Lacey-Mae).",
        Some("Schools"),
        Some("Operation Encompass"),
        &[],
    );
    assert!(
        v.iter().all(|m| m.direction != Direction::Incoming),
        "{v:#?}"
    );
}

/// A meeting the record does not name, whose attendance is listed and
/// whose decision is on a section 47 enquiry, is a strategy discussion;
/// one deciding on a plan is another meeting.
#[test]
fn a_meeting_deciding_on_section_47_is_a_strategy_discussion() {
    let m = x()
        .meeting(
            "Present: P Everitt (TM, chair), S Okafor (SW), DS R Hume (Police). Health and nursery not present. Decision: threshold for S47 met - joint investigation.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::StrategyDiscussion);
    assert!(m.held);
    let absent = kinds(&m.absent);
    assert!(
        absent.contains(&HealthVisiting) && absent.contains(&School),
        "{absent:?}"
    );
    let m = x()
        .meeting(
            "Present: SW, Mum, school DSL. Decision: continue the Child in Need plan.",
            None,
        )
        .expect("a meeting");
    assert_eq!(m.kind, MeetingKind::OtherMeeting);
}

/// A child caring for a parent is a young carer, however the record puts
/// it; a paid carer, or a service's name alone in a sentence about an
/// adult, is not.
#[test]
fn a_child_caring_for_a_parent_is_a_young_carer() {
    reads_as(
        "young-carer",
        &[
            "Attended with son Tyler (12). Son says he \"does dad's tablets\". Son appears to be main support at home.",
            "Told me he 'does dad's tea and his tablets and helps him in the shower'.",
            "Discharge referral to ASC: lives with son who provides informal support.",
            "Pharmacist reports son appears to be caring for dad.",
            "Kayla is a young carer for her mum.",
            "He had to phone the council for his dad on Tuesday because dad can't speak English good.",
            "Kacper interprets for his parents at appointments.",
        ],
        &[
            "Dad's carer from the agency visited at 10:00.",
            "Interpreter booked for mum.",
            "MGM visits daily; she is main support to mum.",
            "Care package: carers twice daily for personal care.",
        ],
    );
}

/// A parent's home taken over by a drug line is cuckooing, however the
/// record puts it; a parent moving house, or a dealer's own flat, is not.
#[test]
fn a_home_taken_over_by_a_drug_line_is_cuckooing() {
    reads_as(
        "cuckooing",
        &[
            "Call from MGM: lads from Sheffield have 'taken over' Donna's flat, she is frightened of them.",
            "Intel log: 'DEANO' county line (Sheffield) operating from Flat 12. Mum with 2 kids, they cut and bag in her kitchen.",
            "Suspected cuckooed address - vulnerable adult marker.",
            "DH disclosed men 'took over' flat around Christmas.",
        ],
        &[
            "Mum has taken over the tenancy from her mother.",
            "Family moved into a new flat in March.",
            "He took over the lease of the shop.",
        ],
    );
}

/// A stay with a neighbour while a parent is in hospital, or for a night,
/// is no private fostering arrangement; a child living with one is.
#[test]
fn a_short_stay_with_a_neighbour_is_no_private_fostering() {
    for text in [
        "Says dad taken to hospital in ambulance Mon night and he went with him; staying with neighbour.",
        "Staying with neighbour until dad is discharged.",
        "Kids staying at neighbour's tonight.",
    ] {
        assert!(!ids(text).contains(&"private-fostering".to_string()), "{text}: {:?}", ids(text));
    }
    assert!(ids("Now living with a family friend since September.")
        .contains(&"private-fostering".to_string()));
}

/// A child protection medical that found nothing is no suspected injury; a
/// routine answer about drinking is no substance misuse.
#[test]
fn a_clear_medical_and_a_routine_drinking_answer_are_no_concerns() {
    for (text, id) in [
        (
            "CP medical - Kacper. Full skin check - no injuries.",
            "suspected-nai",
        ),
        (
            "Case presented at CP medical peer review meeting - opinion agreed.",
            "suspected-nai",
        ),
        (
            "Stress, poor sleep. Mood ok, no SI. Alcohol 'rarely'.",
            "substance-misuse",
        ),
        ("Alcohol - within limits. Non smoker.", "substance-misuse"),
    ] {
        assert!(
            !ids(text).contains(&id.to_string()),
            "{text}: {:?}",
            ids(text)
        );
    }
    assert!(
        ids("CP medical: bruising to both ears, inconsistent with account.")
            .contains(&"suspected-nai".to_string())
    );
    assert!(
        ids("Drinking alcohol daily, 3 bottles of wine.").contains(&"substance-misuse".to_string())
    );
}

/// A GP's answer written under the asker's label and marked sent went to
/// the asker and, saying only "no safeguarding codes … no relevant
/// history", carried nothing; the asker's own reply under the same label,
/// not marked sent, came from it.
#[test]
fn a_reply_under_the_askers_label_marked_sent_went_to_it() {
    let v = x().sharing_for(
        Some(Gp),
        "MASH response (email): \"Hamza – no safeguarding codes, immunisations UTD. Mother registered here – no relevant history.\" Sent.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].direction, Direction::Outgoing);
    assert_eq!(kinds(&v[0].counterparts), vec![ChildrensSocialCare]);
    assert!(v[0].nothing_held, "{v:#?}");
    let v = x().sharing_for(
        Some(Gp),
        "MASH response (email): previously CIN 2022, closed 01/2023.",
        None,
        None,
        &[],
    );
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].direction, Direction::Incoming);
    assert!(!v[0].nothing_held);
}

/// A school asked by Cafcass for a court report, answering through the
/// class teacher that the child is happy with "no concerns": the answer
/// carried nothing. Telling the asker of a bruise carries it.
#[test]
fn an_answer_to_an_asker_saying_no_concerns_carries_nothing() {
    let v = x().sharing_for(
        Some(School),
        "Call from Cafcass (Ms J Pike) for court report. Miss Lowe: 'Millie is happy, progressing well, attendance 97%, no concerns'.",
        None,
        None,
        &["Cafcass (verbal)".to_string()],
    );
    let out: Vec<_> = v
        .iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    assert_eq!(out.len(), 1, "{v:#?}");
    assert!(out[0].nothing_held, "{v:#?}");
    let v = x().sharing_for(
        Some(School),
        "Call from Cafcass (Ms J Pike) for court report. Miss Lowe told of the bruise to Millie's arm on 22/04.",
        None,
        None,
        &["Cafcass (verbal)".to_string()],
    );
    assert_no_answer_of_nothing_held(&v);
}

/// Social care's note of the checks it made, with the police's answer of
/// no history: the request carried nothing back, and is no answer of
/// social care's own saying it held nothing.
#[test]
fn checks_made_are_no_answer() {
    let v = x().sharing_for(
        Some(ChildrensSocialCare),
        "Checks: Police - Dean Caffrey no DA or child-related history; one call to address 23/03/24 (theft). Health - ED 17/02/24 wrist fracture (trampoline, witnessed, safeguarding checklist no concerns). Education - good attendance, no previous concerns.",
        None,
        None,
        &[],
    );
    assert_no_answer_of_nothing_held(&v);
}

/// A crisis team's referral to social care left to be weighed in the
/// morning, or left to its care coordinator to complete, is planned, not
/// made.
#[test]
fn a_referral_to_be_considered_or_completed_is_no_referral_made() {
    for text in [
        "Safeguarding: children safe tonight with MGM; safeguarding referral to CSC to be considered by HTT in the morning - handed over.",
        "Plan: HTT daily. SAFEGUARDING REFERRAL to Blackpool MASH - CS to complete. Letter to GP.",
    ] {
        let v = x().sharing_for(Some(Other), text, None, None, &[]);
        assert!(
            !v.iter().any(|m| m.counterparts.iter().any(|c| c.kind == ChildrensSocialCare)),
            "{text:?}: {v:#?}"
        );
        assert!(
            x().planned_for(Some(Other), text, None)
                .iter()
                .any(|p| kinds(&p.to) == vec![ChildrensSocialCare]),
            "{text:?}"
        );
    }
}

/// A child sleeping in the bed of a man not the child's parent is a risk
/// from that adult; a child in a parent's bed, or a toddler sharing with a
/// sibling, is not.
#[test]
fn a_child_in_an_unrelated_mans_bed_is_a_risk_from_an_adult() {
    reads_as(
        "adult-risk-to-children",
        &[
            "Circle time: Kacey said 'I sleep in Uncle Steve's big bed with him because Logan has the mattress'.",
            "Mia (7) says she shares a bed with mum's boyfriend when mum is on nights.",
        ],
        &[
            "Kacey says she sleeps in mum's bed with her when poorly.",
            "Logan shares a bed with his brother.",
        ],
    );
}

/// An argument between the parents, heard on a ward or in the street, is
/// domestic abuse; an argument between pupils is not.
#[test]
fn an_argument_between_the_parents_is_domestic_abuse() {
    reads_as(
        "domestic-abuse",
        &[
            "Loud argument heard between parents in parents' sitting room. Security called 15:40.",
            "Verbal row between the couple outside the flat, neighbour called 101.",
        ],
        &["Argument between two Y9 pupils at lunch; both spoken to."],
    );
}

/// A sharing on a condition is advice for later, not a sharing done.
#[test]
fn a_referral_on_a_condition_is_no_referral() {
    for text in [
        "Reply to NNU: noted. Advise continue to monitor visiting, document, refer to CSC if further concerns. No referral made at this time.",
        "If he returns to the address, inform police on 999.",
    ] {
        let v = x().sharing_for(Some(Hospital), text, None, None, &[]);
        assert!(
            !v.iter().any(|m| m.direction == Direction::Outgoing),
            "{text:?}: {v:#?}"
        );
    }
    let v = x().sharing_for(Some(Hospital), "Referred to CSC today.", None, None, &[]);
    assert!(
        v.iter().any(|m| m.direction == Direction::Outgoing),
        "{v:#?}"
    );
}

/// A young child alone with a baby, or a baby left with a young child, is
/// neglect; a teenager of 16 home alone is not read so.
#[test]
fn a_young_child_left_alone_with_a_baby_is_neglect() {
    reads_as(
        "neglect",
        &[
            "11:00 Levi (8) alone in trailer with baby Tyson, baby crying, Levi making up a bottle.",
            "Mum left the baby with a 9 year old while she went to the shop.",
        ],
        &["Kian (16) at home on his own revising for GCSEs."],
    );
}

/// What a carer should or will do ("she should talk to her SW", "Pat says
/// she will ring Lisa (SGO worker)") is no telling by the agency that
/// writes it, though the note is of a phone call.
#[test]
fn a_carers_plan_to_ring_the_social_worker_is_no_sharing() {
    let v = x().sharing_for(
        Some(Voluntary),
        "DF advised locking a 13yo out overnight is not safe and she should talk to her SW.",
        Some("Pat says she will ring Lisa (SGO worker) re respite. DF to check in 2 wks."),
        Some("Phone 1:1 (45 min)"),
        &[],
    );
    assert!(
        !v.iter().any(|m| m.direction == Direction::Outgoing),
        "{v:#?}"
    );
}

/// A scan that found nothing is no suspected non-accidental injury; one
/// ordered for a bruise in a baby is.
#[test]
fn a_normal_skeletal_survey_is_no_suspected_injury() {
    reads_as(
        "suspected-nai",
        &["Bruise to ear in non-mobile baby; skeletal survey and CT head requested under the protocol."],
        &[
            "SW advises follow up skeletal survey 25/06 normal. Record updated. No further action.",
            "Verbal from Dr Nair: CT head, skeletal survey, ophthalmology, bloods normal.",
        ],
    );
}

/// A child's urine-stained mattress without bedding, and a fridge with
/// nothing but drink in it, are neglect; a mattress bought, or a fridge
/// repaired, is not.
#[test]
fn a_urine_stained_mattress_and_an_empty_fridge_are_neglect() {
    reads_as(
        "neglect",
        &[
            "Children's bedroom - single mattress on floor (both children share), urine stained, no duvet/sheet.",
            "Kitchen dirty pots, fridge - milk + cider cans only.",
            "Fridge empty apart from a bottle of vodka.",
        ],
        &[
            "New mattress delivered by the charity for Evie's bed.",
            "Fridge repaired by landlord; freezer door replaced.",
        ],
    );
}

/// A landlord's neighbourhood officer is the landlord itself, not the
/// police: an operative's note passed to that officer stays in-house.
#[test]
fn a_landlords_neighbourhood_officer_is_the_landlord() {
    let v = x().sharing_for(
        Some(Housing),
        "Operative note: tenant appeared drunk at 10am, kids said they hadnt had breakfast. Job note passed to Neighbourhood Officer.",
        None,
        None,
        &[],
    );
    assert!(
        !v.iter()
            .any(|m| m.counterparts.iter().any(|c| c.kind == Police)),
        "{v:#?}"
    );
}

/// A child made to work for a relative's business at night, or seen at a
/// takeaway's counter at school age, is exploited; a parent working, or a
/// teenager's Saturday job, is not.
#[test]
fn a_child_made_to_work_is_exploitation() {
    reads_as(
        "exploitation",
        &[
            "Gave name Yusuf AYDIN, age 13. Said delivering for his uncle's shop, does it 'most nights after school'.",
            "Young male working behind counter in shop apron, at fryer then serving customers. Appeared approx 12-14 yrs, v small build.",
            "School told the boy is working at the car wash during school hours.",
            "Child employment - not our remit. Note on file.",
        ],
        &[
            "Mum working nights at the care home; children with MGM.",
            "Kyle (15) has a Saturday job at the bakery, enjoys it.",
            "Dad works for his uncle's car wash, long hours.",
        ],
    );
}

/// A parent's threat or thought of killing the children, alone or with
/// themselves, is a risk to the children; leaving with the children or
/// taking them to a relative's is not.
#[test]
fn a_parents_threat_to_kill_the_children_is_a_risk_to_them() {
    reads_as(
        "adult-risk-to-children",
        &[
            "States 'I'm going to take the kids with me, we'll all just go to sleep and not wake up.'",
            "Letter: crisis call, expressed thoughts of taking her children's lives along with her own.",
            "Said he would kill himself and the kids if she left.",
            "Sister reports he threatened to kill the children.",
            "Fleeting thoughts of filicide in context of suicidal ideation.",
            "Lender said 'I know where your kids go to school, I know your girl gets the 7.50 bus'.",
            "Neighbour reports threats made against the children by the ex-partner.",
        ],
        &[
            "Mum said she will take the kids with her to her sister's in Leeds.",
            "Took the children with her to the refuge.",
            "Dad does not know where the children live now (refuge address withheld).",
        ],
    );
}

/// A child called a witch or possessed, a deliverance or exorcism, is
/// abuse linked to faith or belief; possession of drugs and a witch at a
/// school's Halloween party are not.
#[test]
fn a_child_called_a_witch_or_possessed_is_belief_abuse() {
    reads_as(
        "belief-abuse",
        &[
            "Stepmother told the GP 'something is in her' and the pastor is praying.",
            "Grace told her teacher she is a witch and that the pastor will make it leave.",
            "Caller saw adults circling a girl on the floor at a deliverance service.",
            "Grandmother says he is possessed by jinn; a healer visited.",
        ],
        &[
            "Arrested for possession of cannabis.",
            "Dressed as a witch for the Halloween disco.",
        ],
    );
}
