//! Everything an agency wrote reaches the analysis and the merged
//! chronology: a second or third column of running text ("Assessment /
//! findings", "Safeguarding") is joined to the description under its
//! header, and a cell that says "As above" stands for the one above it,
//! while the original cells keep exactly what was written. A case-note
//! print saved as text, with no table at all, is read by its dated blocks.

mod support;

use support::*;

const HOSPITAL: &str = "\
Attendance date,Arrival time,Presenting complaint,Assessment / findings,Safeguarding,Communicated to,Clinician
02/07/2023,03:10,\"Not moving R leg, crying\",\"Ruby 5 months, brought by mum. X-ray: spiral fracture R femur. Non-mobile infant, injury unexplained.\",\"Paeds reg phoned MASH and police 04:00. Referral sent 04:30.\",\"Harwick MASH and Harwick Police by phone 04:00\",Dr Sana Qureshi
03/07/2023,10:00,CP medical,\"Consultant CP medical: fading bruise L ear pinna, two healing rib fractures on skeletal survey.\",\"Strategy discussion attended by consultant paediatrician.\",As above,Dr Alan Beck
";

#[test]
fn further_columns_of_running_text_are_read_and_as_above_repeats_the_cell_above() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = dir.path().join("hospital.csv");
    std::fs::write(&file, HOSPITAL).unwrap();
    ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Harwick Hospitals",
        "--kind",
        "hospital",
    ]);
    let records = json(&ok(&["records", r, "--json"]));
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 2);

    let first = records[0]["text"].as_str().unwrap();
    assert!(first.starts_with("Not moving R leg, crying. "), "{first}");
    assert!(
        first.contains("Assessment / findings: Ruby 5 months, brought by mum."),
        "{first}"
    );
    assert!(
        first.contains("Safeguarding: Paeds reg phoned MASH and police 04:00."),
        "{first}"
    );

    // "As above" in the second row is the first row's value...
    let shared = |i: usize| -> Vec<String> {
        records[i]["shared_with"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert!(!shared(0).is_empty(), "{:?}", records[0]);
    assert_eq!(shared(1), shared(0));
    // ...while the original cells keep what was written.
    let original = records[1]["original"].as_array().unwrap();
    let communicated = original
        .iter()
        .find(|c| c["column"] == "Communicated to")
        .unwrap();
    assert_eq!(communicated["value"], "As above");

    // The analysis reads the joined text: the injury and the call to the
    // police are both seen in the first record.
    let id = records[0]["id"].as_i64().unwrap().to_string();
    let record = json(&ok(&["record", r, &id]));
    let indicators: Vec<&str> = record["facts"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert!(indicators.contains(&"injury"), "{indicators:?}");
    assert!(
        !record["facts"]["sharing"].as_array().unwrap().is_empty(),
        "{record}"
    );
}

const CASE_NOTES: &str = "\
HARWICK COUNCIL - CHILDREN'S SOCIAL CARE
Mosaic case notes - printed extract
Person: Ruby PRICE   Printed by: QA Team, 24/06/2024
------------------------------------------------------------

02/07/2023  CONTACT  (MASH - L Bagnall, SW)
Call from Harwick Hospitals: Ruby 5 months, spiral fracture R femur,
injury unexplained. Strategy discussion today.

03/07/2023  STRATEGY DISCUSSION  (chair TM S Cartlidge)
Attended: police, hospital, HV. S47 agreed.
Outcome: ICPC within 15 working days.

05/07/2023  HOME VISIT
Ruby seen with mother and maternal grandmother.
";

#[test]
fn a_case_note_print_saved_as_text_is_read_by_its_dated_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let file = dir.path().join("Harwick_CSC_casenotes_PRICE.txt");
    std::fs::write(&file, CASE_NOTES).unwrap();
    ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Harwick Children's Social Care",
        "--kind",
        "childrens_social_care",
    ]);
    let records = json(&ok(&["records", r, "--json"]));
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 3, "{records:#?}");
    assert!(records[0]["when"]["start"]
        .as_str()
        .unwrap()
        .starts_with("2023-07-02"));
    let text = records[0]["text"].as_str().unwrap();
    assert!(
        text.contains("spiral fracture R femur, injury unexplained."),
        "{text}"
    );
    // Where each entry is found in the file: the line it starts on.
    assert_eq!(records[1]["source"]["row"], 10);
}
