//! Tests of reading names from subject columns and comparing them.

use super::super::compare::{first_rel, surname_rel, text_first_rel, FirstRel};
use super::super::dob::{dob_key, dob_year};
use super::super::kin::KinIndex;
use super::super::text::Tokens;
use super::*;

fn parse(s: &str) -> Vec<ColumnItem> {
    let k = KinIndex::new();
    let mut t = Tokens::default();
    parse_column(s, &mut t, &k)
}

fn key(item: &ColumnItem) -> String {
    match item {
        ColumnItem::Person { name, .. } => name.key(),
        ColumnItem::Role(_) => "<role>".into(),
    }
}

#[test]
fn column_entries() {
    let keys = |s| parse(s).iter().map(key).collect::<Vec<_>>();
    assert_eq!(keys("BROOKS, Tyler"), vec!["tyler brooks"]);
    assert_eq!(keys("BROOKS Tyler"), vec!["tyler brooks"]);
    assert_eq!(
        keys("Tyler Brooks; Mia Brooks"),
        vec!["tyler brooks", "mia brooks"]
    );
    assert_eq!(
        keys("Tyler Brooks (and unborn sibling)"),
        vec!["tyler brooks"]
    );
    assert_eq!(keys("T. Brookes"), vec!["t brookes"]);
    assert_eq!(keys("Ms Brooks"), vec!["~f brooks"]);
    assert_eq!(keys("TB"), vec!["#tb"]);
    assert_eq!(keys("Ty"), vec!["ty"]);
    assert_eq!(keys("Mum"), vec!["<role>"]);
    assert_eq!(keys("Tyler & Mia"), vec!["tyler", "mia"]);
    assert_eq!(
        keys("Tyler Brooks, Mia Brooks"),
        vec!["tyler brooks", "mia brooks"]
    );
    assert!(keys("Unknown").is_empty() && keys("").is_empty() && keys("n/a").is_empty());
    assert_eq!(keys("Zoë Climbié"), vec!["zoe climbie"]);
    match &parse("Mia Brooks (7 wks)")[0] {
        ColumnItem::Person { child, .. } => assert_eq!(*child, Some(true)),
        _ => panic!(),
    }
    // An age typed after the name, as a minor injuries unit's patient
    // column writes it: the name alone, and a child.
    for (cell, name, is_child) in [
        ("Millie Kowalczuk 2y", "millie kowalczuk", Some(true)),
        ("Amelia Kowalczyk 1y10m", "amelia kowalczyk", Some(true)),
        ("Leo Hart 4 mths", "leo hart", Some(true)),
        ("Gary Hart 34yrs", "gary hart", Some(false)),
        ("Oskar Kowalczyk", "oskar kowalczyk", None),
        ("Harley TOLLEY (3/52)", "harley tolley", Some(true)),
        ("Chelsey MARR (27/40)", "chelsey marr", Some(false)),
        ("F Okafor (16:40)", "f okafor", None),
    ] {
        let items = parse(cell);
        assert_eq!(
            items.iter().map(key).collect::<Vec<_>>(),
            vec![name],
            "{cell}"
        );
        match &items[0] {
            ColumnItem::Person { child, .. } => assert_eq!(*child, is_child, "{cell}"),
            _ => panic!(),
        }
    }
}

#[test]
fn relations() {
    assert_eq!(
        first_rel("ty", false, "tyler", false),
        Some(FirstRel::Nickname)
    );
    assert_eq!(
        first_rel("millie", false, "amelia", false),
        Some(FirstRel::Nickname)
    );
    assert_eq!(
        first_rel("kayley", false, "kayleigh", false),
        Some(FirstRel::Spelling)
    );
    assert_eq!(
        first_rel("kaleigh", false, "kayleigh", false),
        Some(FirstRel::Spelling)
    );
    assert_eq!(
        first_rel("deano", false, "dean", false),
        Some(FirstRel::Nickname)
    );
    assert_eq!(
        first_rel("t", true, "tyler", false),
        Some(FirstRel::Initial)
    );
    assert_eq!(first_rel("mia", false, "tyler", false), None);
    assert_eq!(first_rel("louis", false, "louise", false), None);
    assert_eq!(first_rel("mia", false, "mila", false), None);
    assert_eq!(surname_rel("brooks", "brookes"), Some(0.8));
    assert_eq!(surname_rel("marsh", "marshall"), None);
    assert_eq!(surname_rel("brooks", "crooks"), None);
    assert_eq!(text_first_rel("deano", "dean"), Some(FirstRel::Nickname));
    assert_eq!(text_first_rel("ty", "tyler"), Some(FirstRel::Nickname));
    assert_eq!(text_first_rel("deana", "dean"), None);
    assert_eq!(
        text_first_rel("millie", "amelia-rose"),
        Some(FirstRel::Nickname)
    );
    assert_eq!(
        text_first_rel("kayley", "kayleigh"),
        Some(FirstRel::Spelling)
    );
}

#[test]
fn dates_of_birth() {
    assert_eq!(dob_key("03/05/2017").as_deref(), Some("2017-05-03"));
    assert_eq!(dob_key("3/5/17").as_deref(), Some("2017-05-03"));
    assert_eq!(dob_key("2017-05-03").as_deref(), Some("2017-05-03"));
    assert_eq!(dob_key("03-May-2017").as_deref(), Some("2017-05-03"));
    assert_eq!(dob_key("30/10/94").as_deref(), Some("1994-10-30"));
    assert_eq!(dob_key("42858").as_deref(), Some("2017-05-03"));
    assert_eq!(dob_key("31/02/2017").as_deref(), Some("?31022017"));
    assert_eq!(dob_key("  "), None);
    assert_eq!(dob_year("2017-05-03"), Some(2017));
}
