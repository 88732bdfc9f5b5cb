//! Anonymisation tests: whole words, longest names first, possessives,
//! accents, and the forms derived from glossary names.

use super::*;
use crate::store::GlossaryKind;

fn anon(pairs: &[(&str, &str)]) -> Anonymiser {
    Anonymiser::new(pairs.iter().copied()).expect("compiles")
}

#[test]
fn longest_first_whole_words_possessives() {
    let a = anon(&[
        ("Tyler", "Child A"),
        ("Tyler Brooks", "Child A"),
        ("Ty", "Child A"),
        ("Brooks", "Mother"),
        ("Dean", "Partner"),
    ]);
    assert_eq!(a.apply("Tyler Brooks seen"), "Child A seen");
    assert_eq!(a.apply("BROOKS, Tyler seen"), "Child A seen");
    assert_eq!(a.apply("Tyler\n  Brooks"), "Child A");
    assert_eq!(
        a.apply("Tyler's coat and Tyler’s hat"),
        "Child A's coat and Child A’s hat"
    );
    assert_eq!(a.apply("Brooks' flat"), "Mother's flat");
    assert_eq!(a.apply("'Brooks' said"), "'Mother' said");
    assert_eq!(a.apply("typical Deanery Ty"), "typical Deanery Child A");
    let only_full = anon(&[("Tyler Brooks", "Child A")]);
    assert_eq!(only_full.apply("Ms Brooks, Tyler"), "Ms Brooks, Tyler");
    assert_eq!(
        only_full.apply("Dr BROOKS, Tyler; BROOKS, Tyler"),
        "Dr BROOKS, Tyler; Child A"
    );
}

#[test]
fn accents_and_bytes() {
    let a = anon(&[("Zoë Fenwick", "GP1"), ("Climbié", "Child V")]);
    assert_eq!(a.apply("ZOE FENWICK and Zoe\u{308} Fenwick"), "GP1 and GP1");
    assert_eq!(
        a.apply("Victoria Climbie, CLIMBIÉ"),
        "Victoria Child V, Child V"
    );
    assert_eq!(a.apply("ß İ ﬁ"), "ß İ ﬁ");
}

#[test]
fn glossary_forms() {
    let mut b = AnonymiserBuilder::new();
    b.glossary("DS 409 Nathan Cole", "DS1", GlossaryKind::Professional);
    b.glossary("Ward", "Place1", GlossaryKind::Place);
    let a = b.build().expect("compiles");
    assert_eq!(
        a.apply("DS 409 N. COLE; DS COLE; Nathan Cole's note; Cole St"),
        "DS1; DS1; DS1's note; Cole St"
    );
}

/// A glossary surname after a title with initials between ("Mr G Vance",
/// "Dr J.R. Greaves") is replaced with the initials; the surname alone
/// elsewhere is not.
#[test]
fn a_glossary_surname_after_a_title_and_initials() {
    let mut b = AnonymiserBuilder::new();
    b.glossary("Mr Vance", "Coach1", GlossaryKind::Professional);
    b.glossary("Dr Greaves", "GP1", GlossaryKind::Professional);
    let a = b.build().expect("compiles");
    assert_eq!(
        a.apply("Mr G Vance, Mr G. Vance, Dr J.R. Greaves; Vance Road; Mr Vance"),
        "Coach1, Coach1, GP1; Vance Road; Coach1"
    );
}

#[test]
fn names_in_file_names() {
    let a = anon(&[("Alfie Hughes", "Child A"), ("Alfie", "Child A")]);
    assert_eq!(
        a.apply("HV_record_Alfie_Hughes.docx; GP_records_Alfie.csv"),
        "HV_record_Child A.docx; GP_records_Child A.csv"
    );
}

/// A capital initial run on to a name in a file name ("extract_AvaB.txt")
/// leaves the name replaced; capitals inside a name ("McDONAGH") do not
/// split it, in a file name or out of one.
#[test]
fn a_name_with_an_initial_run_on_in_a_file_name() {
    let a = anon(&[
        ("Ava Brennan", "Child A"),
        ("Ava", "Child A"),
        ("Bridget McDONAGH", "Mother"),
        ("McDONAGH", "Mother"),
    ]);
    assert_eq!(
        a.apply("HV_SystmOne_extract_AvaB.txt; site_McDONAGH_notes.docx; pitch 9 (McDonagh); AvaB"),
        "HV_SystmOne_extract_Child AB.txt; site_Mother_notes.docx; pitch 9 (Mother); AvaB"
    );
}

/// Names run together in a file name ("log_CerysHarries.csv",
/// "record_IvyAldredMottram.docx") are replaced, and a name with a capital
/// inside it ("McDonagh_notes.docx") is still found whole.
#[test]
fn names_run_together_in_a_file_name() {
    let a = anon(&[
        ("Cerys Harries", "Child B"),
        ("Cerys", "Child B"),
        ("Harries", "Child B"),
        ("Ivy Mottram", "Child A"),
        ("Ivy", "Child A"),
        ("Mottram", "Father"),
        ("Aldred", "Mother"),
        ("Bridget McDonagh", "Mother"),
        ("McDonagh", "Mother"),
    ]);
    let out = a.apply(
        "Glanymor_concerns_log_CerysHarries.csv; HV_record_IvyAldredMottram.docx; site_McDonagh_notes.docx",
    );
    for name in [
        "Cerys", "Harries", "Ivy", "Aldred", "Mottram", "McDonagh", "Donagh",
    ] {
        assert!(!out.contains(name), "{name} in {out}");
    }
    assert!(out.contains("site_Mother_notes.docx"), "{out}");
    // A code already written is not read again: a sibling declared as
    // "Child C" leaves "Child A" as it is.
    let a = anon(&[
        ("Ellie", "Child A"),
        ("Child C", "Child B"),
        ("C", "Child B"),
    ]);
    assert_eq!(
        a.apply("Ellie seen. HV_record_EllieButler.docx"),
        "Child A seen. HV_record_Child A.docx"
    );
}

/// A name run on from initials in a file name ("log_KFarrell.csv") is
/// replaced too; a capitalised word after capitals that is no name stays.
#[test]
fn a_name_run_on_from_initials_in_a_file_name() {
    let a = anon(&[("Kieran Farrell", "Child A"), ("Farrell", "Child A")]);
    assert_eq!(
        a.apply("Ashgrove_Academy_log_KFarrell.csv, row 12"),
        "Ashgrove_Academy_log_K_Child A.csv, row 12"
    );
    assert_eq!(
        a.apply("NHSEngland report; McDonald"),
        "NHSEngland report; McDonald"
    );
    // In capitals too ("Contacts_KFARRELL.csv"); capitals that are no name
    // stay ("CAMHS", "NHSE").
    assert_eq!(
        a.apply("YJS_Contacts_KFARRELL.csv; CAMHS; NHSE"),
        "YJS_Contacts_K_Child A.csv; CAMHS; NHSE"
    );
    // A short alias after capitals is an acronym's end, not a name.
    let b = anon(&[("Tyler Brooks", "Child A"), ("Ty", "Child A")]);
    assert_eq!(b.apply("YDTY\n"), "YDTY\n");
}

#[test]
fn an_unknown_surname_after_a_one_word_name_goes_with_it() {
    let a = anon(&[("Logan", "Child A"), ("Stacey", "Mother")]);
    assert_eq!(
        a.apply("Review: Logan Mwangi (Bridgend). Stacey ATKINSON's flat."),
        "Review: Child A (Bridgend). Mother's flat."
    );
    // Not a common word, a rank, a role or a lower-case word.
    assert_eq!(
        a.apply("Logan Police attended; Logan SW visited; Logan was seen; Logan Mum"),
        "Child A Police attended; Child A SW visited; Child A was seen; Child A Mum"
    );
    // Nor a word run into another script, nor mixed case.
    assert_eq!(a.apply("Logan McDonald"), "Child A McDonald");
}

/// Names hidden by what a keyboard or a system slips in: a soft hyphen,
/// a zero-width space or joiner, a non-breaking hyphen, a direction mark;
/// a hyphen or apostrophe left out or turned into a space; a family's
/// plural possessive; a name in a file name.
#[test]
fn names_are_found_through_invisible_characters_and_other_spellings() {
    let a = anon(&[
        ("Anne-Marie O'Neill", "Mother"),
        ("O'Neill", "Mother"),
        ("Zoë", "Child A"),
    ]);
    for text in [
        "Anne\u{00ad}-Marie O'Neill seen",
        "Anne-Marie O'Ne\u{200b}ill seen",
        "Anne\u{2011}Marie O\u{2019}Neill seen",
        "Anne-Marie O'Neill\u{200d} seen",
        "Anne Marie O Neill seen",
        "Annemarie ONeill seen",
        "Zo\u{202e}ë seen",
    ] {
        let out = a.apply(text);
        assert!(
            !out.to_lowercase().contains("neill") && !out.contains("Zo"),
            "{text:?} → {out:?}"
        );
    }
    assert_eq!(a.apply("the O'Neills' flat"), "the Mother's flat");
    assert_eq!(
        a.apply("oneill_family_police.csv"),
        "Mother_family_police.csv"
    );
}

/// A subject's one-word alias that is also an ordinary word is replaced
/// only where it is written as a name.
#[test]
fn an_alias_that_is_an_ordinary_word_is_replaced_only_as_a_name() {
    let a = anon(&[("Mark", "Father"), ("Will", "Mother's partner")]);
    assert_eq!(
        a.apply("a red mark on her cheek; Mark will call"),
        "a red mark on her cheek; Father will call"
    );
    assert_eq!(
        a.apply("Will said he would"),
        "Mother's partner said he would"
    );
}

/// Initials of a declared name, as records write them.
#[test]
fn a_names_initials_are_replaced_too() {
    let a = anon(&[
        ("Anne-Marie O'Neill", "Mother"),
        ("Zoë O'Neill", "Child A"),
        ("Jack Brown", "Father"),
    ]);
    assert_eq!(
        a.apply("AMO'N seen; Z.O'N. at school"),
        "Mother seen; Child A. at school"
    );
    assert_eq!(a.apply("AMON and Z. O'N."), "Mother and Child A.");
    assert_eq!(a.apply("J.B. present"), "Father. present");
    // Two letters run together are left: "am" is a word.
    assert_eq!(a.apply("I am here; JB"), "I am here; JB");
}

#[test]
fn initials_that_spell_a_word_are_left() {
    let a = anon(&[("Ann Nicole Dean", "Mother")]);
    assert_eq!(a.apply("mum and dad"), "mum and dad");
}

/// A word that is no name stays as it is, whatever its capitals.
#[test]
fn capitals_run_together_are_no_name() {
    let a = anon(&[
        ("Tyler Brooks", "Child A"),
        ("Ty", "Child A"),
        ("T. Brooks", "Child A"),
    ]);
    assert_eq!(a.apply("TYYko"), "TYYko");
}
