//! Everything an agency wrote reaches the analysis and the merged
//! chronology: a second or third column of running text ("Assessment /
//! findings", "Safeguarding") is joined to the description under its
//! header, and a cell that says "As above" stands for the one above it,
//! while the original cells keep exactly what was written.

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
