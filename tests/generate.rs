//! The generator: its files import cleanly, the same seed writes the same
//! bytes, and every planted point is flagged by the analysis.
//!
//! The planted-flag check runs on 10,000 records here; set
//! `SIGHTLINE_GENERATE_RECORDS` to run it at another size (benches/RESULTS.md
//! records the run at 100,000).

mod support;

use std::collections::HashMap;
use std::path::Path;

use sightline::generate::{self, FoundFlag};
use support::*;

fn records() -> usize {
    std::env::var("SIGHTLINE_GENERATE_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn hashes(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_planted_point_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let review = dir.path().join("gen.sightline");
    let n = records().to_string();
    ok(&[
        "generate",
        out.to_str().unwrap(),
        "--records",
        &n,
        "--agencies",
        "9",
        "--seed",
        "7",
        "--review",
        review.to_str().unwrap(),
    ]);
    let manifest = generate::read_manifest(&out).unwrap();
    let expected = generate::read_expected(&out).unwrap();
    assert_eq!(
        manifest.files.iter().map(|f| f.rows).sum::<usize>(),
        records()
    );
    let formats: Vec<&str> = manifest.files.iter().map(|f| f.format.as_str()).collect();
    for f in ["csv", "xlsx", "docx", "json"] {
        assert!(formats.contains(&f), "no {f} file in {formats:?}");
    }
    // Every rule has a planted point.
    let mut rules: Vec<&str> = expected.iter().map(|e| e.rule.as_str()).collect();
    rules.sort();
    rules.dedup();
    assert_eq!(rules.len(), 9, "{rules:?}");

    // Every row was imported.
    let summary = ok(&["records", review.to_str().unwrap(), "--json"]);
    assert_eq!(json(&summary).as_array().unwrap().len(), records());

    // The app's timeline index lists the records in the merged order the
    // analysis and the report use, across nine files in six layouts.
    {
        let opened = sightline::Review::open(
            &review,
            &sightline::store::Protection::Passphrase(PASSPHRASE.into()),
        )
        .unwrap();
        let index = sightline::timeline::window::TimelineIndex::build(&opened).unwrap();
        let analysis = sightline::analysis::Analysis::for_review(&opened).unwrap();
        let merged: Vec<i64> = analysis.records.iter().map(|r| r.id).collect();
        assert_eq!(index.page(None, 0, usize::MAX).1, merged);
    }

    let subjects = json(&ok(&["subjects", review.to_str().unwrap(), "--json"]));
    let names: HashMap<String, Vec<String>> = subjects
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_string(),
                s["names"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let flags = json(&ok(&["flags", review.to_str().unwrap(), "--json"]));
    let found: Vec<FoundFlag> = flags
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let subject = f["subject"].as_str().unwrap();
            let names: Vec<String> = subject
                .split(", ")
                .flat_map(|p| p.split(" and "))
                .flat_map(|label| names.get(label).cloned().unwrap_or_default())
                .collect();
            // Every rule that raised it: several rules on one decision make
            // one flag.
            let mut rules = vec![f["rule"].as_str().unwrap().to_string()];
            for r in f["also"].as_array().into_iter().flatten() {
                rules.push(r["rule"].as_str().unwrap().to_string());
            }
            rules.into_iter().map(move |rule| FoundFlag {
                rule,
                agency: f["agency"].as_str().unwrap().to_string(),
                date: f["at"].as_str().unwrap().chars().take(10).collect(),
                names: names.clone(),
            })
        })
        .collect();
    let missing = generate::missing(&expected, &found);
    assert!(
        missing.is_empty(),
        "{} of {} planted flags not raised: {missing:#?}",
        missing.len(),
        expected.len()
    );
}

#[test]
fn the_same_seed_writes_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    for (d, seed) in [(&a, "3"), (&b, "3"), (&c, "4")] {
        ok(&[
            "generate",
            d.to_str().unwrap(),
            "--records",
            "2000",
            "--agencies",
            "12",
            "--seed",
            seed,
        ]);
    }
    assert_eq!(hashes(&a), hashes(&b));
    assert_ne!(hashes(&a), hashes(&c));
}

#[test]
fn fewer_than_six_agencies_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(&[
        "generate",
        dir.path().join("g").to_str().unwrap(),
        "--agencies",
        "5",
    ]);
    assert!(err.contains("at least 6"), "{err}");
}
