//! A chronology whose title block names the child ("Child: Kaycee-Leigh
//! MORROW   DOB: 02/03/2021" above the header) and whose rows do not: every
//! row is about that child, and the block's label and date of birth go
//! with the name. A row that names another person's own injury stays that
//! person's.

mod support;

use support::*;

/// A community health chronology with a title block and no subject column.
fn health_file(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").unwrap();
    let rows: &[&[&str]] = &[
        &["Brackenfield Community Health NHS Trust"],
        &["Agency chronology for Child Safeguarding Practice Review"],
        &["Child: Kaycee-Leigh MORROW   DOB: 02/03/2021   Services: Community Paediatrics"],
        &[],
        &["Date", "Event", "Details", "Outcome / action"],
        &["05/09/2023", "Audiology – WNB", "Not brought to hearing assessment.", "Letter to parent."],
        &["07/11/2023", "Audiology – WNB", "Second appointment, not brought.", "Letter to parent, copy GP."],
        &["12/12/2023", "Paediatrics – WNB", "Not brought. No audiology result on record.", "Letter to parent."],
        &["14/12/2023", "Clinic", "Mum (Shannon MORROW) attended alone with her own cut lip; says she walked into a door.", "Advice given."],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write(r as u32, c as u16, *value).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_title_block_naming_the_child_makes_every_row_about_the_child() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = dir.path().join("community_health.xlsx");
    health_file(&file);
    ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Brackenfield Community Health NHS Trust",
        "--kind",
        "hospital",
    ]);
    // The child is found from the title alone, as a child, with the date
    // of birth the title gives.
    let subjects = ok(&["subjects", r]);
    let child = subjects
        .lines()
        .find(|l| l.contains("Kaycee-Leigh MORROW"))
        .unwrap_or_else(|| panic!("no subject from the title: {subjects}"));
    assert!(child.contains("child"), "{child}");
    assert!(child.contains("02/03/2021"), "{child}");
    // The missed appointments are the child's, not the parent's the
    // outcome names.
    for n in ["1", "3"] {
        let facts = ok(&["facts", r, n]);
        let missed = facts
            .lines()
            .find(|l| l.contains("Missed health appointment"))
            .unwrap_or_else(|| panic!("record {n}: {facts}"));
        assert!(missed.contains("Child A"), "record {n}: {missed}");
        assert!(!missed.contains("Mother"), "record {n}: {missed}");
    }
    // The mother's own injury stays hers: the title says whose file it
    // is, not who each row's clauses are about.
    let facts = ok(&["facts", r, "4"]);
    let injury = facts
        .lines()
        .find(|l| l.contains("Injury"))
        .unwrap_or_else(|| panic!("{facts}"));
    assert!(injury.contains("Mother"), "{injury}");
    assert!(!injury.contains("Child A"), "{injury}");
}
