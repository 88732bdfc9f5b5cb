//! Column mapping tests: header folding, synonyms, the stronger synonym
//! winning, and mapping profiles (overrides, round trips, what is wrong
//! with a bad one).

use super::*;

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| s.to_string()).collect()
}

#[test]
fn folding_ignores_case_accents_and_punctuation() {
    assert_eq!(fold("Date/Time"), "date time");
    assert_eq!(fold("  ACTION / Outcome "), "action outcome");
    assert_eq!(fold("Child's name"), "childs name");
    assert_eq!(fold("Child’s Name:"), "childs name");
    assert_eq!(fold("Résumé"), "resume");
    assert_eq!(fold("D.O.B."), "d o b");
}

#[test]
fn design_synonyms_are_recognised() {
    for (h, role) in [
        ("Date", ColumnRole::Date),
        ("Start date", ColumnRole::Date),
        ("Date of contact", ColumnRole::Date),
        ("Event date", ColumnRole::Date),
        ("Occurrence date", ColumnRole::Date),
        ("Date/Time", ColumnRole::Date),
        ("Time", ColumnRole::Time),
        ("Event ref", ColumnRole::Sequence),
        ("Seq", ColumnRole::Sequence),
        ("Details", ColumnRole::Description),
        ("Event", ColumnRole::Description),
        ("Summary", ColumnRole::Description),
        ("Narrative", ColumnRole::Description),
        ("Description of contact", ColumnRole::Description),
        ("Outcome", ColumnRole::Outcome),
        ("Action taken", ColumnRole::Outcome),
        ("Decision", ColumnRole::Outcome),
        ("Action/outcome", ColumnRole::Outcome),
        ("Plan", ColumnRole::Outcome),
        ("Plan / action", ColumnRole::Outcome),
        ("Follow-up", ColumnRole::Outcome),
        ("Referral / PPN", ColumnRole::Outcome),
        ("Referral", ColumnRole::Outcome),
        ("Source", ColumnRole::SourceRef),
        ("Source of information", ColumnRole::SourceRef),
        ("Reference", ColumnRole::SourceRef),
        ("Practitioner", ColumnRole::Author),
        ("Author", ColumnRole::Author),
        ("Worker", ColumnRole::Author),
        ("Role", ColumnRole::Author),
        ("Child", ColumnRole::Subject),
        ("Subject", ColumnRole::Subject),
        ("Name", ColumnRole::Subject),
        ("Student", ColumnRole::Subject),
        ("Young person", ColumnRole::Subject),
        ("Client name", ColumnRole::Subject),
        ("Type", ColumnRole::EventType),
        ("Category", ColumnRole::EventType),
        ("Contact type", ColumnRole::EventType),
        ("Shared with", ColumnRole::SharedWith),
        ("Information shared with", ColumnRole::SharedWith),
        ("Referred to", ColumnRole::SharedWith),
        ("Notified", ColumnRole::SharedWith),
        ("Date of birth", ColumnRole::SubjectDob),
        ("Team", ColumnRole::Ignore),
        ("Service", ColumnRole::Ignore),
    ] {
        assert_eq!(guess_role(h).map(|(r, _)| r), Some(role.clone()), "{h}");
    }
    assert_eq!(guess_role("Officer remarks"), None);
}

#[test]
fn stronger_synonym_wins_and_loser_is_kept_as_extra() {
    let m = Mapping::new(&headers(&["Date", "Event", "Details", "Outcome"]), None);
    assert_eq!(
        m.roles,
        vec![
            ColumnRole::Date,
            ColumnRole::Extra,
            ColumnRole::Description,
            ColumnRole::Outcome
        ]
    );
    let m = Mapping::new(&headers(&["Date", "Date", "Details"]), None);
    assert_eq!(
        m.roles,
        vec![ColumnRole::Date, ColumnRole::Extra, ColumnRole::Description]
    );
}

#[test]
fn profile_overrides_and_round_trips() {
    let p = Profile::from_toml(
        "p.toml",
        "[columns]\n\"When logged\" = \"date\"\n\"officer remarks\" = \"description\"\n\"Date\" = \"extra\"\n",
    )
    .unwrap();
    let m = Mapping::new(
        &headers(&["When logged", "Officer Remarks", "Date", "Case officer"]),
        Some(&p),
    );
    assert_eq!(
        m.roles,
        vec![
            ColumnRole::Date,
            ColumnRole::Description,
            ColumnRole::Extra,
            ColumnRole::Extra
        ]
    );
    let back = Profile::from_toml("saved", &m.to_profile().to_toml()).unwrap();
    assert_eq!(back, m.to_profile());
}

#[test]
fn bad_profiles_say_what_is_wrong() {
    let e = Profile::from_toml("p.toml", "[columns]\nDate = \"when\"\n").unwrap_err();
    assert!(e.contains("\"when\" is not a column role"), "{e}");
    let e = Profile::from_toml("p.toml", "[colums]\n").unwrap_err();
    assert!(e.contains("p.toml"), "{e}");
}

#[test]
fn the_ways_agencies_head_a_shared_with_column() {
    for h in [
        "Informed",
        "Agencies notified",
        "Alerted",
        "Passed to",
        "PASSED TO",
        "Passed on to",
        "Information passed to",
        "Referral made to",
        "Rhannwyd gyda / Shared with",
    ] {
        assert_eq!(
            guess_role(h).map(|(r, _)| r),
            Some(ColumnRole::SharedWith),
            "{h}"
        );
    }
}
