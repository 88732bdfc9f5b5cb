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

fn grid_row(number: usize, cells: &[&str]) -> table::GridRow {
    table::GridRow {
        number,
        cells: cells.iter().map(|c| table::Cell::text(*c)).collect(),
    }
}

/// A table drawn in text whose note wraps onto the lines below: the lines
/// with no date join the dated line above, cell by cell; rules drawn between
/// rows go; a line with no date after a blank line stays a row of its own.
#[test]
fn wrapped_lines_of_a_text_table_join_their_entry() {
    let rows: Vec<Result<table::GridRow, table::ReadError>> = vec![
        Ok(grid_row(5, &["", "------", "-----", ""])),
        Ok(grid_row(
            6,
            &["", "21/10/2023", "HV seen. Mum says the bruise was", ""],
        )),
        Ok(grid_row(7, &["", "", "from the sofa.", ""])),
        Ok(grid_row(8, &["", "", "NFA.", ""])),
        Ok(grid_row(9, &["", "05/11/2023", "Case closed.", ""])),
        Ok(grid_row(10, &["", "", "", ""])),
        Ok(grid_row(11, &["", "", "Undated note.", ""])),
    ];
    let joined: Vec<table::GridRow> = join_wrapped(Box::new(rows.into_iter()), 1)
        .map(|r| r.expect("a row"))
        .collect();
    let seen: Vec<(usize, &str)> = joined
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| (r.number, r.cells[2].text.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (6, "HV seen. Mum says the bruise was from the sofa. NFA."),
            (9, "Case closed."),
            (11, "Undated note."),
        ]
    );
}
