//! The reviewer's corrections to what was read: a fact added to or removed
//! from a record changes the flags built on it; the correction is audited
//! with the reviewer's name, survives another agency's import, a taxonomy
//! edit and a restart, and undoing it gives back the machine's reading.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::*;

/// Runs `sightline ARGS` as reviewer Jane Doe and insists it succeeds.
fn as_jane(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(args)
        .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
        .env("SIGHTLINE_REVIEWER", "Jane Doe")
        .output()
        .expect("run sightline");
    assert!(
        out.status.success(),
        "sightline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const POLICE: &str = "Date,Details,Outcome\n\
01/03/2023 23:10,\"DA incident at the home address: Mr Dean Shaw assaulted his partner Ms Kara Jones, punching her in the face. Lily Jones (4) was present and crying. DASH medium.\",Shaw arrested.\n";
const CSC: &str = "Date,Details,Outcome\n\
06/03/2023,\"Contact from Ashby Primary School about Lily Jones's attendance (86%). Mother says Lily has been unwell. No other concerns known.\",NFA - threshold not met.\n";
const SCHOOL: &str = "Date,Details,Action\n\
03/03/2023 09:00,\"Lily Jones quiet and withdrawn in class; told TA she was scared at home.\",Logged on CPOMS.\n\
05/03/2023 09:00,\"Lily's attendance 86%; call made to Ashby Children's Social Care front door about attendance.\",\n";
const GP: &str = "Date,Details\n\
10/03/2023,\"Kara Jones seen with facial bruising; says she walked into a door.\"\n";

/// A review of the three agencies' files (and the GP's when `gp`), with the
/// family declared.
fn build(dir: &Path, name: &str, gp: bool) -> std::path::PathBuf {
    let review = dir.join(name);
    let r = review.to_str().unwrap();
    as_jane(&["new", r, "--title", "Corrections"]);
    let mut files = vec![
        ("police.csv", POLICE, "Ashby Police", "police"),
        (
            "csc.csv",
            CSC,
            "Ashby Children's Social Care",
            "childrens_social_care",
        ),
        ("school.csv", SCHOOL, "Ashby Primary School", "school"),
    ];
    if gp {
        files.push(("gp.csv", GP, "Ashby Surgery", "gp"));
    }
    for (file, text, agency, kind) in files {
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        as_jane(&[
            "import",
            r,
            path.to_str().unwrap(),
            "--agency",
            agency,
            "--kind",
            kind,
        ]);
    }
    for (name, role, alias) in [
        ("Lily Jones", "child", "Lily"),
        ("Kara Jones", "parent", "Ms Jones"),
        ("Dean Shaw", "partner", "Mr Shaw"),
    ] {
        as_jane(&["person", "add", r, name, "--role", role, "--alias", alias]);
    }
    review
}

fn flags(r: &str) -> Vec<Value> {
    json(&ok(&["flags", r, "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

/// The record of `agency` whose text starts with `start`.
fn record(r: &str, start: &str) -> String {
    json(&ok(&["records", r, "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["text"].as_str().unwrap().starts_with(start))
        .map(|x| x["id"].as_i64().unwrap().to_string())
        .unwrap_or_else(|| panic!("no record starting {start}"))
}

fn flag_of<'a>(flags: &'a [Value], rule: &str, agency: &str) -> Option<&'a Value> {
    flags.iter().find(|f| {
        f["agency"] == agency
            && (f["rule"] == rule
                || f["also"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x["rule"] == rule)))
    })
}

fn held(flag: &Value, indicator: &str) -> bool {
    flag["held_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["indicator"] == indicator)
}

#[test]
fn a_correction_makes_a_flag_go_and_another_appear_survives_imports_and_edits_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let review = build(dir.path(), "case.sightline", false);
    let r = review.to_str().unwrap();
    let police = record(r, "DA incident");
    let scared = record(r, "Lily Jones quiet");

    // As read: the police's domestic abuse incident never shared; the
    // school's note of a frightened child read as that, not as a disclosure.
    let before = flags(r);
    assert!(flag_of(&before, "never-shared", "Ashby Police").is_some());
    assert!(flag_of(&before, "never-shared", "Ashby Primary School").is_none());
    let reading = json(&ok(&["facts", r, &scared, "--json"]));
    assert!(
        !reading["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"]["indicator"] == "allegation"),
        "{reading}"
    );

    // The reviewer reads the police's log: a phone call to social care the
    // next day. And the child's words to the TA are a disclosure.
    as_jane(&[
        "fact",
        "add",
        r,
        &police,
        "--shared-to",
        "Ashby Children's Social Care",
        "--by",
        "phone",
        "--on",
        "02/03/2023",
        "--reason",
        "Control room log: call to the front door",
    ]);
    as_jane(&[
        "fact",
        "add",
        r,
        &scared,
        "--indicator",
        "allegation",
        "--about",
        "Lily",
        "--reason",
        "Told the TA she was scared at home",
    ]);
    let after = flags(r);
    assert!(
        flag_of(&after, "never-shared", "Ashby Police").is_none(),
        "the shared incident is no longer flagged as never shared"
    );
    let school = flag_of(&after, "never-shared", "Ashby Primary School")
        .expect("the disclosure, never passed on, is flagged");
    assert!(school["explanation"]
        .as_str()
        .unwrap()
        .contains("rests on the reviewer's corrections"));
    assert!(!school["corrections"].as_array().unwrap().is_empty());
    let csc = flag_of(
        &after,
        "decision-without-information",
        "Ashby Children's Social Care",
    )
    .expect("social care's NFA without the school's disclosure");
    assert!(held(csc, "allegation"), "{csc}");

    // What was read, beside what the reviewer changed.
    let reading = json(&ok(&["facts", r, &scared, "--json"]));
    let line = reading["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"]["indicator"] == "allegation")
        .expect("the added indicator is listed");
    assert_eq!(line["read"], false);
    assert_eq!(line["now"], true);
    assert!(
        line["label"].as_str().unwrap().contains("Child A"),
        "{line}"
    );
    let text = ok(&["facts", r, &scared]);
    assert!(
        text.contains("added") && text.contains("Jane Doe"),
        "{text}"
    );

    // Another agency's file comes in, the taxonomy is edited, the review is
    // opened again (every command is a new process): the corrections hold.
    let gp = dir.path().join("gp.csv");
    std::fs::write(&gp, GP).unwrap();
    as_jane(&[
        "import",
        r,
        gp.to_str().unwrap(),
        "--agency",
        "Ashby Surgery",
        "--kind",
        "gp",
    ]);
    let taxonomy = ok(&["taxonomy", r]).replacen(
        "\"emotional abuse\",",
        "\"emotional abuse\", \"scared of going home\",",
        1,
    );
    let edited = dir.path().join("taxonomy.toml");
    std::fs::write(&edited, taxonomy).unwrap();
    as_jane(&["taxonomy", r, "--set", edited.to_str().unwrap()]);
    let held_on = flags(r);
    assert!(flag_of(&held_on, "never-shared", "Ashby Police").is_none());
    assert!(flag_of(&held_on, "never-shared", "Ashby Primary School").is_some());

    // Every change is in the audit log with the reviewer's name.
    let trail = json(&ok(&["audit", r, "--json"]));
    let corrections: Vec<&Value> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "record.correct")
        .collect();
    assert_eq!(corrections.len(), 2);
    assert!(corrections
        .iter()
        .all(|e| e["actor"].as_str().unwrap().starts_with("Jane Doe")));

    // Undoing both gives back the machine's reading: the same flags as a
    // review of the same files that was never corrected.
    let ids: Vec<String> = json(&ok(&["facts", r, &police, "--json"]))["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            json(&ok(&["facts", r, &scared, "--json"]))["corrections"]
                .as_array()
                .unwrap()
                .iter(),
        )
        .map(|c| c["id"].as_i64().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        as_jane(&["fact", "undo", r, id]);
    }
    let plain = build(dir.path(), "plain.sightline", true);
    as_jane(&[
        "taxonomy",
        plain.to_str().unwrap(),
        "--set",
        edited.to_str().unwrap(),
    ]);
    let strip = |flags: Vec<Value>| -> Vec<(String, String)> {
        flags
            .into_iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["explanation"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(strip(flags(r)), strip(flags(plain.to_str().unwrap())));
    let undone = trail_actions(r);
    assert_eq!(
        undone
            .iter()
            .filter(|a| *a == "record.correct_withdraw")
            .count(),
        2
    );
}

fn trail_actions(r: &str) -> Vec<String> {
    json(&ok(&["audit", r, "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_correction_that_does_not_fit_is_refused_and_names_what_would() {
    let dir = tempfile::tempdir().unwrap();
    let review = build(dir.path(), "case.sightline", false);
    let r = review.to_str().unwrap();
    let scared = record(r, "Lily Jones quiet");
    let before = dump(&review);
    let err = fails(&["fact", "add", r, &scared, "--indicator", "alegation"]);
    assert!(
        err.contains("alegation") && err.contains("did you mean allegation"),
        "{err}"
    );
    let err = fails(&["fact", "add", r, &scared, "--shared-to", "Ashby Hospital"]);
    assert!(
        err.contains("Ashby Hospital") && err.contains("Ashby Police"),
        "{err}"
    );
    let err = fails(&["fact", "add", r, &scared, "--about", "Lilly Jonez"]);
    assert!(err.contains("Lilly Jonez"), "{err}");
    let err = fails(&["fact", "add", r, "9999", "--seen", "seen"]);
    assert!(err.contains("9999"), "{err}");
    let err = fails(&[
        "fact",
        "add",
        r,
        &scared,
        "--seen",
        "alone",
        "--decision",
        "nfa",
    ]);
    assert!(err.contains("one fact at a time"), "{err}");
    let err = fails(&["fact", "undo", r, "42"]);
    assert!(err.contains("no correction 42"), "{err}");
    assert_eq!(dump(&review), before, "nothing refused is written");
}

#[test]
fn the_mothers_own_injury_moved_to_her_and_a_meeting_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let review = build(dir.path(), "case.sightline", true);
    let r = review.to_str().unwrap();
    let gp = record(r, "Kara Jones seen");
    // The reviewer says whom the bruising is about, and that the record is
    // not about the child.
    as_jane(&[
        "fact",
        "add",
        r,
        &gp,
        "--indicator",
        "injury",
        "--about",
        "Ms Jones",
    ]);
    as_jane(&["fact", "remove", r, &gp, "--about", "Lily Jones"]);
    let reading = json(&ok(&["facts", r, &gp, "--json"]));
    let lines = reading["facts"].as_array().unwrap();
    let injury = lines
        .iter()
        .find(|f| f["fact"]["indicator"] == "injury")
        .unwrap();
    let label = injury["label"].as_str().unwrap();
    assert!(
        label.contains("about ") && !label.contains("Child A"),
        "{injury}"
    );
    assert!(!lines.iter().any(|f| f["fact"]["fact"] == "about"
        && f["now"] == true
        && f["label"] == "About Child A"));
    // Who knew what follows: the surgery knew of an injury to the mother,
    // not to the child.
    let knowledge = json(&ok(&["knowledge", r, "--json"]));
    let surgery_injuries: Vec<&str> = knowledge
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["agency"] == "Ashby Surgery" && k["indicator"] == "injury")
        .map(|k| k["subject"].as_str().unwrap())
        .collect();
    assert!(!surgery_injuries.is_empty(), "{knowledge}");
    assert!(
        !surgery_injuries.contains(&"Child A"),
        "{surgery_injuries:?}"
    );

    // A meeting the machine did not read, with the GP present.
    let csc = record(r, "Contact from Ashby");
    as_jane(&["fact", "add", r, &csc, "--meeting", "strategy discussion"]);
    as_jane(&["fact", "add", r, &csc, "--attended", "Ashby Surgery"]);
    let reading = json(&ok(&["facts", r, &csc, "--json"]));
    let lines = reading["facts"].as_array().unwrap();
    assert!(lines.iter().any(|f| f["fact"]["fact"] == "meeting"
        && f["fact"]["kind"] == "strategy_discussion"
        && f["now"] == true));
    assert!(lines.iter().any(|f| f["fact"]["fact"] == "attendance"
        && f["fact"]["agency"] == "Ashby Surgery"
        && f["now"] == true));
    // The anonymised flags name nobody through a correction's words.
    let out = dir.path().join("report.pdf");
    as_jane(&["export", r, "--anonymise", "--pdf", out.to_str().unwrap()]);
    let text = pdftotext(&out);
    for name in ["Kara", "Lily", "Dean Shaw"] {
        assert!(!text.contains(name), "{name} in the anonymised report");
    }
}
