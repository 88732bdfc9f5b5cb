//! Tests for splitting lists of names and agencies.

use super::*;

#[test]
fn lists_split_the_way_agencies_write_them() {
    assert_eq!(
        split_list("Tyler Brooks; Mia Brooks"),
        vec!["Tyler Brooks", "Mia Brooks"]
    );
    assert_eq!(
        split_list("Police and School / HV"),
        vec!["Police", "School", "HV"]
    );
    assert_eq!(split_list("  "), Vec::<String>::new());
    assert_eq!(split_list("Andrea Sandler"), vec!["Andrea Sandler"]);
    assert_eq!(split_list("BROOKS, Tyler"), vec!["BROOKS, Tyler"]);
    assert_eq!(
        split_list("BROOKS, Tyler; MARSH, Dean"),
        vec!["BROOKS, Tyler", "MARSH, Dean"]
    );
    assert_eq!(split_list("Tyler, Mia"), vec!["Tyler", "Mia"]);
}

#[test]
fn shared_with_cells_keep_brackets_whole_and_drop_their_dates() {
    assert_eq!(
        split_list(
            "Northfield Children's Services (duty and assessment team) (14/07/2021); Police Child Abuse Investigation Team (14/07/2021)"
        ),
        vec![
            "Northfield Children's Services (duty and assessment team)",
            "Police Child Abuse Investigation Team"
        ]
    );
    assert_eq!(
        split_list("CSC (MASH/EDT), GP 14/07/2021"),
        vec!["CSC (MASH/EDT)", "GP 14/07/2021"]
    );
    assert_eq!(
        split_list("Mia Brooks (DOB 26/07/2021) / Tyler Brooks (3)"),
        vec!["Mia Brooks (DOB 26/07/2021)", "Tyler Brooks (3)"]
    );
}

#[test]
fn lists_with_any_letters_split_without_panicking() {
    assert_eq!(
        split_list("Zoë Fairbairn-Ashworth; Siân (mum’s friend) / Łukasz"),
        vec!["Zoë Fairbairn-Ashworth", "Siân (mum’s friend)", "Łukasz"]
    );
    for s in ["é/", "/é", "(é", "é)", "ü and ö", "½/½", "“;”", ")("] {
        let _ = split_list(s);
    }
}

proptest::proptest! {
    /// Any text at all splits without panicking, and nothing is invented:
    /// every entry's letters come from the text.
    #[test]
    fn any_list_splits_into_parts_of_itself(s in "\\PC{0,60}") {
        for part in split_list(&s) {
            let first = part.chars().next().unwrap();
            proptest::prop_assert!(s.contains(first), "{part:?} from {s:?}");
        }
    }
}

#[test]
fn a_time_cell_in_words_leaves_the_day_and_approx_times_are_approximate() {
    assert_eq!(time_as_written("night"), ("", false));
    assert_eq!(time_as_written(" not known "), ("", false));
    assert_eq!(time_as_written("approx 15:00"), ("15:00", true));
    assert_eq!(time_as_written("c. 9.30pm"), ("9.30pm", true));
    assert_eq!(time_as_written("14:35"), ("14:35", false));
    // A time-shaped mistake is still read, and refused by the reader.
    assert_eq!(time_as_written("25:61"), ("25:61", false));
}
