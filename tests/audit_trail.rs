//! Who did it: every change to a review is in its audit log with the name
//! of the reviewer who made it (SIGHTLINE_REVIEWER, or asked at the
//! terminal) beside the operating-system user, and `sightline audit`
//! lists the trail.

mod support;

use std::process::{Command, Output};

use support::*;

/// Runs `sightline ARGS` as `reviewer` (None: no name given).
fn as_reviewer(reviewer: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sightline"));
    cmd.args(args)
        .env("SIGHTLINE_PASSPHRASE", PASSPHRASE)
        .env_remove("SIGHTLINE_REVIEWER");
    if let Some(name) = reviewer {
        cmd.env("SIGHTLINE_REVIEWER", name);
    }
    let out = cmd.output().expect("run sightline");
    assert!(
        out.status.success(),
        "sightline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn every_change_records_the_reviewer_and_the_trail_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("case.sightline");
    let r = review.to_str().unwrap();
    let csv = dir.path().join("school.csv");
    std::fs::write(
        &csv,
        "Date,Details\n01/02/2021,Bruise to Tyler's cheek seen in class; DSL informed.\n",
    )
    .unwrap();

    as_reviewer(Some("  Jane   Doe "), &["new", r, "--title", "Audit"]);
    as_reviewer(
        Some("Jane Doe"),
        &[
            "import",
            r,
            csv.to_str().unwrap(),
            "--agency",
            "Oakfield School",
        ],
    );
    as_reviewer(
        Some("Sam Patel"),
        &["glossary", "add", r, "Jade Okafor", "SW1"],
    );
    // No name given (a script with no terminal): the user alone.
    as_reviewer(None, &["glossary", "add", r, "Priya Nair", "SW2"]);
    // Reading changes nothing, so asks nothing and logs nothing.
    as_reviewer(Some("Someone Else"), &["flags", r]);

    let trail =
        json(&String::from_utf8(as_reviewer(None, &["audit", r, "--json"]).stdout).unwrap());
    let trail = trail.as_array().unwrap();
    let rows: Vec<(String, String)> = trail
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert_eq!(rows[0].0, "review.create");
    assert!(rows[0].1.starts_with("Jane Doe (user "), "{rows:#?}");
    assert_eq!(rows[1].0, "import");
    assert!(rows[1].1.starts_with("Jane Doe (user "), "{rows:#?}");
    assert!(rows[2].0.starts_with("glossary"), "{rows:#?}");
    assert!(rows[2].1.starts_with("Sam Patel (user "), "{rows:#?}");
    assert!(!rows[3].1.contains("(user "), "{rows:#?}");
    assert!(rows.iter().all(|(_, who)| !who.contains("Someone Else")));

    // The plain listing names them too, oldest first.
    let text = String::from_utf8(as_reviewer(None, &["audit", r]).stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("review.create") && first.contains("Jane Doe"),
        "{text}"
    );
    assert!(text.contains("Sam Patel"), "{text}");

    // The names are part of the hash chain.
    ok(&["verify", r]);
}

#[test]
fn a_reviewer_name_with_control_characters_is_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("case.sightline");
    let r = review.to_str().unwrap();
    as_reviewer(Some("Jane\u{1b}[2J Doe"), &["new", r]);
    let trail =
        json(&String::from_utf8(as_reviewer(None, &["audit", r, "--json"]).stdout).unwrap());
    let actor = trail[0]["actor"].as_str().unwrap();
    assert!(!actor.contains('\u{1b}'), "{actor:?}");
    assert!(!actor.contains("Jane"), "{actor:?}");
}
